"""Forms of the agency pages: asking to join an agency, proposing a new one; the
group fields the admins (Django's and Wagtail's) label by role."""

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .models import Agency, AgencyLevel
from .roles import role_label


class LabelsGroupsByRole:
    """For a group choice field: a role group reads as its role's Indonesian name
    (Pemeriksa…), any other group as its name. The values stay the groups' pks."""

    def label_from_instance(self, obj: Group) -> str:
        return role_label(obj.name)


class GroupsByRoleLabelField(LabelsGroupsByRole, forms.ModelMultipleChoiceField):
    pass


class GroupByRoleLabelField(LabelsGroupsByRole, forms.ModelChoiceField):
    pass


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
