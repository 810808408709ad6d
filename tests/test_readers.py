"""The HTML and DOCX readers, bytes and files: kinds, encodings, hostile files.

Reports are rendered by ``markup`` from consistent generated tables, so every cell's
value is known; the real pages and the blank official template come from the corpus.
"""

from __future__ import annotations

import codecs
import io
import random
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govinfo_report as gr
from markup import docx_bytes, render_docx, render_html
from render import DEFAULT_AGENCY, EDITIONS, Value, consistent_values

SEEDS = range(12)


def _values(seed: int) -> tuple[random.Random, str, dict[str, Value], int]:
    rng = random.Random(seed)
    edition = EDITIONS[seed % 2]
    year = 2023 if edition == "2021" else 2020
    return rng, edition, consistent_values(rng, edition), year


def _assert_round_trip(report: gr.Report, values: dict[str, Value], year: int) -> None:
    cells = report.cells()
    wrong = {a: (v, cells.get(a)) for a, v in values.items() if cells.get(a) != v}
    assert wrong == {}
    assert (report.agency, report.year) == (DEFAULT_AGENCY, year)
    assert [d for d in report.diagnostics if d.severity != "info"] == []


# ====================================================================== HTML


@pytest.mark.parametrize("seed", SEEDS)
def test_html_page_round_trips(seed: int) -> None:
    """Merged cells, <br> and <span>-split labels, blank zeros, site chrome, scripts and
    hidden text with template words in them: every cell comes back."""
    rng, edition, values, year = _values(seed)
    page = render_html(values, edition, rng, year=year)
    report = gr.parse(page)  # a str of markup is read as HTML
    _assert_round_trip(report, values, year)
    assert report.edition == edition


@pytest.mark.parametrize("seed", SEEDS[:4])
def test_html_locations_point_into_the_markup(seed: int) -> None:
    rng, edition, values, year = _values(seed)
    page = render_html(values, edition, rng, year=year)
    report = gr.parse(page)
    read = 0
    for address, cell in report.cell_records().items():
        assert cell.line is not None and cell.offset is not None, address
        assert cell.line == page.count("\n", 0, cell.offset) + 1, address
        if cell.raw:
            assert page.startswith(cell.raw[0], cell.offset), (address, cell.raw)
            read += 1
    assert read > 100
    for section in report.sections:
        assert page.startswith(section.heading, section.start)
        assert "<" not in section.text and "&nbsp;" not in section.text  # text, not markup


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [("gbk", "gbk"), ("gb2312", "gb2312"), ("gb18030", None), ("utf-8", "gbk"), ("utf-8", None)],
)
def test_html_bytes_in_every_common_encoding(encoding: str, declared: str | None) -> None:
    """GBK pages (declared or not), and UTF-8 pages that still declare gbk."""
    rng, edition, values, year = _values(3)
    page = render_html(values, edition, rng, year=year, charset=declared or "")
    if declared is None:
        page = page.replace('<meta http-equiv="Content-Type" content="text/html; charset=">', "")
    report = gr.parse_bytes(page.encode(encoding))
    _assert_round_trip(report, values, year)


@pytest.mark.parametrize("bom", ["utf-8-sig", "utf-16"])
def test_text_bytes_with_a_byte_order_mark(bom: str) -> None:
    rng, edition, values, year = _values(5)
    page = render_html(values, edition, rng, year=year, charset="gbk")  # the BOM wins
    _assert_round_trip(gr.parse_bytes(page.encode(bom)), values, year)


def test_a_utf8_byte_order_mark_before_gbk_text_is_dropped_and_said() -> None:
    """An editor's "save as UTF-8" that converted nothing: the mark is not believed,
    the GBK text is read, and the reader says so (it read 0 cells, silently)."""
    rng, edition, values, year = _values(3)
    page = render_html(values, edition, rng, year=year, charset="gbk")
    report = gr.parse_bytes(codecs.BOM_UTF8 + page.encode("gbk"))
    assert report.cells() == {**report.cells(), **values}
    [said] = [d for d in report.diagnostics if d.code == "READ-ENCODING"]
    assert "byte-order mark" in said.message


def test_undecodable_bytes_are_a_diagnostic() -> None:
    report = gr.parse_bytes("一、总体情况\n".encode() + b"\x81\xff\xfe\x81")
    assert "READ-ENCODING" in [d.code for d in report.diagnostics]


@pytest.mark.parametrize("table", [2, 3, 4])
def test_html_image_table_is_reported(table: int) -> None:
    rng, edition, values, year = _values(7)
    report = gr.parse(render_html(values, edition, rng, year=year, image_table=table))
    images = [d for d in report.diagnostics if d.code == "PARSE-TABLE-IMAGE"]
    assert len(images) == 1 and f"表{table}" in images[0].message
    prefix = f"t{table}."
    cells = report.cells()
    assert all(v is None for a, v in cells.items() if a.startswith(prefix))
    assert all(cells[a] == v for a, v in values.items() if not a.startswith(prefix))


_MARKUP = [
    *("<table>", "</table>", "<tr>", "</tr>", "<td rowspan=3>", "</td>", "<p>", "</p>"),
    *("<br>", "<script>", "</script>", "<img alt=x>", "&nbsp;", "<o:p>", "\n"),
    *("<div style='display:none'>", "</div>", "<!--", "-->", "<title>", "</title>"),
    *("三、本年度办理结果", "（一）予以公开", "12", "0", "某市2020年政府信息公开工作年度报告"),
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_MARKUP) | st.text(max_size=8), max_size=60))
def test_any_markup_parses(parts: list[str]) -> None:
    report = gr.parse("<html>" + "".join(parts))
    assert "PARSE-INTERNAL" not in [d.code for d in report.diagnostics]
    assert gr.Report.from_dict(report.to_dict()) == report


# ====================================================================== DOCX


@pytest.mark.parametrize("seed", SEEDS)
def test_docx_round_trips(seed: int) -> None:
    """gridSpan and vMerge merged cells, labels broken by w:br, runs, blank zeros."""
    rng, edition, values, year = _values(seed)
    report = gr.parse_bytes(render_docx(values, edition, rng, year=year))
    _assert_round_trip(report, values, year)


def test_docx_picture_table_is_reported(tmp_path: Path) -> None:
    rng, edition, values, year = _values(2)
    path = tmp_path / "report.docx"
    path.write_bytes(render_docx(values, edition, rng, year=year, image_table=3))
    report = gr.parse_file(path)
    assert "PARSE-TABLE-IMAGE" in [d.code for d in report.diagnostics]
    assert report.table3 is None
    assert report.table2 is not None and report.table4 is not None


def test_blank_official_template_is_all_blank(corpus_dir: Path) -> None:
    report = gr.parse_file(corpus_dir / "real" / "016.docx")
    records = report.cell_records()
    assert len(records) == 200
    assert {c.value for c in records.values()} == {0}
    assert {c.kind for c in records.values()} == {gr.CellKind.BLANK}
    assert (report.agency, report.year, report.edition) == (None, None, gr.Edition.E2021)
    assert not [d for d in report.diagnostics if d.severity == "error"]
    assert not [d for d in gr.check(report) if d.severity == "error"]


# --- what Word shows, and only that ---------------------------------------------------
# Each test writes some value cells of a generated report in a way Word shows as the
# same number (or as no number surely) and checks the parser reads just that.

_ONE_RUN = "<w:tc><w:tcPr></w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"


def _docx_xml(seed: int = 0) -> tuple[str, dict[str, Value], int, list[str]]:
    """A generated report's document.xml, its values and year, and the addresses of
    table 三's cells written as one run whose number no other cell has (at least two
    digits, so that a digit before or after it is a different number)."""
    rng, edition, values, year = _values(seed)
    xml = zipfile.ZipFile(io.BytesIO(render_docx(values, edition, rng, year=year))).read(
        "word/document.xml"
    )
    text = xml.decode()
    printed = [str(v) for v in values.values()]
    addresses = [
        a
        for a, v in values.items()
        if a.startswith("t3.")
        and len(str(v)) >= 2
        and printed.count(str(v)) == 1
        and text.count(_ONE_RUN.format(v)) == 1
    ]
    assert len(addresses) >= 4
    return text, values, year, addresses


def _with_cells(
    xml: str, values: dict[str, Value], addresses: list[str], write: Callable[[str], str]
) -> str:
    """``xml`` with the cells at ``addresses`` written as ``write(printed)`` (a cell)."""
    for address in addresses:
        xml = xml.replace(_ONE_RUN.format(values[address]), write(str(values[address])))
    return xml


def _cell(paragraph: str) -> str:
    return f"<w:tc><w:tcPr></w:tcPr><w:p>{paragraph}</w:p></w:tc>"


def _run(text: str, properties: str = "") -> str:
    return f"<w:r><w:rPr>{properties}</w:rPr><w:t>{text}</w:t></w:r>"


@pytest.mark.parametrize(
    ("properties", "read"),
    [
        ("<w:vanish/>", lambda printed: int(printed)),
        ('<w:vanish w:val="true"/>', lambda printed: int(printed)),
        ("<w:specVanish/>", lambda printed: int(printed)),
        ('<w:vanish w:val="false"/>', lambda printed: int("1" + printed)),  # shown
        ("<w:webHidden/>", lambda printed: None),  # shown on paper, not in a web view
    ],
)
def test_docx_hidden_text_is_not_read(properties: str, read: Callable[[str], Value]) -> None:
    """A hidden "1" before the printed number is not part of it."""
    xml, values, _, addresses = _docx_xml()
    targets = addresses[:2]
    hidden = _with_cells(xml, values, targets, lambda v: _cell(_run("1", properties) + _run(v)))
    cells = gr.parse_bytes(docx_bytes(hidden)).cells()
    assert {a: cells[a] for a in targets} == {a: read(str(values[a])) for a in targets}


def test_docx_tracked_moves_read_as_shown() -> None:
    """A move's destination (w:moveTo) is read, like an insertion; its source
    (w:moveFrom) is not, like a deletion."""
    xml, values, year, addresses = _docx_xml()
    tracked = 'w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"'
    moved = _with_cells(
        xml,
        values,
        addresses[:2],
        lambda v: _cell(
            f"{_run(v[0])}<w:moveTo {tracked}>{_run(v[1:])}</w:moveTo>"
            f"<w:moveFrom {tracked}>{_run('9')}</w:moveFrom>"
        ),
    )
    moved = _with_cells(
        moved,
        values,
        addresses[2:4],
        lambda v: _cell(f"<w:moveTo {tracked}>{_run(v)}</w:moveTo>"),
    )
    _assert_round_trip(gr.parse_bytes(docx_bytes(moved)), values, year)


def test_docx_bidirectional_and_phonetic_runs_read_as_shown() -> None:
    """Runs inside w:dir and w:bdo are read; of a w:ruby only its base text, not the
    phonetic guide above it."""
    xml, values, year, addresses = _docx_xml()
    ruby = "<w:r><w:ruby><w:rubyPr/><w:rt>{}</w:rt><w:rubyBase>{}</w:rubyBase></w:ruby></w:r>"
    written = _with_cells(
        xml,
        values,
        addresses[:1],
        lambda v: _cell(f'{_run(v[0])}<w:dir w:val="ltr">{_run(v[1:])}</w:dir>'),
    )
    written = _with_cells(
        written,
        values,
        addresses[1:2],
        lambda v: _cell(f'{_run(v[0])}<w:bdo w:val="rtl">{_run(v[1:])}</w:bdo>'),
    )
    written = _with_cells(
        written, values, addresses[2:4], lambda v: _cell(ruby.format(_run("9"), _run(v)))
    )
    _assert_round_trip(gr.parse_bytes(docx_bytes(written)), values, year)


@pytest.mark.parametrize("wrapper", ["sdt", "customXml"])
def test_docx_cells_rows_and_blocks_in_content_controls_keep_their_place(wrapper: str) -> None:
    """A cell, a row or a paragraph inside a content control or custom XML is read in
    its place: the row's other cells do not shift into its column."""
    open_, close = {
        "sdt": ("<w:sdt><w:sdtPr/><w:sdtContent>", "</w:sdtContent></w:sdt>"),
        "customXml": ('<w:customXml w:element="x">', "</w:customXml>"),
    }[wrapper]
    xml, values, year, addresses = _docx_xml()
    wrapped = _with_cells(xml, values, addresses[:3], lambda v: open_ + _ONE_RUN.format(v) + close)
    # A whole row of table 三 (the one of the fourth cell), and the report's title.
    at = wrapped.index(_ONE_RUN.format(values[addresses[3]]))
    start, end = wrapped.rindex("<w:tr>", 0, at), wrapped.index("</w:tr>", at) + len("</w:tr>")
    wrapped = wrapped[:start] + open_ + wrapped[start:end] + close + wrapped[end:]
    title = wrapped.index("<w:p>")
    title_end = wrapped.index("</w:p>", title) + len("</w:p>")
    wrapped = wrapped[:title] + open_ + wrapped[title:title_end] + close + wrapped[title_end:]
    _assert_round_trip(gr.parse_bytes(docx_bytes(wrapped)), values, year)


def test_docx_minus_sign_as_a_symbol_or_non_breaking_hyphen_is_kept() -> None:
    """A 2019 table 二 change printed negative, its minus typed as a non-breaking
    hyphen or inserted as a symbol, is negative; another symbol is not left out."""
    rng, edition, values, year = _values(0)
    assert edition == "2019"
    changes = [a for a in values if a.startswith("t2.") and a.endswith(".change")]
    minus = {a: -(91 + k) for k, a in enumerate(changes[:4])}
    values.update(minus)
    xml = zipfile.ZipFile(io.BytesIO(render_docx(values, edition, rng, year=year))).read(
        "word/document.xml"
    )
    signs = [
        "<w:noBreakHyphen/>",
        '<w:sym w:font="Symbol" w:char="F02D"/>',
        '<w:sym w:font="Symbol" w:char="2212"/>',
        '<w:sym w:font="Times New Roman" w:char="2212"/>',
    ]
    text = xml.decode()
    for value, sign in zip(minus.values(), signs, strict=True):
        # The cell printing the value, however its runs split it.
        printing = [
            cell
            for cell in re.findall(r"<w:tc>.*?</w:tc>", text)
            if "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", cell)) == str(value)
        ]
        assert len(printing) == 1
        text = text.replace(printing[0], _cell(f"<w:r>{sign}<w:t>{-value}</w:t></w:r>"))
    report = gr.parse_bytes(docx_bytes(text))
    cells = report.cells()
    assert {a: cells[a] for a in minus} == minus
    assert [d for d in report.diagnostics if d.severity != "info"] == []
    # A dingbat where a number's digit or sign would be: the cell is not read.
    dingbat = text.replace(
        f"{signs[1]}<w:t>{-minus[changes[1]]}</w:t>",
        f'<w:sym w:font="Wingdings" w:char="F02D"/><w:t>{-minus[changes[1]]}</w:t>',
    )
    assert gr.parse_bytes(docx_bytes(dingbat)).cells()[changes[1]] is None


def test_docx_equation_is_not_read_as_a_blank() -> None:
    """A number written as an equation (Office Math) is not a cell left blank."""
    xml, values, _, addresses = _docx_xml()
    math = "http://schemas.openxmlformats.org/officeDocument/2006/math"
    equation = _with_cells(
        xml,
        values,
        addresses[:1],
        lambda v: _cell(f'<m:oMath xmlns:m="{math}"><m:r><m:t>{v}</m:t></m:r></m:oMath>'),
    )
    assert gr.parse_bytes(docx_bytes(equation)).cells()[addresses[0]] is None


@pytest.mark.parametrize("align", ["superscript", "subscript"])
def test_docx_raised_note_mark_is_not_read_into_the_number(align: str) -> None:
    """A number and a superscript "1" after it (a note mark typed as text) are not
    read as one number: the cell is not read surely.  Nor with the mark before it.  A
    number raised whole, over two runs, is still read."""
    xml, values, _, addresses = _docx_xml()
    raised = f'<w:vertAlign w:val="{align}"/>'
    marked = _with_cells(xml, values, addresses[:2], lambda v: _cell(_run(v) + _run("1", raised)))
    marked = _with_cells(
        marked, values, addresses[2:3], lambda v: _cell(_run("1", raised) + _run(v))
    )
    marked = _with_cells(
        marked, values, addresses[3:4], lambda v: _cell(_run(v[0], raised) + _run(v[1:], raised))
    )
    report = gr.parse_bytes(docx_bytes(marked))
    cells = report.cells()
    assert [cells[a] for a in addresses[:4]] == [None, None, None, values[addresses[3]]]
    unread = [d for d in report.diagnostics if d.code == "PARSE-CELL-UNREADABLE"]
    assert {a for d in unread for a in d.addresses} == set(addresses[:3])


def test_docx_legacy_horizontal_merge_reads_as_a_grid_span() -> None:
    """Two value cells merged with w:hMerge read as the same cells merged with
    w:gridSpan: a value over two columns is not one column's value and the other's 0."""
    xml = _docx_xml()[0]
    pair = re.search(
        r"(<w:tc><w:tcPr></w:tcPr><w:p><w:r><w:t>\d+</w:t></w:r></w:p></w:tc>){2}", xml
    )
    assert pair is not None
    first = re.match(r"<w:tc><w:tcPr></w:tcPr>(.*?</w:p>)</w:tc>", pair[0])
    assert first is not None
    spanned = f'<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>{first[1]}</w:tc>'
    merged = (
        f'<w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr>{first[1]}</w:tc>'
        "<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>"
    )
    reports = [
        gr.parse_bytes(docx_bytes(xml.replace(pair[0], cells))) for cells in (spanned, merged)
    ]
    assert reports[0].cells() == reports[1].cells() != gr.parse_bytes(docx_bytes(xml)).cells()
    assert [d.code for d in reports[0].diagnostics] == [d.code for d in reports[1].diagnostics]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_not_a_zip_is_a_read_error() -> None:
    with pytest.raises(gr.ReadError, match="not a DOCX"):
        gr.parse_bytes(b"PK\x03\x04word/" + b"\x00" * 100)


def test_zip_that_is_not_a_docx_is_a_read_error() -> None:
    with pytest.raises(gr.ReadError, match="not a DOCX"):
        gr.parse_bytes(_zip({"data.csv": b"a,b"}))
    with pytest.raises(gr.ReadError, match=r"no word/document\.xml"):
        gr.parse_bytes(_zip({"word/styles.xml": b"<w/>"}))


def test_legacy_doc_is_a_read_error() -> None:
    with pytest.raises(gr.ReadError, match=r"\.docx"):
        gr.parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def test_zip_bomb_stops_at_the_limit() -> None:
    """50 MB of XML in a 50 KB archive: reading gives up once past the limit, which
    the message states, instead of inflating everything."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as stream:
            stream.write(b"<w:document>")
            for _ in range(50):
                stream.write(b" " * (1 << 20))
    data = buffer.getvalue()
    assert len(data) < 200_000
    with pytest.raises(gr.ReadError, match="zip bomb") as caught:
        gr.parse_bytes(data, limits=gr.Limits(max_bytes=1 << 20))
    assert "max_bytes = 1048576" in str(caught.value)


def test_size_claimed_in_the_zip_header_is_checked_first() -> None:
    data = docx_bytes("<w:document>" + " " * 20_000 + "</w:document>")
    assert len(data) < 1000
    with pytest.raises(gr.ReadError, match=r"unpacked .*max_bytes = 1000"):
        gr.parse_bytes(data, limits=gr.Limits(max_bytes=1000))


def test_entity_expansion_is_refused() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
            for i in range(1, 10)
        )
        + ']><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    with pytest.raises(gr.ReadError, match="entit"):
        gr.parse_bytes(docx_bytes(laughs))


def test_too_many_entries_is_refused() -> None:
    data = docx_bytes("<w:document/>", {f"word/media/{i}.png": b"" for i in range(5)})
    with pytest.raises(gr.ReadError, match=r"entries .*max_docx_entries = 3"):
        gr.parse_bytes(data, limits=gr.Limits(max_docx_entries=3))


def test_malformed_document_xml_is_a_read_error() -> None:
    with pytest.raises(gr.ReadError, match="well-formed"):
        gr.parse_bytes(docx_bytes("<w:document><w:body>"))


# ====================================================================== bytes and files


def test_parse_bytes_wants_bytes() -> None:
    with pytest.raises(TypeError, match="takes bytes"):
        gr.parse_bytes("text")  # type: ignore[arg-type]


def test_parse_file_of_a_missing_file_raises_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        gr.parse_file(tmp_path / "missing.html")


def test_text_file_and_its_bytes_parse_alike(corpus_dir: Path) -> None:
    path = corpus_dir / "real" / "014.txt"
    text = path.read_text(encoding="utf-8")
    assert gr.parse_file(path) == gr.parse(text)
    assert gr.parse_bytes(text.encode("gb18030")) == gr.parse(text)


def test_real_page_cells_point_at_their_text(corpus_dir: Path) -> None:
    path = corpus_dir / "real" / "015.html"
    page = path.read_text(encoding="utf-8")
    report = gr.parse_file(path)
    assert report.cells()["t3.new_received.natural_person"] == 26
    for cell in report.cell_records().values():
        if cell.raw:
            assert cell.offset is not None
            assert page.startswith(cell.raw[0], cell.offset)
    assert isinstance(report.cells()["t2.admin_fees.amount"], Decimal)


# ====================================================================== review regressions

_ROWS = (
    "<tr><td>（一）予以公开<td>1<td>0<td>0<td>0<td>0<td>0<td>1"
    "<tr><td>（七）总计<td>1<td>0<td>0<td>0<td>0<td>0<td>1"
)  # no </td> or </tr>: valid HTML
_BODY = (
    "<p>一、总体情况</p><p>本年度。</p><p>三、收到和处理政府信息公开申请情况</p>"
    f"<table>{_ROWS}</table><p>四、政府信息公开行政复议、行政诉讼情况</p>"
)
_TITLE = "<title>某市2023年政府信息公开工作年度报告</title>"


@pytest.mark.parametrize(
    "page",
    [
        f"<html><head>{_TITLE}</head><body>{_BODY}</body></html>",
        f"<html><head><script src='a.js'/>{_TITLE}</head><body>{_BODY}</body></html>",
        f"<html><head>{_TITLE}</head><body><div style='display:none'><span/></div>{_BODY}",
        f"<html><head><title/></head><body><p>某市2023年政府信息公开工作年度报告</p>{_BODY}",
        f"<html><head>{_TITLE}</head><body><a name='top'>{_BODY}",
        f"<html><head>{_TITLE}</head><body><a href='#'>{_BODY}</a>",
        f"<html><head>{_TITLE}</head><body><![ odd ]>{_BODY}",
        f"<html><head>{_TITLE}</head><body>{'<div>' * 3000}{_BODY}",
        f"<html><head>{_TITLE}</head><body>{'<font>' * 3000}{_BODY}",
    ],
    ids=[
        "plain",
        "script/",
        "hidden span/",
        "title/",
        "a name",
        "body in a link",
        "<![",
        "deep divs",
        "deep fonts",
    ],
)
def test_ordinary_markup_quirks_keep_the_body(page: str) -> None:
    report = gr.parse(page)
    assert report.agency == "某市"
    assert report.cells()["t3.granted.natural_person"] == 1
    assert report.cells()["t3.total.total"] == 1
    assert "PARSE-INTERNAL" not in {d.code for d in report.diagnostics}


def test_cell_offsets_skip_indentation_and_entities() -> None:
    page = (
        f"<html><head>{_TITLE}</head><body><p>三、收到和处理政府信息公开申请情况</p><table><tr>"
        "<td>（一）予以公开</td><td>\n        1\n</td><td>&nbsp;&nbsp;0</td><td></td>"
        "<td>0</td><td>0</td><td>0</td><td>1</td></tr></table></body></html>"
    )
    cells = gr.parse(page).cell_records()
    for address in ("t3.granted.natural_person", "t3.granted.commercial"):
        cell = cells[address]
        assert cell.offset is not None and page[cell.offset] == cell.raw, address
    blank = cells["t3.granted.research"]
    assert blank.kind == gr.CellKind.BLANK
    assert blank.offset is not None and page.startswith("<td></td>", blank.offset)


def test_declared_entities_are_refused_in_any_encoding() -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY t "x">]>'
        '<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&t;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    with pytest.raises(gr.ReadError, match="entit"):
        gr.parse_bytes(docx_bytes(xml.encode("utf-16")))


def test_damaged_docx_is_a_read_error_or_a_report(corpus_dir: Path) -> None:
    """Random bytes changed in the blank template: ReadError, or a report — never
    another exception and never PARSE-INTERNAL (a corrupt deflate stream, an entry
    flagged encrypted, a bad zip version)."""
    data = (corpus_dir / "real" / "016.docx").read_bytes()
    rng = random.Random(1)
    for _ in range(150):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            report = gr.parse_bytes(bytes(damaged))
        except gr.ReadError:
            continue
        assert "PARSE-INTERNAL" not in {d.code for d in report.diagnostics}


def test_a_cell_moved_to_its_place_in_the_source_keeps_every_other_field() -> None:
    """``_parse._relocated`` rebuilds cells field by field (``attrs.evolve`` costs a
    tenth of an HTML page's parse): every field but the place must come through, so a
    field added to ``Cell`` and not to that rebuild fails here."""
    import attrs

    from govinfo_report._core.model import Cell
    from govinfo_report._parse import _relocated
    from govinfo_report._read.blocks import Origin

    marks = {f.alias: object() for f in attrs.fields(Cell)}
    marks["offset"] = 7
    cell = Cell(**marks)  # type: ignore[arg-type]
    origin = Origin(rendered=[0], source=[100], line_starts=[0, 50, 104])
    moved = _relocated(cell, origin)
    assert moved == attrs.evolve(cell, line=3, offset=107)


def test_places_inside_a_named_tuple_are_moved_and_its_kind_kept() -> None:
    from typing import NamedTuple

    from govinfo_report._core.model import Location
    from govinfo_report._parse import _relocated
    from govinfo_report._read.blocks import Origin

    class Pair(NamedTuple):
        where: Location
        name: str

    origin = Origin(rendered=[0], source=[100], line_starts=[0, 50, 104])
    moved = _relocated(Pair(Location(1, 7), "x"), origin)
    assert type(moved) is Pair
    assert moved == Pair(Location(3, 107), "x")


@pytest.mark.parametrize("ending", ["<span>", "<b class=x>", "<font>", "<span style='x'>"])
def test_text_before_a_pages_last_tag_is_read_when_that_tag_ends_nothing(ending: str) -> None:
    """A page (or a cut-off crawl) that ends in an inline start tag: the text before it
    was pending in the tree builder and never written, a silent loss."""
    from govinfo_report._read.html import read_html

    page = "<html><body><p>政府信息公开</p><p>本年新收申请 3 件" + ending
    assert [getattr(b, "text", "") for b in read_html(page).blocks] == [
        "政府信息公开",
        "本年新收申请 3 件",
    ]
