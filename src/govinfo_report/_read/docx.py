"""The DOCX reader: a Word 2007+ file to blocks, with ``zipfile`` and ElementTree.

The body of ``word/document.xml`` is read in document order: a paragraph (``w:p``) is
a paragraph (a line break inside it, ``w:br``, starts another), a table (``w:tbl``) is
a grid with a row per ``w:tr`` and a cell per ``w:tc``.  A cell merged across columns
(``w:gridSpan``) is one cell, and the cells continuing a vertical merge (``w:vMerge``
with no ``restart``) are left out, so a merged label is read once — as the HTML reader
does with ``colspan``/``rowspan``.  Pictures (``w:drawing``, ``w:pict``) are image
placeholders.  Deleted text (``w:delText``) and the fallback copies of
``mc:AlternateContent`` are not text of the document, nor is what Word does not
show: hidden runs (``w:vanish``), the source of a tracked move (``w:moveFrom``), a
phonetic guide over its base text (``w:rt`` of ``w:ruby``).  A legacy horizontal merge
(``w:hMerge``) is read as the ``w:gridSpan`` it stands for, and a cell, row or block
inside a content control or custom XML (``w:sdt``, ``w:customXml``) in its place.  Text
raised or lowered (a superscript note mark) is written apart from the text beside it,
never joined to its digits; a non-breaking hyphen is a hyphen-minus, a symbol
(``w:sym``) the character it shows, and a symbol not known or an equation (``m:oMath``)
U+FFFD, a mark not read.

The file is untrusted, so it is read within ``Limits`` (``_core.limits``): at most
``max_docx_entries`` entries in the archive; ``word/document.xml`` unpacked a chunk at a
time and given up past ``max_bytes`` whatever its header claims (a zip bomb) or past
``max_docx_tags`` tags (a small file of millions of empty paragraphs), both counted
before the chunk is parsed; and no document type declaration (DOCX never has one; a
DTD is how entity-expansion attacks start).  The body is rendered a paragraph or table
at a time, each dropped once rendered.  Each refusal is a ``ReadError`` saying why.

Locations of a DOCX report index the text rendered from it (a line per paragraph or
table row, cells separated by tabs): the XML has no lines a reader would look at.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import cast
from xml.etree import ElementTree
from xml.parsers import expat

from .._core.errors import ReadError
from .._core.limits import DEFAULT_LIMITS, Limits, over
from .._core.model import Diagnostic
from .blocks import SLOTS, Document, MergedValues, Piece, Writer

# What zipfile raises for a corrupt, encrypted or unsupported archive or entry.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,  # an encrypted entry
    NotImplementedError,  # an unsupported compression or zip version
    zlib.error,
)
# What the XML parsers raise for a part that is not well-formed XML, or declares an
# encoding they do not know.
_XML_ERRORS = (expat.ExpatError, ElementTree.ParseError, LookupError, ValueError)
# Content controls (w:sdt) nested deeper than this are not read into.
_MAX_NESTING = 50
_CHUNK = 1 << 16

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_P, _TBL, _TR, _TC, _R, _T = (f"{_W}{n}" for n in ("p", "tbl", "tr", "tc", "r", "t"))
_BODY, _SDT, _SDT_CONTENT = f"{_W}body", f"{_W}sdt", f"{_W}sdtContent"
_TAB, _BR, _CR = f"{_W}tab", f"{_W}br", f"{_W}cr"
_TC_PR, _V_MERGE, _H_MERGE, _VAL = (f"{_W}{n}" for n in ("tcPr", "vMerge", "hMerge", "val"))
_GRID_SPAN = f"{_W}gridSpan"
_R_PR, _VERT_ALIGN, _WEB_HIDDEN = f"{_W}rPr", f"{_W}vertAlign", f"{_W}webHidden"
_HIDDEN = frozenset((f"{_W}vanish", f"{_W}specVanish"))
_PTAB, _NO_BREAK_HYPHEN = f"{_W}ptab", f"{_W}noBreakHyphen"
_SYM, _SYM_FONT, _SYM_CHAR = f"{_W}sym", f"{_W}font", f"{_W}char"
_DRAWING, _PICT = f"{_W}drawing", f"{_W}pict"
_DOC_PR = f"{_WP}docPr"
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
_RELS = "word/_rels/document.xml.rels"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_ALTERNATE, _CHOICE, _FALLBACK = (f"{_MC}{n}" for n in ("AlternateContent", "Choice", "Fallback"))
_CUSTOM_XML = f"{_W}customXml"
# Run containers whose runs are text of the paragraph (links, tracked insertions and
# move destinations, bidirectional embeddings, a phonetic guide's base text, …).  What
# is not here is not read: a tracked deletion or move source (w:del, w:moveFrom), a
# phonetic guide's annotation (w:rt), a field's code (w:instrText is not w:t).
_INLINE = frozenset(
    f"{_W}{n}"
    for n in (
        *("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "sdtContent"),
        *("dir", "bdo", "ruby", "rubyBase"),
    )
) | {_CUSTOM_XML, _ALTERNATE, _CHOICE, _SDT}
# What wraps a row's cells, or a table's rows, and is not itself one: a content control
# (w:tr > w:sdt > w:sdtContent > w:tc, as a fillable template has), custom XML.
_WRAPPERS = frozenset((_SDT, _SDT_CONTENT, _CUSTOM_XML, _ALTERNATE, _CHOICE))
# A run's place on the line: a superscript or subscript run (a note mark) is written
# apart from its neighbours, so "237" and a raised "1" are not read as 2371.  Text
# hidden in a web page's view only (w:webHidden) is shown on paper: which one the
# reader saw is not known, so it too is written apart (a number touching it is not
# read surely) rather than read into the number or left out of it.
_BASELINE, _WEB = "", "webHidden"
_RAISED = frozenset(("superscript", "subscript"))
# The characters a w:sym of the Symbol font shows that a number may have: the font's
# byte (its code less F000) to the character; 2D is the minus sign.  Any other symbol
# is written as U+FFFD, what the value reader takes as a mark not read (a digit of a
# dingbat font is a picture, not a digit; a symbol left out could be a minus).
_SYMBOL_FONT = {0x2D: "\u2212"} | {b: chr(b) for b in b" %()+,./0123456789"}
_UNREAD = "\ufffd"
# An equation (Office Math) is laid out, not a line of text (10 with a raised 3 is not
# "103"): it is written as one mark not read, never left out (a cell would read blank).
_MATH = frozenset(
    f"{{http://schemas.openxmlformats.org/officeDocument/2006/math}}{n}"
    for n in ("oMath", "oMathPara")
)
_HEX = frozenset("0123456789abcdefABCDEF")


def read_docx(
    data: bytes,
    diagnostics: list[Diagnostic],
    limits: Limits = DEFAULT_LIMITS,
    *,
    ocr: bool = False,
) -> Document:
    """Blocks of a DOCX file.  Raises ``ReadError`` for a file that is not a readable
    DOCX (not a zip, no document part, a DTD in its XML) and ``LimitError`` for one
    over ``limits``.

    ``word/document.xml`` is measured first (unpacked, its bytes and tags counted, none
    of it kept), then unpacked again and parsed a chunk at a time; each paragraph of
    the body, and each row of a table of the body, is rendered and dropped as soon as
    it is complete, so what stands in memory is a chunk and a row.

    ``ocr``: pictures whose tables the ``[ocr]`` extra reads are written as their text
    and tables (``_read.picture``), the others as image placeholders."""
    writer = Writer(None, diagnostics, limits)
    walker = _Walker(writer)
    body = _Body(walker, limits.max_row_cells)
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(
        events=("start", "end")
    )
    prolog = _Prolog()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise ReadError(f"not a DOCX file: the zip archive cannot be opened ({exc})") from exc
    with archive:
        info = _document_part(archive, len(data), limits)
        if ocr:
            walker.pictures = _Pictures(archive, limits)
        try:
            for chunk in _chunks(archive, info):
                prolog.feed(chunk)
                parser.feed(chunk)
                for event in parser.read_events():
                    # Only start and end events were asked for: each an element.
                    kind, element = cast(tuple[str, ElementTree.Element], event)
                    if kind == "start":
                        body.start(element)
                    else:
                        body.end(element)
            parser.close()
        except ReadError:
            raise
        except _XML_ERRORS as exc:
            raise ReadError(
                f"not a DOCX file: word/document.xml is not well-formed ({exc})"
            ) from exc
    return writer.document()


class _Body:
    """The body of ``word/document.xml`` from the parser's events: each child of the
    body (a paragraph, a table) and each row of a table of the body is rendered as soon
    as it ends, then dropped from the tree; a row's cells past the row's limit are
    dropped as they end (the writer says the row had too many)."""

    def __init__(self, walker: _Walker, most: int) -> None:
        self.walker = walker
        self.most = most
        self.depth = 0  # of the element the last event was about: the root is 1
        self.body: ElementTree.Element | None = None
        self.top: ElementTree.Element | None = None  # the body's child being read
        self.row: ElementTree.Element | None = None  # a row of a table of the body
        self.cells = 0  # cells of that row so far

    def start(self, element: ElementTree.Element) -> None:
        self.depth += 1
        depth, tag = self.depth, element.tag
        if depth == 2 and tag == _BODY:
            self.body = element
        elif depth == 3:
            self.top = element
        elif depth == 4 and tag == _TR and self.top is not None and self.top.tag == _TBL:
            self.row, self.cells = element, 0
        elif depth == 5 and tag == _TC and self.row is not None:
            self.cells += 1

    def end(self, element: ElementTree.Element) -> None:
        self.depth -= 1  # now the depth of the element's parent
        depth, row = self.depth, self.row
        if depth == 2 and self.body is not None:
            self.walker.body_child(element)
            self.body.remove(element)
            self.top = None
        elif depth == 3 and element is row and self.top is not None:
            self.walker.row(element)
            self.top.remove(element)
            self.row = None
        elif depth == 3 and element.tag in _WRAPPERS and self.top is not None:
            if self.top.tag == _TBL:  # rows in a content control: in their place
                self.walker.table(element)
                self.top.remove(element)
        elif depth == 4 and row is not None and element.tag == _TC and self.cells > self.most + 1:
            row.remove(element)


def _document_part(archive: zipfile.ZipFile, size: int, limits: Limits) -> zipfile.ZipInfo:
    """The archive's ``word/document.xml``, measured within the limits: its unpacked
    bytes (against ``max_bytes`` and ``max_expansion`` times the file's ``size``; the
    size the zip header claims is checked first, the bytes as they come after) and its
    tags (counted as "<"), before any of it is parsed."""
    entries = archive.infolist()
    over(limits, "max_docx_entries", len(entries), "the DOCX archive's entries")
    try:
        info = archive.getinfo("word/document.xml")
    except KeyError as exc:
        raise ReadError("not a DOCX file: it has no word/document.xml") from exc
    what = "word/document.xml unpacked (a zip bomb?)"
    _within(limits, info.file_size, size, what)  # the archive's own claim, first
    unpacked = tags = 0
    for chunk in _chunks(archive, info):
        unpacked += len(chunk)
        tags += chunk.count(b"<")
        _within(limits, unpacked, size, what)
        over(limits, "max_docx_tags", tags, "the tags of word/document.xml")
    return info


def _within(limits: Limits, unpacked: int, size: int, what: str) -> None:
    over(limits, "max_bytes", unpacked, what)
    over(limits, "max_expansion", unpacked // max(size, 1), f"the expansion of {what}")


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk
    except _ZIP_ERRORS as exc:
        raise ReadError(f"not a DOCX file: word/document.xml cannot be read ({exc})") from exc


class _Prolog:
    """Expat reading the prolog of the XML as it comes, to refuse a document type or
    entity declaration in whatever encoding the XML declares (a byte search would miss
    "<!DOCTYPE" in UTF-16; DOCX never has one, and a DTD is how entity-expansion attacks
    start).  It stops at the root element, so the document is parsed once."""

    def __init__(self) -> None:
        self._parser: expat.XMLParserType | None = expat.ParserCreate()
        self._parser.StartDoctypeDeclHandler = _refuse_dtd
        self._parser.EntityDeclHandler = _refuse_dtd
        self._parser.StartElementHandler = _end_of_prolog

    def feed(self, chunk: bytes) -> None:
        if self._parser is None:
            return
        try:
            self._parser.Parse(chunk, False)
        except _EndOfPrologError:
            self._parser = None


class _EndOfPrologError(Exception):
    """Raised at the root element: the prolog has no declaration to refuse."""


def _end_of_prolog(*_: object) -> None:
    raise _EndOfPrologError


def _refuse_dtd(*_: object) -> None:
    raise ReadError(
        "not read: word/document.xml declares a document type or entities "
        "(DOCX never does; entity expansion is an attack)"
    )


class _Pictures:
    """The document's pictures, by relationship id, read with the ``[ocr]`` extra."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits) -> None:
        self.archive = archive
        self.limits = limits
        self.targets: dict[str, str] = {}
        try:
            rels = archive.getinfo(_RELS)
            if rels.file_size <= limits.max_bytes:
                root = ElementTree.fromstring(archive.read(rels))
                for rel in root.iter(_REL):
                    target = rel.get("Target", "")
                    if rel.get("Id") and target and not rel.get("TargetMode"):
                        self.targets[rel.get("Id", "")] = "word/" + target.lstrip("/").removeprefix(
                            "word/"
                        )
        except (KeyError, *_ZIP_ERRORS, *_XML_ERRORS):
            pass  # no relationships: pictures stay placeholders

    def write(self, writer: Writer, name: str, rid: str | None) -> bool:
        """Write a picture's text and tables; False if it holds no table (or cannot be
        read), so that it stays an image placeholder."""
        from .picture import write_table_picture

        target = self.targets.get(rid or "")
        if target is None:
            return False
        try:
            info = self.archive.getinfo(target)
            if info.file_size > self.limits.max_bytes:
                return False
            data = self.archive.read(info)
        except (KeyError, *_ZIP_ERRORS):
            return False
        return write_table_picture(writer, data, 0, name or target.rsplit("/", 1)[-1])


class _Walker:
    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.pictures: _Pictures | None = None

    def image(self, name: str, rid: str | None) -> None:
        if self.pictures is None or not self.pictures.write(self.writer, name, rid):
            self.writer.image(name, 0)

    def body_child(self, child: ElementTree.Element, depth: int = 0) -> None:
        tag = child.tag
        if tag == _P:
            lines, images = _paragraph(child)
            for line in lines:
                self.writer.paragraph(line)
            for name, rid in images:
                self.image(name, rid)
        elif tag == _TBL:
            self.table(child)
        elif tag in _WRAPPERS and depth < _MAX_NESTING:
            # A content control or custom XML around blocks (a content control's
            # properties, w:sdtPr, hold none).
            for grandchild in child:
                self.body_child(grandchild, depth + 1)

    def table(self, table: ElementTree.Element) -> None:
        """The rows of a table, or of a content control or custom XML among them."""
        for row in _found(table, _TR):  # a table nested in a cell is read as its text
            self.row(row)

    def row(self, row: ElementTree.Element) -> None:
        cells: list[list[Piece]] = []
        spans: list[tuple[int, int]] = []
        images: list[tuple[str, str | None]] = []
        continued = False  # a cell of a vertical merge from above was left out
        left_out = False  # the cell before was
        for cell in _found(row, _TC):
            if _continues_merge(cell, _H_MERGE) and (spans or left_out):
                # A legacy horizontal merge: this cell is part of the one before it, as
                # if that one's w:gridSpan said so (its text is not shown).
                if not left_out:
                    spans[-1] = (spans[-1][0] + _grid_span(cell), 1)
                continue
            left_out = _continues_merge(cell, _V_MERGE)
            if left_out:
                continued = True
                continue
            pieces: list[Piece] = []
            for paragraph in cell.iter(_P):
                lines, found = _paragraph(paragraph)
                images += found
                for line in lines:
                    if pieces:
                        pieces.append(("\n", 0))
                    pieces += line
            cells.append(pieces)
            spans.append((_grid_span(cell), 1))
        # Which cell a vertical merge left out is not followed: any row missing one is
        # read by its slots, not as a grid (see MergedValues).
        slots = SLOTS if continued else MergedValues().slots(cells, spans)
        self.writer.grid_row(cells, 0, slots)
        for name, rid in images:
            self.image(name, rid)


def _grid_span(cell: ElementTree.Element) -> int:
    properties = cell.find(_TC_PR)
    span = properties.find(_GRID_SPAN) if properties is not None else None
    value = span.get(_VAL, "1") if span is not None else "1"
    return int(value) if value.isdigit() and 0 < int(value) < 1000 else 1


def _continues_merge(cell: ElementTree.Element, merge_tag: str) -> bool:
    """Whether the cell continues a merge (``w:vMerge`` or ``w:hMerge`` without
    ``restart``) from the cell above or before it."""
    properties = cell.find(_TC_PR)
    if properties is None:
        return False
    merge = properties.find(merge_tag)
    return merge is not None and merge.get(_VAL, "continue") == "continue"


def _found(parent: ElementTree.Element, tag: str) -> Iterator[ElementTree.Element]:
    """The children of ``parent`` with this tag, in order, and those inside the
    content controls and custom XML among its children (``_WRAPPERS``): a row's cells,
    a table's rows."""
    stack = [(child, 0) for child in reversed(parent)]
    while stack:
        element, depth = stack.pop()
        if element.tag == tag:
            yield element
        elif element.tag in _WRAPPERS and depth < _MAX_NESTING:
            stack.extend((child, depth + 1) for child in reversed(element))


def _paragraph(
    paragraph: ElementTree.Element,
) -> tuple[list[list[Piece]], list[tuple[str, str | None]]]:
    """The lines of a paragraph (split at ``w:br``) and its pictures: their names and
    the relationship ids of their files."""
    lines: list[list[Piece]] = [[]]
    images: list[tuple[str, str | None]] = []
    place = written = _BASELINE  # of the run being read; of the line's last text
    stack = list(reversed(paragraph))
    while stack:
        element = stack.pop()
        tag = element.tag
        text = None
        if tag == _T:
            text = element.text
        elif tag in (_TAB, _PTAB):
            text = " "
        elif tag == _NO_BREAK_HYPHEN:
            text = "-"  # the hyphen-minus a number's sign is read as
        elif tag == _SYM:
            text = _symbol(element)
        elif tag in _MATH:
            text = _UNREAD
        elif tag == _R:
            shown = _place(element)
            if shown is not None:  # (a hidden run is left out)
                place = shown
                stack.extend(reversed(element))
        elif tag in (_BR, _CR):
            lines.append([])
        elif tag in (_DRAWING, _PICT):
            described = element.find(f".//{_DOC_PR}")
            name = ""
            if described is not None:
                name = described.get("descr") or described.get("name") or ""
            blip = element.find(f".//{_BLIP}")
            if blip is None:
                blip = element.find(f".//{_IMAGEDATA}")
            rid = None
            if blip is not None:
                rid = blip.get(f"{_R_NS}embed") or blip.get(f"{_R_NS}id")
            images.append((name.strip() or "picture", rid))
        elif tag in _INLINE:
            stack.extend(reversed(element))
        elif tag == _FALLBACK:
            continue  # the same content as its mc:Choice, for old readers
        if text:
            line = lines[-1]
            if place != written and line:
                line.append((" ", 0))
            line.append((text, 0))
            written = place
    return [line for line in lines if line], images


def _place(run: ElementTree.Element) -> str | None:
    """Where a run's text stands (``_BASELINE``, ``_RAISED``, ``_WEB``), or None if
    it is hidden.  Only the run's own properties are read, not its style's."""
    properties = run.find(_R_PR)
    if properties is None:
        return _BASELINE
    place = _BASELINE
    for prop in properties:
        tag = prop.tag
        if tag in _HIDDEN or tag == _WEB_HIDDEN:
            if prop.get(_VAL, "true") not in ("false", "0", "off"):
                if tag != _WEB_HIDDEN:
                    return None
                place = _WEB
        elif tag == _VERT_ALIGN and place != _WEB:
            value = prop.get(_VAL, "")
            place = value if value in _RAISED else _BASELINE
    return place


def _symbol(sym: ElementTree.Element) -> str:
    """The character a ``w:sym`` shows: itself if its code is a character of Unicode,
    the Symbol font's character for its byte (``_SYMBOL_FONT``), else ``_UNREAD``."""
    char = sym.get(_SYM_CHAR, "")
    if not 0 < len(char) <= 6 or not all(c in _HEX for c in char):
        return _UNREAD  # not a code (int() would take "0x2D", " 2D", "-2D", "2_D")
    code = int(char, 16)
    if 0xF000 <= code <= 0xF0FF or code < 0x100:
        # A symbol font's byte (Word adds F000 to it): what it shows depends on the font.
        if sym.get(_SYM_FONT, "").strip().lower() == "symbol":
            return _SYMBOL_FONT.get(code & 0xFF, _UNREAD)
        return _UNREAD
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return _UNREAD  # not a character
    return chr(code)
