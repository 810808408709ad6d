"""Tables whose section headings are lost (a crawl that dropped them, headings drawn as
pictures): each table is found by what opens it — table 二 by "第二十条第（一）项",
table 三 by its header words, table 四 by "行政复议" — and read as with its heading."""

from __future__ import annotations

import random

import pytest

import govinfo_report as gr
from render import ALL_LAYOUTS, HEADINGS, consistent_values, render

# Renderings whose tables open with those words on a line of their own (or a row).
LAYOUTS = [layout for layout in ALL_LAYOUTS if layout not in ("pdf_text",)]


def without(text: str, numbers: tuple[int, ...]) -> str:
    """The report with the heading lines of these sections taken out."""
    drop = {HEADINGS[n - 1] for n in numbers}
    return "\n".join(line for line in text.split("\n") if line.strip() not in drop)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lost", [(2, 3, 4), (3,), (2,), (4,), (1, 2, 3, 4, 5, 6)])
def test_tables_are_read_without_their_headings(layout: str, lost: tuple[int, ...]) -> None:
    rng = random.Random(f"{layout}-{lost}")
    values = consistent_values(rng, "2021")
    text = render(values, "2021", layout, rng, year=2023, quirks=0)
    with_headings = gr.parse(text).cells()
    report = gr.parse(without(text, lost))
    assert report.cells() == with_headings
    missing = [d for d in report.diagnostics if d.code == "PARSE-SECTION-MISSING"]
    found = [d for d in missing if "its table was found by its own header" in d.message]
    assert len(found) == len([n for n in lost if n in (2, 3, 4)])


def test_a_sentence_naming_a_table_word_opens_no_table() -> None:
    rng = random.Random(5)
    values = consistent_values(rng, "2021")
    text = render(values, "2021", "tsv", rng, year=2023, quirks=0)
    # Prose that names the header words, where table 三's heading was.
    prose = "本年度申请人情况总体平稳，行政复议和诉讼数量较少。"
    text = text.replace(HEADINGS[2], prose).replace(HEADINGS[3], "")
    cells = gr.parse(text).cells()
    # Table 三 is still found by its header row, not by the sentence; nothing is wrong.
    for address, value in values.items():
        assert cells[address] in (value, None), address


def _t4_after_summary_line(line: str, heading: bool) -> str:
    """A report whose table 四 row leaves its first cell (a zero) blank, a summary line
    ("行政复议 3") just before the table, its heading there or lost."""
    header = "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3)
    lines = [
        "示例县示例局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "2023年，我局认真贯彻落实政府信息公开条例。",
        "三、收到和处理政府信息公开申请情况",
        "本年度共收到申请3件，均已按时答复。",
        *([HEADINGS[3]] if heading else []),
        line,
        "行政复议\t行政诉讼",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉",
        header,
        "\t0\t3\t7\t10\t9\t0\t0\t0\t9\t0\t0\t439\t0\t439",
        "五、存在的主要问题及改进情况",
        "主要问题是公开内容的深度和广度还不够。",
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("line", ["行政复议 3", "行政复议 3件", "行政复议 3 行政诉讼 9"])
@pytest.mark.parametrize("heading", [True, False])
def test_a_summary_line_before_table_four_gives_no_number(line: str, heading: bool) -> None:
    """ "行政复议 3" opens no table (its words do not stand alone), and its number never
    stands in for a blank cell of table 四's row: the row must add up when empty cells
    are taken for spacers."""
    cells = gr.parse(_t4_after_summary_line(line, heading)).cells()
    review = [cells[f"t4.review.{k}"] for k in ("upheld", "corrected", "other", "pending", "total")]
    assert review in ([0, 0, 3, 7, 10], [None] * 5)


def test_a_summary_line_naming_article_twenty_opens_no_table() -> None:
    """ "第二十条第（一）项规定的信息" in section 一, table 二's heading lost: the table
    is the one whose opening stands alone and is followed by 信息内容."""
    rng = random.Random(9)
    values = consistent_values(rng, "2021")
    text = render(values, "2021", "tsv", rng, year=2023, quirks=0)
    summary = "第二十条第（一）项规定的信息\n行政许可 26\n行政处罚 3\n本局不断提升公开实效。"
    text = text.replace(HEADINGS[1], summary)
    cells = gr.parse(text).cells()
    for address, value in values.items():
        if address.startswith("t2."):
            assert cells[address] == value, address
