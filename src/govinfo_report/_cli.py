"""The command line: ``govinfo-report`` (and ``python -m govinfo_report``).

``build_parser`` says what the commands and options are; ``main`` runs them.  Every
command reads any number of PATHs (files, directories searched recursively for report
files, or ``-`` for standard input), parses them in order (``--jobs`` worker
processes), writes its output to standard output and, to standard error, an error line
per file that could not be read and a summary at the end.

Exit status: 0 when every file was read (and, for ``check``, no finding is an error);
1 when ``check`` found an error; 2 for a usage error, a file that could not be read or
output that could not be written; 130 when interrupted; 141 on a closed pipe; 70 for
an internal error (a bug: the traceback is printed).  Once the files are being read,
the summary line is printed whatever ends the run.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import stat
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from typing import IO, Any, NamedTuple

from . import __version__
from ._batch import CELL_FIELDS, ParseResult, iter_cells, parse_many, result_of, special_file
from ._check import check
from ._model import Diagnostic, Edition, Severity
from ._parse import parse_bytes
from ._report import Report
from ._tables import TABLE2_CLASSES, TABLE3_CLASSES, Table4, layout

# The files a directory is searched for.
# (.doc and .wps are found so that they are said to be unreadable, not silently skipped.)
SUFFIXES = (
    *(".txt", ".md", ".html", ".htm", ".shtml", ".xhtml", ".jhtml", ".docx", ".pdf"),
    *(".doc", ".wps"),
)
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
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="report files, directories (searched recursively for "
            f"{' '.join(SUFFIXES)}), or - for standard input",
        )
        sub.add_argument(
            "-j", "--jobs", type=_positive, default=1, help="parse in N processes (default 1)"
        )
        return sub

    def bom(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--bom",
            action="store_true",
            help="start the CSV with a byte-order mark (Excel and WPS then read it as UTF-8)",
        )

    command("parse", "reports as JSON (one file) or JSON Lines (several)")
    bom(command("cells", "every cell as a long CSV: one row per report and address"))
    check_command = command("check", "findings: broken 勾稽关系 and what the parser noticed")
    bom(check_command)
    check_command.add_argument(
        "--format", choices=("text", "json", "csv"), default="text", help="default text"
    )
    check_command.add_argument(
        "--severity",
        choices=tuple(_SEVERITIES),
        default="warning",
        help="the least severity shown (default warning)",
    )
    wide = command("wide", "one CSV row per report, one column per address of a table")
    wide.add_argument("--table", type=int, choices=(2, 3, 4), required=True)
    bom(wide)
    commands.add_parser(
        "demo",
        help="parse and check an example report shipped with the package",
        description="Parse and check an example report shipped with the package (an "
        "invented organ, with one deliberate arithmetic error).",
    )
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    # JSON and CSV go out as UTF-8 whatever the locale (a C locale would say ASCII); a
    # file name that is not UTF-8 is written back as the bytes it was (surrogateescape),
    # and CSV line ends are not translated inside quoted cells.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", errors="surrogateescape", newline="")
    if isinstance(sys.stderr, io.TextIOWrapper):
        sys.stderr.reconfigure(encoding="utf-8", errors="backslashreplace")
    args = build_parser().parse_args(argv)
    batch = None if args.command == "demo" else _Batch(args.jobs)
    out = _Output(sys.stdout)
    ending = ""  # what ended the run, if not its end
    try:
        status = _run(args, batch, out)
        out.flush()
    except _OutputError as exc:
        _lose_output()
        if isinstance(exc.__cause__, BrokenPipeError):
            # The reader went away (``… | head``): no error line, as command-line tools
            # do; 128 + SIGPIPE, as a shell reports a command killed by it.
            status, ending = 141, "output closed"
        else:  # a full disk, /dev/full
            _say(f"govinfo-report: the output could not be written: {exc.__cause__}")
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


def _run(args: argparse.Namespace, batch: _Batch | None, out: _Output) -> int:
    if batch is None:
        return _demo(out)
    batch.inputs = _expand(args.paths)
    if getattr(args, "bom", False):
        out.write("\ufeff")
    command = {"parse": _parse, "cells": _cells, "check": _check, "wide": _wide}[args.command]
    status = command(batch, args, out)
    return max(status, 2 if batch.failed else 0)


class _OutputError(Exception):
    """Standard output could not be written (the ``OSError`` is the cause)."""


class _Output:
    """Standard output, as the commands write it: an ``OSError`` writing it is an
    ``_OutputError``, so that it is not taken for any other."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except OSError as exc:
            raise _OutputError(exc) from exc

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            raise _OutputError(exc) from exc


def _lose_output() -> None:
    """Standard output goes to the null device from now on, so that what is still in its
    buffer does not fail again when Python flushes it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no file descriptor to replace
        pass


# ---------------------------------------------------------------- reading the inputs


class _Input(NamedTuple):
    path: str  # a file, "-", or for a problem the name given
    problem: str | None = None  # why there is nothing to read there


def _expand(arguments: Sequence[str]) -> list[_Input]:
    """The files named, in order: directories searched (sorted; unreadable folders and
    folders with no report file are problems), a regular file named taken as it is, a
    FIFO, socket or device named or found refused without being opened (a problem;
    ``-`` reads standard input), the same file named twice read once."""
    inputs: list[_Input] = []
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
            problems: list[str] = []
            found: list[_Input] = []
            for folder, _, files in os.walk(argument, onerror=_collect(problems)):
                for name in files:
                    if name.lower().endswith(SUFFIXES):
                        path = os.path.join(folder, name)
                        found.append(_Input(path, _not_a_file(path)))
            inputs.extend(_Input(argument, problem) for problem in problems)
            if not found and not problems:
                inputs.append(_Input(argument, "no report files in this folder"))
            for item in sorted(found):
                if item.problem is None:
                    add(item.path)
                else:
                    inputs.append(item)
    return inputs


def _not_a_file(path: str) -> str | None:
    """Why a path found in a folder is not read: it is a FIFO, a socket or a device (or
    a link to nowhere); None for a regular file."""
    try:
        kind = special_file(os.stat(path).st_mode)
    except OSError as exc:
        return f"{type(exc).__name__}: {exc}"
    return None if kind is None else f"not a regular file ({kind}): skipped"


def _collect(problems: list[str]) -> Callable[[OSError], None]:
    """An ``os.walk`` error handler that keeps the errors (unreadable folders)."""
    return lambda error: problems.append(str(error))


class _Batch:
    """The reports of a batch, in input order, with their findings, a progress bar and
    a tally; a problem is an error line where it stands in the input."""

    def __init__(self, jobs: int) -> None:
        self.inputs: list[_Input] = []
        self.jobs = jobs
        self.parsed = 0
        self.with_errors = 0
        self.failed = 0
        self._running: list[Iterator[ParseResult]] = []

    def __iter__(self) -> Iterator[tuple[ParseResult, tuple[Diagnostic, ...]]]:
        files = [i.path for i in self.inputs if i.problem is None and i.path != "-"]
        progress = _Progress(len(self.inputs)) if len(self.inputs) >= _PROGRESS_FROM else None
        results = parse_many(files, jobs=self.jobs)
        self._running.append(results)
        try:
            for item in self.inputs:
                if item.problem is not None:
                    result = ParseResult(item.path, error=item.problem)
                else:
                    result = _stdin() if item.path == "-" else next(results)
                if progress is not None:
                    progress.step()
                findings: tuple[Diagnostic, ...] = ()
                if result.report is not None:
                    try:
                        findings = check(result.report)
                    except Exception as exc:  # a bug in a rule: this file, not the batch
                        error = f"checking it failed: {type(exc).__name__}: {exc}"
                        result = ParseResult(result.path, error=error)
                if result.report is None:
                    self.failed += 1
                    _say(f"govinfo-report: {result.path}: {result.error}")
                    continue
                self.parsed += 1
                diagnostics = (*result.report.diagnostics, *findings)
                if any(d.severity == Severity.ERROR for d in diagnostics):
                    self.with_errors += 1
                yield result, findings
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
        """The summary line; ``ending`` says what ended the run, if not its end."""
        _say(
            f"govinfo-report: {self.parsed} parsed, {self.with_errors} with errors, "
            f"{self.failed} failed" + (f" ({ending})" if ending else "")
        )


def _stdin() -> ParseResult:
    if sys.stdin is None:
        return ParseResult("-", error="no standard input")
    stdin = sys.stdin
    return result_of("-", lambda: parse_bytes(stdin.buffer.read()))


class _Progress:
    """A one-line progress bar on standard error, drawn only when standard error is a
    terminal and standard output is not (else the bar would cut into the output)."""

    active: _Progress | None = None  # the bar on screen, which an error line clears

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0
        self.shown = sys.stderr.isatty() and not sys.stdout.isatty()
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


def _parse(batch: _Batch, args: argparse.Namespace, out: _Output) -> int:
    # One object for one file named as such; JSON Lines for anything else (a folder
    # too, whatever it holds), so a script reading a folder's output never changes.
    single = len(args.paths) == 1 and (args.paths[0] == "-" or os.path.isfile(args.paths[0]))
    for result, _ in batch:
        assert result.report is not None
        if single:
            out.write(result.report.to_json(indent=2) + "\n")
        else:
            record = {"source": result.path, "report": result.report.to_dict()}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def _cells(batch: _Batch, args: argparse.Namespace, out: _Output) -> int:
    writer = csv.DictWriter(out, fieldnames=CELL_FIELDS, lineterminator="\n")
    writer.writeheader()
    for result, _ in batch:
        assert result.report is not None
        writer.writerows(iter_cells(result.report, source=result.path))
    return 0


_FINDING_FIELDS = ("source", "severity", "code", "addresses", "line", "offset", "message")


def _check(batch: _Batch, args: argparse.Namespace, out: _Output) -> int:
    least = _SEVERITIES[args.severity]
    status = 0
    writer = None
    if args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=_FINDING_FIELDS, lineterminator="\n")
        writer.writeheader()
    for result, checked in batch:
        report = result.report
        assert report is not None
        findings = [
            d for d in (*report.diagnostics, *checked) if _SEVERITIES[d.severity.value] >= least
        ]
        if any(d.severity == Severity.ERROR for d in (*report.diagnostics, *checked)):
            status = 1
        rows = [_finding(result.path, d) for d in findings]
        if writer is not None:
            writer.writerows({**row, "addresses": " ".join(row["addresses"])} for row in rows)
        elif args.format == "json":
            out.write(json.dumps({"source": result.path, "findings": rows}, ensure_ascii=False))
            out.write("\n")
        else:
            out.write(f"{result.path}: {_describe(report)}\n")
            out.writelines(_finding_line(d) for d in findings)
            if not findings:
                out.write("  no findings\n")
    return status


def _finding_line(d: Diagnostic) -> str:
    """A finding as the text output shows it: severity, code, line, message."""
    where = f" (line {d.location.line})" if d.location is not None else ""
    return f"  {d.severity.value:<7} {d.code}{where}: {d.message}\n"


def _finding(source: str, d: Diagnostic) -> dict[str, Any]:
    return {
        "source": source,
        "severity": d.severity.value,
        "code": d.code,
        "addresses": list(d.addresses),
        "line": None if d.location is None else d.location.line,
        "offset": None if d.location is None else d.location.offset,
        "message": d.message,
    }


def _describe(report: Report) -> str:
    edition = f"{report.edition} edition" if report.edition is not None else "edition unknown"
    return f"{report.agency or '(organ unknown)'} {report.year or '(year unknown)'}, {edition}"


def _wide(batch: _Batch, args: argparse.Namespace, out: _Output) -> int:
    addresses = _table_addresses(args.table)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "agency", "year", "edition", *addresses])
    for result, _ in batch:
        report = result.report
        assert report is not None
        cells = report.cells()
        writer.writerow(
            [
                result.path,
                report.agency,
                report.year,
                report.edition,
                *(cells.get(a) for a in addresses),
            ]
        )
    return 0


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
    from ._parse import parse

    report = parse(demo_text())
    cells = report.cells()
    out.write(f"{report.title}\n{_describe(report)}\n\n")
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
