"""Completeness, submission, versions, the clock, revisions and withdrawal."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format

from procedures.accounts.models import User
from procedures.applications import permissions as application_permissions
from procedures.applications import services as application_services
from procedures.applications.models import Application, ApplicationVersion, AttachmentKind
from procedures.demo import complete_design
from procedures.examination import services as examination_services
from procedures.organisations import calendar as organisation_calendar
from procedures.organisations import services as organisation_services
from procedures.organisations.roles import Role, grant_role
from procedures.rules import TransitionRefused

from ..conftest import DUE_FROM_KNOWN_DAY, fill, make_agency, make_user, pdf_upload

pytestmark = pytest.mark.django_db


def problem_fields(application):
    return {(p.block, p.field) for p in application_services.submission_problems(application)}


def test_an_empty_draft_lists_every_block_that_applies(draft):
    blocks = {block for block, _field in problem_fields(draft)}
    # Collection way unknown yet: the sample block (surveys only) does not apply.
    assert blocks == {
        "kegiatan",
        "penyelenggara",
        "penanggung_jawab",
        "perencanaan",
        "desain",
        "kualitas",
        "pengolahan",
        "diseminasi",
    }
    assert ("kegiatan", "title") in problem_fields(draft)
    assert ("perencanaan", "schedule_3_start") in problem_fields(draft)
    assert ("perencanaan", "variabel") in problem_fields(draft)


def test_a_complete_survey_has_no_problems_until_its_questionnaire_is_removed(
    complete_draft, applicant
):
    assert application_services.submission_problems(complete_draft) == []
    questionnaire = complete_draft.attachments.get()
    application_services.remove_attachment(attachment=questionnaire, user=applicant)
    assert problem_fields(complete_draft) == {("lampiran", "kind")}


def test_a_survey_needs_its_sample_design(draft, applicant):
    design = complete_design(title="Survei")
    del design["sampel"]
    fill(draft, applicant, design)
    application_services.add_attachment(
        application=draft, user=applicant, kind=AttachmentKind.QUESTIONNAIRE, upload=pdf_upload()
    )
    assert {block for block, _f in problem_fields(draft)} == {"sampel"}


def test_an_administrative_compilation_needs_no_sample_and_no_questionnaire(draft, applicant):
    fill(draft, applicant, complete_design(title="Kompilasi data", survey=False))
    assert application_services.submission_problems(draft) == []


def test_field_staff_items_apply_only_to_papi_capi_cati(draft, applicant):
    design = complete_design(title="Survei daring", modes=("cawi",), survey=False)
    design["kualitas"] = {
        "pilot": "ya",
        "quality_checks": ["supervisi"],
        "nonresponse_adjustment": "tidak",
    }
    fill(draft, applicant, design)
    assert application_services.submission_problems(draft) == []

    design["desain"]["modes"] = ["cawi", "papi"]
    fill(draft, applicant, design)
    assert problem_fields(draft) == {
        ("kualitas", name)
        for name in ("field_staff", "min_education", "supervisors", "enumerators", "training")
    }


@pytest.mark.parametrize(
    ("block", "change", "field"),
    [
        ("desain", {"repetition": "berulang", "frequency": ""}, "frequency"),
        ("desain", {"coverage": "sebagian", "coverage_areas": ""}, "coverage_areas"),
        ("desain", {"modes": ["lainnya"], "modes_other": ""}, "modes_other"),
        ("diseminasi", {"digital": "ya", "digital_date": None}, "digital_date"),
        ("perencanaan", {"schedule_1_end": "2026-12-01"}, "schedule_1_end"),  # before its start
        ("perencanaan", {"schedule_4_start": "2027-01-05"}, "schedule_4_start"),  # before stage 3
        ("sampel", {"sampling_fraction": "1.5"}, "sampling_fraction"),
        ("kegiatan", {"year": 1890}, "year"),
    ],
)
def test_conditional_fields_and_orders_are_checked(draft, applicant, block, change, field):
    design = complete_design(title="Survei")
    design[block] |= change
    fill(draft, applicant, design)
    application_services.add_attachment(
        application=draft, user=applicant, kind=AttachmentKind.QUESTIONNAIRE, upload=pdf_upload()
    )
    assert problem_fields(draft) == {(block, field)}


def test_a_half_filled_variable_row_is_named(draft, applicant):
    design = complete_design(title="Survei", survey=False)
    design["perencanaan"]["variables"].append(
        {"name": "Umur", "concept": "", "definition": "", "reference_period": ""}
    )
    fill(draft, applicant, design)
    problems = application_services.submission_problems(draft)
    assert {p.field for p in problems} == {
        "variabel-2-concept",
        "variabel-2-definition",
        "variabel-2-reference_period",
    }
    assert all("Variabel 3" in p.label for p in problems)


def test_submit_freezes_a_version_with_a_reference_and_a_due_date(
    on_known_day, complete_draft, applicant, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with pytest.raises(application_services.IncompleteDesign):
        application_services.submit(
            application=application_services.create_application(user=applicant), user=applicant
        )

    with django_capture_on_commit_callbacks(execute=True):
        application = application_services.submit(application=complete_draft, user=applicant)

    today = timezone.localdate()
    assert application.state == "submitted"
    assert re.fullmatch(rf"REK-3304-{today.year}-\d{{5}}", application.reference)
    assert application.recorded_on == today
    assert application.due_on == DUE_FROM_KNOWN_DAY
    assert (
        organisation_calendar.remaining_working_days(
            office=application.office, due=application.due_on, today=today
        )
        == 30
    )
    version = application.versions.get()
    assert version.number == 1
    assert version.design == application.design
    assert list(version.attachments.values_list("kind", flat=True)) == ["kuesioner"]
    assert application.events.get(kind="submit").data == {
        "version": 1,
        "due_on": application.due_on.isoformat(),
        "service_days": 30,
    }
    receipt, alert = mail.outbox
    assert receipt.to == [applicant.email]
    assert application.reference in receipt.subject
    # Nobody examines at this office yet: it says so (to its address: no coordinators either).
    assert "tanpa pemeriksa aktif" in alert.subject
    assert alert.to == [application.office.email]
    with translation.override("id"):
        due_text = date_format(application.due_on, "j F Y")
    assert f"Batas waktu     : {due_text} (30 hari kerja)" in receipt.body
    assert application.title in receipt.body
    html = receipt.alternatives[0][0]
    assert application.reference in html


def test_a_frozen_version_cannot_be_changed(submitted):
    version = submitted.versions.get()
    version.design = {}
    with pytest.raises(ValueError):
        version.save()
    assert ApplicationVersion.objects.get(pk=version.pk).design["kegiatan"]["title"]


def test_a_submitted_design_can_no_longer_be_edited(submitted, applicant):
    with pytest.raises(TransitionRefused):
        application_services.save_design_block(
            application=submitted, user=applicant, block_key="kegiatan", values={"title": "X"}
        )
    with pytest.raises(TransitionRefused):
        application_services.add_attachment(
            application=submitted, user=applicant, kind="pedoman", upload=pdf_upload()
        )


def test_references_count_per_office_and_year(applicant, offices):
    numbers = []
    for title in ("A", "B", "C"):
        application = application_services.create_application(user=applicant)
        fill(application, applicant, complete_design(title=title, survey=False))
        numbers.append(
            application_services.submit(application=application, user=applicant).reference
        )
    sequence = [int(number.rsplit("-", 1)[1]) for number in numbers]
    assert sequence == [sequence[0], sequence[0] + 1, sequence[0] + 2]


def test_revision_stops_the_clock_and_resubmission_starts_a_new_one(
    on_known_day, in_review, applicant, examiner, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    reference = in_review.reference
    with pytest.raises(ValidationError):
        examination_services.request_revision(
            application=in_review, user=examiner, notes={"sampel": "  "}
        )
    application = examination_services.request_revision(
        application=in_review, user=examiner, notes={"sampel": "Jelaskan kerangka sampel."}
    )
    assert (application.state, application.due_on) == ("revision_requested", None)
    assert application.notes.get().block == "sampel"

    design = dict(application.design)
    design["sampel"] = design["sampel"] | {"frame": "area"}
    application_services.save_design_block(
        application=application, user=applicant, block_key="sampel", values=design["sampel"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        application = application_services.submit(application=application, user=applicant)

    assert (application.state, application.reference) == ("submitted", reference)
    assert [v.design["sampel"]["frame"] for v in application.versions.order_by("number")] == [
        "list",
        "area",
    ]
    assert application.events.filter(kind="resubmit").get().data["version"] == 2
    assert application.due_on == DUE_FROM_KNOWN_DAY
    # A new receipt for the new period, and the examiners learn of the new work.
    assert sorted((m.to[0], m.subject.split("] ")[1]) for m in mail.outbox) == sorted(
        [
            (applicant.email, "Tanda terima pengajuan rekomendasi"),
            (examiner.email, "Pengajuan baru menunggu pemeriksaan"),
        ]
    )


def test_an_unverified_address_cannot_submit(complete_draft, agency):
    unverified = make_user("baru@banjarnegarakab.go.id", verified=False, agency=agency)
    with pytest.raises(PermissionDenied, match="Verifikasi"):
        application_services.submit(application=complete_draft, user=unverified)
    complete_draft.refresh_from_db()
    assert complete_draft.state == "draft" and not complete_draft.versions.exists()


def test_another_agency_cannot_act_on_an_application(complete_draft, stranger, examiner):
    for action in (
        lambda: application_services.submit(application=complete_draft, user=stranger),
        lambda: application_services.withdraw(
            application=complete_draft, user=stranger, reason="x"
        ),
        lambda: application_services.save_design_block(
            application=complete_draft, user=stranger, block_key="kegiatan", values={}
        ),
        lambda: application_services.submit(application=complete_draft, user=examiner),
    ):
        with pytest.raises(PermissionDenied):
            action()
    complete_draft.refresh_from_db()
    assert complete_draft.state == "draft"


def test_withdrawal_is_refused_once_examined(in_review, applicant):
    with pytest.raises(TransitionRefused):
        application_services.withdraw(application=in_review, user=applicant, reason="Batal")
    in_review.refresh_from_db()
    assert in_review.state == "in_review"


def test_withdrawing_a_submission_records_the_reason(submitted, applicant):
    with pytest.raises(ValidationError):
        application_services.withdraw(application=submitted, user=applicant, reason="  ")
    application_services.withdraw(
        application=submitted, user=applicant, reason="Anggaran dialihkan"
    )
    assert submitted.state == "withdrawn"
    assert submitted.events.get(kind="withdraw").note == "Anggaran dialihkan"


def test_the_office_side_decides(in_review, examiner, signatory, foreign_officer):
    with pytest.raises(PermissionDenied):
        examination_services.propose(
            application=in_review, user=foreign_officer, verdict="feasible", text=""
        )
    with pytest.raises(ValidationError):
        examination_services.propose(
            application=in_review, user=examiner, verdict="not_feasible", text=""
        )
    examination_services.propose(
        application=in_review, user=examiner, verdict="not_feasible", text="Duplikasi"
    )
    examination_services.return_to_examiner(
        application=in_review, user=signatory, note="Lengkapi alasan"
    )
    assert in_review.state == "in_review"
    examination_services.propose(
        application=in_review, user=examiner, verdict="feasible", text="Saran"
    )
    examination_services.sign(application=in_review, user=signatory)
    assert (in_review.state, in_review.proposed_verdict) == ("feasible", "feasible")
    assert in_review.decided_at is not None
    assert list(in_review.events.values_list("kind", flat=True))[-4:] == [
        "propose",
        "return",
        "propose",
        "sign",
    ]


def test_a_proposed_agency_gets_its_clock_when_confirmed(
    offices, examiner, django_capture_on_commit_callbacks
):
    provincial = make_user("pemeriksa@jatengprov.bps.go.id", office=offices["3300"])
    grant_role(provincial, Role.EXAMINER)
    mail.outbox.clear()
    proposer = make_user("staf@purbalinggakab.go.id")
    agency = organisation_services.propose_agency(
        user=proposer,
        fields={
            "name": "Dinas Pendidikan Kabupaten Purbalingga",
            "level": "pemerintah_kabupaten_kota",
            "region_code": "3303",
            "region_name": "Kabupaten Purbalingga",
            "address": "Jl. Mayjend Sungkono, Purbalingga",
            "phone": "",
            "email": "",
        },
    )
    # No office 3303 in the seed: the provincial office serves it.
    assert (agency.office.code, agency.is_confirmed) == ("3300", False)
    application = application_services.create_application(user=proposer)
    fill(application, proposer, complete_design(title="Kompilasi sekolah", survey=False))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_services.submit(application=application, user=proposer)
    assert (application.state, application.due_on) == ("awaiting_agency", None)
    # No receipt and no new work yet; the office is told an unconfirmed agency waits.
    (alert,) = mail.outbox
    assert "tanpa konfirmasi instansi" in alert.subject
    assert alert.to == [agency.office.email]  # 3300 has no coordinator: its own address
    mail.outbox.clear()

    # Only an officer of the agency's own office confirms it.
    with pytest.raises(PermissionDenied):
        examination_services.confirm_agency(agency=agency, officer=examiner)
    with django_capture_on_commit_callbacks(execute=True):
        examination_services.confirm_agency(agency=agency, officer=provincial)
    application.refresh_from_db()
    assert application.state == "submitted"
    assert application.due_on == organisation_calendar.due_date(
        office=agency.office, recorded_on=timezone.localdate()
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        provincial.email,  # new work
        proposer.email,  # the receipt
    ]
    granted = agency.events.get(kind="membership_granted")
    assert (granted.member, granted.actor) == (proposer, provincial)


@pytest.mark.parametrize(
    ("level", "region", "office"),
    [
        ("pemerintah_kabupaten_kota", "3304", "3304"),
        ("opd", "3304", "3304"),
        ("pemerintah_provinsi", "3300", "3300"),
        ("opd", "3300", "3300"),
        ("kementerian_lembaga", "0000", "0000"),
        ("kementerian_lembaga", "3304", "0000"),
        ("pemerintah_kabupaten_kota", "3374", "3300"),  # no Semarang office seeded
    ],
)
def test_the_responsible_office(offices, level, region, office):
    assert organisation_services.responsible_office(level=level, region_code=region).code == office


def test_moving_to_another_agency_leaves_the_applications_with_the_agency(
    submitted, applicant, colleague, offices
):
    other = make_agency("Dinas Sosial Kabupaten Banjarnegara")
    organisation_services.add_member(user=make_user("ketua@dinsos.go.id"), agency=other)
    request = organisation_services.request_membership(user=applicant, agency=other)
    assert organisation_services.agency_of(applicant) == submitted.agency  # still, until approved
    organisation_services.decide_membership(
        request=request, user=User.objects.get(email="ketua@dinsos.go.id"), approve=True
    )

    applicant = User.objects.get(pk=applicant.pk)  # the next request reads the account anew
    assert organisation_services.agency_of(applicant) == other
    assert Application.objects.get(pk=submitted.pk).agency == submitted.agency
    assert submitted not in application_permissions.visible_applications(applicant)
    assert submitted in application_permissions.visible_applications(colleague)
