"""Forms of the complaint pages. They parse and check input; the rules live in
`services` and `permissions`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.accounts.models import User

from .models import ComplaintStatus
from .services import TEXT_MAX_LENGTH


class TrackingForm(forms.Form):
    tiket = forms.CharField(
        label=_("Nomor tiket"),
        max_length=40,
        help_text=_(
            "Tertulis di halaman terima kasih dan di e-mail tanda terima, mis. ADU-3304-2026-00012."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("Alamat e-mail"),
        max_length=254,
        help_text=_("Alamat yang Anda tulis di formulir pengaduan."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Semua status")), *ComplaintStatus.choices],
        required=False,
    )


class VersionedForm(forms.Form):
    """Carries the version of the complaint the officer's page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AssignForm(VersionedForm):
    prefix = "tugaskan"

    officer = forms.ModelChoiceField(
        label=_("Petugas"), queryset=User.objects.none(), empty_label=_("— pilih petugas —")
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers.order_by("first_name", "email")


class AnswerForm(VersionedForm):
    prefix = "jawab"

    text = forms.CharField(
        label=_("Jawaban untuk pengadu"),
        help_text=_("Dikirim ke e-mail pengadu dan tampil di halaman lacak pengaduan."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX_LENGTH,
    )


class CloseForm(VersionedForm):
    prefix = "tutup"

    text = forms.CharField(
        label=_("Kesimpulan penanganan"),
        help_text=_(
            "Dikirim ke e-mail pengadu. Setelah ditutup, pengaduan tidak dapat diubah lagi."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX_LENGTH,
    )
