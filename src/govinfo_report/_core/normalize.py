"""Cheap, local normalisation: cell values, label keys and the matching form of titles.

Nothing here touches a whole document.  Cells and labels are short, so each is
translated with one ``str.translate`` table (full-width digits, brackets, spaces, and
the traditional characters of the parser's words) and matched with one precompiled
pattern.  Both functions are pure and memoised: table cells and labels repeat heavily
within a report and across reports ("0", "（一）予以公开").  What the source printed
(a cell's raw text, a report's title and organ) is never rewritten: only the strings
that are matched are folded.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

import regex

from .model import CellKind, Value

# Full-width forms and the many spaces of real reports, mapped to their plain forms.
_TABLE: dict[int, str | None] = {0xFF10 + i: str(i) for i in range(10)}
_TABLE.update(
    {
        0xFF0E: ".",  # ．
        0xFF0C: ",",  # ，
        0xFF0D: "-",  # －
        0x2212: "-",  # − minus sign
        0x2010: "-",  # ‐ hyphen
        0x2011: "-",  # ‑ non-breaking hyphen (Word's, typed before a number)
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

# Traditional characters of the words the parser matches (row labels, table words,
# section headings, titles, the statistics period, page chrome), each followed by its
# simplified form.  They ride in the same translate table, so a traditional page's
# labels, headings and titles read as their simplified forms at no extra cost; nothing
# else of a page is converted.  Characters that simplified text also uses for other
# words (著, 乾, 隻) are not listed, with one exception: 覆, which traditional text
# writes for 复 in 反覆 and 答覆, and which no word the parser matches uses itself.
TRADITIONAL = (
    "萬万 與与 業业 個个 為为 爲为 舉举 鄉乡 於于 會会 體体 關关 內内 冊册 決决 況况 "
    "減减 擊击 辦办 務务 動动 區区 單单 廳厅 縣县 發发 號号 後后 員员 國国 處处 復复 "
    "複复 審审 對对 將将 屬属 廢废 開开 強强 當当 錄录 懷怀 總总 執执 護护 報报 據据 "
    "數数 無无 時时 機机 權权 條条 來来 構构 標标 檔档 沒没 瀏浏 點点 現现 電电 確确 "
    "礙碍 祕秘 稱称 穩稳 類类 糾纠 納纳 組组 織织 經经 結结 統统 繼继 續续 維维 編编 "
    "繳缴 罰罚 聯联 範范 獲获 補补 規规 覽览 計计 認认 議议 許许 訟讼 設设 訪访 訴诉 "
    "話话 詢询 請请 讀读 購购 費费 轉转 過过 這这 進进 採采 鎮镇 門门 問问 間间 閱阅 "
    "閲阅 頁页 項项 題题 額额 製制 週周 係系 佈布 館馆 隊队 團团 島岛 臺台 場场 "
    "園园 閉闭 網网 導导 掃扫 覆复"
)
TRADITIONAL_PAIRS: tuple[tuple[str, str], ...] = tuple(
    dict.fromkeys((pair[0], pair[1]) for pair in TRADITIONAL.split())
)
_TABLE.update({ord(traditional): simplified for traditional, simplified in TRADITIONAL_PAIRS})
# The same folding with every character kept (an invisible one becomes a space), for
# text whose positions must still point into the source.
_SAME_LENGTH: dict[int, str] = {k: (" " if v is None else v) for k, v in _TABLE.items()}


def fold(text: str) -> str:
    """Map full-width digits, brackets and exotic spaces to plain ASCII forms, and the
    traditional characters of the parser's words to their simplified forms."""
    return text if text.isascii() else text.translate(_TABLE)


def either_script(word: str) -> str:
    """A pattern (source) matching ``word`` in simplified or traditional characters:
    "总计" gives "[总總][计計]".  For the few searches that run over unfolded text."""
    parts = []
    for ch in word:
        forms = _TRADITIONAL_OF.get(ch)
        parts.append(f"[{ch}{forms}]" if forms else regex.escape(ch))
    return "".join(parts)


_TRADITIONAL_OF: dict[str, str] = {
    simplified: "".join(t for t, s in TRADITIONAL_PAIRS if s == simplified)
    for _, simplified in TRADITIONAL_PAIRS
}

# Pinyin a mirror printed inside words ("規(guī)章", "鎮(zhèn)"): one syllable of plain or
# accented Latin letters in brackets right after a Chinese character.
_SPACE_OR_BRACKET = regex.compile(r"[\s(]")
_PINYIN = regex.compile(r"(?<=\p{Han})\([a-zA-Z\u00C0-\u024F\u0300-\u036F]{1,8}\)")
_DROPPED = regex.compile(rf"\s+|{_PINYIN.pattern}")


def keyed(text: str) -> tuple[str, Sequence[int]]:
    """The matching form of a short text, and where each of its characters stands in
    ``text``: folded (see ``fold``), without spaces, invisible characters or pinyin
    in brackets.  So a match can be cut back out of the text as printed."""
    folded = text.translate(_SAME_LENGTH)
    if _SPACE_OR_BRACKET.search(folded) is None:
        return folded, range(len(folded))
    parts: list[str] = []
    at: list[int] = []
    kept = 0
    for m in _DROPPED.finditer(folded):
        parts.append(folded[kept : m.start()])
        at.extend(range(kept, m.start()))
        kept = m.end()
    parts.append(folded[kept:])
    at.extend(range(kept, len(folded)))
    return "".join(parts), at


def without_pinyin(text: str) -> str:
    """``text`` (folded) without pinyin in brackets inside its words."""
    return _PINYIN.sub("", text) if "(" in text else text


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
HAN = regex.compile(r"\p{Han}")  # a Chinese character
# A label's numbering and nothing after it: "3.", "3、", "2．" (folded).
_ITEM_NUMBER = regex.compile(r"\d{1,2}\s*[.、]")
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
    it has a digit and at most three Chinese characters and is not a numbered label.  A
    numbering alone ("3.") is a label: its words were wrapped onto the next line.
    """
    if raw.isascii() and raw.isdigit() and len(raw) <= 30:
        # Plain digits, most cells: what the number pattern below reads them as.
        return Classified(CellKind.NUMBER, int(raw), None)
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
    if "\ufffd" in text and HAN.search(text) is None:
        # U+FFFD, the replacement character, where a number should be: what a picture's
        # reader writes for a mark it could not read surely (``_read.picture``).
        return _TEXT
    if _ITEM_NUMBER.fullmatch(text):
        return _LABEL  # "3." alone: a label's numbering, its words wrapped to the next line
    if _DIGIT.search(text) and not _NUMBERED_LABEL.match(text) and len(text) <= 12:
        han = len(HAN.findall(text))
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
WORD = regex.compile(r"[\p{L}\p{N}]")  # a letter or digit of any script


class LabelKey(str):
    """The key of a label that ends in a bracketed note: equal to the whole key, and
    ``head`` is the key of the label without the note."""

    __slots__ = ("head",)
    head: str


@lru_cache(maxsize=8192)
def label_key(label: str) -> str:
    """A label reduced to what identifies it: no numbering, spaces, punctuation, or a
    mirror's pinyin in brackets; traditional characters read as simplified.

    ``label_key("（二）部分公开（区分处理的，只计这一情 形，不计其他情形）")`` is
    ``"部分公开区分处理的只计这一情形不计其他情形"``, and ``label_key("規(guī)章")`` is
    ``"规章"``.  A label ending in a bracketed note ("规章（设区的市、自治州人民政府应提供
    相关数据）") gives a ``LabelKey`` whose ``head`` is the key without the note
    ("规章"): the row schema names a row by the head when the whole key names none, so
    a note never makes a label name a row (``_format.schema``).
    """
    text = fold(label)
    if "(" not in text and ")" not in text:
        return _NOT_WORD.sub("", _NUMBERING.sub("", text))
    text = _NUMBERING.sub("", without_pinyin(text))
    key = _NOT_WORD.sub("", text)
    head = _NOT_WORD.sub("", _without_note(text))
    if head == key:
        return key
    found = LabelKey(key)
    found.head = head
    return found


_MAX_NOTES = 4  # notes stripped from one label's end ("规章(…)(含…)")


def _without_note(text: str) -> str:
    """``text`` without the bracketed notes at its end (a note cut off by a line break,
    "（区分处理的，只计这一情", included), unless nothing would be left."""
    for _ in range(_MAX_NOTES):
        end = len(text.rstrip())
        cut = -1
        if text.endswith(")", 0, end):
            depth = 0
            for i in range(end - 1, -1, -1):
                if text[i] == ")":
                    depth += 1
                elif text[i] == "(":
                    depth -= 1
                    if depth == 0:
                        cut = i
                        break
        else:
            opened = text.rfind("(", 0, end)
            if opened >= 0 and text.find(")", opened, end) < 0:
                cut = opened
        if cut < 0 or not WORD.search(text, 0, cut):
            return text
        text = text[:cut]
    return text


@lru_cache(maxsize=8192)
def is_numbered(label: str) -> bool:
    """Whether a label starts with its numbering ("3.其他", "（七）总计")."""
    return _NUMBERING.match(fold(label)) is not None
