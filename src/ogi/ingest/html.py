"""Web pages (HTML) to the common document, with selectolax (Lexbor).

- MIME HTML archives (``.mht``) are opened and their HTML part read.
- Encoding: a byte-order mark, else UTF-8 when the bytes are valid UTF-8
  (whatever the page declares), else the page's ``<meta charset>`` /
  ``http-equiv`` / XML declaration (GB2312 and GBK read as GB18030, their
  superset), checked by decoding; else :func:`ogi.ingest.decode.decode`.
- Data tables (no table nested inside, more than one column) become grids:
  rowspan/colspan resolved (:mod:`ogi.ingest.grid`), one
  ``Line(cells, grid=t)`` per row, each cell ``Where(table=t, row=r, col=c)``
  with ``t`` the 0-based data table, ``r`` the 0-based ``<tr>`` and ``c`` the
  true grid column; a spanned cell only at its origin. A cell's ``<p>``,
  ``<br>``, ``<span>`` and ``&nbsp;`` are read as its text; a blank cell is
  ``""``. Layout tables (holding other tables, one column, or whole articles)
  are read as blocks.
- Everything else is prose: one single-cell line per block (paragraph,
  heading, list item, text between ``<br>``), ``Where(line=n)`` with ``n`` the
  1-based index of that block among the page's prose blocks in reading order
  (tables not counted). The page ``<title>`` is block 1 when it names a report
  the body does not begin with.
- Noise is dropped: scripts, styles, forms' controls, ``<nav>``/``<aside>``,
  navigation/footer containers (by class, id or role), hidden blocks and lists
  of links (other years' reports must not pass for this one's title) — never a
  block holding a table or several section headings, unless hidden blocks hold
  copies of tables the page shows (a print version): those are dropped.
- The page's publication date, from its ``<meta name="PubDate">`` (or a like
  name, :data:`PUBLISHED_META`), goes to ``Document.meta["PubDate"]``.
- Pathological nesting (thousands of unclosed tags, which Lexbor builds in
  quadratic time) is flattened before parsing, noted as a partial reading.
- A script holding the report as a JavaScript string (some sites fill the
  page from ``let content = "…"``) is read as HTML; so is a frame saved with
  its page (``<iframe srcdoc="…">``, as SingleFile saves a page), in its place.
"""

from __future__ import annotations

import codecs
import datetime
import html
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ogi.errors import InputError
from ogi.ingest.decode import Decoded, decode, read_declared, replaced, text_codec, with_mojibake_undone
from ogi.ingest.grid import Span, grid_lines, spans_of
from ogi.ingest.layout import PageLayout, Word, page_lines
from ogi.ingest.pictures import MAX_PICTURE_BYTES, Found, data_uri_bytes, is_data_uri, place
from ogi.ingest.text import MAX_LINES, TOO_LONG, run_together
from ogi.model import CUT_SHORT, SCRIPTED, Cell, Document, Line, Source, Where, bare

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "svg",
        "math",
        "canvas",
        "object",
        "embed",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "head",
        "title",
        "link",
        "meta",
        "nav",
        "aside",
        "map",
        "audio",
        "video",
        "rt",  # a ruby's annotation (its pinyin over the character: <ruby>政<rt>zhèng</rt></ruby>) and its brackets
        "rp",
        "-comment",
        "!doctype",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "blockquote",
        "pre",
        "center",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "form",
        "fieldset",
        "legend",
        "address",
        "figure",
        "figcaption",
        "hr",
        "br",
        "body",
        "html",
        "o:p",
    }
)
# The break inside a paragraph (<br>) also ends a prose block; <o:p> is Word's empty paragraph mark.
_NOISE = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|navi|navigation|banner|menu|breadcrumbs?|crumbs?|footer|foot|sidebar|sidenav|copyright|share|"
    r"login|search|friendlinks?|topbar|toolbar|position|location|dqwz|weizhi|skip|rich_media_meta_list|meta_content)"
    r"(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
# Blocks that may be site furniture (navigation, footers), checked by class/id.
_CONTAINERS = frozenset({"div", "section", "ul", "ol", "dl", "header", "footer", "center"})
# A block with at least this many links, nearly all its text link text, is a list of links.
_LINK_LIST = 3
_LINK_SHARE = 0.8
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SECTION_MARK = re.compile(r"[一二三四五六]\s*[、.．]")
_WS = re.compile(r"\s+")
_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{2,40})""", re.IGNORECASE)
_ENC_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "cp936": "gb18030",
    "windows-936": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "unicode": "utf-16",
}
# A JavaScript string literal (kept when long enough to hold a report: _JS_MIN characters). Runs
# of plain characters are taken whole and nothing is given back (possessive): the memory of the
# match does not grow with the length of the literal (a 30 MB one took 3.6 GB).
_JS_STRING = re.compile(r""""((?:[^"\\\n]++|\\.)*+)"|'((?:[^'\\\n]++|\\.)*+)'|`((?:[^`\\]++|\\.)*+)`""", re.DOTALL)
_JS_MIN = 200
_JS_ESCAPE = re.compile(r"""\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|.)""", re.DOTALL)
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "", "f": "", "v": "", "0": "", "\n": "", "\r\n": ""}
# Lexbor's tree building slows down with the square of nesting depth: a page of
# many tags is checked for a run of this many opening tags before parsing, and
# such a run is flattened (containers become line breaks, inline tags vanish).
_DEEP_CHECK_TAGS = 20000
_DEEP = re.compile(
    r"(?:<(?!(?:br|hr|img|input|meta|link|wbr|col|area|base|source|p|td|tr|li)\b)[a-zA-Z][a-zA-Z0-9:]*(?:\s[^<>]*)?>"
    r"[^<]{0,256}){2000}",
    re.IGNORECASE,
)
_CONTAINER_TAG = re.compile(
    r"</?(?:div|section|article|blockquote|center|ul|ol|li|dl|dd|dt|header|footer|main|form|fieldset)\b[^<>]*>",
    re.IGNORECASE,
)
_INLINE_TAG = re.compile(
    r"</?(?:span|font|a|b|strong|em|i|u|small|big|sub|sup|label|ins|del|s|strike|code|o:p|st1:[a-z]+)\b[^<>]*>",
    re.IGNORECASE,
)
# a superscript number: a note's mark, written [1] so that it is not read as the value's last digit
_SUP_NUMBER = re.compile(r"<sup\b[^<>]*>\s*(\d{1,2})\s*</sup>", re.IGNORECASE)
# A cell holding more text than this is an article, not a table cell.
_ARTICLE_CELL = 1000
_MAX_SCRIPT_DEPTH = 1
_SPAN = re.compile(r"\s*([0-9]{1,6})")
# Data tables read from one page (a report has a handful): those past it are left out, and said so.
MAX_TABLES = 1000
# Characters of markup read from one script string (a report is well under 1 MB of markup): a
# longer one is left out, and said so (parsed, 30 MB of markup took a gigabyte).
MAX_SCRIPT_PAGE = 8 * 1024 * 1024


def _decode(data: bytes) -> Decoded:
    """The page's text: BOM, else valid UTF-8, else the declared charset if it decodes and reads as Chinese (bytes
    of another codec read in it as nonsense: the codec that reads them, :func:`~ogi.ingest.decode.read_declared`),
    else detection."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return replaced(data, enc)
    try:  # valid UTF-8 is UTF-8, whatever the page declares (sites migrated, headers kept); its mojibake undone
        return with_mojibake_undone(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:8192])
    if m:
        name = m.group(1).decode("ascii", "ignore").lower()
        enc = text_codec(_ENC_ALIASES.get(name, name))
        if enc and not enc.startswith("utf-16"):
            got = read_declared(data, enc, name)
            if got is not None:
                return got
            # (else the page lies about its charset, its bytes no text in it: detect it)
    return decode(data)


def _js_unescape(s: str) -> str:
    def sub(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] == "u" and len(e) > 1:
            hexa = e[2:-1] if e[1] == "{" else e[1:]
            cp = int(hexa, 16)
            return chr(cp) if cp < 0x110000 and not 0xD800 <= cp < 0xE000 else ""
        if e[0] == "x" and len(e) == 3:
            return chr(int(e[1:], 16))
        return _JS_SIMPLE.get(e, e)

    return _JS_ESCAPE.sub(sub, s)


def _scripted_pages(script: str) -> list[str]:
    """HTML held in the string literals of a script, when it looks like report markup."""
    if "<" not in script or not ("<table" in script.lower() or "信息公开" in script or "\\u4fe1\\u606f" in script):
        return []
    out = []
    for m in _JS_STRING.finditer(script):
        if m.end() - m.start() < _JS_MIN + 2:
            continue
        s = _js_unescape(next(g for g in m.groups() if g is not None))
        if "<" in s and ">" in s:
            out.append(s)
    return out


# elements a page holds markup in for its scripts to show (:func:`_held_markup`)
_HOLDERS = frozenset({"textarea", "template", "script"})
# sections' headings a page's own text shows at least, or the markup it holds is read (:func:`ingest_html`)
_SHOWN_SECTIONS = 3


def _held_markup(node: LexborNode) -> str | None:
    """The markup a page holds for its scripts to put in place, when it looks like a report's (a table, or
    信息公开): a CMS's article kept entity-escaped in a hidden ``<textarea>``, a ``<template>``'s content, a
    ``<script type="text/template">`` (or text/html, text/x-template); else None. (A script's JavaScript
    strings are :func:`_scripted_pages`'.)"""
    tag = node.tag
    if tag == "script":
        kind = (node.attributes.get("type") or "").lower()
        if "template" not in kind and "html" not in kind:
            return None
        text = node.text(deep=True)
    elif tag == "template":
        whole = node.html or ""
        text = whole[whole.find(">") + 1 : whole.rfind("<")]
    else:
        text = node.text(deep=True)
    if "<" not in text or ">" not in text or ("<table" not in text.lower() and "信息公开" not in text):
        return None
    return text


def _han_count(text: str) -> int:
    return len(text) - len(_HAN.sub("", text))


def _is_noise(node: LexborNode) -> bool:
    """Site furniture: navigation, footers, hidden blocks, lists of links.

    Named by class/id/role (``nav``, ``menu``, ``breadcrumb``, ``footer``...),
    hidden, or mostly link text (a list of other pages: other years' reports
    must not pass for this one's title). Never what holds the report: a table
    or several section headings.
    """
    attrs = node.attributes
    names = " ".join(v for k, v in attrs.items() if k in ("class", "id", "role") and v)
    named = _hidden(node) or bool(names and _NOISE.search(names)) or node.tag == "footer"
    links = None
    if not named:
        links = node.css("a")
        if len(links) < _LINK_LIST:
            return False
    if node.css_first("table") is not None:
        return False
    text = node.text(deep=True)
    if len(_SECTION_MARK.findall(text)) >= 3:
        return False
    if named:
        return True
    # Chinese characters only: dates and counts printed beside the links do not count.
    total = _han_count(text)
    linked = sum(_han_count(a.text(deep=True)) for a in links or ())
    return total > 0 and linked >= _LINK_SHARE * total


def _clean(parts: list[str]) -> str:
    return " ".join("".join(parts).split())  # (\s+ as one space: the same white space)


# blocks of preformatted text (<pre>, and <xmp> and <listing> that HTML keeps for it), and the lines one must hold
# to be read as text is (its tables' rows cells)
_PREFORMATTED = frozenset({"pre", "xmp", "listing"})
_PRE_LINES_MIN = 3  # line breaks
# what a <pre> holding markup holds (then read as the page's blocks are, not as text)
_NOT_PLAIN = "table, img, p, div, tr, td, li, br, h1, h2, h3, h4"


_LONG_PARAGRAPH = 1000  # characters of a paragraph past which it may be a whole report run together (text.run_together)


class _Break:
    tag = "\x00break"


_BREAK_NODE = _Break()


def _cell_text(td: LexborNode, excel: bool = False) -> str:
    """A cell's text: its paragraphs, spans and line breaks joined (labels broken by <br> rejoin). A cell of a
    page Excel wrote (``x:num="3708"``) whose text shows no number of it (``####``: its column too narrow;
    ``1.23E+03``: rounded to fit) is the number Excel stored.

    Scripts and styles inside tables are removed before (:func:`ingest_html`).
    """
    text = " ".join(td.text(deep=True, separator="").split())  # (\s+ as one space: the same white space)
    if excel and not _SHOWN_NUMBER.fullmatch(text):  # (``excel``: the page holds x:num; most do not)
        stored = td.attributes.get("x:num")
        if stored and _STORED.fullmatch(stored):
            return stored
    return text


# a number as a cell shows it (1,234, 12.00, -3), and a number Excel stores (x:num: 1230, 0.5, 1E-3)
_SHOWN_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
_STORED = re.compile(r"[-+]?\d+(?:\.\d+)?")


def _rows(table: LexborNode, excel: bool = False) -> list[list[tuple[str, int, int]]]:
    """A table's rows of (text, rowspan, colspan). An empty cell of no width (``width="1"``, ``width:1px``) is
    no column: Word's closing a row whose right edge is uneven; a spacer between every column (a CMS's) —
    those spacers left out of every row, and a heading spanning them spans as many columns fewer."""
    rows: list[list[tuple[str, int, int]]] = []
    spaced: list[set[int]] = []  # each row's empty cells of no width (most rows: none)
    count = 0
    for tr in table.css("tr"):
        row = []
        thin: set[int] = set()
        for td in tr.iter():
            if td.tag not in ("td", "th"):
                continue
            a = td.attributes
            text = _cell_text(td, excel)
            if not text and _no_width(a):
                thin.add(len(row))
            rs, cs = a.get("rowspan"), a.get("colspan")
            row.append((text, _span(rs) if rs else 1, _span(cs) if cs else 1))  # (most cells span nothing)
        if row and len(row) - 1 in thin:
            row.pop()  # Word's empty cell closing a row of a table whose right edge is uneven: no column
            thin.discard(len(row))
        rows.append(row)
        spaced.append(thin)
        count += len(thin)
    if count >= _SPACERS_MIN:  # spacers between the columns: none of them a column
        rows = [_unspaced_row(r, t) for r, t in zip(rows, spaced, strict=True)]
    return rows


_SPACERS_MIN = 6  # empty cells of no width a table holds for them to be its spacer columns


def _unspaced_row(row: list[tuple[str, int, int]], thin: set[int]) -> list[tuple[str, int, int]]:
    """A row without its spacer cells (``thin``: their places), a cell spanning columns with them spanning (about)
    half as many: a spacer stands after each column (a heading over two columns and the spacer between, colspan
    3, spans 2)."""
    return [(text, rs, (cs + 1) // 2 if cs > 1 else cs) for i, (text, rs, cs) in enumerate(row) if i not in thin]


# a width of no more than a point or a pixel (Word's HTML: width=1, width:.75pt)
_NO_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*(?:0|0?\.\d+|1(?:\.0+)?)\s*(?:pt|px)?\s*(?:;|$)", re.IGNORECASE)


def _no_width(a: dict[str, str | None]) -> bool:
    """Whether a cell's attributes give it a width of a point or a pixel at most (``width="1"``; a style
    ``width:.75pt``): the empty cell Word's HTML export closes a row with where the table's right edge is
    uneven, no column of the table."""
    w = (a.get("width") or "").strip().lower().removesuffix("px")
    if w in ("0", "1"):
        return True
    style = a.get("style")
    return bool(style) and "width" in style and _NO_WIDTH.search(style) is not None  # type: ignore[arg-type]


def _span(v: str | None) -> int:
    """A rowspan or colspan: its leading ASCII digits, as browsers read it (``"2px"`` is 2); 1 when
    there are none (``"②"``, which ``str.isdigit`` takes for a digit and ``int`` refuses)."""
    if not v:
        return 1
    if v.isascii() and v.isdigit() and len(v) < 7:
        return int(v)
    m = _SPAN.match(v)
    return int(m.group(1)) if m else 1


def _data_table(node: LexborNode, excel: bool = False) -> list[list[tuple[str, int, int]]] | None:
    """The rows of a data table, or None for a layout table (read as blocks)."""
    if len(node.css("table")) > 1:
        return None
    rows = _rows(node, excel)
    if not rows or max(sum(cs for _, _, cs in r) for r in rows) < 2:
        return None
    if any(len(t) > _ARTICLE_CELL and not t.isdigit() for r in rows for t, _, _ in r):  # digits: a bad value
        return None
    return rows


# ------------------------------------------------------------------ tables not made of <table>

# containers a page builds a table of without <table> (a CMS's, a mobile page's, an accessible one's)
_DIV_TABLE_TAGS = frozenset({"div", "ul", "ol", "section", "article", "main"})
_ARIA_TABLE = frozenset({"table", "grid", "treegrid"})
_ARIA_CELLS = '[role="cell"], [role="gridcell"], [role="columnheader"], [role="rowheader"]'
# a cell holding a value: a number (its unit after it), or a blank's mark
_VALUE_CELL = re.compile(r"\s*(?:[-+]?\d[\d,.]*\s*(?:件|万元|元|个|项|次)?|[/／—－–-]{1,2}|无)\s*")
_GRID_TRACKS = re.compile(r"grid-template-columns:([^;]+)")
_REPEAT = re.compile(r"repeat\((\d+),")
_GRID_PLACE = re.compile(r"grid-(column|row):(\d+)?/?(?:span(\d+))?(?:/?(\d+))?")
_DIV_ROWS_MIN = 3  # rows a container needs to be read as a table …
_VALUE_ROWS_MIN = 2  # … of which rows of two values or more
_ONE_ROW_VALUES = 5  # … or one row of this many values
_DIV_CELL_MAX = 200  # characters a cell may hold (a longer one is an article's block)


def _shown_without_scripts(node: LexborNode) -> bool:
    """Whether a ``<noscript>`` holds a page's content (a table, or text of :data:`_NOSCRIPT_TEXT` characters or
    more: the report a page's scripts show otherwise), not a notice to turn scripts on or a counter's picture."""
    return node.css_first("table") is not None or len(node.text(deep=True, strip=True)) >= _NOSCRIPT_TEXT


_NOSCRIPT_TEXT = 500


def _elements(node: LexborNode) -> list[LexborNode]:
    """``node``'s element children (``display:contents`` wrappers and ARIA row groups looked through)."""
    out = []
    for k in node.iter():
        if k.tag in _SKIP:
            continue
        style = (k.attributes.get("style") or "").replace(" ", "").lower()
        if "display:contents" in style or (k.attributes.get("role") or "").lower() == "rowgroup":
            out.extend(_elements(k))
        else:
            out.append(k)
    return out


def _own_text(node: LexborNode) -> bool:
    """Whether ``node`` holds text of its own beside its elements."""
    return any(k.tag == "-text" and (k.text_content or "").strip() for k in node.iter(include_text=True))


def _style_place(node: LexborNode, axis: str) -> tuple[int | None, int]:
    """A grid item's start line (0-based) and span on ``axis`` (column, row) from its inline style
    (``grid-column: 2 / span 3``, ``grid-column: 1 / 4``, ``grid-row: span 2``); span 1 where none."""
    style = (node.attributes.get("style") or "").replace(" ", "").lower()
    a = node.attributes
    if axis == "column" and (idx := a.get("aria-colindex")):
        start: int | None = _span(idx) - 1
        span = _span(a.get("aria-colspan"))
    else:
        start, span = None, _span(a.get(f"aria-{axis[:3]}span")) if axis == "row" else 1
    for m in _GRID_PLACE.finditer(style):
        if m.group(1) != axis:
            continue
        if m.group(2):
            start = int(m.group(2)) - 1
        if m.group(3):
            span = int(m.group(3))
        elif m.group(4) and m.group(2):
            span = max(1, int(m.group(4)) - int(m.group(2)))
    return start, max(1, min(span, MAX_COLSPAN_DIV))


MAX_COLSPAN_DIV = 64


def _cell_of(node: LexborNode) -> Span:
    col, colspan = _style_place(node, "column")
    _, rowspan = _style_place(node, "row")
    return Span(_cell_text(node), rowspan, colspan, col)


def _div_grid(node: LexborNode) -> tuple[list[list[Span]], bool] | None:
    """A table a page builds without ``<table>``, as rows of cells, and whether the cells' places are known
    (an ARIA table's ``aria-colindex``, a CSS grid's columns): an ARIA table (``role="table"``, its
    ``role="row"`` rows and ``cell``/``columnheader``/``rowheader`` cells); a CSS grid
    (``display:grid`` with ``grid-template-columns``, its items placed as CSS places them, spans from
    ``grid-column``/``grid-row``); or a list or block of rows (``<li>``, flex rows) each of cells (its
    elements, no text of its own). Three rows or more, two of them holding two values or more; an empty
    cell is a cell. None for anything else (most blocks)."""
    a = node.attributes
    role = (a.get("role") or "").lower()
    if role in _ARIA_TABLE:
        rows = [[_cell_of(c) for c in r.css(_ARIA_CELLS)] for r in node.css('[role="row"]')]
        return (rows, True) if _table_like(rows) else None
    kids = _elements(node)
    if len(kids) < _DIV_ROWS_MIN:
        return None
    style = (a.get("style") or "").replace(" ", "").lower()
    if "display:grid" in style and (tracks := _GRID_TRACKS.search(style)):
        m = _REPEAT.match(tracks.group(1))
        n = int(m.group(1)) if m else len(tracks.group(1).split())
        if not 2 <= n <= MAX_COLSPAN_DIV:
            return None
        rows = _auto_placed([_cell_of(k) for k in kids], n)
        return (rows, True) if _table_like(rows) else None
    rows = []
    for k in kids:
        cells = _elements(k)
        if len(cells) == 1 and not _own_text(k):  # (a row's one wrapper: <li><div class="row">…)
            inner = _elements(cells[0])
            if len(inner) >= 2 and not _own_text(cells[0]):
                cells = inner
        if not cells or _own_text(k) or any(c.tag in _BLOCK_IN_CELL or _rows_inside(c) for c in cells):
            return None  # (a cell holding rows of its own: nested rows, read as blocks)
        rows.append([Span(_cell_text(c)) for c in cells])
    return (rows, False) if _table_like(rows) else None


# what a cell of a row of cells is not (a row of paragraphs or of tables is a block's, not a table's)
_BLOCK_IN_CELL = frozenset({"table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "img", "br"})


def _rows_inside(node: LexborNode) -> bool:
    """Whether ``node`` holds blocks of its own, two or more (rows nested in a cell: a flex column's)."""
    return sum(1 for k in node.iter() if k.tag in ("div", "li", "p", "section", "ul", "dl")) >= 2


def _table_like(rows: list[list[Span]]) -> bool:
    """Whether rows of cells are a table of values: three rows or more, two of them with two values or more
    (or one with five or more), no cell an article's length."""
    if len(rows) < _DIV_ROWS_MIN or any(len(c.text) > _DIV_CELL_MAX for r in rows for c in r):
        return False
    counts = [sum(1 for c in r if c.text and _VALUE_CELL.fullmatch(c.text)) for r in rows]
    # (table 4: one row of its fifteen values under its headings)
    return sum(1 for k in counts if k >= 2) >= _VALUE_ROWS_MIN or max(counts) >= _ONE_ROW_VALUES


def _auto_placed(items: list[Span], n: int) -> list[list[Span]]:
    """A CSS grid's items of ``n`` columns in rows, each at its column (its own start, else the next free
    one: the grid's auto-placement, row by row); a slot no item covers an empty cell."""
    taken: set[tuple[int, int]] = set()
    rows: dict[int, list[Span]] = {}
    r = c = 0
    for it in items:
        span = min(it.colspan, n)
        if it.col is not None:
            if it.col < c:
                r += 1
            c = min(it.col, n - span)
        while True:
            if c + span > n:
                r, c = r + 1, 0
                continue
            if any((r, c + k) in taken for k in range(span)):
                c += 1
                continue
            break
        for dr in range(it.rowspan):
            for k in range(span):
                taken.add((r + dr, c + k))
        rows.setdefault(r, []).append(Span(it.text, it.rowspan, span, c))
        c += span
    out = []
    for i in range(max(rows, default=-1) + 1):
        row = sorted(rows.get(i, []), key=lambda sp: sp.col or 0)
        filled = {(sp.col or 0) + k for sp in row for k in range(sp.colspan)}
        filled |= {cc for (rr, cc) in taken if rr == i}
        row += [Span("", 1, 1, cc) for cc in range(n) if cc not in filled]  # an empty slot: an empty cell
        out.append(sorted(row, key=lambda sp: sp.col or 0))
    return out


def tables_in(fragment: str) -> list[list[list[tuple[str, int, int]]]]:
    """The data tables of a piece of HTML (a line of markdown holding a table: ``<table>…</table>``),
    each as rows of (text, rowspan, colspan)."""
    tree = LexborHTMLParser(fragment)
    out = []
    for t in tree.css("table"):
        rows = _data_table(t)
        if rows is not None:
            out.append(rows)
    return out


class _Walker:
    def __init__(self, excel: bool = False) -> None:
        self.excel = excel  # a page Excel wrote: its cells' stored numbers (x:num) read where none is shown
        self.lines: list[Line] = []
        self.buf: list[str] = []
        self.prose = 0
        self.tables = 0
        self.skipped = 0  # tables past MAX_TABLES
        self.big_scripts = 0  # script strings past MAX_SCRIPT_PAGE
        self.cut = False  # stopped at MAX_LINES
        self.pictures: list[tuple[int, str]] = []  # (the line a picture stands before, its src)
        # markup held for the page's scripts to show (:func:`_held_markup`): read in its place where set, else counted
        self.held_read = False
        self.held = 0

    def flush(self) -> None:
        if not self.buf:
            return
        text = _clean(self.buf)
        self.buf = []
        if text:
            self.prose += 1
            if len(text) > _LONG_PARAGRAPH and (parts := run_together(text)) is not None:
                # a whole report in one paragraph (a CMS joined its lines): its lines again, as a text's are
                self.lines.extend(Line([Cell(p, Where(line=self.prose))]) for p in parts)
                return
            # (its place its own, not the text reader's shared one: a title put before the lines renumbers them; place,
            # cell and line made without their classes' call)
            w = bare(Where)
            w.line, w.page, w.bbox = self.prose, None, None
            w.table = w.row = w.col = w.placed = w.chars = w.image = None
            c = bare(Cell)
            c.text, c.where, c.confidence = text, w, None
            made = bare(Line)
            made.cells, made.grid, made.width = [c], None, None
            self.lines.append(made)

    def _preformatted(self, node: LexborNode) -> bool:
        """A block of preformatted text (``<pre>``: a report's text pasted into a page as it was, its tables in
        pipes, tabs or spaces) read as text is (:func:`ogi.text.ingest_text`: a line a line, its tables' rows
        cells), its lines after the page's: numbered on, its tables counted on. False (read as the page's other
        blocks) for one of fewer than :data:`_PRE_LINES_MIN` line breaks, or holding markup of blocks, tables or
        pictures (read as the page's are: a ``<pre>`` wrapping a table stays a table)."""
        if node.css_first(_NOT_PLAIN) is not None:
            return False
        text = node.text(deep=True, separator="")
        if text.count("\n") < _PRE_LINES_MIN:
            return False
        from ogi.ingest.text import ingest_text

        self.flush()
        sub = ingest_text(text, Source(None, "text"))
        line0, grids = self.prose, self.tables
        seen: set[int] = set()
        for ln in sub.lines:
            cells = []
            for c in ln.cells:
                w = c.where
                at = None if w.line is None else line0 + w.line
                cells.append(Cell(c.text, replace(w, line=at), c.confidence))
                if at is not None:
                    self.prose = max(self.prose, at)
            grid = None if ln.grid is None else grids + ln.grid
            if grid is not None:
                seen.add(grid)
            self.lines.append(Line(cells, grid, ln.width))
        self.tables = max([self.tables, *(g + 1 for g in seen)])
        return True

    def _walk_markup(self, markup: str, depth: int) -> None:
        """Read markup the page holds as text (a script's string, a frame's srcdoc, an article held for a script) in
        its place, one level deeper; a pathological one (:func:`_shallow` refuses it) is no report, passed over."""
        try:
            markup, _ = _shallow(markup, None)
        except InputError:
            return
        sub = LexborHTMLParser(markup)
        for junk in sub.css("table script, table style"):
            junk.decompose()
        self.walk(sub.body if sub.body is not None else sub.root, depth + 1)  # type: ignore[arg-type]

    def walk(self, root: LexborNode, depth: int = 0) -> None:
        stack: list[LexborNode | _Break] = [root]
        while stack:
            if len(self.lines) >= MAX_LINES:
                self.cut = True
                break
            node = stack.pop()
            tag = node.tag
            if tag == "-text":
                self.buf.append(node.text_content or "")  # type: ignore[union-attr]
                continue
            if isinstance(node, _Break):
                self.flush()
                continue
            if tag in _HOLDERS and depth < _MAX_SCRIPT_DEPTH and (held := _held_markup(node)) is not None:
                if not self.held_read:
                    self.held += 1
                    continue
                self.flush()
                self._walk_markup(held, depth)
                continue
            if tag == "script" and depth < _MAX_SCRIPT_DEPTH:
                for page in _scripted_pages(node.text(deep=True)):
                    self.flush()
                    if len(page) > MAX_SCRIPT_PAGE:
                        self.big_scripts += 1
                        continue
                    self._walk_markup(page, depth)
                continue
            if tag == "iframe" and depth < _MAX_SCRIPT_DEPTH and (framed := node.attributes.get("srcdoc")):
                # a page saved whole (SingleFile) holds the frame's page in its srcdoc: read it there
                self.flush()
                self._walk_markup(framed, depth)
                continue
            if tag == "svg" and (said := _drawn_heading(node)) is not None:
                self.flush()  # a heading drawn as a picture in the page (a WeChat editor's title bar: 01 总体情况)
                self.buf.append(said)
                self.flush()
                continue
            if tag in _SKIP and not (tag == "noscript" and _shown_without_scripts(node)):
                continue
            if tag in _PREFORMATTED and self._preformatted(node):  # type: ignore[arg-type]
                continue
            if tag == "img":  # a picture (a table printed as one, perhaps: ogi.ingest.pictures)
                alt = (node.attributes.get("alt") or "").strip()
                if alt and _HEADING_ALT.match(alt) and len(alt) <= _DRAWN_HEADING_MAX:
                    self.flush()  # a section's heading printed as a picture, its words in its alt text
                    self.buf.append(_unbadged(alt))
                    self.flush()
                if src := (node.attributes.get("src") or node.attributes.get("data-src") or "").strip():
                    # (where it stands: before the paragraph holding it — an emoji's picture in a sentence
                    # leaves the sentence whole; a table's stands in a paragraph of its own)
                    self.pictures.append((len(self.lines), src))
                continue
            block = tag in _BLOCK
            if block:
                self.flush()
                if tag == "br" or tag == "hr":
                    continue
                if tag in _CONTAINERS and _is_noise(node):
                    continue
            if block and tag in _DIV_TABLE_TAGS and (made := _div_grid(node)) is not None:  # type: ignore[arg-type]
                rows, placed = made  # a table made of other elements than <table>'s
                if placed:
                    self.lines.extend(grid_lines(rows, self.tables))
                else:  # (cells whose spans the page's classes give: places by order, as a markdown table's)
                    for r, row in enumerate(rows):
                        if any(sp.text for sp in row):
                            cells = [Cell(sp.text, Where(table=self.tables, row=r)) for sp in row]
                            self.lines.append(Line(cells, grid=self.tables))
                self.tables += 1
                continue
            if tag == "table":
                if self.tables >= MAX_TABLES:
                    self.skipped += 1
                    continue
                rows = _data_table(node, self.excel)
                if rows is not None:
                    for cap in node.css("caption"):  # the table's title, prose before its rows
                        self.buf.append(cap.text(deep=True))
                        self.flush()
                    self.lines.extend(grid_lines(spans_of(rows), self.tables))
                    self.tables += 1
                    continue
            if block:
                stack.append(_BREAK_NODE)
            stack.extend(reversed(list(node.iter(include_text=True))))
        self.flush()


def is_mht(data: bytes) -> bool:
    """A MIME HTML archive (``.mht``, Word's and IE's "single file web page")."""
    head = data[:2048].lower()
    return b"mime-version:" in head and b"multipart/related" in head


def _mht_page(data: bytes, path: str | None) -> Decoded:
    """The HTML part of a MIME HTML archive, decoded (quoted-printable/base64, its charset), with the pages its
    frames show (other HTML parts, named by ``cid:`` or their address: a browser's archive of a page whose
    report stands in an ``<iframe>``) put in their frames' places (:func:`_framed`)."""
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    pages: list[Decoded] = []
    names: dict[str, int] = {}  # a part's Content-ID (cid:…) and Content-Location → its page
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            raw = part.get_payload(decode=True)
            if not isinstance(raw, bytes):
                if not pages:
                    break
                continue
            charset = part.get_content_charset()
            enc = text_codec(_ENC_ALIASES.get(charset.lower(), charset.lower())) if charset else None
            page = read_declared(raw, enc, charset) if enc else None
            pages.append(page or _decode(raw))
            for name in (f"cid:{(part.get('Content-ID') or '').strip('<> ')}", part.get("Content-Location") or ""):
                if len(name) > 4:
                    names.setdefault(name.strip(), len(pages) - 1)
    if not pages:
        raise InputError("MHT 文件中没有网页正文 (no HTML part in the MIME archive)", path=path)
    page = pages[0]
    if len(pages) > 1:
        page.text = _framed(page.text, lambda src: pages[k].text if (k := names.get(src, 0)) else None)
    return page


# a frame's or an inline frame's tag and the page it shows (<iframe src="…">, <frame src="…">)
_FRAME = re.compile(r"""<(i?frame)\b[^>]*?\bsrc\s*=\s*["']([^"']+)["'][^>]*>(?:\s*</iframe>)?""", re.IGNORECASE)
_FRAMESET = re.compile(r"</?(?:frameset|noframes)\b[^>]*>", re.IGNORECASE)


def _framed(text: str, page_of: Callable[[str], str | None]) -> str:
    """A page with the pages its frames show put in their places (a ``<frameset>``'s frames, an ``<iframe>``'s
    page: ``page_of(src)`` their markup, or None where not at hand), each page's body a block of its own; a
    frameset's page read as a body of its frames. Frames of the pages put in are not followed (one level)."""
    found = False

    def put(m: re.Match[str]) -> str:
        nonlocal found
        page = page_of(html.unescape(m.group(2)).strip())
        if page is None:
            return m.group(0)
        found = True
        lo = page.lower()
        start = lo.find("<body")
        start = lo.find(">", start) + 1 if start >= 0 else 0
        end = lo.rfind("</body")
        return f"<div>{page[start : end if end >= start else len(page)]}</div>"

    out = _FRAME.sub(put, text)
    if found and "<frameset" in out.lower():
        out = _FRAMESET.sub("", out)
    return out


def _beside(folder: Path) -> Callable[[str], str | None]:
    """The markup of a page a frame shows that is saved beside the page (:func:`_saved_beside`), by the
    frame's address; None where not at hand."""

    def page_of(src: str) -> str | None:
        data = _saved_beside(folder, src, MAX_FRAME_BYTES)
        return _decode(data).text if data is not None else None

    return page_of


MAX_FRAME_BYTES = 8 * 1024 * 1024  # a frame's page saved beside the page: larger is none a report's


def ingest(
    data: bytes, source: Source, pictures: Collection[int] | None = None, folder: Path | None = None
) -> Document:
    """Read a web page (HTML, or MHT); ``pictures``: the numbers (1-based, in order) of its pictures to read by
    OCR (:mod:`ogi.ingest.pictures`; a picture in the page as a ``data:`` URI, or a file in ``folder``, the
    page's own file's, or below it: a page saved whole keeps its pictures in a folder beside it)."""
    decoded = _mht_page(data, source.path) if is_mht(data) else _decode(data)
    source.encoding = decoded.name
    text = decoded.text
    if folder is not None and "frame" in text and _FRAME.search(text) is not None:
        text = _framed(text, _beside(folder))
    doc = ingest_html(text, source, pictures, folder)
    if (note := decoded.note("网页")) is not None:  # characters lost (bytes broken, mojibake's): said
        doc.lost = decoded.lost
        doc.notes.append(note)
    return doc


def _picture(at: int, src: str, number: int, folder: Path | None, wanted: bool) -> Found:
    """The picture of ``src`` standing before line ``at``: its name, and (``wanted``) its bytes — a ``data:``
    URI's, or the file it names relative to ``folder`` (in it or below it); None where not at hand (a picture
    on the web: nothing is fetched; a page that is no file here)."""
    if is_data_uri(src):
        return Found(at, f"图片{number}", (data_uri_bytes(src) or b"") if wanted else b"")  # (b"": broken, said)
    name = posixpath.basename(_address(src).rstrip("/")) or f"图片{number}"
    if not wanted:
        return Found(at, name, b"")
    return Found(at, name, _saved_beside(folder, src, MAX_PICTURE_BYTES) if folder is not None else None)


def _address(src: str) -> str:
    """The path a ``src`` names, without its fragment and query, its escapes undone."""
    return unquote(src.split("#", 1)[0].split("?", 1)[0])


def _saved_beside(folder: Path, src: str, most: int) -> bytes | None:
    """The bytes of the file ``src`` names relative to ``folder`` (a page saved whole keeps its pictures and its
    frames' pages in a folder beside it), in ``folder`` or below it and of ``most`` bytes at most; None for an
    address on the web or out of ``folder``, a file missing or too large (nothing is fetched)."""
    ref = _address(src)
    if not ref or "://" in ref or ref.startswith(("/", "\\")) or ":" in ref.split("/", 1)[0]:
        return None
    try:
        file = (folder / ref).resolve()
        if file.is_relative_to(folder.resolve()) and file.is_file() and file.stat().st_size <= most:
            return file.read_bytes()
    except OSError:
        pass
    return None


# a WeChat article's page: the account's name and the time it was published, as its scripts hold them
_WECHAT_NICKNAME = re.compile(r"""\bvar\s+nickname\s*=\s*(?:htmlDecode\()?["']([^"']{2,40})["']""")
_WECHAT_CT = re.compile(r"""\bvar\s+ct\s*=\s*["'](\d{10})["']""")
_WECHAT_DATE = re.compile(r"""\bvar\s+publish_time\s*=\s*["'](\d{4}-\d{1,2}-\d{1,2})""")
_DATE_TEXT = re.compile(r"(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})")


def _wechat_meta(tree: LexborHTMLParser, text: str, doc: Document) -> None:
    """A WeChat article's (mp.weixin.qq.com) byline — 原创, its author, the account's name, the time — is page
    furniture (:data:`_NOISE`: ``meta_content``), not the report's text: the account's name (``#js_name``,
    ``var nickname``) is the page's ``Publisher`` and the time (``#publish_time``, ``var ct``, ``var
    publish_time``) its ``PubDate`` (``Document.meta``), where the page declares none of its own."""
    name = tree.css_first("#js_name")
    nick = _clean([name.text(deep=True)]) if name is not None else ""
    if not nick and (m := _WECHAT_NICKNAME.search(text)):
        nick = html.unescape(m.group(1)).strip()
    if nick:
        doc.meta.setdefault("Publisher", nick)
    shown = tree.css_first("#publish_time")
    when = _DATE_TEXT.search(shown.text(deep=True)) if shown is not None else None
    if when is not None:
        doc.meta.setdefault("PubDate", "{}-{:0>2}-{:0>2}".format(*when.groups()))
    elif m := _WECHAT_DATE.search(text):
        doc.meta.setdefault("PubDate", m.group(1))
    elif m := _WECHAT_CT.search(text):
        china = datetime.timezone(datetime.timedelta(hours=8))
        doc.meta.setdefault("PubDate", datetime.datetime.fromtimestamp(int(m.group(1)), china).date().isoformat())


def _shallow(text: str, path: str | None) -> tuple[str, bool]:
    """The page, its pathological nesting (thousands of unclosed tags) flattened; whether it was."""
    if text.count("<") < _DEEP_CHECK_TAGS or _DEEP.search(text) is None:
        return text, False
    text = _INLINE_TAG.sub("", _CONTAINER_TAG.sub("<br>", text))
    if _DEEP.search(text) is not None:
        raise InputError("网页标签嵌套过深，无法读取 (HTML nested too deeply)", path=path)
    return text, True


# <meta name=…> a page gives its publication date in: PubDate is what 政府网站发展指引 asks of
# government sites; the others are common in their content systems
PUBLISHED_META = frozenset({"pubdate", "publishdate", "publishtime", "firstpublishedtime"})


# markup that may hide a block (most pages have none: the blocks are not looked for)
# (the word first, its start looked behind: a pattern opening with \b is tried at every character of the page,
# one opening with a word is looked for as a string — a page of 100 KB took 1.6 ms, now 0.03)
_HIDDEN_ATTR = re.compile(r"hidden(?:(?<=^hidden)|(?<=\Whidden))[\s>=/]")


def _may_hide(text: str) -> bool:
    return (
        "display:none" in text
        or "display: none" in text
        or ("hidden" in text and _HIDDEN_ATTR.search(text) is not None)
    )


def _hidden(node: LexborNode) -> bool:
    attrs = node.attributes
    return "display:none" in (attrs.get("style") or "").replace(" ", "").lower() or "hidden" in attrs


def _classed(tree: LexborHTMLParser) -> list[tuple[LexborNode, list[str]]]:
    """The elements of ``tree`` with a class, each with its classes (one walk of the tree, for the blocks a page
    hides and the text for screen readers alike)."""
    return [(n, (n.attributes.get("class") or "").split()) for n in tree.css("[class]")]


def _drop_hidden_copies(tree: LexborHTMLParser, inline: bool, classed: list[tuple[LexborNode, list[str]]]) -> bool:
    """Blocks a desktop browser does not show holding the report's tables, or its text (three section headings or
    more: a phone's copy of the article as cards), where the page shows as much itself: copies, not the report
    (a print version of each table; a responsive page's phone copy; a ``<noscript>`` copy of what the page
    shows; a UI library's copy of a table for its fixed columns). Not shown: styled ``display:none`` or
    ``hidden`` (looked for where ``inline``: the page's markup holds either), classed so by a rule of the
    page's own ``<style>`` (:func:`_classes_hidden`), classed for phones only (:data:`_PHONE_ONLY`); ``classed``:
    :func:`_classed`'s. A page whose report is all hidden (shown by a script) keeps it. Returns whether it took
    any out."""
    blocks = [n for n in tree.css('[style*="none"], [hidden]') if _hidden(n)] if inline else []
    unshown = _PHONE_ONLY.union(_classes_hidden(tree))
    blocks += [n for n, classes in classed if not unshown.isdisjoint(classes)]
    blocks += [n for n in tree.css("noscript") if _shown_without_scripts(n)]
    copies = [b for b in blocks if b.css_first("table") is not None or len(_SECTION_MARK.findall(b.text())) >= 3]
    if not copies:
        return False
    outer = _outermost(copies)
    tabled = [b for b in outer if b.css_first("table") is not None]
    # (a copy's tables' figures all among those of the tables the page shows — not the page's layout tables counted)
    inside = {t.mem_id for b in tabled for t in b.css("table")}
    shown = Counter(n for t in tree.css("table") if t.mem_id not in inside for n in _figures_of(t))
    drop = [b for b in tabled if Counter(n for t in b.css("table") for n in _figures_of(t)) <= shown]
    marks = len(_SECTION_MARK.findall(tree.body.text())) if tree.body is not None else 0
    with_tables = {b.mem_id for b in tabled}
    for b in outer:
        if b.mem_id not in with_tables and marks - (own := len(_SECTION_MARK.findall(b.text()))) >= 3:
            drop.append(b)  # (a copy of the article without tables: the page shows its sections itself)
            marks -= own
    for b in drop:
        b.decompose()
    return bool(drop)


def _figures_of(table: LexborNode) -> list[str]:
    """The numbers a table's cells print, in order, their thousands' separators left out (1,234 and 1234 alike; a
    number a cell prints a digit a ``<span>`` one number)."""
    return [
        n.replace(",", "").replace("，", "")
        for cell in table.css("td, th")
        for n in _NUMBER.findall(cell.text(separator=""))
    ]


_NUMBER = re.compile(r"\d[\d,，]*(?:\.\d+)?")


# classes of blocks a desktop browser does not show (a responsive page's copy for phones: Bootstrap 3's visible-xs,
# Bootstrap 4/5's d-md-none, Foundation's, a site's own m-show; a UI library's copy of a table for its fixed
# columns: element-ui's el-table__fixed)
# (a page's classed elements looked through once: a list of class selectors costs ten times as much)
_PHONE_ONLY = frozenset(
    [
        "visible-xs",
        "visible-xs-block",
        "visible-xs-inline",
        "visible-xs-inline-block",
        "hidden-lg",
        "d-md-none",
        "d-lg-none",
        "d-xl-none",
        "show-for-small-only",
        "hide-for-large",
        "hide-for-medium",
        "mobile-only",
        "phone-only",
        "m-show",
        "mobile-show",
        "show-mobile",
        "wap-show",
        "visible-mobile",
        "el-table__fixed",
        "el-table__fixed-right",
    ]
)
# a rule of a page's <style> hiding the elements of a class (.mobile{display:none}), at its top level or in a media
# query for screens as wide as a desktop's (@media (min-width: 768px) { … }); the class's name
_HIDING_RULE = re.compile(r"(?:^|\})\s*\.([A-Za-z_][\w-]*)\s*\{[^{}]*?display\s*:\s*none")  # (its whole selector)
_MEDIA = re.compile(r"@media([^{]*)\{((?:[^{}]*\{[^{}]*\})*)[^{}]*\}")
_MIN_WIDTH = re.compile(r"min-width\s*:\s*(\d+)")


def _classes_hidden(tree: LexborHTMLParser) -> list[str]:
    """The classes a page's own ``<style>`` hides on a desktop's screen (``.mobile{display:none}``, or inside
    ``@media (min-width: 768px)``; not in a query for narrow screens only), each a single class's rule."""
    found: list[str] = []
    for st in tree.css("style"):
        css = st.text()
        if "none" not in css:
            continue
        for m in _MEDIA.finditer(css):
            wide = _MIN_WIDTH.search(m.group(1))
            if wide is not None and "max-width" not in m.group(1) and int(wide.group(1)) <= _DESKTOP_WIDTH:
                found += _HIDING_RULE.findall(m.group(2))
        found += _HIDING_RULE.findall(_MEDIA.sub("", css))
    return list(dict.fromkeys(c for c in found if c not in _NEVER_COPIES))


_DESKTOP_WIDTH = 1200  # pixels across a desktop's screen: a media query for as wide or narrower applies there
# classes a page's style hides that mark no copy (a UI's pieces shown by a script: a tab's panes but the active one)
_NEVER_COPIES = frozenset({"tab-pane", "fade", "collapse", "modal", "dropdown-menu"})


# screen readers' text a page does not show (Bootstrap's sr-only, visually-hidden; WordPress's screen-reader-text;
# Drupal's element-invisible): a cell's label read aloud (自然人：) beside its value, never the value as shown
_SCREEN_READER = frozenset(
    [
        "sr-only",
        "visually-hidden",
        "visuallyhidden",
        "screen-reader-text",
        "element-invisible",
        "sr_only",
        "screenreader",
        "a11y-hidden",
        "u-visually-hidden",
        "hidden-accessible",
        "offscreen",
        "hide-text",
    ]
)


def _drop_screen_reader_text(classed: list[tuple[LexborNode, list[str]]]) -> None:
    """Take out of the page the text for screen readers only (:data:`_SCREEN_READER`) holding no table: a page
    shows the value, not the words a reader says around it (<span class="sr-only">自然人：</span>15 is 15).
    ``classed``: the page's elements with a class (:func:`_classed`)."""
    spoken = [n for n, classes in classed if not _SCREEN_READER.isdisjoint(classes)]
    for n in _outermost(spoken):  # (one inside another goes with it)
        if n.css_first("table") is None:
            n.decompose()


def _drop_struck(tree: LexborHTMLParser, text: str) -> None:
    """Take out of ``tree`` the text a page shows struck out (``<del>``, ``<s>``, ``<strike>``, an element
    styled ``text-decoration: line-through``) holding no table: a value corrected in place keeps the old
    digits beside the new ones (<del>240</del>233 is 233; a Word page's tracked changes, 32 then 30), and
    the report as it stands says the new. ``text`` is the page's markup: a style looked for only where it occurs."""
    through = "line-through" in text
    struck = tree.css("del, s, strike")  # (the tree's walk for them costs less than a search of the page's markup)
    if through:
        struck += [n for n in tree.css("[style]") if "line-through" in (n.attributes.get("style") or "").lower()]
    for n in _outermost(struck):  # (one struck inside another goes with it)
        if n.css_first("table") is None:
            n.decompose()


def _drop_unshown(tree: LexborHTMLParser, text: str) -> None:
    """Take out of ``tree`` what a Word page holds but does not give as the report's text: Word's hidden
    text (an inline ``<span>`` or ``<font>`` styled ``display:none`` or ``mso-hide:all`` holding no table: 56
    hidden before 49), and Word's comments (their anchors, ``[D1]`` after a value, and the list of comments
    at the page's end, whose sentences are a reviewer's, not the report's) — on a page Word saved (its
    ``mso-`` styles: a search of the page costs as much as a cell's reading; other pages are not searched).
    ``text`` is the page's markup: each is looked for only where its markup occurs."""
    if "mso-" not in text:
        return
    if "msocom" in text or "mso-element:comment" in text:
        for n in tree.css('a.msocomanchor, [style*="mso-element:comment"]'):
            n.decompose()
    if "mso-hide" in text or "display:none" in text or "display: none" in text:
        for n in tree.css("span[style], font[style]"):
            hidden = _hidden(n) or "mso-hide:all" in (n.attributes.get("style") or "").replace(" ", "").lower()
            if hidden and n.css_first("table") is None:
                n.decompose()


def _drop_hidden_in_tables(tree: LexborHTMLParser) -> bool:
    """Take out what a shown table holds but a browser hides (``display:none``, the ``hidden`` attribute): a
    row of last year's figures before or after the row it repeats, a cell, a number in a ``<span>`` beside
    the shown one (113 hidden before 78) — none of the report as the page shows it. A table all of whose
    rows are hidden (shown by a script) keeps them. Returns whether it took any out."""
    dropped = False
    for table in tree.css("table"):
        hidden = [n for n in table.css('[style*="none"], [hidden]') if _hidden(n) and n.css_first("table") is None]
        if not hidden:
            continue
        rows = [n for n in hidden if n.tag == "tr"]
        if rows and len(rows) >= len(table.css("tr")):
            continue
        for n in hidden:
            if n.parent is not None:
                n.decompose()
                dropped = True
    return dropped


# a place, a size or a scale set in an element's style (left: 457.73px; top: 713.95pt; font-size: 13.33px;
# transform: scaleX(0.91))
# (a property of its own: margin-left, padding-top are none of them)
_STYLE_LENGTH = re.compile(r"(?<![\w-])(left|top|font-size)\s*:\s*(-?[\d.]+)\s*(px|pt)?", re.IGNORECASE)
_SCALE_X = re.compile(r"scaleX\(\s*([\d.]+)\s*\)")
_LAYER_MIN = 40  # elements placed so a page holds, its text most of the page's, for it to be read as a text layer
# a character's width in its font's size: a Chinese one's whole (and a full-width mark's), a digit's or letter's half
_NARROW = 0.55


def _text_layer(tree: LexborHTMLParser) -> list[list[Word]] | None:
    """A PDF's text as a viewer or a converter lays it out on a page (pdf.js's text layer, a page of absolutely
    placed ``<div>``s: each run of text an element with its ``left``, ``top`` and ``font-size`` in its style): its
    pages' words, each at its place (its width from its characters: a Chinese one a font size, a digit about half,
    times the run's ``scaleX``), a run touching the one before it on its line (a number printed in pieces: 232 | 1)
    one word with it — the elements taken out of ``tree``; None where the page is no such layer (fewer than
    :data:`_LAYER_MIN` placed elements, or their text not most of the page's)."""
    body = tree.body
    if body is None:
        return None
    placed = []
    for n in tree.css("[style]"):
        style = n.attributes.get("style") or ""
        if "left" not in style or "top" not in style:
            continue
        got = {
            m.group(1).lower(): float(m.group(2)) * (4 / 3 if (m.group(3) or "").lower() == "pt" else 1)
            for m in _STYLE_LENGTH.finditer(style)
        }
        if "left" in got and "top" in got and n.child is not None and len(n.css("[style*=left]")) <= 1:
            placed.append((n, got))
    if len(placed) < _LAYER_MIN:
        return None
    texts = [n.text(deep=True) for n, _ in placed]
    if 2 * sum(len(t.strip()) for t in texts) < len(body.text(deep=True).strip()):
        return None
    pages: dict[int, list[Word]] = {}
    order: list[int] = []
    for (n, got), t in zip(placed, texts, strict=True):
        t = " ".join(t.split())
        if not t:
            continue
        page = n.parent
        while (
            page is not None
            and page.tag != "body"
            and "data-page-number" not in page.attributes
            and "page" not in (page.attributes.get("class") or "").split()
        ):
            page = page.parent
        key = page.mem_id if page is not None and page.tag != "body" else 0
        if key not in pages:
            pages[key] = []
            order.append(key)
        size = got.get("font-size", 16.0)
        m = _SCALE_X.search(n.attributes.get("style") or "")
        scale = float(m.group(1)) if m else 1.0
        width = sum(1.0 if ord(c) > 0x2E7F else _NARROW for c in t) * size * scale
        pages[key].append(Word(t, got["left"], got["top"], got["left"] + width, got["top"] + size))
    for n, _ in placed:
        n.decompose()
    return [_touching_joined(pages[k]) for k in order]


def _touching_joined(words: list[Word]) -> list[Word]:
    """A page's words, each touching the one before it on its line (less than a third of a character between:
    a run cut in pieces) joined to it."""
    lines: list[list[Word]] = []  # words whose tops are within a third of their size of the line's first
    for w in sorted(words, key=lambda w: w.top):
        if lines and w.top - lines[-1][0].top < (w.bottom - w.top) / 3:
            lines[-1].append(w)
        else:
            lines.append([w])
    out: list[Word] = []
    for line in lines:
        first = len(out)
        for w in sorted(line, key=lambda w: w.x0):
            prev = out[-1] if len(out) > first else None
            size = w.bottom - w.top
            if prev is not None and -size / 2 < w.x0 - prev.x1 < size / 3:
                out[-1] = Word(prev.text + w.text, prev.x0, prev.top, w.x1, max(prev.bottom, w.bottom))
            else:
                out.append(w)
    return out


# a heading's words as a picture's alt text or a drawing's gives them (一、总体情况, 01 总体情况, （一）主动公开): a
# numeral or a badge's figure first, some Chinese after; no longer than a heading
_HEADING_ALT = re.compile(
    r"\s*(?:[一二三四五六七八九十]{1,2}\s*[、.．]|0?[1-9]\s*[、.．\s]|[（(][一二三四五六七八九十]{1,2}[）)])\s*[\u4e00-\u9fff]"
)
_DRAWN_HEADING_MAX = 48


_BADGE = re.compile(r"\s*0?([1-9])\s+(?=\S)")  # a badge's figure before a heading's words (01 总体情况)
_NUMERALS = "一二三四五六七八九"


def _unbadged(said: str) -> str:
    """A heading as a picture or a drawing gives it, its badge's figure as the template numbers a section (01 总体情况
    → 一、总体情况; 04 四、… → 四、…): no figure of it read as a table's value."""
    m = _BADGE.match(said)
    if m is None:
        return said
    rest = said[m.end() :]
    return rest if rest[:1] in _NUMERALS + "十" else f"{_NUMERALS[int(m.group(1)) - 1]}、{rest}"


def _drawn_heading(node: LexborNode) -> str | None:
    """The words of a heading drawn in an ``<svg>`` (its ``<text>``s apart by a space: 01 总体情况), where
    they read as one (:data:`_HEADING_ALT`); None for any other drawing (an icon, a chart)."""
    said = " ".join(t for n in node.css("text") if (t := " ".join(n.text(deep=True).split())))
    return _unbadged(said) if said and len(said) <= _DRAWN_HEADING_MAX and _HEADING_ALT.match(said) else None


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """Those of ``nodes`` inside none of the others (each found by its place in memory: a node's ``==`` compares
    markup, and a page of a thousand struck values took minutes), in order, each once."""
    ids = {n.mem_id for n in nodes}
    out: list[LexborNode] = []
    seen: set[int] = set()
    for n in nodes:
        if n.mem_id in seen:
            continue
        seen.add(n.mem_id)
        p = n.parent
        while p is not None and p.mem_id not in ids:
            p = p.parent
        if p is None:
            out.append(n)
    return out


# a script loading content from the web (jQuery's .load, $.get, $.ajax; fetch; XMLHttpRequest; axios; a function of the
# site's own given an interface's address or a data file: loadTable("#table3", "/api/…/sqgk.json"))
_LOADER = re.compile(
    r"""\.load\(\s*['"]|\bfetch\(|\$\.(?:get|ajax|post|getJSON)\(|XMLHttpRequest|\baxios\.|['"][^'"\s]*(?:/api/|\.json)"""
)
# (one of them first: a search costs) — and a script naming a data file or an interface it loads (loadTable("…json"))
_LOADER_WORDS = (".load(", "fetch(", "$.", "XMLHttpRequest", "axios.", "/api/", ".json")
_TABLE_PLACE = re.compile(r"table|tbl|biao|tongji", re.IGNORECASE)


def _empty_table_places(tree: LexborHTMLParser) -> bool:
    """Whether the page holds an empty element named for a table (``<div id="table3"></div>``): a place a script
    fills."""
    for n in tree.css("div[id], div[class], section[id], span[id]"):
        a = n.attributes
        name = f"{a.get('id') or ''} {a.get('class') or ''}"
        if _TABLE_PLACE.search(name) and n.child is None:
            return True
    return False


# the end of a page's markup (</html>, </body> in any case)
_PAGE_END = re.compile(r"</(?:html|body)", re.IGNORECASE)


def _cut_in_table(text: str) -> bool:
    """Whether a page's markup ends part way through a table (a download cut short): more tables opened than
    closed, and no end of the page after them."""
    if _PAGE_END.search(text, max(0, len(text) - 4096)) is not None:  # (not the tail lowered: a search costs less)
        return False
    low = text.lower()
    return low.count("<table") > low.count("</table")


# a page's markup escaped once more (a CMS's editor storing the report's markup as text: &lt;table&gt;…&lt;td&gt;12
# &lt;/td&gt;, the page showing the tags): the tags of a report's text and tables, made tags again
_ESCAPED_TAG = re.compile(
    r"&lt;(/?(?:table|thead|tbody|tfoot|tr|td|th|caption|colgroup|col|p|br|div|span|strong|b|h[1-6]|font|center)"
    r"(?:\s[^<>]*?)?/?)&gt;",
    re.IGNORECASE,
)


def ingest_html(
    text: str, source: Source, pictures: Collection[int] | None = None, folder: Path | None = None
) -> Document:
    """A page's markup to the common document (:func:`ingest`)."""
    text, flattened = _shallow(text, source.path)
    if "&lt;" in text and _ESCAPED_TAG.search(text) is not None and "srcdoc" not in text:  # (srcdoc: its own)
        text = _ESCAPED_TAG.sub(lambda m: f"<{html.unescape(m.group(1))}>", text)
    if "<sup" in text or "<SUP" in text:  # a note's number set above a value (70<sup>1</sup>): its mark
        text = _SUP_NUMBER.sub(r"[\1]", text)
    tree = LexborHTMLParser(text)
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        raise InputError("网页没有正文 (HTML page without a body)", path=source.path)
    for junk in tree.css("table script, table style, table noscript, table template, table select"):
        junk.decompose()
    inline = _may_hide(text)
    classed = _classed(tree)
    dropped = _drop_hidden_copies(tree, inline, classed)
    if inline:
        dropped = _drop_hidden_in_tables(tree) or dropped
    if dropped:
        classed = _classed(tree)  # (the elements taken out: no longer there)
    _drop_screen_reader_text(classed)
    _drop_struck(tree, text)
    _drop_unshown(tree, text)
    layer = _text_layer(tree) if ("left:" in text or "left :" in text) and "top" in text else None
    w = _Walker(excel="x:num" in text)
    w.walk(root)
    if w.held and sum(1 for ln in w.lines if _SECTION_MARK.match(ln.text)) < _SHOWN_SECTIONS:
        # the report not shown in the page's own text, and markup held for its scripts to show: read it there
        w = _Walker(excel="x:num" in text)
        w.held_read = True
        w.walk(root)
    title = tree.css_first("title")
    lines = w.lines
    if layer is not None:  # a PDF's text as a viewer lays it out (pdf.js, a converter): read as its pages are
        for page, words in enumerate(layer, 1):
            lines.extend(page_lines(PageLayout(page, words)))
    titled = 0  # the page's title put before its lines
    if title is not None:
        t = _clean([title.text(deep=True)])
        head = "".join(ln.text for ln in lines[:8]).replace(" ", "")
        if "报告" in t and t.replace(" ", "") not in head:
            for ln in lines:
                for c in ln.cells:
                    if c.where.line is not None:
                        c.where.line += 1
            lines.insert(0, Line([Cell(t, Where(line=1))]))
            titled = 1
    doc = Document(source=source, lines=lines)
    if _cut_in_table(text):
        doc.notes.append(CUT_SHORT)
    # (the empty places first: a walk of the tree's named blocks costs a third of the words' searches of the page)
    if _empty_table_places(tree) and any(w in text for w in _LOADER_WORDS) and _LOADER.search(text) is not None:
        doc.notes.append(SCRIPTED)
    if "rich_media" in text or "js_name" in text:
        _wechat_meta(tree, text, doc)
    if w.pictures:
        wanted = pictures or ()
        found = [_picture(at + titled, src, k + 1, folder, k + 1 in wanted) for k, (at, src) in enumerate(w.pictures)]
        place(doc, found, pictures)
    for m in tree.css("meta[name][content]"):
        name = (m.attributes.get("name") or "").strip()
        if name.lower() in PUBLISHED_META and (m.attributes.get("content") or "").strip():
            doc.meta.setdefault("PubDate", (m.attributes.get("content") or "").strip())
        elif name.lower() == "contentsource" and (m.attributes.get("content") or "").strip():
            # the government site's own tag for where the article comes from (政府网站 ContentSource): said by the
            # site, not the report — the organ only where the report names none
            doc.meta.setdefault("ContentSource", (m.attributes.get("content") or "").strip())
    if flattened:
        doc.notes.append("网页标签嵌套过深，已去掉版式标签后读取 (deeply nested markup flattened)")
    if w.cut:
        doc.notes.append(TOO_LONG)
    if w.big_scripts:
        doc.notes.append(
            f"网页脚本中有 {w.big_scripts} 段内容超过 {MAX_SCRIPT_PAGE} 个字符，未读取 (script content too large)"
        )
    if w.skipped:
        doc.notes.append(f"网页中的表格超过 {MAX_TABLES} 个，其余 {w.skipped} 个未读取 (too many tables)")
    return doc
