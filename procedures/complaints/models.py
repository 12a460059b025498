"""A complaint (pengaduan) and its trail of follow-up: assignments, answers and
status changes. The complaint form of the CMS (`portal.ComplaintSubmission`) keeps
what the person typed for the editors; this is what the office works on."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    IN_PROGRESS = "in_progress", _("Diproses")
    CLOSED = "closed", _("Selesai")


# Statuses only move forward along this order (services.STATUS_MOVES).
STATUS_ORDER = {
    ComplaintStatus.RECEIVED: 0,
    ComplaintStatus.IN_PROGRESS: 1,
    ComplaintStatus.CLOSED: 2,
}


class Complaint(models.Model):
    # ADU-{office code}-{year}-{n:05d}, given by the complaint form that received it.
    ticket_number = models.CharField(_("nomor tiket"), max_length=40, unique=True)
    office = models.ForeignKey(
        "organisations.Office",
        verbose_name=_("kantor"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    received_at = models.DateTimeField(_("diterima pada"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    complainant_name = models.CharField(_("nama pengadu"), max_length=255, blank=True)
    # Blank when the editors' form has no e-mail field: then nothing is e-mailed and
    # the complaint cannot be looked up on the tracking page.
    complainant_email = models.EmailField(_("e-mail pengadu"), blank=True)
    subject = models.CharField(_("hal yang diadukan"), max_length=255, blank=True)
    text = models.TextField(_("isi pengaduan"), blank=True)
    # Every answer of the form as the person gave it, [[label, value], ...]: the
    # officers see the phone number or agency the editors' form asked for.
    answers = models.JSONField(_("isian formulir"), default=list, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditangani oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # Bumped by every change: a form posted from a stale page is refused.
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        indexes = [models.Index(fields=["office", "status", "-received_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ComplaintStatus.values),
                name="complaint_status_known",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=ComplaintStatus.CLOSED, closed_at__isnull=False)
                    | (~models.Q(status=ComplaintStatus.CLOSED) & models.Q(closed_at__isnull=True))
                ),
                name="complaint_closed_at_iff_closed",
            ),
        ]

    def __str__(self):
        return self.ticket_number

    @property
    def is_closed(self) -> bool:
        return self.status == ComplaintStatus.CLOSED


class UpdateKind(models.TextChoices):
    ASSIGNED = "assigned", _("Ditugaskan")
    ANSWERED = "answered", _("Dijawab")
    STATUS = "status", _("Status diubah")


class ComplaintUpdate(models.Model):
    """One line of a complaint's trail. `from_status`/`to_status` are the status
    before and after (equal when it did not change)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=UpdateKind.choices)
    from_status = models.CharField(max_length=12, choices=ComplaintStatus.choices)
    to_status = models.CharField(max_length=12, choices=ComplaintStatus.choices)
    text = models.TextField(_("isi"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("tindak lanjut pengaduan")
        verbose_name_plural = _("tindak lanjut pengaduan")

    def __str__(self):
        return f"{self.complaint} · {self.get_kind_display()}"

    @property
    def is_public(self) -> bool:
        """What the complainant reads: the office's answers and the closing note."""
        return self.kind == UpdateKind.ANSWERED or (
            self.kind == UpdateKind.STATUS and bool(self.text)
        )
