"""Ruled tables drawn inside PDF form XObjects (the [pdf] extra): however many forms a
page draws, and forms inside forms, to a depth bound; and a bound on the whole work, so
that a hostile file cannot make the search explode."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from govinfo_report._core.model import Diagnostic
from govinfo_report._read.blocks import Document, Paragraph, Row
from pdf_objects import form, lines, one_page, pdf_of, text

# A table of three columns and five rows: columns at x 100 | 250 | 350 | 450, rows at
# y 700 | 680 | … | 600.  One cell is written blank, which only a ruled table keeps.
_XS = (100, 250, 350, 450)
_YS = (700, 680, 660, 640, 620, 600)
_ROWS = [
    ["Item", "A", "B"],
    ["Apples", "3", "4"],
    ["Pears", "5", "6"],
    ["Plums", "7", "8"],
    ["Figs", "9", ""],
]


def _words() -> bytes:
    return b"".join(
        text(x + 5, y - 14, word)
        for y, row in zip(_YS, _ROWS, strict=False)
        for x, word in zip(_XS, row, strict=False)
        if word
    )


def _cell_borders() -> list[bytes]:
    """Each cell's four borders: one drawing per cell, as some writers place them."""
    return [
        lines((x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1), (x0, y1, x0, y0))
        for y0, y1 in pairwise(_YS)
        for x0, x1 in pairwise(_XS)
    ]


def _read(data: bytes) -> tuple[Document, list[Diagnostic]]:
    pytest.importorskip("pypdfium2")
    from govinfo_report._read.pdf import read_pdf

    diagnostics: list[Diagnostic] = []
    return read_pdf(data, diagnostics), diagnostics


def _texts(doc: Document) -> list[str | list[str]]:
    return [
        [cell[0] for cell in block.cells] if isinstance(block, Row) else block.text
        for block in doc.blocks
        if isinstance(block, Row | Paragraph)
    ]


def _sibling_forms(wrap: int = 0) -> bytes:
    """The table with every cell's borders in a form of its own (15 forms), after five
    forms that draw nothing: 20 forms side by side on the page.  With ``wrap``, each
    cell's form is drawn through that many forms inside each other."""
    drawings = [b""] * 5 + _cell_borders()
    objects: list[bytes] = []
    page_forms: dict[str, int] = {}
    first = 6  # the page's own objects are 1-5
    for k, drawing in enumerate(drawings):
        number = first + len(objects)
        objects.append(form(drawing))
        for _ in range(wrap):  # a form drawing the one before
            objects.append(form(b"/Inner Do", {"Inner": number}))
            number = first + len(objects) - 1
        page_forms[f"Fx{k}"] = number
    content = _words() + b"".join(b"/%s Do\n" % name.encode() for name in page_forms)
    return pdf_of(one_page(content, xobjects=page_forms) + objects)


def _nested(depth: int) -> bytes:
    """The whole table drawn by the innermost of ``depth`` forms inside each other."""
    objects = [form(b"".join(_cell_borders()))]
    for _ in range(depth - 1):
        objects.append(form(b"/Inner Do", {"Inner": 5 + len(objects)}))
    content = _words() + b"/Outer Do\n"
    return pdf_of(one_page(content, xobjects={"Outer": 5 + len(objects)}) + objects)


def test_rules_in_twenty_sibling_forms_make_the_table() -> None:
    """Forms past the 16th on a page were never looked at: the last row's borders were
    lost, and with them the row's blank cell."""
    doc, diagnostics = _read(_sibling_forms())
    assert diagnostics == []
    assert _texts(doc) == _ROWS


def test_rules_in_sibling_forms_each_nested_three_deep() -> None:
    doc, _ = _read(_sibling_forms(wrap=3))
    assert _texts(doc) == _ROWS


@pytest.mark.parametrize("depth", [1, 8, 16])
def test_rules_nested_up_to_the_depth_bound(depth: int) -> None:
    doc, _ = _read(_nested(depth))
    assert _texts(doc) == _ROWS


def test_forms_nested_past_the_depth_bound_are_not_followed() -> None:
    doc, _ = _read(_nested(17))  # one past _pdf._MAX_FORM_DEPTH
    texts = _texts(doc)
    assert texts != _ROWS  # no rules: the lines are read as text, the blank cell lost
    assert texts[-1] == ["Figs", "9"]


def _fan_out(depth: int, width: int) -> bytes:
    """A form drawing one rule, drawn ``width`` times by a form, drawn ``width`` times
    by another, ``depth`` levels up: width ** depth rules from a file of a few KiB."""
    objects = [form(lines((100, 500, 400, 500)))]
    for _ in range(depth):
        objects.append(form(b" ".join([b"/Inner Do"] * width), {"Inner": 5 + len(objects)}))
    content = text(72, 750, "Hello") + b"/Outer Do\n"
    return pdf_of(one_page(content, xobjects={"Outer": 5 + len(objects)}) + objects)


class _CountingTypes:
    """PDFium's raw bindings, counting the objects whose type is asked: the objects the
    search looks at."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.asked = 0

    def __getattr__(self, name: str) -> Any:
        function = getattr(self.raw, name)
        if name != "FPDFPageObj_GetType":
            return function

        def get_type(obj: Any) -> Any:
            self.asked += 1
            return function(obj)

        return get_type


def test_total_work_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Objects looked at, over all forms, are counted against one budget: past it the
    page gets no rules (as past the segment budget), and its text is still read."""
    pytest.importorskip("pypdfium2")
    from govinfo_report._read import pdf as _pdf

    counted: list[_CountingTypes] = []
    drawing = _pdf._drawing

    def counting(page: Any, raw: Any, *rest: Any) -> None:
        counted.append(_CountingTypes(raw))
        drawing(page, counted[-1], *rest)

    monkeypatch.setattr(_pdf, "_drawing", counting)
    monkeypatch.setattr(_pdf, "_MAX_OBJECTS", 1_000, raising=False)
    doc, _ = _read(_fan_out(depth=7, width=4))  # 16,384 rules, 21,845 objects
    assert _texts(doc) == ["Hello"]
    assert 0 < counted[0].asked <= 1_000
