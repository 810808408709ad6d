"""Benchmark: how fast govinfo_report.parse is, against a floor measured in the same run.

Prints, it asserts nothing.  Usage::

    python benchmarks/bench.py            # the full run (about a minute)
    python benchmarks/bench.py --quick    # fewer repetitions

The floor is the least any parser must do: one regex pass finding the numbers plus a
line split, over the same text.  Times are the best of several repetitions, per report,
on one core; "cold" times clear the parser's memo caches before each parse.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import random
import re
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from itertools import product
from pathlib import Path
from xml.etree import ElementTree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import govinfo_report as gr  # noqa: E402
from govinfo_report._core.limits import DEFAULT_LIMITS  # noqa: E402
from govinfo_report._core.model import Edition  # noqa: E402
from govinfo_report._core.normalize import classify, label_key  # noqa: E402
from govinfo_report._format.schema import table_schema  # noqa: E402
from govinfo_report._outline.outline import _heading_number  # noqa: E402
from govinfo_report._read.sniff import decode  # noqa: E402
from govinfo_report._tables.assemble import (  # noqa: E402
    _CANDIDATES,
    _is_table2_header,
    _words_in,
)
from render import consistent_values, render  # noqa: E402

_NUMBERS = re.compile(r"\d+")


def floor(text: str) -> object:
    return text.splitlines(), _NUMBERS.findall(text)


def best(fn: Callable[[], object], budget: float) -> float:
    """Seconds per call: the best of 5 repetitions, each about ``budget`` seconds long."""
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    number = max(1, int(budget / once))
    times = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def cold(text: str) -> float:
    """Seconds for one parse with the memo caches emptied first (median of 5)."""
    times = []
    for _ in range(5):
        classify.cache_clear()
        label_key.cache_clear()
        _is_table2_header.cache_clear()
        _words_in.cache_clear()
        _heading_number.cache_clear()
        _CANDIDATES.clear()
        for table, edition in product((2, 3, 4), Edition):
            table_schema(table, edition)._memo.clear()
        start = time.perf_counter()
        gr.parse(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def corpus() -> Path:
    return Path(os.environ.get("GOVINFO_CORPUS", REPO.parent / "shared" / "corpus"))


def generated(count: int) -> list[tuple[str, str]]:
    rng = random.Random(2024)
    layouts = ("tab_cells", "tsv", "pipes", "pdf_text", "cell_lines", "tab_cells_compact")
    out = []
    for i in range(count):
        edition = ("2021", "2019")[i % 2]
        layout = layouts[i % len(layouts)]
        text = render(consistent_values(rng, edition), edition, layout, rng)
        out.append((f"generated {edition} {layout}", text))
    return out


def table(rows: list[tuple[str, str]], budget: float) -> list[float]:
    print(f"{'report':34} {'chars':>7} {'parse µs':>9} {'cold µs':>8} {'floor µs':>9} {'ratio':>6}")
    parse_times = []
    for name, text in rows:
        p = best(lambda t=text: gr.parse(t), budget)  # type: ignore[misc]
        f = best(lambda t=text: floor(t), budget)  # type: ignore[misc]
        c = cold(text)
        parse_times.append(p)
        print(
            f"{name[:34]:34} {len(text):7d} {p * 1e6:9.1f} {c * 1e6:8.1f} {f * 1e6:9.1f}"
            f" {p / f:6.1f}"
        )
    return parse_times


def summary(label: str, rows: list[tuple[str, str]], times: list[float], budget: float) -> None:
    floors = [best(lambda t=text: floor(t), budget) for _, text in rows]  # type: ignore[misc]
    ratios = [p / f for p, f in zip(times, floors, strict=True)]
    print(
        f"{label}: median {statistics.median(times) * 1e6:.0f} µs/report, "
        f"{len(times) / sum(times):.0f} reports/s on one core, "
        f"median ratio to floor {statistics.median(ratios):.1f}x "
        f"(max {max(ratios):.1f}x)\n"
    )


def scaled(base: str, name: str, make: Callable[[int], str], budget: float) -> None:
    print(f"{name}:")
    previous = None
    for factor in (1, 10, 100):
        text = make(factor)
        p = best(lambda t=text: gr.parse(t), budget)  # type: ignore[misc]
        f = best(lambda t=text: floor(t), budget)  # type: ignore[misc]
        growth = "" if previous is None else f"  x{p / previous:5.1f} for x10 input"
        print(
            f"  {factor:4d}x {len(text):9d} chars {p * 1e3:9.2f} ms"
            f" ({p * 1e9 / len(text):6.1f} ns/char, floor ratio {p / f:4.1f}){growth}"
        )
        previous = p


def _html_alone(data: bytes) -> object:
    """The standard library's HTML parser with no handlers over the decoded page."""
    parser = HTMLParser(convert_charrefs=True)
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser


def _docx_alone(data: bytes) -> object:
    """zipfile and ElementTree alone: unzip word/document.xml and build its tree."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ElementTree.fromstring(archive.read("word/document.xml"))


def _pdf_alone(data: bytes) -> object:
    """The PDF library alone: open the file and extract every page's text."""
    from govinfo_report._read.pdf import library_alone

    return library_alone(data)


_ALONE = {".html": ("html.parser", _html_alone), ".docx": ("zip+etree", _docx_alone)}
_ALONE[".pdf"] = ("pdf library", _pdf_alone)


def _read_alone(data: bytes, suffix: str) -> object:
    """The reader stage alone: the file's bytes to the document the outline reads (for a
    page, decoding included), with no outline, tables or checks after it.  Pictures are
    not read (``ocr=False``): the library-alone column reads none either."""
    if suffix == ".docx":
        from govinfo_report._read.docx import read_docx

        return read_docx(data, [], DEFAULT_LIMITS, ocr=False)
    if suffix == ".pdf":
        from govinfo_report._read.pdf import read_pdf

        return read_pdf(data, [], ocr=False)
    from govinfo_report._read.html import read_html

    return read_html(decode(data, []), [], DEFAULT_LIMITS, None)


def readers(budget: float) -> None:
    """parse_file per file kind, beside the parsing library alone on the same bytes."""
    real = corpus() / "real"
    paths = sorted(p for p in real.glob("*") if p.suffix in _ALONE)
    if not paths:
        return
    print("Readers: real files (parse_bytes; its reader stage alone; the markup/PDF library alone)")
    print(
        f"{'file':10} {'bytes':>8} {'parse ms':>9} {'read ms':>8} {'library':>12} "
        f"{'alone ms':>9} {'read/alone':>10} {'parse/alone':>11}"
    )
    by_kind: dict[str, list[float]] = {}
    for path in paths:
        data = path.read_bytes()
        name, alone = _ALONE[path.suffix]
        try:
            p = best(lambda d=data: gr.parse_bytes(d), budget)  # type: ignore[misc]
            r = best(lambda d=data, s=path.suffix: _read_alone(d, s), budget)  # type: ignore[misc]
            a = best(lambda d=data, f=alone: f(d), budget)  # type: ignore[misc]
        except gr.ReadError as exc:  # the [pdf] extra is not installed
            print(f"{path.name:10} {len(data):8d} skipped: {exc}")
            continue
        by_kind.setdefault(path.suffix, []).append(p)
        print(
            f"{path.name:10} {len(data):8d} {p * 1e3:9.2f} {r * 1e3:8.2f} {name:>12} "
            f"{a * 1e3:9.2f} {r / a:10.2f} {p / a:11.2f}"
        )
    for kind, times in by_kind.items():
        print(
            f"{kind}: median {statistics.median(times) * 1e3:.1f} ms per file ({len(times)} files)"
        )
    print()


def recovery(budget: float) -> None:
    """The cost of recovering glued digit runs: the flattened real pages, and hostile
    runs against the search alone (the worst case is the step budget per row)."""
    from govinfo_report._format.records import COUNT
    from govinfo_report._tables.recover import BUDGET, split

    real = corpus() / "real"
    flat = sorted(real.glob("00[1-7].txt"))
    if flat:
        print("Recovery: flattened pages (every table row one run of digits)")
        print(f"{'file':10} {'chars':>7} {'parse ms':>9} {'recovered':>10}")
        for path in flat:
            text = path.read_text(encoding="utf-8")
            p = best(lambda t=text: gr.parse(t), budget)  # type: ignore[misc]
            report = gr.parse(text)
            recovered = sum(1 for c in report.cell_records().values() if c.recovered)
            print(f"{path.name:10} {len(text):7d} {p * 1e3:9.2f} {recovered:10d}")
    print(f"Recovery search alone, one row of table 三 (step budget {BUDGET}):")
    kinds, totals = (COUNT,) * 7, {6: 0}
    for name, run in (
        ("real row '640020470'", "640020470"),
        ("two readings '270020130'", "270020130"),
        ("30 ones (many readings)", "1" * 30),
        ("60 ones (cut off at the budget)", "1" * 60),
        ("300 digits (too long: refused)", "7" * 300),
        ("100,000 digits (refused)", "7" * 100_000),
    ):
        t = best(lambda r=run: split(r, kinds, totals), budget)  # type: ignore[misc]
        found = split(run, kinds, totals)
        state = "complete" if found.complete else ("cut off" if found.exhausted else "capped")
        print(f"  {name:34} {t * 1e3:8.3f} ms  {len(found.solutions):3d} reading(s), {state}")
    print()


def throughput() -> None:
    """``parse_many`` over the real corpus files (the text reports repeated to make a
    batch of about 200 files), with 1 and 2 worker processes: files per second."""
    real = corpus() / "real"
    files = sorted(p for p in real.glob("*") if p.suffix in (".txt", ".md", ".html"))
    if not files:
        return
    batch = [str(p) for p in files] * max(1, 200 // len(files))
    print(f"parse_many throughput ({len(batch)} files from the real corpus, text and HTML)")
    for jobs in (1, 2):
        start = time.perf_counter()
        count = sum(1 for result in gr.parse_many(batch, jobs=jobs) if result.ok)
        elapsed = time.perf_counter() - start
        print(f"  jobs={jobs}: {count} files in {elapsed:.2f} s, {count / elapsed:.0f} files/s")
    print()


def import_time(runs: int) -> None:
    """``import govinfo_report`` in fresh interpreters, as ``python -X importtime``
    reports it (the package's cumulative line): the median and the range."""
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import govinfo_report"],
            capture_output=True,
            text=True,
            check=True,
        )
        last = [line for line in done.stderr.splitlines() if line.endswith("| govinfo_report")]
        times.append(int(last[-1].split("|")[1]) / 1000)
    print(
        f"import govinfo_report ({runs} fresh interpreters, -X importtime): median "
        f"{statistics.median(times):.0f} ms, {min(times):.0f}–{max(times):.0f} ms\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    budget = 0.05 if args.quick else 0.2
    print(f"govinfo_report {gr.__version__}, Python {sys.version.split()[0]}\n")
    import_time(5 if args.quick else 15)

    seeds = [
        (p.stem, p.read_text(encoding="utf-8")) for p in sorted((corpus() / "seeds").glob("*.txt"))
    ]
    if seeds:
        print("Seed reports")
        summary("seeds", seeds, table(seeds, budget), budget)
        parsed = [gr.parse(text) for _, text in seeds]
        checks = [best(functools.partial(gr.check, report), budget) for report in parsed]
        median = statistics.median(checks) * 1e6
        print(f"check(report) on the parsed seeds: median {median:.0f} µs\n")

    readers(budget)
    recovery(budget)
    throughput()

    gen = generated(12)
    print("Generated reports (consistent values, six layouts, random quirks)")
    summary("generated", gen, table(gen, budget), budget)

    rng = random.Random(5)
    base = render(consistent_values(rng, "2021"), "2021", "tsv", rng)
    lines = base.split("\n")
    t3 = [i for i, line in enumerate(lines) if line.count("\t") >= 6]
    first, last = t3[0], t3[-1] + 1
    print("Scaling (time should grow tenfold for a tenfold input)")
    scaled(base, "whole report repeated (repeated headings and tables)", lambda k: base * k, budget)
    scaled(
        base,
        "table 三 rows repeated (thousands of number cells)",
        lambda k: "\n".join(lines[:first] + lines[first:last] * k + lines[last:]),
        budget,
    )
    scaled(
        base,
        "one line of numbers inside table 三",
        lambda k: base.replace(
            "四、政府信息公开", " ".join(["7"] * 500 * k) + "\n四、政府信息公开", 1
        ),
        budget,
    )
    scaled(
        base,
        "prose with placeholders and brackets",
        lambda k: base.replace(
            "五、存在", "[具体地名]（文字描述）[x] 2022年报告。\n" * 50 * k + "五、存在", 1
        ),
        budget,
    )
    scaled(base, "tab-led cells, no blank lines", lambda k: "\t0\n" * 2000 * k, budget)


if __name__ == "__main__":
    main()
