"""The reference number's year is the office's (Asia/Jakarta), not UTC's."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from procedures.applications import services as application_services

pytestmark = pytest.mark.django_db


def test_new_years_morning_in_jakarta_counts_in_the_new_year(
    complete_draft, applicant, monkeypatch
):
    # 01:30 WIB on 1 January 2027 is still 31 December 2026 in UTC.
    moment = datetime.datetime(2027, 1, 1, 1, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    application = application_services.submit(application=complete_draft, user=applicant)
    assert application.reference == "REK-3304-2027-00001"
    assert application.recorded_on == datetime.date(2027, 1, 1)
