"""Many readings together: organ identity, series, metrics and regional roll-ups.

Every function here takes an iterable of readings — :class:`ogi.report.Report`
objects or their dicts (``Report.to_dict()``, one line of ``ogi parse --format
jsonl``) — so the same code serves a JSONL file, the store and the web app.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ogi.report import Report

Reading = Report | dict[str, Any]


def as_report(r: Reading) -> Report | None:
    """A Report from a reading; None for an error line (``{"source":…, "error":…}``)."""
    if isinstance(r, Report):
        return r
    if "error" in r and "cells" not in r:
        return None
    return Report.from_dict(r)


def reports(readings: Iterable[Reading]) -> Iterator[Report]:
    for r in readings:
        rep = as_report(r)
        if rep is not None:
            yield rep


__all__ = ["Reading", "as_report", "reports"]
