"""Hostile inputs: time and peak memory at two sizes, tenfold apart.

Prints, it asserts nothing.  Usage::

    python benchmarks/hostile.py            # every input (about a minute)
    python benchmarks/hostile.py td-flood   # the inputs named

Each input is parsed in a fresh process (so one input's memory cannot flatter the
next): once timed, once under ``tracemalloc`` for the peak of Python's allocations
during the parse (the input itself, made before, is not counted).  The last columns
give the growth from the small to the large size: time should grow about tenfold (a
refusal at a limit costs the same whatever comes after it), and memory should stay
within 30 times the input's size.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import NamedTuple

import govinfo_report as gr

Maker = Callable[[int], bytes]


def _html(body: str) -> bytes:
    return f"<html><body>{body}".encode()


def _docx(body: str) -> bytes:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
        '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


# name -> (make the input of size n, the small n); the large input is 10 n.  The small
# sizes are those of the audit that found these inputs costly (issue 10).
INPUTS: dict[str, tuple[Maker, int]] = {
    "td-flood": (lambda n: _html("<table><tr>" + "<td>" * n), 1_000_000),
    "tr-td-flood": (lambda n: _html("<table>" + "<tr><td>1" * n), 100_000),
    "inline-tag-flood": (lambda n: _html("<b>" * n), 1_000_000),
    "div-flood": (lambda n: _html("<div>x" * n), 100_000),
    "comment-flood": (lambda n: _html("<!--" * n), 100_000),
    "endtag-flood": (lambda n: _html("</" * n), 100_000),
    "pi-flood": (lambda n: _html("<?" * n), 100_000),
    "starttag-flood": (lambda n: _html("<a" * n), 100_000),
    "entity-flood": (lambda n: _html("&amp;" * n), 1_000_000),
    "ones-one-line": (lambda n: b"1 " * n, 25_000_000),
    "numbers-per-line": (lambda n: b"12\n" * n, 1_000_000),
    "tab-cells": (lambda n: b"\t1\n" * n, 1_000_000),
    "prose-lines": (lambda n: "说明文字\n".encode() * n, 1_000_000),
    "docx-empty-paragraphs": (lambda n: _docx("<w:p/>" * n), 10_000_000),
    "docx-cells": (
        lambda n: _docx("<w:tbl><w:tr>" + "<w:tc><w:p/></w:tc>" * n + "</w:tr></w:tbl>"),
        1_000_000,
    ),
}


class Result(NamedTuple):
    size: int  # bytes of the input
    seconds: float
    peak: int  # bytes allocated at the peak of the parse
    outcome: str

    @property
    def ratio(self) -> float:
        return self.peak / self.size


def measure(name: str, n: int) -> Result:
    """Run in a fresh process: one input's time, peak memory and outcome."""
    make, _ = INPUTS[name]
    data = make(n)

    def parse() -> str:
        try:
            report = gr.parse_bytes(data)
        except gr.LimitError as exc:
            return f"refused ({exc.limit})"
        except gr.ReadError as exc:
            return f"ReadError: {str(exc)[:40]}"
        errors = {d.code for d in report.diagnostics if d.severity == "error"}
        return "read" + (f" ({', '.join(sorted(errors))})" if errors else "")

    start = time.perf_counter()
    outcome = parse()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    parse()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return Result(len(data), seconds, peak, outcome)


def _run(name: str, n: int) -> Result:
    done = subprocess.run(
        [sys.executable, __file__, "--one", name, str(n)],
        capture_output=True,
        text=True,
        check=True,
    )
    return Result(*json.loads(done.stdout))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", help=f"inputs to run (default all: {', '.join(INPUTS)})"
    )
    parser.add_argument("--one", nargs=2, metavar=("NAME", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]))))
        return 0
    unknown = set(args.names) - set(INPUTS)
    if unknown:
        parser.error(f"unknown inputs: {', '.join(sorted(unknown))}")
    print(f"{'input':<22} {'size':>8} {'time':>8} {'peak':>9} {'peak/size':>9}  outcome")
    for name in args.names or INPUTS:
        _, n = INPUTS[name]
        small, large = _run(name, n), _run(name, 10 * n)
        for size, r in (("x1", small), ("x10", large)):
            print(
                f"{name + ' ' + size:<22} {r.size / 1e6:>6.2f}MB {r.seconds:>7.3f}s "
                f"{r.peak / 1e6:>7.1f}MB {r.ratio:>8.1f}x  {r.outcome}"
            )
        growth = large.seconds / max(small.seconds, 1e-9)
        print(f"{'':<22} time x{growth:.1f} for x10 input; peak/size at x10 {large.ratio:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
