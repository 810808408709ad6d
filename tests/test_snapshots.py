"""Every output as stored: a change in what the parser gives for any corpus report or
fixed generated report fails here, naming it (see tests/snapshots.py to store a
deliberate change)."""

from __future__ import annotations

from pathlib import Path

from snapshots import differences


def test_every_output_is_as_stored(corpus_dir: Path) -> None:
    changed = differences(corpus_dir)
    assert changed == [], (
        "outputs changed (store a deliberate change with tests/snapshots.py --update):\n"
        + "\n".join(changed)
    )
