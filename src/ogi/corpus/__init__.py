"""Many readings together: organ identity, series, metrics and regional roll-ups.

Every function here takes an iterable of readings (:class:`ogi.model.Report`); readings kept as
data (``ogi parse --format jsonl``, the store) are decoded by :func:`ogi.model.decode` first
(:func:`ogi.corpus.readings.load_readings` does it for files).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ogi.model import Reading, Report


def reports(readings: Iterable[Reading]) -> Iterator[Report]:
    """The readings that are reports (unreadable inputs left out)."""
    for r in readings:
        if isinstance(r, Report):
            yield r


__all__ = ["reports"]
