"""How the template's words are filled in: numbers as a clerk writes them, message templates, cells.

One number formatter for every output (messages, pages, terminal tables, exports shown to people):
a whole number without a decimal point, any other number without float noise.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Radicals a PDF's font maps its characters to (its ToUnicode table: Chrome's and some CJK fonts' PDFs): the
# Kangxi radicals (U+2F00–2FD5: ⼈ for 人, ⼯ for 工, ⽉ for 月) as Unicode's compatibility mapping gives them,
# and the radicals of the supplement (U+2E80–2EF3) that stand for a whole character (⺠ 民, ⻔ 门, ⻚ 页)
RADICALS = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
_RADICAL_OF = "⺁⺜⺝⺟⺠⺮⻃⻄⻅⻆⻉⻋⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳"
_RADICAL_IS = "厂日月母民竹西西见角贝车長长门雨青韦页风飞食首马骨鬼鱼鸟卤麦黄黾齐齿龙龟"
RADICALS.update({ord(r): c for r, c in zip(_RADICAL_OF, _RADICAL_IS, strict=True)})

# Chinese numerals as reports write numbers in words and in cells (二十三, 一百零五): each digit, and each
# unit with the number it stands for
# What a web page prints after an article (its boxes of links and readings, its buttons) and a notice after the
# report it carries (附件2: its next attachment): where a report's own text has ended (a regular expression's
# alternatives; the extract stage ends the report's last section there, a page run together on one line is
# broken before them)
AFTER_REPORT = (
    r"相关链接|相关解读|相关阅读|相关文件|相关新闻|扫一扫|分享到|阅读原文|【打印本页】|【关闭窗口】|附件\s*[2-9２-９]"
)

# (with the financial forms a clerk may write a count in: 壹贰叁, 拾佰仟)
CN_DIGITS = dict(
    zip("零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, *range(1, 10)), strict=True)
)
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "拾": 10, "佰": 100, "仟": 1000, "万": 10000}
# the characters of a count below ten thousand written so (一百一十二, 零): the digits and the units but 万
CN_COUNT_CHARS = "".join(CN_DIGITS) + "".join(u for u, v in CN_UNITS.items() if v < 10_000)


def fmt_number(v: Any, none: str = "") -> str:
    """``12.0`` → ``"12"``, ``0.30000000000000004`` → ``"0.3"``, ``1234567.5`` → ``"1234567.5"``;
    ``none`` for None; anything else as ``str``."""
    if v is None:
        return none
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if v.is_integer():
        return str(int(v))
    return f"{v:.6f}".rstrip("0").rstrip(".")


def whole(v: float | int | None, amount: bool = False) -> int | float | None:
    """A stored value back as the number it is: a whole count as an int (floats come back from
    the database), an amount (``kind = "amount"``) as it was."""
    if v is None or amount or isinstance(v, int):
        return v
    return int(v) if v.is_integer() else v


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if not format_spec:
            return fmt_number(value, "—")
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def fill(template: str, fields: Mapping[str, Any]) -> str:
    """A message template with its named fields filled in; numbers without a format spec by
    :func:`fmt_number`. Raises KeyError for a field the template names and ``fields`` lacks."""
    return _FORMATTER.vformat(template, (), fields)


@dataclass(frozen=True, slots=True)
class CellRef:
    """A value of the template as a message names it: ``{c.label}`` 表三「(一)予以公开」「自然人」,
    ``{c.table}`` 表三, ``{c.row}`` the row's printed label, ``{c.display}`` group and row,
    ``{c.column}``, ``{c.value}``."""

    key: str
    label: str
    table: str
    row: str
    display: str
    column: str
    value: Any = None


__all__ = ["CellRef", "fill", "fmt_number", "whole"]
