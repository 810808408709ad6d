"""The public API: names, types, the README quick start."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import attrs
import pytest

import govinfo_report as gr
from render import consistent_values, render

REPO = Path(__file__).resolve().parents[1]


def test_public_names() -> None:
    assert sorted(gr.__all__) == sorted(
        [
            "Cell",
            "CellKind",
            "CellRow",
            "Claim",
            "Diagnostic",
            "Edition",
            "LimitError",
            "Limits",
            "Location",
            "Period",
            "ParseFailure",
            "ParseResult",
            "ParseSuccess",
            "PictureReading",
            "ProcessingFees",
            "ReadError",
            "Report",
            "ReportSummary",
            "Section",
            "Severity",
            "Table2Ed2019",
            "Table2Ed2021",
            "Table3Ed2019",
            "Table3Ed2021",
            "Table4",
            "__version__",
            "check",
            "check_series",
            "iter_cells",
            "parse",
            "parse_bytes",
            "parse_file",
            "parse_many",
            "review_html",
            "summarize",
            "to_frame",
        ]
    )
    for name in gr.__all__:
        assert getattr(gr, name) is not None


def test_package_is_typed() -> None:
    assert (Path(gr.__file__).parent / "py.typed").exists()


def test_parse_wants_a_str() -> None:
    with pytest.raises(TypeError, match="use parse_bytes"):
        gr.parse(b"bytes")  # type: ignore[arg-type]


def test_enums_compare_as_strings() -> None:
    # Typed as object: the point is the runtime equality users rely on.
    values: list[object] = [gr.Severity.WARNING, gr.Edition.E2021, gr.CellKind.BLANK]
    assert values == ["warning", "2021", "blank"]
    assert [str(v) for v in values] == ["warning", "2021", "blank"]


def test_records_are_frozen_and_labelled() -> None:
    report = gr.parse("")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.year = 2020  # type: ignore[misc]
    assert attrs.fields(gr.Table4)[0].metadata["label"] == "行政复议"
    assert attrs.fields(gr.Table2Ed2021)[0].metadata["label"] == "规章"


def test_empty_text() -> None:
    report = gr.parse("")
    assert report.title is None and report.year is None and report.edition is None
    assert len(report.cells()) == 10 + 175 + 15
    [empty] = report.diagnostics
    assert empty.code == "READ-EMPTY" and empty.severity is gr.Severity.ERROR
    assert set(empty.addresses) == set(report.cells())


def test_readme_quick_start_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's Python blocks, in order, in a folder holding report.txt and a
    reports/ folder (the same report, and a file that is no report)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert len(blocks) == 2
    rng = random.Random(7)
    text = render(consistent_values(rng, "2021"), "2021", "tab_cells", rng, year=2023)
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "reports" / "b.html").write_text("<p>通知</p>", encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    namespace: dict[str, object] = {}
    try:
        for code in blocks:
            exec(compile(code, "README.md", "exec"), namespace)
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "示例县示例镇人民政府 2023 2021" in out
    table = namespace["table"]
    assert list(table["status"]) == ["ok", "not-a-report"]  # type: ignore[index]


def test_docs_python_examples_pass_mypy_strict(tmp_path: Path) -> None:
    """The README's and api.md's Python examples (the ```python blocks, and the >>>
    sessions of api.md) type-check under ``mypy --strict``."""
    import subprocess
    import sys

    sources = []
    for page in (REPO / "README.md", REPO / "docs" / "api.md"):
        text = page.read_text(encoding="utf-8")
        sources += re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    for i, code in enumerate(sources):
        if code.lstrip().startswith(">>>"):
            code = "\n".join(
                line[4:] for line in code.splitlines() if line.startswith((">>> ", "... "))
            )
        (tmp_path / f"example_{i}.py").write_text(
            "import govinfo_report as gr\n" + code, encoding="utf-8"
        )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--ignore-missing-imports",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
