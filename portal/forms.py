import django.forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

# A field no person sees (hidden by CSS); bots that fill every input reveal themselves.
HONEYPOT_FIELD = "konfirmasi_alamat_situs"
MULTILINE_MAX_LENGTH = 5000
EMAIL_MAX_LENGTH = 254


class ComplaintBaseForm(BaseForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise django.forms.ValidationError(
                _("Pengaduan tidak dapat diterima. Kosongkan kolom tersembunyi lalu kirim ulang."),
                code="honeypot",
            )
        return cleaned


class ComplaintFormBuilder(FormBuilder):
    """Wagtail's form builder with length limits on free text and a honeypot."""

    def create_multiline_field(self, field, options):
        options["max_length"] = MULTILINE_MAX_LENGTH
        return super().create_multiline_field(field, options)

    def create_email_field(self, field, options):
        # The address the complaint is followed up with is stored in a 254-character
        # column (RFC 5321's limit); Django's form field would allow 320.
        options["max_length"] = EMAIL_MAX_LENGTH
        return super().create_email_field(field, options)

    def create_dropdown_field(self, field, options):
        # An empty first choice, so a required dropdown is a real choice, not a default.
        options["choices"] = [("", _("— Pilih —")), *self.get_formatted_field_choices(field)]
        return django.forms.ChoiceField(**options)

    @property
    def formfields(self):
        fields = super().formfields
        fields[HONEYPOT_FIELD] = django.forms.CharField(
            required=False,
            max_length=200,
            label=_("Jangan isi kolom ini"),
            widget=django.forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        return fields

    def get_form_class(self):
        return type("ComplaintForm", (ComplaintBaseForm,), self.formfields)
