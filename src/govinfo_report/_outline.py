"""The outline of a document: title, organ, year, period, the six sections.

Headings are recognised by what they say, not by their numerals: real reports drop the
numerals ("存在的主要问题及改进情况"), restart them at the tables, repeat a heading
("## 表三：…" on every page), or copy last year's title into the text.  A heading is
accepted only if it is short, names a section, and comes after the sections already
found; everything between two accepted headings is the earlier section's region.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import regex

from ._blocks import Block, Document, Image, Paragraph, Row
from ._chain import heaviest_chain
from ._codes import diagnostic
from ._model import NUMERALS, Diagnostic, Location, Period, Section
from ._normalize import fold

# What each section's heading says (after its numbering), section number first.
_SECTIONS: tuple[tuple[int, regex.Pattern[str]], ...] = tuple(
    (number, regex.compile(pattern))
    for number, pattern in (
        (1, r"总体情况|基本情况|工作概况|概述"),
        (2, r"主动公开政府信息(?:的)?情况|主动公开情况"),
        (3, r"收到和处理政府信息公开申请"),
        (4, r"行政.{0,2}复议.{0,8}?行政诉讼|复议.{0,3}诉讼情况"),
        (5, r"存在的主要问题|主要问题及改进|问题及改进情况|问题和改进情况"),
        (6, r"其他需要报告的事项"),
    )
)
# Any of the section headings' key words: one search rules out most paragraphs.
_ANY_SECTION = regex.compile(
    r"总体情况|基本情况|工作概况|概述|主动公开|收到和处理|复议|问题|其他需要报告的事项"
)
# A heading's own numbering: "一、", "一．", "第一部分"; markdown "#".  A sub-head's
# "（一）" or "1." marks it as not a section heading.
_HEADING = regex.compile(
    r"\s*(?P<hash>#+)?\s*(?P<sub>[(（]\s*[一二三四五六七八九十\d]{1,2}\s*[)）]|\d{1,2}\s*[、.．])?"
    r"\s*(?:(?P<top>[一二三四五六七八九十]{1,2})\s*[、.．]|第(?P<part>[一二三四五六七八九十]{1,2})部分)?"
    r"\s*(?P<body>.*)"
)
# Extra characters a heading may carry beyond its key words ("政府信息公开…情况"), and
# how far into it the key words may start ("因政府信息公开工作被申请行政复议…").
_HEADING_SLACK = 16
_HEADING_LEAD = 12
_MAX_HEADING = 60
# A heading line with stray tabs splits into a few cells, a table row into many.
_MAX_HEADING_CELLS = 3
# A sentence is not a heading, however short ("本年度未发生行政复议、行政诉讼案件。").
_SENTENCE = regex.compile(r"[。，,；;]")
_TITLE = regex.compile(
    r"(?P<pre>.*?)(?P<year>(?:19|20)\d{2})年度?(?P<post>.*?)"
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?报告"
)
_SPACES = regex.compile(r"\s+")
# An organ's name holds no path, form field or sentence ("根据《条例》规定，现公布…").
_NOT_AN_ORGAN = regex.compile(r"[A-Za-z/\\:：_|=<>《》，。；;,]")
# What may stand before a title: markdown "#", a crawler's "标题:" field label.
_TITLE_LEAD = regex.compile(r"[#\s]*(?:(?:标题|题目|名称|title)\s*[:：]\s*)?", regex.IGNORECASE)
# Where a statistics period is stated; the period pattern is tried only after these.
_PERIOD_ANCHORS = ("统计", "期限", "期间", "周期", "时限")
_MAX_PERIOD_TRIES = 200
_PERIOD = regex.compile(
    r"[\s\S]{0,16}?(?P<y1>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*"
    r"(?P<d1>\d{1,2})\s*日\s*起?\s*(?:至|到|—|-|～|~)\s*(?:(?P<y2>\d{4})\s*年\s*)?"
    r"(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)
_DATE_LINE = regex.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_PLACEHOLDER = regex.compile(
    r"\[(?!image:|bookmark:)[^\[\]\n:]{0,16}\p{Han}[^\[\]\n:]{0,16}\]|（文字描述）"
)
# How many blocks from the top may hold the title.
_TITLE_WINDOW = 12
# How many paragraphs before the first heading may hold the title (page chrome is long).
_TITLE_REACH = 120
# The longest line taken for an organ's name printed over a title that names none.
_MAX_ORGAN_LINE = 30
_PUNCTUATION = frozenset("，。；：！？,.;:!?")


class Outline(NamedTuple):
    title: str | None
    agency: str | None
    year: int | None
    period: Period | None
    signature_date: date | None
    sections: tuple[Section, ...]
    headings: dict[int, int]  # section number -> index of its heading block
    regions: dict[int, tuple[int, int]]  # section number -> block range after its heading


def outline(doc: Document, diagnostics: list[Diagnostic]) -> Outline:
    blocks = doc.blocks
    headings = _headings(blocks)
    numbers = sorted(headings)
    regions: dict[int, tuple[int, int]] = {}
    sections: list[Section] = []
    for i, number in enumerate(numbers):
        start = headings[number]
        end = headings[numbers[i + 1]] if i + 1 < len(numbers) else len(blocks)
        regions[number] = (start + 1, end)
        sections.append(_section(doc, number, start, end))
    for number in range(1, 7):
        if number not in headings:
            diagnostics.append(
                diagnostic(
                    "PARSE-SECTION-MISSING",
                    f"no heading of section {NUMERALS[number - 1]} was found",
                )
            )
    first_heading = headings[numbers[0]] if numbers else min(len(blocks), _TITLE_WINDOW)
    title, title_year, agency, title_at = _title(blocks[: max(first_heading, 1) + 1])
    period, period_at = _period(doc.text, doc.newline)
    year = title_year if title_year is not None else (period.end.year if period else None)
    if title is None:
        diagnostics.append(
            diagnostic(
                "PARSE-TITLE-MISSING",
                "no title '〈机关〉〈年〉年政府信息公开工作年度报告' found; organ unknown"
                + ("" if year is None else f", year {year} taken from the statistics period"),
            )
        )
    if year is not None:
        _year_conflicts(blocks, year, title_at, period, period_at, diagnostics)
    _placeholders(doc.text, doc.newline, diagnostics)
    return Outline(
        title, agency, year, period, _signature_date(blocks), tuple(sections), headings, regions
    )


def _headings(blocks: list[Block]) -> dict[int, int]:
    """Section number -> index of its heading block.

    Every short line naming a section is a candidate; the chosen headings are the
    heaviest sequence with section numbers increasing, a heading numbered with its own
    numeral ("三、") weighing most and an unnumbered one least.  So one stray line
    cannot hide the real headings after it, and a repeated heading counts once.
    """
    candidates: list[tuple[int, int, int]] = []  # (block index, section number, weight)
    for index, block in enumerate(blocks):
        text = block.text if type(block) is Paragraph else _heading_text(block)
        if text is None or len(text) > _MAX_HEADING or _ANY_SECTION.search(text) is None:
            continue
        found = heading_number(text)
        if found is not None:
            candidates.append((index, *found))
    chosen = heaviest_chain([n - 1 for _, n, _ in candidates], [w for _, _, w in candidates], 6)
    return {candidates[i][1]: candidates[i][0] for i in chosen}


def _heading_text(block: Block) -> str | None:
    """A block's text if it could be a heading: a paragraph, or a row with one cell
    (a heading line that picked up a stray tab)."""
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Row) and len(block.cells) <= _MAX_HEADING_CELLS:
        filled = [cell for cell in block.cells if cell[0].strip()]
        if len(filled) == 1:
            return filled[0][0].strip()
    return None


def heading_number(text: str) -> tuple[int, int] | None:
    """The section a line heads (1-6) and how surely (3: numbered with its own numeral,
    2: otherwise numbered, 1: unnumbered), or None if it is not a section heading."""
    m = _HEADING.fullmatch(text)
    if m is None or m["sub"] or _SENTENCE.search(m["body"]):
        return None
    body = _SPACES.sub("", m["body"])
    for number, pattern in _SECTIONS:
        found = pattern.search(body)
        if (
            found is not None
            and found.start() <= _HEADING_LEAD
            and len(body) <= len(found[0]) + _HEADING_SLACK
        ):
            numeral = m["top"] or m["part"]
            if numeral:
                return number, 3 if numeral == NUMERALS[number - 1] else 2
            return number, 2 if m["hash"] else 1
    return None


def _section(doc: Document, number: int, start: int, end: int) -> Section:
    block = doc.blocks[start]
    heading = _heading_text(block) or ""
    line = block.line
    offset = doc.text.find(heading, block.offset) if heading else block.offset
    body_start = offset + len(heading)
    # The section ends where the line of the next heading starts, or at the heading
    # itself when it stands inside a line (a flattened page).
    end_offset = len(doc.text)
    if end < len(doc.blocks):
        next_offset = doc.blocks[end].offset
        line_start = doc.text.rfind(doc.newline, 0, next_offset) + 1
        if line_start <= body_start or doc.text[line_start:next_offset].strip(" \t#"):
            line_start = next_offset
        end_offset = max(body_start, line_start)
    return Section(
        number=number,
        heading=heading,
        text=doc.text[body_start:end_offset].strip(),
        line=line,
        start=offset,
        body_start=body_start,
        end=end_offset,
    )


def _title(blocks: list[Block]) -> tuple[str | None, int | None, str | None, Location | None]:
    """The title before the first heading: one line, or two when it wraps (seed 002).

    The one nearest the first heading wins: a web page states the title in its <title>,
    its breadcrumbs and again over the body, and lists other reports in its chrome."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)][-_TITLE_REACH:]
    for i in range(len(paragraphs) - 1, -1, -1):
        block = paragraphs[i]
        candidates = [block.text]
        following = paragraphs[i + 1].text if i + 1 < len(paragraphs) else None
        # A title wrapped onto two lines; but a line before a whole title is no part of it.
        if following and "报告" not in block.text and parse_title(following) is None:
            candidates.append(block.text + following)
        for text in candidates:
            parsed = parse_title(text)
            if parsed is None:
                continue
            if parsed[1] is None and i > 0:
                # "淮安市人民政府" over "2024年政府信息公开工作年度报告": the organ's line.
                before = paragraphs[i - 1]
                if (
                    len(before.text) <= _MAX_ORGAN_LINE
                    and "报告" not in before.text
                    and not _PUNCTUATION.intersection(before.text)
                ):
                    joined = parse_title(before.text + text)
                    if joined is not None and joined[1] is not None:
                        block, text, parsed = before, before.text + text, joined
            year, agency = parsed
            title = _TITLE_LEAD.sub("", text, count=1)  # no "标题:" or "#" before it
            lead = len(text) - len(title)
            return title, year, agency, Location(block.line, block.offset + lead)
    return None, None, None, None


def parse_title(text: str) -> tuple[int, str | None] | None:
    """Year and organ of a title line, or None if the line is not a title."""
    if len(text) > _MAX_HEADING + 20 or not text.rstrip().endswith("报告"):
        return None
    text = _TITLE_LEAD.sub("", text, count=1)
    m = _TITLE.fullmatch(_SPACES.sub("", fold(text)))
    if m is None:
        return None
    agency = m["pre"].removesuffix("关于") or m["post"] or None
    if agency is not None and _NOT_AN_ORGAN.search(agency):
        return None  # a file path or a form field naming the report, not its title
    return int(m["year"]), agency


def _period(text: str, newline: str) -> tuple[Period | None, Location | None]:
    """The first statistics period stated.  ``str.find`` anchors ("统计", "期限", …)
    spare a whole-text regex; each try is a bounded match, so the cost stays linear."""
    anchors: list[int] = []
    for word in _PERIOD_ANCHORS:
        i = text.find(word)
        while i >= 0 and len(anchors) < _MAX_PERIOD_TRIES:
            anchors.append(i)
            i = text.find(word, i + 2)
    for anchor in sorted(anchors):
        m = _PERIOD.match(text, anchor + 2)
        if m is None:
            continue
        try:
            start = date(int(m["y1"]), int(m["m1"]), int(m["d1"]))
            end = date(int(m["y2"] or m["y1"]), int(m["m2"]), int(m["d2"]))
        except ValueError:
            continue
        return Period(start, end), Location(text.count(newline, 0, anchor) + 1, anchor)
    return None, None


def _year_conflicts(
    blocks: list[Block],
    year: int,
    title_at: Location | None,
    period: Period | None,
    period_at: Location | None,
    diagnostics: list[Diagnostic],
) -> None:
    for block in blocks:
        if (
            isinstance(block, Paragraph)
            and "报告" in block.text
            and block.line != (title_at.line if title_at else None)
        ):
            parsed = parse_title(block.text)
            if parsed is not None and parsed[0] != year:
                diagnostics.append(
                    diagnostic(
                        "PARSE-YEAR-CONFLICT",
                        f"a title of year {parsed[0]} stands in a report of year {year}: "
                        f"{block.text!r}",
                        location=Location(block.line, block.offset),
                    )
                )
    if period is not None and period.end.year != year:
        diagnostics.append(
            diagnostic(
                "PARSE-YEAR-CONFLICT",
                f"the statistics period ends in {period.end.year}, the title says {year}",
                location=period_at,
            )
        )


def _signature_date(blocks: list[Block]) -> date | None:
    """A closing line that is a date alone ("2024年1月23日"), among the last lines."""
    tail = [b for b in blocks[-8:] if isinstance(b, Paragraph)]
    for block in reversed(tail):
        m = _DATE_LINE.fullmatch(fold(block.text).strip())
        if m is not None:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                return None
    return None


def _placeholders(text: str, newline: str, diagnostics: list[Diagnostic]) -> None:
    if "[" not in text and "（文字描述）" not in text:
        return
    line, counted = 1, 0  # newlines are counted incrementally: one pass in all
    for m in _PLACEHOLDER.finditer(text):
        line += text.count(newline, counted, m.start())
        counted = m.start()
        diagnostics.append(
            diagnostic(
                "PARSE-PLACEHOLDER",
                f"unfilled template placeholder {m[0]!r}",
                location=Location(line, m.start()),
            )
        )


def images_near(blocks: list[Block], heading: int, end: int, claimed: set[int]) -> list[Image]:
    """Image placeholders under a heading, or standing just before it (seed 004) unless
    an earlier table already claimed that one."""
    found = [b for b in blocks[heading + 1 : end] if isinstance(b, Image)]
    before = blocks[heading - 1] if heading > 0 else None
    if not found and isinstance(before, Image) and before.offset not in claimed:
        found.append(before)
    return found
