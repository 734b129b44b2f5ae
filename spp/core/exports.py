"""Spreadsheet exports (CSV and XLSX) that never hand a spreadsheet a formula to run.

A name, a title or an answer is typed by anyone: ``=HYPERLINK("http://evil.example/","x")``
or ``=1+1+cmd|' /C calc'!A0`` in a cell would be run by whoever opens the export (OWASP's
"CSV injection"). Every export of the platform writes its rows through these two functions:

- CSV (``csv_row``): a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is prefixed with a single quote, which spreadsheets show as text and do not keep
  (OWASP's advice). Numbers are left alone: not Python numbers, nor text that is only a number
  (``-12,50``, ``+3``: an optional sign, digits, one decimal point or comma), which cannot hold
  a formula and must stay a number in a column of amounts.
- XLSX (``xlsx_row``): cells are typed, so nothing is prefixed: a text starting with one of
  those characters is written as a text cell (openpyxl would write a text starting with ``=``
  as a formula, and ``#N/A`` as an error).

JSON exports need neither: no spreadsheet runs a JSON string."""

import csv
import re
from collections.abc import Iterable, Iterator

FORMULA_START = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def _risky(value) -> bool:
    return (value.__class__ is str and value[:1] in FORMULA_START
            and _PLAIN_NUMBER.fullmatch(value) is None)


def csv_cell(value):
    """``value``, with a single quote in front when a spreadsheet would read it as a formula."""
    return "'" + value if _risky(value) else value


def csv_row(values) -> list:
    """A row for ``csv.writer``, every cell as ``csv_cell`` would write it. The test is
    written out rather than called per cell: the exports write millions of rows."""
    return ["'" + value if value.__class__ is str and value[:1] in FORMULA_START
            and _PLAIN_NUMBER.fullmatch(value) is None else value for value in values]


def xlsx_row(sheet, values) -> list:
    """A row for a write-only openpyxl ``sheet.append``: text that a spreadsheet could take for
    a formula becomes a cell typed as text; every other value is left to openpyxl."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if _risky(value):
            value = WriteOnlyCell(sheet, value)
            value.data_type = "s"
        row.append(value)
    return row


class _Echo:
    """A file-like object whose write() returns what it is given (for csv.writer)."""

    def write(self, value):
        return value


def csv_chunks(header, rows: Iterable, *, rows_per_chunk: int = 500) -> Iterator[str]:
    """A CSV file in pieces for a ``StreamingHttpResponse``: the header after a BOM (so
    spreadsheet tools read UTF-8), then the rows ``rows_per_chunk`` at a time, every row
    through ``csv_row``."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    buffer = []
    for row in rows:
        buffer.append(writer.writerow(csv_row(row)))
        if len(buffer) >= rows_per_chunk:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)
