"""The one private cattrs converter: Report <-> JSON-ready dicts, losslessly.

Decimals travel as strings (JSON numbers would round them) and ints as numbers, so a
cell's value keeps its type.  The table records of a report are structured by the
report's edition, because table 二 of edition 2021 has no field that edition 2019
lacks: the edition, not the shape, tells the class.

Structuring is strict: a value must be the JSON type ``to_dict`` writes (an int, a str,
a bool, a list, an object), and is never converted from another; what is wrong is
named, with its path, in one ``ValueError``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from types import NoneType
from typing import Any, TypeVar, get_args, get_origin

import attrs
from cattrs import BaseValidationError, transform_error
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter
from cattrs.v import format_exception

from .._core.model import Cell, Edition, Value, tables_edition
from .._format.records import TABLE2_CLASSES, TABLE3_CLASSES

R = TypeVar("R")

converter = make_converter(forbid_extra_keys=True)
_PREFIX = "not a govinfo_report report: "
converter.register_unstructure_hook(Decimal, str)
# A cell's picture is written only for a cell read from one: every other cell's dict
# is what it was before pictures were read.
converter.register_unstructure_hook(
    Cell,
    make_dict_unstructure_fn(Cell, converter, picture=override(omit_if_default=True)),
)


class _WrongTypeError(TypeError):
    """A value of the wrong JSON type; the message says what was expected and found."""


def _shown(data: object) -> str:
    """A value as an error message shows it: short, with its type."""
    text = repr(data)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({type(data).__name__})"


def _format(exc: BaseException, type_: type | None) -> str:
    """cattrs' messages, but a refusal of this module says what it found."""
    if isinstance(exc, _WrongTypeError):
        return str(exc)
    return format_exception(exc, type_)


def _messages(exc: BaseValidationError, path: str = "$") -> list[str]:
    return transform_error(exc, path=path, format_exception=_format)


# JSON's own types, taken as they are: cattrs' default hooks call ``int()``, ``str()``
# and ``bool()``, which turn 2023.9 into 2023, 3 into "3", true into 1 and "no" into
# True.  A bool is an int to Python, never to a report.


def _structure_int(data: object, _: object) -> int:
    if isinstance(data, bool) or not isinstance(data, int):
        raise _WrongTypeError(f"expected an integer, not {_shown(data)}")
    return int(data)


def _structure_str(data: object, cls: Any) -> str:
    """A string; or one of a str enum's values (cattrs looks a class's hook up by its
    bases, so this hook is the enums' too: Edition, Severity, CellKind)."""
    if not isinstance(data, str):
        expected = "a string" if cls is str else _one_of(cls)
        raise _WrongTypeError(f"expected {expected}, not {_shown(data)}")
    if cls is str:
        return data
    try:
        result: str = cls(data)
    except ValueError:
        raise _WrongTypeError(f"expected {_one_of(cls)}, not {_shown(data)}") from None
    return result


def _one_of(cls: Any) -> str:
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        return "one of " + ", ".join(repr(member.value) for member in cls)
    return f"a {cls.__name__}"  # pragma: no cover - the records' str classes are enums


def _structure_bool(data: object, _: object) -> bool:
    if not isinstance(data, bool):
        raise _WrongTypeError(f"expected true or false, not {_shown(data)}")
    return data


def _structure_float(data: object, _: object) -> float:
    if isinstance(data, bool) or not isinstance(data, int | float):
        raise _WrongTypeError(f"expected a number, not {_shown(data)}")
    return float(data)


def _structure_decimal(data: object, _: object) -> Decimal:
    if isinstance(data, bool) or not isinstance(data, str | int):
        raise _WrongTypeError(f"expected a decimal written as a string, not {_shown(data)}")
    try:
        return Decimal(data)
    except InvalidOperation:
        raise _WrongTypeError(f"expected a decimal, not {_shown(data)}") from None


def _structure_value(data: object, _: object) -> Value:
    if data is None:
        return None
    if isinstance(data, bool):
        raise _WrongTypeError(f"expected a number, not {_shown(data)}")
    if isinstance(data, int):
        return data
    return _structure_decimal(data, None)


def _structure_date(data: object, _: object) -> date:
    if not isinstance(data, str):
        raise _WrongTypeError(f"expected a date written as a string, not {_shown(data)}")
    try:
        return date.fromisoformat(data)
    except ValueError:
        raise _WrongTypeError(f"expected a date (YYYY-MM-DD), not {_shown(data)}") from None


def _is_list_field(type_: Any) -> bool:
    """Whether a field is ``tuple[X, ...]``, the only sequences of the records."""
    args = get_args(type_)
    return bool(get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis)


def _sequence_factory(type_: Any) -> Callable[[Any, Any], Any]:
    """A tuple field is a JSON list: a string or a mapping is not a list of its parts."""
    items = homogenous_tuple_structure_factory(type_, converter)

    def structure(data: object, _: object) -> Any:
        if not isinstance(data, list | tuple):
            raise _WrongTypeError(f"expected a list, not {_shown(data)}")
        return items(data, type_)

    return structure


def _record_factory(cls: Any) -> Callable[[Any, Any], Any]:
    """A record is a JSON object: anything else is refused before its fields are read."""
    fields = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

    def structure(data: object, _: object) -> Any:
        if not isinstance(data, Mapping):
            raise _WrongTypeError(f"expected an object (a mapping), not {_shown(data)}")
        return fields(data, cls)

    return structure


# By class: cattrs looks a class's hook up before any hook by predicate, so these serve
# ``int | None`` and the str enums too.  bool has its own, or it would be an int's.
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(bool, _structure_bool)
converter.register_structure_hook(float, _structure_float)
converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook(date, _structure_date)
converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_structure_hook_func(
    lambda t: set(get_args(t)) == {int, Decimal, NoneType}, _structure_value
)
converter.register_structure_hook_factory(_is_list_field, _sequence_factory)
# The report class, registered by the first ``structure`` call: the report module
# imports this one (when a report is converted), never the other way round.
_reports: dict[type, Callable[..., Any]] = {}
converter.register_structure_hook_factory(
    lambda t: attrs.has(t) and t not in _reports, _record_factory
)


def _structure_report(data: Any, report_class: Any) -> Any:
    """The report, with every bad path of its fields and of its tables named at once.
    Its tables are structured by its edition (see the module's doc); with an edition
    that cannot be read, they are not looked at."""
    if not isinstance(data, Mapping):
        raise ValueError(_PREFIX + f"a report is a mapping, not {_shown(data)}")
    fields = dict(data)
    tables = {name: fields.pop(name, None) for name in ("table2", "table3")}
    errors: list[str] = []
    report: Any = None
    try:
        report = _reports[report_class](fields, report_class)
    except BaseValidationError as exc:
        errors.extend(_messages(exc))
    structured: dict[str, Any] = {}
    edition = _edition(fields.get("edition"))
    if edition is not None:
        for name, classes in (("table2", TABLE2_CLASSES), ("table3", TABLE3_CLASSES)):
            table = tables[name]
            try:
                if table is not None:
                    table = converter.structure(table, classes[edition])
            except BaseValidationError as exc:
                errors.extend(_messages(exc, f"$.{name}"))
            except Exception as exc:  # the table is not a mapping
                errors.append(f"{_format(exc, None)} @ $.{name}")
            structured[name] = table
    if errors or report is None:
        raise ValueError(_PREFIX + "; ".join(errors))
    return attrs.evolve(report, **structured)


def _edition(data: object) -> Edition | None:
    """The edition whose table classes a report's tables are, or None if the report's
    edition cannot be read (which is named with the report's other fields)."""
    try:
        return tables_edition(None if data is None else converter.structure(data, Edition))
    except Exception:
        return None


def structure(data: object, report_class: type[R]) -> R:
    """A report from a ``to_dict`` result.  Raises ``ValueError`` listing every bad
    path ("expected an integer, not 2023.9 (float) @ $.year") if it is not one: values
    are taken as the JSON types they are, never converted (no float for an int, no
    number for a string, no bool for a number)."""
    if report_class not in _reports:
        _reports[report_class] = make_dict_structure_fn(
            report_class,
            converter,
            _cattrs_forbid_extra_keys=True,
            table2=override(omit=True),
            table3=override(omit=True),
        )
        converter.register_structure_hook(report_class, _structure_report)
    try:
        return converter.structure(data, report_class)
    except BaseValidationError as exc:  # pragma: no cover - _structure_report names them
        raise ValueError(_PREFIX + "; ".join(_messages(exc))) from exc
