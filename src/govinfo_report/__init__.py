"""govinfo_report: Chinese government information-disclosure annual reports
(政府信息公开工作年度报告) as typed data traced to its source.

>>> import govinfo_report as gr
>>> report = gr.parse(text)          # doctest: +SKIP
>>> report.cells()["t3.total.total"] # doctest: +SKIP

Every name here is public and stable; everything else is private.
"""

from typing import TYPE_CHECKING, Any

from ._cli.batch import parse_many
from ._cli.results import CellRow, ParseFailure, ParseResult, ParseSuccess, iter_cells
from ._core.errors import ReadError
from ._core.limits import LimitError, Limits
from ._core.model import (
    Cell,
    CellKind,
    Diagnostic,
    Edition,
    Location,
    Period,
    PictureReading,
    Section,
    Severity,
)
from ._core.version import __version__
from ._format.records import Table2Ed2019, Table2Ed2021, Table3Ed2019, Table3Ed2021, Table4
from ._outline.narrative import Claim, ProcessingFees
from ._parse import parse, parse_bytes, parse_file
from ._report.report import Report

if TYPE_CHECKING:
    from ._check.rules import check, check_series
    from ._cli.outputs import to_frame
    from ._cli.review import review_html
    from ._cli.summary import ReportSummary, summarize


# Public names whose modules are imported when first used, so that ``import
# govinfo_report`` stays quick (a script that only parses never pays for them).
_LAZY = {
    "check": "_check.rules",
    "check_series": "_check.rules",
    "to_frame": "_cli.outputs",
    "ReportSummary": "_cli.summary",
    "review_html": "_cli.review",
    "summarize": "_cli.summary",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'govinfo_report' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Cell",
    "CellKind",
    "CellRow",
    "Claim",
    "Diagnostic",
    "Edition",
    "LimitError",
    "Limits",
    "Location",
    "ParseFailure",
    "ParseResult",
    "ParseSuccess",
    "Period",
    "PictureReading",
    "ProcessingFees",
    "ReadError",
    "Report",
    "ReportSummary",
    "Section",
    "Severity",
    "Table2Ed2019",
    "Table2Ed2021",
    "Table3Ed2019",
    "Table3Ed2021",
    "Table4",
    "__version__",
    "check",
    "check_series",
    "iter_cells",
    "parse",
    "parse_bytes",
    "parse_file",
    "parse_many",
    "review_html",
    "summarize",
    "to_frame",
]
