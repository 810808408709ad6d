"""Fingerprints of the parser's whole output, to show a refactor changes nothing.

For every seed and real corpus report (PDF left out: its text depends on the PDF
library's version) and for a fixed set of generated reports in every rendering, the
SHA-256 of ``Report.to_json()`` — every cell with its raw text, kind and place, every
diagnostic, the metadata.  Only fingerprints are stored (never the corpus's text).

    python tests/snapshots.py            # say which outputs differ from the stored ones
    python tests/snapshots.py --update   # store the current ones (a deliberate change:
                                         # name it in the CHANGELOG)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))

import govinfo_report as gr  # noqa: E402
from render import ALL_LAYOUTS, consistent_values, render  # noqa: E402

STORED = TESTS / "snapshots" / "outputs.json"
SUFFIXES = (".txt", ".md", ".html", ".docx")
GENERATED_PER_LAYOUT = 4


def corpus() -> Path:
    default = TESTS.parents[1] / "shared" / "corpus"
    return Path(os.environ.get("GOVINFO_CORPUS", default))


def fingerprint(report: gr.Report) -> str:
    return hashlib.sha256(report.to_json().encode("utf-8")).hexdigest()


def outputs(root: Path) -> Iterator[tuple[str, str]]:
    """(name, fingerprint) of every corpus file and generated report, in a fixed order."""
    for folder in ("seeds", "real"):
        for path in sorted((root / folder).glob("*")):
            if path.suffix in SUFFIXES:
                yield f"{folder}/{path.name}", fingerprint(gr.parse_file(path))
    for layout in sorted(ALL_LAYOUTS):
        for i in range(GENERATED_PER_LAYOUT):
            rng = random.Random(f"snapshot-{layout}-{i}")
            edition = rng.choice(("2019", "2021"))
            text = render(consistent_values(rng, edition), edition, layout, rng)
            yield f"generated/{layout}/{i}", fingerprint(gr.parse(text))


def differences(root: Path) -> list[str]:
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    now = dict(outputs(root))
    changed = [name for name in now if stored.get(name) != now[name]]
    gone = [name for name in stored if name not in now]
    return changed + [f"{name} (no longer produced)" for name in gone]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="store the current outputs")
    args = parser.parse_args()
    if args.update:
        STORED.write_text(json.dumps(dict(outputs(corpus())), indent=1) + "\n", encoding="utf-8")
        print(f"stored {STORED}")
        return
    changed = differences(corpus())
    print("\n".join(changed) or "every output as stored")


if __name__ == "__main__":
    main()
