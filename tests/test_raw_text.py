"""A cell's raw text is the text as printed: an invisible character inside a number
(U+FEFF, a byte-order mark pasted into a cell; U+200B) stays in ``raw`` and puts no
space there, in every reader, and the value reads through it."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

import govinfo_report as gr
from govinfo_report._cli.command import demo_text
from govinfo_report._core.model import CellKind, Diagnostic
from govinfo_report._core.normalize import classify, label_key
from govinfo_report._read.blocks import Row
from markup import docx_bytes, render_docx, render_html
from pdf_objects import lines, one_page, pdf_of, stream
from render import Value, consistent_values

# --- the value ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["1\ufeff2", "\ufeff12", "12\ufeff", "1\u200b2", "1\u20602", "1\u00ad2", "1\u200d2"]
)
def test_invisible_characters_inside_a_number_are_read_through(raw: str) -> None:
    """U+FEFF and U+200B were folded away already; the word joiner, soft hyphen and the
    zero-width (non-)joiners are as invisible, and made "1\\u20602" unreadable text."""
    assert classify(raw) == (CellKind.NUMBER, 12, None)


def test_invisible_characters_do_not_change_a_label() -> None:
    assert label_key("（一）予以\u2060公开") == label_key("（一）予以公开") == "予以公开"


def test_a_visible_space_inside_a_number_is_still_unreadable() -> None:
    assert classify("1 2").kind is CellKind.TEXT
    assert classify("1\u00a02").kind is CellKind.TEXT


# --- PDF: a glyph drawn with no size --------------------------------------------------

# Helvetica with byte 0x80 drawn as a glyph of no width that reads as U+FEFF.
_TO_UNICODE = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def"
    b" /CMapName /Adobe-Identity-UCS def /CMapType 2 def"
    b" 1 begincodespacerange <00> <FF> endcodespacerange"
    b" 1 beginbfchar <80> <FEFF> endbfchar"
    b" endcmap CMapName currentdict /CMap defineresource pop end end"
)
_FONT = (
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 128"
    b" /Widths [" + b" ".join([b"556"] * 96 + [b"0"]) + b"]"
    b" /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding"
    b" /Differences [128 /uniFEFF] >> /ToUnicode 6 0 R >>"
)


def _pdf_rows(content: bytes) -> list[list[str]]:
    pytest.importorskip("pypdfium2")
    from govinfo_report._read.pdf import read_pdf

    data = pdf_of([*one_page(content, font=_FONT), stream(_TO_UNICODE)])
    diagnostics: list[Diagnostic] = []
    doc = read_pdf(data, diagnostics)
    return [[cell[0] for cell in block.cells] for block in doc.blocks if isinstance(block, Row)]


def _kerned(x: int, y: int, kern: int) -> bytes:
    """ "Label", then "1", U+FEFF and "2" set ``kern`` thousandths of an em apart (a
    PDF writer's kerning, far narrower than a space), then U+FEFF before "34"."""
    return (
        b"BT /F1 10 Tf 100 %d Td (Label) Tj ET" % y
        + b" BT /F1 10 Tf %d %d Td [(1) %d (\x80) (2)] TJ ET" % (x, y, -kern)
        + b" BT /F1 10 Tf %d %d Td [(\x80) %d (34)] TJ ET\n" % (x + 100, y, -kern)
    )


@pytest.mark.parametrize("kern", [0, 1, 20, 100])
def test_pdf_line_keeps_an_invisible_character_without_a_space(kern: int) -> None:
    """Gaps were measured against the height of the glyph of no size, so any gap at
    all around it was a space ("1 \\ufeff2") or a cell boundary ("1" | "\\ufeff2")."""
    assert _pdf_rows(_kerned(300, 700, kern)) == [["Label", "1\ufeff2", "\ufeff34"]]


@pytest.mark.parametrize("kern", [0, 1, 20, 100])
def test_pdf_ruled_cells_keep_an_invisible_character_without_a_space(kern: int) -> None:
    table = lines(
        (90, 690, 500, 690),
        (90, 720, 500, 720),
        *((x, 690, x, 720) for x in (90, 250, 380, 500)),
    )
    assert _pdf_rows(table + _kerned(300, 700, kern)) == [["Label", "1\ufeff2", "\ufeff34"]]


def test_pdf_invisible_character_joins_the_number_it_stands_at() -> None:
    """A U+FEFF standing in a column gap belongs to the number it touches, not the
    cell before it."""
    content = (
        b"BT /F1 10 Tf 100 700 Td (Label) Tj ET"
        b" BT /F1 10 Tf 300 700 Td (12) Tj ET"
        b" BT /F1 10 Tf 400 700 Td (\x8034\x80) Tj ET\n"
    )
    assert _pdf_rows(content) == [["Label", "12", "\ufeff34\ufeff"]]


# --- HTML, DOCX and text: the same, and the report's cell -----------------------------


def _values() -> tuple[dict[str, Value], str]:
    for seed in range(100):
        values = consistent_values(random.Random(seed), "2021")
        for address, value in values.items():
            if address.startswith("t3.") and isinstance(value, int) and value >= 10:
                return values, address
    raise AssertionError("no two-digit cell")  # pragma: no cover


def test_html_and_docx_cells_keep_an_invisible_character() -> None:
    values, address = _values()
    printed = str(values[address])
    marked = printed[0] + "\ufeff" + printed[1:]
    html = render_html(values, "2021", random.Random(1))
    cell = gr.parse(html).cell_records()[address]
    assert cell.offset is not None
    page = html[: cell.offset] + marked + html[cell.offset + len(cell.raw) :]
    docx = render_docx(values, "2021", random.Random(1))
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert xml.count(f">{printed}<") >= 1
    for report in (
        gr.parse(page),
        gr.parse_bytes(page.encode("gb18030")),
        gr.parse_bytes(docx_bytes(xml.replace(f">{printed}<", f">{marked}<"))),
    ):
        cell = report.cell_records()[address]
        assert (cell.raw, cell.value, cell.kind) == (marked, values[address], CellKind.NUMBER)


@pytest.mark.parametrize("separator", ["\t", "   ", "\n"])
def test_text_cells_keep_an_invisible_character(separator: str) -> None:
    text = demo_text()
    row = "（一）予以公开\t72\t9\t1\t0\t2\t1\t86"
    assert row in text
    marked = text.replace(row, row.replace("72", "\ufeff7\ufeff2", 1)).replace("\t", separator)
    cell = gr.parse(marked).cell_records()["t3.granted.natural_person"]
    assert (cell.raw, cell.value) == ("\ufeff7\ufeff2", 72)
