"""The review page: every report of a batch on one offline HTML page, its tables drawn
as the template prints them and the cells a finding names marked.

The people who review a county's reports before publication look at tables, not JSON.
``review_html`` gives them one self-contained file (inline CSS and a few lines of
script for sorting; no network, readable with scripts off, printable):

- an overview: one row per file (organ, year, edition, status, errors, warnings,
  unread cells), those that need attention first, and totals per severity and per rule;
- per report: tables 二, 三 and 四 laid out as the template prints them
  (``_format.template``), each value in its cell; a cell an error or warning names is
  marked (colour, an icon and words: never colour alone), with the rule and both sides
  of the relation in its tooltip and in a numbered list under the table; unread,
  recovered and picture-read cells marked apart, as the legend says; the source line of
  each cell in a table shown on demand; the parser's diagnostics; for an organ with
  several years, the cross-year findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from html import escape

from .._check.rules import check_series
from .._core.model import NUMERALS, Cell, Diagnostic, Edition, Severity, tables_edition
from .._format.template import HEAD, LABEL, Printed, printed
from .._report.report import Report
from .results import ParseResult, ParseSuccess
from .summary import ReportSummary, summarize

# What marks a cell, in the order a cell shows them: (class, icon, words).
MARKS: tuple[tuple[str, str, str], ...] = (
    ("error", "✖", "错误 error: a relation this cell is in does not hold"),
    ("warning", "▲", "警告 warning: a finding names this cell"),
    ("unread", "∅", "未读 unread: the cell could not be read (None)"),
    ("recovered", "↺", "推算 recovered: read from damaged text with the table's sums"),
    ("picture", "▣", "图片 picture: read from a picture (OCR)"),
)
_ICON = {name: icon for name, icon, _ in MARKS}
_WORD = {name: words.split(":")[0] for name, _, words in MARKS}
_TABLE_NAMES = {
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
}
_ATTENTION = {"failed": 0, "not-a-report": 1, "image-only": 1, "empty": 1, "ok": 2}


def review_html(results: Iterable[ParseResult | Report], *, title: str | None = None) -> str:
    """One self-contained HTML page reviewing the results (``parse_many``'s, or
    ``Report``s): an overview of every file, then each report's tables with the cells
    its findings name marked.  See docs/review.md."""
    items: list[ParseResult] = [
        ParseSuccess(f"#{i}", item) if isinstance(item, Report) else item
        for i, item in enumerate(results, 1)
    ]
    summaries = list(summarize(items))
    order = sorted(range(len(items)), key=lambda i: _urgency(summaries[i]))
    heading = title or f"政府信息公开工作年度报告审核 · Review of {len(items)} file(s)"
    parts = [_HEAD.format(title=escape(heading)), f"<h1>{escape(heading)}</h1>\n"]
    parts.append(_legend())
    parts.append(_totals(summaries))
    parts.append(_overview(items, summaries, order))
    for i in order:
        parts.append(_report_section(i, items[i], summaries[i]))
    parts.append(_series(items))
    parts.append(_SCRIPT + "</body>\n</html>\n")
    return "".join(parts)


def _urgency(summary: ReportSummary) -> tuple[int, int, int, int, str]:
    return (
        _ATTENTION.get(summary.status, 1),
        -summary.errors,
        -summary.warnings,
        -summary.cells_unread,
        summary.source,
    )


def _anchor(index: int) -> str:
    return f"r{index + 1}"


# ---------------------------------------------------------------- page parts


def _legend() -> str:
    items = "".join(
        f'<li><span class="cell {name}"><span class="icon" aria-hidden="true">{icon}</span>'
        f" 12</span> {escape(words)}</li>"
        for name, icon, words in MARKS
    )
    return (
        '<section class="legend" aria-label="legend">'
        f"<h2>图例 Legend</h2><ul>{items}</ul></section>\n"
    )


def _totals(summaries: Sequence[ReportSummary]) -> str:
    severities: Counter[str] = Counter()
    rules: Counter[tuple[str, str]] = Counter()
    for summary in summaries:
        for d in summary.findings:
            severities[d.severity.value] += 1
            rules[(d.code, d.severity.value)] += 1
    statuses = Counter(s.status for s in summaries)
    status_text = ", ".join(f"{n} {escape(s)}" for s, n in sorted(statuses.items()))
    lines = [
        '<section id="totals"><h2>合计 Totals</h2>',
        f"<p>{len(summaries)} file(s): {status_text}.</p>",
        '<table class="totals"><caption>Findings by severity</caption>'
        '<thead><tr><th scope="col">severity</th><th scope="col">count</th></tr></thead><tbody>',
    ]
    for severity in ("error", "warning", "info"):
        lines.append(
            f'<tr><th scope="row">{severity}</th><td class="num">{severities[severity]}</td></tr>'
        )
    lines.append("</tbody></table>")
    lines.append(
        '<table class="totals"><caption>Findings by rule</caption><thead><tr>'
        '<th scope="col">rule</th><th scope="col">severity</th><th scope="col">count</th>'
        "</tr></thead><tbody>"
    )
    for (code, severity), count in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(
            f'<tr><th scope="row"><code>{escape(code)}</code></th><td>{severity}</td>'
            f'<td class="num">{count}</td></tr>'
        )
    lines.append("</tbody></table></section>\n")
    return "".join(lines)


_OVERVIEW_COLUMNS = (
    ("file", "文件 file", "text"),
    ("agency", "机关 organ", "text"),
    ("year", "年度 year", "num"),
    ("edition", "版本 edition", "text"),
    ("status", "状态 status", "text"),
    ("errors", "错误 errors", "num"),
    ("warnings", "警告 warnings", "num"),
    ("unread", "未读 unread", "num"),
)


def _overview(
    items: Sequence[ParseResult], summaries: Sequence[ReportSummary], order: Sequence[int]
) -> str:
    head = "".join(
        f'<th scope="col" data-sort="{kind}"><button type="button">{escape(label)}</button></th>'
        for _, label, kind in _OVERVIEW_COLUMNS
    )
    rows = []
    for i in order:
        s = summaries[i]
        attention = " attention" if s.status != "ok" or s.errors else ""
        cells = [
            f'<th scope="row"><a href="#{_anchor(i)}">{escape(items[i].path)}</a></th>',
            f"<td>{escape(s.agency or '?')}</td>",
            f'<td class="num">{s.year or ""}</td>',
            f"<td>{escape(s.edition or '?')}</td>",
            f'<td class="status {escape(s.status)}">{escape(s.status)}'
            + (f"<br><small>{escape(s.error or '')}</small>" if s.error else "")
            + "</td>",
            f'<td class="num">{s.errors}</td>',
            f'<td class="num">{s.warnings}</td>',
            f'<td class="num">{s.cells_unread}</td>',
        ]
        rows.append(f'<tr class="file{attention}" id="o{_anchor(i)}">{"".join(cells)}</tr>')
    return (
        '<section id="overview"><h2>总览 Overview</h2>'
        "<p>Files that need attention first (failed, then by errors, warnings and unread "
        "cells); with scripts on, a column's heading sorts by it.</p>"
        f'<table class="overview sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>\n"
    )


def _report_section(index: int, item: ParseResult, summary: ReportSummary) -> str:
    anchor = _anchor(index)
    name = escape(item.path)
    if item.report is None:
        return (
            f'<section class="report failed" id="{anchor}"><h2>{name}</h2>'
            f'<p class="status failed"><span class="icon" aria-hidden="true">✖</span> '
            f"failed: {escape(item.error or 'no report')}</p></section>\n"
        )
    report = item.report
    records = report.cell_records()
    findings = [d for d in summary.findings if d.code != "READ-ERROR"]
    marks = _marks(records, findings)
    parts = [
        f'<section class="report" id="{anchor}"><h2>{escape(report.agency or "(organ unknown)")} '
        f"{report.year or '?'} <small>{name}</small></h2>",
        f"<p>{escape(report.title or '(no title)')} · edition {report.edition or '?'} · "
        f"status <strong>{escape(summary.status)}</strong> · {summary.errors} error(s), "
        f"{summary.warnings} warning(s), {summary.cells_unread} unread cell(s)</p>",
    ]
    edition = tables_edition(report.edition)
    for table in (2, 3, 4):
        parts.append(_table(anchor, table, edition, records, marks, findings))
    parts.append(_diagnostics(anchor, report.diagnostics))
    parts.append("</section>\n")
    return "".join(parts)


def _marks(records: dict[str, Cell], findings: Sequence[Diagnostic]) -> dict[str, list[str]]:
    """Each address's marks, in the order of ``MARKS``."""
    marks: dict[str, list[str]] = {}
    sizes = Counter(address[:3] for address in records)  # cells per table ("t3.")
    for d in findings:
        if d.severity is Severity.INFO:
            continue
        named = Counter(address[:3] for address in set(d.addresses))
        if any(sizes[t] and n >= sizes[t] for t, n in named.items()):
            continue  # about a whole table (a picture, missing): said under it, not per cell
        for address in d.addresses:
            if address in records:
                name = "error" if d.severity is Severity.ERROR else "warning"
                if name not in marks.setdefault(address, []):
                    marks[address].append(name)
    for address, cell in records.items():
        got = marks.setdefault(address, [])
        if cell.value is None:
            got.append("unread")
        if cell.recovered:
            got.append("recovered")
        if cell.picture is not None:
            got.append("picture")
    order = {name: i for i, (name, _, _) in enumerate(MARKS)}
    for got in marks.values():
        if "error" in got and "warning" in got:
            got.remove("warning")
        got.sort(key=order.__getitem__)
    return marks


def _table(
    anchor: str,
    table: int,
    edition: Edition,
    records: dict[str, Cell],
    marks: dict[str, list[str]],
    findings: Sequence[Diagnostic],
) -> str:
    prefix = f"t{table}."
    named = [
        d
        for d in findings
        if d.severity is not Severity.INFO and any(a.startswith(prefix) for a in d.addresses)
    ]
    note_ids: dict[str, list[str]] = {}
    for k, d in enumerate(named, 1):
        for address in d.addresses:
            note_ids.setdefault(address, []).append(f"{anchor}-t{table}-f{k}")
    rows_html = []
    for row in printed(table, edition):
        cells = "".join(_printed_cell(anchor, p, records, marks, note_ids, named) for p in row)
        rows_html.append(f"<tr>{cells}</tr>")
    caption = f"表{NUMERALS[table - 1]} {_TABLE_NAMES[table]}"
    parts = [
        f'<figure class="table" id="{anchor}-t{table}"><table class="template">'
        f"<caption>{escape(caption)}</caption><tbody>{''.join(rows_html)}</tbody></table>"
    ]
    if named:
        items = []
        for k, d in enumerate(named, 1):
            links = ", ".join(
                f'<a href="#{anchor}-{escape(a)}"><code>{escape(a)}</code></a>'
                for a in d.addresses
                if a.startswith(prefix)
            )
            severity = d.severity.value
            items.append(
                f'<li id="{anchor}-t{table}-f{k}" class="{severity}">'
                f'<span class="icon" aria-hidden="true">{_ICON[severity]}</span> '
                f"<strong>{severity}</strong> <code>{escape(d.code)}</code>: "
                f'{escape(d.message)} <span class="cells">({links})</span></li>'
            )
        parts.append(f'<ol class="findings">{"".join(items)}</ol>')
    parts.append(_sources(table, records))
    parts.append("</figure>")
    return "".join(parts)


def _printed_cell(
    anchor: str,
    p: Printed,
    records: dict[str, Cell],
    marks: dict[str, list[str]],
    note_ids: dict[str, list[str]],
    named: Sequence[Diagnostic],
) -> str:
    spans = (f' rowspan="{p.rowspan}"' if p.rowspan > 1 else "") + (
        f' colspan="{p.colspan}"' if p.colspan > 1 else ""
    )
    if p.kind == HEAD:
        scope = ' scope="colgroup"' if p.colspan > 1 else ' scope="col"'
        return f"<th{scope}{spans}>{escape(p.text)}</th>"
    if p.kind == LABEL:
        scope = ' scope="rowgroup"' if p.rowspan > 1 else ' scope="row"'
        return f'<th class="label"{scope}{spans}>{escape(p.text)}</th>'
    address = p.address or ""
    cell = records.get(address)
    got = marks.get(address, [])
    value = "" if cell is None or cell.value is None else str(cell.value)
    shown = escape(value) if value else ("?" if "unread" in got else "")
    icons = "".join(f'<span class="icon" aria-hidden="true">{_ICON[name]}</span>' for name in got)
    words = "".join(f'<span class="sr">{escape(_WORD[name])}</span>' for name in got)
    tip = [address]
    if cell is not None:
        tip.append(f"raw {cell.raw!r}")
        if cell.line is not None:
            tip.append(f"line {cell.line}")
        if cell.recovered:
            tip.append(f"recovered by {cell.recovered}")
        if cell.picture is not None:
            box = ",".join(map(str, cell.picture.box))
            tip.append(f"picture {cell.picture.image} box {box}")
    for d in named:
        if address in d.addresses:
            tip.append(f"{d.severity.value} {d.code}: {d.message}")
    classes = " ".join(["cell", *got])
    focus = ' tabindex="0"' if got else ""
    described = note_ids.get(address)
    aria = f' aria-describedby="{" ".join(described)}"' if described else ""
    return (
        f'<td class="{classes}" id="{anchor}-{escape(address)}" data-address="{escape(address)}"'
        f'{spans}{focus}{aria} title="{escape(" · ".join(tip))}">'
        f'<span class="value">{shown}</span>{icons}{words}</td>'
    )


def _sources(table: int, records: dict[str, Cell]) -> str:
    """Where each cell of a table stood: shown on demand."""
    prefix = f"t{table}."
    rows = []
    for address, cell in records.items():
        if not address.startswith(prefix):
            continue
        where = "" if cell.line is None else f"line {cell.line}, offset {cell.offset}"
        if cell.picture is not None:
            box = ",".join(map(str, cell.picture.box))
            page = "" if cell.picture.page is None else f" page {cell.picture.page}"
            where += f" (picture {cell.picture.image}{page}, box {box})"
        rows.append(
            f'<tr><th scope="row"><code>{escape(address)}</code></th>'
            f"<td>{escape(cell.raw)}</td><td>{escape(str(cell.kind))}</td>"
            f"<td>{escape(where)}</td><td>{escape(cell.recovered or '')}</td></tr>"
        )
    return (
        '<details class="sources"><summary>来源 Where each cell stood</summary>'
        '<table><thead><tr><th scope="col">address</th><th scope="col">raw</th>'
        '<th scope="col">kind</th><th scope="col">source</th><th scope="col">recovered</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></details>"
    )


def _diagnostics(anchor: str, diagnostics: Sequence[Diagnostic]) -> str:
    if not diagnostics:
        return "<p>The parser noticed nothing.</p>"
    items = "".join(
        f'<li class="{d.severity.value}"><strong>{d.severity.value}</strong> '
        f"<code>{escape(d.code)}</code>: {escape(d.message)}"
        + ("" if d.location is None else f" <small>(line {d.location.line})</small>")
        + "</li>"
        for d in diagnostics
    )
    urgent = any(d.severity is Severity.ERROR for d in diagnostics)
    return (
        f'<details class="diagnostics" id="{anchor}-diagnostics"{" open" if urgent else ""}>'
        f"<summary>解析说明 What the parser noticed ({len(diagnostics)})</summary>"
        f"<ul>{items}</ul></details>"
    )


def _series(items: Sequence[ParseResult]) -> str:
    """Cross-year findings for each organ, over each run of consecutive years (a year
    met twice counts once: the first file of it)."""
    by_organ: dict[str, dict[int, Report]] = {}
    for item in items:
        report = item.report
        if report is not None and report.agency and report.year:
            by_organ.setdefault(report.agency, {}).setdefault(report.year, report)
    parts = []
    for organ, by_year in sorted(by_organ.items()):
        for run in _runs(sorted(by_year)):
            if len(run) < 2:
                continue
            findings = check_series([by_year[year] for year in run])
            shown = [d for d in findings if d.severity is not Severity.INFO]
            listed = "".join(
                f'<li class="{d.severity.value}"><span class="icon" aria-hidden="true">'
                f"{_ICON[d.severity.value]}</span> <code>{escape(d.code)}</code>: "
                f"{escape(d.message)}</li>"
                for d in shown
            )
            parts.append(
                f"<h3>{escape(organ)} ({run[0]}–{run[-1]})</h3>"
                f"<ul>{listed or '<li>No cross-year finding.</li>'}</ul>"
            )
    if not parts:
        return ""
    return f'<section id="series"><h2>跨年度 Across years</h2>{"".join(parts)}</section>\n'


def _runs(years: list[int]) -> list[list[int]]:
    """Sorted years in runs of consecutive ones: [2019, 2020, 2022] -> [[2019, 2020], [2022]]."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif;
  margin: 1.5em; color: #111; background: #fff; line-height: 1.4; }}
h1 {{ font-size: 1.5em; }} h2 {{ font-size: 1.25em; margin-top: 2em; }}
table {{ border-collapse: collapse; margin: .5em 0; }}
th, td {{ border: 1px solid #777; padding: .2em .4em; vertical-align: middle; }}
caption {{ text-align: left; font-weight: bold; padding: .3em 0; }}
.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
table.template td {{ text-align: right; min-width: 3.2em; font-variant-numeric: tabular-nums; }}
table.template th {{ background: #f3f3f3; font-weight: normal; }}
table.template th.label {{ text-align: left; background: #fafafa; }}
.cell .icon {{ margin-left: .25em; font-size: .85em; }}
.cell.error {{ background: #ffb3b3; outline: 2px solid #c00000; outline-offset: -2px; }}
.cell.warning {{ background: #ffe08a; outline: 2px dashed #a06000; outline-offset: -2px; }}
.cell.unread {{ background: repeating-linear-gradient(45deg,
  #e6e6e6, #e6e6e6 4px, #fff 4px, #fff 8px); }}
.cell.recovered {{ color: #0645ad; font-style: italic; }}
.cell.picture {{ box-shadow: inset 0 0 0 2px #7a3fb0; }}
.cell[tabindex]:focus {{ outline: 3px solid #000; position: relative; }}
.cell[tabindex]:focus::after {{ content: attr(title); position: absolute; left: 0; top: 100%;
  z-index: 2; width: 28em; white-space: normal; text-align: left; font-style: normal;
  background: #fff; color: #111; border: 1px solid #333; padding: .4em; }}
.sr {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }}
.legend ul {{ list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5em 1.5em; }}
.legend .cell {{ display: inline-block; border: 1px solid #777; padding: .1em .4em; }}
.findings li.error, .diagnostics li.error {{ color: #900; }}
.findings li.warning {{ color: #7a4a00; }}
tr.attention th, tr.attention td {{ background: #fff1f1; }}
.status.failed {{ color: #900; font-weight: bold; }}
th button {{ font: inherit; background: none; border: 0; padding: 0; cursor: pointer; }}
details {{ margin: .3em 0 1em; }}
figure.table {{ margin: 1em 0 2em; }}
@media print {{ th button {{ cursor: auto; }} details {{ display: block; }}
  section.report {{ page-break-before: always; }} }}
</style>
</head>
<body>
"""

# Sorting the overview by a column (the page reads the same without it).
_SCRIPT = """<script>
document.querySelectorAll("table.sortable th button").forEach(function (button, column) {
  button.addEventListener("click", function () {
    var table = button.closest("table"), body = table.tBodies[0];
    var numeric = button.parentNode.dataset.sort === "num";
    var up = button.dataset.up !== "1"; button.dataset.up = up ? "1" : "0";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
      var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh");
      return up ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
</script>
"""
