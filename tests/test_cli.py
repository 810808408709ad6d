"""The command line, run as users run it (a subprocess of the real entry point), and
the batch helpers behind it (``parse_many``, ``iter_cells``)."""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report._cli.command import build_parser, demo_text
from govinfo_report._cli.results import CELL_FIELDS
from render import consistent_values, render

SCRIPT = Path(sys.executable).parent / "govinfo-report"
AGENCIES = {"a": "甲县人民政府", "b": "乙县人民政府", "c": "丙县人民政府"}


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m govinfo_report ARGS``, its output decoded."""
    done = subprocess.run(
        [sys.executable, "-m", "govinfo_report", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three generated reports (one in a subfolder), a corrupt DOCX and a stray file."""
    root = tmp_path_factory.mktemp("reports")
    (root / "sub").mkdir()
    rng = random.Random(12)
    for name, edition in (("a.txt", "2021"), ("sub/b.txt", "2019"), ("c.md", "2021")):
        values = consistent_values(rng, edition)
        year = 2023 if edition == "2021" else 2020
        text = render(values, edition, "tsv", rng, year=year, agency=AGENCIES[Path(name).stem])
        (root / name).write_text(text, encoding="utf-8")
    (root / "broken.docx").write_bytes(b"PK\x03\x04word/ not really a zip")
    (root / "notes.csv").write_text("not a report", encoding="utf-8")
    return root


def test_demo_runs_with_no_file() -> None:
    done = run("demo")
    assert done.returncode == 0, done.stderr
    assert "云溪县人民政府" in done.stdout
    assert "T3-ROWSUM" in done.stdout and "T3-RESULTS" in done.stdout


def test_console_script_is_installed() -> None:
    if not SCRIPT.exists():
        pytest.skip("package not installed with its scripts")
    done = subprocess.run([str(SCRIPT), "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and gr.__version__ in done.stdout


def test_parse_is_json_lines_and_json_for_one_file_when_asked(corpus_dir: Path) -> None:
    seed = sorted((corpus_dir / "seeds").glob("*.txt"))[0]
    done = run("parse", str(seed))
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    record = json.loads(line)
    assert (record["source"], record["error"]) == (str(seed), None)
    assert gr.Report.from_dict(record["report"]) == gr.parse_file(seed)
    one = run("parse", "--format", "json", str(seed))
    assert gr.Report.from_dict(json.loads(one.stdout)) == gr.parse_file(seed)
    two = run("parse", "--format", "json", str(seed), str(seed.with_suffix(".none")))
    assert two.returncode == 2 and "--format json writes one report" in two.stderr


def test_parse_many_files_is_json_lines(folder: Path) -> None:
    done = run("parse", str(folder / "a.txt"), str(folder / "c.md"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [json.loads(line)["source"] for line in lines] == [
        str(folder / "a.txt"),
        str(folder / "c.md"),
    ]
    record = json.loads(lines[1])
    assert gr.Report.from_dict(record["report"]).agency == "丙县人民政府"


def test_cells_is_a_long_csv(folder: Path) -> None:
    done = run("cells", str(folder / "a.txt"))
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert done.returncode == 0, done.stderr
    assert tuple(rows[0]) == (*CELL_FIELDS, "error")
    report = gr.parse_file(folder / "a.txt")
    assert len(rows) == len(report.cells())
    by_address = {row["address"]: row for row in rows}
    for address, value in report.cells().items():
        assert by_address[address]["value"] == ("" if value is None else str(value))
    assert by_address["t3.granted.total"]["row_label"] == "（一）予以公开"
    assert by_address["t3.granted.total"]["column_label"] == "总计"


def test_directory_with_a_corrupt_file_yields_the_others(folder: Path) -> None:
    """Recursive, by suffix (notes.csv is no report), in sorted order; the corrupt DOCX
    is an error line, a row with its error and counted in the summary; exit status 4."""
    done = run("wide", str(folder), "--table", "3")
    assert done.returncode == 4
    everything = list(csv.DictReader(io.StringIO(done.stdout)))
    [broken] = [r for r in everything if r["error"]]
    assert Path(broken["source"]).name == "broken.docx" and broken["status"] == "failed"
    assert broken["error"].startswith("ReadError: not a DOCX file")
    rows = [r for r in everything if not r["error"]]
    assert [Path(r["source"]).name for r in rows] == ["a.txt", "c.md", "b.txt"]
    assert "broken.docx: ReadError: not a DOCX file" in done.stderr
    assert "3 parsed, 0 with errors, 1 failed" in done.stderr
    b = gr.parse_file(folder / "sub" / "b.txt").cells()
    assert rows[2]["t3.granted.natural_person"] == str(b["t3.granted.natural_person"])
    assert rows[2]["edition"] == "2019"


def test_jobs_give_the_same_output_in_the_same_order(folder: Path) -> None:
    one = run("cells", str(folder))
    two = run("cells", "--jobs", "2", str(folder))
    assert (one.returncode, one.stdout) == (two.returncode, two.stdout)


def test_check_exit_status_and_formats(tmp_path: Path, folder: Path) -> None:
    demo = tmp_path / "demo.txt"
    demo.write_text(demo_text(), encoding="utf-8")
    text = run("check", str(demo), str(folder / "a.txt"))
    assert text.returncode == 1  # the demo's deliberate error
    assert "error   T3-ROWSUM" in text.stdout
    assert f"{folder / 'a.txt'}: 甲县人民政府 2023, 2021 edition" in text.stdout
    assert "1 with errors" in text.stderr
    as_json = run("check", "--format", "json", str(demo))
    [record] = json.loads(as_json.stdout)
    assert {f["code"] for f in record["findings"]} == {"T3-ROWSUM", "T3-RESULTS"}
    as_lines = run("check", "--format", "jsonl", str(demo))
    assert [json.loads(line) for line in as_lines.stdout.splitlines()] == [record]
    as_csv = list(csv.DictReader(io.StringIO(run("check", "--format", "csv", str(demo)).stdout)))
    assert {row["code"] for row in as_csv} == {"T3-ROWSUM", "T3-RESULTS"}
    clean = run("check", str(folder / "a.txt"))
    assert clean.returncode == 0 and "no findings" in clean.stdout


def test_standard_input(corpus_dir: Path) -> None:
    seed = sorted((corpus_dir / "seeds").glob("*.txt"))[1]
    done = run("parse", "--format", "json", "-", stdin=seed.read_bytes())
    assert done.returncode == 0, done.stderr
    assert gr.Report.from_dict(json.loads(done.stdout)) == gr.parse_file(seed)


def test_usage_errors_exit_2_and_unread_files_4(tmp_path: Path) -> None:
    assert run().returncode == 2
    assert run("parse").returncode == 2
    assert run("wide", "x.txt").returncode == 2  # --table is required
    missing = run("parse", str(tmp_path / "missing.txt"))
    assert missing.returncode == 4
    assert "no such file or directory" in missing.stderr
    assert "0 parsed, 0 with errors, 1 failed" in missing.stderr


def test_parser_is_built_apart_from_running() -> None:
    args = build_parser().parse_args(["wide", "--table", "4", "-j", "3", "a", "b"])
    assert (args.command, args.table, args.jobs, args.paths) == ("wide", 4, 3, ["a", "b"])


# ---------------------------------------------------------------- Python helpers


def test_parse_many_keeps_input_order_and_reports_failures(folder: Path) -> None:
    paths = [folder / "c.md", folder / "broken.docx", folder / "missing.txt", folder / "a.txt"]
    for jobs in (1, 2):
        results = list(gr.parse_many(paths, jobs=jobs))
        assert [r.path for r in results] == [str(p) for p in paths]
        assert [r.ok for r in results] == [True, False, False, True]
        assert results[1].error is not None and results[1].error.startswith("ReadError")
        assert results[2].error is not None and results[2].error.startswith("FileNotFoundError")
        assert results[3].report == gr.parse_file(paths[3])
    with pytest.raises(ValueError, match="jobs"):
        list(gr.parse_many(paths, jobs=0))


def test_reports_are_picklable(corpus_dir: Path) -> None:
    report = gr.parse_file(corpus_dir / "real" / "003.txt")  # recovered cells too
    assert pickle.loads(pickle.dumps(report)) == report


def test_iter_cells_records() -> None:
    report = gr.parse(demo_text())
    records = list(gr.iter_cells(report, source="demo"))
    assert len(records) == len(report.cells())
    assert all(tuple(r) == CELL_FIELDS for r in records)
    fee = next(r for r in records if r["address"] == "t2.admin_fees.amount")
    assert fee["value"] == Decimal("156.42") and fee["table_no"] == 2
    granted = next(r for r in records if r["address"] == "t3.granted.total")
    assert (granted["value"], granted["raw"], granted["kind"]) == (86, "86", "number")
    assert granted["agency"] == "云溪县人民政府" and granted["edition"] == "2021"


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from govinfo_report._cli import command as _cli

    written = io.StringIO()
    monkeypatch.setattr(written, "isatty", lambda: True)
    monkeypatch.setattr(sys, "stderr", written)
    progress = _cli._Progress(4)
    for _ in range(4):
        progress.step()
    progress.done()
    assert written.getvalue().endswith("] 4/4\n") and "\r[" in written.getvalue()
    quiet = io.StringIO()  # not a terminal: nothing drawn
    monkeypatch.setattr(sys, "stderr", quiet)
    silent = _cli._Progress(4)
    silent.step()
    silent.done()
    assert quiet.getvalue() == ""


def _crash_on_purpose(path: str) -> gr.ParseResult:
    """parse_path, but the worker process dies on a file named crash.txt."""
    import os

    from govinfo_report._cli import results as _batch

    if path.endswith("crash.txt"):
        os._exit(3)
    return _batch.ParseSuccess(path, gr.parse_file(path))


def test_a_dead_worker_costs_one_result(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from govinfo_report._cli import results as _batch

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the crash is injected by patching the parent before a fork")
    monkeypatch.setattr(_batch, "parse_path", _crash_on_purpose)
    crash = folder / "crash.txt"
    crash.write_text("x", encoding="utf-8")
    try:
        paths = [folder / "a.txt", crash, folder / "c.md", folder / "a.txt"]
        results = list(gr.parse_many(paths, jobs=2, chunksize=1))
    finally:
        crash.unlink()
    assert [r.path for r in results] == [str(p) for p in paths]
    assert results[1].error is not None and results[1].error.startswith("WorkerDied")
    assert [r.ok for r in results] == [True, False, True, True]


def test_parse_many_checks_jobs_at_once() -> None:
    with pytest.raises(ValueError, match="jobs"):
        gr.parse_many([], jobs=0)


def test_batch_edges(folder: Path, tmp_path: Path) -> None:
    """The same file twice is read once; an empty folder is a failure; "with errors"
    counts the checker's errors whatever the command; a folder always gives JSON Lines."""
    a = str(folder / "a.txt")
    twice = run("wide", "--table", "4", a, a, str(folder))
    assert [row[0] for row in csv.reader(io.StringIO(twice.stdout))][1:] == [
        a,
        str(folder / "broken.docx"),
        str(folder / "c.md"),
        str(folder / "sub" / "b.txt"),
    ]
    (tmp_path / "empty").mkdir()
    empty = run("cells", str(tmp_path / "empty"))
    assert empty.returncode == 4 and "no report files in this folder" in empty.stderr
    demo = tmp_path / "demo.txt"
    demo.write_text(demo_text(), encoding="utf-8")
    assert "1 parsed, 1 with errors, 0 failed" in run("cells", str(demo)).stderr
    one = tmp_path / "one"
    one.mkdir()
    (one / "demo.txt").write_text(demo_text(), encoding="utf-8")
    [line] = run("parse", str(one)).stdout.splitlines()
    assert gr.Report.from_dict(json.loads(line)["report"]).agency == "云溪县人民政府"


def test_odd_file_names_and_inputs(folder: Path, tmp_path: Path) -> None:
    odd = tmp_path / "odd"
    odd.mkdir()
    name = os.fsdecode(b"bad\xff.txt")  # not UTF-8: a surrogate in Python
    (odd / name).write_text((folder / "a.txt").read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "govinfo_report", "wide", "--table", "4", str(odd)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
    )
    assert done.returncode == 0, done.stderr
    assert b"bad\xff.txt" in done.stdout
    data = (folder / "a.txt").read_bytes()
    both = run("wide", "--table", "4", "-", "-", stdin=data)  # stdin read once
    assert both.returncode == 0 and len(both.stdout.splitlines()) == 2
    bom = run("cells", "--bom", str(folder / "a.txt"))
    assert bom.stdout.startswith("\ufeffsource,")
