"""The vocabulary of the demo records, read from `site/content/demo/` and checked.

Three TOML files: `areas.toml` (coverage areas), `phrases.toml` (title kinds and
the sentences of an objective) and `topics.toml` (per-sector topics and the
frequency bags they draw from). Codes are written as the member names of
`catalog.codes` (`sector = "AGRICULTURE"`, `"SURVEY"`, `"ANNUAL"`) and stored as
their codes. A wrong file fails on load with a `DemoContentError` naming the
file and the key, before a single record is generated.
"""

import string
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from django.db import models
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictStr, ValidationError

from .codes import CollectionMethod, Frequency, Sector

CONTENT_DIR = Path(__file__).resolve().parent.parent / "site" / "content" / "demo"

VARIABLE_SEPARATOR = ";"  # joins variables in an import CSV, so no name may hold it


class DemoContentError(ValueError):
    """A demo content file is missing, is not TOML, or holds a wrong key."""


def _code_of(choices: type[models.TextChoices]) -> AfterValidator:
    def code(name: str) -> str:
        if name not in choices.names:
            raise ValueError(f"unknown name {name!r}; use one of {', '.join(choices.names)}")
        return choices[name].value

    return AfterValidator(code)


def _only_use_field(template: str) -> str:
    fields = {field for _text, field, _spec, _conv in string.Formatter().parse(template)}
    if fields - {None} != {"use"}:
        raise ValueError("a use sentence must contain {use} and no other {…} field")
    return template


def _no_separator(name: str) -> str:
    if VARIABLE_SEPARATOR in name:
        raise ValueError(f"a variable name may not contain {VARIABLE_SEPARATOR!r}")
    return name


Text = Annotated[StrictStr, Field(min_length=1)]
Texts = Annotated[tuple[Text, ...], Field(min_length=1)]
MethodCode = Annotated[StrictStr, _code_of(CollectionMethod)]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Areas(_File):
    national: Text  # coverage of the central office's records
    provinces: Texts  # the central office's smaller areas
    sub_areas: dict[Text, Texts]  # a regional office's smaller areas, by office code


class Phrases(_File):
    use_sentences: Annotated[
        tuple[Annotated[Text, AfterValidator(_only_use_field)], ...], Field(min_length=1)
    ]
    kinds: Annotated[dict[Text, MethodCode], Field(min_length=1)]  # title's first word(s) → method
    leads: dict[MethodCode, Texts]
    method_notes: dict[MethodCode, Texts]


class Topic(_File):
    sector: Annotated[StrictStr, _code_of(Sector)]
    kinds: Texts  # keys of Phrases.kinds; every kind reads well with every subject
    subjects: Texts  # the rest of the title after the kind
    focus: Text  # noun phrase for the objective
    uses: Texts  # noun phrases: what the results are used for
    # The first is always kept; a record takes 3 to 10.
    variables: Annotated[
        tuple[Annotated[Text, AfterValidator(_no_separator)], ...], Field(min_length=3)
    ]
    agencies: Texts  # regional agency names, completed with the region
    central: Texts  # ministries / national agencies
    frequencies: Text  # name of a bag of Topics.frequencies


class Topics(_File):
    # Bags: the more often a frequency appears, the likelier it is.
    frequencies: dict[
        Text, Annotated[tuple[Annotated[StrictStr, _code_of(Frequency)], ...], Field(min_length=1)]
    ]
    topic: Annotated[tuple[Topic, ...], Field(min_length=1)]


@dataclass(frozen=True)
class DemoContent:
    areas: Areas
    phrases: Phrases
    topics: Topics


def _key(location: tuple) -> str:
    """("topic", 3, "variables") → "topic #4 → variables" (counted as a reader would)."""
    parts = []
    for part in location:
        if isinstance(part, int):
            parts[-1] += f" #{part + 1}"
        elif part != "[key]":  # pydantic's marker for a bad dict key: the key is named
            parts.append(str(part))
    return " → ".join(parts) or "(whole file)"


def _read(path: Path, model: type[_File]) -> _File:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise DemoContentError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise DemoContentError(f"{path}: not valid TOML: {error}") from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{_key(e['loc'])}: {e['msg']}" for e in error.errors())
        raise DemoContentError(f"{path}: {problems}") from None


def _check_references(directory: Path, phrases: Phrases, topics: Topics) -> None:
    """What one key names must exist elsewhere (checked once the files are read)."""
    for method in sorted(set(phrases.kinds.values())):
        name = CollectionMethod(method).name
        for table in ("leads", "method_notes"):
            if method not in getattr(phrases, table):
                raise DemoContentError(
                    f"{directory / 'phrases.toml'}: {table}: {name} is missing "
                    f"(a kind in [kinds] has this method)"
                )
    path = directory / "topics.toml"
    for number, topic in enumerate(topics.topic, start=1):
        unknown = [kind for kind in topic.kinds if kind not in phrases.kinds]
        if unknown:
            raise DemoContentError(
                f"{path}: topic #{number} → kinds: {', '.join(map(repr, unknown))} "
                f"not in [kinds] of phrases.toml"
            )
        if topic.frequencies not in topics.frequencies:
            raise DemoContentError(
                f"{path}: topic #{number} → frequencies: no bag {topic.frequencies!r} "
                f"in [frequencies]; use one of {', '.join(topics.frequencies)}"
            )


def load_demo_content(directory: Path = CONTENT_DIR) -> DemoContent:
    """The checked demo vocabulary in `directory` (read once per directory)."""
    return _load(Path(directory).resolve())


@cache
def _load(directory: Path) -> DemoContent:
    phrases = _read(directory / "phrases.toml", Phrases)
    topics = _read(directory / "topics.toml", Topics)
    _check_references(directory, phrases, topics)
    return DemoContent(areas=_read(directory / "areas.toml", Areas), phrases=phrases, topics=topics)
