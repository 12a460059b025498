"""Attachments over HTTP: hostile files refused on the page with their reason (never a
500, never a stored file), and stored files served under the type their content was
detected as, from their own application only."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procedures.applications import services as application_services
from procedures.applications.models import Attachment, AttachmentKind
from tests.procedures.applications.test_hostile_uploads import BAT, FOLLINA, HTA, lying_sizes, rels
from tests.procedures.applications.test_uploads import ooxml, reportlab_pdf
from tests.procedures.conftest import pdf_upload

pytestmark = pytest.mark.django_db

STORAGE = Attachment._meta.get_field("file").storage


def stored_files() -> set[Path]:
    return {path for path in Path(STORAGE.path("lampiran")).rglob("*") if path.is_file()}


def post_file(client, application, name: str, content: bytes):
    return client.post(
        reverse("applications:attachments", args=[application.pk]),
        {
            "kind": AttachmentKind.QUESTIONNAIRE,
            "file": SimpleUploadedFile(name, content, "application/octet-stream"),
        },
    )


def bomb() -> bytes:
    document = ooxml("docx", extra={"word/media/data.bin": bytes(20 * 1024 * 1024)})
    return lying_sizes(document, "word/media/data.bin", 1000)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        pytest.param("kuesioner.hta", HTA + reportlab_pdf(), "%PDF-", id="hta-before-pdf"),
        pytest.param("kuesioner.bat", BAT + reportlab_pdf(), "%PDF-", id="bat-before-pdf"),
        pytest.param(
            "kuesioner.docx",
            ooxml(
                "docx",
                extra={"word/_rels/document.xml.rels": rels(("oleObject", FOLLINA, "External"))},
            ),
            "luar dokumen",
            id="follina",
        ),
        pytest.param("kuesioner.docx", bomb(), "tidak wajar", id="lying-zip-bomb"),
    ],
)
def test_a_hostile_file_is_refused_on_the_page_with_its_reason(
    client, draft, applicant, name, content, reason
):
    client.force_login(applicant)
    before = stored_files()
    response = post_file(client, draft, name, content)
    assert response.status_code == 400
    page = response.content.decode()
    assert reason in page
    assert not draft.attachments.exists()
    assert stored_files() == before


def test_a_pdf_uploaded_as_hta_is_served_back_as_a_pdf(client, draft, applicant):
    """The name's extension and the content type come from the detected type."""
    client.force_login(applicant)
    response = post_file(client, draft, "kuesioner.hta", reportlab_pdf())
    assert response.status_code == 302
    attachment = draft.attachments.get()
    download = client.get(
        reverse("applications:download_attachment", args=[draft.pk, attachment.pk])
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="kuesioner.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("uploaded_name", "served_name"),
    [
        ("Kuesioner Survei 2026.pdf", "Kuesioner Survei 2026.pdf"),
        ("..\\..\\Windows\\kuesioner.pdf.exe", "kuesioner_pdf.pdf"),
        ('"bagian"; filename=x.exe', "bagian_ filename_x.pdf"),
        (".hta", "lampiran.pdf"),
    ],
)
def test_the_served_name_keeps_only_a_clean_stem(
    client, draft, applicant, uploaded_name, served_name
):
    attachment = application_services.add_attachment(
        application=draft,
        user=applicant,
        kind=AttachmentKind.QUESTIONNAIRE,
        upload=pdf_upload(name=uploaded_name),
    )
    client.force_login(applicant)
    download = client.get(
        reverse("applications:download_attachment", args=[draft.pk, attachment.pk])
    )
    assert download["Content-Disposition"] == f'attachment; filename="{served_name}"'


def test_an_attachment_is_found_only_under_its_own_application(client, draft, applicant):
    """Both applications are the applicant's: only the pairing in the URL is wrong."""
    other = application_services.create_application(user=applicant)
    attachment = application_services.add_attachment(
        application=other, user=applicant, kind=AttachmentKind.QUESTIONNAIRE, upload=pdf_upload()
    )
    client.force_login(applicant)
    own = reverse("applications:download_attachment", args=[other.pk, attachment.pk])
    crossed = reverse("applications:download_attachment", args=[draft.pk, attachment.pk])
    assert client.get(own).status_code == 200
    assert client.get(crossed).status_code == 404
