"""The catalog record's public fields, declared once.

Each field says what it is (kind, label, limits, code list) and what role it
plays: a column of the import (`import_activities`), a column of the export
(CSV/JSON download), a field of the JSON API (summary in search results, or
detail only), and its part in search (searchable text and its weight, facet,
shown in hits, compared by "similar activities"). The import validator
(`catalog.validation`), the publication (`catalog.publishing`), the exports and
the API (`catalog.serializers`, `catalog.api`) and the search document
(`catalog.documents`) are all derived from `FIELDS`.

The model (`catalog.models.ActivityRecord`) still declares its columns, as
Django's migrations need; `tests/catalog/test_fields.py` asserts the two agree.
The order of `FIELDS` is the order of the import columns and of the API.
"""

from dataclasses import dataclass
from typing import Literal

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .codes import CollectionMethod, Frequency, Sector

# text: one line; long_text: paragraphs; year and date: as named; code: a stable
# code of `choices`; office: a BPS office code known to the office directory;
# list: several short texts (`;`-separated in CSV).
Kind = Literal["text", "long_text", "year", "date", "code", "office", "list"]
YEAR_RANGE = (1945, 2100)  # a recommended activity's year, as the import accepts it


@dataclass(frozen=True)
class RecordField:
    name: str
    kind: Kind
    label: Promise
    required: bool = False
    max_length: int | None = None
    choices: type[models.TextChoices] | None = None
    # A column (CSV) or key (JSON Lines) of import_activities.
    imported: bool = False
    # Not imported, yet checked and written like the imported columns: a value
    # the catalog derives when it is not given (the office name).
    derived: bool = False
    # Position in the export (1 = first column); None: not exported.
    export: int | None = None
    # "summary": in every API result; "detail": on /api/v1/activities/{id} only.
    api: Literal["summary", "detail"] | None = None
    # Search: ranking weight of a searchable text; the facet counting the value;
    # words people search by that fall into the document's catch-all text.
    weight: float | None = None
    facet: str | None = None
    findable: bool = False
    # Shown in a hit ("title" whole, "snippet" cut from it); compared by "similar".
    shown: Literal["title", "snippet"] | None = None
    similar: bool = False

    @property
    def validated(self) -> bool:
        """Checked by the validator and written by publication and import."""
        return self.imported or self.derived

    @property
    def is_public(self) -> bool:
        return bool(self.export or self.api)


# One row a field, read as a table (hence no automatic formatting).
# fmt: off
FIELDS: tuple[RecordField, ...] = (
    RecordField("recommendation_number", "text", _("nomor rekomendasi"), required=True,
                max_length=100, imported=True, export=1, api="summary"),
    RecordField("title", "text", _("judul kegiatan"), required=True, max_length=500,
                imported=True, export=3, api="summary", weight=10.0, shown="title",
                similar=True),
    RecordField("year", "year", _("tahun"), required=True, imported=True, export=4,
                api="summary", facet="year"),
    RecordField("agency", "text", _("instansi penyelenggara"), required=True, max_length=300,
                imported=True, export=5, api="summary", weight=3.0, facet="agency"),
    RecordField("office_code", "office", _("kode kantor BPS"), required=True, max_length=4,
                imported=True, export=6, api="summary", facet="office"),
    RecordField("office_name", "text", _("kantor BPS"), max_length=200, derived=True,
                export=7, api="detail", findable=True),
    RecordField("method", "code", _("cara pengumpulan data"), choices=CollectionMethod,
                imported=True, export=8, api="summary", facet="method", findable=True),
    RecordField("frequency", "code", _("frekuensi"), choices=Frequency, imported=True,
                export=9, api="summary", facet="frequency", findable=True),
    RecordField("coverage", "text", _("cakupan wilayah"), max_length=500, imported=True,
                export=10, api="detail", findable=True),
    RecordField("sector", "code", _("sektor"), choices=Sector, imported=True, export=11,
                api="summary", facet="sector", findable=True),
    RecordField("objective", "long_text", _("tujuan kegiatan"), max_length=10_000,
                imported=True, export=12, api="detail", weight=2.0, shown="snippet",
                similar=True),
    RecordField("variables", "list", _("variabel"), imported=True, export=13, api="detail",
                weight=2.0, shown="snippet", similar=True),
    RecordField("decided_on", "date", _("tanggal surat"), required=True, imported=True,
                export=2, api="summary"),
    RecordField("collection_start", "date", _("mulai pengumpulan data"), api="detail"),
    RecordField("collection_end", "date", _("selesai pengumpulan data"), api="detail"),
    RecordField("verification_url", "text", _("tautan verifikasi surat"), max_length=200,
                api="detail"),
)
# fmt: on

BY_NAME: dict[str, RecordField] = {field.name: field for field in FIELDS}
# The record's identity: publication and import find a record by it.
KEY = "recommendation_number"

IMPORT_COLUMNS = tuple(field.name for field in FIELDS if field.imported)
REQUIRED = tuple(field.name for field in FIELDS if field.required and field.validated)
CODED_FIELDS = {field.name: field.choices for field in FIELDS if field.kind == "code"}
# Free text the validator caps (office codes are checked against the directory).
MAX_LENGTHS = {
    field.name: field.max_length
    for field in FIELDS
    if field.imported and field.kind in ("text", "long_text") and field.max_length
}
# What publication writes from validated values, besides the key.
RECORD_FIELDS = tuple(field.name for field in FIELDS if field.validated and field.name != KEY)
EXPORT_FIELDS = tuple(
    sorted((field for field in FIELDS if field.export), key=lambda field: field.export)
)
SUMMARY_FIELDS = tuple(field for field in FIELDS if field.api == "summary")
DETAIL_FIELDS = tuple(field for field in FIELDS if field.api == "detail")
