"""Cell accuracy of every reader on the real corpus (../shared/corpus/real).

    python benchmarks/accuracy.py [--corpus DIR] [--quiet]

For each file of MANIFEST.tsv that has an expected JSON, the report is parsed with
``parse_file`` (so the file's own kind picks the reader) and every expected cell is
compared: *right* (the value the report prints), *wrong* (another value: the one outcome
that must never happen), *unread* (None: the parser said it could not read it), or
*ambiguous* (the expected file says the report itself does not decide it; not scored).
Organ, year and edition are compared too.  Every wrong and unread cell is listed, so
the output is the to-do list.  The exit status is 0: this script measures, it does not
judge (tests/test_real_corpus.py holds the floors).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import govinfo_report as gr

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "real"


class Outcome(NamedTuple):
    right: int
    wrong: list[str]  # "address: got (expected want)"
    unread: list[str]  # addresses read as None
    ambiguous: int  # cells the expected file does not decide
    meta: str  # organ, year, edition: "✗" after each that is wrong


def score(path: Path, expected: dict[str, Any]) -> Outcome:
    """How one file's report compares with its expected values."""
    report = gr.parse_file(path)
    cells = report.cells()
    ambiguous = set(expected.get("ambiguous", []))
    right, wrong, unread, skipped = 0, [], [], 0
    for address, want in expected["cells"].items():
        got = cells.get(address)
        if address in ambiguous or want is None:
            skipped += 1
        elif got is None:
            unread.append(address)
        elif Decimal(str(got)) == Decimal(str(want)):
            right += 1
        else:
            wrong.append(f"{address}: {got} (expected {want})")
    checks = {
        "agency": report.agency in (expected.get("agency") or [None]),
        "year": report.year == expected.get("year"),
        "edition": str(report.edition) in (expected.get("edition") or ["None"]),
    }
    meta = " ".join(name + ("" if ok else "✗") for name, ok in checks.items())
    return Outcome(right, wrong, unread, skipped, meta)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--quiet", action="store_true", help="no list of wrong/unread cells")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as f:
        names = [row["file"] for row in csv.DictReader(f, delimiter="\t")]
    totals = {"right": 0, "wrong": 0, "unread": 0}
    print(
        f"{'file':<10} {'right':>6} {'wrong':>6} {'unread':>7} {'ambig':>6} {'accuracy':>9}  meta"
    )
    details: list[str] = []
    for name in names:
        expected_path = corpus / "expected" / f"{name.split('.')[0]}.json"
        if not expected_path.exists() or name.endswith((".js", ".ts")):
            continue  # no ground truth (011, a fragment) or not a report file (008.js)
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        try:
            outcome = score(corpus / name, expected)
        except Exception as exc:  # a file its reader cannot open scores nothing
            print(f"{name:<10} failed: {type(exc).__name__}: {exc}")
            continue
        right, wrong, unread = outcome.right, outcome.wrong, outcome.unread
        scored = right + len(wrong) + len(unread)
        print(
            f"{name:<10} {right:>6} {len(wrong):>6} {len(unread):>7} {outcome.ambiguous:>6}"
            f" {right / scored if scored else 1:>9.1%}  {outcome.meta}"
        )
        totals["right"] += right
        totals["wrong"] += len(wrong)
        totals["unread"] += len(unread)
        details += [f"{name} WRONG {w}" for w in wrong]
        if unread:
            details.append(f"{name} unread ({len(unread)}): {' '.join(unread)}")
    scored = sum(totals.values())
    print(
        f"{'all':<10} {totals['right']:>6} {totals['wrong']:>6} {totals['unread']:>7} {'':>6}"
        f" {totals['right'] / scored if scored else 1:>9.1%}"
    )
    if not args.quiet and details:
        print()
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
