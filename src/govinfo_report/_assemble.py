"""Table assembly: the blocks of one table's region to the cells of its record.

The geometry of extracted tables is not to be trusted (merged cells shift columns,
labels wrap, spacer cells come and go), so assembly reads a region as a *stream* of
label cells and value cells:

1. ``read_region`` walks the region's blocks once.  Each run of labels followed by a
   run of values becomes a ``Group``; a value's source row is kept, because an empty
   cell at the edge of a row (or next to a label) may be a spacer, while one between two
   numbers of the same row is a cell written blank.
2. ``assemble`` finds each group's row in the table schema by its labels (``_schema``),
   keeps the largest set of matches that respects template order (so a missing, extra or
   repeated row costs that row only), places unlabelled rows by order where exactly one
   place fits, and fits each group's values to its row's width.
3. Cells become ``Cell`` records; anything that could not be placed is a diagnostic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import pairwise
from typing import NamedTuple

from ._blocks import Block, Image, Paragraph
from ._codes import diagnostic
from ._model import Cell, CellKind, Diagnostic, Edition, Location, Value
from ._normalize import LABEL, classify, label_key
from ._schema import EDITION_WORDS, TableSchema, table_schema
from ._tables import MONEY, AnyTable, build

BLANK = CellKind.BLANK
_SUBTOTAL = "小计"
_CHINESE_NUMBER = {2: "二", 3: "三", 4: "四"}


class Label(NamedTuple):
    text: str
    key: str
    line: int
    offset: int


class Token(NamedTuple):
    """A value cell of the stream (built with ``tuple.__new__``: see ``_blocks``)."""

    kind: CellKind
    value: Value
    unit: str | None
    raw: str
    line: int
    offset: int
    row: int  # index of the source block: which row the cell stood in


_new = tuple.__new__


class Group:
    """A run of labels and the run of values that follows them."""

    __slots__ = ("has_number", "labels", "values")

    def __init__(self, labels: list[Label], values: list[Token]) -> None:
        self.labels = labels
        self.values = values
        # False for a row of blank cells only (a header row's trailing spacers, or a
        # row whose zeros were all left blank).
        self.has_number = any(v.kind is not BLANK for v in values)

    @property
    def location(self) -> Location:
        first = self.labels[0] if self.labels else self.values[0]
        return Location(first.line, first.offset)

    def describe(self) -> str:
        label = "".join(label.text for label in self.labels[-2:]).replace("\n", "")
        return f"'{label[:40]}'" if label else "(no label)"


class Region(NamedTuple):
    groups: list[Group]  # groups with at least one value cell
    words: str  # every label key of the region, joined by "|": for edition evidence
    images: list[Image]


def read_region(blocks: Sequence[Block]) -> Region:
    """Read a table region as a stream of labels and values (step 1 above)."""
    groups: list[Group] = []
    labels: list[Label] = []
    values: list[Token] = []
    keys: list[str] = []
    images: list[Image] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Image):
            images.append(block)
            continue
        if isinstance(block, Paragraph):
            if values:
                groups.append(Group(labels, values))
                labels, values = [], []
            key = label_key(block.text)
            keys.append(key)
            labels.append(_new(Label, (block.text, key, block.line, block.offset)))
            continue
        # One pass over the row.  Its leading blanks are held apart: they are spacers
        # if a label follows in the row, cells if the row turns out to hold no label.
        row_start = len(values)
        lead: list[Token] = []
        blanks: list[Token] = []  # blanks whose role the next cell decides
        label_in_row = False
        numbers = 0
        for text, line, offset in block.cells:
            kind, value, unit = classify(text)
            if kind is LABEL:
                blanks = []  # blanks right before a label are spacers: dropped
                lead = []
                if values:
                    groups.append(Group(labels, values))
                    labels, values = [], []
                    row_start = 0
                key = label_key(text)
                keys.append(key)
                labels.append(_new(Label, (text, key, line, offset)))
                label_in_row = True
            elif kind is BLANK:
                token = _new(Token, (kind, value, unit, text, line, offset, index))
                if label_in_row or numbers:
                    blanks.append(token)
                else:
                    lead.append(token)
            else:
                numbers += 1
                if blanks:
                    values.extend(blanks)
                    blanks = []
                values.append(_new(Token, (kind, value, unit, text, line, offset, index)))
        if blanks:  # blanks ending a row may be cells written blank ("总计" left empty)
            values.extend(blanks)
        if not label_in_row and numbers:
            # A row with no label has no merged label cells: its leading blanks are cells.
            values[row_start:row_start] = lead
            if row_start and numbers >= 2:
                # A row of numbers of its own (not one number per line): a row whose
                # label was lost, or the next part of a split table 四: its own group.
                groups.append(Group(labels, values[:row_start]))
                labels, values = [], values[row_start:]
    if values:
        groups.append(Group(labels, values))
    return Region(groups, "|".join(keys), images)


def _soft_blanks(values: list[Token]) -> list[bool]:
    """Mark blank cells that may be spacers: a run of blanks touching an edge of the
    group or of its source row.  Blanks between two values of one row are cells."""
    n = len(values)
    soft = [False] * n
    i = 0
    while i < n:
        if values[i].kind is not BLANK:
            i += 1
            continue
        j = i
        while j < n and values[j].kind is BLANK:
            j += 1
        if (
            i == 0
            or j == n
            or values[i - 1].row != values[i].row
            or values[j].row != values[j - 1].row
        ):
            soft[i:j] = [True] * (j - i)
        i = j
    return soft


Check = Callable[[list[Token]], bool]


def fit(values: list[Token], width: int, check: Check | None = None) -> list[Token] | None:
    """The ``width`` values of a row, or None when they cannot be told apart.

    Empty cells at the edges of a row may be spacers or cells written blank.  When
    dropping spacers leaves too few values, the missing ones are taken from the empty
    cells before or after the numbers; if both are possible and they give different
    values, the row's own arithmetic (``check``) must pick exactly one reading.
    """
    n = len(values)
    if n == width:
        return values
    soft = _soft_blanks(values)
    hard = [v for v, s in zip(values, soft, strict=True) if not s]
    if len(hard) == width:
        return hard
    if len(hard) > width:
        return None
    if not hard:  # only empty cells: every reading is all zeros
        return values[:width] if n >= width else None
    lead = next((i for i, s in enumerate(soft) if not s), n)
    trail = next((i for i, s in enumerate(reversed(soft)) if not s), n)
    if lead + trail != n - len(hard):  # an empty cell inside the row could be either
        return None
    need = width - len(hard)
    readings = []
    if lead >= need:
        readings.append(values[lead - need : lead] + hard)
    if trail >= need:
        readings.append(hard + values[n - trail : n - trail + need])
    if len(readings) == 2 and _values_of(readings[0]) != _values_of(readings[1]):
        readings = [r for r in readings if check is not None and check(r)]
        if len(readings) != 1:
            return None
    return readings[0] if readings else None


def _values_of(tokens: list[Token]) -> list[Value]:
    return [t.value for t in tokens]


def _sums_to_last(tokens: list[Token]) -> bool:
    """The last value is the sum of the others (T3-ROWSUM, T4-SUM per group)."""
    numbers = _values_of(tokens)
    if any(x is None for x in numbers):
        return False
    return sum(x for x in numbers[:-1] if x is not None) == numbers[-1]


def _table4_sums(tokens: list[Token]) -> bool:
    return all(_sums_to_last(tokens[i : i + 5]) for i in range(0, 15, 5))


def _candidate(group: Group, schema: TableSchema) -> tuple[int, int] | None:
    """The row a group's labels name, with a score; None if they name none."""
    keys = [label.key for label in group.labels if label.key]
    if not keys:
        return None
    for k in (1, 2, 3):
        if k > len(keys):
            break
        joined = "".join(keys[-k:])
        index = schema.exact.get(joined)
        if index is not None:
            return index, 1000 + len(joined)
    joined = "".join(keys[-4:])
    for key, index in schema.contained:
        if key in joined:
            return index, len(key)
    return None


def _in_order(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The heaviest subsequence of (group, row, score) matches with rows increasing."""
    if all(a[1] < b[1] for a, b in pairwise(matches)):
        return matches
    best: list[int] = []
    back: list[int] = []
    for i, (_, row, score) in enumerate(matches):
        best.append(score)
        back.append(-1)
        for j in range(i):
            if matches[j][1] < row and best[j] + score > best[i]:
                best[i] = best[j] + score
                back[i] = j
    i = max(range(len(matches)), key=best.__getitem__)
    chosen = []
    while i >= 0:
        chosen.append(matches[i])
        i = back[i]
    return chosen[::-1]


def _first_of_each(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """For unordered tables: each row's best match, the earliest one on a tie."""
    best: dict[int, tuple[int, int, int]] = {}
    for match in matches:
        if match[1] not in best or match[2] > best[match[1]][2]:
            best[match[1]] = match
    return sorted(best.values())


def _address(schema: TableSchema, index: int) -> tuple[str, ...]:
    row = schema.layout.rows[index]
    return tuple(column.address for column in row.columns)


def _row_name(table: int, schema: TableSchema, index: int) -> str:
    row = schema.layout.rows[index]
    labels = " ".join(row.path_labels)
    return f"{_CHINESE_NUMBER[table]} {labels} ({schema.layout.prefix}.{row.address})"


def assemble(
    table: int, edition: Edition, region: Region, diagnostics: list[Diagnostic]
) -> AnyTable | None:
    """The record of table 2, 3 or 4 from its region; None if no row of it was found."""
    schema = table_schema(table, edition)
    groups = [g for g in region.groups if g.has_number or g.labels]
    placed: dict[int, list[Token]] = {}
    if table == 4:
        whole = _whole_table4(groups)
        if whole is not None:
            for index in range(3):
                placed[index] = whole[index * 5 : index * 5 + 5]
    if not placed:
        placed = _place_rows(table, schema, groups, diagnostics)
    if not placed:
        return None
    rows: dict[str, list[Cell]] = {}
    for index, values in placed.items():
        row = schema.layout.rows[index]
        cells = rows[row.address] = []
        for column, token in zip(row.columns, values, strict=True):
            kind, number, unit, raw, line, offset, _ = token
            if column.kind == MONEY and isinstance(number, int):
                number = Decimal(number)
            cells.append(Cell(number, raw, kind, line, offset, unit))
            if kind is CellKind.TEXT:
                diagnostics.append(
                    diagnostic(
                        "PARSE-CELL-UNREADABLE",
                        f"{column.address} ({row.label} {column.label}): "
                        f"{raw.strip()!r} is not a number",
                        (column.address,),
                        Location(line, offset),
                    )
                )
    for index in range(len(schema.rows)):
        if index not in placed:
            diagnostics.append(
                diagnostic(
                    "PARSE-ROW-MISSING",
                    f"row {_row_name(table, schema, index)} was not found; its cells are None",
                    _address(schema, index),
                )
            )
    record: AnyTable = build(schema.record, rows)
    return record


def _whole_table4(groups: list[Group]) -> list[Token] | None:
    """Table 四 is one row of 15 values (or three of five), after header rows.

    Header rows may end in empty cells; those groups hold no number, so the rows with
    numbers are tried first, and all rows only if a row was written wholly blank.
    """
    with_numbers = [v for g in groups if g.has_number for v in g.values]
    values = fit(with_numbers, 15, _table4_sums) if with_numbers else None
    if values is None:
        everything = [v for g in groups for v in g.values]
        values = fit(everything, 15, _table4_sums) if everything else None
    return values


def _place_rows(
    table: int, schema: TableSchema, groups: list[Group], diagnostics: list[Diagnostic]
) -> dict[int, list[Token]]:
    data = [g for g in groups if g.values]
    forced = _labels_before_values(data, schema)
    matches: list[tuple[int, int, int]] = []
    for position, group in enumerate(data):
        if position in forced:
            matches.append((position, forced[position], 2000))
            continue
        if group.labels and _SUBTOTAL in group.labels[-1].key:
            diagnostics.append(
                diagnostic(
                    "PARSE-ROW-SUBTOTAL",
                    f"subtotal row {group.describe()} of table {_CHINESE_NUMBER[table]} "
                    "left out of the statutory cells",
                    location=group.location,
                )
            )
            continue
        found = _candidate(group, schema)
        if found is None:
            continue
        index, score = found
        if not group.has_number:
            # An all-blank row (blank = 0) counts only if it fills its row exactly, and
            # weighs less than a row with numbers: header rows end in blanks too.
            if fit(group.values, schema.rows[index].width) is None:
                continue
            score //= 2
        matches.append((position, index, score))
    kept = (_in_order if schema.ordered else _first_of_each)(matches) if matches else []
    row_of = {position: index for position, index, _ in kept}
    taken = set(row_of.values())
    _place_by_order(data, row_of, taken, len(schema.rows), diagnostics, table, schema)
    subtotal_header = bool(data) and any(_SUBTOTAL in label.key for label in data[0].labels)
    placed: dict[int, list[Token]] = {}
    for position, group in enumerate(data):
        row_index = row_of.get(position)
        if row_index is None:
            if group.has_number and not (group.labels and _SUBTOTAL in group.labels[-1].key):
                diagnostics.append(
                    diagnostic(
                        "PARSE-ROW-UNMATCHED",
                        f"{len(group.values)} value(s) after {group.describe()} match no row "
                        f"of table {_CHINESE_NUMBER[table]} (or repeat a row already read)",
                        location=group.location,
                    )
                )
            continue
        width = schema.rows[row_index].width
        values = fit(group.values, width, _sums_to_last if table != 2 else None)
        if values is None and table == 3:
            values = _drop_subtotal_column(group.values, subtotal_header, diagnostics, group)
        if values is None:
            diagnostics.append(
                diagnostic(
                    "PARSE-ROW-WIDTH",
                    f"row {_row_name(table, schema, row_index)} has {len(group.values)} value "
                    f"cell(s) for {width} column(s); its cells are None",
                    _address(schema, row_index),
                    group.location,
                )
            )
            continue
        placed[row_index] = values
    return placed


def _labels_before_values(data: list[Group], schema: TableSchema) -> dict[int, int]:
    """Rows whose labels all stand before all their values (PDF-to-markdown tables).

    A group whose labels name n rows in template order, followed by exactly n - 1
    groups with no labels at all, gives its values to the first row named and each
    following group to the next.  Anything less clear-cut is left to label matching.
    """
    forced: dict[int, int] = {}
    for position in range(len(data) - 1):
        group = data[position]
        if not group.labels or data[position + 1].labels:
            continue
        named = _named_rows(group, schema)
        followers = data[position + 1 : position + len(named)]
        if (
            len(named) >= 2
            and len(followers) == len(named) - 1
            and all(not f.labels for f in followers)
            and (position + len(named) >= len(data) or data[position + len(named)].labels)
        ):
            for offset, index in enumerate(named):
                forced[position + offset] = index
    return forced


def _named_rows(group: Group, schema: TableSchema) -> list[int]:
    """The rows a group's labels name, in the order named; only distinctive names
    (four characters or more) count, so header words like 总计 and 其他 do not."""
    keys = [label.key for label in group.labels if label.key]
    named: list[int] = []
    for i, key in enumerate(keys):
        window = key + (keys[i + 1] if i + 1 < len(keys) else "")
        for name, index in schema.contained:
            if name in window:
                if not named or named[-1] != index:
                    named.append(index)
                break
    return named if all(a < b for a, b in pairwise(named)) else []


def _place_by_order(
    data: list[Group],
    row_of: dict[int, int],
    taken: set[int],
    row_count: int,
    diagnostics: list[Diagnostic],
    table: int,
    schema: TableSchema,
) -> None:
    """Give unrecognised rows of numbers the one free row between their neighbours.

    Only where the gap between two recognised rows holds exactly as many unrecognised
    rows as free template rows: then order alone decides, and it is said so.
    """
    position = 0
    n = len(data)
    while position < n:
        if position in row_of or not data[position].has_number:
            position += 1
            continue
        end = position
        while end < n and end not in row_of:
            end += 1
        before = max((row_of[p] for p in range(position) if p in row_of), default=-1)
        after = row_of.get(end, row_count) if end < n else row_count
        gap = [i for i in range(before + 1, after) if i not in taken]
        run = [p for p in range(position, end) if data[p].has_number]
        if gap and len(gap) == len(run):
            for p, index in zip(run, gap, strict=True):
                row_of[p] = index
                taken.add(index)
                diagnostics.append(
                    diagnostic(
                        "PARSE-ROW-BY-ORDER",
                        f"row {data[p].describe()} not recognised; placed by order as "
                        f"{_row_name(table, schema, index)}",
                        _address(schema, index),
                        data[p].location,
                    )
                )
        position = end


def _drop_subtotal_column(
    values: list[Token], header_says: bool, diagnostics: list[Diagnostic], group: Group
) -> list[Token] | None:
    """Eight values in a row of table 三: an extra 法人或其他组织小计 column, if its
    value is the sum of the five organisation columns (or the header names it)."""
    hard = fit(values, 8)
    if hard is None:
        return None
    if not header_says and not (
        _sums_to_last(hard[1:7]) and _sums_to_last([hard[0], hard[6], hard[7]])
    ):
        return None
    diagnostics.append(
        diagnostic(
            "PARSE-COLUMN-SUBTOTAL",
            f"row {group.describe()} has an extra 法人或其他组织小计 column "
            f"({hard[6].raw.strip()}); left out",
            location=Location(hard[6].line, hard[6].offset),
        )
    )
    return hard[:6] + hard[7:]


def edition_evidence(t2: Region | None, t3: Region | None) -> dict[Edition, int]:
    """How many edition-specific header words and rows each edition has in the tables."""
    words = "|".join(r.words for r in (t2, t3) if r is not None)
    evidence = {
        edition: sum(1 for word in edition_words if word in words)
        for edition, edition_words in EDITION_WORDS.items()
    }
    if t3 is not None:
        # The 2019 edition's （六）其他处理 is a data row; in 2021 it only heads sub-rows.
        for group in t3.groups:
            if group.labels and group.labels[-1].key == "其他处理" and group.has_number:
                evidence[Edition.E2019] += 1
    return evidence
