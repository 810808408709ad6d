"""What a reader will take: the bounds that keep any input's cost in proportion.

Every bound is a field of :class:`Limits`, documented with its default in
docs/limits.md.  A reader checks each bound *before* it spends what the bound protects:
the bytes of a file before they are read, the tags of a page before a tree is built,
the unpacked size of a DOCX part while it is being unpacked.  Going over a bound is
:class:`LimitError`, a :class:`ReadError` that names the bound and its value, so that a
caller who trusts a large input can raise it::

    gr.parse_file(path, limits=gr.Limits(max_bytes=500 * 2**20))

``parse(str)`` never raises: there the same refusal is a ``READ-LIMIT`` diagnostic on
an empty report.
"""

from __future__ import annotations

import attrs

from .errors import ReadError

MiB = 1 << 20


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"Limits.{attribute.name} must be a positive int, not {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """Bounds on what the readers take.  The defaults are far above any real report
    (a real report is under 1 MB, a few thousand tags and a few hundred cells) and
    keep a hostile input's memory to a small multiple of its size.

    - ``max_bytes``: the input: bytes for ``parse_bytes`` and ``parse_file``, characters
      for ``parse``; also the unpacked size of a DOCX's ``word/document.xml``.
    - ``max_tags``: the tags of an HTML page.
    - ``max_docx_tags``: the tags of a DOCX's ``word/document.xml``.
    - ``max_docx_entries``: the entries of a DOCX archive.
    - ``max_expansion``: how many times the size of the DOCX file its
      ``word/document.xml`` may unpack to (real files: about ten; a small file of
      millions of empty paragraphs: hundreds).
    - ``max_blocks``: the paragraphs, rows and images a reader makes of a document.
    - ``max_cells``: the table cells a reader makes of a document.
    - ``max_row_cells``: the cells of one row; the cells after them are left out, with
      a ``READ-ROW-LIMIT`` warning (no statutory row has more than fifteen).
    - ``max_picture_pixels``: a picture read for its tables (the ``[ocr]`` extra); a
      larger one (its size is read from its header) is not decoded (``READ-LIMIT``).
      A page scanned at 300 dpi is about 9 million pixels.
    """

    max_bytes: int = attrs.field(default=100 * MiB, validator=_positive)
    max_tags: int = attrs.field(default=100_000, validator=_positive)
    max_docx_tags: int = attrs.field(default=1_000_000, validator=_positive)
    max_docx_entries: int = attrs.field(default=10_000, validator=_positive)
    max_expansion: int = attrs.field(default=100, validator=_positive)
    max_blocks: int = attrs.field(default=50_000, validator=_positive)
    max_cells: int = attrs.field(default=20_000, validator=_positive)
    max_row_cells: int = attrs.field(default=256, validator=_positive)
    max_picture_pixels: int = attrs.field(default=40_000_000, validator=_positive)


DEFAULT_LIMITS = Limits()


class LimitError(ReadError):
    """An input over one of the :class:`Limits`; the message names the bound."""

    def __init__(self, name: str, value: int, what: str) -> None:
        super().__init__(
            f"not read: {what} is over the limit Limits.{name} = {value} "
            f"(raise it with govinfo_report.Limits({name}=…) if the input is trusted)"
        )
        self.limit = name


def over(limits: Limits, name: str, count: int, what: str) -> None:
    """Raise ``LimitError`` if ``count`` is over the bound ``name``."""
    value: int = getattr(limits, name)
    if count > value:
        raise LimitError(name, value, what)
