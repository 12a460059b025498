"""The questionnaire: the nine elements as radio groups (each a fieldset whose
legend names the element), the optional respondent profile and the suggestion.
The rules are checked again by `services.record_response`."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .elements import ELEMENTS
from .models import Education, Gender, Occupation
from .services import SUGGESTION_MAX_LENGTH


def element_field(number: int, element) -> forms.TypedChoiceField:
    message = _("Pilih satu jawaban (1 sampai 4) untuk unsur “%(element)s”.") % {
        "element": element.label
    }
    return forms.TypedChoiceField(
        label=f"{number}. {element.label}",
        help_text=element.question,
        choices=element.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


def optional_choices(choices) -> list:
    return [("", _("— tidak diisi —")), *choices]


class SurveyForm(forms.Form):
    gender = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=Gender.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"), choices=optional_choices(Education.choices), required=False
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan"), choices=optional_choices(Occupation.choices), required=False
    )
    suggestion = forms.CharField(
        label=_("Saran dan masukan untuk perbaikan layanan"),
        help_text=_(
            "Tidak wajib. Hanya dibaca petugas BPS; tidak pernah ditampilkan kepada publik."
        ),
        required=False,
        max_length=SUGGESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        elements = {
            element.code: element_field(number, element)
            for number, element in enumerate(ELEMENTS, start=1)
        }
        # The nine elements first, then the profile and the suggestion.
        self.fields = {**elements, **self.fields}

    def element_fields(self):
        return [self[element.code] for element in ELEMENTS]

    def profile_fields(self):
        return [self["gender"], self["education"], self["occupation"]]


class PaperSurveyForm(SurveyForm):
    answered_on = forms.DateField(
        label=_("Tanggal pengisian kuesioner"),
        help_text=_("Tanggal yang tertulis pada kuesioner kertas."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Isi tanggal pengisian kuesioner."),
            "invalid": _("Tulis tanggal pengisian kuesioner sebagai tanggal, misalnya 2026-11-24."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"answered_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        answered_on = self.fields.pop("answered_on")
        self.fields = {"answered_on": answered_on, **self.fields}


class ReportForm(forms.Form):
    """Which office and year the report shows: only offices the officer reads."""

    kantor = forms.ChoiceField(label=_("Kantor"))
    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int)

    def __init__(self, *args, offices, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.offices = {office.code: office for office in offices}
        self.fields["kantor"].choices = [
            (office.code, f"{office.name} ({office.code})") for office in offices
        ]
        self.fields["kantor"].error_messages["invalid_choice"] = _(
            "Kantor “%(value)s” tidak dapat Anda baca: pilih dari daftar."
        )
        self.fields["tahun"].choices = [(year, str(year)) for year in years]
        self.fields["tahun"].error_messages["invalid_choice"] = _(
            "Tahun “%(value)s” tidak tersedia: pilih dari daftar."
        )

    def office(self):
        return self.offices[self.cleaned_data["kantor"]]
