from django.contrib import admin

from procedures.readonly_admin import ReadOnlyAdmin

from .models import SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    """Read-only: a response is written only by `services.record_response`."""

    list_display = ["application", "office", "answered_at", "channel", "entered_by"]
    list_filter = ["office", "channel"]
    search_fields = ["application__reference"]
    date_hierarchy = "answered_at"
