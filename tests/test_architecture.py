"""The package reads as its pipeline: a folder per stage, data flowing one way.

Every import inside ``src/govinfo_report`` (at module level or inside a function) is
read from the source; a module may import from its own stage or an earlier one, never a
later one, and no module imports itself back through others.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "govinfo_report"

# The stages in data-flow order; a module's stage is the folder (or top-level module)
# it lives in.  _check and _parse are both fed by the report and feed only the batch.
STAGES = {
    "_core": 0,  # value types, codes, limits, errors, normalisation: shared by all
    "_format": 1,  # the statutory tables as data
    "_read": 2,  # bytes and text -> Document
    "_outline": 3,  # Document -> title, organ, year, sections, table regions, claims
    "_tables": 4,  # regions -> table records
    "_report": 5,  # the Report record and its JSON form
    "_parse": 6,  # the pipeline: read -> outline -> tables -> report
    "_check": 6,  # the rules over reports
    "_cli": 7,  # many files: results, batches, summaries, outputs, the command line
    "__init__": 8,  # the public API
    "__main__": 9,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return STAGES["__init__"]
    return STAGES[parts[1]]


def imports(path: Path) -> set[str]:
    """The package's own modules that a module imports, anywhere in it."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("govinfo_report"):
                continue
            for alias in node.names:  # "from . import results" imports a module
                candidate = f"{target}.{alias.name}"
                is_module = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py")
                found.add(candidate if is_module.exists() else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("govinfo_report"))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            pass  # the lazy public names of __init__: checked by their own test below
    found.discard(here)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def test_every_module_belongs_to_a_stage() -> None:
    for module in graph():
        parts = module.split(".")
        assert len(parts) == 1 or parts[1] in STAGES, module


def test_no_module_imports_from_a_later_stage() -> None:
    later = [
        (module, target)
        for module, targets in graph().items()
        for target in targets
        if stage(target) > stage(module)
    ]
    assert later == []


def test_no_import_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target] if target in path else [target]
                raise AssertionError(f"import cycle: {' -> '.join(cycle)}")
            if state.get(target) is None:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])


def test_the_lazy_public_names_come_from_later_stages_only_by_name() -> None:
    """``__init__`` imports some public names when first used; each is found there."""
    import importlib

    import govinfo_report as gr

    for name, module in gr._LAZY.items():
        assert hasattr(importlib.import_module(f"govinfo_report.{module}"), name)
        assert getattr(gr, name) is not None


def test_every_stage_says_what_it_is_for() -> None:
    for folder in sorted(p for p in PACKAGE.iterdir() if p.is_dir() and p.name in STAGES):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc, folder.name
        for path in folder.glob("*.py"):
            assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path
