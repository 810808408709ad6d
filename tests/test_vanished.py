"""Blank cells that vanished: a page that drops empty paragraphs prints a row of seven
cells with two of them empty as five numbers.  A row of table 三 or 四 one cell short
whose cells are all zero is read with its missing cell blank: wherever it stood, the
row reads the same, and a row that lost a number instead could not look like that.
Every other short row stays None with a diagnostic naming its cells: its numbers could
have lost a blank anywhere, or lost a number (to a note, the next label, a page break),
and its sums would as readily choose a wrong reading as the right one.

Each fixture is a small report written one cell per paragraph.
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
)

T3_HEADER = (
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
)

T2_HEADER = ("第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数")


def paragraphs(*rows: tuple[str, Sequence[str]]) -> list[str]:
    """Rows as one paragraph per cell; a cell written "" is an empty paragraph the page
    dropped (it is not printed at all)."""
    out: list[str] = []
    for label, values in rows:
        out.append(label)
        out += [v for v in values if v != ""]
    return out


def report(t2: Sequence[str] = (), t3: Sequence[str] = (), *, last: bool = False) -> str:
    """A report; ``last``: the text stops right after table 三."""
    bodies = {1: ["本年度工作稳步推进。"], 2: list(t2), 3: list(t3), 4: [], 5: ["无。"]}
    parts = ["示例县示例镇人民政府2023年政府信息公开工作年度报告"]
    for number, heading in enumerate(HEADINGS, 1):
        if last and number > 3:
            break
        parts += [heading, *bodies[number]]
    return "\n\n".join(parts) + "\n"


def cells(text: str, prefix: str) -> list[object]:
    return [v for a, v in gr.parse(text).cells().items() if a.startswith(prefix)]


def codes(text: str) -> list[str]:
    return [d.code for d in gr.parse(text).diagnostics]


NEW = "一、本年新收政府信息公开申请数量"
CARRIED = "二、上年结转政府信息公开申请数量"
GRANTED = "（一）予以公开"
PARTLY = "（二）部分公开"
TOTAL = "（七）总计"
FORWARD = "四、结转下年度继续办理"


def test_a_row_of_zeros_that_lost_a_blank_cell_is_read_and_marked() -> None:
    text = report(
        t3=[
            *T3_HEADER,
            *paragraphs(
                (NEW, ["3", "", "1", "0", "0", "0", "4"]),
                (CARRIED, ["0", "0", "0", "", "-", "0", "0"]),
                (FORWARD, ["0", "0", "0", "0", "0", "0", "0"]),
            ),
        ]
    )
    parsed = gr.parse(text)
    assert cells(text, "t3.carried_over") == [0] * 7
    records = [c for a, c in parsed.cell_records().items() if a.startswith("t3.carried_over")]
    assert {c.recovered for c in records} == {"VANISHED"}
    [blank] = [c for c in records if c.raw == ""]
    assert blank.kind is gr.CellKind.BLANK and blank.line is None
    [said] = [d for d in parsed.diagnostics if d.code == "PARSE-ROW-VANISHED"]
    assert said.addresses == tuple(a for a in parsed.cells() if a.startswith("t3.carried_over"))


def test_a_short_row_with_a_number_is_not_guessed() -> None:
    """Printed 0 2 0 0 1 3: the blank could stand before the 2, before the 1 or after
    it, and each adds up; nothing says which."""
    text = report(
        t3=[
            *T3_HEADER,
            *paragraphs(
                (NEW, ["0", "2", "0", "0", "1", "", "3"]),
                (CARRIED, ["0", "0", "0", "0", "0", "0", "0"]),
                (GRANTED, ["0", "2", "0", "0", "1", "0", "3"]),
                (TOTAL, ["0", "2", "0", "0", "1", "0", "3"]),
                (FORWARD, ["0", "0", "0", "0", "0", "0", "0"]),
            ),
        ]
    )
    assert cells(text, "t3.new_received") == [None] * 7
    [width] = [d for d in gr.parse(text).diagnostics if d.code == "PARSE-ROW-WIDTH"]
    assert "t3.new_received.total" in width.addresses


@pytest.mark.parametrize(
    "printed",
    [
        ["1", "0", "0", "0", "0", "1"],  # its total (2) went to the next label: "22.其他…"
        ["0", "0", "0", "0", "0"],  # its last two (1 1) stood after a repeated header
    ],
)
def test_rows_that_may_have_lost_a_number_are_refused(printed: list[str]) -> None:
    text = report(
        t3=[
            *T3_HEADER,
            *paragraphs(
                (NEW, printed),
                (CARRIED, ["0", "0", "0", "0", "", "0", "0"]),
                (FORWARD, ["0", "0", "0", "0", "0", "0", "0"]),
            ),
        ]
    )
    assert cells(text, "t3.new_received") == [None] * 7
    assert cells(text, "t3.carried_over") == [0] * 7


def test_no_short_row_no_recovery() -> None:
    """A table whose rows all have their cells shows no blank vanishing: a row of seven
    values is read as printed even where it does not add up (check finds it)."""
    text = report(
        t3=[
            *T3_HEADER,
            *paragraphs(
                (NEW, ["2", "0", "0", "0", "1", "0", "4"]),
                (FORWARD, ["0", "0", "0", "0", "0", "0", "0"]),
            ),
        ]
    )
    assert cells(text, "t3.new_received") == [2, 0, 0, 0, 1, 0, 4]
    assert "PARSE-ROW-VANISHED" not in codes(text)


def test_table_two_is_never_completed() -> None:
    """Table 二 has no sums: a row left with only its zeros may have lost a number to a
    note or the next label ("规章 / 0 / （本年未制发） / 0 / 5")."""
    text = report(
        t2=[
            *T2_HEADER,
            *paragraphs(("规章", ["0", "", "0"]), ("行政规范性文件", ["0", "4", ""])),
        ]
    )
    assert cells(text, "t2.regulations") == [None] * 3
    assert cells(text, "t2.normative_documents") == [None] * 3


def test_a_subtotal_column_row_of_zeros_one_short() -> None:
    header = [*T3_HEADER[:8], "其他", "小计"]
    text = report(
        t3=[
            *header,
            *paragraphs(
                (NEW, ["1", "0", "2", "0", "0", "0", "2", "3"]),
                (CARRIED, ["0", "0", "0", "", "0", "0", "0", "0"]),
                (FORWARD, ["0", "0", "0", "0", "0", "0", "0", "0"]),
            ),
        ]
    )
    assert cells(text, "t3.new_received") == [1, 0, 2, 0, 0, 0, 3]
    assert cells(text, "t3.carried_over") == [0] * 7


T4_HEADER = (
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "未经复议直接起诉",
    "复议后起诉",
)


def table4(values: Sequence[str]) -> str:
    heading = "四、政府信息公开行政复议、行政诉讼情况"
    return report().replace(heading, "\n\n".join([heading, *T4_HEADER, *(v for v in values if v)]))


def test_table_four_of_zeros_in_paragraphs_one_cell_short() -> None:
    zeros = ["0"] * 15
    zeros[7] = ""
    assert cells(table4(zeros), "t4") == [0] * 15


def test_table_four_one_cell_short_with_numbers_names_every_cell() -> None:
    values = ["0", "5", "0", "0", "5", "", "3", "7", "0", "10", "5", "0", "0", "6", "11"]
    text = table4(values)
    assert cells(text, "t4") == [None] * 15
    named = {a for d in gr.parse(text).diagnostics for a in d.addresses}
    assert all(a in named for a in gr.parse(text).cells() if a.startswith("t4"))


def test_a_row_printed_blank_before_an_unnumbered_total_row_gives_it_nothing() -> None:
    """ "3.其他" with every cell blank (dropped), then "总计" without its numbering: the
    values after them are the total row's as likely as 3.其他's."""
    text = report(
        t3=[
            *T3_HEADER,
            *paragraphs(
                (NEW, ["2", "1", "0", "0", "0", "0", "3"]),
                ("3.其他", [""] * 7),
                ("总计", ["2", "1", "0", "0", "0", "0", "3"]),
                (FORWARD, ["0", "0", "0", "0", "0", "0", "0"]),
            ),
        ]
    )
    assert cells(text, "t3.other.other") == [None] * 7


def test_a_table_that_cannot_be_read_names_its_cells() -> None:
    """Every cell left None is named by a diagnostic, also where the whole table is."""
    parsed = gr.parse(report(t3=[*T3_HEADER, "一、本年新收政府信息公开申请数量"]))
    named = {a for d in parsed.diagnostics for a in d.addresses}
    assert all(a in named for a, v in parsed.cells().items() if v is None)
