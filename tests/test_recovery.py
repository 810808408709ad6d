"""Recovery of damaged numbers: glued digit runs and numbers split in two.

The search itself (``_recover.split``) is tested on small runs; whole reports are
generated consistent tables flattened the way crawlers flatten pages (``markup``), so
the true values are known: a value the parser gives is never wrong, and it is given
whenever the row's run has only one reading.
"""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import given, note, settings
from hypothesis import strategies as st

import govinfo_report as gr
from govinfo_report._format.records import COUNT, MONEY, SIGNED, Table3Ed2019, Table3Ed2021, layout
from govinfo_report._tables.recover import BUDGET, MAX_SOLUTIONS, split
from markup import render_flat
from render import EDITIONS, Value
from strategies import table_values
from test_properties import DEEP

T3 = (COUNT,) * 7
T3_TOTAL = {6: 0}
T4 = (COUNT,) * 15
T4_TOTALS = {4: 0, 9: 5, 14: 10}


def _readings(run: str, kinds: tuple[str, ...], totals: dict[int, int]) -> list[list[Value | None]]:
    """Every reading of a run (all of them: the search must not have been stopped)."""
    found = split(run, kinds, totals)
    assert found.complete
    return [[part.value for part in solution] for solution in found.solutions]


def _one_reading(run: str, kinds: tuple[str, ...], totals: dict[int, int]) -> bool:
    found = split(run, kinds, totals)
    return found.complete and len(found.solutions) == 1


# ====================================================================== the search


def test_row_sum_leaves_one_reading() -> None:
    assert _readings("713000074", T3, T3_TOTAL) == [[71, 3, 0, 0, 0, 0, 74]]
    assert _readings("21710000218", T3, T3_TOTAL) == [[217, 1, 0, 0, 0, 0, 218]]


def test_row_sum_may_leave_several() -> None:
    assert _readings("270020130", T3, T3_TOTAL) == [
        [2, 7, 0, 0, 20, 1, 30],
        [27, 0, 0, 2, 0, 1, 30],
    ]


def test_group_sums_of_table_four() -> None:
    assert _readings("10203120001200000", T4, T4_TOTALS) == [
        [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]
    ]


def test_no_leading_zeros_signs_only_where_signed_decimals_only_in_money() -> None:
    assert _readings("000", (COUNT,) * 3, {}) == [[0, 0, 0]]
    assert _readings("0012", (COUNT,) * 3, {}) == [[0, 0, 12]]
    assert _readings("35-15", (COUNT, SIGNED), {}) == [[35, -15]]
    assert _readings("35-15", (COUNT, COUNT), {}) == []
    assert _readings("24252.311082", (MONEY,), {}) == [[Decimal("24252.311082")]]
    assert _readings("1.5", (COUNT,), {}) == []
    assert _readings("1.52", (COUNT, MONEY), {}) == []  # a point is never cut through


def test_spaces_are_boundaries() -> None:
    assert _readings("500000 5", T3, T3_TOTAL) == [[5, 0, 0, 0, 0, 0, 5]]


def test_hostile_runs_are_cut_off() -> None:
    """A run longer than the row can hold costs one length test; a long run that could
    fit stops at the budget, saying so."""
    assert split("1" * 300, T3, T3_TOTAL).solutions == []
    found = split("1" * 60, T3, T3_TOTAL)
    assert not found.complete and found.exhausted
    capped = split("1" * 30, (COUNT,) * 3, {})
    assert len(capped.solutions) == MAX_SOLUTIONS and not capped.complete


# ====================================================================== whole reports

FLAT_EXAMPLES = 40 * DEEP


def _t3_rows(edition: str) -> list[tuple[str, ...]]:
    """The cell addresses of each row of table 三."""
    cls = Table3Ed2021 if edition == "2021" else Table3Ed2019
    return [tuple(c.address for c in row.columns) for row in layout(cls).rows]


def _case(data: st.DataObject) -> tuple[str, dict[str, Value], random.Random]:
    """An edition, consistent values for it, and a random source for the quirks."""
    edition = data.draw(st.sampled_from(EDITIONS))
    values = data.draw(table_values(edition))
    return edition, values, random.Random(data.draw(st.integers(0, 2**32)))


def _named(report: gr.Report, codes: tuple[str, ...]) -> set[str]:
    return {a for d in report.diagnostics if d.code in codes for a in d.addresses}


@settings(max_examples=FLAT_EXAMPLES, deadline=None)
@given(st.data())
def test_flattened_page_never_gives_a_wrong_value(data: st.DataObject) -> None:
    edition, values, rng = _case(data)
    year = 2023 if edition == "2021" else 2020
    text = render_flat(values, edition, rng, year=year)
    note(text)
    report = gr.parse(text)
    records = report.cell_records()
    explained = _named(report, ("PARSE-RECOVERY-AMBIGUOUS", "PARSE-RECOVERY-CUTOFF"))
    for address, want in values.items():
        cell = records[address]
        if cell.value is None:
            # Only where the run had several readings (table 二 rows have no sums).
            assert address in explained, address
            continue
        assert cell.value == want, address
    # Where a row's run reads one way only, its cells are read, and marked recovered.
    for addresses in _t3_rows(edition):
        run = "".join(str(values[a]) for a in addresses)
        if _one_reading(run, T3, T3_TOTAL):
            for address in addresses:
                assert records[address].value == values[address], address
                assert records[address].recovered is not None, address
    run4 = "".join(str(values[c.address]) for c in layout(gr.Table4).cells)
    if _one_reading(run4, T4, T4_TOTALS):
        assert all(records[c.address].recovered == "T4-SUM" for c in layout(gr.Table4).cells)
    assert (report.agency, report.year) == ("示例县示例镇人民政府", year)


@settings(max_examples=FLAT_EXAMPLES, deadline=None)
@given(st.data())
def test_number_split_in_two_is_joined_or_left_none(data: st.DataObject) -> None:
    edition, values, rng = _case(data)
    text = render_flat(values, edition, rng, split_number=True)
    note(text)
    report = gr.parse(text)
    records = report.cell_records()
    for address, want in values.items():
        if records[address].value is not None:
            assert records[address].value == want, address
    # Joined by the row sum; where two joins add up, by the column sums too, or only
    # the cells both joins agree on.
    joined = [c.recovered for c in records.values() if c.recovered]
    assert all(how.startswith("T3-ROWSUM") for how in joined), joined


def test_recovered_cells_point_at_their_digits() -> None:
    rng = random.Random(11)
    values = table_values_example("2021")
    text = render_flat(values, "2021", rng)
    report = gr.parse(text)
    recovered = [c for c in report.cell_records().values() if c.recovered]
    assert len(recovered) > 150
    for cell in recovered:
        assert cell.offset is not None
        assert text[cell.offset : cell.offset + len(cell.raw)] == cell.raw
        assert str(cell.value) == cell.raw


def table_values_example(edition: str) -> dict[str, Value]:
    from render import consistent_values

    return consistent_values(random.Random(3), edition)


def test_hostile_runs_in_a_report_are_diagnostics() -> None:
    """Runs no table row can be: the row is None, with a diagnostic, never a guess."""
    rng = random.Random(5)
    values = table_values_example("2021")
    text = render_flat(values, "2021", rng)
    granted = "".join(str(values[f"t3.granted.{c}"]) for c in _columns())
    for hostile in (" ".join(["1" * 20] * 3), "1 " * 80, "1" * 60):
        damaged = text.replace("（一）予以公开" + granted, "（一）予以公开" + hostile, 1)
        assert damaged != text
        report = gr.parse(damaged)
        assert all(report.cells()[f"t3.granted.{c}"] is None for c in _columns())
        named = {a for d in report.diagnostics if d.severity == "warning" for a in d.addresses}
        assert "t3.granted.total" in named or "PARSE-ROW-UNMATCHED" in {
            d.code for d in report.diagnostics
        }


def test_search_cut_off_is_a_diagnostic() -> None:
    """Two 30-digit runs where a flattened table 四 should be: the search for a reading
    stops at its step budget, and says so."""
    rng = random.Random(4)
    values = table_values_example("2021")
    text = render_flat(values, "2021", rng)
    run = "".join(str(values[c.address]) for c in layout(gr.Table4).cells)
    damaged = text.replace("总计" + run + "五、", f"总计{'13' * 15} {'13' * 15}五、", 1)
    assert damaged != text
    report = gr.parse(damaged)
    cutoff = [d for d in report.diagnostics if d.code == "PARSE-RECOVERY-CUTOFF"]
    assert len(cutoff) == 1 and f"{BUDGET} steps" in cutoff[0].message
    assert "t4.review.total" in cutoff[0].addresses
    assert report.table4 is None


def test_dropped_blank_cells_are_not_cut_into_numbers() -> None:
    """In an ordinary layout a row with too few numbers lost blank cells: its numbers
    are whole, and cutting them would invent values (only glued runs are cut)."""
    text = (
        "示例县2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "（一）予以公开 768 185 953\n二、规章 12 5\n四、政府信息公开行政复议、行政诉讼情况\n"
    )
    report = gr.parse(text)
    assert all(c.recovered is None for c in report.cell_records().values())
    assert report.cells()["t3.granted.total"] is None


def test_a_table_of_contents_line_is_not_a_flattened_page() -> None:
    rng = random.Random(6)
    values = table_values_example("2021")
    from render import render

    text = render(values, "2021", "tsv", rng, year=2023)
    toc = (
        "目录说明" * 110
        + " 一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况"
    )
    report = gr.parse(toc + "\n" + text)
    assert report.cells() == {a: values.get(a) for a in report.cells()}


def test_row_with_a_unit_in_a_cell_too_many_does_not_stop_the_parse() -> None:
    rng = random.Random(9)
    values = table_values_example("2021")
    text = render_flat(values, "2021", rng, split_number=True)
    line = next(x for x in text.split("\n") if x.startswith("5.属于三类内部事务信息"))
    damaged = text.replace(line, "5.属于三类内部事务信息\t3\t2件\t0\t0\t0\t0\t1\t5")
    report = gr.parse(damaged)
    assert "PARSE-INTERNAL" not in {d.code for d in report.diagnostics}
    assert report.cells()["t3.total.total"] == values["t3.total.total"]


def _columns() -> tuple[str, ...]:
    return tuple(c.address.split(".")[-1] for c in layout(Table3Ed2021).rows[0].columns)


def test_check_says_recovered_relations_hold_by_construction() -> None:
    rng = random.Random(8)
    report = gr.parse(render_flat(table_values_example("2021"), "2021", rng))
    findings = {d.message.split(":")[0]: d for d in gr.check(report) if d.code == "CHECK-RECOVERED"}
    assert {"T3-ROWSUM", "T4-SUM"} <= set(findings)
    assert all(report.cell_records()[a].recovered for a in findings["T3-ROWSUM"].addresses)
    plain = gr.parse(render_flat(table_values_example("2021"), "2021", rng, split_number=True))
    assert all(
        d.code != "CHECK-RECOVERED" or d.message.startswith("T3-ROWSUM") for d in gr.check(plain)
    )
