"""Readings as rows: wide (one row per report, one column per key) and long."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from ogi.report import Report
from ogi.template import spec

META = (
    "path",
    "sha256",
    "format",
    "template",
    "year",
    "agency",
    "region",
    "published",
    "errors",
    "warnings",
    "rules",
)


@cache
def all_keys() -> tuple[str, ...]:
    """Every key of both formats: the 2021 keys in template order, then the 2019-only ones."""
    seen: dict[str, None] = {}
    for tid in ("2021", "2019"):
        for k in spec().templates[tid].keys:
            seen.setdefault(k, None)
    return tuple(seen)


@cache
def key_labels() -> dict[str, str]:
    out: dict[str, str] = {}
    for tid in ("2021", "2019"):
        for k, key in spec().templates[tid].keys.items():
            out.setdefault(k, key.label)
    return out


META_LABELS = {
    "path": "文件",
    "sha256": "SHA-256",
    "format": "格式",
    "template": "格式版本",
    "year": "年度",
    "agency": "机关",
    "region": "地区",
    "published": "发布日期",
    "errors": "错误数",
    "warnings": "警告数",
    "rules": "问题规则",
}


def wide_header(labels: str = "keys") -> list[str]:
    if labels == "zh":
        kl = key_labels()
        return [META_LABELS[m] for m in META] + [kl[k] for k in all_keys()]
    return [*META, *all_keys()]


def meta_of(d: dict[str, Any]) -> list[Any]:
    src = d.get("source") or {}
    findings = d.get("findings") or []
    return [
        src.get("path"),
        src.get("sha256"),
        src.get("format"),
        d.get("template"),
        d.get("year"),
        d.get("agency"),
        d.get("region"),
        d.get("published"),
        sum(1 for f in findings if f.get("severity") == "error"),
        sum(1 for f in findings if f.get("severity") == "warning"),
        " ".join(sorted({f["rule"] for f in findings if f.get("severity") in ("error", "warning")})),
    ]


def wide_row(report: Report | dict[str, Any]) -> list[Any]:
    d = report.to_dict(sections=False) if isinstance(report, Report) else report
    cells = d.get("cells") or {}
    return meta_of(d) + [cells.get(k) for k in all_keys()]


def long_rows(report: Report | dict[str, Any]) -> Iterator[list[Any]]:
    d = report.to_dict(sections=False) if isinstance(report, Report) else report
    src = d.get("source") or {}
    for k, v in (d.get("cells") or {}).items():
        yield [src.get("path"), src.get("sha256"), d.get("template"), d.get("year"), d.get("agency"), k, v]


LONG_HEADER = ["path", "sha256", "template", "year", "agency", "key", "value"]
