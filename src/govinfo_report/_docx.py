"""The DOCX reader: a Word 2007+ file to blocks, with ``zipfile`` and ElementTree.

The body of ``word/document.xml`` is read in document order: a paragraph (``w:p``) is
a paragraph (a line break inside it, ``w:br``, starts another), a table (``w:tbl``) is
a grid with a row per ``w:tr`` and a cell per ``w:tc``.  A cell merged across columns
(``w:gridSpan``) is one cell, and the cells continuing a vertical merge (``w:vMerge``
with no ``restart``) are left out, so a merged label is read once — as the HTML reader
does with ``colspan``/``rowspan``.  Pictures (``w:drawing``, ``w:pict``) are image
placeholders.  Deleted text (``w:delText``) and the fallback copies of
``mc:AlternateContent`` are not text of the document.

The file is untrusted, so before any XML is parsed: at most ``MAX_ENTRIES`` entries in
the archive, ``word/document.xml`` read in chunks and given up past
``MAX_DOCUMENT_BYTES`` whatever its header claims (a zip bomb), and no document type
declaration (DOCX never has one; a DTD is how entity-expansion attacks start).  Each
refusal is a ``ReadError`` saying why.

Locations of a DOCX report index the text rendered from it (a line per paragraph or
table row, cells separated by tabs): the XML has no lines a reader would look at.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree import ElementTree
from xml.parsers import expat

from ._blocks import Document, Piece, Writer
from ._model import Diagnostic
from ._read import ReadError

MAX_ENTRIES = 10_000
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
# Content controls (w:sdt) nested deeper than this are not read into.
_MAX_NESTING = 50
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 16

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_P, _TBL, _TR, _TC, _R, _T = (f"{_W}{n}" for n in ("p", "tbl", "tr", "tc", "r", "t"))
_SDT, _SDT_CONTENT = f"{_W}sdt", f"{_W}sdtContent"
_TAB, _BR, _CR = f"{_W}tab", f"{_W}br", f"{_W}cr"
_TC_PR, _V_MERGE, _VAL = f"{_W}tcPr", f"{_W}vMerge", f"{_W}val"
_DRAWING, _PICT = f"{_W}drawing", f"{_W}pict"
_DOC_PR = f"{_WP}docPr"
_FALLBACK = f"{_MC}Fallback"
# Run containers whose runs are text of the paragraph (links, tracked insertions, …).
_INLINE = frozenset(
    f"{_W}{n}" for n in ("hyperlink", "ins", "smartTag", "fldSimple", "customXml", "sdtContent")
) | {f"{_MC}AlternateContent", f"{_MC}Choice", _SDT}


def read_docx(data: bytes, diagnostics: list[Diagnostic]) -> Document:
    """Blocks of a DOCX file.  Raises ``ReadError`` for a file that is not a readable
    DOCX (not a zip, no document part, over a limit, a DTD in its XML)."""
    root = _document_root(data)
    body = root.find(f"{_W}body")
    writer = Writer()
    if body is not None:
        _Walker(writer).body(body)
    return writer.document()


def _document_root(data: bytes) -> ElementTree.Element:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise ReadError(f"not a DOCX file: the zip archive cannot be opened ({exc})") from exc
    with archive:
        try:
            entries = archive.infolist()
        except _ZIP_ERRORS as exc:  # pragma: no cover - infolist reads no data
            raise ReadError(f"not a DOCX file: {exc}") from exc
        if len(entries) > MAX_ENTRIES:
            raise ReadError(
                f"not read: the DOCX archive has {len(entries)} entries (limit {MAX_ENTRIES})"
            )
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError as exc:
            raise ReadError("not a DOCX file: it has no word/document.xml") from exc
        xml = _read_limited(archive, info)
    # Expat reads the prolog first and refuses a document type or entity declaration,
    # in whatever encoding the XML declares (a byte search would miss "<!DOCTYPE" in
    # UTF-16); it stops at the root element, so the document is parsed once.
    prolog = expat.ParserCreate()
    prolog.StartDoctypeDeclHandler = _refuse_dtd
    prolog.EntityDeclHandler = _refuse_dtd
    prolog.StartElementHandler = _end_of_prolog
    try:
        prolog.Parse(xml, True)
    except _EndOfPrologError:
        pass
    except expat.ExpatError as exc:
        raise _not_well_formed(exc) from exc
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise _not_well_formed(exc) from exc


def _not_well_formed(exc: Exception) -> ReadError:
    return ReadError(f"not a DOCX file: word/document.xml is not well-formed ({exc})")


class _EndOfPrologError(Exception):
    """Raised at the root element: the prolog has no declaration to refuse."""


def _end_of_prolog(*_: object) -> None:
    raise _EndOfPrologError


def _refuse_dtd(*_: object) -> None:
    raise ReadError(
        "not read: word/document.xml declares a document type or entities "
        "(DOCX never does; entity expansion is an attack)"
    )


def _read_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, read in chunks and given up past the limit (the size in the
    zip header is the archive's own claim, so it is not trusted)."""
    if info.file_size > MAX_DOCUMENT_BYTES:
        raise _too_big(info.file_size)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > MAX_DOCUMENT_BYTES:
                    raise _too_big(size)
                chunks.append(chunk)
    except _ZIP_ERRORS as exc:
        raise ReadError(f"not a DOCX file: word/document.xml cannot be read ({exc})") from exc
    return b"".join(chunks)


def _too_big(size: int) -> ReadError:
    return ReadError(
        f"not read: word/document.xml unpacks to more than {MAX_DOCUMENT_BYTES} bytes "
        f"({size} so far; a zip bomb?)"
    )


class _Walker:
    def __init__(self, writer: Writer) -> None:
        self.writer = writer

    def body(self, container: ElementTree.Element, depth: int = 0) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                lines, images = _paragraph(child)
                for line in lines:
                    self.writer.paragraph(line)
                for name in images:
                    self.writer.image(name, 0)
            elif tag == _TBL:
                self.table(child)
            elif tag == _SDT and depth < _MAX_NESTING:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.body(content, depth + 1)

    def table(self, table: ElementTree.Element) -> None:
        for row in table.findall(_TR):  # a table nested in a cell is read as its text
            cells: list[list[Piece]] = []
            images: list[str] = []
            for cell in row.findall(_TC):
                if _continues_merge(cell):
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
            self.writer.grid_row(cells, 0)
            for name in images:
                self.writer.image(name, 0)


def _continues_merge(cell: ElementTree.Element) -> bool:
    properties = cell.find(_TC_PR)
    if properties is None:
        return False
    merge = properties.find(_V_MERGE)
    return merge is not None and merge.get(_VAL, "continue") == "continue"


def _paragraph(paragraph: ElementTree.Element) -> tuple[list[list[Piece]], list[str]]:
    """The lines of a paragraph (split at ``w:br``) and the names of its pictures."""
    lines: list[list[Piece]] = [[]]
    images: list[str] = []
    stack = list(reversed(paragraph))
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag == _T:
            if element.text:
                lines[-1].append((element.text, 0))
        elif tag == _TAB:
            lines[-1].append((" ", 0))
        elif tag in (_BR, _CR):
            lines.append([])
        elif tag in (_DRAWING, _PICT):
            described = element.find(f".//{_DOC_PR}")
            name = ""
            if described is not None:
                name = described.get("descr") or described.get("name") or ""
            images.append(name.strip() or "picture")
        elif tag == _R or tag in _INLINE:
            stack.extend(reversed(element))
        elif tag == _FALLBACK:
            continue  # the same content as its mc:Choice, for old readers
    return [line for line in lines if line], images
