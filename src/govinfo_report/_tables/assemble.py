"""Table assembly: the blocks of one table's region to the cells of its record.

The geometry of extracted tables is not to be trusted (merged cells shift columns,
labels wrap, spacer cells come and go), so assembly reads a region as a *stream* of
label cells and value cells:

1. ``read_region`` walks the region's blocks once.  Each run of labels followed by a
   run of values becomes a ``Group``; a value's source row is kept, because an empty
   cell at the edge of a row (or next to a label) may be a spacer, while one between two
   numbers of the same row is a cell written blank.
2. ``assemble`` finds the row each group's labels name (``_format.schema``).  Labels naming
   several rows over one run of numbers are not guessed at, except where the labels of
   n rows stand before exactly n runs of numbers with no labels (PDF-to-markdown
   output): those are matched in order.  Of the matches it keeps the heaviest set that
   respects template order (so a missing, extra or repeated row costs that row only);
   runs of numbers with no recognised label take the free rows between their
   recognised neighbours when the two counts are equal.
3. Each matched group's values are fitted to its row's width (``fit``), with the row's
   own sums deciding where empty cells leave a choice; cells become ``Cell`` records,
   and anything that could not be placed is a diagnostic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import cache, lru_cache
from itertools import pairwise, product
from typing import NamedTuple

import regex

from .._core.chain import heaviest_chain
from .._core.codes import diagnostic
from .._core.model import (
    NUMERALS,
    Cell,
    CellKind,
    Diagnostic,
    Edition,
    Location,
    PictureReading,
    Value,
)
from .._core.normalize import LABEL, LabelKey, classify, is_numbered, label_key
from .._format.records import COUNT, MONEY, TABLE2_CLASSES, AnyTable, Column, Table4, build, layout
from .._format.schema import EDITION_WORDS, HEADER_WORDS, TableSchema, table_schema
from .._read.blocks import CRAWL, SLOTS, STREAM, Block, Image, Paragraph, Row
from .recover import BUDGET, Recovered, RowSearch, recover

BLANK = CellKind.BLANK
MISSING = CellKind.MISSING
TEXT = CellKind.TEXT
_NUMERIC = frozenset((CellKind.NUMBER, CellKind.DASH))
_SUBTOTAL = "小计"
_TABLE2_RECORDS = frozenset(TABLE2_CLASSES.values())
# Words of table 二's headers: its column labels (both editions, with and without
# their parenthetical) and 信息内容.
_TABLE2_COLUMN_WORDS = frozenset(
    label_key(label)
    for cls in TABLE2_CLASSES.values()
    for column in layout(cls).cells
    for label in (column.label, column.label.split("（")[0])
)
_TABLE2_HEADER_WORDS = _TABLE2_COLUMN_WORDS | {label_key("信息内容")}


class Label(NamedTuple):
    text: str
    key: str
    line: int
    offset: int


class Token(NamedTuple):
    """A value cell of the stream (built with ``tuple.__new__``: see ``_read.blocks``)."""

    kind: CellKind
    value: Value
    unit: str | None
    raw: str
    line: int
    offset: int
    row: int  # index of the source block: which row the cell stood in
    recovered: str | None  # see ``Cell.recovered``


_new = tuple.__new__


class Group:
    """A run of labels and the run of values that follows them."""

    __slots__ = ("bare", "has_number", "labels", "slots", "values")

    def __init__(self, labels: list[Label], values: list[Token], slots: int = STREAM) -> None:
        self.labels = labels
        self.values = values
        # Its values all stand on lines of text without slots that hold no label.
        self.bare = False
        # How far the values' slots can be trusted (``_read.blocks``): the least of their rows.
        self.slots = slots
        # False for a row of blank cells only (a header row's trailing spacers, or a
        # row whose zeros were all left blank), or of text alone ("数据1 … 数据6").
        self.has_number = any(v.kind in _NUMERIC for v in values)

    @property
    def location(self) -> Location:
        first = self.labels[0] if self.labels else self.values[0]
        return Location(first.line, first.offset)

    def describe(self) -> str:
        label = "".join(label.text for label in self.labels[-2:]).replace("\n", "")
        return f"'{label[:40]}'" if label else "(no label)"


class Region(NamedTuple):
    groups: list[Group]  # groups with a value cell, and the labels ending the region
    words: str  # every label key of the region, joined by "|": for edition evidence
    # Rows of empty cells with no label: spacers, or a table 四 whose zeros were all
    # left blank (the blank template).  Kept apart so that they split no group.
    blank_rows: list[list[Token]]
    # Indices of the blocks that are glued runs of digits (see ``Row.glued``).
    glued: frozenset[int] = frozenset()
    # Text without slots whose rows print their label and values on one line
    # (space-aligned PDF text): there a number alone on its line is a page number as
    # often as a row's values, and names no row by where it stands.
    spaced: bool = False
    # A crawl's row holds an empty cell before a value: the crawl writes blank cells
    # where they stand, so the empty cells ending a row are its blank cells, then padding.
    blanks_written: bool = False


def read_region(blocks: Sequence[Block]) -> Region:
    """Read a table region as a stream of labels and values (step 1 above)."""

    bare: set[int] = set()  # rows of text without slots that hold values and no label
    labelled = 0  # rows of text without slots that hold a label and values

    def group(labels: list[Label], values: list[Token]) -> Group:
        # The least slots of the values' rows, and whether they are all bare rows: a
        # value's row is the row before it's, mostly, so each row is looked at once.
        slots: int | None = None
        all_bare = bool(values)
        last = -1
        for v in values:
            index = v.row
            if index != last:
                last = index
                row = blocks[index]
                if type(row) is Row and (slots is None or row.slots < slots):
                    slots = row.slots
                if all_bare and index not in bare:
                    all_bare = False
        made = Group(labels, values, STREAM if slots is None else slots)
        made.bare = all_bare
        return made

    groups: list[Group] = []
    labels: list[Label] = []
    values: list[Token] = []
    keys: list[str] = []
    blank_rows: list[list[Token]] = []
    blanks_written = False
    after_labelled = False  # the row before printed its label and values on one line
    for index, block in enumerate(blocks):
        if isinstance(block, Image):
            continue
        if isinstance(block, Paragraph):
            after_labelled = False
            if values:
                groups.append(group(labels, values))
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
        digits_run = block.glued
        for text, line, offset in block.cells:
            kind, value, unit = classify(text)
            if kind is LABEL and digits_run:
                kind = TEXT  # a run of digits too long to be one number
            if kind is LABEL:
                blanks = []  # blanks right before a label are spacers: dropped
                lead = []
                if values:
                    groups.append(group(labels, values))
                    labels, values = [], []
                    row_start = 0
                key = label_key(text)
                keys.append(key)
                labels.append(_new(Label, (text, key, line, offset)))
                label_in_row = True
            elif kind is BLANK:
                token = _new(Token, (kind, value, unit, text, line, offset, index, None))
                if label_in_row or numbers:
                    blanks.append(token)
                else:
                    lead.append(token)
            else:
                numbers += 1
                if blanks:
                    values.extend(blanks)
                    blanks = []
                    blanks_written = blanks_written or block.slots == CRAWL
                values.append(_new(Token, (kind, value, unit, text, line, offset, index, None)))
        if blanks:  # blanks ending a row may be cells written blank ("总计" left empty)
            values.extend(blanks)
        if not label_in_row and not numbers and lead:
            blank_rows.append(lead)
        if numbers and block.slots == STREAM and not block.glued:
            if label_in_row:
                labelled += 1
            else:
                bare.add(index)
        if not label_in_row and numbers:
            # A row with no label has no merged label cells: its leading blanks are cells.
            values[row_start:row_start] = lead
            blanks_written = blanks_written or (bool(lead) and block.slots == CRAWL)
            if row_start and (numbers >= 2 or after_labelled):
                # A row of numbers of its own (not one number per line): a row whose
                # label was lost, or the next part of a split table 四: its own group.
                # So is a number alone on its line after a row of text that prints its
                # label and values on one line (a page number as often as a value: see
                # ``_place_rows``), which no row of that table continues.
                groups.append(group(labels, values[:row_start]))
                labels, values = [], values[row_start:]
        after_labelled = block.slots == STREAM and not block.glued and label_in_row and numbers > 0
    if values or labels:  # labels at the end: maybe the end of a label wrapped there
        groups.append(group(labels, values))
    glued = frozenset(i for i, b in enumerate(blocks) if isinstance(b, Row) and b.glued)
    return Region(groups, "|".join(keys), blank_rows, glued, labelled > 0, blanks_written)


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


def fit(
    values: list[Token], width: int, check: Check | None = None, lossy: bool = False
) -> list[Token] | None:
    """The ``width`` values of a row, or None when they cannot be told apart.

    ``lossy``: the table's rows show blank cells vanishing (rows of text without slots
    shorter than their rows); then a row of exactly ``width`` values may have lost a
    blank cell and gained a column the header does not name, and must satisfy its
    relation (``check``).

    Empty cells at the edges of a row may be spacers or cells written blank.  When
    dropping spacers leaves too few values, the missing ones are taken from the empty
    cells at the two ends.  Where only one split is possible it is taken: from the end
    (a 总计 left blank is common, and reads as 0) as it is; from the front only if the
    row's own arithmetic (``check``) agrees, since an empty cell before the numbers is
    as often a spacer left by merged label cells.  Where several splits are possible,
    the arithmetic must leave exactly one set of values.
    """
    n = len(values)
    if n == width:  # a leading empty cell may be a spacer: then the row must add up
        doubt = lossy or values[0].kind is BLANK
        return values if check is None or not doubt or check(values) else None
    soft = _soft_blanks(values)
    hard = [v for v, s in zip(values, soft, strict=True) if not s]
    if len(hard) == width:
        # Empty cells were taken for spacers: the numbers left must add up, or a stray
        # number (a summary line's "行政复议 3") could stand in for a blank cell.
        return hard if check is None or check(hard) else None
    if len(hard) > width:
        return None
    if not hard:  # only empty cells: every reading is all zeros
        return values[:width] if n >= width else None
    lead = next((i for i, s in enumerate(soft) if not s), n)
    trail = next((i for i, s in enumerate(reversed(soft)) if not s), n)
    if lead + trail != n - len(hard):  # an empty cell inside the row could be either
        return None
    need = width - len(hard)
    # Every way to take the missing cells from the empty cells at the two ends.
    readings = [
        values[lead - i : lead] + hard + values[n - trail : n - trail + need - i]
        for i in range(max(0, need - trail), min(lead, need) + 1)
    ]
    if len(readings) == 1:
        reading = readings[0]
        uses_lead = need > trail  # a leading blank may be a spacer: the row must add up
        return reading if not uses_lead or check is None or check(reading) else None
    distinct = {tuple(_values_of(r)): r for r in readings if check is None or check(r)}
    return next(iter(distinct.values())) if len(distinct) == 1 else None


VANISHED = "VANISHED"  # ``Cell.recovered``: a row that lost a blank cell (``_vanished``)


def _zeros(values: list[Token]) -> bool:
    """Whether every value is zero (0, blank or a dash)."""
    return all(v.value == 0 for v in values)


def _vanished(values: list[Token], width: int) -> list[Token] | None:
    """A row of text without slots one cell short whose cells are all zero (0, blank or
    a dash), where blank cells may have vanished (a page that drops empty paragraphs):
    its missing cell is blank, and wherever it stood the row reads the same.  Table 三's
    and 四's rows only, and nothing else is read this way.  A
    row that lost a number instead cannot pass for one: the number is its total or a
    column of a nonzero total, and either would show.  A row with a nonzero cell could
    place its blank several ways, and a sum that picks one would as readily pick a
    wrong one for a row that lost a number (to a note, the next label, a page break)."""
    if len(values) != width - 1 or not _zeros(values):
        return None
    blank = _new(Token, (BLANK, 0, None, "", None, None, values[-1].row, None))
    return _marked([*values, blank], VANISHED)


# Where a slotted table's values stand after each row's labels (see ``_alignment``).
LEFT = "left"  # right after the labels; padding after them
RIGHT = "right"  # at the row's end; slots of merged label cells between labels and values
MIXED = "mixed"  # the table's rows show both


def _windows(values: list[Token], width: int) -> list[int]:
    """The offsets at which ``width`` consecutive slots can be a row's values: every
    slot outside them is blank (a merged cell's slot, or padding)."""
    n = len(values)
    if n == width:
        return [0]  # (what the scans below give: every slot is a value's)
    lead = next((i for i, v in enumerate(values) if v.kind is not BLANK), n)
    trail = next((i for i, v in enumerate(reversed(values)) if v.kind is not BLANK), n)
    return list(range(max(0, n - width - trail), min(lead, n - width) + 1))


def fit_slots(
    values: list[Token],
    width: int,
    check: Check | None,
    align: str | None,
    spacer: bool,
) -> tuple[list[Token] | None, bool]:
    """The ``width`` values of a row whose cells are slots, and whether the row's
    relation (``check``) had to choose among the ways they can stand; (None, False) when
    they cannot be told apart.

    The slots that are no values are blank: slots of merged label cells before them,
    slots of merged value cells or padding after them.  Several ways that give the same
    values are one reading.  Of readings that differ: the one way that satisfies the
    row's relation, if only one does (never one of several that do); where the row has
    no relation (table 二), the way the table's rows settled (``align``: LEFT, values
    right after the labels; RIGHT, at the row's end).  Where no way satisfies the
    relation (the report's own error), none is taken, not even in a markup grid: a
    grid's labels' spans may be written as empty cells before the values and its rows
    padded after them, each label's span as wide as its level, so no other row says
    where this one's values stand.
    ``spacer``: the first slot may be a merged label cell's and the row's last cell
    lost, so a blank first value is taken only if the table's rows or the row's
    relation bear it out.
    """
    n = len(values)
    offsets = _windows(values, width) if n >= width else []
    # Several ways that give the same values are one reading.
    readings: dict[tuple[Value, ...], int] = {}
    if len(offsets) > 1:
        readings = {tuple(_values_of(values[o : o + width])): o for o in offsets}
    if len(offsets) == 1 or len(readings) == 1:
        reading = values[offsets[0] : offsets[0] + width]
        doubt = spacer and align is None and reading[0].kind is BLANK
        if doubt and (check is None or not check(reading)):
            return None, False
        return reading, False
    if check is not None:
        passing = [o for o in readings.values() if check(values[o : o + width])]
        if len(passing) == 1:
            return values[passing[0] : passing[0] + width], True
        return None, False  # several readings add up, or none does: none is taken
    if align in (LEFT, RIGHT):
        settled = 0 if align == LEFT else n - width
        if settled in offsets:
            return values[settled : settled + width], False
    return None, False


def _values_of(tokens: list[Token]) -> list[Value]:
    return [t.value for t in tokens]


# A row's sums as data: the column of each segment's total -> where its segment starts
# (the total is the sum of the columns from there up to it).  Per table, for one row
# (table 四's rows are its groups); and table 四 read as one row of fifteen.
_TOTALS: dict[int, dict[int, int]] = {2: {}, 3: {6: 0}, 4: {4: 0}}
_TABLE4_TOTALS = {4: 0, 9: 5, 14: 10}


def _adds_up(numbers: Sequence[Value], totals: dict[int, int]) -> bool:
    """Whether each segment of a row adds up to its total (no cell of it None)."""
    for total, start in totals.items():
        segment = numbers[start : total + 1]
        parts = [x for x in segment if x is not None]
        if len(parts) < len(segment) or sum(parts[:-1]) != parts[-1]:
            return False
    return True


def _sums_to_last(tokens: list[Token]) -> bool:
    """The last value is the sum of the others (T3-ROWSUM, T4-SUM per group)."""
    return _adds_up(_values_of(tokens), {len(tokens) - 1: 0})


def _last_is_total(tokens: list[Token]) -> bool:
    """Whether the last of several values is a nonzero sum of the others."""
    return len(tokens) > 1 and bool(tokens[-1].value) and _sums_to_last(tokens)


def _total_early(reading: list[Token]) -> bool:
    """Whether a row reads its total blank and a value before it is the sum of those
    before that: the total printed a column early, the row short of a cell it lost,
    and the blank at its end the padding after it."""
    return reading[-1].kind is BLANK and _ends_in_total(reading)


def _ends_in_total(tokens: list[Token]) -> bool:
    """Whether the last value before any blank cells ending a row is a nonzero sum of
    the values before it."""
    return _last_is_total(tokens[: _printed(tokens)])


def _table4_sums(tokens: list[Token]) -> bool:
    return _adds_up(_values_of(tokens), _TABLE4_TOTALS)


# The rows groups' labels name (``_candidate``), by what decides it: the table, the
# labels' texts, and which labels stand on the line of the group's first value.  The
# template's labels recur in every report, and naming rows is assembly's costliest step.
_CANDIDATES: dict[
    tuple[type, tuple[str, ...], tuple[bool, ...] | None], tuple[int, int] | None
] = {}
_MEMO_LIMIT = 20_000


def _candidate(group: Group, schema: TableSchema) -> tuple[int, int] | None:
    """The row a group's labels name, with a score; None if they name none, or several:
    then which values are whose is not known, and nothing is guessed."""
    labels = group.labels
    line = group.values[0].line if group.values and group.slots != STREAM else None
    key = (
        schema.record,
        tuple([label.text for label in labels]),
        None if line is None else tuple([label.line == line for label in labels]),
    )
    try:
        return _CANDIDATES[key]
    except KeyError:
        pass
    found = _name_row(group, schema)
    if len(_CANDIDATES) < _MEMO_LIMIT:
        _CANDIDATES[key] = found
    return found


def _name_row(group: Group, schema: TableSchema) -> tuple[int, int] | None:
    """``_candidate``, worked out.  Only the group's own labels name its row
    (``_own_labels``)."""
    labels = _own_labels(group, schema)
    if schema.ordered and any(
        _named_rows(labels[:i], schema)
        for i, label in enumerate(labels)
        if label.key in _TOTAL_WORDS
    ):
        # "3.其他" then "总计" over one run of values: a row printed blank and the total
        # row whose numbering was lost, as likely as one row; whose values these are is
        # not known.  ("（七）" then "总计" is one label.)
        return None
    if schema.record is Table4:
        # A group's name, whole: "行政复议" inside the header line "行政复议 行政诉讼" is
        # no row of five values.
        found = {schema.exact.get(label.key) for label in labels} - {None}
        return (found.pop(), 1000) if len(found) == 1 else None  # type: ignore[return-value]
    named = _named_rows(labels, schema)
    if len(named) == 1:
        # A label that is a row's name outweighs one that holds it among other words
        # ("全年公开行政处罚信息 25条" before the row "行政处罚").
        keys = [label.key for label in labels]
        joined = [a + b for a, b in pairwise(keys)]
        exact = any(schema.exact.get(key) == named[0] for key in (*keys, *joined))
        return named[0], 1000 if exact else 800
    if named:
        return None
    # Labels cut into pieces ("（二）部分公开（区分处理的，只计这一情" / "形，…）").
    keys = [label.key for label in labels if label.key]
    for k in (2, 3):
        if k <= len(keys):
            index = schema.exact.get("".join(keys[-k:]))
            if index is not None:
                return index, 500
    return None


_TOTAL_WORDS = frozenset(("总计", "合计"))


def _own_labels(group: Group, schema: TableSchema) -> list[Label]:
    """The labels of a group that are its row's: from its last numbered label on
    ("（三）不予公开" "1.属于国家秘密"), and in table 二 after its last header word
    ("第二十条第（八）项", "信息内容", "本年收费金额…").  Labels before those are the label
    of a row printed blank, the end of a label wrapped after the previous row's
    numbers, or a header, and name no row of these values."""
    labels = group.labels
    if schema.record in _TABLE2_RECORDS:
        header = [i for i, label in enumerate(labels) if _is_table2_header(label.key)]
        labels = labels[header[-1] + 1 :] if header else labels
    # In text without slots a label alone on its line is a row printed blank; in rows
    # with slots, labels on lines of their own may have floated over their values
    # (PDF-to-markdown), and only a row's own label cells are cut this way.
    line = group.values[0].line if group.values and group.slots != STREAM else None
    own = [i for i, label in enumerate(labels) if _numbered(label) and line in (None, label.line)]
    return labels[own[-1] :] if own else labels


@lru_cache(maxsize=4096)  # keys repeat: the template's words, in every report
def _is_table2_header(key: str) -> bool:
    """Whether a label is one of table 二's block labels or column words."""
    return key.startswith("第二十") or any(word in key for word in _TABLE2_HEADER_WORDS)


def _numbered(label: Label) -> bool:
    """Whether a label starts a row: it has its numbering ("1.", "（三）"), or what a
    wrapped line left of it ("．属于…": the "1" stayed on the line before)."""
    text = label.text.lstrip()
    return is_numbered(text) or (text[:1] in ".．、" and bool(label.key))


def _continued_labels(data: list[Group], schema: TableSchema) -> None:
    """Give each row of text whose cells lost their slots the end of its label that was
    wrapped after its numbers ("5.要求行政机 0 0 …" / "关确认或重新出具已获取信息"), and each
    row with slots the end on a row of blank cells of its own: the
    next group's first label, where the row's labels name no row, that label has no
    numbering of its own, and the two run together are a row's whole label, or one with
    a bracketed note after it (not merely
    hold a row's name: "总计" + "结转下年度继续办理" names carried_forward, and is two
    rows' labels)."""
    for group, after in pairwise(data):
        if not group.labels or not after.labels:
            continue
        if group.has_number and _open_brackets(group.labels[-1].text) > 0 > _open_brackets(
            after.labels[0].text
        ):
            # "行政规范性文件（指本机关…" / 0 0 0 / "规范性文件）": the end of a bracket
            # wrapped after the numbers is the end of their label, whatever it names
            # alone (here 规范性文件, the same row's short name, over the next values).
            group.labels.append(after.labels.pop(0))
            if not after.labels:
                continue
        if not group.has_number:
            # A label begun on a row of blank cells of its own, its end beside the
            # numbers ("（二）部分公开（区分处理的， | | | …" / "只计这一情形… | 2 | 1 | …"):
            # the begun part goes to the numbers, and the blank row is no row's.
            if after.has_number and _wrapped(after, group.labels[-1], after.labels[0], schema):
                after.labels.insert(0, group.labels.pop())
            continue
        if group.slots != STREAM and after.has_number:
            # A row with slots: only a row of blank cells of its own can hold the end of
            # its label ("3.要求提供 | 4 | 1 | …" / "公开出版物 | | | …").
            continue
        if _wrapped(group, group.labels[-1], after.labels[0], schema):
            group.labels.append(after.labels.pop(0))


_OPENING = "（("
_CLOSING = "）)"


def _open_brackets(text: str) -> int:
    """The brackets a label leaves open ("行政规范性文件（指本机关印发的…": 1), less those
    it closes without opening them ("规范性文件）": -1)."""
    return sum(text.count(c) for c in _OPENING) - sum(text.count(c) for c in _CLOSING)


def _wrapped(numbers: Group, head: Label, tail: Label, schema: TableSchema) -> bool:
    """Whether ``head`` and ``tail`` are one label wrapped in two, the numbers' label:
    the numbers' own labels name no row, ``tail`` has no numbering of its own and is no
    header word, and the two run together are a row's whole label (or one with a
    bracketed note after it)."""
    if _named_rows(_own_labels(numbers, schema), schema):
        return False
    if _numbered(tail) or tail.key in HEADER_WORDS:
        return False
    joint = _joint_key(head.key, tail.key)
    return joint in schema.exact or getattr(joint, "head", None) in schema.exact


def _joint_key(first: str, second: str) -> str:
    """The key of a label wrapped onto two lines, from its two parts' keys; where the
    second ends in a note, the joint's head is the first and the second's head
    ("规范性" / "文件（指本机关印发的…）" is 规范性文件's)."""
    if type(second) is not LabelKey:
        return first + second
    joint = LabelKey(first + second)
    joint.head = first + second.head
    return joint


def _named_rows(labels: list[Label], schema: TableSchema) -> list[int]:
    """The rows labels name, in the order named: each label alone or, if it names
    none, run together with the next (a label wrapped onto two lines).  Unnumbered
    column-header words (总计, 其他) name no row: they stand over every table's columns."""
    named: list[int] = []
    for i, label in enumerate(labels):
        key = label.key
        # A numbering wrapped onto a line of its own ("（七）" / "总计") numbers the next.
        numbered = is_numbered(label.text) or (i > 0 and not labels[i - 1].key)
        if not key or (key in HEADER_WORDS and not numbered):
            continue
        index = schema.name_of(key)
        if index is None and i + 1 < len(labels):
            index = schema.name_of(_joint_key(key, labels[i + 1].key))
        if index is not None and index not in named:
            named.append(index)
    return named


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


def _printed(values: list[Token]) -> int:
    """How many of a row's cells come before the empty cells that end it."""
    end = len(values)
    while end and values[end - 1].kind is BLANK:
        end -= 1
    return end


def _counted(values: list[Token], padded: bool) -> str:
    """A row's value cells, as a diagnostic counts them (``padded``: a crawl's row on a
    page that writes no blank cell between values, whose empty cells at its end are
    padding)."""
    printed = _printed(values)
    if not padded or printed == len(values):
        return f"{len(values)} value cell(s)"
    return (
        f"{printed} value cell(s) (then {len(values) - printed} empty, on a page that "
        "writes no blank cell between values: padding, which says how many cells the row "
        "lacks, not where)"
    )


def _row_name(table: int, schema: TableSchema, index: int) -> str:
    row = schema.layout.rows[index]
    labels = " ".join(row.path_labels)
    return f"{NUMERALS[table - 1]} {labels} ({schema.layout.prefix}.{row.address})"


def assemble(
    table: int,
    edition: Edition,
    region: Region,
    diagnostics: list[Diagnostic],
    pictures: Mapping[int, PictureReading] | None = None,
) -> AnyTable | None:
    """The record of table 2, 3 or 4 from its region; None if no row of it was found.
    ``pictures``: the cells read from pictures, by offset (``Document.pictures``)."""
    schema = table_schema(table, edition)
    groups = [g for g in region.groups if g.has_number or g.labels]
    placed: dict[int, list[Token]] = {}
    quiet: set[int] = set()  # rows whose unreadable cells a diagnostic already explains
    # Table 四 is one row of fifteen values, unless its rows are each labelled with their
    # group (行政复议, 复议后起诉…): then they are placed by their labels.
    labelled = table == 4 and sum(1 for g in groups if g.has_number and _candidate(g, schema)) > 1
    if table == 4 and not labelled:
        whole = _whole_table4(groups, region, quiet, diagnostics)
        if whole is not None:
            for index in range(3):
                placed[index] = whole[index * 5 : index * 5 + 5]
    matched: set[int] = set(placed)  # rows matched, whether or not their values fit
    if not placed:
        placed = _place_rows(
            table, schema, region, groups, matched, quiet, diagnostics, pictures or {}
        )
    if not placed:
        return None
    vanished = _vanished_rows(placed)
    if vanished:
        diagnostics.append(
            diagnostic(
                "PARSE-ROW-VANISHED",
                f"table {NUMERALS[table - 1]}: {len(vanished)} row(s) of zeros one cell short, "
                "in a table whose rows show empty cells vanishing from the text, read with "
                "the missing cell blank (wherever it stood, the row reads the same): "
                + "; ".join(
                    f"{schema.layout.rows[i].address} "
                    + "/".join(t.raw.strip() or "_" for t in placed[i])
                    for i in vanished
                ),
                tuple(a for i in vanished for a in _address(schema, i)),
            )
        )
    rows: dict[str, list[Cell]] = {}
    declared = _declared_units(schema, region) if table == 2 else {}
    for index, values in placed.items():
        row = schema.layout.rows[index]
        cells = rows[row.address] = []
        append = cells.append
        for column, (kind, number, unit, raw, line, offset, _, recovered) in zip(
            row.columns, values, strict=True
        ):
            if column.kind == MONEY and isinstance(number, int):
                number = Decimal(number)
            printed = unit or declared.get(column.address)  # the cell's unit, or its header's
            if printed and column.unit and printed != column.unit and isinstance(number, Decimal):
                number = _convert_unit(
                    number, printed, column, raw, line, offset, diagnostics, unit is None
                )
            picture = pictures.get(offset) if pictures else None
            append(Cell(number, raw, kind, line, offset, unit, recovered, picture))
            if kind is TEXT and index not in quiet:
                diagnostics.append(
                    diagnostic(
                        "PARSE-CELL-UNREADABLE",
                        f"{column.address} ({row.label} {column.label}): "
                        f"{raw.strip()!r} is not a number",
                        (column.address,),
                        Location(line, offset),
                    )
                )
    for index in range(len(schema.widths)):
        if index not in matched:
            diagnostics.append(
                diagnostic(
                    "PARSE-ROW-MISSING",
                    f"row {_row_name(table, schema, index)} was not found; its cells are None",
                    _address(schema, index),
                )
            )
    record: AnyTable = build(schema.record, rows)
    return record


# Money units a cell may print, in 元.
_UNITS = {"元": Decimal(1), "万元": Decimal(10000)}


def _convert_unit(
    number: Decimal,
    unit: str,
    column: Column,
    raw: str,
    line: int,
    offset: int,
    diagnostics: list[Diagnostic],
    from_header: bool = False,
) -> Decimal:
    """A money value printed in another unit than its column's (in the cell, or in the
    header over it: ``from_header``), in the column's unit."""
    if unit not in _UNITS or column.unit not in _UNITS:
        return number
    converted = number * _UNITS[unit] / _UNITS[column.unit]
    where = f"under a header in {unit}" if from_header else f"is in {unit}"
    diagnostics.append(
        diagnostic(
            "PARSE-CELL-UNIT",
            f"{column.address} ({column.label}): {raw.strip()!r} {where}; "
            f"read as {converted} {column.unit}",
            (column.address,),
            Location(line, offset),
        )
    )
    return converted


# The unit a money column's header gives, after the stem of the template's header
# (label keys: "本年收费金额单位元" for "本年收费金额（单位：元）").
_HEADER_UNIT = regex.compile(r"(?:单位)?(万元|元)")
_UNIT_SUFFIX = regex.compile(r"(?:单位)?(?:万元|元)$")


def _declared_units(schema: TableSchema, region: Region) -> dict[str, str]:
    """The unit each money column's header in the region gives, by the column's address:
    a report may print its fees "（单位：元）" where the template says 万元."""
    declared: dict[str, str] = {}
    for address, stem in _money_headers(schema.record):
        for group in region.groups:
            for label in group.labels:
                if label.key.startswith(stem):
                    m = _HEADER_UNIT.match(label.key, len(stem))
                    if m is not None:
                        declared[address] = m[1]
    return declared


@cache  # a few record classes
def _money_headers(record: type) -> tuple[tuple[str, str], ...]:
    """(address, the key of its header less the unit) of each money column with a unit."""
    return tuple(
        (cell.address, _UNIT_SUFFIX.sub("", label_key(cell.label)))
        for cell in layout(record).cells
        if cell.kind == MONEY and cell.unit
    )


def _whole_table4(
    groups: list[Group],
    region: Region,
    quiet: set[int],
    diagnostics: list[Diagnostic],
) -> list[Token] | None:
    """Table 四 is one row of 15 values (or three of five), after header rows.

    Header rows may end in empty cells; those groups hold no number, so the rows with
    numbers are tried first, and all rows only if a row was written wholly blank (the
    blank template has a row of 15 empty cells and no label).
    """
    numbered = [g for g in groups if g.has_number]
    with_numbers = _without_page_number([v for g in numbered for v in g.values])
    if (
        with_numbers
        and all(g.slots == CRAWL for g in numbered)
        and not region.blanks_written
        and _printed(with_numbers) < 15
        and not _zeros(with_numbers)
    ):
        # A crawl that left its blank cells out (see ``_fit_slotted``).
        diagnostics.append(
            diagnostic(
                "PARSE-ROW-WIDTH",
                f"table 四: its {_counted(with_numbers, True)} cannot be placed in its 15 "
                "columns in one sure way; its cells are None",
                tuple(c.address for c in layout(Table4).cells),
                numbered[0].location,
            )
        )
        return None
    if with_numbers and all(g.slots >= SLOTS for g in numbered):
        # A row with no label has no "right after the labels": where its slots stand
        # more than one way (a crawl's row-opening pipe, a blank first cell), the group
        # sums decide, or nothing does.
        values, decided = fit_slots(with_numbers, 15, _table4_sums, None, False)
        if values is not None and decided:
            values = [t._replace(recovered="T4-SUM") for t in values]
    else:
        values = fit(with_numbers, 15, _table4_sums) if with_numbers else None
        if values is None and with_numbers and not all(v.row in region.glued for v in with_numbers):
            values = _vanished(with_numbers, 15)  # a row of text without slots
    if values is not None:
        return values
    everything = _without_page_number([v for g in groups for v in g.values])
    cells = everything or [v for row in region.blank_rows for v in row]
    values = fit(cells, 15, _table4_sums) if cells else None
    if values is None and everything and all(v.row in region.glued for v in everything):
        # A run of digits for the whole table (a flattened page): its group sums decide.
        found = recover(_pieces(everything), (COUNT,) * 15, _TABLE4_TOTALS)
        if found is not None and (found.solutions or found.exhausted):
            values = _table4_recovered(found, everything[0], quiet, diagnostics)
    return values


def _without_page_number(values: list[Token]) -> list[Token]:
    """Table 四's values, less a number alone on the line after a line of several (a
    page number as often as a value; a table printed one value per line has no line
    of several before its last), unless it is the last of fifteen that add up (the
    last value wrapped onto a line of its own)."""
    alone = len(values) > 2 and values[-1].row != values[-2].row == values[-3].row
    if alone and (len(values) != 15 or not _table4_sums(values)):
        return values[:-1]
    return values


def _place_rows(
    table: int,
    schema: TableSchema,
    region: Region,
    groups: list[Group],
    matched: set[int],
    quiet: set[int],
    diagnostics: list[Diagnostic],
    pictures: Mapping[int, PictureReading],
) -> dict[int, list[Token]]:
    """Rows' values by row index; ``matched`` gets every row matched, fitting or not.

    Rows read from a picture are never placed by order: a picture prints every row's
    label beside its values, so a row whose label was not found is a grid the picture's
    reader got wrong (a ruling line it missed merges two rows' labels), and its values
    may be another row's."""
    glued = region.glued
    _continued_labels(groups, schema)
    data = [g for g in groups if g.values]
    subtotals = {p for p, g in enumerate(data) if g.labels and _SUBTOTAL in g.labels[-1].key}
    # A number alone on its line among rows that print label and values together (a
    # page number as often as a row's value) is given to no row: neither by the label
    # over it nor by its place.
    lone = {p for p, g in enumerate(data) if region.spaced and g.bare and len(g.values) == 1}
    for position in sorted(subtotals):
        diagnostics.append(
            diagnostic(
                "PARSE-ROW-SUBTOTAL",
                f"subtotal row {data[position].describe()} of table {NUMERALS[table - 1]} "
                "left out of the statutory cells",
                location=data[position].location,
            )
        )
    subtotal = _subtotal_column(data) if table == 3 else None
    if table == 3 and subtotal is None and any(_subtotal_row(g) for g in data):
        subtotal = 6  # a row of text without slots shows the column: the others lost a cell
    forced = _labels_before_values(data, schema)
    found_at: dict[int, tuple[int, int]] = {}  # position -> (row index, score)
    for position, group in enumerate(data):
        if position not in subtotals | lone:
            found = forced.get(position)
            candidate = (found, 2000) if found is not None else _candidate(group, schema)
            if candidate is not None:
                found_at[position] = candidate
    showing = _rows_showing_subtotal(data, found_at, schema) if table == 3 else 0
    if subtotal is None and showing >= 2:
        subtotal = 6  # rows show the column: every row has it
    extra = subtotal is not None
    align = _alignment([(data[p], schema.widths[i] + extra) for p, (i, _) in found_at.items()])
    if align is None and table == 2:
        # Table 二's row labels span no columns: where its rows do not show otherwise,
        # the slots after a label are its columns, and empty slots past them padding.
        align = LEFT
    lossy = any(
        data[p].slots == STREAM and 0 < len(data[p].values) < schema.widths[i] + extra
        for p, (i, _) in found_at.items()
    )
    columns = _Columns(
        subtotal, None if align == MIXED else align, lossy, showing > 0, region.blanks_written
    )
    matches: list[tuple[int, int, int]] = []
    fitted: dict[int, Fitted] = {}
    searches: dict[int, RowSearch] = {}  # rows read from runs of digits (see _tables.recover)
    allowance = [_TABLE_BUDGET]  # search steps left for the whole table
    headers = _table2_headers(data) if table == 2 else {}
    for position, (index, score) in found_at.items():
        group = data[position]
        header = headers.get(position)
        if header:
            fitted[position] = row = _fit_named(table, schema, index, group, columns, header)
        else:
            fitted[position] = row = _fit_row(table, schema.widths[index], group, columns)
        if row.values is None and group.values:
            search = _recover_row(table, schema, index, group, glued, extra, allowance)
            if search is not None:
                allowance[0] -= search.steps
            if search is not None and (search.solutions or search.exhausted):
                searches[position] = search
                if search.complete and len(search.solutions) == 1:
                    fitted[position] = row = Fitted(
                        _tokens(search.solutions[0], group.values[0].row, _RELATION[table])
                    )
        if position in searches:
            pass  # a run of digits read (or readable several ways) as the row's cells
        elif not group.has_number:
            # A row of blank cells (blank = 0) counts only if it fills its row exactly,
            # and weighs less than a row with numbers: header rows end in blanks too.
            if row.values is None:
                continue
            score //= 2
        elif row.values is None:
            score //= 10  # named, but its values do not fit: weak evidence
        matches.append((position, index, score))
    if not schema.ordered:
        kept = _first_of_each(matches)
    else:
        chosen = heaviest_chain(
            [m[1] for m in matches], [m[2] for m in matches], len(schema.widths)
        )
        kept = [matches[i] for i in chosen]
    row_of = {position: index for position, index, _ in kept}
    if schema.ordered:
        skip = subtotals | lone
        if pictures:
            skip |= {p for p, g in enumerate(data) if g.values and g.values[0].offset in pictures}
        _place_by_order(data, row_of, skip, diagnostics, table, schema)
    matched.update(row_of.values())
    placed: dict[int, list[Token]] = {}
    undecided: dict[int, tuple[RowSearch, Group]] = {}
    aligned: list[int] = []  # rows whose slots stand in their columns one way that adds up
    for position, group in enumerate(data):
        row_index = row_of.get(position)
        if row_index is None:
            readable = group.has_number or any(v.row in glued for v in group.values)
            if readable and position not in subtotals:
                diagnostics.append(
                    diagnostic(
                        "PARSE-ROW-UNMATCHED",
                        f"{len(group.values)} value(s) after {group.describe()} match no row "
                        f"of table {NUMERALS[table - 1]} (or repeat a row already read)",
                        location=group.location,
                    )
                )
            continue
        width = schema.widths[row_index]
        header = headers.get(position)
        if position in fitted and row_index == found_at[position][0]:
            row = fitted[position]
        elif header:
            row = _fit_named(table, schema, row_index, group, columns, header)
        else:
            row = _fit_row(table, width, group, columns)
        values = row.values
        if values is None and position in searches:
            undecided[row_index] = (searches[position], group)
            continue
        if values is None:
            counted = _counted(group.values, group.slots == CRAWL and not columns.blanks_written)
            diagnostics.append(
                diagnostic(
                    "PARSE-ROW-WIDTH",
                    f"row {_row_name(table, schema, row_index)}: its {counted} "
                    f"cannot be placed in its {width} column(s) in one sure way (too "
                    "many or too few, or empty cells at its edges and no reading that adds "
                    "up); its cells are None",
                    _address(schema, row_index),
                    group.location,
                )
            )
            continue
        if row.subtotal is not None:
            diagnostics.append(
                diagnostic(
                    "PARSE-COLUMN-SUBTOTAL",
                    f"row {group.describe()} has an extra 法人或其他组织小计 column "
                    f"({row.subtotal.raw.strip() or 'blank'}); left out",
                    location=group.location
                    if row.subtotal.line is None
                    else Location(row.subtotal.line, row.subtotal.offset),
                )
            )
        if row.decided:
            aligned.append(row_index)
        addresses = _address(schema, row_index)
        missing = [a for a, t in zip(addresses, values, strict=True) if t.kind is MISSING]
        if missing:
            diagnostics.append(
                diagnostic(
                    "PARSE-ROW-SHORT",
                    f"row {_row_name(table, schema, row_index)} ends after {width - len(missing)}"
                    f" of its {width} cells (its last cells were lost, or the text stops); "
                    "the cells after are None",
                    tuple(missing),
                    group.location,
                )
            )
        placed[row_index] = values
    if undecided:
        _decide(table, schema, placed, undecided, quiet, diagnostics)
    if aligned:
        diagnostics.append(
            diagnostic(
                "PARSE-ROW-ALIGNED",
                f"table {NUMERALS[table - 1]}: {len(aligned)} row(s) whose cells stand in "
                f"their columns only one way that satisfies {_RELATION[table]} (the empty "
                "cells at their edges could be merged cells' or padding): "
                + ", ".join(schema.layout.rows[i].address for i in aligned),
                tuple(a for i in aligned for a in _address(schema, i)),
            )
        )
    vanished = _vanished_rows(placed)
    recovered = sorted(
        i
        for i, values in placed.items()
        if i not in aligned and i not in vanished and any(t.recovered for t in values)
    )
    if recovered:
        how = sorted({t.recovered for i in recovered for t in placed[i] if t.recovered})
        diagnostics.append(
            diagnostic(
                "PARSE-RECOVERED",
                f"table {NUMERALS[table - 1]}: {len(recovered)} row(s) read from runs of "
                f"digits whose cell boundaries were lost, decided by {', '.join(how)}: "
                + "; ".join(
                    f"{schema.layout.rows[i].address} "
                    + "/".join("?" if t.value is None else str(t.value) for t in placed[i])
                    for i in recovered
                ),
                tuple(a for i in recovered for a in _address(schema, i)),
            )
        )
    return placed


def _vanished_rows(placed: dict[int, list[Token]]) -> list[int]:
    """The rows read with a cell that vanished from the text (``_vanished``)."""
    return sorted(i for i, values in placed.items() if values[0].recovered == VANISHED)


# ---------------------------------------------------------------- recovery (_recover)

# What decides a recovered row of each table: the rule whose relation was used.
_RELATION = {2: "ONLY-SPLIT", 3: "T3-ROWSUM", 4: "T4-SUM"}
# Combinations of undecided rows' readings tried against the column sums of table 三.
_MAX_COMBINATIONS = 4096
# Search steps for all the rows of one table: a flattened table 三 needs a few
# thousand; a hostile page of thousands of glued rows stops here, each row after that
# said to be cut off.
_TABLE_BUDGET = 50_000


def _table4_recovered(
    found: RowSearch, first: Token, quiet: set[int], diagnostics: list[Diagnostic]
) -> list[Token] | None:
    """Table 四 read from one run of digits: the one reading, or the cells every
    reading agrees on (the rest None), or nothing if the search was cut off."""
    where = Location(first.line, first.offset)
    addresses = tuple(c.address for c in layout(Table4).cells)
    if found.exhausted:
        diagnostics.append(
            diagnostic(
                "PARSE-RECOVERY-CUTOFF",
                f"table 四: {found.run[:60]!r} was not split into its cells: the search "
                f"stopped after {BUDGET} steps; its cells are None",
                addresses,
                where,
            )
        )
        return None
    if found.complete and len(found.solutions) == 1:
        values = _tokens(found.solutions[0], first.row, "T4-SUM")
        diagnostics.append(
            diagnostic(
                "PARSE-RECOVERED",
                f"table 四: the run {found.run!r} split into its 15 cells by the group "
                "sums (T4-SUM): " + "/".join(str(t.value) for t in values),
                addresses,
                where,
            )
        )
        return values
    shown = "; ".join("/".join(str(c.value) for c in s) for s in found.solutions[:3])
    diagnostics.append(
        diagnostic(
            "PARSE-RECOVERY-AMBIGUOUS",
            f"table 四: {found.run!r} splits {'' if found.complete else 'at least '}"
            f"{len(found.solutions)} ways that add up ({shown}); the cells they differ "
            "on are None",
            addresses,
            where,
        )
    )
    quiet.update((0, 1, 2))
    return _agreed(found, first, _agreed_how(4) if found.complete else None)


def _pieces(tokens: list[Token]) -> list[tuple[str, int, int]]:
    return [(t.raw, t.line, t.offset) for t in tokens]


def _tokens(cells: list[Recovered], row: int, how: str) -> list[Token]:
    return [
        _new(Token, (CellKind.NUMBER, c.value, c.unit, c.raw, c.line, c.offset, row, how))
        for c in cells
    ]


def _recover_row(
    table: int,
    schema: TableSchema,
    index: int,
    group: Group,
    glued: frozenset[int],
    subtotal_header: bool,
    allowance: list[int],
) -> RowSearch | None:
    """The readings of a row whose value cells are glued runs of digits (from a
    flattened page: in any other layout a missing cell is a blank that was dropped, and
    cutting the numbers would invent values), or that has one number too many, split in
    two; None if the row is neither."""
    values = group.values
    if any(v.kind in (BLANK, CellKind.DASH) for v in values):
        return None
    if table == 3 and subtotal_header:
        return None  # an extra 小计 column: the row's sums are not the template's
    columns = schema.layout.rows[index].columns
    kinds = tuple(c.kind for c in columns)
    if len(values) < len(columns) and all(v.row in glued for v in values):
        if allowance[0] <= 0:
            return RowSearch([], False, True, " ".join(v.raw for v in values))
        return recover(_pieces(values), kinds, _TOTALS[table], min(BUDGET, allowance[0]))
    one_row = len({v.row for v in values}) == 1  # a stray number from another line: no
    if len(values) == len(columns) + 1 and table != 2 and one_row and group.slots < CRAWL:
        return _joined(values, table)  # a markup cell is a cell: never half a number
    return None


def _joined(values: list[Token], table: int) -> RowSearch | None:
    """A row with one cell too many: the joins of two adjacent cells that make it add up
    (the left one not 0: "0" and "5" are no split "05")."""
    if not all(v.kind is CellKind.NUMBER and isinstance(v.value, int) for v in values):
        return None
    solutions = []
    plain = [Recovered(v.value, v.raw, v.line, v.offset, v.unit) for v in values]
    for i in range(len(values) - 1):
        left, right = values[i].raw.strip(), values[i + 1].raw.strip()
        if not (left.isdigit() and right.isdigit()) or left.startswith("0"):
            continue
        joined = Recovered(int(left + right), left + right, values[i].line, values[i].offset, None)
        cells = [*plain[:i], joined, *plain[i + 2 :]]
        if _adds_up([c.value for c in cells], _TOTALS[table]):
            solutions.append(cells)
    run = " ".join(v.raw.strip() for v in values)
    return RowSearch(solutions, True, False, run) if solutions else None


def _decide(
    table: int,
    schema: TableSchema,
    placed: dict[int, list[Token]],
    undecided: dict[int, tuple[RowSearch, Group]],
    quiet: set[int],
    diagnostics: list[Diagnostic],
) -> None:
    """Rows with several readings: table 三's column sums may leave one combination;
    otherwise each cell on which all readings agree is read, and the rest are None."""
    chosen, used = _by_column_sums(schema, placed, undecided) if table == 3 else (None, "")
    for index, (search, group) in undecided.items():
        first = group.values[0]
        name = _row_name(table, schema, index)
        if chosen is not None:
            placed[index] = _tokens(
                search.solutions[chosen[index]],
                first.row,
                f"{_RELATION[table]}+{used}",
            )
            continue
        if search.exhausted:
            diagnostics.append(
                diagnostic(
                    "PARSE-RECOVERY-CUTOFF",
                    f"row {name}: {search.run[:60]!r} was not split into its cells: the search "
                    f"stopped after {BUDGET} steps; its cells are None",
                    _address(schema, index),
                    group.location,
                )
            )
            continue
        count = len(search.solutions)
        shown = "; ".join("/".join(str(c.value) for c in s) for s in search.solutions[:5])
        more = f" and {count - 5} more" if count > 5 else ""
        diagnostics.append(
            diagnostic(
                "PARSE-RECOVERY-AMBIGUOUS",
                f"row {name}: {search.run!r} splits {'' if search.complete else 'at least '}"
                f"{count} ways{'' if table == 2 else ' that add up'} ({shown}{more}); "
                f"the cells they differ on are None",
                _address(schema, index),
                group.location,
            )
        )
        quiet.add(index)
        placed[index] = _agreed(search, first, _agreed_how(table) if search.complete else None)


def _agreed_how(table: int) -> str:
    """What decided a cell every reading of its row agrees on: every cut of the run
    (table 二), or every cut that satisfies the row's relation."""
    return "EVERY-SPLIT" if table == 2 else f"{_RELATION[table]}+EVERY-SPLIT"


def _agreed(search: RowSearch, first: Token, how: str | None) -> list[Token]:
    """A cell per column: the value every reading gives it, else None (kind TEXT); all
    None when ``how`` is None (not every reading is known)."""
    tokens = []
    for column, cell in enumerate(search.solutions[0]):
        if how is not None and all(s[column].value == cell.value for s in search.solutions):
            tokens.append(
                _new(
                    Token,
                    (
                        CellKind.NUMBER,
                        cell.value,
                        cell.unit,
                        cell.raw,
                        cell.line,
                        cell.offset,
                        first.row,
                        how,
                    ),
                )
            )
        else:
            tokens.append(
                _new(
                    Token,
                    (
                        CellKind.TEXT,
                        None,
                        None,
                        search.run,
                        first.line,
                        first.offset,
                        first.row,
                        None,
                    ),
                )
            )
    return tokens


def _by_column_sums(
    schema: TableSchema,
    placed: dict[int, list[Token]],
    undecided: dict[int, tuple[RowSearch, Group]],
) -> tuple[dict[int, int] | None, str]:
    """The one combination of readings of table 三's undecided rows under which every
    column adds up (T3-RESULTS and T3-BALANCE), with the codes of the relations that
    could be used ("T3-RESULTS+T3-BALANCE"); None if not exactly one."""
    if any(not search.complete for search, _ in undecided.values()):
        return None, ""
    rows = [row.address for row in schema.layout.rows]
    results = [rows.index(a) for a in rows[rows.index("granted") : rows.index("total")]]
    total, new, carried, forward = (
        rows.index(a) for a in ("total", "new_received", "carried_over", "carried_forward")
    )
    equations = [
        ("T3-RESULTS", results, [total]),
        ("T3-BALANCE", [new, carried], [total, forward]),
    ]
    order = sorted(undecided)
    counts = [len(undecided[i][0].solutions) for i in order]
    combinations = 1
    for count in counts:
        combinations *= count
    if combinations > _MAX_COMBINATIONS:
        return None, ""
    known = {i: [t.value for t in values] for i, values in placed.items()}
    usable = [
        (code, left, right)
        for code, left, right in equations
        if all(i in known or i in undecided for i in (*left, *right))
        and any(i in undecided for i in (*left, *right))
    ]
    if not usable:
        return None, ""
    found = None
    for combination in product(*(range(c) for c in counts)):
        rows_values = dict(known)
        for i, pick in zip(order, combination, strict=True):
            rows_values[i] = [c.value for c in undecided[i][0].solutions[pick]]
        if all(_columns_equal(rows_values, left, right) for _, left, right in usable):
            if found is not None:
                return None, ""  # two combinations add up: nothing is decided
            found = dict(zip(order, combination, strict=True))
    return found, "+".join(code for code, _, _ in usable)


def _columns_equal(rows: dict[int, list[Value]], left: list[int], right: list[int]) -> bool:
    for column in range(7):
        a = [rows[i][column] for i in left]
        b = [rows[i][column] for i in right]
        if any(x is None for x in (*a, *b)):
            continue
        if sum(int(x or 0) for x in a) != sum(int(x or 0) for x in b):
            return False
    return True


def _table2_headers(data: list[Group]) -> dict[int, tuple[str, ...]]:
    """For each group of table 二, the column words of the header over it (the labels
    after "信息内容" since its block's label, run together: a header word may be cut
    over two cells), in the header's order; none where no header stands over it, or
    where the header holds words that are no column's."""
    headers: dict[int, tuple[str, ...]] = {}
    header: tuple[str, ...] = ()
    for position, group in enumerate(data):
        keys = [label.key for label in group.labels]
        for i, key in enumerate(keys):
            if key.startswith("第二十"):
                header = ()  # a new block: its own header follows
            elif "信息内容" in key:
                text = "".join([key.split("信息内容")[-1], *keys[i + 1 :]])
                header = _words_in(text)
        if header:
            headers[position] = header
    return headers


@lru_cache(maxsize=1024)  # the template's headers recur in every report
def _words_in(text: str) -> tuple[str, ...]:
    """Table 二's column words that make up a header's text, in their order (the
    longest at each place: "本年处理决定数量" is one word); none if any of the text is
    not a column word (a row's label after the header is no part of it, and is left)."""
    words: list[str] = []
    at = 0
    while at < len(text):
        word = max((w for w in _TABLE2_COLUMN_WORDS if text.startswith(w, at)), key=len, default="")
        if not word:
            return ()
        words.append(word)
        at += len(word)
    return tuple(words)


def _fit_named(
    table: int,
    schema: TableSchema,
    index: int,
    group: Group,
    columns: _Columns,
    header: tuple[str, ...],
) -> Fitted:
    """A table 二 row under a header that names its columns: where the header names
    only some of the row's columns (a block printed in the other edition's words:
    "本年处理决定数量" over a 2019 行政许可 row), the row's values are those columns'
    and the others are MISSING; where it names a column the row does not have, its
    values cannot be placed."""
    row_columns = schema.layout.rows[index].columns
    keys = [label_key(c.label) for c in row_columns]
    named: list[int] = []
    for word in header:
        at = next((i for i, k in enumerate(keys) if word == k or word in k or k in word), None)
        if at is None or at in named:
            return Fitted(None)
        named.append(at)
    if named == list(range(len(row_columns))):
        return _fit_row(table, len(row_columns), group, columns)
    fitted = _fit_row(table, len(named), group, columns)
    if fitted.values is None:
        return fitted
    last = fitted.values[-1]
    gone = _new(Token, (MISSING, None, None, "", None, None, last.row, None))
    by_column = dict(zip(named, fitted.values, strict=True))
    return Fitted([by_column.get(i, gone) for i in range(len(row_columns))])


class _Columns(NamedTuple):
    """What a table's header and its slotted rows say of where its values stand."""

    subtotal: int | None  # table 三: the index among its values of a 小计 column
    align: str | None  # LEFT, RIGHT, or None where the rows do not settle it
    lossy: bool = False  # rows of text without slots show blank cells vanishing
    # A row of table 三 shows a 小计 column the header does not name (one row: not enough
    # to read every row so, but a row that stands both ways is then not sure).
    subtotal_seen: bool = False
    blanks_written: bool = False  # ``Region.blanks_written``


class Fitted(NamedTuple):
    """A group's values fitted to a row."""

    values: list[Token] | None  # None: they cannot be placed in one sure way
    subtotal: Token | None = None  # the 小计 cell left out, if there was one
    decided: bool = False  # the row's relation chose how its slots stand (T3-ROWSUM)


def _fit_row(table: int, width: int, group: Group, columns: _Columns) -> Fitted:
    """A group's values fitted to a row of ``width`` cells."""
    if group.slots >= SLOTS:
        return _fit_slotted(table, width, group, columns)
    subtotal_header = columns.subtotal is not None
    if table == 3 and subtotal_header:  # the header names a 小计 column: 8 values
        dropped = _without_subtotal_column(group.values, True)
        if dropped is None and columns.lossy:
            # Seven values under eight columns: a blank cell was lost, and where is
            # unknown, unless every cell is zero.
            eight = _vanished(group.values, 8)
            dropped = None if eight is None else (eight[:6] + eight[7:], eight[6])
        return Fitted(*dropped) if dropped is not None else Fitted(None)
    values = fit(group.values, width, _sums_to_last if table != 2 else None, columns.lossy)
    if values is None and columns.lossy and table != 2:
        # (table 二 has no sum: a row left with only its zeros may have lost a number to
        # a note or the next label, and nothing would show it)
        values = _vanished(group.values, width)
    if values is None and table == 3 and not subtotal_header:
        dropped = _without_subtotal_column(group.values, False)
        if dropped is not None:
            return Fitted(*dropped)
    return Fitted(values)


def _fit_slotted(table: int, width: int, group: Group, columns: _Columns) -> Fitted:
    """Values whose slots are evidence (``fit_slots``): a markup grid's stand right
    after the row's labels; text's as its table's rows say (``_alignment``).  In a
    table whose values stand right after the labels, a row that stops short keeps the
    values it has, in their columns; its last cells are MISSING."""
    values = group.values
    align = LEFT if group.slots >= CRAWL and group.labels else columns.align
    at = columns.subtotal if table == 3 else None
    wide = width + (at is not None)
    spacer = (
        table == 3
        and group.slots == SLOTS
        and bool(group.labels)
        and group.labels[-1].line == values[0].line
    )
    if table == 4 and not group.has_number and len(values) != wide:
        # Table 四's header row ("行政复议 | 行政诉讼 | |||…") is padded with blank slots:
        # blank slots only are a row of it only if they fill it exactly.
        return Fitted(None)
    if (
        group.slots == CRAWL
        and not columns.blanks_written
        and _printed(values) < wide
        and not _zeros(values)
    ):
        # A crawl's row that printed fewer cells than its columns, on a page that never
        # writes a blank cell where it stands: its blank cells were left out (the empty
        # cells after it are padding, which says how many, never where), and where its
        # values stood is not printed.  Only a row of zeros reads the same wherever.
        return Fitted(None)
    if len(values) < wide:
        if group.slots < CRAWL or at is not None or not group.has_number:
            return Fitted(None)
        if group.slots == CRAWL and table != 2 and _ends_in_total(values):
            # Its last value is the sum of the others: the row's total, printed after a
            # cell the crawl lost before it, not a row cut short after its first cells.
            return Fitted(None)
        last = values[-1]
        gone = _new(Token, (MISSING, None, None, "", None, None, last.row, None))
        return Fitted(values + [gone] * (wide - len(values)))
    checks = {2: None, 3: _sums_to_last, 4: _sums_to_last}
    check = _with_subtotal(at) if at is not None else checks[table]
    reading, decided = fit_slots(values, wide, check, align, spacer)
    if table == 3 and at is None and len(values) > width:
        # An eighth value the header does not name: a 小计 column, where its sums say so
        # and no seven of the values can stand in the row; where seven can but do not
        # add up (a report's own error as likely as a 小计 column), or both add up and
        # differ, nothing is sure.
        eight = _eight(values, width, align, spacer)
        if eight is None and columns.subtotal_seen and reading is not None:
            # Another row shows a 小计 column: this one may have it too, its eighth
            # value the 小计 and its 总计 the report's own error.  Where its eight slots
            # give other statutory values than its seven, nothing is sure.
            unchecked, _ = fit_slots(values, width + 1, None, align, spacer)
            if unchecked is not None and _values_of(unchecked[:6] + unchecked[7:]) != (
                _values_of(reading)
            ):
                return Fitted(None)
        if eight is not None:
            seven_adds_up = reading is not None and check is not None and check(reading)
            if not seven_adds_up:
                if _windows(values, width):
                    return Fitted(None)
                reading, decided, at = eight, False, 6
            elif _values_of(eight[:6] + eight[7:]) != _values_of(reading or []):
                return Fitted(None)
    if reading is None or (group.slots == CRAWL and table != 2 and _total_early(reading)):
        return Fitted(None)
    if decided:
        reading = _marked(reading, _RELATION[table])
    if at is not None:
        return Fitted(reading[:at] + reading[at + 1 :], reading[at], decided)
    return Fitted(reading, None, decided)


def _marked(tokens: list[Token], how: str) -> list[Token]:
    return [t._replace(recovered=how) for t in tokens]


def _with_subtotal(at: int) -> Check:
    """Table 三's row relation with a 小计 column at ``at`` among its eight values: the
    organisations add up to the 小计, and 自然人 and the 小计 to the total."""

    def check(tokens: list[Token]) -> bool:
        numbers = _values_of(tokens)
        organisations = [x for i, x in enumerate(numbers[:7]) if i not in (0, at)]
        return _adds_up([*organisations, numbers[at]], {5: 0}) and _adds_up(
            [numbers[0], numbers[at], numbers[7]], {2: 0}
        )

    return check


def _subtotal_column(data: list[Group]) -> int | None:
    """Where the header (the labels up to the first row with numbers) names a 小计
    column: before the organisations' columns (1) or after them (6, the usual place);
    None if not."""
    keys: list[str] = []
    for group in data:
        keys += [label.key for label in group.labels]
        if group.has_number:
            break
    at = next((i for i, key in enumerate(keys) if _SUBTOTAL in key), None)
    if at is None:
        return None
    first = next((i for i, key in enumerate(keys) if key.startswith("商业")), None)
    return 1 if first is not None and at < first else 6


def _rows_showing_subtotal(
    data: list[Group], found_at: dict[int, tuple[int, int]], schema: TableSchema
) -> int:
    """How many rows of table 三 (0, 1, or 2 for two or more) show a 小计 column its
    header does not name: eight values that add up as a 小计 column does where their
    seven do not.  Two rows at least say the table has one (one such row may as well
    be the report's own arithmetic error)."""
    showing = 0
    for position, (index, _) in found_at.items():
        group, width = data[position], schema.widths[index]
        if group.slots < SLOTS or len(group.values) <= width:
            continue
        seven, _ = fit_slots(group.values, width, _sums_to_last, None, False)
        if _eight(group.values, width, None, False) is not None and not (
            seven is not None and _sums_to_last(seven)
        ):
            showing += 1
            if showing == 2:
                break
    return showing


def _eight(values: list[Token], width: int, align: str | None, spacer: bool) -> list[Token] | None:
    """The eight values of a table 三 row with a 小计 column (``width`` + 1), where they
    stand one way and add up as a 小计 column does; else None."""
    subtotal = _with_subtotal(6)
    eight, _ = fit_slots(values, width + 1, subtotal, align, spacer)
    return eight if eight is not None and subtotal(eight) else None


def _subtotal_row(group: Group) -> bool:
    """A row of text without slots that prints eight values of table 三, none blank,
    adding up as a 小计 column does: the table has one, though its header may not say so
    (and a row of seven values there has lost a blank cell)."""
    values = group.values
    return (
        group.slots == STREAM
        and len(values) == 8
        and all(v.kind is not BLANK for v in values)
        and _with_subtotal(6)(values)
    )


def _alignment(rows: list[tuple[Group, int]]) -> str | None:
    """Where a slotted text table puts its values after each row's labels, from the
    rows that leave one way: right after the labels (LEFT: padding at the row's end,
    as crawled pages do) or at the row's end (RIGHT: slots of merged label cells
    between labels and values, as tab-separated extractions do); None if no row
    settles it, MIXED if rows settle it both ways."""
    left = right = False
    for group, width in rows:
        n = len(group.values)
        if group.slots != SLOTS or n <= width:
            continue
        offsets = _windows(group.values, width)
        left = left or offsets == [0]
        right = right or offsets == [n - width]
    if left and right:
        return MIXED
    return LEFT if left else RIGHT if right else None


def _labels_before_values(data: list[Group], schema: TableSchema) -> dict[int, int]:
    """Rows whose labels all stand before all their values (PDF-to-markdown tables,
    whose rows of numbers keep their slots).

    A group whose labels name n rows in template order, followed by exactly n - 1
    groups with no labels at all, gives its values to the first row named and each
    following group to the next.  Anything less clear-cut is left to label matching.
    """
    forced: dict[int, int] = {}
    for position in range(len(data) - 1):
        group = data[position]
        if not group.labels or data[position + 1].labels or group.slots == STREAM:
            continue  # (in text without slots, a row printed blank leaves just its label)
        named = _named_rows(group.labels, schema)
        end = position + len(named)
        if (
            len(named) >= 2
            and all(a < b for a, b in pairwise(named))
            and end <= len(data)
            and all(not f.labels for f in data[position + 1 : end])
            and (end == len(data) or data[end].labels)
        ):
            for offset, index in enumerate(named):
                forced[position + offset] = index
    return forced


def _place_by_order(
    data: list[Group],
    row_of: dict[int, int],
    skip: set[int],
    diagnostics: list[Diagnostic],
    table: int,
    schema: TableSchema,
) -> None:
    """Give unrecognised rows of numbers the free rows between their neighbours.

    Only where the gap between two recognised rows holds exactly as many unrecognised
    rows of numbers as free template rows: then order alone decides, and it is said so.
    """
    taken = set(row_of.values())
    before = -1  # the row of the last recognised group
    position = 0
    n = len(data)
    while position < n:
        if position in row_of:
            before = row_of[position]
            position += 1
            continue
        end = position
        while end < n and end not in row_of:
            end += 1
        after = row_of[end] if end < n else len(schema.widths)
        gap = [i for i in range(before + 1, after) if i not in taken]
        run = [p for p in range(position, end) if data[p].has_number and p not in skip]
        if len(gap) != len(run) and before >= 0 and end < n:
            # A row printed blank keeps its place in a table whose cells keep their
            # slots: counted with the rows of numbers, it may close a gap between two
            # recognised rows (never before the first: the header's rows are there).
            width = min((schema.widths[i] for i in gap), default=0)
            run = [p for p in range(position, end) if p not in skip and _row_like(data[p], width)]
        if run and len(gap) == len(run):
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


def _row_like(group: Group, width: int) -> bool:
    """A group that stands for a row of the table: it has numbers, or it is a label
    with a row's count of slots (``width``, or one more for a 小计 column), all blank.
    A label that names a row only by its place (其他, 总计) may have more: a grid pads
    its rows to the widest."""
    if group.has_number:
        return True
    if group.slots == STREAM or not group.labels:
        return False
    count = len(group.values)
    if group.labels[-1].key in HEADER_WORDS:
        return count >= width
    return count in (width, width + 1)


def _without_subtotal_column(
    values: list[Token], header_says: bool
) -> tuple[list[Token], Token] | None:
    """Eight values in a row of table 三: an extra 法人或其他组织小计 column, if the
    header names it, or if it is the sum of the five organisation columns and the
    total is 自然人 plus it.  Returns the seven statutory values and the 小计 cell."""
    hard = fit(values, 8)
    if hard is None:
        return None
    if not header_says and not (
        _sums_to_last(hard[1:7]) and _sums_to_last([hard[0], hard[6], hard[7]])
    ):
        return None
    return hard[:6] + hard[7:], hard[6]


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
