"""The pipeline: text -> blocks -> outline -> table regions -> records -> Report."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import attrs
import regex

from ._core.codes import diagnostic
from ._core.errors import ReadError
from ._core.limits import DEFAULT_LIMITS, LimitError, Limits, over
from ._core.model import NUMERALS, Cell, Diagnostic, Edition, Location, Section, tables_edition
from ._format.records import AnyTable, iter_cells, layout
from ._format.schema import table_schema
from ._outline.narrative import claims, processing_fees
from ._outline.outline import Outline, images_near, outline
from ._read.blocks import Document, Image, Origin, Row, Writer
from ._read.sniff import decode, kind_of, picture_format
from ._read.text import read_text
from ._report.report import Report
from ._tables.assemble import Region, assemble, edition_evidence, read_region

# At most this many diagnostics of one code are listed; a hostile input may hold more.
MAX_REPEATS = 20


def parse(text: str, *, limits: Limits | None = None) -> Report:
    """Parse the text of a report: plain text in any common layout, or HTML markup.
    Never raises on a ``str``: what could not be read is in ``Report.diagnostics`` (a
    text over one of the ``limits`` is an empty report with a ``READ-LIMIT`` error)."""
    if not isinstance(text, str):
        use = "parse_file() for a path" if isinstance(text, os.PathLike) else "parse_bytes()"
        raise TypeError(f"parse() takes a str, not {type(text).__name__}; use {use}")
    limits = limits or DEFAULT_LIMITS
    diagnostics: list[Diagnostic] = []
    if _looks_like_a_path(text):
        what = (
            f"parse() takes a report's text, and {text!r} is a file's name or address: "
            "use parse_file() to read a file; every cell is None"
        )
        return Report(diagnostics=(diagnostic("READ-PATH-AS-TEXT", what, ALL_ADDRESSES),))
    try:
        over(limits, "max_bytes", len(text), "the text's characters")
        return _parse_safely(lambda: _read_str(text, diagnostics, limits), diagnostics, text)
    except LimitError as exc:
        diagnostics.append(diagnostic("READ-LIMIT", str(exc)))
        return Report(diagnostics=_capped(diagnostics))


def parse_bytes(
    data: bytes | BinaryIO, *, limits: Limits | None = None, ocr: bool | None = None
) -> Report:
    """Parse a report's bytes: HTML, DOCX, PDF (with the ``[pdf]`` extra) or text in
    UTF-8 or GB18030, sniffed from the bytes themselves.  ``data`` may be a binary file
    object (``open(path, "rb")``, ``io.BytesIO``, an upload): it is read to its end, at
    most ``limits.max_bytes`` and one more.  Raises ``ReadError`` for a file that cannot
    be read at all (a corrupt DOCX, a PDF without the extra, bytes over one of the
    ``limits``: then ``LimitError``, which names the limit); anything else parses, with
    what could not be read in ``Report.diagnostics``.

    ``ocr``: whether tables pasted as pictures (a PNG or JPEG, pictures in a DOCX) are
    read with the ``[ocr]`` extra: ``None`` (the default) reads them when the extra is
    installed, ``False`` never does, ``True`` raises ``ReadError`` if it is missing."""
    return _parse_data(data, limits or DEFAULT_LIMITS, ocr, "picture")


def _parse_data(
    data: bytes | BinaryIO,
    limits: Limits,
    ocr: bool | None,
    name: str,
    folder: str | None = None,
) -> Report:
    """``parse_bytes``; ``name``: what a picture given alone is called (its file's name);
    ``folder``: where a page's local pictures are (``parse_file`` of an HTML file)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        data = _read_binary(data, limits, "parse_bytes")
    over(limits, "max_bytes", len(data), "the input's bytes")
    data = bytes(data)
    diagnostics: list[Diagnostic] = []
    kind = kind_of(data)
    use_ocr = _use_ocr(ocr)
    if kind == "docx":
        from ._read.docx import read_docx

        return _parse_safely(lambda: read_docx(data, diagnostics, limits, ocr=use_ocr), diagnostics)
    if kind == "pdf":
        from ._read.pdf import read_pdf

        return _parse_safely(lambda: read_pdf(data, diagnostics, ocr=use_ocr), diagnostics)
    if kind == "doc":
        raise ReadError("a legacy Word .doc file; save it as .docx (Word 2007 or later)")
    if kind == "rtf":
        raise ReadError("an RTF file (often named .doc); save it as .docx or as a web page")
    if kind == "zip":
        raise ReadError("a zip archive that is not a DOCX (no word/document.xml)")
    if kind == "image":
        return _parse_picture(data, diagnostics, limits, use_ocr, name)
    text = decode(data, diagnostics)
    pictures = None
    if use_ocr:
        from ._read.picture import local_pictures

        pictures = local_pictures(None if folder is None else Path(folder), limits)
    return _parse_safely(lambda: _read_str(text, diagnostics, limits, pictures), diagnostics, text)


def parse_file(
    path: str | os.PathLike[str] | BinaryIO,
    *,
    limits: Limits | None = None,
    ocr: bool | None = None,
) -> Report:
    """Parse a report file (.txt .md .html .htm .docx, .pdf with the ``[pdf]`` extra):
    ``parse_bytes`` of its bytes.  ``path`` may also be a binary file object, read as
    ``parse_bytes`` reads one.  Raises ``OSError`` if the file cannot be opened and
    ``ReadError`` as ``parse_bytes`` does; a file over ``limits.max_bytes`` is refused
    before it is read (one that does not say its size, a device or a pipe, once that
    many bytes have come).  ``ocr`` as for ``parse_bytes``."""
    limits = limits or DEFAULT_LIMITS
    if not isinstance(path, (str, bytes, os.PathLike)):
        data = _read_binary(path, limits, "parse_file")
        return _parse_data(data, limits, ocr, getattr(path, "name", None) or "picture")
    with open(path, "rb") as f:
        over(limits, "max_bytes", os.fstat(f.fileno()).st_size, "the file's bytes")
        data = f.read(limits.max_bytes + 1)
    name = os.fsdecode(path)
    return _parse_data(data, limits, ocr, os.path.basename(name), os.path.dirname(name) or ".")


def _use_ocr(ocr: bool | None) -> bool:
    """Whether pictures are read: as asked, or (None) when the extra is installed."""
    from ._read.picture import missing_extra_message, ocr_available

    if ocr is None:
        return ocr_available()
    if ocr and not ocr_available():
        raise ReadError(missing_extra_message("ocr=True"))
    return bool(ocr)


def _parse_picture(
    data: bytes, diagnostics: list[Diagnostic], limits: Limits, use_ocr: bool, name: str
) -> Report:
    """A picture given alone: its tables and text read with the ``[ocr]`` extra, or a
    ``READ-IMAGE`` error saying what would read them (or that nothing was found)."""
    from ._read.picture import missing_extra_message, ocr_available, read_picture, write_picture

    what = f"a picture ({picture_format(data)}), not a report's text"
    if not use_ocr:
        if ocr_available():
            message = f"{what}, not read (ocr=False; the [ocr] extra reads its tables)"
        else:
            message = missing_extra_message(what) + "; every cell is None"
        return Report(diagnostics=(diagnostic("READ-IMAGE", message, ALL_ADDRESSES),))

    try:
        found = read_picture(data, limits, diagnostics)
    except ReadError:
        raise
    except Exception as exc:  # the never-raise contract holds for pictures too
        message = f"reading the picture stopped: {type(exc).__name__}: {exc}"
        diagnostics.append(diagnostic("PARSE-INTERNAL", message))
        return Report(diagnostics=_capped(diagnostics))
    if found is None or not found.items:
        if not any(d.code == "READ-LIMIT" for d in diagnostics):
            nothing = "that cannot be decoded" if found is None else "in which no text was found"
            message = f"{what} {nothing}; every cell is None"
            diagnostics.append(diagnostic("READ-IMAGE", message, ALL_ADDRESSES))
        return Report(diagnostics=_capped(diagnostics))

    def read() -> Document:
        writer = Writer(None, diagnostics, limits)
        write_picture(writer, found, 0, name)
        return writer.document()

    return _parse_safely(read, diagnostics)


def _read_binary(source: object, limits: Limits, name: str) -> bytes:
    """The bytes of a binary file object, at most ``limits.max_bytes`` and one more (so
    that one over the limit is refused without reading it all)."""
    read = getattr(source, "read", None)
    if read is None:
        raise TypeError(
            f"{name}() takes bytes or a binary file object, not {type(source).__name__}"
        )
    data = read(limits.max_bytes + 1)
    if isinstance(data, str):
        raise TypeError(
            f"{name}() takes a binary file object, and this one gives str: open the "
            "file with 'rb', or pass its text to parse()"
        )
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"{name}(): the file object's read() gave {type(data).__name__}")
    return bytes(data)


# A text that is a file's name: one line, short, ending in a report file's suffix (or
# naming a file that exists).  Such a text is no report, and parse() of it a mistake.
_PATH_SUFFIX = regex.compile(
    r"\.(?:txt|md|s?html?|xhtml|jhtml|docx?|pdf|wps|png|jpe?g)\s*$", regex.IGNORECASE
)
_PATH_MAX = 1024


def _looks_like_a_path(text: str) -> bool:
    if len(text) > _PATH_MAX or "\n" in text or not text.strip():
        return False
    if _PATH_SUFFIX.search(text) is not None:
        return True
    try:
        return os.path.isfile(text.strip())
    except (OSError, ValueError):  # a NUL, a name too long
        return False


def _read_str(
    text: str,
    diagnostics: list[Diagnostic],
    limits: Limits,
    pictures: Callable[[str], bytes | None] | None = None,
) -> Document:
    if looks_like_html(text):
        from ._read.html import read_html  # imported when a page is first read

        return read_html(text, diagnostics, limits, pictures)
    return read_text(text, diagnostics, limits)


def _parse_safely(
    read: Callable[[], Document], diagnostics: list[Diagnostic], source: str | None = None
) -> Report:
    """Read and parse; a file-level ``ReadError`` propagates, anything else that goes
    wrong is a PARSE-INTERNAL diagnostic on an empty report (the never-raise contract)."""
    try:
        return report_of(read(), diagnostics, source)
    except ReadError:
        raise
    except Exception as exc:
        diagnostics.append(
            diagnostic("PARSE-INTERNAL", f"parsing stopped early: {type(exc).__name__}: {exc}")
        )
        return Report(diagnostics=_capped(diagnostics))


def report_of(doc: Document, diagnostics: list[Diagnostic], source: str | None = None) -> Report:
    """Build the report of a document that a reader produced (from ``source``, when it
    was a text: a page whose text was all left out, its menus and links, is no report,
    not an empty one)."""
    empty = not doc.blocks if source is None else _blank(source)
    if (
        empty
        and not any(isinstance(block, Image) for block in doc.blocks)
        and not any(d.code in _SAID_EMPTY for d in diagnostics)
    ):
        what = "the input holds no text at all (an empty file?); every cell is None"
        diagnostics.append(diagnostic("READ-EMPTY", what, ALL_ADDRESSES))
        return Report(diagnostics=_capped(diagnostics))
    first_missing = len(diagnostics)  # the outline's own diagnostics come from here
    out = outline(doc, diagnostics)
    regions = {
        number: read_region(doc.blocks[start:end])
        for number, (start, end) in out.regions.items()
        if number in (2, 3, 4)
    }
    if any(region.blanks_written for region in regions.values()):
        # A crawl writes blank cells where they stand, or leaves them all out: one
        # table's rows say so for the page's others.
        regions = {n: region._replace(blanks_written=True) for n, region in regions.items()}
    has_tables = any(region.groups for region in regions.values())
    edition = _edition(out, regions.get(2), regions.get(3), has_tables, diagnostics)
    tables: dict[int, AnyTable | None] = {}
    claimed: set[int] = set()  # offsets of image placeholders already blamed for a table
    for number in (2, 3, 4):
        region = regions.get(number)
        record = None
        if region is not None and (region.groups or region.blank_rows):
            record = assemble(number, tables_edition(edition), region, diagnostics, doc.pictures)
        if record is None:
            cells = layout(table_schema(number, tables_edition(edition)).record).cells
            addresses = tuple(c.address for c in cells)
            _absent(number, doc, out, claimed, addresses, diagnostics)
        tables[number] = record
    if doc.pictures:
        _picture_notes(tables, diagnostics)
    if not out.sections and all(t is None for t in tables.values()):
        # Nothing of a report's statutory structure: a page that is not a report (a
        # list of links, a notice, a page that only links to the report), or a report
        # pasted as pictures.  One error says so, not a dozen things missing.
        diagnostics[first_missing:] = [
            d for d in diagnostics[first_missing:] if d.code not in _MISSING_PARTS
        ]
        diagnostics.append(_no_report(doc, out.title))
    report = Report(
        title=out.title,
        agency=out.agency,
        year=out.year,
        edition=edition,
        period=out.period,
        signature_date=out.signature_date,
        sections=out.sections,
        claims=claims(doc, out.sections, out.regions, out.year),
        processing_fees=processing_fees(doc, out.sections, out.year),
        table2=tables[2],  # type: ignore[arg-type]
        table3=tables[3],  # type: ignore[arg-type]
        table4=tables[4],  # type: ignore[arg-type]
        diagnostics=_capped(diagnostics),
    )
    if doc.origin is not None:
        report = _relocated(report, doc.origin)
    if doc.located:
        report = attrs.evolve(report, diagnostics=_capped([*doc.located, *report.diagnostics]))
    return report


# Any text: a character that is not white space, a control character or a byte-order
# mark (a file of NUL bytes is an interrupted download, as empty as an empty one); in
# markup, such a character outside the tags.
_ANY_TEXT = regex.compile(r"[^\s\x00-\x08\x0e-\x1f\x7f\ufeff]")
_TEXT_IN_MARKUP = regex.compile(r"(?:^|>)[^<]*?[^\s<\x00-\x08\x0e-\x1f\x7f\ufeff]", regex.DOTALL)


def _blank(source: str) -> bool:
    """Whether a text holds nothing to read (in markup: between its tags)."""
    pattern = _TEXT_IN_MARKUP if looks_like_html(source) else _ANY_TEXT
    return pattern.search(source) is None


def _no_report(doc: Document, title: str | None) -> Diagnostic:
    """Why a document with no section heading and no table is not read as a report:
    it holds pictures (a report pasted as images, a scan), or it is no report."""
    pictures = sum(isinstance(block, Image) for block in doc.blocks)
    if pictures:
        what = (
            f"no section heading or table of a report in text, and {pictures} picture(s): "
            f"a report pasted as pictures; every cell is None ({_OCR_HINT})"
        )
        return diagnostic("READ-IMAGE", what, ALL_ADDRESSES)
    if title is not None:
        what = (
            f"a title ({title[:60]!r}) but no section heading or table of an annual report: "
            "a page that links to the report or builds it by a script; not read as a "
            "report; every cell is None"
        )
    else:
        what = (
            "no title, section heading or table of an annual report was found: "
            "not read as a report; every cell is None"
        )
    return diagnostic("PARSE-NOT-A-REPORT", what, ALL_ADDRESSES)


# Diagnostics that already say why a document has no text.
_SAID_EMPTY = frozenset(("READ-NO-TEXT", "READ-HTML-EMPTY", "READ-LIMIT"))
# What a document that is no report at all lacks, each said by PARSE-NOT-A-REPORT at once.
_MISSING_PARTS = frozenset(("PARSE-SECTION-MISSING", "PARSE-TITLE-MISSING", "PARSE-TABLE-MISSING"))
# The cells of a report of no known edition (its cells are the default edition's):
# what a diagnostic on a report with nothing read names.
ALL_ADDRESSES = tuple(
    cell.address
    for number in (2, 3, 4)
    for cell in layout(table_schema(number, tables_edition(None)).record).cells
)


def looks_like_html(text: str) -> bool:
    """Whether a text is HTML markup: it starts with a tag that a page starts with."""
    return _HTML_START.match(text, 0, 4096) is not None


_HTML_START = regex.compile(
    r"(?:\ufeff)?\s*(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|table|div|p|h[1-6]|section|article)\b",
    regex.IGNORECASE | regex.DOTALL,
)


def _relocated(item: Any, origin: Origin) -> Any:
    """The item with every location in it moved from the rendered text to the source."""
    cls = type(item)
    if cls is Cell:
        if item.offset is None:
            return item
        line, offset = origin.locate(item.offset)
        return Cell(
            item.value, item.raw, item.kind, line, offset, item.unit, item.recovered, item.picture
        )
    if cls is Location:
        return Location(*origin.locate(item.offset))
    if cls is Section:
        line, start = origin.locate(item.start)
        body_start = origin.locate(item.body_start)[1]
        end = origin.locate(item.end)[1]
        return attrs.evolve(item, line=line, start=start, body_start=body_start, end=end)
    if cls is tuple:
        return tuple([_relocated(x, origin) for x in item])
    if isinstance(item, tuple):  # a named tuple: its own kind again
        return cls(*[_relocated(x, origin) for x in item])
    names = _init_names(cls)
    if names is None:  # not an attrs record: a value (text, number, enum) holds no place
        return item
    if names:  # an attrs record whose fields are all set by its __init__, in order
        return cls(*[_relocated(getattr(item, name), origin) for name in names])
    changes = {f.alias: _relocated(getattr(item, f.name), origin) for f in attrs.fields(cls)}
    return attrs.evolve(item, **changes)


_INIT_NAMES: dict[type, tuple[str, ...] | None] = {}


def _init_names(cls: type) -> tuple[str, ...] | None:
    """The fields of an attrs class in ``__init__``'s order, where ``__init__`` takes
    them all by position and no other (so ``cls(*values)`` rebuilds an instance); ()
    for another attrs class; None for a class that is not one.  Looked up once."""
    if cls not in _INIT_NAMES:
        names: tuple[str, ...] | None = None
        if attrs.has(cls):
            fields = attrs.fields(cls)
            plain = all(f.init and not f.kw_only and f.alias == f.name for f in fields)
            names = tuple(f.name for f in fields) if plain else ()
        _INIT_NAMES[cls] = names
    return _INIT_NAMES[cls]


def _capped(diagnostics: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """The diagnostics, at most MAX_REPEATS of each code, and a last one saying how many
    more of that code were left out."""
    counts = Counter(d.code for d in diagnostics)
    if max(counts.values(), default=0) <= MAX_REPEATS:
        return tuple(diagnostics)
    seen: Counter[str] = Counter()
    kept = []
    for d in diagnostics:
        seen[d.code] += 1
        if seen[d.code] <= MAX_REPEATS:
            kept.append(d)
    for code, count in counts.items():
        if count > MAX_REPEATS:
            kept.append(diagnostic(code, f"{count - MAX_REPEATS} more {code} not listed"))
    return tuple(kept)


# Where an image placeholder stands for a table: what would read it.
_OCR_HINT = (
    "the [ocr] extra reads a table in a picture file it is given: a PNG or JPEG, a "
    "DOCX's picture, a scanned PDF page, an HTML page's local or data: image"
)


def _absent(
    number: int,
    doc: Document,
    out: Outline,
    claimed: set[int],
    addresses: tuple[str, ...],
    diagnostics: list[Diagnostic],
) -> None:
    """Say why a table is None, naming every one of its cells."""
    heading = out.headings.get(number)
    name = NUMERALS[number - 1]
    if heading is None:
        diagnostics.append(
            diagnostic(
                "PARSE-TABLE-MISSING", f"table {name}: no heading of section {name}", addresses
            )
        )
        return
    images = images_near(doc.blocks, heading, out.regions[number][1], claimed)
    if images:
        image = images[0]
        claimed.update(i.offset for i in images)
        diagnostics.append(
            diagnostic(
                "PARSE-TABLE-IMAGE",
                f"table {name} is an image ({image.name!r}); its cells are None ({_OCR_HINT})",
                addresses,
                location=Location(image.line, image.offset),
            )
        )
    else:
        region = out.regions[number]
        numbers = any(isinstance(b, Row) for b in doc.blocks[region[0] : region[1]])
        what = "its rows could not be placed (see above)" if numbers else "nothing readable"
        diagnostics.append(
            diagnostic(
                "PARSE-TABLE-MISSING",
                f"table {name}: {what} under its heading; its cells are None",
                addresses,
                location=Location(doc.blocks[heading].line, doc.blocks[heading].offset),
            )
        )


def _picture_notes(tables: dict[int, AnyTable | None], diagnostics: list[Diagnostic]) -> None:
    """Per table read from a picture: how many cells, how many read again alone, which
    could not be read (PARSE-OCR); for table 二, that no sum checks its cells
    (PARSE-OCR-UNCHECKED)."""
    for number, table in tables.items():
        if table is None:
            continue
        cells = [(column.address, cell) for column, cell in iter_cells(table) if cell.picture]
        if not cells:
            continue
        name = NUMERALS[number - 1]
        images = sorted({cell.picture.image for _, cell in cells if cell.picture})
        reread = sum(1 for _, cell in cells if cell.picture and cell.picture.reread)
        unread = [address for address, cell in cells if cell.value is None]
        message = (
            f"table {name}: {len(cells)} cell(s) read from the picture(s) "
            f"{', '.join(repr(i) for i in images)}, {reread} of them read again alone"
        )
        if unread:
            message += (
                f"; {len(unread)} could not be read surely and are None: "
                + ", ".join(unread[:10])
                + (" …" if len(unread) > 10 else "")
            )
        where = cells[0][1].location
        diagnostics.append(diagnostic("PARSE-OCR", message, tuple(unread), where))
        if number == 2:
            read = tuple(address for address, cell in cells if cell.value is not None)
            if read:
                diagnostics.append(
                    diagnostic(
                        "PARSE-OCR-UNCHECKED",
                        f"table 二: {len(read)} value(s) read from a picture, and table 二 has "
                        "no sums to check them: compare them with the picture "
                        "(each cell's picture box says where it stood)",
                        read,
                        where,
                    )
                )


def _edition(
    out: Outline,
    t2: Region | None,
    t3: Region | None,
    has_tables: bool,
    diagnostics: list[Diagnostic],
) -> Edition | None:
    """The tables' own edition (header words, （六） sub-rows), else the year's."""
    by_year = None
    if out.year is not None and out.year >= 2019:
        by_year = Edition.E2019 if out.year <= 2020 else Edition.E2021
    evidence = edition_evidence(t2, t3)
    e2019, e2021 = evidence[Edition.E2019], evidence[Edition.E2021]
    if e2019 == e2021:
        by_tables = by_year if e2019 else None
    else:
        by_tables = Edition.E2019 if e2019 > e2021 else Edition.E2021
    if e2019 and e2021:
        diagnostics.append(
            diagnostic(
                "PARSE-EDITION-CONFLICT",
                f"the tables hold words of both editions (2019: {e2019}, 2021: {e2021}); "
                f"read as {tables_edition(by_tables or by_year)}",
            )
        )
    if by_tables is not None:
        if by_year is not None and by_tables is not by_year:
            diagnostics.append(
                diagnostic(
                    "PARSE-EDITION-YEAR",
                    f"the tables use the {by_tables} template in a report of {out.year}",
                )
            )
        return by_tables
    if by_year is None and has_tables and not (e2019 and e2021):  # a tie said so above
        diagnostics.append(
            diagnostic(
                "PARSE-EDITION-UNKNOWN",
                "neither the tables nor a year tell the template edition; read as 2021",
            )
        )
    return by_year
