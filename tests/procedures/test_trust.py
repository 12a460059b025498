"""Attacks on the procedure's promises, from the attacker's side: a stranger's
account, an unverified one, a second tab, an officer who must not see, the
admin. Each test failed before the Trust issue's fix."""

import datetime
import zoneinfo

import pytest
from django.contrib.admin.sites import site as admin_site
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from procedures.accounts.models import User
from procedures.applications import permissions as application_permissions
from procedures.applications import services as application_services
from procedures.applications.models import Application
from procedures.demo import complete_design
from procedures.examination import permissions as examination_permissions
from procedures.examination import selectors as examination_selectors
from procedures.examination import services as examination_services
from procedures.organisations import permissions as organisation_permissions
from procedures.organisations import services as organisation_services
from procedures.organisations.models import Agency, AgencyEvent, MembershipRequest
from procedures.rules import TransitionRefused

from .conftest import fill, make_agency, make_user

pytestmark = pytest.mark.django_db
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def fresh_user(user) -> User:
    """The account as the next request reads it."""
    return User.objects.get(pk=user.pk)


def private_urls(application, attachment_pk) -> list[str]:
    return [
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:download_attachment", args=[application.pk, attachment_pk]),
        reverse("applications:withdraw", args=[application.pk]),
        reverse("applications:submit", args=[application.pk]),
        reverse("letters:download", args=[application.pk]),
    ]


def events(agency) -> list[tuple[str, str | None, str | None]]:
    return [
        (event.kind, event.member and event.member.email, event.actor and event.actor.email)
        for event in AgencyEvent.objects.filter(agency=agency).select_related("member", "actor")
    ]


# --- 1. Agency membership is granted, never claimed --------------------------------------


def test_an_unverified_account_touches_no_agency(client, agency, submitted):
    unverified = make_user("baru@banjarnegarakab.go.id", verified=False)
    client.force_login(unverified)

    page = client.get(reverse("organisations:agency"))
    text = page.content.decode()
    assert "Verifikasi alamat e-mail Anda dahulu" in text
    assert 'name="action_send"' in text  # resend the link, right there
    assert 'name="pilih-agency"' not in text

    join = client.post(reverse("organisations:agency"), {"pilih": "", "pilih-agency": agency.pk})
    assert join.status_code == 403
    propose = client.post(reverse("organisations:agency"), {"usulkan": "", "usul-name": "X"})
    assert propose.status_code == 403
    assert not MembershipRequest.objects.filter(user=unverified).exists()
    assert not Agency.objects.filter(proposed_by=unverified).exists()

    # Even a membership granted before the address was verified opens nothing.
    organisation_services.add_member(user=unverified, agency=agency)
    assert client.post(reverse("applications:new")).status_code == 302
    assert not Application.objects.filter(created_by=unverified).exists()
    assert client.get(reverse("applications:detail", args=[submitted.pk])).status_code == 404


def test_a_stranger_sees_nothing_until_approved_and_loses_access_when_removed(
    client, agency, applicant, submitted, examiner, django_capture_on_commit_callbacks
):
    attachment = submitted.attachments.get()
    stranger = make_user("penyusup@kemenkeu.go.id")
    client.force_login(stranger)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("organisations:agency"), {"pilih": "", "pilih-agency": agency.pk})
    request = MembershipRequest.objects.get(user=stranger)
    assert request.state == "pending"
    for url in private_urls(submitted, attachment.pk):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("applications:withdraw", args=[submitted.pk]), {"reason": "x"})
    assert Application.objects.get(pk=submitted.pk).state == "submitted"
    # Both kinds of approver are told: the agency's member and the office's examiner.
    (asked,) = [m for m in mail.outbox if "Permintaan bergabung" in m.subject]
    assert set(asked.to) == {applicant.email, examiner.email}

    # The requester cannot approve themselves; neither can another agency's member.
    with pytest.raises(PermissionDenied):
        organisation_services.decide_membership(request=request, user=stranger, approve=True)
    outsider = make_user("lain@dinkes.go.id", agency=make_agency("Dinas Kesehatan"))
    with pytest.raises(PermissionDenied):
        organisation_services.decide_membership(request=request, user=outsider, approve=True)
    response = client.post(
        reverse("organisations:decide_membership", args=[request.pk]), {"keputusan": "setujui"}
    )
    assert response.status_code == 404  # the requester cannot even reach the decision

    with django_capture_on_commit_callbacks(execute=True):
        organisation_services.decide_membership(request=request, user=examiner, approve=True)
    assert client.get(reverse("applications:detail", args=[submitted.pk])).status_code == 200
    assert mail.outbox[-1].to == [stranger.email] and "disetujui" in mail.outbox[-1].subject

    # A member removes them over HTTP: the very next request is refused.
    member_client = client.__class__()
    member_client.force_login(applicant)
    removed = member_client.post(
        reverse("organisations:remove_member", args=[agency.pk, stranger.pk]), {"catatan": "Salah"}
    )
    assert removed.status_code == 302
    assert client.get(reverse("applications:detail", args=[submitted.pk])).status_code == 404
    assert (
        client.get(
            reverse("applications:download_attachment", args=[submitted.pk, attachment.pk])
        ).status_code
        == 404
    )
    assert Application.objects.get(pk=submitted.pk).agency == agency  # stays with the agency
    assert events(agency)[-3:] == [
        ("membership_requested", stranger.email, stranger.email),
        ("membership_granted", stranger.email, examiner.email),
        ("membership_removed", stranger.email, applicant.email),
    ]


def test_a_refusal_is_recorded_and_grants_nothing(agency, applicant, submitted):
    asker = make_user("tamu@banjarnegarakab.go.id")
    request = organisation_services.request_membership(user=asker, agency=agency)
    organisation_services.decide_membership(
        request=request, user=applicant, approve=False, note="Bukan staf"
    )
    asker = fresh_user(asker)
    assert organisation_services.agency_of(asker) is None
    assert submitted not in application_permissions.visible_applications(asker)
    assert events(agency)[-1] == ("membership_refused", asker.email, applicant.email)
    with pytest.raises(TransitionRefused):  # decided once
        organisation_services.decide_membership(request=request, user=applicant, approve=True)


def test_an_officer_of_another_office_cannot_decide(agency, foreign_officer):
    request = organisation_services.request_membership(
        user=make_user("x@banjarnegarakab.go.id"), agency=agency
    )
    with pytest.raises(PermissionDenied):
        organisation_services.decide_membership(request=request, user=foreign_officer, approve=True)


def test_a_proposed_agency_cannot_be_joined_before_confirmation(offices):
    proposer = make_user("staf@wonosobokab.go.id")
    proposed = organisation_services.propose_agency(
        user=proposer,
        fields={
            "name": "Dinas Pariwisata Kabupaten Wonosobo",
            "level": "opd",
            "region_code": "3307",
            "region_name": "Kabupaten Wonosobo",
            "address": "Jl. Kartini 3",
            "phone": "",
            "email": "",
        },
    )
    with pytest.raises(TransitionRefused):
        organisation_services.request_membership(
            user=make_user("y@wonosobokab.go.id"), agency=proposed
        )
    assert events(proposed) == [("agency_proposed", proposer.email, proposer.email)]


# --- 6. One state machine; freeze exactly what was validated -------------------------------


def test_a_submission_from_a_stale_page_freezes_nothing(
    client, complete_draft, applicant, colleague
):
    """The page showed a complete design; a colleague emptied a block meanwhile."""
    client.force_login(applicant)
    url = reverse("applications:submit", args=[complete_draft.pk])
    seen = client.get(url).context["application"].lock_version
    application_services.save_design_block(
        application=complete_draft, user=colleague, block_key="perencanaan", values={}
    )
    response = client.post(url, {"lock_version": seen}, follow=True)
    assert "diubah sejak halaman dibuka" in response.content.decode()
    application = Application.objects.get(pk=complete_draft.pk)
    assert (application.state, application.versions.count()) == ("draft", 0)


def test_design_saves_and_attachment_changes_bump_the_lock_version(complete_draft, applicant):
    before = Application.objects.get(pk=complete_draft.pk).lock_version
    application_services.save_design_block(
        application=complete_draft, user=applicant, block_key="kegiatan", values={"title": "X"}
    )
    attachment = complete_draft.attachments.get()
    application_services.remove_attachment(attachment=attachment, user=applicant)
    assert Application.objects.get(pk=complete_draft.pk).lock_version == before + 2


def test_what_is_frozen_is_what_was_validated(complete_draft, applicant):
    application = application_services.submit(application=complete_draft, user=applicant)
    version = application.versions.get()
    assert version.design == Application.objects.get(pk=application.pk).design
    assert list(version.attachments.all()) == list(application.attachments.all())


def at(day: datetime.date):
    """09:00 in Jakarta on `day`."""
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=JAKARTA)


def test_a_resubmission_records_its_own_day(complete_draft, applicant, examiner, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(datetime.date(2026, 8, 31)))
    first = application_services.submit(application=complete_draft, user=applicant)
    assert first.recorded_on == datetime.date(2026, 8, 31)
    examination_services.take(application=first, user=examiner)
    examination_services.request_revision(
        application=first, user=examiner, notes={"kegiatan": "Judul"}
    )

    monkeypatch.setattr(timezone, "now", lambda: at(datetime.date(2026, 9, 7)))
    again = application_services.submit(application=first, user=applicant)
    # Counted by hand: Mon 7 Sep 2026 is day 0; no holiday falls in Sep-Oct 2026;
    # 30 working days later (six full weeks) is Mon 19 Oct 2026.
    assert (again.recorded_on, again.due_on) == (
        datetime.date(2026, 9, 7),
        datetime.date(2026, 10, 19),
    )


# --- 7. Officers see only what reached them; buttons only when the action works ------------


def test_a_draft_withdrawn_before_submission_never_reaches_the_office(
    client, draft, applicant, examiner
):
    application_services.withdraw(application=draft, user=applicant, reason="Salah buat")
    client.force_login(examiner)
    assert client.get(reverse("examination:detail", args=[draft.pk])).status_code == 404
    queue = client.get(reverse("examination:queue")).content.decode()
    assert reverse("examination:detail", args=[draft.pk]) not in queue
    assert draft not in application_permissions.visible_applications(examiner)


def test_an_examiner_cannot_open_what_waits_for_the_walidata(
    client, complete_draft, applicant, examiner, offices
):
    office = offices["3304"]
    office.walidata_required = True
    office.save()
    application = application_services.submit(application=complete_draft, user=applicant)
    assert application.state == "awaiting_walidata"
    client.force_login(examiner)
    assert client.get(reverse("examination:detail", args=[application.pk])).status_code == 404
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 404
    with pytest.raises(TransitionRefused):
        examination_services.take(application=application, user=examiner)


def test_take_shows_only_when_it_would_succeed(client, offices, examiner):
    proposer = make_user("staf@banjarnegarakab.go.id")
    proposed = organisation_services.propose_agency(
        user=proposer,
        fields={
            "name": "Dinas Arsip Kabupaten Banjarnegara",
            "level": "opd",
            "region_code": "3304",
            "region_name": "Kabupaten Banjarnegara",
            "address": "Jl. Dipayuda",
            "phone": "",
            "email": "",
        },
    )
    application = application_services.create_application(user=proposer)
    fill(application, proposer, complete_design(title="Kompilasi arsip", survey=False))
    application = application_services.submit(application=application, user=proposer)
    assert application.state == "awaiting_agency"
    client.force_login(examiner)
    page = client.get(reverse("examination:detail", args=[application.pk])).content.decode()
    assert "Ambil dan periksa" not in page
    assert reverse("examination:confirm_agency", args=[application.pk]) in page
    assert not examination_permissions.can_take(examiner, application)

    client.post(reverse("examination:confirm_agency", args=[application.pk]))
    application.refresh_from_db()
    assert application.state == "submitted" and proposed.pk == application.agency_id
    page = client.get(reverse("examination:detail", args=[application.pk])).content.decode()
    assert "Ambil dan periksa" in page


def admin_request(user):
    request = RequestFactory().post("/django-admin/organisations/agency/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_the_admins_confirm_action_obeys_the_roles(offices, examiner, foreign_officer):
    superuser = User.objects.create_superuser(email="root@bps.go.id", password="x")
    proposed = make_agency("Dinas Perpustakaan Kabupaten Banjarnegara", confirmed=False)
    model_admin = admin_site._registry[Agency]
    queryset = Agency.objects.filter(pk=proposed.pk)

    for outsider in (superuser, foreign_officer):
        model_admin.confirm(admin_request(outsider), queryset)
        assert not Agency.objects.get(pk=proposed.pk).is_confirmed
    model_admin.confirm(admin_request(examiner), queryset)
    assert Agency.objects.get(pk=proposed.pk).confirmed_by == examiner


def test_every_office_button_matches_its_permission(client, in_review, examiner, signatory):
    """The template asks the permission layer: no button for a refused action."""
    for user in (examiner, signatory):
        client.force_login(user)
        page = client.get(reverse("examination:detail", args=[in_review.pk])).content.decode()
        can = examination_permissions.office_actions(user, in_review)
        assert (reverse("examination:take", args=[in_review.pk]) in page) == bool(can["take"])
        assert (reverse("examination:sign", args=[in_review.pk]) in page) == bool(can["sign"])
        assert (reverse("examination:propose", args=[in_review.pk]) in page) == bool(can["examine"])


# --- 11. Query budgets --------------------------------------------------------------------


def running_applications(agency, applicant, count: int) -> None:
    """`count` applications in the office's queue, their clocks running."""
    Application.objects.bulk_create(
        Application(
            agency=agency,
            office=agency.office,
            created_by=applicant,
            reference=f"REK-3304-2026-{index:05d}",
            state="submitted",
            reached_office_at=timezone.now(),
            recorded_on=datetime.date(2026, 11, 2),
            due_on=datetime.date(2026, 12, 14),
        )
        for index in range(count)
    )


def test_the_office_queue_keeps_to_a_query_budget(
    client, examiner, agency, applicant, django_assert_max_num_queries
):
    """A page of 25 rows: no query per row (the office's closures are prefetched)."""
    for day in range(3):
        agency.office.closures.create(date=datetime.date(2026, 12, 1 + day), reason="Libur daerah")
    running_applications(agency, applicant, 40)
    client.force_login(examiner)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("examination:queue")).status_code == 200


def test_pengajuan_saya_keeps_to_a_query_budget(
    client, agency, applicant, django_assert_max_num_queries
):
    running_applications(agency, applicant, 30)
    client.force_login(applicant)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("applications:my_applications")).status_code == 200


def test_visible_applications_and_the_office_queue_agree(in_review, examiner):
    office_ids = organisation_permissions.readable_office_ids(examiner)
    queue = set(examination_selectors.office_queue(office_ids).values_list("pk", flat=True))
    visible = set(
        application_permissions.visible_applications(examiner).values_list("pk", flat=True)
    )
    assert queue <= visible


@pytest.mark.parametrize("state", ["draft", "submitted", "in_review", "awaiting_agency"])
def test_the_walidata_confirms_only_what_waits_for_them(draft, walidata_of_3304, state):
    """The guard is in the permission (no button) and in the transition table."""
    Application.objects.filter(pk=draft.pk).update(state=state)
    application = Application.objects.get(pk=draft.pk)
    assert not application_permissions.can_walidata_confirm(walidata_of_3304, application)
    with pytest.raises(TransitionRefused):
        examination_services.walidata_confirm(application=application, user=walidata_of_3304)
    assert Application.objects.get(pk=draft.pk).state == state
    assert not application.events.filter(kind="walidata_confirm").exists()


@pytest.fixture
def walidata_of_3304(offices):
    from procedures.organisations.models import WalidataProfile
    from procedures.organisations.roles import Role

    user = make_user("walidata.uji@banjarnegarakab.go.id", roles=[Role.WALIDATA])
    WalidataProfile.objects.create(user=user, region_code="3304", institution="Diskominfo")
    return user


def test_officers_decide_requests_on_their_office_page(client, agency, examiner, foreign_officer):
    asker = make_user("calon@banjarnegarakab.go.id")
    request = organisation_services.request_membership(user=asker, agency=agency)
    page_url = reverse("organisations:office_members")

    client.force_login(foreign_officer)  # another office: nothing of this agency
    assert asker.email not in client.get(page_url).content.decode()
    response = client.post(
        reverse("organisations:decide_membership", args=[request.pk]), {"keputusan": "setujui"}
    )
    assert response.status_code == 404

    client.force_login(examiner)
    assert asker.email in client.get(page_url).content.decode()
    queue = client.get(reverse("examination:queue")).content.decode()
    assert "Instansi dan anggotanya (1)" in queue
    response = client.post(
        reverse("organisations:decide_membership", args=[request.pk]),
        {"keputusan": "setujui", "next": page_url},
    )
    assert response["Location"] == page_url
    assert organisation_services.agency_of(fresh_user(asker)) == agency
