"""The five seed reports parse to exactly their hand-checked expected values."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as gr
from govinfo_report import CellKind

SEEDS = (
    "000_ce98055e39c22a17",
    "001_1762ab0cc7bc4c17",
    "002_070c6b3012456ceb",
    "003_ea21bc616a0657b5",
    "004_8dc319be4d1513fc",
)

# What each seed's notes (expected/*.json) say the parser must notice.
EXPECTED_CODES = {
    "000_ce98055e39c22a17": {"PARSE-TABLE-IMAGE": 3},
    "001_1762ab0cc7bc4c17": {},
    "002_070c6b3012456ceb": {},
    "003_ea21bc616a0657b5": {"PARSE-YEAR-CONFLICT": 1},
    "004_8dc319be4d1513fc": {
        "PARSE-PLACEHOLDER": 2,
        "PARSE-TABLE-IMAGE": 1,
        "PARSE-TABLE-MISSING": 1,
    },
}
# Codes that would mean a table was misread.
MISREAD = {
    "PARSE-ROW-MISSING",
    "PARSE-ROW-WIDTH",
    "PARSE-ROW-UNMATCHED",
    "PARSE-ROW-BY-ORDER",
    "PARSE-CELL-UNREADABLE",
    "PARSE-EDITION-UNKNOWN",
    "PARSE-EDITION-CONFLICT",
    "PARSE-INTERNAL",
}


def load(corpus: Path, name: str) -> tuple[str, dict[str, Any]]:
    text = (corpus / "seeds" / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((corpus / "seeds" / "expected" / f"{name}.json").read_text("utf-8"))
    return text, expected


def test_every_seed_is_listed(corpus_dir: Path) -> None:
    assert sorted(p.stem for p in (corpus_dir / "seeds").glob("*.txt")) == list(SEEDS)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_metadata(corpus_dir: Path, name: str) -> None:
    text, expected = load(corpus_dir, name)
    report = gr.parse(text)
    assert report.agency in expected["agency"]
    assert report.year == expected["year"]
    assert (report.edition.value if report.edition else None) in expected["edition"]
    present = {"table2": report.table2, "table3": report.table3, "table4": report.table4}
    assert {k: v is not None for k, v in present.items()} == expected["tables_present"]


@pytest.mark.parametrize("name", SEEDS)
def test_seed_cells(corpus_dir: Path, name: str) -> None:
    text, expected = load(corpus_dir, name)
    cells = gr.parse(text).cells()
    assert list(cells) == list(expected["cells"])  # every address, in template order
    for address, want in expected["cells"].items():
        got = cells[address]
        if want is None:
            assert got is None, address
        elif isinstance(want, str) or address.endswith(".amount"):
            assert isinstance(got, Decimal) and got == Decimal(str(want)), address
        else:
            assert type(got) is int and got == want, address


@pytest.mark.parametrize("name", SEEDS)
def test_seed_diagnostics(corpus_dir: Path, name: str) -> None:
    text, _ = load(corpus_dir, name)
    report = gr.parse(text)
    codes = [d.code for d in report.diagnostics]
    assert not MISREAD & set(codes), report.diagnostics
    for code, count in EXPECTED_CODES[name].items():
        assert codes.count(code) == count, (code, report.diagnostics)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_cells_point_back_to_their_text(corpus_dir: Path, name: str) -> None:
    text, _ = load(corpus_dir, name)
    lines = text.split("\n")
    traced = 0
    for address, cell in gr.parse(text).cell_records().items():
        if cell.kind is CellKind.MISSING:
            continue
        assert cell.line is not None and cell.offset is not None, address
        assert text[cell.offset : cell.offset + len(cell.raw)] == cell.raw, address
        assert text.count("\n", 0, cell.offset) + 1 == cell.line, address
        assert cell.raw in lines[cell.line - 1] or "\n" in cell.raw, address
        traced += 1
    assert traced or name == "000_ce98055e39c22a17"


def test_seed_002_title_split_over_two_lines(corpus_dir: Path) -> None:
    text, _ = load(corpus_dir, "002_070c6b3012456ceb")
    report = gr.parse(text)
    assert report.title == "孟姑集镇人民政府2020年政府信息公开工作年度报告"
    assert report.edition == gr.Edition.E2019
    assert report.cells()["t2.procurement.amount"] == Decimal("23246297.53")
    # The raw text keeps the ideographic spaces the source printed.
    assert report.cell_records()["t2.procurement.projects"].raw == "\u300020"


def test_seed_003_year_conflict_points_at_the_stray_title(corpus_dir: Path) -> None:
    text, _ = load(corpus_dir, "003_ea21bc616a0657b5")
    report = gr.parse(text)
    [conflict] = [d for d in report.diagnostics if d.code == "PARSE-YEAR-CONFLICT"]
    assert conflict.severity == "warning"
    assert conflict.location is not None
    assert "2022" in text.split("\n")[conflict.location.line - 1]


def test_seed_metadata_period_and_signature(corpus_dir: Path) -> None:
    text, _ = load(corpus_dir, "001_1762ab0cc7bc4c17")
    report = gr.parse(text)
    assert report.period is not None
    assert (report.period.start.isoformat(), report.period.end.isoformat()) == (
        "2023-01-01",
        "2023-12-31",
    )
    assert report.signature_date is not None
    assert report.signature_date.isoformat() == "2024-01-23"
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("name", SEEDS)
def test_seed_round_trips_through_json(corpus_dir: Path, name: str) -> None:
    text, _ = load(corpus_dir, name)
    report = gr.parse(text)
    assert gr.Report.from_json(report.to_json()) == report
    assert gr.Report.from_dict(json.loads(json.dumps(report.to_dict()))) == report
