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
