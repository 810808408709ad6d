"""Slots are evidence: cells that keep their places are read in their columns, and
where the places do not settle a cell, it is None with a diagnostic — never a number
from another column or another row.

Each fixture is a small report written in one rendering, with the cells it prints.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import govinfo_report as gr

HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def report(t2: Sequence[str] = (), t3: Sequence[str] = (), t4: Sequence[str] = ()) -> str:
    prose = ["本年度工作稳步推进。"]
    bodies = {1: prose, 2: list(t2), 3: list(t3), 4: list(t4), 5: prose, 6: prose}
    lines = ["示例县示例镇人民政府2023年政府信息公开工作年度报告"]
    for number, heading in enumerate(HEADINGS, 1):
        lines += [heading, *bodies[number]]
    return "\n".join(lines) + "\n"


def cells(text: str, prefix: str) -> list[object]:
    return [v for a, v in gr.parse(text).cells().items() if a.startswith(prefix)]


def codes(text: str) -> list[str]:
    return [d.code for d in gr.parse(text).diagnostics]


def tab_row(*cells: str) -> list[str]:
    """A row one cell per line, each led by a tab, ended by a blank line."""
    return [f"\t{c}" for c in cells] + [""]


# Table 三's header as a crawl writes it: no leading pipe, padding at the row's end.
CRAWLED_T3 = [
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||||||||",
    "自然人 | 法人或其他组织 | 总计 | |||||||",
    "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||",
]


def test_crawled_pipe_rows_keep_blank_cells_in_their_columns() -> None:
    text = report(
        t3=[
            *CRAWLED_T3,
            "一、本年新收政府信息公开申请数量 | | 5 | ||| 1 | 6 | ||",
            "二、上年结转政府信息公开申请数量 | 2 | ||||| 2 | ||",
        ]
    )
    assert cells(text, "t3.new_received") == [0, 5, 0, 0, 0, 1, 6]
    assert cells(text, "t3.carried_over") == [2, 0, 0, 0, 0, 0, 2]


def test_a_crawled_row_cut_short_keeps_its_first_cells() -> None:
    # The row before writes a blank cell where it stands: this crawl writes blank cells,
    # so the row cut short has its first cells in their columns.
    blank = "一、本年新收政府信息公开申请数量 | 2 | | 0 | 0 | 0 | 0 | 2 | ||"
    text = report(t3=[*CRAWLED_T3, blank, "二、上年结转政府信息公开申请数量 | 4 | 1 | 0"])
    assert cells(text, "t3.carried_over") == [4, 1, None, None, None, None, None]
    [short] = [d for d in gr.parse(text).diagnostics if d.code == "PARSE-ROW-SHORT"]
    assert short.addresses[0] == "t3.carried_over.research"


def test_a_crawled_row_short_of_cells_is_none_where_no_row_writes_a_blank_cell() -> None:
    # Some crawls leave blank cells out: a row of fewer cells than its columns may have
    # its values anywhere (4 and 1 may be 自然人 and 总计), unless the page shows that it
    # writes blank cells where they stand.
    text = report(t3=[*CRAWLED_T3, "一、本年新收政府信息公开申请数量 | 4 | 1 | 0"])
    assert cells(text, "t3.new_received") == [None] * 7
    said = [d.code for d in gr.parse(text).diagnostics if "t3.new_received.total" in d.addresses]
    assert "PARSE-ROW-WIDTH" in said


def test_padding_lines_are_no_cells_of_table_four() -> None:
    """One cell per line: the header's padding lines ("||", "|||") stood before the data
    row and were read as zeros in place of its numbers."""
    header = ["行政复议 |", "行政诉讼 |", "||||||||||||||"]
    header += ["结果维持 |", "结果纠正 |", "其他结果 |", "尚未审结 |", "总计 |", "|||||||||"]
    data = ["1 |", "0 |", "2 |", "0 |", "3 |", "0 |", "0 |", "0 |", "0 |", "0 |"]
    data += ["4 |", "0 |", "0 |", "1 |", "5 |"]
    values = cells(report(t4=header + data), "t4")
    assert values == [1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 4, 0, 0, 1, 5]


def test_a_subtotal_column_with_blank_cells_moves_no_number() -> None:
    """A tab-separated table 三 with a 小计 column named in its header and blank cells:
    numbers landed one column off."""
    header = [
        "\t自然人\t法人或其他组织\t\t\t\t\t\t总计",
        "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t小计\t",
    ]
    rows = ["一、本年新收政府信息公开申请数量\t\t\t7\t\t\t\t7\t7"]
    assert cells(report(t3=header + rows), "t3.new_received") == [0, 0, 7, 0, 0, 0, 7]
    assert "PARSE-COLUMN-SUBTOTAL" in codes(report(t3=header + rows))


def test_slots_that_stand_two_ways_are_settled_by_the_row_sum_and_said() -> None:
    """A tab-separated row with an empty slot at each end: its values could stand right
    after the label or one slot later; only one way adds up, and the cells say the sum
    chose it."""
    text = report(t3=["一、本年新收政府信息公开申请数量\t\t3\t1\t0\t0\t0\t4\t"])
    parsed = gr.parse(text)
    assert cells(text, "t3.new_received") == [0, 3, 1, 0, 0, 0, 4]
    assert parsed.cell_records()["t3.new_received.total"].recovered == "T3-ROWSUM"
    assert "PARSE-ROW-ALIGNED" in [d.code for d in parsed.diagnostics]
    assert "CHECK-RECOVERED" in [d.code for d in gr.check(parsed)]


def test_slots_that_stand_two_ways_and_add_up_neither_are_refused() -> None:
    text = report(t3=["一、本年新收政府信息公开申请数量\t\t3\t1\t0\t0\t0\t9\t"])
    assert cells(text, "t3.new_received") == [None] * 7
    assert "PARSE-ROW-WIDTH" in codes(text)


HTML_T3 = (
    "<html><body><p>示例县2023年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p>"
    "<table><tr><td>申请人情况</td></tr>"
    "<tr><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
    "<td>法律服务机构</td><td>其他</td><td>总计</td></tr>{rows}</table>"
    "<p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>"
)


def test_a_merged_value_cell_in_html_moves_no_number() -> None:
    """A "0" over two columns leaves the row six cells for seven columns: which column
    each stands in is not sure, so none is read (a grid row cut short would keep its
    first cells)."""
    row = (
        "<tr><td>一、本年新收政府信息公开申请数量</td><td>3</td><td colspan=2>0</td>"
        "<td>1</td><td>0</td><td>0</td><td>4</td></tr>"
    )
    values = cells(HTML_T3.format(rows=row), "t3.new_received")
    assert values == [None] * 7


def test_html_rows_under_a_value_cell_merged_down_move_no_number() -> None:
    rows = (
        "<tr><td>一、本年新收政府信息公开申请数量</td><td rowspan=2>0</td><td>5</td><td>0</td>"
        "<td>0</td><td>0</td><td>0</td><td>5</td></tr>"
        "<tr><td>二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td>"
        "<td>0</td><td>0</td><td>1</td></tr>"
    )
    text = HTML_T3.format(rows=rows)
    assert cells(text, "t3.new_received") == [0, 5, 0, 0, 0, 0, 5]
    assert cells(text, "t3.carried_over") == [None] * 7


def test_a_label_wrapped_after_its_numbers_keeps_its_own_numbers() -> None:
    """Space-aligned PDF text: the end of a label on the line after its numbers; the
    next row's numbers landed in this row."""
    t3 = [
        "4.无正当理由大量反复申请 0 0 0 0 0 0 0",
        "5.要求行政机 0 0 0 0 0 2 2",
        "关确认或重新出具已获取信息",
        "（六）其他处理",
        "1.申请人无正当理由逾期 7 0 0 0 0 0 7",
        "不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0",
    ]
    text = report(t3=t3)
    assert cells(text, "t3.not_processed.confirmation") == [0, 0, 0, 0, 0, 2, 2]
    assert cells(text, "t3.other.no_correction") == [7, 0, 0, 0, 0, 0, 7]


def test_a_wrapped_label_that_only_holds_a_row_name_is_not_that_row() -> None:
    """ "总计" then, after the numbers, "结转下年度继续办理" (its numbering dropped) names
    carried_forward when run together; it is the next row, and keeps its own numbers."""
    t3 = ["（七）", "总计 3 0 0 0 0 0 3", "结转下年度继续办理 1 0 0 0 0 0 1"]
    text = report(t3=t3)
    assert cells(text, "t3.carried_forward") == [1, 0, 0, 0, 0, 0, 1]
    assert cells(text, "t3.total") == [3, 0, 0, 0, 0, 0, 3]


def test_the_next_items_number_glued_to_a_label_is_no_value() -> None:
    t3 = [
        "4.保 0 0 0 9 0 0 9",
        "护第三方合法权益5",
        ".属于三类内 0 0 0 0 0 0 0",
        "部事务信息",
    ]
    text = report(t3=t3)
    assert cells(text, "t3.denied.third_party_rights") == [0, 0, 0, 9, 0, 0, 9]
    assert cells(text, "t3.denied.internal_affairs") == [0] * 7


def test_a_leading_pipe_among_crawled_rows_ends_an_empty_first_cell() -> None:
    t4 = [
        "行政复议 | 行政诉讼 | ||||||||||||||",
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | ||||||||||",
        "| 6 | 9 | 0 | 15 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    ]
    assert cells(report(t4=t4), "t4.review") == [0, 6, 9, 0, 15]


def test_a_label_wrapped_before_its_note_names_its_row() -> None:
    """One cell per line: "规范性" / "文件(指…)" / "|" is 规范性文件 with a note, its pipe on
    a line of its own."""
    t2 = ["|", "第二十条第（一）项 | |||", "|", "信息内容 |", "本年制发件数 |"]
    t2 += ["本年废止件数 |", "现行有效件数 |", "|", "规章 |", "1 |", "0 |", "2 |", "|"]
    t2 += ["行政规范", "性文件(指本机关印发的有正式文号的规范性文件)", "|", "0 |", "30 |", "0 |"]
    assert cells(report(t2=t2), "t2.normative_documents") == [0, 30, 0]


def test_header_rows_of_blank_slots_are_no_rows_missing_from_the_print() -> None:
    """One cell per line, each led by a tab, rows parted by blank lines: the first
    three rows not printed at all; the header's three rows (labels over blank slots)
    before the first recognised row are not them, whatever order would allow."""

    pad = [""] * 7  # the header's rows padded to the grid's width
    header = tab_row("申请人情况", *pad) + tab_row("自然人", "法人或其他组织", "总计", *pad)
    header += tab_row("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", *pad)
    rows = tab_row("（二）部分公开", "0", "5", "0", "0", "0", "0", "5")
    rows += tab_row("（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0")
    text = report(t3=header + rows)
    assert cells(text, "t3.partially_granted") == [0, 5, 0, 0, 0, 0, 5]
    for address in ("t3.new_received", "t3.carried_over", "t3.granted"):
        assert cells(text, address) == [None] * 7


@pytest.mark.parametrize("slots", [7, 9])
def test_a_row_printed_blank_keeps_its_place_between_recognised_rows(slots: int) -> None:
    """ "3.其他" and "（七）总计" with their numbering lost name no row ("其他" and "总计"
    also head the columns); the first is printed blank.  Between two recognised rows
    with two rows free, the two are placed by order, the blank one as zeros.  The same
    in a grid padded to its widest row (9 slots): "其他" with more blank slots than its
    seven is still a row; a label that names a row by more than its place must have the
    row's own count."""
    rows = tab_row(
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", *["0"] * 7
    )
    rows += tab_row("其他", *[""] * slots) + tab_row("总计", "1", "2", "0", "0", "0", "0", "3")
    rows += tab_row("四、结转下年度继续办理", *["0"] * 7)
    text = report(t3=rows)
    assert cells(text, "t3.other.other") == [0] * 7
    assert cells(text, "t3.total") == [1, 2, 0, 0, 0, 0, 3]
    assert "PARSE-ROW-BY-ORDER" in codes(text)


def test_a_label_wrapped_after_its_numbers_before_its_note_names_its_row() -> None:
    """Space-aligned PDF text: "行政规范 7 0 0" / "性文件(指本机关印发的…)"."""
    t2 = ["第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数"]
    t2 += ["规章 1 0 2", "行政规范   7 0 0", "性文件(指本机关印发的有正式文号的规范性文件)"]
    t2 += ["第二十条第（五）项", "信息内容 本年处理决定数量", "行政许可 3"]
    assert cells(report(t2=t2), "t2.normative_documents") == [7, 0, 0]


def test_a_row_that_adds_up_only_as_if_it_had_a_subtotal_column_is_refused() -> None:
    """Tab-separated, no 小计 in the header: "2 2 2" after empty slots reads as 法律服务机构
    2, 其他 2, 总计 2 (the report's own error) or as 其他 2, 小计 2, 总计 2; the header
    does not say which, and one row is no evidence of a 小计 column."""
    header = ["\t\t自然人\t法人或其他组织\t\t\t\t\t总计"]
    header += ["\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t"]
    rows = ["一、本年新收政府信息公开申请数量\t\t\t\t3\t\t\t\t\t3\t"]
    rows += ["二、上年结转政府信息公开申请数量\t\t\t\t\t\t\t2\t2\t2\t"]
    text = report(t3=header + rows)
    assert cells(text, "t3.new_received") == [0, 3, 0, 0, 0, 0, 3]
    assert cells(text, "t3.carried_over") == [None] * 7


def test_a_row_that_stands_both_ways_where_another_shows_a_subtotal_column_is_refused() -> None:
    """Markdown rows, the header naming no 小计 column, one row showing one (eight values
    adding up as 小计 and 总计 only).  "0 | | 2 | 0 | | | 2 | " reads as seven values
    adding up (总计 2), or as eight with 小计 2 and a blank 总计 (the report's own error,
    as likely in a table that has the column): the row is refused, not read as 2."""
    header = [
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 ||"
    ]
    header += ["| 自然人 | 法人或其他组织 | 总计 ||"]
    header += ["| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 ||"]
    rows = ["| 一、本年新收政府信息公开申请数量 | 0 |  | 2 | 0 |  |  | 2 |  ||"]
    rows += ["| 二、上年结转政府信息公开申请数量 | 1 | 1 | 1 |  |  |  | 2 | 3 ||"]
    text = report(t3=header + rows)
    assert cells(text, "t3.new_received") == [None] * 7
    assert cells(text, "t3.carried_over") == [1, 1, 1, 0, 0, 0, 3]


def test_an_html_row_of_the_reports_own_error_between_empty_cells_is_refused() -> None:
    """Labels' spans written as empty cells after them (no colspan), rows padded after
    their values: a row that adds up no way (a 2 under 法律服务机构, its 总计 left blank)
    could stand one slot to the left or right, and no other row says which (each
    label's span is as wide as its level)."""
    empty = "<td></td>"
    rows = (
        "<tr><td>一、本年新收政府信息公开申请数量</td>"
        + empty * 3
        + "<td>4</td><td>3</td><td>0</td><td>0</td>"
        + empty
        + "<td>7</td></tr>"
        "<tr><td>（二）部分公开</td>" + empty * 5 + "<td>2</td>" + empty * 2 + "</tr>"
    )
    text = HTML_T3.format(rows=rows)
    assert cells(text, "t3.new_received") == [0, 4, 3, 0, 0, 0, 7]
    assert cells(text, "t3.partially_granted") == [None] * 7
