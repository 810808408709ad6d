"""The review page: built for the seeds, the real corpus and a folder with every kind of
failure, parsed back with ``html.parser``; and drawn by a real browser (headless
Chromium), whose screenshot must show the marked cells in their colours.

The browser test is skipped where no Chromium is installed, except where
``GOVINFO_REQUIRE_BROWSER`` is set (``.ci/run`` sets it and installs Chromium): there it
fails.  Its screenshots are written to ``GOVINFO_SCREENSHOTS`` (default: a temporary
folder), which ``.ci/run`` names in its log.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report._cli.command import demo_text, main

CORPUS = Path(
    os.environ.get("GOVINFO_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus")
)


class Page(HTMLParser):
    """What a review page holds: per report section, its value cells (address ->
    (shown value, classes)); the overview's files and statuses; external references."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, dict[str, tuple[str, set[str]]]] = {}
        self.failed_sections: set[str] = set()
        self.overview: list[tuple[str, str]] = []  # (file, status)
        self.external: list[str] = []
        self.scopes: list[str | None] = []  # scope of every <th>
        self._section: str | None = None
        self._cell: tuple[str, set[str]] | None = None
        self._value: list[str] | None = None
        self._in_value = 0
        self._row: list[str] | None = None
        self._text: list[str] | None = None
        self._overview_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name in ("src", "href"):
            value = a.get(name) or ""
            if name in a and not value.startswith("#"):
                self.external.append(value)
        if tag == "link":
            self.external.append(a.get("href") or "link")
        classes = set((a.get("class") or "").split())
        if tag == "section" and "report" in classes:
            self._section = a.get("id") or ""
            self.sections[self._section] = {}
            if "failed" in classes:
                self.failed_sections.add(self._section)
        if tag == "th":
            self.scopes.append(a.get("scope"))
        if tag == "td" and a.get("data-address") and self._section is not None:
            self._cell = (a["data-address"] or "", classes)
        if tag == "span" and "value" in classes and self._cell is not None:
            self._in_value = 1
            self._value = []
        if tag == "table" and "overview" in classes:
            self._overview_depth = 1
        if self._overview_depth and tag == "tbody":
            self._overview_depth = 2  # past the header row
        if self._overview_depth == 2 and tag == "tr":
            self._row = []
        if self._overview_depth and tag in ("th", "td") and self._row is not None:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._in_value:
            self._in_value = 0
        if tag == "td" and self._cell is not None and self._section is not None:
            address, classes = self._cell
            self.sections[self._section][address] = ("".join(self._value or []), classes)
            self._cell, self._value = None, None
        if self._overview_depth and tag in ("th", "td") and self._text is not None:
            assert self._row is not None
            self._row.append("".join(self._text).strip())
            self._text = None
        if self._overview_depth and tag == "tr" and self._row:
            if len(self._row) == 8:
                self.overview.append((self._row[0], self._row[4]))
            self._row = None
        if tag == "table" and self._overview_depth:
            self._overview_depth = 0
        if tag == "section":
            self._section = None

    def handle_data(self, data: str) -> None:
        if self._in_value and self._value is not None:
            self._value.append(data)
        if self._text is not None:
            self._text.append(data)


def _read_page(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def _failure_folder(folder: Path) -> Path:
    """A folder with every kind of failure beside a good report."""
    folder.mkdir()
    (folder / "demo.txt").write_text(demo_text(), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "links.html").write_text(
        "<html><body><a href='a.html'>通知</a><p>本站首页</p></body></html>", encoding="utf-8"
    )
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with zipfile.ZipFile(folder / "other.docx", "w") as archive:
        archive.writestr("readme.txt", "a zip that is not a DOCX")
    (folder / "pictures.txt").write_text(
        "示例县2023年政府信息公开工作年度报告\n[image: 表一]\n[image: 表二]\n", encoding="utf-8"
    )
    return folder


def _check_page(html: str, results: list[gr.ParseResult]) -> Page:
    """Every cell of every report present with its value; every cell an error names
    marked; every failed file listed, and its section says it failed."""
    page = _read_page(html)
    assert page.external == [], "the page must need no network and no other file"
    assert all(scope in ("col", "colgroup", "row", "rowgroup") for scope in page.scopes)
    summaries = list(gr.summarize(results))
    listed = dict(page.overview)
    sections = list(page.sections)
    for result, summary in zip(results, summaries, strict=True):
        assert result.path in listed, result.path
        assert listed[result.path].startswith(summary.status)
    by_path = {}
    for section_id in sections:
        by_path[section_id] = page.sections[section_id]
    # Sections appear in the overview's order; match each result to its section by id.
    order = {path: i for i, (path, _) in enumerate(page.overview)}
    for result, summary in zip(results, summaries, strict=True):
        index = next(i for i, r in enumerate(results) if r.path == result.path)
        section = f"r{index + 1}"
        assert section in page.sections, (result.path, order[result.path])
        if result.report is None:
            assert section in page.failed_sections
            continue
        cells = page.sections[section]
        records = result.report.cell_records()
        assert set(cells) == set(records)
        for address, cell in records.items():
            shown, classes = cells[address]
            expected = "?" if cell.value is None else str(cell.value)
            assert shown == expected, (result.path, address, shown, expected)
            if cell.value is None:
                assert "unread" in classes
            if cell.picture is not None:
                assert "picture" in classes
        for finding in summary.findings:
            if finding.severity is gr.Severity.ERROR and len(finding.addresses) < 20:
                for address in finding.addresses:
                    assert "error" in cells[address][1], (result.path, finding.code, address)
    return page


def test_review_page_of_seeds_real_corpus_and_failures(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    folder = _failure_folder(tmp_path / "batch")
    paths = [
        *sorted(str(p) for p in (CORPUS / "seeds").glob("*.txt")),
        *sorted(str(p) for p in (CORPUS / "real").iterdir() if p.is_file() and p.suffix != ".tsv"),
        *sorted(str(p) for p in folder.iterdir()),
        str(tmp_path / "missing.html"),
    ]
    results = list(gr.parse_many(paths))
    html = gr.review_html(results)
    page = _check_page(html, results)
    failed = [r.path for r in results if r.report is None]
    assert len(failed) >= 3  # the corrupt DOCX, the other zip, the missing file
    statuses = dict(page.overview)
    assert all(statuses[p].startswith("failed") for p in failed)
    # Those that need attention come first.
    assert all(status.startswith("failed") for _, status in page.overview[: len(failed)])
    # The real corpus holds one organ's reports of consecutive years: compared.
    assert '<section id="series">' in html and "平潭综合实验区" in html.split('id="series"')[1]


def test_review_takes_reports_and_marks_the_demo_errors() -> None:
    report = gr.parse(demo_text())
    html = gr.review_html([report], title="示例")
    page = _check_page(html, [gr.ParseSuccess("#1", report)])
    cells = page.sections["r1"]
    errors = {d.addresses for d in gr.check(report) if d.severity is gr.Severity.ERROR}
    assert errors and all("error" in cells[a][1] for group in errors for a in group)
    assert "<title>示例</title>" in html


def test_review_command_writes_one_page(tmp_path: Path) -> None:
    folder = _failure_folder(tmp_path / "batch")
    out = tmp_path / "review.html"
    assert main(["review", str(folder), "-o", str(out)]) == 4
    page = _read_page(out.read_text(encoding="utf-8"))
    assert len(page.overview) == len(list(folder.iterdir()))
    with pytest.raises(SystemExit):
        main(["review", str(folder), "-o", str(tmp_path / "x.csv")])


# ---------------------------------------------------------------- in a real browser

_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
_WINDOW = (1400, 5200)
# Each marked cell's box (CSS pixels = screenshot pixels at scale 1), written into the
# DOM for --dump-dom to show: the test's own script, added to a copy of the page.
_BOXES = """<script>
addEventListener("load", function () {
  var out = [];
  document.querySelectorAll("td.cell").forEach(function (td) {
    var r = td.getBoundingClientRect();
    out.push([td.id, td.className, r.left + scrollX, r.top + scrollY, r.width, r.height]);
  });
  var pre = document.createElement("pre"); pre.id = "boxes";
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
});
</script>"""


@pytest.fixture(scope="module")
def browser() -> Iterator[str]:
    found = next((shutil.which(b) for b in _BROWSERS if shutil.which(b)), None)
    if found is None:
        message = "no Chromium to render the review page (apt-get install chromium)"
        if os.environ.get("GOVINFO_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    yield found


def _run_browser(browser: str, profile: Path, *args: str) -> str:
    done = subprocess.run(
        [
            browser,
            *_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={_WINDOW[0]},{_WINDOW[1]}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _screenshots() -> Path:
    folder = Path(os.environ.get("GOVINFO_SCREENSHOTS") or (Path.cwd() / ".review-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("which", ["demo", "failing"])
def test_the_marked_cells_show_in_a_browser(browser: str, tmp_path: Path, which: str) -> None:
    from PIL import Image

    if which == "demo":
        results: list[gr.ParseResult] = [gr.ParseSuccess("demo.txt", gr.parse(demo_text()))]
    else:
        # A report whose table 三 does not add up in two places, and a row left unread.
        text = demo_text().replace("86", "87", 1)
        results = [gr.ParseSuccess("failing.txt", gr.parse(text))]
    html = gr.review_html(results)
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    measured = tmp_path / "measured.html"
    measured.write_text(html.replace("</body>", _BOXES + "</body>"), encoding="utf-8")
    shot = _screenshots() / f"review-{which}.png"
    _run_browser(browser, tmp_path / "profile-a", f"--screenshot={shot}", page.as_uri())
    dom = _run_browser(
        browser,
        tmp_path / "profile-b",
        "--virtual-time-budget=2000",
        "--dump-dom",
        measured.as_uri(),
    )
    start = dom.index('<pre id="boxes">') + len('<pre id="boxes">')
    boxes = json.loads(
        dom[start : dom.index("</pre>", start)].replace("&quot;", '"').replace("&amp;", "&")
    )
    image = Image.open(shot).convert("RGB")
    errors = [b for b in boxes if " error" in f" {b[1]}"]
    plain = [b for b in boxes if b[1] == "cell"]
    assert errors, "the report has error cells"
    assert plain
    for _, _, x, y, _, h in errors:
        assert y + h < image.height, "the error cell is inside the screenshot"
        # The error background (#ffb3b3) at the cell's left, away from its right-aligned text
        r, g, b = image.getpixel((int(x + 6), int(y + h / 2)))  # type: ignore[misc]
        assert r > 220 and 150 < g < 205 and 150 < b < 205, (x, y, (r, g, b))
    for _, _, x, y, _, h in plain[:20]:
        if y + h < image.height:
            assert image.getpixel((int(x + 6), int(y + h / 2))) == (255, 255, 255)
