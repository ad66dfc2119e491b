"""Outputs of readings: rows (wide and long), files (CSV, Parquet, Excel, JSON lines), one
reading's downloads, terminal tables, boxes drawn on a page."""

from __future__ import annotations

from ogi.export.rows import long_rows, wide_header, wide_row

__all__ = ["long_rows", "wide_header", "wide_row"]
