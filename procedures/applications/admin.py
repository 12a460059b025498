from django.contrib import admin

from procedures.readonly_admin import ReadOnlyAdmin

from .models import Application, ApplicationEvent


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
