"""The HTML reader: a web page to blocks.

Two passes, both linear:

1. ``_TreeBuilder`` turns the markup's events (``_read.html_tokens``: the events of
   the standard library's ``html.parser``, found at a fraction of its cost; a page
   holding a ``<![`` marked section is read by ``html.parser`` itself) into a light
   tree of the elements that shape the text (blocks, tables, links, images, line
   breaks) and text pieces, each piece with
   its offset in the source (entities are pieces of their own, so the offsets of the
   text around them stay exact).  Inline elements (``span``, ``font``, ``b`` …) shape
   nothing and make no node: their text joins their parent's.  It is forgiving the way
   browsers are: an end tag with no open element is ignored, ``<td>``/``<tr>``/``<p>``/
   ``<li>`` close their open siblings (a page may omit ``</td></tr>``), ``</table>``
   closes what its table left open, and nesting deeper than ``MAX_DEPTH`` is flattened
   (so no walk can recurse without end and no end tag scans an unbounded stack).
2. ``_Walker`` renders the tree through a ``Writer``: block elements end a paragraph;
   a table with no table inside it is a grid of data, a row per ``<tr>`` and a cell
   per ``<td>``/``<th>`` (merged cells stay one cell: table assembly reads rows as a
   stream, so a label spanning 22 rows is read once, as a text extraction would give
   it); a table holding other tables is page layout, and its cells are read as
   containers.  ``<br>`` and paragraphs inside a cell are line breaks in the cell;
   ``&nbsp;`` is a space, so a cell holding only one is blank; ``<img>`` is an image
   placeholder.

Skipped content: scripts, styles, the ``<title>`` (kept apart, as the first
paragraph), form controls, ``svg``, ``noscript``, ``iframe`` and elements hidden with
``display:none``.  A skip ends at the element's own end tag, at a start tag that ends
it by HTML's implied-end rules (a hidden ``<li>`` ends at the next ``<li>``), or at the
end tag of an element open around it — so a menu's ``<option>`` without its optional
``</option>`` costs nothing after its ``</select>``.  An element with no end tag
anywhere after it is not skipped but read as text of the page, with a
``READ-HTML-UNCLOSED`` warning; and if a skip still runs to the end of the document,
the page is read again without that skip, and says so.  A page whose markup holds a
report's words while its body gives no text at all (a page built by a script) is a
``READ-HTML-EMPTY`` error, never a silent empty report.

The standard library's parser re-scans the rest of the input at each unterminated
``<!--``, ``</``, ``<?`` or ``<x`` (quadratic on some Python versions): every such
construct stands after the last ``>`` of the page, so that tail is read as text and
never given to either parser.

A paragraph that is nothing but a link (a menu item, a list of related reports) is page
furniture and left out; the rest of the furniture (breadcrumbs, footers) stays in the
text, as it would in a copy of the page: the outline finds the report's title and
headings among it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser
from typing import Any

import regex

from .._core.codes import diagnostic
from .._core.limits import DEFAULT_LIMITS, Limits, over
from .._core.model import Diagnostic, Location
from .blocks import Document, MergedValues, Piece, Writer, line_starts
from .html_tokens import CDATA_CONTENT_ELEMENTS, Attrs, Sink, scan

# Nesting deeper than this is flattened into the element at this depth; the parts of
# a table may go a little deeper, so that a table deep in a page keeps its rows.
MAX_DEPTH = 200
_TABLE_DEPTH = 40
_TABLE_PARTS = frozenset(("table", "thead", "tbody", "tfoot", "tr", "td", "th"))
# A page is read again without a skip that ran to its end at most this many times;
# then with no skipping at all (so reading stays linear).
_RETRIES = 2
# Elements with no end tag said one by one, at most; a hostile page may hold many.
_MAX_SAID = 20

# fmt: off
_VOID = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
))
# Elements whose content is not text of the page.  (An <option> is skipped with its
# <select>; outside one, browsers show its text, and so is it read.)
_SKIP = frozenset((
    "script", "style", "noscript", "template", "title", "select", "button", "textarea",
    "svg", "math", "iframe", "object", "canvas", "map", "audio", "video", "xml",
))
# Elements that end the paragraph before them and start a new one.
_BLOCK = frozenset((
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
))
# fmt: on
# The elements that make a node of the tree; any other element (inline or unknown) is
# transparent: its text joins its parent's.  A link counts only with an href.
_NODES = _BLOCK | {"img", "br", "a"}
# The attributes the walker reads, per element; the others are not kept.
_KEPT = {"a": ("href",), "img": ("alt", "title", "src"), "td": ("colspan", "rowspan")}
_KEPT["th"] = _KEPT["td"]
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
    "option": (frozenset(("option",)), frozenset(("select",))),
    "optgroup": (frozenset(("option", "optgroup")), frozenset(("select",))),
}
_IMPLIED["thead"] = _IMPLIED["tfoot"] = _IMPLIED["tbody"]
# The start tags that end a skipped element by HTML's implied-end rules: those that
# close it above, and for a paragraph any block.
_ENDED_BY: dict[str, frozenset[str]] = {
    tag: frozenset(opener for opener, (closes, _) in _IMPLIED.items() if tag in closes)
    for tag in {t for closes, _ in _IMPLIED.values() for t in closes}
}
_ENDED_BY["p"] = _ENDED_BY["p"] | _BLOCK
# HTML's tags that break out of foreign content (an <svg> or <math> left open).
_ENDED_BY["svg"] = _ENDED_BY["math"] = frozenset(
    (
        *("b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt"),
        *("em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li"),
        *("listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span"),
        *("strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var"),
    )
)
# A skip that these end tags end has run to the end of the page.
_PAGE_ENDS = frozenset(("body", "html"))
# Elements an end tag of another element does not close ("</p>" leaves a cell open).
_SCOPE = frozenset(("table", "td", "th", "body", "html", "ul", "ol", "dl"))
_HIDDEN = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
# (The standard library's engine, with regex's \s spelt out: a third faster here.)
_END_TAG = re.compile(
    "</([A-Za-z][^\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000/>]{0,40})"
)
# Words only a report holds: a page with them and no text has lost its report.
_REPORT_WORDS = regex.compile(r"政府信息公[开開]|年度报告|年度報告|本年新收")


class _Element:
    __slots__ = ("at", "attrs", "children", "layout", "tag")

    def __init__(self, tag: str, attrs: dict[str, str] | None, at: int) -> None:
        self.tag = tag
        self.attrs = attrs  # only the attributes in _KEPT; None when there are none
        self.at = at  # offset of the start tag in the source
        # A list once the first child comes (many elements of a page have none).
        self.children: list[_Element | Piece] | tuple[()] = ()
        self.layout = False  # a table with a table inside: page layout, not data

    def attr(self, name: str) -> str | None:
        return None if self.attrs is None else self.attrs.get(name)


class _Skip:
    """An element being skipped, and the elements opened inside it (which its own end
    tags close before the skip can end)."""

    __slots__ = ("at", "inner", "tag", "title")

    def __init__(self, tag: str, at: int, title: bool) -> None:
        self.tag = tag
        self.at = at
        self.inner: list[str] = []
        self.title = title  # the page's <title>: its text is kept apart


class _TreeBuilder:
    """Builds the tree from the markup's events (``_read.html_tokens.Sink``), each
    with its offset in the source."""

    def __init__(self, source: str, keep: frozenset[int], skipping: bool) -> None:
        self.root = _Element("#root", None, 0)
        self._stack = [self.root]
        self._skip: _Skip | None = None
        self._keep = keep  # offsets of elements not to skip (a retry said so)
        self._skipping = skipping  # False: nothing is skipped
        self.title: list[Piece] = []  # the page's <title>, kept apart
        self.unclosed: list[tuple[str, int]] = []  # skippable elements read as text
        self._source = source
        self._last_end: dict[str, int] | None = None  # tag -> offset of its last end tag
        self._no_cdata = False  # read the next script's content as markup
        self._text_parts: list[str] = []  # text pending, contiguous in the source
        self._text_at = 0
        self._text_end = -1
        self._text_plain = True

    def _has_end_tag(self, tag: str, at: int) -> bool:
        """Whether an end tag of ``tag`` stands after ``at``.  The last end tag of each
        name is found in one pass over the page, the first time it is asked."""
        if self._last_end is None:
            last: dict[str, int] = {}
            for m in _END_TAG.finditer(self._source):
                last[m[1].lower()] = m.start()
            self._last_end = last
        return self._last_end.get(tag, -1) > at

    # ------------------------------------------------------------ tags

    @staticmethod
    def wants_attrs(tag: str, text: str) -> bool:
        """The attributes kept, or a style that may hide the element."""
        return tag in _KEPT or _may_hide(text)

    def start(self, tag: str, attrs: Attrs, at: int) -> None:
        if self._skip is not None and self._skip_start(tag):
            return
        hidden = bool(attrs) and _hidden(attrs)
        if (tag in _SKIP or hidden) and tag not in _VOID:
            if self._skipping and at not in self._keep and self._has_end_tag(tag, at):
                self._flush()
                self._skip = _Skip(tag, at, tag == "title" and not self.title)
                return
            if len(self.unclosed) < _MAX_SAID:
                self.unclosed.append((tag, at))
            # A script read as text: its content is markup, not raw up to an end tag.
            self._no_cdata = tag in CDATA_CONTENT_ELEMENTS
            return  # read as a transparent element: its text is text of the page
        if hidden or tag not in _NODES or (tag == "a" and not any(k == "href" for k, _ in attrs)):
            return  # an inline element: its text joins its parent's
        if self._text_parts:
            self._flush()
        implied = _IMPLIED.get(tag)
        if implied is not None:
            self._close_implied(*implied)
        element = _Element(tag, _kept(tag, attrs), at)
        stack = self._stack
        if tag == "table":
            for open_element in stack:
                if open_element.tag == "table":
                    open_element.layout = True
        parent = stack[-1]  # (``_append``, inline: a page has thousands of elements)
        if type(parent.children) is tuple:
            parent.children = []
        parent.children.append(element)  # type: ignore[union-attr]
        depth = len(stack)
        if tag not in _VOID and (
            depth < MAX_DEPTH or (tag in _TABLE_PARTS and depth < MAX_DEPTH + _TABLE_DEPTH)
        ):
            stack.append(element)

    def cdata(self, tag: str) -> bool:
        """Scripts and styles are read raw to their end tag, unless they have none."""
        if self._no_cdata:
            self._no_cdata = False
            return False
        return True

    def start_end(self, tag: str, attrs: Attrs, at: int) -> None:
        """``<x/>``: an element with no content, which opens nothing."""
        if self._skip is not None or tag in _SKIP or tag not in _NODES:
            return
        if not _hidden(attrs):
            self._flush()
            self._append(_Element(tag, _kept(tag, attrs), at))

    def _skip_start(self, tag: str) -> bool:
        """A start tag inside a skipped element: True if the skip takes it, False if
        it ends the skip (HTML's implied end: a hidden ``<li>`` ends at the next)."""
        skip = self._skip
        assert skip is not None
        if not skip.inner and tag in _ENDED_BY.get(skip.tag, ()):
            self._skip = None
            return False
        if tag not in _VOID and len(skip.inner) < MAX_DEPTH:
            skip.inner.append(tag)
        return True

    def end(self, tag: str) -> None:
        skip = self._skip
        if skip is not None:
            inner = skip.inner
            if tag in inner:
                del inner[len(inner) - 1 - inner[::-1].index(tag) :]
                return
            if tag == skip.tag:
                self._skip = None
                return
            if all(e.tag != tag for e in self._stack):
                return
            if tag in _PAGE_ENDS:
                return  # the skip runs to the end of the page: see skip_at_end
            self._skip = None  # an element open around the skipped one ends: so does it
        self._flush()
        if tag not in _NODES:
            return  # no element of it is open: inline elements make no node
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

    # ------------------------------------------------------------ text

    def data(self, text: str, at: int) -> None:
        self._text(text, at, len(text), plain=True)

    def entity(self, markup: str, at: int) -> None:
        # The markup of an entity may lack its ";" ("&nbsp" is read as "&nbsp;").
        end = at + len(markup)
        length = len(markup) + (self._source.startswith(";", end))
        self._text(unescape(markup + ";"), at, length, plain=False)

    def _text(self, text: str, at: int, length: int, plain: bool) -> None:
        """Text, as pieces: a run of plain text the parser gave in parts is one piece,
        and so is a run of entities; an entity and plain text are never one piece (the
        entity is shorter than its markup, so offsets after it would be off)."""
        skip = self._skip
        if skip is not None:
            if skip.title:
                self.title.append((text, at))
            return
        if at != self._text_end or plain != self._text_plain:
            self._flush()
            self._text_at, self._text_plain = at, plain
        self._text_parts.append(text)
        self._text_end = at + length  # where the next part must start to join this piece

    def _flush(self) -> None:
        if self._text_parts:
            parts = self._text_parts
            self._append((parts[0] if len(parts) == 1 else "".join(parts), self._text_at))
            self._text_parts = []
            self._text_end = -1

    def _append(self, child: _Element | Piece) -> None:
        parent = self._stack[-1]
        if type(parent.children) is tuple:
            parent.children = []
        parent.children.append(child)  # type: ignore[union-attr]

    def finish(self) -> None:
        """The end of the page: text still pending (after the last tag that ends a
        piece, "…3 件<span>") is written."""
        self._flush()

    def tail(self, text: str, at: int) -> None:
        """Text the parser was not given (after the page's last ``>``)."""
        self._text(text, at, len(text), plain=True)
        self._flush()

    def skip_at_end(self) -> int | None:
        """The offset of a skipped element still open at the end of the page."""
        return None if self._skip is None else self._skip.at

    def skipped_tag(self) -> str:
        return "" if self._skip is None else self._skip.tag


class _StdlibParser(HTMLParser):
    """The standard library's parser, giving its events to the tree builder (or any
    ``Sink``: tests compare it with ``_read.html_tokens``): for the pages the tokenizer
    does not follow (a ``<![`` marked section)."""

    def __init__(self, source: str, builder: Sink) -> None:
        super().__init__(convert_charrefs=False)
        self.builder = builder
        self._starts = line_starts(source)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._starts[line - 1] + column if line <= len(self._starts) else 0

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        self.builder.start(tag, attrs, self._offset())

    def handle_startendtag(self, tag: str, attrs: Attrs) -> None:
        self.builder.start_end(tag, attrs, self._offset())

    def handle_endtag(self, tag: str) -> None:
        self.builder.end(tag)

    def set_cdata_mode(self, *args: Any, **kwargs: Any) -> None:
        if self.builder.cdata(args[0] if args else kwargs["elem"]):
            super().set_cdata_mode(*args, **kwargs)

    def handle_data(self, data: str) -> None:
        self.builder.data(data, self._offset())

    def handle_entityref(self, name: str) -> None:
        self.builder.entity(f"&{name}", self._offset())

    def handle_charref(self, name: str) -> None:
        self.builder.entity(f"&#{name}", self._offset())

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![…]>``: the standard parser asserts on the unknown kinds; skip them."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return len(self.rawdata) if end < 0 else end + 1


def _hidden(attrs: Attrs) -> bool:
    """Whether an element's first style that says anything hides it."""
    style = next((v for k, v in attrs if k == "style" and v), None)
    return style is not None and _may_hide(style) and _HIDDEN.search(style) is not None


def _may_hide(text: str) -> bool:
    """Whether a text may hold what ``_HIDDEN`` finds: its first word in any case (of
    letters beyond ASCII only "İ" and "ſ" match one of its letters there), or a
    character reference that may spell it.  A plain test, many times faster."""
    if "&" in text or "İ" in text or "ſ" in text:
        return True
    lowered = text.lower()
    return "display" in lowered or "visibility" in lowered


def _kept(tag: str, attrs: Attrs) -> dict[str, str] | None:
    names = _KEPT.get(tag)
    if names is None:
        return None
    kept = {k: v or "" for k, v in attrs if k in names}
    return kept or None


class _Walker:
    """Renders the tree: paragraphs, grids and images through the writer."""

    def __init__(
        self, writer: Writer, pictures: Callable[[str], bytes | None] | None = None
    ) -> None:
        self.writer = writer
        self.pictures = pictures  # an image's bytes by its src, for the [ocr] extra
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
                self.image(child)
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
            elif tag == "a":
                self.links += 1
                self.block(child)
                self.links -= 1
            else:
                self.block(child)  # inline: its text joins the paragraph
        element.children = ()  # rendered: the tree goes as the blocks come

    def grid(self, table: _Element) -> None:
        images: list[_Element] = []
        most = self.writer.counter.limits.max_row_cells
        merged = MergedValues()
        for row in _rows(table):
            cells: list[list[Piece]] = []
            spans: list[tuple[int, int]] = []
            for cell in row.children:
                if len(cells) > most:
                    break  # the writer says the row has too many cells
                if isinstance(cell, _Element) and cell.tag in ("td", "th"):
                    pieces: list[Piece] = [("", cell.at)]  # an empty cell stands here
                    _cell_text(cell, pieces, images)
                    cells.append(pieces)
                    spans.append((_span(cell.attr("colspan")), _span(cell.attr("rowspan"))))
            self.writer.grid_row(cells, row.at, merged.slots(cells, spans))
            row.children = ()
            for image in images:
                self.image(image)
            images.clear()

    def image(self, image: _Element) -> None:
        """An image placeholder, or what the [ocr] extra reads in it if it holds a table."""
        src = image.attr("src")
        data = self.pictures(src) if self.pictures is not None and src else None
        if data is not None:
            from .picture import write_table_picture

            if write_table_picture(self.writer, data, image.at, _image_name(image)):
                return
        self.writer.image(_image_name(image), image.at)


_SPAN = regex.compile(r"\s*(\d{1,4})")


def _span(value: str | None) -> int:
    """A colspan or rowspan: its leading digits, 1 if none (as browsers read "2px")."""
    m = _SPAN.match(value) if value else None
    return max(1, int(m[1])) if m else 1


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
    name = image.attr("alt") or image.attr("title") or ""
    if not name.strip():
        src = image.attr("src") or ""
        name = "" if src[:5].lower() == "data:" else src.rsplit("/", 1)[-1]
    return name.strip()[:200] or "image"


def read_html(
    source: str,
    diagnostics: list[Diagnostic] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    pictures: Callable[[str], bytes | None] | None = None,
) -> Document:
    """Blocks of an HTML page.  Linear in the length of the markup; raises only
    ``LimitError`` (a page over ``limits``).  ``pictures``: an ``<img>``'s bytes by its
    ``src``, for the ``[ocr]`` extra to read the tables in them."""
    over(limits, "max_tags", source.count("<"), "the page's tags ('<')")
    located: list[Diagnostic] = []  # at places of the markup itself
    keep: set[int] = set()
    builder = _build(source, keep, skipping=True)
    while (at := builder.skip_at_end()) is not None:
        # A skip ran to the end of the page: read it again without that skip; after
        # _RETRIES such retries, without skipping anything (so reading stays linear).
        tag = builder.skipped_tag()
        located.append(
            diagnostic(
                "READ-HTML-UNCLOSED",
                f"skipping the <{tag}> element here would lose the rest of the page; "
                "it is read as text of the page",
                location=_source_location(source, at),
            )
        )
        keep.add(at)
        builder = _build(source, keep, skipping=len(keep) <= _RETRIES)
    for tag, at in builder.unclosed:
        located.append(
            diagnostic(
                "READ-HTML-UNCLOSED",
                f"the <{tag}> element here has no end tag; its content is read as text of the page",
                location=_source_location(source, at),
            )
        )
    writer = Writer(source, diagnostics, limits)
    # The page's <title> first: the title over the body, nearer the headings, wins.
    writer.paragraph(builder.title)
    titled = len(writer.blocks)
    _Walker(writer, pictures).block(builder.root)
    if len(writer.blocks) == titled and _REPORT_WORDS.search(source) is not None:
        located.append(
            diagnostic(
                "READ-HTML-EMPTY",
                "the page's markup holds a report's words, but its body gives no text "
                "(a page built by a script, or markup this reader cannot follow)",
            )
        )
    return writer.document(tuple(located))


def _source_location(source: str, at: int) -> Location:
    """Where an offset of the page stands (for what the reader says of the markup)."""
    return Location(source.count("\n", 0, at) + 1, at)


def _build(source: str, keep: set[int], *, skipping: bool, stdlib: bool = False) -> _TreeBuilder:
    """The page's tree: read by ``_read.html_tokens``, or by the standard library's
    parser where that does not follow the page (or ``stdlib`` says so: tests compare)."""
    builder = _TreeBuilder(source, frozenset(keep), skipping)
    # Every unterminated construct ("<!--", "</", "<?", "<x" with no ">" after it)
    # stands after the last ">": that tail is text, and the parser never sees it.
    cut = source.rfind(">") + 1
    markup = source if source.find("<", cut) < 0 else source[:cut]
    if stdlib or not scan(markup, builder):
        builder = _TreeBuilder(source, frozenset(keep), skipping)
        parser = _StdlibParser(source, builder)
        parser.feed(markup)
        parser.close()
    if len(markup) < len(source):
        builder.tail(source[cut:], cut)
    else:
        builder.finish()
    return builder
