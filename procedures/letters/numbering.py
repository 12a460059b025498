"""Letter numbers: automatic after the highest number taken in the office's year
(letters and catalog records alike), or an agenda number the signatory types;
never a number already used."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.models import ActivityRecord
from procedures.organisations import services as organisation_services
from procedures.organisations.models import Counter, LetterNumbering

from .models import Letter


def letter_number(office, *, sequence: int, year: int) -> str:
    return office.letter_number_template.format(seq=sequence, unit_code=office.unit_code, year=year)


# A BPS outgoing-letter number as offices' agendas (often the national e-office)
# give it: classification letter(s), agenda sequence, the office's five-digit
# work-unit code, a filing code, an optional month and the year —
# B-123/33040/KS.000/2026 or B-123/33040/KS.000/11/2026.
AGENDA_NUMBER = re.compile(
    r"(?P<kind>[A-Z]{1,3})-(?P<sequence>\d{1,6})/(?P<unit_code>\d{5})"
    r"/(?P<filing_code>[A-Z]{2,3}(?:\.\d{1,3}){0,3})"
    r"(?:/(?P<month>0?[1-9]|1[0-2]))?/(?P<year>\d{4})"
)


LETTER_NUMBER_FIELD = "letter_number"


def letter_number_error(message: str) -> ValidationError:
    return ValidationError(
        {LETTER_NUMBER_FIELD: _("Nomor surat: %(message)s") % {"message": message}}
    )


def clean_agenda_number(office, value: str, *, year: int) -> str | None:
    """The agenda number typed at signing, checked for form (None for an office
    that numbers automatically). Uniqueness is checked in `issue_letter`,
    under the office's counter lock."""
    typed = "".join((value or "").split()).upper()
    if office.letter_numbering != LetterNumbering.AGENDA:
        if typed:
            raise letter_number_error(
                _("kantor ini memberi nomor surat otomatis; kosongkan isian nomor surat.")
            )
        return None
    if not typed:
        raise letter_number_error(
            _("wajib diisi dengan nomor dari agenda surat keluar kantor, misalnya %(example)s.")
            % {"example": f"B-123/{office.unit_code}/KS.000/{year}"}
        )
    match = AGENDA_NUMBER.fullmatch(typed)
    if match is None:
        raise letter_number_error(
            _(
                "bentuk “%(value)s” tidak dikenali; tulis seperti %(example)s atau, dengan "
                "bulan, %(example_month)s."
            )
            % {
                "value": typed[:100],
                "example": f"B-123/{office.unit_code}/KS.000/{year}",
                "example_month": f"B-123/{office.unit_code}/KS.000/11/{year}",
            }
        )
    if match["unit_code"] != office.unit_code:
        raise letter_number_error(
            _("kode satuan kerja harus %(expected)s (kantor ini), bukan %(given)s.")
            % {"expected": office.unit_code, "given": match["unit_code"]}
        )
    if int(match["year"]) != year:
        raise letter_number_error(
            _("tahunnya harus %(year)d, tahun surat ini ditandatangani.") % {"year": year}
        )
    return typed


def taken_by(number: str) -> str | None:
    """Who already carries `number`: a letter, the catalog (imports included), or nobody."""
    if Letter.objects.filter(number__iexact=number).exists():
        return "letter"
    if ActivityRecord.objects.filter(recommendation_number__iexact=number).exists():
        return "catalog"
    return None


def ensure_letter_number_free(number: str) -> None:
    holder = taken_by(number)
    if holder == "letter":
        raise letter_number_error(
            _("%(number)s sudah dipakai surat rekomendasi lain.") % {"number": number}
        )
    if holder == "catalog":
        raise letter_number_error(
            _("%(number)s sudah ada di katalog kegiatan terekomendasi.") % {"number": number}
        )


def highest_taken_sequence(office, *, year: int) -> int:
    """The highest sequence among numbers already written in the office's
    template for `year`, in letters or in the catalog (imports included)."""
    marker = "\x00"
    pieces = office.letter_number_template.format(
        seq=marker, unit_code=office.unit_code, year=year
    ).split(marker)
    if len(pieces) < 2:  # no {seq}: Office.clean refuses such a template
        return 0
    pattern = re.compile(
        re.escape(pieces[0])
        + r"(?P<seq>\d+)"
        + "".join(re.escape(piece) + "(?P=seq)" for piece in pieces[1:-1])
        + re.escape(pieces[-1]),
        re.IGNORECASE,
    )
    prefix, suffix = pieces[0], pieces[-1]
    numbers = [
        *ActivityRecord.objects.filter(
            recommendation_number__istartswith=prefix, recommendation_number__iendswith=suffix
        ).values_list("recommendation_number", flat=True),
        *Letter.objects.filter(number__istartswith=prefix, number__iendswith=suffix).values_list(
            "number", flat=True
        ),
    ]
    return max(
        (int(match["seq"]) for number in numbers if (match := pattern.fullmatch(number))),
        default=0,
    )


def next_free_letter_number(office, *, year: int) -> tuple[int, str]:
    """The office's next automatic letter number: after the highest one already
    taken, so it never repeats a letter or a catalog record. The counter's row
    lock (held until the signing commits) keeps concurrent signings gap-free."""
    sequence = organisation_services.next_in_sequence(office=office, kind="letter", year=year)
    highest = highest_taken_sequence(office, year=year)
    if sequence <= highest:
        sequence = highest + 1
        Counter.objects.filter(office=office, kind="letter", year=year).update(value=sequence)
    number = letter_number(office, sequence=sequence, year=year)
    while taken_by(number):  # written otherwise than the template (e.g. 007)
        sequence = organisation_services.next_in_sequence(office=office, kind="letter", year=year)
        number = letter_number(office, sequence=sequence, year=year)
    return sequence, number
