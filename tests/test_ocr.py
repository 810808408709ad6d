"""Tables pasted as pictures, read with the ``[ocr]`` extra.

The pictures are drawn here (``picture_render``): the statutory tables with merged
header cells, as Word-like screenshots (96-150 dpi, JPEG, blur) and page scans (200-300
dpi, noise, tilt), then given alone, embedded in a DOCX, as a scanned PDF page and as
an HTML page's local and ``data:`` images.  What must hold: no value of table 三 or 四
is wrong (a cell is right, or None with a diagnostic); table 二's cells are right on the
clean styles, and each carries the warning that no sum checks it; every cell read from
a picture says so; and no network is used.

Without the extra (or a CJK font to draw with) these tests are skipped, except where
``GOVINFO_REQUIRE_OCR`` is set (``.ci/run`` sets it): there they fail.
"""

from __future__ import annotations

import base64
import io
import os
import random
import socket
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report._read import picture

_REASON = None
if not picture.ocr_available():
    _REASON = 'the [ocr] extra is not installed (pip install -e ".[test,ocr]")'
else:
    try:
        from picture_render import (
            CJK_FONT,
            CLEAN_STYLES,
            STYLES,
            PictureStyle,
            draw_table,
            example_values,
            score_table,
            stamp_seal,
            table_grids,
            table_picture,
        )
    except ImportError:  # pragma: no cover - Pillow is a test dependency
        _REASON = "Pillow is not installed"
    else:
        if CJK_FONT is None:
            _REASON = "no CJK font to draw tables with (apt-get install fonts-wqy-zenhei)"

if _REASON is not None:
    if os.environ.get("GOVINFO_REQUIRE_OCR"):
        raise RuntimeError(f"GOVINFO_REQUIRE_OCR is set, but {_REASON}")
    pytest.skip(_REASON, allow_module_level=True)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any attempt to reach the network fails the test: the models are in the wheel."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the [ocr] extra tried to use the network: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


def _score(
    report: gr.Report, values: Mapping[str, object], prefix: str
) -> tuple[int, list[str], int]:
    """(right, wrong cells described, None) over the cells of one table."""
    return score_table(report.cells(), values, prefix)  # type: ignore[arg-type]


def _style(name: str) -> PictureStyle:
    return next(s for s in STYLES if s.name == name)


@pytest.mark.parametrize("style", [s.name for s in STYLES])
@pytest.mark.parametrize("table", [3, 4])
def test_a_picture_of_table_3_or_4_reads_every_cell_right_or_none(style: str, table: int) -> None:
    values = example_values(40 + table)
    data = table_picture(table, values, "2021", _style(style), 40)
    report = gr.parse_bytes(data, ocr=True)
    right, wrong, unread = _score(report, values, f"t{table}.")
    assert wrong == [], f"{style}: a value read wrong from a picture"
    # Measured: every cell of every style is read (benchmarks/ocr.py); a cell that
    # could not be read surely would be None, never a guess.
    assert unread == 0 and right == (175 if table == 3 else 15)
    address = "t3.new_received.total" if table == 3 else "t4.review.total"
    cell = report.cell_records()[address]
    assert cell.picture is not None and cell.picture.image == "picture"
    assert cell.picture.page is None and cell.picture.confidence is not None
    x0, y0, x1, y1 = cell.picture.box
    assert 0 <= x0 < x1 and 0 <= y0 < y1
    assert [d.code for d in report.diagnostics].count("PARSE-OCR") == 1


@pytest.mark.parametrize("style", [s.name for s in CLEAN_STYLES])
def test_table_2_in_a_clean_picture_is_read_and_flagged_unchecked(style: str) -> None:
    values = example_values(51)
    report = gr.parse_bytes(table_picture(2, values, "2021", _style(style), 51), ocr=True)
    right, wrong, unread = _score(report, values, "t2.")
    assert (right, wrong, unread) == (10, [], 0)
    [unchecked] = [d for d in report.diagnostics if d.code == "PARSE-OCR-UNCHECKED"]
    assert unchecked.severity is gr.Severity.WARNING
    assert len(unchecked.addresses) == 10 and "no sums" in unchecked.message


def test_a_docx_with_its_tables_pasted_as_screenshots() -> None:
    from markup import render_docx

    values = example_values(60)
    style = _style("screenshot-120-jpeg")
    pictures = {n: table_picture(n, values, "2021", style, 60) for n in (2, 3, 4)}
    report = gr.parse_bytes(render_docx(values, "2021", random.Random(60), pictures=pictures))
    assert report.agency == "示例县示例镇人民政府" and report.year == 2023
    assert report.cells() == values
    pictured = [c for c in report.cell_records().values() if c.picture is not None]
    assert len(pictured) == 200
    assert {c.picture.image for c in pictured if c.picture} == {"图片2", "图片3", "图片4"}
    assert "PARSE-TABLE-IMAGE" not in [d.code for d in report.diagnostics]
    assert [d.code for d in gr.check(report) if d.severity is gr.Severity.ERROR] == []
    # to_dict carries the picture readings and reads back equal
    assert gr.Report.from_json(report.to_json()) == report


def test_a_table_split_over_two_pictures_is_read_as_one() -> None:
    """Table 三 pasted as two screenshots (its header and first rows, then the rest):
    the rows of both join in one stream, as a table split over two pages does."""
    from markup import render_docx

    values = example_values(68)
    style = _style("screenshot-96")
    grid = table_grids(values, "2021", random.Random(68))[3]
    parts = []
    for rows in (grid.rows[:5], grid.rows[5:]):
        buffer = io.BytesIO()
        draw_table(3, type(grid)(rows, grid.width), style).save(buffer, format="PNG")
        parts.append(buffer.getvalue())
    assert table_grids(values, "2021", random.Random(68))[3].rows[5].covered == 0
    data = render_docx(values, "2021", random.Random(68), pictures={3: parts})
    report = gr.parse_bytes(data, ocr=True)
    right, wrong, unread = _score(report, values, "t3.")
    assert (right, wrong, unread) == (175, [], 0)
    images = {c.picture.image for c in report.cell_records().values() if c.picture}
    assert images == {"图片3", "图片3-2"}


def test_a_scanned_pdf_page() -> None:
    from PIL import Image

    values = example_values(61)
    scan = table_picture(3, values, "2021", _style("scan-200"), 61)
    buffer = io.BytesIO()
    Image.open(io.BytesIO(scan)).convert("L").save(buffer, "PDF", resolution=200)
    report = gr.parse_bytes(buffer.getvalue(), ocr=True)
    right, wrong, unread = _score(report, values, "t3.")
    assert wrong == [] and right + unread == 175 and right >= 170
    cell = report.cell_records()["t3.total.total"]
    assert cell.picture is not None and cell.picture.page == 1
    assert "READ-NO-TEXT" not in [d.code for d in report.diagnostics]
    # Without the extra's reading, the page is a scan whose text was not read.
    plain = gr.parse_bytes(buffer.getvalue(), ocr=False)
    assert "READ-NO-TEXT" in [d.code for d in plain.diagnostics]


def test_an_html_page_with_a_local_and_a_data_picture(tmp_path: Path) -> None:
    values = example_values(62)
    style = _style("screenshot-96")
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "t3.png").write_bytes(table_picture(3, values, "2021", style, 62))
    inline = base64.b64encode(table_picture(4, values, "2021", style, 62)).decode()
    outside = tmp_path.parent / "outside.png"
    outside.write_bytes(table_picture(2, values, "2021", style, 62))
    page = (
        "<!DOCTYPE html><html><body><h1>示例县示例镇人民政府2023年政府信息公开工作年度报告</h1>"
        "<p>二、主动公开政府信息情况</p><p><img src='../outside.png'>"
        "<img src='http://example.com/t2.png'></p>"
        "<p>三、收到和处理政府信息公开申请情况</p><p><img src='page_files/t3.png' alt='表三'></p>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p>"
        f"<p><img src='data:image/png;base64,{inline}'></p>"
        "</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    report = gr.parse_file(path, ocr=True)
    for prefix in ("t3.", "t4."):
        _, wrong, unread = _score(report, values, prefix)
        assert wrong == [] and unread == 0
    # A file outside the page's folder and a network address are never read.
    assert report.table2 is None
    assert "PARSE-TABLE-IMAGE" in [d.code for d in report.diagnostics]
    total = report.cell_records()["t3.total.total"].picture
    assert total is not None and total.image == "表三"
    # parse_bytes has no folder: only the data: picture is read.
    by_bytes = gr.parse_bytes(path.read_bytes(), ocr=True)
    assert by_bytes.table3 is None and by_bytes.table4 is not None


def test_a_broken_relation_in_a_picture_is_named_a_likely_misread() -> None:
    values = dict(example_values(63))
    values["t3.new_received.natural_person"] = (
        int(str(values["t3.new_received.natural_person"])) + 1
    )
    report = gr.parse_bytes(table_picture(3, values, "2021", _style("screenshot-96"), 63), ocr=True)
    assert (
        report.cells()["t3.new_received.natural_person"] == values["t3.new_received.natural_person"]
    )
    broken = [d for d in gr.check(report) if "t3.new_received.natural_person" in d.addresses]
    assert broken and all("read from a picture" in d.message for d in broken)
    assert any("box " in d.message for d in broken)


def test_a_smudged_number_is_none_never_a_guess() -> None:
    from PIL import ImageDraw

    values = example_values(64)
    rng = random.Random(64)
    grid = table_grids(values, "2021", rng)[4]
    image = draw_table(4, grid, _style("screenshot-96"))
    # Scribble over the last row's first cell (t4.review.upheld).
    height = image.size[1]
    draw = ImageDraw.Draw(image)
    for k in range(6):
        draw.line([(24 + 3 * k, height - 42), (70 - 2 * k, height - 24)], fill=0, width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    report = gr.parse_bytes(buffer.getvalue(), ocr=True)
    cell = report.cell_records()["t4.review.upheld"]
    assert cell.value is None or cell.value == values["t4.review.upheld"]
    _, wrong, _ = _score(report, values, "t4.")
    assert wrong == []


def test_blank_cells_read_as_blank() -> None:
    values = {a: (0 if a.startswith("t4.litigation") else v) for a, v in example_values(65).items()}
    grid = table_grids(values, "2021", random.Random(65))[4]
    buffer = io.BytesIO()
    draw_table(4, grid, _style("screenshot-96"), blank_zeros=True).save(buffer, format="PNG")
    report = gr.parse_bytes(buffer.getvalue(), ocr=True)
    cell = report.cell_records()["t4.litigation_direct.total"]
    assert cell.value == 0 and cell.kind is gr.CellKind.BLANK and cell.picture is not None
    _, wrong, unread = _score(report, values, "t4.")
    assert (wrong, unread) == ([], 0)


def test_light_grey_ruling_lines_are_found() -> None:
    """Word's light-grey grid (an adversary's case: the lines were lost next to text, rows
    merged, and other rows' values placed by order, with every row sum still holding)."""
    values = example_values(69)
    style = PictureStyle("grey-lines", line_fill=210)
    report = gr.parse_bytes(table_picture(3, values, "2021", style, 69), ocr=True)
    assert _score(report, values, "t3.") == (175, [], 0)


def test_a_lost_ruling_line_gives_none_never_another_rows_values() -> None:
    """Two rows' value cells merged (a faded line): each holds two numbers; neither row
    is read from them, and no row takes their values by its place."""
    values = example_values(70)
    grid = table_grids(values, "2021", random.Random(70))[3]
    buffer = io.BytesIO()
    draw_table(3, grid, _style("screenshot-96"), missing_line=len(grid.rows) - 6).save(
        buffer, format="PNG"
    )
    report = gr.parse_bytes(buffer.getvalue(), ocr=True)
    right, wrong, unread = _score(report, values, "t3.")
    assert wrong == [] and unread >= 7 and right >= 150


@pytest.mark.parametrize("zero", ["—", "/", "－"])
def test_zeros_printed_as_a_dash_or_a_slash_are_zero(zero: str) -> None:
    """The recogniser reads "—" as the Chinese 一 and "/" as 1 (an adversary's case: the
    row's numbers then slid into other columns, silently): a dash alone, or a slash
    alone, is told by its ink's shape."""
    values = example_values(71)
    grid = table_grids(values, "2021", random.Random(71))[3]
    buffer = io.BytesIO()
    draw_table(3, grid, _style("screenshot-96"), zero=zero).save(buffer, format="PNG")
    report = gr.parse_bytes(buffer.getvalue(), ocr=True)
    right, wrong, _ = _score(report, values, "t3.")
    assert wrong == [] and right >= 165
    zeros = [c for c in report.cell_records().values() if c.raw in ("—", "/")]
    assert zeros and all(c.value == 0 and c.kind is gr.CellKind.DASH for c in zeros)


def test_a_red_seal_over_the_table_never_gives_a_wrong_number() -> None:
    """Digits under a half-transparent seal turn red; taking the red away must not make
    them blank (0), and the seal's characters must not become labels."""
    values = example_values(72)
    grid = table_grids(values, "2021", random.Random(72))[3]
    buffer = io.BytesIO()
    stamp_seal(draw_table(3, grid, _style("screenshot-96"))).save(buffer, format="PNG")
    report = gr.parse_bytes(buffer.getvalue(), ocr=True)
    right, wrong, _ = _score(report, values, "t3.")
    assert wrong == [] and right >= 100


def test_table_2_minus_signs_and_points_are_read_or_none() -> None:
    """Table 二 has no sums: a dropped minus sign ("-7" as 7) or decimal point ("0.6" as
    6) would stand unseen.  The ink's marks must show in the reading."""
    for seed in (2, 8):
        values = example_values(seed, "2019")
        report = gr.parse_bytes(table_picture(2, values, "2019", _style("screenshot-96"), seed))
        _, wrong, _ = _score(report, values, "t2.")
        assert wrong == []
        negative = [a for a, v in values.items() if a.startswith("t2.") and v < 0]
        assert negative


def test_a_strip_no_table_and_no_exception() -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (100_000, 100), 255).save(buffer, format="PNG")
    report = gr.parse_bytes(buffer.getvalue(), ocr=True)
    assert [d.code for d in report.diagnostics] == ["READ-IMAGE"]


def test_a_picture_over_the_pixel_limit_is_not_decoded() -> None:
    data = table_picture(4, example_values(66), "2021", _style("screenshot-96"), 66)
    report = gr.parse_bytes(data, ocr=True, limits=gr.Limits(max_picture_pixels=1000))
    [said] = [d for d in report.diagnostics if d.code == "READ-LIMIT"]
    assert "max_picture_pixels" in said.message


def test_ocr_false_and_a_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    data = table_picture(4, example_values(67), "2021", _style("screenshot-96"), 67)
    off = gr.parse_bytes(data, ocr=False)
    [said] = off.diagnostics
    assert said.code == "READ-IMAGE" and "[ocr]" in said.message
    monkeypatch.setattr(picture, "ocr_available", lambda: False)
    missing = gr.parse_bytes(data)
    assert [d.code for d in missing.diagnostics] == ["READ-IMAGE"]
    assert 'pip install "govinfo-report[ocr]"' in missing.diagnostics[0].message
    with pytest.raises(gr.ReadError, match=r"\[ocr\]"):
        gr.parse_bytes(data, ocr=True)


def test_the_review_page_marks_cells_read_from_a_picture() -> None:
    values = example_values(73)
    report = gr.parse_bytes(table_picture(4, values, "2021", _style("screenshot-96"), 73))
    html = gr.review_html([report])
    marked = html.count('<td class="cell picture"')
    assert marked == 15  # every cell of table 四, and no other
    assert "t4.review.total" in html and "box " in html


def test_bold_touching_digits_are_not_taken_for_a_slash() -> None:
    """Digits that touch make one leaning mark (an adversary's case: 977 and 577 read as
    "/", that is 0, with their row's total read 0 as well, so the row still added up)."""
    from PIL import ImageFilter

    values = example_values(1)
    grid = table_grids(values, "2021", random.Random(1))[3]
    image = draw_table(3, grid, PictureStyle("bold", 1.25, line=3)).filter(ImageFilter.MinFilter(3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    report = gr.parse_bytes(buffer.getvalue(), ocr=True)
    right, wrong, _ = _score(report, values, "t3.")
    assert wrong == [] and right >= 100
    slashes = [a for a, c in report.cell_records().items() if c.raw == "/"]
    assert slashes == []
