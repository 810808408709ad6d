"""A minimal PDF writer for tests that need more than test_pdf's pages of text and
lines: fonts of their own, and form XObjects (drawings placed as a unit, nested)."""

from __future__ import annotations


def pdf_of(objects: list[bytes], trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF of the given objects, numbered from 1; object 1 is the catalog unless the
    ``trailer`` dictionary's entries say otherwise."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def stream(content: bytes, entries: bytes = b"") -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(content), content)


def form(content: bytes, xobjects: dict[str, int] | None = None) -> bytes:
    """A form XObject over the whole page, drawing ``content``; ``xobjects`` names the
    forms it draws in turn (name -> object number)."""
    names = b" ".join(b"/%s %d 0 R" % (n.encode(), k) for n, k in (xobjects or {}).items())
    return stream(
        content,
        b"/Type /XObject /Subtype /Form /BBox [0 0 595 842]"
        b" /Resources << /XObject << %s >> >>" % names,
    )


def one_page(
    content: bytes, *, xobjects: dict[str, int] | None = None, font: bytes | None = None
) -> list[bytes]:
    """Objects 1-5 of a one-page A4 PDF: catalog, pages, page, its content, and font /F1
    (Helvetica unless ``font`` is given).  The page may draw the forms of ``xobjects``
    (name -> object number, numbered from 6 on, to be appended by the caller)."""
    names = b" ".join(b"/%s %d 0 R" % (n.encode(), k) for n, k in (xobjects or {}).items())
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources"
        b" << /Font << /F1 5 0 R >> /XObject << %s >> >> /Contents 4 0 R >>" % names,
        stream(content),
        font or b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def text(x: float, y: float, words: str | bytes, size: int = 10) -> bytes:
    raw = words.encode("latin-1") if isinstance(words, str) else words
    return b"BT /F1 %d Tf %s %s Td (%s) Tj ET\n" % (size, str(x).encode(), str(y).encode(), raw)


def lines(*segments: tuple[float, float, float, float]) -> bytes:
    drawn = [f"{x0} {y0} m {x1} {y1} l" for x0, y0, x1, y1 in segments]
    return ("0.5 w " + " ".join(drawn) + " S\n").encode()
