"""The catalog's search parameters, validated in one place for the page, the
exports and the JSON API (CKAN's "one validated action layer"): the API does
not validate them again, and its OpenAPI parameters are derived from this
FilterSet (`openapi_parameters`), so what is documented is what is checked.

As a FilterSet over the database it is also the plain ORM search that the
benchmark compares the search engines with.
"""

import re
from collections.abc import Mapping
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from search.documents import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_RESULT_WINDOW, SORTS

from .codes import CollectionMethod, Frequency, Sector, indonesian_labels
from .documents import FACETS
from .models import ActivityRecord

MAX_VALUES_PER_FILTER = 20
MAX_VALUE_LENGTH = 300
MAX_QUERY_LENGTH = 10_000  # longer input is refused; the engine reads the first 500 chars
YEARS = (1900, 2199)  # what a year filter may name (four digits)
REPEAT = " Boleh diulang (ATAU); kosong berarti tanpa filter."


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class SearchTextField(forms.CharField):
    """Free search text: control characters (even NUL) become spaces instead of
    an error, because whatever a visitor pastes should still search."""

    def to_python(self, value):
        return super().to_python(_CONTROL_CHARACTERS.sub(" ", value or ""))


class SearchTextFilter(django_filters.CharFilter):
    field_class = SearchTextField


class MultiValueField(forms.Field):
    """Several free values of one repeated parameter (`?agency=A&agency=B`)."""

    widget = forms.SelectMultiple

    def __init__(
        self,
        *,
        pattern: str | None = None,
        example: str = "",
        bounds: tuple[int, int] | None = None,
        **kwargs,
    ):
        self.pattern = re.compile(pattern) if pattern else None
        self.example = example
        # Whole numbers between these bounds (`pattern` then says how they are written).
        self.bounds = bounds
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, "", []):
            return []
        values = [value] if isinstance(value, str) else list(value)
        return [" ".join(str(v).split()) for v in values if str(v).strip()]

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_VALUES_PER_FILTER:
            raise ValidationError(
                _("paling banyak %(n)d nilai"), params={"n": MAX_VALUES_PER_FILTER}
            )
        for item in value:
            if len(item) > MAX_VALUE_LENGTH or not self._fits(item):
                raise ValidationError(
                    _("nilai '%(value)s' tidak sah; contoh yang benar: %(example)s"),
                    params={"value": item[:50], "example": self.example},
                )

    def _fits(self, item: str) -> bool:
        if self.pattern and not self.pattern.fullmatch(item):
            return False
        return not self.bounds or self.bounds[0] <= int(item) <= self.bounds[1]


class MultiValueFilter(django_filters.Filter):
    field_class = MultiValueField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


# Indonesian messages that say how to fix the value (Django's own are terse).
WHOLE_NUMBER_ERRORS = {
    "invalid": _("harus bilangan bulat, misalnya 2"),
    "min_value": _("paling kecil %(limit_value)s"),
    "max_value": _("paling besar %(limit_value)s"),
}


def choice_errors(choices) -> dict[str, str]:
    codes = ", ".join(str(code) for code, _label in choices)
    return {
        "invalid_choice": format_lazy(
            _("nilai '%(value)s' tidak dikenal; gunakan salah satu: {codes}"), codes=codes
        )
    }


SORT_CHOICES = [("relevance", _("Paling relevan")), ("newest", _("Terbaru"))]
assert tuple(code for code, _label in SORT_CHOICES) == SORTS


def _codes(choices) -> str:
    return "; ".join(f"{code} = {label}" for code, label in indonesian_labels(choices).items())


def last_page(page_size: int) -> int:
    """The last page the engines can reach (their result window) at this size."""
    return max(1, MAX_RESULT_WINDOW // page_size)


class SearchForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        page, page_size = cleaned.get("page"), cleaned.get("page_size") or DEFAULT_PAGE_SIZE
        if page and "page_size" not in self.errors and page > last_page(page_size):
            self.add_error(
                "page",
                _("halaman terlalu jauh; paling jauh halaman %(n)d") % {"n": last_page(page_size)},
            )
        return cleaned


class ActivityFilterSet(django_filters.FilterSet):
    # help_text is the parameter's description in the OpenAPI document.
    q = SearchTextFilter(
        label=_("Kata kunci"),
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        help_text=(
            "Kata kunci; 500 karakter pertama yang dicari. Setiap kata harus ada (bentuk "
            "kata dan salah ketik kecil ikut cocok, akronim diperluas); teks dalam tanda "
            'kutip ("kepuasan masyarakat") dicari sebagai frasa utuh.'
        ),
    )
    year = MultiValueFilter(
        label=_("Tahun"),
        pattern=r"\d{4}",
        bounds=YEARS,
        example="2026",
        field_name="year",
        help_text="Tahun kegiatan, mis. 2026." + REPEAT,
    )
    office = MultiValueFilter(
        label=_("Kantor BPS"),
        pattern=r"\d{4}",
        example="3304",
        field_name="office_code",
        help_text="Kode kantor BPS empat angka, mis. 3304." + REPEAT,
    )
    agency = MultiValueFilter(
        label=_("Instansi"),
        field_name="agency",
        help_text="Nama instansi penyelenggara, persis." + REPEAT,
    )
    method = django_filters.MultipleChoiceFilter(
        label=_("Cara pengumpulan data"),
        choices=CollectionMethod.choices,
        error_messages=choice_errors(CollectionMethod.choices),
        help_text="Cara pengumpulan data: " + _codes(CollectionMethod) + "." + REPEAT,
    )
    frequency = django_filters.MultipleChoiceFilter(
        label=_("Frekuensi"),
        choices=Frequency.choices,
        error_messages=choice_errors(Frequency.choices),
        help_text="Frekuensi: " + _codes(Frequency) + "." + REPEAT,
    )
    sector = django_filters.MultipleChoiceFilter(
        label=_("Sektor"),
        choices=Sector.choices,
        error_messages=choice_errors(Sector.choices),
        help_text="Sektor MS Keg: " + _codes(Sector) + "." + REPEAT,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Urutkan"),
        choices=SORT_CHOICES,
        method="filter_sort",
        empty_label=None,
        error_messages=choice_errors(SORT_CHOICES),
        help_text="relevance (paling relevan) atau newest (terbaru).",
    )
    page = IntegerFilter(
        label=_("Halaman"),
        method="filter_nothing",
        min_value=1,
        error_messages=WHOLE_NUMBER_ERRORS,
        help_text=(
            f"Nomor halaman; hasil yang dapat dijangkau paling banyak {MAX_RESULT_WINDOW:,} "
            "(halaman terakhir = 10000 / page_size)."
        ),
    )
    page_size = IntegerFilter(
        label=_("Hasil per halaman"),
        method="filter_nothing",
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        error_messages=WHOLE_NUMBER_ERRORS,
        help_text="Hasil per halaman, 1–100.",
    )

    class Meta:
        model = ActivityRecord
        fields: list[str] = []
        form = SearchForm

    def filter_text(self, queryset, name, value):
        """Every word somewhere in the title, agency or objective (no stemming)."""
        for word in value.split()[:24]:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(agency__icontains=word) | Q(objective__icontains=word)
            )
        return queryset

    def filter_sort(self, queryset, name, value):
        return queryset.order_by("-decided_on", "recommendation_number")

    def filter_nothing(self, queryset, name, value):
        return queryset


FACET_PARAMETERS = tuple(FACETS)
PARAMETERS = tuple(ActivityFilterSet.base_filters)
DEFAULTS = {"q": "", "sort": "relevance", "page": 1, "page_size": DEFAULT_PAGE_SIZE}
assert set(FACET_PARAMETERS) <= set(PARAMETERS), "every facet is a search parameter"


class InvalidSearch(Exception):
    """Parameters that cannot be searched with; `errors` names each parameter."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def given_parameters(data: Mapping) -> QueryDict:
    """The known parameters with their empty values left out: `sector=` (an
    empty form field, a client's template) means no sector filter, not a
    wrong one. Unknown parameters are dropped here, once."""
    given = QueryDict(mutable=True)
    for name in PARAMETERS:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        values = [values] if isinstance(values, str) else list(values or ())
        kept = [str(value) for value in values if str(value).strip()]
        if kept:
            given.setlist(name, kept)
    return given


def clean_search_parameters(data: Mapping) -> dict[str, Any]:
    """Request parameters (a QueryDict or a dict of lists), validated, with
    the defaults filled in. Raises InvalidSearch naming each bad parameter."""
    filterset = ActivityFilterSet(
        data=given_parameters(data), queryset=ActivityRecord.objects.none()
    )
    form = filterset.form
    if not form.is_valid():
        raise InvalidSearch(
            {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        )
    return {**DEFAULTS, **{name: value for name, value in form.cleaned_data.items() if value}}


# -- the same rules, stated in the OpenAPI document -------------------------


def _value_schema(filter_: django_filters.Filter) -> dict[str, Any]:
    """JSON Schema of one value of a filter, from the form field that checks it."""
    field = filter_.field
    if isinstance(field, forms.IntegerField):
        schema: dict[str, Any] = {"type": "integer"}
        for validator in field.validators:
            limit = getattr(validator, "limit_value", None)
            if getattr(validator, "code", "") == "min_value":
                schema["minimum"] = limit
            elif getattr(validator, "code", "") == "max_value":
                schema["maximum"] = limit
        return schema
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": [str(code) for code, _label in field.choices]}
    if isinstance(field, MultiValueField):
        if field.bounds:
            return {"type": "integer", "minimum": field.bounds[0], "maximum": field.bounds[1]}
        if field.pattern:
            return {"type": "string", "pattern": f"^{field.pattern.pattern}$"}
        return {"type": "string", "maxLength": MAX_VALUE_LENGTH}
    return {"type": "string", "maxLength": field.max_length}


# Limits the form checks across parameters (SearchForm.clean), stated per parameter.
DOCUMENTED_LIMITS = {"page": {"maximum": last_page(1)}}


def openapi_parameters() -> list[dict[str, Any]]:
    """The query parameters of the search, as OpenAPI states them: allowed
    values, caps and defaults read from the FilterSet that enforces them."""
    parameters = []
    for name, filter_ in ActivityFilterSet.base_filters.items():
        value = _value_schema(filter_)
        if isinstance(filter_, MultiValueFilter | django_filters.MultipleChoiceFilter):
            schema = {"type": "array", "items": value, "maxItems": MAX_VALUES_PER_FILTER}
            schema["default"] = []
        else:
            schema = {**value, "default": DEFAULTS[name]}
        description = str(filter_.extra.get("help_text", ""))
        schema.update(DOCUMENTED_LIMITS.get(name, {}), description=description)
        parameters.append(
            {
                "in": "query",
                "name": name,
                "schema": schema,
                "required": False,
                "description": description,
                # A filter may be repeated: ?year=2024&year=2025.
                **({"style": "form", "explode": True} if schema["type"] == "array" else {}),
            }
        )
    return parameters
