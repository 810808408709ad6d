"""The HTML reader: a web page to blocks, with the standard library's parser.

Two passes, both linear:

1. ``_TreeBuilder`` turns the markup into a light tree of elements and text pieces,
   each piece with its offset in the source (entities are pieces of their own, so the
   offsets of the text around them stay exact).  It is forgiving the way browsers are:
   an end tag with no open element is ignored, ``<td>``/``<tr>``/``<p>``/``<li>`` close
   their open siblings (a page may omit ``</td></tr>``), ``</table>`` closes what its
   table left open, and nesting deeper than ``MAX_DEPTH`` is flattened (so no walk can
   recurse without end and no end tag scans an unbounded stack).  Scripts, styles, the
   ``<head>`` (but for its ``<title>``), form controls and elements hidden with
   ``display:none`` are dropped here.
2. ``_Walker`` renders the tree through a ``Writer``: block elements end a paragraph;
   a table with no table inside it is a grid of data, a row per ``<tr>`` and a cell
   per ``<td>``/``<th>`` (merged cells stay one cell: table assembly reads rows as a
   stream, so a label spanning 22 rows is read once, as a text extraction would give
   it); a table holding other tables is page layout, and its cells are read as
   containers.  ``<br>`` and paragraphs inside a cell are line breaks in the cell;
   ``&nbsp;`` is a space, so a cell holding only one is blank; ``<img>`` is an image
   placeholder.

A paragraph that is nothing but a link (a menu item, a list of related reports) is page
furniture and left out; the rest of the furniture (breadcrumbs, footers) stays in the
text, as it would in a copy of the page: the outline finds the report's title and
headings among it.
"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

import regex

from ._blocks import Document, Piece, Writer, line_starts

# Nesting deeper than this is flattened into the element at this depth; the parts of
# a table may go a little deeper, so that a table deep in a page keeps its rows.
MAX_DEPTH = 200
_TABLE_DEPTH = 40
_TABLE_PARTS = frozenset(("table", "thead", "tbody", "tfoot", "tr", "td", "th"))

# fmt: off
_VOID = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
))
# Elements whose content is not text of the page.
_DROP = frozenset((
    "script", "style", "noscript", "template", "head", "title", "select", "option",
    "button", "textarea", "svg", "iframe", "object", "canvas", "map", "audio", "video",
    "xml",
))
# Elements that end the paragraph before them and start a new one.
_BLOCK = frozenset((
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
))
# fmt: on
# Opening one of these closes the open elements it names, up to (not past) the elements
# it is scoped by: a new row closes the open row and its cell, not an enclosing table.
_IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "td": (frozenset(("td", "th")), frozenset(("tr", "table"))),
    "th": (frozenset(("td", "th")), frozenset(("tr", "table"))),
    "tr": (frozenset(("tr",)), frozenset(("table",))),
    "tbody": (frozenset(("tr", "thead", "tbody", "tfoot")), frozenset(("table",))),
    "li": (frozenset(("li",)), frozenset(("ul", "ol", "table"))),
    "p": (frozenset(("p",)), frozenset(("td", "th", "table", "div", "li", "body"))),
    "dt": (frozenset(("dt", "dd")), frozenset(("dl", "table"))),
    "dd": (frozenset(("dt", "dd")), frozenset(("dl", "table"))),
}
_IMPLIED["thead"] = _IMPLIED["tfoot"] = _IMPLIED["tbody"]
# Elements an end tag of another element does not close ("</p>" leaves a cell open).
_SCOPE = frozenset(("table", "td", "th", "body", "html", "ul", "ol", "dl"))
_HIDDEN = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)


class _Element:
    __slots__ = ("at", "attrs", "children", "layout", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], at: int) -> None:
        self.tag = tag
        self.attrs = attrs
        self.at = at  # offset of the start tag in the source
        self.children: list[_Element | Piece] = []
        self.layout = False  # a table with a table inside: page layout, not data


class _TreeBuilder(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.root = _Element("#root", {}, 0)
        self._stack = [self.root]
        self._drop = 0  # depth inside dropped elements
        self.title: list[Piece] = []  # the page's <title>, though the <head> is dropped
        self._in_title = False
        self._starts = line_starts(source)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._starts[line - 1] + column if line <= len(self._starts) else 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = not self.title
        if self._drop:
            if tag not in _VOID:
                self._drop += 1
            return
        values = {k: v or "" for k, v in attrs}
        if tag in _DROP or _HIDDEN.search(values.get("style", "")):
            if tag not in _VOID:
                self._drop = 1
            return
        implied = _IMPLIED.get(tag)
        if implied is not None:
            self._close_implied(*implied)
        element = _Element(tag, values, self._offset())
        stack = self._stack
        if tag == "table":
            for open_element in stack:
                if open_element.tag == "table":
                    open_element.layout = True
        stack[-1].children.append(element)
        depth = len(stack)
        if tag not in _VOID and (
            depth < MAX_DEPTH or (tag in _TABLE_PARTS and depth < MAX_DEPTH + _TABLE_DEPTH)
        ):
            stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """``<x/>``: an element with no content, which opens nothing."""
        if self._drop or tag in _DROP:
            return
        values = {k: v or "" for k, v in attrs}
        if not _HIDDEN.search(values.get("style", "")):
            self._stack[-1].children.append(_Element(tag, values, self._offset()))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._drop:
            self._drop -= 1  # markup inside dropped elements is not matched, only counted
            return
        stack = self._stack
        for i in range(len(stack) - 1, 0, -1):
            name = stack[i].tag
            if name == tag:
                del stack[i:]
                return
            if name in _SCOPE and tag not in _SCOPE:
                return  # "</p>" does not close a table cell

    def _close_implied(self, closes: frozenset[str], scope: frozenset[str]) -> None:
        stack = self._stack
        for i in range(len(stack) - 1, 0, -1):
            name = stack[i].tag
            if name in closes:
                del stack[i:]
                return
            if name in scope:
                return

    def handle_data(self, data: str) -> None:
        self._text(data)

    def handle_entityref(self, name: str) -> None:
        self._text(unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._text(unescape(f"&#{name};"))

    def _text(self, text: str) -> None:
        if self._in_title:
            self.title.append((text, self._offset()))
        elif not self._drop:
            self._stack[-1].children.append((text, self._offset()))

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![…]>``: the standard parser asserts on the unknown kinds; skip them."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return len(self.rawdata) if end < 0 else end + 1


def read_html(source: str) -> Document:
    """Blocks of an HTML page.  Linear in the length of the markup; never raises."""
    builder = _TreeBuilder(source)
    builder.feed(source)
    builder.close()
    writer = Writer(source)
    # The page's <title> first: the title over the body, nearer the headings, wins.
    writer.paragraph(builder.title)
    _Walker(writer).block(builder.root)
    return writer.document()


class _Walker:
    """Renders the tree: paragraphs, grids and images through the writer."""

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.pieces: list[Piece] = []  # the paragraph being gathered
        self.links = 0  # depth inside <a href>
        self.unlinked = False  # whether the paragraph has words outside a link

    def flush(self) -> None:
        # A paragraph that is a link and nothing else is page furniture: a menu item,
        # a "related reports" entry (whose other year would look like a conflict).
        if self.pieces and self.unlinked:
            self.writer.paragraph(self.pieces)
        self.pieces = []
        self.unlinked = False

    def block(self, element: _Element) -> None:
        for child in element.children:
            if type(child) is tuple:
                self.pieces.append(child)
                if not self.links and not child[0].isspace():
                    self.unlinked = True
                continue
            assert isinstance(child, _Element)
            tag = child.tag
            if tag == "img":
                self.flush()
                self.writer.image(_image_name(child), child.at)
            elif tag == "br":
                self.flush()
            elif tag == "table" and not child.layout:
                self.flush()
                self.grid(child)
            elif tag in _BLOCK:
                self.flush()
                links, self.links = self.links, 0  # a block inside a link is content
                self.block(child)
                self.flush()
                self.links = links
            elif tag == "a" and "href" in child.attrs:
                self.links += 1
                self.block(child)
                self.links -= 1
            else:
                self.block(child)  # inline: its text joins the paragraph

    def grid(self, table: _Element) -> None:
        images: list[_Element] = []
        for row in _rows(table):
            cells: list[list[Piece]] = []
            for cell in row.children:
                if isinstance(cell, _Element) and cell.tag in ("td", "th"):
                    pieces: list[Piece] = [("", cell.at)]  # an empty cell stands here
                    _cell_text(cell, pieces, images)
                    cells.append(pieces)
            self.writer.grid_row(cells, row.at)
            for image in images:
                self.writer.image(_image_name(image), image.at)
            images.clear()


def _rows(table: _Element) -> list[_Element]:
    """The table's rows, in order, through thead/tbody/tfoot."""
    rows: list[_Element] = []
    for child in table.children:
        if isinstance(child, _Element):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows.extend(c for c in child.children if isinstance(c, _Element) and c.tag == "tr")
    return rows


def _cell_text(element: _Element, pieces: list[Piece], images: list[_Element]) -> None:
    for child in element.children:
        if type(child) is tuple:
            pieces.append(child)
            continue
        assert isinstance(child, _Element)
        if child.tag == "img":
            images.append(child)
        elif child.tag == "br":
            pieces.append(("\n", child.at))
        elif child.tag in _BLOCK:
            if pieces and pieces[-1][0] != "\n":
                pieces.append(("\n", child.at))
            _cell_text(child, pieces, images)
        else:
            _cell_text(child, pieces, images)


def _image_name(image: _Element) -> str:
    name = image.attrs.get("alt") or image.attrs.get("title") or ""
    if not name.strip():
        name = image.attrs.get("src", "").rsplit("/", 1)[-1]
    return name.strip()[:200] or "image"
