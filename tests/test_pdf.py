"""The PDF reader (the [pdf] extra): the real 010.pdf, and small PDFs written here by
hand (base-14 Helvetica text, line segments, a one-pixel image), so that each layout
rule is tested on its own without a PDF-writing dependency."""

from __future__ import annotations

import hashlib
import json
import sys
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as gr
from govinfo_report._core.errors import ReadError
from govinfo_report._core.model import CellKind, Diagnostic
from govinfo_report._core.normalize import classify
from govinfo_report._read.blocks import Document, Image, Paragraph, Row
from pdf_objects import pdf_of

EXTRA = 'pip install "govinfo-report[pdf]"'


def _pdfium() -> Any:
    return pytest.importorskip("pypdfium2")


def _read(data: bytes) -> tuple[Document, list[Diagnostic]]:
    _pdfium()
    from govinfo_report._read.pdf import read_pdf

    diagnostics: list[Diagnostic] = []
    return read_pdf(data, diagnostics), diagnostics


# --- a minimal PDF writer -------------------------------------------------------------


def _pdf(pages: list[bytes], user_password: bytes | None = None) -> bytes:
    """A PDF of A4 pages with the given content streams.  Every page may use font /F1
    (Helvetica) and image /Im0 (one grey pixel).  With a user password the file is
    encrypted (RC4, 40 bits, revision 2), which is all a reader needs to refuse it."""
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream",
    ]
    for i, content in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font"
            b" << /F1 3 0 R >> /XObject << /Im0 4 0 R >> >> /Contents %d 0 R >>" % (6 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    trailer = b"/Root 1 0 R"
    if user_password is not None:
        file_id = b"0123456789abcdef"
        objects.append(_encryption(user_password, file_id))
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (
            len(objects),
            file_id.hex().encode(),
            file_id.hex().encode(),
        )
    return pdf_of(objects, trailer)


_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _encryption(user_password: bytes, file_id: bytes) -> bytes:
    """The standard security handler's dictionary, revision 2 (PDF 1.7, 7.6.3.3-4)."""
    padded = (user_password + _PAD)[:32]
    owner = _rc4(hashlib.md5(padded).digest()[:5], padded)  # owner password = user's
    permissions = -4
    key = hashlib.md5(padded + owner + permissions.to_bytes(4, "little", signed=True) + file_id)
    user = _rc4(key.digest()[:5], _PAD)
    return b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        owner.hex().encode(),
        user.hex().encode(),
        permissions,
    )


def _text(x: float, y: float, text: str, size: int = 10) -> bytes:
    return f"BT /F1 {size} Tf {x} {y} Td ({text}) Tj ET\n".encode()


def _words(*placed: tuple[float, float, str]) -> bytes:
    """Words at their places: (x, y, text) each."""
    return b"".join(_text(x, y, t) for x, y, t in placed)


def _lines(*segments: tuple[float, float, float, float]) -> bytes:
    drawn = [f"{x0} {y0} m {x1} {y1} l" for x0, y0, x1, y1 in segments]
    return ("0.5 w " + " ".join(drawn) + " S\n").encode()


_SCAN = b"q 400 0 0 600 100 100 cm /Im0 Do Q\n"


def _texts(doc: Document) -> list[str | list[str]]:
    """Paragraphs as their text, rows as their cells' texts, images as "[image]"."""
    out: list[str | list[str]] = []
    for block in doc.blocks:
        if isinstance(block, Row):
            out.append([cell[0] for cell in block.cells])
        elif isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Image):
            out.append("[image]")
    return out


# --- the real report --------------------------------------------------------------------


def test_010_every_cell(corpus_dir: Path) -> None:
    _pdfium()
    expected = json.loads((corpus_dir / "real/expected/010.json").read_text(encoding="utf-8"))
    report = gr.parse_file(corpus_dir / "real/010.pdf")
    assert report.agency in expected["agency"]
    assert report.year == expected["year"] == 2024
    assert str(report.edition) in expected["edition"]
    cells = report.cells()
    wrong = {
        address: cells.get(address)
        for address, value in expected["cells"].items()
        if cells.get(address) is None or Decimal(str(cells[address])) != Decimal(str(value))
    }
    assert wrong == {}
    assert len(expected["cells"]) == 200
    assert report.diagnostics == ()  # nothing to report: no row placed by order alone


def test_010_layout(corpus_dir: Path) -> None:
    doc, diagnostics = _read((corpus_dir / "real/010.pdf").read_bytes())
    assert diagnostics == []
    texts = _texts(doc)
    # The title centred over two lines is one paragraph; page numbers are gone.
    assert texts[0] == "淮安市人民政府2024 年政府信息公开工作年度报告"
    assert not any(isinstance(t, str) and t.replace(" ", "") in ("-4-", "-5-") for t in texts)
    # The vertical label, one character per line, is one cell before its row's label.
    assert (next(t for t in texts if isinstance(t, list) and "（一）予以公开" in t)[:6]) == [
        "三、\n本\n年\n度\n办\n理\n结\n果",
        "（一）予以公开",
        "1288",
        "21",
        "0",
        "0",
    ]
    # A sentence broken over a page break reads whole.
    assert any(isinstance(t, str) and "‘四最’一流营商环境" in t for t in texts)
    # Table 四: its fifteen numbers are one row of cells.
    assert texts[texts.index("四、政府信息公开行政复议、行政诉讼情况") + 4] == (
        ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]
    )


def test_010_read_sideways(corpus_dir: Path, tmp_path: Path) -> None:
    """Each page drawn turned a quarter inside a form XObject, on a page whose /Rotate
    turns it back: the text's own direction, and the forms' matrices, are followed."""
    pdfium = _pdfium()
    source = pdfium.PdfDocument((corpus_dir / "real/010.pdf").read_bytes())
    turned = pdfium.PdfDocument.new()
    for number in range(len(source)):
        form = source.page_as_xobject(number, turned).as_pageobject()
        form.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(842, 0))
        page = turned.new_page(842, 595)
        page.insert_obj(form)
        page.gen_content()
        page.set_rotation(90)
    turned.save(tmp_path / "turned.pdf")
    expected = json.loads((corpus_dir / "real/expected/010.json").read_text(encoding="utf-8"))
    report = gr.parse_file(tmp_path / "turned.pdf")
    cells = report.cells()
    assert all(
        cells.get(a) is not None and Decimal(str(cells[a])) == Decimal(str(v))
        for a, v in expected["cells"].items()
    )


# --- layout rules, one at a time ------------------------------------------------------


def test_ruled_table_merged_and_blank_cells() -> None:
    # Columns at x 100 | 250 | 350 | 450, rows at y 700 | 680 | 660 | 640.  The rule at
    # y 660 leaves out the first column: "Group" spans two rows.  One cell is blank.
    table = _lines(
        (100, 700, 450, 700),
        (100, 680, 450, 680),
        (250, 660, 450, 660),
        (100, 640, 450, 640),
        *((x, 640, x, 700) for x in (100, 250, 350, 450)),
    )
    cells = _words(
        (105, 686, "Item"),
        (255, 686, "A"),
        (355, 686, "B"),
        (105, 656, "Group"),
        (255, 666, "12"),
        (255, 646, "3"),
        (355, 646, "4"),
    )
    doc, diagnostics = _read(_pdf([_text(100, 720, "Table one") + table + cells]))
    assert diagnostics == []
    assert _texts(doc) == [
        "Table one",
        ["Item", "A", "B"],
        ["Group", "12", ""],  # the blank cell is a cell
        ["3", "4"],  # the merged cell was read once, in its first row
    ]


def _table(
    xs: tuple[float, ...], ys: tuple[float, ...], gap: tuple[int, int] | None = None
) -> bytes:
    """Rules of a table with columns at ``xs`` and rows at ``ys`` (top down).  With
    ``gap`` (column, row): the rule below that row is left out in that column."""
    rules = [(xs[0], y, xs[-1], y) for y in ys[:1] + ys[-1:]]
    for k, y in enumerate(ys[1:-1]):
        for i, (x0, x1) in enumerate(pairwise(xs)):
            if (i, k) != gap:
                rules.append((x0, y, x1, y))
    rules += [(x, ys[-1], x, ys[0]) for x in xs]
    return _lines(*rules)


def _cell_texts(content: bytes) -> list[list[str]]:
    doc, _ = _read(_pdf([content]))
    return [t for t in _texts(doc) if isinstance(t, list)]


def test_number_wrapped_in_its_cell_is_one_number() -> None:
    """A number one digit too wide for its narrow column, wrapped as Word wraps it
    ("3016" over "5"), is one number: the row was read as lines, its halves two values
    ("5" the row's last), or with the first half on the label's line, "1127" for 11277."""
    table = _table((100, 250, 280, 310), (700, 680, 650, 620))
    cells = _words(
        (105, 686, "Item"),
        (255, 686, "A"),
        (285, 686, "B"),
        (105, 662, "Received"),  # centred in its row
        (260, 662, "12"),
        (283.88, 668, "3016"),  # 22.2 pt of a 30 pt column, over two lines
        (292.22, 656, "5"),
        (105, 640, "Denied"),  # set at the top of its row
        (262, 640, "3"),
        (283.88, 640, "1127"),
        (292.22, 628, "7"),
    )
    assert _cell_texts(table + cells) == [
        ["Item", "A", "B"],
        ["Received", "12", "30165"],
        ["Denied", "3", "11277"],
    ]


def test_rows_under_one_rule_are_never_joined_as_numbers_wrapped() -> None:
    """Two rows with the rule between them missing, in narrow columns: "12" over "3" in
    a cell beside labels on two lines is two rows' values, not 123 (an adversarial
    review of the wrapped-number reading)."""
    table = _table((100, 250, 275, 300, 325), (700, 680, 640))
    cells = _words(
        (105, 686, "Item"),
        (255, 686, "A"),
        (280, 686, "B"),
        (305, 686, "T"),
        (105, 666, "Apples"),
        (258, 666, "12"),
        (283, 666, "1"),
        (308, 666, "13"),
        (105, 652, "Pears"),
        (258, 652, "3"),
        (308, 652, "3"),
    )
    rows = _cell_texts(table + cells)
    assert [text for row in rows for text in row if text in ("123", "133")] == []


def test_numbers_on_two_lines_of_a_cell_are_unreadable_in_their_slot() -> None:
    """Where the lines are not a number wrapped (the first does not fill the cell), the
    cell is its text, unreadable, and the row keeps its other cells in their slots."""
    table = _table((100, 250, 280, 400), (700, 680, 650))
    cells = _words(
        (105, 686, "Item"),
        (255, 686, "A"),
        (285, 686, "B"),
        (105, 662, "Received"),
        (260, 662, "12"),
        (335, 668, "30"),
        (338, 656, "5"),
    )
    rows = _cell_texts(table + cells)
    assert rows == [["Item", "A", "B"], ["Received", "12", "30\n5"]]
    assert classify(rows[1][2]).kind is CellKind.TEXT  # None with a diagnostic


def test_rows_without_a_rule_between_them_in_a_ruled_row_are_rows() -> None:
    """Two rows of a table drawn with no rule between them: each line is a row."""
    table = _table((100, 250, 300), (700, 680, 640))
    cells = _words(
        (105, 686, "Item"),
        (255, 686, "Count"),
        (105, 666, "Fines"),
        (260, 666, "0"),
        (105, 652, "Orders"),
        (260, 652, "9"),
    )
    assert _cell_texts(table + cells) == [["Item", "Count"], ["Fines", "0"], ["Orders", "9"]]


def _missing_rule(b_width: float, upper: tuple[float, str], lower: tuple[float, str]) -> bytes:
    """Two rows of a table, the rule between them left out in column B (``b_width``
    wide), whose cell holds ``upper`` and ``lower``: (baseline, text) each."""
    xs = (100, 250, 300, 300 + b_width, 350 + b_width)
    table = _table(xs, (700, 680, 660, 640), gap=(2, 1))
    words = [
        (105, 686, "Item"),
        (255, 686, "A"),
        (305, 686, "B"),
        (xs[3] + 5, 686, "Total"),
        (105, 666, "Apples"),
        (255, 666, "0"),
        (xs[3] + 5, 666, "0"),
        (105, 646, "Pears"),
        (255, 646, "977"),
        (xs[3] + 5, 646, "977"),
        (301, *upper),
        (301, *lower),
    ]
    return table + _words(*words)


def test_rule_missing_below_a_cell_cuts_it_along_the_rows() -> None:
    """The rule between two rows left out in one column: the cell merged over both rows
    holds each row's value on a line of its own.  The upper row was read as lines, and
    the lower one given a cell too few: its values shifted a column over."""
    assert _cell_texts(_missing_rule(50, (666, "0"), (646, "5"))) == [
        ["Item", "A", "B", "Total"],
        ["Apples", "0", "0", "0"],
        ["Pears", "977", "5", "977"],
    ]


@pytest.mark.parametrize(
    ("width", "upper", "lower", "text"),
    [
        (50, (670, "0"), (662, "5"), "0\n5"),  # both lines in the upper row
        (30, (666, "1718"), (646, "257"), "1718\n257"),  # two values, or 1718257 wrapped
    ],
)
def test_rule_missing_below_a_cell_unsure_lines_are_unreadable_in_both_rows(
    width: float, upper: tuple[float, str], lower: tuple[float, str], text: str
) -> None:
    """Where the merged cell's lines are not one to a row, or may as well be one number
    wrapped in a cell truly merged over both rows (a narrow column, the first line
    full), the cell is unreadable in each row it spans: no row is left a cell short."""
    assert _cell_texts(_missing_rule(width, upper, lower)) == [
        ["Item", "A", "B", "Total"],
        ["Apples", "0", text, "0"],
        ["Pears", "977", text, "977"],
    ]


def test_small_raised_mark_is_not_a_digit_of_the_number() -> None:
    """A note mark set small and raised after a number ("237" and a 6 pt "1" raised
    2 pt) joined it: 2371.  It reads as the superscript it is, so the cell is
    unreadable text; in a ruled table and in lines without rules alike."""
    mark = _text(100, 660, "Denied") + _text(255, 660, "237") + _text(272.18, 662, "1", 6)
    mark += _text(305, 660, "5")
    table = _table((95, 250, 300, 350), (680, 650))
    assert _cell_texts(table + mark) == [["Denied", "237\u00b9", "5"]]
    assert _cell_texts(mark) == [["Denied", "237\u00b9", "5"]]
    assert classify("237\u00b9").kind is CellKind.TEXT
    # A digit of another size on the line's own baseline is still a digit.
    same = _text(100, 660, "Denied") + _text(255, 660, "237") + _text(272.18, 660, "1", 6)
    assert _cell_texts(same + _text(305, 660, "5")) == [["Denied", "2371", "5"]]


def test_lines_without_rules_ending_in_numbers_are_rows() -> None:
    content = _text(72, 700, "Total applications") + _text(300, 700, "12") + _text(350, 700, "0")
    content += _text(72, 660, "Carried over 3 4 -")  # a run of values, a space apart
    content += _text(72, 620, "This year we received 12")  # prose broken after a number
    doc, _ = _read(_pdf([content]))
    assert _texts(doc) == [
        ["Total applications", "12", "0"],
        ["Carried over", "3", "4", "-"],
        "This year we received 12",
    ]


def test_page_furniture_is_dropped() -> None:
    def page(n: int, footer: str) -> bytes:
        return (
            _text(72, 800, "Test City annual report")  # a running header
            + _text(72, 700, f"Body of page {n}" + "." * n)
            + _text(290, 40, footer)
        )

    doc, _ = _read(_pdf([page(1, "- 1 -"), page(2, "2"), page(3, "3 / 3")]))
    assert _texts(doc) == ["Body of page 1.", "Body of page 2..", "Body of page 3..."]


def test_header_rows_repeated_after_a_page_break_are_dropped() -> None:
    def table(top: float, rows: list[list[str]]) -> bytes:
        ys = [top - 20 * k for k in range(len(rows) + 1)]
        out = _lines(
            *((100, y, 400, y) for y in ys), *((x, ys[-1], x, top) for x in (100, 250, 400))
        )
        for y, row in zip(ys, rows, strict=False):
            out += _text(105, y - 14, row[0]) + _text(255, y - 14, row[1])
        return out

    first = table(120, [["Item", "Count"], ["Apples", "3"]])
    second = table(780, [["Item", "Count"], ["Pears", "4"]])
    doc, _ = _read(_pdf([first, second]))
    assert _texts(doc) == [["Item", "Count"], ["Apples", "3"], ["Pears", "4"]]


def test_scanned_page_is_named() -> None:
    blank = b""
    doc, diagnostics = _read(_pdf([_text(72, 700, "Some text"), _SCAN, blank]))
    assert [d.code for d in diagnostics] == ["READ-NO-TEXT"]
    assert diagnostics[0].message == ("page 2 has no text layer (a scan?); its text was not read")
    assert _texts(doc) == ["Some text", "[image]"]  # the blank page is not a scan


def test_scanned_report_gives_one_diagnostic() -> None:
    _pdfium()
    report = gr.parse_bytes(_pdf([_SCAN, _SCAN, _SCAN]))
    no_text = [d for d in report.diagnostics if d.code == "READ-NO-TEXT"]
    assert len(no_text) == 1
    assert "no page has a text layer" in no_text[0].message


# --- files that cannot be read ----------------------------------------------------------


def test_corrupt_pdf_raises_read_error() -> None:
    _pdfium()
    with pytest.raises(ReadError, match="not a readable PDF") as caught:
        gr.parse_bytes(b"%PDF-1.7 garbage")
    assert caught.value.__cause__ is not None  # the library's own error, chained


def test_encrypted_pdf_raises_read_error() -> None:
    _pdfium()
    data = _pdf([_text(72, 700, "Secret")], user_password=b"secret")
    with pytest.raises(ReadError, match="encrypted with a password"):
        gr.parse_bytes(data)


def test_missing_library_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # No importorskip: this is what a user without the extra sees.
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    monkeypatch.setitem(sys.modules, "pypdfium2.raw", None)
    with pytest.raises(ReadError) as caught:
        gr.parse_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert EXTRA in str(caught.value)
    assert isinstance(caught.value.__cause__, ImportError)
