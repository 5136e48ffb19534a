"""Extraction on several cores: worker processes, articles streamed in, records out in order.

The parent process reads articles (so input errors are reported where they
happen, one at a time) and hands them to workers a chunk at a time; at most
a few chunks per worker are in flight, so memory does not grow with the size
of the corpus. Records come back in input order, whatever the number of
workers, so a run with ``jobs=4`` writes exactly what a run with ``jobs=1``
writes.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from ..model import Article
    from .pipeline import Extractor

__all__ = ["default_jobs", "extract_parallel"]

# The extractor a worker uses: inherited when workers are forked, else sent once
# to each worker when it starts.
_WORKER: Extractor | None = None


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _die_with(parent: int) -> None:
    """End this worker when the parent process dies (killed, even with SIGKILL):
    an orphan would finish its chunk and fail to hand it back, loudly."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # died before that took effect
        os._exit(1)


def _start(extractor: Extractor | None, parent: int) -> None:
    global _WORKER
    _die_with(parent)
    # Ctrl-C is the parent's to handle: it stops handing out work and closes the
    # store cleanly; a worker interrupted mid-article would only print noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if extractor is not None:
        _WORKER = extractor


def _work(articles: list[Article]) -> list[dict[str, Any]]:
    assert _WORKER is not None
    return list(_WORKER.extract_many(articles, chunk=len(articles) or 1))


def extract_parallel(
    articles: Iterable[Article],
    *,
    jobs: int | None = None,
    extractor: Extractor | None = None,
    chunk: int = 32,
    start_method: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Extract records from ``articles`` with ``jobs`` worker processes, in input order.

    Args:
        articles: Any iterable; it is read lazily, in the calling process.
        jobs: Worker processes (default: every core this process may use).
            With 1, or when the input holds no more than one chunk, extraction
            runs in this process and no worker is started.
        extractor: The extractor to use (default: ``Extractor()``).
        chunk: Articles per task; the parser batches the sentences of a chunk.
        start_method: ``fork`` (the default where the system has it: workers
            inherit the extractor already built) or ``spawn``/``forkserver``
            (the extractor is sent to each worker).

    Examples:
        >>> from relgraph.model import Article
        >>> from relgraph.extract import Extractor
        >>> arts = [Article(id=f"a{i}", text="France imposed sanctions on Iran.") for i in range(3)]
        >>> [r["id"] for r in extract_parallel(arts, jobs=2, chunk=1, extractor=Extractor(syntax=False))]
        ['a0', 'a1', 'a2']
    """
    global _WORKER
    if jobs is None:
        jobs = default_jobs()
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs!r}")
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, got {chunk!r}")
    if extractor is None:
        from .pipeline import Extractor

        extractor = Extractor()
    it = iter(articles)
    if jobs == 1:
        yield from extractor.extract_many(it, chunk=chunk)
        return
    first = list(islice(it, chunk))
    second = list(islice(it, chunk))
    if not second:  # too little to be worth starting workers
        yield from extractor.extract_many(first, chunk=chunk)
        return

    method = start_method or ("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    ctx = mp.get_context(method)
    forked = method == "fork"
    if forked:
        _WORKER = extractor
    pending: deque[AsyncResult[list[dict[str, Any]]]] = deque()
    limit = 2 * jobs  # chunks in flight: enough to keep every worker busy
    try:
        with ctx.Pool(
            jobs, initializer=_start, initargs=(None if forked else extractor, os.getpid())
        ) as pool:
            for batch in (first, second):
                pending.append(pool.apply_async(_work, (batch,)))
            while batch := list(islice(it, chunk)):
                while len(pending) >= limit:
                    yield from pending.popleft().get()
                pending.append(pool.apply_async(_work, (batch,)))
            while pending:
                yield from pending.popleft().get()
    finally:
        if forked:
            _WORKER = None
