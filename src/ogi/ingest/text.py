"""Plain text (and markdown) to the common document.

The styles met in practice, all handled here:

- prose, one paragraph per line; ``#`` headings and ``**`` emphasis;
- tab-separated rows, empty cells standing for merged spans;
- pipe tables: one row per line separated by `` | ``, markdown tables with
  ``|---|`` rules, and tables flattened one cell per line with ``|`` and
  ``|||`` filler lines, cells broken over several lines;
- the text pdftotext/pdfplumber give of a PDF: numbers separated by spaces on
  the line of their row label (split into cells by the extractor).
"""

from __future__ import annotations

import re

from ogi.model import Cell, Document, Line, Source, Where

# Where(n) is the place of line n and Line(cells, grid) a row of table grid: positional, which costs a
# third less than by keyword, once per line of every text report.

# a piece of a line laid out with spaces: words apart by one space at most
_PIECE = re.compile(r"\S+(?: \S+)*")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s*#{1,6}\s*")
# (a heading's 、 lost, as OCR and some conversions lose it: "三 收到和处理…", the numeral and a space)
_SECTION_LIKE = re.compile(r"^\s*(?:[一二三四五六七八九十]+(?:[、.．]|\s+(?=\S))|第[一二三四五六七八九十]+部分)")
# A line without a pipe joins the pipe block around it when it is this short
# and the block resumes within this many lines.
_JOIN_LEN = 40
_JOIN_GAP = 3
# Lines one document is read to (a report has a few thousand; a million of them took a gigabyte
# and half a minute): the readers of every format stop there and say so.
MAX_LINES = 100_000
TOO_LONG = f"文档超过 {MAX_LINES} 行，只读取了前 {MAX_LINES} 行 (document too long, read in part)"


def _clean(line: str) -> str:
    line = line.strip()
    if line[:1] == "#":
        line = _HEADING.sub("", line)
    if "**" in line:
        line = line.replace("**", "").strip()
    return line


def ingest_text(text: str, source: Source) -> Document:
    doc = Document(source=source)
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n", MAX_LINES)  # the rest in one piece
    if len(raw) > MAX_LINES:
        del raw[MAX_LINES:]
        doc.notes.append(TOO_LONG)
    n = len(raw)
    pipe = [("|" in ln) for ln in raw] if "|" in text else [False] * n
    last_pipe = -(10**9)  # the last pipe line before the line read
    grid = -1
    in_block = False
    block: list[tuple[int, str]] = []  # (line number, text) of the current pipe block

    def flush() -> None:
        nonlocal block
        if block:
            _pipe_block(block, grid, doc)
        block = []

    for i, ln in enumerate(raw):
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
        )
        if is_pipe:
            last_pipe = i
        if is_pipe or joins:
            if "--" in ln and _MD_RULE.match(ln):
                ln = ""  # a markdown rule holds no cells, but its line still counts
            if not in_block:
                grid += 1
                in_block = True
            block.append((i + 1, ln))
            continue
        if in_block:
            flush()
            in_block = False
        if not s:
            continue
        if "\t" in ln and ln.strip(" ").count("\t") >= 1 and ln.strip("\t "):
            # a row of cells; empty cells at its ends are cells too (a label with blank values)
            if i == 0 or "\t" not in raw[i - 1]:
                grid += 1
            w = Where(i + 1)  # its line; cells of one line share their (never mutated) place
            cells = [Cell(_clean(c), w) for c in ln.split("\t")]
            doc.lines.append(Line(cells, grid))
            continue
        if "  " in s and s[:1] != "#" and "**" not in s and (cells := _laid_out(ln, i + 1)) is not None:
            doc.lines.append(Line(cells))
            continue
        s = _clean(ln)
        if s:
            doc.lines.append(Line([Cell(s, Where(i + 1))]))
    if in_block:
        flush()
    return doc


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


def _pipe_rows(block: list[tuple[int, str]], grid: int, doc: Document) -> None:
    """:func:`_pipe_block` where every line of the block ends in a pipe (``| a | b |``,
    ``a | b |``) or is empty: no cell spans lines, so each line is split on its own — the same
    cells (the empty one before a first pipe included), a fifth of the time."""
    lines = doc.lines
    for lineno, text in block:
        s = text.strip()
        if not s:
            continue
        where = Where(lineno)
        cells = []
        for part in s.split("|")[:-1]:
            t = part.strip()
            if t[:1] in ("#", "*") or "**" in t:
                t = _clean(t)
            cells.append(Cell(t, where))
        lines.append(Line(cells, grid))


def _pipe_block(block: list[tuple[int, str]], grid: int, doc: Document) -> None:
    """Split a block of pipe lines into cells: :func:`_pipe_rows` where each line ends in a pipe,
    else :func:`_pipe_spans` (cells spanning lines)."""
    if all(not (s := t.strip()) or s[-1] == "|" for _, t in block):
        _pipe_rows(block, grid, doc)
    else:
        _pipe_spans(block, grid, doc)


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
