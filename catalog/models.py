from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from .codes import CollectionMethod, Frequency, Sector, code_label


class ActivityRecord(index.Indexed, models.Model):
    """The public snapshot of a recommended statistical activity.

    Only what the recommendation letter makes public: no applicant, no contact
    person, no personal data. Written by `catalog.publishing` only.
    """

    class Source(models.TextChoices):
        DECISION = "decision", _("Keputusan layanan rekomendasi")
        IMPORT = "import", _("Impor data lama")

    recommendation_number = models.CharField(_("nomor rekomendasi"), max_length=100, unique=True)
    decided_on = models.DateField(_("tanggal surat"))
    title = models.CharField(_("judul kegiatan"), max_length=500)
    year = models.PositiveSmallIntegerField(_("tahun"))
    agency = models.CharField(_("instansi penyelenggara"), max_length=300)
    office_code = models.CharField(_("kode kantor BPS"), max_length=4)
    office_name = models.CharField(_("kantor BPS"), max_length=200)
    method = models.CharField(
        _("cara pengumpulan data"), max_length=2, choices=CollectionMethod.choices
    )
    frequency = models.CharField(_("frekuensi"), max_length=30, choices=Frequency.choices)
    coverage = models.CharField(_("cakupan wilayah"), max_length=500, blank=True)
    sector = models.CharField(_("sektor"), max_length=2, choices=Sector.choices)
    objective = models.TextField(_("tujuan kegiatan"), blank=True)
    variables = models.JSONField(_("variabel"), default=list, blank=True)
    collection_start = models.DateField(_("mulai pengumpulan data"), null=True, blank=True)
    collection_end = models.DateField(_("selesai pengumpulan data"), null=True, blank=True)
    verification_url = models.CharField(_("tautan verifikasi surat"), max_length=200, blank=True)
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    # The application a decision record was published from. The catalog may not
    # import the procedure, so the link is a plain id; it decides who may
    # replace the record (only a republication for the same application).
    source_application_id = models.PositiveBigIntegerField(
        _("id pengajuan sumber"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("Pengajuan yang keputusannya menerbitkan kegiatan ini; kosong untuk impor."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    # Our own index (search/) is the catalog's search. These fields exist so the
    # benchmark can compare it with Wagtail's database backend on the same rows;
    # automatic updates stay off so saving a record never writes a second index.
    search_auto_update = False
    search_fields = [
        index.SearchField("title", boost=10),
        index.SearchField("agency", boost=3),
        index.SearchField("objective", boost=2),
        index.FilterField("year"),
        index.FilterField("office_code"),
        index.FilterField("sector"),
        index.FilterField("method"),
        index.FilterField("frequency"),
    ]

    class Meta:
        verbose_name = _("kegiatan terekomendasi")
        verbose_name_plural = _("kegiatan terekomendasi")
        ordering = ["-decided_on", "recommendation_number"]
        indexes = [
            models.Index(fields=["-decided_on", "recommendation_number"], name="catalog_newest"),
            models.Index(fields=["year"], name="catalog_year"),
            models.Index(fields=["office_code"], name="catalog_office"),
        ]
        constraints = [
            # Only a decision names an application. (Decision records published
            # before the link existed may lack it; nothing can replace those.)
            models.CheckConstraint(
                condition=models.Q(source="decision")
                | models.Q(source_application_id__isnull=True),
                name="catalog_only_decisions_name_an_application",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.recommendation_number})"

    def get_absolute_url(self):
        return reverse("catalog:detail", args=[self.pk])

    # Django's own get_<field>_display translates the whole code list per call.
    def get_method_display(self) -> str:
        return code_label(CollectionMethod, self.method)

    def get_frequency_display(self) -> str:
        return code_label(Frequency, self.frequency)

    def get_sector_display(self) -> str:
        return code_label(Sector, self.sector)


class SearchSynonym(models.Model):
    """One entry of the search dictionary that editors keep in the CMS: an
    acronym and what it stands for, or words that mean the same. Applied at
    query time (`catalog.synonyms`), so an edit needs no index rebuild."""

    phrases = models.TextField(
        _("bentuk yang setara"),
        help_text=_(
            "Satu bentuk per baris (atau dipisah koma), misalnya «UMKM» dan "
            "«usaha mikro kecil menengah». Mencari salah satunya menemukan semuanya."
        ),
    )
    note = models.CharField(_("catatan"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("sinonim pencarian")
        verbose_name_plural = _("sinonim pencarian")
        ordering = ["phrases"]

    def __str__(self):
        return " = ".join(self.alternatives())

    def alternatives(self) -> list[str]:
        from .synonyms import split_phrases

        return split_phrases(self.phrases)

    def clean(self):
        from django.core.exceptions import ValidationError

        from search.synonyms import Synonyms

        if not Synonyms.from_phrases([self.alternatives()]).groups:
            raise ValidationError(
                {
                    "phrases": _(
                        "Tulis paling sedikit dua bentuk yang berbeda, satu per baris "
                        "(misalnya «UMKM» dan «usaha mikro kecil menengah»)."
                    )
                }
            )
