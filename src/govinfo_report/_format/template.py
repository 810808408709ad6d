"""How the statutory template prints tables 二, 三 and 四: header rows and merged cells.

``_format.records`` says which cells a table has; this module says how the template
lays them out on paper, so that a review page can draw a report's tables the way its
readers know them: table 二 in blocks under "第二十条第（…）项" with the block's column
words, table 三 with its three header rows (申请人情况 / 自然人 · 法人或其他组织 · 总计 /
the five organisations) and its label columns merged down (三、本年度办理结果 over the
result rows, （三）不予公开 over its items), table 四 with its two header levels.

``printed(table, edition)`` gives the rows as ``Printed`` cells (a header word, a row
label, or the address of a value) with their row and column spans.  Everything here is
data read off the records, plus the few words the template prints that name no cell.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from .._core.model import Edition
from .records import TABLE2_CLASSES, TABLE3_CLASSES, Table4, layout

HEAD, LABEL, VALUE = "head", "label", "value"

# Table 二's blocks: the 第二十条 item each prints under, and its rows.
T2_BLOCKS: dict[Edition, tuple[tuple[str, tuple[str, ...]], ...]] = {
    Edition.E2021: (
        ("第二十条第（一）项", ("regulations", "normative_documents")),
        ("第二十条第（五）项", ("licensing",)),
        ("第二十条第（六）项", ("punishment", "enforcement")),
        ("第二十条第（八）项", ("admin_fees",)),
    ),
    Edition.E2019: (
        ("第二十条第（一）项", ("regulations", "normative_documents")),
        ("第二十条第（五）项", ("licensing", "other_services")),
        ("第二十条第（六）项", ("punishment", "enforcement")),
        ("第二十条第（八）项", ("admin_fees",)),
        ("第二十条第（九）项", ("procurement",)),
    ),
}
T2_CONTENT = "信息内容"
# Table 三: the group over the result rows, and the rows outside it.
T3_RESULTS = "三、本年度办理结果"
T3_OUTSIDE = frozenset(("new_received", "carried_over", "carried_forward"))
T3_APPLICANTS = "申请人情况"
T3_ORGANISATIONS = "法人或其他组织"
T4_REVIEW = "行政复议"
T4_LITIGATION = "行政诉讼"


class Printed(NamedTuple):
    """One printed cell: a header word, a row label, or a value (by its address)."""

    kind: str  # HEAD, LABEL or VALUE
    text: str  # the words printed (a value's: "")
    rowspan: int = 1
    colspan: int = 1
    address: str | None = None  # a VALUE's cell address


@cache
def printed(table: int, edition: Edition) -> tuple[tuple[Printed, ...], ...]:
    """The printed rows of table 2, 3 or 4 of an edition."""
    if table == 2:
        return _table2(edition)
    if table == 3:
        return _table3(edition)
    return _table4()


def _table2(edition: Edition) -> tuple[tuple[Printed, ...], ...]:
    rows = {r.address: r for r in layout(TABLE2_CLASSES[edition]).rows}
    width = 1 + max(len(r.columns) for r in rows.values())
    out: list[tuple[Printed, ...]] = []
    for block, members in T2_BLOCKS[edition]:
        columns = rows[members[0]].columns
        out.append((Printed(HEAD, block, colspan=width),))
        spare = width - 1 - len(columns)  # the last column takes what is left
        head = [Printed(HEAD, T2_CONTENT)]
        head += [
            Printed(HEAD, c.label, colspan=1 + (spare if i == len(columns) - 1 else 0))
            for i, c in enumerate(columns)
        ]
        out.append(tuple(head))
        for member in members:
            row = rows[member]
            cells = [Printed(LABEL, row.label)]
            cells += [
                Printed(
                    VALUE,
                    "",
                    colspan=1 + (spare if i == len(row.columns) - 1 else 0),
                    address=c.address,
                )
                for i, c in enumerate(row.columns)
            ]
            out.append(tuple(cells))
    return tuple(out)


def _table3(edition: Edition) -> tuple[tuple[Printed, ...], ...]:
    rows = layout(TABLE3_CLASSES[edition]).rows
    columns = rows[0].columns
    paths = [
        r.path_labels if r.address in T3_OUTSIDE else (T3_RESULTS, *r.path_labels) for r in rows
    ]
    depth = max(len(p) for p in paths)
    organisations = columns[1:-1]
    out: list[tuple[Printed, ...]] = [
        (
            Printed(HEAD, "", rowspan=3, colspan=depth),
            Printed(HEAD, T3_APPLICANTS, colspan=len(columns)),
        ),
        (
            Printed(HEAD, columns[0].label, rowspan=2),
            Printed(HEAD, T3_ORGANISATIONS, colspan=len(organisations)),
            Printed(HEAD, columns[-1].label, rowspan=2),
        ),
        tuple(Printed(HEAD, c.label) for c in organisations),
    ]
    for i, (row, path) in enumerate(zip(rows, paths, strict=True)):
        cells: list[Printed] = []
        for level, label in enumerate(path):
            if level < len(path) - 1:
                if i and paths[i - 1][: level + 1] == path[: level + 1]:
                    continue  # merged down from the row above
                span = 1
                while i + span < len(paths) and paths[i + span][: level + 1] == path[: level + 1]:
                    span += 1
                cells.append(Printed(LABEL, label, rowspan=span))
            else:
                cells.append(Printed(LABEL, label, colspan=depth - level))
        cells += [Printed(VALUE, "", address=c.address) for c in row.columns]
        out.append(tuple(cells))
    return tuple(out)


def _table4() -> tuple[tuple[Printed, ...], ...]:
    rows = layout(Table4).rows
    columns = rows[0].columns
    k = len(columns)
    suits = [r.label.split("·")[1] for r in rows[1:]]
    return (
        (
            Printed(HEAD, T4_REVIEW, colspan=k),
            Printed(HEAD, T4_LITIGATION, colspan=k * len(suits)),
        ),
        (
            *(Printed(HEAD, c.label, rowspan=2) for c in columns),
            *(Printed(HEAD, s, colspan=k) for s in suits),
        ),
        tuple(Printed(HEAD, c.label) for _ in suits for c in columns),
        tuple(Printed(VALUE, "", address=c.address) for r in rows for c in r.columns),
    )
