"""Traditional script, pinyin mojibake and provincial label variants read as the template.

Every organ, label variant and number here is invented; the traditional forms are
written by hand (not produced by the folding table under test).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import regex

import govinfo_report as gr
from govinfo_report._core.model import Edition
from govinfo_report._core.normalize import TRADITIONAL_PAIRS, fold, keyed, label_key
from govinfo_report._format.schema import table_schema, vocabulary
from govinfo_report._outline import outline as _outline
from govinfo_report._read import flat as _flat
from govinfo_report._read.blocks import Block, Paragraph

# A report printed in traditional characters: title, headings, every label and header.
TRADITIONAL_REPORT = """樣本縣示例鎮人民政府2023年政府信息公開工作年度報告
本報告所列數據的統計期限自2023年1月1日起至2023年12月31日止。
一、總體情況
本年度工作穩步推進。
二、主動公開政府信息情況
第二十條第（一）項
信息內容\t本年制發件數\t本年廢止件數\t現行有效件數
規章\t0\t0\t1
行政規範性文件\t3\t1\t12
第二十條第（五）項
信息內容\t本年處理決定數量
行政許可\t27
第二十條第（六）項
信息內容\t本年處理決定數量
行政處罰\t5
行政強制\t無
第二十條第（八）項
信息內容\t本年收費金額（單位：萬元）
行政事業性收費\t1.5萬元
三、收到和處理政府信息公開申請情況
（本列數據的勾稽關係為：第一項加第二項之和，等於第三項加第四項之和）\t申請人情況
\t自然人\t法人或其他組織\t總計
\t商業企業\t科研機構\t社會公益組織\t法律服務機構\t其他
一、本年新收政府信息公開申請數量\t4\t1\t0\t0\t0\t0\t5
二、上年結轉政府信息公開申請數量\t1\t0\t0\t0\t0\t0\t1
三、本年度辦理結果\t（一）予以公開\t2\t1\t0\t0\t0\t0\t3
（二）部分公開（區分處理的，只計這一情形，不計其他情形）\t1\t0\t0\t0\t0\t0\t1
（三）不予公開\t1.屬於國家秘密\t0\t0\t0\t0\t0\t0\t0
2.其他法律行政法規禁止公開\t0\t0\t0\t0\t0\t0\t0
3.危及“三安全一穩定”\t0\t0\t0\t0\t0\t0\t0
4.保護第三方合法權益\t0\t0\t0\t0\t0\t0\t0
5.屬於三類內部事務信息\t0\t0\t0\t0\t0\t0\t0
6.屬於四類過程性信息\t0\t0\t0\t0\t0\t0\t0
7.屬於行政執法案卷\t0\t0\t0\t0\t0\t0\t0
8.屬於行政查詢事項\t0\t0\t0\t0\t0\t0\t0
（四）無法提供\t1.本機關不掌握相關政府信息\t1\t0\t0\t0\t0\t0\t1
2.沒有現成信息需要另行製作\t0\t0\t0\t0\t0\t0\t0
3.補正後申請內容仍不明確\t0\t0\t0\t0\t0\t0\t0
（五）不予處理\t1.信訪舉報投訴類申請\t0\t0\t0\t0\t0\t0\t0
2.重複申請\t0\t0\t0\t0\t0\t0\t0
3.要求提供公開出版物\t0\t0\t0\t0\t0\t0\t0
4.無正當理由大量反覆申請\t0\t0\t0\t0\t0\t0\t0
5.要求行政機關確認或重新出具已獲取信息\t0\t0\t0\t0\t0\t0\t0
（六）其他處理\t1.申請人無正當理由逾期不補正、行政機關不再處理其政府信息公開申請\t0\t0\t0\t0\t0\t0\t0
2.申請人逾期未按收費通知要求繳納費用、行政機關不再處理其政府信息公開申請\t0\t0\t0\t0\t0\t0\t0
3.其他\t0\t0\t0\t0\t0\t0\t0
（七）總計\t4\t1\t0\t0\t0\t0\t5
四、結轉下年度繼續辦理\t1\t0\t0\t0\t0\t0\t1
四、政府信息公開行政複議、行政訴訟情況
行政複議\t行政訴訟
結果維持\t結果糾正\t其他結果\t尚未審結\t總計\t未經複議直接起訴\t複議後起訴
結果維持\t結果糾正\t其他結果\t尚未審結\t總計\t結果維持\t結果糾正\t其他結果\t尚未審結\t總計
1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0
五、存在的主要問題及改進情況
無。
六、其他需要報告的事項
無。
"""


def codes(report: gr.Report) -> list[str]:
    return [d.code for d in report.diagnostics]


def test_a_traditional_report_reads_as_the_template() -> None:
    report = gr.parse(TRADITIONAL_REPORT)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.edition == Edition.E2021
    assert (report.year, report.period and report.period.end.year) == (2023, 2023)
    cells = report.cells()
    assert None not in cells.values(), [a for a, v in cells.items() if v is None]
    assert cells["t2.regulations.in_force"] == 1
    assert cells["t2.normative_documents.issued"] == 3
    assert cells["t2.licensing.decisions"] == 27
    assert cells["t2.enforcement.decisions"] == 0  # "無": none
    assert cells["t2.admin_fees.amount"] == Decimal("1.5")
    assert cells["t3.new_received.total"] == 5
    assert cells["t3.carried_over.natural_person"] == 1
    assert cells["t3.granted.commercial"] == 1
    assert cells["t3.partially_granted.total"] == 1
    assert cells["t3.unavailable.not_held.total"] == 1
    assert cells["t3.total.total"] == 5
    assert cells["t3.carried_forward.total"] == 1
    assert cells["t4.review.upheld"] == 1 and cells["t4.review.total"] == 1
    misread = {"PARSE-ROW-MISSING", "PARSE-ROW-UNMATCHED", "PARSE-EDITION-UNKNOWN"}
    assert not misread & set(codes(report)), report.diagnostics
    assert not [d for d in gr.check(report) if d.severity == "error"]


def test_a_traditional_report_keeps_what_it_printed() -> None:
    report = gr.parse(TRADITIONAL_REPORT)
    assert report.agency == "樣本縣示例鎮人民政府"
    assert report.title == "樣本縣示例鎮人民政府2023年政府信息公開工作年度報告"
    records = report.cell_records()
    fee = records["t2.admin_fees.amount"]
    assert (fee.raw, fee.unit, fee.value) == ("1.5萬元", "万元", Decimal("1.5"))
    assert fee.offset is not None
    assert TRADITIONAL_REPORT[fee.offset : fee.offset + len(fee.raw)] == fee.raw
    dash = records["t2.enforcement.decisions"]
    assert (dash.raw, dash.kind) == ("無", gr.CellKind.DASH)
    three = report.section(3)
    assert three is not None and three.heading == "三、收到和處理政府信息公開申請情況"


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("二、上年結轉政府信息公開申請數量", "二、上年结转政府信息公开申请数量"),
        ("三、本年度辦理結果", "三、本年度办理结果"),
        ("（七）總計", "（七）总计"),
        ("規章", "规章"),
        ("行政規範性文件", "行政规范性文件"),
        ("行政規范性文件", "行政规范性文件"),  # a mixed spelling seen in a real page
        ("本年新製作數量", "本年新制作数量"),
        ("本年收費金額（單位：萬元）", "本年收费金额（单位：万元）"),
        ("3.危及“三安全一穩定”", "3.危及“三安全一稳定”"),
        ("4.無正當理由大量反覆申請", "4.无正当理由大量反复申请"),
        ("未經複議直接起訴", "未经复议直接起诉"),
        ("複議後起訴", "复议后起诉"),
        ("行政復議", "行政复议"),
    ],
)
def test_traditional_labels_have_the_simplified_key(traditional: str, simplified: str) -> None:
    assert label_key(traditional) == label_key(simplified)


@pytest.mark.parametrize(
    ("heading", "number"),
    [
        ("一、總體情況", 1),
        ("二、主動公開政府信息情況", 2),
        ("三、收到和處理政府信息公開申請情況", 3),
        ("四、政府信息公開行政複議、行政訴訟情況", 4),
        ("四、因政府信息公開工作被申請行政復議、提起行政訴訟情況", 4),
        ("四、政府信息公開行政復(fù)議、行政訴(sù)訟情況", 4),
        ("五、存在的主要問題及改進情況", 5),
        ("六、其他需要報告的事項", 6),
    ],
)
def test_traditional_headings_name_their_sections(heading: str, number: int) -> None:
    assert _outline.heading_number(heading) == (number, 3)
    report = gr.parse(f"{heading}\n正文。\n")
    assert [s.number for s in report.sections] == [number]


@pytest.mark.parametrize(
    "sentence",
    [
        "本報告數據統計期間為2020年1月1日至2020年12月31日。",
        "本報告統計時限：2020年1月1日至2020年12月31日。",
    ],
)
def test_a_traditional_statistics_period_gives_the_year(sentence: str) -> None:
    report = gr.parse(f"{sentence}\n一、總體情況\n本年度，我局穩步推進。\n")
    assert report.period is not None and report.period.end.isoformat() == "2020-12-31"
    assert report.year == 2020


# ---------------------------------------------------------------- the folding table

# Every character the parser's words use that is written the same in both scripts.
# A word added to the vocabulary with a character in neither this list nor the
# folding table fails the coverage test below: decide which it is.
SAME_IN_BOTH = (
    "一七三上下不中主之九了予事二五享人仍他以件企位作供保信元全八公六其具再出分列到前"
    "加勾十印危卷及反取另只可司合向告和商四回在基增外大如委字存安定室家容密尚局州工已"
    "市年府度引形律心性息情成我或截所打投持按掌接提握搜收改政效文新方旗日明月有服期木"
    "未本村果查校案概止正求法注源然版物特理用由申登的益盟目直相知研社禁科程稽站章第等"
    "管索置署者自至航藏行街要起返述通逾道部重量金限院障集需首默"
)


def _parser_words() -> str:
    """The text of every word and pattern the parser matches labels, headings, titles
    and the statistics period with."""
    patterns = [
        *(p.pattern for _, p in _outline._SECTIONS),
        *(p.pattern for p in _outline.TITLE_PATTERNS),
        _outline._SENTENCE_TITLE.pattern,
        _outline._PERIOD.pattern,
        _outline._CHROME.pattern,
        _outline._SELF.pattern,
        _outline._OPENING.pattern,
        _outline._YEAR_END.pattern,
    ]
    words = [
        *vocabulary(),
        *_outline.SECTION_WORDS,
        *_outline.SENTENCE_VERBS,
        *_outline._PERIOD_ANCHORS,
        "".join(_outline._ORGAN_ENDS),
    ]
    return "".join(patterns + words)


def test_the_folding_table_covers_every_character_the_parser_matches() -> None:
    used = {ch for ch in _parser_words() if regex.match(r"\p{Han}", ch)}
    folded = {simplified for _, simplified in TRADITIONAL_PAIRS}
    unclassified = sorted(used - folded - set(SAME_IN_BOTH))
    assert not unclassified, f"add their traditional forms, or to SAME_IN_BOTH: {unclassified}"
    assert not folded & set(SAME_IN_BOTH)


def test_the_folding_table_is_sound() -> None:
    used = {ch for ch in _parser_words() if regex.match(r"\p{Han}", ch)}
    traditional = [t for t, _ in TRADITIONAL_PAIRS]
    assert len(traditional) == len(set(traditional))
    # Folding never changes a character of the parser's own (simplified) words.
    assert not used & set(traditional)
    for t, s in TRADITIONAL_PAIRS:
        assert fold(t) == s and fold(s) == s


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("政府信息公開", "政府信息公开"),
        ("規章", "规章"),
        ("總計", "总计"),
        ("結轉", "结转"),
        ("複議", "复议"),
        ("訴訟", "诉讼"),
        ("申請", "申请"),
        ("處理", "处理"),
        ("數量", "数量"),
        ("辦理", "办理"),
        ("結果", "结果"),
        ("據", "据"),
        ("條", "条"),
        ("項", "项"),
        ("萬元", "万元"),
        ("報告", "报告"),
        ("機關", "机关"),
        ("縣", "县"),
        ("鎮", "镇"),
        ("區", "区"),
        ("統計期限", "统计期限"),
    ],
)
def test_the_named_traditional_words_fold(traditional: str, simplified: str) -> None:
    assert fold(traditional) == simplified


def test_the_period_anchors_of_either_script_agree() -> None:
    assert {fold(w) for w in _outline._PERIOD_ANCHORS_TRADITIONAL} <= set(_outline._PERIOD_ANCHORS)


# ------------------------------------------------------------------- pinyin mojibake


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("規(guī)章", "规章"),
        ("規(guī)范性文件", "规范性文件"),
        ("本年制發(fā)件數(shù)", "本年制发件数"),
        ("信息內(nèi)容", "信息内容"),
        ("行政事業(yè)性收費", "行政事业性收费"),
        (
            "（二）部分公開（區(qū)分處理的，只計這一情形，不計其他情形）",
            "部分公开区分处理的只计这一情形不计其他情形",
        ),
    ],
)
def test_pinyin_inside_a_label_is_ignored(label: str, key: str) -> None:
    assert label_key(label) == key


def test_brackets_that_are_not_pinyin_stay() -> None:
    assert keyed("第二十条第(一)项")[0] == "第二十条第(一)项"
    assert keyed("N(a) 示例")[0] == "N(a)示例"  # after a Latin letter: not pinyin
    key, at = keyed("示例鎮(zhèn) 人民政府")
    assert key == "示例镇人民政府" and [at[0], at[-1]] == [0, 13]


def test_a_table_with_pinyin_in_its_labels_reads() -> None:
    text = (
        "二、主動公開政府信息情況\n"
        "第二十條第(一)項 |\n"
        "信息內(nèi)容 | 本年制發(fā)件數(shù) | 本年廢止件數(shù) | 現(xiàn)行有效件數(shù) |\n"
        "規(guī)章 | 2 | 0 | 7 |\n"
        "規(guī)范性文件 | 4 | 1 | 9 |\n"
        "三、收到和處理政府信息公開申請情況\n"
    )
    report = gr.parse(text)
    cells = report.cells()
    assert [cells[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [2, 0, 7]
    assert cells["t2.normative_documents.in_force"] == 9
    assert report.cell_records()["t2.regulations.issued"].raw == "2"


# ------------------------------------------------------------- label variants (B)


@pytest.mark.parametrize("edition", [Edition.E2019, Edition.E2021])
@pytest.mark.parametrize(
    ("label", "address"),
    [
        ("规章（设区的市、自治州人民政府应提供相关数据）", "regulations"),
        ("規章(設區的市、自治州人民政府應提供相關數據)", "regulations"),
        ("规范性文件(指各行政机关印发的有正式文号的文件)", "normative_documents"),
        (
            "規範性檔案(行政機關制定發布的決定、公告、通知，一般情況下屬於規範性檔案)",
            "normative_documents",
        ),
        ("规章（设区的市、自治州人民政府", "regulations"),  # the note cut off by a line break
        ("其他主动公开文件", None),
        ("其他主动公开文件（规范性文件以外）", None),  # a note naming another row
        ("其他主動公開檔案(含除規範性檔案以外的主動公開檔案)", None),
        ("行政许可（含行政处罚、行政强制）", "licensing"),
    ],
)
def test_a_note_never_names_a_row(edition: Edition, label: str, address: str | None) -> None:
    schema = table_schema(2, edition)
    index = schema.name_of(label_key(label))
    assert (schema.layout.rows[index].address if index is not None else None) == address


@pytest.mark.parametrize(
    ("label", "address"),
    [
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_granted"),
        ("（二）部分公开（区分处理的,只计这一情况,不计其他情况）", "partially_granted"),
        ("（二）部分公开（区分处理的，只计这一情", "partially_granted"),
        ("二、上年转结政府信息公开申请数量", "carried_over"),
        ("上年转结", "carried_over"),
        ("5.属于三类内容事务信息", "denied.internal_affairs"),
        ("5.屬於三類內容事務信息", "denied.internal_affairs"),
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None),
    ],
)
def test_table3_label_variants(label: str, address: str | None) -> None:
    schema = table_schema(3, Edition.E2021)
    index = schema.name_of(label_key(label))
    assert (schema.layout.rows[index].address if index is not None else None) == address


def test_provincial_labels_and_an_extra_row_in_a_table() -> None:
    text = (
        "二、主动公开政府信息情况\n第二十条第（一）项\n"
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
        "规章（设区的市、自治州人民政府应提供相关数据）\t1\t1\t4\n"
        "规范性文件(指各行政机关印发的有正式文号的文件)\t2\t2\t8\n"
        "其他主动公开文件（除规范性文件以外的主动公开文件）\t90\t90\t300\n"
        "第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
        "行政许可\t6\t+1\t40\n"
        "三、收到和处理政府信息公开申请情况\n"
        "二、上年转结政府信息公开申请数量\t0\t1\t0\t0\t0\t0\t1\n"
        "5.属于三类内容事务信息\t2\t0\t0\t0\t0\t0\t2\n"
    )
    cells = gr.parse(text).cells()
    made = [cells[f"t2.regulations.{c}"] for c in ("made", "published", "total_public")]
    assert made == [1, 1, 4]
    assert cells["t2.normative_documents.total_public"] == 8  # not the extra row's 300
    assert cells["t2.licensing.change"] == 1
    assert cells["t3.carried_over.commercial"] == 1
    assert cells["t3.denied.internal_affairs.natural_person"] == 2


def test_a_column_word_variant_is_a_table_word() -> None:
    assert "科研企业" in vocabulary()


@pytest.mark.parametrize(
    ("heading", "number"),
    [
        ("二、主动公开政府信息工作情况", 2),
        ("三、收到和处理政府信息公开的申请情况", 3),
        ("三、收到的处理政府信息公开申请情况", 3),
    ],
)
def test_section_heading_variants(heading: str, number: int) -> None:
    assert _outline.heading_number(heading) == (number, 3)


def test_the_flattened_page_matcher_reads_traditional_words() -> None:
    line = "信息內容本年制發件數本年廢止件數現行有效件數規章"
    found: list[Block] = []
    _flat._words(line, 0, len(line), 1, 0, found.append)
    texts = [b.text for b in found if isinstance(b, Paragraph)]
    assert texts == ["信息內容", "本年制發件數", "本年廢止件數", "現行有效件數", "規章"]
