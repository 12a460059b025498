"""A letter of decision: one per decided application, stored once with its SHA-256,
verifiable by the code of its QR."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from procedures.accounts.models import User
from procedures.applications.models import Application, Verdict
from procedures.files import private_storage
from procedures.organisations.models import Office


def letter_path(instance, filename):
    return f"surat/{instance.year}/{uuid.uuid4().hex}.pdf"


class Letter(models.Model):
    """The signed recommendation letter. Rendered once at signing; the file and
    its SHA-256 never change afterwards (the verification page publishes the hash)."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="letter")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="letters")
    number = models.CharField(_("nomor surat"), max_length=100, unique=True)
    year = models.PositiveIntegerField()
    sequence = models.PositiveIntegerField()
    issued_on = models.DateField(_("tanggal surat"))
    verdict = models.CharField(_("keputusan"), max_length=20, choices=Verdict.choices)
    text = models.TextField(_("saran/alasan"), blank=True)
    signatory = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=200)
    signatory_nip = models.CharField(_("NIP penanda tangan"), max_length=18)
    verification_code = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=letter_path, storage=private_storage, max_length=200)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("surat rekomendasi")
        verbose_name_plural = _("surat rekomendasi")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "sequence"], name="letter_sequence_once"
            )
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Surat yang sudah terbit tidak dapat diubah.")
        super().save(*args, **kwargs)

    @property
    def verdict_label(self) -> str:
        return Verdict(self.verdict).label
