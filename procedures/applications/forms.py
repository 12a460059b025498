"""Forms of the applicant's screens besides the FRKSS blocks (`procedures.frkss`).
They parse and check input; the rules live in `services` and `permissions`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AttachmentKind


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
