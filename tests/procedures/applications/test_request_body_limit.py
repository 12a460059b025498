"""Request bodies are capped before they are read: a 60 MB upload is answered 413
without Django reading a byte of it; below the cap the attachment form answers with
its own message."""

import io
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.test.client import ClientHandler
from django.urls import reverse

from procedures.applications.models import AttachmentKind
from tests.procedures.applications.test_uploads import reportlab_pdf

MB = 1024 * 1024


def padded_pdf(size: int) -> bytes:
    pdf = reportlab_pdf()
    return pdf + b"%" + b"x" * (size - len(pdf) - 2) + b"\n"


def post_file(client, application, content: bytes, **extra):
    return client.post(
        reverse("applications:attachments", args=[application.pk]),
        {
            "kind": AttachmentKind.QUESTIONNAIRE,
            "file": SimpleUploadedFile("pedoman.pdf", content, "application/pdf"),
        },
        **extra,
    )


@pytest.mark.django_db
def test_a_60_mb_upload_is_refused_with_413_and_an_indonesian_page(client, draft, applicant):
    client.force_login(applicant)
    response = post_file(client, draft, padded_pdf(60 * MB))
    assert response.status_code == 413
    page = response.content.decode()
    assert "Kiriman terlalu besar" in page
    assert "melebihi batas 12 MB" in page
    assert "10 MB" in page
    assert response["Connection"] == "close"
    assert not draft.attachments.exists()


@pytest.mark.django_db
def test_a_file_a_little_over_10_mb_still_gets_the_forms_own_message(client, draft, applicant):
    client.force_login(applicant)
    response = post_file(client, draft, padded_pdf(10 * MB + MB // 2))
    assert response.status_code == 400
    assert "melebihi batas maksimal 10 MB" in response.content.decode()


class CountingInput(io.RawIOBase):
    """A request body of `size` bytes that counts what the server reads of it."""

    def __init__(self, size: int):
        self.remaining = size
        self.consumed = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.remaining)
        buffer[:count] = b"x" * count
        self.remaining -= count
        self.consumed += count
        return count


def test_the_refused_body_is_never_read():
    """Through the WSGI handler the test client uses (Django's, every middleware
    included, without the signals that recycle database connections); no database is
    touched either (this test has none)."""
    body = CountingInput(60 * MB)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/pengajuan/1/lampiran/",
        "CONTENT_TYPE": "multipart/form-data; boundary=batas",
        "CONTENT_LENGTH": str(60 * MB),
        "wsgi.input": body,
    }
    setup_testing_defaults(environ)
    response = ClientHandler()(environ)
    assert response.status_code == 413
    assert body.consumed == 0


@pytest.mark.django_db
def test_the_api_gets_the_refusal_as_json(client):
    response = client.post(
        "/api/v1/activities", data=b"{}" + b" " * 13 * MB, content_type="application/json"
    )
    assert response.status_code == 413
    [message] = response.json()["errors"]["request"]
    assert "melebihi batas" in message


@pytest.mark.django_db
def test_a_body_without_a_length_is_refused(client, draft, applicant):
    """Django would read a chunked body as empty; it is refused with the reason instead."""
    client.force_login(applicant)
    response = post_file(
        client, draft, reportlab_pdf(), CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked"
    )
    assert response.status_code == 411
    assert "Content-Length" in response.content.decode()


@pytest.mark.django_db
@override_settings(REKOMSTAT_MAX_REQUEST_BYTES=64 * 1024)
def test_the_cap_is_a_setting(client, draft, applicant):
    client.force_login(applicant)
    assert post_file(client, draft, padded_pdf(100 * 1024)).status_code == 413
    assert post_file(client, draft, reportlab_pdf()).status_code == 302
