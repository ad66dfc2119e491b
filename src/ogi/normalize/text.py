"""Character-level normalization of a whole document, and label keys."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from ogi.model import Document, Line
from ogi.normalize.chinese import (
    PINYIN_BRACKETS,
    PINYIN_OPENING,
    TONE_MARKS,
    strip_pinyin,
    to_simplified,
    toned_at_head,
    traditional_chars,
)
from ogi.template.text import RADICALS

_WIDE = {i: i - 0xFEE0 for i in range(0xFF10, 0xFF1A)}  # ０-９
_WIDE.update({i: i - 0xFEE0 for i in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDE.update({i: i - 0xFEE0 for i in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDE.update(
    {
        0x3000: 0x20,
        0xA0: 0x20,
        # the typographic spaces (en, em, thin, hair …) and the narrow no-break space that number
        # formatters put between thousands (1 302)
        **dict.fromkeys(range(0x2000, 0x200B), 0x20),
        0x202F: 0x20,
        0x205F: 0x20,
        # invisible marks: zero-width space, non-joiner and joiner, word joiner, byte order mark, soft hyphen
        # (inside a number, 7‍5, they made it no number)
        0x200B: None,
        0x200C: None,
        0x200D: None,
        0x2060: None,
        0xFEFF: None,
        0x00AD: None,
        # control characters (a byte of a damaged file, a bell beside a figure: 行政规范性文件 | \a3), the line's
        # breaks and tabs aside, and the unit separator normalize_document joins cells with (_SEP)
        **dict.fromkeys([*range(0, 9), 11, 12, *range(14, 31), 127], None),
        # superscript digits after a figure: a footnote's mark (35¹, 1234⁽¹⁾), no digits of it
        **dict.fromkeys([0xB9, 0xB2, 0xB3, 0x2070, *range(0x2074, 0x207F)], None),
        0x2212: 0x2D,
        0xFF0E: 0x2E,
        0xFF05: 0x25,
        0xFF0B: 0x2B,
    }
)

_RADICAL_CHARS = "\u2e80-\u2fdf"  # (a range of a character class)
_RADICAL_RE = re.compile(f"[{_RADICAL_CHARS}]")


def without_radicals(text: str) -> str:
    """``text`` with the radicals a PDF's font gave for whole characters made those characters (⼈⺠政府:
    人民政府; :data:`ogi.template.text.RADICALS`)."""
    return text.translate(RADICALS) if _RADICAL_RE.search(text) else text


_STRAY = re.compile(r"^[\s?？\ufffd]+$")
# Page furniture a PDF's text layer keeps: "- 3 -", "第 3 页", "第3页 共6页", "3 / 6".
_PAGE_MARK = r"[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # - 3 -, 第3页 共6页
_FOOTER = re.compile(rf"^\s*(?:{_PAGE_MARK}|\d{{1,4}}\s*/\s*\d{{1,4}})\s*$")
# what a footer's first character other than a space is (a dash, 第, a digit): a line opening with
# another is no footer, and is not matched against _FOOTER (a regular expression's call costs
# more than all the rest of the line's test)
_FOOTER_FIRST = frozenset("-—–第")
_SEP = "\x1f"
# A page's footer a PDF's text puts on the line of the text beside it (PyMuPDF's sorted text: "— 2 —信息内容
# 本年收费金额"): the footer where the line begins, something other than a figure after it
_FOOTER_LEAD = re.compile(rf"^\s*(?:{_PAGE_MARK})\s*(?=[^\d\s.])")


def _unfooted(ln: Line) -> None:
    """``ln`` without a page's footer where it begins (a cell of its own, or the start of the first)."""
    first = ln.cells[0]
    if len(ln.cells) > 1 and _FOOTER.match(first.text):
        del ln.cells[0]
    elif (m := _FOOTER_LEAD.match(first.text)) is not None:
        first.text = first.text[m.end() :]


_WIDE_CHARS = "".join(re.escape(chr(c)) for c in _WIDE)  # (escaped: a character class's)
_WIDE_RE = re.compile(f"[{_WIDE_CHARS}]")


def widths(text: str) -> str:
    # translate() looks every character up in a dict: only pay for it when needed.
    return text.translate(_WIDE) if _WIDE_RE.search(text) else text


# an HTML space entity left in text copied or crawled from a page (a cell printed &nbsp;)
_SPACE_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|#160|#x0*a0|#12288|#x3000);?", re.I)


def normalize_text(text: str) -> str:
    """One text as the extract stage reads it: radicals a PDF's font gave for characters made those
    characters (:func:`without_radicals`), pinyin glued to characters taken out, traditional characters
    made simplified (OpenCC), full-width letters, digits and spaces made half-width, HTML space entities
    left in text (``&nbsp;``) made spaces."""
    if "&" in text:
        text = _SPACE_ENTITY.sub(" ", text)
    if _changing_re().search(text) is None and not toned_at_head(text):  # (most texts: one pass, not five)
        return text
    return widths(to_simplified(strip_pinyin(without_radicals(text))))


@cache
def _changing_re() -> re.Pattern[str]:
    """One character where :func:`normalize_text`'s steps may change a text: a radical (:data:`_RADICAL_RE`), a
    traditional character (:func:`~ogi.normalize.chinese.traditional_chars`), a tone's mark, a character
    :func:`widths` changes, or a bracket where pinyin may open (:data:`~ogi.normalize.chinese.PINYIN_OPENING`). Each
    step looks for its own with a pass over the whole text (a document is normalized as one): about 7 ns a
    character each, five passes where one does when none is there. A text without one, and without pinyin with tone
    digits at its head (:func:`~ogi.normalize.chinese.toned_at_head`), no step changes. (The characters open the
    pattern, a bracket's pinyin looked for after it: a search looks for the characters before it tries the rest.)"""
    brackets = PINYIN_BRACKETS
    chars = _RADICAL_CHARS + traditional_chars() + TONE_MARKS + _WIDE_CHARS
    return re.compile(f"[{chars}{brackets}](?:(?<=[^{brackets}])|{PINYIN_OPENING})")


def without_spaces(text: str | None) -> str:
    """``text`` with no white space left ("" for None): how names and sections are compared
    (``str.split``, a quarter of a regular expression's cost on a section's text)."""
    return "".join(text.split()) if text else ""


# marks that may stand before a heading or a title and are no part of it (WeChat articles' 🔹 📢, bullets ● ■ ◆ ▶ …)
_BULLET_MARKS = "•·●○◆◇■□▶►▪▫★☆→-–—>*"


def is_bullet(ch: str) -> bool:
    """Whether ``ch`` is a mark put before a heading or a title: a symbol (an emoji, an arrow), a bullet, or
    an invisible joiner of emoji (Unicode categories So, Sm, Sk, Cf, Cn)."""
    return ch in _BULLET_MARKS or unicodedata.category(ch) in ("So", "Sm", "Sk", "Cf", "Cn")


def unbulleted(t: str) -> str:
    """``t`` without the marks and spaces before it (🔹一、总体情况: 一、总体情况)."""
    i = 0
    while i < len(t) and (is_bullet(t[i]) or t[i].isspace()):
        i += 1
    return t[i:]


def is_stray(text: str) -> bool:
    """A cell or line holding only question marks or replacement characters."""
    return ("?" in text or "？" in text or "\ufffd" in text) and _STRAY.match(text) is not None


def normalize_document(doc: Document) -> Document:
    """Normalize every cell's text in place, in one pass over the document."""
    cells = [c for ln in doc.lines for c in ln.cells]
    if not cells:
        return doc
    joined = _SEP.join([c.text for c in cells])
    normalized = normalize_text(joined)
    if normalized != joined:
        out = normalized.split(_SEP)
        if len(out) != len(cells):  # a converter touched the separator: do it cell by cell
            out = [normalize_text(c.text) for c in cells]
        for c, t in zip(cells, out, strict=True):
            c.text = t
    stray = "?" in normalized or "？" in normalized or "\ufffd" in normalized
    kept = []
    for ln in doc.lines:
        if ln.grid is None:  # one cell, or one per word (PDF, OCR)
            text = ln.text
            c = text.lstrip()[:1]
            if (c in _FOOTER_FIRST or c.isdigit()) and _FOOTER.match(text):
                continue
            if c in _FOOTER_FIRST and ln.cells:
                _unfooted(ln)
        if stray and ln.grid is None:
            # (a line of them only goes; a grid's row keeps such cells, each standing in its column, even all of
            # them: a value the encoding lost, read unread — ogi.extract.tokens._classify — where dropped they
            # moved the row's values, or left a row of fifteen to read as blanks)
            ln.cells = [c for c in ln.cells if not is_stray(c.text)]
            if not ln.cells:
                continue
        if ln.cells:
            kept.append(ln)
    if kept and kept[0].cells[0].where.page is not None:  # a paged document: a browser's print on each page
        furniture = _page_furniture(kept)
        if furniture:
            kept = [ln for i, ln in enumerate(kept) if i not in furniture]
    doc.lines = kept
    return doc


# what a browser prints at each page's head or foot (a page of a site printed to PDF): the page's address,
# the date and time printed (2025/1/17 09:42 …), its page number (第 2 页 共 4 页)
_FURNITURE = re.compile(rf"https?://\S+|^\s*\d{{4}}[/-]\d{{1,2}}[/-]\d{{1,2}}\s+\d{{1,2}}:\d{{2}}|(?:{_PAGE_MARK})\s*$")
_DIGIT_RUN = re.compile(r"\d+")


def _page_furniture(lines: list[Line]) -> set[int]:
    """Indices of the lines of prose a browser printed on every page (:data:`_FURNITURE`): the same line, its
    numbers aside, on two pages or more. Lines of a table, and lines that say nothing of a printed page, stay."""
    seen: dict[str, list[tuple[int, int | None]]] = {}
    for i, ln in enumerate(lines):
        if ln.grid is not None:
            continue
        t = ln.text
        if ("http" in t or "页" in t or ":" in t) and _FURNITURE.search(t):
            seen.setdefault(_DIGIT_RUN.sub("#", t), []).append((i, ln.cells[0].where.page))
    return {i for found in seen.values() if len({p for _, p in found}) >= 2 for i, _ in found}


_LABEL_MAP = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "〔": "(",
        "〕": ")",
        "【": "(",
        "】": ")",
        "[": "(",
        "]": ")",
        "，": ",",
        "：": ":",
        "；": ";",
        "、": ".",
        "．": ".",
        "。": ".",
        "“": "",
        "”": "",
        '"': "",
        "‘": "",
        "’": "",
        "'": "",
        "「": "",
        "」": "",
        " ": "",
        "\t": "",
        "\n": "",
        "\r": "",
        "*": "",
        "#": "",
    }
)


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """The compact form printed labels are matched in: no spaces, half-width
    brackets and digits, ``、`` and ``．`` as ``.``, no quotes."""
    return widths(text).translate(_LABEL_MAP)
