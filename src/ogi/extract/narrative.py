"""Figures stated in the prose: "收到申请N件", "上年结转N件", "未发生…复议".

Which words make which measure, and which table values each must agree with,
is data in the template (``[[measure]]`` and ``[[negation]]``); this module
finds the figures, attributes them and normalizes numerals (二十三件, 1,234件).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from ogi.document import Where
from ogi.template import spec

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_FIGURE = re.compile(r"(\d[\d,，]*|[零〇一二两三四五六七八九十百千万]+)\s*(?:余|多)?\s*(件|起|宗|个申请|次申请|人次)")
_QUOTE_START = re.compile(r"[，,：:）)》]")
_CLAUSE_END = re.compile(r"[。；;！!？?]")
# Figures about other things end the window: "其中…", "占…%", "同比…".
_STOP_AFTER = ("其中", "占", "同比", "比上年", "较上年")


def cn_number(s: str) -> int | None:
    """二十三 → 23, 一百零五 → 105, 1,234 → 1234."""
    s = s.replace(",", "").replace("，", "")
    if s.isdigit():
        return int(s) if len(s.lstrip("0")) <= 15 else None  # past any figure (and int()'s digit limit)
    total, section, num = 0, 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            num = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit == 10000:
                section = (section + num) * unit
                total += section
                section = 0
            else:
                section += (num or 1) * unit
            num = 0
        else:
            return None
    return total + section + num


@dataclass(slots=True)
class Statement:
    measure: str
    value: int
    keys: tuple[str, ...]
    quote: str  # the words of the prose that state it
    where: Where


@cache
def _negations() -> list[tuple[str, re.Pattern[str], tuple[str, ...], tuple[str, ...]]]:
    return [(n.id, re.compile(n.pattern), n.keys, n.unless) for n in spec().negations]


@cache
def _measures() -> list[tuple[str, tuple[str, ...], re.Pattern[str] | None, list[re.Pattern[str]]]]:
    """Each measure's word groups and not-words as compiled alternations (searched in C)."""
    out = []
    for m in spec().measures:
        nots = re.compile("|".join(map(re.escape, m.not_words))) if m.not_words else None
        groups = [re.compile("|".join(map(re.escape, g))) for g in m.words]
        out.append((m.id, m.keys, nots, groups))
    return out


def _measure_of(window: str) -> tuple[str, tuple[str, ...]] | None:
    for mid, keys, nots, groups in _measures():
        if nots is not None and nots.search(window):
            continue
        if all(g.search(window) for g in groups):
            return mid, keys
    return None


def statements(text: str, anchors: list[tuple[int, Where]]) -> list[Statement]:
    """Statements found in prose ``text``; ``anchors`` map offsets to places
    (offset where each source line begins, sorted)."""
    out: list[Statement] = []
    offsets = [a[0] for a in anchors]

    def where_at(pos: int) -> Where:
        i = bisect.bisect_right(offsets, pos) - 1
        return anchors[max(i, 0)][1] if anchors else Where()

    start = 0
    for cm in _CLAUSE_END.finditer(text + "。"):
        clause = text[start : cm.start()]
        base = start
        start = cm.end()
        if not clause or ("件" not in clause and "未" not in clause and "没有" not in clause and "起" not in clause):
            continue
        prev = 0
        for fm in _FIGURE.finditer(clause):
            window = clause[prev : fm.start()]
            prev = fm.end()
            cut = max((window.rfind(w) for w in _STOP_AFTER), default=-1)
            if cut >= 0:
                window = window[cut:]
            if "%" in window or "％" in window:
                continue
            value = cn_number(fm.group(1))
            if value is None:
                continue
            found = _measure_of(window)
            if found is None or not found[1]:
                continue
            quote = (_QUOTE_START.split(window)[-1][-30:] + fm.group(0)).strip(" ,，、")
            out.append(Statement(found[0], value, found[1], quote, where_at(base + fm.start())))
        for nid, pat, keys, unless in _negations():
            for nm in pat.finditer(clause):
                # `unless` words are looked for in the comma-delimited part holding the match
                lo = max(clause.rfind(",", 0, nm.start()), clause.rfind("，", 0, nm.start())) + 1
                hi = min(
                    (p for p in (clause.find(",", nm.end()), clause.find("，", nm.end())) if p >= 0),
                    default=len(clause),
                )
                if any(w in clause[lo:hi] for w in unless):
                    continue
                out.append(Statement(nid, 0, keys, nm.group(0), where_at(base + nm.start())))
    return out
