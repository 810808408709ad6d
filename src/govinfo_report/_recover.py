"""Recovery of numbers whose cell boundaries were lost, by the table's own arithmetic.

A crawler that flattens a table row "71 | 3 | 0 | 0 | 0 | 0 | 74" to "713000074" leaves
a run of digits; an extraction that breaks "1234" into "1" and "234" leaves one cell too
many.  Both are undone here by an exact search, never by a guess:

- ``split``: every way to cut a row's runs into its cells — no leading zeros, a sign
  only where the column may be negative, a decimal point only in a money column and
  never cut through — such that each *segment* of the row adds up (table 三: 总计 = the
  six applicant columns; table 四: each group's 总计 = its four results).  The total
  of a segment is not searched for: once its parts are chosen, the total must be the
  next digits of the run, so the search branches only over the parts.
- ``join``: the pairs of adjacent number cells of a row with one cell too many whose
  joining makes the row add up.

Cost is bounded: a part has at most ``MAX_DIGITS`` digits, so a run longer than the
row's width times that is refused at once, and the search gives up after ``BUDGET``
steps (with the solutions found so far marked incomplete).  The worst case per row is
therefore ``BUDGET`` steps whatever the input; a hostile run of hundreds of digits
costs one length test.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ._model import Value
from ._tables import MONEY, SIGNED

# The most digits a part may have (a count of 12 digits is already implausible).
MAX_DIGITS = 12
# Steps of the search for one row before it gives up.
BUDGET = 20_000
# Solutions collected before the search stops: enough to say "several".
MAX_SOLUTIONS = 16


class Part(NamedTuple):
    value: Value
    start: int  # in the run text given
    end: int


class Search(NamedTuple):
    solutions: list[list[Part]]  # each a whole row, in column order
    complete: bool  # False when the budget or the solution cap stopped the search
    exhausted: bool = False  # True when it was the budget


def split(
    text: str,
    boundaries: frozenset[int],
    kinds: tuple[str, ...],
    totals: dict[int, int],
) -> Search:
    """Every way to cut ``text`` into ``len(kinds)`` parts.

    ``boundaries``: positions where a cut must fall (between two cells that were apart
    in the source).  Spaces in ``text`` are skipped over, never part of a number.
    ``kinds``: per column, COUNT, SIGNED or MONEY.  ``totals``: the column of each
    segment's total -> the column its segment starts at (the total is the sum of the
    columns from there up to it).
    """
    n = len(text)
    width = len(kinds)
    if not n or n > width * (MAX_DIGITS + 4) + len(boundaries):
        return Search([], True)  # too long to be the row's cells: no reading at all
    solutions: list[list[Part]] = []
    parts: list[Part] = []
    steps = 0
    complete = True
    exhausted = False
    segment_start = set(totals.values())

    def skip_spaces(pos: int) -> int:
        while pos < n and text[pos] == " ":
            pos += 1
        return pos

    def may_cut(end: int) -> bool:
        """Whether a part may end at ``end`` (before a space, a boundary or a digit)."""
        if end == n or text[end] == " " or end in boundaries:
            return True
        return text[end - 1] != "." and text[end] != "."

    def part_at(pos: int, end: int, kind: str) -> Value | None:
        piece = text[pos:end]
        sign = piece.startswith("-")
        digits = piece[1:] if sign else piece
        if not digits or (sign and kind != SIGNED):
            return None
        if "." in digits:
            whole, _, frac = digits.partition(".")
            if kind != MONEY or not whole or not frac or not frac.isdigit():
                return None
            if not whole.isdigit() or (len(whole) > 1 and whole[0] == "0"):
                return None
            return Decimal(digits)
        if not digits.isdigit() or (len(digits) > 1 and digits[0] == "0"):
            return None
        value = int(digits)
        if kind == MONEY:
            return Decimal(value)
        return -value if sign else value

    def search(pos: int, column: int, running: int) -> None:
        nonlocal steps, complete, exhausted
        steps += 1
        if steps > BUDGET or len(solutions) >= MAX_SOLUTIONS:
            complete = False
            exhausted = exhausted or steps > BUDGET
            return
        pos = skip_spaces(pos)
        if column == width:
            if pos == n:
                solutions.append(list(parts))
            return
        if column in segment_start:
            running = 0
        kind = kinds[column]
        if column in totals:  # the total is forced: the running sum, printed next
            if running < 0:
                return
            written = str(running)
            end = pos + len(written)
            if (
                text.startswith(written, pos)
                and may_cut(end)
                and not _crosses(boundaries, pos, end)
            ):
                parts.append(Part(running if kind != MONEY else Decimal(running), pos, end))
                search(end, column + 1, running)
                parts.pop()
            return
        end = pos + 1
        limit = min(n, pos + MAX_DIGITS + 2)
        while end <= limit:
            if text[end - 1] == " " or (end - 1 > pos and (end - 1) in boundaries):
                break
            if may_cut(end):
                value = part_at(pos, end, kind)
                if value is not None:
                    parts.append(Part(value, pos, end))
                    search(end, column + 1, running + int(value))
                    parts.pop()
            end += 1

    search(0, 0, 0)
    return Search(solutions, complete, exhausted)


def _crosses(boundaries: frozenset[int], start: int, end: int) -> bool:
    return any(start < b < end for b in boundaries)


# ---------------------------------------------------------------- a row's cells

_FOLD = str.maketrans(
    {0xFF10 + i: str(i) for i in range(10)}
    | {0xFF0E: ".", 0xFF0D: "-", 0x2212: "-", 0x3000: " ", 0x00A0: " ", 0x2009: " "}
)
_RUN_CHARS = frozenset("0123456789-. ")
_UNITS = ("万元", "元")

RawPiece = tuple[str, int, int]  # (text, line, offset): a value cell of the source


class Recovered(NamedTuple):
    value: Value
    raw: str
    line: int
    offset: int
    unit: str | None


class RowSearch(NamedTuple):
    solutions: list[list[Recovered]]
    complete: bool  # every reading found (not stopped by the budget or the cap)
    exhausted: bool  # stopped by the budget
    run: str  # the row's cells as printed, for messages


def recover(
    pieces: list[RawPiece], kinds: tuple[str, ...], totals: dict[int, int]
) -> RowSearch | None:
    """The ways to read a row's value cells as its ``len(kinds)`` cells, when the cells
    are runs of number characters; None when they are not (then nothing is recovered).

    Spaces inside a cell are first taken as boundaries; if no reading is found that
    way, they are tried as stray spaces inside numbers.
    """
    texts = []
    unit = None
    for i, (text, _, _) in enumerate(pieces):
        folded = text.translate(_FOLD).rstrip()
        for name in _UNITS:
            if folded.endswith(name):
                if i != len(pieces) - 1:
                    return None  # a unit inside the row: not one run of numbers
                unit = name
                folded = folded[: -len(name)].rstrip()
                break
        if not folded.strip() or not set(folded) <= _RUN_CHARS:
            return None
        texts.append(folded)
    if sum(ch.isdigit() for t in texts for ch in t) < len(kinds):
        return None
    run = " ".join(t[0] for t in pieces)
    found = _search(texts, pieces, kinds, totals, unit, keep_spaces=True)
    if not found.solutions and any(" " in t.strip() for t in texts):
        found = _search(texts, pieces, kinds, totals, unit, keep_spaces=False)
    return RowSearch(found.solutions, found.complete, found.exhausted, run)


def _search(
    texts: list[str],
    pieces: list[RawPiece],
    kinds: tuple[str, ...],
    totals: dict[int, int],
    unit: str | None,
    keep_spaces: bool,
) -> RowSearch:
    chars: list[str] = []
    origin: list[tuple[int, int]] = []  # per character: (piece, index in its text)
    for p, text in enumerate(texts):
        if chars:
            chars.append(" ")  # cells apart in the source stay apart
            origin.append((-1, -1))
        for i, ch in enumerate(text):
            if ch == " " and (not keep_spaces):
                continue
            chars.append(ch)
            origin.append((p, i))
    found = split("".join(chars), frozenset(), kinds, totals)
    solutions = []
    for solution in found.solutions:
        cells = []
        for column, part in enumerate(solution):
            p, first = origin[part.start]
            _, last = origin[part.end - 1]
            text, line, offset = pieces[p]
            last_unit = unit if column == len(kinds) - 1 and kinds[column] == MONEY else None
            cells.append(
                Recovered(part.value, text[first : last + 1], line, offset + first, last_unit)
            )
        solutions.append(cells)
    return RowSearch(solutions, found.complete, found.exhausted, "")
