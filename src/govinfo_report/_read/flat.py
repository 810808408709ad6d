"""Flattened pages: a whole report on one line, its table cells run together.

Crawlers that take a page's text without its markup leave the report as one long line:
section headings inside running text ("…质效。二、主动公开政府信息情况 第二十条…"),
table labels glued to each other and to the numbers ("…现行有效件数规章 000行政规范性文件
693665…"), and a table row's cells as one run of digits ("640020470" for 64, 0, 0, 2,
0, 4, 70).  This module cuts such a line back into the blocks a table has:

- section headings become paragraphs of their own, the prose between them one
  paragraph each;
- inside sections 二, 三 and 四, each run of number characters becomes a row (its
  space-separated pieces its cells; a run's cells are split later by the table's
  arithmetic, see ``_tables.recover``), and the text between runs is cut into the words the
  tables print (``_format.schema.vocabulary``), longest first, each a label paragraph.  A row
  label's own numbering glued after a run ("…00000002.其他法律…") goes with the label.

One pass over the line with precompiled patterns; the word matcher tries only the
words starting with the character at hand.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import islice

import regex

from .._core.normalize import _TABLE
from .._format.schema import vocabulary
from .blocks import Block, Paragraph, Row

# A line this long holding two section headings is a flattened page.
MIN_FLAT_LINE = 400

_HEADING = regex.compile(
    r"(?P<numeral>[一二三四五六])\s*、\s*(?:"
    r"(?P<s1>总体情况)"
    r"|(?P<s2>主动公开政府信息(?:的)?情况)"
    r"|(?P<s3>收到和处理政府信息公开申请(?:的)?情况)"
    r"|(?P<s4>[^，。；]{0,16}?行政.{0,2}复议.{0,8}?行政诉讼(?:的)?情况)"
    r"|(?P<s5>[^，。；]{0,16}?存在的主要问题(?:及|和)改进情况)"
    r"|(?P<s6>其他需要报告的事项))"
)
_NUMERALS = "一二三四五六"
# A run of number characters: digits, signs, decimal points, spaces, a unit after.
_RUN = regex.compile(r"[-－]?\d[\d\s.．\-－]*(?:万元|元)?")
_SPACE = regex.compile(r"\S+")
# What a flattened table holds: a row's cells run together into several digits.
_DIGITS = regex.compile(r"\d{6}")
# Length-preserving folding (zero-width characters become spaces, not nothing).
_FOLD = {k: (" " if v is None else v) for k, v in _TABLE.items()}


def flat_headings(line: str) -> list[regex.Match[str]]:
    """The section headings inside a line whose numeral agrees with its words."""
    found = []
    for m in _HEADING.finditer(line):
        number = _NUMERALS.index(m["numeral"]) + 1
        if m[f"s{number}"] is not None:
            found.append(m)
    return found


def is_flat(line: str) -> bool:
    """A long line with two section headings or more, and after the heading of a table
    section a run of digits (a table of contents names the sections, but holds no
    table)."""
    if len(line) < MIN_FLAT_LINE:
        return False
    headings = flat_headings(line)
    tables = [m.end() for m in headings if _NUMERALS.index(m["numeral"]) + 1 in (2, 3, 4)]
    return len(headings) >= 2 and bool(tables) and _DIGITS.search(line, tables[0]) is not None


def read_flat(line: str, number: int, start: int, add: Callable[[Block], None], most: int) -> None:
    """The blocks of one flattened line (``start``: its offset in the text); a run of
    numbers gives at most ``most`` + 1 cells (the reader says when a row has too many)."""
    position = 0
    section = 0
    for m in [*flat_headings(line), None]:
        end = m.start() if m is not None else len(line)
        if section in (2, 3, 4):
            _table_text(line, position, end, number, start, add, most)
        else:
            _paragraph(line, position, end, number, start, add)
        if m is None:
            break
        add(Paragraph(m[0], number, start + m.start()))
        section = _NUMERALS.index(m["numeral"]) + 1
        position = m.end()


def _paragraph(
    line: str, begin: int, end: int, number: int, start: int, add: Callable[[Block], None]
) -> None:
    piece = line[begin:end]
    text = piece.strip()
    if text:
        add(Paragraph(text, number, start + begin + piece.index(text[0])))


def _table_text(
    line: str,
    begin: int,
    end: int,
    number: int,
    start: int,
    add: Callable[[Block], None],
    most: int,
) -> None:
    """Runs of numbers as rows, the text between them as the tables' words."""
    position = begin
    for m in _RUN.finditer(line, begin, end):
        run_start, run_end = m.start(), m.end()
        run = m[0]
        # A row label's numbering glued after the run: "0000000" + "2.其他法律…".
        follows = line[run_end : run_end + 2]
        stripped = run.rstrip()
        if len(stripped) == len(run) and len(stripped) >= 2:
            if stripped[-1] in ".．" and stripped[-2].isdigit() and _is_han(follows[:1]):
                run_end -= 2
            elif stripped[-1].isdigit() and follows[:1] == "、" and _is_han(follows[1:]):
                run_end -= 1
        _words(line, position, run_start, number, start, add)
        pieces = _SPACE.finditer(line[run_start:run_end].rstrip(".．-－"))
        cells = [(t[0], number, start + run_start + t.start()) for t in islice(pieces, most + 1)]
        if cells:
            add(Row(cells, number, cells[0][2], glued=True))
        position = run_end
    _words(line, position, end, number, start, add)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@cache
def _by_first_char() -> dict[str, tuple[str, ...]]:
    """The tables' words, folded and without spaces, by first character, longest first."""
    table: dict[str, list[str]] = {}
    for word in vocabulary():
        folded = "".join(word.translate(_FOLD).split())
        table.setdefault(folded[0], []).append(folded)
    return {ch: tuple(words) for ch, words in table.items()}


def _match(text: str, at: int, word: str) -> int:
    """The end of ``word`` in ``text`` from ``at``, spaces in the text skipped; -1."""
    j = at
    n = len(text)
    for ch in word:
        while j < n and text[j] == " ":
            j += 1
        if j >= n or text[j] != ch:
            return -1
        j += 1
    return j


def _words(
    line: str, begin: int, end: int, number: int, start: int, add: Callable[[Block], None]
) -> None:
    """Cut the text between two runs into the tables' words, each a label paragraph;
    text that is no known word stays together as a paragraph of its own."""
    folded = line[begin:end].translate(_FOLD)
    words = _by_first_char()
    unknown = -1  # where the text of no known word started, if it did
    i = 0
    n = len(folded)
    while i < n:
        if folded[i].isspace():
            i += 1
            continue
        found = -1
        for word in words.get(folded[i], ()):
            found = _match(folded, i, word)
            if found >= 0:
                break
        if found < 0:
            if unknown < 0:
                unknown = i
            i += 1
            continue
        if unknown >= 0:
            _paragraph(line, begin + unknown, begin + i, number, start, add)
            unknown = -1
        _paragraph(line, begin + i, begin + found, number, start, add)
        i = found
    if unknown >= 0:
        _paragraph(line, begin + unknown, end, number, start, add)
