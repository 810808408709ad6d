"""Titles, organs and report years in the shapes real pages print them.

Organs, years and sentences are invented; only the shapes follow real reports (see
FORMAT.md, "Real-world variation").
"""

from __future__ import annotations

import pytest

import govinfo_report as gr

BODY = "一、总体情况\n本年度，本机关认真落实条例要求。\n二、主动公开政府信息情况\n"


def meta(head: str, body: str = BODY) -> tuple[str | None, int | None]:
    report = gr.parse(head + "\n" + body)
    return report.agency, report.year


def codes(report: gr.Report) -> list[str]:
    return [d.code for d in report.diagnostics]


# ------------------------------------------------------------------ title lines


@pytest.mark.parametrize(
    ("head", "agency", "year"),
    [
        ("示例镇人民政府2022年政府信息公开工作年度报告", "示例镇人民政府", 2022),
        ("示例镇人民政府2022年度政府信息公开工作年度报告", "示例镇人民政府", 2022),
        ("示例街2021年政府信息公开年度报告", "示例街", 2021),
        ("2022年示例县示例局信息公开年报", "示例县示例局", 2022),
        # 人民政府 + 信息公开, not 人民 + 政府信息公开
        ("2022年示例县示例镇人民政府信息公开年报", "示例县示例镇人民政府", 2022),
        ("2022年示例县示例镇人民政府政府信息公开工作年度报告", "示例县示例镇人民政府", 2022),
        ("示例县示例局2022年度政府信息公开年报", "示例县示例局", 2022),
        ("样本市示例局2023年政府信息公开年度报告", "样本市示例局", 2023),
        ("样本市示例局政府信息公开工作2023年度报告", "样本市示例局", 2023),
        ("样本区示例办公室关于2022年度政府信息公开情况的报告", "样本区示例办公室", 2022),
        ("《样本县示例局2023年政府信息公开工作年度报告》", "样本县示例局", 2023),
        ("# 样本县示例局2023年政府信息公开工作年度报告", "样本县示例局", 2023),
        ("标题：样本县示例局2023年政府信息公开工作年度报告", "样本县示例局", 2023),
    ],
)
def test_title_lines(head: str, agency: str, year: int) -> None:
    assert meta(head) == (agency, year)


def test_the_title_is_kept_as_printed() -> None:
    report = gr.parse("《样本县示例局 2023 年政府信息公开工作年度报告》\n" + BODY)
    assert report.title == "样本县示例局 2023 年政府信息公开工作年度报告"
    assert report.agency == "样本县示例局"


@pytest.mark.parametrize(
    "head",
    [
        "关于2022年度政府信息公开情况的报告\n样本区示例办公室",
        "样本区示例办公室\n关于2022年度政府信息公开情况的报告",
        "2022年政府信息公开工作年度报告\n样本县示例镇人民政府\n2022年政府信息公开工作年度报告",
    ],
)
def test_the_organ_on_a_line_of_its_own(head: str) -> None:
    agency = "样本县示例镇人民政府" if "镇" in head else "样本区示例办公室"
    assert meta(head) == (agency, 2022)


def test_a_title_without_an_organ_names_none() -> None:
    report = gr.parse("关于2022年度政府信息公开情况的报告\n" + BODY)
    assert (report.agency, report.year) == (None, 2022)
    assert report.title == "关于2022年度政府信息公开情况的报告"
    assert "PARSE-TITLE-MISSING" not in codes(report)


@pytest.mark.parametrize(
    ("head", "agency"),
    [
        ("样本新区示例街道办事处2023年度政府\n信息公开工作年度报告", "样本新区示例街道办事处"),
        ("样本县示例局2023\n政府信息公开工作年度报告", "样本县示例局"),
        ("样本县示例局\n2023年政府信息公开工作年度报告", "样本县示例局"),
    ],
)
def test_a_title_over_two_lines(head: str, agency: str) -> None:
    assert meta(head) == (agency, 2023)


# ------------------------------------------------------------------- PDF flipbooks


def test_a_flipbook_page_prefix_is_no_part_of_the_title() -> None:
    text = (
        "Page 7 - 样本区示例局2022年政府信息公开工作年度报告\nP. 7\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    report = gr.parse(text)
    assert (report.agency, report.year) == ("样本区示例局", 2022)
    assert report.title == "样本区示例局2022年政府信息公开工作年度报告"


def test_a_flipbook_file_name_is_a_title() -> None:
    report = gr.parse("Page 9 - 2020年报_示例局\nP. 9\n五、存在的主要问题及改进情况\n无。\n")
    assert (report.agency, report.year, report.title) == ("示例局", 2020, "2020年报_示例局")


# ----------------------------------------------------------------- sentence titles

PREAMBLE = "根据《中华人民共和国政府信息公开条例》规定，"


@pytest.mark.parametrize(
    ("sentence", "agency", "year"),
    [
        (PREAMBLE + "现公布样本县示例局2023年政府信息公开工作年度报告。", "样本县示例局", 2023),
        (
            PREAMBLE + "现向社会公布2021年样本市示例局政府信息公开工作年度报告。",
            "样本市示例局",
            2021,
        ),
        (
            PREAMBLE + "特编制样本市示例办公室2023年政府信息公开工作年度报告。",
            "样本市示例办公室",
            2023,
        ),
        (PREAMBLE + "样本县示例街道特编制2023年政府信息公开年度报告。", "样本县示例街道", 2023),
        ("现将示例信访局2021年度政府信息公开工作报告如下：", "示例信访局", 2021),
        (PREAMBLE + "现公布我局2022年政府信息公开工作年度报告。", None, 2022),
        (PREAMBLE + "现公布本机关2022年政府信息公开工作年度报告。", None, 2022),
        ("现将我镇2022年度政府信息公开情况报告如下。", None, 2022),
        (
            "结合工作实际，现编制形成了《某某体育@:示例镇人民政府2023年政府信息公开工作年度报告》。",
            "示例镇人民政府",
            2023,
        ),
        (
            "本报告由样本县示例镇人民政府编制2020年政府信息公开年度报告。",
            "样本县示例镇人民政府",
            2020,
        ),
        ("現向社會公布樣本市示例局2021年信息公開工作年度報告。", "樣本市示例局", 2021),
    ],
)
def test_a_title_only_inside_a_sentence(sentence: str, agency: str | None, year: int) -> None:
    report = gr.parse(sentence + "\n" + BODY)
    assert (report.agency, report.year) == (agency, year)
    assert report.title is not None and "公布" not in report.title
    assert "PARSE-TITLE-MISSING" not in codes(report)


def test_a_sentence_title_under_the_first_heading() -> None:
    text = (
        "一、总体情况\n"
        + PREAMBLE
        + "现公布示例街道2023年度政府信息公开工作年度报告。本报告由六部分组成。\n"
        "（一）主动公开\n本年度主动公开信息20条。\n二、主动公开政府信息情况\n"
    )
    report = gr.parse(text)
    assert (report.agency, report.year) == ("示例街道", 2023)
    assert report.title == "示例街道2023年度政府信息公开工作年度报告"


def test_a_sentence_title_points_at_its_words() -> None:
    text = "前言\n" + PREAMBLE + "现公布样本县示例局2023年政府信息公开工作年度报告。\n" + BODY
    report = gr.parse(text)
    assert report.title == "样本县示例局2023年政府信息公开工作年度报告"
    assert text.count(report.title) == 1


def test_a_notice_naming_the_report_is_no_title() -> None:
    sentence = (
        "根据《示例省人民政府办公厅关于做好2020年政府信息公开年度报告编制和发布工作的通知》"
        "要求，现将我局2020年度政府信息公开情况报告如下。"
    )
    assert meta(sentence) == (None, 2020)
    notice = "按照上级关于做好2023年政府信息公开工作年度报告编制发布等工作的要求，开展工作。"
    assert meta(notice) == (None, None)


def test_a_title_line_wins_over_a_sentence() -> None:
    text = (
        "示例县人民政府2023年政府信息公开工作年度报告\n"
        + PREAMBLE
        + "现公布样本县示例局2022年政府信息公开工作年度报告。\n"
        + BODY
    )
    assert meta(text, "") == ("示例县人民政府", 2023)


def test_a_sentence_names_the_organ_a_title_lacks() -> None:
    head = (
        "2023年政府信息公开工作年度报告\n"
        + PREAMBLE
        + "特编制样本县示例局2023年政府信息公开工作年度报告。"
    )
    assert meta(head) == ("样本县示例局", 2023)
    other_year = head.replace("特编制样本县示例局2023年", "特编制样本县示例局2022年")
    assert meta(other_year) == (None, 2023)


# ------------------------------------------------------------------------ chrome

CHROME = [
    "您当前所在位置：首页 > 政府信息公开 > 政府信息公开年报",
    "当前位置:首页 > 政府信息公开 > 年度报告",
    "关怀版 无障碍 无障碍",
    "访问量:",
    "日期:2021-01-29",
    "字体:【 默认 超大",
    "分享:",
    "【字体:      】  打印",
    "发布时间:2023-01-20 来源:示例镇 字体:[ ] ",
    "字号:",
    "  • 字号:",
    "  • |",
    "  • 打印",
    "作者: 来源: 发布时间:2023-01-20",
    "发布者:示例镇 发布日期:2023-01-20 浏览次数:12",
    "登录 注册",
    "登录 |  注册 ",
    "- 设为首页",
    "- 加入收藏",
]


def test_chrome_above_a_title_is_neither_organ_nor_title() -> None:
    head = "\n".join(CHROME) + "\n示例镇人民政府2022年政府信息公开工作年度报告"
    report = gr.parse(head + "\n" + BODY)
    assert (report.agency, report.year) == ("示例镇人民政府", 2022)
    assert report.title == "示例镇人民政府2022年政府信息公开工作年度报告"


@pytest.mark.parametrize("line", ["登录 注册", "关怀版 无障碍", "- 设为首页", "首页 政府信息公开"])
def test_a_chrome_line_over_a_title_without_an_organ_is_no_organ(line: str) -> None:
    assert meta(line + "\n2023年政府信息公开工作年度报告") == (None, 2023)


def test_a_breadcrumb_ending_in_a_title_is_no_title() -> None:
    head = "首页 > 政府信息公开 > 样本镇2021年政府信息公开工作年度报告"
    report = gr.parse(head + "\n" + BODY)
    assert report.agency is None


# -------------------------------------------------------------- traditional titles


def test_a_traditional_title_keeps_its_characters() -> None:
    report = gr.parse("樣本縣示例鎮人民政府2023年政府信息公開工作年度報告\n一、總體情況\n正文。\n")
    assert (report.agency, report.year) == ("樣本縣示例鎮人民政府", 2023)
    assert report.title == "樣本縣示例鎮人民政府2023年政府信息公開工作年度報告"


def test_pinyin_inside_an_organ_is_kept_as_printed() -> None:
    sentence = (
        "根據(jù)《中華人民共和國政府信息公開條例》規(guī)定，"
        "現(xiàn)向社會公布示例鎮(zhèn)人民政府2023年政府信息公開工作年度報告。"
    )
    assert meta(sentence) == ("示例鎮(zhèn)人民政府", 2023)
    assert meta("示例鎮(zhèn)人民政府2023年政府信息公開工作年度報告") == (
        "示例鎮(zhèn)人民政府",
        2023,
    )


def test_a_traditional_sentence_without_an_organ() -> None:
    sentence = "根據有關要求，現將我局2020年度政府信息公開情況報告如下。"
    assert meta(sentence) == (None, 2020)


# --------------------------------------------------------------------- the year


@pytest.mark.parametrize(
    "sentence",
    [
        "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。",
        "本报告统计期限为2024年1月1日至2024年12月31日。",
        "本报告所列数据统计期为2024年1月1日至2024年12月31日。",
        "本报告信息数据统计期限为：2024年1月1日至2024年12月31日。",
        "本报告中所列数据的统计期限从2024年1月1日至12月31止。",
        "本报告中所列数据的统计期限自20241月1日起至202412月31日止。",
    ],
)
def test_the_year_from_the_statistics_period(sentence: str) -> None:
    report = gr.parse(sentence + "\n" + BODY)
    assert report.year == 2024
    assert report.period is not None and report.period.end.isoformat() == "2024-12-31"


@pytest.mark.parametrize(
    ("opening", "year"),
    [
        ("2022年，我镇主动公开政务信息420条。", 2022),
        ("2022年度，示例县示例办公室不断优化公开平台建设，现将工作总结如下：", 2022),
        ("（一）主动公开方面。2022年，我镇主动公开政务动态类信息420条。", 2022),
        ("（一）主动公开情况。截止2023年12月31日我局通过网站发布信息34条。", 2023),
    ],
)
def test_the_year_from_the_opening_sentence(opening: str, year: int) -> None:
    report = gr.parse("一、总体情况\n" + opening + "\n二、主动公开政府信息情况\n")
    assert report.year == year
    [missing] = [d for d in report.diagnostics if d.code == "PARSE-TITLE-MISSING"]
    assert "opening sentence" in missing.message


def test_the_opening_sentence_under_a_sub_head() -> None:
    text = "一、总体情况\n（一）主动公开\n2022年，我局主动公开政府信息222条。\n二、主动公开\n"
    assert gr.parse(text).year == 2022


# Reports of 2020 whose narrative speaks of 2019: the year is 2020 or unknown, never 2019.
@pytest.mark.parametrize(
    "text",
    [
        "示例镇人民政府2020年政府信息公开工作年度报告\n一、总体情况\n2019年，我镇主动公开信息80条。\n",
        "统计期限自2020年1月1日起至2020年12月31日止。\n一、总体情况\n2019年，我镇公开信息80条。\n",
        "现将我镇2020年度政府信息公开工作报告如下。\n一、总体情况\n2019年，我镇公开信息80条。\n",
        "一、总体情况\n2019年，我镇公开信息80条，2020年公开信息95条。\n二、主动公开政府信息情况\n",
        "一、总体情况\n2019年，我镇公开信息80条。\n2020年，我镇公开信息95条。\n",
        "一、总体情况\n本年度，我镇稳步推进公开工作。\n2019年，我镇公开信息80条。\n",
        "一、总体情况\n本年度，我镇比2019年多公开信息15条。\n",
    ],
)
def test_a_narrative_of_another_year_never_gives_the_year(text: str) -> None:
    assert gr.parse(text).year in (2020, None)


def test_no_title_and_no_period_may_leave_the_year_unknown() -> None:
    report = gr.parse("一、总体情况\n我局认真落实条例要求。\n二、主动公开政府信息情况\n")
    assert report.year is None and report.agency is None


@pytest.mark.parametrize(
    ("opening", "organ"),
    [
        ("2022年，商务局信息公开工作在县委、县政府的正确领导下稳步推进。", "商务局"),
        (
            "2022年度，汤原县人民政府办公室政务公开工作本着公开为常态的原则开展。",
            "汤原县人民政府办公室",
        ),
        ("2025年，区城乡建设局聚焦中心工作，积极推进全过程公开。", "区城乡建设局"),
        ("2023年，某某街道办事处认真贯彻落实《条例》。", "某某街道办事处"),
        ("2022年，我局政务公开工作稳步推进。", None),
        ("2022年，在县委县政府的领导下，政务公开工作稳步推进。", None),
        ("2022年，全县政务公开工作稳步推进。", None),
        ("2022年，平利县农业农村认真贯彻落实条例。", None),
    ],
)
def test_a_report_without_a_title_takes_its_organ_from_the_opening_sentence(
    opening: str, organ: str | None
) -> None:
    """No title at all: the narrative's first sentence names the organ plainly, or the
    organ stays unknown (never "我局", never a guess at where a name ends)."""
    text = "\n".join(
        ["一、总体情况", opening, "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    )
    report = gr.parse(text + "\n")
    assert report.agency == organ
    assert report.title is None
