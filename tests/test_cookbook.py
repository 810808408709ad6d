"""The recipes of docs/cookbook.md and docs/scale.md run as written.

Each page's code blocks run in order, as one session, in a temporary folder holding
``reports/``: generated reports of four organs (one table that does not balance, one
carry-over that does not match the year before, a gap in one organ's years, a 2019
edition, a web page) and one file that cannot be read.

- ```` ```python ```` blocks are executed in one namespace per page, as ``__main__`` (so
  the ``if __name__ == "__main__":`` parts run, and Dask ships the page's functions by
  value). A block whose first line is ``# not run in tests`` is skipped; one whose
  first line is ``# requires: a, b (…)`` runs only where modules a and b import.
- ```` ```console ```` blocks: every ``$ govinfo-report …`` line runs as
  ``python -m govinfo_report …`` (``> FILE`` redirects its output), unless the block is
  marked ``# not run in tests``.

Then the names the recipes define are checked against what the folder holds.
"""

from __future__ import annotations

import ast
import importlib
import random
import re
import shlex
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as gr
from govinfo_report._cli.batch import SUFFIXES
from govinfo_report._cli.results import CELL_FIELDS
from markup import render_html
from render import Value, addresses, consistent_values, render

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = ("cookbook.md", "scale.md")

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_SKIP = "# not run in tests"
_REQUIRES = re.compile(r"# requires: ([\w., ]+)")


@dataclass(frozen=True)
class Block:
    page: str
    language: str
    code: str
    line: int  # 1-based line of the block's first code line in the page

    @property
    def first_line(self) -> str:
        return self.code.split("\n", 1)[0].strip()

    @property
    def skipped(self) -> bool:
        return self.first_line.startswith(_SKIP)

    @property
    def requires(self) -> tuple[str, ...]:
        match = _REQUIRES.match(self.first_line)
        if match is None:
            return ()
        return tuple(name.strip() for name in match.group(1).split(",") if name.strip())


def blocks(page: str) -> list[Block]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [
        Block(page, m.group(1), m.group(2), text.count("\n", 0, m.start(2)) + 1)
        for m in _FENCE.finditer(text)
    ]


# ---------------------------------------------------------------- the folder of reports

APPLICANTS = tuple(
    a.split(".")[2]
    for a in addresses("2021")
    if a.startswith("t3.new_received.") and not a.endswith(".total")
)
BROKEN = "附件.docx"  # a zip archive that is not a DOCX: ReadError


@dataclass(frozen=True)
class Folder:
    files: dict[str, tuple[str, int]]  # file name -> (organ, year), for the readable ones
    cells: int  # how many cell records the readable files give
    unbalanced: str  # the file whose table 三 does not balance
    carry_broken: str  # the file whose 上年结转 is not last year's 结转下年度
    duplicate: str  # a second file of one organ and year (after its first)
    no_organ: str  # a report whose title names no organ
    others: dict[str, str]  # file name -> status, for the files that are no report


def write_mishaps(folder: Path, duplicate_of: Path) -> dict[str, str]:
    """What a real folder holds besides reports: files that are no report (name ->
    their status), and files the walk skips (a lock file, a hidden folder and file)."""
    (folder / "empty.html").write_bytes(b"")
    (folder / "表三截图.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    links = "<html><body><ul><li><a href='a.html'>2023年年报</a></li></ul></body></html>"
    (folder / "list.html").write_text(links, encoding="utf-8")
    (folder / "~$甲县人民政府2021.docx").write_bytes(b"lock")
    (folder / ".git").mkdir()
    (folder / ".git" / "notes.txt").write_text(duplicate_of.read_text(encoding="utf-8"))
    (folder / "._丙市教育局2023.html").write_bytes(b"\x00\x05\x16\x07")
    return {"empty.html": "empty", "表三截图.png": "image-only", "list.html": "not-a-report"}


def _set(values: dict[str, Value], row: str, column: str, value: int) -> None:
    """A cell of table 三, and its row's 总计."""
    values[f"t3.{row}.{column}"] = value
    values[f"t3.{row}.total"] = sum(int(values[f"t3.{row}.{a}"]) for a in APPLICANTS)


def _add_one(values: dict[str, Value], row: str) -> None:
    _set(values, row, "natural_person", int(values[f"t3.{row}.natural_person"]) + 1)


def _carried_from(values: dict[str, Value], before: dict[str, Value]) -> dict[str, Value]:
    """``values`` with each column's 上年结转 set to ``before``'s 结转下年度, balanced."""
    out = dict(values)
    for a in APPLICANTS:
        over = int(before[f"t3.carried_forward.{a}"])
        total, forward = int(out[f"t3.total.{a}"]), int(out[f"t3.carried_forward.{a}"])
        received = total + forward - over
        if received < 0:
            forward, received = forward - received, 0
        _set(out, "carried_over", a, over)
        _set(out, "carried_forward", a, forward)
        _set(out, "new_received", a, received)
    return out


def write_reports(folder: Path) -> Folder:
    """The reports the recipes read, and what they should find in them."""
    folder.mkdir()
    files: dict[str, tuple[str, int]] = {}
    cells = 0

    def write(name: str, agency: str, year: int, edition: str, text: str) -> None:
        nonlocal cells
        (folder / name).write_text(text, encoding="utf-8")
        files[name] = (agency, year)
        cells += len(addresses(edition))

    def series(agency: str, years: list[tuple[int, str, str]], seed: int) -> None:
        before: dict[str, Value] | None = None
        for year, layout, suffix in years:
            rng = random.Random(seed * 10_000 + year)
            values = consistent_values(rng, "2021")
            if before is not None:
                values = _carried_from(values, before)
            before = dict(values)
            if (agency, year) == ("甲县人民政府", 2023):  # X-CARRY, still balanced
                _add_one(values, "carried_over")
                _add_one(values, "carried_forward")
            if (agency, year) == ("乙县人民政府", 2023):  # T3-BALANCE
                _add_one(values, "new_received")
            text = render(values, "2021", layout, rng, year=year, agency=agency)
            write(f"{agency}{year}{suffix}", agency, year, "2021", text)

    jia = [(2021, "tsv", ".txt"), (2022, "pipes", ".md"), (2023, "tab_cells", ".txt")]
    series("甲县人民政府", jia, 1)
    series("乙县人民政府", [(2022, "pdf_text", ".txt"), (2023, "cell_lines", ".txt")], 2)
    series("丙市教育局", [(2021, "tsv", ".txt")], 3)
    rng = random.Random(4)
    page = render_html(consistent_values(rng, "2021"), "2021", rng, agency="丙市教育局", year=2023)
    write("丙市教育局2023.html", "丙市教育局", 2023, "2021", page)
    rng = random.Random(5)
    values = consistent_values(rng, "2019")
    text = render(values, "2019", "tab_cells_compact", rng, year=2020, agency="丁县卫生健康局")
    write("丁县卫生健康局2020.txt", "丁县卫生健康局", 2020, "2019", text)
    # The page of 丙市教育局 2023 again, as text (a second download): a duplicate.
    duplicate = "丙市教育局2023年报.txt"
    (folder / duplicate).write_text(page, encoding="utf-8")
    files[duplicate] = ("丙市教育局", 2023)
    cells += len(addresses("2021"))
    rng = random.Random(6)
    text = render(consistent_values(rng, "2021"), "2021", "tsv", rng, year=2022, agency="戊县")
    no_organ = "年报2022.txt"
    write(no_organ, "", 2022, "2021", text.replace("戊县", "", 1))
    with zipfile.ZipFile(folder / BROKEN, "w") as archive:
        archive.writestr("readme.txt", "not a report")
    others = write_mishaps(folder, folder / "丁县卫生健康局2020.txt")
    return Folder(
        files, cells, "乙县人民政府2023.txt", "甲县人民政府2023.txt", duplicate, no_organ, others
    )


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Folder:
    monkeypatch.chdir(tmp_path)
    return write_reports(tmp_path / "reports")


# ---------------------------------------------------------------- running the blocks


@dataclass(frozen=True)
class Command:
    argv: tuple[str, ...]
    output: str | None
    returncode: int
    stderr: str


@dataclass
class Session:
    namespace: dict[str, Any]
    commands: list[Command]
    skipped: list[Block]


def _importable(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def _run_console(block: Block, session: Session) -> None:
    for line in block.code.splitlines():
        if not line.startswith("$ "):
            continue
        words = shlex.split(line[2:])
        assert words[0] == "govinfo-report", f"{block.page}:{block.line}: {line}"
        output = None
        if ">" in words:
            at = words.index(">")
            words, output = words[:at], words[at + 1]
        done = subprocess.run(
            [sys.executable, "-m", "govinfo_report", *words[1:]],
            capture_output=True,
            check=False,
        )
        if output is not None:
            Path(output).write_bytes(done.stdout)
        stderr = done.stderr.decode("utf-8")
        assert "Traceback" not in stderr, stderr
        session.commands.append(Command(tuple(words), output, done.returncode, stderr))


def run_page(page: str) -> Session:
    session = Session({"__name__": "__main__"}, [], [])
    for block in blocks(page):
        if block.skipped or not all(_importable(m) for m in block.requires):
            session.skipped.append(block)
        elif block.language == "python":
            # Padded so that a traceback's line numbers are the page's.
            source = "\n" * (block.line - 1) + block.code
            exec(compile(source, str(DOCS / page), "exec"), session.namespace)
        elif block.language == "console":
            _run_console(block, session)
    return session


# ---------------------------------------------------------------- the tests


def test_every_block_is_python_or_console_and_markers_are_first() -> None:
    for page in PAGES:
        for block in blocks(page):
            assert block.language in ("python", "console"), (page, block.line)
            for line in block.code.splitlines()[1:]:
                assert not line.startswith((_SKIP, "# requires:")), (page, block.line)
            if block.language == "console":
                commands = [x for x in block.code.splitlines() if x.startswith("$ ")]
                assert commands, (page, block.line)


def test_the_pages_name_what_the_code_names() -> None:
    """The column lists and suffixes written out in the pages are the library's."""
    found: dict[str, Any] = {}
    for page in PAGES:
        for block in blocks(page):
            if block.language != "python":
                continue
            for node in ast.walk(ast.parse(block.code)):
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                    name = node.targets[0].id
                    if name in ("SUFFIXES", "CELL_DTYPES", "CELL_SCHEMA"):
                        found[f"{page}:{name}"] = ast.literal_eval(node.value)
    assert found["scale.md:SUFFIXES"] == set(SUFFIXES)
    assert tuple(found["scale.md:CELL_DTYPES"]) == CELL_FIELDS
    columns = re.split(r",(?![^()]*\))", found["scale.md:CELL_SCHEMA"])  # not DECIMAL(p, s)'s
    schema = [column.split()[0].strip("`") for column in columns]
    assert tuple(schema) == CELL_FIELDS


def test_cookbook_runs_as_written(folder: Folder) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("duckdb")
    session = run_page("cookbook.md")
    ns = session.namespace
    broken = str(Path("reports") / BROKEN)
    unbalanced = str(Path("reports") / folder.unbalanced)
    every_cell = folder.cells + len(addresses("2021")) * len(folder.others)

    # One row per file: every file the walk finds, each with its status; the lock
    # file, the hidden folder and the hidden file are skipped.
    summary = ns["summary"]
    statuses = dict(zip(summary["source"], summary["status"], strict=True))
    expected = {str(Path("reports") / name): "ok" for name in folder.files}
    expected |= {str(Path("reports") / name): status for name, status in folder.others.items()}
    expected[broken] = "failed"
    assert statuses == expected
    assert list(ns["failed"]["source"]) == [broken]
    assert ns["failed"]["error"].iloc[0].startswith("ReadError: a zip archive that is not")
    assert sorted(ns["not_reports"]["source"]) == sorted(
        str(Path("reports") / name) for name in folder.others
    )
    assert str(summary["year"].dtype) == "Int64" and str(summary["errors"].dtype) == "Int64"

    # One row per organ and year: the duplicate named, the report with no organ listed.
    duplicate = str(Path("reports") / folder.duplicate)
    assert list(ns["duplicates"]["source"]) == [duplicate]
    assert ns["duplicates"]["duplicate_of"].iloc[0] == str(Path("reports") / "丙市教育局2023.html")
    assert list(ns["no_organ"]["source"]) == [str(Path("reports") / folder.no_organ)]
    organ_years = {(a, y) for a, y in folder.files.values() if a}
    assert set(ns["by_organ"].index) == organ_years
    assert sorted(ns["received"].index) == sorted({a for a, _ in organ_years})

    # The reports that need attention.
    attention = set(ns["attention"]["source"])
    assert attention == {broken, unbalanced} | {
        str(Path("reports") / name) for name in folder.others
    }
    assert list(ns["unbalanced"].index) == [("乙县人民政府", 2023)]
    assert ns["to_review"][unbalanced] == ["T3-BALANCE"]
    assert ns["to_review"][broken] == ["READ-ERROR"]

    # The commands: the summary line counts each kind; the exit status says both an
    # error was found (1) and a file failed (4) for check, a file failed for the others.
    statuses_by_command = {c.argv[1]: c.returncode for c in session.commands}
    assert statuses_by_command == {"summary": 4, "check": 5, "cells": 4, "wide": 4}
    for command in session.commands:
        assert f"{broken}: ReadError" in command.stderr
        counts = f"{len(folder.files)} parsed, 1 with errors, 1 failed, 1 empty, 1 image-only"
        assert f"{counts}, 1 not a report, 3 skipped" in command.stderr
    raw = Path("cells.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # for Excel, written with -o
    header, *rows = raw.decode("utf-8-sig").splitlines()
    assert tuple(header.split(",")) == (*CELL_FIELDS, "error")
    assert len(rows) == every_cell + 1  # the failed file's one row
    unique = {(a, y) for a, y in folder.files.values()}
    years = sorted({y for _, y in unique})
    assert [year for year, *_ in ns["by_year"]] == years
    assert sum(reports for _, reports, *_ in ns["by_year"]) == len(folder.files) - 1
    assert len(ns["cells"]) == every_cell
    assert str(ns["cells"]["line"].dtype) == "Int64"
    assert ns["unreadable"]["source"].nunique() == len(folder.others)

    # Comparing years.
    assert set(ns["series"]) == {a for a, _ in folder.files.values() if a}
    carries = [(agency, d.message) for agency, d in ns["series_findings"] if d.code == "X-CARRY"]
    assert [agency for agency, _ in carries] == ["甲县人民政府"] * 2  # 自然人 and 总计
    assert all(message.startswith("2023 ") for _, message in carries)


# dask's Parquet writer, under pandas 3.1: not the recipe's doing.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index")
def test_scale_runs_as_written(folder: Folder) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("dask")
    session = run_page("scale.md")
    ns = session.namespace
    broken = str(Path("reports") / BROKEN)

    every_cell = folder.cells + len(addresses("2021")) * len(folder.others)
    assert len(ns["cells"]) == every_cell
    assert ns["failed"] == [(broken, ns["failed"][0][1])]
    assert ns["failed"][0][1].startswith("ReadError: ")
    if "cells_back" in ns:  # dask[dataframe] installed
        back = ns["cells_back"]
        assert len(back) == every_cell
        money = back[back["address"] == "t2.admin_fees.amount"].set_index("source")["value"]
        parsed = {s: gr.parse_file(s).cells()["t2.admin_fees.amount"] for s in money.index}
        assert money.dropna().to_dict() == {s: float(v) for s, v in parsed.items() if v is not None}
    if "spark_failed" in ns:  # pyspark installed
        assert [path.rsplit("/", 1)[1] for path, _ in ns["spark_failed"]] == [BROKEN]
    ran = {b.first_line for b in blocks("scale.md")} - {b.first_line for b in session.skipped}
    assert not any(line.startswith(_SKIP) for line in ran)
