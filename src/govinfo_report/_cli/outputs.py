"""Tables written out: CSV, JSON Lines, JSON, Parquet and Excel workbooks.

Every command-line output that is a table goes through ``table_writer``: the columns
are named once, each row is a dict, and the format decides how they are written.  The
column types (``COLUMN_TYPES``) are data shared with ``to_frame``, so a year is an
integer column in Parquet, Excel and pandas alike.  Parquet (pyarrow) and Excel
(openpyxl) are optional extras, imported only when such a file is written.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any, Literal, Protocol

from .summary import KEY_FIGURES

ColumnType = Literal["str", "int", "number"]

# The type of every column any output has; a column not named here is text.  (The cell
# columns of ``wide`` are named by address and are numbers: see ``column_type``.)
COLUMN_TYPES: dict[str, ColumnType] = {
    "year": "int",
    "table_no": "int",
    "line": "int",
    "char_offset": "int",
    "value": "number",
    "errors": "int",
    "warnings": "int",
    "cells_read": "int",
    "cells_unread": "int",
    **{name: "int" for name, _ in KEY_FIGURES},  # the summary's key figures are counts
}


def column_type(name: str) -> ColumnType:
    """A column's type: from ``COLUMN_TYPES``; a cell address ("t3.total.total") is a
    number; anything else text."""
    if name in COLUMN_TYPES:
        return COLUMN_TYPES[name]
    return "number" if name[:2] in ("t2", "t3", "t4") and "." in name else "str"


class MissingExtraError(ImportError):
    """An optional dependency a format needs is not installed (the message names the
    extra to install)."""


def require(module: str, extra: str, purpose: str) -> Any:
    """Import ``module``, or raise ``MissingExtraError`` naming the extra that provides it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"{purpose} needs {module}: pip install 'govinfo-report[{extra}]'"
        ) from exc


class TableWriter(Protocol):
    def write(self, row: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


def plain(value: Any) -> Any:
    """A value as JSON and CSV write it: a ``Decimal`` as its exact text."""
    return str(value) if isinstance(value, Decimal) else value


class CsvWriter:
    def __init__(self, stream: IO[str], columns: Sequence[str]) -> None:
        self.writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
        self.writer.writeheader()

    def write(self, row: dict[str, Any]) -> None:
        self.writer.writerow(row)

    def close(self) -> None:
        pass


class JsonLinesWriter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, row: dict[str, Any]) -> None:
        self.stream.write(json.dumps(row, ensure_ascii=False, default=plain) + "\n")

    def close(self) -> None:
        pass


class JsonArrayWriter:
    """One JSON array, written as the rows come (never held whole)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.count = 0

    def write(self, row: dict[str, Any]) -> None:
        self.stream.write("[\n" if self.count == 0 else ",\n")
        self.stream.write(json.dumps(row, ensure_ascii=False, default=plain))
        self.count += 1

    def close(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")


class ParquetWriter:
    """A Parquet file with a typed schema, written in row groups as the rows come."""

    BATCH = 10_000

    def __init__(self, path: str, columns: Sequence[str]) -> None:
        pa = require("pyarrow", "parquet", "writing Parquet")
        pq = require("pyarrow.parquet", "parquet", "writing Parquet")
        arrow = {"str": pa.string(), "int": pa.int64(), "number": pa.float64()}
        self.pa = pa
        self.columns = list(columns)
        self.schema = pa.schema([(c, arrow[column_type(c)]) for c in self.columns])
        self.writer = pq.ParquetWriter(path, self.schema)
        self.rows: list[dict[str, Any]] = []

    def write(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        data = {c: [_typed(c, row.get(c)) for row in self.rows] for c in self.columns}
        self.writer.write_table(self.pa.table(data, schema=self.schema))
        self.rows = []

    def close(self) -> None:
        if self.rows:
            self._flush()
        self.writer.close()


def _typed(column: str, value: Any) -> Any:
    """A value as a typed column holds it: a number column a float (a ``Decimal`` of
    an amount of money too), a text column a str (valid Unicode: a file name that is
    not UTF-8 has its undecodable bytes as U+FFFD, as Parquet's strings must be)."""
    if value is None:
        return None
    kind = column_type(column)
    if kind == "number":
        return float(value)
    if kind == "str":
        text = value if isinstance(value, str) else _text(value)
        return _unicode(text)
    return value


def _unicode(text: str) -> str:
    """The text with the lone surrogates a non-UTF-8 file name decodes to replaced."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


class Workbook:
    """An Excel workbook of named sheets, each a table, streamed as the rows come."""

    def __init__(self, path: str, sheets: dict[str, Sequence[str]]) -> None:
        openpyxl = require("openpyxl", "xlsx", "writing Excel workbooks")
        self.path = path
        self.book = openpyxl.Workbook(write_only=True)
        self.columns = {name: list(columns) for name, columns in sheets.items()}
        self.sheets = {}
        for name, columns in self.columns.items():
            sheet = self.book.create_sheet(name)
            sheet.freeze_panes = "A2"
            sheet.append(columns)
            self.sheets[name] = sheet

    def write(self, sheet: str, row: dict[str, Any]) -> None:
        columns = self.columns[sheet]
        target = self.sheets[sheet]
        target.append([self._cell(target, c, row.get(c)) for c in columns])

    def _cell(self, sheet: Any, column: str, value: Any) -> Any:
        """A value as an Excel cell holds it: numbers as numbers, text as text — never a
        formula (a file named "=HYPERLINK(…)" stays its name), control characters
        (which the format cannot hold) as U+FFFD."""
        value = _cell(column, value)
        if not isinstance(value, str):
            return value
        value = _EXCEL_ILLEGAL.sub("\ufffd", _unicode(value))
        if value.startswith("="):
            cells = require("openpyxl.cell", "xlsx", "writing Excel workbooks")
            cell = cells.WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value

    def close(self) -> None:
        self.book.save(self.path)


# The characters an Excel workbook cannot hold (XML 1.0's control characters).
_EXCEL_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(column: str, value: Any) -> Any:
    """A value as an Excel cell holds it: numbers as numbers, anything else as text."""
    if value is None:
        return None
    if column_type(column) == "number":
        return float(value) if isinstance(value, Decimal) else value
    return _text(value) if isinstance(value, (list, tuple)) else value


class SheetWriter:
    """One sheet of a workbook as a ``TableWriter``."""

    def __init__(self, book: Workbook, sheet: str) -> None:
        self.book, self.sheet = book, sheet

    def write(self, row: dict[str, Any]) -> None:
        self.book.write(self.sheet, row)

    def close(self) -> None:
        pass


def to_frame(rows: Iterable[Any], columns: Sequence[str] | None = None) -> Any:
    """A ``pandas.DataFrame`` of summary rows, cell rows, findings or any dicts, with
    each known column in its proper dtype: counts, years, lines and offsets as nullable
    ``Int64`` (a missing one is ``<NA>``, not a float ``NaN``), values as ``Float64``
    (or ``object`` where a value is a ``Decimal`` amount, kept exact), text as
    ``string``.  Takes ``ReportSummary`` records (``summarize``), ``iter_cells``
    records or plain dicts.  Needs pandas (``pip install pandas``)."""
    pd = require("pandas", "pandas", "to_frame")
    records = [row.to_dict() if hasattr(row, "to_dict") else dict(row) for row in rows]
    if columns is None:
        columns = list(dict.fromkeys(key for record in records for key in record))
    data = {}
    for column in columns:
        values = [record.get(column) for record in records]
        kind = column_type(column)
        if kind == "int":
            data[column] = pd.array(values, dtype="Int64")
        elif kind == "number":
            exact = any(isinstance(v, Decimal) and v != int(v) for v in values)
            if exact:
                data[column] = pd.array(values, dtype=object)
            else:
                data[column] = pd.array(
                    [None if v is None else float(v) for v in values], dtype="Float64"
                )
        else:
            data[column] = pd.array(
                [None if v is None else _text(v) for v in values], dtype="string"
            )
    return pd.DataFrame(data, columns=list(columns))


def _text(value: Any) -> str:
    """A value as text: a list (a finding's addresses) joined by spaces."""
    return " ".join(value) if isinstance(value, (list, tuple)) else str(value)


def rows_of(items: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Rows with every list value (a finding's addresses) joined by spaces, for the
    flat formats."""
    for row in items:
        yield {k: _text(v) if isinstance(v, (list, tuple)) else v for k, v in row.items()}
