"""Cell accuracy of every reader on the real corpus (../shared/corpus/real), or of the
text path on a sweep of generated reports in every rendering.

    python benchmarks/accuracy.py [--corpus DIR] [--quiet]
    python benchmarks/accuracy.py --generated [N] [--seed S] [--wrong K] [--dump I]

For each file of MANIFEST.tsv that has an expected JSON, the report is parsed with
``parse_file`` (so the file's own kind picks the reader) and every expected cell is
compared: *right* (the value the report prints), *wrong* (another value: the one outcome
that must never happen), *unread* (None: the parser said it could not read it), or
*ambiguous* (the expected file says the report itself does not decide it; not scored).
Organ, year and edition are compared too.  Every wrong and unread cell is listed, so
the output is the to-do list.  The exit status is 0: this script measures, it does not
judge (tests/test_real_corpus.py holds the floors).

``--generated N`` (default 2,000 reports) renders consistent tables with
``tests/render_web.py`` instead: report *i* is drawn from ``random.Random(f"{seed}/{i}")``
(edition, values, year, organ and page quirks), its rendering is the *i*-th of
``render_web.RENDERINGS`` in turn, and ``parse`` reads its text.  It prints, per
rendering, the reports, the cells right / wrong / unread and how often organ, year and
edition were found; then the same per page quirk; then the first ``--wrong K`` wrong
cells (report, rendering, address, read, printed).  ``--dump I`` prints report *I* of
the sweep (its quirks, text, and wrong and unread cells) to debug it.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import govinfo_report as gr  # noqa: E402
from render import EDITIONS, consistent_values  # noqa: E402
from render_web import (  # noqa: E402
    AGENCIES,
    RENDERINGS,
    YEARS,
    Quirks,
    Rendered,
    random_quirks,
    render_report,
)

DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "real"
DEFAULT_GENERATED = 2000
VARIANTS = ("markdown_pipes", "pipe_line_then_cells", "cell_then_pipe_lead")  # render_web.variant


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


# ---------------------------------------------------------------- generated sweep


def generated_report(seed: int, i: int) -> Rendered:
    """Report ``i`` of the sweep with ``seed``: the ``i``-th rendering in turn, the rest
    drawn from its own random stream."""
    rng = random.Random(f"{seed}/{i}")
    rendering = RENDERINGS[i % len(RENDERINGS)]
    edition = rng.choice(EDITIONS)
    values = consistent_values(rng, edition)
    year = rng.choice(YEARS[edition])
    agency = rng.choice(AGENCIES)
    quirks = random_quirks(rng, rendering, edition)
    return render_report(values, edition, rendering, rng, agency=agency, year=year, quirks=quirks)


@dataclass
class Tally:
    """Counts over a group of generated reports."""

    reports: int = 0
    right: int = 0
    wrong: int = 0
    unread: int = 0
    found: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("organ", "year", "edition"), 0)
    )

    def add(self, right: int, wrong: int, unread: int, found: dict[str, bool]) -> None:
        self.reports += 1
        self.right += right
        self.wrong += wrong
        self.unread += unread
        for name, ok in found.items():
            self.found[name] += ok

    def line(self, name: str) -> str:
        cells = self.right + self.wrong + self.unread
        share = f"{self.right / cells:.1%}" if cells else "-"
        found = " ".join(f"{self.found[k]:>7}" for k in ("organ", "year", "edition"))
        return (
            f"{name:<26} {self.reports:>7} {cells:>8} {self.right:>8} {self.wrong:>6}"
            f" {self.unread:>7} {share:>7}  {found}"
        )


HEADER = (
    f"{'':<26} {'reports':>7} {'cells':>8} {'right':>8} {'wrong':>6} {'unread':>7} {'right%':>7}"
    f"  {'organ':>7} {'year':>7} {'edition':>7}"
)


def _quirk_names(quirks: Quirks) -> list[str]:
    """The page quirks of a report that differ from the plain page, as "name=value"."""
    plain = Quirks()
    names = []
    for f in fields(quirks):
        value = getattr(quirks, f.name)
        if f.name == "rate":
            names.append(f"rate={value}")
        elif f.name == "subtotal_rows":
            names += [f"subtotal_row={group}" for group in value]
        elif value != getattr(plain, f.name):
            names.append(f.name if value is True else f"{f.name}={value}")
    return names


def _score_generated(
    sample: Rendered,
) -> tuple[list[tuple[str, Any, Any]], list[str], dict[str, bool]]:
    report = gr.parse(sample.text)
    cells = report.cells()
    wrong, unread = [], []
    for address, want in sample.values.items():
        got = cells.get(address)
        if got is None:
            unread.append(address)
        elif got != want or type(got) is not type(want):
            wrong.append((address, got, want))
    found = {
        "organ": report.agency == sample.agency,
        "year": report.year == sample.year,
        "edition": report.edition == sample.edition,
    }
    return wrong, unread, found


def dump(seed: int, i: int) -> int:
    """Print report ``i`` of the sweep: its quirks, text, and the cells it gets wrong."""
    sample = generated_report(seed, i)
    wrong, unread, found = _score_generated(sample)
    print(f"report {i} (seed {seed}): {sample!r}")
    print(sample.text)
    print("found: " + " ".join(f"{k}{'' if ok else '✗'}" for k, ok in found.items()))
    for address, got, want in wrong:
        print(f"WRONG {address}: read {got!r}, printed {want!r}")
    if unread:
        print(f"unread ({len(unread)}): {' '.join(unread)}")
    return 0


def sweep(n: int, seed: int, show_wrong: int) -> int:
    """Parse ``n`` generated reports and print what was right, wrong and unread."""
    by_rendering: dict[str, Tally] = defaultdict(Tally)
    by_quirk: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    wrong_cells: list[str] = []
    started = time.perf_counter()
    for i in range(n):
        sample = generated_report(seed, i)
        wrong, unread, found = _score_generated(sample)
        right = len(sample.values) - len(wrong) - len(unread)
        for tally in (by_rendering[sample.variant], total):
            tally.add(right, len(wrong), len(unread), found)
        for name in _quirk_names(sample.quirks):
            by_quirk[name].add(right, len(wrong), len(unread), found)
        wrong_cells += [
            f"#{i:<5} {sample.variant:<22} {address:<48} read {got!r:<16} printed {want!r}"
            for address, got, want in wrong
        ]
    elapsed = time.perf_counter() - started
    print(f"generated sweep: {n} reports, seed {seed}, {elapsed:.1f} s")
    print()
    print(HEADER)
    for name in (*RENDERINGS, *VARIANTS):
        if name in by_rendering:
            print(by_rendering[name].line(name))
    print(total.line("all"))
    print()
    print("by page quirk (reports that have it)")
    print(HEADER)
    for name in sorted(by_quirk):
        print(by_quirk[name].line(name))
    print()
    print(
        f"wrong cells: {len(wrong_cells)}" + (f", the first {show_wrong}:" if wrong_cells else "")
    )
    print("\n".join(wrong_cells[:show_wrong]))
    return 0


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--quiet", action="store_true", help="no list of wrong/unread cells")
    parser.add_argument(
        "--generated",
        type=int,
        nargs="?",
        const=DEFAULT_GENERATED,
        metavar="N",
        help=f"score N generated reports instead (default {DEFAULT_GENERATED})",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated sweep")
    parser.add_argument("--wrong", type=int, default=40, metavar="K", help="wrong cells to list")
    parser.add_argument("--dump", type=int, metavar="I", help="print generated report I")
    args = parser.parse_args(argv)
    if args.dump is not None:
        return dump(args.seed, args.dump)
    if args.generated is not None:
        return sweep(args.generated, args.seed, args.wrong)
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
