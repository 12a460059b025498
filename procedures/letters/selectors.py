"""Finding a letter: by the code of its QR, or by its number exactly as printed."""

import unicodedata

from django.db.models import Value
from django.db.models.functions import Replace, Upper

from .models import Letter

# Dashes a number copied out of a PDF or a word processor may carry instead of "-".
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"), "-")


def letter_by_code(code: str):
    if not code or len(code) > 32:
        return None
    return (
        Letter.objects.select_related("application__agency", "office")
        .filter(verification_code=code)
        .first()
    )


def normalise_letter_number(text: str) -> str:
    """A letter number as typed, reduced to how numbers are stored: full-width
    characters folded (NFKC), any dash made "-", every space removed, upper case.
    Nothing else changes, so a different number never becomes this one."""
    folded = unicodedata.normalize("NFKC", text or "").translate(_DASHES)
    return "".join(folded.split()).upper()


def letter_by_number(number: str) -> Letter | None:
    """The one letter whose number is `number` once both are normalised; never a
    partial match: the comparison is equality, so `%` and `_` are plain characters."""
    wanted = normalise_letter_number(number)
    if not wanted:
        return None
    # Stored numbers carry no spaces (agenda numbers are cleaned at signing, and the
    # office template has none by default), but an office's template may: compare
    # with spaces removed on both sides.
    matches = list(
        Letter.objects.select_related("application__agency", "office")
        .alias(compact=Upper(Replace("number", Value(" "), Value(""))))
        .filter(compact=wanted)
        .order_by("pk")[:2]
    )
    if len(matches) == 1:
        return matches[0]
    # Two numbers differing only in spaces or case: take only one written exactly so.
    return next((match for match in matches if match.number == " ".join(number.split())), None)
