"""Reads about offices and agencies: office names by code (the catalog asks),
an agency of the same name in a region, members, pending membership requests,
the officers of an office (its coordinators, whether it has an examiner), the
walidata of a region."""

import re
import unicodedata

from django.db.models import QuerySet

from procedures.accounts.models import User

from . import permissions
from .models import Agency, MembershipRequest, MembershipState, Office
from .roles import Role


def office_directory() -> dict[str, str]:
    """{code: name} of every BPS office (the catalog's office directory)."""
    return dict(Office.objects.values_list("code", "name"))


def normalised_agency_name(name: str) -> str:
    """What makes two agency names the same one: case, accents, punctuation and
    spacing aside ("Dinas  Kesehatan, Kab. X" = "dinas kesehatan kab x")."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def agency_named(*, name: str, region_code: str) -> Agency | None:
    """The agency of the region whose name is the same as `name` once normalised."""
    wanted = normalised_agency_name(name)
    if not wanted:
        return None
    for agency in Agency.objects.filter(region_code=region_code).select_related("office"):
        if normalised_agency_name(agency.name) == wanted:
            return agency
    return None


def members_of(agency) -> QuerySet[User]:
    return (
        User.objects.filter(applicant__agency=agency)
        .select_related("applicant")
        .order_by("first_name", "email")
    )


def pending_membership_requests(*, agencies) -> QuerySet[MembershipRequest]:
    return (
        MembershipRequest.objects.filter(
            agency__in=[a for a in agencies if a], state=MembershipState.PENDING
        )
        .select_related("user", "agency")
        .order_by("created_at", "pk")
    )


def agencies_of_office(office_ids) -> QuerySet:
    return Agency.objects.filter(office__in=office_ids).order_by("name")


def membership_requests_for_officer(user) -> QuerySet[MembershipRequest]:
    """What waits for an officer who looks after their office's agencies."""
    officer = getattr(user, "officer", None) if user.is_authenticated else None
    if officer is None or not permissions.is_officer_of(
        user, officer.office_id, *permissions.AGENCY_STEWARDS
    ):
        return MembershipRequest.objects.none()
    return pending_membership_requests(agencies=agencies_of_office([officer.office_id]))


def office_staff(office_id: int, *roles: str):
    """Active officers of the office holding any of `roles`."""
    return User.objects.filter(
        is_active=True, officer__office=office_id, groups__name__in=roles
    ).distinct()


def office_coordinators(office_id: int):
    """Who answers for the office's queue: its signatories and office admins."""
    return office_staff(office_id, Role.SIGNATORY, Role.OFFICE_ADMIN)


def has_active_examiner(office_id: int) -> bool:
    return office_staff(office_id, Role.EXAMINER).exists()


def walidata_of_region(region_code: str):
    """Active walidata of a region (holding the role and a profile of that region)."""
    return User.objects.filter(
        is_active=True, walidata__region_code=region_code, groups__name=Role.WALIDATA
    ).distinct()
