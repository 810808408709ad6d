"""Cell value rules (DESIGN.md "Cell values") and label keys."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from govinfo_report import CellKind
from govinfo_report._core.normalize import LABEL, classify, label_key


@pytest.mark.parametrize(
    ("raw", "kind", "value", "unit"),
    [
        ("0", CellKind.NUMBER, 0, None),
        ("１２", CellKind.NUMBER, 12, None),
        ("\u3000\u30003", CellKind.NUMBER, 3, None),
        ("0\u00a0", CellKind.NUMBER, 0, None),
        ("+3", CellKind.NUMBER, 3, None),
        ("-2", CellKind.NUMBER, -2, None),
        ("－2", CellKind.NUMBER, -2, None),
        ("\u22122", CellKind.NUMBER, -2, None),  # minus sign
        ("\u20112", CellKind.NUMBER, -2, None),  # non-breaking hyphen (Word's)
        ("\u2010", CellKind.DASH, 0, None),  # hyphen alone: "none", as "-" is
        ("1,234", CellKind.NUMBER, 1234, None),
        ("23246297.53", CellKind.NUMBER, Decimal("23246297.53"), None),
        ("103.3879万元", CellKind.NUMBER, Decimal("103.3879"), "万元"),
        ("251000元", CellKind.NUMBER, 251000, "元"),
        ("22（其中修订16件）", CellKind.NUMBER, 22, None),
        ("5件", CellKind.NUMBER, 5, "件"),
        ("", CellKind.BLANK, 0, None),
        ("\u3000", CellKind.BLANK, 0, None),
        ("—", CellKind.DASH, 0, None),
        ("——", CellKind.DASH, 0, None),
        ("-", CellKind.DASH, 0, None),
        ("/", CellKind.DASH, 0, None),
        ("无", CellKind.DASH, 0, None),
        ("约5", CellKind.TEXT, None, None),
        ("3 0", CellKind.TEXT, None, None),
        ("5件左右", CellKind.TEXT, None, None),
    ],
)
def test_cell_values(raw: str, kind: CellKind, value: object, unit: str | None) -> None:
    got = classify(raw)
    assert (got.kind, got.value, got.unit) == (kind, value, unit)
    assert type(got.value) is type(value)


@pytest.mark.parametrize(
    "raw",
    ["3.其他", "1.属于国家秘密", "（七）总计", "第二十条第（一）项", "商业\n企业", "2、重复申请"],
)
def test_labels_are_not_values(raw: str) -> None:
    assert classify(raw).kind is LABEL


@pytest.mark.parametrize(
    ("label", "key"),
    [
        (
            "（二）部分公开（区分处理的，只计这一情 形，不计其他情形）",
            "部分公开区分处理的只计这一情形不计其他情形",
        ),
        (
            "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)",
            "部分公开区分处理的只计这一情形不计其他情形",
        ),
        ("3.危及“三安全一稳定”", "危及三安全一稳定"),
        ('3. 危及"三安全一稳定"', "危及三安全一稳定"),
        ("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
        ("三、（一）予以公开", "予以公开"),
        ("1、本机关不掌握相关政府信息", "本机关不掌握相关政府信息"),
        ("本年增/减", "本年增减"),
    ],
)
def test_label_keys(label: str, key: str) -> None:
    assert label_key(label) == key


@given(st.text(alphabet="0123456789", min_size=1, max_size=40))
@example("9" * 30)
@example("1" * 31)  # one digit more than a number may have
@example("0")
def test_plain_digits_read_as_the_number_pattern_reads_them(digits: str) -> None:
    """``classify`` takes a shortcut for a cell of plain ASCII digits; a leading space
    sends the same text through the number pattern, which must read it the same."""
    assert classify(digits) == classify(" " + digits)
