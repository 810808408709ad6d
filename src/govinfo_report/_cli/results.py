"""What parsing one file gives: a ``ParseResult`` (the report, or why there is none),
and a report's cells as flat records (``iter_cells``, the long format).

``parse_path`` is what every worker does with a path: any exception is a result with
its error, never the end of a batch.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from typing import Literal, TypeAlias, TypedDict

import attrs

from .._core.errors import ReadError
from .._core.model import Edition, tables_edition
from .._format.records import TABLE2_CLASSES, TABLE3_CLASSES, Column, Table4, layout
from .._parse import parse_file
from .._report.report import Report

CELL_FIELDS = (
    "source",
    "agency",
    "year",
    "edition",
    "address",
    "table_no",
    "row_label",
    "column_label",
    "value",
    "raw",
    "kind",
    "recovered",
    "line",
    "char_offset",
)


@cache
def _columns(edition: Edition) -> tuple[Column, ...]:
    classes = (TABLE2_CLASSES[edition], TABLE3_CLASSES[edition], Table4)
    return tuple(c for cls in classes for c in layout(cls).cells)


class CellRow(TypedDict):
    """A record of ``iter_cells``: one statutory cell of one report (keys in
    ``CELL_FIELDS`` order)."""

    source: str | None
    agency: str | None
    year: int | None
    edition: str | None
    address: str
    table_no: int
    row_label: str
    column_label: str
    value: int | Decimal | None
    raw: str
    kind: str
    recovered: str | None
    line: int | None
    char_offset: int | None


def iter_cells(report: Report, source: str | None = None) -> Iterator[CellRow]:
    """One record per statutory cell of the report's edition, in template order.

    Keys (``CELL_FIELDS``): ``source`` (as given), ``agency``, ``year``, ``edition``,
    ``address``, ``table_no`` (2, 3 or 4), ``row_label`` and ``column_label`` (the
    template's Chinese labels; a row's path joined by " / "), ``value`` (``int``,
    ``Decimal`` or ``None``), ``raw``, ``kind`` (how it was written, a ``str``),
    ``recovered`` (``None``, or what decided a recovered value), ``line``,
    ``char_offset`` (where the value stands: the source's line and character offset).
    """
    records = report.cell_records()
    edition = tables_edition(report.edition)
    for column in _columns(edition):
        cell = records[column.address]
        yield {
            "source": source,
            "agency": report.agency,
            "year": report.year,
            "edition": None if report.edition is None else str(report.edition),
            "address": column.address,
            "table_no": int(column.address[1]),
            "row_label": " / ".join(column.row_path_labels),
            "column_label": column.label,
            "value": cell.value,
            "raw": cell.raw,
            "kind": str(cell.kind),
            "recovered": cell.recovered,
            "line": cell.line,
            "char_offset": cell.offset,
        }


@attrs.frozen
class ParseSuccess:
    """A file ``parse_many`` read: its path (as given) and its report."""

    path: str
    report: Report
    error: None = attrs.field(default=None, init=False)

    @property
    def ok(self) -> Literal[True]:
        return True


@attrs.frozen
class ParseFailure:
    """A file ``parse_many`` could not read: its path (as given) and why.

    ``error`` is "TypeName: message": "ReadError: …" (not a report of a kind that can
    be read, or not a regular file), "FileNotFoundError: …" and other OSErrors (it
    could not be opened), "WorkerDied: …" (the worker process parsing it died), or
    whatever else parsing it raised ("MemoryError: …")."""

    path: str
    error: str
    report: None = attrs.field(default=None, init=False)

    @property
    def ok(self) -> Literal[False]:
        return False


# What ``parse_many`` gives for one path.  ``if result.ok:`` (or ``if result.report is
# not None:``) narrows it for a type checker: ``result.report`` is then a ``Report``.
ParseResult: TypeAlias = ParseSuccess | ParseFailure


def parse_path(path: str | os.PathLike[str]) -> ParseResult:
    """``parse_file`` as a result: a file that cannot be read, or anything parsing it
    raises, gives its error.  A FIFO, socket or device is refused without being opened
    (reading one could block for ever, or never end)."""
    name = _named(path)
    if not isinstance(name, str):
        return name
    return result_of(name, lambda: parse_file(_regular(name)))


def result_of(name: str, read: Callable[[], Report]) -> ParseResult:
    """The report ``read`` gives, or why there is none, as a result: any exception
    (``MemoryError`` too) is a result with its error, never the end of a batch."""
    try:
        return ParseSuccess(name, read())
    except Exception as exc:
        return ParseFailure(name, _error(exc))


def special_file(mode: int) -> str | None:
    """What a file of this ``st_mode`` is if it is a FIFO, a socket or a device ("a
    FIFO", …): such a file is not read (it could block for ever, or never end)."""
    return next((kind for test, kind in _SPECIAL if test(mode)), None)


_SPECIAL: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _regular(name: str) -> str:
    """``name``, unless it is a FIFO, a socket or a device: a ``ReadError`` then."""
    kind = special_file(os.stat(name).st_mode)
    if kind is not None:
        raise ReadError(f"not a regular file ({kind}); not opened")
    return name


def _named(path: str | os.PathLike[str]) -> str | ParseResult:
    """A path as the ``str`` a result carries (bytes decoded as the file system does),
    or, for an object that is no path, a result with the error."""
    try:
        return os.fsdecode(path)
    except TypeError as exc:
        return ParseFailure(str(path), _error(exc))


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
