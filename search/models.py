from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexJob(models.Model):
    """One change the search index must learn, written in the same transaction
    as the change itself (an outbox): if the engine is down, nothing is lost.

    Jobs carry only the document id; the current document is read from the
    document source when the job is applied, so a late job never indexes stale
    text. Applied jobs are kept for a while so a rebuild can replay the changes
    that happened while it ran.
    """

    class Action(models.TextChoices):
        UPSERT = "upsert", _("simpan")
        DELETE = "delete", _("hapus")

    document_id = models.CharField(_("dokumen"), max_length=64)
    action = models.CharField(_("aksi"), max_length=10, choices=Action.choices)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    processed_at = models.DateTimeField(_("diterapkan"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)

    class Meta:
        verbose_name = _("tugas indeks")
        verbose_name_plural = _("tugas indeks")
        indexes = [models.Index(fields=["processed_at", "id"], name="search_job_pending")]

    def __str__(self):
        return f"{self.action} {self.document_id}"
