from django.contrib import admin

from procedures.readonly_admin import ReadOnlyAdmin

from .models import Complaint, ComplaintUpdate


class ComplaintUpdateInline(admin.TabularInline):
    model = ComplaintUpdate
    fields = ["at", "kind", "from_status", "to_status", "actor", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    """Read-only: only the officers' screens (complaints.services) change a complaint."""

    list_display = ["ticket_number", "office", "received_at", "status", "assigned_to", "closed_at"]
    list_filter = ["status", "office"]
    search_fields = ["ticket_number", "complainant_email", "complainant_name"]
    inlines = [ComplaintUpdateInline]
