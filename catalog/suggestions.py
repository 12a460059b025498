"""Title suggestions for the catalog's search box (`/api/v1/activities/titles`).

Parameters are checked by a Django form, as the search's are by the FilterSet
(`catalog.filters`): one place says what is allowed, the API answers a 400
naming the parameter, and the OpenAPI parameters are read from the same form.
"""

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .filters import InvalidSearch, SearchTextField
from .models import ActivityRecord

MIN_CHARS = 2
MAX_CHARS = 100
MAX_SUGGESTIONS = 8
MAX_WORDS = 6


class TitleSuggestionForm(forms.Form):
    q = SearchTextField(
        min_length=MIN_CHARS,
        max_length=MAX_CHARS,
        error_messages={
            "required": format_lazy(
                _("wajib diisi; ketik paling sedikit {n} huruf judul"), n=MIN_CHARS
            ),
            "min_length": _("terlalu pendek; ketik paling sedikit %(limit_value)d huruf"),
            "max_length": _("terlalu panjang; paling banyak %(limit_value)d karakter"),
        },
        help_text=f"Awal judul atau kata dari judul, {MIN_CHARS}–{MAX_CHARS} karakter.",
    )
    limit = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_SUGGESTIONS,
        error_messages={
            "invalid": _("harus bilangan bulat, misalnya 5"),
            "min_value": _("paling kecil %(limit_value)s"),
            "max_value": _("paling besar %(limit_value)s"),
        },
        help_text=f"Banyaknya judul, 1–{MAX_SUGGESTIONS} (bawaan {MAX_SUGGESTIONS}).",
    )

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].split())
        if len(text) < MIN_CHARS:
            raise forms.ValidationError(
                _("terlalu pendek; ketik paling sedikit %(n)d huruf") % {"n": MIN_CHARS}
            )
        return text


def clean_suggestion_parameters(data) -> dict[str, Any]:
    """`q` and `limit`, validated; raises InvalidSearch naming each bad one."""
    form = TitleSuggestionForm(data={name: data.get(name) for name in ("q", "limit")})
    if not form.is_valid():
        raise InvalidSearch(
            {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        )
    return {"q": form.cleaned_data["q"], "limit": form.cleaned_data["limit"] or MAX_SUGGESTIONS}


def title_suggestions(text: str, *, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Distinct catalog titles holding every word typed, those that begin with
    the text first, newest first within each group."""
    matching = ActivityRecord.objects.all()
    for word in text.split()[:MAX_WORDS]:
        matching = matching.filter(title__icontains=word)
    titles: list[str] = []
    for group in (matching.filter(title__istartswith=text), matching):
        # Several records may share a title: read a few more than needed.
        rows = group.order_by("-decided_on", "pk").values_list("title", flat=True)
        for title in rows[: limit * 4]:
            if title not in titles:
                titles.append(title)
            if len(titles) == limit:
                return titles
    return titles


def openapi_parameters() -> list[dict[str, Any]]:
    fields = TitleSuggestionForm.base_fields
    return [
        {
            "in": "query",
            "name": "q",
            "required": True,
            "description": str(fields["q"].help_text),
            "schema": {"type": "string", "minLength": MIN_CHARS, "maxLength": MAX_CHARS},
        },
        {
            "in": "query",
            "name": "limit",
            "required": False,
            "description": str(fields["limit"].help_text),
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_SUGGESTIONS,
                "default": MAX_SUGGESTIONS,
            },
        },
    ]
