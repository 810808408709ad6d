"""What kind of file bytes are: a DOCX by its zip's central directory, however many
entries the archive has; a PDF by ``%PDF-`` at its start, not anywhere in a page."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govinfo_report as gr
from govinfo_report._read.sniff import kind_of
from markup import render_docx, render_html
from render import consistent_values

# --- DOCX -----------------------------------------------------------------------------


def _stored_zip(names: list[str], contents: dict[str, bytes] | None = None) -> bytes:
    """A zip of stored entries, written directly: 100,000 entries in a fraction of the
    time ``zipfile`` takes."""
    contents = contents or {}
    local = bytearray()
    directory = bytearray()
    for name in names:
        raw, data = name.encode(), contents.get(name, b"")
        crc = zlib.crc32(data)
        offset = len(local)
        local += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, len(data), len(data), len(raw), 0
        )
        local += raw + data
        directory += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            0,
            0,
            0,
            crc,
            len(data),
            len(data),
            len(raw),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        directory += raw
    count = len(names)
    if count >= 0xFFFF:  # zip64: the end record's counts do not hold it
        end64 = len(local) + len(directory)
        tail = struct.pack(
            "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(directory), len(local)
        )
        tail += struct.pack("<4sLQL", b"PK\x06\x07", 0, end64, 1)
        tail += struct.pack(
            "<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(directory), 0xFFFFFFFF, 0
        )
    else:
        tail = struct.pack(
            "<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(local), 0
        )
    return bytes(local + directory + tail)


def _report_docx() -> tuple[bytes, dict[str, object]]:
    values = consistent_values(random.Random(4), "2021")
    return render_docx(values, "2021", random.Random(4)), dict(values)


def test_docx_with_9000_extra_entries_is_a_docx() -> None:
    """word/document.xml stood neither in the first KiB nor in the last 64 KiB, where
    the sniffing looked for "word/": the valid DOCX was refused as "not a DOCX"."""
    data, values = _report_docx()
    parts = {
        info.filename: zipfile.ZipFile(io.BytesIO(data)).read(info)
        for info in zipfile.ZipFile(io.BytesIO(data)).infolist()
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("docProps/app.xml", bytes(random.Random(0).randbytes(4096)))
        for name, part in parts.items():
            archive.writestr(name, part)
        for i in range(9000):
            archive.writestr(f"customXml/item{i}.xml", b"")
    big = buffer.getvalue()
    assert b"word/" not in big[:1024] and b"word/" not in big[-65536:]
    assert kind_of(big) == "docx"
    cells = gr.parse_bytes(big).cells()
    assert {a: cells[a] for a in values} == values


def test_100000_entry_docx_gets_the_entry_limit_message() -> None:
    names = ["[Content_Types].xml", "word/document.xml"] + [f"m/{i}" for i in range(100_000)]
    data = _stored_zip(names, {"word/document.xml": b"<w:document/>"})
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()[:2] == names[:2]  # a valid zip
    assert kind_of(data) == "docx"
    with pytest.raises(gr.ReadError, match="entries") as caught:
        gr.parse_bytes(data)
    assert "not a DOCX" not in str(caught.value)
    assert "10000" in str(caught.value).replace(",", "")


def test_100000_entry_zip_without_a_document_is_another_zip() -> None:
    data = _stored_zip([f"word/media/{i}.png" for i in range(100_000)])
    assert kind_of(data) == "zip"
    with pytest.raises(gr.ReadError, match="a zip archive that is not a DOCX"):
        gr.parse_bytes(data)


def test_names_that_merely_contain_the_document_name_are_no_docx() -> None:
    names = ["xword/document.xml", "word/document.xml.bak", "a/word/document.xml"]
    assert kind_of(_stored_zip(names)) == "zip"
    assert kind_of(_stored_zip([*names, "word/document.xml"])) == "docx"


def test_end_record_signature_inside_the_archive_comment() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.comment = b"PK\x05\x06" * 200
    assert kind_of(buffer.getvalue()) == "docx"


def test_zip64_archive() -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w") as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as stream,
    ):
        stream.write(b"<w:document/>")
    assert kind_of(buffer.getvalue()) == "docx"


def test_zip_whose_directory_cannot_be_read_is_refused_by_the_docx_reader() -> None:
    """A truncated or corrupt archive: the DOCX reader says what is wrong with it."""
    data, _ = _report_docx()
    for broken in (data[: len(data) // 2], b"PK\x03\x04word/ not really a zip"):
        assert kind_of(broken) == "docx"
        with pytest.raises(gr.ReadError, match="not a DOCX file: the zip archive cannot be"):
            gr.parse_bytes(broken)


@settings(max_examples=300, deadline=None)
@given(
    names=st.lists(
        st.sampled_from(
            ["word/document.xml", "word/styles.xml", "xword/document.xml", "a", "word/", "b/c"]
        ),
        max_size=6,
    ),
    comment=st.binary(max_size=40),
)
def test_kind_agrees_with_zipfile(names: list[str], comment: bytes) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in dict.fromkeys(names):
            archive.writestr(name, b"x")
        archive.comment = comment
    data = buffer.getvalue()
    if not data.startswith(b"PK\x03\x04"):
        return  # an empty archive has no entry, and is no zip by its first bytes
    expected = "docx" if "word/document.xml" in names else "zip"
    assert kind_of(data) == expected


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=0, max_value=299))
def test_kind_of_never_raises(tail: bytes, cut: int) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", b"x")
    data = buffer.getvalue()
    for candidate in (b"PK\x03\x04" + tail, data[:cut] + tail, data + tail, data[cut:]):
        assert kind_of(candidate) in ("docx", "zip", "doc", "rtf", "pdf", "image", "text")


# --- PDF ------------------------------------------------------------------------------


def _page() -> tuple[str, dict[str, object]]:
    values = consistent_values(random.Random(5), "2021")
    return render_html(values, "2021", random.Random(5)), dict(values)


@pytest.mark.parametrize(
    "mention",
    [
        '<a href="/files/report.pdf">%PDF-1.4 下载</a>',
        '<script>var magic = "%PDF-";</script>',
        "<!-- %PDF-1.7 -->",
    ],
)
def test_page_mentioning_the_pdf_header_is_a_page(mention: str) -> None:
    page, values = _page()
    at = page.index(">") + 1  # right after the first tag
    marked = page[:at] + mention + page[at:]
    assert marked.encode().find(b"%PDF-") < 1024
    assert kind_of(marked.encode()) == "text"
    cells = gr.parse_bytes(marked.encode()).cells()
    assert {a: cells[a] for a in values} == values


def test_text_mentioning_the_pdf_header_is_text() -> None:
    for data in ("文件格式：%PDF-1.4".encode(), "格式 %PDF-".encode("gb18030"), b"see %PDF-1.7"):
        assert kind_of(data) == "text"


@pytest.mark.parametrize(
    "junk", [b"", b"\r\n", b"\x00\x00\x00", b"\xef\xbb\xbf", b"\x1b\x8f\xa0\xff\xfe" * 10]
)
def test_pdf_with_junk_before_its_header_is_a_pdf(junk: bytes) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument.new()
    page = document.new_page(595, 842)
    page.close()
    buffer = io.BytesIO()
    document.save(buffer)
    data = junk + buffer.getvalue()
    assert kind_of(data) == "pdf"
    gr.parse_bytes(data)  # PDFium reads it (a blank page: an empty report)


def test_header_past_the_first_kib_is_not_a_pdf() -> None:
    assert kind_of(b"\x00" * 1024 + b"%PDF-1.7") == "text"
