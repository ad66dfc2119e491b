"""Reading the web app's uploads: in worker processes the server starts (and replaces when they
die, ends when idle), never in the server's own process.

The server queues an upload in the store (:meth:`ogi.store.Store.new_batch`) and tells the
:class:`UploadReader`; a worker takes it, marks it ``reading``, reads the file as uploaded
(:func:`ogi.runner.read_one`, with the time limit) and stores its reading — a report of the corpus
like any other, path ``upload:ID/NAME``, with its source lines — marking the upload ``done`` (or
``error`` with the reader's one-line reason) in the same transaction. A file whose reading process
dies twice, or is stuck past the time limit, is stored as unreadable (``crash``, ``timeout``).
After each round of readings the store's cross-year findings are brought up to date. Uploads
queued when a server stopped are read when the next one starts.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import threading
from collections.abc import Sequence
from typing import Any

from ogi.errors import OgiError
from ogi.model import Report, rows
from ogi.runner import read_one, unreadable
from ogi.runner.workers import CRASH_MESSAGE, CRASHED, TIMED_OUT, IsolatingPool, WorkError, beat
from ogi.runtime import stuck_after
from ogi.store import Store, upload_path

log = logging.getLogger("ogi.web")

_WORKER: dict[str, Any] = {}  # in each upload worker: its own Store


def _init(url: str, owner: int) -> None:
    from ogi.runtime import pool_worker

    pool_worker(owner)
    _WORKER["store"] = Store(url, create=False)


def read_uploads(ids: Sequence[int], timeout: float | None = None) -> list[tuple[int, str]]:
    """Read and store uploads (in a worker): ``(upload id, status)`` of each."""
    store: Store = _WORKER["store"]
    out = []
    for uid in ids:
        beat()  # alive, on the next upload (a worker silent too long is killed)
        up = store.upload(uid)
        if up is None or up["status"] not in ("queued", "reading"):
            continue
        store.set_status(uid, "reading")
        r = read_one((up["name"], store.upload_data(uid) or b""), timeout)
        store.put_upload(uid, rows(r, upload_path(uid, up["name"]), document=True))
        out.append((uid, "done" if isinstance(r, Report) else "error"))
    return out


def _forkserver() -> None:
    """Workers come from a forkserver (this process has threads: forking it is unsafe) that has
    the reader imported already, so each starts at once."""
    from multiprocessing import forkserver

    mp.get_context("forkserver").set_forkserver_preload([__name__, "ogi.pipeline"])
    forkserver.ensure_running()


class UploadReader:
    """The web server's reader of uploads: a thread feeding an :class:`IsolatingPool` of
    ``jobs`` worker processes (each reading one upload at a time, ``timeout`` seconds at most)."""

    def __init__(self, url: str, *, jobs: int = 2, timeout: float | None = 300.0, idle_seconds: float = 60.0) -> None:
        self.url, self.timeout = url, timeout
        self.store = Store(url, create=False)
        _forkserver()
        self.pool = IsolatingPool(
            read_uploads,
            jobs=jobs,
            context=mp.get_context("forkserver"),
            initializer=_init,
            initargs=lambda: (url, os.getpid()),
            args=(timeout,),
            item_seconds=stuck_after(timeout),
            idle_seconds=idle_seconds,
        )
        self._new: list[int] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.idle = threading.Event()  # set whenever nothing is queued or being read
        self._thread = threading.Thread(target=self._run, name="ogi-uploads", daemon=True)
        self._thread.start()

    def submit(self, ids: Sequence[int]) -> None:
        """Read these uploads (queued in the store) as soon as a worker is free."""
        with self._lock:
            self._new += ids
            self.idle.clear()
        self._wake.set()

    def _take(self) -> list[int]:
        with self._lock:
            new, self._new = self._new, []
        return new

    def _run(self) -> None:
        self.submit([uid for uid, _name in self.store.pending()])  # a server stopped mid-read: nothing lost
        while not self._stop.is_set():
            new = self._take()
            if new:
                self.pool.submit([[uid] for uid in new])
            if not self.pool.busy:
                with self._lock:
                    if not self._new:
                        self.idle.set()
                self.pool.poll(0)  # ends workers idle too long
                self._wake.wait(5.0)
                self._wake.clear()
                continue
            try:
                got = self.pool.poll(0.5)
            except (WorkError, OgiError) as e:  # workers that cannot store (disk full, a server gone) or keep dying
                log.error("reading uploads failed: %s", e)
                for chunk, _deaths in list(self.pool.queue):
                    self._gave_up(chunk[0], "crash")
                self.pool.queue.clear()
                self.pool.in_a_row = 0
                got = []
            for chunk, result in got:
                if result in (CRASHED, TIMED_OUT):
                    self._gave_up(chunk[0], "crash" if result == CRASHED else "timeout")
            if got:
                try:
                    self.store.refresh_cross_year()
                    self.store.refresh_copies(whole=False)  # uploads only add readings
                except Exception as e:  # never let the reader thread die
                    log.error("cross-year findings not refreshed: %s", e)

    def _gave_up(self, uid: int, code: str) -> None:
        from ogi.errors import ReadTimeoutError

        up = self.store.upload(uid)
        if up is None:
            return
        msg = CRASH_MESSAGE if code == "crash" else ReadTimeoutError.after(self.timeout).message
        self.store.put_upload(uid, rows(unreadable(up["name"], code, msg), upload_path(uid, up["name"])))

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until nothing is queued or being read (tests, a clean stop)."""
        return self.idle.wait(timeout)

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)
        self.pool.close()
        self.store.close()


__all__ = ["UploadReader", "read_uploads"]
