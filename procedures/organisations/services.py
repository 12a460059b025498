"""Offices, agencies and their members. Membership is granted, never claimed: a
verified account asks, an active member of the agency or an officer of its BPS
office decides; every step is an AgencyEvent. Applications belong to the agency,
so they stay with it whoever leaves or moves."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures import rules
from procedures.accounts.models import User

from . import emails, permissions, selectors
from .models import (
    Agency,
    AgencyEvent,
    AgencyLevel,
    ApplicantProfile,
    Counter,
    MembershipRequest,
    MembershipState,
    Office,
)

NATIONAL_REGION = "0000"


OFFICE_FIELDS = (
    "name",
    "level",
    "address",
    "postal_code",
    "phone",
    "email",
    "website",
    "head_name",
    "head_nip",
    "letter_number_template",
)


REGIONAL_LEVELS = frozenset({AgencyLevel.PROVINCE, AgencyLevel.REGENCY, AgencyLevel.OPD})


@transaction.atomic
def upsert_offices(*, records: Iterable[Mapping]) -> list[Office]:
    """Create or update offices by code. Parents are named by code and must come
    first or already exist. Every record is validated; any error rolls back all."""
    offices = []
    for record in records:
        office = Office.objects.filter(code=record["code"]).first() or Office(code=record["code"])
        for field in OFFICE_FIELDS:
            if field in record:
                setattr(office, field, record[field])
        parent_code = record.get("parent")
        office.parent = Office.objects.get(code=parent_code) if parent_code else None
        office.full_clean()
        office.save()
        offices.append(office)
    return offices


@transaction.atomic
def set_service_working_days(*, office: Office, days) -> Office:
    """The office's service standard was published with `days` working days:
    every due date computed from now on uses it; running clocks keep theirs."""
    field = Office._meta.get_field("service_working_days")
    try:
        days = field.clean(days, office)
    except ValidationError as invalid:
        raise ValidationError({"service_working_days": invalid.messages}) from None
    Office.objects.filter(pk=office.pk).update(service_working_days=days)
    office.service_working_days = days
    return office


def responsible_office(*, level: str, region_code: str) -> Office:
    """The BPS office that serves an agency: kabupaten/kota bodies → their
    kabupaten/kota office, provincial bodies → the provincial office, central
    bodies → BPS RI. An OPD belongs to its region's level. A missing office falls
    back to the one above it."""
    if level == AgencyLevel.CENTRAL or region_code == NATIONAL_REGION:
        candidates = [NATIONAL_REGION]
    elif level == AgencyLevel.PROVINCE or region_code.endswith("00"):
        candidates = [f"{region_code[:2]}00", NATIONAL_REGION]
    else:
        candidates = [region_code, f"{region_code[:2]}00", NATIONAL_REGION]
    offices = Office.objects.in_bulk(candidates, field_name="code")
    for code in candidates:
        if code in offices:
            return offices[code]
    raise ValidationError(
        {"region_code": _("Belum ada kantor BPS untuk wilayah ini. Hubungi BPS terdekat.")}
    )


def record_agency_event(agency: Agency, kind: str, *, member=None, actor=None, note=""):
    return AgencyEvent.objects.create(
        agency=agency, kind=kind, member=member, actor=actor, note=note[:2000]
    )


def move_member(*, user: User, agency: Agency, actor, position: str = "", phone: str = ""):
    """Make `user` a member of `agency`, leaving any other agency."""
    previous = ApplicantProfile.objects.select_related("agency").filter(user=user).first()
    if previous and previous.agency_id != agency.pk:
        record_agency_event(
            previous.agency,
            "membership_left",
            member=user,
            actor=actor,
            note=_("Pindah ke %(agency)s") % {"agency": agency},
        )
    ApplicantProfile.objects.update_or_create(
        user=user, defaults={"agency": agency, "position": position, "phone": phone}
    )
    user.__dict__.pop("applicant", None)


@transaction.atomic
def add_member(*, user: User, agency: Agency, actor=None, position="", phone="") -> None:
    """Grant membership outright: the seed, the tests' fixtures and the Django
    admin (whose user is the actor). The site's screens go through a request."""
    move_member(user=user, agency=agency, actor=actor, position=position, phone=phone)
    record_agency_event(agency, "membership_granted", member=user, actor=actor)


class DuplicateAgency(ValidationError):
    """The proposed agency is already known in its region under the same
    (normalised) name: `existing` is offered instead of a second record."""

    def __init__(self, existing: Agency):
        super().__init__(
            {
                "name": _(
                    "Instansi “%(name)s” sudah terdaftar di wilayah %(region)s "
                    "(%(code)s)%(state)s. Pilih instansi itu, jangan membuat yang kedua."
                )
                % {
                    "name": existing.name,
                    "region": existing.region_name,
                    "code": existing.region_code,
                    "state": "" if existing.is_confirmed else _(", menunggu konfirmasi BPS"),
                }
            }
        )
        self.existing = existing


def new_proposed_agency(
    *, fields: Mapping, proposed_by: User, member: User | None = None
) -> Agency:
    """The one way a proposed (unconfirmed) agency is written, whoever proposes
    it: validated, never a second agency of the same name in its region, served
    by the region's office, recorded in its trail. Call inside a transaction."""
    agency = Agency(**fields, proposed_by=proposed_by)
    existing = selectors.agency_named(name=agency.name, region_code=agency.region_code)
    if existing is not None:
        raise DuplicateAgency(existing)
    agency.office = responsible_office(level=agency.level, region_code=agency.region_code)
    agency.full_clean()
    agency.save()
    record_agency_event(agency, "agency_proposed", member=member, actor=proposed_by)
    return agency


@transaction.atomic
def propose_agency(*, user: User, fields: Mapping, position: str = "", phone: str = "") -> Agency:
    """A new agency proposed by a verified account, which becomes its first
    member; both are confirmed together by an officer. Until then the agency's
    submissions wait (state awaiting_agency)."""
    rules.require(permissions.can_choose_agency(user))
    agency = new_proposed_agency(fields=fields, proposed_by=user, member=user)
    move_member(user=user, agency=agency, actor=user, position=position, phone=phone)
    MembershipRequest.objects.filter(user=user, state=MembershipState.PENDING).update(
        state=MembershipState.CANCELLED, decided_at=timezone.now()
    )
    emails.notify_agency_proposed(agency, proposer=user)
    return agency


@transaction.atomic
def propose_agency_at_counter(*, officer: User, fields: Mapping) -> Agency:
    """A new agency added by the examiner who records its walk-in. It is proposed,
    not confirmed: an examiner or the office admin confirms it like any other
    (the stewards are told), and the examiner does not become its member."""
    try:
        office = responsible_office(level=fields["level"], region_code=fields["region_code"])
    except ValidationError:
        office = None
    if office is not None:
        answer = permissions.can_propose_agency_at_counter(officer, office)
        if not answer and not answer.forbidden:
            raise ValidationError({"region_code": answer.reason})
        rules.require(answer)
    agency = new_proposed_agency(fields=fields, proposed_by=officer)
    emails.notify_agency_proposed(agency, proposer=officer)
    return agency


@transaction.atomic
def request_membership(
    *, user: User, agency: Agency, position: str = "", phone: str = ""
) -> MembershipRequest:
    """Ask to join a confirmed agency. The account sees nothing of it until a
    member or an officer approves; a newer request replaces a pending one."""
    rules.require(permissions.can_request_membership(user, agency))
    MembershipRequest.objects.filter(user=user, state=MembershipState.PENDING).update(
        state=MembershipState.CANCELLED, decided_at=timezone.now()
    )
    request = MembershipRequest.objects.create(
        user=user, agency=agency, position=position, phone=phone
    )
    record_agency_event(agency, "membership_requested", member=user, actor=user)
    emails.notify_membership_requested(request)
    return request


@transaction.atomic
def decide_membership(
    *, request: MembershipRequest, user: User, approve: bool, note: str = ""
) -> MembershipRequest:
    """Approve or refuse a request; the requester is told by e-mail."""
    request = (
        MembershipRequest.objects.select_for_update()
        .select_related("agency", "user")
        .get(pk=request.pk)
    )
    rules.require(permissions.can_decide_membership(user, request))
    note = (note or "").strip()
    request.state = MembershipState.APPROVED if approve else MembershipState.REFUSED
    request.decided_at, request.decided_by, request.note = timezone.now(), user, note
    request.save(update_fields=["state", "decided_at", "decided_by", "note"])
    if approve:
        move_member(
            user=request.user,
            agency=request.agency,
            actor=user,
            position=request.position,
            phone=request.phone,
        )
    kind = "membership_granted" if approve else "membership_refused"
    record_agency_event(request.agency, kind, member=request.user, actor=user, note=note)
    emails.notify_membership_decided(request)
    return request


@transaction.atomic
def remove_member(*, member: User, agency: Agency, user: User, note: str = "") -> None:
    """A member or an officer removes someone from the agency: access ends at
    once; the agency keeps every application."""
    rules.require(permissions.can_remove_member(user, member, agency))
    ApplicantProfile.objects.filter(user=member, agency=agency).delete()
    record_agency_event(agency, "membership_removed", member=member, actor=user, note=note)


@transaction.atomic
def leave_agency(*, user: User) -> None:
    profile = ApplicantProfile.objects.select_related("agency").filter(user=user).first()
    if profile is None:
        return
    profile.delete()
    user.__dict__.pop("applicant", None)
    record_agency_event(profile.agency, "membership_left", member=user, actor=user)


@transaction.atomic
def cancel_membership_request(*, user: User) -> None:
    pending = MembershipRequest.objects.filter(user=user, state=MembershipState.PENDING)
    for request in pending.select_related("agency"):
        request.state, request.decided_at = MembershipState.CANCELLED, timezone.now()
        request.save(update_fields=["state", "decided_at"])
        record_agency_event(request.agency, "membership_cancelled", member=user, actor=user)


@transaction.atomic
def confirm_agency(*, agency: Agency, officer: User) -> Agency:
    """An officer confirms a proposed agency and, with it, its first member. The
    caller then releases the agency's waiting applications
    (`procedures.examination.services.confirm_agency` does both in one transaction)."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    rules.require(permissions.can_confirm_agency(officer, agency))
    agency.confirmed_at, agency.confirmed_by = timezone.now(), officer
    agency.save(update_fields=["confirmed_at", "confirmed_by"])
    record_agency_event(agency, "agency_confirmed", actor=officer)
    for member in User.objects.filter(applicant__agency=agency):
        record_agency_event(
            agency,
            "membership_granted",
            member=member,
            actor=officer,
            note=_("Dikonfirmasi bersama instansinya."),
        )
    return agency


def agency_of(user: User) -> Agency | None:
    """The agency the account is a verified member of, or None."""
    if permissions.member_agency_id(user) is None:
        return None
    return user.applicant.agency


def pending_request_of(user: User) -> MembershipRequest | None:
    if not user.is_authenticated:
        return None
    return (
        MembershipRequest.objects.select_related("agency")
        .filter(user=user, state=MembershipState.PENDING)
        .first()
    )


def next_in_sequence(*, office: Office, kind: str, year: int) -> int:
    """The next number of a yearly per-office sequence; never reused, no gaps.
    The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) until
    the surrounding transaction ends."""
    counter, _created = Counter.objects.get_or_create(office=office, kind=kind, year=year)
    Counter.objects.filter(pk=counter.pk).update(value=F("value") + 1)
    return Counter.objects.values_list("value", flat=True).get(pk=counter.pk)
