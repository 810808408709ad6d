"""The command line: ``govinfo-report`` (and ``python -m govinfo_report``).

``build_parser`` says what the commands and options are; ``main`` runs them.  Every
command reads any number of PATHs (files, directories searched recursively for report
files, or ``-`` for standard input), parses them in order (``--jobs`` worker
processes), writes its output to standard output and, to standard error, an error line
per file that could not be read and a summary at the end.

Exit status: 0 when every file was read (and, for ``check``, no finding is an error);
1 when ``check`` found an error; 2 for a usage error, a file that could not be read or
output that could not be written; 130 when interrupted; 141 on a closed pipe.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from typing import IO, Any, NamedTuple

from . import __version__
from ._batch import CELL_FIELDS, ParseResult, iter_cells, parse_many, result_of
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
    try:
        status = _run(build_parser().parse_args(argv))
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # The reader went away (``… | head``): stop quietly, as command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports a command killed by it
    except KeyboardInterrupt:
        _say("govinfo-report: interrupted")
        return 130
    except OSError as exc:  # the output could not be written (a full disk)
        _say(f"govinfo-report: {exc}")
        return 2


def _run(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.command == "demo":
        return _demo(out)
    batch = _Batch(_expand(args.paths), args.jobs)
    if getattr(args, "bom", False):
        out.write("\ufeff")
    status = {"parse": _parse, "cells": _cells, "check": _check, "wide": _wide}[args.command](
        batch, args, out
    )
    batch.summary()
    return max(status, 2 if batch.failed else 0)


# ---------------------------------------------------------------- reading the inputs


class _Input(NamedTuple):
    path: str  # a file, "-", or for a problem the name given
    problem: str | None = None  # why there is nothing to read there


def _expand(arguments: Sequence[str]) -> list[_Input]:
    """The files named, in order: directories searched (sorted; unreadable folders and
    folders with no report file are problems), anything else that exists taken as a
    file (a pipe too), the same file named twice read once."""
    inputs: list[_Input] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = path if path == "-" else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            inputs.append(_Input(path))

    for argument in arguments:
        if argument != "-" and os.path.isdir(argument):
            problems: list[str] = []
            found = []
            for folder, _, files in os.walk(argument, onerror=_collect(problems)):
                found += [os.path.join(folder, f) for f in files if f.lower().endswith(SUFFIXES)]
            inputs.extend(_Input(argument, problem) for problem in problems)
            if not found and not problems:
                inputs.append(_Input(argument, "no report files in this folder"))
            for path in sorted(found):
                add(path)
        elif argument == "-" or os.path.exists(argument):
            add(argument)
        else:
            inputs.append(_Input(argument, "no such file or directory"))
    return inputs


def _collect(problems: list[str]) -> Callable[[OSError], None]:
    """An ``os.walk`` error handler that keeps the errors (unreadable folders)."""
    return lambda error: problems.append(str(error))


class _Batch:
    """The reports of a batch, in input order, with their findings, a progress bar and
    a tally; a problem is an error line where it stands in the input."""

    def __init__(self, inputs: list[_Input], jobs: int) -> None:
        self.inputs = inputs
        self.jobs = jobs
        self.parsed = 0
        self.with_errors = 0
        self.failed = 0

    def __iter__(self) -> Iterator[tuple[ParseResult, tuple[Diagnostic, ...]]]:
        files = [i.path for i in self.inputs if i.problem is None and i.path != "-"]
        progress = _Progress(len(self.inputs)) if len(self.inputs) >= _PROGRESS_FROM else None
        results = parse_many(files, jobs=self.jobs)
        for item in self.inputs:
            if item.problem is not None:
                result = ParseResult(item.path, error=item.problem)
            else:
                result = _stdin() if item.path == "-" else next(results)
            if progress is not None:
                progress.step()
            if result.report is None:
                self.failed += 1
                _say(f"govinfo-report: {result.path}: {result.error}")
                continue
            self.parsed += 1
            findings = check(result.report)
            if any(d.severity == Severity.ERROR for d in (*result.report.diagnostics, *findings)):
                self.with_errors += 1
            yield result, findings
        if progress is not None:
            progress.done()

    def summary(self) -> None:
        _say(
            f"govinfo-report: {self.parsed} parsed, {self.with_errors} with errors, "
            f"{self.failed} failed"
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
            sys.stderr.write(f"\r{bar}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            _Progress.active = None


def _say(message: str) -> None:
    if _Progress.active is not None:
        sys.stderr.write("\r\x1b[K")  # the error line replaces the bar, redrawn next step
    print(message, file=sys.stderr)


# ---------------------------------------------------------------- the commands


def _parse(batch: _Batch, args: argparse.Namespace, out: IO[str]) -> int:
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


def _cells(batch: _Batch, args: argparse.Namespace, out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CELL_FIELDS, lineterminator="\n")
    writer.writeheader()
    for result, _ in batch:
        assert result.report is not None
        writer.writerows(iter_cells(result.report, source=result.path))
    return 0


_FINDING_FIELDS = ("source", "severity", "code", "addresses", "line", "offset", "message")


def _check(batch: _Batch, args: argparse.Namespace, out: IO[str]) -> int:
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


def _wide(batch: _Batch, args: argparse.Namespace, out: IO[str]) -> int:
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


def _demo(out: IO[str]) -> int:
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
