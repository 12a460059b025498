"""Finding a letter by the code of its QR."""

from .models import Letter


def letter_by_code(code: str):
    if not code or len(code) > 32:
        return None
    return (
        Letter.objects.select_related("application__agency", "office")
        .filter(verification_code=code)
        .first()
    )
