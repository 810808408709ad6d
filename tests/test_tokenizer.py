"""The text tokenizer: each layout of FORMAT.md becomes the same kind of blocks."""

from __future__ import annotations

from govinfo_report._read.blocks import Image, Paragraph, Row
from govinfo_report._read.text import read_text


def rows(text: str) -> list[list[str]]:
    return [[c[0] for c in b.cells] for b in read_text(text).blocks if isinstance(b, Row)]


def test_one_cell_per_line_rows_end_at_blank_lines() -> None:
    text = "\t规章\n\t0\n\t1\n\n\t行政规范性文件\n\t2\n\t3\n"
    assert rows(text) == [["规章", "0", "1"], ["行政规范性文件", "2", "3"]]


def test_untabbed_line_continues_a_label_cell_but_never_a_number() -> None:
    text = "\t商业\n企业\n\t科研\n机构\n\n\t3\n注：说明\n"
    assert rows(text) == [["商业\n企业", "科研\n机构"], ["3"]]
    assert any(isinstance(b, Paragraph) and b.text == "注：说明" for b in read_text(text).blocks)


def test_heading_after_a_label_cell_is_not_a_continuation() -> None:
    blocks = read_text("\t信息内容\n四、政府信息公开行政复议、行政诉讼情况\n").blocks
    assert isinstance(blocks[-1], Paragraph)


def test_tab_separated_rows_keep_empty_cells() -> None:
    assert rows("规章\t0\t\t3\t\n") == [["规章", "0", "", "3", ""]]


def test_pipe_rows_and_separators() -> None:
    text = "| 规章 | 0 |  | 3 |\n|---|---|---|---|\n| :-: | x |\n"
    assert rows(text) == [["规章", "0", "", "3"], [":-:", "x"]]


def test_pdf_lines_split_into_label_and_numbers() -> None:
    text = "一、本年新收政府信息公开申请数量 3001 53 0\u30000 61 4 3119\n0 1 1\n"
    assert rows(text) == [
        ["一、本年新收政府信息公开申请数量", "3001", "53", "0", "0", "61", "4", "3119"],
        ["0", "1", "1"],
    ]


def test_prose_ending_in_words_stays_prose() -> None:
    text = "共办理依申请公开 0 件。\n联系电话：0537-3842211\n需要说明的事项 无\n2024年1月23日\n"
    blocks = read_text(text).blocks
    assert all(isinstance(b, Paragraph) for b in blocks)


def test_lone_dash_line_is_a_cell() -> None:
    assert rows("规章\n—\n0\n") == [["—"], ["0"]]


def test_page_footers_are_dropped() -> None:
    assert read_text("— 5 —\n- 4 -\n第3页 共6页\n").blocks == []


def test_image_placeholders() -> None:
    [image] = read_text("     [image: 微信图片_20240117114312]\n").blocks
    assert isinstance(image, Image)
    assert image.name == "微信图片_20240117114312"
    assert image.offset == 5


def test_offsets_and_lines_point_into_the_text() -> None:
    text = "标题\r\n\t规章\r\n\t\u30007\r\n规章\t8\t9\n| a | 10 |\n行政处罚 11\n"
    for block in read_text(text).blocks:
        if isinstance(block, Row):
            for cell_text, line, offset in block.cells:
                assert text[offset : offset + len(cell_text)] == cell_text
                assert text.count("\n", 0, offset) + 1 == line


def test_crlf_is_not_part_of_cells() -> None:
    assert rows("\t规章\r\n\t0\r\n\r\n") == [["规章", "0"]]


def test_a_value_ending_in_an_invisible_character_is_a_cell() -> None:
    """A value with an invisible character after it ("72\\ufeff") is a number cell."""
    assert rows("（一）予以公开\n72\ufeff\n") == [["72\ufeff"]]
