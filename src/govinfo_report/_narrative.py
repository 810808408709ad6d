"""What the report says in words: numbers it claims for table cells, and 信息处理费.

Precision over recall.  A claim is read only from a short, bounded phrase ("共收到政府信息
公开申请34件") inside one clause; a clause that speaks of another year ("同比", "去年")
before its number makes no claim; a subject stated twice with different numbers makes
none.  The checker (rule NARR-MISMATCH) compares claims with the tables; nothing here
looks at a table.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import regex

from ._blocks import Document, Row
from ._model import Location, Section

_N = r"(?P<n>\d{1,7})\s*(?:件|个|条|宗|起)"
_GAP = r"(?P<gap>[^\d。；;，,\n]{0,20}?)"
# Subject -> the cells whose sum the words state, and the words that open the phrase.
_SUBJECTS: dict[str, tuple[tuple[str, ...], str]] = {
    "received": (("t3.new_received.total",), r"收到|新收"),
    "carried_over": (("t3.carried_over.total",), r"上年度?结转"),
    "carried_forward": (("t3.carried_forward.total",), r"(?:结转|转)(?:至|到|入)?下一?年度?"),
    "concluded": (("t3.total.total",), r"办结|共答复"),
    "review": (("t4.review.total",), r"行政复议"),
    "litigation": (("t4.litigation_direct.total", "t4.litigation_after_review.total"), r"行政诉讼"),
}
# One pattern for all subjects, matched overlapping ("收到行政复议申请2件" is tried as
# 收到… and as 行政复议…): one pass over a section.
_CLAIM = regex.compile(
    "(?:" + "|".join(f"(?P<{s}>{words})" for s, (_, words) in _SUBJECTS.items()) + ")" + _GAP + _N
)
# What the gap of a received claim must hold: it is about applications.
_RECEIVED_NEEDS = "申请"
# A gap holding these names a part, not the whole ("办结的申请中同意公开答复9件",
# "行政复议被纠错0件").
_PART = regex.compile(
    r"其中|中|予以|同意|部分|纠|维持|撤销|败诉|驳回|网上|当面|信函|复议|诉讼|信访|投诉|举报"
)
_NONE_RECEIVED = regex.compile(r"(?:未|没有)(?:收到|接到)[^\d。；;\n]{0,16}?申请")
# Words that put a number in another year than the report's.
_OTHER_YEAR = regex.compile(r"同比|去年|上一年|上年度|较上年|往年")
_CLAUSE_END = regex.compile(r"[，,。；;\n]")
_SENTENCE_END = regex.compile(r"[。；;\n]")
_LAST_CLAUSE = regex.compile(r"[^，,。；;\n]*$")

_FEE_WORDS = regex.compile(r"信息处理费|收费")
# "未收取…", "未发生…收费事项", "无收费情况", "收费情况：无"; never "未按收费通知…", the
# label of a table 三 row.
_NOT_CHARGED = regex.compile(
    r"(?:未|没有|无|不)(?:发生|产生|涉及)?[^。；\n\d]{0,12}?(?:收取|收费事项|收费情况|信息处理费)"
    r"|收费[^。；\n]{0,6}?(?:为)?(?:无|零)"
)
_CHARGED = regex.compile(
    r"收取[^。；\n\d]{0,16}?信息处理费[^。；\n\d]{0,10}?(?P<amount>\d{1,9}(?:\.\d{1,4})?)\s*"
    r"(?P<unit>万元|元)"
)
_APPLICATIONS = regex.compile(r"(?P<n>\d{1,6})\s*件")
_NONE_LINE = regex.compile(r"\s*无[。.]?\s*")


@attrs.frozen
class Claim:
    """A number the report states in words for a table cell, or a sum of cells.

    ``subject`` is one of received, carried_over, carried_forward, concluded, review,
    litigation; ``addresses`` the cells whose sum the words state; ``text`` the words.
    """

    subject: str
    addresses: tuple[str, ...]
    value: int
    text: str
    location: Location


@attrs.frozen
class ProcessingFees:
    """What the report says of 信息处理费: charged or not, the amount in 元, and for
    how many applications, where it says so."""

    charged: bool
    amount: Decimal | None
    applications: int | None
    text: str
    location: Location


def claims(doc: Document, sections: tuple[Section, ...]) -> tuple[Claim, ...]:
    """The claims of sections 一, 三 and 四 (of 三 and 四, the words before and after
    their tables: the table rows themselves are not prose)."""
    text, newline = doc.text, doc.newline
    found: dict[str, list[tuple[int, int, str]]] = {}  # subject -> (value, offset, words)
    for start, end in _prose_spans(doc, sections):
        for m in _CLAIM.finditer(text, start, end, overlapped=True):
            subject = m.lastgroup if m.lastgroup in _SUBJECTS else _subject(m)
            gap = m["gap"]
            if (
                (subject == "received" and _RECEIVED_NEEDS not in gap)
                or _PART.search(gap)
                or _other_year(text, m.start())
            ):
                continue
            found.setdefault(subject, []).append((int(m["n"]), m.start(), m[0]))
        for m in _NONE_RECEIVED.finditer(text, start, end):
            if not _other_year(text, m.start()):
                found.setdefault("received", []).append((0, m.start(), m[0]))
    # A subject stated with different numbers is not a claim one can be sure of.
    return tuple(
        Claim(subject, _SUBJECTS[subject][0], value, words, _location(text, offset, newline))
        for subject, stated in found.items()
        if len({v for v, _, _ in stated}) == 1
        for value, offset, words in stated[:1]
    )


def _prose_spans(doc: Document, sections: tuple[Section, ...]) -> list[tuple[int, int]]:
    spans = []
    for section in sections:
        if section.number not in (1, 3, 4):
            continue
        start, end = section.body_start, section.end
        rows = (
            [
                block
                for block in doc.blocks
                if isinstance(block, Row) and start <= block.offset < end
            ]
            if section.number != 1
            else []
        )
        if rows:
            last = rows[-1].cells[-1]
            spans += [(start, rows[0].offset), (last[2] + len(last[0]), end)]
        else:
            spans.append((start, end))
    return spans


def _subject(m: regex.Match[str]) -> str:
    return next(subject for subject in _SUBJECTS if m[subject] is not None)


def _other_year(text: str, at: int) -> bool:
    """Whether the clause before ``at`` speaks of another year."""
    clause = _LAST_CLAUSE.search(text, max(0, at - 40), at)
    return clause is not None and _OTHER_YEAR.search(clause[0]) is not None


def _location(text: str, offset: int, newline: str) -> Location:
    return Location(text.count(newline, 0, offset) + 1, offset)


def processing_fees(
    text: str, sections: tuple[Section, ...], newline: str
) -> ProcessingFees | None:
    """The 信息处理费 statement: section 六 first, then anywhere in the report."""
    six = [s for s in sections if s.number == 6]
    spans = [(s.body_start, s.end) for s in six] + [(0, len(text))]
    for start, end in spans:
        found = _fees_in(text, start, end, newline)
        if found is not None:
            return found
    return None


def _fees_in(text: str, start: int, end: int, newline: str) -> ProcessingFees | None:
    for m in _CHARGED.finditer(text, start, end):
        amount = Decimal(m["amount"]) * (10000 if m["unit"] == "万元" else 1)
        sentence_end = _SENTENCE_END.search(text, m.end(), min(end, m.end() + 40))
        tail = text[m.end() : sentence_end.start() if sentence_end else min(end, m.end() + 40)]
        head = text[max(start, m.start() - 30) : m.start()]
        applications = _APPLICATIONS.search(head + tail)
        return ProcessingFees(
            amount > 0,
            amount,
            int(applications["n"]) if applications else None,
            m[0],
            _location(text, m.start(), newline),
        )
    # Only lines that name a fee are looked at: found by one scan, not line by line.
    seen = -1
    for m in _FEE_WORDS.finditer(text, start, end):
        line_start = text.rfind(newline, start, m.start()) + 1 or start
        if line_start <= seen:
            continue
        line_end = text.find(newline, m.end(), end)
        line_end = end if line_end < 0 else line_end
        seen = line_end
        line = text[line_start:line_end]
        next_end = text.find(newline, line_end + 1, end) if line_end < end else -1
        following = text[line_end + 1 : end if next_end < 0 else next_end] if line_end < end else ""
        # "未收取…信息处理费", "无收费情况"; or a heading naming the fee answered by "无。"
        # on the next line (seed 000).
        if _NOT_CHARGED.search(line) or (
            "信息处理费" in line and following and _NONE_LINE.fullmatch(following)
        ):
            return ProcessingFees(
                False, Decimal(0), None, line.strip(), _location(text, line_start, newline)
            )
    return None
