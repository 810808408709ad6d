"""docs/format.md lists every cell address as the table records define it."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from pytest import MonkeyPatch

import govinfo_report as gr
from govinfo_report._format.records import layout

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGE = DOCS / "format.md"
BEGIN = "<!-- BEGIN GENERATED: python docs/_gen_format.py -->\n"
END = "<!-- END GENERATED -->"

# Each table section of the page: its heading, the class it documents, its editions.
SECTIONS: dict[str, tuple[type, tuple[gr.Edition, ...]]] = {
    "Table 二, edition 2019": (gr.Table2Ed2019, (gr.Edition.E2019,)),
    "Table 二, edition 2021": (gr.Table2Ed2021, (gr.Edition.E2021,)),
    "Table 三, edition 2019": (gr.Table3Ed2019, (gr.Edition.E2019,)),
    "Table 三, edition 2021": (gr.Table3Ed2021, (gr.Edition.E2021,)),
    "Table 四, both editions": (gr.Table4, (gr.Edition.E2019, gr.Edition.E2021)),
}


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_gen_format", DOCS / "_gen_format.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _generated_part(page: str) -> str:
    start = page.index(BEGIN) + len(BEGIN)
    return page[start : page.index(END, start)]


def _sections(page: str) -> dict[str, list[str]]:
    """The addresses in the first column of each "## Table …" section, in page order."""
    out: dict[str, list[str]] = {}
    parts = re.split(r"^## (.+)$", _generated_part(page), flags=re.MULTILINE)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        table = re.fullmatch(r"(Table .+) \(\d+ cells\)", heading)
        if table is not None:
            out[table[1]] = re.findall(r"^\| `([^`]+)` \|", body, re.MULTILINE)
    return out


def test_page_is_generated_from_the_records() -> None:
    generated: Callable[[], str] = _generator().generated
    page = PAGE.read_text(encoding="utf-8")
    assert _generated_part(page) == generated(), (
        "docs/format.md is out of date: run python docs/_gen_format.py"
    )


def test_every_address_appears_once_in_its_edition_table() -> None:
    sections = _sections(PAGE.read_text(encoding="utf-8"))
    assert list(sections) == list(SECTIONS)
    by_edition: dict[gr.Edition, list[str]] = {edition: [] for edition in gr.Edition}
    for heading, (cls, editions) in SECTIONS.items():
        documented = sections[heading]
        assert documented == [column.address for column in layout(cls).cells], heading
        assert len(set(documented)) == len(documented), heading
        for edition in editions:
            by_edition[edition] += documented
    for edition, documented in by_edition.items():
        assert documented == list(gr.Report(edition=edition).cells()), edition


def test_check_mode_reports_a_stale_page(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    generator = _generator()
    stale = tmp_path / "format.md"
    page = PAGE.read_text(encoding="utf-8")
    stale.write_text(page.replace("| 自然人 |", "| 自然人? |", 1), encoding="utf-8")
    monkeypatch.setattr(generator, "PAGE", stale)
    main: Callable[[list[str]], int] = generator.main
    assert main(["--check"]) == 1
    assert main([]) == 0
    assert stale.read_text(encoding="utf-8") == page
    assert main(["--check"]) == 0
