"""The editors' listing of complaints in the CMS (Wagtail's form submissions) and
its CSV/XLSX exports: the ticket number is a column, and the time a complaint was
received is shown in WIB whatever time zone the editor's account prefers."""

import zoneinfo

from django.conf import settings
from django.utils import formats
from wagtail.contrib.forms.views import SubmissionsListView

SUBMIT_TIME = "submit_time"
TICKET_NUMBER = "ticket_number"


def as_wib(moment):
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))


def wib_label(moment) -> str:
    """As the listing shows it: "4 Mei 2026, 14.03 WIB"."""
    if moment is None:
        return ""
    return f"{formats.date_format(as_wib(moment), 'j F Y, H.i')} WIB"


class ComplaintSubmissionsListView(SubmissionsListView):
    orderable_fields = ("id", SUBMIT_TIME, TICKET_NUMBER)
    # Wagtail writes an aware time as UTC (naive in XLSX, "+00:00" text in CSV);
    # the heading says WIB and the cells are WIB.
    custom_field_preprocess = {
        SUBMIT_TIME: {
            SubmissionsListView.FORMAT_CSV: lambda moment: f"{as_wib(moment):%Y-%m-%d %H:%M:%S}",
            SubmissionsListView.FORMAT_XLSX: lambda moment: as_wib(moment).replace(tzinfo=None),
        }
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:
            names = [heading["name"] for heading in context["data_headings"]]
            if SUBMIT_TIME in names:
                column = names.index(SUBMIT_TIME)
                for row in context["data_rows"]:
                    row["fields"][column] = wib_label(row["fields"][column])
        return context
