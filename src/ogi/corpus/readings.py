"""Readings from files: the JSONL ``ogi parse --format jsonl`` prints (or its JSON), decoded."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ogi.errors import InputError
from ogi.model import Reading, decode
from ogi.template import template_ids


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


def _check(d: dict[str, Any], where: str, n: int) -> None:
    """A reading's shape, so that a bad file is one clear line and never a traceback."""
    if "cells" not in d:
        if "error" in d:
            return
        raise InputError(f"第{n}个对象不是 ogi 的读取结果（缺少 cells）", path=where)
    cells = d["cells"]
    if not isinstance(cells, dict) or not all(
        (isinstance(v, int | float) and not isinstance(v, bool)) or v is None for v in cells.values()
    ):
        raise InputError(f"第{n}个读取结果的 cells 不是“键: 数值”", path=where)
    if d.get("year") is not None and (not isinstance(d["year"], int) or isinstance(d["year"], bool)):
        raise InputError(f"第{n}个读取结果的 year 不是整数", path=where)
    for k in ("agency", "template", "region"):
        if d.get(k) is not None and not isinstance(d[k], str):
            raise InputError(f"第{n}个读取结果的 {k} 不是文本", path=where)
    if d.get("template") is not None and d["template"] not in template_ids():
        raise InputError(f"第{n}个读取结果的格式 {d['template']!r} 未知", path=where)
    for k in ("sections", "provenance", "source", "inferred", "extras"):
        if k in d and d[k] is not None and not isinstance(d[k], dict):
            raise InputError(f"第{n}个读取结果的 {k} 不是对象", path=where)
    if not isinstance(d.get("findings", []), list):
        raise InputError(f"第{n}个读取结果的 findings 不是列表", path=where)


def load_readings(paths: Iterable[Path | str]) -> Iterator[Reading]:
    """Every reading in the files named (``-`` is standard input), decoded (:func:`ogi.model.decode`).

    Error lines (``{"source":…, "error":…}``) come as :class:`ogi.model.Unreadable`;
    :func:`ogi.corpus.reports` skips them. A file that is missing, not JSON or not readings raises
    :class:`InputError`.
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
        for n, d in enumerate(_objects(text, where), 1):
            _check(d, where, n)
            yield decode(d)


__all__ = ["load_readings"]
