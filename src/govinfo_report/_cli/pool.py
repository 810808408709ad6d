"""Worker processes for ``parse_many(jobs=N)``: a pool whose workers may die.

Imported only when a batch runs in processes, so that ``import govinfo_report`` does
not pay for ``multiprocessing`` and ``concurrent.futures``.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

import attrs

from . import results
from .results import ParseFailure, ParseResult, _error, _named

# How often (in seconds) a wait for a result looks whether the pool's workers are alive.
_WATCH = 0.2
# How long (in seconds) idle workers told to end are given before they are killed.
_GRACE = 2.0
# How long (in seconds) the processes and the thread of a pool torn down are waited for.
_TEARDOWN = 10.0

# TEST ONLY (tests/test_batch_faults.py): a module-level function that each worker
# process calls with every path before parsing it, to make a worker die in a chosen
# way.  It is read when a pool starts and sent to its workers (so it must be picklable
# by reference); None, as it always is outside the tests, calls nothing.
_worker_hook: Callable[[str], object] | None = None
_hook_here: Callable[[str], object] | None = None  # the test hook, in a worker process


def _start_worker(hook: Callable[[str], object] | None) -> None:
    """A worker process's initializer.  Ctrl-C is the parent's to handle (a terminal
    sends SIGINT to every process of the group): the parent then kills the workers.  A
    worker whose parent is gone (killed outright) ends itself, within a second."""
    global _hook_here
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _hook_here = hook
    threading.Thread(target=_end_when_orphaned, args=(os.getppid(),), daemon=True).start()


def _end_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _work(name: str) -> ParseResult:
    """What a worker process does with a path."""
    if _hook_here is not None:
        _hook_here(name)
    return results.parse_path(name)  # looked up when called: a test may replace it


_END: Any = object()  # the end of the paths (None is a path too: a failed result)


@attrs.define
class _Task:
    """A path of the window: its future in the current pool, or its result once known."""

    name: str
    result: ParseResult | None = None
    future: Future[ParseResult] | None = None


def in_processes(
    paths: Iterator[str | os.PathLike[str]], jobs: int, window: int
) -> Iterator[ParseResult]:
    pending: deque[_Task] = deque()
    pool = _Pool(jobs)
    try:
        while True:
            while len(pending) < window:
                path = next(paths, _END)
                if path is _END:
                    break
                name = _named(path)
                task = _Task(name) if isinstance(name, str) else _Task(name.path, name)
                if task.result is None:
                    task.future = pool.submit(task.name)
                pending.append(task)
            if not pending:
                return
            head = pending[0]
            if head.result is None:
                if head.future is None or not pool.wait(head.future):
                    pool = _recover(pool, pending, jobs)
                    continue
                head.result = _outcome(head.name, head.future)
            pending.popleft()
            yield head.result
    finally:
        # Idle workers are let go; busy ones (the iterator closed early, Ctrl-C) killed.
        pool.close(kill=bool(pending))


def _recover(pool: _Pool, pending: deque[_Task], jobs: int) -> _Pool:
    """After ``pool`` died: its finished results are kept; the paths it had started are
    parsed again one at a time (which of them killed it is not known); those it had not
    started go to a new pool, which is returned.  Every call settles one path at least,
    so a batch always ends however often its pools die."""
    unsettled = [task for task in pending if task.result is None]
    for task in unsettled:
        # A future not yet running was not given to a worker before the pool died (it is
        # not cancelled here: the executor's thread may still be failing it).
        if task.future is not None and not (task.future.running() or task.future.done()):
            task.future = None
    pool.close(kill=True)
    suspects = []
    for task in unsettled:
        future = task.future
        if future is None:
            continue
        if future.done() and not isinstance(future.exception(), BrokenProcessPool):
            task.result = _outcome(task.name, future)
        else:
            suspects.append(task)
    if not suspects and pending[0].result is None:
        suspects.append(pending[0])  # a pool that died before starting anything
    _one_by_one(suspects)
    fresh = _Pool(jobs)
    try:
        for task in pending:
            if task.result is None:
                task.future = fresh.submit(task.name)
    except BaseException:  # Ctrl-C: the caller never sees this pool to close it
        fresh.close(kill=True)
        raise
    return fresh


def _one_by_one(tasks: list[_Task]) -> None:
    """Parse each task's path alone in a pool of one worker.  A path that kills a fresh
    pool is a ``WorkerDied`` result; one that kills a pool that parsed others first is
    tried once more, in a fresh pool."""
    pool: _Pool | None = None
    finished = False
    try:
        for task in tasks:
            while task.result is None:
                fresh = pool is None
                pool = pool or _Pool(1)
                future = pool.submit(task.name)
                if future is not None and pool.wait(future):
                    task.result = _outcome(task.name, future)
                    break
                pool.close(kill=True)
                if fresh:
                    how = pool.death or "how is not known"
                    error = f"WorkerDied: the worker process parsing it died ({how})"
                    task.result = ParseFailure(task.name, error)
                pool = None
        finished = True
    finally:
        if pool is not None:
            pool.close(kill=not finished)


def _outcome(name: str, future: Future[ParseResult]) -> ParseResult:
    """A finished future's result; an exception it holds (a result that could not be
    sent back, say) is a result with that error."""
    exc = future.exception()
    return future.result() if exc is None else ParseFailure(name, _error(exc))


class _Pool:
    """A ``ProcessPoolExecutor`` whose death is noticed however it dies, and which can
    be torn down without waiting on it.

    A worker killed half-way through writing a result leaves the executor's thread
    waiting for the rest of the message for ever: no future of the pool is ever done
    again, and the interpreter would hang at exit joining that thread.  So waits here
    have a timeout and look whether every worker process is alive (they only end when
    the pool is shut down), and a pool torn down has its workers killed and its thread
    freed.  That uses three private attributes of the executor (``_processes``,
    ``_result_queue``, ``_executor_manager_thread``), each read with a fallback.
    """

    def __init__(self, jobs: int) -> None:
        self.executor = ProcessPoolExecutor(
            jobs, initializer=_start_worker, initargs=(_worker_hook,)
        )
        self.death = ""  # how a worker died, once one did: "killed by SIGKILL", …
        self.closed = False

    def submit(self, name: str) -> Future[ParseResult] | None:
        """The future of parsing ``name``; None when the pool is broken already."""
        try:
            return self.executor.submit(_work, name)
        except BrokenProcessPool:
            return None

    def wait(self, future: Future[ParseResult]) -> bool:
        """Wait until ``future`` is done: False if the pool died first (the future then
        may never be done) or the future failed with the pool."""
        while not wait((future,), timeout=_WATCH).done:
            if not self.alive():
                return False
        return not isinstance(future.exception(), BrokenProcessPool)

    def alive(self) -> bool:
        """Whether every worker process is alive (noting how the first dead one died)."""
        processes = getattr(self.executor, "_processes", None) or {}
        for process in tuple(processes.values()):
            code = process.exitcode
            if code is not None:
                self.death = self.death or _death(code)
                return False
        return True

    def close(self, kill: bool) -> None:
        """Shut the pool down: its workers told to end (when ``kill`` is false: they are
        idle) and given a moment to, then every one left killed, and the executor's
        thread freed even if it is stuck in a half-written result.  (A graceful shutdown
        alone can hang: a worker killed while it held the queue of tasks leaves the
        others waiting for it for ever.)  Ctrl-C does not interrupt this."""
        if self.closed:
            return
        self.closed = True
        executor = self.executor
        with _no_interrupts():
            self.alive()
            processes = tuple((getattr(executor, "_processes", None) or {}).values())
            results = getattr(executor, "_result_queue", None)
            thread = getattr(executor, "_executor_manager_thread", None)
            executor.shutdown(wait=False, cancel_futures=True)
            if not kill:
                deadline = time.monotonic() + _GRACE
                for process in processes:
                    process.join(max(0.0, deadline - time.monotonic()))
            for process in processes:
                process.kill()
            for process in processes:
                process.join(_TEARDOWN)
            # Every worker is gone: closing this process's end of the result pipe as well
            # ends a read stuck in the middle of a message (the thread then finishes).
            writer = getattr(results, "_writer", None)
            if writer is not None:
                writer.close()
            if isinstance(thread, threading.Thread):
                thread.join(_TEARDOWN)
            if not self.death and len(processes) == 1 and processes[0].exitcode is not None:
                # The only worker, dead before the kill: its exit code may not be known
                # until the executor's thread, which reaped it, has ended.
                self.death = _death(processes[0].exitcode)


def _death(code: int) -> str:
    """How a process with this exit code ended."""
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


@contextmanager
def _no_interrupts() -> Iterator[None]:
    """SIGINT ignored for the time of the block (in the main thread: elsewhere it
    cannot be changed, nor is it delivered)."""
    main = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGINT) if main else None
    if previous is None:  # not the main thread, or a handler not set from Python
        yield
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
