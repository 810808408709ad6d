"""Tables pasted as pictures, read with the ``[ocr]`` extra: seconds per table picture
and per report, and the cells right, wrong and unread per picture style.

Prints measurements; asserts nothing.  Needs the extra, Pillow and a CJK font
(``pip install -e ".[ocr,test]"``; ``apt-get install fonts-wqy-zenhei``)::

    python benchmarks/ocr.py             # 3 reports x 5 styles x tables 二/三/四
    python benchmarks/ocr.py --reports 6

The pictures are drawn by ``tests/picture_render.py`` from consistent values: Word-like
screenshots (96-150 dpi, JPEG, blur) and page scans (200-300 dpi, noise, tilt).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import govinfo_report as gr
from picture_render import CJK_FONT, STYLES, example_values, score_table, table_picture


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=3, help="value sets per style")
    parser.add_argument("--style", action="append", help="only these styles (by name)")
    args = parser.parse_args()
    if CJK_FONT is None:
        sys.exit("no CJK font: apt-get install fonts-wqy-zenhei")
    styles = [s for s in STYLES if not args.style or s.name in args.style]
    start = time.perf_counter()
    gr.parse_bytes(table_picture(4, example_values(0), "2021", styles[0], 0), ocr=True)
    print(f"first picture (loads the models): {time.perf_counter() - start:.1f} s\n")
    print(
        f"{'style':24s} {'table':>5s} {'pictures':>8s} {'s/picture':>9s} "
        f"{'right':>6s} {'wrong':>5s} {'unread':>6s}  wrong cells (address read/true)"
    )
    per_report: dict[str, float] = {}
    totals = {"right": 0, "wrong": 0, "unread": 0}
    for style in styles:
        for table in (2, 3, 4):
            prefix = f"t{table}."
            seconds: list[float] = []
            right = wrong = unread = 0
            shown: list[str] = []
            for n in range(args.reports):
                values = example_values(100 + n)
                data = table_picture(table, values, "2021", style, n)
                t0 = time.perf_counter()
                report = gr.parse_bytes(data, ocr=True)
                seconds.append(time.perf_counter() - t0)
                got, bad, none = score_table(report.cells(), values, prefix)
                right, unread = right + got, unread + none
                wrong += len(bad)
                shown += bad
            for key, count in (("right", right), ("wrong", wrong), ("unread", unread)):
                totals[key] += count
            per_report[style.name] = per_report.get(style.name, 0.0) + statistics.median(seconds)
            print(
                f"{style.name:24s} {table:>5d} {len(seconds):>8d} "
                f"{statistics.median(seconds):>9.2f} {right:>6d} {wrong:>5d} {unread:>6d}  "
                + "; ".join(shown[:4])
            )
    print("\nseconds per report whose three tables are pictures (sum of the medians):")
    for name, total in per_report.items():
        print(f"  {name:24s} {total:5.1f} s")
    cells = sum(totals.values())
    print(
        f"\nall: {cells} cells, {totals['right']} right, {totals['wrong']} wrong, "
        f"{totals['unread']} unread ({100 * totals['right'] / max(cells, 1):.1f}% right)"
    )


if __name__ == "__main__":
    main()
