"""The small value types every other module speaks: locations, cells, diagnostics, sections.

They are frozen, slotted attrs classes: cheap to build (a report holds a few hundred
cells), hashable, and safe to share between threads.  Table records live in
``_format.records``; the report itself in ``_report.report``.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

import attrs


class Severity(str, enum.Enum):
    """How much a diagnostic matters.  A ``str`` enum: ``Severity.ERROR == "error"``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


class Edition(str, enum.Enum):
    """The template edition of a report's tables (see FORMAT.md)."""

    E2019 = "2019"
    E2021 = "2021"

    def __str__(self) -> str:
        return self.value


def tables_edition(edition: Edition | None) -> Edition:
    """The edition tables are read in: the report's, or with none known, the current
    template's (2021); the parser says so with PARSE-EDITION-UNKNOWN."""
    return edition or Edition.E2021


class CellKind(str, enum.Enum):
    """How a statutory cell was written in the source."""

    NUMBER = "number"  # a printed number, possibly with a unit or a note: "3", "251000元"
    BLANK = "blank"  # an empty cell; template practice reads it as 0
    DASH = "dash"  # "—", "-", "/", "无": read as 0
    TEXT = "text"  # something that is not a number ("约5", "3 0"): value None
    MISSING = "missing"  # the parser did not find the cell at all: value None

    def __str__(self) -> str:
        return self.value


Value = int | Decimal | None

# Section and table numbers as the reports write them: NUMERALS[n - 1] for n = 1 … 6.
NUMERALS = "一二三四五六"


@attrs.frozen
class Location:
    """Where something stood in the source: 1-based line, 0-based character offset."""

    line: int
    offset: int


@attrs.frozen
class PictureReading:
    """Where a cell read from a picture stood, and how sure the recogniser was.

    ``image`` names the picture (its file name, or its name in the document); ``page``
    is the PDF page it was on (1-based), if any; ``box`` is (left, top, right, bottom)
    in the picture's pixels, after a scan's tilt was turned back; ``confidence`` is the
    recogniser's (0-1; None for a cell with no text); ``reread``: the cell was read
    again alone from its crop (see docs/ocr.md)."""

    image: str
    page: int | None
    box: tuple[int, int, int, int]
    confidence: float | None = None
    reread: bool = False


@attrs.frozen
class Cell:
    """One statutory cell: its value, the text it was read from, and where that text stood.

    ``line`` and ``offset`` are kept inline (not as a nested :class:`Location`) because a
    report holds hundreds of cells and building a second object for each one is a
    measurable share of the parse.  ``location`` gives them as a :class:`Location`.
    """

    value: Value
    raw: str
    kind: CellKind
    line: int | None = None
    offset: int | None = None
    # A unit printed inside the cell ("元", "万元"), if any.
    unit: str | None = None
    # None: read as printed.  Otherwise the value was recovered from damaged text (a
    # run of digits whose cell boundaries were lost, a number split in two, or slots
    # that stand in their columns more than one way), and this says what decided it:
    # the codes of the relations used, joined by "+"
    # ("T3-ROWSUM", "T3-ROWSUM+T3-RESULTS+T3-BALANCE", "T4-SUM"); "ONLY-SPLIT" when
    # the run could be cut only one way; "+EVERY-SPLIT" after the relation (or
    # "EVERY-SPLIT" alone) when the run reads several ways that all give this cell
    # the same value.  Such a value satisfies those relations by construction;
    # ``check`` says so instead of counting them as confirmed.
    recovered: str | None = None
    # Set for a cell read from a picture (the ``[ocr]`` extra): where it stood in the
    # picture and how sure the recogniser was.  Its value is checked by the table's
    # arithmetic like any other, and ``check`` says so where a relation breaks.
    picture: PictureReading | None = None

    @property
    def location(self) -> Location | None:
        if self.line is None or self.offset is None:
            return None
        return Location(self.line, self.offset)


MISSING_CELL = Cell(None, "", CellKind.MISSING)


@attrs.frozen
class Diagnostic:
    """Something the parser or the checker noticed.

    ``code`` is stable and documented in docs/diagnostics.md; ``addresses`` are the cell
    addresses involved (FORMAT.md); ``location`` is where in the source, when known.
    """

    code: str
    severity: Severity
    message: str
    addresses: tuple[str, ...] = ()
    location: Location | None = None


@attrs.frozen
class Section:
    """One of the six statutory sections: its number (1-6), heading and body text.

    ``start`` is the offset of the heading line, ``end`` the offset where the next
    section (or the document) ends; ``body_start`` is where the text after the heading
    begins.  ``text`` is the body as it stands in the source, stripped of surrounding
    blank space.
    """

    number: int
    heading: str
    text: str
    line: int
    start: int
    body_start: int
    end: int


@attrs.frozen
class Period:
    """The statistics period a report states ("统计期限自2023年1月1日至2023年12月31日")."""

    start: date
    end: date
