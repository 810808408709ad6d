"""The tolerant tokenizer: plain text (any common extraction layout) to blocks.

One pass over the lines, each line looked at once:

- a line led by tab(s) with no other tab is one cell of a one-cell-per-line table; the
  cells up to the next blank line form a row, and an untabbed line right after a label
  cell continues that cell (Word keeps a cell's own line breaks: "商业\\n企业");
- a line with a tab after its start is a tab-separated row;
- a line starting or ending with "|" is a pipe row, or one cell of a table written a
  cell per line (``pipes``: markdown, and the renderings of crawled pages);
- a very long line holding section headings is a flattened page (``flat``);
- "[image: …]" is an image placeholder;
- a page footer ("— 5 —", "- 4 -", "第3页") is dropped;
- any other line is a paragraph, unless it ends in numbers: then it is a row of a label
  and those numbers (space-aligned PDF text, "行政处罚 3985758"), or of numbers alone.

Which rows belong to which table is not decided here; table assembly does that from
the outline, and does not trust the geometry of these rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import accumulate, repeat

import regex

from .._core.limits import DEFAULT_LIMITS, Limits
from .._core.model import CellKind, Diagnostic
from .._core.normalize import LABEL, classify
from .blocks import SLOTS, Block, Counter, Document, Image, Paragraph, RawCell, Row
from .flat import MIN_FLAT_LINE, is_flat, read_flat
from .pipes import PipeCells, is_pipe_line

_IMAGE = regex.compile(r"\[image:\s*([^\]\n]*)\]")
_FOOTER = regex.compile(
    r"[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|P\.\s*\d{1,3}"  # a flipbook's page number ("P. 3")
)
# A flipbook page's running title ("Page 3 - 〈title〉"): the first is the report's title,
# the others page furniture.
_FLIPBOOK = regex.compile(r"Page\s*\d{1,3}\s*-\s")
_TOKEN_FROM_END = regex.compile(r"\S+", regex.REVERSE)
# A top-level section heading ("五、…") never continues a table cell.
_HEADING_START = regex.compile(r"\s*[一二三四五六七八九十]{1,2}\s*、")
# Kinds of the trailing tokens that make a plain line a row of numbers.
_VALUE_KINDS = frozenset((CellKind.NUMBER, CellKind.DASH))
# A line ending in none of these cannot end in a number cell: a cheap test for prose.
_VALUE_ENDINGS = frozenset("—–-－/／无元件个项次条人)）")
_FOOTER_ENDINGS = frozenset("—–-－页0123456789")
# Characters that print nothing (``_core.normalize`` reads values through them).
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
# A label whose item number stayed at the end of the line before: "．属于…", "、要求…".
_CUT_ITEM = frozenset(".．、")
# The number glued to the end of a label's text ("…合法权益5"); after a space it may as
# well be the row's last value, and is taken for the next item's only where it is the
# number after the row's own item's ("3.危及… 2 0 0 0 0 2 4" / "．保护…").
_ITEM_END = regex.compile(r"(?<=\p{Han})[1-9１-９]$")
_OWN_ITEM = regex.compile(r"\s*([1-9])\s*[.．、]")
_LAST_TOKEN = regex.compile(r"(?<=\s)([1-9]|1[0-9])$")
# A bare item number: a cell "2" whose label went on untabbed (".其他法律…").
_BARE_ITEM = regex.compile(r"\s*[1-9１-９]\s*")
# Longest plain line that may continue a wrapped label cell.
_MAX_CONTINUATION = 60


def read_text(
    text: str, diagnostics: list[Diagnostic] | None = None, limits: Limits = DEFAULT_LIMITS
) -> Document:
    """Split text into blocks.  Linear in the length of the text; raises only
    ``LimitError`` (a text that makes more blocks or cells than ``limits`` allow)."""
    blocks: list[Block] = []
    counter = Counter(diagnostics, limits)
    most = limits.max_row_cells

    def append(block: Block) -> None:
        if type(block) is Row:
            cells = counter.row(block.cells, block.line, block.offset)
            if len(cells) != len(block.cells):
                block = block._replace(cells=cells)
        else:
            counter.block()
        blocks.append(block)

    cells: list[RawCell] = []  # the open row of a one-cell-per-line table

    def plain(stripped: str, number: int, start: int, following: str) -> None:
        _plain_line(stripped, number, start, append, most, following)

    pipes = PipeCells(append, plain, most)
    # "\r\n" lines end in a "\r" to strip; text with "\r" alone (old Mac) splits on it.
    newline = "\n" if "\n" in text or "\r" not in text else "\r"
    has_cr = newline == "\n" and "\r" in text
    offset = 0
    number = 0
    flipbook = False  # a flipbook's first page title was seen
    for lines in _chunks(text, newline):
        for line in lines:
            number += 1
            start = offset
            offset += len(line) + 1
            if has_cr and line.endswith("\r"):
                line = line[:-1]
            if len(line) >= MIN_FLAT_LINE and is_flat(line):
                if pipes.row or pipes.held is not None:  # (a call per line costs)
                    pipes.close()
                if cells:
                    append(Row(cells, cells[0][1], cells[0][2], False, SLOTS))
                    cells = []
                read_flat(line, number, start, append, most)
                continue
            if "\t" in line:
                if pipes.row or pipes.held is not None:  # (a call per line costs)
                    pipes.close()
                body = line.lstrip("\t")
                if "\t" not in body:
                    cell = (body, number, start + len(line) - len(body))
                    if cells and classify(body).kind is LABEL:
                        cells = _next_tab_cell(cells, cell, append, most)
                    elif len(cells) <= most:  # (_next_tab_cell's common case, inline)
                        cells.append(cell)
                    continue
                if cells:
                    append(Row(cells, cells[0][1], cells[0][2], False, SLOTS))
                    cells = []
                append(_tab_row(line, number, start, most))
                continue
            stripped = line.strip()
            if not stripped:
                if pipes.row or pipes.held is not None:  # (a call per line costs)
                    pipes.close()
                if cells:
                    append(Row(cells, cells[0][1], cells[0][2], False, SLOTS))
                    cells = []
                continue
            if cells:
                text_, line_, offset_ = cells[-1]
                if (
                    line_ + text_.count("\n") == number - 1
                    and len(stripped) <= _MAX_CONTINUATION
                    and (classify(text_).kind is LABEL or _cut_item(text_, stripped))
                    and not _HEADING_START.match(stripped)
                ):
                    cells[-1] = (text_ + "\n" + line, line_, offset_)
                    continue
                append(Row(cells, cells[0][1], cells[0][2], False, SLOTS))
                cells = []
            lead = start + line.index(stripped[0])
            if stripped[0] == "P" and _FLIPBOOK.match(stripped):
                if flipbook:
                    continue
                flipbook = True
            if is_pipe_line(stripped):
                pipes.line(stripped, number, lead)
            else:
                pipes.bare(stripped, number, lead)
    pipes.close()
    if cells:
        append(Row(cells, cells[0][1], cells[0][2], False, SLOTS))
    return Document(text, blocks, newline)


# Lines are split a chunk of about this many characters at a time, so that a text of
# millions of lines never stands as one list of them (a report is one chunk).
_CHUNK = 1 << 16


def _chunks(text: str, newline: str) -> Iterator[list[str]]:
    """The lines of the text, as lists of lines of consecutive chunks."""
    start = 0
    while start + _CHUNK < len(text):
        end = text.find(newline, start + _CHUNK)
        if end < 0:
            break
        yield text[start:end].split(newline)
        start = end + 1
    yield (text[start:] if start else text).split(newline)


def _next_tab_cell(
    cells: list[RawCell], cell: RawCell, add: Callable[[Block], None], most: int
) -> list[RawCell]:
    """A cell of a one-cell-per-line table, added to the open row (which it returns).

    Where rows are not parted by blank lines, a label after a row's values starts the
    next row; the empty cells before that label go with it (spacers of its merged
    label cells)."""
    if cells and classify(cell[0]).kind is LABEL:
        end = len(cells)
        while end and not cells[end - 1][0].strip():
            end -= 1
        if end and classify(cells[end - 1][0]).kind is not LABEL:
            add(Row(cells[:end], cells[0][1], cells[0][2], False, SLOTS))
            cells = cells[end:]
    if len(cells) <= most:  # more are left out (the row says so)
        cells.append(cell)
    return cells


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _next_item(stripped: str) -> regex.Match[str] | None:
    """The number ending a row of item n ("3.…") after a space, where it is n + 1."""
    own = _OWN_ITEM.match(stripped)
    last = _LAST_TOKEN.search(stripped) if own is not None else None
    if own is None or last is None or int(last[1]) != int(own[1]) + 1:
        return None
    return last


def _cut_item(cell: str, line: str) -> bool:
    """Whether a cell is an item's number alone and the line after it the rest of its
    label ("2" / ".其他法律行政法规禁止公开")."""
    return _rest_of_item(line) and _BARE_ITEM.fullmatch(cell) is not None


def _rest_of_item(line: str) -> bool:
    """Whether a line is a label whose item number stayed on the line before."""
    return line[:1] in _CUT_ITEM and _is_han(line[1:2])


def _tab_row(line: str, number: int, start: int, most: int) -> Row:
    parts = line.split("\t", most)  # most + 1 parts at most: the row says it has too many
    # Each cell starts one past the end of the one before: offsets by running sum.
    offsets = accumulate((len(part) + 1 for part in parts), initial=start)
    return Row(list(zip(parts, repeat(number), offsets)), number, start, False, SLOTS)


def _plain_line(
    stripped: str,
    number: int,
    start: int,
    add: Callable[[Block], None],
    most: int,
    following: str = "",
) -> None:
    """A line that is no cell of a pipe table (``following``: the next line, where it
    is a bare line too)."""
    if _rest_of_item(following):
        item = _ITEM_END.search(stripped) or _next_item(stripped)
        if item is not None:
            # "护第三方合法权益5" then "．属于三类内部事务信息": a label wrapped where the
            # next item's number stood; the number is the next label's, never a value.
            _plain_line(stripped[: item.start()].rstrip(), number, start, add, most)
            add(Paragraph(item[0], number, start + item.start()))
            return
    if "[image:" in stripped:
        # Images, and the text between them as paragraphs at their own offsets.
        position = 0
        for m in [*_IMAGE.finditer(stripped), None]:
            end = m.start() if m is not None else len(stripped)
            piece = stripped[position:end]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                add(Paragraph(piece.strip(), number, start + position + lead))
            if m is not None:
                add(Image(m[1].strip(), number, start + m.start()))
                position = m.end()
        return
    last = stripped.rstrip(_INVISIBLE)[-1:]  # "72\ufeff" ends in a digit
    if last in _FOOTER_ENDINGS and _FOOTER.fullmatch(stripped):
        return
    if not (last.isdigit() or last in _VALUE_ENDINGS):
        add(Paragraph(stripped, number, start))
        return
    parts = stripped.rsplit(None, 1)
    if classify(parts[-1]).kind not in _VALUE_KINDS:
        add(Paragraph(stripped, number, start))
        return
    if len(parts) == 1:  # one value alone on its line (one cell per line, no tabs)
        add(Row([(stripped, number, start)], number, start))
        return
    # The value tokens at the end of the line, read from the end (at most one more
    # than a row may have: the row then says it has too many).
    values: list[regex.Match[str]] = []
    label_end = 0  # where the label before the values ends
    has_number = False
    for token in _TOKEN_FROM_END.finditer(stripped):
        kind = classify(token[0]).kind
        if kind not in _VALUE_KINDS:
            label_end = token.end()
            break
        has_number = has_number or kind is CellKind.NUMBER
        values.append(token)
        if len(values) > most:
            label_end = 0
            break
    if label_end and not has_number:
        # "无" or "—" after a label is prose ("需要说明的事项 无"); dashes alone are cells.
        add(Paragraph(stripped, number, start))
        return
    cells: list[RawCell] = []
    if label_end:
        cells.append((stripped[:label_end], number, start))
    cells.extend((t[0], number, start + t.start()) for t in reversed(values))
    add(Row(cells, number, start))
