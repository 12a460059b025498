"""The complaint page and the CMS side of following complaints up: filing opens the
office's follow-up and acknowledges to the complainant; the thank-you and form
pages lead to tracking; the editors' listing and exports carry the ticket number
and WIB times."""

import csv
import datetime
import importlib
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from portal.models import ComplaintFormField, ComplaintSubmission
from procedures.accounts.models import User
from procedures.complaints.models import Complaint, ComplaintStatus

from .test_complaint_form import post, valid_complaint

WIB = datetime.timezone(datetime.timedelta(hours=7))
OFFICE = "bps3304@bps.go.id"
COMPLAINANT = "siti@banjarnegarakab.go.id"


def file(client, complaint_page, callbacks, **overrides):
    with callbacks(execute=True):
        response = post(client, complaint_page, valid_complaint(**overrides))
    assert response.status_code == 200
    return response, ComplaintSubmission.objects.latest("pk")


def test_filing_opens_the_follow_up_and_acknowledges_with_ticket_and_link(
    client, complaint_page, django_capture_on_commit_callbacks
):
    response, submission = file(client, complaint_page, django_capture_on_commit_callbacks)

    complaint = Complaint.objects.get()
    assert complaint.ticket_number == submission.ticket_number
    assert complaint.office.code == "3304"
    assert complaint.received_at == submission.submit_time
    assert complaint.status == ComplaintStatus.RECEIVED
    assert (complaint.complainant_name, complaint.complainant_email, complaint.subject) == (
        "Siti Rahayu",
        COMPLAINANT,
        "Waktu penyelesaian",
    )
    assert complaint.text == "Surat rekomendasi kami belum terbit setelah 35 hari kerja."
    assert complaint.answers[2] == ["Nomor telepon", "081234567890"]

    (acknowledgement,) = [m for m in mail.outbox if m.to == [COMPLAINANT]]
    assert submission.ticket_number in acknowledgement.subject
    assert submission.ticket_number in acknowledgement.body
    link = f"http://testserver/pengaduan/lacak/?tiket={submission.ticket_number}"
    assert link.split("testserver")[1] in acknowledgement.body
    html = acknowledgement.alternatives[0][0]
    assert f"/pengaduan/lacak/?tiket={submission.ticket_number}" in html

    soup = BeautifulSoup(response.content, "html.parser")
    track = soup.find("a", string="Lacak pengaduan ini")
    assert track["href"] == f"/pengaduan/lacak/?tiket={submission.ticket_number}"
    assert f"kami kirim ke {COMPLAINANT}" in soup.get_text(" ", strip=True)


def test_without_an_email_field_no_acknowledgement_and_the_ticket_still_shows(
    client, complaint_page, django_capture_on_commit_callbacks
):
    ComplaintFormField.objects.filter(page=complaint_page, field_type="email").delete()
    data = valid_complaint()
    del data["alamat_e_mail"]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, complaint_page, data)

    assert response.status_code == 200
    submission = ComplaintSubmission.objects.get()
    assert submission.ticket_number in response.content.decode()
    assert "Tanda terima" not in response.content.decode()
    assert [m.to for m in mail.outbox] == [[OFFICE]]
    assert Complaint.objects.get().complainant_email == ""


def test_the_complaint_form_links_to_tracking(client, complaint_page):
    soup = BeautifulSoup(client.get(complaint_page.url).content, "html.parser")
    assert soup.find("a", href="/pengaduan/lacak/").get_text() == "Lacak pengaduan Anda"


def test_complaints_received_before_follow_up_get_one_by_the_data_migration(client, complaint_page):
    post(client, complaint_page, valid_complaint())
    submission = ComplaintSubmission.objects.get()
    Complaint.objects.all().delete()  # as before complaints were followed up
    migration = importlib.import_module("portal.migrations.0002_complaints_from_submissions")

    migration.open_complaints(apps, None)
    migration.open_complaints(apps, None)  # a second run adds nothing

    complaint = Complaint.objects.get()
    assert complaint.ticket_number == submission.ticket_number
    assert complaint.received_at == submission.submit_time
    assert complaint.office == complaint_page.office
    assert (complaint.complainant_name, complaint.complainant_email, complaint.subject) == (
        "Siti Rahayu",
        COMPLAINANT,
        "Waktu penyelesaian",
    )
    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.answers[0] == ["Nama lengkap", "Siti Rahayu"]


# -- the editors' listing in the CMS ----------------------------------------------


@pytest.fixture
def editor(client, complaint_page):
    editor = User.objects.create_user(email="editor@bps.go.id", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.fixture
def two_complaints(client, complaint_page):
    anonymous = type(client)()
    for name in ("Siti Rahayu", "Budi Santoso"):
        post(anonymous, complaint_page, valid_complaint(nama_lengkap=name))
    # A known time: 23.30 WIB on 31 August is still 31 August in WIB, 16.30 in UTC.
    first = ComplaintSubmission.objects.order_by("pk").first()
    ComplaintSubmission.objects.filter(pk=first.pk).update(
        submit_time=datetime.datetime(2026, 8, 31, 23, 30, tzinfo=WIB)
    )
    return list(ComplaintSubmission.objects.order_by("pk"))


def listing_url(page, **query):
    url = reverse("wagtailforms:list_submissions", args=[page.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_editors_listing_has_the_ticket_column_and_wib_times(
    editor, complaint_page, two_complaints
):
    response = editor.get(listing_url(complaint_page))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    headings = [th.get_text(" ", strip=True) for th in soup.select("table.listing thead th")]
    assert headings[1:4] == ["Nomor tiket", "Waktu diterima (WIB)", "Nama lengkap"]
    rows = {
        row.select("td")[1].get_text(strip=True): [
            td.get_text(" ", strip=True) for td in row.select("td")
        ]
        for row in soup.select("table.listing tbody tr")
    }
    first = two_complaints[0]
    assert set(rows) == {submission.ticket_number for submission in two_complaints}
    assert rows[first.ticket_number][2] == "31 Agustus 2026, 23.30 WIB"
    assert rows[first.ticket_number][3] == "Siti Rahayu"


def test_the_csv_export_has_the_ticket_column_and_wib_times(editor, complaint_page, two_complaints):
    response = editor.get(listing_url(complaint_page, export="csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Nomor tiket", "Waktu diterima (WIB)", "Nama lengkap"]
    by_ticket = {row[0]: row for row in rows[1:]}
    assert set(by_ticket) == {submission.ticket_number for submission in two_complaints}
    assert by_ticket[two_complaints[0].ticket_number][1] == "2026-08-31 23:30:00"


def test_the_xlsx_export_has_the_ticket_column_and_wib_times(
    editor, complaint_page, two_complaints
):
    response = editor.get(listing_url(complaint_page, export="xlsx"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:2]) == ["Nomor tiket", "Waktu diterima (WIB)"]
    by_ticket = {row[0]: row for row in rows[1:]}
    assert by_ticket[two_complaints[0].ticket_number][1] == datetime.datetime(2026, 8, 31, 23, 30)


def test_the_listing_sorts_by_ticket_number(editor, complaint_page, two_complaints):
    response = editor.get(listing_url(complaint_page, order_by="-ticket_number"))
    soup = BeautifulSoup(response.content, "html.parser")
    tickets = [
        row.select("td")[1].get_text(strip=True) for row in soup.select("table.listing tbody tr")
    ]
    assert tickets == sorted((s.ticket_number for s in two_complaints), reverse=True)
