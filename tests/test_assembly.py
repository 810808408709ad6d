"""Table assembly: alignment to the row schema, and what it says when it cannot."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report import CellKind
from govinfo_report._format.records import (
    Table2Ed2019,
    Table2Ed2021,
    Table3Ed2019,
    Table3Ed2021,
    layout,
)

T3_HEADER = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况",
    "\t自然人\t法人或其他组织\t总计",
    "\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
]
T4_LINES = [
    "行政复议\t行政诉讼",
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉",
    "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2),
    "\t".join(["1", "0", "0", "1", "2", "0", "0", "0", "0", "0", "3", "0", "0", "0", "3"]),
]


def t3_rows(edition: str, values: dict[str, list[str]] | None = None) -> list[str]:
    """Table 三 as tab-separated rows: the row label, then seven values (default zeros)."""
    cls = Table3Ed2021 if edition == "2021" else Table3Ed2019
    values = values or {}
    return ["\t".join([row.label, *values.get(row.address, ["0"] * 7)]) for row in layout(cls).rows]


def t2_rows(edition: str) -> list[str]:
    cls = Table2Ed2021 if edition == "2021" else Table2Ed2019
    lines = []
    for row in layout(cls).rows:
        lines.append("信息内容\t" + "\t".join(c.label for c in row.columns))
        lines.append("\t".join([row.label] + ["1"] * len(row.columns)))
    return lines


def report(
    t3: list[str],
    *,
    year: int = 2023,
    edition: str = "2021",
    t2: list[str] | None = None,
    t4: list[str] | None = None,
    title: str | None = None,
) -> str:
    lines = [
        title or f"测试县人民政府{year}年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度工作稳步推进。",
        "二、主动公开政府信息情况",
        *(t2 if t2 is not None else t2_rows(edition)),
        "三、收到和处理政府信息公开申请情况",
        *T3_HEADER,
        *t3,
        "四、政府信息公开行政复议、行政诉讼情况",
        *(t4 if t4 is not None else T4_LINES),
        "五、存在的主要问题及改进情况",
        "无。",
        "六、其他需要报告的事项",
        "无。",
    ]
    return "\n".join(lines) + "\n"


def codes(r: gr.Report) -> list[str]:
    return [d.code for d in r.diagnostics]


def test_a_plain_report_reads_cleanly() -> None:
    r = gr.parse(report(t3_rows("2021", {"granted": ["5", "1", "0", "0", "0", "0", "6"]})))
    assert r.edition == gr.Edition.E2021
    assert r.cells()["t3.granted.total"] == 6
    assert r.table3 is not None and r.table3.granted.commercial.value == 1
    assert r.cells()["t4.litigation_after_review.total"] == 3
    assert r.cells()["t2.admin_fees.amount"] == Decimal(1)
    assert codes(r) == []


def test_a_missing_row_costs_only_that_row() -> None:
    rows = t3_rows(
        "2021", {"denied.state_secret": ["9"] * 7, "denied.security_stability": ["7"] * 7}
    )
    del rows[5]  # 2.其他法律行政法规禁止公开
    r = gr.parse(report(rows))
    cells = r.cells()
    assert cells["t3.denied.state_secret.total"] == 9
    assert cells["t3.denied.prohibited_by_law.total"] is None
    assert cells["t3.denied.security_stability.total"] == 7
    [missing] = [d for d in r.diagnostics if d.code == "PARSE-ROW-MISSING"]
    assert missing.severity == gr.Severity.WARNING
    assert "t3.denied.prohibited_by_law.natural_person" in missing.addresses
    assert r.cell_records()["t3.denied.prohibited_by_law.total"].kind is CellKind.MISSING


def test_an_unlabelled_row_is_placed_by_order_when_only_one_place_fits() -> None:
    rows = t3_rows("2021", {"denied.prohibited_by_law": ["4", "0", "0", "0", "0", "0", "4"]})
    rows[5] = "\t".join(["4", "0", "0", "0", "0", "0", "4"])  # its label lost
    r = gr.parse(report(rows))
    assert r.cells()["t3.denied.prohibited_by_law.total"] == 4
    assert "PARSE-ROW-BY-ORDER" in codes(r)


def test_a_subtotal_row_is_left_out_and_said() -> None:
    rows = t3_rows("2021")
    rows.insert(12, "\t".join(["小计", "0", "0", "0", "0", "0", "0", "0"]))
    r = gr.parse(report(rows))
    assert "PARSE-ROW-SUBTOTAL" in codes(r)
    assert not {"PARSE-ROW-MISSING", "PARSE-ROW-UNMATCHED"} & set(codes(r))


def test_an_extra_organisation_subtotal_column_is_dropped() -> None:
    rows = t3_rows("2021", {"granted": ["5", "1", "2", "0", "0", "0", "3", "8"]})
    r = gr.parse(report(rows))
    assert [r.cells()[f"t3.granted.{c}"] for c in ("commercial", "research", "total")] == [1, 2, 8]
    assert "PARSE-COLUMN-SUBTOTAL" in codes(r)


def test_eight_values_that_do_not_add_up_are_not_guessed() -> None:
    rows = t3_rows("2021", {"granted": ["5", "1", "2", "0", "0", "0", "9", "8"]})
    r = gr.parse(report(rows))
    assert r.cells()["t3.granted.total"] is None
    assert "PARSE-ROW-WIDTH" in codes(r)


def test_an_unreadable_cell_is_none_with_its_text_kept() -> None:
    rows = t3_rows("2021", {"granted": ["约5", "0", "0", "0", "0", "0", "5"]})
    r = gr.parse(report(rows))
    cell = r.cell_records()["t3.granted.natural_person"]
    assert (cell.value, cell.raw, cell.kind) == (None, "约5", CellKind.TEXT)
    [d] = [d for d in r.diagnostics if d.code == "PARSE-CELL-UNREADABLE"]
    assert d.addresses == ("t3.granted.natural_person",)
    assert r.cells()["t3.granted.total"] == 5


def test_blank_and_dash_cells_read_as_zero_and_say_so() -> None:
    rows = t3_rows("2021", {"granted": ["2", "", "—", "/", "无", "0", "2"]})
    r = gr.parse(report(rows))
    records = r.cell_records()
    assert [records[f"t3.granted.{c}"].kind for c in ("commercial", "research")] == [
        CellKind.BLANK,
        CellKind.DASH,
    ]
    assert r.cells()["t3.granted.commercial"] == 0


def test_edition_2019_from_the_table_headers_even_in_a_2021_report() -> None:
    r = gr.parse(report(t3_rows("2019"), year=2021, edition="2019"))
    assert r.edition == gr.Edition.E2019
    assert r.cells()["t3.other.total"] == 0
    assert r.cells()["t2.procurement.amount"] == Decimal(1)
    assert "PARSE-EDITION-YEAR" in codes(r)


def test_edition_from_the_year_when_the_tables_do_not_say() -> None:
    r = gr.parse(report(t3_rows("2021")[:5], year=2020, t2=[]))
    assert r.edition == gr.Edition.E2019


def test_no_year_and_no_edition_words_reads_2021_and_says_so() -> None:
    r = gr.parse(report(t3_rows("2021")[:5], t2=[], title="测试县政务公开报告"))
    assert r.year is None
    assert r.edition is None
    assert "PARSE-EDITION-UNKNOWN" in codes(r) and "PARSE-TITLE-MISSING" in codes(r)
    assert r.table3 is not None
    assert r.cells()["t3.new_received.total"] == 0


def test_tables_under_missing_headings_are_none_and_said() -> None:
    text = "测试县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n无。\n"
    r = gr.parse(text)
    assert (r.table2, r.table3, r.table4) == (None, None, None)
    assert codes(r).count("PARSE-TABLE-MISSING") == 3
    assert set(r.cells().values()) == {None}


def test_image_tables() -> None:
    text = report([], t2=["[image: 表二]"], t4=["     [image: t4.png]"])
    r = gr.parse(text)
    assert r.table2 is None and r.table4 is None
    assert codes(r).count("PARSE-TABLE-IMAGE") == 2


def test_placeholder_and_year_conflict() -> None:
    text = report(t3_rows("2021")).replace(
        "本年度工作稳步推进。",
        "测试县人民政府2022年政府信息公开工作年度报告\n[具体地名]镇工作稳步推进。统计期限自2023年1月1日至2023年12月31日。",
    )
    r = gr.parse(text)
    assert codes(r).count("PARSE-YEAR-CONFLICT") == 1
    assert codes(r).count("PARSE-PLACEHOLDER") == 1
    assert r.period is not None and r.period.end.year == 2023


def test_headings_without_numerals_and_repeated_headings() -> None:
    text = report(t3_rows("2021")).replace(
        "五、存在的主要问题及改进情况", "存在的主要问题及改进情况"
    )
    text = text.replace(T3_HEADER[0], "## 表三：收到和处理政府信息公开申请情况\n" + T3_HEADER[0])
    r = gr.parse(text)
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]
    section3 = r.section(3)
    assert section3 is not None and "表三" in section3.text
    assert "PARSE-SECTION-MISSING" not in codes(r)


def test_section_texts_and_offsets() -> None:
    text = report(t3_rows("2021"))
    r = gr.parse(text)
    one = r.section(1)
    assert one is not None
    assert (one.heading, one.text) == ("一、总体情况", "本年度工作稳步推进。")
    assert text[one.start : one.body_start] == "一、总体情况"
    assert text[one.end :].startswith("二、主动公开政府信息情况")


def test_money_keeps_its_printed_unit() -> None:
    t2 = t2_rows("2019")
    t2[-1] = "政府集中采购\t3\t251000元"
    r = gr.parse(report(t3_rows("2019"), year=2019, edition="2019", t2=t2))
    cell = r.cell_records()["t2.procurement.amount"]
    assert (cell.value, cell.unit) == (Decimal(251000), "元")


def test_signed_change_in_2019_table2() -> None:
    t2 = t2_rows("2019")
    t2[5] = "行政许可\t10\t-3\t7"
    r = gr.parse(report(t3_rows("2019"), year=2019, edition="2019", t2=t2))
    assert r.cells()["t2.licensing.change"] == -3


def test_labels_of_two_rows_before_both_rows_values() -> None:
    # PDF-to-markdown output: two rows' labels float above both rows' numbers.
    rows = t3_rows("2021")
    rows[13:15] = [
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "| 6 | 0 | 0 | 0 | 0 | 0 | 6 |",
        "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    ]
    r = gr.parse(report(rows))
    cells = r.cells()
    assert cells["t3.unavailable.needs_creation.total"] == 6
    assert cells["t3.unavailable.unclear_after_correction.total"] == 0


def test_labels_before_values_needs_exactly_the_right_number_of_rows() -> None:
    rows = t3_rows("2021")
    rows[13:15] = [
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "| 6 | 0 | 0 | 0 | 0 | 0 | 6 |",
    ]
    r = gr.parse(report(rows))
    # One row of numbers under two rows' labels: whose numbers they are is not known.
    assert r.cells()["t3.unavailable.needs_creation.total"] is None
    assert r.cells()["t3.unavailable.unclear_after_correction.total"] is None
    assert "PARSE-ROW-UNMATCHED" in codes(r)


def test_table2_blocks_may_come_in_any_order() -> None:
    t2 = t2_rows("2021")
    t2 = t2[2:] + t2[:2]  # 规章 block last
    r = gr.parse(report(t3_rows("2021"), t2=t2))
    assert r.cells()["t2.regulations.issued"] == 1
    assert "PARSE-ROW-MISSING" not in codes(r)


# Regressions found by the property tests (tests/test_properties.py).


def test_blank_first_value_and_line_end_residue_in_table3() -> None:
    rows = t3_rows("2021")
    rows[1] = "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t6\t0\t6\t"
    r = gr.parse(report(rows))
    cells = r.cells()
    assert [
        cells[f"t3.carried_over.{c}"] for c in ("natural_person", "legal_services", "total")
    ] == [
        0,
        6,
        6,
    ]
    assert "PARSE-COLUMN-SUBTOTAL" not in codes(r)


def test_a_blank_first_value_in_table2_stands_in_its_slot() -> None:
    """Slots are evidence: table 二's labels span no columns, so the slots after a label
    are its columns, and an empty slot past them is line-end residue (it was read as
    [blank, 0, 6] or [0, 6, blank] and refused)."""
    t2 = t2_rows("2021")
    t2[1] = "规章\t\t0\t6\t"
    r = gr.parse(report(t3_rows("2021"), t2=t2))
    assert [r.cells()[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [
        0,
        0,
        6,
    ]
    assert r.cell_records()["t2.regulations.issued"].kind is CellKind.BLANK


def test_table2_rows_show_where_their_values_stand() -> None:
    """Where the table's own rows put an empty slot between label and values (a
    spacer), a row that could stand either way stands that way; where its rows show
    both ways, such a row is refused."""
    t2 = t2_rows("2021")
    t2[1] = "规章\t\t0\t6\t"  # [blank, 0, 6] or [0, 6, blank]
    t2[3] = "行政规范性文件\t\t1\t2\t3"  # three values after one empty slot
    r = gr.parse(report(t3_rows("2021"), t2=t2))
    cells = r.cells()
    assert [cells[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 6, 0]
    t2[5] = "行政许可\t7\t"  # its value, then an empty slot: the other way
    r = gr.parse(report(t3_rows("2021"), t2=t2))
    cells = r.cells()
    assert [cells[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [
        None,
        None,
        None,
    ]
    assert cells["t2.normative_documents.issued"] == 1 and cells["t2.licensing.decisions"] == 7
    assert "PARSE-ROW-WIDTH" in codes(r)


def test_equal_readings_need_no_arithmetic() -> None:
    t2 = t2_rows("2021")
    t2[9] = "行政强制\t\t"  # one column, two empty cells: 0 either way
    r = gr.parse(report(t3_rows("2021"), t2=t2))
    assert r.cells()["t2.enforcement.decisions"] == 0


def test_table4_value_row_starting_with_a_blank_cell() -> None:
    t4 = [*T4_LINES[:3], "\t0\t0\t5\t5\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"]
    r = gr.parse(report(t3_rows("2021"), t4=t4))
    assert [r.cells()[f"t4.review.{c}"] for c in ("upheld", "pending", "total")] == [0, 5, 5]
    assert r.cell_records()["t4.review.upheld"].kind is CellKind.BLANK


def test_tables_of_two_editions_conflict_and_say_so() -> None:
    # Table 二 of the 2019 template, table 三 with the 2021 （六） sub-rows and 2021 words.
    r = gr.parse(report(t3_rows("2021"), year=2021, t2=t2_rows("2019")[:6]))
    conflict = [d for d in r.diagnostics if d.code == "PARSE-EDITION-CONFLICT"]
    assert len(conflict) == 1 and conflict[0].severity == gr.Severity.WARNING
    assert r.edition is not None


def test_an_internal_failure_is_a_diagnostic_not_an_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from govinfo_report import _parse

    def broken(*_: object) -> None:
        raise IndexError("simulated")

    monkeypatch.setattr(_parse, "outline", broken)
    r = gr.parse(report(t3_rows("2021")))
    assert [d.code for d in r.diagnostics] == ["PARSE-INTERNAL"]
    assert r.diagnostics[0].severity == gr.Severity.ERROR
    assert "IndexError: simulated" in r.diagnostics[0].message


def test_the_memo_of_row_names_gives_what_naming_the_row_afresh_gives(corpus_dir: Path) -> None:
    """``_candidate`` memoizes the row a group's labels name across reports: for every
    group of every table region in the corpus and in generated reports, against every
    table's schema, with the memo warm from the groups before it, it must say what
    working it out afresh (``_name_row``) says."""
    from govinfo_report._core.model import Edition
    from govinfo_report._format.schema import table_schema
    from govinfo_report._outline.outline import outline
    from govinfo_report._read.text import read_text
    from govinfo_report._tables.assemble import _candidate, _name_row, read_region
    from render import ALL_LAYOUTS, consistent_values, render

    texts = [p.read_text(encoding="utf-8") for p in sorted((corpus_dir / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((corpus_dir / "real").glob("*.txt"))]
    for i, layout_name in enumerate(sorted(ALL_LAYOUTS) * 3):
        rng = random.Random(f"memo-{i}")
        edition = rng.choice(("2019", "2021"))
        texts.append(render(consistent_values(rng, edition), edition, layout_name, rng))
    schemas = [table_schema(t, e) for t in (2, 3, 4) for e in Edition]
    compared = 0
    for text in texts:
        doc = read_text(text)
        for number, (start, end) in outline(doc, []).regions.items():
            if number not in (2, 3, 4):
                continue
            for group in read_region(doc.blocks[start:end]).groups:
                for schema in schemas:
                    assert _candidate(group, schema) == _name_row(group, schema)
                    compared += 1
    assert compared > 1000
