"""Bulk import of earlier recommendations from CSV or JSON Lines.

Rows are checked one by one; good rows are kept (in batches, each one
transaction), bad rows are reported by line number with the reason.
"""

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from . import csv_cells
from .models import ActivityRecord
from .offices import office_directory
from .publishing import publish_cleaned_batch
from .validation import CODED_FIELDS, REQUIRED, clean_activity

# A file without these cannot give one valid row: refuse it before reading rows.
REQUIRED_COLUMNS = (*REQUIRED, *CODED_FIELDS)
BATCH_SIZE = 1_000


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, header)."""


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return _("baris %(line)d: %(where)s%(message)s") % {
            "line": self.line,
            "where": where,
            "message": self.message,
        }


@dataclass
class ImportReport:
    read: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def refused(self) -> int:
        return len({error.line for error in self.errors})


def _csv_rows(handle) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    reader = csv.DictReader(handle)
    header = reader.fieldnames or []
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFileError(
            _("kolom wajib tidak ada di baris judul: %(columns)s") % {"columns": ", ".join(missing)}
        )
    for row in reader:
        if None in row:  # more cells than header columns
            yield reader.line_num, None, _("jumlah sel lebih banyak dari kolom judul")
        else:
            # A cell we neutralised on export ('=…) comes back as it was.
            yield reader.line_num, {key: csv_cells.restore(value) for key, value in row.items()}, ""


def _jsonl_rows(handle) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, None, _("bukan JSON yang sah (%(error)s)") % {"error": error.msg}
            continue
        if not isinstance(row, dict):
            yield number, None, _("harus berupa objek JSON {…}")
            continue
        yield number, row, ""


READERS = {".csv": _csv_rows, ".jsonl": _jsonl_rows}


def import_activities(
    path: Path, *, progress: Callable[[ImportReport], None] | None = None
) -> ImportReport:
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ImportFileError(_("format berkas harus .csv atau .jsonl"))
    offices = office_directory()
    report = ImportReport()
    batch: list[dict[str, Any]] = []
    batch_lines: list[int] = []

    def flush():
        result = publish_cleaned_batch(batch, source=ActivityRecord.Source.IMPORT)
        report.created += result.created
        report.updated += result.updated
        for line, row in zip(batch_lines, batch, strict=True):
            reason = result.refused.get(row["recommendation_number"])
            if reason:
                report.errors.append(RowError(line, "recommendation_number", reason))
        batch.clear()
        batch_lines.clear()
        if progress:
            progress(report)

    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for line, row, problem in reader(handle):
                report.read += 1
                if row is None:
                    report.errors.append(RowError(line, "", problem))
                    continue
                cleaned, errors = clean_activity(row, offices=offices)
                if errors:
                    report.errors += [RowError(line, name, msg) for name, msg in errors.items()]
                    continue
                batch.append(cleaned)
                batch_lines.append(line)
                if len(batch) >= BATCH_SIZE:
                    flush()
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("berkas harus berkodekan UTF-8 (byte tidak sah di posisi %(at)d)")
            % {"at": error.start}
        ) from error
    except OSError as error:
        raise ImportFileError(str(error)) from error
    if batch:
        flush()
    return report
