"""Readings from files: the JSONL ``ogi parse --format jsonl`` prints (or its JSON)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ogi.errors import InputError


def _objects(text: str, where: str) -> Iterator[dict[str, Any]]:
    stripped = text.lstrip()
    if stripped.startswith("["):  # `ogi parse --format json` of several reports
        try:
            doc = json.loads(stripped)
        except json.JSONDecodeError as e:
            raise InputError(f"不是有效的 JSON：{e.msg}（第{e.lineno}行）", path=where) from None
        for d in doc:
            if not isinstance(d, dict):
                raise InputError("JSON 数组中有非对象的元素", path=where)
            yield d
        return
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            if i == 1 and stripped.startswith("{"):  # one pretty-printed reading
                try:
                    yield json.loads(stripped)
                    return
                except json.JSONDecodeError:
                    pass
            raise InputError(f"第{i}行不是有效的 JSON：{e.msg}", path=where) from None
        if not isinstance(d, dict):
            raise InputError(f"第{i}行不是一个读取结果对象", path=where)
        yield d


def load_readings(paths: Iterable[Path | str]) -> Iterator[dict[str, Any]]:
    """Every reading (a dict) in the files named; ``-`` is standard input.

    Error lines (``{"source":…, "error":…}``) are passed on; :func:`ogi.corpus.reports`
    skips them. A file that is missing or not JSON raises :class:`InputError`.
    """
    for p in paths:
        where = str(p)
        if where == "-":
            text = sys.stdin.read()
        else:
            path = Path(p)
            if not path.is_file():
                raise InputError("文件不存在", path=where)
            try:
                text = path.read_text("utf-8-sig")
            except UnicodeDecodeError:
                raise InputError("不是 UTF-8 文本（应为 ogi parse --format jsonl 的输出）", path=where) from None
            except OSError as e:
                raise InputError(f"无法读取：{e.strerror}", path=where) from None
        for d in _objects(text, where):
            if "cells" not in d and "error" not in d:
                raise InputError("不是 ogi 的读取结果（缺少 cells）", path=where)
            yield d


__all__ = ["load_readings"]
