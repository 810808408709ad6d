"""A batch outlives whatever happens to one file or one worker process: a worker that
dies (``os._exit``, SIGKILL, or killed half-way through sending a result back, which
deadlocks a ``ProcessPoolExecutor``), ``MemoryError`` and other exceptions, FIFOs,
Ctrl-C, output that cannot be written; and the command line's exit statuses.

The faults happen in the worker processes through ``_pool._worker_hook`` (test only):
``die`` below, which every worker calls with each path, makes the worker die as a file
whose first line is ``#DIE HOW`` says.  Batches run in a child process
(``python -c DRIVER``) with a timeout and in a process group of their own, so that a hang
fails its test (and is killed with its workers) instead of stopping the suite.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

import govinfo_report as gr
from govinfo_report._cli import command as _cli
from govinfo_report._cli import pool as _pool
from govinfo_report._cli import results as _batch

TESTS = Path(__file__).resolve().parent
COUNT = 2000  # good files per batch
SUMMARY = re.compile(
    r"govinfo-report: (\d+) parsed, (\d+) with errors, (\d+) failed"
    r"(?:, \d+ (?:empty|image-only|not a report|skipped))*(.*)"
)

# FIFOs, signals, /proc and /dev/full: Linux, where CI runs (nothing is skipped there).
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


# ---------------------------------------------------------------- the faults


def die(path: str) -> None:
    """The worker hook: "#DIE exit" leaves with ``os._exit``, "#DIE kill" by SIGKILL,
    "#DIE half" after writing half a result into the pool's result pipe (holding its
    lock: the executor's thread then waits for the rest for ever), "#DIE later" by
    SIGKILL from a thread some milliseconds on (wherever the worker then is, as the
    out-of-memory killer would), "#DIE memory" raises ``MemoryError``, "#DIE sleep"
    writes the worker's pid beside the file and sleeps."""
    if not os.path.isfile(path):  # a FIFO is not for the hook to open either
        return
    with open(path, "rb") as f:
        head = f.read(64)
    if not head.startswith(b"#DIE "):
        return
    how = head[5:].split()[0].decode()
    if how == "exit":
        os._exit(3)
    elif how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif how == "half":
        _die_half_way()
    elif how == "later":
        delay = random.uniform(0.0, 0.03)
        threading.Thread(target=_kill_me, args=(delay,), daemon=True).start()
    elif how == "memory":
        raise MemoryError("as if the file were enormous")
    elif how == "sleep":
        Path(path + ".part").write_text(str(os.getpid()), encoding="ascii")
        os.replace(path + ".part", path + ".pid")  # whole when it appears
        time.sleep(120)


def _die_half_way() -> None:
    frame = sys._getframe()
    while "result_queue" not in frame.f_locals:  # concurrent.futures' _process_worker
        assert frame.f_back is not None
        frame = frame.f_back
    queue: Any = frame.f_locals["result_queue"]
    queue._wlock.acquire()
    os.write(queue._writer.fileno(), struct.pack("!i", 1 << 20) + b"half a result")
    os._exit(4)


def _kill_me(delay: float) -> None:
    time.sleep(delay)
    os.kill(os.getpid(), signal.SIGKILL)


def crash(*args: object) -> int:
    """A command with a bug."""
    raise RuntimeError("a bug in a command")


_checked: list[gr.Report] = []


def check_or_crash(report: gr.Report) -> tuple[gr.Diagnostic, ...]:
    """``check``, with a bug that only the fourth report meets."""
    _checked.append(report)
    if len(_checked) == 4:
        raise RuntimeError("a bug in a rule")
    return gr.check(report)


# The child process: "many PATHS.json JOBS" prints a JSON line per result of
# parse_many (path, error, whether there is a report: a result's path is the name its
# worker was given, so results in the order of the paths are theirs); "cli ARGS" runs
# the command line ("cli-crash", "cli-check-crash": with a bug planted).
DRIVER = r"""
import faulthandler, json, signal, sys
faulthandler.register(signal.SIGUSR1, all_threads=True)  # where a hung driver is
# Ctrl-C as a terminal's foreground command has it, however the tests were started (a
# shell's background job inherits SIGINT ignored, and Python then leaves it so).
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.path.insert(0, sys.argv[1])
import test_batch_faults as faults
import govinfo_report as gr
from govinfo_report._cli import command as _cli
from govinfo_report._cli import pool as _pool
_pool._worker_hook = faults.die
mode, args = sys.argv[2], sys.argv[3:]
if mode == "many":
    with open(args[0], encoding="utf-8") as f:
        paths = json.load(f)
    for r in gr.parse_many(paths, jobs=int(args[1])):
        print(json.dumps([r.path, r.error, r.ok], ensure_ascii=False))
    sys.exit(0)
if mode == "cli-crash":
    _cli._wide = faults.crash
if mode == "cli-check-crash":
    from govinfo_report._cli import summary as _summary
    _summary.check = faults.check_or_crash
sys.exit(_cli.main(args))
"""


def start(*args: str, **options: Any) -> subprocess.Popen[bytes]:
    """The driver, started in a process group of its own."""
    options = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    command = [sys.executable, "-c", DRIVER, str(TESTS), *args]
    return subprocess.Popen(command, start_new_session=True, **options)


def finish(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, str, str]:
    """Exit status, output and errors of a driver; a driver that hangs is killed with
    its process group, and the test fails."""
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGUSR1)  # its threads' stacks, on standard error
        time.sleep(1.0)
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"hung for {timeout} s; standard error:\n{err.decode(errors='replace')}")
    decoded = [(text or b"").decode("utf-8", "replace") for text in (out, err)]
    return process.returncode, decoded[0], decoded[1]


def drive(*args: str, timeout: float = 60, **options: Any) -> tuple[int, str, str]:
    return finish(start(*args, **options), timeout)


def many(paths: list[str], jobs: int, folder: Path) -> list[tuple[str, str | None, bool]]:
    """``parse_many(paths, jobs=jobs)`` in a driver: (path, error, ok) per result."""
    listing = folder / "paths.json"
    listing.write_text(json.dumps(paths), encoding="utf-8")
    status, out, err = drive("many", str(listing), str(jobs))
    assert status == 0, err
    return [(r[0], r[1], r[2]) for r in map(json.loads, out.splitlines())]


def summary(err: str) -> re.Match[str]:
    [line] = [line for line in err.splitlines() if SUMMARY.fullmatch(line)]
    match = SUMMARY.fullmatch(line)
    assert match is not None
    return match


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """COUNT tiny reports, in their order."""
    folder = tmp_path_factory.mktemp("many")
    paths = []
    for i in range(COUNT):
        path = folder / f"r{i:04d}.txt"
        text = f"第{i}号县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n收到申请{i}件。\n"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def killers(folder: Path, *hows: str) -> list[str]:
    paths = []
    for how in hows:
        path = folder / f"die-{how}.txt"
        path.write_text(f"#DIE {how}\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def scattered(good: list[str], bad: list[str], seed: int) -> list[str]:
    """The good paths with the bad ones put in at random places (not the first)."""
    rng = random.Random(seed)
    paths = list(good)
    for path in bad:
        paths.insert(rng.randrange(1, len(paths)), path)
    return paths


# ---------------------------------------------------------------- dead workers


@pytest.mark.parametrize("round", range(10))
def test_dead_workers_cost_only_their_own_files(
    reports: list[str], tmp_path: Path, round: int
) -> None:
    """Workers dying by ``os._exit``, by SIGKILL and half-way through sending a result
    (the deadlock) in one batch of 2,000 files: every other result there, in order,
    and each killer a WorkerDied result."""
    bad = killers(tmp_path, "exit", "kill", "half")
    paths = scattered(reports, bad, round)
    results = many(paths, 2, tmp_path)
    assert [r[0] for r in results] == paths
    for path, error, ok in results:
        if path in bad:
            assert error is not None and error.startswith("WorkerDied: "), (path, error)
        else:
            assert (error, ok) == (None, True)
    died = {path: str(error).rsplit("(", 1)[1] for path, error, _ in results if path in bad}
    how = ["exit status 3)", "killed by SIGKILL)", "exit status 4)"]
    assert [died[path] for path in bad] == how


@pytest.mark.parametrize("round", range(10))
def test_command_line_outlives_dead_workers(reports: list[str], tmp_path: Path, round: int) -> None:
    """The same through ``govinfo-report --jobs 2``: every good file's row, in order, an
    error line and a row per killer, the summary, exit status 4 (files failed)."""
    bad = killers(tmp_path, "exit", "kill", "half")
    paths = scattered(reports, bad, 100 + round)
    status, out, err = drive("cli", "wide", "--table", "4", "--jobs", "2", *paths)
    assert status == 4, err
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert [row[0] for row in rows] == paths
    assert [row[0] for row in rows if not row[5]] == reports  # the "error" column
    for path in bad:
        assert re.search(f"{re.escape(path)}: WorkerDied: ", err), err
    assert summary(err).group(1, 3, 4) == (str(COUNT), "3", "")
    assert "Traceback" not in err


def test_a_worker_killed_anywhere(reports: list[str], tmp_path: Path) -> None:
    """SIGKILL at a random moment of a worker's work (as the out-of-memory killer
    strikes), five times in one batch: no file but the trigger is lost, and that one
    is either parsed or a WorkerDied result."""
    bad = []
    for i in range(5):
        trigger = tmp_path / f"later-{i}.txt"
        trigger.write_text("#DIE later\n", encoding="utf-8")
        bad.append(str(trigger))
    paths = scattered(reports, bad, 7)
    results = many(paths, 2, tmp_path)
    assert [r[0] for r in results] == paths
    for path, error, ok in results:
        if path in bad:
            assert error is None or error.startswith("WorkerDied: "), error
        else:
            assert (error, ok) == (None, True)


# ---------------------------------------------------------------- exceptions


def test_any_exception_in_this_process_is_a_result(
    reports: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = reports[0]
    results = list(gr.parse_many(["bad\0name.txt", good, cast(Any, 42)]))
    assert [r.ok for r in results] == [False, True, False]
    assert str(results[0].error).startswith("ValueError: ")
    assert results[2].path == "42" and str(results[2].error).startswith("TypeError: ")

    def parse_file(path: str) -> gr.Report:
        if path.endswith("r0001.txt"):
            raise MemoryError("as if the file were enormous")
        if path.endswith("r0002.txt"):
            raise RecursionError("maximum recursion depth exceeded")
        return gr.parse("")

    monkeypatch.setattr(_batch, "parse_file", parse_file)
    results = list(gr.parse_many(reports[:4]))
    assert [r.error for r in results] == [
        None,
        "MemoryError: as if the file were enormous",
        "RecursionError: maximum recursion depth exceeded",
        None,
    ]


def test_an_exception_in_a_worker_is_a_result(
    reports: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_pool, "_worker_hook", die)
    [memory] = killers(tmp_path, "memory")
    paths = [*reports[:5], memory, "bad\0name.txt", *reports[5:10]]
    results = list(gr.parse_many(paths, jobs=2, chunksize=1))
    assert [r.path for r in results] == paths
    assert [r.ok for r in results] == [True] * 5 + [False, False] + [True] * 5
    assert results[5].error == "MemoryError: as if the file were enormous"
    assert str(results[6].error).startswith("ValueError: ")


def test_a_submit_that_fails_is_a_broken_pool(
    reports: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``submit`` raises ``BrokenProcessPool`` when the pool broke since the last
    call: the batch goes on in a new pool."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    calls = []
    submit = ProcessPoolExecutor.submit

    def failing(self: ProcessPoolExecutor, *args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == 5:
            raise BrokenProcessPool("as if a worker had just died")
        return submit(self, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", failing)
    results = list(gr.parse_many(reports[:40], jobs=2, chunksize=2))
    assert [r.path for r in results] == reports[:40]
    assert all(r.ok for r in results) and len(calls) > 40


def test_parse_many_is_lazy_and_closing_it_stops_the_workers(
    reports: list[str],
) -> None:
    import multiprocessing

    good = reports
    taken = []

    def endless() -> Iterator[str]:
        for i in range(10**9):
            taken.append(i)
            yield good[i % len(good)]

    results = gr.parse_many(endless(), jobs=2, chunksize=2)
    assert not taken  # nothing read before the first result is asked for
    first = [next(results) for _ in range(3)]
    assert [r.path for r in first] == good[:3] and all(r.ok for r in first)
    assert len(taken) <= 2 * 2 * 2 + 3  # the window, and the three taken
    assert multiprocessing.active_children()
    cast(Any, results).close()
    assert not multiprocessing.active_children()


# ---------------------------------------------------------------- special files


def test_fifos_and_devices_are_not_opened(reports: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    good = folder / "a.txt"
    good.write_text(Path(reports[0]).read_text(encoding="utf-8"), encoding="utf-8")
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    (folder / "nowhere.txt").symlink_to(folder / "missing.txt")
    (folder / "notes.fifo").symlink_to(fifo)  # not a report suffix: not looked at

    assert _cli._expand([str(folder)])[0] == [
        _cli._Input(str(good)),
        _cli._Input(str(folder / "nowhere.txt"), _cli._not_a_file(str(folder / "nowhere.txt"))),
        _cli._Input(str(fifo), "not a regular file (a FIFO): skipped"),
    ]
    status, _, err = drive("cli", "wide", "--table", "4", str(folder), timeout=30)
    assert status == 4
    assert f"{fifo}: not a regular file (a FIFO): skipped" in err
    assert summary(err).group(1, 3) == ("1", "2")

    named = drive("cli", "wide", "--table", "4", str(fifo), os.devnull, str(good), timeout=30)
    assert named[0] == 4
    assert f"{fifo}: not a regular file (a FIFO): not read" in named[2]
    assert f"{os.devnull}: not a regular file (a character device): not read" in named[2]
    assert summary(named[2]).group(1, 3) == ("1", "2")

    for jobs in (1, 2):
        results = many([str(fifo), os.devnull, str(good)], jobs, tmp_path)
        assert [r[1] for r in results] == [
            "ReadError: not a regular file (a FIFO); not opened",
            "ReadError: not a regular file (a character device); not opened",
            None,
        ]


# ---------------------------------------------------------------- the command line


def _descendants(pid: int) -> set[int]:
    """The processes under ``pid`` (from /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                text = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(text.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("target", ["process", "group"])
def test_ctrl_c(reports: list[str], tmp_path: Path, target: str) -> None:
    """SIGINT to the command line (or to its process group, as a terminal sends it)
    while a worker is busy: exit 130, the summary, and no worker process left."""
    [sleeper] = killers(tmp_path, "sleep")
    paths = [*reports[:5], sleeper, *reports[5:]]
    process = start("cli", "wide", "--table", "4", "--jobs", "2", *paths)
    marker = Path(sleeper + ".pid")
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), "the sleeping worker never started"
    time.sleep(0.2)
    workers = _descendants(process.pid)
    assert int(marker.read_text()) in workers
    if target == "process":
        process.send_signal(signal.SIGINT)
    else:
        os.killpg(process.pid, signal.SIGINT)
    status, _, err = finish(process, 30)
    assert status == 130, err
    parsed, failed, ending = summary(err).group(1, 3, 4)
    assert int(parsed) <= 5 and (failed, ending) == ("0", " (interrupted)")
    assert "Traceback" not in err
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)]


def test_output_that_cannot_be_written(reports: list[str]) -> None:
    paths = reports[:300]
    with open("/dev/full", "wb") as full:
        status, _, err = drive("cli", "cells", "--jobs", "2", *paths, stdout=full)
    assert status == 2, err
    assert "govinfo-report: the output could not be written: [Errno 28]" in err
    assert summary(err).group(3, 4) == ("0", " (output failed)")
    assert "Exception ignored" not in err and "Traceback" not in err


def test_closed_pipe(reports: list[str]) -> None:
    process = start("cli", "cells", *reports[:300])
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    status, _, err = finish(process, 60)
    assert status == 141, err
    assert summary(err).group(3, 4) == ("0", " (output closed)")
    assert "Exception ignored" not in err and "Traceback" not in err


def test_a_crash_is_not_exit_1(reports: list[str]) -> None:
    status, _, err = drive("cli-crash", "wide", "--table", "4", *reports[:3])
    assert status == _cli.INTERNAL_ERROR == 70
    assert "internal error" in err and "RuntimeError: a bug in a command" in err
    assert summary(err).group(4) == " (internal error)"


def test_a_check_that_fails_on_one_report_fails_that_file(reports: list[str]) -> None:
    paths = reports[:5]
    status, out, err = drive("cli-check-crash", "wide", "--table", "4", *paths)
    assert status == 4
    assert len(out.splitlines()) == 1 + 5  # the file that failed is a row too
    assert f"{paths[3]}: checking it failed: RuntimeError: a bug in a rule" in err
    assert summary(err).group(1, 3, 4) == ("4", "1", "")


def test_workers_end_when_their_parent_is_killed(reports: list[str], tmp_path: Path) -> None:
    """The main process killed outright (the out-of-memory killer takes the largest):
    its workers, which ignore Ctrl-C, end by themselves."""
    [sleeper] = killers(tmp_path, "sleep")
    process = start("cli", "wide", "--table", "4", "--jobs", "2", sleeper, *reports[:50])
    marker = Path(sleeper + ".pid")
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), "the sleeping worker never started"
    workers = _descendants(process.pid)
    assert int(marker.read_text()) in workers
    process.kill()
    finish(process, 30)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)]
