"""The PDF reader (the ``[pdf]`` extra): a PDF's text layer to blocks, with pypdfium2.

pypdfium2 (PDFium, the PDF engine of Chrome, as one binary wheel with no dependencies)
does what only a PDF library can do: open the file, give each character with its box
and baseline, and the lines and images each page draws.  The layout is rebuilt here
from that geometry, in three steps, each n·log n in what a page holds (the table search
is capped, for pathological drawings):

1. **Ruled tables.**  Axis-parallel strokes, and fills thin enough to be lines (Word
   and WPS draw borders both ways), are snapped and merged into horizontal and vertical
   rules.  Rules that touch form a grid; a grid of two cells or more is a table.  Each
   gap between neighbouring rule positions is a *slot*; the cell a slot belongs to is
   found by walking out from it to the nearest rule that covers it on each side, so a
   cell merged over several rows (the vertical "三、本年度办理结果", one character per
   line) is one cell, and a cell left blank is still a cell.  A character belongs to
   the cell of the slot its centre is in, and a cell's lines stay line breaks in it.  A
   table row is the cells with the same top rule, left to right: the rows an HTML table
   with rowspan/colspan gives, which table assembly reads as a stream of labels and
   values.  Numbers on several lines of one cell are one number wrapped in a narrow
   column, or rows whose rule between them is missing (cut along the rows, or read as
   plain lines), or else the cell is unreadable text: never two values made of one.
2. **Everything else** is clustered into lines by baseline.  A line is split where a gap
   wider than about a character stands; a line whose pieces end in numbers is a row (a
   table drawn without rules, read as the text reader reads space-aligned PDF text),
   any other line is a paragraph.  Wrapped prose is joined into one paragraph (the line
   before runs to the right margin and the next starts at the left margin), and so is a
   title centred over two lines, so that a sentence or a title broken over lines reads
   whole.
3. **Page furniture** is removed: page numbers ("- 4 -", "— 5 —", "第3页", a bare number
   counting the pages), a line repeated at the same place at the top or bottom of
   several pages, and a table's header rows repeated at the top of the next page.

The reading direction is the text's, not the page's /Rotate: a landscape table printed
sideways is read upright.  A page with nothing but drawing on it (no text layer) is a
scan, named in one READ-NO-TEXT diagnostic.  Images big enough to be a table pasted as a
picture become image blocks, as in the HTML reader.  PDFium is not thread-safe, so every
call into it holds one lock; the layout work runs outside the lock.
"""

from __future__ import annotations

import ctypes
import importlib
import math
import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import count, pairwise
from statistics import median
from typing import Any, NamedTuple

import regex

from .._core.codes import diagnostic
from .._core.errors import ReadError
from .._core.model import CellKind, Diagnostic
from .._core.normalize import classify
from .blocks import SLOTS, STREAM, Document, Piece, Writer

EXTRA = 'pip install "govinfo-report[pdf]"'

# PDFium keeps global state: calls from two threads at once can crash the process.
_LOCK = threading.Lock()

# --- tolerances, in points (1/72 inch); a report's text is 10-22 pt ------------------
_SNAP = 2.0  # rules this close (a border drawn as a thin filled box) are one rule
_TOUCH = 2.5  # a rule ending this close to another still meets it
_THIN = 3.0  # a filled shape this thin is a rule, not a shaded area
_MIN_RULE = 3.0  # shorter strokes are dots and glyph parts, not rules
_STRAIGHT = 0.5  # a segment this far off the horizontal (vertical) is not a rule
_OPEN_SIDE = 12.0  # rules running this far past a table's last cross rule: an open side
_SLIVER = 4.0  # an empty cell narrower than this is a gap between unaligned rules
# Gaps between neighbouring characters, as shares of the smaller one's height: wider
# than _CELL_GAP separates cells (a column gap, numbers set apart); wider than
# _SPACE_GAP is a space.  Characters whose baselines differ by less than _BASELINE of
# the taller one's height share a line.
_CELL_GAP = 0.8
_SPACE_GAP = 0.2
_BASELINE = 0.35
_NO_SIZE = 0.1  # a character box no higher than this is a glyph drawn with no size
# A digit less than _MARK_SIZE of a neighbour's height, its baseline more than
# _MARK_RISE of that height above or below the neighbour's, is a mark set above or
# below the line (a note mark: "237" and a small raised "1"), not a digit of the number.
_MARK_SIZE = 0.8
_MARK_RISE = 0.03
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
# A cell's inner margin on each side is at most this (Word's and WPS's default is
# 0.19 cm, 5.4 pt): a line of digits this close to filling its cell made the next
# digit wrap onto the line below.
_CELL_MARGIN = 6.0
_IMAGE_MIN = (72.0, 18.0)  # width, height of an image that may be a table or a scan
_ANGLE_SAMPLE = 100  # characters whose angles decide a page's reading direction
# Guards against pathological pages (maps, hatching, millions of segments): past these
# the page's drawing is not searched for tables, and its text is read as lines.
_MAX_SEGMENTS = 50_000
# Form XObjects (drawings placed as a unit, nested in each other) are followed this many
# levels deep, and at most this many objects of a page are looked at, forms and all:
# a hostile file that nests forms deeply, or draws one form many times over in another,
# costs no more than this.
_MAX_FORM_DEPTH = 16
_MAX_OBJECTS = 100_000
_MAX_CROSSINGS = 250_000
_MAX_SLOTS = 10_000

_NUMERIC = frozenset((CellKind.NUMBER, CellKind.DASH))
# Page numbers, as the text reader knows them.
_FOOTER = regex.compile(
    r"[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
)
_PAGE_COUNT = regex.compile(r"(\d{1,4})(?:\s*/\s*\d{1,4})?")
# A line starting like a heading never continues the paragraph before it.
_HEADING_START = regex.compile(
    r"\s*(?:[一二三四五六七八九十]{1,2}\s*、|[（(]\s*[一二三四五六七八九十]{1,2}\s*[）)])"
)
_DIGITS = regex.compile(r"\d+")
_ASCII_WORD = regex.compile(r"[A-Za-z0-9]")


def _library() -> tuple[Any, Any]:
    """pypdfium2 and its raw PDFium bindings.  pypdfium2 ships no type information;
    importing it through ``importlib`` types it ``Any`` in this one place, instead of
    ignore comments whose need depends on whether the extra is installed where the type
    checker runs."""
    try:
        return importlib.import_module("pypdfium2"), importlib.import_module("pypdfium2.raw")
    except ImportError as exc:
        raise ReadError(f"reading a PDF needs the optional PDF support: {EXTRA}") from exc


def read_pdf(data: bytes, diagnostics: list[Diagnostic], *, ocr: bool = False) -> Document:
    """Blocks of a PDF's text layer.  Raises ``ReadError`` when the PDF support is not
    installed, or the file cannot be opened (corrupt, or encrypted with a password).

    ``ocr``: pages without a text layer (scans) are rendered at ``OCR_DPI`` and read
    with the ``[ocr]`` extra (``_read.picture``), and so are the pictures on pages of
    text that hold a table.  The rendering happens under the PDFium lock, the reading
    after it."""
    with _opened(data) as (pdf, raw, error):
        pages = [_extract(pdf, n, raw, error, ocr) for n in range(len(pdf))]
    return _render(pages, diagnostics)


# Pages and pictures are rendered at this resolution for the [ocr] extra: the
# recogniser reads 10.5 pt text well from 200 dpi on.
OCR_DPI = 200


def library_alone(data: bytes) -> list[str]:
    """The PDF library alone: open the file and extract every page's text, in PDFium's
    own order.  The benchmark's floor for ``read_pdf``; raises ``ReadError`` as it does."""
    texts: list[str] = []
    with _opened(data) as (pdf, _, _):
        for number in range(len(pdf)):
            page = pdf[number]
            textpage = page.get_textpage()
            texts.append(str(textpage.get_text_range()))
            textpage.close()
            page.close()
    return texts


@contextmanager
def _opened(data: bytes) -> Iterator[tuple[Any, Any, type[Exception]]]:
    """The open document, pypdfium2's raw module and its error type, under the lock
    (PDFium is not thread-safe); the document is closed after."""
    pdfium, raw = _library()
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise ReadError(_open_error(exc, raw)) from exc
        try:
            yield pdf, raw, pdfium.PdfiumError
        finally:
            pdf.close()


def _open_error(exc: Exception, raw: Any) -> str:
    # pypdfium2 5 says which error in ``err_code``; version 4 only in the message.
    code = getattr(exc, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
        return "the PDF is encrypted with a password; it cannot be read without it"
    if code == raw.FPDF_ERR_SECURITY:
        return "the PDF uses an unsupported security handler; it cannot be read"
    return f"not a readable PDF (corrupt or truncated): {exc}"


# --- what is taken from PDFium (under the lock) ---------------------------------------
#
# All coordinates are reading coordinates: points, x to the right and y *downwards*
# along the text's own direction, so that sorting by (y, x) is reading order.


class _Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float  # y of the baseline
    at: int  # PDFium's index of the character on its page


Rule = tuple[float, float, float]  # (position, start, end): (y, x0, x1) or (x, y0, y1)
Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Point = tuple[float, float]
Transform = Callable[[float, float], Point]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class _Page(NamedTuple):
    chars: list[_Char]
    horizontal: list[Rule]
    vertical: list[Rule]
    images: list[Box]
    drawn: bool  # whether anything at all is drawn on the page
    error: str | None  # why the page could not be read, if it could not
    # With ``ocr``: the page rendered in colour (a scan: no text layer), or its images'
    # crops by their index in ``images`` (pictures pasted in a page of text).
    scan: Any = None
    crops: dict[int, Any] | None = None


def _extract(pdf: Any, number: int, raw: Any, error: type[Exception], ocr: bool = False) -> _Page:
    """One page's characters, rules and images (rendered for ``ocr``: see ``read_pdf``)."""
    try:
        page = pdf[number]
    except error as exc:  # pragma: no cover - PDFium loads even badly damaged pages
        return _Page([], [], [], [], True, str(exc))
    try:
        textpage = page.get_textpage()
        try:
            to_reading, chars = _chars(textpage.raw, raw)
        finally:
            textpage.close()
        horizontal: list[Rule] = []
        vertical: list[Rule] = []
        images: list[Box] = []
        _drawing(page.raw, raw, to_reading, horizontal, vertical, images)
        drawn = int(raw.FPDFPage_CountObjects(page.raw)) > 0
        scan, crops = None, None
        if ocr and drawn and not chars:
            scan = _rendered(page)
        elif ocr and images and to_reading(0.0, 1.0) == (0.0, -1.0):  # an upright page
            whole = _rendered(page)
            scale = OCR_DPI / 72
            crops = {}
            height = float(page.get_height())
            for k, (x0, top, x1, bottom) in enumerate(images):
                # Reading space is page space with y negated: top = -(page y).
                left, right = int(x0 * scale), int(x1 * scale)
                upper, lower = int((height + top) * scale), int((height + bottom) * scale)
                crop = whole[max(0, upper) : max(0, lower), max(0, left) : max(0, right)]
                if crop.size:
                    crops[k] = crop
        return _Page(chars, horizontal, vertical, images, drawn, None, scan, crops)
    except error as exc:  # pragma: no cover - as above
        return _Page([], [], [], [], True, str(exc))
    finally:
        page.close()


def _rendered(page: Any) -> Any:
    """The page at ``OCR_DPI`` in colour (BGR: a seal is told by its red), as a numpy
    array."""
    bitmap = page.render(scale=OCR_DPI / 72)
    array = bitmap.to_numpy()
    return array[:, :, :3].copy()


def _reading(turn: int) -> Transform:
    """Page space (y up) to reading space (y down) for text turned ``turn`` degrees
    counter-clockwise on the page."""
    if turn == 90:
        return lambda x, y: (y, x)
    if turn == 180:
        return lambda x, y: (-x, y)
    if turn == 270:
        return lambda x, y: (-y, -x)
    return lambda x, y: (x, -y)


def _chars(handle: Any, raw: Any) -> tuple[Transform, list[_Char]]:
    """The page's reading direction (that of most of its characters) and its printed
    characters.  White space is left out: PDFium invents spaces and line ends
    ("generated" characters) and real spaces have unreliable boxes; spacing is decided
    from the gaps between the characters' boxes instead."""
    n = int(raw.FPDFText_CountChars(handle))
    rect = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    tight = [ctypes.c_double() for _ in range(4)]
    get_unicode = raw.FPDFText_GetUnicode
    get_box = raw.FPDFText_GetLooseCharBox
    get_origin = raw.FPDFText_GetCharOrigin
    found: list[tuple[str, float, float, float, float, float, float, int]] = []
    turns: Counter[int] = Counter()
    high = 0  # a UTF-16 high surrogate waiting for its low half
    for i in range(n):
        code = int(get_unicode(handle, i))
        if 0xD800 <= code < 0xDC00:
            high = code
            continue
        if 0xDC00 <= code < 0xE000 and high:
            code = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
        high = 0
        if code <= 0x20 or 0xD800 <= code < 0xE000 or code in (0xFFFE, 0xFFFF):
            continue
        text = chr(code)
        if text.isspace() or not get_box(handle, i, rect):
            continue
        get_origin(handle, i, ox, oy)
        box = (rect.left, rect.right, rect.bottom, rect.top)
        if box[0] == box[1] or box[2] == box[3]:
            # PDFium before pypdfium2 5 gives turned text a loose box of no size: the
            # glyph's own box, grown to a square (a CJK glyph's em), stands in.
            box = _glyph_box(handle, i, raw, tight)
        found.append((text, *box, ox.value, oy.value, i))
        if len(found) <= _ANGLE_SAMPLE:
            angle = float(raw.FPDFText_GetCharAngle(handle, i))
            if angle >= 0:  # clockwise, in radians; -1 on failure
                turns[(360 - round(math.degrees(angle) / 90) * 90) % 360] += 1
    to_reading = _reading(turns.most_common(1)[0][0] if turns else 0)
    chars: list[_Char] = []
    for text, left, right, bottom, top, x, y, i in found:
        xa, ya = to_reading(left, top)
        xb, yb = to_reading(right, bottom)
        base = to_reading(x, y)[1]
        chars.append(_Char(text, min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb), base, i))
    return to_reading, chars


def _glyph_box(
    handle: Any, i: int, raw: Any, tight: list[Any]
) -> tuple[float, float, float, float]:
    """A character's tight box grown to a square about its centre: (left, right, bottom,
    top), in page space."""
    raw.FPDFText_GetCharBox(handle, i, *tight)
    left, right, bottom, top = (t.value for t in tight)
    half = max(right - left, top - bottom) / 2
    x, y = (left + right) / 2, (bottom + top) / 2
    return x - half, x + half, y - half, y + half


def _then(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` and then ``outer`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _drawing(
    page: Any,
    raw: Any,
    to_reading: Transform,
    horizontal: list[Rule],
    vertical: list[Rule],
    images: list[Box],
) -> None:
    """Rules (stroked axis-parallel segments, and filled shapes thin enough to be lines)
    and big images of the page.  Objects inside form XObjects are placed through their
    forms' matrices, however many forms there are, up to ``_MAX_FORM_DEPTH`` levels of
    forms inside forms.  Past ``_MAX_SEGMENTS`` path segments, or ``_MAX_OBJECTS``
    objects, the page is given no rules at all."""
    matrix = raw.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    fx, fy = ctypes.c_float(), ctypes.c_float()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    budget = _MAX_SEGMENTS
    rules: list[tuple[Point, Point]] = []

    def place(own: Matrix, to_page: Matrix) -> Transform:
        a, b, c, d, e, f = _then(own, to_page)
        return lambda x, y: to_reading(a * x + c * y + e, b * x + d * y + f)

    def own_matrix(obj: Any) -> Matrix:
        if raw.FPDFPageObj_GetMatrix(obj, matrix):
            return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        return _IDENTITY

    # Containers to visit: (count function, get function, container, its matrix to page,
    # how many forms deep it is).
    form = (raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject)
    stack: list[tuple[Any, Any, Any, Matrix, int]] = [
        (raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, page, _IDENTITY, 0)
    ]
    objects = _MAX_OBJECTS
    while stack:
        count_objects, get_object, container, to_page, depth = stack.pop()
        n = int(count_objects(container))
        objects -= n
        if objects < 0:
            budget = -1  # pathological: no table search on this page
            break
        for k in range(n):
            obj = get_object(container, k)
            kind = int(raw.FPDFPageObj_GetType(obj))
            if kind == raw.FPDF_PAGEOBJ_FORM:
                if depth < _MAX_FORM_DEPTH:
                    stack.append((*form, obj, _then(own_matrix(obj), to_page), depth + 1))
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                # Bounds are in the container's space, already through the image's own
                # matrix.
                if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                    move = place(_IDENTITY, to_page)
                    xa, ya = move(left.value, top.value)
                    xb, yb = move(right.value, bottom.value)
                    box = (min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))
                    if box[2] - box[0] >= _IMAGE_MIN[0] and box[3] - box[1] >= _IMAGE_MIN[1]:
                        images.append(box)
            elif kind == raw.FPDF_PAGEOBJ_PATH and budget > 0:
                segments = int(raw.FPDFPath_CountSegments(obj))
                budget -= segments
                if budget < 0 or not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
                    continue
                filled = fill.value != raw.FPDF_FILLMODE_NONE
                if not (filled or stroke.value):
                    continue  # a clipping path, or one drawn invisible
                move = place(own_matrix(obj), to_page)
                for points, curved, closed in _subpaths(obj, segments, raw, move, fx, fy):
                    if stroke.value and not curved:
                        ring = [*points, points[0]] if closed else points
                        rules.extend(pairwise(ring))
                    elif filled:
                        rule = _thin(points)
                        if rule is not None:
                            rules.append(rule)
    if budget < 0:
        return  # pathological: no table search on this page
    for (x0, y0), (x1, y1) in rules:
        if abs(y1 - y0) <= _STRAIGHT and abs(x1 - x0) >= _MIN_RULE:
            horizontal.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= _STRAIGHT and abs(y1 - y0) >= _MIN_RULE:
            vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _subpaths(
    obj: Any, segments: int, raw: Any, move: Transform, fx: Any, fy: Any
) -> Iterator[tuple[list[Point], bool, bool]]:
    """A path's subpaths: their points (in reading space), whether a curve is part of
    them, and whether they are closed."""
    points: list[Point] = []
    curved = closed = False
    for s in range(segments):
        segment = raw.FPDFPath_GetPathSegment(obj, s)
        if not raw.FPDFPathSegment_GetPoint(segment, fx, fy):
            continue
        point = move(fx.value, fy.value)
        kind = int(raw.FPDFPathSegment_GetType(segment))
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if points:
                yield points, curved, closed
            points, curved, closed = [point], False, False
        else:
            points.append(point)
            curved = curved or kind == raw.FPDF_SEGMENT_BEZIERTO
        if raw.FPDFPathSegment_GetClose(segment):
            closed = True
    if points:
        yield points, curved, closed


def _thin(points: list[Point]) -> tuple[Point, Point] | None:
    """The centre line of a filled shape thin enough to be a rule, or None."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    if y1 - y0 <= _THIN < x1 - x0:
        middle = (y0 + y1) / 2
        return (x0, middle), (x1, middle)
    if x1 - x0 <= _THIN < y1 - y0:
        middle = (x0 + x1) / 2
        return (middle, y0), (middle, y1)
    return None


def _no_text(pages: list[_Page], diagnostics: list[Diagnostic], read: set[int]) -> None:
    """READ-NO-TEXT for the pages with something drawn on them but no text (and none
    read from their pixels: ``read``, by page number): one diagnostic naming them all (a
    scanned report is usually scanned throughout).  A page PDFium could not load is
    named in one of its own."""
    for number, page in enumerate(pages, 1):
        if page.error is not None:  # pragma: no cover - see _extract
            diagnostics.append(
                diagnostic(
                    "READ-NO-TEXT",
                    f"page {number} could not be loaded ({page.error}); its text was not read",
                )
            )
    scans = [
        n
        for n, p in enumerate(pages, 1)
        if p.error is None and p.drawn and not p.chars and n not in read
    ]
    if not scans:
        return
    if len(scans) == 1:
        message = f"page {scans[0]} has no text layer (a scan?); its text was not read"
    elif len(scans) == len(pages):
        message = (
            f"no page has a text layer (a scanned report?); none of its {len(pages)} pages was read"
        )
    else:
        message = f"pages {_ranges(scans)} have no text layer (scans?); their text was not read"
    diagnostics.append(diagnostic("READ-NO-TEXT", message))


def _ranges(numbers: list[int]) -> str:
    """ "1-3, 5" for [1, 2, 3, 5]."""
    parts: list[str] = []
    start = previous = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == previous + 1:
            previous = n
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if n is not None:
            start = previous = n
    return ", ".join(parts)


# --- tables: rules to grids of cells --------------------------------------------------


def _merge(rules: list[Rule]) -> list[Rule]:
    """Rules snapped to shared positions (within ``_SNAP``) and joined where they
    overlap or nearly meet: a border drawn as a thin box, or cell by cell, is one rule."""
    merged: list[Rule] = []
    rules = sorted(rules)
    i = 0
    while i < len(rules):
        j = i
        while j < len(rules) and rules[j][0] - rules[i][0] <= _SNAP:
            j += 1
        position = sum(r[0] for r in rules[i:j]) / (j - i)
        spans = sorted((r[1], r[2]) for r in rules[i:j])
        start, end = spans[0]
        for a, b in spans[1:]:
            if a > end + _TOUCH:
                merged.append((position, start, end))
                start = a
            end = max(end, b)
        merged.append((position, start, end))
        i = j
    return merged


Key = tuple[int, int, int, int]  # a cell: indices of its left, top, right, bottom rules
Spans = list[tuple[float, float]]


class _Grid:
    """A ruled table: its rule positions, and the cell each slot between them is in."""

    def __init__(self, horizontal: list[Rule], vertical: list[Rule]) -> None:
        h_at: dict[float, Spans] = {}
        v_at: dict[float, Spans] = {}
        for y, a, b in horizontal:
            h_at.setdefault(y, []).append((a, b))
        for x, a, b in vertical:
            v_at.setdefault(x, []).append((a, b))
        # A table drawn without its outer border on a side still ends there.
        left = min(a for _, a, _ in horizontal)
        right = max(b for _, _, b in horizontal)
        top = min(a for _, a, _ in vertical)
        bottom = max(b for _, _, b in vertical)
        xs, ys = sorted(v_at), sorted(h_at)
        if xs[0] > left + _OPEN_SIDE:
            v_at[left] = [(ys[0], ys[-1])]
        if xs[-1] < right - _OPEN_SIDE:
            v_at[right] = [(ys[0], ys[-1])]
        if ys[0] > top + _OPEN_SIDE:
            h_at[top] = [(xs[0], xs[-1])]
        if ys[-1] < bottom - _OPEN_SIDE:
            h_at[bottom] = [(xs[0], xs[-1])]
        self.xs = xs = sorted(v_at)
        self.ys = ys = sorted(h_at)
        columns, rows = len(xs) - 1, len(ys) - 1
        self.slots: list[list[Key | None]] = []
        if columns * rows > _MAX_SLOTS:
            return
        v_spans = [v_at[x] for x in xs]
        h_spans = [h_at[y] for y in ys]
        for j in range(rows):
            cy = (ys[j] + ys[j + 1]) / 2
            line: list[Key | None] = []
            for i in range(columns):
                cx = (xs[i] + xs[i + 1]) / 2
                # The nearest rule on each side that reaches the slot's centre line.
                sides = (
                    _nearest(v_spans, cy, range(i, -1, -1)),
                    _nearest(h_spans, cx, range(j, -1, -1)),
                    _nearest(v_spans, cy, range(i + 1, columns + 1)),
                    _nearest(h_spans, cx, range(j + 1, rows + 1)),
                )
                line.append(_key(sides))
            self.slots.append(line)

    def cell_at(self, x: float, y: float) -> Key | None:
        i = bisect_right(self.xs, x) - 1
        j = bisect_right(self.ys, y) - 1
        if 0 <= j < len(self.slots) and 0 <= i < len(self.xs) - 1:
            return self.slots[j][i]
        return None

    def cells(self) -> list[Key]:
        return sorted({key for line in self.slots for key in line if key is not None})


def _key(sides: tuple[int | None, int | None, int | None, int | None]) -> Key | None:
    left, top, right, bottom = sides
    if left is None or top is None or right is None or bottom is None:
        return None  # outside the table (a grid that is not a rectangle)
    return left, top, right, bottom


def _nearest(spans: list[Spans], at: float, order: Iterable[int]) -> int | None:
    for k in order:
        if any(a - _TOUCH <= at <= b + _TOUCH for a, b in spans[k]):
            return k
    return None


def _grids(horizontal: list[Rule], vertical: list[Rule]) -> list[_Grid]:
    """Tables: sets of rules that touch one another, with two cells or more."""
    hs, vs = _merge(horizontal), _merge(vertical)
    if not hs or not vs or len(hs) * len(vs) > _MAX_CROSSINGS:
        return []
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(hs):
        for k, (x, y0, y1) in enumerate(vs, len(hs)):
            if x0 - _TOUCH <= x <= x1 + _TOUCH and y0 - _TOUCH <= y <= y1 + _TOUCH:
                parent[find(i)] = find(k)
    parts: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, rule in enumerate(hs):
        parts.setdefault(find(i), ([], []))[0].append(rule)
    for k, rule in enumerate(vs, len(hs)):
        parts.setdefault(find(k), ([], []))[1].append(rule)
    grids: list[_Grid] = []
    for h_part, v_part in parts.values():
        # A lone box (a framed note, a border around the page) is not a table.
        if len(h_part) >= 2 and len(v_part) >= 2 and max(len(h_part), len(v_part)) >= 3:
            grid = _Grid(h_part, v_part)
            if grid.slots:
                grids.append(grid)
    return grids


# --- text: characters to lines and cells ---------------------------------------------


def _height(char: _Char) -> float:
    return char.bottom - char.top


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters clustered into lines by baseline, each line left to right.  A glyph
    printed twice over itself (fake bold) is kept once."""
    lines: list[list[_Char]] = []
    line: list[_Char] = []
    base = first = 0.0  # the line's first character's baseline and height
    for char in sorted(chars, key=lambda c: (c.base, c.x0)):
        # Measured against the taller of the two: a small mark raised over the line
        # ("237" and its note mark) comes first in baseline order, and the line's own
        # characters must not be held to the mark's small size.
        if line and char.base - base > _BASELINE * max(first, _height(char), 1.0):
            lines.append(line)
            line = []
        if not line:
            base, first = char.base, _height(char)
        line.append(char)
    if line:
        lines.append(line)
    for n, line in enumerate(lines):
        line.sort(key=lambda c: c.x0)
        kept = [line[0]]
        for char in line[1:]:
            last = kept[-1]
            if char.text != last.text or char.x0 - last.x0 >= 0.3 * (last.x1 - last.x0):
                kept.append(char)
        lines[n] = kept
    return lines


def _split(line: list[_Char], apart: float = _CELL_GAP) -> list[tuple[str, int]]:
    """A line's pieces set apart by gaps wider than ``apart`` (a share of the height):
    (text, position of its first character in the line).  Narrower gaps wider than
    ``_SPACE_GAP`` are spaces inside a piece.

    A character drawn with no size (U+FEFF, U+200B: a glyph of no width, whose box is a
    point) makes no gap of its own: the gap is measured between the sized characters
    around it, and it joins the one it stands nearer to.  Measured against its height
    of nothing, any gap at all would split "1", U+FEFF, "2" into two cells, or put a
    space into the number.

    A digit set small above or below the line (``_marks``) is written as the superscript
    or subscript digit it prints, and never starts a piece: "237" and a note mark "1"
    read "237¹", unreadable text, not the number 2371 nor two numbers."""
    marks = _marks(line)
    pieces: list[tuple[str, int]] = []
    parts: list[str] = []
    first = 0
    last: _Char | None = None  # the last character with a size
    pending: list[tuple[int, _Char]] = []  # characters with no size since ``last``
    for n, b in enumerate(line):
        if _height(b) <= _NO_SIZE:
            pending.append((n, b))
            continue
        if last is None:
            parts.extend(c.text for _, c in pending)  # they lead the first piece
        else:
            middle = (last.x1 + b.x0) / 2
            k = sum(1 for _, c in pending if c.x0 < middle)  # sorted by x0: a prefix
            parts.extend(c.text for _, c in pending[:k])
            gap = b.x0 - last.x1
            height = min(_height(last), _height(b))
            if gap > apart * height and n not in marks:
                pieces.append(("".join(parts), first))
                parts, first = [], pending[k][0] if k < len(pending) else n
            elif gap > _SPACE_GAP * height:
                parts.append(" ")
            parts.extend(c.text for _, c in pending[k:])
        pending = []
        parts.append(b.text.translate(marks[n]) if n in marks else b.text)
        last = b
    parts.extend(c.text for _, c in pending)
    pieces.append(("".join(parts), first))
    return pieces


def _marks(line: list[_Char]) -> dict[int, dict[int, int]]:
    """The digits of a line set as marks above or below it, by position, each with
    the ``str.translate`` table that writes it as it prints (a superscript or subscript
    digit): a digit much smaller than a sized character beside it, its baseline raised
    or lowered from that one's.  A digit of another size on the same baseline is still
    a digit."""
    sized = [n for n, c in enumerate(line) if _height(c) > _NO_SIZE]
    marks: dict[int, dict[int, int]] = {}
    for k, n in enumerate(sized):
        char = line[n]
        if not ("0" <= char.text <= "9"):
            continue
        for j in (k - 1, k + 1):
            if not 0 <= j < len(sized):
                continue
            other = line[sized[j]]
            tall = _height(other)
            rise = other.base - char.base  # reading space: y grows downwards
            if _height(char) < _MARK_SIZE * tall and abs(rise) > _MARK_RISE * tall:
                marks[n] = _SUPERSCRIPT if rise > 0 else _SUBSCRIPT
                break
    return marks


def _is_number(text: str) -> bool:
    return classify(text).kind is CellKind.NUMBER


class _Item(NamedTuple):
    """A line of a page: a paragraph, a row (``cells``) or an image (``image``)."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    height: float  # the line's typical character height: its "em"
    text: str  # a paragraph's text, a row's cell texts joined by tabs, an image's name
    cells: list[list[Piece]] | None = None
    grid: int = -1  # the ruled table the item is part of, if it is
    at: int = 0  # PDFium's index of the first character
    image: bool = False
    picture: Any = None  # what the [ocr] extra read in an image or a scanned page


def _line_item(number: int, line: list[_Char]) -> _Item:
    """A line outside ruled tables: a row if it ends in numbers (a table without rules),
    else a paragraph.  As in the text reader, a run of two numbers or more at the end of
    a line, even a space apart, are cells; a single number is a cell only if set apart
    by a column's gap, so prose broken after a number ("共计 95") stays prose."""
    tokens = _split(line, _SPACE_GAP)
    k = _numbers_from(tokens)
    pieces = tokens
    if len(tokens) - k < 2 or not _has_number(tokens, k):
        pieces = _split(line)
        k = _numbers_from(pieces)
    elif k:
        pieces = _split(line[: tokens[k][1]]) + tokens[k:]
        k = len(pieces) - (len(tokens) - k)
    # A label followed by dashes alone ("说明 —") is prose, as in the text reader.
    is_row = k < len(pieces) and _has_number(pieces, k)
    texts = [text for text, _ in pieces]
    return _Item(
        number,
        min(c.top for c in line),
        max(c.bottom for c in line),
        line[0].x0,
        line[-1].x1,
        median(_height(c) for c in line),
        "\t".join(texts) if is_row else " ".join(texts),
        [[(text, line[i].at)] for text, i in pieces] if is_row else None,
        -1,
        line[0].at,
    )


def _has_number(pieces: list[tuple[str, int]], k: int) -> bool:
    """Whether the pieces from ``k`` on hold a number, or there is no label before."""
    return k == 0 or any(_is_number(text) for text, _ in pieces[k:])


def _numbers_from(pieces: list[tuple[str, int]]) -> int:
    """Where the run of numbers and dashes ending the pieces starts."""
    k = len(pieces)
    while k > 0 and classify(pieces[k - 1][0]).kind in _NUMERIC:
        k -= 1
    return k


def _layout(number: int, page: _Page, grid_ids: Iterator[int]) -> list[_Item]:
    """A page's items in reading order: ruled tables' rows, the lines around them, and
    its images."""
    grids = _grids(page.horizontal, page.vertical)
    contents: list[dict[Key, list[_Char]]] = [{key: [] for key in g.cells()} for g in grids]
    free: list[_Char] = []
    for char in page.chars:
        x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        for grid, content in zip(grids, contents, strict=True):
            key = grid.cell_at(x, y)
            if key is not None:
                content[key].append(char)
                break
        else:
            free.append(char)
    items: list[_Item] = []
    for grid, content in zip(grids, contents, strict=True):
        items.extend(_grid_rows(number, grid, content, next(grid_ids), free))
    items.extend(_line_item(number, line) for line in _lines(free))
    for k, (x0, top, x1, bottom) in enumerate(page.images, 1):
        name = f"page {number} image {k}"
        found = None
        crop = None if page.crops is None else page.crops.get(k - 1)
        if crop is not None:
            from .picture import read_pixels

            found = read_pixels(crop, tables_only=True)
            found = found if found.tables else None  # a picture of no table stays one
        items.append(
            _Item(number, top, bottom, x0, x1, bottom - top, name, image=True, picture=found)
        )
    if page.scan is not None:
        from .picture import read_pixels

        found = read_pixels(page.scan)
        if found.items:  # the page's text and tables, read from its pixels
            name = f"page {number}"
            items = [_Item(number, 0.0, 0.0, 0.0, 0.0, 0.0, name, image=True, picture=found)]
    items.sort(key=lambda item: (item.top, item.x0))  # stable: a cell's lines keep order
    return items


def _grid_rows(
    number: int, grid: _Grid, content: dict[Key, list[_Char]], grid_id: int, free: list[_Char]
) -> list[_Item]:
    """The rows of a ruled table: the cells with the same top rule, left to right.

    A cell holding numbers on several lines is one number wrapped in its cell, or a
    stretch of a table whose rows are not ruled, whose row of cells is read as plain
    lines instead, or else unreadable (``_cells``); merged over several rows, it is first
    cut along them (``_unmerged``)."""
    content, blurred = _unmerged(grid, content)
    by_top: dict[int, list[Key]] = {}
    for key, chars in content.items():
        if chars or grid.xs[key[2]] - grid.xs[key[0]] >= _SLIVER:
            by_top.setdefault(key[1], []).append(key)
    items: list[_Item] = []
    for top, keys in sorted(by_top.items()):
        keys.sort()  # left to right: the cells cut by _unmerged come last in ``content``
        chars = [c for key in keys for c in content[key]]
        if not chars:
            continue  # nothing written in the row
        cells = _cells(
            [content[key] for key in keys],
            [grid.xs[key[2]] - grid.xs[key[0]] for key in keys],
            [key in blurred for key in keys],
        )
        if cells is None:
            free.extend(chars)
            continue
        texts = ["".join(text for text, _ in cell) for cell in cells]
        filled = [text for text in texts if text]
        y, bottom = grid.ys[top], max(c.bottom for c in chars)
        x0, x1 = grid.xs[keys[0][0]], grid.xs[keys[-1][2]]
        height = median(_height(c) for c in chars)
        if len(filled) == 1 and classify(filled[0]).kind is None:
            # One label alone in its row (a caption, a sub-table's title): a paragraph
            # per line, as the HTML reader gives it.
            for line in filled[0].split("\n"):
                items.append(_Item(number, y, bottom, x0, x1, height, line, None, grid_id))
            continue
        text = "\t".join(texts)
        items.append(_Item(number, y, bottom, x0, x1, height, text, cells, grid_id, chars[0].at))
    return items


def _unmerged(
    grid: _Grid, content: dict[Key, list[_Char]]
) -> tuple[dict[Key, list[_Char]], set[Key]]:
    """The cells, with each cell merged over several rows that holds numbers on two
    lines or more cut along those rows, and the cells to be read as unreadable text.

    Such a cell is a rule missing between rows of one column ("0" over "977"), each
    line the value of the row it stands in; left whole, the rows below it would be a
    cell short, their values shifted a column over.  It is cut where each row it spans
    holds exactly one of its lines, inside the row's rules.  A number wrapped in the
    cell (``_wrapped``) across a rule stays whole.  Where neither is so (two lines in
    one row, a row with none), or both may be ("1718" over "257": two values, or one
    number wrapped in a cell truly merged), its text is put in every row it spans,
    unreadable."""
    cut: dict[Key, list[_Char]] = {}
    blurred: set[Key] = set()
    for key, chars in content.items():
        left, top, right, bottom = key
        lines = _lines(chars) if chars and bottom - top > 1 else []
        if _numbered([_split(line) for line in lines]) < 2:
            cut[key] = chars
            continue
        rows = _by_row(grid, key, lines)
        wrapped = _wrapped(lines, grid.xs[right] - grid.xs[left]) is not None
        if rows is None and wrapped:
            cut[key] = chars
            continue
        for j in range(top, bottom):
            row = (left, j, right, j + 1)
            if rows is not None and not wrapped:
                cut[row] = rows[j]
            else:
                cut[row] = chars
                blurred.add(row)
    return cut, blurred


def _by_row(grid: _Grid, key: Key, lines: list[list[_Char]]) -> dict[int, list[_Char]] | None:
    """The lines of a cell merged over several rows, by the row each stands in, where
    each of those rows holds exactly one, inside its rules; else None."""
    _, top, _, bottom = key
    rows: dict[int, list[_Char]] = {}
    for line in lines:
        upper, lower = min(c.top for c in line), max(c.bottom for c in line)
        j = bisect_right(grid.ys, (upper + lower) / 2) - 1
        if j in rows or not top <= j < bottom:
            return None
        if upper < grid.ys[j] - _TOUCH or lower > grid.ys[j + 1] + _TOUCH:
            return None  # the line stands across a rule: which row it is in is not sure
        rows[j] = line
    return rows if len(rows) == bottom - top else None


def _numbered(lines: list[list[tuple[str, int]]]) -> int:
    """How many of the lines, split into pieces (``_split``), hold a number."""
    return sum(1 for line in lines if any(_is_number(text) for text, _ in line))


def _cells(
    contents: list[list[_Char]], widths: list[float], blurred: list[bool]
) -> list[list[Piece]] | None:
    """The pieces of a row's cells (a cell's lines separated by "\\n" pieces), given
    each cell's characters, width, and whether it is unreadable (``_unmerged``); None
    if the row is a stretch of rows with no rules between them (``_unruled``).

    A cell holding numbers on two lines or more is one number wrapped in its cell where
    ``_wrapped`` says so and another cell of the row holds its number on one line (the
    row is one line of values, not several); else it is its text, unreadable: never the
    halves of one number as two values, nor two values as one cell's."""
    cells: list[list[Piece]] = []
    wrapped: list[tuple[int, list[Piece]]] = []  # where a number was joined; its text
    stacked = False  # a cell holds numbers on several lines that are not one number
    single = False  # a cell holds a number on one line
    lines_of_words = False  # a cell holds words on several lines: maybe rows' labels
    for chars, width, blur in zip(contents, widths, blurred, strict=True):
        if not chars:
            cells.append([])
            continue
        lines = _lines(chars)
        split = [[(text, line[i].at) for text, i in _split(line)] for line in lines]
        numbered = _numbered(split)
        pieces: list[Piece] = []
        for line in split:
            if pieces:
                pieces.append(("\n", line[0][1]))
            pieces.append((" ".join(text for text, _ in line), line[0][1]))
        if blur or numbered >= 2:
            number = None if blur else _wrapped(lines, width)
            if number is None:
                stacked = True
                cells.append(pieces)
            else:
                wrapped.append((len(cells), pieces))
                cells.append([(number, lines[0][0].at)])
            continue
        single = single or numbered == 1
        lines_of_words = lines_of_words or (not numbered and len(split) > 1)
        if len(split) == 1 and len(split[0]) > 1 and numbered:
            # Numbers set apart in one cell: a column rule is missing.  Each is a cell.
            cells.extend([piece] for piece in split[0])
            continue
        cells.append(pieces)
    if wrapped and lines_of_words:
        # Labels on several lines beside numbers on several ("1.属于国家秘密" over "2.其他…",
        # "12" over "3"): rows whose rule between them is missing as likely as one row
        # whose label and numbers both wrapped.  Nothing is joined.
        stacked = True
    if stacked and not any(blurred) and _unruled([c for chars in contents for c in chars]):
        return None
    if stacked or not single:
        # Not a row of one line of values: its wrapped numbers may as well be rows'.
        for at, pieces in wrapped:
            cells[at] = pieces
    return cells


def _wrapped(lines: list[list[_Char]], width: float) -> str | None:
    """The number a cell of ``width`` prints over its lines, wrapped as Word wraps a
    number too wide for a narrow column ("3016" over "5": "30165"); None where its
    lines are not that.  Each line is digits alone (a separator among them), the first
    line two characters or more and not starting with 0; each line but the last is
    full, so that the next line's first character would not have fitted after it in
    the cell's width less its margins (``_CELL_MARGIN``), and has the next right below."""
    if len(lines) < 2:
        return None
    texts: list[str] = []
    for line in lines:
        text = "".join(c.text for c in line)
        if not all("0" <= ch <= "9" or ch in ",." for ch in text):
            return None
        if len(_split(line, _SPACE_GAP)) > 1:
            return None  # digits a space apart are not one number's
        texts.append(text)
    if len(texts[0]) < 2 or not "1" <= texts[0][0] <= "9":
        return None
    # Measured in the first line's advance from digit to digit: boxes are wider than
    # that, and overlap.
    pitch = (lines[0][-1].x0 - lines[0][0].x0) / (len(lines[0]) - 1)
    room = width - 2 * _CELL_MARGIN
    for line, below in pairwise(lines):
        if (len(line) + 1) * pitch <= room:
            return None  # there was room for one more character: not wrapped
        height = max(_height(c) for c in line)
        if min(c.top for c in below) - max(c.bottom for c in line) > 2 * height:
            return None  # a paragraph apart, not the line below
    number = "".join(texts)
    return number if _is_number(number) else None


def _unruled(chars: list[_Char]) -> bool:
    """Whether a ruled row's characters are rows of a table with no rules between them
    (a cell holding "行政处罚" over "行政强制", the next "0" over "9"): every line of them
    that holds numbers holds as many, and starts with a label where that is one number
    (a label wrapped over two lines may leave a row of numbers between its halves).  A
    number alone on its line beside rows of several (half of a number wrapped in its
    cell, the value of the row below in a cell whose rule below is missing) is no row."""
    counts: set[int] = set()
    labelled = True
    for line in _lines(chars):
        # Split at spaces too, as _line_item reads a line's run of numbers: columns set
        # close may leave two numbers a space apart.
        pieces = _split(line, _SPACE_GAP)
        numbers = sum(1 for text, _ in pieces if _is_number(text))
        if numbers:
            counts.add(numbers)
            labelled = labelled and classify(pieces[0][0]).kind is None
    return len(counts) == 1 and (labelled or counts != {1})


# --- page furniture, paragraphs, and the document ------------------------------------


def _render(pages: list[_Page], diagnostics: list[Diagnostic]) -> Document:
    grid_ids = count()
    per_page = [_layout(n, page, grid_ids) for n, page in enumerate(pages, 1)]
    read = {items[0].page for items in per_page if items and items[0].picture is not None}
    _no_text(pages, diagnostics, read)
    _drop_furniture(per_page)
    _drop_repeated_headers(per_page)
    items = [item for page_items in per_page for item in page_items]
    writer = Writer()
    for run in _paragraphs(items):
        first = run[0]
        if first.image:
            if first.picture is None:
                writer.image(first.text, first.at)
            else:
                from .picture import write_picture

                write_picture(writer, first.picture, first.at, first.text, first.page)
        elif first.cells is not None:
            # A ruled table's cells are slots (merged cells are not followed); a line of
            # numbers' cells are not.
            writer.row(first.cells, first.at, SLOTS if first.grid >= 0 else STREAM)
        else:
            pieces: list[Piece] = [(first.text, first.at)]
            for a, b in pairwise(run):
                if _ASCII_WORD.match(a.text[-1]) and _ASCII_WORD.match(b.text[0]):
                    pieces.append((" ", b.at))  # "see" + "http" is "see http", not "seehttp"
                pieces.append((b.text, b.at))
            writer.paragraph(pieces)
    return writer.document()


def _edge_lines(items: list[_Item]) -> list[int]:
    """Positions of the first two and the last two lines of a page outside tables:
    where running headers, footers and page numbers stand."""
    outside = [i for i, item in enumerate(items) if item.grid < 0 and not item.image]
    return sorted(set(outside[:2] + outside[-2:]))


def _drop_furniture(per_page: list[list[_Item]]) -> None:
    """Remove page numbers, and running headers and footers, from every page."""
    drop: list[set[int]] = [set() for _ in per_page]
    for page_items, dropped in zip(per_page, drop, strict=True):
        for i, item in enumerate(page_items):
            # "- 4 -", "第3页" anywhere outside tables, as the text reader drops them.
            if item.grid < 0 and not item.image and _FOOTER.fullmatch(_plain(item)):
                dropped.add(i)
    # A bare number ("5", "5/6") at an edge of a page, where it counts the pages: its
    # difference from the page's own number is 0, or the same on two pages or more.
    bare: list[tuple[int, int, int]] = []  # (page, item, number printed - page number)
    for p, page_items in enumerate(per_page):
        for i in _edge_lines(page_items):
            m = _PAGE_COUNT.fullmatch(_plain(page_items[i]))
            if m is not None and i not in drop[p]:
                bare.append((p, i, int(m[1]) - (p + 1)))
    offsets = Counter(offset for _, _, offset in bare)
    for p, i, offset in bare:
        if offset == 0 or offsets[offset] >= 2:
            drop[p].add(i)
    # Running headers and footers: the same words (numbers aside) at an edge of two
    # pages or more, at the same height.  Rows are left alone: two pages may well start
    # with rows of numbers alike once their digits are masked.
    where: dict[str, list[tuple[float, int, int]]] = {}  # words -> (top, page, item)
    for p, page_items in enumerate(per_page):
        for i in _edge_lines(page_items):
            if i not in drop[p] and page_items[i].cells is None:
                words = _DIGITS.sub("#", _plain(page_items[i]))
                where.setdefault(words, []).append((page_items[i].top, p, i))
    for places in where.values():
        places.sort()
        tops = [top for top, _, _ in places]
        for top, p, i in places:
            lo, hi = bisect_left(tops, top - _SNAP), bisect_right(tops, top + _SNAP)
            if any(q != p for _, q, _ in places[lo:hi]):
                drop[p].add(i)
    for p, dropped in enumerate(drop):
        if dropped:
            per_page[p] = [item for i, item in enumerate(per_page[p]) if i not in dropped]


def _plain(item: _Item) -> str:
    """An item's text without spaces and tabs, to compare furniture by."""
    return "".join(item.text.split())


def _drop_repeated_headers(per_page: list[list[_Item]]) -> None:
    """A table running on over a page break often repeats its header rows at the top of
    the next page ("repeat as header row").  The rows a table at the top of a page
    starts with that equal, in order, the rows that the table the page before ended
    with started with, and that hold no number, are dropped."""
    for p in range(1, len(per_page)):
        before, page_items = per_page[p - 1], per_page[p]
        if not before or not page_items or before[-1].grid < 0 or page_items[0].grid < 0:
            continue
        header = [item.text for item in before if item.grid == before[-1].grid]
        grid = page_items[0].grid
        k = 0
        while (
            k < min(len(page_items), len(header))
            and page_items[k].grid == grid
            and page_items[k].text == header[k]
            and not any(_is_number(text) for text in header[k].split("\t"))
        ):
            k += 1
        if 0 < k < len(page_items):
            per_page[p] = page_items[k:]


def _paragraphs(items: list[_Item]) -> list[list[_Item]]:
    """Items in runs: a paragraph with the lines that continue it, or a row or an image
    alone.  The margins are the commonest line ends and starts of the document's prose:
    justified text ends every full line at one place."""
    prose = [i for i in items if i.cells is None and i.grid < 0 and len(i.text) >= 8]
    ends = Counter(round(i.x1) for i in prose).most_common(1)
    starts = Counter(round(i.x0) for i in prose).most_common(1)
    runs: list[list[_Item]] = []
    margins = (starts[0][0], ends[0][0]) if ends and starts and ends[0][1] >= 3 else None
    for item in items:
        if runs and margins is not None and _continues(runs[-1][-1], item, *margins):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _continues(a: _Item, b: _Item, left: float, right: float) -> bool:
    """Whether line ``b`` continues the paragraph of line ``a``: ``a`` runs to the right
    margin and ``b`` starts at the left one, at line spacing or at the top of the next
    page; or both are centred lines of one size (a title set over two lines).  A line
    that starts like a heading starts a paragraph."""
    if a.cells is not None or b.cells is not None or a.image or b.image:
        return False
    if a.grid >= 0 or b.grid >= 0 or _HEADING_START.match(b.text):
        return False
    wrapped = a.x1 >= right - a.height and b.x0 <= left + b.height / 2
    if b.page != a.page:
        return wrapped and b.page == a.page + 1
    if b.top - a.bottom > a.height:
        return False  # paragraph spacing, or something between the two
    middle = (left + right) / 2
    centred = (
        abs(a.height - b.height) <= 0.05 * a.height
        and a.x0 > left + 2 * a.height
        and abs((a.x0 + a.x1) / 2 - middle) <= a.height / 2
        and abs((b.x0 + b.x1) / 2 - middle) <= b.height / 2
    )
    return wrapped or centred
