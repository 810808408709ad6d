"""Whole reports in every table rendering real crawls and extractors produce, with the
quirks real pages show, and what they must parse to.

``render_report`` writes a report (chrome, title, preamble, the six sections with tables
二/三/四 holding ``render.build_values`` values) in one of ``RENDERINGS`` and returns a
``Rendered``: the text, and the statutory values, organ, year and edition a parser must
read from it.  Everything is drawn from the ``random.Random`` given (deterministic for a
seed) and from a ``Quirks`` record of page-level choices (``draw_quirks``).

The tables are built as their HTML grids would be (``Grid``): header and data rows of
cells with their colspans, and for each row how many grid columns at its start are held
by a rowspan from a row above.  Rows and columns come from ``govinfo_report._format.records``
and ``render``'s block list, so the grid is data: table 三 has three label columns
(三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密), a row prints the labels its
path does not share with the row above (the shared ones are rowspan-covered), and its
last label spans the remaining label columns.

Renderings (the six of ``render.LAYOUTS`` keep their syntax; the five crawl renderings
follow /work/eval/RENDERINGS.md).  "Slot" renderings keep every cell's place, so an
empty cell is a cell written blank and the header says which column a place is:

- ``tab_cells`` (slots): one cell per line led by a tab, rows separated by a blank
  line; an empty cell is a lone tab; a cell's line break continues without a tab.
- ``tab_cells_compact`` (slots): as ``tab_cells`` without the blank lines; no blank
  zeros, no padding, covered cells dropped.
- ``tsv`` (slots): a row per line, cells joined by tabs; line breaks as spaces.
- ``pipes`` (slots): markdown rows ``| a | b |`` with a ``|---|`` line under the
  table's first row; an empty cell is ``|  |``; line breaks as spaces.
- ``pdf_text``: space-aligned rows ``label 1 0 3``; group labels on their own lines,
  三、本年度办理结果 vertical; every zero printed (or "—" in a line with a digit).
- ``cell_lines``: one cell per line, no separators; every zero printed or a dash.
- ``pipe_rows`` (slots): a row per line, each cell ``text |`` (sometimes ``text  |``),
  cells joined by one space, no leading pipe; an empty cell is a bare ``|`` glued to an
  empty neighbour (``||``, ``|||``); line breaks as spaces; numbers may be padded with
  runs of spaces.  Sub-variant ``markdown_pipes`` (``Quirks.lead``): every row starts
  ``| ``, and a row ending in a real cell ends ``| `` (a trailing space).
- ``cell_pipe_lines`` (slots): one cell per line, ``text |``; an empty cell is a lone
  ``|`` line; a label may lack its pipe, the ``|`` on the next line; the row's padding
  is one line of pipes (``|||``) after its last cell, or glued to it
  (``第二十条第（一）项 | |||``).  Sub-variant ``pipe_line_then_cells`` (``Quirks.lead``):
  every row opened by a lone ``|`` line, padding glued.
- ``cell_then_pipe`` (slots): every cell's text on its own line(s) (a header word's
  line break kept), then a line holding only ``|``; an empty cell is the ``|`` line
  alone; no padding.  Sub-variant ``cell_then_pipe_lead`` (``Quirks.lead``): the first
  cell of a row is written ``| text``, and the row's padding is a line ``|||`` after it.
- ``paragraph_cells``: one cell per paragraph (paragraphs separated by a blank line,
  the whole page so); empty cells vanish (rarely, a paragraph of one space stands for
  one); a header word's line break is a paragraph break or a newline inside the
  paragraph; a group label may split after its numbering (``（三）`` / ``不予公开``);
  stray spaces around numbers; the prose of some sites indented by two spaces.
- ``pipe_lead_lines`` (slots): each row opened by a line ``| ``, then one cell per
  line ``·text··|·`` (one space, the text, two spaces, pipe, space); padding glued
  after that pipe (``·第二十条第（一）项··|·|||``); an empty cell is ``···|·``.

How merged cells show (``Quirks.covered`` / ``Quirks.padding``, as the rendering
allows): a rowspan-covered cell is dropped (most crawls) or an empty cell in its place;
a row short of the grid's width (colspans) is padded with empty cells to the width at
its end (``grid``), to the width plus one extra empty trailing column (``extra``), right
after each spanning cell (``inplace``: a spreadsheet's full grid, so covered cells are
empty places too), or not at all (``none``).

Quirks (page level, in ``Quirks``; per cell at the rate ``Quirks.rate`` like
``render.Ctx.maybe``): see ``Quirks`` and ``RULES``.  Only statutory cells are expected:
the extra 小计 column and rows, the 其他主动公开文件 row, item numbers cut off a label
and page furniture are printed but not part of ``Rendered.values``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from govinfo_report._format.records import Table4, layout
from render import (
    _OTHER,
    _PROBLEMS,
    _RESULTS,
    _T2,
    _T2_BLOCKS,
    _T3,
    _T3_NOTE,
    _WORK,
    ALL_LAYOUTS,
    HEADINGS,
    QUIRK_RATES,
    Ctx,
    Value,
    _count,
    _number,
    _pdf_header_cell,
    _pdf_join,
    _pdf_number_lines,
    _pdf_sep,
    _preamble,
    _prose,
    _row_ctx,
    _wrap,
    addresses,
    vary_label,
)

RENDERINGS: tuple[str, ...] = ALL_LAYOUTS
SLOT_RENDERINGS: tuple[str, ...] = (
    "tab_cells",
    "tab_cells_compact",
    "tsv",
    "pipes",
    "pipe_rows",
    "cell_pipe_lines",
    "cell_then_pipe",
    "pipe_lead_lines",
)
AGENCIES: tuple[str, ...] = (
    "示例县示例镇人民政府",
    "示例市示例区人民政府办公室",
    "示例市自然资源和规划局",
    "示例县示例乡人民政府",
    "样本市样本区应急管理局",
    "样本县交通运输局",
    "示例市示例区示例街道办事处",
    "样本县人力资源和社会保障局",
)
YEARS: dict[str, tuple[int, ...]] = {"2019": (2019, 2020), "2021": (2021, 2022, 2023, 2024)}


# ====================================================================== what a rendering allows


@dataclass(frozen=True)
class Rules:
    """What one rendering can show.

    ``blanks`` weighs how often a zero is written as an empty cell (0: never);
    ``dashes`` are the other spellings of a zero; ``pads`` the spaces that may stand
    around a number.  ``wrap`` says how a label may break: ``""`` never, ``"cell"`` a
    line break inside its cell (the continuation right after), ``"line"`` a line break
    anywhere, the continuation before or after the row's numbers.  ``covered`` and
    ``padding`` list how merged cells may show (plain first); ``glued`` and ``lead`` the
    sub-variants the rendering has.
    """

    blanks: float
    dashes: tuple[str, ...]
    pads: tuple[str, ...]
    wrap: str
    covered: tuple[str, ...] = ("dropped",)
    padding: tuple[str, ...] = ("none",)
    glued: bool = False
    lead: bool = False


_DASHES = ("—", "-", "/", "无")
_CRAWL_DASHES = ("/", "-")
_PADS = ("\u3000", "\u00a0")
_MERGED = ("dropped", "empty")
_PADDED = ("none", "inplace", "grid")
_CRAWL_PADDED = ("grid", "none", "extra")

RULES: dict[str, Rules] = {
    "tab_cells": Rules(1.0, _DASHES, _PADS, "cell", _MERGED, _PADDED),
    "tab_cells_compact": Rules(0.0, (), _PADS, "cell"),
    "tsv": Rules(1.0, _DASHES, _PADS, "", _MERGED, _PADDED),
    "pipes": Rules(1.0, _DASHES, (*_PADS, "   "), "", _MERGED, _PADDED),
    "pdf_text": Rules(0.0, ("—",), (), "line"),
    "cell_lines": Rules(0.0, _DASHES, _PADS, "line"),
    "pipe_rows": Rules(1.0, _CRAWL_DASHES, (*_PADS, "    "), "", _MERGED, _CRAWL_PADDED, lead=True),
    "cell_pipe_lines": Rules(
        1.0, _CRAWL_DASHES, (), "cell", padding=_CRAWL_PADDED, glued=True, lead=True
    ),
    "cell_then_pipe": Rules(1.0, _CRAWL_DASHES, (), "cell", lead=True),
    "paragraph_cells": Rules(0.03, _CRAWL_DASHES, (" ",), ""),
    "pipe_lead_lines": Rules(1.0, _CRAWL_DASHES, (), "cell", padding=("grid", "none")),
}


# ====================================================================== page-level quirks

TITLE_SHAPES: tuple[str, ...] = (
    "plain",  # 〈机关〉〈年〉年政府信息公开工作年度报告
    "year_first",  # 〈年〉年〈机关〉信息公开年报
    "annual",  # 〈机关〉〈年〉年度政府信息公开年报
    "about",  # 关于〈年〉年度政府信息公开情况的报告, the organ on the next line
    "organ_line",  # the organ on one line, 〈年〉年政府信息公开工作年度报告 on the next
    "flipbook",  # Page N - 〈title〉, then P. N (and again at page breaks in pdf_text)
    "sentence",  # no title line: 根据…，现公布〈机关〉〈年〉年政府信息公开工作年度报告。
)
# Groups of table 三 that a 小计 row may close, per edition.
SUBTOTAL_GROUPS: dict[str, tuple[str, ...]] = {
    "2019": ("denied", "unavailable", "not_processed"),
    "2021": ("denied", "unavailable", "not_processed", "other"),
}
# How often each page-level quirk is drawn (high: this is a stress generator).
ODDS: dict[str, float] = {
    "chrome": 0.4,
    "no_period": 0.15,
    "other_years": 0.4,
    "traditional": 0.2,
    "halfwidth": 0.4,
    "subtotal_column": 0.25,
    "subtotal_row": 0.15,  # for each group of SUBTOTAL_GROUPS
    "provincial": 0.25,
    "intro": 0.3,
    "indent": 0.3,
    "glued": 0.5,
    "lead": 0.4,
}


@dataclass(frozen=True)
class Quirks:
    """The page-level choices of one report; every field's default is the plain page.

    - ``rate``: how often each per-cell quirk strikes (``render.Ctx.p``): label variants
      (``render.vary_label``), broken labels and header words, blank and dash zeros,
      spaces and full-width digits in numbers, ``+`` signs, two spaces before a pipe,
      a label line without its pipe, page footers.
    - ``title``: one of ``TITLE_SHAPES``; ``chrome``: breadcrumbs, 字号, 打印, 发布时间
      and a view count above the title; ``no_period``: no 统计期限 sentence (most
      reports state the year there too); ``other_years``: narrative sentences about
      other years ("2019年，我镇…").
    - ``traditional``: labels, headings, title, prose and table words in traditional
      characters (the organ left as printed); ``halfwidth``: ASCII brackets, colons and
      commas throughout ("(一)", "(单位:万元)").
    - ``subtotal_column``: a 小计 column (named in the header) after the five
      organisation columns of table 三, before 总计; ``subtotal_rows``: the groups of
      ``SUBTOTAL_GROUPS`` closed by a 小计 row holding the group's sums.
    - ``provincial``: a provincial template: long parentheticals after some row labels
      ("规章（设区的市、自治州人民政府应提供相关数据）") and an extra row 其他主动公开文件 in
      table 二's first block, with values of its own.
    - ``intro``: a prose line between a section heading and its table; ``indent``
      (paragraph_cells): prose paragraphs indented by two spaces.
    - ``covered``, ``padding``, ``glued``, ``lead``: how merged cells show and the
      rendering's sub-variant (see the module docstring and ``RULES``).
    """

    rate: float = 0.0
    title: str = "plain"
    chrome: bool = False
    no_period: bool = False
    other_years: bool = False
    traditional: bool = False
    halfwidth: bool = False
    subtotal_column: bool = False
    subtotal_rows: tuple[str, ...] = ()
    provincial: bool = False
    intro: bool = False
    indent: bool = False
    covered: str = "dropped"
    padding: str = "none"
    glued: bool = False
    lead: bool = False

    def __str__(self) -> str:
        plain = Quirks()
        changed = [f for f in fields(self) if getattr(self, f.name) != getattr(plain, f.name)]
        return ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in changed) or "plain"


def variant(rendering: str, quirks: Quirks) -> str:
    """The rendering's name with its sub-variant, as RENDERINGS.md names them."""
    if rendering == "cell_pipe_lines" and quirks.lead:
        return "pipe_line_then_cells"
    if rendering == "cell_then_pipe" and quirks.lead:
        return "cell_then_pipe_lead"
    if rendering == "pipe_rows" and quirks.lead:
        return "markdown_pipes"
    return rendering


def draw_quirks(
    rendering: str,
    edition: str,
    rate: float,
    flag: Callable[[float], bool],
    one: Callable[[Sequence[str]], str],
) -> Quirks:
    """A ``Quirks`` for ``rendering``: ``flag(odds)`` draws each page-level quirk (False
    is the plain page), ``one(options)`` picks among options listed plain first.  A
    hypothesis strategy and ``random_quirks`` both draw through this."""
    rules = RULES[rendering]
    lead = rules.lead and flag(ODDS["lead"])
    padding = one(rules.padding)
    covered = one(rules.covered)
    if rendering == "cell_then_pipe":  # only the lead variant pads its rows
        padding = "grid" if lead else "none"
    if padding == "inplace":  # a spreadsheet's full grid: every covered place kept too
        covered = "empty"
    return Quirks(
        rate=rate,
        title=one(TITLE_SHAPES),
        chrome=flag(ODDS["chrome"]),
        no_period=flag(ODDS["no_period"]),
        other_years=flag(ODDS["other_years"]),
        traditional=flag(ODDS["traditional"]),
        halfwidth=flag(ODDS["halfwidth"]),
        subtotal_column=flag(ODDS["subtotal_column"]),
        subtotal_rows=tuple(g for g in SUBTOTAL_GROUPS[edition] if flag(ODDS["subtotal_row"])),
        provincial=flag(ODDS["provincial"]),
        intro=flag(ODDS["intro"]),
        indent=rendering == "paragraph_cells" and flag(ODDS["indent"]),
        covered=covered,
        padding=padding,
        glued=rules.glued and (lead or flag(ODDS["glued"])),
        lead=lead,
    )


def random_quirks(rng: random.Random, rendering: str, edition: str) -> Quirks:
    """``draw_quirks`` driven by a ``random.Random`` (the quirk rate from QUIRK_RATES)."""
    rate = rng.choice(QUIRK_RATES)
    return draw_quirks(
        rendering,
        edition,
        rate,
        lambda odds: rng.random() < odds,
        lambda options: options[rng.randrange(len(options))],
    )


# ====================================================================== words

# Simplified → traditional for every character of the template's words, headings, titles,
# chrome and prose that differs (the organ is never translated); 复 by word first.
_TRADITIONAL_WORDS = (("答复", "答覆"), ("反复", "反覆"))
_TRADITIONAL = str.maketrans(
    "万与专业个为举于众会体关内决况准减办务动区华单发号后国处复够实审对将属广应废开强当录彻总户"
    "执护报据数断无时机权条构标栏检没浏现础确稳类纠纳组织经结统继续维编缴网罚范获补见规览计订认"
    "训议许讼设访诉询请读购贯费转较过还这进采镇门问间际页项题额",
    "萬與專業個為舉於眾會體關內決況準減辦務動區華單發號後國處複夠實審對將屬廣應廢開強當錄徹總戶"
    "執護報據數斷無時機權條構標欄檢沒瀏現礎確穩類糾納組織經結統繼續維編繳網罰範獲補見規覽計訂認"
    "訓議許訟設訪訴詢請讀購貫費轉較過還這進採鎮門問間際頁項題額",
)
_HALFWIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ","})


def words(text: str, quirks: Quirks) -> str:
    """Template words as the page prints them: traditional script, half-width marks."""
    if quirks.traditional:
        for simplified, traditional in _TRADITIONAL_WORDS:
            text = text.replace(simplified, traditional)
        text = text.translate(_TRADITIONAL)
    if quirks.halfwidth:
        text = text.translate(_HALFWIDTH)
    return text


# ====================================================================== the tables as grids

HEAD, LABEL, VALUE = "head", "label", "value"


@dataclass(frozen=True)
class Slot:
    """One cell of a table's HTML grid: a header word, a row label or a value."""

    kind: str  # HEAD, LABEL or VALUE
    text: str = ""  # the template words of a HEAD or LABEL cell
    span: int = 1  # grid columns it spans (colspan)
    value: Value = 0
    value_kind: str = "count"


@dataclass(frozen=True)
class GridRow:
    """One row of the grid: its own cells, after ``covered`` grid columns held by
    rowspans from the rows above."""

    slots: tuple[Slot, ...]
    covered: int = 0

    @property
    def is_data(self) -> bool:
        return any(s.kind == VALUE for s in self.slots)


@dataclass(frozen=True)
class Grid:
    rows: tuple[GridRow, ...]
    width: int  # grid columns: the widest row of the HTML table


def _heads(labels: Sequence[str], width: int) -> tuple[Slot, ...]:
    """Header cells; the last spans what is left of ``width``."""
    return tuple(
        Slot(HEAD, text, span=width - len(labels) + 1 if i == len(labels) - 1 else 1)
        for i, text in enumerate(labels)
    )


def _values(values: Sequence[Value], kinds: Sequence[str], width: int) -> tuple[Slot, ...]:
    """Value cells; the last spans what is left of ``width``."""
    n = len(values)
    return tuple(
        Slot(VALUE, value=v, value_kind=k, span=width - n + 1 if i == n - 1 else 1)
        for i, (v, k) in enumerate(zip(values, kinds, strict=True))
    )


# Long parentheticals of provincial templates (invented, in the style of the real ones).
PROVINCIAL_NOTES: dict[str, str] = {
    "regulations": "（设区的市、自治州人民政府应提供相关数据）",
    "normative_documents": "（指本机关印发的有正式文号的规范性文件）",
    "admin_fees": "（按本机关实际收取的项目填报）",
}
EXTRA_T2_ROW = "其他主动公开文件（指规章、规范性文件以外依法主动公开的文件）"


def _table2_grid(
    values: Mapping[str, Value], edition: str, quirks: Quirks, rng: random.Random
) -> Grid:
    rows = {r.address: r for r in layout(_T2[edition]).rows}
    width = 1 + max(len(r.columns) for r in rows.values())
    out: list[GridRow] = []
    for block, members in _T2_BLOCKS[edition]:
        columns = rows[members[0]].columns
        out.append(GridRow((Slot(HEAD, block, span=width),)))
        out.append(GridRow(_heads(("信息内容", *(c.label for c in columns)), width)))
        for member in members:
            row = rows[member]
            note = PROVINCIAL_NOTES.get(member, "") if quirks.provincial else ""
            cells = [values[c.address] for c in row.columns]
            kinds = [c.kind for c in row.columns]
            label = Slot(LABEL, row.label + note)
            out.append(GridRow((label, *_values(cells, kinds, width - 1))))
        if block == "第二十条第（一）项" and quirks.provincial:
            extra = [_count(rng.randint, 50) for _ in columns]
            kinds = [c.kind for c in columns]
            out.append(GridRow((Slot(LABEL, EXTRA_T2_ROW), *_values(extra, kinds, width - 1))))
    return Grid(tuple(out), width)


_T3_OUTSIDE = ("new_received", "carried_over", "carried_forward")  # not under 三、本年度办理结果
SUBTOTAL = "小计"


def _table3_grid(values: Mapping[str, Value], edition: str, quirks: Quirks, note: bool) -> Grid:
    rows = layout(_T3[edition]).rows
    columns = rows[0].columns
    labels = [c.label for c in columns]
    orgs = labels[1:-1]
    if quirks.subtotal_column:
        orgs.append(SUBTOTAL)
    # Each data row as its label path (the labels from the outermost group in) and values;
    # a 小计 row after the last row of each group in quirks.subtotal_rows.
    paths: list[tuple[tuple[str, ...], list[Value]]] = []
    for i, row in enumerate(rows):
        path = row.path_labels if row.address in _T3_OUTSIDE else (_RESULTS, *row.path_labels)
        paths.append((path, [values[c.address] for c in row.columns]))
        group, dot, _ = row.address.partition(".")
        following = rows[i + 1].address if i + 1 < len(rows) else ""
        if dot and group in quirks.subtotal_rows and not following.startswith(group + "."):
            members = [r.address for r in rows if r.address.startswith(group + ".")]
            sums = [sum(values[f"t3.{m}.{c.name}"] for m in members) for c in columns]
            paths.append(((*path[:-1], SUBTOTAL), sums))
    depth = max(len(p) for p, _ in paths)  # label columns
    n = len(orgs) + 2  # value columns
    width = depth + n
    out = [
        GridRow(
            (Slot(HEAD, _T3_NOTE if note else "", span=depth), Slot(HEAD, "申请人情况", span=n))
        ),
        GridRow(
            (
                Slot(HEAD, labels[0]),
                Slot(HEAD, "法人或其他组织", span=len(orgs)),
                Slot(HEAD, labels[-1]),
            ),
            covered=depth,
        ),
        GridRow(tuple(Slot(HEAD, o) for o in orgs), covered=depth + 1),
    ]
    previous: tuple[str, ...] = ()
    for path, cells in paths:
        shared = 0
        while shared < min(len(path), len(previous)) - 1 and path[shared] == previous[shared]:
            shared += 1
        previous = path
        label_slots = [
            Slot(LABEL, text, span=depth - i if i == len(path) - 1 else 1)
            for i, text in enumerate(path)
            if i >= shared
        ]
        if quirks.subtotal_column:
            cells = [*cells[:-1], sum(cells[1:-1]), cells[-1]]
        value_slots = [Slot(VALUE, value=v) for v in cells]
        out.append(GridRow((*label_slots, *value_slots), covered=shared))
    return Grid(tuple(out), width)


def _table4_grid(values: Mapping[str, Value]) -> Grid:
    rows = layout(Table4).rows
    columns = tuple(c.label for c in rows[0].columns)
    k = len(columns)
    litigation = rows[1].label.split("·")[0]
    suits = tuple(r.label.split("·")[1] for r in rows[1:])
    cells = layout(Table4).cells
    width = len(cells)
    return Grid(
        (
            GridRow((Slot(HEAD, rows[0].label, span=k), Slot(HEAD, litigation, span=width - k))),
            GridRow((*(Slot(HEAD, c) for c in columns), *(Slot(HEAD, s, span=k) for s in suits))),
            GridRow(tuple(Slot(HEAD, c) for c in columns * len(suits)), covered=k),
            GridRow(tuple(Slot(VALUE, value=values[c.address], value_kind=c.kind) for c in cells)),
        ),
        width,
    )


# ====================================================================== cells as printed

PAD, COVERED = "pad", "covered"


@dataclass(frozen=True)
class Cell:
    """A cell as printed: its text ("" when empty; "\\n" where it breaks) and its kind
    (HEAD, LABEL, VALUE, or PAD / COVERED for an empty padding or rowspan place)."""

    text: str
    kind: str
    source: str = ""  # the template words of a HEAD or LABEL cell


_EMPTY_PAD = Cell("", PAD)
_EMPTY_COVERED = Cell("", COVERED)


@dataclass(frozen=True)
class Dressed:
    """A grid row as printed: one cell per slot, with the row's own random stream."""

    ctx: Ctx
    cells: tuple[Cell, ...]
    spans: tuple[int, ...]
    covered: int

    @property
    def is_data(self) -> bool:
        return any(c.kind == VALUE for c in self.cells)


def _pad(ctx: Ctx, rules: Rules, text: str) -> str:
    if not rules.pads or not ctx.maybe(0.5):
        return text
    pad = ctx.choice(rules.pads) * ctx.rng.randint(1, 2)
    return pad + text if ctx.rng.random() < 0.5 else text + pad


def _value_text(ctx: Ctx, rules: Rules, slot: Slot, *, blank: bool) -> str:
    """A value cell's text: the number, maybe padded; a zero maybe blank or a dash."""
    if slot.value == 0 and blank and rules.blanks and ctx.maybe(rules.blanks):
        return ""
    if slot.value == 0 and rules.dashes and ctx.maybe(0.5):
        return _pad(ctx, rules, ctx.choice(rules.dashes))
    return _pad(ctx, rules, _number(ctx, slot.value, slot.value_kind))


def _break_anywhere(ctx: Ctx, text: str) -> str:
    """Maybe break a label at any character, leaving three or more before, two after."""
    if len(text) < 5 or not ctx.maybe():
        return text
    i = ctx.rng.randrange(3, len(text) - 1)
    return text[:i] + "\n" + text[i:]


def _dress(ctx: Ctx, row: GridRow, rules: Rules, quirks: Quirks, *, blank_first: bool) -> Dressed:
    """Print one grid row's cells: label variants, breaks, script; value spellings (the
    row's first cell never blank unless ``blank_first``)."""
    cells: list[Cell] = []
    for i, slot in enumerate(row.slots):
        if slot.kind == VALUE:
            text = _value_text(ctx, rules, slot, blank=blank_first or i > 0)
            cells.append(Cell(text, VALUE))
            continue
        if slot.kind == HEAD:
            whole_row = len(row.slots) == 1  # a block label spanning the row never breaks
            text = slot.text if whole_row else _wrap(ctx, slot.text)
        else:
            text = vary_label(ctx, slot.text)
            if rules.wrap:
                text = _break_anywhere(ctx, text)
        cells.append(Cell(words(text, quirks), slot.kind, slot.text))
    return Dressed(ctx, tuple(cells), tuple(s.span for s in row.slots), row.covered)


def _placed(d: Dressed, width: int, quirks: Quirks) -> list[Cell]:
    """A row's cells in their places: covered cells dropped or empty, padding added."""
    cells = [_EMPTY_COVERED] * d.covered if quirks.covered == "empty" else []
    for cell, span in zip(d.cells, d.spans, strict=True):
        cells.append(cell)
        if quirks.padding == "inplace":
            cells += [_EMPTY_PAD] * (span - 1)
    if quirks.padding in ("grid", "extra"):
        target = width + (quirks.padding == "extra")
        cells += [_EMPTY_PAD] * (target - len(cells))
    return cells


def _trailing_pads(cells: list[Cell]) -> tuple[list[Cell], int]:
    """The cells before a row's padding, and how many padding cells end it."""
    n = len(cells)
    while n and cells[n - 1].kind == PAD:
        n -= 1
    return cells[:n], len(cells) - n


def _flat(text: str) -> str:
    return text.replace("\n", " ")


# ====================================================================== renderings
#
# Each turns the dressed rows of one table into lines ("\n" inside an entry is kept:
# paragraph_cells joins its entries with blank lines).


@dataclass(frozen=True)
class Table:
    """One table as dressed rows, with what its rendering needs to know."""

    rows: tuple[Dressed, ...]
    width: int
    quirks: Quirks
    page_break: Callable[[Ctx], list[str]]  # the lines a page break inserts (pdf_text)


def _tab_cells(t: Table, *, compact: bool) -> list[str]:
    out: list[str] = []
    for i, d in enumerate(t.rows):
        if i and not compact:
            out.append("")
        for cell in _placed(d, t.width, t.quirks):
            out.extend(("\t" + cell.text).split("\n"))
    return out


def _tsv(t: Table) -> list[str]:
    return ["\t".join(_flat(c.text) for c in _placed(d, t.width, t.quirks)) for d in t.rows]


def _pipes(t: Table) -> list[str]:
    out = [
        "| " + " | ".join(_flat(c.text) for c in _placed(d, t.width, t.quirks)) + " |"
        for d in t.rows
    ]
    out.insert(1, "|" + "---|" * (out[0].count("|") - 1))
    return out


def _pipe_rows(t: Table) -> list[str]:
    out = []
    for d in t.rows:
        line, previous_empty = "", False
        for i, cell in enumerate(_placed(d, t.width, t.quirks)):
            text = _flat(cell.text)
            piece = "|"  # an empty cell
            if text:  # sometimes two spaces before the pipe
                piece = text + ("  |" if d.ctx.maybe(0.3) else " |")
            glue = i == 0 or (previous_empty and not text)
            line += ("" if glue else " ") + piece
            previous_empty = not text
        if t.quirks.lead:  # markdown_pipes: "| " first, and " " after a last real cell
            line = "| " + line + ("" if previous_empty else " ")
        out.append(line)
    return out


def _cell_pipe_lines(t: Table) -> list[str]:
    out: list[str] = []
    for d in t.rows:
        body, pads = _trailing_pads(_placed(d, t.width, t.quirks))
        lines = ["|"] if t.quirks.lead else []
        for cell in body:
            if not cell.text:
                lines.append("|")
            elif cell.kind == LABEL and d.ctx.maybe(0.3):  # the label's pipe on the next line
                lines += [cell.text, "|"]
            else:
                lines.append(cell.text + " |")
        if pads and t.quirks.glued:
            lines[-1] += ("" if lines[-1] == "|" else " ") + "|" * pads
        elif pads:
            lines.append("|" * pads)
        out.extend(lines)
    return out


def _cell_then_pipe(t: Table) -> list[str]:
    out: list[str] = []
    for d in t.rows:
        body, pads = _trailing_pads(_placed(d, t.width, t.quirks))
        for j, cell in enumerate(body):
            lines = cell.text.split("\n") if cell.text else []
            if t.quirks.lead and j == 0:
                lines = ["| " + (lines[0] if lines else ""), *lines[1:]]
            out += [*lines, "|"]
        if pads:
            out.append("|" * pads)
    return out


def _pipe_lead_lines(t: Table) -> list[str]:
    out: list[str] = []
    for d in t.rows:
        body, pads = _trailing_pads(_placed(d, t.width, t.quirks))
        lines = ["| ", *(f" {cell.text}  | " for cell in body)]
        if pads:
            lines[-1] += "|" * pads
        out.extend(lines)
    return out


_GROUP_NUMBER = re.compile(r"[（(][一二三四五六七八九十]+[）)]")


def _paragraph_cells(t: Table) -> list[str]:
    out: list[str] = []
    for d in t.rows:
        labels = [c for c in d.cells if c.kind == LABEL]
        for cell in d.cells:
            text = cell.text
            if not text:  # an empty cell vanishes, or is a paragraph of one space
                if cell.kind == VALUE and d.ctx.maybe(0.3):
                    out.append(" ")
                continue
            if cell.kind == HEAD and "\n" in text and d.ctx.maybe(0.5):
                out.append(text)  # one paragraph, broken by a newline
                continue
            m = _GROUP_NUMBER.match(text)
            if cell.kind == LABEL and cell is not labels[-1] and m and d.ctx.maybe(0.5):
                text = text[: m.end()] + "\n" + text[m.end() :]
            out.extend(text.split("\n"))
    return out


def _cell_lines(t: Table) -> list[str]:
    out: list[str] = []
    for d in t.rows:
        if not d.is_data:
            out += [line for c in d.cells if c.text for line in c.text.split("\n")]
            continue
        labels = [c.text for c in d.cells if c.kind == LABEL]
        numbers = [c.text for c in d.cells if c.kind == VALUE]
        tail: list[str] = []
        for j, label in enumerate(labels):
            head, _, rest = label.partition("\n")
            after = rest and j == len(labels) - 1 and d.ctx.rng.random() < 0.5
            out += [head] if after else label.split("\n")
            tail = [rest] if after else []
        out += numbers + tail
    return out


_ITEM_NUMBER = re.compile(r"\d+")


def _pdf_text(t: Table) -> list[str]:
    """Group labels on their own lines (三、本年度办理结果 vertical), the row's last label
    and its numbers on one line; a broken label's rest before or after the numbers; after
    them, it may end in the next row's item number, cut off that row's label ("…2" /
    ".其他法律行政法规禁止公开 0 0 …")."""
    out: list[str] = []
    cut = 0  # characters of this row's first label moved to the row above
    for i, d in enumerate(t.rows):
        ctx = d.ctx
        if i and ctx.maybe(0.3):
            out += t.page_break(ctx)
        if not d.is_data:
            out.append(
                _pdf_join(ctx, [_pdf_header_cell(ctx, _flat(c.text)) for c in d.cells if c.text])
            )
            continue
        labels = [c for c in d.cells if c.kind == LABEL]
        texts = [c.text for c in labels]
        if texts and cut:
            texts[0] = texts[0][cut:]
        cut = 0
        numbers = _pdf_number_lines(ctx, [c.text for c in d.cells if c.kind == VALUE])
        for cell, text in zip(labels[:-1], texts[:-1], strict=True):
            if cell.source == _RESULTS:  # written vertically, one character per line
                text = text.replace("\n", "")
                out += [text[:2], *text[2:]]
            else:
                out += text.split("\n")
        if not texts:
            out += numbers
            continue
        first, _, second = texts[-1].partition("\n")
        if second and ctx.rng.random() < 0.5:  # the rest of the label after the numbers
            following = t.rows[i + 1].cells if i + 1 < len(t.rows) else ()
            label = next((c.text for c in following if c.kind == LABEL), "")
            m = _ITEM_NUMBER.match(label)
            if m and ctx.maybe():
                second += m.group()
                cut = m.end()
            out += [first + _pdf_sep(ctx) + numbers[0], *numbers[1:], second]
        elif second:
            out += [first, second + _pdf_sep(ctx) + numbers[0], *numbers[1:]]
        else:
            out += [first + _pdf_sep(ctx) + numbers[0], *numbers[1:]]
    return out


_SERIALIZERS: dict[str, Callable[[Table], list[str]]] = {
    "tab_cells": lambda t: _tab_cells(t, compact=False),
    "tab_cells_compact": lambda t: _tab_cells(t, compact=True),
    "tsv": _tsv,
    "pipes": _pipes,
    "pdf_text": _pdf_text,
    "cell_lines": _cell_lines,
    "pipe_rows": _pipe_rows,
    "cell_pipe_lines": _cell_pipe_lines,
    "cell_then_pipe": _cell_then_pipe,
    "paragraph_cells": _paragraph_cells,
    "pipe_lead_lines": _pipe_lead_lines,
}


# ====================================================================== front matter and prose


def _title_lines(shape: str, agency: str, year: int, quirks: Quirks, page: int) -> list[str]:
    """The title as ``shape`` prints it (the organ exactly as given)."""
    plain = agency + words(f"{year}年政府信息公开工作年度报告", quirks)
    lines = {
        "plain": [plain],
        "year_first": [words(f"{year}年", quirks) + agency + words("信息公开年报", quirks)],
        "annual": [agency + words(f"{year}年度政府信息公开年报", quirks)],
        "about": [words(f"关于{year}年度政府信息公开情况的报告", quirks), agency],
        "organ_line": [agency, words(f"{year}年政府信息公开工作年度报告", quirks)],
        "flipbook": [f"Page {page} - {plain}", f"P. {page}"],
        "sentence": [],
    }
    return lines[shape]


def _chrome(rng: random.Random, year: int, quirks: Quirks) -> list[str]:
    """Site chrome above the title: some of breadcrumbs, 字号, 打印, date, view count and
    a line holding only a pipe."""
    lines = [
        "当前位置：首页 > 政务公开 > 年度报告",
        "字号：大 中 小",
        "打印",
        f"发布时间：{year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}",
        f"浏览次数：{rng.randint(20, 900)}",
        "|",  # a bullet list item holding only a pipe
    ]
    kept = [line for line in lines if rng.random() < 0.6] or lines[:1]
    return [words(line, quirks) for line in kept]


def _period(rng: random.Random, year: int) -> str:
    """A sentence stating the statistics period."""
    return rng.choice(
        (
            _preamble(year),
            f"本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。",
            f"本报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。",
        )
    )


_PUBLISH = "根据《中华人民共和国政府信息公开条例》规定，现公布"
_OTHER_YEARS = (
    "{y0}年，{s}曾开展政务公开专项检查，整改问题{n}个。",
    "与{y1}年相比，{s}依申请公开数量有所增加。",
    "{s}在{y0}年建成的公开专栏基础上，继续完善栏目设置。",
    "2019年，{s}开始实行信息发布三审制度，此后每年修订。",
)
_INTROS = ("具体数据见下表：", "统计情况如下表所示：")
_SIGN_OFF = "{y}年{m}月{d}日"


def _narrative(rng: random.Random, year: int, quirks: Quirks, pool: tuple[str, ...]) -> list[str]:
    lines = _prose(rng, pool, year)
    if quirks.other_years and pool is _WORK:
        subject = rng.choice(("本机关", "我镇", "本单位", "我局"))
        sentence = rng.choice(_OTHER_YEARS)
        lines.insert(
            rng.randint(0, len(lines)),
            sentence.format(
                y0=year - rng.randint(1, 3), y1=year - 1, s=subject, n=rng.randint(2, 9)
            ),
        )
    indent = "  " if quirks.indent else ""
    return [indent + words(line, quirks) for line in lines]


# ====================================================================== the report


@dataclass(frozen=True, repr=False)
class Rendered:
    """A rendered report and what a parser must read from it."""

    text: str
    values: dict[str, Value]  # every statutory cell, as printed
    edition: str
    rendering: str
    year: int
    agency: str  # the organ exactly as printed
    quirks: Quirks

    @property
    def variant(self) -> str:
        return variant(self.rendering, self.quirks)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # hypothesis prints so
        printer.text(repr(self))

    def __repr__(self) -> str:  # the text itself is shown line by line by the tests
        nonzero = {a: v for a, v in self.values.items() if v}
        return (
            f"Rendered(edition={self.edition!r}, rendering={self.variant!r}, year={self.year}, "
            f"agency={self.agency!r}, quirks=({self.quirks}), nonzero values={nonzero!r})"
        )


def _grids(
    values: Mapping[str, Value], edition: str, quirks: Quirks, rng: random.Random
) -> dict[int, Grid]:
    """Tables 二, 三 and 四 by the index of their section."""
    return {
        1: _table2_grid(values, edition, quirks, rng),
        2: _table3_grid(values, edition, quirks, note=rng.random() < 0.5),
        3: _table4_grid(values),
    }


def _table_lines(
    ctx: Ctx, grid: Grid, key: str, quirks: Quirks, pages: Callable[[Ctx], list[str]]
) -> list[str]:
    rules = RULES[ctx.layout]
    lead_glued = ctx.layout == "cell_then_pipe" and quirks.lead  # "| " + a blank: unclear
    rows = tuple(
        _dress(_row_ctx(ctx, f"{key}/{i}"), row, rules, quirks, blank_first=not lead_glued)
        for i, row in enumerate(grid.rows)
    )
    return _SERIALIZERS[ctx.layout](Table(rows, grid.width, quirks, pages))


def render_report(
    values: Mapping[str, Value],
    edition: str,
    rendering: str,
    rng: random.Random,
    *,
    agency: str = AGENCIES[0],
    year: int | None = None,
    quirks: Quirks | None = None,
) -> Rendered:
    """A whole report in ``rendering`` with ``quirks`` (drawn from ``rng`` if not given).

    ``values`` are printed in the statutory cells; the ``Rendered`` says what a parser
    must read back: those values, ``agency`` as printed, ``year`` and ``edition``.
    """
    if rendering not in RENDERINGS:
        raise ValueError(f"unknown rendering {rendering!r}")
    if year is None:
        year = rng.choice(YEARS[edition])
    if quirks is None:
        quirks = random_quirks(rng, rendering, edition)
    ctx = Ctx(rng, rendering, quirks.rate, rng.getrandbits(64))
    page = rng.randint(1, 4)
    title = _title_lines(quirks.title, agency, year, quirks, page)

    def page_break(row_ctx: Ctx) -> list[str]:
        nonlocal page
        page += 1
        if quirks.title == "flipbook":
            return [f"Page {page} - {title[0].partition(' - ')[2]}", f"P. {page}"]
        return [row_ctx.choice((f"— {page} —", f"- {page} -", f"第{page}页"))]

    def gap() -> list[str]:
        return [""] if rng.random() < 0.5 and rendering != "paragraph_cells" else []

    lines = [*(_chrome(rng, year, quirks) if quirks.chrome else []), *title]
    opening = []
    if quirks.title == "sentence":
        opening.append(
            words(_PUBLISH, quirks) + agency + words(f"{year}年政府信息公开工作年度报告。", quirks)
        )
    if not quirks.no_period:
        opening.append(words(_period(rng, year), quirks))
    if opening:
        lines += [*gap(), "".join(opening)]
    grids = _grids(values, edition, quirks, rng)
    narrative = {0: _WORK, 4: _PROBLEMS, 5: _OTHER[edition]}
    for i, heading in enumerate(HEADINGS):
        lines += [*gap(), words(heading, quirks), *gap()]
        if i in grids:
            if quirks.intro:
                lines.append(words(rng.choice(_INTROS), quirks))
            lines += _table_lines(ctx, grids[i], str(i), quirks, page_break)
        else:
            lines += _narrative(rng, year, quirks, narrative[i])
    if rng.random() < 0.3:
        date = _SIGN_OFF.format(y=year + 1, m=rng.randint(1, 2), d=rng.randint(10, 28))
        lines += ["", agency, date]
    if rendering == "paragraph_cells":  # every line a paragraph
        text = "\n\n".join(line for line in lines if line) + "\n"
    else:
        text = "\n".join(lines) + "\n"
    expected = {a: values[a] for a in addresses(edition)}
    return Rendered(text, expected, edition, rendering, year, agency, quirks)
