"""Forms of the officers' screens. They parse and check input; the rules live in
`services` and `permissions`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.accounts.models import User
from procedures.applications.models import Verdict
from procedures.organisations.forms import ProposeAgencyForm
from procedures.organisations.models import Agency
from procedures.organisations.roles import Role


class AssignForm(forms.Form):
    prefix = "alih"

    examiner = forms.ModelChoiceField(
        label=_("Pemeriksa"), queryset=User.objects.none(), empty_label=_("— pilih pemeriksa —")
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["examiner"].queryset = (
            User.objects.filter(officer__office=office, groups__name=Role.EXAMINER, is_active=True)
            .distinct()
            .order_by("first_name", "email")
        )


class ProposalForm(forms.Form):
    prefix = "usulan"

    verdict = forms.ChoiceField(
        label=_("Usulan keputusan"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Saran (untuk Layak) atau alasan (wajib untuk Tidak Layak)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("verdict") == Verdict.NOT_FEASIBLE and not cleaned.get("text", "").strip():
            self.add_error("text", _("Tuliskan alasan kegiatan tidak layak."))
        return cleaned


class ConsultationForm(forms.Form):
    prefix = "konsultasi"

    unit = forms.CharField(
        label=_("Unit/fungsi yang dikonsultasikan"),
        max_length=200,
        help_text=_("Mis. Fungsi Statistik Produksi BPS Provinsi."),
    )
    question = forms.CharField(
        label=_("Pertanyaan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    asked_on = forms.DateField(
        label=_("Tanggal ditanyakan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Kosongkan untuk hari ini."),
    )


class ConsultationAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Jawaban"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    answered_on = forms.DateField(
        label=_("Tanggal dijawab"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Kosongkan untuk hari ini."),
    )


class OfflineForm(forms.Form):
    REGISTERED, NEW = "terdaftar", "baru"

    instansi = forms.ChoiceField(
        label=_("Instansi yang datang"),
        choices=[
            (REGISTERED, _("Sudah terdaftar di kantor ini")),
            (NEW, _("Instansi baru, belum ada di daftar")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    agency = forms.ModelChoiceField(
        label=_("Instansi pemohon"),
        queryset=Agency.objects.none(),
        empty_label=_("— pilih instansi —"),
        required=False,
        help_text=_(
            "Instansi yang sudah dikonfirmasi dan dilayani kantor Anda. Tidak ada di daftar? "
            "Pilih “Instansi baru” dan isi datanya di bawah."
        ),
    )

    email = forms.EmailField(
        label=_("E-mail instansi"),
        required=False,
        help_text=_(
            "Tanda terima, permintaan perbaikan dan surat dikirim ke alamat ini. Wajib bila "
            "instansi belum punya e-mail tercatat (lihat daftar di atas); bila diisi, "
            "menggantikan e-mail yang tercatat."
        ),
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi"].initial = self.REGISTERED
        self.fields["agency"].queryset = Agency.objects.filter(
            office=office, confirmed_at__isnull=False
        )
        # The examiner sees at once whether the agency can be reached by e-mail.
        no_email = _("belum ada e-mail")
        self.fields["agency"].label_from_instance = lambda agency: (
            f"{agency.name} — {agency.email or no_email}"
        )

    @property
    def wants_new_agency(self) -> bool:
        return self.data.get("instansi") == self.NEW

    def clean(self):
        cleaned = super().clean()
        cleaned["instansi"] = cleaned.get("instansi") or self.REGISTERED
        if not self.wants_new_agency and not cleaned.get("agency") and "agency" not in self.errors:
            self.add_error(
                "agency",
                _("Pilih instansi dari daftar, atau pilih “Instansi baru” dan isi datanya."),
            )
        return cleaned


class CounterAgencyForm(ProposeAgencyForm):
    """The new agency of a walk-in: what an applicant gives when proposing one,
    with its e-mail required (the receipt and the letter go there)."""

    prefix = "baru"

    class Meta(ProposeAgencyForm.Meta):
        help_texts = {
            **ProposeAgencyForm.Meta.help_texts,
            "email": _("Tanda terima, permintaan perbaikan dan surat dikirim ke alamat ini."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["position"]  # the examiner does not join the agency
        self.fields["email"].required = True
        # "E-mail instansi" names the registered agency's field above.
        self.fields["email"].label = _("E-mail")
