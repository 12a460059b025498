"""The public tracking page: the ticket and the e-mail used give the status, the
dates in WIB and the office's answers; anything else gets one and the same "not
found", and lookups are limited per address."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client, override_settings
from django.urls import reverse

from procedures.complaints import services

from .conftest import COMPLAINANT, open_complaint

URL = "/pengaduan/lacak/"
ADDRESS = "203.0.113.7"


def look_up(client, ticket, email, address=ADDRESS):
    return client.post(URL, {"tiket": ticket, "email": email}, REMOTE_ADDR=address)


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def normalised(response, *typed) -> str:
    """The page without what differs by construction: the CSRF token and the
    values the visitor typed (echoed back in the form)."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    for value in typed:
        body = body.replace(value, "TYPED")
    return body


@pytest.fixture
def answered(offices, examiner):
    complaint = open_complaint(
        offices["3304"],
        received_at=datetime.datetime(2026, 8, 14, 2, 5, tzinfo=datetime.UTC),  # 09.05 WIB
    )
    services.assign(complaint=complaint, user=examiner, officer=examiner)
    services.answer(complaint=complaint, user=examiner, text="Surat Anda sedang ditandatangani.")
    return complaint


def test_the_ticket_and_the_address_used_show_status_dates_and_answers(client, answered):
    response = look_up(client, f"  {answered.ticket_number.lower()} ", COMPLAINANT.upper())
    assert response.status_code == 200
    text = text_of(response)
    assert f"Pengaduan {answered.ticket_number}" in text
    assert "Diproses" in text
    assert "14 Agustus 2026, 09.05 WIB" in text
    assert "Surat Anda sedang ditandatangani." in text
    # Inside the office: who handles it and the assignment are not shown.
    assert "pemeriksa.uji" not in response.content.decode()
    assert "Ditugaskan" not in text
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one('.progress [aria-current="step"]').get_text() == "Diproses"


def test_a_closed_complaint_shows_when_it_closed_and_the_conclusion(client, answered, examiner):
    services.close(complaint=answered, user=examiner, text="Surat sudah dikirim.")
    answered.refresh_from_db()
    text = text_of(look_up(client, answered.ticket_number, COMPLAINANT))
    assert "Selesai" in text
    assert "Kesimpulan penanganan: Surat sudah dikirim." in text
    closed = answered.closed_at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert f"{closed:%H.%M} WIB" in text


def test_a_wrong_address_gets_the_same_answer_as_an_unknown_ticket(client, answered):
    unknown_ticket = "ADU-3304-2026-99999"
    wrong_address = "lain@banjarnegarakab.go.id"
    answers = [
        look_up(client, answered.ticket_number, wrong_address),
        look_up(client, unknown_ticket, wrong_address),
        look_up(client, unknown_ticket, COMPLAINANT),
    ]
    assert [r.status_code for r in answers] == [404, 404, 404]
    assert "Pengaduan tidak ditemukan" in text_of(answers[0])
    assert "Surat Anda sedang ditandatangani." not in answers[0].content.decode()
    pages = {
        normalised(response, answered.ticket_number, unknown_ticket, wrong_address, COMPLAINANT)
        for response in answers
    }
    assert len(pages) == 1


def test_a_complaint_filed_without_an_address_is_never_found(client, offices):
    silent = open_complaint(offices["3304"], email="")
    assert services.find_for_complainant(ticket_number=silent.ticket_number, email="") is None
    assert services.find_for_complainant(ticket_number=silent.ticket_number, email=" ") is None
    response = look_up(client, silent.ticket_number, "")
    assert response.status_code == 400
    assert "Alamat e-mail" in text_of(response)


@override_settings(COMPLAINT_TRACKING_RATE_LIMIT_PER_HOUR=3)
def test_lookups_are_limited_per_address(client, answered):
    for n in range(3):
        assert look_up(client, f"ADU-3304-2026-{n:05d}", COMPLAINANT).status_code == 404
    refused = look_up(client, answered.ticket_number, COMPLAINANT)
    assert refused.status_code == 429
    assert "Terlalu banyak pencarian" in text_of(refused)
    assert "Surat Anda sedang ditandatangani." not in refused.content.decode()
    # Another visitor is not held back.
    assert look_up(Client(), answered.ticket_number, COMPLAINANT, "198.51.100.2").status_code == 200


def test_the_link_of_the_e_mail_fills_the_ticket_in_and_asks_for_the_address(client, answered):
    response = client.get(URL, {"tiket": answered.ticket_number})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_tiket")["value"] == answered.ticket_number
    assert not soup.select_one("#id_email").get("value")
    assert soup.select_one("form")["method"] == "post"
    assert reverse("complaints:track") == URL


def test_a_lookup_without_the_csrf_token_is_refused(answered):
    response = Client(enforce_csrf_checks=True).post(
        URL, {"tiket": answered.ticket_number, "email": COMPLAINANT}
    )
    assert response.status_code == 403
