"""Pipe renderings: the table text that markdown extractors and HTML-to-text crawls give.

A row on a line:

- markdown, "| a | b |": a leading pipe opens the row, each cell ends at a pipe;
- crawled, "a | b | c |": no leading pipe, each cell ends at its pipe; an empty cell is
  a bare "|", and empty cells glue ("a | ||" is a and two empty cells): colspan padding
  is such a run at the row's end.

A cell on a line (the crawl kept the line breaks of the cells' markup):

- "text |" is a cell; pipes glued after it ("text | |||") are empty cells that end the
  row (padding);
- a line of pipes alone: "|" is an empty cell, "||" or more padding that ends the row;
- "text" on its own line, then a line "|": the pipe ends that text's cell (a cell's
  text may take a few lines: "商业" / "企业" / "|");
- "| text": a cell that opens a row, ended by the "|" line after it.

The cells of one-cell lines are gathered into rows: a row ends at padding, at a row
written on one line, at a blank line or any other line, and where a label follows a
value or an empty cell (the next row's label).

Every cell is a slot: an empty one is a cell written blank.  A crawl writes a page's
table cells as the markup has them — a merged cell once, its row padded at the end —
so the rows with no leading pipe and the rows of one-cell lines are ``CRAWL`` rows: a
row's values stand right after its labels.  (Some crawls leave blank cells out and pad
the row to the table's width instead: the assembler reads a row of such a page that
printed fewer cells than its columns only where that cannot matter.)  Markdown rows
are ``SLOTS`` rows: their converters also write merged cells' slots empty, wherever
those stood.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import regex

from .._core.normalize import LABEL, classify
from .blocks import CRAWL, SLOTS, Block, RawCell, Row

_SEPARATOR = regex.compile(r"\s*:?-{2,}:?\s*")
# A bare text line may be a cell whose pipe stands on the next line; a line longer
# than this is prose, and not held back to see.
_HELD_CHARS = 80
# A top-level section heading ("五、…" with no numbers) is never taken for a cell; table
# 三's rows numbered the same way ("四、结转下年度继续办理") are.
_HEADING = regex.compile(r"[一二三四五六七八九十]{1,2}\s*、\D*")
_TABLE3_ROW = regex.compile(r"本年新收|上年结转|办理结果|结转下年度|下年度继续办理")


class PipeLine(NamedTuple):
    """A line's cells, as the line's pipes cut it."""

    cells: list[tuple[str, int]]  # (text, offset in the stripped line), stripped text
    lead: bool  # the line starts with a pipe
    trail: bool  # the line ends with a pipe


def is_pipe_line(stripped: str) -> bool:
    """Whether a line is (part of) a pipe table: it starts or ends with a pipe, or it
    is a crawled row whose end was cut ("规章 | 0 | 0")."""
    return stripped[0] == "|" or stripped[-1] == "|" or stripped.count(" | ") >= 2


def split_pipes(stripped: str, most: int, crawled: bool = False) -> PipeLine | None:
    """The cells of a pipe line (``is_pipe_line``), or None if it is a markdown
    separator ("|---|---|").  At most ``most`` + 1 cells (the row then says it has too
    many).  ``crawled``: among rows with no leading pipe, a pipe leading a line ends
    an empty first cell ("| 6 | 9 |" is an empty cell, 6 and 9), as it opens the row
    in markdown.  A crawled row's cells each end at a pipe: text after its last pipe
    is a cell cut short (by the end of an excerpt), and is not one of its cells."""
    lead = stripped[0] == "|" and not crawled
    trail = stripped[-1] == "|" or not lead
    parts = stripped.split("|", most + 2)
    position = 0
    cells: list[tuple[str, int]] = []
    for i, part in enumerate(parts):
        if (i == 0 and lead) or (i == len(parts) - 1 and trail):
            position += len(part) + 1
            continue  # before the opening pipe, after the last one
        text = part.strip()
        cells.append((text, position + (part.find(text[0]) if text else 0)))
        position += len(part) + 1
    if len(cells) > 1 and all(_SEPARATOR.fullmatch(text) for text, _ in cells):
        return None
    return PipeLine(cells, lead, trail)


class PipeCells:
    """The rows of one-cell lines, gathered as the lines come (see the module doc).

    ``line`` takes a line that starts or ends with a pipe; ``bare`` any other line,
    which it holds back until the next line says whether a pipe ends it as a cell;
    ``close`` ends the open row and reads a held line as what it is.  Blocks go to
    ``add`` in the order of the lines; ``plain`` reads a line that is no cell, given
    the next line when that is a bare line too (it may take the end of its label)."""

    def __init__(
        self,
        add: Callable[[Block], None],
        plain: Callable[[str, int, int, str], None],
        most: int,
    ) -> None:
        self.add = add
        self.plain = plain
        self.most = most
        self.row: list[RawCell] = []  # the open row
        self.held: RawCell | None = None  # the last bare line: (text, line, offset)
        # Whether the last row written on one line had no leading pipe (a crawl's).
        self.crawled = False

    def close(self, following: str = "") -> None:
        """End the open row, and read the line held back as what it is (``following``:
        the bare line after it, if that is what comes next)."""
        self._end_row()
        held, self.held = self.held, None
        if held is not None:
            self.plain(*held, following)

    def bare(self, stripped: str, number: int, start: int) -> None:
        """A line without pipes at its ends: held back (the open row still open) if it
        may be a cell, else read now."""
        if self.held is not None:
            self.close(stripped)  # the line held is no cell: neither is the row open
        heading = _HEADING.fullmatch(stripped) and not _TABLE3_ROW.search(stripped)
        if len(stripped) <= _HELD_CHARS and not heading:
            self.held = (stripped, number, start)
        else:
            self.close()
            self.plain(stripped, number, start, "")

    def line(self, stripped: str, number: int, start: int) -> None:
        """A line that starts or ends with a pipe."""
        pipes = split_pipes(stripped, self.most, self.crawled)
        if pipes is None:  # a markdown separator: nothing
            self.close()
            return
        texts = [i for i, (text, _) in enumerate(pipes.cells) if text]
        if not texts:  # pipes alone: one ends a held cell; "|" is a cell, more padding
            count = stripped.count("|")
            if self.held is not None:
                held, self.held = self.held, None
                self._cell(held)
                count -= 1
            if count == 1:
                self._cell(("", number, start))
            elif count > 1:
                self._cells([("", number, start)] * count)
                self._end_row()
            return
        if pipes.lead and not pipes.trail and len(pipes.cells) == 1:
            # "| text": a cell opening a row; its pipe is on the next line.
            self.close()
            text, at = pipes.cells[0]
            self.held = (text, number, start + at)
            return
        cells = [(text, number, start + at) for text, at in pipes.cells]
        if pipes.lead or texts != [0]:  # a whole row on the line
            self.close()
            self.add(Row(cells, number, start, False, SLOTS if pipes.lead else CRAWL))
            self.crawled = not pipes.lead
            return
        # "text |": a cell; empty cells glued after it are padding, ending the row.
        if self.held is not None:
            self.close()  # the line held has no pipe of its own: no cell
        self._cell(cells[0])
        if len(cells) > 1:
            self._cells(cells[1:])
            self._end_row()

    def _cell(self, cell: RawCell) -> None:
        """A cell of the open row; a label after a value or an empty cell starts the
        next row."""
        row = self.row
        if (
            row
            and cell[0]
            and classify(cell[0]).kind is LABEL
            and classify(row[-1][0]).kind is not LABEL
        ):
            self._end_row()
        self._cells([cell])

    def _cells(self, cells: list[RawCell]) -> None:
        room = self.most + 1 - len(self.row)  # one more than a row may have: it says so
        self.row.extend(cells[:room])

    def _end_row(self) -> None:
        if self.row:
            self.add(Row(self.row, self.row[0][1], self.row[0][2], False, CRAWL))
            self.row = []
