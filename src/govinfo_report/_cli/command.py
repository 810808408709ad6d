"""The command line: ``govinfo-report`` (and ``python -m govinfo_report``).

``build_parser`` says what the commands and options are; ``main`` runs them.  Every
command reads any number of PATHs (files, directories searched recursively for report
files, or ``-`` for standard input), parses them in order (``--jobs`` worker
processes), writes its output to standard output or the ``-o`` file and, to standard
error, an error line per file that could not be read and a summary at the end.  A file
that could not be read is a row of the output too.

Exit status: bits — 1 when ``check`` found an error-severity finding in a file it read,
4 when a file could not be read (5: both); 0 when neither; 2 for a usage error or output
that could not be written; 130 when interrupted; 141 on a closed pipe; 70 for an
internal error (a bug: the traceback is printed).  Once the files are being read, the
summary line is printed whatever ends the run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from typing import IO, Any, NamedTuple

from .._check.rules import check
from .._core.model import Diagnostic, Edition, Severity
from .._core.version import __version__
from .._format.records import TABLE2_CLASSES, TABLE3_CLASSES, Table4, layout
from .._parse import parse_bytes
from .batch import SUFFIXES, parse_many, walk
from .outputs import (
    CsvWriter,
    JsonArrayWriter,
    JsonLinesWriter,
    MissingExtraError,
    ParquetWriter,
    TableWriter,
    Workbook,
    rows_of,
)
from .results import (
    CELL_FIELDS,
    ParseFailure,
    ParseResult,
    ParseSuccess,
    iter_cells,
    result_of,
    special_file,
)
from .summary import STATUSES, SUMMARY_FIELDS, Duplicates, ReportSummary, summary_of

# A batch at least this long gets a progress bar (when standard error is a terminal).
_PROGRESS_FROM = 20
_SEVERITIES = {"info": 0, "warning": 1, "error": 2}
# The exit status of an internal error (a bug), as sysexits.h has it (EX_SOFTWARE): not
# 1, which says that ``check`` found an error.
INTERNAL_ERROR = 70


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govinfo-report",
        description="Read Chinese government information-disclosure annual reports "
        "(政府信息公开工作年度报告) into checked data.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="report files, directories (searched recursively for "
            f"{' '.join(SUFFIXES)}; hidden files and folders and ~$ lock files "
            "skipped), or - for standard input",
        )
        sub.add_argument(
            "-j",
            "--jobs",
            type=_jobs,
            default=1,
            help="parse in N processes; 0 or auto: one per CPU (default 1)",
        )
        formats = FORMATS[name]
        sub.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="write to FILE instead of standard output, in the format its suffix "
            f"names ({', '.join(s for s, f in SUFFIX_FORMATS.items() if f in formats)})",
        )
        sub.add_argument(
            "--format",
            choices=formats,
            help=f"the output format (default: from -o's suffix, else {formats[0]})",
        )
        if "csv" in formats:
            bom = sub.add_mutually_exclusive_group()
            bom.add_argument(
                "--bom",
                action="store_true",
                default=None,
                help="start CSV with a byte-order mark (Excel and WPS then read it as "
                "UTF-8); the default for a .csv file written with -o",
            )
            bom.add_argument(
                "--no-bom", dest="bom", action="store_false", help="no byte-order mark"
            )
        return sub

    command("parse", "reports as JSON Lines (--format json: one file as one JSON object)")
    command("cells", "every cell, long: one row per report and address")
    check_command = command("check", "findings: broken 勾稽关系 and what the parser noticed")
    check_command.add_argument(
        "--severity",
        choices=tuple(_SEVERITIES),
        default="warning",
        help="the least severity shown (default warning; error shows only the files with an error)",
    )
    check_command.add_argument(
        "--only-failing",
        action="store_true",
        help="only the files with an error-severity finding, or that could not be read",
    )
    wide = command("wide", "one row per report, one column per address of a table")
    wide.add_argument("--table", type=int, choices=(2, 3, 4), required=True)
    command(
        "summary",
        "one row per file: status, organ, year, edition, counts of findings and cells, "
        "the key figures",
    )
    command(
        "review",
        "one offline HTML page to review the reports: an overview, then each report's "
        "tables as the template prints them, the cells findings name marked",
    )
    commands.add_parser(
        "demo",
        help="parse and check an example report shipped with the package",
        description="Parse and check an example report shipped with the package (an "
        "invented organ, with one deliberate arithmetic error).",
    )
    return parser


def _jobs(text: str) -> int:
    """-j N: N processes; 0 or "auto": as many as there are CPUs."""
    if text.strip().lower() == "auto":
        return os.cpu_count() or 1
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (auto) or more")
    return value or os.cpu_count() or 1


def main(argv: Sequence[str] | None = None) -> int:
    # JSON and CSV go out as UTF-8 whatever the locale (a C locale would say ASCII); a
    # file name that is not UTF-8 is written back as the bytes it was (surrogateescape),
    # and CSV line ends are not translated inside quoted cells.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", errors="surrogateescape", newline="")
    if isinstance(sys.stderr, io.TextIOWrapper):
        sys.stderr.reconfigure(encoding="utf-8", errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command != "demo":
        problem = _settle_format(args)
        if problem is not None:
            parser.error(problem)
    batch = None if args.command == "demo" else _Batch(args.jobs, args.output is not None)
    status = 0
    ending = ""  # what ended the run, if not its end
    out: _Output | None = None
    if batch is not None:
        # The inputs are found before the output is opened (an output written into a
        # folder being read is not an input), and an output that is one of them is
        # refused before it is emptied.
        batch.inputs, batch.skipped = _expand(args.paths, args.output)
        if args.output is not None and any(
            _same_file(item.path, args.output) for item in batch.inputs if item.problem is None
        ):
            parser.error(f"-o {args.output} is one of the inputs; it would be overwritten")
    try:
        out = _open_output(args)
        status = _run(args, batch, out)
        out.close()
    except (_OutputError, OSError) as exc:
        # An OSError the command lets through is the output's (files that cannot be read
        # are results, never exceptions): Parquet and Excel files are written by their
        # libraries, which raise it as it is.
        cause = exc.__cause__ if isinstance(exc, _OutputError) else exc
        if out is not None:
            out.lose()
        if isinstance(cause, BrokenPipeError):
            # The reader went away (``… | head``): no error line, as command-line tools
            # do; 128 + SIGPIPE, as a shell reports a command killed by it.
            status, ending = 141, "output closed"
        else:  # a full disk, /dev/full, a folder that is not there
            _say(f"govinfo-report: the output could not be written: {cause}")
            status, ending = 2, "output failed"
    except MissingExtraError as exc:
        _say(f"govinfo-report: {exc}")
        status, ending = 2, "output failed"
    except KeyboardInterrupt:
        status, ending = 130, "interrupted"
    except Exception:
        _say(f"govinfo-report: internal error (a bug):\n{traceback.format_exc().rstrip()}")
        status, ending = INTERNAL_ERROR, "internal error"
    finally:
        if batch is not None:
            batch.close()  # the worker processes of a batch cut short are killed
    if batch is not None:
        batch.summary(ending)
    return status


# Exit status bits (documented in docs/cli.md): 1 = an error-severity finding in a
# report that was read (``check`` only); 4 = a file could not be read.  Both: 5.
FOUND_ERRORS = 1
FILE_FAILED = 4


def _run(args: argparse.Namespace, batch: _Batch | None, out: _Output) -> int:
    if batch is None:
        return _demo(out)
    for path, why in batch.skipped:
        _say(f"govinfo-report: {path}: skipped ({why})")
    command = {
        "parse": _parse,
        "cells": _cells,
        "check": _check,
        "wide": _wide,
        "summary": _summary,
        "review": _review,
    }[args.command]
    found_errors = command(batch, args, out) and args.command == "check"
    return (FOUND_ERRORS if found_errors else 0) | (FILE_FAILED if batch.failed else 0)


# ---------------------------------------------------------------- output

# The formats each command writes; the first is its default.
FORMATS: dict[str, tuple[str, ...]] = {
    "parse": ("jsonl", "json"),
    "cells": ("csv", "jsonl", "json", "parquet", "xlsx"),
    "check": ("text", "csv", "jsonl", "json", "parquet", "xlsx"),
    "wide": ("csv", "jsonl", "json", "parquet", "xlsx"),
    "summary": ("csv", "jsonl", "json", "parquet", "xlsx"),
    "review": ("html",),
}
SUFFIX_FORMATS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".xlsx": "xlsx",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}
_BINARY_FORMATS = ("parquet", "xlsx")  # written by their library to a file, never stdout


def _settle_format(args: argparse.Namespace) -> str | None:
    """Fill in ``args.format`` (from ``-o``'s suffix, else the command's default) and
    ``args.bom``; a usage problem, if any."""
    formats = FORMATS[args.command]
    suffix = "" if args.output is None else os.path.splitext(args.output)[1].lower()
    by_suffix = SUFFIX_FORMATS.get(suffix)
    if args.format is not None and by_suffix is not None and by_suffix != args.format:
        return f"-o {args.output} names {by_suffix}, and --format says {args.format}"
    if args.format is None and args.output is not None:
        if by_suffix not in formats:
            return (
                f"-o {args.output}: {args.command} does not write "
                f"{suffix or 'a file without a suffix'} (it writes {', '.join(formats)}; "
                "say which with --format)"
            )
        args.format = by_suffix
    args.format = args.format or formats[0]
    if args.format in _BINARY_FORMATS and args.output is None:
        return f"--format {args.format} is written to a file: give -o FILE.{args.format}"
    if args.command == "parse" and args.format == "json":
        single = len(args.paths) == 1 and not os.path.isdir(args.paths[0])
        if not single:
            return "--format json writes one report: name one file (JSON Lines is for many)"
    if getattr(args, "bom", None) is None:
        args.bom = args.output is not None and args.format == "csv"
    return None


class _OutputError(Exception):
    """The output could not be written (the ``OSError`` is the cause)."""


class _Output:
    """Where a command writes: standard output, or the ``-o`` file (a text stream for
    the text formats; a path for Parquet and Excel, which their libraries write).  An
    ``OSError`` writing it is an ``_OutputError``, so that it is not taken for any other."""

    def __init__(self, stream: IO[str] | None, path: str | None = None) -> None:
        self.stream = stream
        self.path = path

    def write(self, text: str) -> int:
        assert self.stream is not None
        try:
            return self.stream.write(text)
        except OSError as exc:
            raise _OutputError(exc) from exc

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def close(self) -> None:
        try:
            if self.stream is sys.stdout:
                self.stream.flush()
            elif self.stream is not None:
                self.stream.close()
        except OSError as exc:
            raise _OutputError(exc) from exc

    def lose(self) -> None:
        """Nothing more is written: what is still in a buffer is dropped (standard
        output goes to the null device, so that Python's flush at exit does not fail)."""
        if self.stream is sys.stdout and sys.stdout is not None:
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                os.close(devnull)
            except (OSError, ValueError, AttributeError):  # no file descriptor to replace
                pass


def _open_output(args: argparse.Namespace) -> _Output:
    if args.command == "demo" or args.output is None:
        out = _Output(sys.stdout)
    elif args.format in _BINARY_FORMATS:
        try:  # made now, so that a path that cannot be written fails before the parsing
            with open(args.output, "wb"):
                pass
        except OSError as exc:
            raise _OutputError(exc) from exc
        out = _Output(None, args.output)
    else:
        try:
            # (a file name that is not UTF-8 is written back as its bytes, as on stdout)
            stream = open(  # noqa: SIM115
                args.output, "w", encoding="utf-8", errors="surrogateescape", newline=""
            )
        except OSError as exc:
            raise _OutputError(exc) from exc
        out = _Output(stream, args.output)
    if getattr(args, "bom", False) and args.format == "csv":
        out.write("\ufeff")
    return out


def _table(out: _Output, fmt: str, columns: Sequence[str]) -> TableWriter:
    """A writer of rows with these columns, in the format."""
    if fmt == "parquet":
        assert out.path is not None
        return ParquetWriter(out.path, columns)
    if fmt == "jsonl":
        return JsonLinesWriter(out)  # type: ignore[arg-type]
    if fmt == "json":
        return JsonArrayWriter(out)  # type: ignore[arg-type]
    return CsvWriter(out, columns)  # type: ignore[arg-type]


def _workbook(out: _Output) -> Workbook:
    """The Excel workbook any command writes with ``-o FILE.xlsx``: a summary sheet,
    the findings, and each table wide (a row per report, a column per address)."""
    assert out.path is not None
    sheets: dict[str, Sequence[str]] = {
        "summary": SUMMARY_FIELDS,
        "findings": FINDING_FIELDS,
    }
    for number in (2, 3, 4):
        sheets[f"table{number}"] = _wide_columns(number)
    return Workbook(out.path, sheets)


def _write_workbook(batch: _Batch, args: argparse.Namespace, out: _Output) -> bool:
    book = _workbook(out)
    found_errors = False
    least = _SEVERITIES[getattr(args, "severity", "warning")]
    for result, summary in batch:
        found_errors |= _has_errors(summary)
        if _failing_only(args) and not summary.errors:
            continue
        book.write("summary", summary.to_dict())
        for row in rows_of(_findings(summary, least)):
            book.write("findings", row)
        for number in (2, 3, 4):
            book.write(f"table{number}", _wide_row(result, summary, _wide_columns(number)))
    book.close()
    return found_errors


# ---------------------------------------------------------------- reading the inputs


class _Input(NamedTuple):
    path: str  # a file, "-", or for a problem the name given
    problem: str | None = None  # why there is nothing to read there


def _same_file(path: str, other: str) -> bool:
    try:
        return path != "-" and os.path.realpath(path) == os.path.realpath(other)
    except (OSError, ValueError):
        return False


def _expand(
    arguments: Sequence[str], output: str | None = None
) -> tuple[list[_Input], list[tuple[str, str]]]:
    """The files named, in order, and the files and folders skipped in folders (hidden
    ones, Office lock files).  Directories are searched (sorted; unreadable folders and
    folders with no report file are problems), a regular file named is taken as it is
    (even a hidden one: it was named), a FIFO, socket or device named or found is
    refused without being opened (a problem; ``-`` reads standard input), the same
    file named twice is read once."""
    inputs: list[_Input] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = path if path == "-" else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            inputs.append(_Input(path))

    for argument in arguments:
        if argument == "-":
            add(argument)
            continue
        try:
            mode = os.stat(argument).st_mode
        except FileNotFoundError:
            inputs.append(_Input(argument, "no such file or directory"))
            continue
        except (OSError, ValueError) as exc:
            inputs.append(_Input(argument, f"{type(exc).__name__}: {exc}"))
            continue
        kind = special_file(mode)
        if kind is not None:
            problem = f"not a regular file ({kind}): not read (- reads standard input)"
            inputs.append(_Input(argument, problem))
        elif not stat.S_ISDIR(mode):
            add(argument)
        else:
            found = walk(argument)
            skipped += found.skipped
            inputs.extend(_Input(argument, problem) for problem in found.problems)
            if not found.files and not found.problems:
                inputs.append(_Input(argument, "no report files in this folder"))
            for path in found.files:
                if output is not None and _same_file(path, output):
                    skipped.append((path, "the output file"))
                    continue
                why_not = _not_a_file(path)
                if why_not is None:
                    add(path)
                else:
                    inputs.append(_Input(path, why_not))
    return inputs, skipped


def _not_a_file(path: str) -> str | None:
    """Why a path found in a folder is not read: it is a FIFO, a socket or a device (or
    a link to nowhere); None for a regular file."""
    try:
        kind = special_file(os.stat(path).st_mode)
    except OSError as exc:
        return f"{type(exc).__name__}: {exc}"
    return None if kind is None else f"not a regular file ({kind}): skipped"


class _Batch:
    """The files of a batch, in input order, each with its summary row (findings
    included: the parser's, the checker's, a duplicate's, a failure's), a progress bar
    and a tally; a problem is an error line where it stands in the input."""

    def __init__(self, jobs: int, to_file: bool = False) -> None:
        self.to_file = to_file  # the output goes to a file (-o), not standard output
        self.inputs: list[_Input] = []
        self.skipped: list[tuple[str, str]] = []
        self.jobs = jobs
        self.counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
        self.with_errors = 0
        self._running: list[Iterator[ParseResult]] = []

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    def __iter__(self) -> Iterator[tuple[ParseResult, ReportSummary]]:
        files = [i.path for i in self.inputs if i.problem is None and i.path != "-"]
        many = len(self.inputs) >= _PROGRESS_FROM
        progress = _Progress(len(self.inputs), self.to_file) if many else None
        results = parse_many(files, jobs=self.jobs)
        self._running.append(results)
        duplicates = Duplicates()
        try:
            for item in self.inputs:
                result: ParseResult
                if item.problem is not None:
                    result = ParseFailure(item.path, item.problem)
                else:
                    result = _stdin() if item.path == "-" else next(results)
                if progress is not None:
                    progress.step()
                try:
                    summary = summary_of(result)
                except Exception as exc:  # a bug in a rule: this file, not the batch
                    result = ParseFailure(
                        result.path, f"checking it failed: {type(exc).__name__}: {exc}"
                    )
                    summary = summary_of(result)
                summary = duplicates.note(summary)
                self.counts[summary.status] += 1
                if result.error is not None:
                    _say(f"govinfo-report: {result.path}: {result.error}")
                elif summary.status == "ok" and summary.errors:
                    self.with_errors += 1
                yield result, summary
        finally:
            self.close()
            if progress is not None:
                progress.done()

    def close(self) -> None:
        """Stop the parsing (killing its worker processes) if it is not over."""
        while self._running:
            close = getattr(self._running.pop(), "close", None)
            if close is not None:
                close()

    def summary(self, ending: str = "") -> None:
        """The summary line; ``ending`` says what ended the run, if not its end.
        "parsed" counts the reports read (status ``ok``); files that are empty, a
        picture or no report, and the files skipped, are counted where there are any."""
        counts = self.counts
        extra = "".join(
            f", {n} {name}"
            for n, name in (
                (counts["empty"], "empty"),
                (counts["image-only"], "image-only"),
                (counts["not-a-report"], "not a report"),
                (len(self.skipped), "skipped"),
            )
            if n
        )
        _say(
            f"govinfo-report: {counts['ok']} parsed, {self.with_errors} with errors, "
            f"{counts['failed']} failed{extra}" + (f" ({ending})" if ending else "")
        )


def _stdin() -> ParseResult:
    if sys.stdin is None:
        return ParseFailure("-", "no standard input")
    stdin = sys.stdin
    # A file object: read at most the limit's bytes and one more, never without end.
    return result_of("-", lambda: parse_bytes(stdin.buffer))


class _Progress:
    """A one-line progress bar on standard error, drawn only when standard error is a
    terminal and the output is not (else the bar would cut into it): standard output
    is not a terminal, or the output goes to a file."""

    active: _Progress | None = None  # the bar on screen, which an error line clears

    def __init__(self, total: int, to_file: bool = False) -> None:
        self.total = total
        self.count = 0
        self.shown = sys.stderr.isatty() and (to_file or not sys.stdout.isatty())
        if self.shown:
            _Progress.active = self

    def step(self) -> None:
        self.count += 1
        if self.shown:
            width = 30
            filled = width * self.count // self.total
            bar = f"[{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total}"
            _to_stderr(f"\r{bar}")

    def done(self) -> None:
        if self.shown and _Progress.active is self:
            _to_stderr("\n")
            _Progress.active = None


def _say(message: str) -> None:
    if _Progress.active is not None:
        message = "\r\x1b[K" + message  # the line replaces the bar, redrawn next step
    _to_stderr(message + "\n")


def _to_stderr(text: str) -> None:
    """Standard error written, or not: an error line that cannot be written is not a
    reason to stop (nor is there anywhere left to say so)."""
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # closed, or no standard error at all
        pass


# ---------------------------------------------------------------- the commands
# Each returns whether a report it read has an error-severity finding.


def _has_errors(summary: ReportSummary) -> bool:
    """An error-severity finding in a file that was read (a failure is counted apart)."""
    return summary.status != "failed" and summary.errors > 0


def _parse(batch: _Batch, args: argparse.Namespace, out: _Output) -> bool:
    found_errors = False
    for result, summary in batch:
        found_errors |= _has_errors(summary)
        if args.format == "json":  # one file: its report, or null (its error on stderr)
            report = result.report
            out.write("null\n" if report is None else report.to_json(indent=2) + "\n")
            continue
        record = {
            "source": result.path,
            "error": result.error,
            "report": None if result.report is None else result.report.to_dict(),
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return found_errors


CELL_COLUMNS = (*CELL_FIELDS, "error")


def _tabulate(
    batch: _Batch,
    args: argparse.Namespace,
    out: _Output,
    columns: Sequence[str],
    rows: Callable[[ParseResult, ReportSummary], Iterable[dict[str, Any]]],
) -> bool:
    """Write each file's rows (``rows`` of its result and summary) as one table in the
    format asked for (an Excel workbook is the same for every command)."""
    if args.format == "xlsx":
        return _write_workbook(batch, args, out)
    table = _table(out, args.format, columns)
    found_errors = False
    for result, summary in batch:
        found_errors |= _has_errors(summary)
        for row in rows(result, summary):
            table.write(row)
    table.close()
    return found_errors


def _cells(batch: _Batch, args: argparse.Namespace, out: _Output) -> bool:
    def rows(result: ParseResult, _: ReportSummary) -> Iterable[dict[str, Any]]:
        if result.report is None:
            return [{"source": result.path, "error": result.error}]
        return ({**row, "error": None} for row in iter_cells(result.report, result.path))

    return _tabulate(batch, args, out, CELL_COLUMNS, rows)


FINDING_FIELDS = (
    "source",
    "agency",
    "year",
    "severity",
    "code",
    "addresses",
    "line",
    "char_offset",
    "message",
)


def _findings(summary: ReportSummary, least: int) -> list[dict[str, Any]]:
    """The findings of a file at ``least`` severity or more, as rows."""
    return [
        {
            "source": summary.source,
            "agency": summary.agency,
            "year": summary.year,
            "severity": d.severity.value,
            "code": d.code,
            "addresses": list(d.addresses),
            "line": None if d.location is None else d.location.line,
            "char_offset": None if d.location is None else d.location.offset,
            "message": d.message,
        }
        for d in summary.findings
        if _SEVERITIES[d.severity.value] >= least
    ]


def _check(batch: _Batch, args: argparse.Namespace, out: _Output) -> bool:
    if args.format == "xlsx":
        return _write_workbook(batch, args, out)
    least = _SEVERITIES[args.severity]
    failing_only = _failing_only(args)
    table = None if args.format == "text" else _table(out, args.format, FINDING_FIELDS)
    per_file = args.format in ("json", "jsonl")
    found_errors = False
    for _, summary in batch:
        found_errors |= _has_errors(summary)
        if failing_only and not summary.errors:
            continue
        rows = _findings(summary, least)
        if table is None:
            out.write(f"{summary.source}: {_describe(summary)}\n")
            out.writelines(
                _finding_line(d) for d in summary.findings if _SEVERITIES[d.severity.value] >= least
            )
            if not rows:
                out.write("  no findings\n")
        elif per_file:
            table.write(
                {
                    "source": summary.source,
                    "agency": summary.agency,
                    "year": summary.year,
                    "status": summary.status,
                    "findings": [
                        {k: v for k, v in row.items() if k not in ("source", "agency", "year")}
                        for row in rows
                    ],
                }
            )
        else:
            for row in rows_of(rows):
                table.write(row)
    if table is not None:
        table.close()
    return found_errors


def _failing_only(args: argparse.Namespace) -> bool:
    """Whether ``check`` shows only the files with an error: asked for, or all there is
    to show at severity error."""
    return args.command == "check" and bool(args.only_failing or args.severity == "error")


def _finding_line(d: Diagnostic) -> str:
    """A finding as the text output shows it: severity, code, line, message."""
    where = f" (line {d.location.line})" if d.location is not None else ""
    return f"  {d.severity.value:<7} {d.code}{where}: {d.message}\n"


def _describe(summary: ReportSummary) -> str:
    if summary.status == "failed":
        return "could not be read"
    edition = f"{summary.edition} edition" if summary.edition is not None else "edition unknown"
    text = f"{summary.agency or '(organ unknown)'} {summary.year or '(year unknown)'}, {edition}"
    return text if summary.status == "ok" else f"{text} ({summary.status})"


def _wide(batch: _Batch, args: argparse.Namespace, out: _Output) -> bool:
    columns = _wide_columns(args.table)
    return _tabulate(
        batch, args, out, columns, lambda result, summary: [_wide_row(result, summary, columns)]
    )


_WIDE_HEAD = ("source", "agency", "year", "edition", "status", "error")


def _wide_columns(table: int) -> tuple[str, ...]:
    return (*_WIDE_HEAD, *_table_addresses(table))


def _wide_row(
    result: ParseResult, summary: ReportSummary, columns: Sequence[str]
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source": result.path,
        "agency": summary.agency,
        "year": summary.year,
        "edition": summary.edition,
        "status": summary.status,
        "error": result.error,
    }
    if result.report is not None:
        cells = result.report.cells()
        row.update((a, cells.get(a)) for a in columns[len(_WIDE_HEAD) :])
    return row


def _summary(batch: _Batch, args: argparse.Namespace, out: _Output) -> bool:
    return _tabulate(batch, args, out, SUMMARY_FIELDS, lambda _, summary: [summary.to_dict()])


def _review(batch: _Batch, args: argparse.Namespace, out: _Output) -> bool:
    """The review page of every file (``review_html``), written once all are parsed."""
    from .review import review_html

    out.write(review_html([result for result, _ in batch]))
    return False


def _table_addresses(table: int) -> list[str]:
    """A table's addresses in template order: the 2021 edition's, then those only the
    2019 edition has (a batch may mix editions; a cell a report lacks is empty)."""
    if table == 4:
        return [c.address for c in layout(Table4).cells]
    classes = TABLE2_CLASSES if table == 2 else TABLE3_CLASSES
    addresses = [c.address for c in layout(classes[Edition.E2021]).cells]
    seen = set(addresses)
    addresses += [c.address for c in layout(classes[Edition.E2019]).cells if c.address not in seen]
    return addresses


# ---------------------------------------------------------------- demo

DEMO_FILE = "demo_report.txt"


def demo_text() -> str:
    """The example report shipped with the package."""
    return resources.files("govinfo_report").joinpath(DEMO_FILE).read_text(encoding="utf-8")


def _demo(out: _Output) -> int:
    from .._parse import parse

    report = parse(demo_text())
    cells = report.cells()
    out.write(f"{report.title}\n{_describe(summary_of(ParseSuccess('demo', report)))}\n\n")
    out.write("Some cells (address = value, raw text, line):\n")
    records = report.cell_records()
    for address in (
        "t3.new_received.total",
        "t3.granted.total",
        "t3.total.total",
        "t4.review.total",
    ):
        cell = records[address]
        out.write(f"  {address} = {cells[address]}  ({cell.raw!r}, line {cell.line})\n")
    findings = [d for d in (*report.diagnostics, *check(report)) if d.severity != Severity.INFO]
    out.write(f"\nFindings ({len(findings)}):\n")
    out.writelines(_finding_line(d) for d in findings)
    out.write(
        "\nTry it on your own files:  govinfo-report check REPORT.html\n"
        "                           govinfo-report cells FOLDER > cells.csv\n"
    )
    return 0
