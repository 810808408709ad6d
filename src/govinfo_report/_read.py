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

from ._codes import diagnostic
from ._model import Diagnostic

_CHARSET = regex.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", regex.IGNORECASE
)
_GB = frozenset(("gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"))
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class ReadError(ValueError):
    """A file that cannot be read as a report: not the kind it looks like, corrupt,
    over a size limit, or needing an optional extra that is not installed.  The message
    says which."""


def decode(data: bytes, diagnostics: list[Diagnostic]) -> str:
    """The text of a report's bytes (see the module's doc for the order of tries)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
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
    """ "pdf", "docx", "doc" (legacy Word), "zip" (another archive) or "text"."""
    head = data[:1024]
    if head.startswith(b"PK\x03\x04"):
        # A DOCX is a zip whose entries name word/; the first entry is usually
        # [Content_Types].xml, so look in the central directory as well.
        return "docx" if b"word/" in data[-65536:] or b"word/" in head else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if b"%PDF-" in head:
        return "pdf"
    return "text"
