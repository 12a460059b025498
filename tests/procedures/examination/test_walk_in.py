"""Walk-ins at the counter: the examiner adds a new agency while registering a
walk-in (proposed, confirmed like any other; one transaction with the
application; never a second agency of the same name in a region), and prints a
receipt for the visitor that only the officers of the application's office see."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from procedures.applications import services as application_services
from procedures.applications.models import Application, AttachmentKind
from procedures.demo import complete_design
from procedures.examination import reminders
from procedures.examination import services as examination_services
from procedures.notifications.models import Notification
from procedures.organisations import services as organisation_services
from procedures.organisations.models import Agency, AgencyEvent, AgencyLevel, ApplicantProfile
from procedures.organisations.roles import Role
from procedures.organisations.services import DuplicateAgency
from tests.procedures.pages import client_for, page

from ..conftest import DUE_FROM_KNOWN_DAY, fill, make_agency, make_user, pdf_upload

pytestmark = pytest.mark.django_db

NEW_AGENCY = {
    "name": "Dinas Pemuda dan Olahraga Kabupaten Banjarnegara",
    "level": AgencyLevel.OPD,
    "region_code": "3304",
    "region_name": "Kabupaten Banjarnegara",
    "address": "Jl. Selamanik No. 7, Banjarnegara",
    "phone": "0286-591234",
    "email": "dispora@banjarnegarakab.go.id",
}


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


def facts(response) -> dict[str, str]:
    return {
        words(dt): words(dt.find_next_sibling("dd"))
        for dt in page(response).select(".receipt .facts dt")
    }


def new_agency_post(**changes) -> dict:
    data = {"instansi": "baru", **{f"baru-{k}": v for k, v in NEW_AGENCY.items()}}
    data.update(changes)
    return data


@pytest.fixture
def walk_in(offices, agency, examiner) -> Application:
    return examination_services.register_offline(agency=agency, user=examiner)


# --- A new agency at the counter ---------------------------------------------------


def copied_and_submitted(application, examiner, title: str) -> Application:
    """The paper form copied into the design, its scan attached, submitted."""
    fill(application, examiner, complete_design(title=title, survey=False))
    application_services.add_attachment(
        application=application,
        user=examiner,
        kind=AttachmentKind.SCANNED_FORM,
        upload=pdf_upload("frkss-pindaian.pdf", "FRKSS ditandatangani"),
    )
    return application_services.submit(application=application, user=examiner)


def test_a_walk_in_with_a_new_agency_proposes_it_and_registers_the_application(
    offices, examiner, django_capture_on_commit_callbacks
):
    steward = make_user("admin.kantor@bps.go.id", office=offices["3304"], roles=[Role.OFFICE_ADMIN])
    with django_capture_on_commit_callbacks(execute=True):
        application = examination_services.register_offline_with_new_agency(
            user=examiner, agency_fields=NEW_AGENCY
        )

    agency = application.agency
    assert (agency.name, agency.office, agency.is_confirmed, agency.proposed_by) == (
        NEW_AGENCY["name"],
        offices["3304"],
        False,
        examiner,
    )
    assert (application.channel, application.state, application.created_by) == (
        "offline",
        "draft",
        examiner,
    )
    assert application.reference.startswith(f"REK-3304-{timezone.localdate().year}-")
    # The examiner records it; they do not become a member of the agency.
    assert not ApplicantProfile.objects.filter(user=examiner).exists()
    assert AgencyEvent.objects.filter(
        agency=agency, kind="agency_proposed", actor=examiner
    ).exists()
    (told,) = [m for m in mail.outbox if "Usulan instansi baru" in m.subject]
    assert steward.email in told.to


def test_the_new_agency_and_its_application_are_one_transaction(offices, examiner):
    """The agency is written first; when the application is then refused (here:
    nowhere to send its receipt), the agency goes too: no half-written record."""
    without_email = {**NEW_AGENCY, "email": ""}
    with pytest.raises(ValidationError) as refused:
        examination_services.register_offline_with_new_agency(
            user=examiner, agency_fields=without_email
        )
    assert "email" in refused.value.error_dict
    assert not Agency.objects.filter(name=NEW_AGENCY["name"]).exists()
    assert not Application.objects.exists()


def test_only_an_examiner_of_the_regions_office_adds_an_agency(
    offices, examiner, foreign_officer, applicant
):
    for user in (applicant,):
        with pytest.raises(PermissionDenied):
            examination_services.register_offline_with_new_agency(
                user=user, agency_fields=NEW_AGENCY
            )
    # An officer of the province may not add a regency's agency to their office.
    with pytest.raises(ValidationError) as refused:
        examination_services.register_offline_with_new_agency(
            user=foreign_officer, agency_fields=NEW_AGENCY
        )
    assert "region_code" in refused.value.error_dict
    assert "BPS Kabupaten Banjarnegara" in " ".join(refused.value.message_dict["region_code"])
    assert not Agency.objects.filter(name=NEW_AGENCY["name"]).exists()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [
        "Dinas Pertanian dan Pangan Kabupaten Banjarnegara",
        "  dinas PERTANIAN dan pangan,  kabupaten banjarnegara. ",
    ],
)
def test_a_duplicate_agency_name_suggests_the_existing_one(offices, agency, examiner, typed):
    before = Agency.objects.count()
    with pytest.raises(ValidationError) as refused:
        examination_services.register_offline_with_new_agency(
            user=examiner, agency_fields={**NEW_AGENCY, "name": typed}
        )
    assert refused.value.existing == agency
    assert agency.name in " ".join(refused.value.message_dict["name"])
    assert Agency.objects.count() == before
    assert not Application.objects.exists()


def test_the_same_name_in_another_region_is_another_agency(offices, examiner):
    make_agency(
        "Dinas Pemuda dan Olahraga Kabupaten Banjarnegara",
        region="3300",
        level=AgencyLevel.PROVINCE,
    )
    application = examination_services.register_offline_with_new_agency(
        user=examiner, agency_fields=NEW_AGENCY
    )
    assert application.agency.region_code == "3304"


# --- The walk-in form -----------------------------------------------------------------


def test_the_form_registers_a_walk_in_with_a_new_agency_and_shows_the_receipt(offices, examiner):
    client = client_for(examiner)
    response = client.post(reverse("examination:offline"), new_agency_post())
    application = Application.objects.get(channel="offline")
    assert response.status_code == 302
    assert response["Location"] == reverse("examination:receipt", args=[application.pk])
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert facts(receipt)["Instansi"].startswith(NEW_AGENCY["name"])
    assert "menunggu konfirmasi" in facts(receipt)["Instansi"]


def test_a_validation_error_keeps_what_the_examiner_typed(offices, examiner):
    client = client_for(examiner)
    response = client.post(
        reverse("examination:offline"),
        new_agency_post(**{"baru-region_code": "33O4", "baru-email": "dispora@banjarnegarakab"}),
    )
    assert response.status_code == 400
    html = page(response)
    named = {a["href"] for a in html.select("#form-errors li a")}
    assert named == {"#id_baru-region_code", "#id_baru-email"}
    assert html.select_one("#id_baru-name")["value"] == NEW_AGENCY["name"]
    assert html.select_one("#id_baru-address")["value"] == NEW_AGENCY["address"]
    assert html.select_one("#id_baru-region_code")["value"] == "33O4"
    assert html.select_one("#id_baru-email")["value"] == "dispora@banjarnegarakab"
    assert html.select_one("input[name='baru-level'][value='opd']").has_attr("checked")
    assert html.select_one("input[name='instansi'][value='baru']").has_attr("checked")
    assert not Agency.objects.filter(name=NEW_AGENCY["name"]).exists()
    assert not Application.objects.exists()


def test_the_new_agency_fields_are_required_only_for_a_new_agency(offices, agency, examiner):
    client = client_for(examiner)
    response = client.post(reverse("examination:offline"), {"instansi": "baru"})
    assert response.status_code == 400
    named = {a["href"] for a in page(response).select("#form-errors li a")}
    assert {"#id_baru-name", "#id_baru-region_code", "#id_baru-email"} <= named
    assert "#id_agency" not in named
    # Choosing a registered agency ignores the (empty) new-agency fields.
    response = client.post(
        reverse("examination:offline"), {"instansi": "terdaftar", "agency": agency.pk}
    )
    assert response.status_code == 302


def test_the_form_offers_the_existing_agency_for_a_duplicate_name(offices, agency, examiner):
    client = client_for(examiner)
    typed = new_agency_post(**{"baru-name": "DINAS PERTANIAN DAN PANGAN KABUPATEN BANJARNEGARA"})
    response = client.post(reverse("examination:offline"), typed)
    assert response.status_code == 400
    html = page(response)
    assert {a["href"] for a in html.select("#form-errors li a")} == {"#id_baru-name"}
    assert "sudah terdaftar" in words(html.select_one("#form-errors"))
    (offer,) = html.select("a.walk-in__use")
    assert agency.name in words(offer)
    assert html.select_one("#id_baru-address")["value"] == NEW_AGENCY["address"]
    assert Agency.objects.count() == 1 and not Application.objects.exists()

    # The offer opens the form with that agency chosen (a link: Enter in a field
    # still submits the form, never "use the other one").
    chosen = page(client.get(offer["href"]))
    assert chosen.select_one(f"#id_agency option[value='{agency.pk}']").has_attr("selected")
    assert chosen.select_one("input[name='instansi'][value='terdaftar']").has_attr("checked")
    response = client.post(
        reverse("examination:offline"), {"instansi": "terdaftar", "agency": agency.pk}
    )
    assert response.status_code == 302
    assert Application.objects.get(channel="offline").agency == agency
    assert Agency.objects.count() == 1


# --- Confirming the new agency ------------------------------------------------------


def test_the_new_agency_waits_for_confirmation_where_agencies_are_confirmed(
    offices, examiner, django_capture_on_commit_callbacks
):
    client = client_for(examiner)
    client.post(reverse("examination:offline"), new_agency_post())
    application = Application.objects.get(channel="offline")
    agency = application.agency
    assert not agency.is_confirmed

    members_page = page(client.get(reverse("organisations:office_members")))
    heading = members_page.select_one(f"#instansi-{agency.pk}")
    assert "belum dikonfirmasi" in words(heading)

    detail = page(client.get(reverse("examination:detail", args=[application.pk])))
    confirm = detail.select_one(
        f"form[action='{reverse('examination:confirm_agency', args=[application.pk])}']"
    )
    assert confirm is not None and NEW_AGENCY["name"] in words(confirm)

    # Copied and submitted before the confirmation: it waits for it, no clock.
    with django_capture_on_commit_callbacks(execute=True):
        application = copied_and_submitted(application, examiner, "Survei Minat Olahraga")
    assert (application.state, application.due_on) == ("awaiting_agency", None)

    response = client.post(reverse("examination:confirm_agency", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.agency.is_confirmed
    assert (application.state, application.due_on is not None) == ("submitted", True)


def test_send_reminders_still_alerts_about_a_walk_in_of_an_unconfirmed_agency(
    offices, examiner, monkeypatch, django_capture_on_commit_callbacks
):
    """Issue 16: what waits for an agency's confirmation is told to the office's
    coordinators at once, and to the parent office's after its threshold."""
    signatory = make_user("kepala.uji@bps.go.id", office=offices["3304"], roles=[Role.SIGNATORY])
    parent = make_user("kepala@jateng.bps.go.id", office=offices["3300"], roles=[Role.SIGNATORY])

    def on(day: datetime.date):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        monkeypatch.setattr(timezone, "now", lambda: moment)

    on(datetime.date(2026, 9, 7))
    application = examination_services.register_offline_with_new_agency(
        user=examiner, agency_fields=NEW_AGENCY
    )
    with django_capture_on_commit_callbacks(execute=True):
        copied_and_submitted(application, examiner, "Survei Minat Olahraga")
    (own,) = Notification.objects.filter(kind="unattended")
    assert signatory.email in own.recipients

    threshold = offices["3304"].parent_alert_working_days
    later = datetime.date(2026, 9, 7 + threshold + 1)  # a Monday + 4 weekdays
    on(later)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(today=later)
    alerts = list(Notification.objects.filter(kind="unattended").order_by("pk"))
    assert len(alerts) == 2 and alerts[-1].recipients == [parent.email]


# --- The receipt ----------------------------------------------------------------------


def test_the_receipt_shows_reference_dates_office_and_next_steps_in_indonesian(
    on_known_day, offices, agency, examiner
):
    application = examination_services.register_offline(agency=agency, user=examiner)
    response = client_for(examiner).get(reverse("examination:receipt", args=[application.pk]))
    assert response.status_code == 200
    shown = facts(response)
    assert shown["Nomor pengajuan"] == application.reference
    assert shown["Tanggal diterima"] == "7 September 2026"
    assert shown["Batas waktu"].startswith("19 Oktober 2026")
    assert "30 hari kerja" in shown["Batas waktu"]
    assert shown["Kantor BPS"].startswith("BPS Kabupaten Banjarnegara")
    assert shown["Instansi"] == agency.name
    assert shown["Diterima oleh"].startswith("Uji")
    text = words(page(response).select_one(".receipt"))
    for step in ("pemeriksaan", "perbaikan", "surat", "/verifikasi/", offices["3304"].email):
        assert step in text, step
    assert "2026-09-07" not in response.content.decode()
    assert "2026-10-19" not in response.content.decode()
    assert DUE_FROM_KNOWN_DAY == datetime.date(2026, 10, 19)


def test_the_receipt_of_a_submitted_walk_in_shows_its_due_date(
    on_known_day, offices, agency, examiner
):
    application = examination_services.register_offline(agency=agency, user=examiner)
    application = copied_and_submitted(application, examiner, "Kompilasi Data Pasar")
    response = client_for(examiner).get(reverse("examination:receipt", args=[application.pk]))
    shown = facts(response)
    assert shown["Batas waktu"] == "19 Oktober 2026"
    assert shown["Judul kegiatan"] == "Kompilasi Data Pasar"
    assert shown["Nomor pengajuan"] == application.reference


def test_the_receipt_of_an_unconfirmed_agency_says_when_the_clock_starts(offices, examiner):
    application = examination_services.register_offline_with_new_agency(
        user=examiner, agency_fields=NEW_AGENCY
    )
    response = client_for(examiner).get(reverse("examination:receipt", args=[application.pk]))
    assert "sejak instansi dikonfirmasi" in facts(response)["Batas waktu"]


def test_only_officers_of_the_office_see_the_receipt(
    offices, walk_in, agency, applicant, signatory, foreign_officer, client
):
    url = reverse("examination:receipt", args=[walk_in.pk])
    assert client_for(signatory).get(url).status_code == 200
    # The provincial officer reads the offices below; the receipt is not theirs.
    foreign_officer.officer.reads_offices_below = True
    foreign_officer.officer.save()
    for user in (foreign_officer, applicant):
        assert client_for(user).get(url).status_code == 404, user
    assert client.get(url).status_code == 302  # to the log-in page


def test_an_online_application_has_no_counter_receipt(offices, examiner, applicant):
    online = application_services.create_application(user=applicant)
    response = client_for(examiner).get(reverse("examination:receipt", args=[online.pk]))
    assert response.status_code == 404
    detail = page(client_for(examiner).get(reverse("examination:detail", args=[online.pk])))
    assert not detail.select(f"a[href='{reverse('examination:receipt', args=[online.pk])}']")


def test_the_examination_page_of_a_walk_in_links_to_its_receipt(offices, walk_in, examiner):
    detail = page(client_for(examiner).get(reverse("examination:detail", args=[walk_in.pk])))
    (link,) = detail.select(f"a[href='{reverse('examination:receipt', args=[walk_in.pk])}']")
    assert "Tanda terima" in words(link)


def test_the_receipt_page_prints_without_the_sites_frame(offices, walk_in, examiner):
    html = page(client_for(examiner).get(reverse("examination:receipt", args=[walk_in.pk])))
    assert html.select_one("script[src$='js/print.js'][defer]") is not None
    assert not html.select("script:not([src])")
    assert html.select_one("[data-print]") is not None
    assert "Ctrl+P" in words(html.select_one("main"))


def test_the_receipt_names_both_waits_where_the_walidata_checks_first(offices, examiner):
    type(offices["3304"]).objects.filter(pk=offices["3304"].pk).update(walidata_required=True)
    application = examination_services.register_offline_with_new_agency(
        user=examiner, agency_fields=NEW_AGENCY
    )
    response = client_for(examiner).get(reverse("examination:receipt", args=[application.pk]))
    due = facts(response)["Batas waktu"]
    assert "sejak instansi dikonfirmasi BPS dan walidata wilayah mengonfirmasi" in due


def test_an_applicant_cannot_propose_a_second_agency_of_the_same_name(offices, agency):
    newcomer = make_user("staf.baru@banjarnegarakab.go.id")
    with pytest.raises(DuplicateAgency) as refused:
        organisation_services.propose_agency(
            user=newcomer, fields={**NEW_AGENCY, "name": agency.name.lower()}
        )
    assert refused.value.existing == agency
    assert Agency.objects.count() == 1
    assert not ApplicantProfile.objects.filter(user=newcomer).exists()
