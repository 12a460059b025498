"""The admin of offices, officers and memberships. Agencies are registered by
`procedures.examination.admin`: confirming one also releases its waiting
applications, which is the examination's use case."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from procedures.readonly_admin import ReadOnlyAdmin

from .models import (
    AgencyEvent,
    ApplicantProfile,
    MembershipRequest,
    Office,
    OfficeClosure,
    OfficerProfile,
    WalidataProfile,
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
    list_display = ["user", "office", "nip", "position", "reads_offices_below"]
    list_filter = ["office"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


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
