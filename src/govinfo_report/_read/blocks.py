"""What every reader produces: a document's text and its blocks, in order.

A block is a paragraph (one line of prose or a label standing alone), a row of cells
(from tab-separated text, pipes, one-cell-per-line groups, a PDF line of label and
numbers, or markup), or an image placeholder.  Offsets index into ``Document.text``;
lines are 1-based.

A cell is a plain ``(text, line, offset)`` tuple rather than a NamedTuple: a report has
hundreds, and building a NamedTuple costs several times as much as a tuple.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple, TypeVar

import regex

from .._core.codes import diagnostic
from .._core.limits import DEFAULT_LIMITS, Limits, over
from .._core.model import Diagnostic, Location, PictureReading
from .._core.normalize import LABEL, classify

RawCell = tuple[str, int, int]  # (text, line, offset)
T = TypeVar("T")


class Paragraph(NamedTuple):
    text: str  # stripped
    line: int
    offset: int  # of the first non-blank character


# How far a row's cells can be trusted to stand in their table's columns:
STREAM = 0  # not at all: blank cells may have vanished (space-aligned PDF text, a
#             value alone on its line); only the cells' order is known
SLOTS = 1  # every cell is a slot and an empty one a cell written blank, but slots of
#            merged cells may stand before a row's labels or right after them, and
#            padding after its last cell (tab-separated and markdown text)
CRAWL = 2  # a crawl's text of a markup table: after a row's labels come its values,
#            each in its column, but a row with fewer cells than its columns lost some
#            (crawls that leave out blank cells, text that stops), and where its values
#            stood is then not printed
GRID = 3  # a cell of markup is a cell of the table: after a row's labels come its
#           values, each in its column (HTML, DOCX, ruled PDF tables)


class Row(NamedTuple):
    cells: list[RawCell]
    line: int
    offset: int
    # A run of digits from a flattened page: its cells' boundaries were lost, and only
    # such a row is cut into cells by the table's arithmetic (``_tables.recover``).
    glued: bool = False
    slots: int = STREAM


class Image(NamedTuple):
    name: str
    line: int
    offset: int


Block = Paragraph | Row | Image


class Document(NamedTuple):
    text: str
    blocks: list[Block]
    newline: str = "\n"  # what ends a line: "\r" in old Mac text
    # For text rendered from markup: where its pieces stood in the source.
    origin: Origin | None = None
    # What the reader noticed at places of the source itself (not of the rendered
    # text, so that their locations are not mapped through ``origin`` again).
    located: tuple[Diagnostic, ...] = ()
    # Cells read from pictures (``_read.picture``), by their offset in ``text``.
    pictures: dict[int, PictureReading] | None = None


# --- what markup readers (HTML, DOCX, PDF) share -------------------------------------
#
# A markup reader renders the source as plain text for the pipeline — a paragraph per
# line, a table row per line with its cells separated by tabs — and records where each
# piece of that text came from, so that locations can be given in the source itself.

Piece = tuple[str, int]  # (text, offset of the text in the source)


class Origin(NamedTuple):
    """Where the pieces of a rendered text stood in the source it was rendered from."""

    rendered: list[int]  # start of each piece in ``Document.text``, increasing
    source: list[int]  # start of the same piece in the source
    line_starts: list[int]  # where each line of the source starts

    def locate(self, offset: int) -> tuple[int, int]:
        """(line, offset) in the source of a rendered offset."""
        i = bisect_right(self.rendered, offset) - 1
        if i < 0:
            return 1, 0
        # Within a piece, positions are exact until an entity or a collapsed space.
        at = self.source[i] + offset - self.rendered[i]
        if i + 1 < len(self.source):
            at = min(at, max(self.source[i], self.source[i + 1] - 1))
        return bisect_right(self.line_starts, at), at


def line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = find("\n", at + 1)
    return starts


class Counter:
    """Counts the blocks and cells a reader makes, against the document's limits."""

    __slots__ = ("blocks", "cells", "diagnostics", "limits")

    def __init__(self, diagnostics: list[Diagnostic] | None, limits: Limits) -> None:
        self.diagnostics = diagnostics if diagnostics is not None else []
        self.limits = limits
        self.blocks = 0
        self.cells = 0

    def block(self) -> None:
        self.blocks += 1
        if self.blocks > self.limits.max_blocks:
            over(self.limits, "max_blocks", self.blocks, "the document's paragraphs and rows")

    def row(self, cells: list[T], line: int, offset: int) -> list[T]:
        """A row's cells, counted; those past ``max_row_cells`` are left out, and said."""
        limits = self.limits
        self.blocks += 1  # (``block``, inline: a call per row costs)
        if self.blocks > limits.max_blocks:
            over(limits, "max_blocks", self.blocks, "the document's paragraphs and rows")
        most = limits.max_row_cells
        if len(cells) > most:
            self.diagnostics.append(
                diagnostic(
                    "READ-ROW-LIMIT",
                    f"a row of more than {most} cells (Limits.max_row_cells): the cells "
                    f"after the first {most} are left out",
                    location=Location(line, offset),
                )
            )
            cells = cells[:most]
        self.cells += len(cells)
        if self.cells > limits.max_cells:
            over(limits, "max_cells", self.cells, "the document's table cells")
        return cells


class MergedValues:
    """Which rows of one markup table have a value cell merged with others.

    A merged label cell is the table's shape (三、本年度办理结果 over 22 rows); a merged
    value cell (a "0" over two columns, "无" down three rows) leaves its row, or the
    rows below it, with fewer cells than columns, and which column each stands in is
    no longer sure: such rows are ``SLOTS`` rows, the others ``GRID`` rows."""

    __slots__ = ("_below",)

    def __init__(self) -> None:
        self._below = 0  # rows still to come under a value cell merged down

    def slots(self, cells: list[list[Piece]], spans: list[tuple[int, int]]) -> int:
        """The slots of a row, given its cells' (column span, row span)."""
        across, down = False, 0
        for pieces, (columns, rows) in zip(cells, spans, strict=True):
            if columns == 1 and rows == 1:
                continue  # (most cells: their text is not needed)
            if classify("".join([t for t, _ in pieces])).kind is not LABEL:
                across = across or columns > 1
                down = max(down, rows - 1)
        slots = SLOTS if across or self._below else GRID
        self._below = max(self._below - 1, down)
        return slots


_SPACES = " \t\n\r\f\v\xa0"
# (The standard library's engine: a character class spelt out means the same in both,
# and its substitution is faster for a markup page's thousands of pieces.)
_ANY_SPACE = re.compile(f"[{re.escape(_SPACES)}]")
_SPACE_RUN = re.compile(f"[{re.escape(_SPACES)}]+")
_NUMBER_ONLY = regex.compile(r"[-+\d.,\s%元万件个项—–/]*")


class Writer:
    """Builds a ``Document`` from paragraphs, rows and images given as source pieces,
    within ``limits``: a row's cells past ``max_row_cells`` are left out with a
    warning, and more blocks or cells than a document may have is ``LimitError``."""

    def __init__(
        self,
        source: str | None = None,
        diagnostics: list[Diagnostic] | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.blocks: list[Block] = []
        self.counter = Counter(diagnostics, limits)
        self._parts: list[str] = []
        self._length = 0
        self._line = 1
        self._rendered: list[int] = []
        self._source: list[int] = []
        self._line_starts = line_starts(source) if source is not None else None
        # Cells read from pictures, by their offset in the text (``_read.picture``).
        self.pictures: dict[int, PictureReading] = {}

    def _put(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)
        self._line += text.count("\n")

    def _text(self, pieces: list[Piece], keep_lines: bool) -> tuple[str, int, int] | None:
        """Write the pieces as one stripped run of text (runs of spaces collapsed; line
        breaks kept when asked); its (text, line, offset), or None if it is blank.

        Leading spaces are stripped from a piece as it stands in the source, so a
        piece's offset stays that of its first character."""
        words = [piece for piece in pieces if piece[0]]
        if len(words) == 1 and _ANY_SPACE.search(words[0][0]) is None:
            # One piece with no space in it (most cells: "12", a label): itself, as the
            # steps below would give it (empty pieces write nothing).
            text, at = words[0]
            line, offset = self._line, self._length
            self._rendered.append(offset)
            self._source.append(at)
            self._put(text)
            return text, line, offset
        out: list[tuple[str, int]] = []
        line_start = True  # nothing written yet, or a line break last
        for text, at in pieces:
            if text == "\n" and keep_lines:
                if not line_start:
                    last, where = out[-1]
                    if last.endswith(" "):
                        out[-1] = (last.rstrip(" "), where)
                    out.append(("\n", at))
                    line_start = True
                continue
            if line_start or out[-1][0].endswith(" "):
                lead = len(text) - len(text.lstrip(_SPACES))
                text, at = text[lead:], at + lead
            collapsed = _SPACE_RUN.sub(" ", text)
            if collapsed:
                out.append((collapsed, at))
                line_start = False
        while out and out[-1][0].rstrip(" \n") != out[-1][0]:
            text, at = out.pop()
            text = text.rstrip(" \n")
            if text:
                out.append((text, at))
                break
        out = [(text, at) for text, at in out if text]
        if not out:
            return None
        line, offset = self._line, self._length
        for text, at in out:
            self._rendered.append(self._length)
            self._source.append(at)
            self._put(text)
        return "".join(text for text, _ in out), line, offset

    def paragraph(self, pieces: list[Piece]) -> None:
        written = self._text(pieces, keep_lines=False)
        if written is not None:
            self.counter.block()
            self.blocks.append(Paragraph(*written))
            self._put("\n")

    def row(self, cells: list[list[Piece]], at: int, slots: int = GRID) -> None:
        """A table row; a cell may hold line breaks ("\\n" pieces)."""
        raw: list[RawCell] = []
        line, offset = self._line, self._length
        cells = self.counter.row(cells, line, offset)
        for i, pieces in enumerate(cells):
            if i:
                self._put("\t")
            written = self._text(pieces, keep_lines=True)
            if written is None:  # an empty cell: a blank, at the cell's own place
                self._rendered.append(self._length)
                self._source.append(pieces[0][1] if pieces else at)
                written = ("", self._line, self._length)
            raw.append(written)
        self.blocks.append(Row(raw, line, offset, False, slots))
        self._put("\n")

    def grid_row(self, cells: list[list[Piece]], at: int, slots: int = GRID) -> None:
        """A row of a table in markup: a row, unless it has one cell of words (a
        caption, a title in a layout box), which is a paragraph per line."""
        if len(cells) == 1 and _NUMBER_ONLY.fullmatch("".join(t for t, _ in cells[0])) is None:
            line: list[Piece] = []
            for piece in [*cells[0], ("\n", at)]:
                if piece[0] == "\n":
                    self.paragraph(line)
                    line = []
                else:
                    line.append(piece)
        elif len(cells) > 1 or any(text.strip() for cell in cells for text, _ in cell):
            self.row(cells, at, slots)  # a row of empty cells may be a row of zeros left blank

    def image(self, name: str, at: int) -> None:
        self.counter.block()
        self._rendered.append(self._length)
        self._source.append(at)
        self.blocks.append(Image(name, self._line, self._length))
        self._put(f"[image: {name}]\n")

    def document(self, located: tuple[Diagnostic, ...] = ()) -> Document:
        origin = None
        if self._line_starts is not None:
            origin = Origin(self._rendered, self._source, self._line_starts)
        pictures = self.pictures or None
        return Document("".join(self._parts), self.blocks, "\n", origin, located, pictures)
