"""Every reader keeps its contract on a few thousand seeded, mutated inputs (see
``fuzz``: a report or ``ReadError``, never another exception, never
``PARSE-INTERNAL``, each input read within seconds).  ``python tests/fuzz.py`` runs
as many as you like."""

from __future__ import annotations

from pathlib import Path

import pytest

from fuzz import cases, check

# Cases per reader in CI: a PDF costs some 30 ms, a text about one.
COUNTS = {"text": 3000, "html": 2000, "docx": 1500, "pdf": 400}


@pytest.mark.parametrize("reader", COUNTS)
def test_reader_keeps_its_contract(reader: str, corpus_dir: Path) -> None:
    problems = []
    for seed in range(0, COUNTS[reader], 500):
        count = min(500, COUNTS[reader] - seed)
        for i, data in enumerate(cases(reader, seed, count, corpus_dir)):
            problem = check(data)
            if problem is not None:
                problems.append(f"case {seed + i}: {problem}")
    assert problems == []
