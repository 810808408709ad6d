"""Tables pasted as pictures, read offline: the ``[ocr]`` extra.

A picture (a PNG or JPEG file, a picture in a DOCX, a scanned PDF page) becomes the
same blocks every other reader makes: paragraphs for the text outside tables, and a
grid row per table row whose cells keep their slots.  So a table read from a picture
goes through the same outline and assembly as one read from markup: its labels are
matched, never assumed, and its rows must add up where their slots leave a doubt.

How a picture is read (measured on renders of the statutory tables, see
``benchmarks/ocr.py``):

1. **Ruling lines** find the cells.  The picture is thresholded, and the lines are
   the runs that survive opening with a horizontal run at least twice the text's height
   or a vertical run at least its height.  Each cell, merged ones included, is a
   connected region of what is not line; clustered edges give each its row and column
   and its spans.  A tilt of a few tenths of a degree (a scan) is measured on the
   horizontal lines and turned back first.
2. **Whole-picture recognition** (rapidocr's PP-OCR models on onnxruntime, shipped in
   the wheel, so no network is used; its angle classifier off, because it turns short
   numbers upside down: 6 for 9).  Each text box goes to the cell holding its centre; a
   box crossing a cell's border marks the cell split.
3. **Hybrid reading of number cells.**  A cell keeps the whole-picture reading only
   where it holds exactly one unsplit, sure box of digits; any other cell that has no
   Chinese in it is read again alone, from its crop with the ruling-line pixels whitened
   and a loose trim (an inset cuts digits: 8 becomes 3).  Two readings that are
   different numbers are neither taken.
4. **The ink must agree** (``_Shape``): a dash alone is "—" and a slash alone "/" (the
   recogniser reads them as 一 and 1); a number's reading must show the minus sign and
   the points its ink has, and as many digits as its ink has marks at least.  Red (a
   seal) is taken away before reading but kept for finding the lines, and a cell that
   held red is read only where two readings agree.

A cell with ink but no sure reading is *unreadable* (``UNREADABLE`` in its text), never
a guess; a cell with no ink is blank.  Rows read from a picture are never placed by
their order (``_tables.assemble``): a label missing there is a grid misread.

Each cell carries a ``PictureReading`` (image, page, box, confidence, re-read); the
tables' arithmetic then checks the numbers (``check`` says which broken relations
hold a cell read from a picture).  Table 二 has no sums, so its cells read from a
picture carry a warning that nothing verifies them.
"""

from __future__ import annotations

import base64
import binascii
import threading
from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote

import regex

from .._core.codes import diagnostic
from .._core.errors import ReadError
from .._core.limits import DEFAULT_LIMITS, Limits
from .._core.model import Diagnostic, PictureReading
from .._core.normalize import HAN, WORD
from .blocks import MergedValues, Piece, Row, Writer

# What an unreadable cell's text holds: U+FFFD, the replacement character, which the
# value reader takes for unreadable text (``_core.normalize.classify``).
UNREADABLE = "\ufffd"
_INSTALL = 'pip install "govinfo-report[ocr]"'

# A cell's reading that is digits alone; one with two numbers a space apart.
_DIGITS = regex.compile(r"[0-9]+")
_DIGIT_SPACE = regex.compile(r"\d\s+\d")
# Letters the recogniser gives for digits in a cell of numbers alone ("O" for 0).
_AS_DIGIT = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
_NUMBER_TEXT = regex.compile(r"[-+]?[0-9][0-9,]*(?:\.[0-9]+)?|[-—–/]+|无")
# Below this confidence a re-read number is not taken.
_MIN_CONFIDENCE = 0.80
# Below this confidence a number of the whole picture's reading is read again alone.
_SURE = 0.90
# Text this tall (in pixels) is a scan's or a large rendering's: its ink is cleaned of
# specks before its marks are counted.
_SPECKLED = 30
# A cell's ink taller than this many text heights is on two lines: two rows' numbers.
_LINES_TALL = 1.7
# What the recogniser makes of a dash alone in a cell ("—" is read as the Chinese 一).
_DASH_READINGS = frozenset(("一", "—", "－", "-", "–", "―", "_", "~", "一一", "——", "--"))
# At most this many pixels: a larger picture is scaled down first.
_MAX_PIXELS = 12_000_000
# A picture longer than this many times its width (or the reverse) is a strip, no table.
_MAX_ASPECT = 40
# Cells read again alone, per picture: a statutory table has at most a few hundred
# cells; past this (a picture of thousands of cells, no report's), a cell not read
# surely is unreadable without a second reading, so that no picture costs minutes.
_MAX_REREADS = 400


class _Reading:
    """What reading one picture's cells needs: the picture (turned upright), its ink and
    ruling lines, the usual text height, the recogniser, and the re-readings left."""

    __slots__ = ("engine", "gray", "ink", "lines", "red", "rereads", "text_height")

    def __init__(
        self, gray: Any, ink: Any, lines: Any, text_height: int, engine: Any, red: Any
    ) -> None:
        self.gray = gray
        self.red = red  # where the picture is red (a seal), or None
        self.ink = ink
        self.lines = lines
        self.text_height = text_height
        self.engine = engine
        self.rereads = _MAX_REREADS


class PictureCell(NamedTuple):
    """One cell of a table in a picture, in grid coordinates."""

    row: int
    column: int
    rowspan: int
    colspan: int
    text: str  # "" for a blank cell; UNREADABLE in it where no reading is sure
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the picture's pixels
    confidence: float | None
    reread: bool


class PictureTable(NamedTuple):
    cells: list[PictureCell]  # in reading order: by row, then by column
    box: tuple[int, int, int, int]


class PictureLine(NamedTuple):
    """A line of text outside the tables."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float


class PictureText(NamedTuple):
    """What a picture holds, top to bottom: lines of text and tables."""

    items: list[PictureLine | PictureTable]
    width: int
    height: int
    tilt: float  # degrees turned back before reading

    @property
    def tables(self) -> int:
        return sum(1 for item in self.items if isinstance(item, PictureTable))


@cache
def ocr_available() -> bool:
    """Whether the ``[ocr]`` extra is installed (without importing it); looked up once,
    not for every file."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("rapidocr", "cv2", "numpy"))


def missing_extra_message(what: str) -> str:
    return f"{what}: reading tables in pictures needs the [ocr] extra ({_INSTALL})"


_ENGINE: Any = None
_ENGINE_LOCK = threading.Lock()


def _engine() -> Any:
    """The recogniser, made once per process (its models load in about a second)."""
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            try:
                from rapidocr import RapidOCR
            except ImportError as exc:
                raise ReadError(missing_extra_message("a picture")) from exc
            _ENGINE = RapidOCR(params={"Global.use_cls": False, "Global.log_level": "error"})
        return _ENGINE


def _modules() -> tuple[Any, Any]:
    try:
        import cv2
        import numpy
    except ImportError as exc:
        raise ReadError(missing_extra_message("a picture")) from exc
    return cv2, numpy


def read_picture(
    data: bytes,
    limits: Limits = DEFAULT_LIMITS,
    diagnostics: list[Diagnostic] | None = None,
    *,
    tables_only: bool = False,
) -> PictureText | None:
    """The lines and tables of a picture file's bytes (PNG, JPEG, BMP, TIFF, WebP);
    None if it is no picture that can be decoded, or one over
    ``limits.max_picture_pixels`` (said in ``diagnostics``: its size is read from its
    header, before it is decoded).  Raises ``ReadError`` if the extra is missing."""
    size = picture_size(data)
    if size is not None and size[0] * size[1] > limits.max_picture_pixels:
        if diagnostics is not None:
            diagnostics.append(
                diagnostic(
                    "READ-LIMIT",
                    f"a picture of {size[0]} x {size[1]} pixels is over "
                    f"Limits.max_picture_pixels = {limits.max_picture_pixels}; not read",
                )
            )
        return None
    cv2, np = _modules()
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        return None
    return read_pixels(image, tables_only=tables_only)


def picture_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's or JPEG's width and height from its header, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(b"\xff\xd8"):
        at = 2
        while at + 9 < len(data) and data[at] == 0xFF:
            marker = data[at + 1]
            length = int.from_bytes(data[at + 2 : at + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height = int.from_bytes(data[at + 5 : at + 7], "big")
                width = int.from_bytes(data[at + 7 : at + 9], "big")
                return width, height
            at += 2 + length
    return None


def read_pixels(image: Any, *, tables_only: bool = False) -> PictureText:
    """The lines and tables of a picture's pixels (a numpy array: gray, or BGR(A)
    colour).  ``tables_only``: a picture with no ruled table in it (a seal, a logo, a
    photo) is not recognised at all, and gives no items: the recogniser costs seconds,
    the line search a few ms.

    Red is taken away before anything is read (a seal stamped over a table: its ring
    and its characters would be read as lines and labels); a cell that held red ink is
    read only where two readings agree (``_cell_text``)."""
    cv2, np = _modules()
    height, width = image.shape[:2]
    if height * width > _MAX_PIXELS:
        factor = (_MAX_PIXELS / (height * width)) ** 0.5
        size = (int(width * factor), int(height * factor))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    red = None
    gray = image if image.ndim == 2 else cv2.cvtColor(image[:, :, :3], cv2.COLOR_BGR2GRAY)
    if image.ndim == 3:
        blue, green, r = (image[:, :, k].astype(np.int16) for k in range(3))
        reddish = (r > 120) & (r - np.maximum(green, blue) > 50)
        if reddish.any():
            red = reddish.astype(np.uint8) * 255
    # The ruling lines are found with the red kept (a seal stamped over a line must not
    # cut it); the text is read with it taken away.
    ruled = _ink(gray)
    tilt = _tilt(ruled)
    if abs(tilt) >= 0.05:
        gray = _turned(gray, tilt)
        ruled = _ink(gray)
        red = None if red is None else _turned(red, tilt, 0)
    ink = ruled
    if red is not None:
        gray = gray.copy()
        gray[red > 0] = 255
        ink = _ink(gray)
    empty = PictureText([], gray.shape[1], gray.shape[0], tilt)
    if tables_only and not _looks_ruled(ruled):
        return empty
    if max(height, width) > _MAX_ASPECT * min(height, width):
        return empty  # a strip, no table: the recogniser refuses such shapes
    engine = _engine()
    try:
        found = engine(_padded(gray), use_det=True, use_cls=False, use_rec=True)
    except Exception:  # the recogniser's own refusal of a picture: nothing read
        return empty
    boxes = _boxes(found)
    text_height = _text_height(boxes)
    lines = _ruling_lines(ruled, text_height)
    tables = _tables(lines, text_height)
    used: set[int] = set()
    items: list[PictureLine | PictureTable] = []
    reading = _Reading(gray, ink, lines, text_height, engine, red)
    for table_box, labels, grid in tables:
        cells = _cells_of(table_box, labels, grid, boxes, used, reading)
        if cells:
            items.append(PictureTable(cells, table_box))
    rest = [b for i, b in enumerate(boxes) if i not in used]
    items.extend(_text_lines(rest))
    items.sort(key=lambda item: (item.box[1], item.box[0]))
    return PictureText(items, gray.shape[1], gray.shape[0], tilt)


# ---------------------------------------------------------------- the recogniser's boxes


class _Box(NamedTuple):
    text: str
    x0: int
    y0: int
    x1: int
    y1: int
    score: float

    @property
    def centre(self) -> tuple[int, int]:
        return (self.x0 + self.x1) // 2, (self.y0 + self.y1) // 2


def _boxes(found: Any) -> list[_Box]:
    if found is None or getattr(found, "boxes", None) is None:
        return []
    out = []
    for quad, text, score in zip(found.boxes, found.txts, found.scores, strict=False):
        xs = [int(p[0]) for p in quad]
        ys = [int(p[1]) for p in quad]
        out.append(_Box(str(text), min(xs), min(ys), max(xs), max(ys), float(score)))
    return out


def _text_height(boxes: Sequence[_Box]) -> int:
    """The usual height of a line of text: the median box height (16 with no text)."""
    heights = sorted(b.y1 - b.y0 for b in boxes if b.y1 > b.y0)
    return max(8, heights[len(heights) // 2]) if heights else 16


# ---------------------------------------------------------------- tilt and lines


def _tilt(ink: Any) -> float:
    """The tilt of the picture's long horizontal lines, in degrees (0 if none)."""
    cv2, np = _modules()
    width = ink.shape[1]
    run = max(30, width // 30)
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1))
    )
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 3)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    angles = []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if w < width // 3:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == label)
        if len(xs) < 10:
            continue
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append(float(np.degrees(np.arctan(slope))))
    if not angles:
        return 0.0
    angles.sort()
    angle = angles[len(angles) // 2]
    return angle if abs(angle) <= 5 else 0.0


# The detector scales a picture up until its shorter side is this long; a wide, low
# table (table 四) is padded with white instead, which keeps its text at its own size
# and costs a third of the time.  Boxes keep their coordinates (padding is below and
# to the right).
_DETECTOR_SIDE = 736


def _padded(gray: Any) -> Any:
    cv2, _ = _modules()
    height, width = gray.shape[:2]
    bottom = max(0, _DETECTOR_SIDE - height)
    right = max(0, _DETECTOR_SIDE - width)
    if bottom or right:
        gray = cv2.copyMakeBorder(gray, 0, bottom, 0, right, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def _ink(gray: Any) -> Any:
    """What is darker than the paper: against the neighbourhood (text, and lines on a
    scan's uneven paper), or against the page's own white by a margin (light-grey ruling
    lines, whose neighbourhood near text is dark enough to hide them)."""
    cv2, np = _modules()
    local = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15
    )
    paper = float(np.percentile(gray, 90))
    _, dark = cv2.threshold(gray, max(0.0, paper - 25), 255, cv2.THRESH_BINARY_INV)
    return cv2.bitwise_or(local, dark)


def _looks_ruled(ink: Any) -> bool:
    """Whether a picture has a ruled table's lines: two long horizontal runs or more
    (a quarter of its width) and two vertical ones."""
    cv2, _ = _modules()
    height, width = ink.shape[:2]
    across = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, width // 4), 1))
    )
    down = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(12, height // 20)))
    )
    lines_across = cv2.connectedComponents(across)[0] - 1
    lines_down = cv2.connectedComponents(down)[0] - 1
    return bool(lines_across >= 2 and lines_down >= 2)


def _turned(gray: Any, angle: float, border: int = 255) -> Any:
    cv2, _ = _modules()
    height, width = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=border)


def _ruling_lines(ink: Any, text_height: int) -> Any:
    """The ruling lines: runs of ink at least twice the text's height across, or its
    height down; slightly thickened so that a line broken by a scan stays one."""
    cv2, _ = _modules()
    across = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * text_height, 1))
    )
    down = cv2.morphologyEx(
        ink,
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(8, int(text_height * 1.2)))),
    )
    lines = cv2.bitwise_or(across, down)
    return cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))


def _tables(
    lines: Any, text_height: int
) -> list[tuple[tuple[int, int, int, int], Any, list[tuple[int, tuple[int, int, int, int]]]]]:
    """Each table: its box, the label map of its cells, and its cells as (label, box)."""
    cv2, np = _modules()
    count, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    tables = []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if w < 4 * text_height or h < 2 * text_height:
            continue
        frame = (labels[y : y + h, x : x + w] == label).astype(np.uint8)
        inside = (frame == 0).astype(np.uint8)
        n, cell_labels, cell_stats, _ = cv2.connectedComponentsWithStats(inside, connectivity=4)
        cells = []
        smallest = max(16, (text_height // 2) ** 2)
        for c in range(1, n):
            cx, cy, cw, ch, area = cell_stats[c]
            if cx == 0 or cy == 0 or cx + cw >= w or cy + ch >= h:
                continue  # outside the frame
            if area < smallest or cw < text_height // 2 or ch < text_height // 2:
                continue  # a speck between lines
            cells.append((c, (int(x + cx), int(y + cy), int(x + cx + cw), int(y + cy + ch))))
        if len(cells) >= 2:
            box = (int(x), int(y), int(x + w), int(y + h))
            tables.append((box, (cell_labels, int(x), int(y)), cells))
    return tables


def _clusters(values: list[int], tolerance: int) -> list[int]:
    """The sorted values, near ones (within ``tolerance``) merged to their first."""
    out: list[int] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(clusters: list[int], value: int, tolerance: int) -> int:
    for i, c in enumerate(clusters):
        if abs(value - c) <= tolerance:
            return i
    return min(range(len(clusters)), key=lambda i: abs(clusters[i] - value))


def _cells_of(
    table_box: tuple[int, int, int, int],
    label_map: Any,
    cells: list[tuple[int, tuple[int, int, int, int]]],
    boxes: list[_Box],
    used: set[int],
    reading: _Reading,
) -> list[PictureCell]:
    cell_labels, ox, oy = label_map
    text_height = reading.text_height
    tolerance = max(4, text_height // 3)
    xs = _clusters([b[0] for _, b in cells], tolerance)
    ys = _clusters([b[1] for _, b in cells], tolerance)
    by_label = {label: i for i, (label, _) in enumerate(cells)}
    inside: list[list[_Box]] = [[] for _ in cells]
    split = [False] * len(cells)
    x0, y0, x1, y1 = table_box
    for index, found in enumerate(boxes):
        cx, cy = found.centre
        if not (x0 <= cx < x1 and y0 <= cy < y1):
            continue
        label = int(cell_labels[cy - oy, cx - ox])
        at = by_label.get(label)
        if at is None:
            at = _nearest_cell(cells, cx, cy)
            if at is None:
                continue
        used.add(index)
        inside[at].append(found)
        bx0, by0, bx1, by1 = cells[at][1]
        slack = tolerance
        if (
            found.x0 < bx0 - slack
            or found.x1 > bx1 + slack
            or found.y0 < by0 - slack
            or found.y1 > by1 + slack
        ):
            split[at] = True
    out: list[PictureCell] = []
    for i, (_, box) in enumerate(cells):
        bx0, by0, bx1, by1 = box
        row = _index(ys, by0, tolerance)
        column = _index(xs, bx0, tolerance)
        colspan = max(1, sum(1 for x in xs if bx0 - tolerance <= x < bx1 - tolerance))
        rowspan = max(1, sum(1 for y in ys if by0 - tolerance <= y < by1 - tolerance))
        text, confidence, reread = _cell_text(inside[i], split[i], box, reading)
        out.append(PictureCell(row, column, rowspan, colspan, text, box, confidence, reread))
    out.sort(key=lambda c: (c.row, c.column))
    return out


def _nearest_cell(cells: list[tuple[int, tuple[int, int, int, int]]], x: int, y: int) -> int | None:
    for i, (_, (x0, y0, x1, y1)) in enumerate(cells):
        if x0 - 3 <= x < x1 + 3 and y0 - 3 <= y < y1 + 3:
            return i
    return None


def _cell_text(
    boxes: list[_Box], split: bool, box: tuple[int, int, int, int], reading: _Reading
) -> tuple[str, float | None, bool]:
    """A cell's text, its confidence and whether it was read again alone.

    A cell without Chinese is checked against the shapes of its ink (``_shape``): a
    dash alone is "—" and a slash alone "/" (both 0, whatever the recogniser saw: it
    reads "—" as 一 and "/" as 1), and a number's reading must show the minus sign and
    the points its ink has.  Under a red seal (or in red ink) two readings must agree."""
    whole = _joined(boxes)
    confidence = min((b.score for b in boxes), default=None)
    if HAN.search(whole) and whole.strip() not in _DASH_READINGS:
        return whole, confidence, False  # a label: the whole picture's reading
    if "\n" in whole:
        # Numbers on two lines of one cell: two rows' cells merged where the picture's
        # reader missed a ruling line.  Which is whose is not known.
        return whole.replace("\n", " ") + UNREADABLE, confidence, False
    whole = "" if whole.strip() in _DASH_READINGS else whole
    shape = _shape(box, reading)
    if shape is None:  # no ink: a cell left blank
        # (a box with no ink under it once the lines are whitened read a line)
        return ("", None, False) if not boxes else (whole + UNREADABLE, confidence, False)
    if shape.crop is None:  # red ink only: a seal over it, or figures printed in red
        return whole + UNREADABLE, confidence, False
    if shape.dash:
        return "—", confidence, False
    if shape.slash and len(whole.replace(" ", "")) <= 1:  # the recogniser saw one mark too
        return "/", confidence, False
    if _DIGIT_SPACE.search(whole) or shape.apart(reading.text_height):
        return whole + UNREADABLE, confidence, False  # two numbers in one cell
    if shape.height > _LINES_TALL * reading.text_height:
        return whole + UNREADABLE, confidence, False  # ink on two lines
    sure = confidence is not None and confidence >= _SURE
    one = len(boxes) == 1 and not split and _DIGITS.fullmatch(whole) is not None
    if one and sure and not shape.red and shape.agrees(whole):
        return whole, confidence, False
    if reading.rereads <= 0:
        return whole + UNREADABLE, confidence, False  # no re-reading left
    reading.rereads -= 1
    found = reading.engine(shape.crop, use_det=False, use_cls=False, use_rec=True)
    texts = list(getattr(found, "txts", None) or ())
    scores = list(getattr(found, "scores", None) or ())
    text = "".join(str(t) for t in texts).replace(" ", "").translate(_AS_DIGIT)
    score = float(min(scores)) if scores else 0.0
    first = whole.replace(" ", "").translate(_AS_DIGIT)
    if text and _NUMBER_TEXT.fullmatch(text) and shape.agrees(text):
        # The crop's reading is taken where the whole picture's agrees with it or read
        # no number (under red ink, where a seal's strokes were taken away, the two must
        # agree); two numbers that differ are two readings of one cell, and neither is
        # sure ("11.11" read again as "111").  A lone "0" often reads a little unsure:
        # two agreeing readings, one sure enough, are taken.
        same = text == first
        if score >= _MIN_CONFIDENCE and (same or not (shape.red or _NUMBER_TEXT.fullmatch(first))):
            return text, score, True
        if same and max(score, confidence or 0.0) >= _MIN_CONFIDENCE:
            return text, max(score, confidence or 0.0), True
    # Not a sure number: unreadable, with what was seen (less any Chinese, which
    # would make the cell a label) kept for the user to look at.
    return HAN.sub("", text or whole) + UNREADABLE, score, True


def _joined(boxes: list[_Box]) -> str:
    """The boxes' text in reading order: lines top to bottom, a line left to right."""
    return "\n".join(" ".join(b.text.strip() for b in line) for line in _lines_of(boxes))


def _lines_of(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes gathered into lines, top to bottom, each left to right: a box starting
    above the middle of a line's first box is on that line."""
    lines: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: (b.y0, b.x0)):
        if lines and box.y0 < (lines[-1][0].y0 + lines[-1][0].y1) // 2:
            lines[-1].append(box)
        else:
            lines.append([box])
    for line in lines:
        line.sort(key=lambda b: b.x0)
    return lines


class _Shape(NamedTuple):
    """The marks of a cell's ink (lines and red taken away), and its crop to re-read."""

    crop: Any
    height: int  # from the top of the digit-tall marks to their bottom (0 if none)
    tall: list[tuple[int, int, int, int]]  # x, y, w, h of digit-tall marks
    flat: list[tuple[int, int, int, int]]  # low, wide marks: dashes and minus signs
    dots: list[tuple[int, int, int, int]]  # small marks: points and commas
    other: list[tuple[int, int, int, int]]  # marks of any other size
    slanted: bool  # the one tall mark leans right: a slash
    red: bool  # the cell holds red ink (a seal over it, or red figures)

    @property
    def dash(self) -> bool:
        """One dash (or two: "——"), nothing else, and no seal over it (remnants of
        strokes a seal's red took away are low marks too)."""
        return not self.red and not self.tall and not self.other and 1 <= len(self.flat) <= 2

    @property
    def slash(self) -> bool:
        """One narrow tall mark leaning right, nothing else (digits that touch make one
        mark too, and a bold or italic one leans: it is wider than a slash)."""
        marks = self.flat or self.other or self.dots
        if self.red or len(self.tall) != 1 or not self.slanted or marks:
            return False
        _, _, width, height = self.tall[0]
        return width <= 0.75 * height

    def apart(self, text_height: int) -> bool:
        """Whether the digits stand apart as two numbers do ("3 5" in one cell)."""
        spans = sorted((x, x + w) for x, _, w, _ in self.tall)
        return any(b[0] - a[1] > 0.6 * text_height for a, b in pairwise(spans))

    def agrees(self, text: str) -> bool:
        """Whether a number's reading shows the minus sign and the points and commas
        its ink has between its digits (the recogniser drops them: 11.11 as 1111)."""
        if not self.tall:
            return False
        left = min(x for x, _, _, _ in self.tall)
        right = max(x + w for x, _, w, _ in self.tall)
        top = min(y for _, y, _, _ in self.tall)
        bottom = max(y + h for _, y, _, h in self.tall)
        minus = any(x + w <= left + 1 and top <= y <= bottom for x, y, w, _ in self.flat)
        if minus != text.startswith(("-", "－", "−")):
            return False
        # A point stands in a gap between two digits, on their baseline.
        spans = [(x, x + w) for x, _, w, _ in self.tall]
        foot = bottom - 0.3 * (bottom - top)
        points = sum(
            1
            for x, y, w, h in self.dots
            if left < x
            and x + w < right
            and y + h >= foot
            and not any(a < x + w and x < b for a, b in spans)
        )
        if points != sum(text.count(c) for c in ".,"):
            return False
        # Each digit is one mark or part of one (touching digits make one mark); more
        # marks than digits is a digit the recogniser dropped.
        return len(self.tall) <= sum(c.isdigit() for c in text)


def _shape(box: tuple[int, int, int, int], reading: _Reading) -> _Shape | None:
    """A cell's marks and its crop for reading it alone: the ruling lines' pixels (and
    red ones) whitened, trimmed loosely round its ink and set on a white margin; None if
    it holds no ink (specks of a scan are not ink)."""
    cv2, np = _modules()
    text_height = reading.text_height
    x0, y0, x1, y1 = box
    pad = 2
    x0, y0 = max(0, x0 - pad), max(0, y0 - pad)
    x1, y1 = min(reading.gray.shape[1], x1 + pad), min(reading.gray.shape[0], y1 + pad)
    patch = reading.gray[y0:y1, x0:x1].copy()
    marks = reading.ink[y0:y1, x0:x1].copy()
    ruled = reading.lines[y0:y1, x0:x1] > 0
    red = False
    if reading.red is not None:
        reddish = reading.red[y0:y1, x0:x1] > 0
        red = int(reddish.sum()) > max(6, reddish.size // 100)
        ruled = ruled | reddish
    patch[ruled] = 255
    marks[ruled] = 0
    if text_height >= _SPECKLED:
        marks = cv2.medianBlur(marks, 3)  # a scan's specks away; its points are larger
    count, _, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
    tall, flat, dots, other = [], [], [], []
    smallest = max(3, text_height * text_height // 100)
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < smallest:
            if area >= 3 and w <= 0.3 * text_height and h <= 0.3 * text_height:
                dots.append((x, y, w, h))  # a point, or a speck: counted only between digits
            continue
        if h >= 0.35 * text_height:  # a digit: about half the height of a box of text
            tall.append((x, y, w, h))
        elif h <= 0.3 * text_height and w >= max(1.5 * h, 0.2 * text_height):
            flat.append((x, y, w, h))
        elif w <= 0.3 * text_height and h <= 0.3 * text_height:
            dots.append((x, y, w, h))
        else:
            other.append((x, y, w, h))
    inked = tall + flat + other
    if not inked:
        # No ink; where red was taken away, ink under a seal may have gone with it.
        return _Shape(None, 0, [], [], [], [], False, True) if red else None
    left = min(x for x, _, _, _ in inked)
    top = min(y for _, y, _, _ in inked)
    right = max(x + w for x, _, w, _ in inked)
    bottom = max(y + h for _, y, _, h in inked)
    height = (max(y + h for _, y, _, h in tall) - min(y for _, y, _, _ in tall)) if tall else 0
    slanted = False
    if len(tall) == 1:
        x, y, w, h = tall[0]
        rows = marks[y : y + h, x : x + w] > 0
        third = max(1, h // 3)
        columns = np.arange(w)
        upper, lower = rows[:third], rows[h - third :]
        if upper.any() and lower.any():
            lean = (upper * columns).sum() / upper.sum() - (lower * columns).sum() / lower.sum()
            slanted = bool(lean > 0.25 * h)
    margin = _margin(text_height)
    left, top = max(0, left - margin), max(0, top - margin)
    right, bottom = min(patch.shape[1], right + margin), min(patch.shape[0], bottom + margin)
    trimmed = patch[top:bottom, left:right]
    framed = cv2.copyMakeBorder(
        trimmed, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=255
    )
    crop = cv2.cvtColor(framed, cv2.COLOR_GRAY2BGR)
    return _Shape(crop, height, tall, flat, dots, other, slanted, red)


def _margin(text_height: int) -> int:
    """The white kept round a cell's ink, and added round its crop."""
    return max(4, text_height // 2)


def _text_lines(boxes: list[_Box]) -> list[PictureLine]:
    """Boxes outside the tables, gathered into lines."""
    out = []
    for line in _lines_of(boxes):
        text = " ".join(b.text.strip() for b in line if b.text.strip())
        if WORD.search(text):  # not a shape read as a symbol ("■" for a black box)
            box = (
                min(b.x0 for b in line),
                min(b.y0 for b in line),
                max(b.x1 for b in line),
                max(b.y1 for b in line),
            )
            out.append(PictureLine(text, box, min(b.score for b in line)))
    return out


# ---------------------------------------------------------------- where pictures come from


def local_pictures(folder: Path | None, limits: Limits) -> Callable[[str], bytes | None]:
    """What an HTML page's ``<img src>`` holds: a ``data:`` URI's bytes, or (with the
    page's ``folder``, for ``parse_file``) a file at a relative path inside that folder
    (a saved page's ``report_files/image001.png``).  Never a network address, never a
    file outside the folder; None for anything else, or a file over
    ``limits.max_bytes``."""
    resolved: list[Path] = []  # the folder, resolved when a file is first asked for

    def load(src: str) -> bytes | None:
        src = src.strip()
        if src[:5].lower() == "data:":
            head, _, payload = src.partition(",")
            if not head.lower().endswith(";base64") or len(payload) > limits.max_bytes * 2:
                return None
            try:
                return base64.b64decode(payload, validate=False)
            except (ValueError, binascii.Error):
                return None
        if folder is None or _SCHEME.match(src) or src.startswith(("/", "\\")):
            return None  # a network address, or a path from the root of some site
        try:
            if not resolved:
                resolved.append(folder.resolve())
            root = resolved[0]
            path = (root / unquote(src.split("?", 1)[0].split("#", 1)[0])).resolve()
            if root not in path.parents or not path.is_file():
                return None
            if path.stat().st_size > limits.max_bytes:
                return None
            return path.read_bytes()
        except (OSError, ValueError):  # unreadable, or a name with a NUL in it
            return None

    return load


_SCHEME = regex.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


# ---------------------------------------------------------------- to blocks


def write_picture(
    writer: Writer, found: PictureText, at: int, name: str, page: int | None = None
) -> None:
    """Write what a picture holds through the writer, top to bottom: its lines of text
    as paragraphs, its tables as grid rows (a merged cell once, in its first row, as
    markup gives it), every cell of a row noted in ``writer.pictures`` by its offset.
    ``at``: the picture's offset in the source."""
    for item in found.items:
        if isinstance(item, PictureLine):
            writer.paragraph([(item.text, at)])
            continue
        merged = MergedValues()
        rows: dict[int, list[PictureCell]] = {}
        for cell in item.cells:
            rows.setdefault(cell.row, []).append(cell)
        for row in sorted(rows):
            cells = sorted(rows[row], key=lambda c: c.column)
            pieces = [_pieces(cell.text, at) for cell in cells]
            spans = [(cell.colspan, cell.rowspan) for cell in cells]
            before = len(writer.blocks)
            writer.grid_row(pieces, at, merged.slots(pieces, spans))
            if len(writer.blocks) == before + 1 and type(writer.blocks[-1]) is Row:
                written = writer.blocks[-1].cells
                for (_, _, offset), cell in zip(written, cells, strict=False):
                    writer.pictures[offset] = PictureReading(
                        name, page, cell.box, cell.confidence, cell.reread
                    )


def write_table_picture(writer: Writer, data: bytes, at: int, name: str) -> bool:
    """A picture inside a document (a DOCX's, an HTML page's): its text and tables
    written in its place if it holds a ruled table; False if it holds none or cannot be
    decoded, so that it stays an image placeholder."""
    counter = writer.counter
    found = read_picture(data, counter.limits, counter.diagnostics, tables_only=True)
    if found is None or not found.tables:
        return False
    write_picture(writer, found, at, name)
    return True


def _pieces(text: str, at: int) -> list[Piece]:
    pieces: list[Piece] = [("", at)]
    for i, line in enumerate(text.split("\n")):
        if i:
            pieces.append(("\n", at))
        pieces.append((line, at))
    return pieces
