"""Bytes and files: what kind of source they are, and how their text is encoded.

``parse_bytes`` sniffs the kind from the first bytes, not from a file name (a crawler
saves pages as ``.txt`` and PDFs as ``.bin``): ``%PDF-`` is a PDF, a zip archive holding
``word/document.xml`` is a DOCX, anything else is text, HTML or not.  Text is decoded
in this order:

1. a byte-order mark (UTF-8, UTF-16) says it;
2. bytes that are valid UTF-8 are UTF-8 (GBK text with Chinese in it practically never
   is, while pages re-saved as UTF-8 often still declare ``gb2312``);
3. the charset an HTML page declares (``<meta charset>``, ``http-equiv``), GB2312 and
   GBK read as their superset GB18030;
4. GB18030; and failing that, UTF-8 with the bad bytes replaced, with a diagnostic.

A file that cannot be read at all (a corrupt or hostile DOCX, a PDF without the
``[pdf]`` extra installed, a legacy ``.doc``) raises :class:`ReadError`; everything else
parses, with what could not be read in ``Report.diagnostics``.
"""

from __future__ import annotations

import codecs

import regex

from .._core.codes import diagnostic
from .._core.model import Diagnostic

_CHARSET = regex.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", regex.IGNORECASE
)
_GB = frozenset(("gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"))
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, diagnostics: list[Diagnostic]) -> str:
    """The text of a report's bytes (see the module's doc for the order of tries).

    A byte-order mark is believed only if the bytes after it decode in its encoding: a
    UTF-8 mark before GBK text (an editor's "save as UTF-8" that converted nothing) is
    dropped, the text read by the other tries, and the reader says so."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                diagnostics.append(
                    diagnostic(
                        "READ-ENCODING",
                        f"the bytes start with a {encoding} byte-order mark, but what "
                        f"follows is not {encoding}; read without it",
                    )
                )
                data = data[len(bom) :]
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    for candidate in (declared, "gb18030"):
        if candidate is None:
            continue
        try:
            return data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    diagnostics.append(
        diagnostic(
            "READ-ENCODING",
            "the bytes are neither UTF-8"
            + (f" nor the declared {declared}" if declared and declared != "gb18030" else "")
            + " nor GB18030; undecodable bytes were replaced with U+FFFD",
        )
    )
    return data.decode("utf-8", errors="replace")


def _declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data, 0, 4096)
    if m is None:
        return None
    name = m[1].decode("ascii").lower()
    if name in _GB:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def kind_of(data: bytes) -> str:
    """ "pdf", "docx", "doc" (legacy Word), "rtf", "zip" (another archive), "image" (a
    picture file: see ``picture_format``) or "text".

    Cheap for any input, and never raises.  A zip is a DOCX when its central directory
    names ``word/document.xml``, and "zip" when the directory is read and does not; a
    zip whose directory cannot be read (truncated, corrupt) is "docx" too, so that the
    DOCX reader refuses it with what is wrong ("not a DOCX file: the zip archive cannot
    be opened").  A PDF is ``%PDF-`` at the start, after at most a few bytes that are
    neither text nor markup."""
    if data.startswith(b"PK\x03\x04"):
        return "zip" if _names_document(data) is False else "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"{\\rtf":
        return "rtf"  # Word's "save as RTF", often named .doc
    if picture_format(data) is not None:
        return "image"
    return "pdf" if _is_pdf(data) else "text"


# The signatures of the picture files a report's tables come as (screenshots, scans).
_PICTURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def picture_format(data: bytes) -> str | None:
    """The format of a picture file ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WebP"), or
    None.  (A "BM" text is no BMP: a BMP's header says its own size.)"""
    for signature, name in _PICTURES:
        if data.startswith(signature):
            if name == "BMP" and int.from_bytes(data[2:6], "little") != len(data):
                continue
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return None


# PDF readers accept bytes before the header within the first KiB (what a mail or an
# HTTP wrapper left).  Bytes before it that hold a "<", or that are text, make a page
# or a text file that mentions "%PDF-", not a PDF.
_PDF_WITHIN = 1024


def _is_pdf(data: bytes) -> bool:
    at = data.find(b"%PDF-", 0, _PDF_WITHIN)
    if at <= 0:
        return at == 0
    junk = data[:at]
    return b"<" not in junk and not _is_text(junk)


def _is_text(data: bytes) -> bool:
    """Whether bytes are printed text: they decode (UTF-8 or GB18030) to printable
    characters and white space, some not white space."""
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not text.isspace() and all(c.isprintable() or c.isspace() for c in text)
    return False


# The zip records that locate the central directory (APPNOTE 4.3.14-16), and the
# directory's own file headers (4.3.12): signature, fixed size, and where the size of
# the next part, or the name's length, stands.
_END = b"PK\x05\x06"  # end of central directory: 22 bytes and a comment of <= 65535
_END_SIZE = 22
_END64_LOCATOR = b"PK\x06\x07"  # zip64 locator: 20 bytes right before _END
_END64 = b"PK\x06\x06"  # zip64 end of central directory
_HEADER = b"PK\x01\x02"  # a central directory file header: 46 bytes, then the name
_HEADER_SIZE = 46
_DOCUMENT = b"word/document.xml"


def _names_document(data: bytes) -> bool | None:
    """Whether a zip's central directory has an entry named ``word/document.xml``;
    None if the directory cannot be found.

    The directory is found as ``zipfile`` finds it (the end record, zip64 if need be,
    the directory right before it), and searched for the name with one byte search: a
    hit counts where it is the name of a file header.  Linear in the directory's size
    and in C, whatever the number of entries (a full ``zipfile`` listing of 100,000
    entries costs a third of a second)."""
    directory = _central_directory(data)
    if directory is None:
        return None
    start, end = directory
    at = data.find(_DOCUMENT, start + _HEADER_SIZE, end)
    while at >= 0:
        header = at - _HEADER_SIZE
        if data.startswith(_HEADER, header) and int.from_bytes(
            data[header + 28 : header + 30], "little"
        ) == len(_DOCUMENT):
            return True
        at = data.find(_DOCUMENT, at + 1, end)
    return False


def _central_directory(data: bytes) -> tuple[int, int] | None:
    """Start and end of a zip's central directory, or None if it cannot be found.  The
    end record is the last one, within its comment's reach of the end of the file,
    that points at a directory (a comment may hold the record's signature too)."""
    low = max(0, len(data) - _END_SIZE - 0xFFFF)
    end = data.rfind(_END, low)
    while end >= 0:
        directory = _directory_before(data, end)
        if directory is not None:
            return directory
        end = data.rfind(_END, low, end + len(_END) - 1)
    return None


def _directory_before(data: bytes, record: int) -> tuple[int, int] | None:
    """The central directory of the end record at ``record``, if it is one."""
    if record + _END_SIZE > len(data):
        return None
    entries = int.from_bytes(data[record + 10 : record + 12], "little")
    size = int.from_bytes(data[record + 12 : record + 16], "little")
    offset = int.from_bytes(data[record + 16 : record + 20], "little")
    comment = int.from_bytes(data[record + 20 : record + 22], "little")
    # The directory ends where the end records start (data prepended to the archive
    # shifts its offset, not this).
    end = record
    locator = record - 20
    zip64 = entries == 0xFFFF or 0xFFFFFFFF in (size, offset)
    if zip64 and locator >= 0 and data.startswith(_END64_LOCATOR, locator):
        # The zip64 record: where the locator says, or, with data prepended to the
        # archive, right before the locator (its fixed part is 56 bytes).
        end64 = int.from_bytes(data[locator + 8 : locator + 16], "little")
        if not data.startswith(_END64, end64):
            end64 = locator - 56
        if end64 >= 0 and data.startswith(_END64, end64):
            size = int.from_bytes(data[end64 + 40 : end64 + 48], "little")
            end = end64
    start = end - size
    if size:
        return (start, end) if start >= 0 and data.startswith(_HEADER, start) else None
    # An empty directory has no header to show for it: its record must end the file.
    return (start, end) if record + _END_SIZE + comment == len(data) else None
