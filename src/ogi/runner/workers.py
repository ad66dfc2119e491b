"""Worker processes that may die: what the runner reads with (``ogi parse``, ``ogi build``, web uploads).

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
MEMORY_POLL = 0.05  # seconds between two looks at the workers' memory, when it is bounded
CRASH_MESSAGE = "读取时进程异常退出（内存不足或程序库崩溃），无法读取 (the reading process died)"
DEATHS_IN_A_ROW = 4  # workers dying with no result in between: they cannot work at all


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
    since: float = 0.0  # when it was given the chunk (or, idle, when it gave its last back)
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


class IsolatingPool:
    """Worker processes running ``work(chunk, *args)``, fed chunks as they come (:meth:`submit`),
    giving back ``(chunk, result)`` as they complete (:meth:`poll`).

    A worker that dies loses its chunk only: the chunk's items are queued again one by one, and
    an item whose worker dies too is given back as ``([item], CRASHED)``. A new worker replaces the
    dead one (``initargs()`` gives it its initializer's arguments). An exception in ``work``
    raises :class:`WorkError` from :meth:`poll`; workers that keep dying without a result raise
    :class:`OgiError`.

    ``item_seconds``: a worker that has not called :func:`beat` (nor been given its chunk) for
    that long is killed, whatever it is stuck in; its chunk's items are queued again one by one,
    and an item it was silent on alone is given back as ``([item], TIMED_OUT)``.
    ``item_bytes``: a worker whose resident memory grows past that many bytes is killed (looked at
    every :data:`MEMORY_POLL` seconds; Linux only), whatever it is in; its chunk's items are
    queued again one by one, and an item it held alone is given back as ``([item], OUT_OF_MEMORY)``.
    Processes the worker starts (LibreOffice) are not counted.

    ``idle_seconds``: a worker with nothing to do for that long ends (its memory with it); one is
    started again when work comes. :meth:`close` ends them all, mid-chunk or not.
    """

    def __init__(
        self,
        work: Callable[..., Any],
        *,
        jobs: int,
        context: BaseContext,
        initializer: Callable[..., None] | None = None,
        initargs: Callable[[], tuple[Any, ...]] = tuple,
        args: tuple[Any, ...] = (),
        item_seconds: float | None = None,
        item_bytes: int | None = None,
        idle_seconds: float | None = None,
    ) -> None:
        self.work, self.jobs, self.context = work, jobs, context
        self.initializer, self.initargs, self.args = initializer, initargs, args
        self.item_seconds, self.idle_seconds = item_seconds, idle_seconds
        self.item_bytes = item_bytes
        self.queue: deque[tuple[Sequence[Any], int]] = deque()
        self.workers: list[_Worker] = []
        self.in_a_row = 0

    def submit(self, chunks: Iterable[Sequence[Any]]) -> None:
        """Queue chunks of work."""
        self.queue.extend((c, 0) for c in chunks)

    @property
    def busy(self) -> bool:
        """Whether any chunk is queued or being worked on."""
        return bool(self.queue) or any(w.chunk is not None for w in self.workers)

    def _start(self) -> _Worker:
        mine, theirs = self.context.Pipe()
        heart = self.context.RawValue("d", 0.0)  # type: ignore[attr-defined]
        proc = self.context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(theirs, heart, self.work, self.args, self.initializer, self.initargs()), daemon=True
        )
        proc.start()
        theirs.close()
        w = _Worker(proc, mine, heart, since=time.monotonic())
        self.workers.append(w)
        return w

    def _died(self, w: _Worker) -> Iterator[tuple[Sequence[Any], Any]]:
        self.workers.remove(w)
        w.conn.close()
        w.proc.join(timeout=5)
        if (w.overdue or w.overgrown) and w.chunk is not None:  # killed here: not a death of unknown cause
            if len(w.chunk) > 1:
                self.queue.extendleft(([x], w.deaths) for x in reversed(w.chunk))
            else:
                yield w.chunk, TIMED_OUT if w.overdue else OUT_OF_MEMORY
            return
        self.in_a_row += 1
        if self.in_a_row >= DEATHS_IN_A_ROW:
            raise OgiError("读取进程反复异常退出，无法继续 (the worker processes keep dying)")
        if w.chunk is None:
            return
        if len(w.chunk) > 1:  # which item killed it is not known: each alone, as once-died
            self.queue.extendleft(([x], 1) for x in reversed(w.chunk))
        elif w.deaths >= 1:
            yield w.chunk, CRASHED
        else:
            self.queue.appendleft((w.chunk, 1))

    def _give(self, w: _Worker, out: list[tuple[Sequence[Any], Any]]) -> None:
        w.chunk, w.deaths = self.queue.popleft()
        w.since = time.monotonic()
        try:
            w.conn.send(w.chunk)
        except OSError:  # it died idle: the chunk goes with it, as if taken
            out.extend(self._died(w))

    def _retire_idle(self) -> None:
        if self.idle_seconds is None:
            return
        now = time.monotonic()
        for w in [w for w in self.workers if w.chunk is None and now - w.since > self.idle_seconds]:
            self.workers.remove(w)
            with contextlib.suppress(OSError):
                w.conn.send(None)
            w.proc.join(timeout=10)
            if w.proc.is_alive():
                w.proc.kill()
            w.conn.close()

    def poll(self, timeout: float | None = None) -> list[tuple[Sequence[Any], Any]]:
        """Give queued chunks to workers (starting up to ``jobs``), then wait up to ``timeout``
        seconds (None: until something completes) and return the ``(chunk, result)`` completed
        meanwhile — empty when nothing did, or nothing is left to do."""
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            out: list[tuple[Sequence[Any], Any]] = []
            for w in [w for w in self.workers if w.chunk is None]:
                if not self.queue:
                    break
                self._give(w, out)
            while self.queue and len(self.workers) < self.jobs:
                self._give(self._start(), out)
            self._retire_idle()
            busy = [w for w in self.workers if w.chunk is not None]
            if out or not busy:
                return out
            now = time.monotonic()
            limit = None if end is None else max(0.0, end - now)
            if self.item_seconds is not None:
                for w in busy:
                    if not w.overdue and now - max(w.since, w.heart.value) > self.item_seconds:
                        w.overdue = True  # silent too long: stuck (in C code, where no alarm reaches)
                        w.proc.kill()
                left = [self.item_seconds - (now - max(w.since, w.heart.value)) for w in busy if not w.overdue]
                if left:
                    limit = min(limit, max(0.0, min(left)) + 0.05) if limit is not None else max(0.0, min(left)) + 0.05
            if self.item_bytes is not None:
                for w in busy:
                    if not (w.overdue or w.overgrown) and (resident(w.proc.pid) or 0) > self.item_bytes:
                        w.overgrown = True  # past the memory a reading may take: stopped before the machine is
                        w.proc.kill()
                limit = MEMORY_POLL if limit is None else min(limit, MEMORY_POLL)
            ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in self.workers], timeout=limit))
            for w in list(self.workers):
                if w.conn in ready:
                    try:
                        ok, got = w.conn.recv()
                    except (EOFError, OSError):  # died while (or before) answering
                        out.extend(self._died(w))
                        continue
                    chunk, w.chunk = w.chunk, None
                    w.since = time.monotonic()
                    if not ok:
                        raise WorkError(got)
                    self.in_a_row = 0
                    assert chunk is not None
                    out.append((chunk, got))
                elif w.proc.sentinel in ready:
                    out.extend(self._died(w))
            if out or (end is not None and time.monotonic() >= end):
                return out

    def close(self) -> None:
        """End every worker: idle ones are told to stop, busy ones are terminated (a transaction
        under way rolls back)."""
        for w in self.workers:
            if w.chunk is None:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
            else:
                w.proc.terminate()
        for w in self.workers:
            w.proc.join(timeout=10)
            if w.proc.is_alive():
                w.proc.kill()
            w.conn.close()
        self.workers = []


def isolating_map(
    work: Callable[..., Any], chunks: Iterable[Sequence[T]], **options: Any
) -> Iterator[tuple[Sequence[T], Any]]:
    """``(chunk, work(chunk, *args))`` for every chunk, as they complete, in the worker processes of
    an :class:`IsolatingPool` (``options``: its keyword arguments — ``jobs``, ``context``, ``args``,
    ``item_seconds`` …; see there what a dying or stuck worker costs, what is raised). Workers are
    ended when the iteration ends, however it ends."""
    pool = IsolatingPool(work, **options)
    pool.submit(chunks)
    try:
        while pool.busy:
            yield from pool.poll(None)
    finally:
        pool.close()


def resident(pid: int) -> int | None:
    """Resident memory of process ``pid`` in bytes (None where ``/proc`` does not say)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

__all__ = [
    "CRASHED",
    "CRASH_MESSAGE",
    "OUT_OF_MEMORY",
    "TIMED_OUT",
    "IsolatingPool",
    "WorkError",
    "beat",
    "isolating_map",
    "resident",
]
