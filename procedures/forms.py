"""Forms of the applicant's screens. They parse and check input; the rules
(who may do what, which office serves an agency) live in `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agency, AgencyLevel, AttachmentKind, User, Verdict
from .roles import Role


class SignupProfileForm(forms.Form):
    """Extra sign-up fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class JoinAgencyForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Instansi Anda"),
        queryset=Agency.objects.filter(confirmed_at__isnull=False).select_related("office"),
        empty_label=_("— pilih instansi —"),
        help_text=_("Tidak ada di daftar? Usulkan instansi baru di bawah."),
    )
    position = forms.CharField(label=_("Jabatan"), max_length=150, required=False)
    phone = forms.CharField(label=_("Telepon kantor"), max_length=50, required=False)


class ProposeAgencyForm(forms.ModelForm):
    position = forms.CharField(label=_("Jabatan Anda"), max_length=150, required=False)

    class Meta:
        model = Agency
        fields = ["name", "level", "region_code", "region_name", "address", "phone", "email"]
        help_texts = {
            "name": _("Nama lengkap instansi, mis. Dinas Kesehatan Kabupaten Banjarnegara."),
            "region_code": _(
                "Kode wilayah BPS 4 angka: 3304 untuk Kabupaten Banjarnegara, 3300 untuk "
                "Provinsi Jawa Tengah, 0000 untuk instansi pusat."
            ),
        }
        widgets = {"level": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons need no empty "---------" choice.
        self.fields["level"].choices = AgencyLevel.choices

    def agency_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis lampiran"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF atau dokumen perkantoran (Word, Excel, OpenDocument), maksimal 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"}
        ),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Alasan ini dicatat dalam riwayat pengajuan dan dibaca petugas BPS."),
    )


# --- The office's screens ----------------------------------------------------------


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
    agency = forms.ModelChoiceField(
        label=_("Instansi pemohon"),
        queryset=Agency.objects.none(),
        empty_label=_("— pilih instansi —"),
        help_text=_(
            "Instansi yang sudah dikonfirmasi dan dilayani kantor Anda. Instansi baru "
            "ditambahkan admin lebih dahulu."
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
        self.fields["agency"].queryset = Agency.objects.filter(
            office=office, confirmed_at__isnull=False
        )
        # The examiner sees at once whether the agency can be reached by e-mail.
        no_email = _("belum ada e-mail")
        self.fields["agency"].label_from_instance = lambda agency: (
            f"{agency.name} — {agency.email or no_email}"
        )
