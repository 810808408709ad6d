"""Consistent reports rendered as the markup they are published in: a web page (HTML,
with site chrome and Word-pasted tables) and a Word file (DOCX, built here with zipfile:
no python-docx needed).

Both use the table items of ``render`` (the same rows, labels and values as the text
layouts) and draw their quirks from the ``rng`` given:

- HTML: merged label cells (``rowspan``/``colspan``), labels broken by ``<br>`` and
  split over ``<span>``s, a number split over two ``<span>``s, zeros left blank as
  ``&nbsp;``/``<o:p></o:p>``/nothing, a page with navigation, breadcrumbs, a sidebar of
  other reports, scripts and styles holding words of the template.
- DOCX: ``w:gridSpan`` and ``w:vMerge`` merged cells, labels broken by ``w:br``, text
  split over runs, blank zeros.

``image_table`` replaces one table by a picture, as published reports sometimes do.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Mapping, Sequence
from html import escape

from render import (
    DEFAULT_AGENCY,
    HEADINGS,
    Data,
    Header,
    Item,
    Value,
    _preamble,
    _table2_items,
    _table3_items,
    _table4_items,
)

_PROSE = {
    1: "本机关认真贯彻落实政府信息公开条例，持续推进决策、执行、管理、服务、结果公开。",
    5: "主要问题是公开内容的深度和广度还不够，下一步将加强业务培训。",
    6: "本年度未收取信息处理费，无其他需要报告的事项。",
}


def _items(values: Mapping[str, Value], edition: str, rng: random.Random) -> dict[int, list[Item]]:
    return {
        2: _table2_items(values, edition),
        3: _table3_items(values, edition, note=rng.random() < 0.5),
        4: _table4_items(values),
    }


def _number_text(value: Value, rng: random.Random, blanks: tuple[str, ...]) -> str:
    if value == 0 and rng.random() < 0.4:
        return rng.choice(blanks)
    return str(value)


# ====================================================================== HTML


def _html_label(text: str, rng: random.Random) -> str:
    """A label as Word pastes it: split over spans, maybe broken by <br>."""
    if len(text) > 3 and rng.random() < 0.3:
        cut = rng.randint(1, len(text) - 1)
        return f"{escape(text[:cut])}<br>{escape(text[cut:])}"
    if len(text) > 2 and rng.random() < 0.5:
        cut = rng.randint(1, len(text) - 1)
        return (
            f'<span style="font-family:仿宋_GB2312">{escape(text[:cut])}</span>'
            f'<span lang="EN-US">{escape(text[cut:])}</span>'
        )
    return escape(text)


def _html_number(value: Value, rng: random.Random) -> str:
    text = _number_text(value, rng, ("&nbsp;", "<o:p></o:p>", "", "<p><o:p>&nbsp;</o:p></p>"))
    if len(text) > 1 and text.isdigit() and rng.random() < 0.3:
        return f"<span>{text[0]}</span><span>{text[1:]}</span>"  # one number, two runs
    return text


def _html_rows(items: list[Item], rng: random.Random) -> list[str]:
    """Rows of one table; a spanning group label gets a rowspan over its rows."""
    rows: list[str] = []
    spans: dict[int, int] = {}  # row of a group label -> how many rows it spans
    open_groups: list[tuple[int, str]] = []
    for item in items:
        if isinstance(item, Header):
            cells = "".join(
                f'<td colspan="{rng.choice((1, 2))}"><p>{_html_label(c, rng)}</p></td>'
                for c in item.cells
            )
            rows.append(f"<tr>{cells}</tr>")
            continue
        assert isinstance(item, Data)
        # "三、本年度办理结果" spans the result rows; a （…） group its numbered rows.
        if item.label.startswith("四、"):
            open_groups = []
        elif item.groups or item.label.startswith("（"):
            open_groups = [g for g in open_groups if g[1].startswith("三、")]
        opened = ""
        for group in item.groups:
            open_groups.append((len(rows), group))
            opened += f'<td rowspan="@{len(rows)}@">{_html_label(group, rng)}</td>'
        for index, _ in open_groups:
            spans[index] = spans.get(index, 0) + 1
        label = f"<td>{_html_label(item.label, rng)}</td>" if item.label else ""
        numbers = "".join(f"<td>{_html_number(v, rng)}</td>" for v in item.values)
        rows.append(f"<tr>{opened}{label}{numbers}</tr>")
    html = "\n".join(rows)
    for index, count in spans.items():  # the spans are known once every row is written
        html = html.replace(f'"@{index}@"', f'"{count}"')
    return [html]


def render_html(
    values: Mapping[str, Value],
    edition: str,
    rng: random.Random,
    *,
    agency: str = DEFAULT_AGENCY,
    year: int = 2023,
    charset: str = "utf-8",
    image_table: int | None = None,
) -> str:
    """A whole web page: chrome around the report, tables 二/三/四 as HTML tables."""
    tables = _items(values, edition, rng)
    title = f"{agency}{year}年政府信息公开工作年度报告"
    body: list[str] = [
        f'<div class="article_title">{title}</div>',
        f"<p>{_preamble(year)}</p>",
    ]
    for number, heading in enumerate(HEADINGS, 1):
        body.append(f'<p style="text-indent:2em"><strong>{heading}</strong></p>')
        if number == image_table:
            body.append(f'<p><img src="/upload/{number}.png" alt="表{number}"></p>')
        elif number in tables:
            rows = _html_rows(tables[number], rng)
            body.append('<table border="1" cellspacing="0"><tbody>' + "".join(rows))
            body.append("</tbody></table>")
        else:
            body.append(f"<p>{_PROSE[number]}</p>")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            "<html><head>",
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
            f"<title>{title}_政府信息公开年报_示例县人民政府</title>",
            "<style>.nav li { float: left } /* 一、总体情况 */</style>",
            "<script>var menu = ['一、总体情况', '三、收到和处理政府信息公开申请情况'];</script>",
            "</head><body>",
            '<div class="header"><img src="/logo.png" alt="示例县人民政府"><ul class="nav">',
            "<li><a href='/'>首页</a></li><li><a href='/zwgk'>政务公开</a></li></ul></div>",
            '<div class="sidebar" style="float:right"><h3>相关文章</h3><ul>',
            f"<li><a href='#'>{agency}{year - 1}年政府信息公开工作年度报告</a></li></ul></div>",
            '<div style="display:none">三、收到和处理政府信息公开申请情况 99 99</div>',
            "<div class='crumbs'>当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>",
            '<div class="article">',
            *body,
            "</div>",
            "<div class='footer'><p>主办单位：示例县人民政府办公室</p>",
            "<p>网站标识码：0000000000</p>",
            "<script>document.write('四、政府信息公开行政复议、行政诉讼情况')</script></div>",
            "</body></html>",
        ]
    )


# ====================================================================== DOCX

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _runs(text: str, rng: random.Random, *, breaks: bool = False) -> str:
    """Text as Word stores it: one or more runs; a label may have a line break inside."""
    if breaks and len(text) > 3 and rng.random() < 0.3:
        cut = rng.randint(1, len(text) - 1)
        return f"<w:r><w:t>{escape(text[:cut])}</w:t><w:br/><w:t>{escape(text[cut:])}</w:t></w:r>"
    if len(text) > 1 and rng.random() < 0.4:
        cut = rng.randint(1, len(text) - 1)
        return (
            f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>{escape(text[:cut])}</w:t>'
            f'</w:r><w:r><w:t xml:space="preserve">{escape(text[cut:])}</w:t></w:r>'
        )
    return f"<w:r><w:t>{escape(text)}</w:t></w:r>"


def _docx_paragraph(text: str, rng: random.Random, *, breaks: bool = False) -> str:
    return f"<w:p>{_runs(text, rng, breaks=breaks) if text else ''}</w:p>"


def _tc(content: str, *, span: int = 1, merge: str | None = None) -> str:
    properties = ""
    if span > 1:
        properties += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        properties += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        properties += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def _docx_table(items: list[Item], rng: random.Random) -> str:
    """A table whose group labels are vertically merged cells, as Word writes them:
    the first row holds the text (``restart``), the rows below an empty ``continue``."""
    rows: list[str] = []
    open_groups: list[str] = []  # group labels whose merge runs down the rows below
    for item in items:
        if isinstance(item, Header):
            cells = "".join(
                _tc(_docx_paragraph(c, rng, breaks=True), span=rng.choice((1, 2)))
                for c in item.cells
            )
            rows.append(f"<w:tr>{cells}</w:tr>")
            continue
        assert isinstance(item, Data)
        cells = ""
        if item.groups:
            open_groups = list(item.groups)
            cells += "".join(
                _tc(_docx_paragraph(g, rng, breaks=True), merge="restart") for g in item.groups
            )
        elif open_groups and item.label:
            cells += "".join(_tc("", merge="continue") for _ in open_groups)
        if item.label:
            cells += _tc(_docx_paragraph(item.label, rng, breaks=True))
        for value in item.values:
            text = _number_text(value, rng, ("", "\u3000"))
            cells += _tc(_docx_paragraph(text, rng))
        rows.append(f"<w:tr>{cells}</w:tr>")
    return f"<w:tbl><w:tblPr/>{''.join(rows)}</w:tbl>"


def _picture(name: str, rid: str | None = None) -> str:
    blip = (
        ""
        if rid is None
        else '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/'
        '2006/picture"><pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships" r:embed="{rid}"/></pic:blipFill></pic:pic>'
        "</a:graphicData></a:graphic>"
    )
    return (
        f'<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="图片 1" descr="{name}"/>'
        f"{blip}</wp:inline></w:drawing></w:r></w:p>"
    )


def _relationships(targets: Mapping[str, str]) -> bytes:
    rels = "".join(
        f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/image" Target="{target}"/>'
        for rid, target in targets.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
        f'"http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
    ).encode()


def render_docx(
    values: Mapping[str, Value],
    edition: str,
    rng: random.Random,
    *,
    agency: str = DEFAULT_AGENCY,
    year: int = 2023,
    image_table: int | None = None,
    pictures: Mapping[int, bytes | Sequence[bytes]] | None = None,
) -> bytes:
    """A whole report as a DOCX file.  ``image_table``: that section's table is a
    picture with no file; ``pictures``: those sections' tables are these picture files
    (PNG or JPEG bytes; several for a table split over pictures), embedded as Word embeds
    a pasted screenshot."""
    tables = _items(values, edition, rng)
    pictures = pictures or {}
    media: dict[str, bytes] = {}
    targets: dict[str, str] = {}
    body = [
        _docx_paragraph(f"{agency}{year}年政府信息公开工作年度报告", rng),
        _docx_paragraph(_preamble(year), rng),
    ]
    for number, heading in enumerate(HEADINGS, 1):
        body.append(_docx_paragraph(heading, rng))
        if number == image_table:
            body.append(_picture(f"表{number}"))
        elif number in pictures:
            given = pictures[number]
            parts = [given] if isinstance(given, bytes) else given
            for k, data in enumerate(parts):
                suffix = "png" if data.startswith(b"\x89PNG") else "jpeg"
                key = f"{number}{'' if k == 0 else f'-{k + 1}'}"
                rid = f"rId{key}"
                targets[rid] = f"media/image{key}.{suffix}"
                media[f"word/media/image{key}.{suffix}"] = data
                body.append(_picture(f"图片{key}", rid))
        elif number in tables:
            body.append(_docx_table(tables[number], rng))
        else:
            body.append(_docx_paragraph(_PROSE[number], rng))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W_NS}" xmlns:wp="{_WP_NS}"><w:body>'
        + "".join(body)
        + "<w:sectPr/></w:body></w:document>"
    )
    if targets:
        media["word/_rels/document.xml.rels"] = _relationships(targets)
    return docx_bytes(document, media)


def docx_bytes(document_xml: str | bytes, extra: Mapping[str, bytes] | None = None) -> bytes:
    """A DOCX archive around the given word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


# ====================================================================== flattened page


def render_flat(
    values: Mapping[str, Value],
    edition: str,
    rng: random.Random,
    *,
    agency: str = DEFAULT_AGENCY,
    year: int = 2023,
    split_number: bool = False,
) -> str:
    """A page as a crawler flattens it: a header line, then the whole report on one
    line, labels and numbers run together, each table row's cells one run of digits
    (table 四's fifteen cells one run).  ``split_number`` instead keeps the cells apart
    (tab-separated rows) and splits one number of table 三 in two, as PDF extraction
    sometimes does."""
    tables = _items(values, edition, rng)
    parts = [f"本报告根据条例编制。{_preamble(year)}"]
    for number, heading in enumerate(HEADINGS, 1):
        parts.append(heading)
        if number not in tables:
            parts.append(_PROSE[number])
            continue
        for item in tables[number]:
            if isinstance(item, Header):
                parts.append("".join(item.cells))
            else:
                parts.append("".join(item.groups) + item.label)
                parts.append("".join(str(v) for v in item.values))
    if not split_number:
        return f"标题: {agency}{year}年政府信息公开工作年度报告\n" + "".join(parts) + "\n"
    lines = [f"{agency}{year}年政府信息公开工作年度报告", _preamble(year)]
    rows = [i for i, item in enumerate(tables[3]) if isinstance(item, Data)]
    target = rng.choice(rows)
    for number, heading in enumerate(HEADINGS, 1):
        lines.append(heading)
        if number not in tables:
            lines.append(_PROSE[number])
            continue
        for i, item in enumerate(tables[number]):
            if isinstance(item, Header):
                lines.append("\t".join(item.cells))
                continue
            cells = [str(v) for v in item.values]
            if number == 3 and i == target:
                long = [k for k, c in enumerate(cells) if len(c) > 1]
                if long:
                    k = rng.choice(long)
                    cut = rng.randint(1, len(cells[k]) - 1)
                    cells[k : k + 1] = [cells[k][:cut], cells[k][cut:]]
            lines.append("\t".join([*item.groups, item.label, *cells]))
    return "\n".join(lines) + "\n"
