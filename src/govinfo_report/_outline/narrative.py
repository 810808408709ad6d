"""What the report says in words: numbers it claims for table cells, and 信息处理费.

Precision over recall.  A statement is read from one clause (text between "，", "。",
"；", brackets or line breaks), and only when the clause has one of a few fixed shapes
("共收到政府信息公开申请34件", "上年结转2件", "办结35件").  A clause that speaks of another
year, of a change, of a part or of several things at once makes no claim; a subject
stated twice with different numbers makes none.  The checker (NARR-MISMATCH) compares
claims with the tables; nothing here looks at a table.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import regex

from .._core.model import Location, Section
from .._read.blocks import Document, Row

_APPLICATIONS = r"(?:政府信息公开|依申请公开|信息公开)(?:的)?(?:申请|事项)"
_COUNT = r"(?:为|共|共计|合计|总计|累计)?(?P<n>\d{1,7})件"
# Subject -> the cells whose sum the words state, and the one shape of clause that says it
# (matched against the clause with white space removed).
_SUBJECTS: dict[str, tuple[tuple[str, ...], regex.Pattern[str]]] = {
    "received": (
        ("t3.new_received.total",),
        regex.compile(
            r"(?:收到|新收|接收)(?:各类|社会公众|的)?" + _APPLICATIONS + r"(?:数量|总数)?" + _COUNT
        ),
    ),
    "carried_over": (
        ("t3.carried_over.total",),
        regex.compile(r"上年度?结转(?:的)?(?:" + _APPLICATIONS + r")?" + _COUNT),
    ),
    "carried_forward": (
        ("t3.carried_forward.total",),
        regex.compile(
            r"(?:结转|转)(?:至|到|入)?下一?年度?(?:继续)?(?:办理)?(?:答复)?(?:的)?(?:有)?" + _COUNT
        ),
    ),
    "concluded": (
        ("t3.total.total",),
        regex.compile(
            r"(?:^办结|(?:共|全部|均已|已)(?:办结|答复))(?:" + _APPLICATIONS + r")?" + _COUNT
        ),
    ),
    "review": (
        ("t4.review.total",),
        regex.compile(
            r"(?:^|被申请|收到|发生|涉及|共)行政复议(?:案件|事项|申请)?"
            + _COUNT.replace("件", "(?:件|起)")
        ),
    ),
    "litigation": (
        ("t4.litigation_direct.total", "t4.litigation_after_review.total"),
        regex.compile(
            r"(?:^|被提起|被起诉|发生|涉及|共)行政诉讼(?:案件|事项)?"
            + _COUNT.replace("件", "(?:件|起)")
        ),
    ),
}
# Words where a clause may state a claim: one scan of a section finds them.
_ANCHOR = regex.compile(r"收到|新收|接收|结转|转[至到入]?下|办结|答复|行政复议|行政诉讼")
_NONE_RECEIVED = regex.compile(
    r"(?:未|没有)(?:收到|接到)(?:过)?(?:任何)?" + _APPLICATIONS.replace("|事项", "")
)
# A clause holding these speaks of another year, a change, a part, a deadline, or several
# things at once: it makes no claim.
_NOT_A_CLAIM = regex.compile(
    r"同比|去年|上一年|上年(?!度?结转)|往年|同期|[比较与]\d{4}|增|减|多|少|降|升|含|及|其中|通过|平均|"
    r"时限|工作日|标准|每件|决定书|维持|纠正|纠错|撤销|确认|撤回|驳回|胜诉|败诉|尚未审结|其他结果|"
    r"直接|复议后|当面|网络|网上|信函|邮件|传真|投诉|举报|信访|延期|超期|逾期|群众|留言|诉求|热线"
)
# Claims other than 收到…申请 count only in sentences about information disclosure: a
# 司法局 also reports the reviews it decides, and "办结110件" says nothing of what.
_TOPIC = regex.compile(r"信息公开|依申请公开")
_YEAR = regex.compile(r"(\d{4})年")
# What ends a clause or a sentence, as a pattern that runs forward and one that runs
# backward (the regex module matches in reverse): C speed, however long the line.
# Brackets do not end a clause: "36件（含上年结转2件）" is one statement, and not a sure
# one; a comma between digits ("1,200") is a thousands separator.
_Edges = tuple[regex.Pattern[str], regex.Pattern[str]]


def _edges(delimiters: str) -> _Edges:
    inside = rf"(?:[^{delimiters}]|(?<=\d),(?=\d))*"
    return regex.compile(inside), regex.compile("(?r)" + inside)


_DELIMITER = _edges("，,。；;：:\n")
_SENTENCE_DELIMITER = _edges("。；;\n")
_SPACE = regex.compile(r"\s+")
# How far a clause or sentence may reach from an anchor: bounded, so cost stays linear.
_REACH = 80

_FEES = regex.compile(r"信息处理费|政府信息公开收费")
_CHARGED = regex.compile(
    r"收取(?:了)?(?:政府信息公开)?信息处理费(?:共|共计|合计|总计)?"
    r"(?P<amount>\d{1,3}(?:,\d{3})+|\d{1,9})(?P<frac>\.\d{1,4})?(?P<unit>万元|元)"
)
_NOT_CHARGED = regex.compile(
    r"(?:未|没有|无|不)(?:发生|产生|涉及)?(?:任何)?(?:政府信息公开)?(?:收取|收费)"
)
# Wording that makes an amount something else than this year's fees charged.
_NOT_THIS_FEE = regex.compile(r"未|没有|无|不|标准|每件|代收|减免|退还|退回|同比|去年|上年|往年")
_FEE_APPLICATIONS = regex.compile(r"涉及(?:申请)?(?P<n>\d{1,6})件|(?P<m>\d{1,6})件申请")
_NONE_LINE = regex.compile(r"\s*无[。.]?\s*")


@attrs.frozen
class Claim:
    """A number the report states in words for a table cell, or a sum of cells.

    ``subject`` is one of received, carried_over, carried_forward, concluded, review,
    litigation; ``addresses`` the cells whose sum the words state; ``text`` the clause.
    """

    subject: str
    addresses: tuple[str, ...]
    value: int
    text: str
    location: Location


@attrs.frozen
class ProcessingFees:
    """What the report says of 信息处理费: charged or not, the amount in 元, and for
    how many applications, where it says so (``text`` is the clause)."""

    charged: bool
    amount: Decimal | None
    applications: int | None
    text: str
    location: Location


def claims(
    doc: Document,
    sections: tuple[Section, ...],
    regions: dict[int, tuple[int, int]],
    year: int | None,
) -> tuple[Claim, ...]:
    """The claims of sections 一, 三 and 四 (of 三 and 四, the words before and after
    their tables: the table rows themselves are not prose)."""
    text = doc.text
    found: dict[str, list[tuple[int, int, str]]] = {}  # subject -> (value, offset, clause)
    for start, end in _prose_spans(doc, sections, regions):
        finish = start
        for anchor in _ANCHOR.finditer(text, start, end):
            if anchor.start() < finish:
                continue  # in the clause just read
            begin, finish = _bounds(text, anchor.start(), start, end, _DELIMITER)
            clause = _SPACE.sub("", text[begin:finish])
            if _NOT_A_CLAIM.search(clause) or _other_year(clause, year):
                continue
            for subject, (_, shape) in _SUBJECTS.items():
                m = shape.search(clause)
                if m is None:
                    continue
                if subject != "received":  # 收到…申请 names its own topic
                    s_begin, s_end = _bounds(text, begin, start, end, _SENTENCE_DELIMITER)
                    if not _TOPIC.search(text, s_begin, s_end):
                        continue
                found.setdefault(subject, []).append((int(m["n"]), begin, clause))
            if _NONE_RECEIVED.search(clause):
                found.setdefault("received", []).append((0, begin, clause))
    # A subject stated with different numbers is not a claim one can be sure of.
    return tuple(
        Claim(subject, _SUBJECTS[subject][0], value, clause, _location(doc, offset))
        for subject, stated in found.items()
        if len({v for v, _, _ in stated}) == 1
        for value, offset, clause in stated[:1]
    )


def _bounds(text: str, at: int, start: int, end: int, edges: _Edges) -> tuple[int, int]:
    """The clause (or sentence) around ``at``: between delimiters, within reach."""
    forward, backward = edges
    begin = backward.match(text, max(start, at - _REACH), at)
    finish = forward.match(text, at, min(end, at + _REACH))
    return (begin.start() if begin else at), (finish.end() if finish else at)


def _other_year(clause: str, year: int | None) -> bool:
    return any(int(y) != year for y in _YEAR.findall(clause)) if year else False


def _prose_spans(
    doc: Document, sections: tuple[Section, ...], regions: dict[int, tuple[int, int]]
) -> list[tuple[int, int]]:
    spans = []
    for section in sections:
        if section.number not in (1, 3, 4):
            continue
        start, end = section.body_start, section.end
        first, last = regions.get(section.number, (0, 0))
        rows = (
            [b for b in doc.blocks[first:last] if isinstance(b, Row)] if section.number != 1 else []
        )
        if rows:
            cell = rows[-1].cells[-1]
            spans += [(start, rows[0].offset), (cell[2] + len(cell[0]), end)]
        else:
            spans.append((start, end))
    return spans


def _location(doc: Document, offset: int) -> Location:
    return Location(doc.text.count(doc.newline, 0, offset) + 1, offset)


def processing_fees(
    doc: Document, sections: tuple[Section, ...], year: int | None
) -> ProcessingFees | None:
    """The 信息处理费 statement of section 六 (only there: elsewhere 收费 is other fees)."""
    text = doc.text
    for section in sections:
        if section.number != 6:
            continue
        start, end = section.body_start, section.end
        finish = start
        for anchor in _FEES.finditer(text, start, end):
            if anchor.start() < finish:
                continue  # in the clause just read
            begin, finish = _bounds(text, anchor.start(), start, end, _DELIMITER)
            s_begin, s_end = _bounds(text, anchor.start(), start, end, _SENTENCE_DELIMITER)
            clause = _SPACE.sub("", text[begin:finish])
            sentence = _SPACE.sub("", text[s_begin:s_end])
            if _other_year(sentence, year):
                continue
            m = _CHARGED.search(clause)
            if m is not None and not _NOT_THIS_FEE.search(clause):
                amount = Decimal(m["amount"].replace(",", "") + (m["frac"] or ""))
                amount *= 10000 if m["unit"] == "万元" else 1
                after = _SPACE.sub("", text[finish:s_end])
                apps = _FEE_APPLICATIONS.search(after)
                count = int(apps["n"] or apps["m"]) if apps else None
                return ProcessingFees(amount > 0, amount, count, clause, _location(doc, begin))
            if _NOT_CHARGED.search(sentence) or _answered_none(text, finish, end, doc.newline):
                return ProcessingFees(False, Decimal(0), None, clause, _location(doc, begin))
    return None


def _answered_none(text: str, at: int, end: int, newline: str) -> bool:
    """Whether the line after ``at`` says only "无。" (a heading answered, seed 000)."""
    line_end = text.find(newline, at, end)
    if line_end < 0:
        return False
    next_end = text.find(newline, line_end + 1, end)
    following = text[line_end + 1 : end if next_end < 0 else next_end]
    return _NONE_LINE.fullmatch(following) is not None and text[at:line_end].strip() == ""
