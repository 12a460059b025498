"""Forms of the applicant's screens. They parse and check input; the rules
(who may do what, which office serves an agency) live in `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agency, AgencyLevel, AttachmentKind


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
