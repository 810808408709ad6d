"""The documentation says what the code does."""

from __future__ import annotations

import re
from pathlib import Path

from govinfo_report._check import RULES, SERIES_RULES
from govinfo_report._codes import CODES
from govinfo_report._model import Severity

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_diagnostics_page_lists_every_code_with_its_severity() -> None:
    page = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^### (\S+)\n\nSeverity: (\w+)\.", page, re.MULTILINE))
    registered = {code: severity.value for code, severity in CODES.items()}
    registered |= {code: r.severity.value for code, r in RULES.items()}
    registered |= {code: r.severity.value for code, r in SERIES_RULES.items()}
    registered["CHECK-SKIPPED"] = Severity.INFO.value
    registered["CHECK-RECOVERED"] = Severity.INFO.value
    assert documented == registered
