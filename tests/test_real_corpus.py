"""The real reports of ../shared/corpus/real, as files: never a wrong value.

A cell the parser cannot read is None with a diagnostic; a cell it reads must be the
value the report prints (real/expected/*.json).  The floors record what is read today,
so a change that reads less fails here; a floor equal to the file's count of expected
cells means every cell.  001-007 glue each table row's cells into one run of digits:
tables 三 and 四 are recovered by their arithmetic, table 二 (no sums) only where a run
reads one way.  The PDF 010 is tested in test_pdf.py, as it needs the [pdf] extra.
benchmarks/accuracy.py prints the same comparison as a table.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import govinfo_report as gr

# File -> how many of its expected cells are read today (the rest are None).
FLOORS = {
    "001.txt": 179,
    "002.txt": 182,
    "003.txt": 197,
    "004.txt": 197,
    "005.txt": 197,
    "006.txt": 197,
    "007.txt": 197,
    "008.html": 198,
    "009.html": 200,
    "012.md": 192,
    "013.md": 194,
    "014.txt": 200,
    "015.html": 200,
    "016.docx": 200,
    "017.html": 198,
    "018.html": 198,
    "019.html": 200,
    "020.html": 200,
    "021.html": 200,
    "022.html": 200,
    "023.html": 200,
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_wrong_value_and_no_fewer_right_ones(corpus_dir: Path, name: str) -> None:
    real = corpus_dir / "real"
    expected = json.loads((real / "expected" / f"{name.split('.')[0]}.json").read_text("utf-8"))
    report = gr.parse_file(real / name)
    cells = report.cells()
    ambiguous = set(expected.get("ambiguous", []))
    right = 0
    for address, want in expected["cells"].items():
        got = cells.get(address)
        if address in ambiguous or want is None or got is None:
            continue
        assert Decimal(str(got)) == Decimal(str(want)), address
        right += 1
    assert right >= FLOORS[name]
    assert report.agency in (expected["agency"] or [None])
    assert report.year == expected["year"]
