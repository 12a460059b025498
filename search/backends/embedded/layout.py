"""The tantivy fields of one `IndexSchema`, and a `Document` as tantivy stores it.

Per document: the stemmed text of each searchable field (`s_<name>`, split on
spaces only: `search.analysis` did the rest), all of it once more in `_all`
(matching only, for the facet counts), each facet's value (`f_<name>`: a
filter term and a column for the counts), and what orders, identifies and
shows it: `_id`, `_newest` (newest first, then the key, then the id, as one
string that sorts that way), `_days` (the date, for ties in score), `_stamp`,
and the original text of the shown fields (`_shown`, JSON); `_days`, `_key0` and `_key8`
order ties in score from columns.
"""

import datetime
import hashlib
import json

import tantivy

from ...documents import Document, IndexSchema

# Version of the fields below. An index of another version (or of another
# schema) asks for a rebuild: its fields are not the ones queries name.
LAYOUT = 3
ID, NEWEST, DAYS, STAMP, ID_STAMP = "_id", "_newest", "_days", "_stamp", "_idstamp"
# The first 16 bytes of the key as two numbers: ties in score and date are
# ordered from columns, and only keys alike in those bytes read the store.
KEY_HEAD, KEY_NEXT = "_key0", "_key8"
ALL, SHOWN, SIMILAR = "_all", "_shown", "_similar"
# "newest" sorts ascending on `_newest`: the date is stored as days before this one.
_LAST_DAY = datetime.date(9999, 12, 31).toordinal()
# Between the parts of `_newest` and `_idstamp`: below every printable character,
# so "B-1/x" sorts before "B-1/xy" as the key alone would.
SEPARATOR = "\x01"


class Layout:
    """The tantivy schema for one `IndexSchema`, and its documents."""

    def __init__(self, schema: IndexSchema):
        self.schema = schema
        self.text_fields = {text.name: f"s_{text.name}" for text in schema.text_fields}
        self.facet_fields = {facet: f"f_{facet}" for facet in schema.facets}
        self.weights = schema.weights
        self.tantivy_schema = self._build()
        self.fingerprint = hashlib.sha256(
            json.dumps(
                [LAYOUT, sorted(self.text_fields.items()), sorted(self.facet_fields.items())]
            ).encode()
        ).hexdigest()[:16]

    def _build(self) -> tantivy.Schema:
        builder = tantivy.SchemaBuilder()
        builder.add_text_field(ID, stored=True, tokenizer_name="raw", index_option="basic")
        builder.add_text_field(
            NEWEST, stored=True, tokenizer_name="raw", fast=True, index_option="basic"
        )
        builder.add_integer_field(DAYS, fast=True)
        builder.add_unsigned_field(KEY_HEAD, fast=True)
        builder.add_unsigned_field(KEY_NEXT, fast=True)
        builder.add_text_field(STAMP, stored=True, tokenizer_name="raw", index_option="basic")
        builder.add_text_field(ID_STAMP, tokenizer_name="raw", fast=True, index_option="basic")
        for field in self.text_fields.values():
            # Positions: phrases. Text arrives analysed: split on spaces only.
            builder.add_text_field(field, tokenizer_name="whitespace", index_option="position")
        builder.add_text_field(ALL, tokenizer_name="whitespace", index_option="basic")
        for field in self.facet_fields.values():
            builder.add_text_field(field, tokenizer_name="raw", fast=True, index_option="basic")
        builder.add_text_field(SHOWN, stored=True, tokenizer_name="raw", index_option="basic")
        builder.add_text_field(SIMILAR, stored=True, tokenizer_name="raw", index_option="basic")
        return builder.build()

    def document(self, document: Document) -> tantivy.Document:
        analysed = document.analyzed(self.schema)
        stored = tantivy.Document()
        stored.add_text(ID, document.id)
        stored.add_text(NEWEST, newest_key(document))
        stored.add_integer(DAYS, document.date.toordinal())
        head, following = key_numbers(document.key)
        stored.add_unsigned(KEY_HEAD, head)
        stored.add_unsigned(KEY_NEXT, following)
        stored.add_text(STAMP, document.stamp)
        stored.add_text(ID_STAMP, f"{document.id}{SEPARATOR}{document.stamp}")
        for name, field in self.text_fields.items():
            stored.add_text(field, analysed[name])
        stored.add_text(ALL, " ".join(analysed.values()))
        for facet, field in self.facet_fields.items():
            stored.add_text(field, str(document.facets[facet]))
        shown = {name: document.texts.get(name, "") for name in self.schema.shown_fields}
        stored.add_text(
            SHOWN, json.dumps({k: v if isinstance(v, str) else list(v) for k, v in shown.items()})
        )
        stored.add_text(SIMILAR, " ".join(analysed[name] for name in self.schema.similarity_fields))
        return stored

    def shown(self, stored: tantivy.Document) -> tuple[str, list[str]]:
        """(title, passages) of a stored document, for highlighting."""
        texts = json.loads(stored.get_first(SHOWN) or "{}")

        def text(name: str) -> str:
            value = texts.get(name) or ""
            return value if isinstance(value, str) else "; ".join(value)

        return text(self.schema.title_field), [text(name) for name in self.schema.snippet_fields]


def key_numbers(key: str) -> tuple[int, int]:
    """The first 16 bytes of the key (UTF-8, zero-padded) as two big-endian
    numbers: they compare as the strings' first 16 bytes do."""
    head = key.encode()[:16].ljust(16, b"\0")
    return int.from_bytes(head[:8], "big"), int.from_bytes(head[8:], "big")


def newest_key(document: Document) -> str:
    """Sorts ascending as the newest date first, then the key, then the id."""
    days = _LAST_DAY - document.date.toordinal()
    return f"{days:07d}{SEPARATOR}{document.key}{SEPARATOR}{document.id}"
