"""Typed records for the statutory tables 二, 三 and 四, one class per table and edition.

Field names are the parts of the cell addresses of FORMAT.md (``t3.denied.state_secret.
natural_person`` is ``table3.denied.state_secret.natural_person``), and every field
carries its Chinese label in ``metadata["label"]``.  These classes are the single
source of the addresses: ``layout()`` walks them to produce the flat schema that table
assembly, ``Report.cells()``, the docs and the tests use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter
from typing import Any, TypeVar

import attrs

from .._core.model import MISSING_CELL, Cell, Edition

# Value kinds of a column: how its printed text is read (see _values).
COUNT = "count"
MONEY = "money"
SIGNED = "signed"


def _cell(label: str, kind: str = COUNT, unit: str | None = None) -> Any:
    metadata = {"label": label, "kind": kind} | ({"unit": unit} if unit else {})
    return attrs.field(default=MISSING_CELL, metadata=metadata)


def _part(cls: type, label: str) -> Any:
    return attrs.field(metadata={"label": label, "record": cls})


# ---------------------------------------------------------------- table 二, edition 2021


@attrs.frozen
class DocumentsRow2021:
    issued: Cell = _cell("本年制发件数")
    repealed: Cell = _cell("本年废止件数")
    in_force: Cell = _cell("现行有效件数")


@attrs.frozen
class DecisionsRow2021:
    decisions: Cell = _cell("本年处理决定数量")


@attrs.frozen
class FeesRow2021:
    amount: Cell = _cell("本年收费金额（单位：万元）", MONEY, "万元")


@attrs.frozen
class Table2Ed2021:
    """Table 二 (主动公开政府信息情况), edition 2021: 10 cells."""

    regulations: DocumentsRow2021 = _part(DocumentsRow2021, "规章")
    normative_documents: DocumentsRow2021 = _part(DocumentsRow2021, "行政规范性文件")
    licensing: DecisionsRow2021 = _part(DecisionsRow2021, "行政许可")
    punishment: DecisionsRow2021 = _part(DecisionsRow2021, "行政处罚")
    enforcement: DecisionsRow2021 = _part(DecisionsRow2021, "行政强制")
    admin_fees: FeesRow2021 = _part(FeesRow2021, "行政事业性收费")


# ---------------------------------------------------------------- table 二, edition 2019


@attrs.frozen
class DocumentsRow2019:
    made: Cell = _cell("本年新制作数量")
    published: Cell = _cell("本年新公开数量")
    total_public: Cell = _cell("对外公开总数量")


@attrs.frozen
class ItemsRow2019:
    previous_items: Cell = _cell("上一年项目数量")
    change: Cell = _cell("本年增/减", SIGNED)
    decisions: Cell = _cell("处理决定数量")


@attrs.frozen
class FeesRow2019:
    previous_items: Cell = _cell("上一年项目数量")
    change: Cell = _cell("本年增/减", SIGNED)


@attrs.frozen
class ProcurementRow2019:
    projects: Cell = _cell("采购项目数量")
    amount: Cell = _cell("采购总金额", MONEY)


@attrs.frozen
class Table2Ed2019:
    """Table 二 (主动公开政府信息情况), edition 2019: 22 cells."""

    regulations: DocumentsRow2019 = _part(DocumentsRow2019, "规章")
    normative_documents: DocumentsRow2019 = _part(DocumentsRow2019, "规范性文件")
    licensing: ItemsRow2019 = _part(ItemsRow2019, "行政许可")
    other_services: ItemsRow2019 = _part(ItemsRow2019, "其他对外管理服务事项")
    punishment: ItemsRow2019 = _part(ItemsRow2019, "行政处罚")
    enforcement: ItemsRow2019 = _part(ItemsRow2019, "行政强制")
    admin_fees: FeesRow2019 = _part(FeesRow2019, "行政事业性收费")
    procurement: ProcurementRow2019 = _part(ProcurementRow2019, "政府集中采购")


# ---------------------------------------------------------------- table 三


@attrs.frozen
class ApplicantsRow:
    """One row of table 三: the six applicant columns and their total."""

    natural_person: Cell = _cell("自然人")
    commercial: Cell = _cell("商业企业")
    research: Cell = _cell("科研机构")
    social_welfare: Cell = _cell("社会公益组织")
    legal_services: Cell = _cell("法律服务机构")
    other_org: Cell = _cell("其他")
    total: Cell = _cell("总计")


def _row(label: str) -> Any:
    return _part(ApplicantsRow, label)


@attrs.frozen
class Denied:
    state_secret: ApplicantsRow = _row("1.属于国家秘密")
    prohibited_by_law: ApplicantsRow = _row("2.其他法律行政法规禁止公开")
    security_stability: ApplicantsRow = _row("3.危及“三安全一稳定”")
    third_party_rights: ApplicantsRow = _row("4.保护第三方合法权益")
    internal_affairs: ApplicantsRow = _row("5.属于三类内部事务信息")
    process_information: ApplicantsRow = _row("6.属于四类过程性信息")
    enforcement_files: ApplicantsRow = _row("7.属于行政执法案卷")
    inquiry_matters: ApplicantsRow = _row("8.属于行政查询事项")


@attrs.frozen
class Unavailable:
    not_held: ApplicantsRow = _row("1.本机关不掌握相关政府信息")
    needs_creation: ApplicantsRow = _row("2.没有现成信息需要另行制作")
    unclear_after_correction: ApplicantsRow = _row("3.补正后申请内容仍不明确")


@attrs.frozen
class NotProcessed:
    complaint: ApplicantsRow = _row("1.信访举报投诉类申请")
    repeated: ApplicantsRow = _row("2.重复申请")
    publication: ApplicantsRow = _row("3.要求提供公开出版物")
    excessive: ApplicantsRow = _row("4.无正当理由大量反复申请")
    confirmation: ApplicantsRow = _row("5.要求行政机关确认或重新出具已获取信息")


@attrs.frozen
class OtherHandling2021:
    no_correction: ApplicantsRow = _row(
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    )
    unpaid_fee: ApplicantsRow = _row(
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    )
    other: ApplicantsRow = _row("3.其他")


@attrs.frozen
class Table3Ed2021:
    """Table 三 (收到和处理政府信息公开申请情况), edition 2021: 25 rows, 175 cells."""

    new_received: ApplicantsRow = _row("一、本年新收政府信息公开申请数量")
    carried_over: ApplicantsRow = _row("二、上年结转政府信息公开申请数量")
    granted: ApplicantsRow = _row("（一）予以公开")
    partially_granted: ApplicantsRow = _row(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    denied: Denied = _part(Denied, "（三）不予公开")
    unavailable: Unavailable = _part(Unavailable, "（四）无法提供")
    not_processed: NotProcessed = _part(NotProcessed, "（五）不予处理")
    other: OtherHandling2021 = _part(OtherHandling2021, "（六）其他处理")
    total: ApplicantsRow = _row("（七）总计")
    carried_forward: ApplicantsRow = _row("四、结转下年度继续办理")


@attrs.frozen
class Table3Ed2019:
    """Table 三 (收到和处理政府信息公开申请情况), edition 2019: 23 rows, 161 cells."""

    new_received: ApplicantsRow = _row("一、本年新收政府信息公开申请数量")
    carried_over: ApplicantsRow = _row("二、上年结转政府信息公开申请数量")
    granted: ApplicantsRow = _row("（一）予以公开")
    partially_granted: ApplicantsRow = _row(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    denied: Denied = _part(Denied, "（三）不予公开")
    unavailable: Unavailable = _part(Unavailable, "（四）无法提供")
    not_processed: NotProcessed = _part(NotProcessed, "（五）不予处理")
    other: ApplicantsRow = _row("（六）其他处理")
    total: ApplicantsRow = _row("（七）总计")
    carried_forward: ApplicantsRow = _row("四、结转下年度继续办理")


# ---------------------------------------------------------------- table 四


@attrs.frozen
class AppealsGroup:
    upheld: Cell = _cell("结果维持")
    corrected: Cell = _cell("结果纠正")
    other: Cell = _cell("其他结果")
    pending: Cell = _cell("尚未审结")
    total: Cell = _cell("总计")


@attrs.frozen
class Table4:
    """Table 四 (行政复议、行政诉讼情况), both editions: 15 cells."""

    review: AppealsGroup = _part(AppealsGroup, "行政复议")
    litigation_direct: AppealsGroup = _part(AppealsGroup, "行政诉讼·未经复议直接起诉")
    litigation_after_review: AppealsGroup = _part(AppealsGroup, "行政诉讼·复议后起诉")


AnyTable = Table2Ed2019 | Table2Ed2021 | Table3Ed2019 | Table3Ed2021 | Table4

TABLE2_CLASSES: dict[Edition, type[Table2Ed2019] | type[Table2Ed2021]] = {
    Edition.E2019: Table2Ed2019,
    Edition.E2021: Table2Ed2021,
}
TABLE3_CLASSES: dict[Edition, type[Table3Ed2019] | type[Table3Ed2021]] = {
    Edition.E2019: Table3Ed2019,
    Edition.E2021: Table3Ed2021,
}


# ---------------------------------------------------------------- the flat layout


@attrs.frozen
class Column:
    """One statutory cell of a table class, as data."""

    address: str  # "t3.denied.state_secret.natural_person"
    name: str  # "natural_person"
    row_path_labels: tuple[str, ...]  # ("（三）不予公开", "1.属于国家秘密")
    label: str  # "自然人"
    kind: str  # COUNT, MONEY or SIGNED
    unit: str | None  # the unit the template states for the column ("万元"), if any


@attrs.frozen
class Row:
    """One data row of a table class: its address and its columns, in order."""

    address: str  # "denied.state_secret"
    label: str
    path_labels: tuple[str, ...]
    columns: tuple[Column, ...]


@attrs.frozen
class Layout:
    """A table class seen as data: its prefix ("t3"), rows and cells in template order."""

    prefix: str
    rows: tuple[Row, ...]
    cells: tuple[Column, ...]


_PREFIX = {
    Table2Ed2019: "t2",
    Table2Ed2021: "t2",
    Table3Ed2019: "t3",
    Table3Ed2021: "t3",
    Table4: "t4",
}


_LAYOUTS: dict[type, Layout] = {}


def layout(cls: type) -> Layout:
    """The rows and cells of a table class, in template order, read off its fields."""
    known = _LAYOUTS.get(cls)
    if known is None:
        known = _LAYOUTS[cls] = _layout(cls)
    return known


def _layout(cls: type) -> Layout:
    prefix = _PREFIX[cls]
    rows: list[Row] = []

    def walk(record: type, path: tuple[str, ...], labels: tuple[str, ...]) -> None:
        fields = attrs.fields(record)
        if "record" not in fields[0].metadata:  # a row of cells
            row_address = ".".join(path)
            columns = tuple(
                Column(
                    address=f"{prefix}.{row_address}.{f.name}",
                    name=f.name,
                    row_path_labels=labels,
                    label=f.metadata["label"],
                    kind=f.metadata["kind"],
                    unit=f.metadata.get("unit"),
                )
                for f in fields
            )
            rows.append(Row(row_address, labels[-1], labels, columns))
            return
        for f in fields:
            walk(f.metadata["record"], (*path, f.name), (*labels, f.metadata["label"]))

    walk(cls, (), ())
    return Layout(prefix, tuple(rows), tuple(c for r in rows for c in r.columns))


T = TypeVar("T")


# How to build a record: (class, row address, None) for a row of cells, or
# (class, "", children) for a record of rows.  Precomputed once per table class.
_Plan = tuple[type, str, "tuple[_Plan, ...] | None"]


def _plan(record: type, path: str = "") -> _Plan:
    fields = attrs.fields(record)
    if "record" not in fields[0].metadata:
        return (record, path, None)
    prefix = path + "." if path else ""
    return (record, path, tuple(_plan(f.metadata["record"], prefix + f.name) for f in fields))


_PLANS: dict[type, _Plan] = {}


def build(cls: type[T], rows: Mapping[str, Sequence[Cell]]) -> T:
    """Build a table record from its rows' cells, keyed by row address, in column order.

    A row absent from ``rows`` gets ``MISSING_CELL`` in every column.
    """

    def make(plan: _Plan) -> Any:
        record, path, children = plan
        if children is None:
            cells = rows.get(path)
            return record(*cells) if cells is not None else record()
        return record(*[make(child) for child in children])

    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _plan(cls)
    result: T = make(plan)
    return result


_Getters = tuple[tuple[Row, Callable[[Any], Any], Callable[[Any], Any]], ...]
_GETTERS: dict[type, _Getters] = {}


def _getters(cls: type) -> _Getters:
    # attrgetter takes dotted paths and several names: one C call per row.
    getters = _GETTERS.get(cls)
    if getters is None:
        getters = _GETTERS[cls] = tuple(
            (row, attrgetter(row.address), attrgetter(*(c.name for c in row.columns)))
            for row in layout(cls).rows
        )
    return getters


def iter_cells(table: AnyTable) -> list[tuple[Column, Cell]]:
    """Every statutory cell of a table record with its column, in template order."""
    out: list[tuple[Column, Cell]] = []
    for row, get_row, get_cells in _getters(type(table)):
        cells = get_cells(get_row(table))
        if len(row.columns) == 1:
            cells = (cells,)
        out.extend(zip(row.columns, cells, strict=True))
    return out
