"""Addresses editors may type for a link on a public page: an absolute http(s) URL
or a path on this site, nothing a browser would run or send elsewhere unseen."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

LINK_TARGET_HELP = _(
    "Alamat tujuan diisi alamat lengkap yang diawali https:// (atau http://), atau jalur "
    "di situs ini yang diawali satu garis miring, mis. /pengajuan/."
)

_absolute_url = URLValidator(schemes=["http", "https"])


def is_site_path(value: str) -> bool:
    # "//host" and "/\host" are read by browsers as another host, not a path here.
    return (
        value.startswith("/")
        and not value.startswith(("//", "/\\"))
        and not any(char.isspace() or char == "\\" or not char.isprintable() for char in value)
    )


def validate_link_target(value: str) -> None:
    """Refuses `javascript:`, `data:`, scheme-relative and bare relative addresses."""
    if is_site_path(value):
        return
    if urlsplit(value).scheme.lower() in {"http", "https"}:
        try:
            _absolute_url(value)
        except ValidationError:
            pass
        else:
            return
    raise ValidationError(LINK_TARGET_HELP, code="unsafe_link_target")
