"""Inputs an adversarial review found to give a wrong number (each a cell that came
back as a number other than the one printed), kept as regressions: every cell each
case names must now be the printed value or None — never another number.

Each case is a small invented report; the mapping after it gives the cells printed
(None: the report prints nothing there, so any number would be wrong).

One case found is left open (see the CHANGELOG): a tab-separated table 三 whose rows
put merged label cells' slots before their values, where a row prints its values but
leaves its 总计 blank, ends in an empty slot, and its values shifted one slot add up by
chance — the row sum then chooses the shifted reading.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import govinfo_report as gr


def report(t2: str = "", t3: str = "", t4: str = "") -> str:
    return (
        "示例县2023年政府信息公开工作年度报告\n一、总体情况\n本年度工作正常开展。\n"
        "二、主动公开政府信息情况\n"
        + t2
        + "\n三、收到和处理政府信息公开申请情况\n"
        + t3
        + "\n四、政府信息公开行政复议、行政诉讼情况\n"
        + t4
        + "\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
    )


def page(t3_table: str = "", t4_table: str = "") -> str:
    return (
        "<html><body><p>示例县2023年政府信息公开工作年度报告</p><p>一、总体情况</p><p>x</p>"
        "<p>二、主动公开政府信息情况</p><p>x</p><p>三、收到和处理政府信息公开申请情况</p>"
        + t3_table
        + "<p>四、政府信息公开行政复议、行政诉讼情况</p>"
        + (t4_table or "<p>x</p>")
        + "<p>五、存在的主要问题及改进情况</p><p>x</p><p>六、其他需要报告的事项</p><p>x</p></body></html>"
    )


C3 = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
)


def row3(name: str, vals: list[int]) -> dict[str, Any]:
    return {f"t3.{name}.{c}": v for c, v in zip(C3, vals, strict=True)}


G4 = ("review", "litigation_direct", "litigation_after_review")
C4 = ("upheld", "corrected", "other", "pending", "total")


def t4(vals: list[int]) -> dict[str, Any]:
    return {f"t4.{g}.{c}": vals[i * 5 + j] for i, g in enumerate(G4) for j, c in enumerate(C4)}


T4HDR_PIPE = "行政复议 | 行政诉讼 | |||||||||||||\n"

CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "A html colspan in a T3 data row": (
        page(
            '<table><tr><td colspan="2">一、本年新收政府信息公开申请数量</td><td>3</td><td colspan="2">0</td><td>0</td><td>0</td><td>1</td><td>4</td></tr></table>'
        ),
        row3("new_received", [3, 0, 0, 0, 0, 1, 4]),
    ),
    "B T4 group rows not in template order": (
        report(
            t4="复议后起诉\t1\t0\t0\t0\t1\n未经复议直接起诉\t0\t2\t0\t0\t2\n行政复议\t3\t0\t0\t0\t3\n"
        ),
        t4([3, 0, 0, 0, 3, 0, 2, 0, 0, 2, 1, 0, 0, 0, 1]),
    ),
    "C1 PDF T3 with 小计 column, one blank vanished": (
        report(
            t3="一、本年新收政府信息公开申请数量 2 1 0 0 0 1 3\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0 0\n"
        ),
        row3("new_received", [2, 1, 0, 0, 0, 0, 3]),
    ),
    "C2 PDF T4, blanks vanished, 5 numbers left": (
        report(t4="行政复议 行政诉讼\n0 2 2 188 188\n"),
        t4([0, 0, 0, 0, 0, 0, 2, 0, 0, 2, 0, 0, 0, 188, 188]),
    ),
    "D1 html: unnamed 小计 column + blank 自然人": (
        page(
            "<table><tr><td>一、本年新收政府信息公开申请数量</td><td></td><td>5</td><td>0</td><td>0</td><td>0</td><td>0</td><td>5</td><td>5</td></tr></table>"
        ),
        row3("new_received", [0, 5, 0, 0, 0, 0, 5]),
    ),
    "D1' tsv: unnamed 小计 column + blank 自然人": (
        report(t3="一、本年新收政府信息公开申请数量\t\t5\t0\t0\t0\t0\t5\t5\n"),
        row3("new_received", [0, 5, 0, 0, 0, 0, 5]),
    ),
    "D1'' crawl pipes, 小计 named in a padded header": (
        report(
            t3="| 申请人情况 ||\n| 自然人 | 法人或其他组织 | 总计 ||\n| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 小计 ||\n| 一、本年新收政府信息公开申请数量 |  | 5 | 0 | 0 | 0 | 0 | 5 | 5 | \n"
        ),
        row3("new_received", [0, 5, 0, 0, 0, 0, 5]),
    ),
    "D2 crawl T4 row, blank first cell + extra empty column": (
        report(t4=T4HDR_PIPE + "| 2 | || 2 | 1 | ||| 1 | ||||||\n"),
        t4([0, 2, 0, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]),
    ),
    "E1 crawl T4 row, blank first cell (header padding read as 行政复议 zeros)": (
        report(t4=T4HDR_PIPE + "| 2 | || 2 | 1 | ||| 1 | |||||\n"),
        t4([0, 2, 0, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]),
    ),
    "E2 tsv T4, inconsistent 行政复议 group, extra empty column": (
        report(
            t4="行政复议\t行政诉讼\t\t\t\t\t\t\t\t\t\t\t\t\t\n\t3\t4\t3\t11\t\t\t\t9\t9\t\t\t\t\t\t\n"
        ),
        t4([0, 3, 4, 3, 11, 0, 0, 0, 9, 9, 0, 0, 0, 0, 0]),
    ),
    "F1 PDF: all-blank row, next label a typo": (
        report(
            t3="4.保护第三方合法权益\n5.属于三类内容事务信息 1 0 0 0 0 0 1\n6.属于四类过程性信息 0 0 0 0 0 0 0\n"
        ),
        row3("denied.third_party_rights", [0] * 7),
    ),
    "F2 PDF T2: blank 行政强制, next label wrapped after its number": (
        report(
            t2="第二十条第（六）项\n信息内容 本年处理决定数量\n行政处罚 5\n行政强制\n第二十条第（八）项\n信息内容 本年收费金额（单位：万元）\n行政事 323\n业性收费\n"
        ),
        {"t2.enforcement.decisions": 0, "t2.punishment.decisions": 5},
    ),
    "F3 PDF: wrapped continuation names the row above": (
        report(
            t3="4.无正当理由大量反复申请 0 0 0 0 0 0 0\n5.要求行政机关确认或 0 0 0 0 0 0\n重新出具已获取信息\n（六）其他处理 1.申请人无正当理由逾 3 0 0 0 0 0 3\n期不补正、行政机关不再处理其政府信息公开申请\n"
        ),
        {
            "t3.not_processed.confirmation.natural_person": 0,
            "t3.not_processed.confirmation.total": 0,
        },
    ),
    "G1 prose line before table 二": (
        report(
            t2="全年通过门户网站公开行政处罚信息 25条\n第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t342\n行政强制\t27\n"
        ),
        {"t2.punishment.decisions": 342},
    ),
    "G2 extra T2 row naming a row, before it": (
        report(
            t2="第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n其他主动公开文件（除规范性文件外）\t2\t0\t7\n规章\t0\t0\t0\n行政规范性文件\t5\t0\t3\n"
        ),
        {"t2.normative_documents.issued": 5, "t2.normative_documents.in_force": 3},
    ),
    "I1 PDF: bare page number after a row (join of two cells)": (
        report(
            t3="（三）不予公开 1.属于国家秘密 1 0 0 0 0 0 1\n11\n2.其他法律行政法规禁止公开 0 0 0 0 0 0 0\n"
        ),
        row3("denied.state_secret", [1, 0, 0, 0, 0, 0, 1]),
    ),
    "I2 html: an 8th cell, two markup cells joined": (
        page(
            "<table><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td><td>11</td></tr></table>"
        ),
        row3("new_received", [1, 0, 0, 0, 0, 0, 1]),
    ),
    "J PDF: item number '3.' split from its label": (
        report(
            t3="（四）无法提供 1.本机关不掌握相关政府信息 0 0 0 0 0 0 0\n2.没有现成信息需要另行制作 0 0 0 0 0 0 0\n3. 5 0 0 0 0 5\n补正后申请内容仍不明确\n（五）不予处理 1.信访举报投诉类申请 0 0 0 0 0 0 0\n2.重复申请 0 0 0 0 0 0 0\n"
        ),
        {"t3.unavailable.unclear_after_correction.commercial": 0},
    ),
    "K PDF: labels before values forced (blank row + label after numbers)": (
        report(
            t3="3.危及“三安全一稳定”\n4.保护第三方合法权益 2 0 0 0 0 0 2\n1 0 0 0 0 0 1\n5.属于三类内部事务信息\n6.属于四类过程性信息 0 0 0 0 0 0 0\n"
        ),
        {
            **row3("denied.security_stability", [0] * 7),
            **row3("denied.third_party_rights", [2, 0, 0, 0, 0, 0, 2]),
        },
    ),
    "L1 mixed editions: 2019 table 二 + 2021 table 三": (
        report(
            t2="第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t2\t30.5\n",
            t3="（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t2\t0\t0\t0\t0\t0\t2\n"
            "\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1\n\t3.其他\t4\t0\t0\t0\t0\t0\t4\n",
        ),
        {"t3.other.natural_person": None, "t3.other.total": None},
    ),
    "L2 mixed editions in table 二 (2019 block (一), 2021 blocks), crawl": (
        report(
            t2="信息内容 | 本年新 制作数量 | 本年新 公开数量 | 对外公开总数量 |\n规章 | 0 | 0 | 0 |\n第二十条第(五)项 | |||\n信息内容 | 本年处理决定数量 | ||\n行政许可 | 27 | ||\n"
        ),
        {
            "t2.licensing.previous_items": None,
            "t2.licensing.change": None,
            "t2.licensing.decisions": 27,
        },
    ),
    "M1 PDF: bare page number after a blank table 二 row": (
        report(t2="第二十条第（六）项\n信息内容 本年处理决定数量\n行政处罚 12\n行政强制\n3\n"),
        {"t2.enforcement.decisions": 0},
    ),
    "M2 PDF flipbook page header after a blank table 二 row": (
        report(
            t2="第二十条第（六）项\n信息内容 本年处理决定数量\n行政处罚 12\n行政强制\nPage 4 - 样本县档案局2022年政府信息公开工作年度报告\nP. 4\n"
        ),
        {"t2.enforcement.decisions": 0},
    ),
    "N1 crawl, a cell per line: blank cells left out, each row padded to the table's width": (
        report(
            t2="第二十条第（一）项 |\n|||\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n|\n"
            "规章 |\n0 |\n0 |\n0 |\n|\n行政规范性文件 |\n2 |\n6 |\n||\n",
            t3="申请人情况 |\n|||||||||\n自然人 |\n法人或其他组织 |\n总计 |\n|||||||\n商业企业 |\n"
            "科研机构 |\n社会公益组织 |\n法律服务机构 |\n其他 |\n|||||\n"
            "一、本年新收政府信息公开申请数量 |\n4 |\n3 |\n7 |\n||||||\n"
            "二、上年结转政府信息公开申请数量 |\n0 |\n0 |\n|||||||\n"
            "三、本年度办理结果 |\n（一）予以公开 |\n2 |\n1 |\n3 |\n|||||\n",
        ),
        {
            "t2.regulations.issued": 0,
            "t2.normative_documents.issued": 2,
            "t2.normative_documents.repealed": 0,
            "t2.normative_documents.in_force": 6,
            **row3("new_received", [4, 0, 0, 0, 0, 3, 7]),
            **row3("carried_over", [0] * 7),
            **row3("granted", [2, 0, 1, 0, 0, 0, 3]),
        },
    ),
    "N2 crawl rows on a line: a blank cell left out mid-row": (
        report(
            t2="信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 5 | 3 |\n",
            t3="申请人情况 |\n自然人 | 法人或其他组织 | 总计 |\n"
            "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n"
            "一、本年新收政府信息公开申请数量 | 3 | 2 | 0 | 0 | 0 | 0 | 5 |\n"
            "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 1 |\n",
        ),
        {
            "t2.regulations.issued": 5,
            "t2.regulations.repealed": 0,
            "t2.regulations.in_force": 3,
            **row3("new_received", [3, 2, 0, 0, 0, 0, 5]),
            **row3("carried_over", [1, 0, 0, 0, 0, 0, 1]),
        },
    ),
    "P PDF: a page number after a row that lost a blank cell": (
        report(
            t3="（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0\n3.危及“三安全一稳定” 3 0 0 0 0 3\n6\n"
            "4.保护第三方合法权益 0 0 0 0 0 0 0\n"
        ),
        {
            **row3("denied.security_stability", [3, 0, 0, 0, 0, 0, 3]),
            **row3("denied.third_party_rights", [0] * 7),
        },
    ),
    "Q1 markdown: a label begun on a row of blank cells, ended beside its numbers": (
        report(
            t3="| 三、本年度办理结果 | （一）予以公开 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |\n"
            "| | （二）部分公开（区分处理的， | | | | | | | |\n"
            "| | 只计这一情形，不计其他情形） | 2 | 1 | 0 | 0 | 0 | 0 | 3 |\n"
        ),
        row3("partially_granted", [2, 1, 0, 0, 0, 0, 3]),
    ),
    "Q2 tabs: a label ended on a row of blank cells after its numbers": (
        report(
            t3="（五）不予处理\t1.信访举报投诉类申请\t0\t0\t0\t0\t0\t0\t0\n"
            "\t2.重复申请\t0\t0\t0\t0\t0\t0\t0\n\t3.要求提供\t4\t1\t0\t0\t0\t0\t5\n"
            "\t公开出版物\t\t\t\t\t\t\t\n\t4.无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0\n"
        ),
        row3("not_processed.publication", [4, 1, 0, 0, 0, 0, 5]),
    ),
    "R1 PDF: the next item's number left after a space on a row that lost a blank": (
        report(
            t3="（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0\n2.其他法律行政法规禁止公开 0 0 0 0 0 0 0\n"
            "3.危及“三安全一稳定” 2 0 0 0 0 2 4\n．保护第三方合法权益 0 0 0 0 0 0 0\n"
        ),
        row3("denied.security_stability", [2, 0, 0, 0, 0, 0, 2]),
    ),
    "R2 cells on tabbed lines: an item number cut from its label": (
        report(
            t3="\t（三）不予公开\n\t1.属于国家秘密\n\t\n\t0\n\t0\n\t\n\t0\n\t6\n\t6\n\n"
            "\t2\n.其他法律行政法规禁止公开\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\n"
        ),
        row3("denied.state_secret", [0, 0, 0, 0, 0, 6, 6]),
    ),
    "P2 PDF: table 四 lost a blank cell, then a page number": (
        report(
            t4="行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n"
            "2 0 0 2 0 0 0 0 0 1 0 0 0 1\n7\n"
        ),
        t4([2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]),
    ),
    "N3 crawl writing blank cells, one row lost a cell before its total": (
        report(
            t3="一、本年新收政府信息公开申请数量 |\n29 |\n0 |\n26 |\n45 |\n28 |\n128 |\n"
            "二、上年结转政府信息公开申请数量 |\n3 |\n0 |\n0 |\n|\n2 |\n|\n5 |\n"
        ),
        {
            **row3("new_received", [29, 0, 26, 45, 28, 0, 128]),
            **row3("carried_over", [3, 0, 0, 0, 2, 0, 5]),
        },
    ),
    "N4 crawl writing blank cells and an extra last column, one row lost a cell": (
        report(
            t3="（三）不予公开 |\n1.属于国家秘密 |\n0 |\n7 |\n2 |\n0 |\n0 |\n9 |\n|\n"
            "2.其他法律行政法规禁止公开 |\n1 |\n0 |\n0 |\n0 |\n0 |\n|\n1 |\n|\n"
        ),
        {
            **row3("denied.state_secret", [0, 7, 2, 0, 0, 0, 9]),
            **row3("denied.prohibited_by_law", [1, 0, 0, 0, 0, 0, 1]),
        },
    ),
    "N5 crawl, a cell per line, blank cells left out: one pipe of padding": (
        report(
            t2="信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n"
            "规章 |\n8 |\n0 |\n|\n行政规范性文件 |\n3 |\n1 |\n4 |\n"
        ),
        {"t2.regulations.issued": 0, "t2.regulations.repealed": 8, "t2.regulations.in_force": 0},
    ),
    "N6 crawl rows on a line, blank cells left out: table 四 padded": (
        report(
            t4="行政复议 | 行政诉讼 | |||||||||||||\n"
            "0 | 0 | 1 | 1 | 3 | 1 | 4 | 0 | 1 | 1 | |||||\n"
        ),
        t4([0, 0, 0, 1, 1, 3, 0, 0, 1, 4, 0, 0, 0, 1, 1]),
    ),
    "S a label's bracket closed after its numbers, then a row the template has not": (
        report(
            t2="第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n0\n0\n0\n"
            "行政规范性文件（指本机关印发的有正式文号的\n—\n0\n0\n规范性文件）\n"
            "其他主动公开文件（指规章、规范性文件以外依法主动公开的文件）\n0\n2\n3\n"
        ),
        {
            "t2.normative_documents.issued": 0,
            "t2.normative_documents.repealed": 0,
            "t2.normative_documents.in_force": 0,
        },
    ),
    "O fees: the header gives 元 where the template says 万元": (
        report(t2="第二十条第（八）项\n信息内容\t本年收费金额（单位：元）\n行政事业性收费\t2510\n"),
        {"t2.admin_fees.amount": Decimal("0.251")},
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_no_cell_is_a_number_other_than_the_one_printed(name: str) -> None:
    text, printed = CASES[name]
    cells = gr.parse(text).cells()
    wrong = {
        a: (cells.get(a), v)
        for a, v in printed.items()
        if cells.get(a) is not None and cells.get(a) != v
    }
    assert wrong == {}


def test_a_crawl_that_writes_blank_cells_has_its_rows_padding_read_as_before() -> None:
    # One cell per line; table 三 writes a blank cell where it stands (a lone "|"), so
    # the run of pipes after table 二's short rows is their blank cells and padding.
    text = report(
        t2="第二十条第（一）项 |\n|||\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n|\n"
        "规章 |\n0 |\n4 |\n||\n行政规范性文件 |\n2 |\n0 |\n6 |\n|\n",
        t3="一、本年新收政府信息公开申请数量 |\n4 |\n|\n0 |\n0 |\n0 |\n3 |\n7 |\n||\n",
    )
    cells = gr.parse(text).cells()
    assert [cells[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 4, 0]
    assert [cells[f"t3.new_received.{c}"] for c in C3] == [4, 0, 0, 0, 0, 3, 7]


@pytest.mark.parametrize(
    ("header", "cell", "amount"),
    [
        ("本年收费金额（单位：元）", "2510", Decimal("0.251")),
        ("本年收費金額(單位:元)", "2510", Decimal("0.251")),
        ("本年收费金额（单位：元）", "0.3万元", Decimal("0.3")),  # the cell's own unit wins
        ("本年收费金额（单位：万元）", "2510", Decimal("2510")),
        ("本年收费金额", "2510", Decimal("2510")),
    ],
)
def test_a_fee_amount_is_read_in_the_unit_its_header_or_cell_gives(
    header: str, cell: str, amount: Decimal
) -> None:
    text = report(t2=f"第二十条第（八）项\n信息内容\t{header}\n行政事业性收费\t{cell}\n")
    parsed = gr.parse(text)
    assert parsed.cells()["t2.admin_fees.amount"] == amount
    converted = [d for d in parsed.diagnostics if d.code == "PARSE-CELL-UNIT"]
    assert len(converted) == (amount != Decimal(cell.removesuffix("万元")))


def test_a_page_number_after_a_whole_row_of_pdf_text_is_left_alone() -> None:
    text = report(
        t3="（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0\n3.危及“三安全一稳定” 3 0 0 0 0 1 4\n6\n"
        "4.保护第三方合法权益 0 0 0 0 0 0 0\n"
    )
    cells = gr.parse(text).cells()
    assert [cells[f"t3.denied.security_stability.{c}"] for c in C3] == [3, 0, 0, 0, 0, 1, 4]


@pytest.mark.parametrize("name", ["Q1", "Q2"])
def test_a_label_wrapped_onto_a_row_of_blank_cells_names_the_numbers(name: str) -> None:
    [(text, printed)] = [case for key, case in CASES.items() if key.startswith(name + " ")]
    cells = gr.parse(text).cells()
    assert {a: cells[a] for a in printed} == printed


def test_an_item_number_cut_from_its_label_in_cells_on_tabbed_lines_joins_it() -> None:
    text, _ = CASES["R2 cells on tabbed lines: an item number cut from its label"]
    cells = gr.parse(text).cells()
    assert [cells[f"t3.denied.state_secret.{c}"] for c in C3] == [0, 0, 0, 0, 0, 6, 6]
    assert cells["t3.denied.prohibited_by_law.total"] == 0
