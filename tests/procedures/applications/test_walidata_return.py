"""The walidata's side of a submission: they are e-mailed when it waits for
them, may return it to the agency with notes (`walidata_return`), and the agency
edits and sends it back (`resubmit_to_walidata`, a new frozen version). Through
the pages, as the people would; real database and Django's outbox."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from procedures.applications import services as application_services
from procedures.applications.models import Application
from procedures.examination import services as examination_services
from procedures.notifications.models import Notification
from procedures.organisations.models import WalidataProfile
from procedures.organisations.roles import Role
from procedures.rules import TransitionRefused
from tests.procedures.pages import client_for, page

from ..conftest import DUE_FROM_KNOWN_DAY, make_user

pytestmark = pytest.mark.django_db

NOTES = "Lengkapi definisi variabel luas panen dan sebutkan sumber kerangka sampelnya."


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


def make_walidata(email: str, region: str = "3304", *, role=True, active=True):
    user = make_user(email, roles=[Role.WALIDATA] if role else [])
    WalidataProfile.objects.create(user=user, region_code=region, institution="Diskominfo")
    if not active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user


def fresh(application) -> Application:
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def walidata(offices):
    return make_walidata("walidata.uji@banjarnegarakab.go.id")


@pytest.fixture
def second_walidata(offices):
    return make_walidata("walidata.dua@banjarnegarakab.go.id")


@pytest.fixture
def waiting(complete_draft, applicant, walidata, second_walidata):
    """The survey submitted to an office that asks for the walidata's check."""
    office = complete_draft.office
    office.walidata_required = True
    office.save(update_fields=["walidata_required"])
    application = application_services.submit(application=complete_draft, user=applicant)
    assert application.state == "awaiting_walidata"
    mail.outbox.clear()
    return application


def snapshot(application) -> dict:
    application = fresh(application)
    return {
        "state": application.state,
        "lock_version": application.lock_version,
        "events": list(application.events.values_list("kind", "actor_id")),
        "notifications": sorted(application.notifications.values_list("kind", flat=True)),
    }


# --- The walidata is told ---------------------------------------------------------------


def test_every_walidata_of_the_region_is_emailed_when_a_submission_waits(
    complete_draft, applicant, walidata, second_walidata, django_capture_on_commit_callbacks
):
    make_walidata("walidata.lama@banjarnegarakab.go.id", active=False)
    make_walidata("staf.kominfo@banjarnegarakab.go.id", role=False)
    make_walidata("walidata@jatengprov.go.id", region="3300")
    office = complete_draft.office
    office.walidata_required = True
    office.save(update_fields=["walidata_required"])

    with django_capture_on_commit_callbacks(execute=True):
        application = application_services.submit(application=complete_draft, user=applicant)

    (message,) = mail.outbox
    assert sorted(message.to) == sorted([walidata.email, second_walidata.email])
    assert message.subject == f"[{application.reference}] Pengajuan menunggu konfirmasi walidata"
    assert "menunggu konfirmasi Anda sebagai walidata" in message.body
    assert application.title in message.body
    # Their page, and the application itself where they read, confirm or return.
    assert "http://testserver/pemeriksaan/\n" in message.body
    assert f"http://testserver/pengajuan/{application.pk}/" in message.body


def test_a_region_without_walidata_tells_the_office_instead(
    complete_draft, applicant, signatory, django_capture_on_commit_callbacks
):
    office = complete_draft.office
    office.walidata_required = True
    office.save(update_fields=["walidata_required"])

    with django_capture_on_commit_callbacks(execute=True):
        application_services.submit(application=complete_draft, user=applicant)

    (message,) = mail.outbox
    assert message.to == [signatory.email]
    assert "belum ada akun walidata aktif untuk wilayah itu" in message.body


# --- The round trip ---------------------------------------------------------------------


def test_the_walidata_returns_with_notes_and_the_agency_resubmits(
    on_known_day, waiting, applicant, walidata, second_walidata, django_capture_on_commit_callbacks
):
    walidata_client = client_for(walidata)
    form = page(walidata_client.get(reverse("examination:queue"))).select(
        f"form[action='{reverse('examination:walidata_return', args=[waiting.pk])}']"
    )
    assert form and form[0].select_one("textarea[name=notes]")

    with django_capture_on_commit_callbacks(execute=True):
        response = walidata_client.post(
            reverse("examination:walidata_return", args=[waiting.pk]),
            {"notes": f"  {NOTES}  "},
            follow=True,
        )
    assert "dikembalikan ke instansi" in words(page(response).select_one(".messages"))
    application = fresh(waiting)
    assert application.state == "walidata_returned"
    assert (application.recorded_on, application.due_on, application.reached_office_at) == (
        None,
        None,
        None,
    )
    event = application.events.get(kind="walidata_return")
    assert (event.actor, event.note, event.from_state, event.to_state) == (
        walidata,
        NOTES,
        "awaiting_walidata",
        "walidata_returned",
    )
    # The applicant is e-mailed the notes.
    (returned,) = mail.outbox
    assert returned.to == [applicant.email]
    assert "Dikembalikan walidata" in returned.subject
    assert NOTES in returned.body
    # The walidata's list no longer holds it, nor can they read it any more.
    assert not page(walidata_client.get(reverse("examination:queue"))).select("article.card")
    detail_url = reverse("applications:detail", args=[application.pk])
    assert walidata_client.get(detail_url).status_code == 404

    # The applicant reads the notes on the application's page and may edit.
    applicant_client = client_for(applicant)
    html = page(applicant_client.get(detail_url))
    section = html.select_one("section[aria-labelledby=catatan-walidata]")
    assert NOTES in words(section)
    assert "Dikembalikan Walidata" in words(html.select_one(".status"))
    assert html.select_one("a[href$='/ajukan/']").get_text(strip=True) == (
        "Ajukan kembali ke walidata"
    )
    edit = reverse("applications:edit_block", args=[application.pk, "kegiatan"])
    design = dict(application.design["kegiatan"], title="Survei Pertanian Banjarnegara (revisi)")
    assert applicant_client.post(edit, design).status_code == 302
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(
            reverse("applications:submit", args=[application.pk]),
            {"lock_version": fresh(application).lock_version},
            follow=True,
        )
    assert "dikirim ke walidata" in words(page(response).select_one(".messages"))
    application = fresh(application)
    assert application.state == "awaiting_walidata"
    assert application.due_on is None  # the clock still waits for the walidata
    assert list(application.versions.values_list("number", flat=True)) == [1, 2]
    assert application.versions.get(number=2).design["kegiatan"]["title"].endswith("(revisi)")
    assert application.versions.get(number=1).design["kegiatan"]["title"] == (
        "Survei Pertanian Banjarnegara"
    )
    resubmitted = application.events.get(kind="resubmit_to_walidata")
    assert resubmitted.data["version"] == 2
    (again,) = mail.outbox
    assert sorted(again.to) == sorted([walidata.email, second_walidata.email])
    assert "memperbaiki dan mengajukan kembali" in again.body
    assert walidata_client.get(detail_url).status_code == 200  # theirs to read again
    # Answered: the notes are history now (the timeline), no longer a call to act.
    html = page(applicant_client.get(detail_url))
    assert not html.select("section[aria-labelledby=catatan-walidata]")
    assert not html.select(f"a[href='{edit}']")

    # Confirmed this time: to the office, with its clock.
    examination_services.walidata_confirm(application=application, user=second_walidata)
    application = fresh(application)
    assert (application.state, application.due_on) == ("submitted", DUE_FROM_KNOWN_DAY)
    timeline = [
        words(item) for item in page(applicant_client.get(detail_url)).select(".timeline li")
    ]
    assert any(f"Dikembalikan walidata ke instansi: {NOTES}" in line for line in timeline)
    assert any("Diajukan kembali ke walidata (versi 2)" in line for line in timeline)


def test_returning_needs_notes_and_the_error_names_the_field(waiting, walidata):
    before = snapshot(waiting)
    response = client_for(walidata).post(
        reverse("examination:walidata_return", args=[waiting.pk]), {"notes": "   "}
    )
    assert response.status_code == 400
    html = page(response)
    textarea = html.select_one(f"#return-notes-{waiting.pk}")
    assert textarea["aria-invalid"] == "true"
    error = html.select_one(f"#return-notes-{waiting.pk}-error")
    assert "Catatan untuk instansi wajib diisi" in words(error)
    assert f"return-notes-{waiting.pk}-error" in textarea["aria-describedby"]
    assert snapshot(waiting) == before
    with pytest.raises(ValidationError) as refused:
        examination_services.walidata_return(application=waiting, user=walidata, notes="")
    assert list(refused.value.error_dict) == ["notes"]
    assert snapshot(waiting) == before


@pytest.mark.parametrize("who", ["applicant", "examiner", "signatory", "other_region", "no_role"])
def test_only_the_regions_walidata_may_return(
    waiting, applicant, examiner, signatory, offices, who
):
    user = {
        "applicant": applicant,
        "examiner": examiner,
        "signatory": signatory,
        "other_region": lambda: make_walidata("walidata@jatengprov.go.id", region="3300"),
        "no_role": lambda: make_walidata("staf@banjarnegarakab.go.id", role=False),
    }[who]
    user = user() if callable(user) else user
    before = snapshot(waiting)
    with pytest.raises(PermissionDenied):
        examination_services.walidata_return(application=waiting, user=user, notes=NOTES)
    # Through the page: nothing of another region's (or nobody's) is theirs to find.
    response = client_for(user).post(
        reverse("examination:walidata_return", args=[waiting.pk]), {"notes": NOTES}
    )
    assert response.status_code == 404
    assert snapshot(waiting) == before


def test_only_a_returned_submission_goes_back_to_the_walidata(
    waiting, applicant, walidata, colleague, stranger
):
    examination_services.walidata_return(application=waiting, user=walidata, notes=NOTES)
    with pytest.raises(PermissionDenied):
        application_services.submit(application=fresh(waiting), user=stranger)
    with pytest.raises(TransitionRefused):
        examination_services.walidata_confirm(application=fresh(waiting), user=walidata)
    with pytest.raises(TransitionRefused):
        examination_services.walidata_return(application=fresh(waiting), user=walidata, notes="x")
    # A colleague of the agency acts for it too; withdrawing is possible from here.
    application_services.withdraw(application=fresh(waiting), user=colleague, reason="Batal.")
    assert fresh(waiting).state == "withdrawn"


def test_two_walidata_at_once_one_wins_and_the_other_is_told(
    waiting, walidata, second_walidata, django_capture_on_commit_callbacks
):
    # Both opened the list before either acted.
    first = client_for(walidata)
    second = client_for(second_walidata)
    assert page(first.get(reverse("examination:queue"))).select("article.card")
    assert page(second.get(reverse("examination:queue"))).select("article.card")

    with django_capture_on_commit_callbacks(execute=True):
        first.post(reverse("examination:walidata_return", args=[waiting.pk]), {"notes": NOTES})
    before = snapshot(waiting)
    response = second.post(
        reverse("examination:walidata_confirm", args=[waiting.pk]), {"note": ""}, follow=True
    )
    assert response.status_code == 200
    message = words(page(response).select_one(".messages"))
    assert "tidak lagi menunggu konfirmasi walidata" in message
    assert "Dikembalikan Walidata" in message and "walidata lain" in message
    response = second.post(
        reverse("examination:walidata_return", args=[waiting.pk]), {"notes": "Lain."}, follow=True
    )
    assert "walidata lain" in words(page(response).select_one(".messages"))
    assert snapshot(waiting) == before
    assert fresh(waiting).events.filter(kind__startswith="walidata_").count() == 1
    assert Notification.objects.filter(kind="walidata_returned").count() == 1


def test_a_stale_copy_of_the_walidata_is_refused(waiting, walidata, second_walidata):
    """The same race at the service: the second works on what it loaded before."""
    mine, theirs = fresh(waiting), fresh(waiting)
    examination_services.walidata_confirm(application=mine, user=walidata)
    with pytest.raises(TransitionRefused, match="walidata lain"):
        examination_services.walidata_return(application=theirs, user=second_walidata, notes=NOTES)
    assert fresh(waiting).state == "submitted"
