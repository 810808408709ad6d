"""The outline of a document: title, organ, year, period, the six sections.

Headings are recognised by what they say, not by their numerals: real reports drop the
numerals ("存在的主要问题及改进情况"), restart them at the tables, repeat a heading
("## 表三：…" on every page), or copy last year's title into the text.  A heading is
accepted only if it is short, names a section, and comes after the sections already
found; everything between two accepted headings is the earlier section's region.

The title is the line nearest the first heading that names a report ("〈机关〉〈年〉年
政府信息公开工作年度报告" and its variants, a flipbook's "Page 3 - …"), or else a sentence
that publishes one ("现公布〈机关〉〈年〉年…年度报告"); the organ is taken as printed, and
none where a sentence says only "我局".  The year comes from the title, else the
statistics period, else the opening sentence of the narrative when nothing casts doubt
on it.  Labels, headings and titles printed in traditional characters are matched in
their folded form (``_normalize.fold``).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

import regex

from .._core.chain import heaviest_chain
from .._core.codes import diagnostic
from .._core.model import NUMERALS, Diagnostic, Location, Period, Section
from .._core.normalize import either_script, fold, keyed, without_pinyin
from .._read.blocks import Block, Document, Image, Paragraph, Row

# What each section's heading says (after its numbering), section number first.  Matched
# against the heading folded (``fold``: traditional characters read as simplified).
_SECTIONS: tuple[tuple[int, regex.Pattern[str]], ...] = tuple(
    (number, regex.compile(pattern))
    for number, pattern in (
        (1, r"总体情况|基本情况|工作概况|概述"),
        (2, r"主动公开政府信息(?:工作)?(?:的)?情况|主动公开情况"),
        (3, r"收到[和的及与]?处理政府信息公开(?:的)?申请"),
        (4, r"行政.{0,2}复议.{0,8}?行政诉讼|复议.{0,3}诉讼情况"),
        (5, r"存在的主要问题|主要问题及改进|问题及改进情况|问题和改进情况"),
        (6, r"其他需要报告的事项"),
    )
)
# Any of the section headings' key words, in either script: one search over the text as
# printed rules out most paragraphs before anything is folded.
SECTION_WORDS = (
    "总体情况",
    "基本情况",
    "工作概况",
    "概述",
    "主动公开",
    "处理政府信息公开",
    "复议",
    "问题",
    "其他需要报告的事项",
)
_ANY_SECTION = regex.compile("|".join(either_script(word) for word in SECTION_WORDS))
_ANY_SIMPLIFIED_SECTION = regex.compile("|".join(SECTION_WORDS))
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

# Titles, matched against a line's matching form (``keyed``: folded, no spaces, no
# pinyin): "〈机关〉〈年〉年度政府信息公开工作年度报告", "〈年〉年〈机关〉信息公开年报",
# "关于〈年〉年度政府信息公开情况的报告", "〈机关〉政府信息公开工作〈年〉年度报告", and a
# flipbook's file name "〈年〉年报_〈机关〉".
_KIND = r"(?:政府信息公开|政务公开|信息公开)"
_REPORT = r"(?:工作)?(?:年度)?(?:工作)?(?:情况)?(?:的)?(?:年度)?(?:报告|年报)"
_YEAR = r"(?P<year>(?:19|20)\d{2})年度?"
_LINE_TITLES: tuple[regex.Pattern[str], ...] = (
    # (the year may lack its 年 right before the report's name: "样本县示例局2023" over
    # "政府信息公开工作年度报告")
    regex.compile(
        rf"(?P<pre>.*?)(?P<year>(?:19|20)\d{{2}})(?:年度?|(?={_KIND}))(?P<post>.*?){_KIND}{_REPORT}"
    ),
    regex.compile(rf"(?P<pre>.*?){_KIND}(?:工作)?{_YEAR}(?:工作)?(?:报告|年报)"),
)
_FILE_TITLE = regex.compile(r"(?P<year>(?:19|20)\d{2})年报[_\-]?(?P<post>\p{Han}.*)")
TITLE_PATTERNS = (*_LINE_TITLES, _FILE_TITLE)
# How a title line ends (报告, 報告, 年报, 《…》): a cheap first test.
_TITLE_ENDS = ("告", "报", "報", "》")
_SPACES = regex.compile(r"\s+")
# An organ's name holds no path, form field, date or sentence ("根据《条例》规定，…").
_NOT_AN_ORGAN = regex.compile(r"[A-Za-z0-9/\\:_|=<>《》,。;；>»\-]")
# Page chrome: breadcrumbs, font and print buttons, publishing fields (matching forms).
_CHROME = regex.compile(
    "首页|位置|字号|字体|打印|分享|发布|来源|浏览|访问|登录|注册|关怀|无障碍|收藏|设为|"
    "索引|日期|时间|作者|点击|阅读|默认|返回|关闭|当前|网站|导航|搜索|扫一扫|分类|文号|主题"
)
# A sentence's words for itself: "我局", "本机关" name no organ ("本溪市" does).
_SELF = regex.compile(
    r"我|本(?:单位|机关|部门|行政机关|局|镇|乡|街道|办|委|院|中心|区|县|市|厅|所|站|会)"
)
# The last character of an organ's name printed on a line of its own or in a sentence.
_ORGAN_ENDS = frozenset(
    "府局办委厅署院心镇乡街道区县市州旗盟所站队处会社馆部司科室场园校木团岛村台"
)
_MAX_ORGAN = 40
# What may stand before a title: markdown "#", a PDF flipbook's page prefix
# ("Page 3 - "), a crawler's "标题:" field label.
_TITLE_LEAD = regex.compile(
    r"[#\s]*(?P<page>Page\s*\d{1,4}\s*[-–—]\s*)?(?:(?:标题|题目|名称|title)\s*[:：]\s*)?",
    regex.IGNORECASE,
)
# A title only inside a sentence: "现公布〈机关〉〈年〉年政府信息公开工作年度报告。",
# "〈机关〉特编制〈年〉年政府信息公开年度报告", "现将我局〈年〉年度政府信息公开工作报告如下".
# The report's name must end the sentence (not "做好2023年…年度报告编制发布工作").
_SENTENCE_TITLE = regex.compile(
    r"(?P<year>(?:19|20)\d{2})年度?(?P<post>[^,.;:!?。；！？《》\"“”()]{0,24}?)"
    rf"{_KIND}{_REPORT}(?=$|[,.;:!?。；！？》\"”)]|如下)"
)
# The verbs of such a sentence, longest first; one must stand in it before the year.
SENTENCE_VERBS = (
    "现向社会公布",
    "特向社会公布",
    "现编制形成了",
    "向社会公布",
    "现编制形成",
    "编制形成了",
    "现予以公布",
    "现予公布",
    "予以公布",
    "现公布",
    "特公布",
    "现编制",
    "特编制",
    "现发布",
    "特发布",
    "现将",
    "特将",
    "公布",
    "编制",
    "发布",
)
_SENTENCE_END = regex.compile(r"[。！？!?；;]")
# How far before the year a sentence title's verb and organ are looked for.
_MAX_SENTENCE = 200
# How far into the opening sentence its year may stand (after a sub-head "（一）…。").
_MAX_OPENING_LEAD = 40
_ORGAN_CHARS = regex.compile(r"[\p{Han}()]")
# A report year stated by the narrative's opening sentence ("2022年，我镇…", after a
# sub-head "（一）主动公开方面。"), or a year end it counts to ("截至2023年12月31日").
_OPENING = regex.compile(
    r"(?:(?:[(（]\s*[一二三四五六七八九十\d]{1,2}\s*[)）]|[一二三四五六七八九十\d]{1,2}\s*[、.．])"
    r"[^。\n]{0,30}?[。:：]\s*)?(?P<year>(?:19|20)\d{2})\s*年度?\s*[,，、]"
)
_YEAR_END = regex.compile(r"截[至止]\s*(?P<year>(?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_ANY_YEAR = regex.compile(r"(?P<year>(?:19|20)\d{2})\s*年")
# How many paragraphs of section 一 may hold a sentence title or the opening sentence.
_OPENING_REACH = 3
_MAX_SUBHEAD = 30
_MAX_CHROME_LINE = 200

# Where a statistics period is stated; the period pattern is tried only after these.
# The traditional forms are looked for only when the simplified ones find no period.
_PERIOD_ANCHORS = ("统计", "期限", "期间", "周期", "时限")
_PERIOD_ANCHORS_TRADITIONAL = ("統計", "期間", "週期", "時限")
_MAX_PERIOD_TRIES = 200
_PERIOD = regex.compile(
    r"[\s\S]{0,16}?(?P<y1>\d{4})\s*年?\s*(?P<m1>\d{1,2})\s*月\s*"
    r"(?P<d1>\d{1,2})\s*日\s*起?\s*(?:至|到|—|-|～|~)\s*(?:(?P<y2>\d{4})\s*年?\s*)?"
    r"(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日?"
)
_DATE_LINE = regex.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_MAX_DATE_LINE = 40
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
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")
_UNPRINTED = regex.compile(r"[\s\u00ad\u200b-\u200f\u2060\ufeff]")
# What an organ named in a title line never holds (see ``parse_title``).
_NOT_IN_A_TITLE = regex.compile("|".join((_NOT_AN_ORGAN.pattern, _CHROME.pattern, *SENTENCE_VERBS)))


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
    # A page in traditional script has its headings and statistics period looked for in
    # both scripts: any such page prints 公開 (政府信息公開), 報 (報告) or 況 (情況).
    text = doc.text
    traditional = "開" in text or "報" in text or "況" in text
    headings = _headings(blocks, traditional)
    numbers = sorted(headings)
    regions: dict[int, tuple[int, int]] = {}
    sections: list[Section] = []
    for i, number in enumerate(numbers):
        start = headings[number]
        end = headings[numbers[i + 1]] if i + 1 < len(numbers) else len(blocks)
        regions[number] = (start + 1, end)
        sections.append(_section(doc, number, start, end))
    anchored = _anchored_regions(blocks, headings, regions)
    regions.update(anchored)
    for number in range(1, 7):
        if number not in headings:
            found_at = anchored.get(number)
            what = f"no heading of section {NUMERALS[number - 1]} was found"
            if found_at is not None:
                first = blocks[found_at[0]]
                what += f"; its table was found by its own header (line {first.line})"
            diagnostics.append(diagnostic("PARSE-SECTION-MISSING", what))
    first_heading = headings[numbers[0]] if numbers else min(len(blocks), _TITLE_WINDOW)
    head = blocks[: max(first_heading, 1) + 1]
    found = _title(head)
    one = regions.get(1) if numbers[:1] == [1] else None
    opening = _Opening(blocks, first_heading, one)
    if found is None or found.agency is None:
        # A title only inside a sentence, or a sentence naming the organ a title lacks.
        said = _sentence_title(opening.paragraphs(), doc.newline)
        if found is None:
            found = said
        elif said is not None and said.agency is not None and said.year == found.year:
            found = found._replace(agency=said.agency)
    period, period_at = _period(doc.text, doc.newline, traditional)
    title, agency, title_at = (found.title, found.agency, found.at) if found else (None,) * 3
    if agency is None:
        # No organ in a title: the one the narrative opens with, if it names one plainly.
        agency = _opening_organ(opening)
    year = found.year if found is not None else None
    source = "the statistics period"
    if year is None and period is not None:
        year = period.end.year
    elif year is None:  # no title and no period: the narrative's opening, if it is sure
        year = _opening_year(opening, sections)
        source = "the opening sentence"
    if title is None:
        diagnostics.append(
            diagnostic(
                "PARSE-TITLE-MISSING",
                "no title '〈机关〉〈年〉年政府信息公开工作年度报告' found; organ unknown"
                + ("" if year is None else f", year {year} taken from {source}"),
            )
        )
    if year is not None:
        _year_conflicts(blocks, year, title_at, period, period_at, diagnostics)
    _placeholders(doc.text, doc.newline, diagnostics)
    return Outline(
        title, agency, year, period, _signature_date(blocks), tuple(sections), headings, regions
    )


# What opens each table when its section's heading is lost (a crawl that dropped the
# headings, headings drawn as pictures): table 二's first block heading, table 三's
# header words, table 四's header.  Matched on folded text (traditional script too).
# Table 二's and 四's opening words must stand alone in their block (a row's other
# cells empty), and the table's own header must follow within a few blocks: a summary
# line ("第二十条第（一）项规定的信息", "行政复议 3件") opens nothing.
_TABLE_ANCHORS = {
    2: regex.compile(r"^[\s|]*第二十条第\s*[(（]\s*一\s*[)）]\s*项(?:[\s|]*$|[\s|]+信息内容)"),
    3: regex.compile(r"申请人情况|本列数据的勾稽关系"),
    4: regex.compile(r"^[\s|]*行政复议(?:[\s|]*$|[\s|]+行政诉讼)"),
}
# What must follow an opening within ``_HEADER_REACH`` blocks: its table's header.
_TABLE_HEADERS = {2: "信息内容", 4: "维"}
_HEADER_REACH = 8
# A block of prose (a sentence) ends an anchored region: table cells never hold one.
_PROSE_MARK = "。"
_MAX_ANCHOR = 80  # longest block that may open a table


def _anchored_regions(
    blocks: list[Block], headings: dict[int, int], regions: dict[int, tuple[int, int]]
) -> dict[int, tuple[int, int]]:
    """The block ranges of tables 二, 三 and 四 whose section heading was not found,
    from the block that opens each (``_TABLE_ANCHORS``): between the headings of the
    sections around it, up to the next table's opening block or the first sentence of
    prose.  A region of a found heading is cut where a later table is found so."""
    found: dict[int, tuple[int, int]] = {}
    missing = [n for n in (2, 3, 4) if n not in headings]
    if not missing:
        return found
    openings: dict[int, int] = {}
    for number in missing:
        before = [headings[n] for n in headings if n < number]
        after = [headings[n] for n in headings if n > number]
        lo = max(before, default=-1) + 1
        hi = min(after, default=len(blocks))
        for index in range(max(lo, max(openings.values(), default=-1) + 1), hi):
            text = _block_text(blocks[index])
            if (
                text is not None
                and _TABLE_ANCHORS[number].search(text)
                and _header_follows(blocks, index, number)
            ):
                openings[number] = index
                break
    for number, start in openings.items():
        later = [i for n, i in openings.items() if n > number]
        later += [headings[n] for n in headings if n > number]
        end = min((i for i in later if i > start), default=len(blocks))
        for index in range(start + 1, end):
            block = blocks[index]
            if type(block) is Paragraph and _PROSE_MARK in block.text:
                end = index
                break
        found[number] = (start, end)
    for number, (start, end) in list(regions.items()):
        cut = [s for n, (s, _) in found.items() if n > number and start <= s < end]
        if cut:
            regions[number] = (start, min(cut))
    return found


def _header_follows(blocks: list[Block], index: int, number: int) -> bool:
    """Whether the blocks after a table's opening hold its header's word (table 二's
    信息内容, table 四's 维持 — or its 维 standing alone in a vertical header)."""
    word = _TABLE_HEADERS.get(number)
    if word is None:
        return True
    for block in blocks[index : index + 1 + _HEADER_REACH]:
        text = _block_text(block)
        if text is not None and word in text:
            return True
    return False


def _block_text(block: Block) -> str | None:
    """A short block's text, folded, for matching a table's opening: a paragraph, or a
    row's cells joined by " | "."""
    if type(block) is Paragraph:
        text = block.text
    elif type(block) is Row:
        text = " | ".join(cell[0] for cell in block.cells)
    else:
        return None
    if len(text) > _MAX_ANCHOR * 4 or _PROSE_MARK in text:
        return None
    return fold(text)


def _headings(blocks: list[Block], traditional: bool = True) -> dict[int, int]:
    """Section number -> index of its heading block.

    Every short line naming a section is a candidate; the chosen headings are the
    heaviest sequence with section numbers increasing, a heading numbered with its own
    numeral ("三、") weighing most and an unnumbered one least.  So one stray line
    cannot hide the real headings after it, and a repeated heading counts once.
    In a page of ``traditional`` script, headings are read folded (see ``fold``).
    """
    any_section = _ANY_SECTION if traditional else _ANY_SIMPLIFIED_SECTION
    candidates: list[tuple[int, int, int]] = []  # (block index, section number, weight)
    for index, block in enumerate(blocks):
        text = block.text if type(block) is Paragraph else _heading_text(block)
        if text is None or len(text) > _MAX_HEADING:
            continue
        if any_section.search(text) is None:
            if not traditional or "(" not in text:
                continue
            text = without_pinyin(fold(text))  # a mirror's pinyin in a word: "復(fù)議"
            if _ANY_SECTION.search(text) is None:
                continue
        elif traditional:
            text = without_pinyin(fold(text))
        found = _heading_number(text)
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
    return _heading_number(without_pinyin(fold(text)))


@lru_cache(maxsize=4096)  # the template's headings recur in every report
def _heading_number(text: str) -> tuple[int, int] | None:
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


class _Title(NamedTuple):
    title: str
    year: int
    agency: str | None
    at: Location


def _title(blocks: list[Block]) -> _Title | None:
    """The title before the first heading: one line, or two when it wraps (seed 002).

    The one nearest the first heading wins: a web page states the title in its <title>,
    its breadcrumbs and again over the body, and lists other reports in its chrome."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)][-_TITLE_REACH:]
    for i in range(len(paragraphs) - 1, -1, -1):
        block = paragraphs[i]
        candidates = [block.text]
        following = paragraphs[i + 1].text if i + 1 < len(paragraphs) else None
        # A title wrapped onto two lines; but a line before a whole title is no part of it.
        if following and not _names_report(block.text) and parse_title(following) is None:
            candidates.append(block.text + following)
        for text in candidates:
            parsed = parse_title(text)
            if parsed is None:
                continue
            year, agency = parsed
            title = _TITLE_LEAD.sub("", text, count=1)  # no "标题:", "#" or "Page 3 -"
            at = Location(block.line, block.offset + len(text) - len(title))
            if agency is None and i > 0:
                # "淮安市人民政府" over "2024年政府信息公开工作年度报告": the organ's line.
                before = paragraphs[i - 1]
                if _organ_line(before.text) and _is_organ(keyed(before.text)[0]):
                    joined = parse_title(before.text + text)
                    if joined is not None and joined[1] is not None:
                        agency = joined[1]
                        title = _TITLE_LEAD.sub("", before.text, count=1) + title
                        at = Location(before.line, before.offset)
            if agency is None and i + 1 < len(paragraphs):
                # "关于2022年度政府信息公开情况的报告" over the organ's line.
                after = paragraphs[i + 1].text
                if _organ_line(after) and _is_organ(keyed(after)[0]):
                    agency = _printed(after)
            return _Title(_unquoted(title), year, agency, at)
    return None


def _names_report(text: str) -> bool:
    """Whether a text may name a report ("报告", "報告", "年报"; 告 alone will do)."""
    return "告" in text or "年报" in text or "年報" in text


def _may_be_title(text: str) -> bool:
    """A cheap first test: a title line ends with its report word ("…年度报告",
    "《…年报》"), or is a flipbook's page ("Page 9 - 2020年报_示例局")."""
    return text.endswith(_TITLE_ENDS) or (
        text[:1] in "Pp" and text.startswith(("Page", "page", "PAGE"))
    )


def _organ_line(text: str) -> bool:
    """Whether a line may be an organ's name printed on its own, over or under a title."""
    return (
        len(text) <= _MAX_ORGAN_LINE
        and not _names_report(text)
        and not _PUNCTUATION.intersection(text)
        and _CHROME.search(fold(text)) is None
    )


def _is_organ(key: str) -> bool:
    """Whether a matching form (see ``keyed``) is an organ's name: a short run of Chinese
    ending as organs' names end ("…局", "…人民政府", "…街道"), no chrome, no "我局"."""
    return (
        2 <= len(key) <= _MAX_ORGAN
        and key[-1] in _ORGAN_ENDS
        and _ORGAN_CHARS.sub("", key) == ""
        and _CHROME.search(key) is None
        and _SELF.match(key) is None
    )


def _printed(text: str) -> str:
    """Text as printed, without its spaces and invisible characters."""
    if _UNPRINTED.search(text) is None:
        return text
    return "".join(ch for ch in text if not ch.isspace() and ch not in _INVISIBLE)


def _unquoted(title: str) -> str:
    title = title.strip()
    if title.startswith("《") and title.endswith("》"):
        return title[1:-1].strip()
    return title


def parse_title(text: str) -> tuple[int, str | None] | None:
    """Year and organ of a title line, or None if the line is not a title.

    The organ is returned as printed (traditional characters and a mirror's pinyin
    included), without spaces; None if the title names none ("2024年政府信息公开工作年度
    报告", "关于2022年度政府信息公开情况的报告")."""
    text = text.rstrip()
    if len(text) > _MAX_HEADING + 20 or not _may_be_title(text):
        return None
    lead = _TITLE_LEAD.match(text)  # (it always matches: everything in it is optional)
    body = text[lead.end() :] if lead is not None and lead.end() else text
    key, at = keyed(body)
    if key.startswith("《") and key.endswith("》"):
        key, at = key[1:-1], at[1:-1]
    # A file name stands for a title only on a flipbook's page ("Page 9 - 2020年报_示例局").
    patterns = TITLE_PATTERNS if lead is not None and lead["page"] else _LINE_TITLES
    for pattern in patterns:
        m = pattern.fullmatch(key)
        if m is None:
            continue
        start, end = (0, 0) if pattern is _FILE_TITLE else (m.start("pre"), m.end("pre"))
        if key.startswith("关于", start, end):
            start += 2
        elif key.endswith("关于", start, end):
            end -= 2
        if start == end and m["post"]:
            start, end = m.start("post"), _whole_organ(key, m.start("post"), m.end("post"))
        if start == end:
            return int(m["year"]), None
        if _NOT_IN_A_TITLE.search(key, start, end) or _SELF.match(key, start, end):
            return None  # a path, a form field, chrome or a sentence naming the report
        printed = body[at[start] : at[end - 1] + 1]
        return int(m["year"]), printed if type(at) is range else _printed(printed)
    return None


def _whole_organ(key: str, start: int, end: int) -> int:
    """The end of an organ named after the year: "2023年示例镇人民政府信息公开年报" is
    示例镇人民政府's 信息公开 report, not 示例镇人民's 政府信息公开 one."""
    if key.endswith("人民", start, end) and key.startswith("政府", end):
        return end + 2
    return end


class _Opening:
    """The paragraphs that open a report: its preamble (before the first heading), and
    the first few of section 一 (a preamble is often printed under the heading)."""

    def __init__(self, blocks: list[Block], first_heading: int, one: tuple[int, int] | None):
        self.blocks = blocks
        self.first_heading = first_heading
        self.one = one

    def preamble(self) -> list[Paragraph]:
        head = self.blocks[max(0, self.first_heading - _TITLE_REACH) : self.first_heading]
        return [b for b in head if isinstance(b, Paragraph)]

    def section_one(self) -> list[Paragraph]:
        if self.one is None:
            return []
        start, end = self.one
        paragraphs = (b for b in self.blocks[start:end] if isinstance(b, Paragraph))
        return list(islice(paragraphs, _OPENING_REACH))

    def paragraphs(self) -> list[Paragraph]:
        return self.preamble() + self.section_one()


def _sentence_title(paragraphs: list[Paragraph], newline: str) -> _Title | None:
    """The first report named inside a sentence by a verb ("现公布…", "特编制…",
    "现将…报告如下"); its organ, unless the sentence says only "我局" or the like."""
    for block in paragraphs:
        text = block.text
        if not _names_report(text):
            continue
        key, at = keyed(text)
        for m in _SENTENCE_TITLE.finditer(key):
            found = _sentence_organ(key, m)
            if found is None:
                continue
            start, agency = found
            end = at[m.end() - 1] + 1
            title = _unquoted(text[at[start] : end])
            line = block.line + text.count(newline, 0, at[start])
            where = Location(line, block.offset + at[start])
            printed = _printed(text[at[agency[0]] : at[agency[1] - 1] + 1]) if agency else None
            return _Title(title, int(m["year"]), printed, where)
    return None


def _sentence_organ(key: str, m: regex.Match[str]) -> tuple[int, tuple[int, int] | None] | None:
    """Where a sentence title starts and where its organ stands (None: "我局", or none
    named); None if no verb of publishing stands in the sentence before the year."""
    year = m.start("year")
    sentence = max(0, year - _MAX_SENTENCE)  # (bounded: each match costs a bounded look)
    for end in _SENTENCE_END.finditer(key, sentence, year):
        sentence = end.end()
    said = key[sentence:year]
    if not any(verb in said for verb in SENTENCE_VERBS):
        return None
    run = year
    while run > sentence and _ORGAN_CHARS.match(key, run - 1):
        run -= 1
    organ_start, organ_end = run, year
    verb_start, verb_end = -1, -1
    for verb in SENTENCE_VERBS:  # the last verb in the run; the longest where two end alike
        i = key.rfind(verb, run, year)
        if i >= 0 and i + len(verb) > verb_end:
            verb_start, verb_end = i, i + len(verb)
    if verb_end == year:  # "〈机关〉特编制2023年…": the organ stands before the verb
        organ_end = verb_start
        by = key.rfind("由", organ_start, organ_end)  # "本报告由〈机关〉编制…"
        if by >= 0:
            organ_start = by + 1
    elif verb_end >= 0:
        organ_start = verb_end
    start = organ_start if organ_start < organ_end else year
    if organ_start < organ_end and _SELF.match(key, organ_start):
        return start, None
    if organ_start < organ_end and _is_organ(key[organ_start:organ_end]):
        return start, (organ_start, organ_end)
    post = m.start("post"), _whole_organ(key, m.start("post"), m.end("post"))
    if post[0] < post[1] and _is_organ(key[post[0] : post[1]]):
        return start, post  # "现向社会公布2021年〈机关〉政府信息公开工作年度报告"
    return start, None


def _is_prose(text: str) -> bool:
    """A sentence: neither a sub-head ("（一）主动公开") nor a line of page chrome."""
    if "。" in text:
        return True
    if len(text) <= _MAX_SUBHEAD or ("，" not in text and "," not in text):
        return False
    return len(text) > _MAX_CHROME_LINE or _CHROME.search(fold(text)) is None


# The narrative's opening naming its organ: "2022年，〈机关〉政务公开工作…", the organ a
# run of Chinese ending as an organ's name ends, then one of the words such a sentence
# goes on with (its subject, or a verb).  Strict on purpose: an organ is said only where
# the sentence leaves no doubt which words are its name.
_OPENING_ORGAN = regex.compile(
    r"(?:19|20)\d{2}年度?[,，](?P<organ>\p{Han}{1,24}?"
    r"(?:人民政府办公室|人民政府|政府办公室|办公室|委员会|街道办事处|办事处|局|中心))"
    r"(?=政府信息公开|信息公开|政务公开|政府信息|不断|认真|坚持|聚焦|严格|深入|全面|积极|"
    r"紧紧|紧扣|围绕|按照|高度|持续|进一步|始终|切实|着力|把|以|在|共|主动)"
)


def _opening_organ(opening: _Opening) -> str | None:
    """The organ the narrative's first sentence names ("2022年，汤原县人民政府办公室政务
    公开工作…"), as printed; None unless it names one plainly (never "我局")."""
    for paragraphs in (opening.preamble(), opening.section_one()):
        first = next((b.text for b in paragraphs if _is_prose(b.text)), None)
        if first is None:
            continue
        key, at = keyed(first[:_MAX_SENTENCE])
        m = _OPENING_ORGAN.match(key) or _OPENING_ORGAN.search(key, 0, _MAX_OPENING_LEAD)
        if m is None or not _is_organ(m["organ"]):
            continue
        start, end = m.span("organ")
        return _printed(first[at[start] : at[end - 1] + 1])
    return None


def _opening_year(opening: _Opening, sections: list[Section]) -> int | None:
    """The year the narrative opens with ("2022年，我镇…", "截至2023年12月31日…"): the
    first sentence of the preamble, else of section 一.  For a report with no title and
    no statistics period; None where a later year in section 一 makes it doubtful (a
    2020 report opening with 2019's figures)."""
    for paragraphs in (opening.preamble(), opening.section_one()):
        first = next((b.text for b in paragraphs if _is_prose(b.text)), None)
        if first is None:
            continue
        m = _OPENING.match(first) or _YEAR_END.search(first)
        if m is None:
            continue
        year = int(m["year"])
        one = next((s.text for s in sections if s.number == 1), "")
        if any(int(later["year"]) > year for later in _ANY_YEAR.finditer(first + "\n" + one)):
            return None
        return year
    return None


def _period(text: str, newline: str, traditional: bool) -> tuple[Period | None, Location | None]:
    """The first statistics period stated.  ``str.find`` anchors ("统计", "期限", …)
    spare a whole-text regex; each try is a bounded match, so the cost stays linear.
    The traditional anchors ("統計", …) are looked for only in a page in traditional
    script, when the simplified ones find no period."""
    found = _period_after(text, newline, _PERIOD_ANCHORS)
    if found[0] is None and traditional:
        found = _period_after(text, newline, _PERIOD_ANCHORS_TRADITIONAL)
    return found


def _period_after(
    text: str, newline: str, words: tuple[str, ...]
) -> tuple[Period | None, Location | None]:
    anchors: list[int] = []
    for word in words:
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
    ends, title_line = _TITLE_ENDS, (title_at.line if title_at else None)
    for block in blocks:
        if (
            type(block) is Paragraph
            and (block.text.endswith(ends) or block.text[:1] in "Pp")
            and block.line != title_line
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
        if len(block.text) > _MAX_DATE_LINE:
            continue  # (a paragraph of prose: not folded for nothing)
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
