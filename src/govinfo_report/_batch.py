"""Many reports: long records of cells, and parsing a batch of files in order.

``iter_cells`` flattens a report into one plain dict per statutory cell (the long
format: one row per report and address, ready for ``pandas.DataFrame``, DuckDB or a
CSV writer).  ``parse_many`` parses files one by one or in worker processes and yields
one ``ParseResult`` per path, in the order given; a file that cannot be read is a
result with an ``error``, never an exception that stops the batch.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from typing import Any

import attrs

from ._model import Edition, tables_edition
from ._parse import parse_file
from ._read import ReadError
from ._report import Report
from ._tables import TABLE2_CLASSES, TABLE3_CLASSES, Column, Table4, layout

# The keys of ``iter_cells`` records, in order (the CSV header of ``govinfo-report cells``).
CELL_FIELDS = (
    "source",
    "agency",
    "year",
    "edition",
    "address",
    "table",
    "row_label",
    "column_label",
    "value",
    "raw",
    "kind",
    "recovered",
    "line",
    "offset",
)


@cache
def _columns(edition: Edition) -> tuple[Column, ...]:
    classes = (TABLE2_CLASSES[edition], TABLE3_CLASSES[edition], Table4)
    return tuple(c for cls in classes for c in layout(cls).cells)


def iter_cells(report: Report, source: str | None = None) -> Iterator[dict[str, Any]]:
    """One record per statutory cell of the report's edition, in template order.

    Keys (``CELL_FIELDS``): ``source`` (as given), ``agency``, ``year``, ``edition``,
    ``address``, ``table`` (2, 3 or 4), ``row_label`` and ``column_label`` (the
    template's Chinese labels; a row's path joined by " / "), ``value`` (``int``,
    ``Decimal`` or ``None``), ``raw``, ``kind`` (how it was written, a ``str``),
    ``recovered`` (``None``, or what decided a recovered value), ``line``, ``offset``.
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
            "table": int(column.address[1]),
            "row_label": " / ".join(column.row_path_labels),
            "column_label": column.label,
            "value": cell.value,
            "raw": cell.raw,
            "kind": str(cell.kind),
            "recovered": cell.recovered,
            "line": cell.line,
            "offset": cell.offset,
        }


@attrs.frozen
class ParseResult:
    """What ``parse_many`` gives for one path: the report, or why there is none."""

    path: str
    report: Report | None = None
    # "ReadError: …" or "FileNotFoundError: …": the file could not be read at all.
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.report is not None


def parse_path(path: str | os.PathLike[str]) -> ParseResult:
    """``parse_file`` as a result: a file that cannot be read gives its error."""
    name = os.fspath(path)
    return result_of(name, lambda: parse_file(name))


def result_of(name: str, read: Callable[[], Report]) -> ParseResult:
    """The report ``read`` gives, or the reason a file cannot be read, as a result."""
    try:
        return ParseResult(name, read())
    except (ReadError, OSError) as exc:
        return ParseResult(name, error=f"{type(exc).__name__}: {exc}")


def parse_many(
    paths: Iterable[str | os.PathLike[str]], *, jobs: int = 1, chunksize: int = 4
) -> Iterator[ParseResult]:
    """Parse files, yielding one ``ParseResult`` per path in the order given.

    ``jobs`` > 1 parses in that many worker processes (never more than there are
    paths, when that is known); the results still come in input order, and only a
    bounded window of paths (``jobs * chunksize * 2``) is in flight, so a long or
    endless iterable of paths is consumed as results are taken.  A worker that dies
    (a crash in a PDF library, the out-of-memory killer) costs the path it was on a
    ``ParseResult`` with an error; the batch goes on in a fresh pool.  ``jobs=1``
    parses in this process.  ``jobs`` < 1 raises ``ValueError`` at once.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if isinstance(paths, Sized):
        jobs = min(jobs, max(1, len(paths)))
    if sys.platform == "win32":
        jobs = min(jobs, 61)  # the most ProcessPoolExecutor takes on Windows
    if jobs == 1:
        return (parse_path(path) for path in paths)
    return _in_processes(iter(paths), jobs, max(1, chunksize) * jobs * 2)


def _in_processes(
    paths: Iterator[str | os.PathLike[str]], jobs: int, window: int
) -> Iterator[ParseResult]:
    pending: deque[tuple[str, Future[ParseResult]]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        while True:
            while len(pending) < window:
                path = next(paths, None)
                if path is None:
                    break
                name = os.fspath(path)
                pending.append((name, pool.submit(parse_path, name)))
            if not pending:
                return
            name, future = pending.popleft()
            try:
                yield future.result()
            except BrokenProcessPool:
                # The pool is gone with every task in it, and which task killed it is
                # not known: this path is parsed again alone (a second death is its
                # own), the others are sent again to a new pool.
                pool.shutdown(wait=False, cancel_futures=True)
                yield _alone(name)
                pool = ProcessPoolExecutor(max_workers=jobs)
                pending = deque((n, pool.submit(parse_path, n)) for n, _ in pending)
            except Exception as exc:  # a report that cannot be sent back, say
                yield ParseResult(name, error=f"{type(exc).__name__}: {exc}")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _alone(name: str) -> ParseResult:
    """A path parsed in a worker process of its own: its result, or the death."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(parse_path, name).result()
        except BrokenProcessPool:
            return ParseResult(name, error="WorkerDied: a worker process died on it")
