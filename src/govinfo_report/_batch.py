"""Many reports: long records of cells, and parsing a batch of files in order.

``iter_cells`` flattens a report into one plain dict per statutory cell (the long
format: one row per report and address, ready for ``pandas.DataFrame``, DuckDB or a
CSV writer).  ``parse_many`` parses files one by one or in worker processes and yields
one ``ParseResult`` per path, in the order given; a file that cannot be read, or that
kills the worker parsing it, is a result with an ``error``, never an exception that
stops the batch.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from decimal import Decimal
from functools import cache
from typing import Literal, NamedTuple, TypeAlias, TypedDict

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


# The files a folder is searched for.  (.doc and .wps are found so that they are said to
# be unreadable, and pictures so that they are said to be pictures, not silently skipped:
# a report's tables often come as screenshots.)
SUFFIXES = (
    *(".txt", ".md", ".html", ".htm", ".shtml", ".xhtml", ".jhtml", ".docx", ".pdf"),
    *(".doc", ".wps", ".png", ".jpg", ".jpeg"),
)


def skip_reason(name: str) -> str | None:
    """Why a file or folder met in a folder walk is not a report: hidden (a name
    starting with ".": ``.git``, macOS's ``._x.html``) or an Office lock file
    (``~$x.docx``); None for any other name."""
    if name.startswith("."):
        return "hidden"
    if name.startswith("~$"):
        return "an Office lock file"
    return None


class Walk(NamedTuple):
    """What a folder holds: its report files (sorted), the hidden files and folders
    and lock files it skipped (path, why), and the folders it could not read."""

    files: list[str]
    skipped: list[tuple[str, str]]
    problems: list[str]


def walk(folder: str) -> Walk:
    """The report files under ``folder`` (by suffix, recursively, sorted), skipping
    hidden files and folders and Office lock files; unreadable folders are problems."""
    files: list[str] = []
    skipped: list[tuple[str, str]] = []
    problems: list[str] = []
    # Links to folders are followed (a report archive is often a tree of links), each
    # real folder once: a link back up the tree is skipped, never walked for ever.
    visited = {os.path.realpath(folder)}
    walking = os.walk(folder, onerror=lambda e: problems.append(str(e)), followlinks=True)
    for here, folders, names in walking:
        kept = []
        for name in sorted(folders):
            path = os.path.join(here, name)
            why = skip_reason(name)
            if why is not None:
                skipped.append((path, f"{why} folder"))
                continue
            real = os.path.realpath(path)
            if real in visited:
                skipped.append((path, "a link to a folder walked already"))
                continue
            visited.add(real)
            kept.append(name)
        folders[:] = kept  # os.walk does not go into the skipped ones
        for name in names:
            if not name.lower().endswith(SUFFIXES):
                continue
            why = skip_reason(name)
            if why is None:
                files.append(os.path.join(here, name))
            else:
                skipped.append((os.path.join(here, name), why))
    return Walk(sorted(files), sorted(skipped), problems)


def parse_many(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    jobs: int = 1,
    chunksize: int = 4,
) -> Iterator[ParseResult]:
    """Parse files, yielding one ``ParseResult`` per path in the order given.

    ``paths`` is an iterable of paths, or one folder: its report files, found as the
    command line finds them (recursively, sorted, hidden files and folders and Office
    lock files skipped).  A single ``str`` or path that is not a folder is refused with
    ``TypeError`` (iterating a string would give its characters): use ``parse_file``,
    or a list of one path.

    Nothing that happens to one file stops the batch: a file that cannot be read,
    anything parsing it raises (``MemoryError`` too), a FIFO, socket or device (not
    opened) and a worker process dying on it are each a result with an ``error``.

    ``jobs`` > 1 parses in that many worker processes (never more than there are
    paths, when that is known); the results still come in input order, and only a
    bounded window of paths (``jobs * chunksize * 2``) is in flight, so a long or
    endless iterable of paths is consumed as results are taken.  A worker that dies
    (a crash in a PDF library, the out-of-memory killer) is noticed even where its
    death leaves the pool deadlocked: the pool is torn down, the paths it was parsing
    are parsed again one at a time in a pool of one worker (which of them killed it
    is not known), a path that kills a fresh pool of one worker by itself is a result
    with a ``WorkerDied`` error, and the batch goes on in a new pool.  The workers
    ignore SIGINT: Ctrl-C interrupts this process only, and closing the iterator
    early (or an exception raised through it) kills the workers.  ``jobs=1`` parses
    in this process.  ``jobs`` < 1 raises ``ValueError`` at once.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if isinstance(paths, (str, bytes, os.PathLike)):
        folder = os.fsdecode(paths)
        if not os.path.isdir(folder):
            what = "a file" if os.path.exists(folder) else "no folder (nothing is there)"
            raise TypeError(
                f"parse_many() takes paths or a folder, and {folder!r} is {what}: "
                "use parse_file() for one file, or parse_many([path])"
            )
        found = walk(folder)
        failures = [ParseFailure(folder, problem) for problem in found.problems]
        if not found.files and not failures:
            failures = [ParseFailure(folder, "no report files in this folder")]
        paths = found.files
        if failures:
            return _chained(failures, parse_many(paths, jobs=jobs, chunksize=chunksize))
    if isinstance(paths, Sized):
        jobs = min(jobs, max(1, len(paths)))
    if sys.platform == "win32":
        jobs = min(jobs, 61)  # the most ProcessPoolExecutor takes on Windows
    if jobs == 1:
        return (parse_path(path) for path in paths)
    from ._pool import in_processes  # the process machinery, imported when first used

    return in_processes(iter(paths), jobs, max(1, chunksize) * jobs * 2)


def _chained(first: Sequence[ParseResult], then: Iterator[ParseResult]) -> Iterator[ParseResult]:
    yield from first
    yield from then
