from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from . import services
from .models import (
    Agency,
    ApplicantProfile,
    Application,
    ApplicationEvent,
    Office,
    OfficeClosure,
    OfficerProfile,
    User,
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
    list_display = ["code", "name", "level", "email"]
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
        for agency in queryset.filter(confirmed_at__isnull=True):
            services.confirm_agency(agency=agency, officer=request.user)
        self.message_user(request, "Instansi dikonfirmasi; pengajuannya masuk antrean.")


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "position"]
    search_fields = ["user__email", "agency__name"]
    autocomplete_fields = ["user", "agency"]


@admin.register(OfficerProfile)
class OfficerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "nip"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ["at", "kind", "from_state", "to_state", "actor", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: states change only through the procedure's services."""

    list_display = ["reference", "title", "agency", "office", "state", "due_on"]
    list_filter = ["state", "office", "channel"]
    search_fields = ["reference", "title", "agency__name"]
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
