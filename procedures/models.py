import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_storage():
    """Uploaded attachments live outside MEDIA_ROOT, with no URL: only a view
    that checks permissions can read them."""
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)


class EmailUserManager(UserManager):
    """Users sign in with their e-mail address; there is no separate username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("E-mail wajib diisi.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("alamat e-mail"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.get_full_name() or self.email


class OfficeLevel(models.TextChoices):
    PUSAT = "pusat", _("Pusat")
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN_KOTA = "kabupaten_kota", _("Kabupaten/Kota")


office_code_validator = RegexValidator(
    r"^\d{4}$", _("Kode kantor terdiri dari 4 angka (0000 BPS RI, 3300 provinsi, 3304 kabupaten).")
)
nip_validator = RegexValidator(r"^\d{18}$", _("NIP terdiri dari 18 angka."))


class LetterNumbering(models.TextChoices):
    AUTOMATIC = "automatic", _("Otomatis oleh Rekomstat")
    AGENDA = "agenda", _("Dari agenda surat keluar kantor")


class Office(models.Model):
    """A BPS office (BPS RI, a provincial or a regency/city office) that examines
    applications and signs recommendation letters."""

    code = models.CharField(
        _("kode"), max_length=4, unique=True, validators=[office_code_validator]
    )
    name = models.CharField(_("nama"), max_length=200)
    level = models.CharField(_("tingkat"), max_length=20, choices=OfficeLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kantor induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("alamat"), max_length=300)
    postal_code = models.CharField(
        _("kode pos"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Kode pos terdiri dari 5 angka."))],
    )
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"))
    website = models.CharField(_("situs web"), max_length=200, blank=True)
    head_name = models.CharField(_("nama kepala"), max_length=200, blank=True)
    head_nip = models.CharField(
        _("NIP kepala"), max_length=18, blank=True, validators=[nip_validator]
    )
    letter_number_template = models.CharField(
        _("templat nomor surat"),
        max_length=100,
        default="B-{seq}/{unit_code}/KS.000/{year}",
        help_text=_(
            "Gunakan {seq}, {unit_code} dan {year}, mis. B-{seq}/{unit_code}/KS.000/{year}."
        ),
    )
    letter_numbering = models.CharField(
        _("penomoran surat"),
        max_length=10,
        choices=LetterNumbering.choices,
        default=LetterNumbering.AUTOMATIC,
        help_text=_(
            "Otomatis: Rekomstat memberi nomor dari templat di atas, urut per tahun, mulai "
            "setelah nomor tertinggi yang sudah ada (surat maupun katalog). Agenda: penanda "
            "tangan mengisi nomor dari agenda surat keluar kantor (mis. aplikasi e-office) "
            "saat menandatangani, misalnya B-123/33040/KS.000/2026; Rekomstat memeriksa "
            "bentuknya dan memastikan nomor itu belum pernah dipakai."
        ),
    )

    allow_self_sign = models.BooleanField(
        _("penanda tangan boleh menandatangani usulannya sendiri"),
        default=False,
        help_text=_(
            "Biarkan kosong agar setiap keputusan diperiksa dua orang: pengusul tidak "
            "menandatangani usulannya sendiri."
        ),
    )
    walidata_required = models.BooleanField(
        _("wajib pemeriksaan walidata"),
        default=False,
        help_text=_(
            "Pengajuan instansi daerah menunggu konfirmasi walidata wilayahnya sebelum "
            "masuk antrean kantor; batas waktu 30 hari kerja dimulai saat konfirmasi."
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("kantor BPS")
        verbose_name_plural = _("kantor BPS")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="pusat", parent__isnull=True) | ~models.Q(level="pusat"),
                name="office_pusat_has_no_parent",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        # A template that cannot be filled would stop every signing in the office.
        try:
            sample = self.letter_number_template.format(seq=1, unit_code="33040", year=2026)
        except (KeyError, IndexError, ValueError):
            sample = ""
        if "{seq}" not in self.letter_number_template or not sample:
            raise ValidationError(
                {
                    "letter_number_template": _(
                        "Templat harus memuat {seq} dan hanya {seq}, {unit_code} dan {year}."
                    )
                }
            )

    @property
    def unit_code(self) -> str:
        """BPS work-unit code used in letter numbers: 3304 → 33040."""
        return f"{self.code}0"

    @property
    def website_url(self) -> str:
        if not self.website or self.website.startswith(("http://", "https://")):
            return self.website
        return f"https://{self.website}"


class OfficeClosure(models.Model):
    """A day an office is closed beyond the national calendar (e.g. a regional
    holiday or an office move): it is not a working day for its service clock."""

    office = models.ForeignKey(
        Office, verbose_name=_("kantor BPS"), on_delete=models.CASCADE, related_name="closures"
    )
    date = models.DateField(_("tanggal"))
    reason = models.CharField(_("alasan"), max_length=200)

    class Meta:
        ordering = ["office", "date"]
        verbose_name = _("hari libur kantor")
        verbose_name_plural = _("hari libur kantor")
        constraints = [
            models.UniqueConstraint(fields=["office", "date"], name="office_closure_once_a_day")
        ]

    def __str__(self):
        return f"{self.office.code} {self.date:%Y-%m-%d}: {self.reason}"


class AgencyLevel(models.TextChoices):
    CENTRAL = "kementerian_lembaga", _("Kementerian/lembaga")
    PROVINCE = "pemerintah_provinsi", _("Pemerintah provinsi")
    REGENCY = "pemerintah_kabupaten_kota", _("Pemerintah kabupaten/kota")
    OPD = "opd", _("Organisasi perangkat daerah (OPD)")


region_code_validator = RegexValidator(
    r"^\d{4}$",
    _("Kode wilayah terdiri dari 4 angka: 0000 nasional, 3300 provinsi, 3304 kabupaten/kota."),
)


class Agency(models.Model):
    """A government agency (instansi) that runs statistical activities and asks
    a BPS office for recommendations. An applicant may propose a new agency; it
    waits for an officer's confirmation before its applications reach a queue."""

    name = models.CharField(_("nama instansi"), max_length=250)
    level = models.CharField(_("tingkat"), max_length=30, choices=AgencyLevel.choices)
    region_code = models.CharField(
        _("kode wilayah"), max_length=4, validators=[region_code_validator]
    )
    region_name = models.CharField(_("nama wilayah"), max_length=120)
    address = models.CharField(_("alamat"), max_length=300)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail instansi"), blank=True)
    office = models.ForeignKey(
        Office,
        verbose_name=_("kantor BPS yang melayani"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        constraints = [
            models.UniqueConstraint(fields=["name", "region_code"], name="agency_unique_in_region")
        ]

    def __str__(self):
        return self.name

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ApplicantProfile(models.Model):
    """An account's granted membership of one agency: the account sees the
    applications of that agency only. Written only by `procedures.services`
    (approval of a request, or proposing a new agency)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="applicant")
    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="applicants"
    )
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("profil pemohon")
        verbose_name_plural = _("profil pemohon")

    def __str__(self):
        return f"{self.user} — {self.agency}"


class MembershipState(models.TextChoices):
    PENDING = "pending", _("Menunggu persetujuan")
    APPROVED = "approved", _("Disetujui")
    REFUSED = "refused", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


class MembershipRequest(models.Model):
    """An account asks to work for an agency. Membership is granted by an active
    member of the agency or an officer of its BPS office, never claimed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="membership_requests")
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="membership_requests",
    )
    state = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipState.choices,
        default=MembershipState.PENDING,
        db_index=True,
    )
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("permintaan keanggotaan")
        verbose_name_plural = _("permintaan keanggotaan")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(state="pending"),
                name="membership_one_pending_request",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.agency} ({self.get_state_display()})"


class AgencyEvent(models.Model):
    """The agency's audit trail: who asked to join, who granted, refused or
    removed a membership, and who left."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    member = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("riwayat instansi")
        verbose_name_plural = _("riwayat instansi")

    def __str__(self):
        return f"{self.agency_id} {self.kind} {self.member_id}"


class OfficerProfile(models.Model):
    """The BPS office an officer works in; officers act on that office's applications."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="officer")
    office = models.ForeignKey(
        Office, verbose_name=_("kantor BPS"), on_delete=models.PROTECT, related_name="officers"
    )
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[nip_validator])
    position = models.CharField(
        _("jabatan"),
        max_length=200,
        blank=True,
        help_text=_("Tercetak di bawah tanda tangan, mis. Kepala BPS Kabupaten Banjarnegara."),
    )
    reads_offices_below = models.BooleanField(
        _("boleh melihat kantor di bawahnya"),
        default=False,
        help_text=_(
            "Petugas provinsi/pusat dapat membaca (tidak mengubah) pengajuan kantor bawahan."
        ),
    )

    class Meta:
        verbose_name = _("profil petugas")
        verbose_name_plural = _("profil petugas")

    def __str__(self):
        return f"{self.user} — {self.office.code}"


class WalidataProfile(models.Model):
    """A regional data custodian (usually the local Diskominfo) who confirms the
    region's submissions before an office that requires it sees them."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="walidata")
    region_code = models.CharField(
        _("kode wilayah"),
        max_length=4,
        validators=[RegexValidator(r"^\d{4}$", _("Kode wilayah terdiri dari 4 angka."))],
    )
    institution = models.CharField(_("instansi walidata"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("profil walidata")
        verbose_name_plural = _("profil walidata")

    def __str__(self):
        return f"{self.user} — {self.region_code}"


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    AWAITING_WALIDATA = "awaiting_walidata", _("Menunggu Konfirmasi Walidata")
    AWAITING_AGENCY = "awaiting_agency", _("Menunggu Konfirmasi Instansi")
    SUBMITTED = "submitted", _("Diajukan")
    IN_REVIEW = "in_review", _("Dalam Pemeriksaan")
    REVISION_REQUESTED = "revision_requested", _("Perlu Perbaikan")
    AWAITING_SIGNATURE = "awaiting_signature", _("Menunggu Tanda Tangan")
    FEASIBLE = "feasible", _("Layak Dilaksanakan")
    NOT_FEASIBLE = "not_feasible", _("Tidak Layak Dilaksanakan")
    WITHDRAWN = "withdrawn", _("Dibatalkan")


# The 30 working days run in these states (and stop while the applicant revises).
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
    through `procedures.workflow`, which is why they are not editable."""

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


class ReviewNote(models.Model):
    """An examiner's note on one block of one version; the applicant addresses it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    version = models.ForeignKey(ApplicationVersion, on_delete=models.CASCADE, related_name="notes")
    block = models.CharField(_("blok"), max_length=30)
    text = models.TextField(_("catatan"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # None while the examiner is still writing: the applicant sees sent notes only.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("catatan pemeriksaan")
        verbose_name_plural = _("catatan pemeriksaan")

    def __str__(self):
        return f"{self.block}: {self.text[:60]}"


class Counter(models.Model):
    """A gap-free yearly sequence per office (reference numbers, letter numbers)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "kind", "year"], name="counter_once")
        ]

    def __str__(self):
        return f"{self.office_id} {self.kind} {self.year}: {self.value}"


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
        Application,
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
