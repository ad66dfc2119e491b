"""Plain text (and markdown) to the common document.

The styles met in practice, all handled here:

- prose, one paragraph per line; ``#`` headings and ``**`` emphasis;
- markdown holding its tables as HTML, a table a line (as MinerU converts a PDF);
- tab-separated rows, empty cells standing for merged spans; comma-separated
  rows (a table saved as CSV and pasted), quoted where a label holds a comma;
- pipe tables: one row per line separated by `` | ``, markdown tables with
  ``|---|`` rules, and tables flattened one cell per line with ``|`` and
  ``|||`` filler lines, cells broken over several lines;
- grid tables drawn with rules between their rows (pandoc's ``+---+---+``, box drawing as
  w3m and lynx dump a page: ``│ ├─┼─┤``; full-width bars ``｜`` as pasted from WeChat): the lines
  between two rules one row, a label wrapped over them joined;
- the text pdftotext/pdfplumber give of a PDF: numbers separated by spaces on
  the line of their row label (split into cells by the extractor).
"""

from __future__ import annotations

import csv
import itertools
import re
from collections import Counter
from functools import cache

from ogi.ingest.grid import grid_lines, spans_of
from ogi.model import Cell, Document, Line, Source, Where, bare, line_places
from ogi.template import spec
from ogi.template.text import AFTER_REPORT, CN_COUNT_CHARS

# Where(n) is the place of line n and Line(cells, grid) a row of table grid: positional, which costs a
# third less than by keyword, once per line of every text report.

# a piece of a line laid out with spaces: words apart by one space at most
_PIECE = re.compile(r"\S+(?: \S+)*")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s*#{1,6}\s*")
# a markdown footnote's reference ([^1], [^注]), not its definition at a line's start ([^1]: …)
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]{1,20}\](?!:)")
# a line of a workbook saved as CSV holding one field, quoted, and the empty ones after it ("一、总体情况",)
_QUOTED_ALONE = re.compile(r'^"((?:[^"]|"")*)"\s*(?:,\s*)*$')
# text struck out, as markdown writes it (~~240~~ 233: a value corrected in place, GFM's strikethrough) or
# as HTML in markdown (<del>240</del>233, <s>…</s>, <strike>…</strike>): not the report's text as it stands
_STRUCK = re.compile(r"~~(?=\S)[^~\n]{1,200}?(?<=\S)~~|<(del|s|strike)(?:\s[^<>]*)?>[^<]{0,200}</\1\s*>", re.IGNORECASE)
# an HTML comment in markdown or text (one never closed runs to the end, as a browser reads it)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# markdown's escape of an ASCII mark (18\.42, 第二十条第\(八\)项: mammoth's, pandoc's markdown): the mark; an
# escaped bar stays escaped (a cell's own |, no cell's end), as does a backslash alone (a blank cell's mark)
_ESCAPED = re.compile(r"\\([!-/:-@\[\]^_`{}~])")
# (a heading's 、 lost, as OCR and some conversions lose it: "三 收到和处理…", the numeral and a space)
# (a mark before it, as WeChat articles print them: 🔹一、总体情况)
# (numbered 1.总体情况 or set in brackets 【总体情况】, as some reports number theirs)
_SECTION_LIKE = re.compile(
    r"^\s*(?:[^\w\s（(【]{1,3}\s*)?(?:[一二三四五六七八九十]+(?:[、.．]|\s+(?=\S))|第[一二三四五六七八九十]+部分"
    r"|【[^】]{2,40}】\s*$|[1-9][.、．](?=[\u4e00-\u9fff]{4,}\s*$)|0[1-9]\s+(?=[\u4e00-\u9fff]))"
)


@cache
def _section_title() -> re.Pattern[str]:
    """A section's title alone on its line worded otherwise than the template's (依申请公开情况, 行政复议和行政
    诉讼情况: words only, a keyword of a section in them, ending as a title ends — no table's label, 法人或其他组织,
    复议后起诉): a heading, no cell's continuation."""
    keys = "|".join(re.escape(k) for s in spec().sections for k in s.keywords)
    return re.compile(rf"(?=[\u4e00-\u9fff、和及与]{{4,20}}$)(?=.*(?:{keys})).*(?:情况|事项|措施|概述)$")


# A line without a pipe joins the pipe block around it when it is this short
# and the block resumes within this many lines.
_JOIN_LEN = 40
_JOIN_GAP = 3
# a number in a cell or a field (a sign, a decimal point)
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
# a field's value: a number (thousands apart by commas: a quoted "11,292"; a note after it), an accounting
# negative ((13)), a count in Chinese numerals (一百一十二, 零), or a blank mark
_CSV_VALUE = re.compile(
    rf"\s*(?:[-+]?(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|{_NUMBER})\s*(?:[（(].*[)）])?|\(\d+(?:\.\d+)?\)|[/／\\—－–-]+"
    rf"|[{CN_COUNT_CHARS}]{{1,12}})?\s*"
)
_CSV_NUMBER = re.compile(rf"\s*{_NUMBER}\s*")
_GROUP = re.compile(r"\d{3}(?:\D|$)")  # a thousands group after a separator
_THOUSANDS_ALONE = re.compile(r"\s*[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*")
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")  # a comma between a number's thousands
_SPACED = re.compile(r"\s")
_SENTENCE = re.compile(r"[，。；]")  # a sentence's punctuation: a line of prose, not of cells
# a field holding a label and then a number: the comma after it a thousands separator
# (``行政许可 17,970``, ``行政许可17,970``), not a field's end
# (a value with a footnote's mark after it, 9注1, is none: the field begins with its number)
_SPACED_NUMBER = re.compile(r"\s*[^\d\s.,+-](?:.*[^\d\s.,+-])?\s*[-+]?\d+")
# Box drawing (w3m, lynx, some converters) and full-width bars as the ASCII of a grid table: bars
# to "|", horizontal strokes to "-" ("=" for a double one, pandoc's header rule), corners and joints to "+"
_BOX = re.compile("[\u2500-\u257f｜]")
_BOX_ASCII = str.maketrans(
    {
        **dict.fromkeys(map(chr, [*range(0x250C, 0x254C), *range(0x2552, 0x2571)]), "+"),
        **dict.fromkeys("─━┄┅┈┉╌╍", "-"),
        "═": "=",
        **dict.fromkeys("│┃┆┇┊┋╎╏║｜", "|"),
        # a grid drawn in full-width signs (｜ ＋－－＋): its rules (a full-width minus is a minus still)
        "＋": "+",
        "－": "-",
        "＝": "=",
    }
)
# a rule of a grid table between its rows: +---+---+, +===+, or a rule under some columns only, a
# cell spanning rows beside it (|   +----+----|)
_GRID_RULE = re.compile(r"^\s*[+|][-=+:| ]*$")
_RULE = "\x00"  # a grid table's rule in a block of pipe lines: a row ends there
_ROW_MARK = re.compile(r"\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d))")
# a cell's text that is a value: a number (a unit after it: 12件) or a blank mark
_CELL_VALUE = re.compile(r"\s*(?:[-+]?\d+(?:\.\d+)?\s*(?:件|条|个|项|次|笔|万元|元)?|[/／\\—－–-]+|无)\s*")
# Lines one document is read to (a report has a few thousand; a million of them took a gigabyte
# and half a minute): the readers of every format stop there and say so.
MAX_LINES = 100_000
TOO_LONG = f"文档超过 {MAX_LINES} 行，只读取了前 {MAX_LINES} 行 (document too long, read in part)"


# 丨 (U+4E28) standing alone between cells of a line of a pipe table, as OCR reads a ruling line: a bar; so is a
# letter l or I alone between two numbers or two words (6 I 2, 结果纠正 l 其他结果: never one cell's text)
_GUN = re.compile(r"(?:(?<=\s)|^)丨(?=\s|$)")
_BAR_LETTER = re.compile(r"(?<=[\d\u4e00-\u9fff])\s+[Il]\s+(?=[\d\u4e00-\u9fff])")


def _ruled(line: str) -> str:
    """A line of a pipe table as an OCR tool gave it, its ruling lines read as 丨, l or I: bars (:data:`_GUN`,
    :data:`_BAR_LETTER`)."""
    return _BAR_LETTER.sub(" | ", _GUN.sub("|", line))


def _full_width_grid(line: str) -> str:
    """A line of a grid drawn in full-width signs (｜ a ｜ b ｜, ＋－－＋) in ASCII (:data:`_BOX_ASCII`); any other
    line as it is: a full-width bar in a line of prose or a title (一图读懂｜…, 首页｜政务公开) divides no cells
    (made a pipe, it made the line a table's row, and a page run together on one line a table)."""
    s = line.lstrip()
    if line.count("｜") >= 2 or s[:1] in ("｜", "＋"):
        return line.translate(_BOX_ASCII)
    return line


def _clean(line: str) -> str:
    line = line.strip()
    if line[:1] == "#":
        line = _HEADING.sub("", line)
    if "**" in line:
        line = line.replace("**", "").strip()
    return line


# a line of a mail's reply quoting the message (> …, >> …)
_QUOTED = re.compile(r"^[ \t]*(?:>[ \t]?)+")
# a chat's message's head on the line it opens (a chat's export, copied: [2024-01-18 16:21:40] 钱七：…, 张三
# 2024/1/15 10:23:45：…): its time and its sender, then the message
_CHAT_HEAD = re.compile(
    r"^[ \t]*(?:\[?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[ \t]+\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]*[^\s：:]{1,16}"
    r"|[^\s：:]{1,16}[ \t]+\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ \t]+\d{1,2}:\d{2}(?::\d{2})?)[ \t]*[：:][ \t]*(?=\S)"
)


_CHAT_TIME = re.compile(r"\d[ \t]+\d{1,2}:\d{2}")  # a date and a time of day (a chat message's head)


def _chat_time(text: str) -> bool:
    """Whether ``text`` holds :data:`_CHAT_TIME`: looked for at each colon only, from the digit before the spaces
    before its hour (a search of the whole text tried every digit of its tables: a fiftieth of a text's reading)."""
    i = text.find(":")
    while i >= 0:
        h = i
        while h > 0 and i - h < 2 and text[h - 1].isdigit():
            h -= 1
        s = h
        while s > 0 and text[s - 1] in " \t":
            s -= 1
        if s < h and _CHAT_TIME.match(text, max(s - 1, 0), i + 3) is not None:
            return True
        i = text.find(":", i + 1)
    return False


# a line's number in the margin (a draft's, a page's printed with line numbers: 12 本年…, "   7  规章 0 0 3")
_LINE_NUMBER = re.compile(r"[ \t]*(\d{1,4})(?=[ \t]|$)")
_NUMBERED_MIN = 12  # lines numbered one after another for a text to be one with numbered lines
_NUMBERED_SHARE = 0.8  # … and the share of its lines of text they are at least


def _margin_numbers(raw: list[str]) -> None:
    """Lines numbered in the margin (a legal draft's, a page printed with line numbers: text tools write each
    number before its line's text), in place: where most of the text's lines open with a number one more than
    the numbered line's before (or one less than the next's: a page's first, a count begun anew), those numbers
    are spaces — the figures a line holds after its number are the report's (line 54's ``54 9 3 0 0 1 0 13``:
    9 3 0 0 1 0 13), and each character keeps its place."""
    head = [ln for ln in raw[:40] if ln.strip()][:10]  # (most texts: their first lines open otherwise)
    if len(head) < 5 or sum(1 for ln in head if ln.lstrip()[:1].isdigit()) < len(head) * _NUMBERED_SHARE:
        return
    found: list[tuple[int, int, int]] = []  # (line, its number, where the number ends)
    lines = 0
    for i, ln in enumerate(raw):
        if ln.strip():
            lines += 1
            m = _LINE_NUMBER.match(ln)
            if m is not None:
                found.append((i, int(m.group(1)), m.end(1)))
    numbered = [
        (i, end)
        for k, (i, n, end) in enumerate(found)
        if (k and found[k - 1][1] == n - 1) or (k + 1 < len(found) and found[k + 1][1] == n + 1)
    ]
    if len(numbered) < max(_NUMBERED_MIN, lines * _NUMBERED_SHARE):
        return
    for i, end in numbered:
        raw[i] = " " * end + raw[i][end:]


def _unquoted(raw: list[str]) -> None:
    """A report as a mail's reply or a chat passes it on, in place: where most lines are quoted (> …), the
    quotes' marks taken off; a chat message's head (its time and sender) before the message's first line
    taken off — a row's values or a heading after it are the report's."""
    lines = [ln for ln in raw if ln.strip()]
    if lines and sum(1 for ln in lines if ln.lstrip().startswith(">")) * 2 >= len(lines):
        for i, ln in enumerate(raw):
            if ln.lstrip().startswith(">"):
                raw[i] = _QUOTED.sub("", ln, count=1)
    for i, ln in enumerate(raw):
        if ":" in ln and _CHAT_HEAD.match(ln):
            raw[i] = _CHAT_HEAD.sub("", ln, count=1)


# LaTeX as PDF-to-text converters write it (Nougat, Mathpix): a table's rows (cells apart by &, ending in \\),
# its rules, cells spanning columns or rows, and headings
_TABULAR = re.compile(r"\\begin\{tabular\}(?:\{[^{}\n]*\})?(.*?)\\end\{tabular\}", re.DOTALL)
_LATEX_RULE = re.compile(r"\\(?:hline|cline\{[^{}]*\}|toprule|midrule|bottomrule)")
_LATEX_SPAN = re.compile(r"\\multi(?:column|row)\{[^{}]*\}\{[^{}]*\}\{((?:[^{}]|\{[^{}]*\})*)\}")
_LATEX_HEADING = re.compile(r"\\(?:title|(?:sub)*section\*?|textbf|emph)\{([^{}\n]*)\}")


def _from_latex(text: str) -> str:
    """LaTeX a converter wrote (Nougat's, Mathpix's) as the text it stands for: a ``tabular``'s rows a line each,
    as a pipe table's (``| 规章 | 0 | 0 | 3 |``: cells apart by ``&``, a row ending in ``\\\\``), a cell spanning
    columns or rows (``\\multicolumn{3}{|c|}{3914}``, ``\\multirow``) its text, rules no line; a heading
    (``\\section*{一、总体情况}``, ``\\title{…}``) its text. Each line keeps its place: what a line held
    is on that line still."""

    def table(m: re.Match[str]) -> str:
        body = _LATEX_RULE.sub("", m.group(1))
        while _LATEX_SPAN.search(body):  # (spans within spans: \multicolumn{3}{c}{\multirow{3}{*}{…}})
            body = _LATEX_SPAN.sub(r"\1", body)
        lines = []
        for ln in body.split("\n"):
            row = ln.strip()
            if row.endswith("\\\\"):
                cells = [c.strip() for c in row[:-2].split("&")]
                lines.append("| " + " | ".join(cells) + " |")
            else:
                lines.append(row)
        return "\n".join(lines)  # (as many lines as the table had: \begin's line the first, \end's the last)

    text = _TABULAR.sub(table, text)
    return _LATEX_HEADING.sub(r"\1", text)


# what pandas writes in a cell of a sheet it printed as a markdown table (markitdown's workbooks): an empty cell's
# NaN, a header's Unnamed: 3 where the sheet's first row held nothing there — no text of the report's (a section's
# heading in a row of NaNs was no heading). The bar before it consumed, the one after looked for: a pattern
# opening with a look-behind is tried at every character.
_PANDAS_FILLER = re.compile(r"\|[ \t]*(?:NaN|nan|NaT|<NA>|Unnamed: \d+(?:_level_\d+)?)[ \t]*(?=\|)")


def ingest_text(text: str, source: Source) -> Document:
    doc = Document(source=source)
    if "<!--" in text:  # markdown's comments are not printed (an old table kept in one): their lines left empty
        text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    if ("~~" in text or "</" in text) and _STRUCK.search(text) is not None:  # struck out: gone, as it stands
        text = _STRUCK.sub("", text)
    if "[^" in text:  # markdown's footnote references (24,318[^1] in a cell): marks, no text of the cell
        text = _FOOTNOTE_REF.sub("", text)
    if "\\begin{tabular" in text or "\\section" in text:  # LaTeX a converter wrote (Nougat's, Mathpix's)
        text = _from_latex(text)
    if "\\" in text:  # markdown's escapes (18\.42): the marks they escape
        text = _ESCAPED.sub(r"\1", text)
    sheet = False  # a workbook's sheet as pandas prints it (markitdown): its tables as wide as the sheet
    if ("NaN" in text or "nan" in text or "Unnamed: " in text) and "|" in text:  # a table pandas wrote (markitdown)
        text, filled = _PANDAS_FILLER.subn("| ", text)
        sheet = filled > 0
    if ("│" in text or "┃" in text or "║" in text) and _BOX.search(text):  # a table's bars
        text = text.translate(_BOX_ASCII)
    elif "｜" in text:  # full-width bars: a grid's on its rows and rules only (一图读懂｜… is a title's mark)
        text = "\n".join(_full_width_grid(ln) for ln in text.split("\n"))
    if ("丨" in text or " l " in text or " I " in text) and "|" in text:  # an OCR's reading of a ruling line
        text = "\n".join(_ruled(ln) if ln.count("|") >= 2 else ln for ln in text.split("\n"))
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n", MAX_LINES)  # the rest in one piece
    if len(raw) > MAX_LINES:
        del raw[MAX_LINES:]
        doc.notes.append(TOO_LONG)
    if ">" in text or (":" in text and _chat_time(text)):  # (most texts: neither)
        _unquoted(raw)
    _margin_numbers(raw)
    n = len(raw)
    places = line_places(n)  # each line's place (Where(i + 1)), shared
    pipe = [("|" in ln) for ln in raw] if "|" in text else [False] * n
    ruled = "+" in text and ("+-" in text or "+=" in text)  # ("+" first: one scan of the text, not two)
    if ruled:  # a grid table's rules are lines of its blocks
        for i, ln in enumerate(raw):
            if "+" in ln and ("--" in ln or "==" in ln) and _GRID_RULE.match(ln):
                pipe[i] = True
                raw[i] = _RULE
    last_pipe = -(10**9)  # the last pipe line before the line read
    grid = -1
    in_block = False
    block: list[tuple[int, str]] = []  # (line number, text) of the current pipe block
    # whether the block holds rows opening with a pipe (| a | b |), and lines opening without one: a
    # markdown table folded at a width, perhaps (:func:`_unwrapped`)
    opened = unopened = False

    def flush() -> None:
        nonlocal block, opened, unopened, grid
        if block:
            grid += _pipe_block(block, grid, doc, ruled, opened and unopened, sheet)
        block = []
        opened = unopened = False

    skip = -1  # lines up to this one were read as part of an HTML table
    for i, ln in enumerate(raw):
        if i <= skip:
            continue
        s = ln.strip()
        is_pipe = pipe[i]
        # a short line without a pipe inside a pipe block, the block resuming soon after: a cell's continuation
        joins = (
            not is_pipe
            and in_block
            and s
            and len(s) <= _JOIN_LEN
            and i - last_pipe <= _JOIN_GAP
            and any(pipe[i + 1 : i + 1 + _JOIN_GAP])
            and not _SECTION_LIKE.match(s)
            and not _section_title().match(s)
        )
        if is_pipe:
            last_pipe = i
        if is_pipe or joins:
            if ln == _RULE and not in_block and not any(pipe[i + 1 : i + 2]):
                continue  # a rule alone (a line drawn under a heading), no table after it
            if "--" in ln and _MD_RULE.match(ln):
                ln = ""  # a markdown rule holds no cells, but its line still counts
            if not in_block:
                grid += 1
                in_block = True
            if s[:1] == "|":
                opened = opened or bool(s.strip("| "))  # (a row of cells: "|||" pads the cells style's)
            elif s and ln:
                unopened = True
            block.append((i + 1, ln))
            continue
        if in_block:
            flush()
            in_block = False
        if not s:
            continue
        if s[:1] == "<" and "<table" in s.lower():
            # a table as HTML in markdown: on one line (MinerU), or a tag a line (pandoc, marker) to
            # the line closing it
            from ogi.ingest.html import tables_in  # the HTML reader reads text's limits from here

            skip = _html_table_end(raw, i)
            if skip > i:
                s = "\n".join(raw[i : skip + 1])
            for rows in tables_in(s):
                grid += 1
                doc.lines.extend(grid_lines(spans_of(rows), grid))
            continue
        if "\t" in ln and ln.strip(" ").count("\t") >= 1 and ln.strip("\t "):
            # a row of cells; empty cells at its ends are cells too (a label with blank values)
            if i == 0 or "\t" not in raw[i - 1]:
                grid += 1
            w = places[i + 1]  # its line; cells of one line share their (never mutated) place
            marked = "#" in ln or "*" in ln  # (most rows: no cell holds a mark to clean)
            cells = []
            for part in ln.split("\t"):
                c = bare(Cell)  # (made without its class's call: ogi.model's note on Cell and Where)
                c.text, c.where, c.confidence = _clean(part) if marked else part.strip(), w, None
                cells.append(c)
            made = bare(Line)
            made.cells, made.grid, made.width = cells, grid, None
            doc.lines.append(made)
            continue
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        if "," in s and ((fields := _csv_row(s)) is not None or (fields := _csv_head(s, nxt)) is not None):
            prev = raw[i - 1].strip() if i else ""
            if "," not in prev or (_csv_row(prev) is None and _csv_head(prev, raw[i]) is None):
                grid += 1
            w = places[i + 1]
            doc.lines.append(Line([Cell(_clean(c), w) for c in fields], grid))
            continue
        if (parts := run_together(s)) is not None:
            # a whole report on one line (a crawler's text of a page, its paragraphs run together):
            # a line from each heading, each row of its tables or numbered item on
            w = places[i + 1]
            doc.lines.extend(Line([Cell(p, w)]) for p in parts)
            continue
        if "  " in s and s[:1] != "#" and "**" not in s and (cells := _laid_out(ln, i + 1)) is not None:
            doc.lines.append(Line(cells))
            continue
        if s[:1] == '"' and (alone := _QUOTED_ALONE.match(s)) is not None:  # a CSV row of one field ("一、总体情况",)
            s = alone.group(1).replace('""', '"').strip()
        else:
            s = _clean(ln)
        if s:  # (a line of prose: its cell and line made without their classes' call)
            c = bare(Cell)
            c.text, c.where, c.confidence = s, places[i + 1], None
            made = bare(Line)
            made.cells, made.grid, made.width = [c], None, None
            doc.lines.append(made)
    if in_block:
        flush()
    if "<br" in text:
        doc.lines = [row for ln in doc.lines for row in _stacked_rows(ln)]
    if "![" in text or "<img" in text:
        _pictures_named(doc)
    return doc


# a picture markdown or a page's markup names on a line of its own (![表三](t3.png), <img src="t3.png">)
_PICTURE_LINE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)[^)]*\)|<img\b[^>]*\bsrc\s*=\s*[\"']?([^\"'\s>]+)[^>]*>")


def _pictures_named(doc: Document) -> None:
    """The pictures a text names (markdown's ``![](t3.png)``, an ``<img>`` among its lines), each noted where it
    stands (``Document.pictures``; :mod:`ogi.ingest.pictures`): a table printed as one, whose file a text does
    not hold — its values doubt, not the source's cells.missing (:func:`ogi.extract.pictured_tables`)."""
    from ogi.ingest.pictures import Found, place

    found = []
    for i, ln in enumerate(doc.lines):
        if len(ln.cells) == 1 and (m := _PICTURE_LINE.fullmatch(ln.cells[0].text.strip())) is not None:
            ref = (m.group(1) or m.group(2) or "").split("?")[0].rstrip("/")
            found.append(Found(i, ref.rsplit("/", 1)[-1] or f"图片{len(found) + 1}", None))
    if found:
        place(doc, found, None)  # (noted, none read: a text holds no picture's file)
        doc.notes.append(f"文本中引用了{len(found)}幅图片，其文件不在文本中，未能识别 (pictures named, not at hand)")


_TABLE_TAG = re.compile(r"<(/?)table\b", re.IGNORECASE)
_HTML_TABLE_LINES = 20_000  # lines an HTML table in text may run over (a report's tables take a few hundred)


def _html_table_end(raw: list[str], i: int) -> int:
    """The index of the line closing the HTML table that opens on line ``i`` (tables nested in it
    counted), or ``i`` when it closes on its own line or never closes within ``_HTML_TABLE_LINES``."""
    depth = 0
    for j in range(i, min(len(raw), i + _HTML_TABLE_LINES)):
        if "table" not in raw[j].lower():
            continue
        for m in _TABLE_TAG.finditer(raw[j]):
            depth += -1 if m.group(1) else 1
        if depth <= 0:
            return j
    return i


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CELL_NUMBER = re.compile(rf"\s*(?:{_NUMBER})?\s*")  # a number or nothing
# a row label's numbering where it begins (1. 2、（一） …)
_ROW_NUMBERED = re.compile(r"\s*(?:\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]{1,2}、)")


def _stacked_rows(line: Line) -> list[Line]:
    """Rows of a table printed without a ruling between them, which PDF-to-markdown tools give as one
    row whose cells stack them with ``<br>``: a label ``1.本机关不掌握…<br>2.没有现成信息…`` over values
    ``3<br>0``, as that many rows — when every value cell stacks as many numbers as the label cell
    stacks numbered labels (a label wrapped with ``<br>`` inside its row, a note under a value, or a
    number wrapped in a narrow cell stays one row). Cells before the label (a group's) go to the first."""
    cells = line.cells
    if line.grid is None or not any("<br" in c.text.lower() for c in cells):
        return [line]
    if len(cells) < 3:
        return [_unbroken(line)]
    parts = [_BR.split(c.text) for c in cells]
    values = [
        i for i, p in enumerate(parts) if any(ch.isdigit() for ch in "".join(p)) and all(map(_CELL_NUMBER.fullmatch, p))
    ]
    if not values:
        return [_unbroken(line)]
    k = len(parts[values[0]])
    if k < 2 or any(len(parts[i]) != k for i in values):
        return [_unbroken(line)]
    lab = values[0] - 1
    if lab < 0 or lab in values:
        return [_unbroken(line)]
    labels: list[str] = []
    for x in parts[lab]:
        if _ROW_NUMBERED.match(x) or not labels:
            labels.append(x)
        else:
            labels[-1] += x  # a label wrapped inside its row
    if len(labels) != k or not all(_ROW_NUMBERED.match(x) for x in labels):
        return [_unbroken(line)]
    out = []
    for j in range(k):
        row = []
        for i, c in enumerate(cells):
            if i < lab:
                text = c.text if j == 0 else ""
            elif i == lab:
                text = labels[j]
            elif i in values or len(parts[i]) == k:
                text = parts[i][j]
            else:
                text = c.text if j == 0 else ""
            row.append(Cell(text.strip(), c.where, c.confidence))
        out.append(Line(row, line.grid))
    return out


# a line break in a cell after a value with its unit (a word of one or two characters) and before the
# next value (1 件<br>35 件)
_BR_BETWEEN_VALUES = re.compile(r"(?<=\d)(\s*[\u4e00-\u9fff]{1,2}\s*)<br\s*/?>(?=\s*\d)", re.IGNORECASE)


def _unbroken(line: Line) -> Line:
    """A row whose cells hold line breaks (``<br>``) that stack no rows: each cell's lines joined, a
    label's pieces as one word (本年制<br>发件数 → 本年制发件数), values each with its unit apart (1 件<br>35 件
    → 1 件 35 件: two values in a cell under two headings merged)."""
    if line.grid is None:
        return line
    cells = [
        c if "<br" not in c.text.lower() else Cell(_unbroken_text(c.text), c.where, c.confidence) for c in line.cells
    ]
    return Line(cells, line.grid)


def _unbroken_text(text: str) -> str:
    return _BR.sub("", _BR_BETWEEN_VALUES.sub(r"\1 ", text))


def _csv_row(line: str) -> list[str] | None:
    """The fields of a table row written comma-separated (``一、本年新收…,,,60,12,0,0,1,0,73``; a label
    holding a comma quoted), or None for a line that is not one. A row: three fields or more, of which
    two or more are values or empty cells, or names and what they name, no sentence among them
    (``发布机构：,西岭区…``); or a label and its number (``行政许可,1``). Prose with commas between its
    clauses is none of these, nor a line whose commas separate thousands (``行政许可 17,970``, ``74,080``
    alone: a cell a line)."""
    if _THOUSANDS_ALONE.fullmatch(line):
        return None  # a number alone whose commas separate thousands (74,080: a cell a line)
    if "," not in _THOUSANDS_COMMA.sub("", line) and _SPACED.search(line.strip()):
        return None  # cells apart by spaces, each comma a number's between thousands (规范性文件  17  1,034)
    fields = next(csv.reader([line]))
    row = _csv_fields(line, fields)
    if row is not None and any(_SPACED_NUMBER.fullmatch(f) and _GROUP.match(g) for f, g in itertools.pairwise(fields)):
        return None  # a label and its number, the thousands after a comma (行政许可 17,970): no fields
    return row


def _csv_fields(line: str, fields: list[str]) -> list[str] | None:
    """:func:`_csv_row`'s fields where they make a row (before the numbers' commas are looked at)."""
    if len(fields) == 2:
        label = fields[0].strip()
        return fields if label and not _CSV_NUMBER.fullmatch(label) and _CSV_NUMBER.fullmatch(fields[1]) else None
    if len(fields) < 3:
        return None
    if sum(1 for f in fields if _CSV_VALUE.fullmatch(f)) >= 2:
        return fields
    # a table of names and what they name (a site's 发布机构：, …), no sentence among them
    named = any(f.rstrip().endswith(("：", ":")) for f in fields[:-1])
    return fields if named and not _SENTENCE.search(line) else None


def _csv_head(line: str, after: str) -> list[str] | None:
    """The fields of a table's heading row written comma-separated (``项目,规章,行政规范性文件,…``: names
    only), or None: three fields or more, no sentence, and the line after it a row of as many fields."""
    if "," not in after:
        return None
    fields = next(csv.reader([line]))
    if len(fields) < 3 or _SENTENCE.search(line) or not all(f.strip() for f in fields[:2]):
        return None
    row = _csv_row(after.strip())
    return fields if row is not None and len(row) == len(fields) else None


# A line this long holding this many enumerated headings (一、 （二） 第二十条; 附表1：, 注：) is a whole
# report run together on one line
_REFLOW_LEN = 1000
_ENUMERATED = re.compile(
    r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|第二十条|附?表[一二三四五六七八九十\d]{1,2}[:：]|注[:：]"
    r"|附表[一二三四五六七八九十\d]{1,2}\s+(?=[\u4e00-\u9fff])"  # (附表2 收到和处理…: its name, then its title)
    rf"|(?<=\s)(?:{AFTER_REPORT})"  # (after a space: what a page prints after the report, 相关解读 …)
)


# characters before a numeral that make a word of it (单一, 统一, 唯一, 之一, 逐一, 其二, 再三), and 第
_NUMERAL_WORDS = frozenset("第单统唯之逐合同划专归不万其再一")


_TITLE_RUN = re.compile(
    r"(?:^|\s)(\S{2,40}?20\d\d\s*年\s*度?\s*(?:政府|政务)?信息公开(?:工作)?的?(?:年度)?报告\S{0,4})(?=\s|$)"
)


def run_together(line: str) -> list[str] | None:
    """A whole report run together on one line (longer than :data:`_REFLOW_LEN`, holding three enumerated headings
    or more: a crawler's text of a page, a page whose paragraphs a CMS joined) broken into its lines again
    (:func:`_reflowed`, each stripped, none empty); None for any other line."""
    if len(line) <= _REFLOW_LEN or len(_ENUMERATED.findall(line)) < 3:
        return None
    return [p.strip() for p in _reflowed(line) if p.strip()]


def _reflowed(line: str) -> list[str]:
    """A report run together on one line, broken before each enumerated heading or item (一、 （二）
    第二十条第(一)项, 附表1：or 附表1 before a title, a note's 注：) and around its title standing between
    spaces: its title, sections, paragraphs and table rows each a line again."""
    cuts = [m.start() for m in _ENUMERATED.finditer(line)]
    # the report's title between spaces (a page's navigation before it, its introduction after it)
    for m in _TITLE_RUN.finditer(line):
        cuts.extend((m.start(1), m.end(1)))
    # 第二十条第（一）项 is one; 单一、统一、 (a word ending in a numeral, a list of words after it) no heading
    bounds = [0, *(c for c in cuts if line[c - 1 : c] not in _NUMERAL_WORDS), len(line)]
    return [line[a:b] for a, b in itertools.pairwise(sorted(set(bounds)))]


def _laid_out(line: str, lineno: int) -> list[Cell] | None:
    """A line laid out in columns with spaces (``规章        721       140       518``, as pdftotext
    -layout gives a PDF's table): its pieces between runs of two spaces or more, each with the
    characters it stands on (``Where.chars``), so that its values keep their columns; None for a line
    with fewer than three pieces (prose, a heading), read whole — unless its second and last is a
    number (a wrapped label's end and a wrapped number's last digits: ``情形）        0``)."""
    parts = [(m.group(0), m.start(), m.end()) for m in _PIECE.finditer(line)]
    if len(parts) < 3 and not (len(parts) == 2 and parts[1][0].isdigit()):
        return None
    return [Cell(t, Where(lineno, chars=(a, b))) for t, a, b in parts]


def _pipe_rows(block: list[tuple[int, str]], grid: int, doc: Document, sheet: bool = False) -> int:
    """:func:`_pipe_block` where every line of the block ends in a pipe (``| a | b |``,
    ``a | b |``) or is empty: no cell spans lines, so each line is split on its own — the same
    cells (the empty one before a first pipe included), a fifth of the time. In a ``sheet`` (a workbook's sheet as
    pandas prints it: its tables in one markdown table), a row of three empty cells or more ends a table (as a
    workbook's tables are apart: a table of applications by channel after table 3, its 总计 none of table 3's), the
    rows after it a grid of their own, ``grid`` + 1 …, and each table's rows end at its last column (the sheet's
    width past it, no blank of theirs). Returns how many grids past ``grid`` it used."""
    lines = doc.lines
    first = len(lines)
    places = line_places(block[-1][0]) if block else []
    apart = 0  # the grids past ``grid`` the block's tables took
    wide = sheet and len(block) > 2 and sorted(t.count("|") for _, t in block)[len(block) // 2] > 3
    filled = False  # a row with text since the last empty one
    for lineno, text in block:
        s = text.strip()
        if not s:
            continue
        where = places[lineno]
        if s.count("|") == 1 and "#" not in s and "*" not in s:  # (a cell a line, 26 |: a table flattened so)
            filled = True
            c = bare(Cell)  # (cell and line made without their classes' call: ogi.model's note on Cell and Where)
            c.text, c.where, c.confidence = s[:-1].strip(), where, None
            ln = bare(Line)
            ln.cells, ln.grid, ln.width = [c], grid + apart, None
            lines.append(ln)
            continue
        parts = s.split("|")[:-1]
        if wide and len(parts) >= 3 and not s.strip("| \t"):
            if filled:
                apart += 1
                filled = False
            continue
        filled = True
        grid_of = grid + apart
        if "#" not in s and "*" not in s:  # (most rows: no cell holds a mark to clean)
            row = []
            for part in parts:
                c = bare(Cell)
                c.text, c.where, c.confidence = part.strip(), where, None
                row.append(c)
            ln = bare(Line)
            ln.cells, ln.grid, ln.width = row, grid_of, None
            lines.append(ln)
            continue
        cells = []
        for part in parts:
            t = part.strip()
            if t[:1] in ("#", "*") or "**" in t:
                t = _clean(t)
            cells.append(Cell(t, where))
        lines.append(Line(cells, grid_of))
    if sheet:
        _own_columns(lines[first:])
    return apart


def _own_columns(rows: list[Line]) -> None:
    """The rows of each grid among ``rows`` cut after the last column any of them fills (in place)."""
    last: dict[int | None, int] = {}
    for ln in rows:
        filled = [j for j, c in enumerate(ln.cells) if c.text]
        if filled:
            last[ln.grid] = max(last.get(ln.grid, 0), filled[-1] + 1)
    for ln in rows:
        if len(ln.cells) > (width := last.get(ln.grid, len(ln.cells))) and not any(c.text for c in ln.cells[width:]):
            del ln.cells[width:]


def _pipe_block(
    block: list[tuple[int, str]],
    grid: int,
    doc: Document,
    ruled: bool = False,
    mixed: bool = False,
    sheet: bool = False,
) -> int:
    """Split a block of pipe lines into cells: :func:`_grid_rows` for a grid table (rules between its
    rows), :func:`_pipe_rows` where each line ends in a pipe, else :func:`_pipe_spans` (cells
    spanning lines); ``ruled``: the text holds grid rules; ``mixed``: rows opening with a pipe and
    lines opening without one (a folded table's, perhaps: :func:`_unwrapped`); ``sheet``: a workbook's sheet as
    pandas prints it (its tables' rows as wide as the sheet: :func:`_pipe_rows`). Returns how many grids past
    ``grid`` the block took (:func:`_pipe_rows`: tables apart by an empty row)."""
    if ruled and any(t == _RULE for _, t in block):
        _grid_rows(block, grid, doc)
        return 0
    if _one_column(block):  # a column of paragraphs (a workbook's text sheet as markitdown prints it): prose
        places = line_places(block[-1][0])
        doc.lines.extend(Line([Cell(t, places[n])]) for n, line in block if (t := _clean(line.strip()[1:-1].strip())))
        return 0
    if mixed:
        block = _unwrapped(block)
    for _, t in block:
        if (s := t.rstrip()) and s[-1] != "|":
            break
    else:  # (every line ends in a pipe, or is empty)
        return _pipe_rows(block, grid, doc, sheet)
    if all(not (s := t.strip()) or s[-1] != "|" for _, t in block):
        # rows without their outer pipes (markdown allows them: 规章 | 9 | 1 | 42): a row a line, a
        # line without a pipe among them (第二十条第(五)项) one cell
        return _pipe_rows([(n, t.rstrip() + " |") for n, t in block], grid, doc)
    if any("|" in s.lstrip()[1:] for _, t in block if (s := t.rstrip()) and s[-1] != "|"):
        # rows without their outer pipes (a line without one holds pipes between its cells, not only
        # one opening it as a cell's text after a pipe line does: | 第二十条第(一)项), a row
        # whose last cell is empty ending in "| " (a space after it, as the row was written: an outer
        # pipe ends its line), or rows with and without outer pipes mixed: every line a row still
        # (a short line between them one cell: 第二十条第(五)项), none a cell's continuation
        return _pipe_rows(
            [(n, t if t[-1:] == "|" or not t.strip() else t.rstrip() + " |") for n, t in block], grid, doc
        )
    _pipe_spans(block, grid, doc)
    return 0


def _one_column(block: list[tuple[int, str]]) -> bool:
    """Whether a block of pipe lines is a table of one column whose cells are text (``| 一、总体情况 |``, three
    rows at least, none a number or a blank's mark): paragraphs a tool put in a table (pandas' markdown of a
    workbook's text sheet), not a table of the report's — whose cells a one-cell-a-line table prints without the
    opening pipe (``10 |``)."""
    rows = 0
    for _, t in block:  # (most blocks: their first row of several cells, and no more looked at)
        if not (s := t.strip()):
            continue
        if s[:1] != "|" or s[-1:] != "|" or s.count("|") != 2 or _VALUE_OR_MARK.fullmatch(s[1:-1].strip()):
            return False
        rows += 1
    return rows >= 3


# a cell holding a value (digits, a unit after them) or a blank's mark, not text
_VALUE_OR_MARK = re.compile(r"[-+]?\d[\d,.]*\s*(?:件|万元|元|个|项|%)?|[/／—－–\-]{1,2}")


def _unwrapped(block: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A pipe table hard-wrapped at a width (a mail client's, ``fold``'s): a row opening with a pipe and
    holding fewer pipes than the table's rows, continued on lines opening without one (``| （二）部分公开
    | | 2 | 2 | 0 |`` / ``0 | 1 | 0 | 5 |``; wrapped inside a cell too), joined back into one row — only
    where the lines joined hold exactly as many pipes as the table's full rows and end with one."""
    counts = Counter(s.count("|") for _, t in block if (s := t.strip())[:1] == "|" and s[-1] == "|")
    if not counts:
        return block
    width = counts.most_common(1)[0][0]
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(block):
        lineno, text = block[i]
        s = text.strip()
        if s[:1] == "|" and s.count("|") < width:
            joined, j = s, i + 1
            # (a line opening with a pipe continues one whose last cell is open: wrapped before its pipe)
            while j < len(block) and (u := block[j][1].strip()) and (u[:1] != "|" or joined[-1] != "|") and u != _RULE:
                joined += (" " if joined[-1] == "|" or u[:1] == "|" else "") + u
                j += 1
                if joined.count("|") >= width:
                    break
            if j > i + 1 and joined.count("|") == width and joined[-1] == "|":
                out.append((lineno, joined))
                i = j
                continue
        out.append((lineno, text))
        i += 1
    return out


def _grid_rows(block: list[tuple[int, str]], grid: int, doc: Document) -> None:
    """A grid table (``+---+---+`` rules between its rows): the lines between two rules one row, the
    text of each column joined over them (a label wrapped in its cell: ``（二）部分公开（区分处理的`` /
    ``，只计这一情形…``; a number wrapped in a narrow cell: 17 / 6). Lines between two rules each as full
    as the first, showing values in one column twice (numbers, blank marks), are rows of their own (a
    table ruled only under its header)."""
    group: list[tuple[int, list[str]]] = []

    def row_of(lines: list[tuple[int, list[str]]]) -> None:
        widths = {len(parts) for _, parts in lines}
        one = len(lines) > 1 and len(widths) == 1
        if one:
            # lines that fill fewer cells than the first continue it (a label, or a number, wrapped in its
            # narrow cell: 17 over 6 is 176), and so do lines whose numbers each continue one filling its
            # cell above, unless a row's numbering opens them; other lines showing values in a column
            # again are rows of their own
            filled = [sum(1 for p in parts if p.strip()) for _, parts in lines]
            fewer = all(f < filled[0] for f in filled[1:])
            opens = any(_ROW_MARK.match(p) for _, parts in lines[1:] for p in parts if p.strip())
            for j in range(len(lines[0][1]) if not fewer else 0):
                vals = [parts[j] for _, parts in lines if _CELL_VALUE.fullmatch(parts[j])]
                if len(vals) > 1 and (opens or not all(len(v) - len(v.strip()) <= 2 for v in vals[:-1])):
                    one = False
                    break
        if not one:
            for lineno, parts in lines:
                where = Where(lineno)
                doc.lines.append(Line([Cell(_clean(p), where) for p in parts], grid))
            return
        cells = []
        for j in range(len(lines[0][1])):
            pieces = [(lineno, t) for lineno, parts in lines if (t := parts[j].strip())]
            text = _clean("".join(t for _, t in pieces))
            cells.append(Cell(text, Where(pieces[0][0] if pieces else lines[0][0])))
        doc.lines.append(Line(cells, grid))

    for lineno, text in block:
        s = text.strip()
        if s == _RULE:
            if group:
                row_of(group)
            group = []
            continue
        if not s:
            continue
        parts = s.split("|")
        if parts[0] == "" and len(parts) > 1:
            parts = parts[1:]
        if parts[-1] == "" and len(parts) > 1:
            parts = parts[:-1]
        group.append((lineno, parts))
    if group:
        row_of(group)


def _pipe_spans(block: list[tuple[int, str]], grid: int, doc: Document) -> None:
    """Split a block of pipe lines into cells; a cell may span lines.

    Cells are grouped into one :class:`Line` per source line they start on, so a
    one-row-per-line table keeps its rows and a one-cell-per-line table yields
    short lines; the extractor reads both as a stream.
    """
    lineno = block[0][0]
    joined = "\n".join(text for _, text in block)
    parts = joined.split("|")
    last = len(parts) - 1
    cur: list[Cell] = []
    cur_line = -1
    where = Where()
    lines = doc.lines
    for j, part in enumerate(parts):
        if "\n" in part:
            lead = len(part) - len(part.lstrip())
            start = lineno + part.count("\n", 0, lead)
            lineno += part.count("\n")
            text = part.strip()
            if "\n" in text:
                text = "".join(x.strip() for x in text.split("\n"))
        else:
            start = lineno
            text = part.strip()
        if j == last and not text:
            break  # nothing after the final pipe
        if text[:1] in ("#", "*") or "**" in text:
            text = _clean(text)
        if start != cur_line:
            if cur:
                lines.append(Line(cur, grid))
            cur, cur_line, where = [], start, Where(start)
        cur.append(Cell(text, where))
    if cur:
        lines.append(Line(cur, grid))
