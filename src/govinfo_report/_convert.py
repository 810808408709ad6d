"""The one private cattrs converter: Report <-> JSON-ready dicts, losslessly.

Decimals travel as strings (JSON numbers would round them) and ints as numbers, so a
cell's value keeps its type.  The table records of a report are structured by the
report's edition, because table 二 of edition 2021 has no field that edition 2019
lacks: the edition, not the shape, tells the class.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from types import NoneType
from typing import Any, TypeVar, get_args

import attrs
from cattrs import BaseValidationError, transform_error
from cattrs.gen import make_dict_structure_fn, override
from cattrs.preconf.json import make_converter

from ._model import Value, tables_edition
from ._report import Report
from ._tables import TABLE2_CLASSES, TABLE3_CLASSES

converter = make_converter(forbid_extra_keys=True)
_PREFIX = "not a govinfo_report report: "
T = TypeVar("T")
converter.register_unstructure_hook(Decimal, str)


def _structure_decimal(data: object, _: object) -> Decimal:
    if isinstance(data, bool) or not isinstance(data, str | int):
        raise ValueError(f"a decimal is written as a string, not {data!r}")
    try:
        return Decimal(data)
    except InvalidOperation:
        raise ValueError(f"not a decimal: {data!r}") from None


def _structure_value(data: object, _: object) -> Value:
    if data is None:
        return None
    if isinstance(data, bool):
        raise ValueError(f"a cell value is a number, not {data!r}")
    if isinstance(data, int):
        return data
    return _structure_decimal(data, None)


converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_structure_hook_func(
    lambda t: set(get_args(t)) == {int, Decimal, NoneType}, _structure_value
)

_report_fields = make_dict_structure_fn(
    Report,
    converter,
    _cattrs_forbid_extra_keys=True,
    table2=override(omit=True),
    table3=override(omit=True),
)


def _structure_report(data: Any, _: object) -> Report:
    if not isinstance(data, Mapping):
        raise ValueError(_PREFIX + f"a report is a mapping, not {type(data).__name__}")
    fields = dict(data)
    table2 = fields.pop("table2", None)
    table3 = fields.pop("table3", None)
    report = _report_fields(fields, Report)
    edition = tables_edition(report.edition)
    return attrs.evolve(
        report,
        table2=_table(table2, TABLE2_CLASSES[edition], "table2"),
        table3=_table(table3, TABLE3_CLASSES[edition], "table3"),
    )


def _table(data: object, cls: type[T], name: str) -> T | None:
    if data is None:
        return None
    try:
        return converter.structure(data, cls)
    except BaseValidationError as exc:
        raise ValueError(_PREFIX + "; ".join(transform_error(exc, path=f"$.{name}"))) from exc


converter.register_structure_hook(Report, _structure_report)


def structure(data: object) -> Report:
    """A report from a ``to_dict`` result; ``ValueError`` listing every bad path if not."""
    try:
        return converter.structure(data, Report)
    except BaseValidationError as exc:
        raise ValueError(_PREFIX + "; ".join(transform_error(exc))) from exc
