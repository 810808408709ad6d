"""The command line: ``govinfo-report`` (and ``python -m govinfo_report``).

``build_parser`` says what the commands and options are; ``main`` runs them.  Every
command reads any number of PATHs (files, directories searched recursively for report
files, or ``-`` for standard input), parses them in order (``--jobs`` worker
processes), writes its output to standard output and, to standard error, an error line
per file that could not be read and a summary at the end.

Exit status: 0 when every file was read (and, for ``check``, no finding is an error);
1 when ``check`` found an error; 2 for a usage error or a file that could not be read.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import IO, Any

from . import __version__
from ._batch import CELL_FIELDS, ParseResult, iter_cells, parse_many
from ._check import check
from ._model import Diagnostic, Edition, Severity
from ._parse import parse_bytes
from ._report import Report
from ._tables import TABLE2_CLASSES, TABLE3_CLASSES, Table4, layout

# The files a directory is searched for.
SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
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

    command("parse", "reports as JSON (one file) or JSON Lines (several)")
    command("cells", "every cell as a long CSV: one row per report and address")
    check_command = command("check", "findings: broken 勾稽关系 and what the parser noticed")
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
    # JSON and CSV are written in UTF-8 whatever the locale (a C locale would say ASCII).
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() != "utf-8":
            stream.reconfigure(encoding="utf-8")
    try:
        return _run(build_parser().parse_args(argv))
    except BrokenPipeError:
        # The reader went away (``… | head``): stop quietly, as command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _run(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.command == "demo":
        return _demo(out)
    paths, missing = _expand(args.paths)
    batch = _Batch(paths, missing, args.jobs)
    status = {"parse": _parse, "cells": _cells, "check": _check, "wide": _wide}[args.command](
        batch, args, out
    )
    batch.summary()
    return max(status, 2 if batch.failed else 0)


# ---------------------------------------------------------------- reading the inputs


def _expand(arguments: Sequence[str]) -> tuple[list[str], list[str]]:
    """The files named (directories searched, in sorted order) and the names that are
    neither a file nor a directory."""
    paths: list[str] = []
    missing: list[str] = []
    for argument in arguments:
        if argument == "-":
            paths.append("-")
        elif os.path.isdir(argument):
            found = [str(p) for p in Path(argument).rglob("*") if p.suffix.lower() in SUFFIXES]
            paths.extend(sorted(p for p in found if os.path.isfile(p)))
        elif os.path.isfile(argument):
            paths.append(argument)
        else:
            missing.append(argument)
    return paths, missing


class _Batch:
    """The results of a batch, in input order, with a progress bar and a tally."""

    def __init__(self, paths: list[str], missing: list[str], jobs: int) -> None:
        self.paths = paths
        self.missing = missing
        self.jobs = jobs
        self.parsed = 0
        self.with_errors = 0
        self.failed = 0

    def __iter__(self) -> Iterator[ParseResult]:
        for name in self.missing:
            self.failed += 1
            _say(f"govinfo-report: {name}: no such file or directory")
        files = [p for p in self.paths if p != "-"]
        stdin = "-" in self.paths
        progress = _Progress(len(self.paths)) if len(self.paths) >= _PROGRESS_FROM else None
        results = parse_many(files, jobs=self.jobs)
        for path in self.paths:
            result = _stdin() if path == "-" and stdin else next(results)
            if progress is not None:
                progress.step()
            if result.report is None:
                self.failed += 1
                _say(f"govinfo-report: {result.path}: {result.error}")
                continue
            self.parsed += 1
            yield result
        if progress is not None:
            progress.done()

    def count_errors(self, report: Report, findings: Sequence[Diagnostic]) -> None:
        if any(d.severity == Severity.ERROR for d in (*report.diagnostics, *findings)):
            self.with_errors += 1

    def summary(self) -> None:
        _say(
            f"govinfo-report: {self.parsed} parsed, {self.with_errors} with errors, "
            f"{self.failed} failed"
        )


def _stdin() -> ParseResult:
    data = sys.stdin.buffer.read()
    try:
        return ParseResult("-", parse_bytes(data))
    except ValueError as exc:  # ReadError
        return ParseResult("-", error=f"{type(exc).__name__}: {exc}")


class _Progress:
    """A one-line progress bar on standard error, only when it is a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0
        self.shown = sys.stderr.isatty()

    def step(self) -> None:
        self.count += 1
        if self.shown:
            width = 30
            filled = width * self.count // self.total
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total}"
            )
            sys.stderr.flush()

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


# ---------------------------------------------------------------- the commands


def _parse(batch: _Batch, args: argparse.Namespace, out: IO[str]) -> int:
    single = len(batch.paths) + len(batch.missing) == 1
    for result in batch:
        assert result.report is not None
        batch.count_errors(result.report, ())
        if single:
            out.write(result.report.to_json(indent=2) + "\n")
        else:
            record = {"source": result.path, **result.report.to_dict()}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def _cells(batch: _Batch, args: argparse.Namespace, out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CELL_FIELDS, lineterminator="\n")
    writer.writeheader()
    for result in batch:
        assert result.report is not None
        batch.count_errors(result.report, ())
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
    for result in batch:
        report = result.report
        assert report is not None
        checked = check(report)
        batch.count_errors(report, checked)
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
            for d in findings:
                where = f" (line {d.location.line})" if d.location is not None else ""
                out.write(f"  {d.severity.value:<7} {d.code}{where}: {d.message}\n")
            if not findings:
                out.write("  no findings\n")
    return status


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
    for result in batch:
        report = result.report
        assert report is not None
        batch.count_errors(report, ())
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
    for d in findings:
        where = f" (line {d.location.line})" if d.location is not None else ""
        out.write(f"  {d.severity.value:<7} {d.code}{where}: {d.message}\n")
    out.write(
        "\nTry it on your own files:  govinfo-report check REPORT.html\n"
        "                           govinfo-report cells FOLDER > cells.csv\n"
    )
    return 0
