"""The forms of `/verifikasi/`: a letter number to look up, and a PDF to compare
with that letter. They check input only; the lookup and the comparison are in
`selectors` and `services`."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Letter
from .selectors import normalise_letter_number

NUMBER_MAX_LENGTH = Letter._meta.get_field("number").max_length


def megabytes(size: int) -> str:
    """Indonesian style: a decimal comma, one decimal unless whole."""
    value = size / (1024 * 1024)
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return text.replace(".", ",")


class LetterNumberField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Nomor surat"),
            max_length=NUMBER_MAX_LENGTH,
            error_messages={
                "required": _(
                    "wajib diisi: tulis nomor surat persis seperti tercetak di surat, "
                    "misalnya B-123/33040/KS.000/2026."
                ),
                "max_length": _(
                    "terlalu panjang (paling banyak %(limit_value)d karakter); salin nomor "
                    "dari baris “Nomor” di surat."
                ),
            },
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        if not normalise_letter_number(value):
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return value


class LetterLookupForm(forms.Form):
    nomor = LetterNumberField(
        help_text=_(
            "Tertulis di baris “Nomor” pada surat, mis. B-123/33040/KS.000/2026. Huruf "
            "besar/kecil dan spasi tidak berpengaruh; nomor harus lengkap."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "text"}
        ),
    )


class LetterFileForm(forms.Form):
    """The letter's number (carried from the lookup) and the PDF to compare."""

    nomor = LetterNumberField(widget=forms.HiddenInput)
    berkas = forms.FileField(
        label=_("Berkas PDF"),
        help_text=_(
            "Berkas surat yang ingin Anda periksa (PDF). Berkas hanya dihitung sidik "
            "SHA-256-nya dan tidak disimpan."
        ),
        error_messages={
            "required": _("pilih berkas PDF surat yang ingin diperiksa."),
            "empty": _("berkas yang dipilih kosong (0 byte); pilih berkas PDF surat."),
            "invalid": _("tidak ada berkas yang terkirim; pilih berkas PDF lalu kirim lagi."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        limit = settings.LETTER_VERIFICATION_MAX_BYTES
        if getattr(upload, "too_large", upload.size > limit):
            raise forms.ValidationError(
                _(
                    "berkas sebesar %(size)s MB melebihi batas %(limit)s MB. Surat "
                    "rekomendasi asli jauh lebih kecil: pastikan Anda memilih berkas surat."
                )
                % {"size": megabytes(upload.size), "limit": megabytes(limit)},
                code="too_large",
            )
        if not getattr(upload, "looks_like_pdf", False):
            raise forms.ValidationError(
                _(
                    "berkas ini bukan PDF (tidak diawali tanda %(magic)s). Pilih berkas PDF "
                    "surat seperti yang diunduh dari Rekomstat atau diterima dari BPS."
                )
                % {"magic": "%PDF-"},
                code="not_pdf",
            )
        return upload
