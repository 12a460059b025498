"""Consultations: the office's internal questions to other units, never shown to
the applicant."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from procedures.accounts.models import User
from procedures.applications.models import Application


class Consultation(models.Model):
    """An examiner's question to a subject-matter unit and its answer. Internal:
    never shown to the applicant."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    unit = models.CharField(_("unit/fungsi yang dikonsultasikan"), max_length=200)
    question = models.TextField(_("pertanyaan"))
    asked_on = models.DateField(_("tanggal ditanyakan"))
    answer = models.TextField(_("jawaban"), blank=True)
    answered_on = models.DateField(_("tanggal dijawab"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["asked_on", "pk"]
        verbose_name = _("konsultasi")
        verbose_name_plural = _("konsultasi")

    def __str__(self):
        return f"{self.unit}: {self.question[:60]}"
