"""An application, its frozen versions, attachments, revision notes and audit
trail. The state changes only through `workflow.apply_transition`."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from procedures.accounts.models import User
from procedures.files import private_storage
from procedures.organisations.models import Agency, Office


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    AWAITING_WALIDATA = "awaiting_walidata", _("Menunggu Konfirmasi Walidata")
    WALIDATA_RETURNED = "walidata_returned", _("Dikembalikan Walidata")
    AWAITING_AGENCY = "awaiting_agency", _("Menunggu Konfirmasi Instansi")
    SUBMITTED = "submitted", _("Diajukan")
    IN_REVIEW = "in_review", _("Dalam Pemeriksaan")
    REVISION_REQUESTED = "revision_requested", _("Perlu Perbaikan")
    AWAITING_SIGNATURE = "awaiting_signature", _("Menunggu Tanda Tangan")
    FEASIBLE = "feasible", _("Layak Dilaksanakan")
    NOT_FEASIBLE = "not_feasible", _("Tidak Layak Dilaksanakan")
    WITHDRAWN = "withdrawn", _("Dibatalkan")


# The office's service working days run in these states (and stop while the
# applicant revises, or while the walidata has it: that is before the office).
CLOCK_STATES = frozenset(
    {ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW, ApplicationState.AWAITING_SIGNATURE}
)


class Channel(models.TextChoices):
    ONLINE = "online", _("Daring")
    OFFLINE = "offline", _("Luring (datang langsung)")


class Verdict(models.TextChoices):
    FEASIBLE = "feasible", _("Layak Dilaksanakan")
    NOT_FEASIBLE = "not_feasible", _("Tidak Layak Dilaksanakan")


class Application(models.Model):
    """A request for a recommendation: the working design (a draft the applicant
    edits) plus its state and clock. `state` and `lock_version` change only
    through `procedures.applications.workflow`, which is why they are not editable."""

    reference = models.CharField(
        _("nomor pengajuan"), max_length=30, unique=True, null=True, blank=True, editable=False
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="applications"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("kantor BPS"), on_delete=models.PROTECT, related_name="applications"
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="applications_created"
    )
    channel = models.CharField(
        _("kanal"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    state = models.CharField(
        _("status"),
        max_length=30,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        editable=False,
        db_index=True,
    )
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    title = models.CharField(_("judul kegiatan"), max_length=300, blank=True)
    design = models.JSONField(_("rancangan"), default=dict, blank=True)
    examiner = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications_examined",
        editable=False,
    )
    recorded_on = models.DateField(_("terekam lengkap pada"), null=True, editable=False)
    due_on = models.DateField(_("batas waktu"), null=True, editable=False)
    proposed_verdict = models.CharField(
        max_length=20, choices=Verdict.choices, blank=True, editable=False
    )
    proposal_text = models.TextField(blank=True, editable=False)
    proposed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, editable=False)
    # When the office first received it (a submission it may see, even if later
    # withdrawn); None for drafts and what still waits for the walidata.
    reached_office_at = models.DateTimeField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pengajuan")
        verbose_name_plural = _("pengajuan")

    def __str__(self):
        return f"{self.reference or _('Draf')} — {self.title or _('(tanpa judul)')}"

    @property
    def state_label(self) -> str:
        return ApplicationState(self.state).label

    @property
    def clock_running(self) -> bool:
        return self.due_on is not None and self.state in CLOCK_STATES


class ApplicationVersion(models.Model):
    """The design as it was (re)submitted. Never changed after it is written."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    design = models.JSONField(_("rancangan"))
    attachments = models.ManyToManyField("Attachment", related_name="versions", blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="version_number_once")
        ]

    def __str__(self):
        return f"{self.application} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Versi pengajuan tidak dapat diubah setelah dibekukan.")
        super().save(*args, **kwargs)


class AttachmentKind(models.TextChoices):
    QUESTIONNAIRE = "kuesioner", _("Kuesioner")
    MANUAL = "pedoman", _("Pedoman/manual")
    REQUEST_LETTER = "surat_permohonan", _("Surat permohonan instansi")
    SCANNED_FORM = "formulir_pindaian", _("Pindaian formulir FRKSS")
    OTHER = "lainnya", _("Lainnya")


def attachment_path(instance, filename):
    # Stored under a random name: the original name is kept in the row, never in a path.
    return f"lampiran/{instance.application_id}/{uuid.uuid4().hex}.{instance.extension}"


class Attachment(models.Model):
    """A file attached to an application. Kept after removal from the draft so
    frozen versions still have their files; served only through a permission check."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("jenis lampiran"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("ukuran"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self):
        return self.original_name


class ApplicationEvent(models.Model):
    """The audit trail: every transition and every change an applicant or officer made."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("riwayat pengajuan")
        verbose_name_plural = _("riwayat pengajuan")

    def __str__(self):
        return f"{self.application_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class NoteResolution(models.TextChoices):
    """The examiner's verdict on a note, read on the next version."""

    RESOLVED = "resolved", _("Diterima pemeriksa")
    UNRESOLVED = "unresolved", _("Belum selesai menurut pemeriksa")


# The longest reply an applicant may write to one note.
REPLY_MAX_LENGTH = 2000


class ReviewNote(models.Model):
    """An examiner's note on one block of one version; the applicant answers it
    (`reply`) while revising, and the examiner, on the next version, says
    whether it was resolved (`resolution`). Both change only through services."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    version = models.ForeignKey(ApplicationVersion, on_delete=models.CASCADE, related_name="notes")
    block = models.CharField(_("blok"), max_length=30)
    text = models.TextField(_("catatan"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # None while the examiner is still writing: the applicant sees sent notes only.
    sent_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(_("jawaban pemohon"), blank=True, editable=False)
    replied_at = models.DateTimeField(null=True, blank=True, editable=False)
    replied_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    # Empty until the examiner reads the next version.
    resolution = models.CharField(
        _("hasil tinjauan"),
        max_length=20,
        choices=NoteResolution.choices,
        blank=True,
        editable=False,
    )
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("catatan pemeriksaan")
        verbose_name_plural = _("catatan pemeriksaan")

    def __str__(self):
        return f"{self.block}: {self.text[:60]}"

    @property
    def answered(self) -> bool:
        return bool(self.reply)
