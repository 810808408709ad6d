"""The consistency checker (勾稽关系): rules over a report's records, never over text.

Each rule is a small pure function registered with its code, severity and a one-line
description.  A rule evaluates relations between cell addresses; a relation with a
cell that is None is not evaluated (no guessing), and each rule says once, as
CHECK-SKIPPED, which of its relations it could not evaluate.  Where cells were recovered
from damaged text with a rule's relation, CHECK-RECOVERED says that the rule holds there
by construction.  Findings are sorted, so they do not depend on the order rules run in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from functools import cache
from itertools import pairwise

import attrs

from .._core.model import NUMERALS, Cell, Diagnostic, Edition, Severity, Value, tables_edition
from .._format.records import (
    COUNT,
    SIGNED,
    TABLE2_CLASSES,
    TABLE3_CLASSES,
    Column,
    Table4,
    layout,
)
from .._report.report import Report

Cells = Mapping[str, Value]


@attrs.frozen
class Rule:
    code: str
    severity: Severity
    description: str
    evaluate: Callable[[Report, Cells], Iterable[Diagnostic | Skipped]]


@attrs.frozen
class Skipped:
    """A relation a rule could not evaluate: its name and the cells that were None."""

    relation: str
    missing: tuple[str, ...]


RULES: dict[str, Rule] = {}


def rule(
    code: str, severity: Severity, description: str
) -> Callable[
    [Callable[[Report, Cells], Iterable[Diagnostic | Skipped]]],
    Callable[[Report, Cells], Iterable[Diagnostic | Skipped]],
]:
    """Register a rule function under its code."""

    def register(
        evaluate: Callable[[Report, Cells], Iterable[Diagnostic | Skipped]],
    ) -> Callable[[Report, Cells], Iterable[Diagnostic | Skipped]]:
        RULES[code] = Rule(code, severity, description, evaluate)
        return evaluate

    return register


def check(report: Report) -> tuple[Diagnostic, ...]:
    """Every finding of every rule on one report, sorted (code, addresses, message).

    A finding's location is where the first cell it names stood in the source.
    """
    records = report.cell_records()
    cells = {address: cell.value for address, cell in records.items()}
    findings: list[Diagnostic] = []
    for current in RULES.values():
        skipped: list[Skipped] = []
        for result in current.evaluate(report, cells):
            if isinstance(result, Skipped):
                skipped.append(result)
                continue
            if result.addresses and result.location is None:
                result = attrs.evolve(result, location=records[result.addresses[0]].location)
            findings.append(_from_pictures(result, records))
        if skipped:
            findings.append(_skipped(current, skipped))
    findings += _by_construction(records)
    return tuple(sorted(findings, key=_order))


def _from_pictures(finding: Diagnostic, records: Mapping[str, Cell]) -> Diagnostic:
    """A broken relation among cells read from a picture is most likely a misread (the
    recogniser's, not the report's): the finding names those cells and where they stood."""
    pictured = [a for a in finding.addresses if a in records and records[a].picture is not None]
    if not pictured or finding.severity is Severity.INFO:
        return finding
    where = []
    for address in pictured[:5]:
        picture = records[address].picture
        assert picture is not None
        where.append(f"{address} ({picture.image}, box {','.join(map(str, picture.box))})")
    more = f" and {len(pictured) - 5} more" if len(pictured) > 5 else ""
    note = (
        f" [{len(pictured)} of these cells were read from a picture, so a misread is the "
        f"likeliest cause: compare {'; '.join(where)}{more} with the picture]"
    )
    return attrs.evolve(finding, message=finding.message + note)


def _by_construction(records: Mapping[str, Cell]) -> list[Diagnostic]:
    """CHECK-RECOVERED, once per rule whose relation recovered cells were read with:
    that the rule finds nothing there is no confirmation, since those values were
    chosen to satisfy it."""
    used: dict[str, list[str]] = {}
    for address, cell in records.items():
        for code in (cell.recovered or "").split("+"):
            if code in RULES:
                used.setdefault(code, []).append(address)
    return [
        Diagnostic(
            "CHECK-RECOVERED",
            Severity.INFO,
            f"{code}: holds by construction for {len(addresses)} cell(s) that this relation "
            f"helped read (see PARSE-RECOVERED, PARSE-ROW-ALIGNED); it does not confirm "
            f"them: {_shown(addresses)}",
            tuple(addresses),
        )
        for code, addresses in used.items()
    ]


def _shown(addresses: Sequence[str]) -> str:
    more = len(addresses) - 5
    return ", ".join(addresses[:5]) + (f" and {more} more" if more > 0 else "")


def _order(d: Diagnostic) -> tuple[str, tuple[str, ...], str]:
    return d.code, d.addresses, d.message


def _skipped(current: Rule, skipped: list[Skipped]) -> Diagnostic:
    missing = sorted({a for s in skipped for a in s.missing})
    return Diagnostic(
        "CHECK-SKIPPED",
        Severity.INFO,
        f"{current.code}: {len(skipped)} relation(s) not checked, cells None: {_shown(missing)}",
        tuple(missing),
    )


# ------------------------------------------------------------------ names of cells


@cache
def _columns(edition: Edition) -> dict[str, Column]:
    classes = (TABLE2_CLASSES[edition], TABLE3_CLASSES[edition], Table4)
    return {c.address: c for cls in classes for c in layout(cls).cells}


def _name(edition: Edition, address: str) -> str:
    """A cell's Chinese name: "三 （七）总计 自然人", "三 （六）其他处理 3.其他 总计"."""
    column = _columns(edition)[address]
    table = NUMERALS[int(address[1]) - 1]
    return f"{table} {' '.join(column.row_path_labels)} {column.label}"


def _term(edition: Edition, address: str, left: str, value: Value) -> str:
    """A term of a sum, named by what tells it apart from the cell it should equal:
    its column within one row ("自然人 7"), else its row ("（三）不予公开 1.属于国家秘密 7")."""
    column, other = _columns(edition)[address], _columns(edition)[left]
    same_row = column.row_path_labels == other.row_path_labels
    return f"{column.label if same_row else ' '.join(column.row_path_labels)} {value}"


# ------------------------------------------------------------------ the relations


def _sum(cells: Cells, addresses: Sequence[str]) -> tuple[int | Decimal | None, tuple[str, ...]]:
    missing = tuple(a for a in addresses if cells.get(a) is None)
    if missing:
        return None, missing
    return sum((cells[a] or 0) for a in addresses), ()


def _equal(
    code: str,
    edition: Edition,
    cells: Cells,
    left: str,
    right: Sequence[str],
    relation: str,
) -> Iterator[Diagnostic | Skipped]:
    """``left == sum(right)``, as a finding that quotes both sides term by term."""
    value = cells.get(left)
    parts, missing = _sum(cells, right)
    if value is None or parts is None:
        yield Skipped(relation, ((left,) if value is None else ()) + missing)
        return
    if value == parts:
        return
    shown = [a for a in right if cells[a]] or list(right[:2])
    terms = " + ".join(_term(edition, a, left, cells[a]) for a in shown)
    if len(shown) < len(right):
        terms += " (others 0)"
    yield Diagnostic(
        code,
        RULES[code].severity,
        f"{_name(edition, left)}: {value} ≠ {parts} = {terms}",
        (left, *right),
    )


_APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_services")
_ALL_COLUMNS = (*_APPLICANTS, "other_org", "total")


def _results(edition: Edition) -> tuple[str, ...]:
    """The row addresses of table 三 whose sum is （七）总计, in template order."""
    rows = [row.address for row in layout(TABLE3_CLASSES[edition]).rows]
    return tuple(rows[rows.index("granted") : rows.index("total")])


@rule(
    "T3-BALANCE", Severity.ERROR, "per column: 一 新收 + 二 上年结转 = （七）总计 + 四 结转下年度"
)
def _t3_balance(report: Report, cells: Cells) -> Iterator[Diagnostic | Skipped]:
    if report.table3 is None:
        return
    edition = tables_edition(report.edition)
    for column in _ALL_COLUMNS:
        received = [f"t3.new_received.{column}", f"t3.carried_over.{column}"]
        handled = [f"t3.total.{column}", f"t3.carried_forward.{column}"]
        total_in, missing_in = _sum(cells, received)
        total_out, missing_out = _sum(cells, handled)
        if total_in is None or total_out is None:
            yield Skipped(f"T3-BALANCE {column}", missing_in + missing_out)
            continue
        if total_in != total_out:
            yield Diagnostic(
                "T3-BALANCE",
                Severity.ERROR,
                f"三 {_columns(edition)[received[0]].label}: 新收 {cells[received[0]]} + 上年结转 "
                f"{cells[received[1]]} = {total_in} ≠ {total_out} = 总计 {cells[handled[0]]}"
                f" + 结转下年度 {cells[handled[1]]}",
                (*received, *handled),
            )


@rule("T3-RESULTS", Severity.ERROR, "per column: （七）总计 = the sum of every result row")
def _t3_results(report: Report, cells: Cells) -> Iterator[Diagnostic | Skipped]:
    if report.table3 is None:
        return
    edition = tables_edition(report.edition)
    rows = _results(edition)
    for column in _ALL_COLUMNS:
        yield from _equal(
            "T3-RESULTS",
            edition,
            cells,
            f"t3.total.{column}",
            [f"t3.{row}.{column}" for row in rows],
            f"T3-RESULTS {column}",
        )


@rule(
    "T3-ROWSUM", Severity.ERROR, "per row of table 三: 总计 = the sum of the six applicant columns"
)
def _t3_rowsum(report: Report, cells: Cells) -> Iterator[Diagnostic | Skipped]:
    if report.table3 is None:
        return
    edition = tables_edition(report.edition)
    for row in layout(TABLE3_CLASSES[edition]).rows:
        yield from _equal(
            "T3-ROWSUM",
            edition,
            cells,
            f"t3.{row.address}.total",
            [f"t3.{row.address}.{c}" for c in (*_APPLICANTS, "other_org")],
            f"T3-ROWSUM {row.address}",
        )


@rule("T4-SUM", Severity.ERROR, "per group of table 四: 总计 = 维持 + 纠正 + 其他 + 尚未审结")
def _t4_sum(report: Report, cells: Cells) -> Iterator[Diagnostic | Skipped]:
    if report.table4 is None:
        return
    edition = tables_edition(report.edition)
    for group in ("review", "litigation_direct", "litigation_after_review"):
        yield from _equal(
            "T4-SUM",
            edition,
            cells,
            f"t4.{group}.total",
            [f"t4.{group}.{c}" for c in ("upheld", "corrected", "other", "pending")],
            f"T4-SUM {group}",
        )


def _table2_values(report: Report, cells: Cells) -> Iterator[tuple[Edition, Column, Value]]:
    """Each read cell of table 二 with its column."""
    if report.table2 is None:
        return
    edition = tables_edition(report.edition)
    for column in layout(TABLE2_CLASSES[edition]).cells:
        value = cells.get(column.address)
        if value is not None:
            yield edition, column, value


@rule("T2-NEGATIVE", Severity.ERROR, "table 二: no negative count or amount (2019 增/减 excepted)")
def _t2_negative(report: Report, cells: Cells) -> Iterator[Diagnostic | Skipped]:
    for edition, column, value in _table2_values(report, cells):
        if column.kind != SIGNED and value is not None and value < 0:
            yield Diagnostic(
                "T2-NEGATIVE",
                Severity.ERROR,
                f"{_name(edition, column.address)} is negative: {value}",
                (column.address,),
            )


@rule("T2-FRACTION", Severity.ERROR, "table 二: counts are whole numbers")
def _t2_fraction(report: Report, cells: Cells) -> Iterator[Diagnostic | Skipped]:
    for edition, column, value in _table2_values(report, cells):
        if column.kind == COUNT and isinstance(value, Decimal) and value != value.to_integral():
            yield Diagnostic(
                "T2-FRACTION",
                Severity.ERROR,
                f"{_name(edition, column.address)} is a count but reads {value}",
                (column.address,),
            )


@rule("NARR-MISMATCH", Severity.WARNING, "a number the text states differs from its table cells")
def _narrative(report: Report, cells: Cells) -> Iterator[Diagnostic | Skipped]:
    tables = {"t2": report.table2, "t3": report.table3, "t4": report.table4}
    edition = tables_edition(report.edition)
    for claim in report.claims:
        if tables[claim.addresses[0][:2]] is None:
            continue  # no table to compare with: the parse diagnostics say why
        total, missing = _sum(cells, claim.addresses)
        if total is None:
            yield Skipped(f"NARR-MISMATCH {claim.subject}", missing)
            continue
        if total != claim.value:
            names = " + ".join(_name(edition, a) for a in claim.addresses)
            yield Diagnostic(
                "NARR-MISMATCH",
                Severity.WARNING,
                f"the text says {claim.text!r} ({claim.value}); the table has {names} = {total}",
                claim.addresses,
                claim.location,
            )


# ------------------------------------------------------------------ across years


@attrs.frozen
class SeriesRule:
    code: str
    severity: Severity
    description: str
    evaluate: Callable[[Report, Report], Iterable[Diagnostic]]


SERIES_RULES: dict[str, SeriesRule] = {}


def series_rule(
    code: str, severity: Severity, description: str
) -> Callable[
    [Callable[[Report, Report], Iterable[Diagnostic]]],
    Callable[[Report, Report], Iterable[Diagnostic]],
]:
    """Register a rule over two consecutive years' reports."""

    def register(
        evaluate: Callable[[Report, Report], Iterable[Diagnostic]],
    ) -> Callable[[Report, Report], Iterable[Diagnostic]]:
        SERIES_RULES[code] = SeriesRule(code, severity, description, evaluate)
        return evaluate

    return register


def check_series(reports: Iterable[Report]) -> tuple[Diagnostic, ...]:
    """Rules across the reports of one organ, one per year, consecutive years.

    Raises ``ValueError`` if the reports are of different (or unknown) organs, lack a
    year, repeat a year or skip one: a cross-year relation over those would mislead.
    """
    ordered = sorted(reports, key=lambda r: r.year or 0)
    agencies = {r.agency for r in ordered}
    if None in agencies or len(agencies) > 1:
        raise ValueError(
            f"check_series takes the reports of one organ; got {sorted(map(str, agencies))}"
        )
    years = [r.year for r in ordered]
    if None in years:
        raise ValueError("check_series needs the year of every report; one has none")
    for previous, current in pairwise(ordered):
        if current.year != (previous.year or 0) + 1:
            raise ValueError(
                f"check_series takes consecutive years; got {previous.year} then {current.year}"
            )
    findings = [
        finding
        for previous, current in pairwise(ordered)
        for series in SERIES_RULES.values()
        for finding in series.evaluate(previous, current)
    ]
    return tuple(sorted(findings, key=_order))


@series_rule("X-CARRY", Severity.WARNING, "per column: 上年结转 = last year's 结转下年度")
def _x_carry(previous: Report, current: Report) -> Iterator[Diagnostic]:
    before, now = previous.cells(), current.cells()
    records = current.cell_records()
    for column in _ALL_COLUMNS:
        forward = before.get(f"t3.carried_forward.{column}")
        over = now.get(f"t3.carried_over.{column}")
        if forward is None or over is None or forward == over:
            continue
        address = f"t3.carried_over.{column}"
        yield Diagnostic(
            "X-CARRY",
            Severity.WARNING,
            f"{current.year} 三 上年结转·{_columns(Edition.E2021)[address].label} {over} ≠ "
            f"{previous.year} 结转下年度 {forward}",
            (address, f"t3.carried_forward.{column}"),
            records[address].location,
        )


@series_rule(
    "X-STOCK", Severity.INFO, "2021 table 二: 现行有效 = last year's + 本年制发 − 本年废止"
)
def _x_stock(previous: Report, current: Report) -> Iterator[Diagnostic]:
    if previous.edition is not Edition.E2021 or current.edition is not Edition.E2021:
        return
    before, now = previous.cells(), current.cells()
    for row in ("regulations", "normative_documents"):
        last = before.get(f"t2.{row}.in_force")
        issued, repealed, in_force = (
            now.get(f"t2.{row}.{c}") for c in ("issued", "repealed", "in_force")
        )
        if last is None or issued is None or repealed is None or in_force is None:
            continue
        expected = last + issued - repealed
        if expected != in_force:
            label = "规章" if row == "regulations" else "行政规范性文件"
            yield Diagnostic(
                "X-STOCK",
                Severity.INFO,
                f"{current.year} 二 {label} 现行有效 {in_force} ≠ {expected} = {previous.year} "
                f"现行有效 {last} + 本年制发 {issued} − 本年废止 {repealed}",
                (f"t2.{row}.in_force", f"t2.{row}.issued", f"t2.{row}.repealed"),
            )
