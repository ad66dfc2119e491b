"""Outputs of readings: JSON, JSON lines, CSV (wide and long), terminal tables."""

from __future__ import annotations

from ogi.export.rows import all_keys, long_rows, wide_header, wide_row

__all__ = ["all_keys", "long_rows", "wide_header", "wide_row"]
