"""The examination page's possible duplicates: similar recommended activities
and similar applications still in progress at the same office (only what the
officer may see), with the variables they share; the holder cites one in the
header note, without JavaScript through the notes form."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from procedures.applications import services as application_services
from procedures.applications.models import AttachmentKind, ReviewNote
from procedures.demo import complete_design
from procedures.examination import selectors
from procedures.examination import services as examination_services
from procedures.organisations.models import AgencyLevel
from procedures.organisations.roles import Role
from search.services import drain
from tests.factories import publish_record

from ..conftest import fill, make_agency, make_user, pdf_upload

pytestmark = pytest.mark.django_db

TITLE = "Survei Ubinan Padi dan Palawija Kabupaten Banjarnegara"


def submit(user, title):
    application = application_services.create_application(user=user)
    fill(application, user, complete_design(title=title))
    application_services.add_attachment(
        application=application, user=user, kind=AttachmentKind.QUESTIONNAIRE, upload=pdf_upload()
    )
    return application_services.submit(application=application, user=user)


@pytest.fixture
def examined(offices, search_index, applicant, examiner):
    """The application being examined, a catalog record it repeats, and an
    application in progress of another agency of the same office."""
    record = publish_record(
        "B-7/33040/KS.000/2025",
        TITLE,
        variables=["Luas panen padi", "Produksi gabah kering giling"],
    )
    publish_record("B-8/33040/KS.000/2025", "Survei Wisatawan Dieng")
    drain()
    application = examination_services.take(application=submit(applicant, TITLE), user=examiner)
    health = make_agency("Dinas Kesehatan dan KB Kabupaten Banjarnegara")
    neighbour = submit(
        make_user("gizi@banjarnegarakab.go.id", agency=health),
        "Survei Ubinan Padi Kecamatan Batur",
    )
    return application, record, neighbour


@pytest.fixture
def foreign_in_progress(offices):
    """An application in progress at the provincial office (3300), titled alike."""
    province = make_agency(
        "Dinas Pertanian Provinsi Jawa Tengah", level=AgencyLevel.PROVINCE, region="3300"
    )
    other = make_user("tani@jatengprov.go.id", agency=province)
    application = submit(other, "Survei Ubinan Padi dan Palawija Jawa Tengah")
    assert application.office.code == "3300"
    return application


def page(client, application):
    response = client.get(reverse("examination:detail", args=[application.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section(html, heading_id):
    return html.select_one(f"ul[aria-labelledby={heading_id}]")


def test_the_examiner_sees_similar_records_and_applications_with_shared_variables(
    client, examined, examiner, foreign_in_progress
):
    application, record, neighbour = examined
    client.force_login(examiner)
    html = page(client, application)
    assert html.select_one("#duplikasi").text == "Kemungkinan duplikasi"

    recommended = section(html, "duplikasi-katalog").select(".similar-item")
    assert [item.select_one("a").text for item in recommended] == [TITLE]
    assert record.recommendation_number in recommended[0].text
    assert "kemungkinan duplikasi" in recommended[0].select_one(".badge").text

    (in_progress,) = section(html, "duplikasi-berjalan").select(".similar-item")
    link = in_progress.select_one("a")
    assert link.text == neighbour.title
    assert link["href"] == reverse("examination:detail", args=[neighbour.pk])
    assert neighbour.reference in in_progress.text and "Diajukan" in in_progress.text
    reasons = [li.text for li in in_progress.select(".similar-item__reasons li")]
    assert "Variabel yang sama: Luas panen; Harga jual di tingkat petani" in reasons
    # Another office's application, however alike, is not this office's to see.
    assert foreign_in_progress.title not in html.text
    assert foreign_in_progress.reference not in html.text


def test_the_same_office_lists_only_what_the_officer_may_open(
    examined, examiner, foreign_officer, foreign_in_progress
):
    application, _record, neighbour = examined
    found = selectors.possible_duplicates(examiner, application)
    assert [item.application for item in found.in_progress] == [neighbour]
    # An officer of another office: nothing of office 3304, even when asked directly.
    assert not selectors.comparable_applications(foreign_officer, application).exists()
    assert selectors.possible_duplicates(foreign_officer, application).in_progress == []


def test_strangers_and_other_offices_do_not_reach_the_page(
    client, examined, stranger, foreign_officer, applicant
):
    application, _record, neighbour = examined
    url = reverse("examination:detail", args=[application.pk])
    for user in (stranger, foreign_officer, applicant):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code in (403, 404), user
        assert neighbour.title.encode() not in response.content


def notes_post(client, application, **data):
    url = reverse("examination:notes", args=[application.pk])
    return client.post(url, data, follow=True)


def drafts(application):
    return dict(
        ReviewNote.objects.filter(application=application, sent_at=None).values_list(
            "block", "text"
        )
    )


def test_citing_a_record_without_javascript_keeps_the_typed_notes(client, examined, examiner):
    application, record, _neighbour = examined
    client.force_login(examiner)
    html = page(client, application)
    button = section(html, "duplikasi-katalog").select_one("button[name=cite]")
    assert (button["form"], button["value"]) == ("catatan", f"katalog:{record.pk}")
    assert html.select_one("form#catatan") is not None
    citation = f"Kemungkinan duplikasi dengan {TITLE} ({record.recommendation_number})"
    assert button["data-cite-text"] == citation

    response = notes_post(
        client,
        application,
        **{
            "note-kegiatan": "Periksa judul.",
            "note-sampel": "Jelaskan kerangka.",
            "cite": button["value"],
        },
    )
    assert "Kutipan kemungkinan duplikasi ditambahkan" in response.content.decode()
    assert drafts(application) == {
        "kegiatan": f"Periksa judul.\n{citation}",
        "sampel": "Jelaskan kerangka.",
    }
    # Citing again adds nothing; the page shows the note with the citation.
    response = notes_post(
        client,
        application,
        **{"note-kegiatan": drafts(application)["kegiatan"], "cite": button["value"]},
    )
    assert drafts(application)["kegiatan"] == f"Periksa judul.\n{citation}"
    html = BeautifulSoup(response.content, "html.parser")
    assert html.select_one("#note-kegiatan").text == f"Periksa judul.\n{citation}"


def test_citing_an_application_in_progress_names_its_reference(client, examined, examiner):
    application, _record, neighbour = examined
    client.force_login(examiner)
    notes_post(client, application, cite=f"pengajuan:{neighbour.pk}")
    assert drafts(application) == {
        "kegiatan": f"Kemungkinan duplikasi dengan {neighbour.title} ({neighbour.reference})"
    }


@pytest.mark.parametrize("cited", ["pengajuan:foreign", "pengajuan:self", "katalog:999999", "x"])
def test_a_citation_of_what_the_examiner_may_not_see_is_refused(
    client, examined, examiner, foreign_in_progress, cited
):
    application, _record, _neighbour = examined
    cited = {
        "pengajuan:foreign": f"pengajuan:{foreign_in_progress.pk}",
        "pengajuan:self": f"pengajuan:{application.pk}",
    }.get(cited, cited)
    client.force_login(examiner)
    response = notes_post(client, application, **{"note-kegiatan": "Catatan saya.", "cite": cited})
    assert "tidak ditemukan atau tidak dapat Anda lihat" in response.content.decode()
    # What was typed is kept; nothing of the other office was written.
    assert drafts(application) == {"kegiatan": "Catatan saya."}
    assert foreign_in_progress.title not in response.content.decode()


def test_only_the_holder_cites(client, examined, signatory, offices):
    application, record, _neighbour = examined
    other_examiner = make_user(
        "pemeriksa.lain@bps.go.id", office=offices["3304"], roles=[Role.EXAMINER]
    )
    for user in (signatory, other_examiner):
        client.force_login(user)
        html = page(client, application)
        assert html.select_one("button[name=cite]") is None
        # The list itself is there for every officer of the office.
        assert section(html, "duplikasi-katalog") is not None
        response = notes_post(client, application, cite=f"katalog:{record.pk}")
        assert response.status_code == 200
        assert drafts(application) == {}


def test_an_unreachable_engine_still_lists_the_applications(
    client, examined, examiner, search_engine_down
):
    application, _record, neighbour = examined
    client.force_login(examiner)
    html = page(client, application)
    assert "Daftar kegiatan serupa sedang tidak tersedia" in html.text
    assert neighbour.title in section(html, "duplikasi-berjalan").text
