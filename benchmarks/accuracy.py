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

import govinfo_report as gr

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "real"


def score(path: Path, expected: dict[str, object]) -> dict[str, object]:
    """The outcome of one file: counts and the wrong and unread addresses."""
    try:
        report = gr.parse_file(path)
    except Exception as exc:  # a reader that cannot open the file scores nothing
        return {"error": f"{type(exc).__name__}: {exc}"}
    cells = report.cells()
    ambiguous = set(expected.get("ambiguous", []))  # type: ignore[call-overload]
    right, wrong, unread, skipped = 0, [], [], 0
    for address, want in expected["cells"].items():  # type: ignore[attr-defined]
        got = cells.get(address)
        if address in ambiguous or want is None:
            skipped += 1
        elif got is None:
            unread.append(address)
        elif Decimal(str(got)) == Decimal(str(want)):
            right += 1
        else:
            wrong.append(f"{address}: {got} (expected {want})")
    agencies = expected.get("agency") or []
    return {
        "right": right,
        "wrong": wrong,
        "unread": unread,
        "ambiguous": skipped,
        "agency_ok": report.agency in agencies if agencies else report.agency is None,
        "year_ok": report.year == expected.get("year"),
        "edition_ok": str(report.edition) in (expected.get("edition") or ["None"]),  # type: ignore[operator]
        "agency": report.agency,
        "year": report.year,
    }


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
        outcome = score(corpus / name, expected)
        if "error" in outcome:
            print(f"{name:<10} failed: {outcome['error']}")
            continue
        wrong, unread = outcome["wrong"], outcome["unread"]
        assert isinstance(wrong, list) and isinstance(unread, list)
        right = outcome["right"]
        assert isinstance(right, int)
        scored = right + len(wrong) + len(unread)
        meta = " ".join(
            f"{k}{'' if outcome[f'{k}_ok'] else '✗'}" for k in ("agency", "year", "edition")
        )
        print(
            f"{name:<10} {right:>6} {len(wrong):>6} {len(unread):>7} {outcome['ambiguous']:>6}"
            f" {right / scored if scored else 1:>9.1%}  {meta}"
        )
        totals["right"] += right
        totals["wrong"] += len(wrong)
        totals["unread"] += len(unread)
        details += [f"{name} WRONG {w}" for w in wrong]
        details += [f"{name} unread {u}" for u in unread]
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
