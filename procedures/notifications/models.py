"""One row per outgoing e-mail, with its state, attempts and last error."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationState(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    RETRYING = "retrying", _("Gagal, akan dicoba lagi")
    FAILED = "failed", _("Gagal permanen")


class Notification(models.Model):
    """One outgoing e-mail. Written in the transaction that causes it and sent
    after commit; a failed send stays here with its error and is retried with
    backoff by `manage.py send_notifications`, so nothing is silently lost."""

    kind = models.CharField(_("jenis"), max_length=40, db_index=True)
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    recipients = models.JSONField(_("penerima"), default=list)
    reply_to = models.JSONField(default=list, blank=True)
    from_email = models.CharField(max_length=254, blank=True)  # empty: DEFAULT_FROM_EMAIL
    subject = models.CharField(_("subjek"), max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    state = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationState.choices,
        default=NotificationState.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    # A sender claims the row before sending (state `sending`); another sender skips
    # it until the claim is older than notifications.CLAIM_TIMEOUT (a crashed sender).
    claimed_at = models.DateTimeField(_("diklaim pada"), null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    # Reminders carry a key so running `send_reminders` again sends nothing twice.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notifikasi e-mail")
        verbose_name_plural = _("notifikasi e-mail")

    def __str__(self):
        return self.subject
