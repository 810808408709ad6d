"""Generate the cell tables of docs/format.md from the table records' field metadata.

    python docs/_gen_format.py          # rewrite the generated part of docs/format.md
    python docs/_gen_format.py --check  # exit 1 if docs/format.md is out of date

Only the text between the BEGIN/END GENERATED markers is written; the rest of the page
is hand-written.  tests/test_format_doc.py fails when the page drifts from the code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from govinfo_report import Table2Ed2019, Table2Ed2021, Table3Ed2019, Table3Ed2021, Table4
from govinfo_report._format.records import Column, layout

PAGE = Path(__file__).resolve().parent / "format.md"
BEGIN = "<!-- BEGIN GENERATED: python docs/_gen_format.py -->\n"
END = "<!-- END GENERATED -->"

ROW_SEPARATOR = " / "

# (heading, anchor, record class), in page order.
TABLES: tuple[tuple[str, str, type], ...] = (
    ("Table 二, edition 2019", "t2-2019", Table2Ed2019),
    ("Table 二, edition 2021", "t2-2021", Table2Ed2021),
    ("Table 三, edition 2019", "t3-2019", Table3Ed2019),
    ("Table 三, edition 2021", "t3-2021", Table3Ed2021),
    ("Table 四, both editions", "t4", Table4),
)

# Each edition's classes, as Report.cells() enumerates them.
EDITIONS: dict[str, tuple[type, ...]] = {
    "2019": (Table2Ed2019, Table3Ed2019, Table4),
    "2021": (Table2Ed2021, Table3Ed2021, Table4),
}


def edition_columns(edition: str) -> list[Column]:
    """Every cell of an edition, in ``Report.cells()`` order."""
    return [column for cls in EDITIONS[edition] for column in layout(cls).cells]


def _table(columns: Sequence[Column]) -> list[str]:
    lines = ["| address | row | column | kind | unit |", "|---|---|---|---|---|"]
    for c in columns:
        row = ROW_SEPARATOR.join(c.row_path_labels)
        lines.append(f"| `{c.address}` | {row} | {c.label} | {c.kind} | {c.unit or '—'} |")
    return lines


def _address_list(columns: Sequence[Column]) -> list[str]:
    if not columns:
        return ["(none)"]
    return [
        f"- `{c.address}` — {ROW_SEPARATOR.join(c.row_path_labels)} / {c.label}" for c in columns
    ]


def _differences() -> list[str]:
    by_edition = {edition: edition_columns(edition) for edition in EDITIONS}
    addresses = {edition: {c.address for c in cols} for edition, cols in by_edition.items()}
    only_2019 = [c for c in by_edition["2019"] if c.address not in addresses["2021"]]
    only_2021 = [c for c in by_edition["2021"] if c.address not in addresses["2019"]]
    labels_2019 = {c.address: c for c in by_edition["2019"]}
    relabelled = [
        (labels_2019[c.address], c)
        for c in by_edition["2021"]
        if c.address in labels_2019
        and (labels_2019[c.address].row_path_labels, labels_2019[c.address].label)
        != (c.row_path_labels, c.label)
    ]
    common = len(addresses["2019"] & addresses["2021"])
    lines = [
        "## Differences between the editions",
        "",
        f"Edition 2019 has {len(by_edition['2019'])} addresses, edition 2021 has "
        f"{len(by_edition['2021'])}; {common} are in both.",
        "",
        f"### Only in edition 2019 ({len(only_2019)})",
        "",
        *_address_list(only_2019),
        "",
        f"### Only in edition 2021 ({len(only_2021)})",
        "",
        *_address_list(only_2021),
        "",
        f"### In both editions, with other labels ({len(relabelled)})",
        "",
    ]
    if relabelled:
        lines += ["| address | 2019 | 2021 |", "|---|---|---|"]
        for old, new in relabelled:
            lines.append(
                f"| `{new.address}` "
                f"| {ROW_SEPARATOR.join((*old.row_path_labels, old.label))} "
                f"| {ROW_SEPARATOR.join((*new.row_path_labels, new.label))} |"
            )
    else:
        lines.append("(none)")
    return lines


def generated() -> str:
    """The generated part of docs/format.md: the text between the markers."""
    lines: list[str] = [""]
    for heading, anchor, cls in TABLES:
        cells = layout(cls).cells
        lines += [
            f'<a id="{anchor}"></a>',
            "",
            f"## {heading} ({len(cells)} cells)",
            "",
            *_table(cells),
            "",
        ]
    lines += _differences()
    lines.append("")
    return "\n".join(lines) + "\n"


def split(page: str) -> tuple[str, str, str]:
    """The page as (text up to and with BEGIN, generated part, text from END on)."""
    start = page.find(BEGIN)
    stop = page.find(END, start + len(BEGIN)) if start >= 0 else -1
    if start < 0 or stop < 0:
        raise ValueError(f"{PAGE.name}: no {BEGIN.strip()} … {END} markers")
    start += len(BEGIN)
    return page[:start], page[start:stop], page[stop:]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is stale")
    args = parser.parse_args(argv)
    page = PAGE.read_text(encoding="utf-8")
    head, current, tail = split(page)
    fresh = generated()
    if current == fresh:
        return 0
    if args.check:
        print(f"{PAGE} is out of date: run python docs/_gen_format.py", file=sys.stderr)
        return 1
    PAGE.write_text(head + fresh + tail, encoding="utf-8")
    print(f"rewrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
