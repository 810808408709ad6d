"""The registry of diagnostic codes the parser emits, with their severities.

What each code means and what a user should do about it is documented in
docs/diagnostics.md; a test keeps that page and this registry in sync.  Codes are part
of the public contract: they never change meaning between releases.
"""

from __future__ import annotations

from .model import Diagnostic, Location, Severity

_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES: dict[str, Severity] = {
    "PARSE-TABLE-IMAGE": _W,
    "PARSE-TABLE-MISSING": _W,
    "PARSE-ROW-MISSING": _W,
    "PARSE-ROW-WIDTH": _W,
    "PARSE-ROW-SHORT": _W,
    "PARSE-ROW-ALIGNED": _I,
    "PARSE-ROW-VANISHED": _I,
    "PARSE-ROW-BY-ORDER": _I,
    "PARSE-ROW-UNMATCHED": _W,
    "PARSE-ROW-SUBTOTAL": _I,
    "PARSE-COLUMN-SUBTOTAL": _I,
    "PARSE-CELL-UNREADABLE": _W,
    "PARSE-CELL-UNIT": _I,
    "PARSE-TITLE-MISSING": _W,
    "PARSE-YEAR-CONFLICT": _W,
    "PARSE-EDITION-UNKNOWN": _W,
    "PARSE-EDITION-CONFLICT": _W,
    "PARSE-EDITION-YEAR": _I,
    "PARSE-SECTION-MISSING": _I,
    "PARSE-PLACEHOLDER": _W,
    "PARSE-RECOVERED": _I,
    "PARSE-OCR": _I,
    "PARSE-OCR-UNCHECKED": _W,
    "PARSE-RECOVERY-AMBIGUOUS": _W,
    "PARSE-RECOVERY-CUTOFF": _W,
    "PARSE-INTERNAL": _E,
    "PARSE-NOT-A-REPORT": _E,
    "READ-ENCODING": _W,
    "READ-NO-TEXT": _W,
    "READ-LIMIT": _E,
    "READ-ROW-LIMIT": _W,
    "READ-HTML-UNCLOSED": _W,
    "READ-HTML-EMPTY": _E,
    "READ-EMPTY": _E,
    "READ-IMAGE": _E,
    "READ-PATH-AS-TEXT": _E,
    # A batch's own findings (parse_many, summarize, the command line): a file that could
    # not be read at all, and one organ's report of one year met twice.
    "READ-ERROR": _E,
    "BATCH-DUPLICATE": _W,
}


def diagnostic(
    code: str,
    message: str,
    addresses: tuple[str, ...] = (),
    location: Location | None = None,
) -> Diagnostic:
    """A diagnostic with the registered severity of its code."""
    return Diagnostic(code, CODES[code], message, addresses, location)
