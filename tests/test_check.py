"""The consistency checker: every relation of FORMAT.md, cell-exact, no false alarms."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govinfo_report as gr
from govinfo_report._check import rules as _check
from govinfo_report._core.model import Cell, CellKind, Edition, Value
from govinfo_report._format.records import TABLE2_CLASSES, TABLE3_CLASSES, Table4, build, layout
from strategies import editions, table_values

ERROR = gr.Severity.ERROR


def report_of(
    values: Mapping[str, Value | None],
    edition: str,
    *,
    year: int = 2023,
    agency: str = "示例县人民政府",
) -> gr.Report:
    """A report holding exactly these cell values (not parsed: the checker's input)."""
    ed = Edition(edition)
    tables: list[Any] = []
    for cls in (TABLE2_CLASSES[ed], TABLE3_CLASSES[ed], Table4):
        rows = {
            row.address: [
                Cell(values.get(c.address), str(values.get(c.address)), CellKind.NUMBER)
                for c in row.columns
            ]
            for row in layout(cls).rows
        }
        tables.append(build(cls, rows))
    t2, t3, t4 = tables
    return gr.Report(agency=agency, year=year, edition=ed, table2=t2, table3=t3, table4=t4)


def errors(findings: tuple[gr.Diagnostic, ...]) -> list[gr.Diagnostic]:
    return [d for d in findings if d.severity == ERROR]


@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_consistent_reports_have_no_error(data: st.DataObject) -> None:
    edition = data.draw(editions())
    report = report_of(data.draw(table_values(edition)), edition)
    assert errors(gr.check(report)) == []


@given(data=st.data())
@settings(max_examples=150, deadline=None)
def test_changing_any_cell_of_table3_or_4_is_an_error_naming_it(data: st.DataObject) -> None:
    edition = data.draw(editions())
    values = dict(data.draw(table_values(edition)))
    address = data.draw(st.sampled_from([a for a in values if a[:2] in ("t3", "t4")]))
    delta = data.draw(st.integers(-1000, 1000).filter(bool))
    values[address] = int(values[address]) + delta
    found = errors(gr.check(report_of(values, edition)))
    assert any(address in d.addresses for d in found), (address, delta, found)


@given(data=st.data())
@settings(max_examples=40, deadline=None)
def test_findings_do_not_depend_on_rule_order(data: st.DataObject) -> None:
    edition = data.draw(editions())
    values: dict[str, Value | None] = dict(data.draw(table_values(edition)))
    for address in data.draw(st.lists(st.sampled_from(sorted(values)), max_size=4)):
        values[address] = data.draw(st.one_of(st.none(), st.integers(-5, 50)))
    report = report_of(values, edition)
    first = gr.check(report)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(_check, "RULES", dict(reversed(list(_check.RULES.items()))))
        assert gr.check(report) == first
    assert gr.check(report) == first
    assert gr.check(gr.Report.from_dict(report.to_dict())) == first


def test_finding_names_cells_values_and_labels() -> None:
    values: dict[str, Value | None] = dict.fromkeys(gr.parse("").cells(), 0)
    values |= {"t3.granted.natural_person": 7, "t3.granted.total": 7, "t3.total.total": 21}
    values |= {"t3.total.natural_person": 21, "t3.new_received.natural_person": 21}
    values |= {"t3.new_received.total": 21}
    findings = gr.check(report_of(values, "2021"))
    results = [d for d in findings if d.code == "T3-RESULTS"]
    assert any(
        d.message == "三 （七）总计 自然人: 21 ≠ 7 = （一）予以公开 7 (others 0)" for d in results
    ), results
    assert all(d.severity == ERROR and d.addresses[0].startswith("t3.total.") for d in results)


def test_a_none_cell_skips_its_relations_and_says_so_once() -> None:
    values: dict[str, Value | None] = dict.fromkeys(gr.parse("").cells(), 0)
    values["t3.granted.commercial"] = None
    findings = gr.check(report_of(values, "2021"))
    assert errors(findings) == []
    skipped = [d for d in findings if d.code == "CHECK-SKIPPED"]
    assert {d.message.split(":")[0] for d in skipped} == {"T3-RESULTS", "T3-ROWSUM"}
    assert all(d.addresses == ("t3.granted.commercial",) for d in skipped)
    assert all(d.severity == gr.Severity.INFO for d in skipped)


def test_table2_sanity() -> None:
    values: dict[str, Value | None] = dict.fromkeys(report_of({}, "2019").cells(), 0)
    values |= {"t2.licensing.change": -3, "t2.punishment.decisions": -1}
    values |= {"t2.procurement.amount": Decimal("-2.5"), "t2.regulations.made": Decimal("1.5")}
    findings = gr.check(report_of(values, "2019", year=2020))
    assert {(d.code, d.addresses) for d in errors(findings)} == {
        ("T2-NEGATIVE", ("t2.punishment.decisions",)),
        ("T2-NEGATIVE", ("t2.procurement.amount",)),
        ("T2-FRACTION", ("t2.regulations.made",)),
    }


def test_findings_point_at_the_source(corpus_dir: Path) -> None:
    text = (corpus_dir / "seeds" / "001_1762ab0cc7bc4c17.txt").read_text(encoding="utf-8")
    text = text.replace("\t（七）总计\n\t3\n", "\t（七）总计\n\t4\n", 1)
    report = gr.parse(text)
    [finding] = [d for d in gr.check(report) if d.code == "T3-RESULTS"]
    assert finding.location is not None
    assert text.split("\n")[finding.location.line - 1] == "\t4"


def test_the_seeds_raise_no_arithmetic_error(corpus_dir: Path) -> None:
    for path in sorted((corpus_dir / "seeds").glob("*.txt")):
        assert errors(gr.check(gr.parse(path.read_text(encoding="utf-8")))) == [], path.name


def expected_report(corpus_dir: Path, name: str) -> gr.Report:
    expected = json.loads((corpus_dir / "real" / "expected" / f"{name}.json").read_text("utf-8"))
    edition = expected["edition"][0]
    money = {
        c.address
        for cls in (TABLE2_CLASSES[Edition(edition)],)
        for c in layout(cls).cells
        if c.kind == "money"
    }
    values = {
        a: (Decimal(str(v)) if a in money and v is not None else v)
        for a, v in expected["cells"].items()
    }
    return report_of(values, edition, year=expected["year"], agency=expected["agency"][0])


def test_known_breaks_of_the_real_corpus_are_found(corpus_dir: Path) -> None:
    # 002: result rows sum to 27, （七）总计 says 21 (MANIFEST.tsv).
    findings = errors(gr.check(expected_report(corpus_dir, "002")))
    assert any(d.code == "T3-RESULTS" and "21 ≠ 27" in d.message for d in findings)
    # 008: the 总计 column is blank for most result rows (read as 0).
    findings = errors(gr.check(expected_report(corpus_dir, "008")))
    assert {"T3-ROWSUM", "T3-RESULTS"} <= {d.code for d in findings}
    # 009 and 013 are consistent throughout.
    for name in ("009", "013"):
        assert errors(gr.check(expected_report(corpus_dir, name))) == [], name


def test_series_carry_and_stock() -> None:
    base: dict[str, Value | None] = dict.fromkeys(gr.parse("").cells(), 0)
    last = base | {"t3.carried_forward.natural_person": 4, "t3.carried_forward.total": 4}
    last |= {"t2.regulations.in_force": 10}
    this = base | {"t3.carried_over.natural_person": 3, "t3.carried_over.total": 3}
    this |= {
        "t2.regulations.issued": 2,
        "t2.regulations.repealed": 1,
        "t2.regulations.in_force": 12,
    }
    findings = gr.check_series([report_of(this, "2021", year=2024), report_of(last, "2021")])
    codes = sorted((d.code, d.severity.value, d.addresses[0]) for d in findings)
    assert codes == [
        ("X-CARRY", "warning", "t3.carried_over.natural_person"),
        ("X-CARRY", "warning", "t3.carried_over.total"),
        ("X-STOCK", "info", "t2.regulations.in_force"),
    ]


@pytest.mark.parametrize(
    ("years", "agencies", "message"),
    [
        ((2022, 2024), ("甲", "甲"), "consecutive years"),
        ((2022, 2022), ("甲", "甲"), "consecutive years"),
        ((2022, 2023), ("甲", "乙"), "one organ"),
        ((2022, 2023), ("甲", None), "one organ"),
    ],
)
def test_series_refuses_what_it_cannot_compare(
    years: tuple[int, int], agencies: tuple[str | None, str | None], message: str
) -> None:
    reports = [
        attrs.evolve(report_of({}, "2021"), year=y, agency=a)
        for y, a in zip(years, agencies, strict=True)
    ]
    with pytest.raises(ValueError, match=message):
        gr.check_series(reports)


@given(data=st.data())
@settings(max_examples=40, deadline=None)
def test_parsed_consistent_reports_have_no_error(data: st.DataObject) -> None:
    from strategies import samples

    sample = data.draw(samples())
    assert errors(gr.check(gr.parse(sample.text))) == []
