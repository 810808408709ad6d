"""The report: metadata, sections, the three table records, diagnostics."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import attrs

from .._core.model import (
    MISSING_CELL,
    Cell,
    Diagnostic,
    Edition,
    Period,
    Section,
    Value,
    tables_edition,
)
from .._format.records import (
    TABLE2_CLASSES,
    TABLE3_CLASSES,
    Table2Ed2019,
    Table2Ed2021,
    Table3Ed2019,
    Table3Ed2021,
    Table4,
    iter_cells,
    layout,
)
from .._outline.narrative import Claim, ProcessingFees


@attrs.frozen(repr=False)
class Report:
    """One parsed report.  Build it with :func:`govinfo_report.parse`.

    A table is ``None`` when the report does not hold it in readable form (an image, or
    nothing under its heading); ``diagnostics`` says why.  ``edition`` is the template
    edition of the tables (from their own headers and rows, else from the year).
    """

    title: str | None = None
    agency: str | None = None
    year: int | None = None
    edition: Edition | None = None
    period: Period | None = None
    signature_date: date | None = None
    sections: tuple[Section, ...] = ()
    table2: Table2Ed2019 | Table2Ed2021 | None = None
    table3: Table3Ed2019 | Table3Ed2021 | None = None
    table4: Table4 | None = None
    # What the text says: numbers it states for table cells, and the 信息处理费 statement.
    claims: tuple[Claim, ...] = ()
    processing_fees: ProcessingFees | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    def __repr__(self) -> str:
        """One short line: organ, year, edition, cells read, diagnostics by severity
        (the whole record is ``to_dict()``)."""
        values = self.cells().values()
        read = sum(v is not None for v in values)
        severities = Counter(d.severity.value for d in self.diagnostics)
        said = ", ".join(f"{n} {s}" for s, n in sorted(severities.items())) or "no diagnostics"
        edition = "edition ?" if self.edition is None else f"{self.edition} edition"
        return (
            f"<Report {self.agency or '?'} {self.year or '?'} {edition}: "
            f"{read}/{len(values)} cells read, {said}>"
        )

    def section(self, number: int) -> Section | None:
        """Section 1-6 (一 … 六), or None if its heading was not found."""
        return next((s for s in self.sections if s.number == number), None)

    def cell_records(self) -> dict[str, Cell]:
        """Every statutory address of the edition mapped to its :class:`Cell`.

        Cells of an absent table are ``MISSING``.  With no edition at all (no tables and
        no year) the addresses of the current template, edition 2021, are used.
        """
        out: dict[str, Cell] = {}
        for cls, table in self._tables():
            if table is None:
                out.update((column.address, MISSING_CELL) for column in layout(cls).cells)
            else:
                out.update((column.address, cell) for column, cell in iter_cells(table))
        return out

    def cells(self) -> dict[str, Value]:
        """Every statutory address of the edition mapped to its value (None if not found)."""
        out: dict[str, Value] = {}  # (``cell_records``' walk, writing the values at once)
        for cls, table in self._tables():
            if table is None:
                out.update((column.address, None) for column in layout(cls).cells)
            else:
                for column, cell in iter_cells(table):
                    out[column.address] = cell.value
        return out

    def _tables(self) -> zip[tuple[type, Any]]:
        """Each table's record class in the report's edition (2021 with none known),
        with the table (None where absent)."""
        edition = tables_edition(self.edition)
        classes = (TABLE2_CLASSES[edition], TABLE3_CLASSES[edition], Table4)
        return zip(classes, (self.table2, self.table3, self.table4), strict=True)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``Report.from_dict`` gives back an equal report."""
        from .convert import converter

        result: dict[str, Any] = converter.unstructure(self)
        return result

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """The report a ``to_dict`` result describes.

        Values are taken as the JSON types ``to_dict`` writes, never converted: a float,
        a string or a bool where an integer belongs, or a number where a string belongs,
        is refused.  Raises ``ValueError`` if the data is not such a result, its message
        naming every offending path and what stood there ("expected an integer, not
        2023.9 (float) @ $.year").
        """
        from .convert import structure

        return structure(data, cls)

    def to_json(self, *, indent: int | None = None) -> str:
        """The report as JSON text (non-ASCII kept as is)."""
        from .convert import converter

        return converter.dumps(self, ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> Report:
        """The report a ``to_json`` result describes; ``ValueError`` if it is not one."""
        import json

        return cls.from_dict(json.loads(text))
