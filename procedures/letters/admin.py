from django.contrib import admin

from procedures.readonly_admin import ReadOnlyAdmin

from .models import Letter


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["number", "issued_on", "office", "verdict", "signatory_name"]
    list_filter = ["office", "verdict", "year"]
    search_fields = ["number", "application__reference", "application__title"]
