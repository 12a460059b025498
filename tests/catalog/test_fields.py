"""The record's fields are declared once (catalog/fields.py): the declaration
and the Django model agree, and the import, export, API and search document
are the declaration's, in the promised shapes (issue 13, item 4)."""

import pytest
from django.db import models

from catalog import serializers
from catalog.documents import ACTIVITY_SCHEMA, FACET_FIELDS
from catalog.fields import BY_NAME, FIELDS, IMPORT_COLUMNS
from catalog.models import ActivityRecord

# Columns of the model that are bookkeeping, not part of the public record.
INTERNAL = {"id", "source", "source_application_id", "created_at", "updated_at"}
MODEL_FIELDS = {
    "text": models.CharField,
    "office": models.CharField,
    "code": models.CharField,
    "long_text": models.TextField,
    "year": models.PositiveSmallIntegerField,
    "date": models.DateField,
    "list": models.JSONField,
}


@pytest.mark.parametrize("declared", FIELDS, ids=lambda field: field.name)
def test_every_declared_field_is_a_model_field_of_a_compatible_type(declared):
    column = ActivityRecord._meta.get_field(declared.name)
    assert type(column) is MODEL_FIELDS[declared.kind]
    assert str(column.verbose_name) == str(declared.label)
    if declared.kind == "code":
        assert column.choices == declared.choices.choices
        assert max(len(code) for code in declared.choices.values) <= column.max_length
    elif isinstance(column, models.CharField):
        assert column.max_length == declared.max_length
    # A required field may not be blank in the database either.
    assert not (declared.required and (column.blank or column.null))


def test_every_public_model_field_is_declared():
    public = {field.name for field in ActivityRecord._meta.concrete_fields} - INTERNAL
    assert public == set(BY_NAME)
    assert all(field.is_public for field in FIELDS)


# DESIGN.md's promise, in its order: import_activities reads these columns,
# and a download gives them back (with the office name and the page address).
PROMISED_IMPORT = """recommendation_number title year agency office_code method frequency
    coverage sector objective variables decided_on""".split()
PROMISED_EXPORT = """recommendation_number decided_on title year agency office_code office_name
    method frequency coverage sector objective variables url""".split()
# After them, never between: the label of each coded column, then the letter's
# date as people read it ("4 Januari 2027").
EXPORT_LABELS = ["method_label", "frequency_label", "sector_label", "decided_on_label"]


def test_the_import_and_export_columns_are_the_promised_ones():
    assert list(IMPORT_COLUMNS) == PROMISED_IMPORT
    assert list(serializers.EXPORT_COLUMNS) == PROMISED_EXPORT + EXPORT_LABELS


def test_the_search_document_is_derived_from_the_declaration():
    weights = {field.name: field.weight for field in FIELDS if field.weight}
    assert {t.name: t.weight for t in ACTIVITY_SCHEMA.text_fields} == {**weights, "extra": 1.0}
    assert ACTIVITY_SCHEMA.facets == ("year", "office", "agency", "method", "frequency", "sector")
    assert FACET_FIELDS["office"] == "office_code"
    assert ACTIVITY_SCHEMA.similarity_fields == ("title", "objective", "variables")
