"""BPS offices (with their closure days and per-office sequences), agencies, who
belongs to which agency (profile, requests, audit trail), officer and walidata
profiles."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from procedures.accounts.models import User

office_code_validator = RegexValidator(
    r"^\d{4}$", _("Kode kantor terdiri dari 4 angka (0000 BPS RI, 3300 provinsi, 3304 kabupaten).")
)


nip_validator = RegexValidator(r"^\d{18}$", _("NIP terdiri dari 18 angka."))


region_code_validator = RegexValidator(
    r"^\d{4}$",
    _("Kode wilayah terdiri dari 4 angka: 0000 nasional, 3300 provinsi, 3304 kabupaten/kota."),
)


# The service standard's usual "30 hari kerja", until the office's page says otherwise.
DEFAULT_SERVICE_WORKING_DAYS = 30
MAX_SERVICE_WORKING_DAYS = 365
MAX_ALERT_WORKING_DAYS = 60


class OfficeLevel(models.TextChoices):
    PUSAT = "pusat", _("Pusat")
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN_KOTA = "kabupaten_kota", _("Kabupaten/Kota")


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
            "masuk antrean kantor; batas waktu layanan dimulai saat konfirmasi."
        ),
    )
    # The service time the clock uses. Its source is the office's published
    # service standard page (portal's page_published hook), not this form.
    service_working_days = models.PositiveSmallIntegerField(
        _("waktu penyelesaian (hari kerja)"),
        default=DEFAULT_SERVICE_WORKING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SERVICE_WORKING_DAYS)],
        help_text=_(
            "Batas waktu hasil pemeriksaan, dihitung sejak rancangan terekam lengkap. Nilai ini "
            "diambil dari “Waktu penyelesaian” halaman Standar Pelayanan kantor saat halaman "
            "itu diterbitkan."
        ),
    )
    # No silent queue: how long work may wait before someone higher up is told
    # (send_reminders, all in working days; "more than N days" triggers).
    walidata_reminder_working_days = models.PositiveSmallIntegerField(
        _("ingatkan walidata setelah (hari kerja)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ALERT_WORKING_DAYS)],
        help_text=_(
            "Walidata diingatkan bila pengajuan menunggu konfirmasinya lebih dari sekian hari "
            "kerja, lalu setiap kelipatannya."
        ),
    )
    parent_alert_working_days = models.PositiveSmallIntegerField(
        _("beri tahu kantor induk setelah (hari kerja)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ALERT_WORKING_DAYS)],
        help_text=_(
            "Pengajuan yang masuk ke kantor tanpa pemeriksa aktif, atau dari instansi yang "
            "belum dikonfirmasi, diberitahukan ke koordinator kantor ini saat itu juga; bila "
            "masih menunggu lebih dari sekian hari kerja, koordinator kantor induk juga diberi "
            "tahu."
        ),
    )
    take_escalation_working_days = models.PositiveSmallIntegerField(
        _("eskalasi bila belum diambil setelah (hari kerja)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ALERT_WORKING_DAYS)],
        help_text=_(
            "Pengajuan yang belum diambil pemeriksa lebih dari sekian hari kerja dilaporkan ke "
            "penanda tangan kantor."
        ),
    )
    due_escalation_working_days = models.PositiveSmallIntegerField(
        _("eskalasi bila batas waktu tinggal (hari kerja)"),
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_ALERT_WORKING_DAYS)],
        help_text=_(
            "Pengajuan yang batas waktunya tinggal sekian hari kerja atau kurang dan belum "
            "diusulkan keputusannya dilaporkan ke penanda tangan kantor."
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
        errors = {}
        # An escalation "N days before the due date" must fit in the service time.
        if (
            self.service_working_days is not None
            and self.due_escalation_working_days is not None
            and self.due_escalation_working_days >= self.service_working_days
        ):
            errors["due_escalation_working_days"] = _(
                "Harus lebih kecil dari waktu penyelesaian (%(days)s hari kerja)."
            ) % {"days": self.service_working_days}
        # A template that cannot be filled would stop every signing in the office.
        try:
            sample = self.letter_number_template.format(seq=1, unit_code="33040", year=2026)
        except (KeyError, IndexError, ValueError):
            sample = ""
        if "{seq}" not in self.letter_number_template or not sample:
            errors["letter_number_template"] = _(
                "Templat harus memuat {seq} dan hanya {seq}, {unit_code} dan {year}."
            )
        if errors:
            raise ValidationError(errors)

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
    applications of that agency only. Written only by `procedures.organisations.services`
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
