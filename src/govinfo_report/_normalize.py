"""Cheap, local normalisation: cell values and label keys.

Nothing here touches a whole document.  Cells and labels are short, so each is
translated with one ``str.translate`` table (full-width digits, brackets, spaces) and
matched with one precompiled pattern.  Both functions are pure and memoised: table
cells and labels repeat heavily within a report and across reports ("0", "（一）予以公开").
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

import regex

from ._model import CellKind, Value

# Full-width forms and the many spaces of real reports, mapped to their plain forms.
_TABLE: dict[int, str | None] = {0xFF10 + i: str(i) for i in range(10)}
_TABLE.update(
    {
        0xFF0E: ".",  # ．
        0xFF0C: ",",  # ，
        0xFF0D: "-",  # －
        0x2212: "-",  # − minus sign
        0xFF0B: "+",  # ＋
        0xFF0F: "/",  # ／
        0xFF08: "(",  # （
        0xFF09: ")",  # ）
        0xFF1A: ":",  # ：
        0x3001: "、",
        0x3000: " ",  # ideographic space
        0x00A0: " ",  # no-break space
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        # Invisible characters: a number or a label printed with one inside reads as
        # without it (the cell's raw text keeps it).
        0x00AD: None,  # soft hyphen
        0x200B: None,  # zero-width space
        0x200C: None,  # zero-width non-joiner
        0x200D: None,  # zero-width joiner
        0x200E: None,  # left-to-right mark
        0x200F: None,  # right-to-left mark
        0x2060: None,  # word joiner
        0xFEFF: None,  # BOM, zero-width no-break space
        0x201C: '"',
        0x201D: '"',
        0x2018: "'",
        0x2019: "'",
    }
)


def fold(text: str) -> str:
    """Map full-width digits, brackets and exotic spaces to plain ASCII forms."""
    return text if text.isascii() else text.translate(_TABLE)


# A printed number: optional sign, thousands separators, decimals, a unit, a note in
# brackets ("22(其中修订16件)").  Anchored and without nested quantifiers: linear.
# Digits are bounded: no count or amount has 30 digits, and int() refuses very long runs.
_NUMBER = regex.compile(
    r"(?P<sign>[+\-])?\s*(?P<int>\d{1,3}(?:,\d{3}){1,9}|\d{1,30})(?P<frac>\.\d{1,30})?\s*"
    r"(?P<unit>万元|元|件|个|项|次|条|人次|人)?\s*(?P<note>\([^()]*\))?"
)
# "—", "-", "/", "无", "——", "－" and the like: template practice for "none".
_DASH = regex.compile(r"[\-—–―/\\~〜无]+|[Nn]/?[Aa]")
# A label that starts with its numbering ("3.其他", "1、…"): never a value cell.
_NUMBERED_LABEL = regex.compile(r"\d{1,2}\s*[.、)]\s*\p{Han}")
_HAN = regex.compile(r"\p{Han}")
_DIGIT = regex.compile(r"\d")


class Classified(NamedTuple):
    """What a cell's text is: its kind (``LABEL`` for a label), value and printed unit."""

    kind: CellKind | None
    value: Value
    unit: str | None


LABEL = None  # the kind of a cell that is a label, not a value
_BLANK = Classified(CellKind.BLANK, 0, None)
_DASHED = Classified(CellKind.DASH, 0, None)
_LABEL = Classified(LABEL, None, None)
_TEXT = Classified(CellKind.TEXT, None, None)


@lru_cache(maxsize=8192)
def classify(raw: str) -> Classified:
    """Read a cell's text: a number, a blank, a dash, a label, or unreadable text.

    Unreadable text is what stands where a number should but is not one ("约5", "3 0"):
    it has a digit and at most three Chinese characters and is not a numbered label.
    """
    text = fold(raw).strip()
    if not text:
        return _BLANK
    m = _NUMBER.fullmatch(text)
    if m is not None:
        digits = m["int"].replace(",", "")
        value: Value
        if m["frac"]:
            try:
                value = Decimal(digits + m["frac"])
            except InvalidOperation:  # pragma: no cover - the pattern admits only digits
                return _TEXT
        else:
            value = int(digits)
        if m["sign"] == "-":
            value = -value
        return Classified(CellKind.NUMBER, value, m["unit"])
    if _DASH.fullmatch(text):
        return _DASHED
    if _DIGIT.search(text) and not _NUMBERED_LABEL.match(text) and len(text) <= 12:
        han = len(_HAN.findall(text))
        if han <= 3:
            return _TEXT
    return _LABEL


# Leading numbering of a label: "一、", "（一）", "1.", "1、", "(1)", "三、" …, possibly
# several ("三、（一）").  Chinese numerals need their delimiter so "三安全一稳定" stays.
_NUMBERING = regex.compile(
    r"^(?:\s*(?:\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|[一二三四五六七八九十]{1,3}\s*[、.]"
    r"|\d{1,2}\s*[、.)]))+"
)
_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")


@lru_cache(maxsize=8192)
def label_key(label: str) -> str:
    """A label reduced to what identifies it: no numbering, spaces or punctuation.

    ``label_key("（二）部分公开（区分处理的，只计这一情 形，不计其他情形）")`` is
    ``"部分公开区分处理的只计这一情形不计其他情形"``.
    """
    text = _NUMBERING.sub("", fold(label))
    return _NOT_WORD.sub("", text)


@lru_cache(maxsize=8192)
def is_numbered(label: str) -> bool:
    """Whether a label starts with its numbering ("3.其他", "（七）总计")."""
    return _NUMBERING.match(fold(label)) is not None
