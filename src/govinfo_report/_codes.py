"""The registry of diagnostic codes the parser emits: code, severity, meaning, remedy.

docs/diagnostics.md documents every code here, and a test keeps the two in sync.
Codes are part of the public contract: they never change meaning between releases.
"""

from __future__ import annotations

import attrs

from ._model import Diagnostic, Location, Severity


@attrs.frozen
class Code:
    code: str
    severity: Severity
    meaning: str
    remedy: str


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code(
            "PARSE-TABLE-IMAGE",
            _W,
            "A statutory table was pasted as an image (an `[image: …]` placeholder stands "
            "where the table should be); the table is `None`.",
            "Read the numbers from the image by hand or OCR; the parser cannot.",
        ),
        Code(
            "PARSE-TABLE-MISSING",
            _W,
            "No statutory table was found under the section heading (or the heading is "
            "missing); the table is `None`.",
            "Check that the input holds the whole report; if the table is in another "
            "form (a separate attachment), parse that.",
        ),
        Code(
            "PARSE-ROW-MISSING",
            _W,
            "A table was found but one of its statutory rows was not; that row's cells are `None`.",
            "Look at the row in the source: it may be absent, merged into another row, or "
            "labelled beyond recognition.",
        ),
        Code(
            "PARSE-ROW-WIDTH",
            _W,
            "A row was found, but the number of values on it does not fit the row's "
            "columns, and which value belongs to which column cannot be told; its cells "
            "are `None`.",
            "Read the row in the source; cells may be merged, split or missing.",
        ),
        Code(
            "PARSE-ROW-BY-ORDER",
            _I,
            "A row of numbers whose label was not recognised was placed by its position "
            "between two recognised rows.",
            "Check the row's label in the source if the value matters.",
        ),
        Code(
            "PARSE-ROW-UNMATCHED",
            _W,
            "A row of numbers inside a table region matches no statutory row (or repeats "
            "one already read); its numbers are not in any cell.",
            "Look at the source line named in the location; it may be a non-standard row.",
        ),
        Code(
            "PARSE-ROW-SUBTOTAL",
            _I,
            "A non-standard subtotal row (小计) was recognised and left out of the "
            "statutory cells.",
            "Nothing to do; the subtotal is implied by the statutory rows.",
        ),
        Code(
            "PARSE-COLUMN-SUBTOTAL",
            _I,
            "An extra 法人或其他组织小计 column in table 三 was recognised and left out of "
            "the statutory cells.",
            "Nothing to do; the subtotal is implied by the five organisation columns.",
        ),
        Code(
            "PARSE-CELL-UNREADABLE",
            _W,
            "A cell where a number belongs holds text that is not a number ('约5', '3 0'); "
            "its value is `None`, its text is kept in `raw`.",
            "Read the cell in the source and decide its value yourself.",
        ),
        Code(
            "PARSE-TITLE-MISSING",
            _W,
            "No title of the form '〈机关〉〈年〉年政府信息公开工作年度报告' was found; the "
            "organ (and perhaps the year) is unknown.",
            "Supply the organ and year from where the report was published.",
        ),
        Code(
            "PARSE-YEAR-CONFLICT",
            _W,
            "The report states more than one year: a second title line, or a statistics "
            "period of another year.  The title's year is kept.",
            "Check which year the report covers; a copied template often leaves last "
            "year's title behind.",
        ),
        Code(
            "PARSE-EDITION-UNKNOWN",
            _W,
            "Neither the tables nor the year tell the template edition; the tables were "
            "read as edition 2021.",
            "Check the edition of table 二 and （六）其他处理 in the source.",
        ),
        Code(
            "PARSE-EDITION-CONFLICT",
            _W,
            "Table 二 and table 三 point to different template editions; the edition with "
            "more evidence was used.",
            "Check the tables in the source: a report mixing templates needs a reader.",
        ),
        Code(
            "PARSE-EDITION-YEAR",
            _I,
            "The tables use a template edition other than the one in force for the "
            "report's year; the tables' own edition was used.",
            "Nothing to do unless the year itself is wrong.",
        ),
        Code(
            "PARSE-SECTION-MISSING",
            _I,
            "One of the six statutory sections has no recognisable heading.",
            "Nothing to do unless the section's table is also missing.",
        ),
        Code(
            "PARSE-PLACEHOLDER",
            _W,
            "An unfilled template placeholder ('[具体地名]', '（文字描述）') is left in the text.",
            "Tell the organ: the published report still holds template text.",
        ),
        Code(
            "PARSE-INTERNAL",
            _E,
            "The parser met a state it does not handle and stopped early; what it had "
            "read so far is returned.  This is a bug in govinfo_report.",
            "Please report it with the input that caused it.",
        ),
    )
}


def diagnostic(
    code: str,
    message: str,
    addresses: tuple[str, ...] = (),
    location: Location | None = None,
) -> Diagnostic:
    """A diagnostic with the registered severity of its code."""
    return Diagnostic(code, CODES[code].severity, message, addresses, location)
