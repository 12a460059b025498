"""One satisfaction-survey response per decided application: its nine scores,
the optional respondent profile and a suggestion that only officers read.
Written only by `services.record_response`."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from procedures.accounts.models import User
from procedures.applications.models import Application
from procedures.organisations.models import Office

from .elements import ELEMENTS, SCORES


class SurveyChannel(models.TextChoices):
    ONLINE = "online", _("Daring (tautan survei)")
    PAPER = "paper", _("Kuesioner kertas (dicatat petugas)")


class Gender(models.TextChoices):
    MALE = "male", _("Laki-laki")
    FEMALE = "female", _("Perempuan")


class Education(models.TextChoices):
    PRIMARY = "sd", _("SD ke bawah")
    JUNIOR = "smp", _("SMP")
    SENIOR = "sma", _("SMA/SMK")
    DIPLOMA = "d1_d3", _("D1–D3")
    BACHELOR = "d4_s1", _("D4/S1")
    MASTER = "s2", _("S2")
    DOCTORATE = "s3", _("S3")


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "pns", _("PNS/ASN")
    MILITARY = "tni", _("TNI")
    POLICE = "polri", _("Polri")
    PRIVATE = "swasta", _("Pegawai swasta")
    ENTREPRENEUR = "wirausaha", _("Wirausaha")
    OTHER = "lainnya", _("Lainnya")


def score_field(element):
    return models.PositiveSmallIntegerField(
        element.label, choices=[(score, str(score)) for score in SCORES]
    )


class SurveyResponse(models.Model):
    application = models.OneToOneField(
        Application,
        verbose_name=_("pengajuan"),
        on_delete=models.CASCADE,
        related_name="survey_response",
    )
    # Copied at answer time: the IKM of an office stays what it was answered for.
    office = models.ForeignKey(
        Office, verbose_name=_("kantor BPS"), on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("dijawab pada"), db_index=True)
    channel = models.CharField(_("kanal"), max_length=10, choices=SurveyChannel.choices)
    entered_by = models.ForeignKey(
        User,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    u1 = score_field(ELEMENTS[0])
    u2 = score_field(ELEMENTS[1])
    u3 = score_field(ELEMENTS[2])
    u4 = score_field(ELEMENTS[3])
    u5 = score_field(ELEMENTS[4])
    u6 = score_field(ELEMENTS[5])
    u7 = score_field(ELEMENTS[6])
    u8 = score_field(ELEMENTS[7])
    u9 = score_field(ELEMENTS[8])
    gender = models.CharField(_("jenis kelamin"), max_length=10, choices=Gender.choices, blank=True)
    education = models.CharField(
        _("pendidikan"), max_length=10, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=10, choices=Occupation.choices, blank=True
    )
    suggestion = models.TextField(_("saran dan masukan"), blank=True)

    class Meta:
        ordering = ["-answered_at", "-pk"]
        verbose_name = _("jawaban survei kepuasan")
        verbose_name_plural = _("jawaban survei kepuasan")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{element.code}__gte": 1, f"{element.code}__lte": 4}),
                name=f"survey_{element.code}_1_to_4",
            )
            for element in ELEMENTS
        ] + [
            models.CheckConstraint(
                condition=Q(channel=SurveyChannel.ONLINE, entered_by__isnull=True)
                | Q(channel=SurveyChannel.PAPER, entered_by__isnull=False),
                name="survey_paper_has_officer",
            )
        ]

    def __str__(self):
        return f"{self.application.reference} · {self.get_channel_display()}"

    def scores(self) -> dict[str, int]:
        return {element.code: getattr(self, element.code) for element in ELEMENTS}
