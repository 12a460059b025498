"""`/verifikasi/`, from the side of someone holding a letter and of someone probing
it: a letter found by its exact number only, an uploaded PDF compared byte for byte
with the letter issued (hashed on the server, never stored), bad input answered with
a form error naming the field, lookups and uploads limited per client address.
Real database, real signed letters and their real PDFs; no mocks."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from procedures.applications import services as application_services
from procedures.demo import complete_design
from procedures.examination import services as examination_services
from procedures.letters.models import Letter
from procedures.letters.selectors import normalise_letter_number
from procedures.letters.uploads import DigestUploadHandler
from tests.procedures.pages import page

from ..conftest import fill

pytestmark = pytest.mark.django_db

URL = "/verifikasi/"
SAME = "Sama persis dengan surat yang diterbitkan"
DIFFERENT = "Berbeda — berkas ini bukan salinan asli surat"


@pytest.fixture
def letter(in_review, examiner, signatory) -> Letter:
    examination_services.propose(
        application=in_review, user=examiner, verdict="feasible", text="Gunakan kerangka sampel."
    )
    examination_services.sign(application=in_review, user=signatory)
    return Letter.objects.select_related("application__agency", "office").get(application=in_review)


def pdf_of(letter: Letter) -> bytes:
    with letter.file.open("rb") as handle:
        return handle.read()


def words(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def upload(client, number, content: bytes | None, *, name="surat.pdf", **extra):
    data = {"nomor": number}
    if content is not None:
        data["berkas"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(URL, data, **extra)


def error_summary(response) -> str:
    return words(page(response).select_one("#form-errors"))


# --- Looking a letter up by its number ---------------------------------------------------


def test_a_letter_is_found_by_its_number_with_the_facts_of_the_qr_page(client, letter):
    response = client.get(URL, {"nomor": letter.number})

    assert response.status_code == 200
    result = page(response).select_one('[role="status"]')
    text = words(page(response).select_one("main"))
    assert "terdaftar di Rekomstat" in words(result)
    with translation.override("id"):
        issued_on = date_format(letter.issued_on, "j F Y")
    for shown in (
        letter.number,
        issued_on,
        letter.office.name,
        letter.application.agency.name,
        letter.application.title,
        "Layak Dilaksanakan",
        letter.signatory_name,
        letter.sha256,
    ):
        assert shown in text


@pytest.mark.parametrize(
    "typed",
    [
        lambda number: f"  {number.lower()}  ",
        lambda number: " ".join(number),  # a space after every character
        lambda number: number.replace("-", "–"),  # an en dash pasted from a document
    ],
    ids=["lower-case-padded", "spaced-out", "en-dash"],
)
def test_the_number_is_found_however_it_is_typed(client, letter, typed):
    response = client.get(URL, {"nomor": typed(letter.number)})

    assert response.status_code == 200
    assert letter.sha256 in words(page(response).select_one("main"))


def test_normalising_folds_space_case_and_dashes_only():
    assert normalise_letter_number(" b-12 / 33040/ks.000/2026 ") == "B-12/33040/KS.000/2026"
    assert normalise_letter_number("B‑12/33040/KS.000/2026") == "B-12/33040/KS.000/2026"
    assert normalise_letter_number("Ｂ-12/33040/KS.000/2026") == "B-12/33040/KS.000/2026"


@pytest.mark.parametrize(
    "probe",
    [
        lambda number: number[:3],  # "B-1"
        lambda number: number.rsplit("/", 1)[0],  # without the year
        lambda number: number + "0",
        lambda number: "%",
        lambda number: number[:2] + "_" + number[3:],  # a LIKE wildcard for the sequence
        lambda number: "B-%/33040/KS.000/%",
        lambda number: ".*",
    ],
    ids=["prefix", "no-year", "longer", "percent", "underscore", "like-pattern", "regex"],
)
def test_a_partial_or_wildcard_number_lists_nothing(client, letter, probe):
    response = client.get(URL, {"nomor": probe(letter.number)})

    assert response.status_code == 404
    text = words(page(response).select_one("main"))
    assert "Surat tidak ditemukan" in words(page(response).select_one('[role="alert"]'))
    assert letter.application.title not in text and letter.sha256 not in text
    assert letter.number not in text.replace(probe(letter.number), "")


def test_an_unknown_number_says_what_to_check_and_whom_to_ask(client, letter):
    response = client.get(URL, {"nomor": "B-999/33040/KS.000/2026"})

    assert response.status_code == 404
    alert = words(page(response).select_one('[role="alert"]'))
    assert "Surat tidak ditemukan" in alert
    assert "B-999/33040/KS.000/2026" in alert
    assert "Periksa" in alert and "kantor BPS" in alert


@pytest.mark.parametrize(
    "query",
    [{"nomor": ""}, {"nomor": "   "}, {"nomor": "B" * 101}, {"nomor": "B-1\x00/33040"}],
    ids=["empty", "spaces", "overlong", "null-byte"],
)
def test_a_missing_or_overlong_number_is_a_form_error_naming_the_field(client, offices, query):
    response = client.get(URL, query)

    assert response.status_code == 400
    assert "Nomor surat" in error_summary(response)


def test_the_empty_page_offers_the_lookup_form(client, offices):
    response = client.get(URL)

    assert response.status_code == 200
    form = page(response).select_one("form#cari-surat")
    label = form.select_one('label[for="id_nomor"]')
    assert "Nomor surat" in words(label)
    assert not page(response).select_one("#form-errors")


# --- Checking an uploaded PDF ------------------------------------------------------------


def test_the_real_pdf_is_reported_identical(client, letter):
    response = upload(client, letter.number, pdf_of(letter))

    assert response.status_code == 200
    result = words(page(response).select_one("#hasil-berkas"))
    assert SAME in result
    assert letter.sha256 in result
    assert page(response).select_one('#hasil-berkas[role="status"]')


def test_a_pdf_with_one_byte_changed_is_reported_different(client, letter):
    original = pdf_of(letter)
    middle = len(original) // 2
    modified = original[:middle] + bytes([original[middle] ^ 0x01]) + original[middle + 1 :]
    assert modified.startswith(b"%PDF-") and len(modified) == len(original)

    response = upload(client, letter.number, modified)

    assert response.status_code == 200
    result = page(response).select_one("#hasil-berkas")
    assert result["role"] == "alert"
    assert f"{DIFFERENT} {letter.number}" in words(result)
    assert SAME not in words(page(response).select_one("main"))
    assert hashlib.sha256(modified).hexdigest() in words(result)


def test_the_genuine_pdf_of_another_letter_is_not_this_letter(
    client, letter, applicant, examiner, signatory
):
    other = application_services.create_application(user=applicant)
    fill(other, applicant, complete_design(title="Kompilasi Data Kedua", survey=False))
    application_services.submit(application=other, user=applicant)
    examination_services.take(application=other, user=examiner)
    examination_services.propose(application=other, user=examiner, verdict="feasible", text="")
    examination_services.sign(application=other, user=signatory)
    other_letter = Letter.objects.get(application=other)

    response = upload(client, letter.number, pdf_of(other_letter))

    assert f"{DIFFERENT} {letter.number}" in words(page(response).select_one("#hasil-berkas"))


def test_the_upload_is_never_stored(client, letter, tmp_path, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # Django's own handlers would spill to disk
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    data_files_before = sorted(Path(settings.DATA_DIR).rglob("*"))

    response = upload(client, letter.number, pdf_of(letter))

    assert SAME in words(page(response).select_one("#hasil-berkas"))
    assert list(tmp_path.iterdir()) == []
    assert sorted(Path(settings.DATA_DIR).rglob("*")) == data_files_before


def test_the_digest_handler_keeps_no_bytes():
    handler = DigestUploadHandler(max_bytes=10)
    handler.new_file("berkas", "surat.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"%PDF-1.4\n", 0) is None
    assert handler.receive_data_chunk(b"abcdef", 9) is None
    digest = handler.file_complete(15)

    assert digest.size == 15 and digest.too_large and digest.looks_like_pdf
    assert digest.read() == b""
    assert not any(isinstance(value, bytes) and len(value) > 5 for value in vars(digest).values())


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"GIF89a not a letter at all", "surat.pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "surat.pdf"),
        (b"<script>alert(1)</script>%PDF-1.4", "surat.pdf"),
        (b"%PDF", "surat.pdf"),
    ],
    ids=["gif", "png", "script-before-pdf", "truncated-magic"],
)
def test_a_file_that_is_not_a_pdf_is_refused_naming_the_field(client, letter, content, name):
    response = upload(client, letter.number, content, name=name)

    assert response.status_code == 400
    summary = error_summary(response)
    assert "Berkas PDF" in summary and "bukan PDF" in summary
    assert not page(response).select_one("#hasil-berkas")


def test_an_oversized_file_is_refused_naming_the_field_and_the_limit(client, letter, settings):
    settings.LETTER_VERIFICATION_MAX_BYTES = 1024 * 1024
    response = upload(client, letter.number, b"%PDF-1.7\n" + b"0" * (1024 * 1024))

    assert response.status_code == 400
    summary = error_summary(response)
    assert "Berkas PDF" in summary and "1 MB" in summary
    assert not page(response).select_one("#hasil-berkas")


def test_a_body_beyond_the_request_cap_is_refused_before_reading(client, letter, settings):
    settings.REKOMSTAT_MAX_REQUEST_BYTES = 64 * 1024
    response = upload(client, letter.number, b"%PDF-1.7\n" + b"0" * (128 * 1024))

    assert response.status_code == 413


def test_a_missing_file_is_a_form_error(client, letter):
    response = upload(client, letter.number, None)

    assert response.status_code == 400
    assert "Berkas PDF" in error_summary(response)
    # The letter found is still shown, with the upload form to try again.
    assert letter.sha256 in words(page(response).select_one("main"))
    assert page(response).select_one("form#periksa-berkas")


def test_an_empty_file_is_a_form_error(client, letter):
    response = upload(client, letter.number, b"")

    assert response.status_code == 400
    assert "Berkas PDF" in error_summary(response) and "kosong" in error_summary(response)


def test_an_upload_without_a_number_is_a_form_error(client, letter):
    response = client.post(
        URL, {"berkas": SimpleUploadedFile("surat.pdf", pdf_of(letter), "application/pdf")}
    )

    assert response.status_code == 400
    assert "Nomor surat" in error_summary(response)
    assert SAME not in response.content.decode()


def test_an_upload_for_an_unknown_number_finds_no_letter(client, letter):
    response = upload(client, "B-999/33040/KS.000/2026", pdf_of(letter))

    assert response.status_code == 404
    assert "Surat tidak ditemukan" in words(page(response).select_one('[role="alert"]'))
    assert SAME not in response.content.decode()


def test_a_broken_multipart_body_is_a_400(client, letter):
    response = client.generic(
        "POST",
        URL,
        b'--xyz\r\nContent-Disposition: form-data; name="nomor"\r\n\r\nB-1',
        content_type="multipart/form-data; boundary=",
    )

    assert response.status_code == 400


def test_the_upload_form_needs_the_csrf_token(letter):
    guarded = Client(enforce_csrf_checks=True)
    refused = upload(guarded, letter.number, pdf_of(letter))
    assert refused.status_code == 403

    found = guarded.get(URL, {"nomor": letter.number})
    token = page(found).select_one('form#periksa-berkas input[name="csrfmiddlewaretoken"]')
    accepted = guarded.post(
        URL,
        {
            "csrfmiddlewaretoken": token["value"],
            "nomor": letter.number,
            "berkas": SimpleUploadedFile("surat.pdf", pdf_of(letter), "application/pdf"),
        },
    )
    assert SAME in words(page(accepted).select_one("#hasil-berkas"))


# --- Limits per client address ------------------------------------------------------------


def test_lookups_over_the_limit_get_429(client, letter, settings):
    settings.LETTER_VERIFICATION_RATE_LIMIT_PER_HOUR = 3
    for attempt in range(3):
        assert client.get(URL, {"nomor": f"B-{900 + attempt}/33040/KS.000/2026"}).status_code == 404

    refused = client.get(URL, {"nomor": letter.number})
    assert refused.status_code == 429
    assert "Terlalu banyak" in error_summary(refused)
    assert letter.sha256 not in refused.content.decode()

    # Another address is not held back by this one.
    assert client.get(URL, {"nomor": letter.number}, REMOTE_ADDR="10.9.8.7").status_code == 200


def test_uploads_count_against_the_same_limit(client, letter, settings):
    settings.LETTER_VERIFICATION_RATE_LIMIT_PER_HOUR = 2
    pdf = pdf_of(letter)
    assert upload(client, letter.number, pdf).status_code == 200
    assert upload(client, letter.number, pdf).status_code == 200

    refused = upload(client, letter.number, pdf)
    assert refused.status_code == 429
    assert SAME not in refused.content.decode()


def test_the_limit_keys_on_the_client_behind_a_trusted_proxy(client, letter, settings):
    settings.LETTER_VERIFICATION_RATE_LIMIT_PER_HOUR = 1
    settings.REKOMSTAT_TRUSTED_PROXIES = ["127.0.0.1/32"]
    first = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    second = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.6"}

    assert client.get(URL, {"nomor": letter.number}, **first).status_code == 200
    assert client.get(URL, {"nomor": letter.number}, **first).status_code == 429
    assert client.get(URL, {"nomor": letter.number}, **second).status_code == 200


# --- Links -------------------------------------------------------------------------------


def test_the_qr_page_links_to_the_pdf_check_of_its_letter(client, letter):
    qr_page = page(client.get(reverse("letters:verify", args=[letter.verification_code])))
    link = qr_page.find("a", string=lambda text: text and "Periksa berkas PDF" in text)

    followed = client.get(link["href"])
    assert followed.status_code == 200
    assert page(followed).select_one("form#periksa-berkas")
    assert letter.sha256 in words(page(followed).select_one("main"))


def test_the_footer_links_to_the_verification_page(client, offices):
    footer = page(client.get(URL)).select_one("footer")
    assert footer.select_one(f'a[href="{URL}"]')


def test_verification_pages_need_no_javascript(client, letter):
    for response in (
        client.get(URL),
        client.get(URL, {"nomor": letter.number}),
        upload(client, letter.number, pdf_of(letter)),
    ):
        html = page(response)
        assert not html.select("main script")
        upload_form = html.select_one("form#periksa-berkas")
        if upload_form is not None:
            assert upload_form["method"] == "post"
            assert upload_form["enctype"] == "multipart/form-data"


def test_the_size_limit_setting_is_below_the_request_cap():
    assert settings.LETTER_VERIFICATION_MAX_BYTES < settings.REKOMSTAT_MAX_REQUEST_BYTES
