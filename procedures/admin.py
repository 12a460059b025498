from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from . import notifications, permissions, services
from .models import (
    Agency,
    AgencyEvent,
    ApplicantProfile,
    Application,
    ApplicationEvent,
    Letter,
    MembershipRequest,
    Notification,
    NotificationState,
    Office,
    OfficeClosure,
    OfficerProfile,
    User,
    WalidataProfile,
)


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class EmailUserAdmin(UserAdmin):
    add_form = EmailUserCreationForm
    form = EmailUserChangeForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profil", {"fields": ("first_name", "last_name")}),
        ("Hak akses", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Waktu", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )


class OfficeClosureInline(admin.TabularInline):
    model = OfficeClosure
    extra = 1


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "level",
        "email",
        "letter_numbering",
        "allow_self_sign",
        "walidata_required",
    ]
    list_filter = ["letter_numbering"]
    search_fields = ["code", "name"]
    inlines = [OfficeClosureInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "region_name", "office", "confirmed_at"]
    list_filter = ["level", "office", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "region_name"]
    readonly_fields = ["confirmed_at", "confirmed_by", "proposed_by"]
    actions = ["confirm"]

    @admin.action(description="Konfirmasi instansi yang dipilih")
    def confirm(self, request, queryset):
        """Obeys the same rule as the site: only an examiner or office admin of
        the agency's own office confirms it; every refusal is reported."""
        for agency in queryset:
            answer = permissions.can_confirm_agency(request.user, agency)
            if not answer:
                self.message_user(request, f"{agency}: {answer.reason}", messages.ERROR)
                continue
            services.confirm_agency(agency=agency, officer=request.user)
            self.message_user(request, f"{agency}: dikonfirmasi; pengajuannya masuk antrean.")


@admin.register(OfficerProfile)
class OfficerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "nip", "position", "reads_offices_below"]
    list_filter = ["office"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


@admin.register(WalidataProfile)
class WalidataProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "region_code", "institution"]
    search_fields = ["user__email", "region_code"]
    autocomplete_fields = ["user"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only the procedure's services write."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["number", "issued_on", "office", "verdict", "signatory_name"]
    list_filter = ["office", "verdict", "year"]
    search_fields = ["number", "application__reference", "application__title"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Every e-mail with its state: failed sends are visible here and can be retried."""

    list_display = ["created_at", "kind", "subject", "state", "attempts", "next_attempt_at"]
    list_filter = ["state", "kind"]
    search_fields = ["subject", "recipients"]
    readonly_fields = [
        "kind",
        "application",
        "recipients",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "last_error",
        "created_at",
        "sent_at",
        "body_text",
    ]
    fields = readonly_fields
    actions = ["send_now"]

    @admin.action(description="Kirim ulang sekarang")
    def send_now(self, request, queryset):
        # Claimed like every other sender: a message being sent, already sent or
        # permanently failed is skipped, never sent twice.
        selected = list(queryset.values_list("pk", flat=True))
        results = notifications.send_now(selected)
        sent = sum(1 for n in results if n.state == NotificationState.SENT)
        message = f"{sent} dari {len(selected)} e-mail terkirim."
        if len(results) < len(selected):
            message += (
                f" {len(selected) - len(results)} dilewati: sudah terkirim, gagal permanen,"
                " atau sedang dikirim proses lain."
            )
        self.message_user(request, message)


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ["at", "kind", "from_state", "to_state", "actor", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """Read-only: states change only through the procedure's services."""

    list_display = ["reference", "title", "agency", "office", "state", "due_on"]
    list_filter = ["state", "office", "channel"]
    search_fields = ["reference", "title", "agency__name"]
    inlines = [EventInline]


# Memberships change only through the services (request, approval, removal),
# which write the agency's audit trail; the admin reads them.
@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(ReadOnlyAdmin):
    list_display = ["user", "agency", "position"]
    search_fields = ["user__email", "agency__name"]


@admin.register(MembershipRequest)
class MembershipRequestAdmin(ReadOnlyAdmin):
    list_display = ["user", "agency", "state", "created_at", "decided_by", "decided_at"]
    list_filter = ["state"]
    search_fields = ["user__email", "agency__name"]


@admin.register(AgencyEvent)
class AgencyEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "agency", "kind", "member", "actor"]
    list_filter = ["kind"]
    search_fields = ["agency__name", "member__email", "actor__email"]
