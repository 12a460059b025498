"""The site's date formats (portal/formats/): words, never ISO or numbers."""

import datetime

from django.template import Context, Template
from django.utils import formats, translation

DAY = datetime.date(2027, 1, 4)
MOMENT = datetime.datetime(2027, 1, 4, 6, 5, tzinfo=datetime.UTC)  # 13.05 WIB


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_indonesian_dates_are_words():
    with translation.override("id"):
        assert render("{{ d|date }}", d=DAY) == "4 Januari 2027"
        assert render('{{ d|date:"DATE_FORMAT" }}', d=DAY) == "4 Januari 2027"
        assert render("{{ d }}", d=DAY) == "4 Januari 2027"
        assert render('{{ m|date:"DATETIME_FORMAT" }}', m=MOMENT) == "4 Januari 2027 13.05"
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=DAY) == "4 Jan 2027"


def test_english_dates_are_words_too():
    with translation.override("en"):
        assert render("{{ d|date }}", d=DAY) == "4 January 2027"
        assert render('{{ m|date:"DATETIME_FORMAT" }}', m=MOMENT) == "4 January 2027 13:05"
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=DAY) == "4 Jan 2027"


def test_a_date_field_is_written_back_as_iso_for_the_browser_and_read_in_either_form():
    from django import forms

    class Form(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    with translation.override("id"):
        assert 'value="2027-01-04"' in str(Form(initial={"day": DAY})["day"])
        for typed in ("2027-01-04", "04-01-2027", "04/01/2027"):
            form = Form(data={"day": typed})
            assert form.is_valid(), typed
            assert form.cleaned_data["day"] == DAY
    assert formats.get_format("DATE_FORMAT", lang="id") == "j F Y"
