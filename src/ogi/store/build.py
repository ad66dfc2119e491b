"""``ogi build``: read every report under some paths in parallel and store the readings.

Incremental by content: a file whose path and sha256 are already stored is skipped; a changed
file's reading replaces the old one; a stored file that is gone from under the paths built is
marked ``removed`` (never deleted). Readings are committed in batches of whole reports, each
batch one transaction, so an interrupted build (Ctrl-C, kill -9) leaves nothing half-written and
re-running it finishes the job.

Engines: ``local`` (a process pool on this machine, the default) or ``ray`` (Ray tasks on a
cluster, or a local Ray instance); either way this process writes the store.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ogi.store.store import Store, prepare

Item = dict[str, Any]


@dataclass(slots=True)
class BuildResult:
    """What a build did. ``read`` counts inputs read this time (``ok`` + ``unreadable``)."""

    seen: int = 0  # input files found under the paths
    skipped: int = 0  # unchanged since they were stored
    read: int = 0
    ok: int = 0
    unreadable: int = 0
    with_errors: int = 0  # read, with some error finding
    removed: int = 0  # stored files now gone, marked removed
    restored: int = 0  # files marked removed that are back unchanged
    cross_year: int = 0  # cross-year findings stored (recomputed when anything changed)
    seconds: float = 0.0
    engine: str = "local"
    failures: list[str] = field(default_factory=list)  # "path: message" of unreadable inputs

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and files under directories named (as ``ogi parse`` takes them), absolute."""
    from ogi.cli import iter_inputs

    for p in iter_inputs([Path(p) for p in paths]):
        yield p.resolve() if p.exists() else Path(os.path.abspath(p))


def sha256_of(path: Path) -> str | None:
    try:
        h = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return None


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def read_one(path: str, timeout: float | None = None) -> Item:
    """Read one file into a storable dict: ``Report.to_dict()`` or an error item. Never raises.

    ``timeout`` (seconds, Unix main thread only) bounds the reading: past it the file is stored as
    unreadable with code ``timeout`` and the build goes on.
    """
    from ogi.errors import OgiError
    from ogi.pipeline import read

    p = Path(path)
    timed = bool(timeout) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    old = signal.signal(signal.SIGALRM, _alarm) if timed else None
    try:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, float(timeout))  # type: ignore[arg-type]
        d = read(p).to_dict()
        d["source"]["path"] = path
        return d
    except _Timeout:
        code, msg = "timeout", f"读取超时：超过 {timeout:g} 秒 (reading timed out)"
    except OgiError as e:
        code, msg = e.code, e.message
    except Exception as e:  # an internal error is stored as the input's error, never lost
        code, msg = "internal", f"内部错误，无法读取 ({type(e).__name__}: {e})"
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    src: dict[str, Any] = {"path": path}
    try:
        src["size"] = p.stat().st_size
        src["sha256"] = sha256_of(p)
    except OSError:
        pass
    return {"source": src, "error": {"code": code, "message": msg, "path": path}}


def read_chunk(paths: Sequence[str], timeout: float | None = None) -> list[Item]:
    """Read files into rows ready for :meth:`Store.put` (run in the workers)."""
    return [prepare(read_one(p, timeout)) for p in paths]


def plan(store: Store, paths: Sequence[Path], force: bool = False) -> tuple[list[str], list[str], list[str], int]:
    """(to read, gone, back unchanged, files seen) for a build of ``paths`` against ``store``."""
    known = store.known()
    retry = store.retry_paths()
    own = store.files()
    files = [str(f) for f in iter_files(paths) if str(f) not in own]
    todo, back = [], []
    for f in files:
        old = known.get(f)
        if old is not None and not force and f not in retry and old[0] is not None and old[0] == sha256_of(Path(f)):
            if old[1]:
                back.append(f)
            continue
        todo.append(f)
    seen = set(files)
    roots = [(str(p.resolve()) if p.exists() else os.path.abspath(p), Path(p).is_dir()) for p in map(Path, paths)]
    gone = []
    for f, (_, removed) in known.items():
        if removed or f in seen:
            continue
        for r, is_dir in roots:
            if f == r or (f.startswith(r.rstrip("/") + "/") and (is_dir or not Path(r).exists())):
                gone.append(f)
                break
    return todo, gone, back, len(files)


class _Sink:
    """Collects readings and commits them in batches of whole reports (one transaction each)."""

    def __init__(self, store: Store, res: BuildResult, batch: int, max_wait: float) -> None:
        self.store, self.res, self.batch, self.max_wait = store, res, batch, max_wait
        self.buf: list[Item] = []
        self.t = time.monotonic()

    def add(self, item: Item) -> None:
        self.buf.append(item)
        self.res.read += 1
        rep = item["report"]
        if rep["status"] == "error":
            self.res.unreadable += 1
            self.res.failures.append(f"{rep['path']}: {rep['error_message']}")
        else:
            self.res.ok += 1
            self.res.with_errors += rep["errors"] > 0
        if len(self.buf) >= self.batch or time.monotonic() - self.t > self.max_wait:
            self.flush()

    def flush(self) -> None:
        if self.buf:
            self.store.put(self.buf)
            self.buf = []
        self.t = time.monotonic()


def build(
    paths: Sequence[Path | str],
    store: Store,
    *,
    jobs: int | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    force: bool = False,
    batch: int = 200,
    timeout: float | None = 300.0,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Read every report under ``paths`` and store the readings (see the module doc).

    ``timeout`` bounds the reading of one file (seconds; None: no bound): a file past it is stored
    as unreadable (code ``timeout``). ``progress(done, total)`` is called as readings arrive.
    Interrupting it (KeyboardInterrupt) keeps every batch already committed; the batch under way
    is dropped whole.
    """
    t0 = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    res = BuildResult(engine=engine)
    todo, gone, back, res.seen = plan(store, [Path(p) for p in paths], force)
    res.skipped = res.seen - len(todo)
    if back:
        res.restored = store.set_removed(back, False)
    sink = _Sink(store, res, batch, max_wait=2.0)
    total = len(todo)
    if progress:
        progress(0, total)
    if todo:
        items = _run_ray(todo, jobs, ray_address, timeout) if engine == "ray" else _run_local(todo, jobs, timeout)
        try:
            for n, item in enumerate(items, 1):
                sink.add(item)
                if progress:
                    progress(n, total)
            sink.flush()
        finally:
            items.close()  # stop the workers here, in this thread, even when interrupted
    if gone:
        res.removed = store.set_removed(gone, True)
    if res.read or res.removed or res.restored or force:
        from ogi.store.crossyear import refresh_cross_year

        res.cross_year = refresh_cross_year(store)
    res.seconds = time.perf_counter() - t0
    return res


def _chunks(xs: Sequence[str], n: int) -> list[list[str]]:
    return [list(xs[i : i + n]) for i in range(0, len(xs), n)]


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the writer stops the pool, workers stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from ogi.runtime import tune_gc

    tune_gc()


def _run_local(todo: list[str], jobs: int, timeout: float | None) -> Iterator[Item]:
    if jobs <= 1 or len(todo) < 4:
        for p in todo:
            yield prepare(read_one(p, timeout))
        return
    ctx = mp.get_context("forkserver")
    chunk = max(1, min(16, len(todo) // (jobs * 8)))
    pool = ctx.Pool(jobs, initializer=_worker_init)
    try:
        for part in pool.imap_unordered(partial(read_chunk, timeout=timeout), _chunks(todo, chunk)):
            yield from part
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def _run_ray(todo: list[str], jobs: int, address: str | None, timeout: float | None) -> Iterator[Item]:
    try:
        import ray
    except ModuleNotFoundError as e:  # pragma: no cover - depends on the extra
        from ogi.errors import OgiError

        raise OgiError("--engine ray 需要安装 ray：pip install 'ogi-reports[ray]' (ray is not installed)") from e
    started = not ray.is_initialized()
    if started:
        if address:
            ray.init(address=address, log_to_driver=False, logging_level="ERROR")
        else:
            ray.init(num_cpus=jobs, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    try:
        task = ray.remote(num_cpus=1)(read_chunk)
        cpus = int(ray.cluster_resources().get("CPU", jobs))
        size = max(1, min(64, len(todo) // (cpus * 4) or 1))
        pending = [task.remote(c, timeout) for c in _chunks(todo, size)]
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                yield from ray.get(ref)
    finally:
        if started:
            ray.shutdown()
