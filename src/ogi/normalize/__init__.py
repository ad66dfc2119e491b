"""Normalization: one reading of characters, whatever the source wrote.

- traditional → simplified (OpenCC), only when traditional characters occur;
- pinyin glued to characters removed: ``報(bào)告`` → ``报告``; real
  parentheses such as ``(一)``, ``(单位:万元)``, ``(国务院令第711号)`` are kept;
- full-width digits, letters and spaces made half-width; NBSP and ideographic
  spaces made plain spaces;
- stray ``?``/``？``/``�`` cells dropped.

:func:`label_key` gives the compact form used to match printed labels.
"""

from __future__ import annotations

from ogi.normalize.chinese import has_traditional, strip_pinyin, to_simplified
from ogi.normalize.text import (
    is_bullet,
    is_stray,
    label_key,
    normalize_document,
    normalize_text,
    unbulleted,
    widths,
    without_spaces,
)

__all__ = [
    "has_traditional",
    "is_bullet",
    "is_stray",
    "label_key",
    "normalize_document",
    "normalize_text",
    "strip_pinyin",
    "to_simplified",
    "unbulleted",
    "widths",
    "without_spaces",
]
