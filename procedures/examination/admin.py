from django.contrib import admin, messages

from procedures.organisations import permissions as organisation_permissions
from procedures.organisations.models import Agency

from . import services


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
            answer = organisation_permissions.can_confirm_agency(request.user, agency)
            if not answer:
                self.message_user(request, f"{agency}: {answer.reason}", messages.ERROR)
                continue
            services.confirm_agency(agency=agency, officer=request.user)
            self.message_user(request, f"{agency}: dikonfirmasi; pengajuannya masuk antrean.")
