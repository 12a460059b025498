"""Code lists of the MS Keg activity metadata standard (Peraturan BPS 5/2020).

The catalog owns them because the catalog is the lower layer: `procedures`
imports these lists for the FRKSS form, never the other way round. Codes are
stable (they appear in URLs, the API and imports); labels are Indonesian.
"""

from functools import cache

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class CollectionMethod(models.TextChoices):
    """Cara pengumpulan data."""

    CENSUS = "1", _("Pencacahan lengkap")
    SURVEY = "2", _("Survei")
    ADMINISTRATIVE = "3", _("Kompilasi produk administrasi")
    OTHER = "4", _("Cara lain sesuai perkembangan TI")


class Frequency(models.TextChoices):
    """Frekuensi penyelenggaraan; a one-off activity is shown as *sekali*."""

    ONCE = "sekali", _("Sekali")
    DAILY = "harian", _("Harian")
    WEEKLY = "mingguan", _("Mingguan")
    MONTHLY = "bulanan", _("Bulanan")
    QUARTERLY = "triwulanan", _("Triwulanan")
    FOUR_MONTHLY = "empat_bulanan", _("Empat bulanan")
    SEMIANNUAL = "semesteran", _("Semesteran")
    ANNUAL = "tahunan", _("Tahunan")
    MULTI_YEAR = "lebih_dari_dua_tahunan", _("Lebih dari dua tahunan")


class Sector(models.TextChoices):
    """The 22 MS Keg sectors, numbered in the standard's order."""

    AGRICULTURE = "1", _("Pertanian dan Perikanan")
    POPULATION = "2", _("Demografi dan Kependudukan")
    DEVELOPMENT = "3", _("Pembangunan")
    ECONOMIC_PROJECTION = "4", _("Proyeksi Ekonomi")
    EDUCATION = "5", _("Pendidikan dan Pelatihan")
    ENVIRONMENT = "6", _("Lingkungan")
    FINANCE = "7", _("Keuangan")
    GLOBALISATION = "8", _("Globalisasi")
    HEALTH = "9", _("Kesehatan")
    INDUSTRY = "10", _("Industri dan Jasa")
    ICT = "11", _("TIK")
    TRADE = "12", _("Perdagangan Internasional dan Neraca Perdagangan")
    LABOUR = "13", _("Ketenagakerjaan")
    NATIONAL_ACCOUNTS = "14", _("Neraca Nasional")
    MONTHLY_INDICATORS = "15", _("Indikator Ekonomi Bulanan")
    PRODUCTIVITY = "16", _("Produktivitas")
    PRICES = "17", _("Harga dan Paritas Daya Beli")
    PUBLIC_SECTOR = "18", _("Sektor Publik, Perpajakan, dan Regulasi Pasar")
    REGIONAL = "19", _("Perwilayahan dan Perkotaan")
    SCIENCE = "20", _("Ilmu Pengetahuan dan Hak Paten")
    SOCIAL_PROTECTION = "21", _("Perlindungan Sosial dan Kesejahteraan")
    TRANSPORT = "22", _("Transportasi")


@cache
def indonesian_labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """{code: Indonesian label}, built once: labels are lazy translations, and
    resolving them per record costs more than all the rest of an import."""
    with translation.override("id"):
        return {code: str(label) for code, label in choices.choices}


def code_label(choices: type[models.TextChoices], code: str) -> str:
    """The label of `code` in the active language (the code itself when the
    list lacks it), from a table built once per list and language. Django's
    `get_<field>_display` translates every label of the list to show one: a
    search page once made about 900 translation look-ups that way."""
    return _labels(choices, translation.get_language()).get(code, code)


@cache
def _labels(choices: type[models.TextChoices], language: str | None) -> dict[str, str]:
    with translation.override(language):
        return {code: str(label) for code, label in choices.choices}


@cache
def _lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    table = {code.casefold(): code for code in choices.values}
    table.update({label.casefold(): code for code, label in indonesian_labels(choices).items()})
    return table


def parse_code(choices: type[models.TextChoices], raw: str) -> str | None:
    """The stable code for `raw`, given as a code or an Indonesian label
    (case- and space-insensitive); None when it matches neither."""
    wanted = " ".join(str(raw).split()).casefold()
    return _lookup(choices).get(wanted) if wanted else None
