"""The FRKSS form's "Kegiatan serupa yang sudah direkomendasikan" panel (there
after "Simpan" without JavaScript) and the warning on "Ajukan", which never
blocks the submission."""

import pytest
from django.urls import reverse

from procedures.applications import selectors
from procedures.applications import services as application_services
from procedures.applications.models import ApplicationState, AttachmentKind
from procedures.demo import complete_design
from search.services import drain
from tests.factories import publish_record
from tests.procedures.pages import page

from ..conftest import fill, pdf_upload
from .conftest import block_url

pytestmark = pytest.mark.django_db

DUPLICATE = "Survei Ubinan Padi dan Palawija Kabupaten Banjarnegara"


@pytest.fixture
def catalog(offices, search_index):
    """Two recommended activities, indexed: one the applicant is about to repeat."""
    records = {
        "ubinan": publish_record(
            "B-7/33040/KS.000/2025",
            DUPLICATE,
            objective="Mengukur produktivitas padi dan palawija.",
            variables=["Luas panen padi", "Produksi gabah kering giling"],
        ),
        "wisata": publish_record("B-8/33040/KS.000/2025", "Survei Wisatawan Dieng"),
    }
    drain()
    return records


def panel(html):
    return html.select_one("section#kegiatan-serupa")


def header(title):
    return {"title": title, "year": "2027", "collection_way": "2", "sector": "1", "simpan": ""}


def test_the_panel_appears_after_simpan_without_javascript(as_applicant, draft, catalog):
    empty = panel(page(as_applicant.get(block_url(draft, "kegiatan"))))
    assert "Belum ada kegiatan serupa" in empty.select_one(".similar-panel__status").text
    assert not empty.select(".similar-item")

    response = as_applicant.post(block_url(draft, "kegiatan"), header(DUPLICATE))
    assert response.status_code == 302
    html = page(as_applicant.get(response["Location"]))
    found = panel(html)
    assert found.select_one("h2").text == "Kegiatan serupa yang sudah direkomendasikan"
    status = found.select_one(".similar-panel__status")
    assert status["aria-live"] == "polite" and status.text == "1 kegiatan serupa ditemukan"
    (item,) = found.select(".similar-item")
    link = item.select_one("a")
    assert (link.text, link["href"]) == (DUPLICATE, catalog["ubinan"].get_absolute_url())
    assert "kemungkinan duplikasi" in item.select_one(".badge").text
    assert "B-7/33040/KS.000/2025" in item.text
    reasons = [li.text for li in item.select(".similar-item__reasons li")]
    assert reasons[0].startswith("Judul memuat kata yang sama: ubinan, padi, palawija")
    assert "Wilayah sama: BPS Kabupaten Banjarnegara" in reasons
    # What the script refreshes from, and no inline script (the CSP allows none).
    assert found["data-similar-url"] == "/api/v1/activities/similar"
    assert (found["data-title"], found["data-office"], found["data-year"]) == (
        DUPLICATE,
        "3304",
        "2027",
    )
    assert all(script.get("src") for script in html.select("script"))
    assert any("js/similar.js" in script["src"] for script in html.select("script"))


def test_the_panel_after_a_refused_save_shows_what_was_saved(as_applicant, draft, catalog):
    data = {**header(DUPLICATE), "year": "tahun depan"}
    response = as_applicant.post(block_url(draft, "kegiatan"), data)
    assert response.status_code == 400
    assert panel(page(response)).select_one(".similar-item a").text == DUPLICATE


def test_the_planning_block_compares_the_variables_with_the_stored_title(
    as_applicant, draft, applicant, catalog
):
    fill(draft, applicant, {"kegiatan": {"title": "Pendataan Ubinan Padi", "year": 2027}})
    data = {
        "objectives": "Mengukur produktivitas padi.",
        "variabel-TOTAL_FORMS": "2",
        "variabel-INITIAL_FORMS": "0",
        "variabel-0-name": "Luas panen",
        "variabel-1-name": "Produksi gabah kering giling",
        "simpan": "",
    }
    response = as_applicant.post(block_url(draft, "perencanaan"), data, follow=True)
    found = panel(page(response))
    assert found["data-title"] == "Pendataan Ubinan Padi"
    assert found["data-variables"] == "Luas panen\nProduksi gabah kering giling"
    reasons = [li.text for li in found.select(".similar-item__reasons li")]
    assert "Variabel yang sama: Luas panen padi; Produksi gabah kering giling" in reasons


def test_the_panel_is_only_where_title_objective_and_variables_are_written(
    as_applicant, draft, catalog
):
    assert panel(page(as_applicant.get(block_url(draft, "penyelenggara")))) is None
    assert panel(page(as_applicant.get(block_url(draft, "perencanaan")))) is not None


def test_an_unreachable_engine_leaves_the_form_working(as_applicant, draft, search_engine_down):
    response = as_applicant.post(block_url(draft, "kegiatan"), header(DUPLICATE))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == DUPLICATE
    html = page(as_applicant.get(response["Location"]))
    assert "sedang tidak tersedia" in panel(html).select_one(".similar-panel__status").text


def test_ajukan_warns_of_a_near_duplicate_and_still_submits(
    as_applicant, draft, applicant, catalog
):
    fill(draft, applicant, complete_design(title=DUPLICATE))
    application_services.add_attachment(
        application=draft, user=applicant, kind=AttachmentKind.QUESTIONNAIRE, upload=pdf_upload()
    )
    url = reverse("applications:submit", args=[draft.pk])
    html = page(as_applicant.get(url))
    warning = html.select_one("#kemungkinan-duplikasi")
    assert "Kemungkinan duplikasi." in warning.text
    assert [a.text for a in warning.select(".similar-item > a")] == [DUPLICATE]
    assert "Anda tetap dapat mengajukannya" in warning.text
    assert html.select_one("form.actions button[type=submit]").text.strip() == "Ajukan"

    seen = html.select_one("input[name=lock_version]")["value"]
    response = as_applicant.post(url, {"lock_version": seen})
    draft.refresh_from_db()
    assert response.status_code == 302 and draft.state == ApplicationState.SUBMITTED


def test_no_warning_without_a_near_duplicate(as_applicant, complete_draft, catalog):
    html = page(as_applicant.get(reverse("applications:submit", args=[complete_draft.pk])))
    assert html.select_one("#kemungkinan-duplikasi") is None


def test_the_near_duplicate_threshold_decides_the_warning(draft, applicant, catalog, monkeypatch):
    fill(draft, applicant, complete_design(title=DUPLICATE))
    found = selectors.similar_recommended(draft)
    (item,) = [i for i in found.items if i.record == catalog["ubinan"]]
    assert found.near_duplicates == [item]
    from catalog import similarity

    monkeypatch.setattr(similarity, "NEAR_DUPLICATE_SCORE", item.similarity.score + 0.001)
    assert selectors.similar_recommended(draft).near_duplicates == []


def test_the_panel_never_shows_another_agencys_application(as_applicant, draft, stranger, catalog):
    """Only the public catalog: an application in progress of another agency,
    with the very title the applicant types, stays invisible."""
    other = stranger
    secret = application_services.create_application(user=other)
    title = "Survei Rahasia Gizi Balita Kecamatan Batur"
    fill(secret, other, complete_design(title=title))
    application_services.add_attachment(
        application=secret, user=other, kind=AttachmentKind.QUESTIONNAIRE, upload=pdf_upload()
    )
    application_services.submit(application=secret, user=other)

    response = as_applicant.post(block_url(draft, "kegiatan"), header(title), follow=True)
    found = panel(page(response))
    assert title not in found.text and not found.select(".similar-item")
    assert secret.reference not in response.content.decode()
    api = as_applicant.get("/api/v1/activities/similar", {"title": title}).json()
    assert api == {"results": []}
