"""Inputs from code review that once gave wrong values, wrong metadata or exceptions.

Each is the smallest text that showed the fault; the assertions say what is right,
and where the text cannot settle a value, that the value is None rather than wrong.
"""

from __future__ import annotations

from decimal import Decimal

import govinfo_report as gr

T3 = "三、收到和处理政府信息公开申请情况\n"
T4 = "四、政府信息公开行政复议、行政诉讼情况\n"
T4_HEAD = (
    "行政复议 行政诉讼\n"
    "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n"
    "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n"
)


def values(text: str, prefix: str) -> dict[str, object]:
    return {a: v for a, v in gr.parse(text).cells().items() if a.startswith(prefix)}


def test_table4_in_three_lines_with_a_stray_number_is_not_misattributed() -> None:
    text = T4 + T4_HEAD + "1 2 0 0 3\n0 0 0 0 0\n0 0 0 0 0\n6\n五、存在的主要问题及改进情况\n"
    cells = values(text, "t4.")
    assert cells["t4.litigation_direct.upheld"] in (0, None)
    assert cells["t4.review.upheld"] in (1, None)


def test_labels_before_values_in_table2() -> None:
    text = "二、主动公开政府信息情况\n规章\n行政规范性文件\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |\n" + T3
    cells = values(text, "t2.")
    assert [cells[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [1, 2, 3]
    assert cells["t2.normative_documents.in_force"] == 6


def test_numbered_header_words_are_row_labels() -> None:
    text = (
        T3 + "（二）部分公开\t1\t0\t0\t0\t0\t0\t1\n3.其他\n（七）总计\n四、结转下年度继续办理\n"
        "| 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n| 6 | 0 | 0 | 0 | 0 | 0 | 6 |\n"
        "| 7 | 0 | 0 | 0 | 0 | 0 | 7 |\n"
    )
    cells = values(text, "t3.")
    assert cells["t3.other.other.total"] == 5
    assert cells["t3.total.total"] == 6
    assert cells["t3.carried_forward.total"] == 7


def test_a_subtotal_row_never_fills_a_missing_row() -> None:
    text = (
        T3 + "7.属于行政执法案卷\t1\t0\t0\t0\t0\t0\t1\n小计\t9\t9\t9\t9\t9\t9\t54\n"
        "（四）无法提供\t1.本机关不掌握相关政府信息\t2\t0\t0\t0\t0\t0\t2\n"
    )
    report = gr.parse(text)
    assert report.cells()["t3.denied.inquiry_matters.total"] is None
    assert "PARSE-ROW-BY-ORDER" not in [d.code for d in report.diagnostics]


def test_prose_ending_in_a_number_is_not_a_row() -> None:
    text = (
        "二、主动公开政府信息情况\n本年度主动公开政府信息 1200 条，其中涉及行政许可 35\n"
        "[image: 表二]\n" + T3
    )
    report = gr.parse(text)
    assert report.table2 is None
    assert "PARSE-TABLE-IMAGE" in [d.code for d in report.diagnostics]


def test_a_spacer_before_six_values_is_not_a_blank_cell() -> None:
    text = T3 + "一、本年新收政府信息公开申请数量\t\t5\t1\t0\t0\t0\t0\n"
    report = gr.parse(text)
    assert report.cells()["t3.new_received.commercial"] is None
    assert "PARSE-ROW-WIDTH" in [d.code for d in report.diagnostics]


def test_subtotal_column_named_in_header_with_a_blank_total() -> None:
    text = (
        T3
        + "\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"
        + "\t法人或其他组织小计\t总计\n"
        "（一）予以公开\t2\t1\t0\t0\t0\t0\t1\t\n"
    )
    cells = values(text, "t3.granted")
    assert cells["t3.granted.commercial"] == 1
    assert cells["t3.granted.total"] == 0  # written blank: not the subtotal's 1


def test_in_order_alignment_is_linear_for_repeated_rows() -> None:
    row = "（七）总计\t1\t0\t0\t0\t0\t0\t1\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
    # Quadratic alignment took seconds here; 64,000 cells are over the default limit.
    report = gr.parse(T3 + row * 4000, limits=gr.Limits(max_cells=100_000))
    assert report.cells()["t3.new_received.total"] == 1


def test_a_line_before_the_title_is_not_part_of_it() -> None:
    for lead in ("示例县人民政府", "发布日期：2024-01-20"):
        report = gr.parse(f"{lead}\n示例县2023年政府信息公开工作年度报告\n一、总体情况\n")
        assert (report.agency, report.year) == ("示例县", 2023)


def test_a_sentence_naming_a_section_is_not_its_heading() -> None:
    text = (
        "示例县2023年政府信息公开工作年度报告\n一、总体情况\n本年度未发生行政复议、行政诉讼案件。\n"
        "本报告包括总体情况、主动公开政府信息情况、\n二、主动公开政府信息情况\n"
        "三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
        "五、存在的主要问题及改进情况\n六、其他需要报告的事项\n"
    )
    report = gr.parse(text)
    assert [(s.number, s.heading[:2]) for s in report.sections] == [
        (1, "一、"),
        (2, "二、"),
        (3, "三、"),
        (4, "四、"),
        (5, "五、"),
        (6, "六、"),
    ]


def test_an_unnumbered_early_line_does_not_hide_numbered_headings() -> None:
    text = "行政复议和行政诉讼情况\n一、总体情况\n正文。\n二、主动公开政府信息情况\n规章\t1\t2\t3\n"
    report = gr.parse(text)
    assert [s.number for s in report.sections] == [1, 2]
    assert report.cells()["t2.regulations.in_force"] == 3


def test_a_heading_with_a_stray_tab_is_a_heading() -> None:
    text = (
        "一、总体情况\n正文。\n\t二、主动公开政府信息情况\n规章\t1\t2\t3\n"
        "三、收到和处理政府信息公开申请情况\t\n"
    )
    report = gr.parse(text)
    assert [s.number for s in report.sections] == [1, 2, 3]
    two = report.section(2)
    assert two is not None and text[two.start : two.body_start] == "二、主动公开政府信息情况"
    assert report.cells()["t2.regulations.issued"] == 1


def test_an_image_on_the_heading_line_keeps_offsets_right() -> None:
    text = "标题\n[image: logo] 一、总体情况\n正文\n"
    report = gr.parse(text)
    one = report.section(1)
    assert one is not None
    assert text[one.start : one.body_start] == "一、总体情况"
    assert one.text == "正文"


def test_a_digit_run_too_long_for_int_is_not_an_exception() -> None:
    text = (
        "示例县2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n规章\t"
        + "9" * 5000
    )
    report = gr.parse(text)
    assert (report.agency, report.year) == ("示例县", 2023)
    assert "PARSE-INTERNAL" not in [d.code for d in report.diagnostics]


def test_old_mac_line_endings() -> None:
    text = "示例县2023年政府信息公开工作年度报告\r二、主动公开政府信息情况\r规章\t1\t2\t3\r"
    report = gr.parse(text)
    assert report.year == 2023
    assert report.cells()["t2.regulations.issued"] == 1
    cell = report.cell_records()["t2.regulations.issued"]
    assert cell.offset is not None and text[cell.offset] == "1" and cell.line == 3


def test_round_trip_without_an_edition() -> None:
    report = gr.parse(T3 + "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n")
    assert report.edition is None and report.table3 is not None
    assert gr.Report.from_dict(report.to_dict()) == report


def test_fees_printed_in_yuan_are_read_in_wan_yuan() -> None:
    text = (
        "二、主动公开政府信息情况\n信息内容\t本年收费金额（单位：万元）\n"
        "行政事业性收费\t251000元\n" + T3
    )
    report = gr.parse(text)
    cell = report.cell_records()["t2.admin_fees.amount"]
    assert cell.value == Decimal("25.1") and (cell.raw, cell.unit) == ("251000元", "元")
    assert "PARSE-CELL-UNIT" in [d.code for d in report.diagnostics]


def test_diagnostics_of_one_code_are_capped() -> None:
    report = gr.parse("[具体地名]\n" * 500)
    placeholders = [d for d in report.diagnostics if d.code == "PARSE-PLACEHOLDER"]
    assert len(placeholders) == 21
    assert placeholders[-1].message == "480 more PARSE-PLACEHOLDER not listed"


def test_paragraph_after_an_image_has_its_own_offset() -> None:
    from govinfo_report._read.blocks import Image, Paragraph
    from govinfo_report._read.text import read_text

    text = "前言 [image: a.png] 一、总体情况 [image: b]\n"
    blocks = read_text(text).blocks
    assert [type(b) for b in blocks] == [Paragraph, Image, Paragraph, Image]
    for block in blocks:
        if isinstance(block, Paragraph):
            assert text[block.offset : block.offset + len(block.text)] == block.text


def test_old_mac_line_endings_in_locations() -> None:
    text = (
        "示例县2023年政府信息公开工作年度报告\r一、总体情况\r[具体地名]镇\r"
        "二、主动公开政府信息情况\r"
    )
    report = gr.parse(text)
    [placeholder] = [d for d in report.diagnostics if d.code == "PARSE-PLACEHOLDER"]
    assert placeholder.location is not None and placeholder.location.line == 3
    one = report.section(1)
    assert one is not None and one.text == "[具体地名]镇"


def test_table4_blank_first_cell_and_line_end_residue() -> None:
    # Found by the deep property run: one blank from each end is the right reading.
    text = (
        T4
        + "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n"
        "|  | 0 | - | / | 0 | - | 0 | 1 |  | 1 | 0 | / | 无 |  |  |  |\n"
    )
    cells = values(text, "t4.")
    assert [cells[f"t4.litigation_direct.{c}"] for c in ("other", "pending", "total")] == [1, 0, 1]
    assert cells["t4.review.upheld"] == 0


def test_organ_line_over_a_title_that_names_none() -> None:
    """A title set over two lines with the organ alone on the first (PDF layouts)."""
    report = gr.parse("淮安市人民政府\n2024 年政府信息公开工作年度报告\n一、总体情况\n正文。\n")
    assert (report.agency, report.year) == ("淮安市人民政府", 2024)
    alone = gr.parse(
        "前言很长的一段说明文字，不是机关名称，也不是标题。\n2024年政府信息公开工作年度报告\n"
    )
    assert (alone.agency, alone.year) == (None, 2024)


def test_a_sentence_naming_the_report_is_no_title() -> None:
    report = gr.parse(
        "示例县人民政府2023年政府信息公开工作年度报告\n"
        "根据《条例》规定，现公布本单位2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n"
    )
    assert (report.agency, report.year) == ("示例县人民政府", 2023)
