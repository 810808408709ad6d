"""One row per report of a batch: what it is, what was read, the figures people count.

``summarize`` turns ``parse_many``'s results (or ``Report``s) into ``ReportSummary``
records, one per file in order, the files that could not be read included; the same
organ and year met twice is a ``BATCH-DUPLICATE`` finding on the later file.  ``status``
says what kind of thing a result is, so that a folder's failures, empty files, pictures
and pages that are no report are counted, not mistaken for reports with cells missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

import attrs

from .._check.rules import check
from .._core.codes import diagnostic
from .._core.model import Cell, Diagnostic, Severity
from .._report.report import Report
from .results import ParseResult, ParseSuccess

Status = Literal["ok", "failed", "empty", "image-only", "not-a-report"]
STATUSES: tuple[Status, ...] = ("ok", "failed", "empty", "image-only", "not-a-report")

# The key figures: a column name and the cell addresses whose sum it is (a lawsuit is
# filed directly or after a review).  Data, so a figure is added in one place.
KEY_FIGURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("received", ("t3.new_received.total",)),
    ("carried_over", ("t3.carried_over.total",)),
    ("processed", ("t3.total.total",)),
    ("granted", ("t3.granted.total",)),
    ("carried_forward", ("t3.carried_forward.total",)),
    ("reviews", ("t4.review.total",)),
    ("lawsuits", ("t4.litigation_direct.total", "t4.litigation_after_review.total")),
    ("licensing_decisions", ("t2.licensing.decisions",)),
    ("punishment_decisions", ("t2.punishment.decisions",)),
    ("enforcement_decisions", ("t2.enforcement.decisions",)),
)

# The codes that make a report's status other than "ok", the first found deciding: a
# report not read at all (over a limit, the parser's own failure) is "failed" as a file
# that could not be read is.
_STATUS_CODES: tuple[tuple[str, Status], ...] = (
    ("READ-LIMIT", "failed"),
    ("PARSE-INTERNAL", "failed"),
    ("READ-EMPTY", "empty"),
    ("READ-IMAGE", "image-only"),
    ("READ-PATH-AS-TEXT", "not-a-report"),
)
# With no cell read: tables that are pictures, pages that are scans.
_PICTURE_CODES = frozenset(("PARSE-TABLE-IMAGE", "READ-NO-TEXT"))


def status_of(report: Report, cells_read: int | None = None) -> Status:
    """What a parsed report is: ``failed`` (not read: over a limit, or the parser
    failed), ``empty`` (no text), ``image-only`` (a picture, or no cell read and its
    tables pictures or its pages scans), ``not-a-report`` (no statutory structure at
    all), else ``ok`` (which may still have errors)."""
    codes = {d.code for d in report.diagnostics}
    for code, status in _STATUS_CODES:
        if code in codes:
            return status
    if cells_read is None:
        cells_read = sum(c.value is not None for c in report.cell_records().values())
    if codes & _PICTURE_CODES and cells_read == 0:
        return "image-only"
    if "PARSE-NOT-A-REPORT" in codes:
        return "not-a-report"
    return "ok"


# The diagnostics whose message says why a report counted as failed was not read.
_FAILED_CODES = frozenset(code for code, status in _STATUS_CODES if status == "failed")


@attrs.frozen
class ReportSummary:
    """One report (or one file that could not be read) of a batch, in one flat row.

    ``status`` is ``ok``, ``failed`` (no report: ``error`` says why), ``empty``,
    ``image-only`` or ``not-a-report``.  ``errors`` and ``warnings`` count the parser's
    diagnostics and the check's findings together (a failed file: one error,
    ``READ-ERROR``); ``cells_read`` and ``cells_unread`` count the statutory cells with
    a value and with None.  The key figures are the cells' values (``lawsuits`` adds
    up the two kinds); None where a cell is unread.  ``duplicate_of`` is the source of
    an earlier file of the batch with the same organ and year.
    """

    source: str
    status: Status
    agency: str | None = None
    year: int | None = None
    edition: str | None = None
    errors: int = 0
    warnings: int = 0
    cells_read: int = 0
    cells_unread: int = 0
    received: int | None = None
    carried_over: int | None = None
    processed: int | None = None
    granted: int | None = None
    carried_forward: int | None = None
    reviews: int | None = None
    lawsuits: int | None = None
    licensing_decisions: int | None = None
    punishment_decisions: int | None = None
    enforcement_decisions: int | None = None
    duplicate_of: str | None = None
    error: str | None = None
    # The diagnostics and findings counted above (not a column of the flat row).
    findings: tuple[Diagnostic, ...] = attrs.field(default=(), repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The row as a plain dict, in ``SUMMARY_FIELDS`` order (no ``findings``)."""
        return {name: getattr(self, name) for name in SUMMARY_FIELDS}


# The columns of a summary row, in order (the CSV header of ``govinfo-report summary``).
SUMMARY_FIELDS: tuple[str, ...] = tuple(
    f.name for f in attrs.fields(ReportSummary) if f.name != "findings"
)


def summarize(
    results: Iterable[ParseResult | Report], *, findings: bool = True
) -> Iterator[ReportSummary]:
    """One ``ReportSummary`` per result, in order, as the results come.

    Takes ``parse_many``'s results (a failed file is a ``failed`` row) or ``Report``s
    (their source is their position, "#1", "#2", …).  ``findings=False`` counts the
    parser's diagnostics only, without running ``check``.  A report of an organ and
    year met before in the batch gets a ``BATCH-DUPLICATE`` warning naming the first
    file (reports with no organ or no year are never duplicates: nothing says they are
    the same report)."""
    duplicates = Duplicates()
    for index, item in enumerate(results, 1):
        if isinstance(item, Report):
            item = ParseSuccess(f"#{index}", item)
        yield duplicates.note(summary_of(item, findings=findings))


class Duplicates:
    """The organs and years of a batch so far: the first file of each.

    Only reports read (status ``ok``, a cell read at least) count: a page that only
    links to the report, or shows its tables as pictures, is neither the first of an
    organ's year nor a duplicate of it."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, int], tuple[int, str]] = {}
        self.seen = 0

    def note(self, summary: ReportSummary) -> ReportSummary:
        """The summary, with a ``BATCH-DUPLICATE`` finding if its organ and year were
        met before in another file of the batch (the same path named twice too)."""
        self.seen += 1
        if summary.status != "ok" or not summary.cells_read:
            return summary
        if summary.agency is None or summary.year is None:
            return summary
        key = (summary.agency, summary.year)
        index, earlier = self.first.setdefault(key, (self.seen, summary.source))
        if index == self.seen:
            return summary
        note = diagnostic(
            "BATCH-DUPLICATE",
            f"the same organ and year as {earlier}: {summary.agency} {summary.year}",
        )
        return attrs.evolve(
            summary,
            duplicate_of=earlier,
            warnings=summary.warnings + 1,
            findings=(*summary.findings, note),
        )


def summary_of(result: ParseResult, *, findings: bool = True) -> ReportSummary:
    """The summary row of one result (no duplicate detection: that needs the batch)."""
    if result.report is None:
        error = result.error or "no report"
        note = diagnostic("READ-ERROR", error)
        return ReportSummary(result.path, "failed", errors=1, error=error, findings=(note,))
    report = result.report
    said = (*report.diagnostics, *(check(report) if findings else ()))
    cells = report.cell_records()
    read = sum(cell.value is not None for cell in cells.values())
    figures: dict[str, Any] = {name: _figure(cells, addresses) for name, addresses in KEY_FIGURES}
    status = status_of(report, read)
    reason = None
    if status == "failed":
        reason = next(d.message for d in report.diagnostics if d.code in _FAILED_CODES)
    return ReportSummary(
        result.path,
        status,
        error=reason,
        agency=report.agency,
        year=report.year,
        edition=None if report.edition is None else str(report.edition),
        errors=sum(d.severity is Severity.ERROR for d in said),
        warnings=sum(d.severity is Severity.WARNING for d in said),
        cells_read=read,
        cells_unread=len(cells) - read,
        findings=said,
        **figures,
    )


def _figure(cells: dict[str, Cell], addresses: tuple[str, ...]) -> int | None:
    """The sum of the cells' values; None if any is unread (or not a count)."""
    total = 0
    for address in addresses:
        cell = cells.get(address)
        if cell is None or not isinstance(cell.value, int):
            return None
        total += cell.value
    return total
