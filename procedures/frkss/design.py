"""The FRKSS design form (MS Keg), block by block.

Each block is a Django form over one key of `Application.design` (plain JSON).
A form has two modes: *draft* (every field optional: only the format of what
was typed is checked, so a draft can be saved at any time) and *complete*
(what submission requires: every field that applies to this design). Which
fields and blocks apply depends on the rest of the design (the sample block
only for surveys, field-staff items only for PAPI/CAPI/CATI), so every form
sees the whole design as `context`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from . import codes

YES_NO = [("ya", _("Ya")), ("tidak", _("Tidak"))]
COVERAGE = [("seluruh", _("Seluruh Indonesia")), ("sebagian", _("Sebagian wilayah Indonesia"))]
EDUCATION = [
    ("sd", _("SD/sederajat")),
    ("smp", _("SMP/sederajat")),
    ("sma", _("SMA/sederajat")),
    ("diploma", _("Diploma (D1–D3)")),
    ("s1", _("D4/S1")),
    ("s2", _("S2 atau lebih")),
]
SCHEDULE_STAGES = [
    # (number, planning group, label) — MS Keg block III's schedule
    (1, "A", _("Perencanaan kegiatan")),
    (2, "A", _("Desain")),
    (3, "B", _("Pengumpulan data")),
    (4, "C", _("Pengolahan data")),
    (5, "C", _("Analisis")),
    (6, "D", _("Diseminasi hasil")),
    (7, "D", _("Evaluasi")),
]
PRODUCTS = [
    ("printed", _("Publikasi tercetak")),
    ("digital", _("Publikasi digital")),
    ("microdata", _("Data mikro")),
]
REPEATED_FREQUENCIES = [(c, label) for c, label in codes.Frequency.choices if c != "sekali"]


def yes_no(label, **kwargs):
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect, **kwargs)


def several(label, choices, **kwargs):
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs
    )


def one_of(label, choices, **kwargs):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


def pick(label, choices, **kwargs):
    return forms.ChoiceField(label=label, choices=[("", "—")] + list(choices), **kwargs)


def text(label, **kwargs):
    return forms.CharField(label=label, max_length=kwargs.pop("max_length", 300), **kwargs)


def long_text(label, **kwargs):
    return forms.CharField(
        label=label, max_length=5000, widget=forms.Textarea(attrs={"rows": 5}), **kwargs
    )


def date(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def as_json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def stored_date(value) -> datetime.date | None:
    """A date as `as_json` stored it (ISO text); None when empty or not a date."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def design_value(design: dict, block_key: str, field: str):
    return (design.get(block_key) or {}).get(field)


def is_survey(design: dict) -> bool:
    return design_value(design, "kegiatan", "collection_way") == codes.CollectionMethod.SURVEY


def has_field_staff(design: dict) -> bool:
    return bool(set(design_value(design, "desain", "modes") or []) & codes.FIELD_STAFF_MODES)


class DesignBlockForm(forms.Form):
    """One block. `complete=True` checks what submission needs; otherwise only formats."""

    required_css_class = "field--required"
    # Fields required only when another answer makes them apply: {field: predicate(design, data)}.
    conditional: dict[str, Callable[[dict, dict], bool]] = {}
    # Fields that are optional even in a complete form.
    optional: frozenset[str] = frozenset()
    # Visual grouping: [(legend, [field names])]; None renders fields in order.
    fieldsets: list[tuple[str, list[str]]] | None = None

    def __init__(self, *args, complete: bool = False, context: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.complete = complete
        self.context = context or {}
        for name, field in self.fields.items():
            field.required = complete and name not in self.optional and name not in self.conditional

    def clean(self):
        data = super().clean()
        if self.complete:
            for name, applies in self.conditional.items():
                if applies(self.context, data) and data.get(name) in (None, "", []):
                    if name not in self.errors:
                        self.add_error(name, _("Wajib diisi untuk pilihan Anda."))
        return data

    def to_json(self) -> dict:
        """The valid part of what was typed (fields with errors are left out)."""
        return {name: as_json(value) for name, value in self.cleaned_data.items()}

    def grouped_fields(self):
        groups = self.fieldsets or [(None, list(self.fields))]
        return [(legend, [self[name] for name in names]) for legend, names in groups]


def answered(name: str, value) -> Callable[[dict, dict], bool]:
    def applies(_design, data):
        current = data.get(name)
        return value in current if isinstance(current, list) else current == value

    return applies


class HeaderForm(DesignBlockForm):
    title = text(
        _("Judul kegiatan"), help_text=_("Nama kegiatan statistik seperti akan diumumkan.")
    )
    year = forms.IntegerField(label=_("Tahun pelaksanaan"), min_value=2000, max_value=2100)
    collection_way = one_of(_("Cara pengumpulan data"), codes.CollectionMethod.choices)
    sector = pick(_("Sektor kegiatan"), codes.Sector.choices)


class OrganizerForm(DesignBlockForm):
    organizer_unit = text(
        _("Unit penyelenggara (setingkat eselon II)"),
        help_text=_("Misalnya: Dinas Pertanian dan Pangan Kabupaten Banjarnegara."),
    )
    address = text(_("Alamat"))
    phone = text(_("Telepon"), max_length=50)
    fax = text(_("Faksimile"), max_length=50)
    email = forms.EmailField(label=_("E-mail unit"))
    optional = frozenset({"fax"})


class ResponsibleForm(DesignBlockForm):
    echelon1_unit = text(_("Unit eselon 1 (atau setingkat)"))
    echelon2_unit = text(_("Unit eselon 2 (atau setingkat)"))
    technical_lead = text(_("Penanggung jawab teknis"))
    technical_lead_is_consultant = yes_no(_("Apakah penanggung jawab teknis seorang konsultan?"))


class PlanningForm(DesignBlockForm):
    background = long_text(_("Latar belakang kegiatan"))
    objectives = long_text(_("Tujuan kegiatan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fieldsets = [(None, ["background", "objectives"])]
        for number, group, label in SCHEDULE_STAGES:
            names = []
            for part, part_label in (("start", _("mulai")), ("end", _("selesai"))):
                name = f"schedule_{number}_{part}"
                self.fields[name] = date(f"{label} — {part_label}", required=self.complete)
                names.append(name)
            self.fieldsets.append((f"{group}.{number} {label}", names))

    def clean(self):
        data = super().clean()
        previous_start, previous_label = None, None
        for number, _group, label in SCHEDULE_STAGES:
            start, end = data.get(f"schedule_{number}_start"), data.get(f"schedule_{number}_end")
            if start and end and end < start:
                self.add_error(
                    f"schedule_{number}_end",
                    _("Tanggal selesai %(stage)s harus sama dengan atau sesudah tanggal mulainya.")
                    % {"stage": label},
                )
            if start and previous_start and start < previous_start:
                self.add_error(
                    f"schedule_{number}_start",
                    _("%(stage)s tidak boleh dimulai sebelum %(previous)s dimulai.")
                    % {"stage": label, "previous": previous_label},
                )
            if start:
                previous_start, previous_label = start, label
        return data


class VariableForm(forms.Form):
    name = text(_("Nama variabel"), max_length=200)
    concept = text(_("Konsep"), max_length=1000)
    definition = text(_("Definisi"), max_length=1000)
    reference_period = text(_("Periode referensi"), max_length=100)

    def __init__(self, *args, complete=False, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.complete = complete

    def clean(self):
        data = super().clean()
        row_fields = VariableForm.base_fields
        filled = [name for name in row_fields if data.get(name)]
        if filled and self.complete:
            for name in row_fields:
                if not data.get(name):
                    self.add_error(name, _("Lengkapi kolom ini atau hapus barisnya."))
        return data


class BaseVariableFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _(
            "Paling banyak %(num)d baris variabel; hapus baris yang berlebih lalu simpan lagi."
        ),
    }

    def __init__(self, *args, complete=False, **kwargs):
        self.complete = complete
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"complete": self.complete}

    def rows(self) -> list[dict]:
        """The filled, not deleted rows (valid fields only)."""
        rows = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            row = {name: form.cleaned_data.get(name, "") for name in VariableForm.base_fields}
            if any(row.values()):
                rows.append(row)
        return rows

    def clean(self):
        if self.complete and not any(self.errors) and not self.rows():
            raise forms.ValidationError(_("Isi sedikitnya satu variabel yang dikumpulkan."))


VariableFormSet = forms.formset_factory(
    VariableForm,
    formset=BaseVariableFormSet,
    extra=1,
    can_delete=True,
    max_num=300,
    validate_max=True,  # the page's "Tambah baris" stops there too; this is the rule
)
VARIABLES_PREFIX = "variabel"


def variables_formset(*, rows: list[dict], data=None, complete=False) -> BaseVariableFormSet:
    if data is None and complete:
        # Completeness is checked on stored rows: bind them as if just posted.
        data = {
            f"{VARIABLES_PREFIX}-TOTAL_FORMS": str(len(rows)),
            f"{VARIABLES_PREFIX}-INITIAL_FORMS": str(len(rows)),
        }
        for index, row in enumerate(rows):
            for name, value in row.items():
                data[f"{VARIABLES_PREFIX}-{index}-{name}"] = value
    return VariableFormSet(
        data, initial=rows if data is None else None, prefix=VARIABLES_PREFIX, complete=complete
    )


class DesignForm(DesignBlockForm):
    repetition = one_of(_("Kegiatan ini dilaksanakan"), codes.DesignRepetition.choices)
    frequency = pick(_("Frekuensi (bila berulang)"), REPEATED_FREQUENCIES)
    collection_type = one_of(_("Tipe pengumpulan data"), codes.CollectionType.choices)
    coverage = one_of(_("Cakupan wilayah"), COVERAGE)
    coverage_areas = long_text(
        _("Provinsi dan kabupaten/kota yang dicakup (bila sebagian)"),
        help_text=_("Tulis satu wilayah per baris, mis. Kabupaten Banjarnegara."),
    )
    methods = several(_("Metode pengumpulan data (boleh lebih dari satu)"), codes.Method.choices)
    methods_other = text(_("Metode lainnya, sebutkan"))
    modes = several(_("Sarana pengumpulan data (boleh lebih dari satu)"), codes.Mode.choices)
    modes_other = text(_("Sarana lainnya, sebutkan"))
    collection_unit = one_of(_("Unit pengumpulan data"), codes.CollectionUnit.choices)
    collection_unit_other = text(_("Unit lainnya, sebutkan"))
    conditional = {
        "frequency": answered("repetition", codes.DesignRepetition.REPEATED),
        "coverage_areas": answered("coverage", "sebagian"),
        "methods_other": answered("methods", codes.Method.OTHER),
        "modes_other": answered("modes", codes.Mode.OTHER),
        "collection_unit_other": answered("collection_unit", codes.CollectionUnit.OTHER),
    }


class SampleForm(DesignBlockForm):
    stage_count = one_of(_("Jumlah tahap pemilihan sampel"), codes.StageCount.choices)
    selection_method = pick(
        _("Metode pemilihan sampel tahap akhir"),
        [
            (
                _("Probabilitas"),
                [c for c in codes.SelectionMethod.choices if c[0] in codes.PROBABILITY_SELECTION],
            ),
            (
                _("Non-probabilitas"),
                [
                    c
                    for c in codes.SelectionMethod.choices
                    if c[0] not in codes.PROBABILITY_SELECTION
                ],
            ),
        ],
    )
    frame = one_of(_("Kerangka sampel tahap akhir"), codes.SampleFrame.choices)
    sampling_fraction = forms.DecimalField(
        label=_("Fraksi sampel (0–1)"),
        min_value=Decimal("0.000001"),
        max_value=1,
        max_digits=8,
        decimal_places=6,
    )
    sampling_error = forms.DecimalField(
        label=_("Perkiraan sampling error variabel utama (%)"),
        min_value=0,
        max_value=100,
        max_digits=6,
        decimal_places=2,
    )
    sampling_unit = text(_("Unit sampel"))
    observation_unit = text(_("Unit observasi"))


class QualityForm(DesignBlockForm):
    pilot = yes_no(_("Apakah dilakukan uji coba (pilot survey)?"))
    quality_checks = several(_("Metode pengendalian kualitas"), codes.QualityCheck.choices)
    nonresponse_adjustment = yes_no(_("Apakah dilakukan penyesuaian nonrespon?"))
    field_staff = one_of(_("Petugas pengumpulan data"), codes.FieldStaff.choices)
    min_education = pick(_("Pendidikan terendah petugas"), EDUCATION)
    supervisors = forms.IntegerField(label=_("Jumlah pengawas"), min_value=0, max_value=1_000_000)
    enumerators = forms.IntegerField(label=_("Jumlah pencacah"), min_value=0, max_value=1_000_000)
    training = yes_no(_("Apakah petugas dilatih?"))
    FIELD_STAFF_ITEMS = ("field_staff", "min_education", "supervisors", "enumerators", "training")
    conditional = {
        name: (lambda design, _data: has_field_staff(design)) for name in FIELD_STAFF_ITEMS
    }
    fieldsets = [
        (None, ["pilot", "quality_checks", "nonresponse_adjustment"]),
        (_("Petugas lapangan (untuk PAPI, CAPI atau CATI)"), list(FIELD_STAFF_ITEMS)),
    ]

    def grouped_fields(self):
        groups = super().grouped_fields()
        return groups if has_field_staff(self.context) else groups[:1]


class ProcessingForm(DesignBlockForm):
    editing = yes_no(_("Penyuntingan (editing)"))
    coding = yes_no(_("Penyandian (coding)"))
    entry = yes_no(_("Entri data"))
    validation = yes_no(_("Validasi"))
    analysis = one_of(_("Metode analisis"), codes.AnalysisKind.choices)
    analysis_unit = text(_("Unit analisis"))
    presentation_levels = several(_("Tingkat penyajian hasil"), codes.PresentationLevel.choices)
    presentation_other = text(_("Tingkat penyajian lainnya, sebutkan"))
    conditional = {
        "presentation_other": answered("presentation_levels", codes.PresentationLevel.OTHER)
    }


class DisseminationForm(DesignBlockForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fieldsets = []
        self.conditional = {}
        for key, label in PRODUCTS:
            self.fields[key] = yes_no(label, required=self.complete)
            self.fields[f"{key}_date"] = date(_("Rencana rilis"), required=False)
            self.conditional[f"{key}_date"] = answered(key, "ya")
            self.fieldsets.append((label, [key, f"{key}_date"]))

    def clean(self):
        data = super().clean()
        if self.complete and not any(data.get(key) == "ya" for key, _label in PRODUCTS):
            raise forms.ValidationError(_("Pilih sedikitnya satu produk diseminasi."))
        return data


def always(_design: dict) -> bool:
    return True


@dataclass(frozen=True)
class Block:
    key: str
    number: str
    title: str
    form_class: type[DesignBlockForm]
    applies: Callable[[dict], bool] = always

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else str(self.title)


BLOCKS = (
    Block("kegiatan", "", _("Keterangan kegiatan"), HeaderForm),
    Block("penyelenggara", "I", _("Penyelenggara"), OrganizerForm),
    Block("penanggung_jawab", "II", _("Penanggung jawab"), ResponsibleForm),
    Block("perencanaan", "III", _("Perencanaan dan persiapan"), PlanningForm),
    Block("desain", "IV", _("Desain kegiatan"), DesignForm),
    Block("sampel", "V", _("Desain sampel"), SampleForm, applies=is_survey),
    Block("kualitas", "VI", _("Penjaminan kualitas"), QualityForm),
    Block("pengolahan", "VII", _("Pengolahan dan analisis"), ProcessingForm),
    Block("diseminasi", "VIII", _("Diseminasi hasil"), DisseminationForm),
)
BLOCKS_BY_KEY = {block.key: block for block in BLOCKS}
ATTACHMENTS_KEY = "lampiran"


def applicable_blocks(design: dict) -> list[Block]:
    return [block for block in BLOCKS if block.applies(design)]


def block_form(block: Block, *, design: dict, data=None, complete=False) -> DesignBlockForm:
    stored = design.get(block.key) or {}
    if data is None and complete:
        data = stored  # completeness is judged on what is stored
    return block.form_class(
        data, initial=stored if data is None else None, complete=complete, context=design
    )


@dataclass(frozen=True)
class Problem:
    """One thing missing or wrong before a design can be submitted."""

    block: str
    field: str  # "" for the whole block
    label: str
    message: str


def block_problems(block: Block, design: dict) -> list[Problem]:
    form = block_form(block, design=design, complete=True)
    problems = []
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            field = "" if name == forms.forms.NON_FIELD_ERRORS else name
            problems += [Problem(block.key, field, str(label), str(e)) for e in errors]
    if block.key == "perencanaan":
        formset = variables_formset(
            rows=(design.get(block.key) or {}).get("variables", []), complete=True
        )
        if not formset.is_valid():
            for index, errors in enumerate(formset.errors):
                for name, messages in errors.items():
                    label = f"{_('Variabel')} {index + 1}: {VariableForm.base_fields[name].label}"
                    problems += [
                        Problem(block.key, f"{VARIABLES_PREFIX}-{index}-{name}", label, str(m))
                        for m in messages
                    ]
            problems += [
                Problem(block.key, VARIABLES_PREFIX, str(_("Variabel")), str(m))
                for m in formset.non_form_errors()
            ]
    return problems
