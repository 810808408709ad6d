"""A messy folder, as a new user's: every mishap is a row, a finding and a count, in
every format the command line writes (read back with pandas, DuckDB, openpyxl and
pyarrow), with the documented exit status; and the Python API's footguns removed."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

import govinfo_report as gr
from govinfo_report._cli.command import demo_text
from render import consistent_values, render

GOOD = {
    "甲县人民政府2023.txt": ("甲县人民政府", 2023),
    "乙县人民政府2022.txt": ("乙县人民政府", 2022),
}
# file name -> the status the summary gives it
MISHAPS = {
    "附件.docx": "failed",  # a zip that is not a DOCX
    "old.doc": "failed",  # a legacy Word file
    "空.html": "empty",
    "表三.png": "image-only",
    "扫描件.jpg": "image-only",
    "list.html": "not-a-report",
    "甲县人民政府2023年报.md": "ok",  # the same report again: a duplicate
}
SKIPPED = ("~$甲县人民政府2023.docx", ".git", "._list.html")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "govinfo_report", *args],
        capture_output=True,
        timeout=300,
        cwd=cwd,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("messy")
    rng = random.Random(3)
    texts = {}
    for name, (agency, year) in GOOD.items():
        texts[name] = render(
            consistent_values(rng, "2021"), "2021", "tsv", rng, year=year, agency=agency
        )
        (root / name).write_text(texts[name], encoding="utf-8")
    (root / "甲县人民政府2023年报.md").write_text(texts["甲县人民政府2023.txt"], encoding="utf-8")
    with zipfile.ZipFile(root / "附件.docx", "w") as archive:
        archive.writestr("readme.txt", "not a report")
    (root / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (root / "空.html").write_bytes(b"")
    (root / "表三.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (root / "扫描件.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    links = "<html><body><ul><li><a href='a.html'>2023年年报</a></li></ul></body></html>"
    (root / "list.html").write_text(links, encoding="utf-8")
    (root / "~$甲县人民政府2023.docx").write_bytes(b"lock")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD.txt").write_text(texts["甲县人民政府2023.txt"], encoding="utf-8")
    (root / "._list.html").write_bytes(b"\x00\x05\x16\x07")
    return root


def expected_statuses(root: Path) -> dict[str, str]:
    statuses = {str(root / name): "ok" for name in GOOD}
    statuses |= {str(root / name): status for name, status in MISHAPS.items()}
    return statuses


SUMMARY_LINE = "3 parsed, 0 with errors, 2 failed, 1 empty, 2 image-only, 1 not a report, 3 skipped"


# ---------------------------------------------------------------- the command line


def test_summary_has_a_row_per_file_and_counts_each_kind(messy: Path) -> None:
    done = run("summary", str(messy))
    assert done.returncode == 4, done.stderr  # a file failed; summary finds no "errors"
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {row["source"]: row["status"] for row in rows} == expected_statuses(messy)
    by_name = {Path(row["source"]).name: row for row in rows}
    assert by_name["甲县人民政府2023年报.md"]["duplicate_of"] == str(messy / "甲县人民政府2023.txt")
    assert by_name["附件.docx"]["error"].startswith("ReadError: a zip archive")
    assert by_name["old.doc"]["error"].startswith("ReadError: a legacy Word .doc file")
    good = by_name["甲县人民政府2023.txt"]
    report = gr.parse_file(messy / "甲县人民政府2023.txt")
    assert int(good["received"]) == report.cells()["t3.new_received.total"]
    assert int(good["cells_read"]) == 200 and good["cells_unread"] == "0"
    assert f"govinfo-report: {SUMMARY_LINE}\n" in done.stderr
    for name in SKIPPED:
        assert f"{messy / name}: skipped (" in done.stderr


def test_check_lists_every_mishap_as_a_finding(messy: Path) -> None:
    as_csv = run("check", "--format", "csv", str(messy))
    assert as_csv.returncode == 5, as_csv.stderr  # errors found (1) and files failed (4)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    codes = {(Path(row["source"]).name, row["code"]) for row in rows}
    assert {
        ("附件.docx", "READ-ERROR"),
        ("old.doc", "READ-ERROR"),
        ("空.html", "READ-EMPTY"),
        ("表三.png", "READ-IMAGE"),
        ("扫描件.jpg", "READ-IMAGE"),
        ("list.html", "PARSE-NOT-A-REPORT"),
        ("甲县人民政府2023年报.md", "BATCH-DUPLICATE"),
    } <= codes
    duplicate = next(row for row in rows if row["code"] == "BATCH-DUPLICATE")
    assert (duplicate["agency"], duplicate["year"]) == ("甲县人民政府", "2023")
    assert str(messy / "甲县人民政府2023.txt") in duplicate["message"]
    as_json = run("check", "--format", "json", str(messy))
    assert as_json.returncode == 5
    records = json.loads(as_json.stdout)
    assert {r["source"]: r["status"] for r in records} == expected_statuses(messy)
    failed = next(r for r in records if r["source"].endswith("附件.docx"))
    assert [f["code"] for f in failed["findings"]] == ["READ-ERROR"]
    assert f"govinfo-report: {SUMMARY_LINE}\n" in as_json.stderr


def test_only_failing_and_severity_error_show_only_the_files_with_errors(messy: Path) -> None:
    failing = run("check", "--only-failing", str(messy))
    shown = {line.split(": ", 1)[0] for line in failing.stdout.splitlines() if line[:1] != " "}
    assert shown == {str(messy / name) for name, status in MISHAPS.items() if status not in ("ok",)}
    errors = run("check", "--severity", "error", str(messy))
    assert errors.stdout == failing.stdout


def test_exit_status_bits(tmp_path: Path, messy: Path) -> None:
    demo = tmp_path / "demo.txt"
    demo.write_text(demo_text(), encoding="utf-8")
    good = str(messy / "甲县人民政府2023.txt")
    assert run("check", good).returncode == 0
    assert run("check", str(demo)).returncode == 1
    assert run("check", str(demo), str(messy / "old.doc")).returncode == 5
    assert run("check", good, str(messy / "old.doc")).returncode == 4
    assert run("cells", str(demo)).returncode == 0  # only check reports errors found
    assert run("summary", "--format", "parquet", good).returncode == 2  # no -o: usage


def test_jobs_auto_and_version(messy: Path) -> None:
    one = run("summary", str(messy))
    for jobs in ("auto", "0", "2"):
        assert run("summary", "-j", jobs, str(messy)).stdout == one.stdout
    version = run("-V")
    assert version.returncode == 0 and gr.__version__ in version.stdout


def _summary_rows(messy: Path) -> list[dict[str, Any]]:
    return [row.to_dict() for row in gr.summarize(gr.parse_many(str(messy)))]


def test_every_output_format_reads_back(tmp_path: Path, messy: Path) -> None:
    pd = pytest.importorskip("pandas")
    duckdb = pytest.importorskip("duckdb")
    pq = pytest.importorskip("pyarrow.parquet")
    openpyxl = pytest.importorskip("openpyxl")
    expected = _summary_rows(messy)
    for suffix in ("csv", "jsonl", "json", "parquet", "xlsx"):
        out = tmp_path / f"summary.{suffix}"
        done = run("summary", str(messy), "-o", str(out))
        assert done.returncode == 4 and done.stdout == "", done.stderr
    raw = (tmp_path / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # for Excel and WPS
    frame = pd.read_csv(tmp_path / "summary.csv", encoding="utf-8-sig", dtype={"year": "Int64"})
    assert frame["source"].tolist() == [row["source"] for row in expected]
    assert frame["year"].tolist() == [
        pd.NA if row["year"] is None else row["year"] for row in expected
    ]
    con = duckdb.connect()
    csv_rows = con.sql(
        f"SELECT source, status, year, received FROM read_csv_auto('{tmp_path / 'summary.csv'}')"
    ).fetchall()
    assert csv_rows == [(r["source"], r["status"], r["year"], r["received"]) for r in expected]
    lines = (tmp_path / "summary.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == expected
    assert json.loads((tmp_path / "summary.json").read_text(encoding="utf-8")) == expected
    table = pq.read_table(tmp_path / "summary.parquet")
    assert str(table.schema.field("year").type) == "int64"
    assert table.to_pylist() == expected
    book = openpyxl.load_workbook(tmp_path / "summary.xlsx", read_only=True)
    assert book.sheetnames == ["summary", "findings", "table2", "table3", "table4"]
    header, *values = [list(r) for r in book["summary"].iter_rows(values_only=True)]
    padded = [row + [None] * (len(header) - len(row)) for row in values]
    assert [dict(zip(header, row, strict=True)) for row in padded] == expected
    table3 = [list(r) for r in book["table3"].iter_rows(values_only=True)]
    at = table3[0].index("t3.new_received.total")
    by_source = {row[0]: row[at] if at < len(row) else None for row in table3[1:]}
    assert by_source == {row["source"]: row["received"] for row in expected}
    no_bom = tmp_path / "plain.csv"
    run("summary", str(messy), "-o", str(no_bom), "--no-bom")
    assert no_bom.read_bytes().startswith(b"source,")


def test_cells_and_findings_columns_are_no_sql_reserved_words(tmp_path: Path, messy: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    cells = tmp_path / "cells.csv"
    findings = tmp_path / "findings.parquet"
    run("cells", str(messy), "-o", str(cells))
    run("check", str(messy), "-o", str(findings))
    con = duckdb.connect()
    [(count,)] = con.sql(
        f"SELECT count(*) FROM read_csv_auto('{cells}') WHERE table_no = 3 AND char_offset > 0"
    ).fetchall()
    assert count == 2 * 175 + 175  # two reports and the duplicate, every table 三 cell
    failed = con.sql(
        f"SELECT source FROM read_csv_auto('{cells}') WHERE error IS NOT NULL ORDER BY source"
    ).fetchall()
    assert [Path(s).name for (s,) in failed] == ["old.doc", "附件.docx"]
    codes = con.sql(f"SELECT DISTINCT code FROM '{findings}' ORDER BY code").fetchall()
    assert ("READ-ERROR",) in codes and ("BATCH-DUPLICATE",) in codes


def test_a_missing_extra_is_named(tmp_path: Path, messy: Path) -> None:
    """Without pyarrow, -o x.parquet stops with a line naming the extra (exit 2)."""
    driver = (
        "import sys; sys.modules['pyarrow'] = None; sys.modules['pyarrow.parquet'] = None\n"
        "from govinfo_report._cli.command import main\n"
        f"sys.exit(main(['summary', {str(messy)!r}, '-o', {str(tmp_path / 'x.parquet')!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", driver], capture_output=True, text=True)
    assert done.returncode == 2
    assert "pip install 'govinfo-report[parquet]'" in done.stderr
    assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- Python


def test_summarize_and_to_frame(messy: Path) -> None:
    pd = pytest.importorskip("pandas")
    rows = list(gr.summarize(gr.parse_many(str(messy))))
    assert {row.source: row.status for row in rows} == expected_statuses(messy)
    frame = gr.to_frame(rows)
    assert str(frame["year"].dtype) == "Int64" and str(frame["received"].dtype) == "Int64"
    assert str(frame["source"].dtype).startswith("string")
    assert frame["year"].isna().sum() == sum(row.year is None for row in rows)
    assert list(frame.columns) == list(rows[0].to_dict())
    report = gr.parse_file(messy / "甲县人民政府2023.txt")
    cells = gr.to_frame(gr.iter_cells(report, source="x"))
    values = list(report.cells().values())
    assert str(cells["line"].dtype) == "Int64"
    # A money amount with a fraction keeps the column exact (Decimal objects).
    assert str(cells["value"].dtype) == "object"
    assert [None if v is pd.NA or v is None else v for v in cells["value"]] == values
    counts = gr.to_frame(r for r in gr.iter_cells(report) if r["table_no"] != 2)
    assert str(counts["value"].dtype) == "Float64"
    reports_only = list(gr.summarize([report, report], findings=False))
    assert [r.source for r in reports_only] == ["#1", "#2"]
    assert reports_only[1].duplicate_of == "#1" and reports_only[0].duplicate_of is None


def test_parse_many_takes_a_folder_and_refuses_a_bare_string(messy: Path) -> None:
    found = [r.path for r in gr.parse_many(messy)]
    assert found == sorted(expected_statuses(messy))
    with pytest.raises(TypeError, match="parse_file"):
        gr.parse_many(str(messy / "甲县人民政府2023.txt"))
    with pytest.raises(TypeError, match="no folder"):
        gr.parse_many("missing.html")


def test_result_types_narrow(messy: Path) -> None:
    [good, bad] = gr.parse_many([messy / "甲县人民政府2023.txt", messy / "old.doc"])
    assert isinstance(good, gr.ParseSuccess) and isinstance(bad, gr.ParseFailure)
    assert isinstance(good, gr.ParseResult) and isinstance(bad, gr.ParseResult)
    assert (good.ok, good.error, bad.ok, bad.report) == (True, None, False, None)


def test_parse_of_a_path_says_to_use_parse_file(messy: Path) -> None:
    for text in ("report.html", "C:\\reports\\2023年报.PDF", str(messy / "甲县人民政府2023.txt")):
        [said] = gr.parse(text).diagnostics
        assert said.code == "READ-PATH-AS-TEXT" and "parse_file" in said.message
    assert "READ-PATH-AS-TEXT" not in {d.code for d in gr.parse("2023年度报告").diagnostics}


def test_binary_file_objects(messy: Path) -> None:
    path = messy / "甲县人民政府2023.txt"
    expected = gr.parse_file(path)
    with open(path, "rb") as f:
        assert gr.parse_file(f) == expected
    assert gr.parse_bytes(io.BytesIO(path.read_bytes())) == expected
    with open(path, encoding="utf-8") as text, pytest.raises(TypeError, match="'rb'"):
        gr.parse_bytes(text)  # type: ignore[arg-type]
    with pytest.raises(gr.LimitError):
        gr.parse_bytes(io.BytesIO(b"x" * 100), limits=gr.Limits(max_bytes=10))


def test_report_repr_is_one_short_line(messy: Path) -> None:
    text = repr(gr.parse_file(messy / "甲县人民政府2023.txt"))
    assert "\n" not in text and len(text) < 120
    assert text.startswith("<Report 甲县人民政府 2023 2021 edition: 200/200 cells read")


def test_import_does_not_load_the_process_machinery() -> None:
    code = "import sys, govinfo_report; print('concurrent.futures' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    subprocess.run([sys.executable, "-c", "import govinfo_report"], check=True, env=env)


# ---------------------------------------------------------------- an adversarial review's cases


def test_an_output_that_is_an_input_is_refused_and_one_in_the_folder_is_no_input(
    tmp_path: Path,
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text(demo_text(), encoding="utf-8")
    done = run("check", str(victim), "-o", str(victim))
    assert done.returncode == 2 and "is one of the inputs" in done.stderr
    assert victim.read_text(encoding="utf-8") == demo_text()
    clean = tmp_path / "clean"
    clean.mkdir()
    text = render(consistent_values(random.Random(1), "2021"), "2021", "tsv", random.Random(1))
    (clean / "a.txt").write_text(text, encoding="utf-8")
    for skipped in ("", ", 1 skipped"):  # the second run finds the first one's output
        again = run("check", str(clean), "-o", str(clean / "findings.txt"))
        assert again.returncode == 0, again.stderr
        assert f"1 parsed, 0 with errors, 0 failed{skipped}\n" in again.stderr


def test_a_duplicate_is_only_ever_a_report_read(tmp_path: Path) -> None:
    """A page with the report's title and its tables as pictures (or a page that only
    links to it) comes first: it is no "first" of that organ's year, so the report read
    after it is no duplicate."""
    folder = tmp_path / "dup"
    folder.mkdir()
    (folder / "report.txt").write_text(demo_text(), encoding="utf-8")
    title = demo_text().splitlines()[0]
    page = "<html><body><h1>{}</h1>{}</body></html>"
    (folder / "a.html").write_text(page.format(title, "<p>见附件</p>"), encoding="utf-8")
    (folder / "b.html").write_text(page.format(title, "<img src='t.png'>"), encoding="utf-8")
    rows = {Path(r.source).name: r for r in gr.summarize(gr.parse_many(folder))}
    assert (rows["a.html"].status, rows["b.html"].status) == ("not-a-report", "image-only")
    assert rows["report.txt"].status == "ok" and rows["report.txt"].duplicate_of is None
    same = list(gr.summarize(gr.parse_many([folder / "report.txt", folder / "report.txt"])))
    assert same[1].duplicate_of == str(folder / "report.txt")


def test_statuses_of_odd_inputs(tmp_path: Path) -> None:
    statuses = {
        b"": "empty",
        b"   \n\t\n": "empty",
        bytes(5000): "empty",  # NUL bytes: an interrupted download
        b"<html><body>  </body></html>": "empty",
        b"<html><body><img src='p1.png'><img src='p2.png'></body></html>": "image-only",
        b"\x89PNG\r\n\x1a\n" + bytes(40): "image-only",
        "某县人民政府2023年政府信息公开工作年度报告\n".encode(): "not-a-report",
        b"<ul><li><a href='x'>2023</a></li></ul>": "not-a-report",
    }
    for data, status in statuses.items():
        [row] = gr.summarize([gr.parse_bytes(data)])
        assert row.status == status, data[:40]
    [over] = gr.summarize([gr.parse("x" * 100, limits=gr.Limits(max_bytes=10))])
    assert over.status == "failed" and over.error is not None and "max_bytes" in over.error
    [path] = gr.summarize([gr.parse("reports/2023.html")])
    assert path.status == "not-a-report"
    (tmp_path / "x.doc").write_bytes(b"{\\rtf1\\ansi hello}")
    [rtf] = gr.parse_many([tmp_path / "x.doc"])
    assert rtf.error is not None and "RTF" in rtf.error


def test_a_scanned_pdf_is_image_only() -> None:
    """A page that draws (here a filled box standing for a scan) and has no text."""
    pytest.importorskip("pypdfium2")
    from pdf_objects import one_page, pdf_of

    report = gr.parse_bytes(pdf_of(one_page(b"0 0 0 rg 50 50 495 742 re f\n")))
    assert "READ-NO-TEXT" in {d.code for d in report.diagnostics}
    [row] = gr.summarize([report])
    assert row.status == "image-only"


def test_symlinked_folders_are_walked_once(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(demo_text(), encoding="utf-8")
    (tmp_path / "top").mkdir()
    (tmp_path / "top" / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "top" / "loop").symlink_to(tmp_path / "top")
    found = [r.path for r in gr.parse_many(tmp_path / "top")]
    assert found == [str(tmp_path / "top" / "linked" / "a.txt")]
    done = run("summary", str(tmp_path / "top"))
    assert "loop: skipped (a link to a folder walked already)" in done.stderr


def test_none_among_paths_is_a_failure_with_any_jobs(messy: Path) -> None:
    paths: list[Any] = [messy / "甲县人民政府2023.txt", None, messy / "乙县人民政府2022.txt"]
    for jobs in (1, 2):
        results = list(gr.parse_many(paths, jobs=jobs))
        assert [r.ok for r in results] == [True, False, True]


def test_parse_json_of_one_unreadable_file_is_null(tmp_path: Path, messy: Path) -> None:
    out = tmp_path / "bad.json"
    done = run("parse", str(messy / "old.doc"), "-o", str(out))
    assert done.returncode == 4 and json.loads(out.read_text(encoding="utf-8")) is None
    missing = run("parse", "--format", "json", str(tmp_path / "nope.txt"))
    assert missing.returncode == 4 and missing.stdout == "null\n"


def test_standard_input_is_read_within_the_limit() -> None:
    big = subprocess.run(
        [sys.executable, "-c", "import sys; sys.stdout.buffer.write(b'abc\\n' * 60_000_000)"],
        capture_output=True,
    ).stdout
    done = subprocess.run(
        [sys.executable, "-m", "govinfo_report", "summary", "-"],
        input=big,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 4
    assert b"max_bytes" in done.stderr


def test_names_and_text_excel_cannot_hold_are_kept_safe(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    pq = pytest.importorskip("pyarrow.parquet")
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / '=HYPERLINK("http:x").txt').write_text(demo_text(), encoding="utf-8")
    bell = demo_text().replace("云溪县人民政府", "云溪\x07县人民政府", 1)
    (folder / "bell.txt").write_text(bell, encoding="utf-8")
    odd_name = os.fsdecode(b"\xb9\xfa.txt")
    (folder / odd_name).write_text(demo_text(), encoding="utf-8")
    for suffix in ("xlsx", "parquet", "csv", "jsonl"):
        done = run("summary", str(folder), "-o", str(tmp_path / f"out.{suffix}"))
        assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    sources = list(book["summary"]["A"])[1:]
    assert all(cell.data_type == "s" for cell in sources)
    assert str(folder / '=HYPERLINK("http:x").txt') in [cell.value for cell in sources]
    assert len(pq.read_table(tmp_path / "out.parquet")) == 3
    assert os.fsencode(str(folder / odd_name)) in (tmp_path / "out.csv").read_bytes()


def test_output_errors_are_output_failures_not_bugs(tmp_path: Path, messy: Path) -> None:
    good = str(messy / "甲县人民政府2023.txt")
    (tmp_path / "isdir.xlsx").mkdir()
    for target in ("nodir/x.parquet", "nodir/x.xlsx", "isdir.xlsx"):
        done = run("summary", good, "-o", str(tmp_path / target))
        assert done.returncode == 2, done.stderr
        assert "the output could not be written" in done.stderr
        assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    mismatch = run("summary", good, "-o", str(tmp_path / "x.xlsx"), "--format", "csv")
    assert mismatch.returncode == 2 and "names xlsx" in mismatch.stderr
