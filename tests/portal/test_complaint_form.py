import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from portal.forms import HONEYPOT_FIELD
from portal.models import ComplaintSubmission
from procedures.notifications.delivery import retry_due
from procedures.notifications.models import Notification, NotificationState


def valid_complaint(**overrides) -> dict:
    data = {
        "nama_lengkap": "Siti Rahayu",
        "alamat_e_mail": "siti@banjarnegarakab.go.id",
        "nomor_telepon": "081234567890",
        "instansi": "Dinas Kesehatan Kabupaten Banjarnegara",
        "hal_yang_diadukan": "Waktu penyelesaian",
        "isi_pengaduan": "Surat rekomendasi kami belum terbit setelah 35 hari kerja.",
    }
    data.update(overrides)
    return data


def post(client, page, data):
    return client.post(page.url, data, REMOTE_ADDR="203.0.113.7")


def test_form_lists_the_fields_editors_chose(client, complaint_page):
    soup = BeautifulSoup(client.get(complaint_page.url).content, "html.parser")
    labels = [label.get_text(" ", strip=True) for label in soup.select("form.form label")]
    assert labels[0].startswith("Nama lengkap")
    assert any(label.startswith("Isi pengaduan") for label in labels)
    assert soup.select_one("input[name=csrfmiddlewaretoken]")


def test_valid_complaint_is_stored_ticketed_and_emailed(
    client, complaint_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, complaint_page, valid_complaint())

    assert response.status_code == 200
    submission = ComplaintSubmission.objects.get()
    year = timezone.localtime(submission.submit_time).year
    assert submission.ticket_number == f"ADU-3304-{year}-{submission.pk:05d}"
    assert submission.form_data["isi_pengaduan"].startswith("Surat rekomendasi kami")
    assert HONEYPOT_FIELD not in submission.form_data
    assert submission.ticket_number in response.content.decode()

    # The office's copy, and the complainant's acknowledgement (tests/procedures/complaints).
    assert sorted(message.to[0] for message in mail.outbox) == [
        "bps3304@bps.go.id",
        "siti@banjarnegarakab.go.id",
    ]
    (message,) = [message for message in mail.outbox if message.to == ["bps3304@bps.go.id"]]
    assert message.reply_to == ["siti@banjarnegarakab.go.id"]
    assert submission.ticket_number in message.subject
    assert "Surat rekomendasi kami belum terbit" in message.body
    assert "Hal yang diadukan:\nWaktu penyelesaian" in message.body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nama_lengkap", "", "harus diisi"),
        ("alamat_e_mail", "bukan-email", "e-mail"),
        ("hal_yang_diadukan", "Pilihan palsu", "Pilih"),
        ("hal_yang_diadukan", "", "harus diisi"),
        ("isi_pengaduan", "x" * 5001, "5000"),
        ("nama_lengkap", "x" * 256, "255"),
        (
            "alamat_e_mail",
            "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + ".go.id",  # 262
            "254",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(
    client, complaint_page, field, value, message
):
    response = post(client, complaint_page, valid_complaint(**{field: value}))

    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one("#form-errors").get_text(" ", strip=True)
    assert (
        soup.select_one(f"label[for=id_{field}]").get_text(" ", strip=True).split(" (")[0]
        in summary
    )
    assert message.lower() in summary.lower()
    assert not ComplaintSubmission.objects.exists()
    assert not mail.outbox
    # What the person typed is kept.
    assert soup.select_one("#id_instansi")["value"] == "Dinas Kesehatan Kabupaten Banjarnegara"


def test_honeypot_filled_by_a_bot_is_refused(client, complaint_page):
    response = post(
        client, complaint_page, valid_complaint(**{HONEYPOT_FIELD: "http://spam.example"})
    )
    assert response.status_code == 400
    assert "tidak dapat diterima" in response.content.decode()
    assert not ComplaintSubmission.objects.exists()


def test_post_without_csrf_token_is_refused(complaint_page):
    response = Client(enforce_csrf_checks=True).post(complaint_page.url, valid_complaint())
    assert response.status_code == 403
    assert not ComplaintSubmission.objects.exists()


@override_settings(COMPLAINT_RATE_LIMIT_PER_HOUR=2)
def test_rate_limit_per_client_address(client, complaint_page):
    assert post(client, complaint_page, valid_complaint()).status_code == 200
    assert post(client, complaint_page, valid_complaint()).status_code == 200
    refused = post(client, complaint_page, valid_complaint())
    assert refused.status_code == 429
    assert "Terlalu banyak pengaduan" in refused.content.decode()
    assert ComplaintSubmission.objects.count() == 2
    other_address = client.post(complaint_page.url, valid_complaint(), REMOTE_ADDR="198.51.100.2")
    assert other_address.status_code == 200


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=9,  # discard port: nothing listens, the connection is refused
    EMAIL_TIMEOUT=2,
)
def test_complaint_is_kept_when_the_mail_server_is_down(
    client, complaint_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, complaint_page, valid_complaint())
    assert response.status_code == 200
    submission = ComplaintSubmission.objects.get()
    assert submission.ticket_number in response.content.decode()
    # The e-mail waits in the queue with its error, and goes out once the server is back.
    queued = Notification.objects.get(kind="complaint")
    assert (queued.state, queued.attempts) == (NotificationState.RETRYING, 1)
    assert "Connection refused" in queued.last_error or "Errno" in queued.last_error
    assert submission.ticket_number in queued.subject
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert retry_due(now=queued.next_attempt_at) == [queued]
    queued.refresh_from_db()
    assert queued.state == NotificationState.SENT
    assert mail.outbox[-1].subject == queued.subject
