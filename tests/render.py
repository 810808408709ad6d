"""Consistent statutory tables, rendered as whole report texts in the layouts of real extractions.

Plain Python (no hypothesis), so the same generators serve property tests, benchmarks
and quick looks by eye:

- ``build_values`` / ``consistent_values`` give a value for every cell address of an
  edition that satisfies the 勾稽关系 of FORMAT.md (T3-BALANCE, T3-RESULTS, T3-ROWSUM,
  T4-SUM).  ``build_values`` takes any ``ints(lo, hi)`` source, so hypothesis can drive it
  draw by draw (and shrink towards zero tables).
- ``render`` writes a whole report around such values in one of ``LAYOUTS`` (or of
  ``WEB_LAYOUTS``, which ``render_web`` draws: see there for those and for the quirks of
  real pages in every layout).

Labels and addresses come from ``govinfo_report._format.records``.  The quirks (full-width digits,
odd spaces, dashes and blanks for zero, bracket and numbering variants, broken labels,
page footers) follow what real reports show, within per-layout rules that keep every
cell readable; the rules are stated at each layout's renderer below.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from govinfo_report._format.records import (
    Row,
    Table2Ed2019,
    Table2Ed2021,
    Table3Ed2019,
    Table3Ed2021,
    Table4,
    layout,
)
from govinfo_report._format.template import T2_BLOCKS

Value = int | Decimal
Ints = Callable[[int, int], int]  # ints(lo, hi): an integer in [lo, hi]

EDITIONS: tuple[str, ...] = ("2019", "2021")
LAYOUTS: tuple[str, ...] = (
    "tab_cells",
    "tsv",
    "pipes",
    "pdf_text",
    "cell_lines",
    "tab_cells_compact",
)
# The renderings of crawled web pages, drawn by ``render_web`` (which also renders the six
# layouts above with the quirks of real pages).  ``LAYOUTS`` stays the six: the round-trip
# tests of test_properties.py run over it.
WEB_LAYOUTS: tuple[str, ...] = (
    "pipe_rows",
    "cell_pipe_lines",
    "cell_then_pipe",
    "paragraph_cells",
    "pipe_lead_lines",
)
ALL_LAYOUTS: tuple[str, ...] = LAYOUTS + WEB_LAYOUTS
DEFAULT_AGENCY = "示例县示例镇人民政府"
HEADINGS: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

_T2: dict[str, type] = {"2019": Table2Ed2019, "2021": Table2Ed2021}
_T3: dict[str, type] = {"2019": Table3Ed2019, "2021": Table3Ed2021}


def table_classes(edition: str) -> tuple[type, type, type]:
    """The classes of tables 二, 三 and 四 of an edition ("2019" or "2021")."""
    return _T2[edition], _T3[edition], Table4


def addresses(edition: str) -> tuple[str, ...]:
    """Every cell address of an edition, in template order (tables 二, 三, 四)."""
    return tuple(c.address for cls in table_classes(edition) for c in layout(cls).cells)


# ====================================================================== values


def _count(ints: Ints, scale: int, zeros: int = 6) -> int:
    """Mostly zero (``zeros`` in 10), sometimes one digit, now and then several digits."""
    k = ints(0, 9)
    if k < zeros:
        return 0
    if k < 9 or zeros > 8:
        return ints(1, 9)
    return ints(10, max(10, scale * 20))


def _signed(ints: Ints, scale: int) -> int:
    magnitude = _count(ints, scale)
    return -magnitude if ints(0, 1) else magnitude


def _money(ints: Ints, scale: int) -> Decimal:
    """A Decimal with 0 (an integer-valued Decimal) to 4 decimal places."""
    places = ints(0, 4)
    whole = _count(ints, scale * 100)
    if places == 0:
        return Decimal(whole)
    frac = ints(0, 10**places - 1)
    return Decimal(f"{whole}.{frac:0{places}d}")


_KIND_VALUE: dict[str, Callable[[Ints, int], Value]] = {
    "count": _count,
    "signed": _signed,
    "money": _money,
}


def _table2_values(ints: Ints, edition: str, scale: int) -> dict[str, Value]:
    return {c.address: _KIND_VALUE[c.kind](ints, scale) for c in layout(_T2[edition]).cells}


_T3_ENDS = ("new_received", "carried_over", "total", "carried_forward")


def _table3_column(ints: Ints, results: list[str], scale: int) -> dict[str, int]:
    """One applicant column: result rows, their total, and a balancing carry in/out."""
    active = ints(0, 1) == 1
    column = {row: _count(ints, scale, zeros=8) if active else 0 for row in results}
    total = sum(column.values())
    forward = _count(ints, scale) if active else 0
    over = min(_count(ints, scale), total + forward) if active else 0
    column.update(
        total=total, carried_forward=forward, carried_over=over, new_received=total + forward - over
    )
    return column


def _table3_values(ints: Ints, edition: str, scale: int) -> dict[str, Value]:
    rows = layout(_T3[edition]).rows
    results = [r.address for r in rows if r.address not in _T3_ENDS]
    applicants = [c.name for c in rows[0].columns if c.name != "total"]
    grid: dict[str, dict[str, int]] = {r.address: {} for r in rows}
    for name in applicants:
        for row, value in _table3_column(ints, results, scale).items():
            grid[row][name] = value
    for cells in grid.values():
        cells["total"] = sum(cells.values())
    return {f"t3.{row}.{name}": v for row, cells in grid.items() for name, v in cells.items()}


def _table4_values(ints: Ints, scale: int) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for row in layout(Table4).rows:
        parts = {c.address: _count(ints, scale) for c in row.columns if c.name != "total"}
        out.update(parts)
        out[f"t4.{row.address}.total"] = sum(parts.values())
    return out


def build_values(ints: Ints, edition: str, *, scale: int = 50) -> dict[str, Value]:
    """A value for every address of ``edition``, consistent under FORMAT.md's relations."""
    values = {
        **_table2_values(ints, edition, scale),
        **_table3_values(ints, edition, scale),
        **_table4_values(ints, scale),
    }
    return {a: values[a] for a in addresses(edition)}


def consistent_values(rng: random.Random, edition: str, *, scale: int = 50) -> dict[str, Value]:
    """``build_values`` driven by a ``random.Random``."""
    return build_values(rng.randint, edition, scale=scale)


# ====================================================================== table items


@dataclass(frozen=True)
class Header:
    """A header row of a table: label cells only."""

    cells: tuple[str, ...]


@dataclass(frozen=True)
class Data:
    """A data row: the spanning labels it opens (printed once), its label, its values."""

    groups: tuple[str, ...]
    label: str  # "" for the unlabelled row of table 四
    values: tuple[Value, ...]
    kinds: tuple[str, ...]


Item = Header | Data

# Table 二's blocks, by edition: the 第二十条 item each prints under, and its rows (the
# template's own data, ``_format.template``).
_T2_BLOCKS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    edition.value: blocks for edition, blocks in T2_BLOCKS.items()
}
_T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_RESULTS = "三、本年度办理结果"


def _data(row: Row, values: Mapping[str, Value], groups: tuple[str, ...] = ()) -> Data:
    return Data(
        groups,
        row.label,
        tuple(values[c.address] for c in row.columns),
        tuple(c.kind for c in row.columns),
    )


def _table2_items(values: Mapping[str, Value], edition: str) -> list[Item]:
    rows = {r.address: r for r in layout(_T2[edition]).rows}
    items: list[Item] = []
    for block, members in _T2_BLOCKS[edition]:
        columns = rows[members[0]].columns
        items.append(Header((block,)))
        items.append(Header(("信息内容", *(c.label for c in columns))))
        items.extend(_data(rows[m], values) for m in members)
    return items


def _table3_headers(note: bool) -> list[Item]:
    labels = [c.label for c in layout(Table3Ed2021).rows[0].columns]
    return [
        Header((_T3_NOTE, "申请人情况") if note else ("申请人情况",)),
        Header((labels[0], "法人或其他组织", labels[-1])),
        Header(tuple(labels[1:-1])),
    ]


def _table3_items(values: Mapping[str, Value], edition: str, note: bool) -> list[Item]:
    items = _table3_headers(note)
    opened: set[str] = set()
    for row in layout(_T3[edition]).rows:
        groups = tuple(g for g in row.path_labels[:-1] if g not in opened)
        opened.update(groups)
        if row.address == "granted":
            groups = (_RESULTS, *groups)
        items.append(_data(row, values, groups))
    return items


def _table4_items(values: Mapping[str, Value]) -> list[Item]:
    rows = layout(Table4).rows
    columns = tuple(c.label for c in rows[0].columns)
    litigation = rows[1].label.split("·")[0]
    suits = tuple(r.label.split("·")[1] for r in rows[1:])
    cells = layout(Table4).cells
    return [
        Header((rows[0].label, litigation)),
        Header((*columns, *suits)),
        Header(columns * 2),
        Data((), "", tuple(values[c.address] for c in cells), tuple(c.kind for c in cells)),
    ]


# ====================================================================== quirks


@dataclass(frozen=True)
class Style:
    """What a layout allows for value cells."""

    blank_zero: bool  # a zero may be an empty cell
    dashes: tuple[str, ...]  # a zero may be one of these
    pads: tuple[str, ...]  # spaces that may stand before/after a number


_ALL_DASHES = ("—", "-", "/", "无")
_PADS = ("\u3000", "\u00a0")
_STYLES: dict[str, Style] = {
    "tab_cells": Style(True, _ALL_DASHES, _PADS),
    "tsv": Style(True, _ALL_DASHES, _PADS),
    "pipes": Style(True, _ALL_DASHES, _PADS),
    "pdf_text": Style(False, ("—",), ()),
    "cell_lines": Style(False, _ALL_DASHES, _PADS),
    "tab_cells_compact": Style(False, (), _PADS),
}
QUIRK_RATES = (0.0, 0.15, 0.35, 0.6)


@dataclass
class Ctx:
    """One rendering: its random source, layout, and how often quirks strike."""

    rng: random.Random
    layout: str
    p: float
    seed: int  # from which each table row draws its own random stream

    @property
    def style(self) -> Style:
        return _STYLES[self.layout]

    def maybe(self, weight: float = 1.0) -> bool:
        return self.rng.random() < self.p * weight

    def choice(self, options: tuple[str, ...]) -> str:
        return options[self.rng.randrange(len(options))]


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


_NUMBERING = re.compile(r"(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _vary_prefix(ctx: Ctx, prefix: str) -> str:
    if not ctx.maybe():
        return prefix
    if prefix.startswith("（"):
        inner = prefix[1:-1]
        return ctx.choice((f"({inner})", f"({inner}) ", f"（{inner}） "))
    if prefix.endswith("."):
        digits = prefix[:-1]
        return ctx.choice((f"{digits}．", f"{digits}、", f"{digits}. "))
    return prefix


def _stray_space(ctx: Ctx, text: str) -> str:
    spots = [i for i in range(1, len(text)) if _is_cjk(text[i - 1]) and _is_cjk(text[i])]
    if not spots:
        return text
    i = spots[ctx.rng.randrange(len(spots))]
    space = " " if ctx.layout == "pdf_text" else ctx.choice((" ", "\u00a0"))
    return text[:i] + space + text[i:]


def _vary_body(ctx: Ctx, body: str) -> str:
    if ctx.maybe():
        body = body.replace("“", '"').replace("”", '"')
    if ctx.maybe():
        body = body.replace("（", "(").replace("）", ")")
    if ctx.maybe():
        body = body.replace("，", ctx.choice((",", "、")))
    if ctx.maybe():
        body = body.replace("、", ctx.choice(("，", ",")))
    if ctx.maybe(0.5):
        body = _stray_space(ctx, body)
    return body


def vary_label(ctx: Ctx, label: str) -> str:
    """A template label as a real report might print it; it stays recognisable."""
    m = _NUMBERING.match(label)
    prefix, body = (m.group(), label[m.end() :]) if m else ("", label)
    prefix = "" if prefix and ctx.maybe(0.5) else _vary_prefix(ctx, prefix)
    return prefix + _vary_body(ctx, body)


def _wrap(ctx: Ctx, text: str, *, shortest: int = 4) -> str:
    """Maybe break a label of ``shortest`` or more characters in two, between two CJK
    characters and leaving at least two characters either side: "商业\\n企业"."""
    spots = [i for i in range(2, len(text) - 1) if _is_cjk(text[i - 1]) and _is_cjk(text[i])]
    if len(text) < shortest or not spots or not ctx.maybe():
        return text
    i = spots[ctx.rng.randrange(len(spots))]
    return text[:i] + "\n" + text[i:]


def _number(ctx: Ctx, value: Value, kind: str) -> str:
    text = str(value)
    if kind == "signed" and value > 0 and ctx.maybe():
        return "+" + text
    if kind == "count" and ctx.maybe(0.5):
        return text.translate(_FULLWIDTH)
    return text


def _pad(ctx: Ctx, text: str) -> str:
    if not ctx.style.pads or not ctx.maybe(0.5):
        return text
    pad = ctx.choice(ctx.style.pads) * ctx.rng.randint(1, 2)
    return pad + text if ctx.rng.random() < 0.5 else text + pad


def _token(ctx: Ctx, value: Value, kind: str, *, zero_forms: bool) -> str:
    """One value cell's text; zeros may be blank or a dash where ``zero_forms`` allows."""
    if zero_forms and value == 0 and ctx.maybe():
        forms = (("",) if ctx.style.blank_zero else ()) + ctx.style.dashes
        if forms:
            form = ctx.choice(forms)
            return _pad(ctx, form) if form else form
    return _pad(ctx, _number(ctx, value, kind))


def _tokens(ctx: Ctx, item: Data, *, zero_forms: bool) -> list[str]:
    return [
        _token(ctx, v, k, zero_forms=zero_forms)
        for v, k in zip(item.values, item.kinds, strict=True)
    ]


def _spacers(ctx: Ctx) -> list[str]:
    return [""] * ctx.rng.randint(1, 2) if ctx.maybe() else []


def _labels(ctx: Ctx, item: Data, *, may_omit_groups: bool) -> list[str]:
    groups = [g for g in item.groups if not (may_omit_groups and ctx.maybe(0.3))]
    labels = [vary_label(ctx, g) for g in groups]
    return labels + ([vary_label(ctx, item.label)] if item.label else [])


# ====================================================================== layouts
#
# Each renderer turns one table row (Header or Data) into its lines.


def _tab_cells_row(ctx: Ctx, item: Item) -> list[str]:
    """tab_cells / tab_cells_compact: one cell per line, each led by a tab.

    Spacer cells ("\\t" alone) may stand before a row's labels (never in the unlabelled
    row of table 四); a label may break across lines, the continuation without tab.
    In tab_cells (rows separated by blank lines) a zero may be blank or a dash; in
    tab_cells_compact every zero is printed.
    """
    if isinstance(item, Header):
        spanning = len(item.cells) == 1  # a full-width cell is never broken
        cells = _spacers(ctx) + [c if spanning else _wrap(ctx, c) for c in item.cells]
    else:
        labels = [_wrap(ctx, lab) for lab in _labels(ctx, item, may_omit_groups=True)]
        spacers = _spacers(ctx) if labels else []
        zero_forms = ctx.layout == "tab_cells"
        cells = spacers + labels + _tokens(ctx, item, zero_forms=zero_forms)
    return [line for cell in cells for line in ("\t" + cell).split("\n")]


def _delimited_cells(ctx: Ctx, item: Item) -> list[str]:
    """tsv / pipes cells: spacers before labels; spacers after the label only in rows
    whose value cells are all printed (blank/dash zeros only in rows without them).

    An empty residue cell may end the line, except after a row of table 二 whose first
    value is blank: [blank, 0, 6, residue] reads as [blank, 0, 6] or [0, 6, blank], and
    table 二 rows carry no sum to tell (the parser then says PARSE-ROW-WIDTH).  Rows of
    tables 三 and 四 (seven or fifteen values, the last a sum) are decided by their sum.
    """
    if isinstance(item, Header):
        return _spacers(ctx) + list(item.cells) + _spacers(ctx)
    labels = _labels(ctx, item, may_omit_groups=True)
    before = _spacers(ctx) if labels else []
    after = _spacers(ctx) if labels else []
    values = _tokens(ctx, item, zero_forms=not after)
    sums = len(values) >= 5
    ambiguous = not sums and len(values) > 1 and not values[0].strip()
    trailing = [""] if ctx.maybe() and not ambiguous else []
    return before + labels + after + values + trailing


def _tsv_row(ctx: Ctx, item: Item) -> list[str]:
    """tsv: one table row per line, cells separated by tabs."""
    return ["\t".join(_delimited_cells(ctx, item))]


def _pipes_row(ctx: Ctx, item: Item) -> list[str]:
    """pipes: markdown rows "| 规章 | 0 | 0 | 0 |"; a blank cell "|  |" is a zero."""
    return ["| " + " | ".join(_delimited_cells(ctx, item)) + " |"]


def _cell_lines_row(ctx: Ctx, item: Item) -> list[str]:
    """cell_lines: one cell per line, no tabs, no blank lines, no broken labels.

    A zero may be a dash line; no blank cells.
    """
    if isinstance(item, Header):
        return list(item.cells)
    return _labels(ctx, item, may_omit_groups=False) + _tokens(ctx, item, zero_forms=True)


def _pdf_sep(ctx: Ctx) -> str:
    return ctx.choice((" ", "  ", "   ", "\u3000", " \u3000")) if ctx.maybe() else " "


def _pdf_join(ctx: Ctx, parts: list[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        out += _pdf_sep(ctx) + part
    return out


def _pdf_numbers(ctx: Ctx, item: Data) -> list[str]:
    """The value lines of a row (``_pdf_number_lines``)."""
    return _pdf_number_lines(ctx, _tokens(ctx, item, zero_forms=True))


def _pdf_number_lines(ctx: Ctx, tokens: list[str]) -> list[str]:
    """A row's numbers: one line, or three lines of five for table 四.

    A dash stands only in a line that also has a digit number.
    """
    size = 5 if len(tokens) == 15 and ctx.maybe() else len(tokens)
    lines = []
    for start in range(0, len(tokens), size):
        chunk = tokens[start : start + size]
        if not any(ch.isdigit() for t in chunk for ch in t):
            chunk = ["0"] * len(chunk)
        lines.append(_pdf_join(ctx, chunk))
    return lines


def _pdf_group(ctx: Ctx, group: str) -> list[str]:
    if group == _RESULTS:  # written vertically, one character per line
        return [group[:2], *group[2:]]
    return _wrap(ctx, vary_label(ctx, group), shortest=6).split("\n")


def _pdf_header_cell(ctx: Ctx, cell: str) -> str:
    return " ".join(cell) if len(cell) <= 8 and ctx.maybe(0.5) else cell


def _pdf_text_row(ctx: Ctx, item: Item) -> list[str]:
    """pdf_text: space-aligned rows "label 12 0 3".

    Group labels stand on their own line (maybe broken in two); 三、本年度办理结果 is
    vertical; a long label may wrap, its rest followed by the numbers on the next line.
    Every zero is printed (or "—" in a line that has a digit number).
    """
    if isinstance(item, Header):
        return [_pdf_join(ctx, [_pdf_header_cell(ctx, c) for c in item.cells])]
    lines = [line for g in item.groups for line in _pdf_group(ctx, g)]
    numbers = _pdf_numbers(ctx, item)
    if not item.label:
        return lines + numbers
    head, _, tail = _wrap(ctx, vary_label(ctx, item.label), shortest=10).rpartition("\n")
    return [*lines, *([head] if head else []), tail + _pdf_sep(ctx) + numbers[0], *numbers[1:]]


_ROW_RENDERERS: dict[str, Callable[[Ctx, Item], list[str]]] = {
    "tab_cells": _tab_cells_row,
    "tab_cells_compact": _tab_cells_row,
    "tsv": _tsv_row,
    "pipes": _pipes_row,
    "pdf_text": _pdf_text_row,
    "cell_lines": _cell_lines_row,
}


def _footer(ctx: Ctx) -> str:
    page = ctx.rng.randint(2, 12)
    return ctx.choice((f"— {page} —", f"- {page} -"))


def _row_ctx(ctx: Ctx, key: str) -> Ctx:
    """A context with its own random stream for one row, so that a change to one row's
    values (as when hypothesis shrinks them) leaves the quirks of the other rows alone."""
    return Ctx(random.Random(f"{ctx.seed}/{key}"), ctx.layout, ctx.p, ctx.seed)


def _table_lines(ctx: Ctx, items: list[Item], table: str) -> list[str]:
    render_row = _ROW_RENDERERS[ctx.layout]
    rows = [render_row(_row_ctx(ctx, f"{table}/{i}"), item) for i, item in enumerate(items)]
    if ctx.layout == "pipes":
        rows.insert(1, ["|" + "---|" * (rows[0][0].count("|") - 1)])
    out: list[str] = []
    for i, row in enumerate(rows):
        if i and ctx.layout == "tab_cells":
            out.append("")
        if i and ctx.layout == "pdf_text" and ctx.maybe(0.3):
            out.append(_footer(ctx))
        out.extend(row)
    return out


# ====================================================================== prose

_SUBJECTS = ("本机关", "我镇", "本单位", "我局")
_WORK = (
    "{y}年，{s}认真贯彻落实政府信息公开条例，持续推进决策、执行、管理、服务、结果公开。",
    "{s}进一步健全信息发布审核机制，全年通过门户网站发布各类信息{n}条。",
    "{s}及时更新政府信息公开指南和目录，规范依申请公开办理流程，按时答复申请人。",
    "{s}加强政务公开平台建设，用好公开栏和微信公众号，不断提升公开实效。",
)
_PROBLEMS = (
    "主要问题是公开内容的深度和广度还不够，政策解读形式较为单一。",
    "下一步，{s}将加强业务培训，提高信息发布的及时性和准确性。",
    "{s}将继续完善工作机制，推动政务公开工作规范化、标准化。",
)
_OTHER = {
    "2021": ("{y}年度，{s}未收取政府信息公开信息处理费。", "本年度无其他需要报告的事项。"),
    "2019": ("本年度无其他需要报告的事项。", "{s}将按要求继续做好年度报告编制工作。"),
}


def _prose(rng: random.Random, pool: tuple[str, ...], year: int) -> list[str]:
    picks = rng.sample(pool, rng.randint(1, min(3, len(pool))))
    subject = rng.choice(_SUBJECTS)
    return [p.format(y=year, s=subject, n=rng.randint(10, 300)) for p in picks]


def _preamble(year: int) -> str:
    return (
        "本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自"
        f"{year}年1月1日起至{year}年12月31日止。"
    )


# ====================================================================== report


def _gap(rng: random.Random) -> list[str]:
    return [""] if rng.random() < 0.5 else []


def _sections(
    values: Mapping[str, Value], edition: str, ctx: Ctx, year: int
) -> list[tuple[str, list[str]]]:
    rng = ctx.rng
    tables = {
        1: _table2_items(values, edition),
        2: _table3_items(values, edition, note=rng.random() < 0.5),
        3: _table4_items(values),
    }
    narrative = {0: _WORK, 4: _PROBLEMS, 5: _OTHER[edition]}
    return [
        (
            heading,
            _table_lines(ctx, tables[i], str(i))
            if i in tables
            else _prose(rng, narrative[i], year),
        )
        for i, heading in enumerate(HEADINGS)
    ]


def render(
    values: Mapping[str, Value],
    edition: str,
    layout: str,
    rng: random.Random,
    *,
    agency: str = DEFAULT_AGENCY,
    year: int | None = None,
    quirks: float | None = None,
) -> str:
    """A whole report: title, preamble, the six sections with tables 二/三/四 in ``layout``.

    ``quirks`` (0 to 1) is how often each allowed quirk strikes; drawn from ``rng`` by
    default.  0 renders the plain template layout.
    """
    if layout not in ALL_LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    if year is None:
        year = 2023 if edition == "2021" else rng.choice((2019, 2020))
    rate = rng.choice(QUIRK_RATES) if quirks is None else quirks
    if layout in WEB_LAYOUTS:  # the plain page of that rendering, per-cell quirks at ``rate``
        from render_web import Quirks, render_report

        page = Quirks(rate=rate, padding="grid" if layout != "cell_then_pipe" else "none")
        return render_report(
            values, edition, layout, rng, agency=agency, year=year, quirks=page
        ).text
    ctx = Ctx(rng, layout, rate, rng.getrandbits(64))
    lines = [f"{agency}{year}年政府信息公开工作年度报告", *_gap(rng), _preamble(year)]
    for heading, body in _sections(values, edition, ctx, year):
        lines += [*_gap(rng), heading, *_gap(rng), *body]
    if rng.random() < 0.3:
        lines += ["", agency, f"{year + 1}年1月{rng.randint(10, 31)}日"]
    return "\n".join(lines) + "\n"
