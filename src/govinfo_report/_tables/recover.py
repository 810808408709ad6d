"""Recovery of numbers whose cell boundaries were lost, by the table's own arithmetic.

A crawler that flattens a table row "71 | 3 | 0 | 0 | 0 | 0 | 74" to "713000074" leaves
a run of digits; an extraction that breaks "1234" into "1" and "234" leaves one cell too
many.  Both are undone by an exact search, never by a guess:

- ``split``: every way to cut a row's run into its cells — no leading zeros, a sign
  only where the column may be negative, a decimal point only in a money column and
  never cut through, a space always a boundary — such that each *segment* of the row
  adds up (table 三: 总计 = the six applicant columns; table 四: each group's 总计 = its
  four results).  A segment is searched total first, and its parts are cut only while
  what is left to reach lies between the least and the greatest sum the rest of the
  text can still make (two small dynamic programmes over the segment), so the search
  goes nowhere that cannot add up.  A city-scale row of 21 digits takes about a
  millisecond.
- ``recover``: a row's value cells (as printed, with where they stood) to its readings,
  each cell traced to its digits; the joins of a number split in two are in
  ``_tables.assemble``.

Cost is bounded whatever the input: a part has at most ``MAX_DIGITS`` digits, so a run
longer than the row's width times that is refused by one length test, and all the work
of one search (the search steps and the dynamic programmes) is charged to ``BUDGET``
steps, after which it stops and says so (``Search.exhausted``): about 10 ms at worst.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from .._core.model import Value
from .._format.records import COUNT, MONEY, SIGNED

# The most digits a part may have (a count of 12 digits is already implausible).
MAX_DIGITS = 12
# Steps of the search for one row before it gives up (real rows need a few hundred).
BUDGET = 5_000
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
    steps: int = 0  # the work done, in budget steps


def split(
    text: str, kinds: tuple[str, ...], totals: dict[int, int], budget: int = BUDGET
) -> Search:
    """Every way to cut ``text`` into ``len(kinds)`` parts (up to ``MAX_SOLUTIONS``).

    A space in ``text`` is a boundary: a cut falls there and no number spans it.
    ``kinds``: per column, COUNT, SIGNED or MONEY.  ``totals``: the column of each
    segment's total -> the column its segment starts at; the total is the sum of the
    columns from there up to it.  Columns outside any segment are free.

    A segment is searched total first: for each place its total may stand (at most
    ``MAX_DIGITS`` lengths at each start), the text before it is cut into parts that
    add up to it, each part no larger than what is left to reach it — which bounds its
    length — so the search rarely branches where nothing can add up.
    """
    if len(text) - text.count(" ") > len(kinds) * (MAX_DIGITS + 2):
        return Search([], True)  # cannot be the row's cells (checked before any work)
    return _Splitter(text, kinds, totals, budget).run()


class _Splitter:
    def __init__(
        self, text: str, kinds: tuple[str, ...], totals: dict[int, int], budget: int
    ) -> None:
        self.budget = budget
        # The text without spaces; ``cuts`` where a space (a cell boundary) stood.
        self.chars = text.replace(" ", "")
        self.where = [i for i, ch in enumerate(text) if ch != " "]
        self.cuts = set()
        seen = 0
        for ch in text:
            if ch == " ":
                self.cuts.add(seen)
            else:
                seen += 1
        self.kinds = kinds
        # The row as segments: (first column, total column or None for free columns).
        self.segments: list[tuple[int, int | None]] = []
        column = 0
        for total, start in sorted(totals.items()):
            for free in range(column, start):
                self.segments.append((free, None))
            self.segments.append((start, total))
            column = total + 1
        for free in range(column, len(kinds)):
            self.segments.append((free, None))
        self.solutions: list[list[Part]] = []
        self.steps = 0
        self.exhausted = False

    def run(self) -> Search:
        n = len(self.chars)
        width = len(self.kinds)
        if n < width or n > width * (MAX_DIGITS + 2):
            return Search([], True)  # cannot be the row's cells: no reading at all
        self._segments(0, 0, [])
        complete = not self.exhausted and len(self.solutions) < MAX_SOLUTIONS
        return Search(self.solutions, complete, self.exhausted, self.steps)

    def _stop(self) -> bool:
        self.steps += 1
        if self.steps > self.budget:
            self.exhausted = True
        return self.exhausted or len(self.solutions) >= MAX_SOLUTIONS

    def _may_span(self, start: int, end: int) -> bool:
        """Whether a part may be chars[start:end]: no boundary inside, none cut
        through a decimal point."""
        chars = self.chars
        if any(start < c < end for c in self.cuts):
            return False
        if start > 0 and start not in self.cuts and "." in (chars[start - 1], chars[start]):
            return False
        return not (end < len(chars) and end not in self.cuts and "." in chars[end - 1 : end + 1])

    def _value(self, start: int, end: int, kind: str) -> Value | None:
        if not self._may_span(start, end):
            return None
        piece = self.chars[start:end]
        sign = piece.startswith("-")
        digits = piece[1:] if sign else piece
        if not digits or (sign and kind != SIGNED):
            return None
        whole, point, frac = digits.partition(".")
        if not whole.isdigit() or (len(whole) > 1 and whole[0] == "0"):
            return None
        if point:
            if kind != MONEY or not frac.isdigit():
                return None
            return Decimal(digits)
        if kind == MONEY:
            return Decimal(whole)
        return -int(whole) if sign else int(whole)

    def _part(self, start: int, end: int, value: Value) -> Part:
        return Part(value, self.where[start], self.where[end - 1] + 1)

    def _segments(self, pos: int, index: int, parts: list[Part]) -> None:
        if self._stop():
            return
        n = len(self.chars)
        if index == len(self.segments):
            if pos == n:
                self.solutions.append(list(parts))
            return
        first, total = self.segments[index]
        # Characters the columns after this segment need at the least.
        later = len(self.kinds) - (total if total is not None else first) - 1
        if total is None:  # a free column: any valid number
            for end in range(pos + 1, min(n - later, pos + MAX_DIGITS + 2) + 1):
                value = self._value(pos, end, self.kinds[first])
                if value is not None:
                    parts.append(self._part(pos, end, value))
                    self._segments(end, index + 1, parts)
                    parts.pop()
            return
        count = total - first  # the parts before the total
        # Where the total may end: the later columns need 1 to MAX_DIGITS + 2 each.
        last_end = n - later
        first_end = max(pos + count + 1, n - later * (MAX_DIGITS + 2))
        numbers = self._numbers(pos, last_end)
        # The least and greatest sum of the parts, for every place the total may start:
        # a total outside those bounds is not searched at all.
        low, high = self._bounds(pos, last_end, count, numbers, forward=True)
        for total_start in range(pos + count, last_end):
            below, above = low[count][total_start], high[count][total_start]
            if below is None or above is None:
                continue
            ends = range(
                max(total_start + 1, first_end), min(last_end, total_start + MAX_DIGITS) + 1
            )
            for total_end in ends:
                value = self._value(total_start, total_end, COUNT)
                if not isinstance(value, int) or not below <= value <= above:
                    continue
                for cut in self._summing(pos, total_start, count, value, numbers):
                    parts.extend(cut)
                    parts.append(self._part(total_start, total_end, value))
                    self._segments(total_end, index + 1, parts)
                    del parts[-count - 1 :]
                if self._stop():
                    return

    def _numbers(self, start: int, stop: int) -> list[list[tuple[int, int]]]:
        """For each position from ``start``: the counts that may start there and end by
        ``stop``, as (end, value)."""
        numbers: list[list[tuple[int, int]]] = [[] for _ in range(stop + 1)]
        for p in range(start, stop):
            for q in range(p + 1, min(stop, p + MAX_DIGITS) + 1):
                value = self._value(p, q, COUNT)
                if isinstance(value, int):
                    numbers[p].append((q, value))
        self.steps += stop - start  # the work is charged to the budget too
        return numbers

    def _bounds(
        self,
        start: int,
        stop: int,
        count: int,
        numbers: list[list[tuple[int, int]]],
        *,
        forward: bool,
    ) -> tuple[list[list[int | None]], list[list[int | None]]]:
        """Least and greatest sums of cuts into k counts (k up to ``count``): forward,
        ``[k][e]`` for chars[start:e]; backward, ``[k][p]`` for chars[p:stop]."""
        self.steps += count * (stop - start)
        low: list[list[int | None]] = [[None] * (stop + 1) for _ in range(count + 1)]
        high: list[list[int | None]] = [[None] * (stop + 1) for _ in range(count + 1)]
        low[0][start if forward else stop] = high[0][start if forward else stop] = 0
        for k in range(1, count + 1):
            previous_low, previous_high = low[k - 1], high[k - 1]
            row_low, row_high = low[k], high[k]
            positions = range(start, stop) if forward else range(stop - 1, start - 1, -1)
            for p in positions:
                for q, value in numbers[p]:
                    if q > stop:
                        continue
                    a, b = (p, q) if forward else (q, p)  # from a known sum to a new one
                    below, above = previous_low[a], previous_high[a]
                    if below is None or above is None:
                        continue
                    current = row_low[b]
                    if current is None or value + below < current:
                        row_low[b] = value + below
                    current = row_high[b]
                    if current is None or value + above > current:
                        row_high[b] = value + above
        return low, high

    def _summing(
        self,
        start: int,
        end: int,
        count: int,
        target: int,
        numbers: list[list[tuple[int, int]]],
    ) -> list[list[Part]]:
        """The cuts of chars[start:end] into ``count`` counts adding up to ``target``.
        A branch is followed only while what is left to reach lies between the least
        and the greatest sum the rest can make, so the search walks towards cuts that
        add up and nowhere else."""
        low, high = self._bounds(start, end, count, numbers, forward=False)
        found: list[list[Part]] = []
        parts: list[Part] = []

        def cut(pos: int, left: int, remaining: int) -> None:
            if self._stop():
                return
            if left == 0:
                found.append(list(parts))
                return
            for stop, value in numbers[pos]:
                if stop > end:
                    continue
                below, above = low[left - 1][stop], high[left - 1][stop]
                if below is not None and above is not None and below <= remaining - value <= above:
                    parts.append(self._part(pos, stop, value))
                    cut(stop, left - 1, remaining - value)
                    parts.pop()

        below, above = low[count][start], high[count][start]
        if below is not None and above is not None and below <= target <= above:
            cut(start, count, target)
        return found


# ---------------------------------------------------------------- a row's cells

_FOLD = str.maketrans(
    {0xFF10 + i: str(i) for i in range(10)}
    | {0xFF0E: ".", 0xFF0D: "-", 0x2212: "-", 0x3000: " ", 0x00A0: " ", 0x2009: " "}
)
_RUN_CHARS = frozenset("0123456789-. ")
_MONEY_UNITS = ("万元", "元")

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
    steps: int = 0  # the work done, in budget steps


def recover(
    pieces: list[RawPiece], kinds: tuple[str, ...], totals: dict[int, int], budget: int = BUDGET
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
        for name in _MONEY_UNITS:
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
    found = _search(texts, pieces, kinds, totals, unit, budget, keep_spaces=True)
    steps = found.steps
    if not found.solutions and any(" " in t.strip() for t in texts) and steps < budget:
        found = _search(texts, pieces, kinds, totals, unit, budget - steps, keep_spaces=False)
        steps += found.steps
    return RowSearch(found.solutions, found.complete, found.exhausted, run, steps)


def _search(
    texts: list[str],
    pieces: list[RawPiece],
    kinds: tuple[str, ...],
    totals: dict[int, int],
    unit: str | None,
    budget: int,
    *,
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
    found = split("".join(chars), kinds, totals, budget)
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
    return RowSearch(solutions, found.complete, found.exhausted, "", found.steps)
