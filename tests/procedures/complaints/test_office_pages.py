"""The officers' complaint screens: the office's complaints only, newest first,
filtered by status, in WIB; read, assign, answer and close from the page; an
officer of another office sees nothing and changes nothing."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from procedures.complaints.models import ComplaintStatus
from tests.procedures.pages import page

from .conftest import COMPLAINANT, open_complaint

S = ComplaintStatus
LIST = "/pemeriksaan/pengaduan/"


def listed_tickets(response) -> list[str]:
    return [
        link.get_text(strip=True)
        for link in page(response).select("table.list tbody td:first-child a")
    ]


def detail_url(complaint, suffix=""):
    return f"{LIST}{complaint.ticket_number}/{suffix}"


def version_of(complaint) -> int:
    complaint.refresh_from_db()
    return complaint.lock_version


@pytest.fixture
def three(offices):
    """Three complaints of 3304 received on three days, and one of another office."""
    at = datetime.datetime(2026, 8, 3, 1, 0, tzinfo=datetime.UTC)  # 08.00 WIB
    complaints = [
        open_complaint(offices["3304"], received_at=at + datetime.timedelta(days=n))
        for n in range(3)
    ]
    other = open_complaint(offices["3300"], received_at=at)
    return complaints, other


def test_anonymous_visitors_are_sent_to_log_in(client, complaint):
    for url in (LIST, detail_url(complaint)):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_an_applicant_is_refused(client, complaint, applicant):
    client.force_login(applicant)
    assert client.get(LIST).status_code == 403
    assert client.get(detail_url(complaint)).status_code == 403
    response = client.post(detail_url(complaint, "jawab/"), {"jawab-version": 0, "jawab-text": "x"})
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == S.RECEIVED


def test_the_office_list_is_newest_first_with_wib_times(client, examiner, three):
    complaints, other = three
    client.force_login(examiner)
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed_tickets(response) == [c.ticket_number for c in reversed(complaints)]
    assert other.ticket_number not in response.content.decode()
    first_row = page(response).select_one("table.list tbody tr")
    assert "5 Agu 2026, 08.00" in first_row.get_text(" ", strip=True)
    assert "Diterima (WIB)" in page(response).select_one("thead").get_text()


def test_the_list_filters_by_status(client, examiner, three):
    complaints, _other = three
    client.force_login(examiner)
    client.post(
        detail_url(complaints[0], "jawab/"),
        {"jawab-version": version_of(complaints[0]), "jawab-text": "Kami periksa."},
    )
    assert listed_tickets(client.get(LIST, {"status": "in_progress"})) == [
        complaints[0].ticket_number
    ]
    assert listed_tickets(client.get(LIST, {"status": "received"})) == [
        complaints[2].ticket_number,
        complaints[1].ticket_number,
    ]
    counts = page(client.get(LIST)).select_one(".state-counts").get_text(" ", strip=True)
    assert "2 Diterima" in counts and "1 Diproses" in counts and "0 Selesai" in counts
    refused = client.get(LIST, {"status": "reopened"})
    assert refused.status_code == 400
    assert "Status" in page(refused).select_one("#form-errors").get_text()


def test_an_officer_of_another_office_sees_nothing_and_cannot_act(
    client, complaint, foreign_officer
):
    client.force_login(foreign_officer)
    assert complaint.ticket_number not in client.get(LIST).content.decode()
    assert client.get(detail_url(complaint)).status_code == 404
    assert client.get(f"{LIST}{complaint.pk}/").status_code == 404
    for suffix, data in (
        ("jawab/", {"jawab-version": 0, "jawab-text": "Bukan kantor saya."}),
        ("tutup/", {"tutup-version": 0, "tutup-text": "Tutup."}),
        ("tugaskan/", {"tugaskan-version": 0, "tugaskan-officer": foreign_officer.pk}),
    ):
        assert client.post(detail_url(complaint, suffix), data).status_code == 404
    complaint.refresh_from_db()
    assert (complaint.status, complaint.assigned_to, complaint.lock_version) == (
        S.RECEIVED,
        None,
        0,
    )
    assert not complaint.updates.exists()


def test_the_detail_opens_by_ticket_or_id_and_shows_everything_the_form_asked(
    client, complaint, examiner
):
    client.force_login(examiner)
    by_ticket = client.get(detail_url(complaint))
    assert by_ticket.status_code == 200
    assert client.get(f"{LIST}{complaint.pk}/").status_code == 200
    assert client.get(f"{LIST}{complaint.ticket_number.lower()}/").status_code == 200
    for unknown in ("9" * 30, "ADU-3304-2026-99999", "%27%20OR%201=1"):
        assert client.get(f"{LIST}{unknown}/").status_code == 404
    text = page(by_ticket).get_text(" ", strip=True)
    assert "Surat rekomendasi kami belum terbit setelah 35 hari kerja." in text
    assert "Nomor telepon 081234567890" in text
    assert COMPLAINANT in text
    assert "WIB" in text


def test_officers_assign_answer_and_close_from_the_page(
    client, complaint, examiner, office_admin, django_capture_on_commit_callbacks
):
    client.force_login(examiner)
    assign = client.post(
        detail_url(complaint, "tugaskan/"),
        {"tugaskan-version": version_of(complaint), "tugaskan-officer": office_admin.pk},
        follow=True,
    )
    assert "Pengaduan ditugaskan." in assign.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(
            detail_url(complaint, "jawab/"),
            {"jawab-version": version_of(complaint), "jawab-text": "Surat terbit besok."},
            follow=True,
        )
    assert "dikirim ke e-mail pengadu" in answered.content.decode()
    assert [m.to for m in mail.outbox] == [[COMPLAINANT]]
    with django_capture_on_commit_callbacks(execute=True):
        closed = client.post(
            detail_url(complaint, "tutup/"),
            {"tutup-version": version_of(complaint), "tutup-text": "Surat sudah terbit."},
            follow=True,
        )
    assert "Pengaduan ditutup" in closed.content.decode()
    assert len(mail.outbox) == 2
    complaint.refresh_from_db()
    assert complaint.status == S.CLOSED and complaint.closed_at is not None
    assert complaint.assigned_to == office_admin
    soup = page(closed)
    # A closed complaint offers no action any more.
    assert not soup.select(
        "form[action$='/jawab/'], form[action$='/tutup/'], form[action$='/tugaskan/']"
    )
    trail = soup.select_one(".timeline").get_text(" ", strip=True)
    assert "Ditugaskan kepada" in trail and "Surat terbit besok." in trail
    assert "Diproses → Selesai" in trail


def test_a_stale_page_is_refused_with_a_message_and_keeps_the_typed_answer(
    client, complaint, examiner, signatory
):
    client.force_login(examiner)
    seen = page(client.get(detail_url(complaint))).select_one("input[name='jawab-version']")[
        "value"
    ]
    # Meanwhile the signatory closes it from their own page.
    other = type(client)()
    other.force_login(signatory)
    other.post(detail_url(complaint, "tutup/"), {"tutup-version": seen, "tutup-text": "Selesai."})

    response = client.post(
        detail_url(complaint, "jawab/"),
        {"jawab-version": seen, "jawab-text": "Jawaban yang saya ketik panjang."},
        follow=True,
    )
    assert "baru saja diubah oleh petugas lain" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == S.CLOSED
    assert list(complaint.updates.values_list("kind", flat=True)) == ["status"]


def test_a_refused_answer_comes_back_as_typed(client, complaint, examiner):
    client.force_login(examiner)
    stale = version_of(complaint)
    client.post(
        detail_url(complaint, "tugaskan/"),
        {"tugaskan-version": stale, "tugaskan-officer": examiner.pk},
    )
    response = client.post(
        detail_url(complaint, "jawab/"),
        {"jawab-version": stale, "jawab-text": "Jawaban yang saya ketik."},
        follow=True,
    )
    assert "baru saja diubah oleh petugas lain" in response.content.decode()
    # (Django writes a newline after <textarea>, which browsers drop.)
    assert (
        page(response).select_one("#id_jawab-text").get_text().lstrip("\n")
        == "Jawaban yang saya ketik."
    )


def test_an_empty_answer_names_the_field(client, complaint, examiner):
    client.force_login(examiner)
    response = client.post(
        detail_url(complaint, "jawab/"),
        {"jawab-version": version_of(complaint), "jawab-text": "  "},
        follow=True,
    )
    assert "Jawaban untuk pengadu" in page(response).select_one(".messages").get_text()
    assert not complaint.updates.exists()


def test_the_queue_links_to_the_complaints_with_the_number_still_open(client, complaint, examiner):
    client.force_login(examiner)
    link = page(client.get(reverse("examination:queue"))).select_one(f"a[href='{LIST}']")
    assert link is not None
    assert "1 belum selesai" in link.get_text()
