"""Word's automatic numbering, written into the text of the paragraphs it numbers.

Section headings ("一、总体情况"), sub-parts ("(二)依申请公开") and table
labels ("1.属于国家秘密") are often numbered by Word rather than typed: the
number lives in ``word/numbering.xml`` and the paragraph only points to it
(``w:numPr``, directly or through its style). Without it the reader would see
"总体情况" where the report prints "一、总体情况". This module counts the
paragraphs in document order as Word does and inserts each number as a first
run of its paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = W + "val"
_LEVELS = 9
_DIGITS = "零一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"


def chinese(n: int) -> str:
    """一 … 九十九 (十一, 二十, 二十一), then the digits one by one."""
    if n <= 0:
        return _DIGITS[0]
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    return "".join(_DIGITS[int(d)] for d in str(n))


def _roman(n: int) -> str:
    if n >= 4000:  # past MMMCMXCIX, what Word prints
        return str(n)
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")):
        while n >= v:
            out, n = out + s, n - v
    for v, s in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: a … z, aa … zz (up to 780, 30 times z; past it, the number)
    n = max(n, 1)
    if n > 780:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting"):
        return chinese(n)
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return _PARENS[n - 1]
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)  # decimal, decimalFullWidth (made half-width later anyway), unknown formats


@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""


@dataclass(slots=True)
class Numbering:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, Level | int]] = field(default_factory=dict)  # numId → level → Level/start
    styles: dict[str, tuple[str | None, int | None, str | None]] = field(default_factory=dict)  # id → numId, ilvl, base


def _int(s: str | None, default: int) -> int:
    try:
        return int(s) if s is not None else default
    except ValueError:
        return default


# Bounds Word's own user interface keeps to: the start of a list, the length of a number's text.
MAX_START = 32767
MAX_LEVEL_TEXT = 255


def _level(lvl: etree._Element) -> Level:
    start = lvl.find(W + "start")
    fmt = lvl.find(W + "numFmt")
    text = lvl.find(W + "lvlText")
    return Level(
        _start(start.get(_VAL) if start is not None else None, 1),
        (fmt.get(_VAL) if fmt is not None else None) or "decimal",
        ((text.get(_VAL) if text is not None else None) or "")[:MAX_LEVEL_TEXT],
    )


def _start(s: str | None, default: int) -> int:
    """A list's start value, within what Word allows (0 … :data:`MAX_START`)."""
    return min(max(_int(s, default), 0), MAX_START)


def _parse(xml: bytes) -> etree._Element | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return None


_STYLE = re.compile(rb"<w:style\b[^>]*?w:styleId=\"([^\"]*)\"")
_BASED = re.compile(rb"<w:basedOn\b[^>]*?w:val=\"([^\"]*)\"")
_NUMID = re.compile(rb"<w:numId\b[^>]*?w:val=\"([^\"]*)\"")
_ILVL = re.compile(rb"<w:ilvl\b[^>]*?w:val=\"([^\"]*)\"")


def style_map(styles_xml: bytes | None) -> dict[str, tuple[str | None, int | None, str | None]]:
    """Style id → (numId, ilvl, basedOn) of the styles that number or inherit.

    Read with byte patterns, not a parser: Word's styles part is large (hundreds
    of KiB) and only the few styles that carry numbering matter.
    """
    out: dict[str, tuple[str | None, int | None, str | None]] = {}
    if not styles_xml or b"numPr" not in styles_xml:
        return out
    starts = [(m.start(), m.group(1).decode("utf-8", "replace")) for m in _STYLE.finditer(styles_xml)]
    for k, (pos, sid) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(styles_xml)
        block = styles_xml[pos:end]
        based = _BASED.search(block)
        nid = ilvl = None
        if b"numPr" in block:
            m = _NUMID.search(block)
            nid = m.group(1).decode() if m else None
            m = _ILVL.search(block)
            ilvl = _int(m.group(1).decode(), 0) if m else None
        out[sid] = (nid, ilvl, based.group(1).decode("utf-8", "replace") if based else None)
    return out


def read_numbering(
    numbering_xml: bytes, styles: dict[str, tuple[str | None, int | None, str | None]] | None = None
) -> Numbering:
    n = Numbering(styles=styles or {})
    root = _parse(numbering_xml)
    if root is None:
        return n
    for a in root.iter(W + "abstractNum"):
        aid = a.get(W + "abstractNumId")
        if aid is not None:
            n.abstract[aid] = {_int(lvl.get(W + "ilvl"), 0): _level(lvl) for lvl in a.iter(W + "lvl")}
    for num in root.iter(W + "num"):
        nid = num.get(W + "numId")
        ref = num.find(W + "abstractNumId")
        if nid is None or ref is None:
            continue
        n.nums[nid] = ref.get(_VAL) or ""
        for o in num.iter(W + "lvlOverride"):
            ilvl = _int(o.get(W + "ilvl"), 0)
            lvl = o.find(W + "lvl")
            so = o.find(W + "startOverride")
            if lvl is not None:
                n.overrides.setdefault(nid, {})[ilvl] = _level(lvl)
            elif so is not None:
                n.overrides.setdefault(nid, {})[ilvl] = _start(so.get(_VAL), 1)
    return n


def _style_num(n: Numbering, style: str | None) -> tuple[str | None, int]:
    seen = 0
    while style and seen < 10:
        nid, ilvl, base = n.styles.get(style, (None, None, None))
        if nid is not None:
            return nid, ilvl or 0
        style, seen = base, seen + 1
    return None, 0


def number_paragraphs(root: etree._Element, numbering_xml: bytes, styles_xml: bytes | None) -> None:
    """Insert each numbered paragraph's number as its first run, in place."""
    styles = style_map(styles_xml)
    if next(root.iter(W + "numPr"), None) is None:
        # only styles can number: is any style in use one of them?
        used = {el.get(_VAL) for el in root.iter(W + "pStyle")}
        probe = Numbering(styles=styles)
        if not any(_style_num(probe, u)[0] for u in used if u):
            return
    n = read_numbering(numbering_xml, styles)
    if not n.nums:
        return
    counters: dict[str, list[int | None]] = {}
    started: set[str] = set()
    for p in root.iter(W + "p"):
        ppr = p.find(W + "pPr")
        if ppr is None:
            continue
        nid: str | None = None
        ilvl = 0
        numpr = ppr.find(W + "numPr")
        if numpr is not None:
            e = numpr.find(W + "numId")
            nid = e.get(_VAL) if e is not None else None
            e = numpr.find(W + "ilvl")
            ilvl = _int(e.get(_VAL), 0) if e is not None else 0
        if nid is None:
            ps = ppr.find(W + "pStyle")
            nid, ilvl = _style_num(n, ps.get(_VAL) if ps is not None else None)
        if nid is None or nid == "0" or nid not in n.nums:
            continue
        ilvl = min(max(ilvl, 0), _LEVELS - 1)
        aid = n.nums[nid]
        levels = dict(n.abstract.get(aid, {}))
        over = n.overrides.get(nid, {})
        for k, v in over.items():
            if isinstance(v, Level):
                levels[k] = v
        key = aid if not over else f"num:{nid}"
        count = counters.setdefault(key, [None] * _LEVELS)
        if nid not in started:
            started.add(nid)
            for k, v in over.items():
                if isinstance(v, int) and 0 <= k < _LEVELS:
                    count[k] = v - 1
        lvl = levels.get(ilvl, Level())
        count[ilvl] = (count[ilvl] if count[ilvl] is not None else lvl.start - 1) + 1  # type: ignore[operator]
        for k in range(ilvl + 1, _LEVELS):
            count[k] = None
        if lvl.fmt in ("bullet", "none") or not lvl.text:
            continue
        text = lvl.text
        for k in range(_LEVELS):
            tag = f"%{k + 1}"
            if tag in text:
                ref = levels.get(k, Level())
                value = count[k] if count[k] is not None else ref.start
                text = text.replace(tag, format_number(value, ref.fmt))  # type: ignore[arg-type]
        run = etree.Element(W + "r")
        t = etree.SubElement(run, W + "t")
        t.text = text
        p.insert(list(p).index(ppr) + 1, run)
