"""Property tests over every table rendering of real crawls and extractions (``render_web``).

Each example draws an edition, a rendering, consistent values and the page's quirks,
renders a whole report, parses it, and asserts:

(a) no cell is ever a number other than the one printed (the core property, for every
    rendering): a cell is the printed value or ``None``;
(b) in the renderings that keep cell slots (``render_web.SLOT_RENDERINGS``) every cell is
    read: a slot is evidence, so nothing is left ``None``;
(c) in the others (space-aligned PDF text, bare cells per line, paragraphs), every cell
    that is ``None`` is named in the ``addresses`` of a diagnostic;
(d) the organ (as printed), the year and the edition are found.

Seeded (``derandomize``) and bounded: the module runs in about a minute;
``GOVINFO_DEEP=N`` runs N times as many examples.  A failing example shows its quirks
and the report's text line by line; with ``GOVINFO_SHRINK=1`` it is first shrunk towards
all-zero tables and the plain page (a minute or two per failing test).
"""

from __future__ import annotations

import os
import random
from decimal import Decimal

import pytest
from hypothesis import Phase, given, note, settings
from hypothesis import strategies as st

import govinfo_report as gr
from render import EDITIONS, Value, consistent_values
from render_web import (
    RENDERINGS,
    SLOT_RENDERINGS,
    SUBTOTAL,
    VALUE,
    Quirks,
    Rendered,
    _table3_grid,
    random_quirks,
    render_report,
)
from strategies import rendered_reports

# Sized so that the module runs in about a minute; GOVINFO_DEEP=N runs N times as many
# examples.  A failing example is not shrunk unless GOVINFO_SHRINK=1: shrinking a report
# down to all-zero tables and the plain page costs a minute or two per failing test.
DEEP = int(os.environ.get("GOVINFO_DEEP", "1"))
EXAMPLES = 100 * DEEP
SHRINK = bool(os.environ.get("GOVINFO_SHRINK"))
PHASES = tuple(p for p in Phase if p is not Phase.explain and (SHRINK or p is not Phase.shrink))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=PHASES)
LOSSY = tuple(r for r in RENDERINGS if r not in SLOT_RENDERINGS)


def _parse(sample: Rendered) -> gr.Report:
    note(repr(sample))
    note("\n".join(f"{i + 1:4} {line!r}" for i, line in enumerate(sample.text.split("\n"))))
    return gr.parse(sample.text)


def _wrong(sample: Rendered, cells: dict[str, Value | None]) -> list[str]:
    """Cells read as a number other than the printed one (value or type)."""
    return [
        f"{a}: printed {v!r}, read {cells[a]!r}"
        for a, v in sample.values.items()
        if cells.get(a) is not None and (cells[a] != v or type(cells[a]) is not type(v))
    ]


# ---------------------------------------------------------------- the parser


@pytest.mark.parametrize("rendering", RENDERINGS)
@SETTINGS
@given(data=st.data())
def test_no_cell_is_another_number(rendering: str, data: st.DataObject) -> None:
    sample = data.draw(rendered_reports(rendering=rendering), label="sample")
    wrong = _wrong(sample, _parse(sample).cells())
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("rendering", SLOT_RENDERINGS)
@SETTINGS
@given(data=st.data())
def test_every_slot_cell_is_read(rendering: str, data: st.DataObject) -> None:
    sample = data.draw(rendered_reports(rendering=rendering), label="sample")
    cells = _parse(sample).cells()
    unread = [a for a in sample.values if cells.get(a) is None]
    assert not unread, f"{len(unread)} cells unread: {' '.join(unread)}"


@pytest.mark.parametrize("rendering", LOSSY)
@SETTINGS
@given(data=st.data())
def test_every_unread_cell_is_explained(rendering: str, data: st.DataObject) -> None:
    sample = data.draw(rendered_reports(rendering=rendering), label="sample")
    report = _parse(sample)
    cells = report.cells()
    named = {a for d in report.diagnostics for a in d.addresses}
    silent = [a for a in sample.values if cells.get(a) is None and a not in named]
    assert not silent, f"{len(silent)} cells None without a diagnostic: {' '.join(silent)}"


@pytest.mark.parametrize("rendering", RENDERINGS)
@SETTINGS
@given(data=st.data())
def test_organ_year_and_edition(rendering: str, data: st.DataObject) -> None:
    sample = data.draw(rendered_reports(rendering=rendering), label="sample")
    report = _parse(sample)
    found = (report.agency, report.year, report.edition)
    assert found == (sample.agency, sample.year, sample.edition)


# ---------------------------------------------------------------- the generator itself


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_generator_is_deterministic(rendering: str) -> None:
    def text(seed: int) -> str:
        rng = random.Random(seed)
        edition = rng.choice(EDITIONS)
        values = consistent_values(rng, edition)
        quirks = random_quirks(rng, rendering, edition)
        return render_report(values, edition, rendering, rng, quirks=quirks).text

    assert [text(s) for s in range(5)] == [text(s) for s in range(5)]


@pytest.mark.parametrize("edition", EDITIONS)
def test_subtotals_are_sums(edition: str) -> None:
    """The 小计 column holds each row's organisations, a 小计 row its group's rows."""
    rng = random.Random(7)
    values = consistent_values(rng, edition, scale=500)
    groups = ("denied", "unavailable", "not_processed")
    quirks = Quirks(subtotal_column=True, subtotal_rows=groups)
    rows = _table3_grid(values, edition, quirks, note=True).rows
    data = [r for r in rows if r.is_data]
    table: list[tuple[str, list[Value]]] = []
    for row in data:
        labels = [s.text for s in row.slots if s.kind != VALUE]
        table.append((labels[-1], [s.value for s in row.slots if s.kind == VALUE]))
    for label, cells in table:
        assert cells[-2] == sum(cells[1:-2]), label  # 小计 column: the five organisations
        assert cells[-1] == cells[0] + cells[-2], label  # 总计: natural persons + 小计
    subtotals = [i for i, (label, _) in enumerate(table) if label == SUBTOTAL]
    assert len(subtotals) == len(groups)
    for group, at in zip(groups, subtotals, strict=True):
        members = [k for k in values if k.startswith(f"t3.{group}.") and k.endswith(".total")]
        assert table[at][1][-1] == sum(values[k] for k in members)


@pytest.mark.parametrize("padding", ["grid", "extra"])
def test_pipe_rows_are_padded_to_the_grid(padding: str) -> None:
    """With padding, every row of a pipe_rows table has as many cells as the grid."""
    rng = random.Random(3)
    values = consistent_values(rng, "2021")
    quirks = Quirks(rate=0.35, padding=padding, halfwidth=True)
    text = render_report(values, "2021", "pipe_rows", rng, quirks=quirks).text
    rows = [line for line in text.split("\n") if line.endswith("|")]
    widths = {line.count("|") for line in rows}
    extra = padding == "extra"
    assert widths == {4 + extra, 10 + extra, 15 + extra}  # tables 二, 三 and 四


def test_money_is_decimal() -> None:
    rng = random.Random(1)
    sample = render_report(consistent_values(rng, "2021"), "2021", "pipe_rows", rng)
    assert type(sample.values["t2.admin_fees.amount"]) is Decimal
