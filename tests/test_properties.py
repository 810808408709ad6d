"""Property tests: rendered reports round-trip through ``parse``; ``parse`` never raises.

The round trip renders consistent tables (``render``) in every layout and edition and
asks ``parse`` for exactly the values, the edition, the year and the agency back.  The
tolerance properties feed ``parse`` arbitrary text, text built from table-like
fragments, and damaged copies of rendered reports and of the example corpus.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

import govinfo_report as gr
from govinfo_report._format.records import Table3Ed2019, Table3Ed2021, Table4, layout
from render import EDITIONS, HEADINGS, LAYOUTS, Value, addresses, table_classes
from strategies import Mutation, Sample, line_mutations, mutate, samples, table_values

# Sized so that the whole module runs in well under a minute; GOVINFO_DEEP=N runs N
# times as many examples (a deeper search, for a developer's machine, not for CI).
DEEP = int(os.environ.get("GOVINFO_DEEP", "1"))
ROUND_TRIP_EXAMPLES = 50 * DEEP
TEXT_EXAMPLES = 200 * DEEP
MUTATION_EXAMPLES = 100 * DEEP


def _listing(text: str) -> str:
    return "\n".join(f"{i + 1:4} {line!r}" for i, line in enumerate(text.split("\n")))


def _mismatches(
    expected: dict[str, Value], got: dict[str, Value | None]
) -> dict[str, tuple[object, object]]:
    """Addresses whose parsed value differs from the expected one, in value or type."""
    return {
        a: (v, got.get(a, "<absent>"))
        for a, v in expected.items()
        if got.get(a) != v or type(got.get(a)) is not type(v)
    }


def _assert_tolerant(report: gr.Report) -> None:
    """What ``parse`` promises on any input: a Report whose cells() fit its edition."""
    assert isinstance(report, gr.Report)
    cells = report.cells()
    assert isinstance(cells, dict)
    # With no edition at all, the addresses of the current template (2021) are used.
    assert list(cells) == list(addresses(report.edition or "2021"))
    for value in cells.values():
        assert value is None or type(value) in (int, Decimal)
    # parse() turns an internal exception into PARSE-INTERNAL: that must not happen either.
    assert "PARSE-INTERNAL" not in [d.code for d in report.diagnostics], report.diagnostics
    assert all(isinstance(d, gr.Diagnostic) for d in gr.check(report))
    assert gr.Report.from_dict(report.to_dict()) == report


# ---------------------------------------------------------------- the generator itself


def _sum(values: dict[str, Value], prefix: str, names: list[str]) -> Value:
    return sum((values[f"{prefix}.{n}"] for n in names), start=0)


@settings(max_examples=50, deadline=None)
@given(data=st.data(), edition=st.sampled_from(EDITIONS))
def test_generated_values_are_consistent(data: st.DataObject, edition: str) -> None:
    values = data.draw(table_values(edition))
    assert list(values) == list(addresses(edition))
    kinds = {c.address: c.kind for cls in table_classes(edition) for c in layout(cls).cells}
    for address, value in values.items():
        assert type(value) is (Decimal if kinds[address] == "money" else int)
        assert kinds[address] == "signed" or value >= 0
    rows = layout({"2019": Table3Ed2019, "2021": Table3Ed2021}[edition]).rows
    names = [c.name for c in rows[0].columns]
    results = [r.address for r in rows[2:-2]]
    for row in rows:  # T3-ROWSUM
        assert values[f"t3.{row.address}.total"] == _sum(values, f"t3.{row.address}", names[:-1])
    for name in names:
        col = {r.address: values[f"t3.{r.address}.{name}"] for r in rows}
        assert col["new_received"] + col["carried_over"] == col["total"] + col["carried_forward"]
        assert col["total"] == sum(col[r] for r in results)  # T3-RESULTS
    for row in layout(Table4).rows:  # T4-SUM
        parts = [c.name for c in row.columns[:-1]]
        assert values[f"t4.{row.address}.total"] == _sum(values, f"t4.{row.address}", parts)


# ---------------------------------------------------------------- round trip


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("layout_name", LAYOUTS)
@settings(max_examples=ROUND_TRIP_EXAMPLES, deadline=None)
@given(data=st.data())
def test_round_trip(layout_name: str, edition: str, data: st.DataObject) -> None:
    sample = data.draw(samples(edition, layout_name), label="sample")
    note(_listing(sample.text))
    report = gr.parse(sample.text)
    assert report.edition == edition
    assert report.year == sample.year
    assert report.agency == sample.agency
    cells = report.cells()
    assert list(cells) == list(addresses(edition))
    bad = _mismatches(sample.values, cells)
    assert not bad, "\n".join(f"{a}: expected {v!r}, got {g!r}" for a, (v, g) in bad.items())


# ---------------------------------------------------------------- tolerance


def _fragments() -> list[str]:
    labels = {
        text
        for edition in EDITIONS
        for cls in table_classes(edition)
        for column in layout(cls).cells
        for text in (column.label, *column.row_path_labels)
    }
    table_words = {
        "第二十条第（一）项", "信息内容", "申请人情况", "法人或其他组织",
        "三、本年度办理结果", "行政诉讼", "未经复议直接起诉", "小计",
    }  # fmt: skip
    marks = {
        "\t", "\n", "\n\n", "|", "|---|", " ", "  ", "\u3000", "\u00a0",
        "一、", "二、", "四、", "（三）", "(一)", "1.", "2、", "3．", "。", "，", "、",
        "0", "7", "12", "１２", "3.5", "103.3879", "+3", "-2", "1,234", "251000元", "万元",
        "—", "-", "/", "无", "— 5 —", "- 4 -", "[image: x]", "[image: 微信图片_2024]",
        "2019", "2020", "2021", "2023年", "年", "1月1日", "政府信息公开工作年度报告",
        "示例镇人民政府", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "\r", "\x00", "\ufeff", "<td>", "</tr>",
    }  # fmt: skip
    return sorted(labels | table_words | marks | set(HEADINGS))


FRAGMENTS = _fragments()
fragment_texts = st.lists(st.sampled_from(FRAGMENTS), max_size=300).map("".join)


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(text=st.text())
def test_parse_never_raises_on_any_text(text: str) -> None:
    _assert_tolerant(gr.parse(text))


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(text=fragment_texts)
def test_parse_never_raises_on_table_like_text(text: str) -> None:
    _assert_tolerant(gr.parse(text))


@settings(max_examples=MUTATION_EXAMPLES, deadline=None)
@given(sample=samples(), mutations=line_mutations())
def test_parse_never_raises_on_damaged_renders(sample: Sample, mutations: list[Mutation]) -> None:
    text = "\n".join(mutate(sample.text.split("\n"), mutations))
    _assert_tolerant(gr.parse(text))


@pytest.fixture(scope="session")
def seed_texts(corpus_dir: Path) -> dict[str, str]:
    paths = sorted((corpus_dir / "seeds").glob("*.txt"))
    assert paths, f"no seed texts in {corpus_dir / 'seeds'}"
    return {p.name: p.read_text(encoding="utf-8") for p in paths}


@settings(max_examples=MUTATION_EXAMPLES, deadline=None)
@given(data=st.data(), mutations=line_mutations())
def test_parse_never_raises_on_damaged_seeds(
    seed_texts: dict[str, str], data: st.DataObject, mutations: list[Mutation]
) -> None:
    name = data.draw(st.sampled_from(sorted(seed_texts)), label="seed")
    text = "\n".join(mutate(seed_texts[name].split("\n"), mutations))
    _assert_tolerant(gr.parse(text))
