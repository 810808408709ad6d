"""Hypothesis strategies over the generators of ``render`` and ``render_web``.

Values are built draw by draw (``render.build_values`` with hypothesis integers), so a
failing example shrinks towards all-zero tables; the rendering quirks come from a drawn
``random.Random`` seed, which shrinks towards seed 0.  The page-level quirks of
``render_web`` (``quirk_sets``) are drawn one by one too, each shrinking towards the plain
page, so a failing report shrinks to the fewest quirks that still fail.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import strategies as st

import render_web
from render import EDITIONS, LAYOUTS, QUIRK_RATES, Value, build_values, render
from render_web import RENDERINGS, Quirks, Rendered, draw_quirks, render_report

AGENCIES = (
    "示例县示例镇人民政府",
    "示例市示例区人民政府办公室",
    "示例市自然资源和规划局",
    "示例县示例乡人民政府",
)
YEARS = {"2019": (2019, 2020), "2021": (2021, 2022, 2023, 2024)}


@dataclass(frozen=True, repr=False)
class Sample:
    """A rendered report and everything it was rendered from."""

    values: dict[str, Value]
    edition: str
    layout: str
    text: str
    year: int
    agency: str

    def __repr__(self) -> str:  # the text itself is shown line by line via note()
        nonzero = {a: v for a, v in self.values.items() if v}
        return (
            f"Sample(edition={self.edition!r}, layout={self.layout!r}, year={self.year}, "
            f"agency={self.agency!r}, nonzero values={nonzero!r})"
        )


def editions() -> st.SearchStrategy[str]:
    return st.sampled_from(EDITIONS)


def layouts() -> st.SearchStrategy[str]:
    return st.sampled_from(LAYOUTS)


@st.composite
def table_values(draw: st.DrawFn, edition: str, scale: int = 50) -> dict[str, Value]:
    """A value for every address of ``edition``, consistent under the 勾稽关系."""

    def ints(lo: int, hi: int) -> int:
        return draw(st.integers(lo, hi))

    return build_values(ints, edition, scale=scale)


@st.composite
def samples(draw: st.DrawFn, edition: str | None = None, layout: str | None = None) -> Sample:
    """A whole rendered report (edition and layout drawn unless given)."""
    edition = edition if edition is not None else draw(editions())
    layout = layout if layout is not None else draw(layouts())
    values = draw(table_values(edition))
    year = draw(st.sampled_from(YEARS[edition]))
    agency = draw(st.sampled_from(AGENCIES))
    quirks = draw(st.sampled_from(QUIRK_RATES))  # shrinks towards the plain layout
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    text = render(values, edition, layout, rng, agency=agency, year=year, quirks=quirks)
    return Sample(values, edition, layout, text, year, agency)


def reports(
    edition: str | None = None, layout: str | None = None
) -> st.SearchStrategy[tuple[dict[str, Value], str, str, str]]:
    """(values, edition, layout, text) of a rendered report."""
    return samples(edition, layout).map(lambda s: (s.values, s.edition, s.layout, s.text))


# ---------------------------------------------------------------- every rendering, with quirks


@st.composite
def quirk_sets(draw: st.DrawFn, rendering: str, edition: str) -> Quirks:
    """The page-level quirks of ``render_web`` for ``rendering``, at the odds of
    ``render_web.ODDS``; each shrinks towards the plain page (no quirk, first option)."""

    def flag(odds: float) -> bool:
        return draw(st.integers(0, 99)) >= 100 - round(100 * odds)

    def one(options: Sequence[str]) -> str:
        return draw(st.sampled_from(options))

    rate = draw(st.sampled_from(QUIRK_RATES))
    return draw_quirks(rendering, edition, rate, flag, one)


@st.composite
def rendered_reports(
    draw: st.DrawFn, edition: str | None = None, rendering: str | None = None
) -> Rendered:
    """A whole report in any of ``render_web.RENDERINGS`` with drawn quirks (edition and
    rendering drawn unless given), and what it must parse to."""
    edition = edition if edition is not None else draw(editions())
    rendering = rendering if rendering is not None else draw(st.sampled_from(RENDERINGS))
    values = draw(table_values(edition))
    year = draw(st.sampled_from(render_web.YEARS[edition]))
    agency = draw(st.sampled_from(render_web.AGENCIES))
    quirks = draw(quirk_sets(rendering, edition))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    return render_report(values, edition, rendering, rng, agency=agency, year=year, quirks=quirks)


# ---------------------------------------------------------------- damaged texts

MUTATIONS = ("delete", "duplicate", "cut", "shuffle")
Mutation = tuple[str, int, int, int]


def line_mutations(max_size: int = 10) -> st.SearchStrategy[list[Mutation]]:
    """Edits to apply to a text's lines with ``mutate``: deletions, duplications,
    cuts (a line truncated at some point) and shuffles of line ranges."""
    n = st.integers(0, 10**6)
    return st.lists(st.tuples(st.sampled_from(MUTATIONS), n, n, n), max_size=max_size)


def mutate(lines: list[str], mutations: list[Mutation]) -> list[str]:
    """Apply ``mutations`` to a copy of ``lines`` (positions taken modulo the length)."""
    out = list(lines)
    for kind, a, b, c in mutations:
        if not out:
            break
        i = a % len(out)
        span = 1 + b % (40 if kind == "shuffle" else 8)
        if kind == "delete":
            del out[i : i + span]
        elif kind == "duplicate":
            j = c % (len(out) + 1)
            out[j:j] = out[i : i + span]
        elif kind == "cut":
            out[i] = out[i][: c % (len(out[i]) + 1)]
        else:
            chunk = out[i : i + span]
            random.Random(c).shuffle(chunk)
            out[i : i + span] = chunk
    return out
