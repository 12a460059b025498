"""The e-mails about agencies and their members."""

from django.urls import reverse

from procedures.accounts.models import User
from procedures.notifications.services import absolute_url, queue_email

from .permissions import AGENCY_STEWARDS
from .selectors import office_staff


def agency_stewards(agency) -> list[str]:
    """The officers who look after the agency's office: examiners and office admins."""
    return list(office_staff(agency.office_id, *AGENCY_STEWARDS).values_list("email", flat=True))


def notify_membership_requested(request) -> None:
    """The agency's members and its office's officers may approve: all are told."""
    agency = request.agency
    members = User.objects.filter(is_active=True, applicant__agency=agency).exclude(
        pk=request.user_id
    )
    queue_email(
        kind="membership_requested",
        recipients=[*members.values_list("email", flat=True), *agency_stewards(agency)],
        subject=f"Permintaan bergabung dengan {agency.name}"[:300],
        template="organisations/email/membership_requested",
        context={
            "request": request,
            "agency": agency,
            "office": agency.office,
            "url": absolute_url(reverse("organisations:agency")),
        },
    )


def notify_membership_decided(request) -> None:
    approved = request.state == "approved"
    queue_email(
        kind="membership_decided",
        recipients=[request.user.email],
        reply_to=[request.agency.office.email],
        subject=(
            f"Permintaan bergabung dengan {request.agency.name} "
            f"{'disetujui' if approved else 'ditolak'}"
        )[:300],
        template="organisations/email/membership_decided",
        context={
            "request": request,
            "approved": approved,
            "agency": request.agency,
            "office": request.agency.office,
            "greeting": request.user.get_full_name() or "Bapak/Ibu",
            "url": absolute_url(
                reverse("applications:my_applications" if approved else "organisations:agency")
            ),
        },
    )


def notify_agency_proposed(agency, *, proposer) -> None:
    queue_email(
        kind="agency_proposed",
        recipients=agency_stewards(agency),
        subject=f"Usulan instansi baru: {agency.name}"[:300],
        template="organisations/email/agency_proposed",
        context={
            "agency": agency,
            "proposer": proposer,
            "office": agency.office,
            "url": absolute_url(reverse("organisations:office_members")),
        },
    )
