"""The runner: reading inputs — with a time limit, in worker processes that may die, with error
codes and progress — for ``ogi parse``, ``ogi build`` (:mod:`ogi.runner.build`) and the web app's
uploads (:mod:`ogi.runner.uploads`). Reading never happens anywhere else.

- :func:`read_one` reads one input into a reading and never raises: an input that cannot be
  read (missing, empty, binary, too large, corrupt, unsupported, not a report, past its time
  limit, an internal error) is an :class:`ogi.model.Unreadable` with its error code;
- :func:`run_chunks` runs a worker function over chunks of inputs in processes that may die
  (:class:`ogi.runner.workers.IsolatingPool`): an input whose reading process dies twice, stays
  silent past its time limit or grows past the memory limit (:func:`ogi.runtime.memory_limit`)
  comes back as unreadable (``crash``, ``timeout``, ``memory``);
- :func:`read_all` is ``ogi parse``'s reading: every input, in input order.

Error codes (``Unreadable.code``): those of :mod:`ogi.errors` (``input``, ``not_a_report``,
``unsupported_format``, ``timeout``, ``memory``, ``crash``) and ``internal``.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, TypeVar

from ogi.errors import MemoryLimitError, OgiError, ReadTimeoutError
from ogi.model import Document, Reading, Report, Source, Unreadable
from ogi.runner.inputs import input_strs, iter_inputs, printable
from ogi.runner.workers import CRASH_MESSAGE, CRASHED, OUT_OF_MEMORY, TIMED_OUT, beat, isolating_map
from ogi.runtime import memory_limit, quiet, stuck_after, time_limit

T = TypeVar("T")
R = TypeVar("R")

Input = str | Path | tuple[str, bytes]  # a path, or (name, data) of an upload


def sha256_of(path: str | Path) -> str | None:
    """The SHA-256 of a file's content (hex) — of a member's bytes for an archive's member
    (:mod:`ogi.runner.archive`) —, None when it cannot be read."""
    from ogi.runner.archive import is_member, member_stat

    if is_member(str(path)):
        return member_stat(str(path))[1]
    try:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return None


def unreadable(path: str, code: str, message: str, *, stat: bool = False) -> Unreadable:
    """An input that could not be read; ``stat``: with its size and hash when the file is there
    (what a store keeps, so that an unchanged unreadable file is not read again)."""
    src = Source(path=path, format="")
    from ogi.runner.archive import is_member, member_stat

    if stat and is_member(path):
        src.size, src.sha256 = member_stat(path)
    elif stat:
        try:
            src.size = os.stat(path).st_size
            src.sha256 = sha256_of(path)
        except OSError:
            pass
    return Unreadable(src, code, message)


def read_one(
    src: Input,
    timeout: float | None = None,
    *,
    stat: bool = False,
    debug: bool = False,
    meta: dict[str, str] | None = None,
) -> Reading:
    """Read one input — a path (a file, or an archive's member: :mod:`ogi.runner.archive`), or
    ``(name, data)`` — into its reading. Never raises (``debug``: internal errors do): an input
    that cannot be read is :class:`Unreadable` with its error code (see the module doc);
    ``timeout`` (seconds; None: no limit) bounds the reading (main thread of a Unix process
    only). ``stat``: unreadable paths keep their size and hash. ``meta``: what is known of the
    input besides its bytes, as a document declares it (:attr:`ogi.model.Document.meta`:
    ``{"PubDate": "2025-01-20"}``, the date of the web page a file was published on), where the
    document itself declares nothing under that name."""
    from ogi.ingest import ingest_bytes, ingest_path
    from ogi.pipeline import read_document, region_words
    from ogi.runner.archive import is_member, read_member

    path = src[0] if isinstance(src, tuple) else str(src)
    try:
        with quiet(), time_limit(timeout, path):  # libraries' warnings kept off stderr
            data: bytes | None = None  # the input's bytes, where it is no file of its own (read by path)
            if isinstance(src, tuple):
                data = src[1]
            elif is_member(path):
                data = read_member(path)

            def ingest(pictures: frozenset[int] | None = None) -> Document:
                doc = ingest_bytes(data, path, pictures) if data is not None else ingest_path(Path(src), pictures)  # type: ignore[arg-type]
                for k, v in (meta or {}).items():
                    doc.meta.setdefault(k, v)
                return doc

            doc = ingest()
            # (a PDF's values held against its pages where its sums fail)
            held = data
            words = (
                region_words(held if held is not None else Path(src).read_bytes) if doc.source.format == "pdf" else None
            )  # type: ignore[arg-type]
            rep = read_document(doc, ingest, words)  # (read again with its pictures where a table is one)
        rep.source.path = printable(rep.source.path or path)  # text every output holds
        return rep
    except OgiError as e:
        code, msg = e.code, e.message
    except Exception as e:  # an internal error is the input's error, never a traceback
        if debug:
            raise
        code, msg = "internal", f"内部错误，无法读取 ({type(e).__name__}: {e})"
    got = unreadable(path, code, msg, stat=stat and not isinstance(src, tuple))
    got.source.path = printable(path)
    return got


def run_chunks(
    work: Callable[..., list[R]],
    chunks: Iterable[Sequence[T]],
    *,
    jobs: int,
    timeout: float | None,
    gave_up: Callable[[T, str, str], R],
    context: BaseContext | None = None,
    initializer: Callable[..., None] | None = None,
    initargs: Callable[[], tuple[Any, ...]] = tuple,
) -> Iterator[tuple[Sequence[T], list[R]]]:
    """``(chunk, work(chunk, timeout))`` for each chunk as it completes, in ``jobs`` worker
    processes (:func:`ogi.runner.workers.isolating_map`; ``initializer`` sets each one up, by
    default :func:`ogi.runtime.pool_worker` for this process). An input whose worker died twice
    or was silent past :func:`ogi.runtime.stuck_after` ``(timeout)`` comes back alone as
    ``[gave_up(item, code, message)]`` (code ``crash`` or ``timeout``); one whose worker grew past
    the memory limit, as ``memory``."""
    from ogi.runtime import pool_worker

    owner = os.getpid()  # the workers end with this process, not with a forkserver they come from
    limit = memory_limit()
    done = isolating_map(
        work,
        chunks,
        jobs=jobs,
        context=context or mp.get_context(),
        initializer=initializer or pool_worker,
        initargs=initargs if initializer else (lambda: (owner, jobs > 1)),
        args=(timeout,),
        item_seconds=stuck_after(timeout),
        item_bytes=limit,
    )
    try:
        for chunk, got in done:
            if got == CRASHED:
                yield chunk, [gave_up(chunk[0], "crash", CRASH_MESSAGE)]
            elif got == TIMED_OUT:  # its worker, stuck where the time limit never reaches, was killed
                yield chunk, [gave_up(chunk[0], "timeout", ReadTimeoutError.after(timeout).message)]
            elif got == OUT_OF_MEMORY:
                yield chunk, [gave_up(chunk[0], "memory", MemoryLimitError.after(limit).message)]
            else:
                yield chunk, got
    finally:
        done.close()


def read_chunk(chunk: Sequence[tuple[int, str]], timeout: float | None = None) -> list[tuple[int, Reading]]:
    """Read numbered inputs (in a worker; the number is the input's place in the order), without
    their documents (no output of ``ogi parse`` needs them; results stay small)."""
    out = []
    for i, p in chunk:
        beat()  # alive, on the next input (a worker silent too long is killed)
        r = read_one(p, timeout)
        if isinstance(r, Report):
            r.document = None
        out.append((i, r))
    return out


def read_all(
    paths: list[Path],
    *,
    jobs: int = 0,
    timeout: float | None = None,
    debug: bool = False,
    work: Callable[..., list[tuple[int, Reading]]] | None = None,
    skipped: list[str] | None = None,
) -> Iterator[tuple[Path, Reading]]:
    """Read every input (files named, and the files under directories named: :mod:`ogi.runner.inputs`)
    into ``(path, reading)``, in input order; in ``jobs`` worker processes (0: every core when
    there are 16 inputs or more), here when one. ``timeout``: seconds one input may take (None: no
    limit). ``debug``: read here, internal errors raised. ``work``: the worker function (tests give
    their own; default :func:`read_chunk`). ``skipped``: the files under the directories passed over
    as never reports are added to it (:func:`ogi.runner.inputs.iter_inputs`)."""
    files = list(iter_inputs(paths, skipped=skipped))
    if jobs == 0:
        jobs = (os.cpu_count() or 1) if len(files) >= 16 else 1
    # here only without limits (or to debug): a limit holds in C code only from outside the reader
    if debug or ((jobs <= 1 or len(files) < 2) and not (timeout or memory_limit())):
        for f in files:
            yield f, read_one(f, timeout, debug=debug)
        return
    jobs = max(1, min(jobs, len(files)))
    numbered = [(i, str(f)) for i, f in enumerate(files)]
    size = 8 if len(files) >= 16 else 1
    chunks = [numbered[i : i + size] for i in range(0, len(numbered), size)]
    ready: dict[int, Reading] = {}
    nxt = 0

    def gave_up(item: tuple[int, str], code: str, message: str) -> tuple[int, Reading]:
        return item[0], unreadable(item[1], code, message)

    for _chunk, got in run_chunks(work or read_chunk, chunks, jobs=jobs, timeout=timeout, gave_up=gave_up):
        for i, r in got:
            ready[i] = r
        while nxt in ready:  # in input order
            yield files[nxt], ready.pop(nxt)
            nxt += 1
    assert nxt == len(files), f"{len(files) - nxt} inputs not accounted for"


def as_error(r: Unreadable) -> OgiError:
    """An unreadable input's error as the exception it was (its class by its code)."""
    from ogi import errors

    cls = next(
        (c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, OgiError) and c.code == r.code),
        OgiError,
    )
    return cls(r.message, path=r.source.path)


__all__ = [
    "Input",
    "as_error",
    "input_strs",
    "iter_inputs",
    "printable",
    "read_all",
    "read_chunk",
    "read_one",
    "run_chunks",
    "sha256_of",
    "unreadable",
]
