"""A build worker for tests: stores its chunk as ``store_chunk`` does, but its process dies
(``os._exit``, as a crash or the out-of-memory killer would end it) on a file named ``*crash*``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ogi.runner.build import store_chunk


def store_or_die(paths: Sequence[str], timeout: float | None = None) -> list[dict[str, Any]]:
    if any("crash" in Path(p).name for p in paths):
        os._exit(70)
    return store_chunk(paths, timeout)


def store_or_hang(paths: Sequence[str], timeout: float | None = None) -> list[dict[str, Any]]:
    """On a file named ``*hang*``: stuck inside C code, where no alarm signal is handled (a regular
    expression backtracking, about a minute here, far past the tests' timeouts), as a reader stuck
    in a C library would be."""
    import re

    if any("hang" in Path(p).name for p in paths):
        re.match(r"(a+)+$", "a" * 31 + "b")
    return store_chunk(paths, timeout)


def read_or_hang(chunk: Sequence[tuple[int, Path]], timeout: float | None = None) -> list[Any]:
    """``ogi parse``'s worker (``ogi.runner.read_chunk``), stuck inside C code on a file named
    ``*hang*`` as :func:`store_or_hang` is."""
    import re

    from ogi.runner import read_chunk

    if any("hang" in Path(p).name for _, p in chunk):
        re.match(r"(a+)+$", "a" * 31 + "b")
    return read_chunk(list(chunk), timeout)
