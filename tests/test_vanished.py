"""Blank cells that vanished: a page that drops empty paragraphs prints a row of seven
cells with two of them empty as five numbers.  Where the table's rows show that (a row
shorter than its columns), a row one or two cells short is read with its missing cells
blank only where the print settles them: every place for them gives the same values,
or only one satisfies the row's sum, or only one combination satisfies the column sums.
Everything else stays None with a diagnostic naming the cells.

Each fixture is a small report written one cell per paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence

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
                (CARRIED, ["0", "0", "0", "", "0", "0", "0"]),
                (FORWARD, ["0", "0", "0", "0", "0", "0", "0"]),
            ),
        ]
    )
    parsed = gr.parse(text)
    assert cells(text, "t3.carried_over") == [0] * 7
    records = [c for a, c in parsed.cell_records().items() if a.startswith("t3.carried_over")]
    assert {c.recovered for c in records} == {"T3-ROWSUM+VANISHED"}
    [blank] = [c for c in records if c.raw == ""]
    assert blank.kind is gr.CellKind.BLANK and blank.line is None
    [said] = [d for d in parsed.diagnostics if d.code == "PARSE-ROW-VANISHED"]
    assert "t3.carried_over.total" in said.addresses
    assert "CHECK-RECOVERED" in [d.code for d in gr.check(parsed)]


def test_a_short_row_that_fits_several_places_keeps_only_what_they_agree_on() -> None:
    """Printed 0 2 0 0 1 3, one blank cell dropped: the blank could stand before the 2,
    before the 1 or after it, and each adds up; the first cell, 社会公益组织 and the
    total are the same in every reading, the others are not settled."""
    text = report(
        t3=[
            *T3_HEADER,
            *paragraphs(
                (NEW, ["0", "2", "0", "0", "1", "", "3"]),
                (CARRIED, ["0", "0", "0", "0", "0", "0", "0"]),
                (FORWARD, ["0", "0", "0", "0", "0", "0", "0"]),
            ),
        ]
    )
    values = cells(text, "t3.new_received")
    assert values[0] == 0 and values[-1] == 3
    assert values[1:6] == [None, None, 0, None, None]  # 社会公益组织 is 0 in every one
    assert "PARSE-RECOVERY-AMBIGUOUS" in codes(text)


def test_the_column_sums_choose_among_a_rows_places() -> None:
    """The same short row, with the rest of the table: the balance (new + carried over
    = total processed + carried forward) holds for one of its readings only."""
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
    parsed = gr.parse(text)
    assert cells(text, "t3.new_received") == [0, 2, 0, 0, 1, 0, 3]
    recovered = parsed.cell_records()["t3.new_received.other_org"].recovered
    assert recovered is not None and recovered.startswith("T3-ROWSUM+T3-")
    assert recovered.endswith("+VANISHED")


def test_a_row_that_adds_up_no_way_is_refused() -> None:
    text = report(
        t3=[
            *T3_HEADER,
            *paragraphs(
                (NEW, ["2", "0", "0", "0", "1", "", "9"]),
                (CARRIED, ["0", "0", "0", "", "0", "0", "0"]),
                (FORWARD, ["0", "0", "0", "0", "0", "0", "0"]),
            ),
        ]
    )
    assert cells(text, "t3.new_received") == [None] * 7
    assert "PARSE-ROW-WIDTH" in codes(text)


def test_three_cells_short_is_refused() -> None:
    text = report(
        t3=[
            *T3_HEADER,
            *paragraphs(
                (NEW, ["0", "", "", "0", "", "0", "0"]),
                (FORWARD, ["0", "0", "0", "0", "0", "0", "0"]),
            ),
        ]
    )
    assert cells(text, "t3.new_received") == [None] * 7


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


def test_the_last_row_where_the_text_stops_is_not_completed() -> None:
    rows = paragraphs(
        (NEW, ["0", "0", "0", "", "0", "0", "0"]),
        (FORWARD, ["0", "0", "0", "0", "", "0", "0"]),
    )
    stopped = report(t3=[*T3_HEADER, *rows], last=True)
    assert cells(stopped, "t3.new_received") == [0] * 7
    assert cells(stopped, "t3.carried_forward") == [None] * 7
    going_on = report(t3=[*T3_HEADER, *rows])
    assert cells(going_on, "t3.carried_forward") == [0] * 7


def test_table_two_reads_only_what_every_place_agrees_on() -> None:
    text = report(
        t2=[
            *T2_HEADER,
            *paragraphs(("规章", ["0", "", "0"]), ("行政规范性文件", ["0", "4", ""])),
        ]
    )
    assert cells(text, "t2.regulations") == [0, 0, 0]
    values = cells(text, "t2.normative_documents")
    assert values[0] == 0 and values[1:] == [None, None]
    assert "PARSE-RECOVERY-AMBIGUOUS" in codes(text)
