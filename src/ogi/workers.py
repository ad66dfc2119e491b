"""Worker processes that may die: what ``ogi parse`` and ``ogi build`` read with.

A hostile input can kill the process reading it (a crash inside a library, the out-of-memory
killer). A standard pool then loses the task and waits for it forever, or hangs on the half
message the dead worker was writing. Here each worker has its own pipe and one chunk of work at
a time, so a dead worker loses exactly its chunk: its items are run again one by one, and an
item whose worker dies again, alone, is given up as :data:`CRASHED` — only that input is lost.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

from ogi.errors import OgiError

T = TypeVar("T")

CRASHED = "crashed"  # the result given for an item whose reading process died twice
TIMED_OUT = "timed_out"  # ... for an item on which its worker was silent too long, alone (killed)
OUT_OF_MEMORY = "out_of_memory"  # ... for an item on which its worker, alone, took too much memory (killed)
CRASH_MESSAGE = "读取时进程异常退出（内存不足或程序库崩溃），无法读取 (the reading process died)"
DEATHS_IN_A_ROW = 4  # workers dying with no result in between: they cannot work at all
MEMORY_POLL = 0.05  # seconds between two looks at the workers' memory, when it is bounded


class WorkError(Exception):
    """``work`` raised in a worker (the worker's error as ``Type: message``)."""


_BEAT: Any = None  # in a worker: the shared clock :func:`beat` sets


def beat() -> None:
    """Tell the pool this worker is alive and starting its next item (no-op outside a worker):
    a worker silent for longer than the pool's ``item_seconds`` is killed, hung in C code or not."""
    if _BEAT is not None:
        _BEAT.value = time.monotonic()


@dataclass(eq=False)
class _Worker:
    proc: Any
    conn: Connection
    heart: Any  # shared double: the monotonic time of its last beat
    chunk: Sequence[Any] | None = None  # the chunk it holds
    deaths: int = 0  # how often that chunk's worker died before
    since: float = 0.0  # when it was given the chunk
    overdue: bool = False  # killed for silence
    overgrown: bool = False  # killed for its memory


def _serve(
    conn: Connection,
    heart: Any,
    work: Callable[..., Any],
    args: tuple[Any, ...],
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
) -> None:
    global _BEAT
    _BEAT = heart
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        try:
            out: tuple[bool, Any] = (True, work(chunk, *args))
        except Exception as e:
            out = (False, f"{type(e).__name__}: {e}")
        conn.send(out)


def isolating_map(
    work: Callable[..., Any],
    chunks: Iterable[Sequence[T]],
    *,
    jobs: int,
    context: BaseContext,
    initializer: Callable[..., None] | None = None,
    initargs: Callable[[], tuple[Any, ...]] = tuple,
    args: tuple[Any, ...] = (),
    item_seconds: float | None = None,
    item_bytes: int | None = None,
) -> Iterator[tuple[Sequence[T], Any]]:
    """``(chunk, work(chunk, *args))`` for every chunk, as they complete, in ``jobs`` processes.

    A worker that dies loses its chunk only: the chunk's items are queued again one by one, and
    an item whose worker dies too is yielded as ``([item], CRASHED)``. A new worker replaces the
    dead one (``initargs()`` gives it its initializer's arguments). An exception in ``work``
    raises :class:`WorkError` here; workers that keep dying without a result raise
    :class:`OgiError`. Workers are ended when the iteration ends, however it ends.

    ``item_seconds``: a worker that has not called :func:`beat` (nor been given its chunk) for
    that long is killed, whatever it is stuck in; its chunk's items are queued again one by one,
    and an item it was silent on alone is yielded as ``([item], TIMED_OUT)``.

    ``item_bytes``: a worker whose resident memory grows past that many bytes is killed (looked at
    every :data:`MEMORY_POLL` seconds; Linux only), whatever it is in; its chunk's items are
    queued again one by one, and an item it held alone is yielded as ``([item], OUT_OF_MEMORY)``.
    Processes the worker starts (LibreOffice) are not counted.
    """
    queue: deque[tuple[Sequence[T], int]] = deque((c, 0) for c in chunks)
    workers: list[_Worker] = []
    in_a_row = 0

    def start() -> _Worker:
        mine, theirs = context.Pipe()
        heart = context.RawValue("d", 0.0)  # type: ignore[attr-defined]
        proc = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(theirs, heart, work, args, initializer, initargs()), daemon=True
        )
        proc.start()
        theirs.close()
        w = _Worker(proc, mine, heart)
        workers.append(w)
        return w

    def died(w: _Worker) -> Iterator[tuple[Sequence[T], Any]]:
        nonlocal in_a_row
        workers.remove(w)
        w.conn.close()
        w.proc.join(timeout=5)
        if (w.overdue or w.overgrown) and w.chunk is not None:  # killed here: not a death of unknown cause
            if len(w.chunk) > 1:
                queue.extendleft(([x], w.deaths) for x in reversed(w.chunk))
            else:
                yield w.chunk, TIMED_OUT if w.overdue else OUT_OF_MEMORY
            return
        in_a_row += 1
        if in_a_row >= DEATHS_IN_A_ROW:
            raise OgiError("读取进程反复异常退出，无法继续 (the worker processes keep dying)")
        if w.chunk is None:
            return
        if len(w.chunk) > 1:  # which item killed it is not known: each alone, as once-died
            queue.extendleft(([x], 1) for x in reversed(w.chunk))
        elif w.deaths >= 1:
            yield w.chunk, CRASHED
        else:
            queue.appendleft((w.chunk, 1))

    try:
        for _ in range(min(jobs, len(queue))):
            start()
        while True:
            for w in [w for w in workers if w.chunk is None]:
                if not queue:
                    break
                w.chunk, w.deaths = queue.popleft()
                w.since = time.monotonic()
                try:
                    w.conn.send(w.chunk)
                except OSError:  # it died idle: the chunk goes with it, as if taken
                    yield from died(w)
            busy = [w for w in workers if w.chunk is not None]
            if not busy and not queue:
                return
            if len(workers) < jobs and queue:
                start()
                continue
            limit = None
            if item_seconds is not None and busy:
                now = time.monotonic()
                for w in busy:
                    if not w.overdue and now - max(w.since, w.heart.value) > item_seconds:
                        w.overdue = True  # silent too long: stuck (in C code, where no alarm reaches)
                        w.proc.kill()
                left = [item_seconds - (now - max(w.since, w.heart.value)) for w in busy if not w.overdue]
                limit = max(0.0, min(left)) + 0.05 if left else None
            if item_bytes is not None and busy:
                for w in busy:
                    if not (w.overdue or w.overgrown) and (_resident(w.proc.pid) or 0) > item_bytes:
                        w.overgrown = True  # past the memory a reading may take: stopped before the machine is
                        w.proc.kill()
                limit = MEMORY_POLL if limit is None else min(limit, MEMORY_POLL)
            ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in workers], timeout=limit))
            for w in list(workers):
                if w.conn in ready:
                    try:
                        ok, got = w.conn.recv()
                    except (EOFError, OSError):  # died while (or before) answering
                        yield from died(w)
                        continue
                    chunk, w.chunk = w.chunk, None
                    if not ok:
                        raise WorkError(got)
                    in_a_row = 0
                    assert chunk is not None
                    yield chunk, got
                elif w.proc.sentinel in ready:
                    yield from died(w)
    finally:
        for w in workers:
            if w.chunk is None:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
            else:
                w.proc.terminate()  # ended mid-chunk (an error, Ctrl-C): its transaction rolls back
        for w in workers:
            w.proc.join(timeout=10)
            if w.proc.is_alive():
                w.proc.kill()
            w.conn.close()


def _resident(pid: int) -> int | None:
    """Resident memory of process ``pid`` in bytes (None where ``/proc`` does not say)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

__all__ = ["CRASHED", "CRASH_MESSAGE", "OUT_OF_MEMORY", "TIMED_OUT", "WorkError", "beat", "isolating_map"]
