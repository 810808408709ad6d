"""The benchmark still runs: its pieces, each once, on a few inputs.

``benchmarks/bench.py`` asserts no timing and CI does not run it whole (about a
minute); these tests only show that it has not drifted from the code it measures (a
memo it empties renamed, a reader's signature changed), which would otherwise be found
only by the next person who runs it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from govinfo_report._read.blocks import Document

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench

REAL = bench.corpus() / "real"
needs_corpus = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus is not here")


def test_the_report_table_prints_a_row_per_report(capsys: pytest.CaptureFixture[str]) -> None:
    rows = bench.generated(2)
    times = bench.table(rows, 0.0)  # each figure from one call (budget 0)
    printed = capsys.readouterr().out.splitlines()
    assert len(times) == 2 and all(t > 0 for t in times)
    assert [line.split()[:3] for line in printed[1:]] == [name.split() for name, _ in rows]


@needs_corpus
def test_the_readers_table_prints_each_file_with_its_reader_alone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bench.readers(0.0)
    printed = capsys.readouterr().out
    for path in sorted(REAL.glob("*.html")) + sorted(REAL.glob("*.docx")):
        row = next(line for line in printed.splitlines() if line.startswith(path.name))
        assert len(row.split()) == 8, row  # file, bytes, parse, read, library, alone, 2 ratios


@needs_corpus
@pytest.mark.parametrize("suffix", [".html", ".docx"])
def test_the_reader_alone_gives_the_document_the_parse_reads(suffix: str) -> None:
    path = next(iter(sorted(REAL.glob(f"*{suffix}"))))
    document = bench._read_alone(path.read_bytes(), suffix)
    assert isinstance(document, Document) and document.blocks
