"""The admin of offices, officers and memberships. Agencies are registered by
`procedures.examination.admin`: confirming one also releases its waiting
applications, which is the examination's use case."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from procedures.accounts.admin import EmailUserAdmin
from procedures.accounts.models import User
from procedures.readonly_admin import ReadOnlyAdmin

from .forms import GroupsByRoleLabelField
from .models import (
    AgencyEvent,
    ApplicantProfile,
    MembershipRequest,
    Office,
    OfficeClosure,
    OfficerProfile,
    WalidataProfile,
)
from .roles import Role, role_label

# Officer roles are groups named by `Role` codes (the stable identifiers); every
# admin screen shows their Indonesian labels instead. The user admin is
# `procedures.accounts`' own, extended here because the roles belong to this app.


class RoleFilter(admin.SimpleListFilter):
    title = _("peran")
    parameter_name = "peran"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value() in Role.values:
            return queryset.filter(**{f"{self.user_path}groups__name": self.value()})
        return queryset

    user_path = ""


class OfficerRoleFilter(RoleFilter):
    user_path = "user__"


def role_labels(user: User) -> str:
    # Reads the prefetched groups (see get_queryset), one query per page, not per row.
    return ", ".join(
        sorted(role_label(group.name) for group in user.groups.all() if group.name in Role.values)
    )


admin.site.unregister(User)


@admin.register(User)
class UserWithRolesAdmin(EmailUserAdmin):
    list_display = [*EmailUserAdmin.list_display, "roles"]
    list_filter = [RoleFilter, "is_staff", "is_superuser", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("Peran"))
    def roles(self, user: User) -> str:
        return role_labels(user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["form_class"] = GroupsByRoleLabelField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    list_display = ["label"]

    @admin.display(description=_("Nama"), ordering="name")
    def label(self, group: Group) -> str:
        return role_label(group.name)

    def get_readonly_fields(self, request, obj=None):
        # Renaming a role group would silently take the role from everyone in it.
        if obj is not None and obj.name in Role.values:
            return ["name"]
        return []


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
    # Set by publishing the office's service standard page, so the page and the
    # clock never disagree.
    readonly_fields = ["service_working_days"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "name",
                    "level",
                    "parent",
                    "address",
                    "postal_code",
                    "phone",
                    "email",
                    "website",
                    "head_name",
                    "head_nip",
                ]
            },
        ),
        (
            _("Surat dan alur"),
            {
                "fields": [
                    "letter_number_template",
                    "letter_numbering",
                    "allow_self_sign",
                    "walidata_required",
                    "service_working_days",
                ]
            },
        ),
        (
            _("Antrean tanpa diam: pengingat dan eskalasi (hari kerja)"),
            {
                "fields": [
                    "walidata_reminder_working_days",
                    "parent_alert_working_days",
                    "take_escalation_working_days",
                    "due_escalation_working_days",
                ]
            },
        ),
    ]


@admin.register(OfficerProfile)
class OfficerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "nip", "position", "roles", "reads_offices_below"]
    list_filter = ["office", OfficerRoleFilter]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("user__groups")

    @admin.display(description=_("Peran"))
    def roles(self, officer: OfficerProfile) -> str:
        return role_labels(officer.user)


@admin.register(WalidataProfile)
class WalidataProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "region_code", "institution"]
    search_fields = ["user__email", "region_code"]
    autocomplete_fields = ["user"]


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
