"""Cells as a stream of tokens: label text, values and blanks."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from ogi.model import Cell, Doubt, Line, Where, bare, line_places
from ogi.normalize import is_stray, label_key
from ogi.template import spec
from ogi.template.text import CN_COUNT_CHARS, CN_DIGITS, CN_UNITS

TEXT, VALUE, BLANK = 0, 1, 2
K = TypeVar("K")
V = TypeVar("V")

_NUM = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
# the units a value may be printed with (formats.toml's [[unit]]), the longest first: 万元 before 元
_UNIT_WORDS = frozenset(u.name for u in spec().units)
_UNIT_NAMES = tuple(sorted(_UNIT_WORDS, key=len, reverse=True))
_UNITS = "|".join(map(re.escape, _UNIT_NAMES))
_UNIT = re.compile(rf"({_UNITS})$")
_BLANKS = frozenset({"", "/", "／", "\\", "—", "——", "-", "--", "–", "－", "~", "无", "空"})
_WS = re.compile(r"\s+")
# a change (2019 table 2's 本年增/减) written as a word for none
_NO_CHANGE = frozenset({"无变化", "持平", "不变", "未变化", "没有变化", "无增减", "未增减"})
# Minus signs other than "-" that reports print before a number (full-width, typeset, small), and the word 负
# (负2: minus two, a change below zero written as it is said)
_MINUS = frozenset("－−﹣负")
# arrows a change is printed with for its sign (↓3: three fewer)
_ARROWS = {"↓": "-", "▼": "-", "↑": "+", "▲": "+"}
_APOSTROPHES = re.compile(r"[+-]?\d{1,3}(?:'\d{3})+(?:\.\d+)?")
# A change with a word for its sign: "减12", "增加3"
_SIGN_WORDS = ("增加", "减少", "增", "减")  # the longer first: an alternation takes the first that fits
_SIGN_WORD = re.compile(rf"^({'|'.join(_SIGN_WORDS)})(\d.*)$")
# A value with its unit printed before it (（件）2963, 件2963: the unit on the cell's first line)
_UNIT_FIRST = re.compile(rf"^[（(]?({_UNITS})[)）]?([+-]?\d[\d.]*)$")
# A value with a bracketed note after it, in one cell
# a line of a table written as "label：value" (行政复议结果维持：2件): the label and its value
_LABEL_VALUE = re.compile(rf"([^\s：:，。；,;]{{2,40}}?)[：:]\s*([+-]?\d+(?:\.\d+)?\s*(?:{_UNITS})?)\s*")
_NOTED = re.compile(rf"^([+-]?\d[\d.]*(?:{_UNITS})?)[（(][^（）()]{{1,40}}[）)]$")
# A value with a footnote's mark after it (a superscript in the source: 76<sup>注1</sup>, 19①, 4[2], 112*):
# the value; the note is under the table
_FOOTNOTE_MARK = r"(?:注\d{1,2}|[\u2460-\u2473\u2776-\u277f]|[\[［]\d{1,2}[\]］]|[*※†‡#＃]{1,3})"  # 注1 ① [2] * #
_MARKED = re.compile(rf"^([+-]?\d[\d.]*(?:{_UNITS})?){_FOOTNOTE_MARK}$")
_FOOTNOTE_AFTER = re.compile(_FOOTNOTE_MARK)


@dataclass(slots=True)
class Token:
    """One cell or word of a table's region as the tables' readers take it: its kind, its label key or number, its
    cell and line. :func:`tokens_of` makes them without calling the class (every field set there)."""

    kind: int
    text: str  # label key for TEXT, the cleaned number for VALUE, raw for BLANK
    value: int | float | None
    unit: str | None
    cell: Cell
    line: int  # index of the document line
    first: bool = False  # first cell of a row of several cells, or first word of a line split into words
    width: int | None = None  # columns of the table across the token's row, where known (``Line.width``)
    doubt: str | None = None  # why the reading of this value is in doubt from the start (wrapped, unjoined)
    glued: bool = False  # digits printed against a label or another value with no space (规章000, 00)

    @property
    def where(self) -> Where:
        return self.cell.where


# a spreadsheet's formula or error value printed in a cell instead of its figure (=SUM(D6:I6), #REF!, ####: its
# column too narrow): a value printed, no number of it
_SHEET_TEXT = re.compile(
    r"=[A-Za-z]+\(.*\)|=[A-Za-z]{1,3}\d+(?:[-+*/][A-Za-z]{1,3}\d+)+|#(?:VALUE!|REF!|DIV/0!|N/A|NAME\?|NUM!|NULL!)|#{3,}"
)

# Digits before the decimal point past which a number is no figure a report can hold: 10^15 and
# more is beyond what a double holds exactly (2^53 ≈ 9×10^15), and past any count or amount.
MAX_INT_DIGITS = 15


@lru_cache(maxsize=65536)
def parse_value(text: str) -> tuple[int, int | float | None, str | None, str]:
    """Classify one cell's text: (kind, number, unit, cleaned). A number of more than
    :data:`MAX_INT_DIGITS` digits before its point is a value that cannot be read: kind ``VALUE``,
    number ``None`` (the cell is reported invalid, the rest of the reading goes on)."""
    s = text.strip()
    if s in _BLANKS:
        return BLANK, None, None, s
    if s[:1] in "=#" and _SHEET_TEXT.fullmatch(s):
        return VALUE, None, None, s  # a spreadsheet's formula or error value where the figure belongs: no number
    if s in _NO_CHANGE:
        return VALUE, 0, None, "0"  # 本年增/减 written as a word: no change
    s = s.replace(" ", "")
    if s[:1] in _MINUS and s[1:2].isdigit():  # "－2", "负2": a change printed with a full-width or typeset minus
        s = "-" + s[1:]
    elif s[:1] == "负" and (n := numeral_value(s[1:])) is not None:  # 负二: a change below zero in Chinese numerals
        return VALUE, -n, None, str(-n)
    elif s[:1] in _ARROWS and s[1:2].isdigit():  # ↓3, ↑2: a change with an arrow for its sign
        s = _ARROWS[s[0]] + s[1:]
    money = s[:1] in "￥¥" and s[1:2].isdigit()  # ￥1,200.00: an amount in 元, its sign before it
    if money:
        s = s[1:]
    if s[:1] == "." and s[1:2].isdigit():  # .35: a fraction without its leading zero (as a spreadsheet may show 0.35)
        s = "0" + s
    if "'" in s and _APOSTROPHES.fullmatch(s):  # 12'345: thousands apart by apostrophes (a Swiss format)
        s = s.replace("'", "")
    if s[-1:] == "万" and _NUM.match(s[:-1]) and (n := float(s[:-1]) * 10_000) == int(n):
        return VALUE, int(n), None, str(int(n))  # 1.2345万: a count in ten thousands, a whole number of them
    if "," in s or "，" in s:
        s = _THOUSANDS.sub("", s.replace("，", ","))
    unit = None
    m = _UNIT.search(s)
    if m and len(s) > len(m.group(1)):
        unit = m.group(1)
        s = s[: -len(unit)]
    if _NUM.match(s):
        whole = s.lstrip("+-").split(".", 1)[0].lstrip("0")
        if len(whole) > MAX_INT_DIGITS:
            return VALUE, None, unit, s
        return VALUE, (float(s) if "." in s else int(s)), unit if unit or not money else "元", s
    m = _UNIT_FIRST.match(s)
    if m:  # "（件）2963": the unit printed before the value, above it in its cell
        kind, v, unit, clean = parse_value(m.group(2) + (m.group(1) if m.group(1) in ("万元", "元") else ""))
        if kind == VALUE:
            return kind, v, unit, clean
    m = _SIGN_WORD.match(s)
    if m:  # "减12", "增加3": a change written with a word for its sign (表二 本年增/减)
        kind, v, unit, clean = parse_value(m.group(2))
        if kind == VALUE and v is not None and not clean.startswith(("+", "-")):
            return (VALUE, -v, unit, "-" + clean) if m.group(1)[0] == "减" else (VALUE, v, unit, clean)
    m = _NOTED.match(s) or _MARKED.match(s)
    if m:  # "22（其中修订16件）", "55(含自然失效29件)", "76注1": the value, and a note about it
        kind, v, unit, clean = parse_value(m.group(1))
        if kind == VALUE:
            return kind, v, unit, clean
    return TEXT, None, None, text


def tokens_of(
    lines: list[Line],
    start: int,
    end: int,
    split_words: bool,
    notes: bool = False,
    alone: set[int] | None = None,
    seen: dict[str, int] | None = None,
) -> list[Token]:
    """Tokens of document lines [start, end); with ``notes``, but the notes under a table
    (``注：…``, ``单位：件``: :func:`is_note`); ``alone`` gets the lines of text holding a value
    alone (a table flattened one cell per line); ``seen["glued"]`` whether a number glued to others
    was met (:attr:`Token.glued`), ``seen["single"]`` how many lines gave one token, ``seen["numbered"]`` how many
    gave several, the first a value (after empty cells): what the tables' readers may skip looking for.

    Prose lines are split on white space when ``split_words`` is set, which is
    how text from a PDF's text layer carries its table rows. A prose line of
    several cells (one per word, as the PDF and OCR readers give them, each
    with its own box) is read the same way, word by word.
    """
    out: list[Token] = []
    add = out.append
    words_seen, cells_seen, words_parts, note_leads = _SEEN[True], _SEEN[False], _WORDS, _NOTE_LEADS
    maybe_note = _MAYBE_NOTE
    lone: list[int] = []  # tokens that are a value alone on a line of text
    single = numbered = 0  # lines of one token; of several, a value their first (seen)
    # the source line of the last line of prose (Where.line); before the region, the line before it
    before = lines[start - 1] if start > 0 else None
    run_src = before.cells[0].where.line if before is not None and before.grid is None and before.cells else None
    for li in range(start, end):
        ln = lines[li]
        cells = ln.cells
        if notes and cells and (t0 := cells[0].text)[:1] in maybe_note:  # (most lines open otherwise)
            if not t0 and len(cells) > 1:  # the empty cell before a first pipe: the row's first is next
                t0 = cells[1].text
            lead = note_leads.get(t0)
            if lead is None:
                lead = _note_lead(t0)
            if lead and (t0 or len(cells) > 1) and is_note(ln):  # (a line of one empty cell: no note)
                continue
        width = ln.width
        if ln.grid is None and split_words:
            if lone and lone[-1] == len(out) - 1 and len(cells) == 1 and _LINE_NOTE.match(cells[0].text.strip()):
                continue  # the note on the second line of the value alone on the line before (30 / （含修订18件）)
            # a line broken out of one line of the source (a report run together on one line, its cells'
            # text run together too): numbers there may stand against their labels or each other
            src = cells[0].where.line if cells else None
            runon = src is not None and src == run_src
            run_src = src
            j = 0
            first = len(out)
            for cell in cells:
                text = cell.text
                if cell.confidence is None and not (runon and _GLUE_CHARS.search(text)):
                    # (most words: their parts and classes remembered)
                    for kind, key, v, unit in words_parts.get(text) or _learn_words(text):
                        t = bare(Token)  # (:class:`Token`, made without its call)
                        t.kind, t.text, t.value = kind, key, v
                        t.unit, t.cell, t.line = unit, cell, li
                        t.first, t.width, t.doubt = j == 0, width, None
                        t.glued = False
                        add(t)
                        j += 1
                    continue
                parts, glued = _word_parts(text, runon)
                for k, p in enumerate(parts):
                    if cell.confidence is not None:
                        p = _ocr_point(p)
                    kind, key, v, unit = words_seen.get(p) or _learn(p, True)
                    add(Token(kind, key, v, unit, cell, li, j == 0, width))
                    if glued is not None and k in glued and kind == VALUE:
                        out[-1].glued = True
                        if seen is not None:
                            seen["glued"] = True
                    j += 1
            if j > 2 and cells[0].confidence is not None:  # a row read from an image
                _illegible_between_values(out, first)
            elif j > 1 and cells[0].confidence is None:
                _numbers_in_words(out, first)
            if j == 1 and out[-1].kind != TEXT and cells[0].confidence is None:
                lone.append(first)
            if len(out) - first == 1:
                single += 1
            elif len(out) > first and out[first].kind == VALUE:
                numbered += 1
            continue
        prose = ln.grid is None
        known = words_seen if prose else cells_seen
        if len(cells) == 1:  # (a table flattened a cell a line: most lines there) a token, not first
            cell = cells[0]
            text = cell.text if cell.confidence is None else _ocr_point(cell.text)
            kind, key, v, unit = known.get(text) or _learn(text, prose)
            if kind != TEXT or prose or " " not in text or not _EACH_WITH_UNIT.fullmatch(text):
                t = bare(Token)  # (:class:`Token`, made without its call)
                t.kind, t.text, t.value = kind, key, v
                t.unit, t.cell, t.line = unit, cell, li
                t.first, t.width, t.doubt = False, width, None
                t.glued = False
                add(t)
                single += 1
                continue
        at = len(out)
        lt = -1  # the index of the row's last label cell: a label's pieces apart (规 | | 章) have cells between
        gap = numerals = False
        for cell in cells:
            text = cell.text if cell.confidence is None else _ocr_point(cell.text)
            kind, key, v, unit = known.get(text) or _learn(text, prose)
            if kind == VALUE and " " in text and not prose and _SPACED.fullmatch(text):
                # digits apart by a space in a grid's cell (9 0): one number (1 2, 1 302), or two cells whose
                # separator was lost (| 9 0 | of a row a cell short): cut where the row needs it (tables)
                add(Token(kind, key, v, unit, cell, li, False, width, None, True))
                if seen is not None:
                    seen["glued"] = True
                continue
            if kind == TEXT:
                if not prose and " " in text and _EACH_WITH_UNIT.fullmatch(text):
                    # values stacked in one cell, each with its unit (1 件 / 35 件: a cell under two merged
                    # headings, as PDF-to-markdown tools give it): a value each
                    for part in _VALUE_WITH_UNIT.findall(text):
                        pk, pv, pu, pc = parse_value(part)
                        add(Token(pk, pc, pv, pu, cell, li, False, width))
                    continue
                if lt >= 0 and len(out) > lt + 1:
                    gap = True
                lt = len(out)
                if key and len(key) <= _NUMERAL_MAX and not key.strip(_NUMERAL_CHARS):
                    numerals = True
            t = bare(Token)  # (:class:`Token`, made without its call)
            t.kind, t.text, t.value = kind, key, v
            t.unit, t.cell, t.line = unit, cell, li
            t.first, t.width, t.doubt = False, width, None
            t.glued = False
            add(t)
        if not prose and 0 <= lt < len(out) - 1 and out[lt].cell.text.rstrip()[-1:].isdigit():
            _value_in_label(out, lt)
        if len(cells) > 1 and len(out) > at:
            out[at].first = True  # a row of several cells starts a new run of values
        if gap and not prose:
            _label_blanks_dropped(out, at)
        if numerals and not prose:
            _numerals_read(out, at)
        if lt > at and not prose:
            _unread_cells(out, at, lt)
        if len(out) - at == 1:
            single += 1
        else:
            k = at
            while k < len(out) and out[k].kind == BLANK and not out[k].text.strip():
                k += 1
            if k < len(out) and out[k].kind == VALUE:
                numbered += 1
    if seen is not None:
        seen["single"], seen["numbered"] = single, numbered
        if len(lone) >= _EMPTY_LINES_AMONG:  # (empty cells read among lines: tokens the counts miss)
            seen["single"] = seen["numbered"] = len(out)
    if len(lone) > 1:
        _join_lone_values(out, lone)
    if alone is not None:
        alone.update(out[i].line for i in lone if out[i].cell.where.bbox is None)
    if len(lone) >= _EMPTY_LINES_AMONG:
        return _empty_lines(out, lone)
    return out


# a word of a language written in letters (a translation's, a caption's: 제 20 조, Table 3, ᠵᠦᠢᠯ ᠑, Item ١): a
# capitalised or small Latin word (APP, PDF: no), Hangul, Mongolian, Arabic, Tibetan or Cyrillic letters
_LETTERS_WORD = re.compile(
    r"(?:[A-Z]?[a-z]{2,}|[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]+|[\u1820-\u18aa]+|[\u0620-\u065f\u066e-\u06d3]+"
    r"|[\u0f40-\u0fbc]+|[\u0400-\u04ff]{2,})[.:,]?"
)


def _numbers_in_words(out: list[Token], first: int) -> None:
    """A line of text split into words (``out[first:]``: a PDF's row, a line of flattened text) where a number
    follows a word of a language written in letters (:data:`_LETTERS_WORD`): part of that text, as a
    translation of a label or heading beside the Chinese (제 20 조 제(6)항, ᠵᠦᠢᠯ ᠑) or a caption (Table 3)
    writes it — no value of a row (a table's values follow a Chinese label, or none), in place. And one
    character alone between two values (规章 1 1 供 13: a glyph of a watermark, 内部资料 仅供参考, printed
    across the page, that the text layer placed among a row's values; not a unit, 1 件 13) is none of the
    row's: left out, so the values keep their columns."""
    stray: list[int] = []
    for i in range(first + 1, len(out)):
        t = out[i]
        if t.kind == VALUE:
            if out[i - 1].kind == TEXT and _LETTERS_WORD.fullmatch(out[i - 1].text):
                out[i] = Token(TEXT, label_key(t.text), None, None, t.cell, t.line, t.first, t.width)
        elif (
            t.text[:1] in _LOOKALIKE_FIRST
            and _LOOKALIKES_ONLY.fullmatch(t.text)
            and (out[i - 1].kind != TEXT or (i + 1 < len(out) and out[i + 1].kind != TEXT))
            and (i + 1 >= len(out) or out[i + 1].kind != TEXT or out[i - 1].kind != TEXT)
        ):
            # a digit among a row's values written as a letter or sign of its look (OCR's, a retyping's: 1 0 O 0 0,
            # 4 Z 7, Zl): those digits — the Chinese numeral 〇 as it is, a letter's reading in doubt (a float, its
            # text the digits: _Reader.value says it garbled)
            text = t.text.translate(_LOOKALIKE_DIGITS)
            out[i] = Token(
                VALUE, text, 0 if t.text in _NUMERAL_ZEROS else float(text), None, t.cell, t.line, t.first, t.width
            )
        elif (
            len(t.text) == 1
            and out[i - 1].kind == VALUE
            and i + 1 < len(out)
            and out[i + 1].kind == VALUE
            and t.text not in _UNIT_WORDS
            and _CJK.match(t.text)
        ):
            stray.append(i)
        elif (
            t.kind == TEXT
            and "章" in t.text
            and out[i - 1].kind == VALUE
            and i + 1 < len(out)
            and out[i + 1].kind == VALUE
            and _SEAL_WORD.search(t.text) is not None
            and (m := _SEALED.fullmatch(t.text)) is not None
        ):
            # a seal's words over a row's value, its text layer's characters run into the digits (公开3专用章): the
            # digits, in doubt
            out[i] = Token(VALUE, m.group(1), int(m.group(1)), None, t.cell, t.line, t.first, t.width, Doubt.GARBLED)
    for i in reversed(stray):
        if out[i + 1].first:
            continue  # (the value after it opens a row of its own)
        del out[i]


# a word of a seal's characters (…专用章, 印章) with a value's digits among them (公开3专用章)
_SEAL_WORD = re.compile(r"专用章|公章|印章|之章")
_SEALED = re.compile(r"\D*?(\d{1,6})\D*")


# a row's label cell ending in a number (…不计其他情形)14, …相关政府信息 25): the label, and the number
_LABEL_THEN_NUMBER = re.compile(r"(.*[^\d\s.．、:：])\s*(\d{1,6})\s*")


def _value_in_label(out: list[Token], at: int) -> None:
    """A grid row's last label cell, ``out[at]``, ending in a number, values after it: the row's first value
    typed into its label's cell (its separator lost) — the label, and the number as a value in doubt
    (``glued``: which cell it is the row's count of values tells), in place. None where the label's text
    before the number is no label (数据1, a placeholder heading: no values follow it), or the number is the
    label's own (a heading's 2021年: no digit ends a label of the template)."""
    t = out[at]
    if out[at + 1].kind != VALUE or not (m := _LABEL_THEN_NUMBER.fullmatch(t.cell.text)) or len(m.group(1)) < 4:
        return
    label, digits = m.group(1), m.group(2)
    out[at] = Token(TEXT, label_key(label), None, None, t.cell, t.line, t.first, t.width)
    out.insert(at + 1, Token(VALUE, digits, int(digits), None, t.cell, t.line, False, t.width, Doubt.GLUED))


# a grid cell's digits apart by spaces (9 0, 2 8, 1 302): a number, or cells run together (:func:`tokens_of`)
_SPACED = re.compile(r"\s*\d+(?: +\d+)+\s*")

# values alone on their lines a table needs before the lines left empty among them are read as its empty cells
_EMPTY_LINES_AMONG = 6
# empty cells read between two values at most (a row's columns: table 3's seven and a column of its own or two)
_EMPTY_CELLS_MAX = 10


def _empty_lines(out: list[Token], lone: list[int]) -> list[Token]:
    """A table flattened a cell a line by a converter that writes an empty cell as an empty line (LibreOffice's
    text export: 0 / 0 / (empty) / 1; docx2txt, whose every cell is followed by one: 0 / / 0 / / / / 1): the
    lines left empty between two values alone on their lines, past those every cell has after it (the fewest
    between two of them), are empty cells — a blank each (as many as they make up; none where they
    make up no whole number of cells: a paragraph's break); so are those between a row's label alone on its line
    and its first value, where the row shows as many values fewer than most rows. Text whose lines carry no
    line numbers, or values not alone: as is."""
    alone = set(lone)
    # (two values on document lines next to each other: the source's lines between them are empty ones)
    pairs = [
        i
        for i in lone
        if i and (i - 1) in alone and out[i].line == out[i - 1].line + 1 and out[i].cell.where.line is not None
    ]
    if len(pairs) < _EMPTY_LINES_AMONG - 1 or out[lone[0]].cell.where.bbox is not None:
        return out
    gaps = {i: out[i].cell.where.line - out[i - 1].cell.where.line - 1 for i in pairs}  # type: ignore[operator]
    # and after a row's label alone on the line before its first value (its first cell empty)
    shown = _values_after_labels(out, alone)
    labelled: dict[int, int] = {}
    for i in shown:
        before = out[i - 1]
        if before.line == out[i].line - 1 and before.cell.where.line is not None and out[i].cell.where.line is not None:
            labelled[i] = out[i].cell.where.line - before.cell.where.line - 1
    # the lines after every cell (none, or one): the fewest between two values of a row — not between a label and
    # a value, which a converter may set closer (pdftotext's paragraphs: a label's two lines with a value between)
    usual = min(gaps.values())

    def cells(g: int) -> int:  # the empty cells ``g`` empty lines make up past the usual ones (0: no whole number)
        return (g - usual) // (usual + 1) if g > usual and (g - usual) % (usual + 1) == 0 else 0

    more = {i: k for i, g in gaps.items() if (k := cells(g))}
    # a label's, where the row shows as many values fewer than the table's rows mostly do (a header's last line
    # before a row of values, set apart by empty lines as a row is, is no label of it)
    most = Counter(shown.values()).most_common(1)[0][0] if shown else 0
    for i, g in labelled.items():
        if (k := cells(g)) and shown[i] + k == most:
            more[i] = k
    if not more:
        return out
    got: list[Token] = []
    for i, t in enumerate(out):
        for k in range(min(more.get(i, 0), _EMPTY_CELLS_MAX)):  # (each empty cell's line: after the one before)
            before = out[i - 1]
            at = before.cell.where.line + (usual + 1) * (k + 1)  # type: ignore[operator]
            blank = Token(BLANK, "", None, None, Cell("", line_places(at)[at]), t.line, t.first, t.width)
            t.first = False  # (the row's values begin with the empty cell: one run with it)
            got.append(blank)
        got.append(t)
    return got


def _values_after_labels(out: list[Token], alone: set[int]) -> dict[int, int]:
    """Each value alone on its line right after a text (a row's label), with how many values alone on their
    lines follow one another from it (the row's values)."""
    shown: dict[int, int] = {}
    for i in sorted(alone):
        if i and out[i - 1].kind == TEXT:
            n = 1
            while i + n in alone and out[i + n].line == out[i + n - 1].line + 1:
                n += 1
            shown[i] = n
    return shown


# a cell holding two values or more, each with its unit ("1 件 35 件")
_VALUE_WITH_UNIT = re.compile(rf"[+-]?\d+(?:\.\d+)?\s*(?:{_UNITS})")
_EACH_WITH_UNIT = re.compile(rf"(?:{_VALUE_WITH_UNIT.pattern}\s*){{2,}}")


def _label_blanks_dropped(out: list[Token], at: int) -> None:
    """Drop from a row's tokens ``out[at:]`` the empty cells between pieces of its label, before its
    first value (``规 | | | 章 | 0 | 1``: a label printed a character a cell, as PDF-to-markdown tools cut
    one spaced out across its columns): they are no columns of values."""
    first_value = next((i for i in range(at, len(out)) if out[i].kind == VALUE), None)
    if first_value is None:
        return
    drop = []
    texted = False
    pending: list[int] = []
    for i in range(at, first_value):
        k = out[i].kind
        if k == TEXT:
            if texted:
                drop.extend(pending)
            texted, pending = True, []
        elif k == BLANK and texted:
            pending.append(i)
    for i in reversed(drop):
        del out[i]


# what a line run together may hold glued to its words: digits, blank marks
_GLUE_CHARS = re.compile(r"[\d/／—－]")
# a blank mark printed against the label before it (禁止公开－): an empty first cell
_MARK_AFTER = re.compile(r"(?<=[^\s/／—－-])[/／—－]$")
_MARK_BEFORE = re.compile(r"^[/／—－]+(?=[^\d\s/／—－-])")  # and against the label after it (/行政规范性文件)
# a number in a word; what may follow a figure of prose (a unit, a date's, a sentence's mark): no value
# glued to a label there (案件2件, 2021年)
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_MINUS_GLUED = frozenset("-－−")
_UNIT_BEFORE = re.compile(rf"[（(](?:{_UNITS})[)）]")
_SENTENCE_MARKS = frozenset("。，；、,;：:")
_AFTER_FIGURE = frozenset("件条个项次人户笔元年月日时分万亿页号期名家份篇场批轮类余多位本册%‰。，；：、）)〕】")


def _unglued(words: list[str]) -> tuple[list[str], set[int] | None]:
    """Words of a table's row with the numbers printed against their labels cut out of them, as a
    page's text copied without its cells' spaces gives them: ``规章000`` → 规章, 000;
    ``秘密00000002.其他`` → 秘密, 0000000, 2.其他 (a row's numbering, one digit and a point, begins the
    next label); and the indices of the words that are such numbers, or a number of digits only with a
    leading zero (00: two zeros of two cells), or any number of two digits or more (the line is run
    together: 1000001 may be seven cells); a sign between digits begins the next number (88-720: 88,
    -720); a blank mark against a label (禁止公开－, /行政规范性文件) cut off it. A figure of prose
    (案件2件, 2021年) or a value with its note (22（其中修订16件）) stays whole. None where no number is
    glued."""
    out: list[str] = []
    glued: set[int] = set()
    for w in words:
        if (lead := _MARK_BEFORE.match(w)) and _CJK.match(w, lead.end()):
            out.append(lead.group())
            w = w[lead.end() :]
        if parse_value(w)[0] == VALUE:
            if len(w) > 1 and w.lstrip("-").isdigit():
                glued.add(len(out))
            out.append(w)
            continue
        at = 0
        for m in _DIGITS.finditer(w):
            a, b = m.start(), m.end()
            if a < at:
                continue  # within what the value before took (its note, its mark)
            nxt = w[b : b + 1]
            numbering = nxt in (".", "．") and b + 1 < len(w) and not w[b + 1].isdigit()
            if numbering:  # 2.其他: the last digit numbers the next label
                b -= 1
            unit = next((u for u in _UNIT_NAMES if w.startswith(u, b)), None)
            end = b + len(unit) if unit else 0
            # (a figure of prose ends in its sentence's mark: 案件2件，)
            if unit and w[end : end + 1] not in _SENTENCE_MARKS:
                b += len(unit)  # a value and its unit at the end of a row's cell (采购…5947.43元), no figure of prose
                nxt = w[b : b + 1]
            elif b <= a or nxt in _AFTER_FIGURE or (a > 0 and w[a - 1] in "第表"):
                continue  # (第二十条; a table's number, 附表2: no value)
            if nxt in "（(":
                close = min((k for k in (w.find("）", b), w.find(")", b)) if k > 0), default=-1)
                if close > 0 and _NOTED.match(w[a : close + 1]):
                    b = close + 1  # the value's note (26（含修订19件）) goes with it
            elif mark := _FOOTNOTE_AFTER.match(w, b):
                b = mark.end()  # a footnote's mark goes with its value (13①)
            if w[a:b].count(".") == 0 and a > 0 and w[a - 1] in ".．":
                continue  # the digits after a numbering's point
            if a > at and w[a - 1] in _MINUS_GLUED and (a - 1 == at or not w[a - 2].isspace()):
                a -= 1  # a sign between the numbers: the next one's (88-720)
            if (before := _UNIT_BEFORE.search(w, at, a)) is not None and before.end() == a:
                a = before.start()  # the unit printed before its value ((件)0) goes with it
            if at < a:
                out.append(w[at:a])
            glued.add(len(out))
            out.append(w[a:b].replace("－", "-").replace("−", "-"))
            at = b
        rest = w[at:]
        if rest and (m := _MARK_AFTER.search(rest)) and _CJK.search(rest[: m.start()]):
            out.extend((rest[: m.start()], rest[m.start() :]))
        elif rest:
            out.append(rest)
    return out, (glued or None)


def _unit_of(before: str, word: str) -> bool:
    """``word`` is the unit of the number ``before`` laid out apart from it: ["126.5", "万元"], ["1,234.56", "万元"]
    (PDF text)."""
    return word in _UNIT_WORDS and (_NUM.match(before) is not None or _GROUPED.fullmatch(before) is not None)


_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # a number in groups of thousands (1,234.56)


def _signs_number(before: str, word: str) -> bool:
    """``before`` is the sign word of the number ``word`` laid out apart from it: 本年增/减 "减 12"."""
    return before in _SIGN_WORDS and word[:1].isdigit()


def _joined(
    words: list[str], glued: set[int] | None, joins: Callable[[str, str], bool]
) -> tuple[list[str], set[int] | None]:
    """Words with each pair that ``joins`` made one (["126.5", "万元"] → ["126.5万元"]), and the indices
    of the glued numbers (:func:`_unglued`) among them, which the joins move."""
    out: list[str] = []
    moved: set[int] | None = None if glued is None else set()
    for i, w in enumerate(words):
        if out and joins(out[-1], w):
            out[-1] += w
        else:
            out.append(w)
        if moved is not None and glued is not None and i in glued:
            moved.add(len(out) - 1)
    return out, moved


def _word_parts(text: str, runon: bool) -> tuple[list[str], set[int] | None]:
    """The words of one prose cell as table values and labels (:func:`_words`; a ``label：value``;
    a sign's word or a unit printed apart from its number joined to it), and which are numbers glued
    to others (:func:`_unglued`, in a line run together only: ``runon``)."""
    parts = _words(text) if ("（" in text or "(" in text) else (text.split() or [""])
    if len(parts) <= 3 and ("：" in text or ":" in text) and (lv := _LABEL_VALUE.fullmatch(text)):
        parts = [lv.group(1), lv.group(2)]
    glued = None
    if runon and _GLUE_CHARS.search(text):
        parts, glued = _unglued(parts)
    if len(parts) > 1 and ("减" in text or "增" in text):
        parts, glued = _joined(parts, glued, _signs_number)
    if len(parts) > 1 and not _UNIT_WORDS.isdisjoint(parts):
        parts, glued = _joined(parts, glued, _unit_of)
    return parts, glued


def _learn_words(text: str) -> tuple[_Class, ...]:
    """The classes of the parts of a prose cell not met yet (:func:`_word_parts`, not run together),
    remembered in :data:`_WORDS`."""
    return remember(_WORDS, text, tuple(_SEEN[True].get(p) or _learn(p, True) for p in _word_parts(text, False)[0]))


# a count written in Chinese numerals in a cell of a grid (三, 十五, 一百一十二): its characters
_NUMERAL_UNITS = {u: v for u, v in CN_UNITS.items() if u in CN_COUNT_CHARS}
_NUMERAL_CHARS = CN_COUNT_CHARS + "万"  # (and ten thousands: 一万二千三百四十五)
_NUMERAL_MAX = 12  # characters: 九千九百九十九 and more, never a label


_DIGITWISE = frozenset("〇一二三四五六七八九")  # a number's digits written one by one (一〇五)


def numeral_value(text: str) -> int | None:
    """A count written in Chinese numerals below ten thousand (三 → 3, 十五 → 15, 一百零五 → 105,
    一千二百 → 1200); None for any other text, and for digits and units out of their order (三三,
    十百: a label's characters, not a count); a number written a digit at a time with 〇 among its digits (一〇五
    → 105, 二三〇 → 230: a converter's, digit by digit, as years are written) is that number."""
    if len(text) > 1 and "〇" in text and all(ch in _DIGITWISE for ch in text):
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    if "万" in text[1:]:  # 一万二千三百四十五: the ten thousands, then the rest (零 before it where it skips)
        high, _, low = text.partition("万")
        h = numeral_value(high)
        rest = numeral_value(low.removeprefix("零")) if low.removeprefix("零") else 0
        return h * 10_000 + rest if h and rest is not None and len(high) <= 4 else None
    total, digit, last_unit, zero = 0, None, 10**4, False
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None:
                return None  # two digits in a row: 三三 (一零五 is no count either, but 一百零五 is)
            digit = CN_DIGITS[ch]
            if digit == 0 and total:
                digit, zero = None, True  # 零 between: 一百零五
        elif ch in _NUMERAL_UNITS:
            unit = _NUMERAL_UNITS[ch]
            if unit >= last_unit or digit == 0:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit, zero = None, unit, False
        else:
            return None
    if digit is not None:
        if total and last_unit >= 100 and not zero:
            return None  # 一百一, 一千二: said for 110 and 1200 as often as written for 101 and 1002
        total += digit
    return total if text else None


def _numerals_read(out: list[Token], at: int) -> None:
    """A grid row's cells from ``out[at]`` on: where its label (text cells before any value) is
    followed by values, blanks and counts written in Chinese numerals only (行政许可 | 一百一十二 | 三 |
    /), or where it has no label and holds three cells or more, all such (table 4's row: 一 | 零 | 零 …, or
    0 | 2 | ○ | 零 …), the numerals are those counts. A row of label pieces (第 | 二 | 十 | 条) or one whose numerals
    stand among its text is left as it is."""
    i = at
    while i < len(out) and out[i].kind == BLANK:
        i += 1
    if i == len(out):
        return
    if (out[i].kind != TEXT or numeral_value(out[i].text) is not None) and len(out) - at < 3:
        return  # no label, and too few cells to be a row of counts
    while i < len(out) and out[i].kind == TEXT and numeral_value(out[i].text) is None:
        i += 1  # the label's cells
    counts: list[tuple[int, int]] = []
    for j in range(i, len(out)):
        t = out[j]
        if t.kind == TEXT:
            v = numeral_value(t.cell.text.strip())
            if v is None:
                return  # text after the values: label pieces, not a row of counts
            counts.append((j, v))
    for j, v in counts:
        t = out[j]
        out[j] = Token(VALUE, str(v), v, None, t.cell, t.line, t.first, t.width)


def _unread_cells(out: list[Token], at: int, lt: int) -> None:
    """A grid row's cells from ``out[at]`` on (``out[lt]`` its last cell of text): cells of text among its values
    that hold no label (:func:`_no_label`) — those between two of its values or marks, or after the last with a
    digit in each, or the one right before the first, after the label, with a digit in it — are values the reading
    cannot make out (约5, 5a, X): unread, each in its column (no number, in doubt: ``Doubt.UNREAD``), in place. Read
    as label text they would end the row there: the values after them lost, the columns before filled with blanks."""
    first = at  # (the row's first value, or blank printed: —)
    while first < len(out) and not (out[first].kind == VALUE or (out[first].kind == BLANK and out[first].text.strip())):
        first += 1
    if first == len(out):
        return
    if lt < first:  # (most rows: no text after the values; only the label's last cell may be one, a digit in it)
        if lt == first - 1 and _no_label(out[lt], "digit"):
            _unread(out, lt)
        return
    last = next(
        i
        for i in range(len(out) - 1, first - 1, -1)
        if out[i].kind == VALUE or (out[i].kind == BLANK and out[i].text.strip())
    )
    i = at + 1
    while i < len(out):
        if out[i].kind != TEXT:
            i += 1
            continue
        j = i  # the run of text cells out[i:j]
        while j < len(out) and out[j].kind == TEXT:
            j += 1
        if i < first:  # (the label's last cell: a digit in it, no numeral — 第 | 二 | 条 is a label)
            cut = [j - 1] if j == first and _no_label(out[j - 1], "digit") else []
        elif i > last:  # (a remark after the row's values — 注1, ×2, 2020年 — no value of it)
            after = range(i, j)
            unread = all(_no_label(out[k], "number") and not _REMARK.fullmatch(out[k].cell.text.strip()) for k in after)
            cut = list(after) if i == last + 1 and unread else []
        else:
            cut = list(range(i, j)) if all(_no_label(out[k], "") for k in range(i, j)) else []
        for k in cut:
            _unread(out, k)
        i = j


def _unread(out: list[Token], k: int) -> None:
    """``out[k]``, a cell of text, made a value the reading cannot make out (no number, ``Doubt.UNREAD``), in place."""
    t = out[k]
    out[k] = Token(VALUE, t.cell.text.strip(), None, None, t.cell, t.line, t.first, t.width, Doubt.UNREAD)


# a remark a row may print after its values (a note's mark, 注1, 注①, a count's multiplier, ×2, *1, a year, 2020年):
# no value the reading could not make out
_REMARK = re.compile(rf"{_FOOTNOTE_MARK}|注.{{0,4}}|[×xX*]\s*\d{{1,3}}|\d{{4}}年度?")
# a row's numbering opening its label (1.属于国家秘密, 2、): a label's cell, cut as it may be
_NUMBERING = re.compile(r"\d{1,2}[.．、]\D")


def _no_label(t: Token, digit: str) -> bool:
    """Whether a grid cell's text (no value) holds no label of a row: short, of one Chinese character at most but
    numerals (约5, 负X, 是), no word of letters (Table), no unit (件), share (28.6%) nor numbering (1.属); with
    ``digit`` "digit", a digit among it, with "number" a digit or a Chinese numeral (a number printed there). Not
    read by OCR (:func:`_no_label_text`'s answer, remembered: a row's labels recur)."""
    if t.cell.confidence is not None:
        return False
    text = t.cell.text
    got = _NO_LABEL.get((text, digit))
    return got if got is not None else remember(_NO_LABEL, (text, digit), _no_label_text(text.strip(), digit))


_NO_LABEL: dict[tuple[str, str], bool] = {}  # (a cell's text, digit) → :func:`_no_label_text`


def _no_label_text(text: str, digit: str) -> bool:
    """:func:`_no_label` of a cell's text (stripped)."""
    if digit and not any(c.isdigit() or (digit == "number" and c in _NUMERAL_CHARS) for c in text):
        return False  # (first: most cells asked of have none)
    if not text or len(text) > 12 or text in _UNIT_WORDS:
        return False
    if "%" in text or "％" in text or "‰" in text or _NUMBERING.match(text):
        return False
    return sum(1 for c in text if c not in _NUMERAL_CHARS and _CJK.match(c)) <= 1 and not _LETTERS_WORD.search(text)


def _join_lone_values(toks: list[Token], lone: list[int]) -> None:
    """A table flattened one cell per line (as pdftotext gives a PDF's table): a value alone on its
    line continues the row of the value just before it when that value was alone on its line too,
    or when the next line is a lone value as well (``规范性文件 657`` / ``499`` / ``506``). A lone
    number after a row printed on one line and before a labelled one (a page's footer) stays apart."""
    alone = set(lone)
    for i in lone:
        if i and toks[i - 1].kind != TEXT and ((i - 1) in alone or (i + 1) in alone):
            toks[i].first = False


def _words(text: str) -> list[str]:
    """The words of a prose cell; a value with its note in brackets (``26（含修订 19件）``) is one, and so
    is any bracket's content within a line (``46(含修订 45件)`` among a row's values)."""
    s = text.strip()
    if ("（" in s or "(" in s) and " " in s:
        joined = _WS.sub("", s)
        if _NOTED.match(joined):
            return [joined]
        words = s.split()
        if not _NUMBER_NOTE_OPEN.search(s):
            return words
        out: list[str] = []
        open_ = 0  # brackets opened and not closed in the word being joined
        for w in words:
            if open_ and out:
                out[-1] += w
            else:
                out.append(w)
            # a number's note runs on to the bracket's close (46(含修订 45件)); a label's bracket does not
            # take the row's values ((二)部分公开(区分处理的，只计 158 5 …: a label wrapped in its column)
            if open_ or _NOTE_OPENED.search(w):
                open_ = max(0, open_ + w.count("（") + w.count("(") - w.count("）") - w.count(")"))
            if open_ > 0 and len(out[-1]) > 40:
                open_ = 0
        return out
    return s.split() or [""]


_CJK = re.compile(r"[\u4e00-\u9fff]")
# a number with its bracketed note opened and not closed in the word (46(含修订 45件)): words to join
_NUMBER_NOTE_OPEN = re.compile(r"\d[（(][^)）\s]*\s")
_NOTE_OPENED = re.compile(r"\d[（(][^)）]*$")  # a word ending in a number's note not closed
# a note in brackets on a line of its own, with a figure in it (（含修订18件）): a value's second line
_LINE_NOTE = re.compile(r"^[（(][^（）()]*\d[^（）()]*[）)]$")
# OCR reads a decimal point as a colon now and then ("590：825209"): between digits, in a cell read
# from an image, it is the point
_COLON_POINT = re.compile(r"^([+-]?\d+)[:：](\d+)$")


def _ocr_point(text: str) -> str:
    s = text.strip()
    return _COLON_POINT.sub(r"\1.\2", s) if (":" in s or "：" in s) else text


_NOTE = re.compile(r"^[(（]?(?:注|说明|备注|单位|数据来源)\d*[:：]")
_NOTE_STARTS = frozenset("(（注说备单数")
_MAYBE_NOTE = _NOTE_STARTS | {"", " ", "\u3000", "\t"}  # a line's first characters that may begin a note
_BRACKETS = frozenset("(（")
_NOTE_WORDS = frozenset("注说备单数")  # the first characters of the words _NOTE opens with


# whether a line whose first text is this may be a note (:func:`_note_lead`), by the text
_NOTE_LEADS: dict[str, bool] = {}


def _note_lead(text: str) -> bool:
    """Whether a line opening with ``text`` may be a note (:func:`is_note` then tells): its first
    character one a note may open with; after a bracket (a row label, （一）予以公开, opens with one too)
    a note's word. Remembered in :data:`_NOTE_LEADS`."""
    c0 = text[:1]
    return remember(_NOTE_LEADS, text, c0 in _MAYBE_NOTE and (c0 not in _BRACKETS or text[1:2] in _NOTE_WORDS))


def is_note(line: Line) -> bool:
    """Whether a line is a note under a table (注：…, 单位：…), by the start of its text."""
    for c in line.cells:
        t = c.text
        if t[:1] in _NOTE_STARTS:
            return _NOTE.match(t) is not None
        t = t.lstrip()
        if t:
            return t[0] in _NOTE_STARTS and _NOTE.match(t) is not None
    return False


def _illegible_between_values(toks: list[Token], first: int) -> None:
    """Glyphs between the values of a row read from an image (a mark, a bracket, a letter: digits
    the OCR could not read) are unread cells, not label text that would split the row. In a row
    ruled into columns, so is any such glyph run (``0.＇:``) standing in a column of its own; one
    standing in a column a value of the row already holds (an unread mark too) is a stain beside that
    value: dropped."""
    values = [i for i in range(first, len(toks)) if toks[i].kind == VALUE]
    if len(values) < 2:
        return
    taken = {toks[i].cell.where.col for i in values}
    stains: list[int] = []
    for i in range(first, len(toks)):
        t = toks[i]
        if t.kind == VALUE or t.cell.confidence is None or _CJK.search(t.text):
            continue
        col = t.cell.where.col if t.width is not None else None
        if col is not None and col in taken:
            stains.append(i)
        elif t.kind == TEXT and values[0] < i < values[-1] and (len(t.text) <= 2 or col is not None):
            unread = Cell("", t.cell.where, 0.0)
            toks[i] = Token(BLANK, "", None, None, unread, t.line, t.first, t.width)
    for i in reversed(stains):
        del toks[i]


# a cell holding a number in brackets: a negative change as a spreadsheet's accounting format writes it
# ((3) for -3, 表二 本年增/减); in a cell of a grid only (a word of prose in brackets is no value)
# (its unit after the brackets, now and then: (12.5)元; its digits wrapped in a narrow cell, the line's break a space:
# （323 4）)
_ACCOUNTING = re.compile(rf"\s*[（(]\s*(\d{{1,15}}(?: \d{{1,14}})?(?:\.\d+)?)\s*[)）]\s*({_UNITS})?\s*")


def bracketed(text: str) -> bool:
    """Whether a grid's cell holds a number in brackets, ``(3)`` or ``（3）`` (read as the number: :func:`_classify`).
    What the brackets say its column tells (tables: ``_Reader.value``): in a change's (表二 本年增/减), a change
    below zero, as a spreadsheet's accounting format writes it; in a count's or an amount's, which no number
    below zero can fill, the number itself, set in brackets by the typist — in doubt, the brackets may mean a
    sign."""
    return _ACCOUNTING.fullmatch(text) is not None


_Class = tuple[int, str, int | float | None, str | None]
# :func:`_classify` of the texts met, of words of prose and of cells of a grid: the same strings
# recur from report to report, and tokens_of looks every one up (a dict, at a third of the cost of
# an lru_cache's call)
_SEEN: dict[bool, dict[str, _Class]] = {True: {}, False: {}}
_SEEN_MAX = 65536  # texts kept of each kind; past it, the table starts again
# the classes of a prose cell's parts (:func:`_learn_words`), by the cell's text
_WORDS: dict[str, tuple[_Class, ...]] = {}


def remember(cache: dict[K, V], key: K, value: V) -> V:
    """``value``, remembered under ``key`` in ``cache`` (a dict the reading keeps from report to report:
    the texts it is keyed by recur); past :data:`_SEEN_MAX` entries the cache starts again, so a
    corpus of millions of reports does not grow it without end."""
    if len(cache) >= _SEEN_MAX:
        cache.clear()
    cache[key] = value
    return value


def _learn(text: str, prose: bool) -> _Class:
    """:func:`_classify` of a text not met yet, remembered in :data:`_SEEN`."""
    return remember(_SEEN[prose], text, _classify(text, prose))


# a cell's zero written otherwise than 0: the Chinese numeral 〇 (or the circle ○ set for it), the letter O
_ZERO_SIGNS = frozenset("〇○Oo")
# A count garbled on its way to the text (a scan's OCR text pasted, a number retyped): some of its digits a
# letter or sign of their look (1O, l2, 2〇5; a cell that is a lone l or I), or a stray mark against it (1, ·7
# 26'). The characters that may say so, the form (the number in group 1), and the digits the letters stand
# for. Read as the number, in doubt (tables: _Reader.value, Doubt.GARBLED).
# Beside a digit, the letters OCR reads for a digit of their shape: Z 2, S 5, B 8, G and b 6, g and q 9 (Z99, 2B54,
# S45: a scan's text layer), as for 0 and 1.
_LOOKALIKE = "OoIl〇○ZSBGbgq"
_LOOKALIKE_DIGITS = str.maketrans(_LOOKALIKE, "0011002586699")
GARBLED_CHARS = frozenset(_LOOKALIKE + "·•'‘’`\",，~?")
_STRAY = "·•'‘’`\",，~"  # (and an OCR tool's marks of a reading it doubts: ~0, 0[?])
_GARBLED = re.compile(rf"[{_STRAY}]*([\d{_LOOKALIKE}]*\d[\d{_LOOKALIKE}]*|[lI])(?:[{_STRAY}]|\[\?\])*")

_NUMERAL_ZEROS = "〇○"  # the Chinese numeral zero (or the circle set for it): a zero as printed, no letter's reading
# a word among a row's values made of letters of digits' look only (Zl: 21), or a minus and one (-B: -8)
_LOOKALIKES_ONLY = re.compile(rf"-?[{_LOOKALIKE}]{{1,6}}")
_LOOKALIKE_FIRST = frozenset("-" + _LOOKALIKE)  # (what such a word opens with: most words are passed over at once)
# a grid's cell of the letters of 0 and 1 only (lO, lOO, Il; 〇 among them): a count so typed. Roman numerals (II, III:
# a row's numbering) are no count, nor 〇〇 (Chinese numerals: tokens._numerals_read)
_LETTERS_NUMBER = re.compile(r"[OoIl〇○]{2,6}")
_LETTER_DIGITS = frozenset("OoIl")


# the text :func:`_classify` gives a grid's cell of what a text's encoding lost (?, ？, �), looked for by identity
LOST = "\ufffd"


def _classify(text: str, prose: bool) -> _Class:
    """(kind, label key or cleaned number, value, unit) of one cell or word (a cell "无" is its zero
    written as a word, not a blank; in prose the word is text)."""
    kind, v, unit, clean = parse_value(text)
    if kind == BLANK and prose and text.strip() and text.strip() not in ("/", "—", "-", "－", "／"):
        kind = TEXT  # a prose word or line holding "无" is text, not an empty cell
    elif kind == BLANK and not prose and text.strip() == "无":
        return VALUE, "0", 0, None  # a cell saying 无 (none): its zero written as a word, not left blank
    if kind == TEXT and not prose:
        if (m := _ACCOUNTING.fullmatch(text)) is not None:
            # the number, kept a float: its column tells what the brackets say (tables: _Reader.value) — below
            # zero in a change's (accounting's (3)), the number itself in a count's or an amount's, in doubt
            digits = m.group(1).replace(" ", "")
            return VALUE, digits, float(digits), m.group(2)
        if text.strip() in _ZERO_SIGNS:
            return VALUE, "0", 0, None  # a zero written as 〇 (the Chinese numeral) or typed as the letter O
        if _LETTERS_NUMBER.fullmatch(s := text.strip()) and not _LETTER_DIGITS.isdisjoint(s) and s.strip("I"):
            # a count typed in letters of the digits' look only (lO, lOO, Ol): the number, in doubt (as 1O)
            digits = s.translate(_LOOKALIKE_DIGITS)
            return VALUE, digits, float(int(digits)), None
        if is_stray(text):
            # a cell of what the text's encoding lost (?, ？, �: a character it had no byte for — a dash, a full-width
            # digit; no label is lost whole): a cell of the row's values, standing in its column as a blank mark does
            # (no piece of the row's label moving its values), read as a value not read (tables: _Reader.put)
            return BLANK, LOST, None, None
    s = text.strip()
    if kind == TEXT and len(s) <= MAX_INT_DIGITS and not GARBLED_CHARS.isdisjoint(s) and (m := _GARBLED.fullmatch(s)):
        # a count garbled (1O, l2, a lone l, 1, ·7): the number, kept a float so the reading of its
        # cell says the doubt (ogi.extract.tables: _Reader.value)
        digits = m.group(1).translate(_LOOKALIKE_DIGITS)
        return VALUE, digits, float(int(digits)), None
    return kind, (label_key(text) if kind == TEXT else clean), v, unit
