"""Names of BPS offices by code, for records that arrive with a code only.

Offices belong to `procedures`, which the catalog may not import; the project
names the lookup in `CATALOG_OFFICE_DIRECTORY` instead (dependency inversion).
"""

from django.conf import settings
from django.utils.module_loading import import_string


def office_directory() -> dict[str, str]:
    """{office code: office name} of every known office."""
    return dict(import_string(settings.CATALOG_OFFICE_DIRECTORY)())
