"""Issuing the letter of a decision: its number, its content and its PDF,
stored once with its SHA-256."""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from procedures.accounts.models import User
from procedures.applications.models import Application
from procedures.files import remember_written_file
from procedures.frkss.design import design_value
from procedures.notifications import services as notification_services
from procedures.organisations import services as organisation_services
from procedures.throttling import over_limit

from .models import Letter
from .numbering import ensure_letter_number_free, next_free_letter_number
from .pdf import LetterContent, render_letter


def issue_letter(
    application: Application,
    *,
    signatory: User,
    now: datetime.datetime,
    agenda_number: str | None = None,
) -> Letter:
    """Number, render and store the letter once, inside the signing transaction.
    The number is the office's next free automatic one, or `agenda_number`
    (already checked for form) for an office that numbers from its agenda."""
    office = application.office
    issued_on = timezone.localdate(now)
    if agenda_number:
        # Rekomstat's own count of the year's letters (their sequence); taking
        # it also serialises the uniqueness check below with other signings.
        sequence = organisation_services.next_in_sequence(
            office=office, kind="letter", year=issued_on.year
        )
        ensure_letter_number_free(agenda_number)
        number = agenda_number
    else:
        sequence, number = next_free_letter_number(office, year=issued_on.year)
    code = secrets.token_hex(10)
    profile = signatory.officer
    letter = Letter(
        application=application,
        office=office,
        number=number,
        year=issued_on.year,
        sequence=sequence,
        issued_on=issued_on,
        verdict=application.proposed_verdict,
        text=application.proposal_text,
        signatory=signatory,
        signatory_name=signatory.get_full_name() or signatory.email,
        signatory_nip=profile.nip,
        verification_code=code,
    )
    pdf = render_letter(letter_content(application, letter, position=profile.position))
    letter.sha256 = hashlib.sha256(pdf).hexdigest()
    letter.file.save(f"{code}.pdf", ContentFile(pdf), save=False)
    remember_written_file(letter.file.storage, letter.file.name)
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        if Letter.objects.filter(number=number).exists():  # taken by a concurrent writer
            ensure_letter_number_free(number)
        raise
    return letter


def verification_url(letter: Letter) -> str:
    return notification_services.absolute_url(
        reverse("letters:verify", args=[letter.verification_code])
    )


def letter_content(application: Application, letter: Letter, *, position: str) -> LetterContent:
    office, agency = application.office, application.agency
    place = office.name.split("Kabupaten")[-1].split("Kota")[-1].split("Provinsi")[-1].strip()
    return LetterContent(
        office_name=office.name,
        office_address=" ".join(filter(None, [office.address, office.postal_code])),
        office_phone=office.phone,
        office_email=office.email,
        office_website=office.website,
        place=place or "Jakarta",
        number=letter.number,
        issued_on=letter.issued_on,
        addressee=f"Pimpinan {agency.name}",
        addressee_address=agency.address,
        title=application.title,
        year=int(design_value(application.design, "kegiatan", "year") or letter.year),
        reference=application.reference,
        verdict=letter.verdict,
        text=letter.text,
        signatory_name=letter.signatory_name,
        signatory_nip=letter.signatory_nip,
        signatory_position=position or f"Kepala {office.name}",
        verification_url=verification_url(letter),
    )


# -- Verification by anyone (`/verifikasi/`) -------------------------------------------

VERIFICATION_WINDOW_SECONDS = 3600


class VerificationRateLimited(Exception):
    """Too many lookups or uploads from one client address within the hour."""


def count_verification(*, client_key: str) -> None:
    """Count one lookup or upload of `client_key`. Numbers are sequential, so
    without a limit anyone could walk an office's letters (also those not in the
    public catalog) one request at a time."""
    if over_limit(
        scope="letter-verification",
        client_key=client_key,
        limit=settings.LETTER_VERIFICATION_RATE_LIMIT_PER_HOUR,
        window_seconds=VERIFICATION_WINDOW_SECONDS,
    ):
        raise VerificationRateLimited


def is_issued_file(letter: Letter, *, sha256: str) -> bool:
    """Whether a file with this SHA-256 is byte for byte the PDF issued for `letter`
    (the stored hash is the one published; the file itself never changes)."""
    return hmac.compare_digest(letter.sha256.lower(), (sha256 or "").lower())
