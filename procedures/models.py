from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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
