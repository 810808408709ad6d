"""The readers' limits: each refusal names its limit and comes before the memory is
spent; ``parse(str)`` says it instead of raising; a row's extra cells are a warning."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import govinfo_report as gr
from markup import docx_bytes

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document(body: str, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return docx_bytes(f"{declaration}<w:document {_W}><w:body>{body}</w:body></w:document>")


def test_limits_are_positive_ints() -> None:
    for bad in (0, -1, 1.5, True, "9"):
        with pytest.raises(ValueError, match="max_cells"):
            gr.Limits(max_cells=bad)  # type: ignore[arg-type]


def test_a_limit_error_is_a_read_error_naming_its_limit() -> None:
    with pytest.raises(gr.LimitError, match=r"Limits\.max_bytes = 10\b") as caught:
        gr.parse_bytes(b"x" * 11, limits=gr.Limits(max_bytes=10))
    assert isinstance(caught.value, gr.ReadError) and caught.value.limit == "max_bytes"


def test_parse_of_a_str_over_a_limit_says_so_and_does_not_raise() -> None:
    report = gr.parse("一、总体情况\n" * 10, limits=gr.Limits(max_blocks=5))
    [said] = [d for d in report.diagnostics if d.code == "READ-LIMIT"]
    assert said.severity == "error" and "max_blocks" in said.message
    assert report.sections == () and report.table3 is None
    report = gr.parse("x" * 11, limits=gr.Limits(max_bytes=10))
    assert [d.code for d in report.diagnostics] == ["READ-LIMIT"]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(1 << 30)  # a sparse gigabyte: reading it would take a while
    start = time.perf_counter()
    with pytest.raises(gr.LimitError, match="the file's bytes"):
        gr.parse_file(big, limits=gr.Limits(max_bytes=1 << 20))
    assert time.perf_counter() - start < 0.5


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_under_a_memory_cap_is_a_limit_error() -> None:
    """/dev/zero says its size is 0: reading stops once the limit's bytes have come,
    well within a 1 GB address space (it read until memory ran out)."""
    program = (
        "import resource, govinfo_report as gr\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "try:\n"
        "    gr.parse_file('/dev/zero')\n"
        "except gr.LimitError as exc:\n"
        "    print(exc.limit)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "max_bytes", done.stderr


def test_an_html_page_over_the_tag_limit_is_refused() -> None:
    page = ("<html><body><table><tr>" + "<td>" * 1000).encode()
    with pytest.raises(gr.LimitError, match="max_tags"):
        gr.parse_bytes(page, limits=gr.Limits(max_tags=500))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("max_cells", "（一）予以公开\t1\t0\t0\t0\t0\t0\t1\n" * 20),
        ("max_blocks", "段落\n" * 20),
    ],
)
def test_text_over_the_cell_and_block_limits_is_refused(name: str, text: str) -> None:
    with pytest.raises(gr.LimitError, match=name):
        gr.parse_bytes(text.encode(), limits=gr.Limits(**{name: 10}))


ROWS = {
    "space-aligned": "行政处罚 " + " ".join(["7"] * 300),
    "tab-separated": "行政处罚\t" + "\t".join(["7"] * 300),
    "pipes": "| 行政处罚 | " + " | ".join(["7"] * 300) + " |",
    "html": "<table><tr><td>行政处罚</td>" + "<td>7</td>" * 300 + "</tr></table>",
}


@pytest.mark.parametrize("layout", ROWS)
def test_a_row_over_the_row_limit_keeps_its_first_cells_and_says_so(layout: str) -> None:
    from govinfo_report._read.blocks import Row
    from govinfo_report._read.html import read_html
    from govinfo_report._read.text import read_text

    diagnostics: list[gr.Diagnostic] = []
    read = read_html if layout == "html" else read_text
    doc = read(ROWS[layout], diagnostics, gr.Limits(max_row_cells=20))
    [row] = [b for b in doc.blocks if isinstance(b, Row)]
    assert len(row.cells) == 20
    [said] = diagnostics
    assert said.code == "READ-ROW-LIMIT" and said.severity == "warning"


def test_a_line_of_millions_of_numbers_costs_little() -> None:
    """50 MB of "1 " on one line took 6.8 GB: now the row's cells past the limit are
    never made."""
    import tracemalloc

    text = "1 " * 2_000_000
    tracemalloc.start()
    report = gr.parse(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5 * len(text)
    assert any(d.code == "READ-ROW-LIMIT" for d in report.diagnostics)


def test_an_amplifying_docx_is_refused_before_it_is_parsed() -> None:
    """Ten million empty paragraphs in a 97 KB file: accepted after 15 s and 0.8 GB."""
    data = _document("<w:p/>" * 10_000_000)
    assert len(data) < 200_000
    start = time.perf_counter()
    with pytest.raises(gr.LimitError, match="max_expansion"):
        gr.parse_bytes(data)
    assert time.perf_counter() - start < 2


def test_a_docx_over_the_tag_limit_is_refused() -> None:
    data = _document("<w:p><w:r><w:t>正文</w:t></w:r></w:p>" * 50)
    with pytest.raises(gr.LimitError, match="max_docx_tags"):
        gr.parse_bytes(data, limits=gr.Limits(max_docx_tags=100))


def test_a_docx_table_row_over_the_row_limit() -> None:
    cells = "<w:tc><w:p><w:r><w:t>7</w:t></w:r></w:p></w:tc>" * 40
    data = _document(f"<w:tbl><w:tr>{cells}</w:tr></w:tbl>")
    report = gr.parse_bytes(data, limits=gr.Limits(max_row_cells=10))
    assert [d.code for d in report.diagnostics].count("READ-ROW-LIMIT") == 1


def test_a_docx_in_an_unknown_xml_encoding_is_a_read_error() -> None:
    """It gave PARSE-INTERNAL: LookupError."""
    data = _document("<w:p/>", '<?xml version="1.0" encoding="x-no-such-encoding"?>')
    with pytest.raises(gr.ReadError, match="not well-formed"):
        gr.parse_bytes(data)


def test_a_docx_is_read_a_row_at_a_time() -> None:
    """A table of 2,000 rows: what stands in memory at once is a row, not the table."""
    import tracemalloc

    row = "<w:tr>" + "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>" * 8 + "</w:tr>"
    buffer = io.BytesIO()
    xml = f"<w:document {_W}><w:body><w:tbl>{row * 2000}</w:tbl></w:body></w:document>"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
        archive.writestr("word/media/padding.bin", os.urandom(200_000))  # not compressible
    limits = gr.Limits(max_cells=100_000, max_blocks=100_000)
    tracemalloc.start()
    report = gr.parse_bytes(buffer.getvalue(), limits=limits)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert not [d for d in report.diagnostics if d.code.startswith("READ")]
    # The rendered text and its blocks grow with the table; the XML tree does not.
    assert peak < 10 * len(xml)
