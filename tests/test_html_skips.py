"""What the HTML reader skips, and that a skip never swallows the report after it.

The real page 017.html (a crawled government page: chrome, scripts, a Word-pasted
report) is read with untidy but ordinary markup put before its report — the menus,
icons and fallbacks of real sites — and must give the same cells as the page itself.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report._core.model import Value

# Markup put at the top of the body, each as ordinary sites write it.
UNTIDY = {
    # A 友情链接 drop-down menu: <option> without its optional </option>.
    "menu": '<select onchange="go(this)"><option>友情链接<option value="a">某某网'
    '<option value="b">政府信息公开</select>',
    "svg icon": '<svg viewBox="0 0 9 9"><path d="M0 0h9"><path d="M9 0v9"></svg>',
    "svg left open": '<svg viewBox="0 0 9 9"><svg><path d="M0 0h9"></svg>',
    "noscript": "<noscript><div>请启用脚本<div>以浏览政府信息公开</noscript>",
    "button": "<button><span>打印<i class=icon></button>",
    "iframe": '<iframe src="x.html"><p>不支持 iframe</iframe>',
    "hidden list": '<ul><li style="display:none">隐藏<li>首页<li>政务公开</ul>',
    "hidden paragraph": '<p style="display:none">隐藏的段落<div>可见的字号：大 中 小</div>',
}


@pytest.fixture(scope="module")
def page(corpus_dir: Path) -> str:
    return (corpus_dir / "real" / "017.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cells(page: str) -> dict[str, Value]:
    cells = gr.parse(page).cells()
    assert sum(v is not None for v in cells.values()) >= 198
    return cells


def _with_body_start(page: str, markup: str) -> str:
    at = page.index(">", page.index("<body")) + 1
    return page[:at] + markup + page[at:]


@pytest.mark.parametrize("name", UNTIDY)
def test_untidy_markup_before_the_report_costs_nothing(
    page: str, cells: dict[str, Value], name: str
) -> None:
    report = gr.parse(_with_body_start(page, UNTIDY[name]))
    assert report.cells() == cells
    assert report.agency is not None and report.year == 2019


def test_an_unclosed_title_is_read_as_text(page: str, cells: dict[str, Value]) -> None:
    """No </title> anywhere: the rest of the page is not the title; it is read, and
    the reader says so."""
    start = page.index("<title>")
    end = page.index("</title>") + len("</title>")
    broken = page[:start] + page[start:end].replace("</title>", "") + page[end:]
    report = gr.parse(broken)
    assert report.cells() == cells
    assert any(
        d.code == "READ-HTML-UNCLOSED" and "<title>" in d.message for d in report.diagnostics
    )


def test_a_missing_head_end_tag_loses_nothing(page: str, cells: dict[str, Value]) -> None:
    report = gr.parse(page.replace("</head>", "", 1))
    assert report.cells() == cells


def test_an_element_with_no_end_tag_is_read_and_said(page: str, cells: dict[str, Value]) -> None:
    """A <select> with no </select> anywhere after it: skipping it would lose the report."""
    report = gr.parse(_with_body_start(page, "<select><option>菜单"))
    assert report.cells() == cells
    [said] = [d for d in report.diagnostics if d.code == "READ-HTML-UNCLOSED"]
    assert "<select>" in said.message and said.severity == "warning"
    assert said.location is not None and said.location.line > 1


def test_a_skip_that_runs_to_the_end_is_undone(page: str, cells: dict[str, Value]) -> None:
    """A noscript in a noscript with one </noscript>: the skip would run to the end of
    the page; the page is read again without it."""
    report = gr.parse(_with_body_start(page, "<noscript><noscript>x</noscript>"))
    assert report.cells() == cells
    assert any("rest of the page" in d.message for d in report.diagnostics)


def test_a_page_with_report_words_and_no_body_text_is_an_error() -> None:
    page = (
        "<html><head><title>某县2023年政府信息公开工作年度报告</title></head><body>"
        '<script>var content = "<table><tr><td>本年新收政府信息公开申请数量</td>'
        '<td>3</td></tr></table>";</script></body></html>'
    )
    report = gr.parse(page)
    [error] = [d for d in report.diagnostics if d.code == "READ-HTML-EMPTY"]
    assert error.severity == "error"


def test_an_empty_page_without_report_words_is_no_error() -> None:
    report = gr.parse("<html><body><script>var a = 1;</script></body></html>")
    assert not any(d.code == "READ-HTML-EMPTY" for d in report.diagnostics)


def test_scripts_and_styles_are_still_skipped() -> None:
    page = (
        "<html><body><script>document.write('<p>一、总体情况</p>')</script>"
        "<style>p{color:red}</style><p>正文</p></body></html>"
    )
    report = gr.parse(page)
    assert not any("总体情况" in s.heading for s in report.sections)


@pytest.mark.parametrize("construct", ["<!--", "</", "<?", "<a", "<!"])
def test_unterminated_constructs_cost_linear_time(construct: str) -> None:
    """100,000 unterminated constructs: the standard parser of some Python versions
    re-scans the rest of the page at each one (230 s for "<!--" before this fix)."""
    page = "<html><body><p>正文</p>" + construct * 100_000
    start = time.perf_counter()
    report = gr.parse(page, limits=gr.Limits(max_tags=1_000_000))
    assert time.perf_counter() - start < 10
    assert [p.text for p in report.sections] == []  # read, and no section in it
    assert not any(d.code == "READ-LIMIT" for d in report.diagnostics)


def test_text_after_the_last_tag_is_kept() -> None:
    report = gr.parse("<html><body><p>一、总体情况</p>二、主动公开政府信息情况 <b")
    assert [s.number for s in report.sections] == [1, 2]
