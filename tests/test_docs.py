"""The documentation says what the code does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govinfo_report._check.rules import RULES, SERIES_RULES
from govinfo_report._core.codes import CODES
from govinfo_report._core.model import Severity

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_diagnostics_page_lists_every_code_with_its_severity() -> None:
    page = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^### (\S+)\n\nSeverity: (\w+)\.", page, re.MULTILINE))
    registered = {code: severity.value for code, severity in CODES.items()}
    registered |= {code: r.severity.value for code, r in RULES.items()}
    registered |= {code: r.severity.value for code, r in SERIES_RULES.items()}
    registered["CHECK-SKIPPED"] = Severity.INFO.value
    registered["CHECK-RECOVERED"] = Severity.INFO.value
    assert documented == registered


def test_cli_page_shows_real_output(tmp_path: Path) -> None:
    """Every ```console block of docs/cli.md: the command is run, and its standard
    output is what the page shows (``| head -N`` keeps the first N lines)."""
    import shlex
    import subprocess
    import sys

    from govinfo_report._cli.command import demo_text

    (tmp_path / "demo.txt").write_text(demo_text(), encoding="utf-8")
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n\$ (.*?)\n(.*?)```", page, re.DOTALL)
    assert len(blocks) >= 4
    for command, shown in blocks:
        head = re.search(r"\| head -(\d+)$", command)
        args = shlex.split(command.split("|")[0])
        assert args[0] == "govinfo-report"
        done = subprocess.run(
            [sys.executable, "-m", "govinfo_report", *args[1:]],
            cwd=tmp_path,
            capture_output=True,
            encoding="utf-8",
            timeout=120,
        )
        output = done.stdout
        if head is not None:
            output = "".join(output.splitlines(keepends=True)[: int(head[1])])
        assert output == shown, command


def test_doc_pages_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The >>> examples of the API and diagnostics pages, run as doctests in a folder
    holding the demo report as report.txt."""
    import doctest

    from govinfo_report._cli.command import demo_text

    (tmp_path / "report.txt").write_text(demo_text(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for page in ("index.md", "api.md", "diagnostics.md"):
        result = doctest.testfile(str(DOCS / page), module_relative=False, verbose=False)
        assert result.failed == 0, page
        assert result.attempted > 0, page


def test_api_page_documents_every_public_name() -> None:
    import govinfo_report as gr

    page = (DOCS / "api.md").read_text(encoding="utf-8")
    headings = "\n".join(re.findall(r"^#+ .*$", page, re.MULTILINE))
    missing = [
        name for name in gr.__all__ if f"gr.{name}" not in headings and f"`{name}`" not in headings
    ]
    assert missing == []
