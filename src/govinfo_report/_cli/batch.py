"""Many files: ``parse_many`` parses paths (or a folder, walked as the command line
walks it) one by one or in worker processes (``pool``), yielding one ``ParseResult``
per path in the order given; a file that cannot be read, or that kills the worker
parsing it, is a result with an ``error``, never an exception that stops the batch.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence, Sized
from typing import NamedTuple

from .results import ParseFailure, ParseResult, parse_path

# The files a folder is searched for.  (.doc and .wps are found so that they are said to
# be unreadable, and pictures so that they are said to be pictures, not silently skipped:
# a report's tables often come as screenshots.)
SUFFIXES = (
    *(".txt", ".md", ".html", ".htm", ".shtml", ".xhtml", ".jhtml", ".docx", ".pdf"),
    *(".doc", ".wps", ".png", ".jpg", ".jpeg"),
)


def skip_reason(name: str) -> str | None:
    """Why a file or folder met in a folder walk is not a report: hidden (a name
    starting with ".": ``.git``, macOS's ``._x.html``) or an Office lock file
    (``~$x.docx``); None for any other name."""
    if name.startswith("."):
        return "hidden"
    if name.startswith("~$"):
        return "an Office lock file"
    return None


class Walk(NamedTuple):
    """What a folder holds: its report files (sorted), the hidden files and folders
    and lock files it skipped (path, why), and the folders it could not read."""

    files: list[str]
    skipped: list[tuple[str, str]]
    problems: list[str]


def walk(folder: str) -> Walk:
    """The report files under ``folder`` (by suffix, recursively, sorted), skipping
    hidden files and folders and Office lock files; unreadable folders are problems."""
    files: list[str] = []
    skipped: list[tuple[str, str]] = []
    problems: list[str] = []
    # Links to folders are followed (a report archive is often a tree of links), each
    # real folder once: a link back up the tree is skipped, never walked for ever.
    visited = {os.path.realpath(folder)}
    walking = os.walk(folder, onerror=lambda e: problems.append(str(e)), followlinks=True)
    for here, folders, names in walking:
        kept = []
        for name in sorted(folders):
            path = os.path.join(here, name)
            why = skip_reason(name)
            if why is not None:
                skipped.append((path, f"{why} folder"))
                continue
            real = os.path.realpath(path)
            if real in visited:
                skipped.append((path, "a link to a folder walked already"))
                continue
            visited.add(real)
            kept.append(name)
        folders[:] = kept  # os.walk does not go into the skipped ones
        for name in names:
            if not name.lower().endswith(SUFFIXES):
                continue
            why = skip_reason(name)
            if why is None:
                files.append(os.path.join(here, name))
            else:
                skipped.append((os.path.join(here, name), why))
    return Walk(sorted(files), sorted(skipped), problems)


def parse_many(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    jobs: int = 1,
    chunksize: int = 4,
) -> Iterator[ParseResult]:
    """Parse files, yielding one ``ParseResult`` per path in the order given.

    ``paths`` is an iterable of paths, or one folder: its report files, found as the
    command line finds them (recursively, sorted, hidden files and folders and Office
    lock files skipped).  A single ``str`` or path that is not a folder is refused with
    ``TypeError`` (iterating a string would give its characters): use ``parse_file``,
    or a list of one path.

    Nothing that happens to one file stops the batch: a file that cannot be read,
    anything parsing it raises (``MemoryError`` too), a FIFO, socket or device (not
    opened) and a worker process dying on it are each a result with an ``error``.

    ``jobs`` > 1 parses in that many worker processes (never more than there are
    paths, when that is known); the results still come in input order, and only a
    bounded window of paths (``jobs * chunksize * 2``) is in flight, so a long or
    endless iterable of paths is consumed as results are taken.  A worker that dies
    (a crash in a PDF library, the out-of-memory killer) is noticed even where its
    death leaves the pool deadlocked: the pool is torn down, the paths it was parsing
    are parsed again one at a time in a pool of one worker (which of them killed it
    is not known), a path that kills a fresh pool of one worker by itself is a result
    with a ``WorkerDied`` error, and the batch goes on in a new pool.  The workers
    ignore SIGINT: Ctrl-C interrupts this process only, and closing the iterator
    early (or an exception raised through it) kills the workers.  ``jobs=1`` parses
    in this process.  ``jobs`` < 1 raises ``ValueError`` at once.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if isinstance(paths, (str, bytes, os.PathLike)):
        folder = os.fsdecode(paths)
        if not os.path.isdir(folder):
            what = "a file" if os.path.exists(folder) else "no folder (nothing is there)"
            raise TypeError(
                f"parse_many() takes paths or a folder, and {folder!r} is {what}: "
                "use parse_file() for one file, or parse_many([path])"
            )
        found = walk(folder)
        failures = [ParseFailure(folder, problem) for problem in found.problems]
        if not found.files and not failures:
            failures = [ParseFailure(folder, "no report files in this folder")]
        paths = found.files
        if failures:
            return _chained(failures, parse_many(paths, jobs=jobs, chunksize=chunksize))
    if isinstance(paths, Sized):
        jobs = min(jobs, max(1, len(paths)))
    if sys.platform == "win32":
        jobs = min(jobs, 61)  # the most ProcessPoolExecutor takes on Windows
    if jobs == 1:
        return (parse_path(path) for path in paths)
    from .pool import in_processes  # the process machinery, imported when first used

    return in_processes(iter(paths), jobs, max(1, chunksize) * jobs * 2)


def _chained(first: Sequence[ParseResult], then: Iterator[ParseResult]) -> Iterator[ParseResult]:
    yield from first
    yield from then
