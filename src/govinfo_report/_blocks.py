"""What every reader produces: a document's text and its blocks, in order.

A block is a paragraph (one line of prose or a label standing alone), a row of cells
(from tab-separated text, pipes, one-cell-per-line groups, a PDF line of label and
numbers, or markup), or an image placeholder.  Offsets index into ``Document.text``;
lines are 1-based.

A cell is a plain ``(text, line, offset)`` tuple rather than a NamedTuple: a report has
hundreds, and building a NamedTuple costs several times as much as a tuple.
"""

from __future__ import annotations

from typing import NamedTuple

RawCell = tuple[str, int, int]  # (text, line, offset)


class Paragraph(NamedTuple):
    text: str  # stripped
    line: int
    offset: int  # of the first non-blank character


class Row(NamedTuple):
    cells: list[RawCell]
    line: int
    offset: int


class Image(NamedTuple):
    name: str
    line: int
    offset: int


Block = Paragraph | Row | Image


class Document(NamedTuple):
    text: str
    blocks: list[Block]
    newline: str = "\n"  # what ends a line: "\r" in old Mac text
