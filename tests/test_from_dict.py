"""``Report.from_dict`` takes values as the JSON types they are: a float, a string, a
bool where an integer belongs (or anything but a string where a string belongs) is
refused with a ``ValueError`` naming its path, never converted."""

from __future__ import annotations

import json
from typing import Any

import pytest

import govinfo_report as gr
from govinfo_report._cli.command import demo_text


@pytest.fixture(scope="module")
def report() -> gr.Report:
    return gr.parse(demo_text())


@pytest.fixture
def data(report: gr.Report) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(report.to_json())
    return result


def _refused(data: dict[str, Any]) -> str:
    with pytest.raises(ValueError, match="not a govinfo_report report") as caught:
        gr.Report.from_dict(data)
    return str(caught.value)


@pytest.mark.parametrize(
    ("field", "bad", "expected"),
    [
        ("year", 2023.9, "expected an integer, not 2023.9 (float) @ $.year"),
        ("year", 2024.0, "expected an integer, not 2024.0 (float) @ $.year"),
        ("year", True, "expected an integer, not True (bool) @ $.year"),
        ("year", "2024", "expected an integer, not '2024' (str) @ $.year"),
        ("title", 3, "expected a string, not 3 (int) @ $.title"),
        ("agency", ["a"], "expected a string, not ['a'] (list) @ $.agency"),
        ("sections", "一二", "expected a list, not '一二' (str) @ $.sections"),
        ("signature_date", 20240101, "@ $.signature_date"),
    ],
)
def test_a_wrong_json_type_is_refused(
    data: dict[str, Any], field: str, bad: object, expected: str
) -> None:
    assert expected in _refused({**data, field: bad})


def test_nested_cells_and_every_bad_path_are_named(data: dict[str, Any]) -> None:
    cell = data["table3"]["granted"]["natural_person"]
    data["year"] = 2023.9
    data["table3"]["granted"]["natural_person"] = {**cell, "value": True, "line": 33.5}
    data["table4"]["review"]["upheld"]["raw"] = 3
    data["diagnostics"] = [{**d, "addresses": "t3.x"} for d in data["diagnostics"][:1]] or [
        {"code": "X", "severity": "info", "message": "m", "addresses": "t3.x", "location": None}
    ]
    message = _refused(data)
    for path in (
        "$.year",
        "$.table3.granted.natural_person.value",
        "$.table3.granted.natural_person.line",
        "$.table4.review.upheld.raw",
        "$.diagnostics[0].addresses",
    ):
        assert f"@ {path}" in message


def test_a_bool_is_no_flag_of_another_type(data: dict[str, Any]) -> None:
    data["processing_fees"] = {
        "charged": "no",
        "amount": None,
        "applications": 1.0,
        "text": "",
        "location": {"line": 1, "offset": 0},
    }
    message = _refused(data)
    assert "@ $.processing_fees.charged" in message
    assert "@ $.processing_fees.applications" in message


def test_a_table_that_is_not_an_object(data: dict[str, Any]) -> None:
    assert "expected an object (a mapping), not [1] (list) @ $.table3" in _refused(
        {**data, "table3": [1]}
    )


def test_round_trip_keeps_values_and_their_types(report: gr.Report) -> None:
    again = gr.Report.from_json(report.to_json())
    assert again == report
    assert gr.Report.from_dict(report.to_dict()) == report
    # Enums come back as enums, not as their strings (equal to them, but not the type).
    assert type(again.edition) is gr.Edition
    assert {type(d.severity) for d in again.diagnostics} <= {gr.Severity}
    assert {type(c.kind) for c in again.cell_records().values()} == {gr.CellKind}
    assert {type(v) for v in again.cells().values()} <= {int, type(None)} | {
        type(v) for v in report.cells().values()
    }
