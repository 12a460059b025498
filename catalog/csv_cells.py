"""CSV that is safe to open in a spreadsheet (OWASP, "CSV Injection").

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be
run as a formula by Excel, LibreOffice or Google Sheets (an imported title
`=HYPERLINK("http://…","Survei Klik")` became a live link). Every CSV the
product writes goes through `writer`: such cells get a leading single quote,
which spreadsheets show as text, and every cell is quoted, so a `;` inside a
cell (the list separator of Indonesian Excel) cannot start a new one.
`restore` undoes the quote when a file we wrote is imported again.
"""

import csv
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class _SafeDictWriter(csv.DictWriter):
    def writerow(self, rowdict):
        return super().writerow({key: neutralise(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts):
        for rowdict in rowdicts:
            self.writerow(rowdict)


def writer(handle, **options) -> _SafeWriter:
    """`csv.writer` whose cells are neutralised and always quoted."""
    return _SafeWriter(csv.writer(handle, quoting=csv.QUOTE_ALL, **options))


def dict_writer(handle, fieldnames, **options) -> csv.DictWriter:
    """`csv.DictWriter` whose cells are neutralised and always quoted."""
    return _SafeDictWriter(handle, fieldnames, quoting=csv.QUOTE_ALL, **options)
