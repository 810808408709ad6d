"""What the text says: claims for table cells and 信息处理费, read with precision."""

from __future__ import annotations

from decimal import Decimal

import pytest

import govinfo_report as gr

HEAD = "示例县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n"


def claims(sentence: str) -> dict[str, int]:
    return {c.subject: c.value for c in gr.parse(HEAD + sentence + "\n").claims}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "2023年共收到政府信息公开申请34件，上年结转2件，办结35件，结转下年度继续办理1件。",
            {"received": 34, "carried_over": 2, "concluded": 35, "carried_forward": 1},
        ),
        (
            "2023年共收到依申请公开事项3件，同比增长300%，行政复议事项0件，行政诉讼事项0件。",
            {"received": 3, "review": 0, "litigation": 0},
        ),
        ("全年新收政府信息公开申请 21 件。", {"received": 21}),
        ("本年度未收到政府信息公开申请。", {"received": 0}),
        ("依申请公开事项转下一年度办理答复的有 1 件。", {"carried_forward": 1}),
        (
            "因政府信息公开工作被申请行政复议2件，被提起行政诉讼1件。",
            {"review": 2, "litigation": 1},
        ),
    ],
)
def test_claims_read(sentence: str, expected: dict[str, int]) -> None:
    assert claims(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "受理3259件，答复3278件。",  # 受理 and 答复 alone say nothing sure about the table
        "较上年收到申请增加5件。",  # another year
        "去年收到政府信息公开申请12件。",
        "所有办结的信息公开申请中同意公开答复 9 件。",  # a part, not the whole
        "行政复议被纠错0件。",
        "收到投诉12件。",  # not applications
        "收到政府信息公开申请3件。后又收到政府信息公开申请5件。",  # two numbers: unsure
        "收到政府信息公开申请件数较多。",
        # Found in review: ordinary report sentences that once gave wrong claims.
        "自收到申请之日起20个工作日内予以答复。",
        "平均办结时限为5个工作日。",
        "收到申请涉及12个部门。",
        "全年共答复网民留言45条。",
        "12345热线办结群众诉求320件。",
        "延期办结2件。",
        "办结上年结转申请2件。",
        "本年度未收到相关投诉举报，依申请公开工作平稳有序。",
        "本年度未收到政府信息公开行政复议申请。",
        "收到政府信息公开申请同比增加12件。",
        "比上年多收到政府信息公开申请5件。",
        "比2022年收到政府信息公开申请多5件。",
        "其中，通过网络平台收到政府信息公开申请30件。",
        "未经复议直接提起行政诉讼2件，复议后起诉1件。",
        "行政诉讼尚未审结1件。",
        "被申请行政复议、提起行政诉讼共5件。",
        "共收到政府信息公开申请及意见建议56件。",
        "本年度共收到政府信息公开申请36件（含上年结转2件）。",
        "本年度公开行政复议决定书45件。",
        "全年共收到行政复议申请120件，办结110件。",
    ],
)
def test_misleading_sentences_make_no_claim(sentence: str) -> None:
    assert claims(sentence) == {}


def test_claims_point_at_their_words() -> None:
    text = HEAD + "本年度共收到政府信息公开申请34件。\n"
    [claim] = gr.parse(text).claims
    assert text[claim.location.offset :].startswith(claim.text)
    assert claim.location.line == 3
    assert claim.addresses == ("t3.new_received.total",)


def test_a_claim_that_differs_from_the_table_is_a_warning(corpus_dir: object) -> None:
    from test_assembly import report, t3_rows

    text = report(t3_rows("2021", {"new_received": ["3", "0", "0", "0", "0", "0", "3"]}))
    text = text.replace("本年度工作稳步推进。", "本年度共收到政府信息公开申请5件。")
    findings = [d for d in gr.check(gr.parse(text)) if d.code == "NARR-MISMATCH"]
    [finding] = findings
    assert finding.severity == gr.Severity.WARNING
    assert finding.addresses == ("t3.new_received.total",)
    assert "(5)" in finding.message and "= 3" in finding.message
    agreeing = text.replace("收到政府信息公开申请5件", "收到政府信息公开申请3件")
    assert not [d for d in gr.check(gr.parse(agreeing)) if d.code == "NARR-MISMATCH"]


def fees(text: str) -> gr.ProcessingFees | None:
    return gr.parse(HEAD + "六、其他需要报告的事项\n" + text).processing_fees


@pytest.mark.parametrize(
    ("text", "charged", "amount", "applications"),
    [
        ("本年度未收取政府信息公开信息处理费。", False, Decimal(0), None),
        ("2023 年，市科委未发生政府信息公开收费事项。", False, Decimal(0), None),
        ("（一）收取信息处理费的情况\n无。", False, Decimal(0), None),
        ("本机关收取信息处理费共计380元，涉及申请2件。", True, Decimal(380), 2),
        ("共收取信息处理费0.5万元。", True, Decimal(5000), None),
        ("本年度共收取信息处理费1,200元，不存在违规收费情况。", True, Decimal(1200), None),
        ("本年度未收取信息处理费；上年度收取信息处理费100元。", False, Decimal(0), None),
        ("本机关未收取信息处理费，减免信息处理费1200元。", False, Decimal(0), None),
        ("收取信息处理费的标准为每件100元，本年度未收取信息处理费。", False, Decimal(0), None),
        ("本年度共收到政府信息公开申请12件，收取信息处理费100元。", True, Decimal(100), None),
    ],
)
def test_processing_fees(
    text: str, charged: bool, amount: Decimal, applications: int | None
) -> None:
    found = fees(text)
    assert found is not None
    assert (found.charged, found.amount, found.applications) == (charged, amount, applications)


@pytest.mark.parametrize(
    "text",
    [
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "对照清单公开不动产登记收费情况。",
        "本年度行政事业性收费项目无调整。",
        "2022年收取信息处理费100元。",
    ],
)
def test_not_a_fee_statement(text: str) -> None:
    assert fees(text) is None


def test_claims_and_fees_round_trip() -> None:
    report = gr.parse(
        HEAD + "共收到政府信息公开申请34件。\n六、其他需要报告的事项\n未收取信息处理费。\n"
    )
    assert report.claims and report.processing_fees is not None
    assert gr.Report.from_json(report.to_json()) == report
