"""The applicant's pages: drafts kept on every error, progress, submit, withdraw."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procedures.accounts.models import User
from procedures.demo import complete_design
from procedures.examination import services as examination_services
from procedures.organisations import calendar as organisation_calendar
from procedures.organisations import services as organisation_services
from procedures.organisations.models import MembershipRequest
from tests.procedures.pages import page

from ..conftest import fill, pdf_upload
from .conftest import block_url

pytestmark = pytest.mark.django_db


def test_a_new_applicant_asks_to_join_and_sees_nothing_until_approved(
    client, offices, agency, applicant, submitted
):
    from ..conftest import make_user

    user = make_user("baru@banjarnegarakab.go.id")
    client.force_login(user)
    assert client.get("/pengajuan/")["Location"] == "/pengajuan/instansi/"
    response = client.post("/pengajuan/instansi/", {"pilih": "", "pilih-agency": ""})
    assert response.status_code == 400
    assert "Instansi Anda" in page(response).select_one("#form-errors").text
    client.post("/pengajuan/instansi/", {"pilih": "", "pilih-agency": agency.pk})
    assert organisation_services.agency_of(user) is None
    assert "menunggu persetujuan" in client.get("/pengajuan/instansi/").content.decode()
    assert client.get(reverse("applications:detail", args=[submitted.pk])).status_code == 404

    request = MembershipRequest.objects.get(user=user)
    organisation_services.decide_membership(request=request, user=applicant, approve=True)
    assert organisation_services.agency_of(User.objects.get(pk=user.pk)) == agency
    assert client.get("/pengajuan/").status_code == 200
    assert client.get(reverse("applications:detail", args=[submitted.pk])).status_code == 200


def test_proposing_an_agency(client, offices):
    from ..conftest import make_user

    user = make_user("kepala.tu@wonosobokab.go.id")
    client.force_login(user)
    fields = {
        "usul-name": "Dinas Pariwisata Kabupaten Wonosobo",
        "usul-level": "opd",
        "usul-region_code": "33a7",
        "usul-region_name": "Kabupaten Wonosobo",
        "usul-address": "Jl. Kartini 3, Wonosobo",
    }
    response = client.post("/pengajuan/instansi/", {"usulkan": "", **fields})
    assert response.status_code == 400
    assert "Kode wilayah" in page(response).select_one("#form-errors").text
    assert page(response).select_one("#id_usul-name")["value"] == fields["usul-name"]

    client.post("/pengajuan/instansi/", {"usulkan": "", **fields, "usul-region_code": "3307"})
    agency = organisation_services.agency_of(user)
    assert (agency.name, agency.office.code, agency.is_confirmed) == (
        "Dinas Pariwisata Kabupaten Wonosobo",
        "3300",
        False,
    )
    assert "menunggu konfirmasi BPS" in client.get("/pengajuan/").content.decode()


def test_new_application_opens_the_first_block_with_progress(as_applicant):
    response = as_applicant.post(reverse("applications:new"))
    application = organisation_services.agency_of(response.wsgi_request.user).applications.get()
    assert response["Location"] == block_url(application, "kegiatan")
    html = page(as_applicant.get(response["Location"]))
    steps = [a.text.split(" — ")[0] for a in html.select(".progress a")]
    assert steps[:2] == ["Keterangan kegiatan", "I. Penyelenggara"]
    assert steps[-2:] == ["Lampiran", "Periksa dan ajukan"]
    assert html.select_one('.progress [aria-current="step"]').text.startswith("Keterangan")
    # The organizer block starts from what the agency already told us.
    assert application.design["penyelenggara"]["organizer_unit"] == application.agency.name


def test_a_block_with_errors_keeps_what_was_typed_and_saves_the_rest(as_applicant, draft):
    data = {
        "background": "Latar belakang yang panjang",
        "objectives": "Tujuan",
        "schedule_1_start": "2027-02-10",
        "schedule_1_end": "2027-02-01",  # before its start
        "schedule_2_start": "31-31-2027",  # not a date
        "variabel-TOTAL_FORMS": "1",
        "variabel-INITIAL_FORMS": "0",
        "variabel-0-name": "Luas panen",
        "variabel-0-concept": "Luas yang dipanen",
        "variabel-0-definition": "",
        "variabel-0-reference_period": "",
        "simpan": "",
    }
    response = as_applicant.post(block_url(draft, "perencanaan"), data)
    assert response.status_code == 400
    html = page(response)
    errors = html.select_one("#form-errors").text
    assert "Perencanaan kegiatan — selesai" in errors and "Desain — mulai" in errors
    assert html.select_one("#id_background").text.strip() == "Latar belakang yang panjang"
    assert html.select_one("#id_schedule_2_start")["value"] == "31-31-2027"
    assert html.select_one("#id_schedule_1_end")["aria-invalid"] == "true"
    draft.refresh_from_db()
    stored = draft.design["perencanaan"]
    assert stored["background"] == "Latar belakang yang panjang"
    assert stored["schedule_1_start"] == "2027-02-10"
    assert "schedule_1_end" not in stored and "schedule_2_start" not in stored
    assert stored["variables"] == [
        {
            "name": "Luas panen",
            "concept": "Luas yang dipanen",
            "definition": "",
            "reference_period": "",
        }
    ]


def test_variable_rows_are_added_and_removed(as_applicant, draft):
    def post(rows, deleted=()):
        data = {"variabel-TOTAL_FORMS": str(len(rows)), "variabel-INITIAL_FORMS": "0", "simpan": ""}
        for index, name in enumerate(rows):
            data |= {
                f"variabel-{index}-name": name,
                f"variabel-{index}-concept": "k",
                f"variabel-{index}-definition": "d",
                f"variabel-{index}-reference_period": "p",
            }
            if index in deleted:
                data[f"variabel-{index}-DELETE"] = "on"
        return as_applicant.post(block_url(draft, "perencanaan"), data)

    post(["Umur", "Jenis kelamin"])
    response = as_applicant.get(block_url(draft, "perencanaan"))
    names = [i.get("value") for i in page(response).select("input[name$='-name']")]
    assert names == ["Umur", "Jenis kelamin", None]  # and one empty row to add another
    post(["Umur", "Jenis kelamin", "Pendidikan"], deleted={0})
    draft.refresh_from_db()
    assert [row["name"] for row in draft.design["perencanaan"]["variables"]] == [
        "Jenis kelamin",
        "Pendidikan",
    ]


def test_save_and_continue_goes_to_the_next_block_that_applies(as_applicant, draft):
    header = {"title": "Kompilasi data", "year": "2027", "collection_way": "3", "sector": "1"}
    response = as_applicant.post(block_url(draft, "kegiatan"), header | {"lanjut": ""})
    assert response["Location"] == block_url(draft, "penyelenggara")
    response = as_applicant.post(block_url(draft, "desain"), {"lanjut": ""})
    assert response["Location"] == block_url(draft, "kualitas")  # no sample block
    assert as_applicant.get(block_url(draft, "sampel")).status_code == 404
    response = as_applicant.post(block_url(draft, "diseminasi"), {"lanjut": ""})
    assert response["Location"] == reverse("applications:attachments", args=[draft.pk])


def test_the_submit_page_lists_what_is_missing_with_links(as_applicant, draft, applicant):
    design = complete_design(title="Survei harga")
    del design["sampel"]
    fill(draft, applicant, design)
    response = as_applicant.post(reverse("applications:submit", args=[draft.pk]))
    assert response.status_code == 400
    links = {a["href"]: a.text for a in page(response).select(".problems a")}
    assert links[block_url(draft, "sampel") + "#id_stage_count"].startswith("V. Desain sampel")
    assert reverse("applications:attachments", args=[draft.pk]) + "#id_kind" in links
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_submitting_shows_the_reference_and_due_date(as_applicant, complete_draft):
    response = as_applicant.post(
        reverse("applications:submit", args=[complete_draft.pk]), follow=True
    )
    complete_draft.refresh_from_db()
    text = " ".join(page(response).get_text(" ").split())
    assert complete_draft.reference in text
    assert re.search(r"Batas waktu hasil \d{1,2} \w+ \d{4} — sisa 30 hari kerja", text), text
    listing = page(as_applicant.get("/pengajuan/")).select_one("tbody tr").get_text(" ")
    assert complete_draft.reference in listing and "Diajukan" in listing and "30" in listing
    # Frozen: the form sends the applicant back to the detail page.
    assert as_applicant.get(block_url(complete_draft, "kegiatan"))["Location"] == reverse(
        "applications:detail", args=[complete_draft.pk]
    )


def test_revision_notes_are_shown_by_block(as_applicant, in_review, examiner):
    examination_services.request_revision(
        application=in_review,
        user=examiner,
        notes={"sampel": "Jelaskan kerangka sampel.", "kegiatan": "Perjelas judul."},
    )
    html = page(as_applicant.get(reverse("applications:detail", args=[in_review.pk])))
    notes = html.select_one(".notes")
    assert [h.text for h in notes.select("h3")] == ["Keterangan kegiatan", "V. Desain sampel"]
    assert "Jelaskan kerangka sampel." in notes.text
    assert "Perbaiki rancangan" in html.text


def test_withdrawal_asks_for_a_reason(as_applicant, submitted):
    url = reverse("applications:withdraw", args=[submitted.pk])
    response = as_applicant.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Alasan pembatalan" in page(response).select_one("#form-errors").text
    as_applicant.post(url, {"reason": "Kegiatan ditunda"})
    submitted.refresh_from_db()
    assert submitted.state == "withdrawn"
    detail = as_applicant.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    assert "Dibatalkan: Kegiatan ditunda" in detail


def test_a_second_withdrawal_gets_a_clear_message(as_applicant, submitted):
    url = reverse("applications:withdraw", args=[submitted.pk])
    as_applicant.post(url, {"reason": "Satu"})
    response = as_applicant.post(url, {"reason": "Dua"}, follow=True)
    assert "tidak dapat dibatalkan" in page(response).select_one(".messages").text


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("kuesioner.pdf", b"MZ\x90\x00" + b"\x00" * 200), "tidak diterima"),
        (SimpleUploadedFile("kuesioner.pdf", b""), "kosong"),
    ],
)
def test_refused_uploads_are_named(as_applicant, draft, upload, message):
    url = reverse("applications:attachments", args=[draft.pk])
    response = as_applicant.post(url, {"kind": "kuesioner", "file": upload})
    assert response.status_code == 400
    assert message in page(response).select_one("#id_file_error").text.lower()
    assert not draft.attachments.exists()


def test_uploads_are_listed_and_removed(as_applicant, draft):
    url = reverse("applications:attachments", args=[draft.pk])
    as_applicant.post(url, {"kind": "kuesioner", "file": pdf_upload("Kuesioner KOR.pdf")})
    attachment = draft.attachments.get()
    assert "Kuesioner KOR.pdf" in as_applicant.get(url).content.decode()
    # "Hapus" opens a confirmation page; its "Ya, hapus" form removes the file.
    (remove,) = page(as_applicant.get(url)).select("main li form[action$='/hapus/']")
    assert remove["method"] == "get"
    confirm = page(as_applicant.get(remove["action"])).select_one("main form[method=post]")
    fields = {i["name"]: i["value"] for i in confirm.select("input[type=hidden]")}
    as_applicant.post(confirm["action"], fields)
    assert (
        "Kuesioner KOR.pdf"
        not in page(as_applicant.get(url)).select_one("main ul, main .empty-state").text
    )
    attachment.refresh_from_db()
    assert attachment.removed_at is not None


def test_a_tampered_variables_table_loses_nothing(as_applicant, draft, applicant):
    fill(draft, applicant, {"perencanaan": complete_design(title="X")["perencanaan"]})
    response = as_applicant.post(
        block_url(draft, "perencanaan"), {"background": "Baru", "variabel-TOTAL_FORMS": "x"}
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.design["perencanaan"]["background"] == "Baru"
    assert len(draft.design["perencanaan"]["variables"]) == 2


def test_an_overdue_application_says_by_how_many_working_days(as_applicant, submitted):
    from procedures.applications.models import Application

    today = submitted.recorded_on
    # Due three working days before today, as if the office had let it slip.
    three_ago = today
    while (
        organisation_calendar.calendar_for(submitted.office).working_days_between(three_ago, today)
        < 3
    ):
        three_ago -= datetime.timedelta(days=1)
    Application.objects.filter(pk=submitted.pk).update(due_on=three_ago)
    row = page(as_applicant.get("/pengajuan/")).select_one("tbody tr").get_text(" ")
    assert "terlambat 3 hari kerja" in " ".join(row.split())


def test_the_submitted_version_shows_labels_not_codes(as_applicant, submitted):
    html = page(as_applicant.get(reverse("applications:detail", args=[submitted.pk])))
    facts = {dt.text: dt.find_next_sibling("dd").text for dt in html.select(".facts dt")}
    # A grouped list (probability / non-probability) and a flat one.
    assert facts["Metode pemilihan sampel tahap akhir"] == "Probability proportional to size (PPS)"
    assert facts["Cara pengumpulan data"] == "Survei"
