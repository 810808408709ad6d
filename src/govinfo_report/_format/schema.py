"""Row schemas as data: how observed row labels are recognised, per table and edition.

Each table row (by its address in ``_format.records``) lists the label variants real reports
use.  Every variant is reduced with ``label_key``; a variant is looked up exactly
against the end of a row's labels, and variants of four or more characters are also
found inside longer, run-together labels ("（四）无 1.本机关不掌握相关政府信息").  Short,
generic variants ("其他", "规章", "总计") are exact-only: they appear inside too many
other labels.
"""

from __future__ import annotations

from functools import cache

import attrs
import regex

from .._core.model import Edition
from .._core.normalize import LabelKey, label_key
from .records import (
    TABLE2_CLASSES,
    TABLE3_CLASSES,
    Layout,
    Table2Ed2019,
    Table2Ed2021,
    Table4,
    layout,
)

# Variants beyond the official label (which is always included).
_T3_ALIASES: dict[str, tuple[str, ...]] = {
    "new_received": ("本年新收政府信息公开申请数量", "本年新收", "新收政府信息公开申请"),
    "carried_over": (
        "上年结转政府信息公开申请数量",
        "上年结转",
        "上年转结政府信息公开申请数量",
        "上年转结",
    ),
    "granted": ("予以公开",),
    "partially_granted": ("部分公开",),
    "denied.state_secret": ("国家秘密",),
    "denied.prohibited_by_law": ("法律行政法规禁止公开",),
    "denied.security_stability": ("三安全一稳定",),
    "denied.third_party_rights": ("第三方合法权益",),
    "denied.internal_affairs": ("内部事务信息", "三类内容事务信息"),
    "denied.process_information": ("过程性信息",),
    "denied.enforcement_files": ("行政执法案卷",),
    "denied.inquiry_matters": ("行政查询事项",),
    "unavailable.not_held": ("不掌握相关政府信息",),
    "unavailable.needs_creation": ("没有现成信息", "另行制作"),
    "unavailable.unclear_after_correction": ("补正后申请内容仍不明确", "补正后申请内容"),
    "not_processed.complaint": ("信访举报投诉",),
    "not_processed.repeated": ("重复申请",),
    "not_processed.publication": ("公开出版物",),
    "not_processed.excessive": ("大量反复申请",),
    "not_processed.confirmation": ("重新出具已获取信息", "要求行政机关确认"),
    "other.no_correction": ("逾期不补正",),
    "other.unpaid_fee": ("收费通知", "缴纳费用"),
    "other.other": ("其他",),
    "other": ("其他处理",),
    "total": ("总计", "合计"),
    "carried_forward": ("结转下年度继续办理", "结转下年度", "结转下一年度"),
}

_T2_ALIASES: dict[str, tuple[str, ...]] = {
    "regulations": ("规章",),
    # A mirror converting to traditional script turned 文件 into 檔案.
    "normative_documents": ("行政规范性文件", "规范性文件", "行政规范性档案", "规范性档案"),
    "licensing": ("行政许可",),
    "other_services": ("其他对外管理服务事项", "对外管理服务事项"),
    "punishment": ("行政处罚",),
    "enforcement": ("行政强制",),
    "admin_fees": ("行政事业性收费", "事业性收费"),
    "procurement": ("政府集中采购", "集中采购"),
}

_T4_ALIASES: dict[str, tuple[str, ...]] = {
    "review": ("行政复议",),
    "litigation_direct": ("未经复议直接起诉", "直接起诉"),
    "litigation_after_review": ("复议后起诉",),
}

# Words of the table headers that only one edition prints.
EDITION_WORDS: dict[Edition, tuple[str, ...]] = {
    Edition.E2021: tuple(
        label_key(w)
        for w in (
            "本年制发件数",
            "本年废止件数",
            "现行有效件数",
            "本年收费金额",
            "逾期不补正",
            "收费通知",
            "缴纳费用",
        )
    ),
    Edition.E2019: tuple(
        label_key(w)
        for w in (
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量",
            "上一年项目数量",
            "本年增/减",
            "采购项目数量",
            "采购总金额",
            "其他对外管理服务事项",
            "政府集中采购",
        )
    ),
}

_UNORDERED = (Table2Ed2019, Table2Ed2021)

# The shortest variant length that may be found inside a longer label.
_MIN_CONTAINED = 4


# Column-header words: they stand over the columns of every table, so unnumbered they
# name no row; numbered ("（七）总计", "3.其他") they are row labels.
HEADER_WORDS = frozenset(("总计", "其他", "合计"))
# A label may carry this many characters beyond the row name found inside it
# ("（四）无 1.本机关不掌握相关政府信息"); more, and it is prose that mentions a row.
_CONTAINED_SLACK = 16
# Prose holds counts ("公开政府信息 1200 条"); statutory labels never hold two digits.
_TWO_DIGITS = regex.compile(r"\d\d")
# Bound on the memo of label keys per schema: hostile input cannot grow it without end.
_MEMO_LIMIT = 20000


@attrs.frozen
class TableSchema:
    """A table's rows (their widths, in template order) and the label keys that name them."""

    record: type  # the table record class
    layout: Layout
    widths: tuple[int, ...]  # number of cells of each row
    exact: dict[str, int]  # label key -> row index
    contained: tuple[tuple[str, int], ...]  # (key, row index), longest key first
    # Whether rows must appear in template order.  Table 二 is a set of separate
    # blocks, each row named unambiguously, and reports print the blocks in any order.
    ordered: bool
    _memo: dict[str | tuple[str, str], int | None] = attrs.field(factory=dict, eq=False, repr=False)

    def name_of(self, key: str) -> int | None:
        """The row a label's key names (the key exactly, or a distinctive row name
        inside it), or None.

        A label ending in a bracketed note (a ``LabelKey``) that does not name a row
        whole names the row its head names, if any: the note itself never names one
        ("规章（设区的市、自治州人民政府应提供相关数据）" is 规章; "其他主动公开文件（规范性
        文件以外）" is no row)."""
        memo = self._memo
        if type(key) is not LabelKey:
            if key in memo:
                return memo[key]
            index = self._named(key)
            if len(memo) < _MEMO_LIMIT:
                memo[key] = index
            return index
        head = key.head
        noted = (key, head)  # (memo entries of a plain key stay apart)
        if noted in memo:
            return memo[noted]
        index = self.exact.get(key)
        if index is None:
            index = None if head in HEADER_WORDS else self._named(head)
        if len(memo) < _MEMO_LIMIT:
            memo[noted] = index
        return index

    def _named(self, key: str) -> int | None:
        index = self.exact.get(key)
        if index is None and not _TWO_DIGITS.search(key):
            for name, row in self.contained:
                if name in key and len(key) - len(name) <= _CONTAINED_SLACK:
                    return row
        return index


def _schema(cls: type, aliases: dict[str, tuple[str, ...]]) -> TableSchema:
    table = layout(cls)
    exact: dict[str, int] = {}
    contained: list[tuple[str, int]] = []
    for index, row in enumerate(table.rows):
        for variant in (row.label, *aliases[row.address]):
            key = label_key(variant)
            if exact.setdefault(key, index) != index:  # pragma: no cover - data error
                raise AssertionError(f"label {variant!r} names two rows")
            if len(key) >= _MIN_CONTAINED and (key, index) not in contained:
                contained.append((key, index))
    contained.sort(key=lambda item: -len(item[0]))
    widths = tuple(len(row.columns) for row in table.rows)
    return TableSchema(cls, table, widths, exact, tuple(contained), cls not in _UNORDERED)


@cache
def table_schema(table: int, edition: Edition) -> TableSchema:
    """The schema of table 2, 3 or 4 in an edition."""
    if table == 2:
        return _schema(TABLE2_CLASSES[edition], _T2_ALIASES)
    if table == 3:
        return _schema(TABLE3_CLASSES[edition], _T3_ALIASES)
    # Table 四 is one data row of three groups; for alignment its "rows" are the groups.
    return _schema(Table4, _T4_ALIASES)


# Header and caption words of the tables that name no row (for ``vocabulary``).
_TABLE_WORDS = (
    "信息内容",
    "本年处理决定数量",
    "本年收费金额（单位：万元）",
    "本年收费金额",
    "（单位：万元）",
    "申请人情况",
    "法人或其他组织",
    "科研企业",  # for 科研机构 in some reports' headers
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "行政诉讼",
    "未经复议直接起诉",
    "复议后起诉",
    "三、本年度办理结果",
    *(f"第二十条第（{n}）项" for n in "一五六八九"),
)


@cache
def vocabulary() -> tuple[str, ...]:
    """Every word the tables print: row labels (as printed and their variants), group
    and column labels, header and caption words.  Used to cut labels that a flattened
    page ran together ("…现行有效件数规章") back into the words a table has."""
    words: set[str] = set(_TABLE_WORDS)
    for cls, aliases in (
        *((c, _T2_ALIASES) for c in TABLE2_CLASSES.values()),
        *((c, _T3_ALIASES) for c in TABLE3_CLASSES.values()),
        (Table4, _T4_ALIASES),
    ):
        for row in layout(cls).rows:
            words.update(label.split("·")[-1] for label in row.path_labels)
            words.update(aliases[row.address])
            words.update(column.label for column in row.columns)
    return tuple(sorted(words, key=lambda w: (-len(w), w)))
