"""The catalog's search parameters, validated in one place for the page, the
exports and the JSON API (CKAN's "one validated action layer").

As a FilterSet over the database it is also the plain ORM search that the
benchmark compares the search engines with.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from search.documents import DEFAULT_PAGE_SIZE, FACETS, MAX_PAGE_SIZE

from .codes import CollectionMethod, Frequency, Sector
from .models import ActivityRecord

MAX_VALUES_PER_FILTER = 20
MAX_QUERY_LENGTH = 10_000  # longer input is refused; the engine reads the first 500 chars


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

    def __init__(self, *, pattern: str | None = None, example: str = "", **kwargs):
        self.pattern = re.compile(pattern) if pattern else None
        self.example = example
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
            if len(item) > 300 or (self.pattern and not self.pattern.fullmatch(item)):
                raise ValidationError(
                    _("nilai '%(value)s' tidak sah; contoh yang benar: %(example)s"),
                    params={"value": item[:50], "example": self.example},
                )


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


class ActivityFilterSet(django_filters.FilterSet):
    q = SearchTextFilter(label=_("Kata kunci"), method="filter_text", max_length=MAX_QUERY_LENGTH)
    year = MultiValueFilter(
        label=_("Tahun"), pattern=r"(19|20|21)\d\d", example="2026", field_name="year"
    )
    office = MultiValueFilter(
        label=_("Kantor BPS"), pattern=r"\d{4}", example="3304", field_name="office_code"
    )
    agency = MultiValueFilter(label=_("Instansi"), field_name="agency")
    method = django_filters.MultipleChoiceFilter(
        label=_("Cara pengumpulan data"),
        choices=CollectionMethod.choices,
        error_messages=choice_errors(CollectionMethod.choices),
    )
    frequency = django_filters.MultipleChoiceFilter(
        label=_("Frekuensi"),
        choices=Frequency.choices,
        error_messages=choice_errors(Frequency.choices),
    )
    sector = django_filters.MultipleChoiceFilter(
        label=_("Sektor"), choices=Sector.choices, error_messages=choice_errors(Sector.choices)
    )
    sort = django_filters.ChoiceFilter(
        label=_("Urutkan"),
        choices=SORT_CHOICES,
        method="filter_sort",
        empty_label=None,
        error_messages=choice_errors(SORT_CHOICES),
    )
    page = IntegerFilter(
        label=_("Halaman"),
        method="filter_nothing",
        min_value=1,
        error_messages=WHOLE_NUMBER_ERRORS,
    )
    page_size = IntegerFilter(
        label=_("Hasil per halaman"),
        method="filter_nothing",
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        error_messages=WHOLE_NUMBER_ERRORS,
    )

    class Meta:
        model = ActivityRecord
        fields: list[str] = []

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
DEFAULTS = {"sort": "relevance", "page": 1, "page_size": DEFAULT_PAGE_SIZE}
