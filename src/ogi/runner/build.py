"""``ogi build``: read every report under some paths in parallel and store the readings.

Each worker process reads its files (:func:`ogi.runner.read_one`, with the time limit) and stores
them itself (one transaction a chunk), or sends their rows back for this process to store (an
in-memory store, ``--jobs 1``, Ray). After the readings, the store's cross-year findings are
brought up to date (:meth:`ogi.store.Store.refresh_cross_year`), and the text.copied index and
findings (:meth:`ogi.store.Store.refresh_copies`).

Incremental by content: a file whose path and sha256 are already stored is skipped; a changed
file's reading replaces the old one; a stored file that is gone from under the paths built is
marked ``removed`` (never deleted). Readings are committed in batches of whole reports, each
batch one transaction, so an interrupted build (Ctrl-C, kill -9) leaves nothing half-written and
re-running it finishes the job.

Engines: ``local`` (a process pool on this machine, the default) or ``ray`` (Ray tasks on a
cluster, or a local Ray instance); either way this process writes the store.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ogi.model import Rows, Unreadable, rows
from ogi.runner import printable, read_one, run_chunks, sha256_of, unreadable
from ogi.runner.workers import beat
from ogi.store import Store
from ogi.template.packs import Pack

Item = dict[str, Any]  # what a writing worker tells of each file it stored: path, status, error_message, errors


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
    cross_year: int = 0  # cross-year findings the store holds after the build
    pairs_checked: int = 0  # (report, earlier year) pairs checked by this build (new or re-read)
    copies: int = 0  # reports whose sections 一 and 五 are alike another organ's (text.copied), after the build
    scored: int = 0  # readings scored (again) under the build's rule pack
    seconds: float = 0.0
    engine: str = "local"
    failures: list[str] = field(default_factory=list)  # "path: message" of unreadable inputs

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


@dataclass(slots=True)
class Progress:
    """How far a build's reading is: inputs read of those to read, their bytes (a file's size, an
    archive member's inflated size), and seconds since the reading began."""

    done: int
    total: int
    bytes_done: int
    bytes_total: int
    seconds: float

    @property
    def files_per_second(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    @property
    def bytes_per_second(self) -> float:
        return self.bytes_done / self.seconds if self.seconds > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """Time left at the rate so far: by bytes (files differ in size a hundredfold), else by
        files; 0 once every file is read (however fast); None before anything was read."""
        if self.total and self.done >= self.total:
            return 0.0
        if self.done == 0 or self.seconds <= 0:
            return None
        if self.bytes_total and self.bytes_done:
            return max(0.0, (self.bytes_total - self.bytes_done) / self.bytes_per_second)
        return max(0.0, (self.total - self.done) / self.files_per_second)

    def to_dict(self) -> dict[str, Any]:
        """As data (what a web page polls): done, total, bytes_done, bytes_total, seconds,
        files_per_second, bytes_per_second, seconds_left."""
        d: dict[str, Any] = {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]
        return d | {k: getattr(self, k) for k in ("files_per_second", "bytes_per_second", "seconds_left")}


def iter_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files named, and files under directories named (as ``ogi parse`` takes them), absolute and
    resolved (symbolic links followed); a ZIP archive's members in its place."""
    for f, _size in _file_strs(paths):
        yield Path(f)


def _file_strs(paths: Iterable[Path | str]) -> Iterator[tuple[str, int]]:
    """(input, its size in bytes: a member's as its archive states it) of every input under ``paths``."""
    from ogi.runner.archive import is_archive, members
    from ogi.runner.inputs import input_strs

    real: dict[str, str] = {}  # each directory resolved once, not once per file in it
    for p in input_strs([Path(p) for p in paths], archives=False):
        head, name = os.path.split(os.path.abspath(p))
        if head not in real:
            real[head] = os.path.realpath(head)
        f = os.path.join(real[head], name)
        if os.path.islink(f):
            f = os.path.realpath(f)
        elif not os.path.exists(f):  # a file named that is not there: as named
            f = os.path.abspath(p)
        if is_archive(f):
            for m in members(f):
                yield m.path, m.size
            continue
        try:
            size = os.stat(f).st_size
        except OSError:
            size = 0
        yield f, size


def read_rows(path: str, timeout: float | None = None, source: bool = True) -> Rows:
    """Read one file into the rows :meth:`Store.put` inserts, with its source lines (``source``:
    the report page shows them); an unreadable file's rows keep its size and hash. Never raises.
    The path is stored as :func:`ogi.runner.inputs.printable` gives it (a GBK file name made the
    database fail)."""
    got = read_one(path, timeout, stat=True)
    if isinstance(got, Unreadable):
        got.source.path = printable(path)
    return rows(got, printable(path), document=source)


def gave_up(path: str, code: str, message: str) -> Rows:
    """The rows of a file whose reader died, was stuck or grew past the memory limit (code
    ``crash``, ``timeout``, ``memory``)."""
    got = unreadable(path, code, message, stat=True)
    got.source.path = printable(path)
    return rows(got)


def read_chunk(paths: Sequence[str], timeout: float | None = None) -> list[Rows]:
    """Read files into rows ready for :meth:`Store.put` (run in the workers; the source lines kept
    as the worker was told, :func:`_reader_init`)."""
    source = _WORKER.get("source", True)
    out = []
    for p in paths:
        beat()  # alive, on the next file (a worker silent too long is killed)
        out.append(read_rows(p, timeout, source))
    return out


_WORKER: dict[str, Any] = {}  # in each worker: whether to keep source lines; a writer's Store and write lock


def _reader_init(owner: int, source: bool, share_cores: bool = True) -> None:
    from ogi.runtime import pool_worker

    pool_worker(owner, share_cores)
    _WORKER["source"] = source


@dataclass(slots=True)
class Plan:
    """What a build will do: the inputs to read (as on disk, with their sizes in bytes), those
    gone and those back unchanged (as stored: :func:`ogi.runner.inputs.printable`), and how many
    inputs were seen."""

    todo: list[str]
    sizes: dict[str, int]
    gone: list[str]
    back: list[str]
    seen: int

    def __iter__(self) -> Iterator[Any]:  # (todo, gone, back, seen), as plan() gave them before
        return iter((self.todo, self.gone, self.back, self.seen))


def plan(store: Store, paths: Sequence[Path], force: bool = False) -> Plan:
    """What a build of ``paths`` against ``store`` will do (:class:`Plan`)."""
    from ogi.runner.archive import SEP

    known = store.known()
    retry = store.retry_paths()
    own = store.files()
    listed = [(f, n) for f, n in _file_strs(paths) if f not in own]
    files = [f for f, _ in listed]
    todo, back = [], []
    for f in files:
        s = printable(f)  # as stored
        old = known.get(s)
        if old is not None and not force and s not in retry and old[0] is not None and old[0] == sha256_of(f):
            if old[1]:
                back.append(s)
            continue
        todo.append(f)
    seen = set(map(printable, files))
    roots = [(str(p.resolve()) if p.exists() else os.path.abspath(p), Path(p).is_dir()) for p in map(Path, paths)]
    gone = []
    for f, (_, removed) in known.items():
        if removed or f in seen:
            continue
        for r, is_dir in roots:
            under = f.startswith(r.rstrip("/") + "/") and (is_dir or not Path(r).exists())
            if f == r or f.startswith(r + SEP) or under:
                gone.append(f)
                break
    sizes = dict(listed)
    return Plan(todo, {f: sizes[f] for f in todo}, gone, back, len(files))


def _tally(res: BuildResult, rep: dict[str, Any]) -> None:
    """Count one reading (its ``reports`` row, or the part of it a writer sends back)."""
    res.read += 1
    if rep["status"] == "error":
        res.unreadable += 1
        res.failures.append(f"{rep['path']}: {rep['error_message']}")
    else:
        res.ok += 1
        res.with_errors += rep["errors"] > 0


class _Sink:
    """Collects readings and commits them in batches of whole reports (one transaction each)."""

    def __init__(self, store: Store, res: BuildResult, batch: int, max_wait: float) -> None:
        self.store, self.res, self.batch, self.max_wait = store, res, batch, max_wait
        self.buf: list[Rows] = []
        self.t = time.monotonic()

    def add(self, item: Rows) -> None:
        self.buf.append(item)
        _tally(self.res, item.report)
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
    progress: Callable[[Progress], None] | None = None,
    source: bool = True,
    pack: Pack | None = None,
) -> BuildResult:
    """Read every report under ``paths`` and store the readings (see the module doc).

    ``timeout`` bounds the reading of one file (seconds; None: no bound): a file past it is stored
    as unreadable (code ``timeout``). ``progress`` is called with a :class:`Progress` before the
    reading begins and as readings arrive.
    ``source``: keep each reading's source lines (the report page's source view; for text reports
    about a quarter more CPU a report and a fifth more store).
    ``pack``: the rule pack every reading is scored under (:meth:`ogi.store.Store.score_all`; None:
    the national pack).
    Interrupting it (KeyboardInterrupt) keeps every batch already committed; the batch under way
    is dropped whole.
    """
    t0 = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    res = BuildResult(engine=engine)
    if engine == "local" and jobs > 1:
        _start_forkserver()  # it loads the reader while this process plans
    planned = plan(store, [Path(p) for p in paths], force)
    todo, gone, back, res.seen = planned
    res.skipped = res.seen - len(todo)
    if back:
        res.restored = store.set_removed(back, False)
    sink = _Sink(store, res, batch, max_wait=2.0)
    total = len(todo)
    sizes = {printable(f): n for f, n in planned.sizes.items()}
    state = Progress(0, total, 0, sum(sizes.values()), 0.0)
    t_read = time.perf_counter()

    def tell(path: str) -> None:
        state.done += 1
        state.bytes_done += sizes.get(path, 0)
        state.seconds = time.perf_counter() - t_read
        if progress:
            progress(state)

    if progress:
        progress(state)
    if todo and engine == "local" and jobs > 1 and len(todo) >= 4 and store.shared():
        stored = _run_local_writers(todo, jobs, timeout, store.url, batch, source=source)
        try:
            for rep in stored:
                if isinstance(rep, Rows):  # not stored by a worker (its reader died): stored here
                    store.put([rep])
                    rep = rep.report
                _tally(res, rep)
                tell(rep["path"])
        finally:
            stored.close()
    elif todo:
        if engine == "ray":
            items = _run_ray(todo, jobs, ray_address, timeout, source)
        else:
            items = _run_local(todo, jobs, timeout, source)
        try:
            for item in items:
                sink.add(item)
                tell(item.report["path"])
            sink.flush()
        finally:
            items.close()  # stop the workers here, in this thread, even when interrupted
    if gone:
        res.removed = store.set_removed(gone, True)
    # always: cheap when nothing changed, and it completes an earlier build stopped before this step
    cy = store.refresh_cross_year()
    res.cross_year, res.pairs_checked = cy.findings, cy.checked
    res.copies = store.refresh_copies().copies
    res.scored = store.score_all(pack).scored
    res.seconds = time.perf_counter() - t0
    return res


def _chunks(xs: Sequence[str], n: int) -> list[list[str]]:
    return [list(xs[i : i + n]) for i in range(0, len(xs), n)]


def _start_forkserver() -> None:
    """Start the process that forks the pool's workers, with the reader already imported, so
    workers start at once (importing it takes a quarter of a second, in each worker otherwise)."""
    from multiprocessing import forkserver

    mp.get_context("forkserver").set_forkserver_preload([__name__, "ogi.pipeline"])
    forkserver.ensure_running()


def _in_workers(
    work: Callable[..., list[Any]],
    todo: list[str],
    chunk: int,
    jobs: int,
    timeout: float | None,
    initializer: Callable[..., None],
    initargs: Callable[[], tuple[Any, ...]],
) -> Iterator[Any]:
    """What ``work(paths, timeout)`` gives for each chunk of ``todo``, run by forkserver workers
    that may die (:func:`ogi.runner.run_chunks`): a file whose reader dies twice, or stays silent
    past its timeout, comes back as the rows of an unreadable input (code ``crash`` or
    ``timeout``) for this process to store."""
    done = run_chunks(
        work,
        _chunks(todo, chunk),
        jobs=jobs,
        timeout=timeout,
        gave_up=gave_up,
        context=mp.get_context("forkserver"),
        initializer=initializer,
        initargs=initargs,
    )
    try:
        for _paths, got in done:
            yield from got
    finally:
        done.close()


def _run_local(todo: list[str], jobs: int, timeout: float | None, source: bool = True) -> Iterator[Rows]:
    """Readings as rows for this process to store: by worker processes (:func:`_in_workers`), one
    for a few files (so that the time and memory limits hold, in C code too), or here when there
    is no limit at all."""
    from ogi.runtime import memory_limit

    if (jobs <= 1 or len(todo) < 4) and not (timeout or memory_limit()):
        for p in todo:
            yield read_rows(p, timeout, source)
        return
    if len(todo) < 4:
        jobs = 1
    owner = os.getpid()  # the workers end with this process, not with the forkserver they come from
    chunk = max(1, min(16, len(todo) // (jobs * 8)))
    yield from _in_workers(read_chunk, todo, chunk, jobs, timeout, _reader_init, lambda: (owner, source, jobs > 1))


class _FileLock:
    """One writer at a time among processes: ``flock`` on a file, woken as soon as the holder is
    done, and released by the system when a holder dies (a semaphore would stay taken)."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def __enter__(self) -> None:
        import fcntl

        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        import fcntl

        fcntl.flock(self.fd, fcntl.LOCK_UN)


def _writer_init(url: str, lock_path: str | None, owner: int, source: bool = True) -> None:
    _reader_init(owner, source)
    store = Store(url, create=False)
    _WORKER.update(store=store, lock=_FileLock(lock_path) if lock_path else None)


def store_chunk(paths: Sequence[str], timeout: float | None = None) -> list[Item]:
    """Read files and store them in ONE transaction (run in the writing workers); returns what the
    build counts of each: path, status, error_message, errors."""
    items = read_chunk(paths, timeout)
    store, lock = _WORKER["store"], _WORKER["lock"]
    if lock is None:
        store.put(items)
    else:
        with lock:  # one SQLite writer at a time (no waiting in SQLite's own back-off)
            store.put(items)
    return [{k: it.report[k] for k in ("path", "status", "error_message", "errors")} for it in items]


def _run_local_writers(
    todo: list[str],
    jobs: int,
    timeout: float | None,
    url: str,
    batch: int,
    work: Callable[..., list[Item]] = store_chunk,
    source: bool = True,
) -> Iterator[Item | Rows]:
    """Worker processes that read AND store their readings (``work``: :func:`store_chunk`), each
    chunk one transaction: no rows are sent between processes and no third process competes for
    the cores. Yields what each worker reports of each file, and the rows of a file given up on
    (:func:`_in_workers`) for the caller to store.
    """
    import tempfile

    from ogi.errors import OgiError
    from ogi.runner.workers import WorkError

    owner = os.getpid()  # the workers end with this process, not with the forkserver they come from
    fd, lock_path = tempfile.mkstemp(prefix="ogi-build-", suffix=".lock")
    os.close(fd)
    lock = lock_path if url.startswith("sqlite") else None
    chunk = max(1, min(batch, 64, len(todo) // (jobs * 8)))
    try:
        yield from _in_workers(work, todo, chunk, jobs, timeout, _writer_init, lambda: (url, lock, owner, source))
    except WorkError as e:  # a worker could not write (disk full, a server gone...)
        raise OgiError(f"写入数据库失败 (could not write the store): {e}") from None
    finally:
        os.unlink(lock_path)


def _ray_read_chunk(paths: Sequence[str], timeout: float | None = None, source: bool = True) -> list[Rows]:
    """:func:`read_chunk` as a Ray task: one CPU each, so OCR on one thread."""
    from ogi.runtime import OCR_THREADS

    os.environ[OCR_THREADS] = "1"
    _WORKER["source"] = source
    return read_chunk(paths, timeout)


def _run_ray(
    todo: list[str], jobs: int, address: str | None, timeout: float | None, source: bool = True
) -> Iterator[Rows]:
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
        task = ray.remote(num_cpus=1)(_ray_read_chunk)
        cpus = int(ray.cluster_resources().get("CPU", jobs))
        size = max(1, min(64, len(todo) // (cpus * 4) or 1))
        pending = [task.remote(c, timeout, source) for c in _chunks(todo, size)]
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                yield from ray.get(ref)
    finally:
        if started:
            ray.shutdown()
