"""Code lists of the FRKSS design form (MS Keg, Peraturan BPS 5/2020), with
stable codes and Indonesian labels. The header lists the catalog shows as well
(collection way, frequency, sector) live in `catalog.codes` and are re-exported
here, so the form and the catalog can never disagree."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.codes import CollectionMethod, Frequency, Sector

__all__ = [
    "AnalysisKind",
    "CollectionMethod",
    "CollectionType",
    "CollectionUnit",
    "DesignRepetition",
    "FieldStaff",
    "Frequency",
    "Method",
    "Mode",
    "PresentationLevel",
    "QualityCheck",
    "SampleFrame",
    "SelectionMethod",
    "Sector",
    "StageCount",
]


class DesignRepetition(models.TextChoices):
    ONCE = "sekali", _("Sekali")
    REPEATED = "berulang", _("Berulang")


class CollectionType(models.TextChoices):
    LONGITUDINAL_PANEL = "panel", _("Longitudinal panel")
    CROSS_SECTIONAL = "cross_sectional", _("Cross-sectional")
    LONGITUDINAL_CROSS_SECTIONAL = "longitudinal_cross_sectional", _("Longitudinal cross-sectional")


class Method(models.TextChoices):
    """Metode pengumpulan data (several allowed)."""

    INTERVIEW = "wawancara", _("Wawancara")
    SELF_ENUMERATION = "swacacah", _("Swacacah")
    OBSERVATION = "observasi", _("Observasi")
    SECONDARY = "data_sekunder", _("Data sekunder")
    OTHER = "lainnya", _("Lainnya")


class Mode(models.TextChoices):
    """Sarana pengumpulan data (several allowed)."""

    PAPI = "papi", _("PAPI")
    CAPI = "capi", _("CAPI")
    CATI = "cati", _("CATI")
    CAWI = "cawi", _("CAWI")
    MAIL = "surat", _("Surat")
    OTHER = "lainnya", _("Lainnya")


# Modes with field staff: the quality block asks about them only for these.
FIELD_STAFF_MODES = frozenset({Mode.PAPI, Mode.CAPI, Mode.CATI})


class CollectionUnit(models.TextChoices):
    INDIVIDUAL = "individu", _("Individu")
    HOUSEHOLD = "rumah_tangga", _("Rumah tangga")
    BUSINESS = "usaha", _("Usaha/perusahaan")
    OTHER = "lainnya", _("Lainnya")


class StageCount(models.TextChoices):
    SINGLE = "tunggal", _("Satu tahap")
    MULTI = "bertahap", _("Bertahap")


class SelectionMethod(models.TextChoices):
    """Metode pemilihan sampel: probability and non-probability."""

    SIMPLE_RANDOM = "acak_sederhana", _("Acak sederhana")
    SYSTEMATIC = "sistematik", _("Sistematik")
    STRATIFIED = "stratifikasi", _("Stratifikasi")
    CLUSTER = "klaster", _("Klaster")
    PPS = "pps", _("Probability proportional to size (PPS)")
    QUOTA = "kuota", _("Kuota")
    ACCIDENTAL = "aksidental", _("Aksidental")
    PURPOSIVE = "purposive", _("Purposive")
    SNOWBALL = "snowball", _("Snowball")
    SATURATION = "jenuh", _("Jenuh")


PROBABILITY_SELECTION = frozenset(
    {
        SelectionMethod.SIMPLE_RANDOM,
        SelectionMethod.SYSTEMATIC,
        SelectionMethod.STRATIFIED,
        SelectionMethod.CLUSTER,
        SelectionMethod.PPS,
    }
)


class SampleFrame(models.TextChoices):
    LIST = "list", _("List frame")
    AREA = "area", _("Area frame")


class QualityCheck(models.TextChoices):
    REVISIT = "kunjungan_kembali", _("Kunjungan kembali")
    SUPERVISION = "supervisi", _("Supervisi")
    TASK_FORCE = "task_force", _("Task force")
    OTHER = "lainnya", _("Lainnya")


class FieldStaff(models.TextChoices):
    AGENCY_STAFF = "staf_instansi", _("Staf instansi")
    PARTNERS = "mitra", _("Mitra")
    BOTH = "keduanya", _("Staf instansi dan mitra")


class AnalysisKind(models.TextChoices):
    DESCRIPTIVE = "deskriptif", _("Deskriptif")
    INFERENTIAL = "inferensia", _("Inferensia")
    BOTH = "keduanya", _("Deskriptif dan inferensia")


class PresentationLevel(models.TextChoices):
    NATIONAL = "nasional", _("Nasional")
    PROVINCE = "provinsi", _("Provinsi")
    REGENCY = "kabupaten_kota", _("Kabupaten/kota")
    DISTRICT = "kecamatan", _("Kecamatan")
    OTHER = "lainnya", _("Lainnya")
