"""Process settings for the command-line tool and its workers (never applied on import)."""

from __future__ import annotations

import gc
import os
import select
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


def tune_gc() -> None:
    """Collect garbage less often: reading allocates many small short-lived objects (cells,
    tokens) and frees them by reference counting; the default thresholds make the cyclic
    collector run every few hundred allocations for nothing. Objects alive at start-up
    (modules, the template) are frozen out of collection. Worth about 7 % of reading time."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


OCR_THREADS = "OGI_OCR_THREADS"  # threads of one OCR inference; unset: the runtime's default (every core)


def pool_worker(owner: int | None = None, share_cores: bool = True) -> None:
    """Settings of one process of a pool: OCR inference on one thread when it shares the cores
    (``share_cores``: the pool already keeps every core busy; more threads per process only
    compete), :func:`tune_gc`, no Ctrl-C (it reaches the whole group: the owner stops its pool),
    its standard error to nowhere (what libraries print there, even from C, is noise to the user:
    the owner says what became of each input), and an end together with the process that owns the
    pool (``owner``, default the parent)."""
    if share_cores:
        os.environ[OCR_THREADS] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group: the owner stops the pool
    tune_gc()
    _silence_stderr()
    end_with(owner or os.getppid())


def _silence_stderr() -> None:
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    os.dup2(null, 2)
    os.close(null)


@contextmanager
def quiet() -> Iterator[None]:
    """Library warnings (the ``warnings`` module, and logging: pdfminer's "CropBox missing", …)
    kept off standard error in the block: what they say of an input is noise beside its one
    ``ogi:`` line. Not thread-safe (both are process-wide): for the command line's reading."""
    import logging
    import warnings

    before = logging.root.manager.disable
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.CRITICAL)
        try:
            yield
        finally:
            logging.disable(before)


MEMORY = "OGI_MAX_MEMORY"  # megabytes a reading process may hold; 0: no limit
DEFAULT_MEMORY_MB = 3072  # a long screenshot of 57 M pixels takes 2 GB to read by OCR (measured)


def memory_limit() -> int | None:
    """Bytes of memory (resident) one reading may take (``OGI_MAX_MEMORY`` megabytes, default
    :data:`DEFAULT_MEMORY_MB`; 0: no limit): a reading worker past it is killed, whatever it is in
    (:func:`ogi.runner.workers.isolating_map`, ``item_bytes``), and its input is unreadable."""
    raw = os.environ.get(MEMORY, "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MEMORY_MB
    except ValueError:
        mb = DEFAULT_MEMORY_MB
    return int(mb * 1024 * 1024) if mb > 0 else None


def end_with(pid: int) -> None:
    """End this process as soon as process ``pid`` ends, whatever way it ends (kill -9 included):
    a pool's workers must not outlive the command that started them, reading and writing on."""

    def watch() -> None:
        try:
            fd = os.pidfd_open(pid)  # Linux ≥ 5.3: readable once the process has ended
        except (AttributeError, OSError):
            fd = None
        if fd is not None:
            select.select([fd], [], [])
        else:  # elsewhere: look every second
            while True:
                time.sleep(1.0)
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    continue
        os._exit(1)

    threading.Thread(target=watch, name="ogi-end-with-owner", daemon=True).start()


class _Expired(BaseException):  # not an Exception: no reader's ``except Exception`` swallows it
    pass


@contextmanager
def time_limit(seconds: float | None, path: str | None = None) -> Iterator[None]:
    """Raise :class:`ogi.errors.ReadTimeoutError` in the block once ``seconds`` have passed
    (None or 0: no limit). A timer signal: Unix, main thread only (elsewhere no limit); code stuck
    inside a C library never sees it, which is what pool workers' watchdog is for
    (:func:`ogi.runner.workers.isolating_map`, ``item_seconds``). Once the time has passed, however
    the block ends is a timeout: a library may turn the signal's exception into one of its own (an
    extension module interrupted while it loads raises ImportError), or swallow it."""
    from ogi.errors import ReadTimeoutError

    timed = bool(seconds) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not timed:
        yield
        return
    fired = False

    def expire(signum: int, frame: object) -> None:
        nonlocal fired
        fired = True
        raise _Expired

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    except (_Expired, Exception) as e:
        if fired or isinstance(e, _Expired):
            raise ReadTimeoutError.after(seconds, path=path) from None
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    if fired:
        raise ReadTimeoutError.after(seconds, path=path)


def stuck_after(seconds: float | None) -> float | None:
    """Seconds a pool worker may stay silent on one input before it is killed: past the input's
    own time limit (which a reader stuck in C code never notices) by a small margin, for the
    worker's own timeout error to arrive first when it can (the outcome is the same either way)."""
    return None if not seconds else seconds * 1.02 + 1.0
