"""Reading the three tables: every value of the template, with where it stood.

Within a table's region the cells form a stream of label text, values and
blanks (:mod:`ogi.extract.tokens`). A *run* is the values and blanks of one
printed row: it ends at label text and where a new row of the source begins
(a grid row, a PDF text line). Each run is given to a row of the template:

- by its label: the row whose *signs* (template data) occur in the text before
  the run, the one ending last winning, strongest when the label stands on the
  run's own row; or in the text after it, as PDF text layers print a wrapped
  row's values before its label;
- in table 3, by the template's row order as well: runs are aligned to the rows
  in order (a table is printed top to bottom), so a value row whose label was
  lost or detached — text extracted from PDFs does that — takes the row its
  neighbours leave for it, recorded in its provenance (``where.placed``).

Within a row, each value is bound to its column: in order when the row shows as
many values and blanks as it has columns; otherwise by where each value stands
(its grid column, or its x position against the columns of the table's full
rows, or the spaces between a ruled table's lines), so a blank or lost value
never moves another one. What the reader had to guess is recorded as *doubt*
(:attr:`TableReading.doubts`), which the checks report as doubt and never as the
source's error.

A row whose label is printed and whose cells are blank (empty, ``/``, ``—``) is
a row of zeros (``blanks``); only a row that is not printed is missing.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from statistics import median

from ogi.extract.sections import row_label_keys
from ogi.extract.tokens import (
    BLANK,
    GARBLED_CHARS,
    LOST,
    MAX_INT_DIGITS,
    TEXT,
    VALUE,
    Token,
    bracketed,
    numeral_value,
    parse_value,
    remember,
    tokens_of,
)
from ogi.model import Cell, Document, Doubt, Line, Where, bare
from ogi.normalize import label_key
from ogi.template import Column, Row, Rule, Table, Template, spec, templates

# Only the tail of the text before a run is its label (headers and wrapped
# remnants of the previous label come before it).
LABEL_WINDOW = 64

# Why the reader may not be sure of a value, the codes of ``TableReading.doubts`` (what the clerk
# is told of each is template data: ``reasons`` of the rule cells.uncertain): count (more or fewer
# values than columns), order (a row placed by the template's order), thousands / decimal (a count
# printed or read with a decimal point), unread (ink the OCR could not read), position (a value
# bound by a position that did not line up), ocr (low OCR confidence).

# A value read by OCR below this confidence is uncertain unless the equations confirm it.
UNCERTAIN_BELOW = 0.85
# The confidence of a blank an image shows where its row's other values were read (a value may be missed)
OCR_BLANK = 0.5


@cache
def _money() -> dict[str, int]:
    """The money units (formats.toml's [[unit]] with a factor): name → size in 元."""
    return {u.name: u.factor for u in spec().units if u.factor}


@cache
def _headers() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The units a column header may state (a header giving 元 where the format's column is in
    万元: "本年收费金额(单位:元)"), in the order they are searched."""
    return tuple((u.name, re.compile(u.header)) for u in spec().units if u.header)


# 1.229 in a count column: a thousands separator printed (or read) as a decimal point
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


@dataclass(slots=True)
class Duplicate:
    """A value of a row printed (or read) a second time."""

    key: str
    first: int | float | None
    second: int | float | None
    where: Where
    doubtful: bool = False  # the second copy read with doubt (from an image, unsure; a partial row)


@dataclass(slots=True)
class TableReading:
    """Values of the tables with where each stood.

    ``cells``: every key of the template, None where not printed or not read; ``where``: the
    cell each value came from; ``confidence``: OCR confidence (0..1) of values read from images;
    ``blanks``: keys printed blank and read as 0; ``doubts``: keys the reader is not sure of →
    reason code (see above); ``duplicates``: values of rows printed twice; ``extras``: rows
    printed that the format does not have (see the template's ``deviations``).
    """

    cells: dict[str, int | float | None]
    where: dict[str, Where] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    blanks: list[str] = field(default_factory=list)
    doubts: dict[str, str] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    extras: dict[str, int | float | None] = field(default_factory=dict)
    extras_where: dict[str, Where] = field(default_factory=dict)
    tables_found: set[str] = field(default_factory=set)
    # values printed in another unit than their column's, converted: key → (the cell's text, its unit)
    units: dict[str, tuple[str, str]] = field(default_factory=dict)
    # rows of the format printed as the other format's rows that divide it, read as their sum: the row
    # ("t3.other") → the deviations' rows printed ("t3.other.no_correction", …; :func:`_summed_rows`)
    summed: dict[str, list[str]] = field(default_factory=dict)
    # tables whose values not printed the report says are 0 (表三各项数据均为0): table id → the sentence
    # (:meth:`_Reader.named_rows`; those values' places are the sentence's, ``placed`` "stated")
    stated: dict[str, str] = field(default_factory=dict)
    # values corrected by the report's own errata (勘误表, :mod:`ogi.extract.errata`): key → the value read
    # before and where it stood (the corrected value's place is the correction's, ``placed`` "errata")
    corrected: dict[str, tuple[int | float | None, Where]] = field(default_factory=dict)


@dataclass(slots=True)
class _Run:
    """The values and blanks of one printed row, and the label text around them."""

    toks: list[Token]
    before: str  # label text since the previous run (its tail)
    inline: str  # the part of ``before`` on the run's own row
    after: str = ""  # text after the run that is not the next run's own label (its head)
    texts: list[Token] = field(default_factory=list)  # the label tokens before the run
    values: int = 0  # how many of its tokens are values (counted when it is cut: :func:`_count`)
    names: _Names | None = None  # the rows its labels name, once worked out (per table)


def _count(toks: list[Token]) -> int:
    """How many tokens are values."""
    return sum(1 for t in toks if t.kind == VALUE)


@dataclass(slots=True)
class _Names:
    """The rows a run's labels name: in the text before it, on its own row (or around it: a label
    over two lines with the values between), after it; and the rows each names first or last."""

    before: frozenset[Row]
    inline: frozenset[Row]
    after: frozenset[Row]
    last_before: Row | None
    last_inline: Row | None
    first_after: Row | None
    named: frozenset[Row] = frozenset()  # the rows named anywhere around the run (the three together)

    def __post_init__(self) -> None:
        self.named = self.before | self.inline | self.after


@lru_cache(maxsize=65536)
def _names_of(table: Table, before: str, inline: str, after: str) -> _Names:
    """:class:`_Names` of a run's texts, cached: labels recur from report to report (tables hash by
    identity)."""
    around = _around_texts(table, before[-24:], after[:24]) if before and after else None
    named = {r for _, r in _candidates(inline, table)} | ({around} if around is not None else set())
    return _Names(
        frozenset(r for _, r in _candidates(before, table)),
        frozenset(named),
        _after_rows(after, table),
        match_row(before, table),
        match_row(inline, table),
        _first_named(after, table),
    )


def _sign_end(label: str, signs: tuple[str, ...]) -> tuple[int, int]:
    best = (-1, 0)
    for s in signs:
        if s[0] == "$":
            if label.endswith(s[1:]):
                cand = (len(label), len(s) - 1)
            else:
                continue
        else:
            p = label.rfind(s)
            if p < 0:
                continue
            cand = (p + len(s), len(s))
        if cand > best:
            best = cand
    return best


def _candidates(label: str, table: Table) -> list[tuple[tuple[int, int], Row]]:
    """Rows whose signs occur in ``label``, with where the sign ends."""
    # Labels repeat from report to report: the cache makes matching nearly free.
    # Tables are singletons of the loaded template, so their id() is a stable key.
    if not label:
        return []
    key = (id(table), label)
    hit = _CANDIDATES.get(key)
    if hit is not None:
        return hit
    if len(_CANDIDATES) > 200_000:
        _CANDIDATES.clear()
    out = _CANDIDATES[key] = _match_signs(label, table)
    return out


_CANDIDATES: dict[tuple[int, str], list[tuple[tuple[int, int], Row]]] = {}
_ROW_KEYS: dict[int, tuple[tuple[str, Column], ...]] = {}


def _without_heading_digits(runs: list[_Run], tokens: list[Token]) -> list[_Run]:
    """``runs`` but a lone value on a line of headings (three words or more: 结果维持 | 结果纠正 | 1 | 其他结果 …, a
    photograph's OCR reading a stroke of the headings as a digit) where another run holds more values: no value
    of the row."""
    if len(runs) < 2 or max(r.values for r in runs) < 2:
        return runs
    words: dict[int, int] = {}
    for t in tokens:
        if t.kind == TEXT:
            words[t.line] = words.get(t.line, 0) + 1
    return [
        r
        for r in runs
        if not (r.values == 1 and len({t.line for t in r.toks}) == 1 and words.get(r.toks[0].line, 0) >= 3)
    ]


def _row_keys(table: Table, row: Row) -> tuple[tuple[str, Column], ...]:
    """(key, column) of each value of a row; template rows are singletons, keyed by id()."""
    keyed = _ROW_KEYS.get(id(row))
    if keyed is None:
        keyed = _ROW_KEYS[id(row)] = tuple((f"{table.id}.{row.key}.{c.key}", c) for c in row.columns)
    return keyed


def _match_signs(label: str, table: Table) -> list[tuple[tuple[int, int], Row]]:
    out = []
    for row in (*table.rows, *table.deviations):
        if row.signs:
            e = _sign_end(label, row.signs)
            if e[0] >= 0:
                out.append((e, row))
    return out


def match_row(label: str, table: Table) -> Row | None:
    """The row whose sign ends last in ``label``."""
    c = _candidates(label, table)
    return max(c, key=lambda x: x[0])[1] if c else None


def _first_named(text: str, table: Table) -> Row | None:
    """The row whose sign starts first in ``text`` (the label printed right after a run)."""
    c = _candidates(text, table)
    return min(c, key=lambda x: (x[0][0] - x[0][1], -x[0][1]))[1] if c else None


def _trim(run: list[Token], expected: int, marks: bool = True) -> list[Token]:
    """Filler blanks (merged cells flattened into text leave empty cells) cut from both ends down
    to ``expected`` tokens: empty cells first (nothing printed: the cell before a markdown row's first
    pipe, an empty label column), then cells printing a blank's mark (— or /: a column's zero, cut only
    where there are still too many; with ``marks`` False, never: values whose place is known, a row
    printing a column of its own — 小计 — among them, keep each mark in its column)."""
    if len(run) <= expected:
        return run
    for marked in (False, True) if marks else (False,):
        while len(run) > expected and run[-1].kind == BLANK and (marked or not run[-1].text.strip()):
            run = run[:-1]
        while len(run) > expected and run[0].kind == BLANK and (marked or not run[0].text.strip()):
            run = run[1:]
    return run


def _texts_before_values(tokens: list[Token]) -> tuple[list[tuple[Token, str]], bool]:
    """Each value with the texts standing between it and the value before (spaces left out), and
    whether a token of another kind (a blank) stood among them."""
    out: list[tuple[Token, str]] = []
    other = False
    text = ""
    for t in tokens:
        if t.kind == TEXT:
            text += t.text.replace(" ", "")
        elif t.kind == VALUE:
            out.append((t, text))
            text = ""
        else:
            other = True
    return out, other


def _under_own_headings(table: Table, headed: list[tuple[Token, str]]) -> dict[str, list[Token | None]] | None:
    """Table 4 as text extracted column by column (pdfminer's boxes: a column's heading, a character a
    line, then its value, the columns of a group in any order, its name among them): every value after
    its own column's heading (``headed``: :func:`_texts_before_values`), the values so named falling into
    runs of a group's columns, each run holding each column once and the name of the template's group of
    its place (行政复议, then 未经复议直接起诉, then 复议后起诉) — row key → its values in the columns' order;
    None where the text is not so (a row of values under the headings, as most print it)."""
    heads = [(c.label, j) for j, c in enumerate(table.columns)]
    names = [r.label.split(" ")[-1] for r in table.rows]
    n = len(table.columns)
    items: list[tuple[int, Token]] = []
    named: dict[int, int] = {}  # group → the item index its name stands before (last named)
    for t, text in headed:
        col = next((j for h, j in heads if text.endswith(h)), None)
        if col is None:
            return None
        named.update((g, len(items)) for g, name in enumerate(names) if name in text)
        items.append((col, t))
    if len(items) != n * len(table.rows) or sorted(named) != list(range(len(names))):
        return None
    got: dict[str, list[Token | None]] = {}
    for g, at in named.items():
        run = items[g * n : (g + 1) * n]
        if not g * n <= at < (g + 1) * n or sorted(c for c, _ in run) != list(range(n)):
            return None
        values: list[Token | None] = [None] * n
        for c, t in run:
            values[c] = t
        got[table.rows[g].key] = values
    return got


def _column_words_between(table: Table, tokens: list[Token]) -> bool:
    """Whether a column's heading, or a piece of one (结果 / 维持, a heading set over lines), stands
    right before a value more than once: headings interleaved with the values."""
    labels = [c.label for c in table.columns]
    seen = 0
    for a, b in itertools.pairwise(tokens):
        if b.kind == VALUE and a.kind == TEXT:
            word = a.text.replace(" ", "")
            if len(word) >= 2 and any(word in label for label in labels):
                seen += 1
                if seen > 1:
                    return True
    return False


def _own_columns(table: Table, headed: list[tuple[Token, str]]) -> dict[int, int]:
    """Values of table 4 with their own column's heading right before them (结果纠正 11, as text
    extracted column by column gives them; ``headed``: :func:`_texts_before_values`): id of the
    value's token → that column's index."""
    heads = {c.label: j for j, c in enumerate(table.columns)}
    names = tuple(dict.fromkeys(h for pair in _group_heads(table) for h in pair if h))  # (行政复议, 行政诉讼, …)
    out: dict[int, int] = {}
    for t, text in headed:
        for name in names:
            text = text.replace(name, "")
        if text in heads:
            out[id(t)] = heads[text]
    return out


@dataclass(slots=True)
class _GridHeads:
    """The grids (HTML, Word: ``Where.table``, ``Where.col``) of a table's region: for each, the headings
    printed on the lines above its first value's (or its first line of blanks only), and its values and
    blanks from that line on."""

    lowest: dict[tuple[int, int], str]  # (grid, column) → the lowest heading printed above it
    lines: dict[tuple[int, int], list[tuple[int, str]]]  # (grid, line) → its headings (column, text)
    width: dict[int, int]  # grid → its last column
    values: dict[int, list[Token]]  # grid → its values and blanks
    boxed: bool  # whether any stands in a box of a page (a PDF's or a scan's ruled rows)


def _grid_heads(tokens: list[Token]) -> _GridHeads:
    """:class:`_GridHeads` of ``tokens``."""
    by_grid: dict[int, list[Token]] = {}
    boxed = False
    for t in tokens:
        w = t.cell.where
        if w.col is not None and w.table is not None:
            by_grid.setdefault(w.table, []).append(t)
            boxed = boxed or w.bbox is not None
    heads = _GridHeads({}, {}, {}, {}, boxed)
    for g, toks in by_grid.items():
        first = next((t.line for t in toks if t.kind == VALUE), None)
        if first is None:  # (a table printed blank: its first line of blanks only)
            texts = {t.line for t in toks if t.kind == TEXT}
            first = next((t.line for t in toks if t.kind == BLANK and t.line not in texts), None)
        heads.width[g] = max(t.cell.where.col for t in toks)  # type: ignore[type-var]
        for t in toks:
            col = t.cell.where.col
            if first is not None and t.line >= first:
                if t.kind != TEXT:
                    heads.values.setdefault(g, []).append(t)
            elif t.kind == TEXT:
                heads.lowest[(g, col)] = t.text  # type: ignore[index]
                heads.lines.setdefault((g, t.line), []).append((col, t.text))  # type: ignore[arg-type]
    return heads


def _spanned(heads: _GridHeads, names: dict[str, int], most: int | None = None) -> dict[tuple[int, int], int]:
    """(grid, column) → ``names[heading]`` for each heading among ``names`` printed over it: a heading spans
    the columns to the next heading of its line (行政复议 over its five, 复议后起诉 over the last five), ``most``
    columns at most where given (a group's width: a column of the report's own after the last group, 合计, is
    none of that group's)."""
    out: dict[tuple[int, int], int] = {}
    for (g, _), cells in heads.lines.items():
        for (col, text), (nxt, _) in zip(cells, [*cells[1:], (heads.width[g] + 1, "")], strict=True):
            if text in names:
                end = nxt if most is None else min(nxt, col + most)
                out.update({(g, c): names[text] for c in range(col, end)})
    return out


def _t4_by_grid_headings(table: Table, heads: _GridHeads) -> dict[int, list[Token | None]] | None:
    """Table 4 in grids of a page or a document (HTML, Word: ``Where.col``, no boxes) each printing one
    line of values under headings naming, over each value, its group (行政复议; 未经复议直接起诉, 复议后起诉:
    :func:`_spanned`) and, lowest, its column: each group's values by their headings (id of the row → its
    values in its columns). None unless every value stands under a group's and a column's heading, and every
    cell of the table is so printed once (then the table is read otherwise): a review table and a suits table
    apart, or groups in an order of their own. ``heads``: :func:`_grid_heads` of the table's tokens."""
    if heads.boxed or not heads.values:
        return None
    if any(len({t.line for t in vs}) != 1 for vs in heads.values.values()):
        return None
    names = {n: j for j, ns in enumerate(_column_names(table.columns)) for n in ns}
    group_at = _spanned(heads, {sub or top: k for k, (top, sub) in enumerate(_group_heads(table))})
    out: dict[int, list[Token | None]] = {id(r): [None] * len(r.columns) for r in table.rows}
    for g, vs in heads.values.items():
        for t in vs:
            at = (g, t.cell.where.col)
            k, j = group_at.get(at), names.get(heads.lowest.get(at, ""))  # type: ignore[arg-type]
            if k is None or j is None:
                return None
            cells = out[id(table.rows[k])]
            if cells[j] is not None:
                return None
            cells[j] = t
    if any(t is None for cells in out.values() for t in cells):
        return None
    return out


_ROW_YEAR = re.compile(r"(20\d\d)\s*年")  # a row's label naming its year (2023年)


def _without_own_columns(table: Table, tokens: list[Token], heads: _GridHeads) -> list[Token]:
    """The tokens of a grid (HTML, Word: ``Where.col``) less the values and blanks under a column of the
    report's own (the table's ``own_columns``: 行政诉讼小计, 合计 after table 4's fifteen), known by the lowest
    heading printed above each grid column — where no heading naming one group spans it (a group's 总计
    printed 合计 under 行政复议 is that group's: :func:`_spanned`; ``heads``: the tokens' :func:`_grid_heads`); the
    tokens given where none is."""
    own = {label_key(h) for h in table.own_columns}
    drop = {k for k, h in heads.lowest.items() if h in own}
    if drop:
        widest = max(len(r.columns) for r in table.rows)
        drop -= set(_spanned(heads, {sub or top: 0 for top, sub in _group_heads(table)}, widest))
    if not drop:
        return tokens
    return [t for t in tokens if t.kind == TEXT or (t.cell.where.table, t.cell.where.col) not in drop]


def _without_suits_total(
    table: Table, toks: list[Token], headed: bool = True, before: bool | None = None
) -> list[Token] | None:
    """Table 4 printed with a group of its own, 行政诉讼's 合计 (each of its columns the sum of the two
    suits' groups), after the two or before them, or with one column after the rest or before it (行政诉讼合计:
    the two suits' 总计 summed; 合计: every group's 总计 summed, a county's form): the row without it, where its
    values are each that sum; else None. (The template's rows are the last groups: 行政复议, then the suits; each
    group's 总计 its last column.) The one column only where ``headed``: the table's headings print a 合计; before the
    groups where ``before``, after them where not (None: either, after first — all zeros fit both)."""
    n = len(table.rows[-1].columns)
    width = sum(len(r.columns) for r in table.rows)
    if len(toks) not in (width + n, width + 1) or any(t.kind != VALUE or t.value is None for t in toks):
        return None  # (a value not read: no sum to tell by)
    v = [t.value for t in toks]
    first = width - 2 * n  # where the suits' groups begin
    if len(toks) == width + 1:  # one column after the rest or before it: a total of the groups' 总计 (each's last)
        if not headed:
            return None  # (one value's agreeing is no evidence without its heading: a stray, 0 = 0 + 0)
        ways = [(toks[:width], v[width]), (toks[1:], v[0])]
        for rest, total in ways if before is None else [ways[1] if before else ways[0]]:
            totals = [t.value for t in rest[len(table.rows[0].columns) - 1 :: n]]  # (groups alike wide past the first)
            if total == sum(totals[-2:]) or total == sum(totals):  # (the suits' 总计, or every group's)
                return rest
        return None
    for at, a, b in ((width, first, first + n), (first, first + n, first + 2 * n)):
        total, x, y = v[at : at + n], v[a : a + n], v[b : b + n]
        if total == [p + q for p, q in zip(x, y, strict=True)]:
            return toks[:at] + toks[at + n :]
    return None


def _pos(t: Token) -> float | None:
    """Where a value stands across its table: x of its centre (PDF, scans) or its grid column."""
    w = t.cell.where
    if w.bbox is not None:
        return (w.bbox[0] + w.bbox[2]) / 2
    if w.col is not None:
        return float(w.col)
    if w.chars is not None:
        return (w.chars[0] + w.chars[1]) / 2
    return None


def _frame(t: Token) -> tuple[str, int | None]:
    """What positions are comparable within: a PDF page, a grid, or text laid out with spaces."""
    w = t.cell.where
    if w.bbox is not None:
        return ("page", w.page)
    return ("grid", w.table) if w.chars is None else ("text", None)


_KIND, _TEXT = operator.attrgetter("kind"), operator.attrgetter("text")


def _make_runs(tokens: list[Token]) -> list[_Run]:
    """Split a token stream into runs with their labels (the text after the last run is its
    ``after``)."""
    runs: list[_Run] = []
    pending: list[Token] = []
    split: list[int] = []  # runs whose label begins on lines before their own row
    run: _Run | None = None  # the run being cut
    for t in tokens:
        kind = t.kind
        if kind == TEXT:  # a run ends at label text
            pending.append(t)
            run = None
            continue
        if run is not None and not t.first:
            run.toks.append(t)
            if kind == VALUE:
                run.values += 1
            continue
        # a run begins: after label text, and where a new row of the source begins
        values = 1 if kind == VALUE else 0
        if not pending:
            run = bare(_Run)
            run.toks, run.before, run.inline = [t], "", ""
            run.after, run.texts, run.values = "", [], values
            run.names = None
            runs.append(run)
            continue
        line = t.line
        if len(pending) == 1:
            before = pending[0].text[-LABEL_WINDOW:]
        else:
            before = "".join([p.text for p in pending])[-LABEL_WINDOW:]
        if pending[0].line == line:  # tokens come in line order
            inline = before  # the label on the run's own row
        else:
            own = [p.text for p in pending if p.line == line]
            # One cell per line (tables flattened into text): the label is the cells just before.
            inline = "".join(own)[-LABEL_WINDOW:] if (own or t.first) else before
            if inline != before:
                split.append(len(runs))
        run = bare(_Run)  # (a run made without its class's call: ogi.model's note on Cell and Where)
        run.toks, run.before, run.inline = [t], before, inline
        run.after, run.texts, run.values = "", pending, values
        run.names = None
        runs.append(run)
        pending = []
    for k in split:
        if k:  # the label's lines before the run's own row end the run before
            nxt = runs[k]
            first_line = nxt.toks[0].line
            runs[k - 1].after = "".join([p.text for p in nxt.texts if p.line != first_line])[:LABEL_WINDOW]
    if runs and pending:
        runs[-1].after = "".join([p.text for p in pending])[:LABEL_WINDOW]
    return runs


# whether :meth:`_Reader.read_rows` reads a table printed plainly without its search (:func:`_printed_plainly`);
# the test of that reading turns it off to read each report the long way too
PLAIN_FIRST = True


def _printed_plainly(
    table: Table, runs: list[_Run]
) -> tuple[list[_Run], list[tuple[int, int]], list[list[Token]]] | None:
    """A table printed plainly, as most are: every run of values on a line of its own beside its own label (or its
    values over as many lines as they are: a table flattened a cell a line; or table 3's label over two lines, its
    values after the first: :func:`_around`, as a PDF's text gives long labels), the labels naming each of the
    template's rows once (in its order where the rows share the table's columns: table 3; in any order otherwise:
    table 2), each run its row's values (and empty cells after them, padding), read from text or a grid (not by OCR,
    not from a page's words); no header printing a kind of row's columns in another order. Returns the runs of rows
    (those of values, and of blanks beside a row's label) with their pairs (index in them, index in
    :func:`_dp_rows`) — the placement :meth:`_Reader.read_rows`'s joining of broken rows and its search would find,
    found without them — and each run's values in its row's columns (:meth:`_Reader.bind`'s, without the padding);
    None otherwise (then they do the work)."""
    index = _dp_index(table)
    ordered = bool(table.columns)  # (table 3: the rows share its columns; table 2: its rows their own)
    several = () if ordered else _several_columns(table)
    kept: list[_Run] = []
    pairs: list[tuple[int, int]] = []
    values: list[list[Token]] = []
    seen: set[int] = set()
    for run in runs:
        if several and len(run.texts) >= 2:
            for cols in several:
                if (o := _headed_order(run.texts, cols)) is not None and o != sorted(o):
                    return None  # (a header printing a kind of row's columns in another order)
        names = _names(run, table)
        toks = run.toks
        if not run.values:  # a row of blanks beside its own label, or cells of a header left empty
            shown = _blank_row(table, run, names)
            if shown is None or len(_trim(toks, len(shown.columns))) < len(shown.columns):
                continue  # (no row: left out by the work below too)
        row = names.last_inline
        if row is None and ordered and run.after and run.inline:
            row = _around(run, table)  # (a label over two lines, its values after the first: table 3's in a PDF's text)
        if row is None or not run.inline or id(row) in seen or row in table.deviations:
            return None
        j = index[id(row)]
        n = len(row.columns)
        while len(toks) > n and toks[-1].kind == BLANK and not toks[-1].text:
            toks = toks[:-1]  # (the empty cells a row is padded with to the table's widest)
        if len(toks) != n or (ordered and pairs and j <= pairs[-1][1]):
            return None
        cell = toks[0].cell
        if (
            (toks[-1].line != toks[0].line and toks[-1].line - toks[0].line != n - 1)
            or cell.confidence is not None
            or cell.where.bbox is not None
        ):
            return None  # (a row over more lines than its values; read from an image, or from a page: by position)
        if not ordered and (
            (not run.values and not _named(row, run.inline))
            or match_row(run.before, table) is not row
            or _around(run, table) not in (None, row)
            or (table.own_rows and label_key(run.inline) in table.own_rows)
        ):
            return None
        seen.add(id(row))
        pairs.append((len(kept), j))
        kept.append(run)
        values.append(toks)
    if len(seen) != len(table.rows):
        return None
    return kept, pairs, values


def _blank_row(table: Table, run: _Run, names: _Names) -> Row | None:
    """The row a run of blanks could be for :meth:`_Reader.read_rows` (its label naming it; table 3: on the run's
    own line, table 2: the row its label ends with), None where it can be none."""
    if table.columns:
        return names.last_inline if names.inline else None
    return match_row(run.before, table) or _around(run, table)


def _spans_filled(runs: list[_Run]) -> bool:
    """Whether a table's merged cells have their text in each cell they span (a page's table as pandas
    writes it to markdown or CSV): a line of its labels holds one text in every cell, twice or more
    (第二十条第(五)项 | 第二十条第(五)项 | …; a line of CSV not read as cells: 第二十条第(五)项,第二十条第(五)项,…)."""
    for r in runs:
        by_line: dict[int, list[str]] = {}
        for t in r.texts:
            if t.cell.where.bbox is None:
                by_line.setdefault(t.line, []).append(t.text)
        for texts in by_line.values():
            if len(texts) == 1 and "," in texts[0]:
                texts = texts[0].split(",")
            if len(texts) >= 2 and len(set(texts)) == 1 and texts[0]:
                return True
    return False


def _cut_fill(run: _Run, n: int) -> None:
    """A row of a table whose merged cells are filled (:func:`_spans_filled`) showing more values than its
    ``n`` columns, its last value repeated after them (行政许可 | 1236 | 1236 | 1236: one value spanning the
    columns of wider rows): the repeats cut, in place."""
    toks = run.toks
    last = toks[n - 1]
    if last.kind == VALUE and all(t.kind == VALUE and t.text == last.text and t.line == last.line for t in toks[n:]):
        run.toks = toks[:n]
        run.values = _count(run.toks)


def _placed_toks(toks: list[Token], n: int) -> list[Token]:
    """A row of values whose places are known (a grid's cells, words on a page), of a table whose rows
    share its columns: a grid's cells all (each is a column, empty or marked), else the empty ones cut from
    its ends down to ``n`` (a blank's mark stays: a column's zero)."""
    return toks if toks[0].cell.where.col is not None else _trim(toks, n, marks=False)


def _own_by_sums(table: Table, rows: list[list[Token]]) -> int | None:
    """Of rows printing a value more than ``table``'s columns (a column of the report's own among them,
    小计), the place of that column: the one place whose value left out makes every row's sum hold (the
    table's ``each = "row"`` rule) with the others in the template's order, where one does and a row shows
    a value there (a blank 0); None otherwise."""
    n = len(table.columns)
    values = [v for toks in rows if (v := _numbers(toks)) is not None]
    if not values:
        return None
    found = [
        p
        for p in range(n + 1)
        if any(v[p] for v in values)
        and _sums_hold_in(table, [v[:p] + v[p + 1 :] for v in values], list(range(n)), 0, False)
    ]
    return found[0] if len(found) == 1 else None


def _join_split(runs: list[_Run], table: Table, n: int) -> list[_Run]:
    """A row broken over two lines of a ruled table — at a page break, or its values set at two
    heights — is one row: two runs in a row of the same ruled width whose values stand in different
    columns, the second without a label of its own naming a row."""
    out: list[_Run] = []
    for run in runs:
        prev = out[-1] if out else None
        # (empty cells before the label on the next page, the group's columns merged down, after what stands
        # between the pages — a page's footer, 续表, the section's heading again —: no row)
        filler = (
            prev is not None
            and all(t.kind == BLANK and not t.text.strip() for t in prev.toks)
            and (not prev.texts or match_row(prev.inline, table) is None)
        )
        cut = out[-2] if filler and len(out) > 1 else prev
        if cut is not None and _label_over_page(cut, run):
            # the row's label cut at a page's end with its cells empty there, the rest and the values on the next
            del out[-(2 if cut is not prev else 1) :]
            joined = _Run(run.toks, cut.before + run.before, cut.inline + run.inline, run.after, cut.texts + run.texts)
            joined.values = run.values
            out.append(joined)
            continue
        if (
            prev is not None
            and prev.values
            and run.values
            and prev.values + run.values <= n  # values in different columns: no more than there are
            and prev.toks[0].width is not None
            and prev.toks[0].width == run.toks[0].width
            and _cols(prev) is not None
            and _cols(run) is not None
            and prev.toks[0].width == run.toks[0].width
            and not (_cols(prev) & _cols(run))  # type: ignore[operator]
            and match_row(run.inline, table) is None
            and len(_cols(prev) | _cols(run)) <= n  # type: ignore[operator]
        ):
            toks = sorted(prev.toks + run.toks, key=lambda t: t.cell.where.col)  # type: ignore[arg-type, return-value]
            out[-1] = _Run(toks, prev.before, prev.inline, run.after, prev.texts, prev.values + run.values)
            continue
        out.append(run)
    return out


# the marks a label cut mid-phrase ends with (申请人无正当理由逾期不补正、 | … at a page's end)
_CUT_LABEL_ENDS = ("、", "，", ",", "及", "和", "或")
# a row's label of its own: numbered (1. (一) 一、 二是)
_NUMBERED_LABEL = re.compile(r"[（(]?[0-9一二三四五六七八九十]+[)）.．、]")


def _label_over_page(prev: _Run, run: _Run) -> bool:
    """Whether ``run`` (values in a grid) ends a row whose label a page break cut: ``prev`` the row's cells
    on the page before, every one empty, in another grid (a Word table rebuilt a page at a time), its label
    ending mid-phrase (逾期不补正、), and ``run``'s own label no row's beginning (not numbered: 行政机关不再处理…;
    the group's label merged down may stand before it, printed again or empty)."""
    if not run.values or prev.values or not prev.texts or not run.texts:
        return False
    a, b = prev.toks[0].cell.where.table, run.toks[0].cell.where.table
    if a is None or b is None or a == b or len(prev.toks) != len(run.toks):
        return False
    if any(t.kind != BLANK or t.text.strip() for t in prev.toks):
        return False
    # (the row's own label the last text: a group's label merged down may be printed again before it)
    return prev.texts[-1].cell.text.strip().endswith(_CUT_LABEL_ENDS) and not _NUMBERED_LABEL.match(
        run.texts[-1].cell.text.strip()
    )


def _join_wrapped(runs: list[_Run], table: Table, n: int | None) -> list[_Run]:
    """Numbers wrapped in cells too narrow for them, as text laid out with spaces shows them: a line
    of digits only (beside no label of a row of its own), fewer than the row above it shows, each
    standing under one of that row's numbers of two digits or more (from its first character to one
    past its last: left-aligned or centred) — the rest of those numbers ("16" over "1": 161). The
    joined values are in doubt (``wrapped``) until the table's sums confirm them: an unlabelled row
    of a table whose labels stand apart stands so too. ``n``: the table's columns, or None for a
    table whose rows differ (表二): the width of the row the run above names."""
    out: list[_Run] = []
    at = 0
    while at < len(runs):
        run = runs[at]
        at += 1
        prev = out[-1] if out else None
        if prev is None or not run.values or run.values != len(run.toks) or (n is not None and run.values > n):
            out.append(run)
            continue
        if run.values == n:  # a line of digits as wide as the table: a row's middle line, or a row of its own
            if (
                prev.values == n
                and (not run.inline or not _ROW_MARK.match(run.inline))
                and _breaks_sum(prev.toks, table)
                and (got := _wrapped_lines(prev, runs, at - 1, table, n)) is not None
            ):
                out[-1], used = got
                at += used - 1
            else:
                out.append(run)
            continue
        above_row = _continued_row(prev, run, table)
        width = n if n is not None else (len(above_row.columns) if above_row is not None else 0)
        if run.values >= width or len(prev.toks) != width or not _goes_on(prev, run, table, above_row):
            out.append(run)
            continue
        spans, below = _word_chars(prev.toks), _word_chars(run.toks)
        above = {i: spans[i] for i, t in enumerate(prev.toks) if t.kind == VALUE}
        if None in above.values() or None in below:  # no positions: only the row's sum can tell
            under = _under_by_sum(table, prev.toks, run.toks)
            if under:
                out[-1] = _with_rest(prev, run, _joined(prev.toks, under))
            else:  # digits under the row that no sum places: the row's long numbers in doubt (unjoined)
                if all(t.text.isdigit() for t in run.toks):
                    prev.toks[:] = [
                        Token(t.kind, t.text, t.value, t.unit, t.cell, t.line, t.first, t.width, Doubt.UNJOINED)
                        if _MAY_WRAP.fullmatch(t.text)
                        else t
                        for t in prev.toks
                    ]
                out.append(run)
            continue
        # a wrapped number's first line is no 0 (two digits or more, or one in a column one digit wide)
        under = _under_at(above, run.toks, below)
        if under is None or not all(_MAY_WRAP.fullmatch(prev.toks[j].text) for j in under):
            out.append(run)
            continue
        out[-1] = _with_rest(prev, run, _joined(prev.toks, under))
    return out


def _goes_on(prev: _Run, run: _Run, table: Table, row: Row | None) -> bool:
    """Whether the line of digits ``run`` may go on the row ``prev`` begins (``row``: the row its label names,
    :func:`_continued_row`): its own label begins no row ((三)…, 5.…), and the label before it names none, or
    that row (its label continued)."""
    if _ROW_MARK.match(run.inline):
        return False
    return match_row(run.inline or _label_between(prev, run, table), table) in (None, row)


def _continued_row(prev: _Run, run: _Run, table: Table) -> Row | None:
    """The row ``prev``'s label names, or, where ``run`` (a line of digits below it) carries the rest of
    that label (a label and numbers wrapped in their cells alike: 5.要求行政机关确 / 认或重新出具已获取信息
    beside the numbers' second line), where the first line's label names no row, the row the two name."""
    row = match_row(prev.inline or prev.before, table)
    if row is None and run.inline and prev.inline:  # (a label naming a row of its own is whole)
        return match_row((prev.inline + run.inline)[-LABEL_WINDOW:], table)
    return row


def _with_rest(prev: _Run, run: _Run, toks: list[Token]) -> _Run:
    """``prev`` with its numbers joined to the digits of the line below (``toks``), and with the rest of its label
    where that line carries it (:func:`_continued_row`)."""
    if not run.inline:
        return _Run(toks, prev.before, prev.inline, run.after, prev.texts, prev.values)
    label = (prev.inline + run.inline)[-LABEL_WINDOW:]
    before = (prev.before + run.inline)[-LABEL_WINDOW:]
    return _Run(toks, before, label, run.after, [*prev.texts, *run.texts], prev.values)


def _under_at(
    above: dict[int, tuple[float, float] | None], toks: list[Token], below: list[tuple[float, float] | None]
) -> dict[int, Token] | None:
    """The numbers of a row (``above``: index → where it stands) the digits of a line below continue, each
    digit standing under one of them (from its first character to one past its last: left-aligned or
    centred), no two under one; None where one stands under none, or is no digits."""
    under: dict[int, Token] = {}
    for t, c in zip(toks, below, strict=True):
        hit = [i for i, a in above.items() if c is not None and a is not None and a[0] <= c[0] <= a[1]]
        if len(hit) != 1 or hit[0] in under or not t.text.isdigit():
            return None
        under[hit[0]] = t
    return under or None


def _label_between(prev: _Run, run: _Run, table: Table) -> str:
    """The label text before ``run`` since ``prev``, as far as it may name a row: a row split by a page's
    end (its first line of digits at one page's foot, the rest at the next's head) has the next page's
    running title and the table's header repeated between — lines that name none of its rows (a header's
    总计 is a column's)."""
    if not run.texts or prev.toks[-1].where.page == run.toks[0].where.page or run.toks[0].where.page is None:
        return run.before
    heads = _column_words(table)
    lines: dict[int, list[str]] = {}
    for t in run.texts:
        lines.setdefault(t.line, []).append(t.text)
    kept = [x for texts in lines.values() if _header_line(texts, table, heads) is not True for x in texts]
    return "".join(kept)[-LABEL_WINDOW:]


def _wrapped_lines(prev: _Run, runs: list[_Run], at: int, table: Table, n: int) -> tuple[_Run, int] | None:
    """A row whose numbers wrap over three lines or more in cells too narrow for them (568 printed 5 / 6 / 8),
    its middle lines as wide as the table (every number wrapped), or a row split by a page's end: ``prev``
    the row's first line, ``runs[at:]`` the lines after it — the row joined, with how many runs it took, when
    the row as printed breaks its sum (the table's ``each = "row"`` rule) and the lines joined keep it; None
    otherwise. Each line after the first: digits only, beside no label of a row of its own; as wide as the
    table (its numbers in order), or standing under the row's numbers (by where they stand, or, where no
    position tells, by the one choice that keeps the sum)."""
    if len(prev.toks) != n or any(not t.text.isdigit() for t in prev.toks):
        return None
    spans = _word_chars(prev.toks)
    toks = prev.toks
    joined = prev
    for k in range(at, min(at + 3, len(runs))):
        run = runs[k]
        if run.values != len(run.toks) or any(not t.text.isdigit() for t in run.toks):
            return None
        if not _goes_on(prev, run, table, _continued_row(joined, run, table)):
            return None
        if len(run.toks) == n:
            under: dict[int, Token] | None = dict(enumerate(run.toks))
        else:
            below = _word_chars(run.toks)
            above = dict(enumerate(spans))
            under = None if None in spans or None in below else _under_at(above, run.toks, below)
            if under is None:
                under = _under_by_sum(table, toks, run.toks)
        # a wrapped number's first line is no 0
        if not under or not all(_MAY_WRAP.fullmatch(toks[j].text) for j in under):
            return None
        toks = _joined(toks, under)
        joined = _with_rest(joined, run, toks)
        if not _breaks_sum(toks, table):
            return joined, k - at + 1
    return None


def _breaks_sum(toks: list[Token], table: Table) -> bool:
    """Whether a row's numbers, one per column of ``table``, break the sum its columns keep (the table's
    ``each = "row"`` rule: 表三's 总计 of the applicants); False where the table keeps none or a number is not
    read."""
    at = _row_sum_columns(table)
    if at is None or len(toks) <= max(at[0], *at[1]):
        return False
    total, parts = at
    values = [t.value for t in toks]
    if any(type(v) is not int for v in values):
        return False
    return sum(values[j] for j in parts) != values[total]  # type: ignore[misc]


def _row_sum_columns(table: Table) -> tuple[int, tuple[int, ...]] | None:
    """``table``'s row rule (:func:`_row_rule`) as places among its columns: (the total's, the parts'); None
    where it keeps none. (Tables are singletons of the loaded template: kept by id(), a table's hash being
    its whole content's.)"""
    if (got := _ROW_SUMS.get(id(table), False)) is not False:
        return got
    rule = _row_rule(table.id)
    keys = [c.key for c in table.columns]
    at = None
    if rule is not None and rule.left[0] in keys:
        at = keys.index(rule.left[0]), tuple(keys.index(k) for k in rule.right if k in keys)
    _ROW_SUMS[id(table)] = at
    return at


_ROW_SUMS: dict[int, tuple[int, tuple[int, ...]] | None] = {}


def _join_around_label(runs: list[_Run], table: Table, n: int) -> list[_Run]:
    """A row whose label's two lines hold its first values between them (pdftotext's paragraphs: 2.其他法律行政法规
    / 15 / 禁止公开 / 0 / 11 …): two runs in a row whose values together are the table's ``n`` columns, the
    text between them naming no row of its own and, after the first's label, the row that label names (or
    the one it begins) — one run, its label the two lines'."""
    out: list[_Run] = []
    for run in runs:
        prev = out[-1] if out else None
        if (
            prev is None
            or not run.values
            or prev.values + run.values != n
            or len(prev.toks) + len(run.toks) != n
            or not run.texts
            or run.texts[0].line <= prev.toks[-1].line
        ):
            out.append(run)
            continue
        joined = (prev.before + run.before)[-LABEL_WINDOW:]
        row = match_row(joined, table)
        own = match_row(run.before, table)
        if row is None or own not in (None, row) or match_row(prev.before, table) not in (None, row):
            out.append(run)
            continue
        values = prev.values + run.values
        out[-1] = _Run(prev.toks + run.toks, joined, joined, run.after, prev.texts + run.texts, values)
    return out


@lru_cache(maxsize=4096)
def _own_row(inline: str, table: Table) -> bool:
    """Whether a row's own label (``inline``: label key) is none of ``table``'s rows' — a row the organ adds
    (行政确认, 行政给付, 行政检查; 财政预算、决算 under a group of its own) — rather than a label cut where it
    wraps (行政规范性文 / 件: a piece of a row's label, which the order places): a label of three characters or
    more that no row's label, short label or sign holds (its characters in their order: 政府采购 is 政府集中采购's
    short form), begins with or ends with, and that holds none."""
    if len(inline) < 3:
        return False
    for r in (*table.rows, *table.deviations):
        for name in (r.label, r.short, *(sign.lstrip("$") for sign in r.signs)):
            if not name:
                continue
            key = label_key(name)
            if _within(inline, key) or _within(key, inline) or key.startswith(inline[:3]) or key.endswith(inline[-3:]):
                return False
    return True


def _within(short: str, long: str) -> bool:
    """Whether ``short``'s characters stand in ``long`` in their order (政府采购 in 政府集中采购: a short form)."""
    at = iter(long)
    return all(ch in at for ch in short)


def _sub_row(inline: str, row: Row) -> bool:
    """Whether a run labelled ``inline`` (label key) naming ``row``, already read, is a row under it — its
    part (其中：…) or the row's label with a qualifier in brackets (行政许可(备案)) — no second copy of it."""
    key = label_key(row.label)
    return inline != key and ("其中" in inline or (key in inline and "(" in inline.replace(key, "", 1)))


def _join_centred(runs: list[_Run]) -> list[_Run]:
    """Numbers wrapped in a ruled table's cells whose text is centred from top to bottom (a PDF's small type
    in narrow columns: 12131 as "1213" over "1"): the row's label and its one-line values stand on a line
    between the wrapped numbers' two halves — a line of digits only right above it and one right below,
    in the same columns (of a page's rulings), none of them the row's. Each number joined (its halves, top
    first) into the row between, in doubt (``wrapped``) until the table's sums confirm it; before, the top
    halves were read as another row's spill and the bottom ones as the row's values (silent, false sums)."""
    out: list[_Run] = []
    i = 0
    while i < len(runs):
        a = runs[i]
        if i + 2 < len(runs) and (joined := _centred(a, runs[i + 1], runs[i + 2])) is not None:
            out.append(joined)
            i += 3
            continue
        out.append(a)
        i += 1
    return out


def _centred(a: _Run, b: _Run, c: _Run) -> _Run | None:
    """:func:`_join_centred`'s row ``b`` with the halves above (``a``) and below (``c``) joined, or None."""
    if a.inline or c.inline or c.before or not b.inline or not a.values or a.values != c.values:
        return None
    if any(t.kind != VALUE or not t.text.isdigit() or t.cell.where.bbox is None for t in (*a.toks, *c.toks)):
        return None
    line = b.toks[0].line
    if any(t.line != line - 1 for t in a.toks) or any(t.line != line + 1 for t in c.toks):
        return None
    top = {t.cell.where.col: t for t in a.toks}
    bottom = {t.cell.where.col: t for t in c.toks}
    mine = {t.cell.where.col for t in b.toks}
    if None in top or set(top) != set(bottom) or len(top) != len(a.toks) or mine & set(top) or None in mine:
        return None
    wrapped = [
        Token(
            VALUE,
            (d := top[k].text + bottom[k].text),
            int(d),
            None,
            Cell(d, top[k].cell.where),
            line,
            False,
            b.toks[0].width,
            Doubt.WRAPPED,
        )
        for k in top
    ]
    toks = sorted([*b.toks, *wrapped], key=lambda t: t.cell.where.col)  # type: ignore[arg-type, return-value]
    joined = _Run(toks, b.before, b.inline, b.after, b.texts)
    joined.values = sum(1 for t in toks if t.kind == VALUE)
    return joined


def _joined(toks: list[Token], under: dict[int, Token]) -> list[Token]:
    """A row's tokens with the digits wrapped below each joined to it (``under``: index → the digits)."""
    out = list(toks)
    for i, t in under.items():
        q = out[i]
        text = q.text + t.text
        out[i] = Token(
            VALUE, text, int(text), q.unit, Cell(text, q.cell.where), q.line, q.first, q.width, Doubt.WRAPPED
        )
    return out


def _under_by_sum(table: Table, toks: list[Token], below: list[Token]) -> dict[int, Token] | None:
    """Text without positions (pdfplumber's, pdftotext's): which numbers of a row the digits of the
    line below continue, in order, when exactly one choice makes the row's total its sum (the
    table's ``each = "row"`` rule) and the row as printed does not; None otherwise."""
    at = _row_sum_columns(table)
    if at is None or any(t.kind != VALUE for t in toks):
        return None
    if not all(t.text.isdigit() for t in below):
        return None
    total, parts = at

    def holds(values: list[int]) -> bool:
        return sum(values[j] for j in parts) == values[total]

    values = [int(t.text) if t.text.isdigit() else -1 for t in toks]
    if -1 in values or holds(values):
        return None
    wraps = [i for i, t in enumerate(toks) if _MAY_WRAP.fullmatch(t.text)]
    fits = []
    for chosen in itertools.combinations(wraps, len(below)):
        v = list(values)
        for i, t in zip(chosen, below, strict=True):
            v[i] = int(toks[i].text + t.text)
        if holds(v):
            fits.append(chosen)
            if len(fits) > 1:
                return None
    return dict(zip(fits[0], below, strict=True)) if fits else None


def _word_chars(toks: list[Token]) -> list[tuple[float, float] | None]:
    """Where each token stands across its line: in text laid out with spaces the characters of its piece
    (``where.chars``), or, for the words of a piece of several ("16 43 27"), the word's own within it; a
    PDF's word its box's left and right (points); None unknown."""
    out: list[tuple[float, float] | None] = []
    words: dict[int, list[tuple[int, int]]] = {}
    for t in toks:
        chars = t.cell.where.chars
        if chars is None:
            box = t.cell.where.bbox  # a PDF's word: where it stands across the page (points)
            out.append((box[0], box[2]) if box is not None and " " not in t.cell.text.strip() else None)
            continue
        if id(t.cell) not in words:
            words[id(t.cell)] = [(chars[0] + m.start(), chars[0] + m.end()) for m in _WORD.finditer(t.cell.text)]
        left = words[id(t.cell)]
        out.append(left.pop(0) if left else None)
    return out


_WORD = re.compile(r"\S+")
# what may be a number's first line where no position tells: any but 0 (a column one digit wide wraps
# after each: 4 / 6 / 2 / 0 is 4620)
_MAY_WRAP = re.compile(r"[1-9]\d*")
# a row label's beginning, after a character of a group's label printed down the side (本, 年, 度)
_ROW_MARK = re.compile(r"^.?\s*(?:[（(][一二三四五六七八九十][）)]|\d+[.．、])")


def _cols(run: _Run) -> set[int] | None:
    """The ruled columns a run's values stand in, or None when not all are known."""
    cols = {t.cell.where.col for t in run.toks if t.kind == VALUE}
    return None if None in cols or run.toks[0].width is None else cols  # type: ignore[return-value]


def _split_glued(
    toks: list[Token], n: int, holds: Callable[[list[list[str]]], bool] | None = None
) -> tuple[list[Token], bool]:
    """A row's values printed with no space between some of them (规章000, 1000001, 0 0 0 0 0 00: a page's
    text copied without its cells' spaces): each glued number cut where only one way cuts it into numbers
    none written with a leading zero (00000: five zeros), and then, if that leaves fewer than ``n``, cut
    the one way that gives ``n`` numbers where only one does — of those that keep the row's sum
    (``holds``: 291000030 is 29 1 0 0 0 0 30, the 总计 the sum of the others), where it is given. The
    tokens, and whether they are ``n``. A number cut where other cuttings were possible, and the count
    of the row's values alone chose among them (209: 20 9, a value of the row perhaps not seen), is in
    doubt (``glued``), unless the row's sum holds with it."""
    cuts: list[list[list[str]]] = []  # per token, the ways its digits may be cut
    spaced = False  # a grid cell's digits apart by spaces among them
    for t in toks:
        digits = t.text.removeprefix("-")
        glued = t.glued and digits.isdigit() and 1 < len(digits) <= 16
        if glued and (groups := _spaced_groups(t)) is not None:
            cuts.append(_spaced_cuttings(groups))  # cut at the spaces only
            spaced = True
            continue
        cuts.append(_signed_cuttings(t.text) if glued else [[t.text]])
    found: list[list[list[str]]] = []
    _choose(cuts, 0, n, [], found)
    if len(found) > 1 and holds is not None:  # several ways: those that keep the row's sum
        found = []
        _choose(cuts, 0, n, [], found, holds)
    if spaced and len(found) == 1 and holds is not None and not holds(found[0]):
        # digits apart by a space are one number (1 2) unless cutting them keeps a row's sum where there is one
        # (| 3 5 | in a row whose label holds its first value, cut to 3 5, breaks it): not cut
        return _split_glued([replace(t, glued=False) if _spaced_groups(t) else t for t in toks], n, holds)
    whole = len(found) == 1 and bool(found[0])
    if whole:
        chosen = found[0]
    else:  # only the cuts that are the only ones
        chosen = [c[0] if len(c) == 1 else [t.text] for t, c in zip(toks, cuts, strict=True)]
    # sure where every cut made was the only one, or the row's sum holds with them
    sure = all(len(c) == 1 for c, pieces in zip(cuts, chosen, strict=True) if len(pieces) > 1) or (
        whole and holds is not None and holds(chosen)
    )
    out: list[Token] = []
    for t, c, pieces in zip(toks, cuts, chosen, strict=True):
        if len(pieces) == 1:
            out.append(t)
            continue
        doubt = t.doubt if sure or len(c) == 1 else Doubt.GLUED
        for k, d in enumerate(pieces):
            out.append(Token(VALUE, d, int(d), None, t.cell, t.line, t.first and not k, t.width, doubt, True))
    return out, whole


@cache
def _cuttings(digits: str) -> list[list[str]]:
    """The ways ``digits`` is cut into numbers without a leading zero (``0`` itself one)."""
    if not digits:
        return [[]]
    out = []
    for k in range(1, len(digits) + 1):
        head = digits[:k]
        if len(head) > 1 and head[0] == "0":
            break
        out.extend([head, *rest] for rest in _cuttings(digits[k:]))
        if len(out) > 64:  # too many ways to tell: no cutting is the one
            break
    return out


def _glued_after_empty(
    toks: list[Token], n: int, holds: Callable[[list[list[str]]], bool] | None
) -> list[Token] | None:
    """A row's values with digits glued or apart by a space (:func:`_split_glued`) after an empty cell that is none
    of them — the label's cell spanning two columns, or the empty one before a markdown row's first pipe (a
    PDF-to-markdown tool's: ``| 一、本年新收… |  | 170 5 | 2 4 | 19 32 | 232 |``; table 4's ``| 0 | 0 3 | …``), and
    the empty ones after them: cut into ``n`` values without them, where only one way does and the row's sums hold
    (``holds``); else None."""
    if holds is None or len(toks) < 2 or toks[0].kind != BLANK or toks[0].text.strip():
        return None
    a, b = 0, len(toks)
    while a < b and toks[a].kind == BLANK and not toks[a].text.strip():
        a += 1  # (a label spanning its group's columns too: | | | | 16 | 3 | 0 1 |…, its text after the values)
    while b > a and toks[b - 1].kind == BLANK and not toks[b - 1].text.strip():
        b -= 1  # (and the empty cells after them: a table padded to its widest row)
    if b - a < 2:
        return None
    split, whole = _split_glued(toks[a:b], n, holds)
    return split if whole and holds([[t.text] for t in split]) else None


def _sum_holds(table: Table, rows: int = 1) -> Callable[[list[list[str]]], bool] | None:
    """Whether a row cut so (its tokens' pieces, the table's columns in order; ``rows`` rows printed as
    one, as table 4's three groups are) keeps each row's own sum (:func:`_row_rule`: 表三's 总计 the sum
    of the applicants, 表四's 总计 of its results); None for a table without one."""
    rule = _row_rule(table.id)
    cols = table.columns or (table.rows[0].columns if table.rows else ())
    keys = [c.key for c in cols]
    if rule is None or rule.left[0] not in keys:
        return None
    n = len(keys)
    total = keys.index(rule.left[0])
    parts = [keys.index(k) for k in rule.right if k in keys]

    def holds(chosen: list[list[str]]) -> bool:
        if any(len(x) > MAX_INT_DIGITS for pieces in chosen for x in pieces):
            return False  # a number past any figure (the reading says it cannot be read)
        v = [int(x) for pieces in chosen for x in pieces if x.lstrip("-").isdigit()]
        return len(v) == n * rows and all(sum(v[i + j] for j in parts) == v[i + total] for i in range(0, len(v), n))

    return holds


def _spaced_groups(t: Token) -> tuple[str, ...] | None:
    """The digit groups of a value printed apart by spaces in a grid's cell (9 0: 9, 0), or None."""
    text = t.cell.text.strip()
    if " " not in text:
        return None
    groups = tuple(text.split())
    return groups if "".join(groups) == t.text else None


@cache
def _spaced_cuttings(groups: tuple[str, ...]) -> list[list[str]]:
    """The ways digits printed apart by spaces in one cell (``groups``: 9 0, 1 1 3) are cells run together:
    each space a cell's edge or none (the number whole: 90; the cells apart: 9 0; 11 3, 1 13 …)."""
    if len(groups) == 1:
        return [[groups[0]]]
    rest = _spaced_cuttings(groups[1:])
    return [[groups[0] + r[0], *r[1:]] for r in rest] + [[groups[0], *r] for r in rest]


def _signed_cuttings(text: str) -> list[list[str]]:
    """:func:`_cuttings` of a number that may carry a sign (-720: -7 20, -72 0 …): the sign the first's."""
    if text[:1] != "-":
        return _cuttings(text)
    return [[f"-{c[0]}", *c[1:]] for c in _cuttings(text[1:])]


def _choose(
    cuts: list[list[list[str]]],
    i: int,
    left: int,
    chosen: list[list[str]],
    found: list[list[list[str]]],
    holds: Callable[[list[list[str]]], bool] | None = None,
    budget: list[int] | None = None,
) -> None:
    """Every choice of one cutting per token that gives ``left`` numbers in all (and ``holds``, if given);
    two found are enough, and a few thousand choices tried (past them, none is said to be the one)."""
    budget = budget if budget is not None else [5000]
    if len(found) > 1 or budget[0] <= 0:
        if budget[0] <= 0 and len(found) < 2:
            found.append([])  # too many ways to try: not one
        return
    budget[0] -= 1
    if i == len(cuts):
        if left == 0 and (holds is None or holds(chosen)):
            found.append(list(chosen))
        return
    for c in cuts[i]:
        if len(c) <= left - (len(cuts) - i - 1):
            chosen.append(c)
            _choose(cuts, i + 1, left - len(c), chosen, found, holds, budget)
            chosen.pop()


def _heading_column(plan: _HeadingPlan, text: str, n: int) -> int | None:
    """The one column of the table's ``n`` a heading names: a group's column (商业企业), or a heading
    over a single column (自然人, 总计); None for a group's heading (法人或其他组织) or a column of the
    report's own."""
    if (j := plan.sub_of.get(text)) is not None and j < n:
        return j
    if (u := plan.top.get(text)) is not None and len(plan.units[u]) == 1:
        return plan.units[u][0]
    return None


def _grid_columns(table: Table, tokens: list[Token]) -> dict[int, dict[int, int]]:
    """For each grid (an HTML, Word or workbook table: ``Where.table``) in ``table``'s region whose
    headings name only some of its columns (table 3 cut into two tables, each with its own headings):
    grid column → the column its heading names, the heading being the lowest printed above it before
    the grid's first value (自然人 over two header rows, 商业企业 under 法人或其他组织). A column under the
    group's heading with none of the group's own below it (法人或其他组织 printed as one column, its five
    undivided) in a grid printing half the table's rows or more → :data:`_UNDIVIDED`: its value is none of
    the table's columns, and the group's columns are not printed. Grids whose headings name every column,
    or fewer than two (one in a grid printing half the table's rows or more: its 总计 in a table of its own), are
    left out: their rows are read as every table's are."""
    plan = _heading_plan(table)
    n = len(table.columns)
    heads: dict[int, dict[int, str]] = {}
    valued: dict[int, set[int]] = {}  # grid → its lines holding values
    for t in tokens:
        w = t.cell.where
        if w.table is None or w.col is None:
            continue
        if t.kind == VALUE:
            valued.setdefault(w.table, set()).add(t.line)
        elif t.kind == TEXT and w.table not in valued:
            heads.setdefault(w.table, {})[w.col] = t.text
    out: dict[int, dict[int, int]] = {}
    for g, by_col in heads.items():
        cols: dict[int, int] = {}
        undivided: list[int] = []
        for col, text in by_col.items():
            if (j := _heading_column(plan, text, n)) is not None:
                cols[col] = j
            elif plan.group is not None and plan.top.get(text) == plan.group:
                undivided.append(col)
        named = set(cols.values())
        # (the group undivided in a grid of the table's rows: not in a table of others, 申请方式 | 自然人 | …)
        whole = 2 * len(valued.get(g, ())) >= len(table.rows)
        # one column named: a grid of the table's rows (its 总计 cut off into a table of its own)
        if (2 if not whole else 1) <= len(named) == len(cols) and len(named) < n:
            out[g] = cols | dict.fromkeys(undivided if whole else (), _UNDIVIDED)
    return out


# a grid column under the group's heading alone (:func:`_grid_columns`): the group's columns printed as one
_UNDIVIDED = -1


def _heading_blocks(
    table: Table, tokens: list[Token], positions: bool
) -> list[tuple[int, list[tuple[float, float, int]] | None]]:
    """Where ``table``'s headings name only some of its columns — table 3 cut by its columns into two
    tables, the second under the first or on a later page: each block of headings printed before
    values, from its first line on, with its headings' spans across the page (``positions``: PDF
    pages and scans) or in the order a line names them (text), each with the column it names; None
    for a block that names every column, or fewer than two, or columns that are no part of the
    table's run of columns (自然人 and 总计 alone: the other headings read in part, not a part table).
    In force for the lines after it, across pages, until the next block."""
    plan = _heading_plan(table)
    n = len(table.columns)
    labels = [c.label for c in table.columns]
    out: list[tuple[int, list[tuple[float, float, int]] | None]] = []
    block: list[tuple[float, float, int]] = []
    words: list[str] = []  # the texts since the last value
    valued: set[int] = set()  # the lines holding values
    start = named_start = -1  # the block's first line; its first heading naming a column's
    for t in tokens:
        w = t.cell.where
        if (w.bbox is not None) != positions or w.table is not None:
            continue
        if t.kind == VALUE:
            valued.add(t.line)
            if block and any(x in plan.sub_of for x in words):  # the group's heading over its columns
                block = [h for h in block if h[2] != _UNDIVIDED]
                start = named_start
            if block:
                named = sorted({j for *_, j in block if j != _UNDIVIDED})
                if len(named) < len(block):  # the group's heading over one column: its columns undivided
                    part = (
                        len(named) == len(block) - 1
                        and set(named) | set(plan.units[plan.group or 0]) == set(range(n))
                        and not any(x in plan.sub_of for x in words)
                    )  # (in the order the line names them)
                else:
                    part = (
                        2 <= len(named) == len(block)
                        and len(named) < n
                        and named == list(range(named[0], named[-1] + 1))
                    )
                    # the other columns' headings in fragments among them (自然 / 人, 商业 / 企业: set in
                    # narrow columns over lines): a whole table whose headings were read in part, no part table
                    part = part and not any(
                        len(x) >= 2 and x in labels[k]
                        for x in words
                        for k in range(n)
                        if k not in named and x != labels[k]
                    )
                    if part and not positions:  # text tells no order across a heading's lines: the table's own
                        block.sort(key=lambda h: h[2])
                out.append((start, block if part else None))
                block = []
            words = []
            continue
        if t.kind != TEXT:
            continue
        words.append(t.text)
        if (j := _heading_column(plan, t.text, n)) is not None:
            if not any(h[2] != _UNDIVIDED for h in block):
                named_start = t.line
            if not block:
                start = t.line
            x = w.bbox if w.bbox is not None else (float(len(block)), 0.0, 0.0, 0.0)
            block.append((x[0], x[2], j))
        elif not positions and plan.group is not None and plan.top.get(t.text) == plan.group:
            if not block:
                start = t.line
            block.append((float(len(block)), 0.0, _UNDIVIDED))
    # (the group undivided over the table's rows, half of them or more: not over a table of others)
    for k, (at, spans) in enumerate(out):
        if spans and any(j == _UNDIVIDED for *_, j in spans):
            until = out[k + 1][0] if k + 1 < len(out) else float("inf")
            if 2 * sum(at <= v < until for v in valued) < len(table.rows):
                out[k] = (at, None)
    return out


def _split_long(runs: list[_Run], n: int) -> list[_Run]:
    """A run of two or more whole rows (rows whose boundary the source did not mark) as its rows."""
    out: list[_Run] = []
    for r in runs:
        if len(r.toks) < 2 * n:
            out.append(r)
            continue
        toks = _trim(r.toks, n)
        if len(toks) >= 2 * n and r.values >= n:
            parts = [toks[k : k + n] for k in range(0, len(toks) - len(toks) % n, n)]
            if len(toks) % n == 0 or all(t.kind == BLANK for t in toks[len(parts) * n :]):
                out.append(_Run(parts[0], r.before, r.inline, "", r.texts, _count(parts[0])))
                out.extend(_Run(p, "", "", values=_count(p)) for p in parts[1:])
                out[-1].after = r.after
                continue
        out.append(r)
    return out


class _Reader:
    def __init__(self, tpl: Template) -> None:
        self.tpl = tpl
        self.r = TableReading(cells=dict.fromkeys(tpl.keys))
        self.anchors: dict[tuple[object, ...], list[float] | None] = {}
        # the places of columns of the report's own (小计) the rows' sums found among the anchors' (per key)
        self.own_places: dict[tuple[object, ...], list[float]] = {}
        self.wider_rows: dict[tuple[object, ...], bool] = {}  # (:meth:`_mostly_wider`)
        # grid → the columns a row of it fills (:meth:`_unspaced`)
        self.filled: dict[tuple[str, int | None], set[int | None]] = {}
        # where a table's headings print its columns out of the template's order: their places on a
        # page (per table and frame), or the order the text names them in (per table)
        self.heads: dict[tuple[object, ...], list[float] | None] = {}
        self.orders: dict[int, tuple[list[int] | None, str | None, int]] = {}
        self.heads_found: dict[tuple[object, ...], bool] = {}  # whether the headings were found at all
        self.sums: dict[int, list[int] | None] = {}  # the order the rows' sums tell (where headings do not)
        self.lines: dict[str, int] = {}  # key → index of the document line its value stood on
        self.own: set[int] = set()  # document lines of values read in columns of the report's own (小计)
        self.read: set[tuple[str, str]] = set()  # (table, row) of the rows read
        self.runs: list[_Run] = []  # the runs of the table being read
        # grid (Where.table) → grid column → the table's column its heading names, where a grid's
        # headings print some of the table's columns only (table 3 cut into two tables side by side)
        self.grid_cols: dict[int, dict[int, int]] | None = None
        self.page_cols: list[tuple[int, list[tuple[float, float, int]] | None]] | None = None  # on pages
        self.text_cols: list[tuple[int, list[tuple[float, float, int]] | None]] | None = None  # in text
        self.tokens: list[Token] = []  # the tokens of the table being read
        self.glued = False  # whether any of them is a number glued to others (a run-on report's)
        # document lines of text holding a value alone (a table flattened one cell per line, as
        # pdftotext without -layout gives it: an empty cell leaves nothing there)
        self.alone: set[int] = set()
        # tables with values read from such lines (three or more) and a row not read whole or values
        # left over: their labels, and whether values were left over (the text's order not the table's)
        self.flat: dict[str, tuple[str, bool]] = {}
        # tables whose region shows no value at all (read blank, or not read)
        self.valueless: set[str] = set()
        self.label_alone: set[str] = set()  # keys of rows read blank by :meth:`blank_rows` (a label alone on its line)
        self.year: int | None = None  # the report's year, where known (:func:`read_tables`)
        self.bodies: dict[str, Cell] = {}  # table → what its header has alone under it, saying it is 0 (无, 均为0)
        self.plain_first = PLAIN_FIRST  # whether a table printed plainly is read so (:func:`_printed_plainly`)

    # ------------------------------------------------------------------ values
    def put(self, table: Table, row: Row, toks: Sequence[Token | None], label: str, placed: str | None = None) -> None:
        r = self.r
        keyed = _row_keys(table, row)
        is_extra = row in table.deviations
        target = r.extras if is_extra else r.cells
        where = r.extras_where if is_extra else r.where
        value = self.value
        if (table.id, row.key) in self.read:
            partial = sum(t is not None for t in toks) < len(keyed)
            if partial and all(
                t is None or (target.get(k) is None and k not in r.doubts)
                for (k, _), t in zip(keyed, toks, strict=False)
            ):
                # the row's other columns, printed apart (a table cut into parts side by side): its own
                fresh = [t if target.get(k) is None else None for (k, _), t in zip(keyed, toks, strict=False)]
                self.read.discard((table.id, row.key))
                self.put(table, row, fresh, label, placed)
                return
            for (k, c), t in zip(keyed, toks, strict=False):
                if t is not None:
                    conf = t.cell.confidence
                    unsure = partial or (conf is not None and conf < UNCERTAIN_BELOW) or k in r.doubts
                    # (the value read first given to the row by its place, not its label: which is the row's
                    # own the reading guessed)
                    unsure = unsure or ((w := where.get(k)) is not None and w.placed in ("order", "after"))
                    r.duplicates.append(Duplicate(k, target.get(k), value(c, t, label, None), t.where, unsure))
            return
        self.read.add((table.id, row.key))
        ocr: bool | None = None  # whether the row was read from an image, worked out when needed
        lines = self.lines
        plain = placed is None and not is_extra
        for (k, c), t in zip(keyed, toks, strict=False):
            if t is None:
                if ocr is None:
                    ocr = any(x is not None and x.cell.confidence is not None for x in toks)
                if ocr and not is_extra:
                    r.doubts.setdefault(k, Doubt.UNREAD)  # a value of this row the OCR did not read
                continue
            kind, cell = t.kind, t.cell
            if (
                plain
                and kind == VALUE
                and type(v := t.value) is int
                and c.unit is None
                and t.doubt is None
                and cell.confidence is None
            ):  # (most values) a count as printed, read sure
                target[k] = v
                where[k] = cell.where
                lines[k] = t.line
                continue
            if kind == VALUE and c.unit is None and type(t.value) is int:
                target[k] = t.value  # the common case: a count
            else:
                target[k] = value(c, t, label, k)
            w = cell.where
            if placed is not None:
                w = Where(w.line, w.page, w.bbox, w.table, w.row, w.col, placed, w.chars, w.image)
            where[k] = w
            lines[k] = t.line
            if is_extra:
                continue
            conf = cell.confidence
            if t.doubt is not None:
                r.doubts.setdefault(k, t.doubt)
            if kind == BLANK:
                if t.text is LOST:  # what the text's encoding lost (tokens._classify): no blank, a value not read
                    target[k] = None
                    r.doubts.setdefault(k, Doubt.UNREAD)
                elif conf is not None and (conf == 0.0 or (t.text and conf < UNCERTAIN_BELOW)):
                    # ink the OCR could not read, or a dash it is not sure of (a 1 or 7 faintly read): not a blank
                    target[k] = None
                    r.doubts.setdefault(k, Doubt.UNREAD)
                else:
                    r.blanks.append(k)
            if conf is not None:  # confidence of template cells only
                r.confidence[k] = conf
        r.tables_found.add(table.id)

    def value(self, col: Column, t: Token, label: str, key: str | None = None) -> int | float | None:
        if t.kind == BLANK:
            return 0
        v = t.value
        if v is None:
            return None
        if isinstance(v, float) and bracketed(t.cell.text):  # (7): a change below zero, or a count in brackets
            if col.kind == "change":
                v = -v
            elif key is not None:
                self.r.doubts.setdefault(key, Doubt.BRACKETED)
        if isinstance(v, float) and t.text.lstrip("-").isdigit() and not GARBLED_CHARS.isdisjoint(t.cell.text):
            # a count garbled: a letter of a digit's look among its digits, a stray mark (1O, l2, 1,: tokens._classify)
            if key is not None:
                self.r.doubts.setdefault(key, Doubt.GARBLED)
            return int(t.text)
        if col.kind == "count" and isinstance(v, float):
            if _THOUSANDS.match(t.text):
                if key is not None:
                    self.r.doubts.setdefault(key, Doubt.THOUSANDS)
                return int(t.text.replace(".", ""))
            if t.cell.confidence is not None and t.text.replace(".", "").isdigit():
                # from an image: a speck beside the digits read as a decimal point
                if key is not None:
                    self.r.doubts.setdefault(key, Doubt.DECIMAL)
                return int(t.text.replace(".", ""))
        money = _money()
        unit = t.unit if t.unit is not None else next((u for u, h in _headers() if h.search(label)), None)
        if unit is None and col.unit in money:
            unit = self._unit_above(t)
        if col.unit in money and unit in money and unit != col.unit:  # printed in another unit: said so
            if not col.as_printed:
                v = round(v * money[unit] / money[col.unit], 6)
            if key is not None:
                self.r.units[key] = (t.cell.text.strip(), unit)
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return v

    def _unit_above(self, t: Token) -> str | None:
        """The unit a header on the lines above value ``t`` states (| 信息内容 | 本年收费金额（单位：元） | over
        its row, in text whose header row is a run of its own: a pipe row's empty first cell), from the line
        after the last value above it; None where none states one."""
        texts: list[str] = []
        for u in reversed(self.tokens):
            if u.line >= t.line:
                continue
            if u.kind == VALUE:
                break
            if u.kind == TEXT:
                texts.append(u.text)
        said = "".join(reversed(texts))
        return next((u for u, h in _headers() if h.search(said)), None) if said else None

    def doubt(self, table: Table, row: Row, reason: str, toks: list[Token | None] | None = None) -> None:
        """Mark the values of a row (those read, or all when ``toks`` is None) as doubtful. A row
        that showed fewer values than its columns (``count``) leaves the others unread, said as doubt
        (``short``; ``glued`` where its digits ran together): the source may print them blank (a PDF's
        text drops empty cells) or lose them, and which the reading cannot tell, so they are no
        cells.missing of the source."""
        extra = row in table.deviations
        for i, (k, _) in enumerate(_row_keys(table, row)):
            if toks is None or (i < len(toks) and toks[i] is not None):
                self.r.doubts.setdefault(k, reason)
            elif reason in (Doubt.COUNT, Doubt.GLUED) and not extra and self.r.cells.get(k) is None:
                self.r.doubts.setdefault(k, Doubt.SHORT if reason == Doubt.COUNT else reason)

    def taken(self, table: Table, row: Row) -> bool:
        return (table.id, row.key) in self.read

    # ----------------------------------------------------------------- columns
    def _printed_order(
        self, table: Table, row: Row, run: _Run, runs: list[_Run], toks: list[Token]
    ) -> tuple[list[int] | None, str | None]:
        """Where a table's headings print its columns in another order than the template's (总计
        first, before 自然人): for each of ``row``'s columns, the index of the value standing under its
        heading (None in the template's order, or where the headings or positions do not tell), and
        the doubt when that order is a guess (``heading``)."""
        w = toks[0].cell.where
        if row.columns is not table.columns:
            return None, None
        if w.bbox is None and w.col is None and w.chars is None:  # text without positions
            told = self.orders.get(id(table)) or self._text_order(table)
            return told[0], told[1]
        frame = _frame(toks[0])
        if self._out_of_order(table, row, run, runs, frame) is None:
            # the headings in the template's order (most tables), or not found: then the sums may tell
            return (None if self.heads_found[(id(table), frame)] else self._sum_order(table)), None
        pos = [_pos(t) for t in toks]
        if any(p is None for p in pos):
            return None, None
        return self._under_headings(table, row, run, runs, frame, pos), None  # type: ignore[arg-type]

    def _out_of_order(
        self, table: Table, row: Row, run: _Run, runs: list[_Run], frame: tuple[str, int | None]
    ) -> list[float] | None:
        """The places of ``row``'s column headings in ``frame`` where they stand out of the template's
        order (worked out once a table and frame); None in its order, or where they do not tell."""
        if row.columns is not table.columns:
            return None
        key = (id(table), frame)
        if key not in self.heads:
            heads = _header_anchors(row, run, runs, frame, ordered=False)
            ordered = heads is None or all(b > a for a, b in itertools.pairwise(heads))
            if not ordered and _sums_deny(table, runs, heads):  # type: ignore[arg-type]
                ordered = True  # (headings whose places a text's uneven spaces or an OCR's drift put out of order)
            self.heads[key] = None if ordered else heads
            self.heads_found[key] = heads is not None
        return self.heads[key]

    def _sum_order(self, table: Table) -> list[int] | None:
        """:func:`_sum_order` of the table being read, worked out once."""
        if id(table) not in self.sums:
            self.sums[id(table)] = _sum_order(table, self.runs)
        return self.sums[id(table)]

    def _text_order(self, table: Table) -> tuple[list[int] | None, str | None, int]:
        """:func:`_text_order` of the table being read, worked out once."""
        if id(table) not in self.orders:
            self.orders[id(table)] = _text_order(table, self.runs)
        return self.orders[id(table)]

    def _under_headings(
        self, table: Table, row: Row, run: _Run, runs: list[_Run], frame: tuple[str, int | None], pos: list[float]
    ) -> list[int] | None:
        """Where a table's headings stand out of the template's order over columns at ``pos`` (the
        places of a row's values, or of the table's columns), for each of ``row``'s columns the index of
        the place under its heading; None in the template's order, or where the headings do not tell."""
        heads = self._out_of_order(table, row, run, runs, frame)
        if heads is None:
            return None
        if len(pos) != len(heads) or len(set(heads)) < len(heads):
            return None
        # matched by rank, not by distance: values right-aligned or drifting with their row's label
        # stand off their headings' centres, never out of their order
        by_place = sorted(range(len(pos)), key=lambda i: pos[i])
        rank = sorted(range(len(heads)), key=lambda j: heads[j])
        order = [0] * len(heads)
        for r, j in enumerate(rank):
            order[j] = by_place[r]
        return order

    def _mostly_wider(self, table: Table, row: Row, runs: list[_Run], frame: tuple[str, int | None]) -> bool:
        """Whether more of the table's rows of values in ``frame`` show a value more than ``row``'s columns
        than show as many (a column of the report's own among them, 小计), worked out once a table and frame."""
        key = (id(table), id(row.columns), frame)
        got = self.wider_rows.get(key)
        if got is None:
            n = len(row.columns)
            more = same = 0
            for run in runs:
                if run.values and _frame(run.toks[0]) == frame:
                    shown = len(_placed_toks(run.toks, n))
                    more += shown == n + 1
                    same += shown == n
            got = self.wider_rows[key] = more > same
        return got

    def _unspaced(self, toks: list[Token], frame: tuple[str, int | None]) -> list[Token]:
        """A grid row's cells but the empty ones in columns no row of the table's grid fills (a Word table
        rebuilt by a converter: an empty spacer column beside each value, its heading spanning both) —
        ``toks`` itself where there are none."""
        filled = self.filled.get(frame)
        if filled is None:
            filled = self.filled[frame] = {
                t.cell.where.col for t in self.tokens if t.kind != TEXT and t.text.strip() and _frame(t) == frame
            }
        if all(t.cell.where.col in filled for t in toks):
            return toks
        return [t for t in toks if t.text.strip() or t.cell.where.col in filled]

    def _anchors(self, table: Table, row: Row, runs: list[_Run], frame: tuple[str, int | None]) -> list[float] | None:
        """The position of each column of ``row``'s kind, from the table's rows that show them all (in
        text laid out with spaces, from those of the same text only)."""
        key = (id(table), id(row.columns), frame)
        if key in self.anchors:
            return self.anchors[key]
        n = len(row.columns)
        same_frame: list[list[float]] = []
        other: list[list[float]] = []
        uniform = bool(table.columns)
        wider: list[list[Token]] = []  # rows showing a value more than the columns (a column of the report's own)
        for run in runs:
            # (a blank's mark cut is a column lost, and a grid's cell is a column, empty or not: no such row)
            toks = _placed_toks(run.toks, n) if uniform else _trim(run.toks, n)
            if uniform and len(toks) == n + 1 and run.values and _frame(toks[0]) == frame:
                wider.append(toks)
            if len(toks) != n or run.values == 0:
                continue
            if not uniform:  # rows of other widths or layouts: only runs labelled as a row of this kind
                named = match_row(run.inline or run.before, table)
                if named is None or named.columns is not row.columns:
                    continue
            pos = [_pos(t) for t in toks]
            if any(p is None for p in pos) or any(b <= a for a, b in itertools.pairwise(pos)):  # type: ignore[operator]
                continue
            if frame[0] == "text" and _frame(toks[0]) != frame:
                continue
            (same_frame if _frame(toks[0]) == frame else other).append(pos)  # type: ignore[arg-type]
        rows = same_frame or other
        if wider and self._mostly_wider(table, row, runs, frame):
            # most rows print a column of the report's own (小计): one showing as many values as the columns
            # has lost one (a blank the OCR saw nothing in), its places no columns'. On a page or in a grid,
            # the column whose values leave every row's sum holding without them is the report's own (小计 =
            # the group's sum), the others' places the columns' — else the headings tell them
            rows = []
            own = _own_by_sums(table, wider)
            if own is not None:
                placed = [[_pos(t) for t in toks] for toks in wider]
                if all(p is not None for ps in placed for p in ps):
                    rows = [[p for i, p in enumerate(ps) if i != own] for ps in placed]  # type: ignore[misc]
                    self.own_places[key] = [median(ps[own] for ps in placed)]  # type: ignore[type-var]
        out = [median(p[j] for p in rows) for j in range(n)] if rows else None
        self.anchors[key] = out
        return out

    def bind(self, table: Table, row: Row, run: _Run, runs: list[_Run]) -> tuple[list[Token | None], str | None]:
        """:meth:`_bind`; a row of too few values with digits glued together (规章4500) in doubt as such."""
        toks, doubt = self._bind(table, row, run, runs)
        if self.glued and doubt == Doubt.COUNT and any(t is not None and t.glued for t in toks):
            doubt = Doubt.GLUED
        return toks, doubt

    def _bind(self, table: Table, row: Row, run: _Run, runs: list[_Run]) -> tuple[list[Token | None], str | None]:
        """The run's tokens in the row's columns (None: not read), and the doubt, if any.

        Where the values' positions are known (a grid column, an x on a page), each is bound to the
        column it stands in — the columns found from the table's rows that show them all, or the
        spaces of a ruled row — so a blank or lost value moves no other. Otherwise in order, with
        doubt when the row shows more or fewer values than its columns.
        """
        n = len(row.columns)
        toks = run.toks
        if len(toks) > n and row.columns is table.columns:
            w = toks[0].cell.where
            if w.bbox is None and w.col is None and w.chars is None:  # text without positions: as many as
                # its headings print (a blank of a column of its own, 小计, is a column too: / | 2 | 2)
                toks = _trim(toks, max(n, (self.orders.get(id(table)) or self._text_order(table))[2]))
            else:  # values whose place is known: bound by where they stand, each mark in its column
                toks = _placed_toks(toks, n)
        else:
            toks = _trim(toks, n)
        if (
            self.glued
            and row.columns is table.columns
            and toks
            and toks[0].kind == BLANK
            and not toks[0].text.strip()
            and any(t.glued for t in toks)
            and (split := _glued_after_empty(run.toks, n, _sum_holds(table))) is not None
        ):
            return list(split), None  # (empty cells before values two a cell: the row's sums hold cut so)
        if self.glued and any(t.glued for t in toks):
            # the values the row prints: its columns, or with columns of the report's own among them (小计)
            widths = [n]
            w = toks[0].cell.where
            if row.columns is table.columns and w.bbox is None and w.col is None and w.chars is None:
                printed = (self.orders.get(id(table)) or self._text_order(table))[2]
                if printed and printed > n:
                    widths.insert(0, printed)
            cut = None
            # an empty cell after the row's values (a table padded to its widest row) is none of them where the
            # row's digits run together are cells whose separator was lost (| 0 1 | 190 | 190 | |)
            core = toks[:-1] if len(toks) > 1 and toks[-1].kind == BLANK and not toks[-1].text.strip() else toks
            for width in widths:
                base = core if len(toks) >= width > len(core) else toks
                if len(base) < width:
                    split, whole = _split_glued(base, width, _sum_holds(table) if width == n else None)
                    if whole:
                        cut = split
                        break
            if cut is not None:
                toks = cut
            elif len(toks) < n:
                # glued digits no one way cuts into the row's values: in order, in doubt, a number
                # still glued (several values, cut no one way: 1126) not read
                toks, _ = _split_glued(toks, n)
                shown = [None if t.glued and len(t.text.lstrip("-")) > 1 else t for t in toks[:n]]
                return [*shown, *[None] * (n - len(shown))], Doubt.GLUED
        if n == 1:
            vals = [t for t in toks if t.kind == VALUE]
            return [(vals or toks)[0]], Doubt.COUNT if len(vals) > 1 else None
        if len(toks) != n and toks and (named := self._by_grid_headings(table, row, toks)) is not None:
            return named, None
        if len(toks) == n:
            w = toks[0].cell.where
            if w.bbox is None and w.col is None and w.chars is None:  # text without positions (the fast way)
                if row.columns is not table.columns:
                    return list(toks), None
                order, doubt, width = self.orders.get(id(table)) or self._text_order(table)
                if order is None or width == n:
                    return (list(toks) if order is None else [toks[i] for i in order]), doubt
                # a column of the report's own printed (小计) and the row shows a value fewer: read below
            else:
                frame = _frame(toks[0])
                key = (id(table), id(row.columns), frame)
                # where most rows print a column of the report's own (小计) and this one a value fewer, each
                # value is bound by where it stands (below), not in order
                wider = self.wider_rows.get(key)
                if wider is None:
                    wider = self._mostly_wider(table, row, runs, frame)
                if not wider or self._anchors(table, row, runs, frame) is None or key not in self.own_places:
                    order, doubt = self._printed_order(table, row, run, runs, toks)
                    return (list(toks) if order is None else [toks[i] for i in order]), doubt
        w = toks[0].cell.where if toks else None
        if w is not None and row.columns is table.columns and w.bbox is None and w.col is None and w.chars is None:
            order, doubt, width = self._text_order(table)  # columns of the report's own among them (小计)
            if order is not None and width == len(toks):
                kept = set(order)
                self.own.update(t.line for i, t in enumerate(toks) if i not in kept)  # (小计's: read, not lost)
                return [toks[i] for i in order], doubt
        pos = [_pos(t) for t in toks]
        if all(p is not None for p in pos):
            frame = _frame(toks[0])
            if frame[0] == "grid" and len(toks) > n and (kept := self._unspaced(toks, frame)) is not toks:
                toks, pos = kept, [_pos(t) for t in kept]  # (an empty cell of a spacer column no row fills)
            anchors = self._anchors(table, row, runs, frame)
            headed = anchors is None and (frame[0] != "text" or len(toks) > n)
            turned = False  # anchors are the template's columns' places, standing out of its order
            if headed:  # the headings stand over their columns (laid-out text: a column of its own among them)
                anchors = _header_anchors(row, run, runs, frame, own=_own(table, row))
                if anchors is None and len(toks) > n:  # out of order, and a column of its own among them
                    anchors = self._out_of_order(table, row, run, runs, frame)
                    turned = anchors is not None
            # the columns in the order printed: under their headings where those stand out of order
            order = self._under_headings(table, row, run, runs, frame, anchors) if anchors and not turned else None

            def printed(out: list[Token | None]) -> list[Token | None]:
                return out if order is None else [out[i] for i in order]

            own_places = self.own_places.get((id(table), id(row.columns), frame), [])
            if frame[0] == "text" and not (headed and anchors):  # laid out with spaces: the spacing fitted
                # (to the columns' places and those of the report's own, 小计, whose values are none of them)
                xs, column = _with_own(anchors or [], own_places, n)
                fit = _by_spacing(pos, xs) if anchors else None  # type: ignore[arg-type]
                if fit is not None:
                    cols = [None if c is None else column[c] for c in fit[0]]
                    only = fit[1]
                    self.own.update(t.line for t, c in zip(toks, cols, strict=True) if c == n)
                    kept = [(t, c) for t, c in zip(toks, cols, strict=True) if c is not None and c < n]
                    placed = _place([t for t, _ in kept], [c for _, c in kept], n)[0]
                    return printed(self._fill(placed)), None if only else Doubt.POSITION
                return [*toks, *([None] * (n - len(toks)))], Doubt.COUNT
            if (headed and anchors) or (anchors and own_places):  # values under a column of the report's own
                own = _own_anchors(table, row, run, runs, frame) if headed else own_places  # (小计): none of these
                xs, column = _with_own(anchors, own, n)
                cols = [None if c is None or column[c] >= n else column[c] for c in _by_anchor(pos, xs)]  # type: ignore[arg-type]
            else:
                cols = _by_anchor(pos, anchors) if anchors else _right_aligned(toks, n)  # type: ignore[arg-type]
            if cols is not None and any(c is not None for c in cols):
                out, clean = _place(toks, cols, n)
                off = [t for t, c in zip(toks, cols, strict=True) if c is None and t.kind == VALUE]
                if off and anchors and _under_other_headings(off, row, run, runs, frame, anchors):
                    kept = [(t, c) for t, c in zip(toks, cols, strict=True) if c is not None]
                    out, clean = _place([t for t, _ in kept], [c for _, c in kept], n)
                return printed(self._fill(out)), None if clean else Doubt.POSITION
        if len(toks) > n:
            return list(toks[:n]), Doubt.COUNT
        guess = _by_row_sum(table, row, toks)
        if guess is not None:
            return guess, Doubt.COUNT
        return [*toks, *([None] * (n - len(toks)))], Doubt.COUNT

    @staticmethod
    def _fill(out: list[Token | None]) -> list[Token | None]:
        """Columns a row bound by position leaves empty: blank (0) where the source shows nothing
        there. From an image, a blank read with half confidence: a value the OCR missed without
        seeing its ink (cells with ink and no word are marked unread) may hide there, so the
        blank is doubtful unless the table's sums confirm it."""
        seen = [t for t in out if t is not None]
        if not seen:
            return out
        conf = None if seen[0].cell.confidence is None else OCR_BLANK
        return [t if t is not None else _blank_like(seen[0], conf) for t in out]

    # -------------------------------------------------------------------- rows
    def read_rows(self, table: Table, tokens: list[Token]) -> None:
        """Give each run to a row by its label (tables 2), or by label and row order (table 3)."""
        runs = _make_runs(tokens)
        if self.plain_first and not self.glued and (plain := _printed_plainly(table, runs)) is not None:
            # (most tables: the placement the work below would find, without it)
            self.runs, self.tokens = runs, tokens
            self.grid_cols = self.page_cols = self.text_cols = None
            kept, pairs, values = plain
            rows = _dp_rows(table)
            for i, j in pairs:  # (each run named by its label, on its line: placed so)
                if table.columns:  # (table 3: its headings may print the columns in another order)
                    toks, doubt = self.bind(table, rows[j], kept[i], kept)
                    self.put(table, rows[j], toks, kept[i].before)
                    if doubt:
                        self.doubt(table, rows[j], doubt, toks)
                else:  # (table 2: each row's values, those of its own columns, as printed)
                    self.put(table, rows[j], values[i], kept[i].before)
            return
        if table.columns:
            runs = _join_split(_join_centred(runs), table, len(table.columns))
            runs = _join_around_label(_join_wrapped(runs, table, len(table.columns)), table, len(table.columns))
        self.runs = runs
        self.grid_cols = None  # worked out when a row needs them (its values fewer or more than columns)
        self.page_cols = None
        self.text_cols = None
        self.tokens = tokens
        if table.columns and (turned := _turned_rows(table, runs)) is not None:
            sure = _columns_hold(table, turned)
            for row, toks in turned.items():
                self.put(table, row, toks, row.label, placed="order")
                if not sure:
                    self.doubt(table, row, Doubt.ORDER, toks)
            return
        if table.columns:
            self._align(table, _split_long(runs, len(table.columns)))
        else:
            if (crossed := _crossed_grid(table, tokens)) is not None:
                got, lines = crossed
                for row, toks in got.items():
                    self.put(table, row, toks, row.label)
                if len(got) == len(table.rows):
                    return
                # the rows printed otherwise, as printed
                tokens = [t for t in tokens if t.line not in lines]
                runs = self.runs = _make_runs(tokens)
                self.tokens = tokens
            by_column, used = _column_at_a_time(table, runs)
            if not by_column:
                by_column, used = _labels_then_columns(table, runs, tokens)
            for row, toks in by_column.items():
                self.put(table, row, toks, row.label, placed="order")
            self._by_label(table, _join_wrapped([r for r in runs if id(r) not in used], table, None))

    def _by_label(self, table: Table, runs: list[_Run]) -> None:
        """Rows of different widths, printed in any order (table 2): the label decides.

        The row is the one whose sign ends last in the text before the run. When that row already
        has its values (or no row is named), and the text after the run names a row still empty,
        the run is that row's: PDF text layers print a row's values before its label when the
        label wraps. When no sign survives whole (a label wrapped mid-sign), the run goes to the
        next empty row in template order.
        """
        seen_values = False  # header filler comes before the first row with values
        filled = _spans_filled(runs)
        heads = _column_words(table)
        valued: set[int] = set()  # lines with a number (no header), gathered when a header may stand
        if any(len({t.line for t in r.texts}) < len(r.texts) for r in runs):
            valued = {t.line for r in runs for t in r.toks if t.kind == VALUE}
        saids = [_header_lines(r, table, heads, valued) if len(r.texts) > 1 else [] for r in runs]
        headed = any(h for said in saids for h in said)  # a header naming the table's columns
        # Runs of another table in the region: under its own header (信息类别 | 条数: categories the organ
        # counts), or before the table's first group heading (第二十条第(一)项). Left out where the row
        # their label names is printed in the table too (a heading lost leaves a row that is only there).
        groups = _group_headings(table)
        opening = next((t.line for r in runs for t in r.texts if any(g in t.text for g in groups)), None)
        outside: list[bool] = []
        foreign = False
        for run, said in zip(runs, saids, strict=True):
            if said or (run.texts and run.texts[0].line < run.toks[0].line):
                foreign = bool(said) and not said[-1]  # a new header, or text between: another part
            outside.append((foreign and headed) or (opening is not None and run.toks[0].line < opening))
        inside = (
            {match_row(r.before, table) for r, out in zip(runs, outside, strict=True) if not out}
            if any(outside)
            else set()
        )
        # the order a header above them names the columns of rows of a kind in (本年制发件数 …), by the columns
        orders: dict[tuple[Column, ...], list[int]] = {}
        several = _several_columns(table)
        for run, out in zip(runs, outside, strict=True):
            for cols in several if len(run.texts) >= 2 else ():  # a header naming a kind of row's columns
                if (said_order := _headed_order(run.texts, cols)) is not None:
                    orders[cols] = said_order
            has_value = run.values > 0
            label = run.before
            if table.own_rows and label_key(run.inline or label) in table.own_rows:
                continue  # a row of the report's own (合计: a group's sum), no row of the table's
            row = match_row(label, table)
            if row is not None and self.taken(table, row) and _sub_row(run.inline or label, row):
                continue  # a row under the row (其中：简易程序行政处罚, 行政许可（备案）): a part, no copy of it
            around = _around(run, table)
            if around is not None and not self.taken(table, around):
                row = around  # a two-line label with the values between its lines
            placed = None
            if (row is None or self.taken(table, row)) and has_value:
                width = len(_trim(run.toks, 0))
                after = [
                    (e, r)
                    for e, r in _candidates(run.after, table)
                    if not self.taken(table, r) and _fits(r, run.toks, width) and _named_after(r, run.after)
                ]
                nxt = self._next_row(table)
                if nxt is not None and not _fits(nxt, run.toks, width):
                    nxt = None
                if after:
                    row = min(after, key=lambda x: (x[0][0] - x[0][1], -x[0][1]))[1]
                    placed = "after"
                later = row is None or _order(table, row) > _order(table, nxt) if nxt is not None else False
                if nxt is not None and label and row is not nxt and later:
                    row, placed = nxt, "order"
            if row is None or (out and row in inside):
                continue
            if placed is not None and _other_formats_row(run.inline or label, table):
                continue  # a row only the other format's table has, kept in this one (其他对外管理服务事项)
            own_label = run.inline or (run.texts[-1].text if run.texts else "")  # (the label nearest the values)
            if placed in ("order", "after") and _own_row(own_label, table):
                continue  # a row of the organ's own (行政确认, 行政检查 …): none of the template's, no slot's
            expected = len(row.columns)
            if filled and len(run.toks) > expected:
                _cut_fill(run, expected)
            trimmed = _trim(run.toks, expected)
            if not has_value and (len(trimmed) < expected or not (seen_values or _named(row, run.inline))):
                continue  # filler between header or label cells; a row of blanks has its own label
            if expected >= 3 and len(trimmed) <= expected // 2:  # few values: this row's only where it is named
                under = self._flat(run, row) and run.texts[-1].line == run.toks[0].line - 1  # its label just above
                if not (_named(row, run.inline) or row is around or under):
                    continue  # a stray number (prose, page number), not this row
            toks, doubt = self.bind(table, row, run, runs)
            if expected > 1:
                order = orders.get(row.columns)
                if order is not None and len(toks) == expected and order != list(range(expected)):
                    toks = [toks[i] for i in order]  # its columns printed in another order than the template's
            self.put(table, row, toks, label, placed)
            if doubt:
                self.doubt(table, row, doubt, toks)
            seen_values = seen_values or has_value

    def _next_row(self, table: Table) -> Row | None:
        """The first empty row after the last row read, in template order."""
        last = -1
        for i, r in enumerate(table.rows):
            if self.taken(table, r):
                last = i
        for r in table.rows[last + 1 :]:
            if not self.taken(table, r):
                return r
        return None

    def _align(self, table: Table, runs: list[_Run]) -> None:
        """Table 3: runs aligned to the rows in order, by dynamic programming.

        First as many runs as can be placed in order (a printed row of values is a row of the
        table), then the placement whose labels agree best. A run whose label names another row
        than the one its place gives it is not placed there.
        """
        rows = _dp_rows(table)
        n = len(table.columns)
        # a run of blanks without its own label can be no row: left out before the work begins
        runs = [r for r in runs if r.values or (_names(r, table).inline and len(_trim(r.toks, n)) >= n)]
        pairs = self._labelled_in_order(table, runs, rows)
        if pairs is None:
            pairs = self._labelled_out_of_order(table, runs, rows)
        if pairs is None:
            pairs = self._moved_out(table, runs, rows)
        if pairs is None:
            pairs = self._best_order(table, runs, rows)
        self._place(table, runs, rows, pairs)

    def _labelled_in_order(self, table: Table, runs: list[_Run], rows: tuple[Row, ...]) -> list[tuple[int, int]] | None:
        """The placement when the runs' own labels name their rows in the template's order, runs
        whose label names no row (a label wrapped past its values) filling exactly the rows between
        their labelled neighbours: a table printed cleanly, most reports, needs no search. None
        otherwise (then :meth:`_best_order` searches)."""
        index = _dp_index(table)
        pairs: list[tuple[int, int]] = []
        waiting: list[int] = []  # runs whose labels name no row, since the last labelled one
        last = -1

        def fill(upto: int) -> bool:
            if upto == last + 1 and not waiting:
                return True
            if not waiting:
                return all(r in table.deviations for r in rows[last + 1 : upto])
            gap = [j for j in range(last + 1, upto) if rows[j] not in table.deviations]
            if len(gap) != len(waiting):
                return False
            for i, j in zip(waiting, gap, strict=True):
                if self._score(table, runs[i], rows[j]) is None:
                    return False
                pairs.append((i, j))
            waiting.clear()
            return True

        for i, run in enumerate(runs):
            names = _names(run, table)
            row = names.last_inline if run.inline else names.last_before
            if row is None:
                waiting.append(i)
                continue
            j = index.get(id(row))
            if j is None or j <= last:
                return None
            if run.inline and run.values:  # its own label names the row and it shows values: it can be the row
                pass
            elif self._score(table, run, row) is None:
                return None
            if not fill(j):
                return None
            pairs.append((i, j))
            last = j
        if waiting and not fill(len(rows)):
            return None
        return pairs

    def _labelled_out_of_order(
        self, table: Table, runs: list[_Run], rows: tuple[Row, ...]
    ) -> list[tuple[int, int]] | None:
        """The placement when every run of values has its own label beside it (wrapped past the values,
        its rest after them) naming a row no other run's names, in another order than the template's
        (a report printing (七)总计 first among the outcomes): each on the row its label names. None
        otherwise."""
        index = _dp_index(table)
        pairs: list[tuple[int, int]] = []
        seen: set[int] = set()
        for i, run in enumerate(runs):
            if not run.values:
                continue
            names = _names(run, table)
            row = names.last_inline if run.inline else names.last_before  # one cell a line: the cells before
            if row is None and run.inline and run.after:  # a label wrapped past its values: its rest after them
                row = match_row(run.inline + run.after, table)
            j = index.get(id(row)) if row is not None else None
            if j is None or j in seen or self._label_of(table, run, rows[j]) is None:
                return None
            seen.add(j)
            pairs.append((i, j))
        if len(pairs) * 2 <= len(table.rows) or all(a[1] < b[1] for a, b in itertools.pairwise(pairs)):
            return None  # few rows; or in order after all (labels apart from their values: the search's)
        return sorted(pairs)

    def _moved_out(self, table: Table, runs: list[_Run], rows: tuple[Row, ...]) -> list[tuple[int, int]] | None:
        """A row or two printed out of the template's order, each beside its own label, among runs
        some of whose labels went unread (PDF text with a group's label printed down its rows): the
        moved rows on the rows their labels name, the rest searched in order without them
        (:meth:`_best_order`). None where no run's own label stands out of order."""
        index = _dp_index(table)
        strong: list[tuple[int, int]] = []  # (run, row) of the runs whose own label names their row
        for i, run in enumerate(runs):
            if not run.values or not run.inline:
                continue
            row = _names(run, table).last_inline
            j = index.get(id(row)) if row is not None else None
            if j is not None and self._label_of(table, run, rows[j]) == "label":
                strong.append((i, j))
        keep = _increasing(strong)
        moved = [p for p in strong if p not in keep]
        if not moved or len(moved) > 3 or len({j for _, j in strong}) < len(strong):
            return None
        out_runs, out_rows = {i for i, _ in moved}, {j for _, j in moved}
        rest = [i for i in range(len(runs)) if i not in out_runs]
        rest_rows = [j for j in range(len(rows)) if j not in out_rows]
        sub = self._best_order(table, [runs[i] for i in rest], tuple(rows[j] for j in rest_rows))
        return sorted(moved + [(rest[a], rest_rows[b]) for a, b in sub])

    def _best_order(self, table: Table, runs: list[_Run], rows: tuple[Row, ...]) -> list[tuple[int, int]]:
        """The placement of the runs on the rows in order that places the most runs, then agrees
        best with their labels (dynamic programming over runs × rows)."""
        scores = [self._scores(table, run, rows) for run in runs]
        nr, nw = len(runs), len(rows)
        neg = (-1, -1e9)
        best = [[neg] * (nw + 1) for _ in range(nr + 1)]
        back: list[list[int]] = [[0] * (nw + 1) for _ in range(nr + 1)]
        best[0][0] = (0, 0.0)
        for i in range(nr + 1):
            here, here_back = best[i], back[i]
            more = i < nr  # runs left to place
            if more:
                below, below_back, run_scores = best[i + 1], back[i + 1], scores[i]
                later = 1e-6 * i
            for j in range(nw + 1):
                cur = here[j]
                if cur == neg:
                    continue
                if more:
                    if j < nw and (s := run_scores[j]) is not None:
                        # ties: the earlier run, and the earlier row (a row left out is rather the later one)
                        cand = (cur[0] + 1, cur[1] + s - later - 1e-7 * j)
                        if cand > below[j + 1]:
                            below[j + 1], below_back[j + 1] = cand, 2
                    if cur > below[j]:
                        below[j], below_back[j] = cur, 0
                if j < nw and cur > here[j + 1]:
                    here[j + 1], here_back[j + 1] = cur, 1
        pairs: list[tuple[int, int]] = []
        i, j = nr, nw
        while i > 0 or j > 0:
            b = back[i][j]
            if b == 2:
                pairs.append((i - 1, j - 1))
                i, j = i - 1, j - 1
            elif b == 0:
                i -= 1
            else:
                j -= 1
        pairs.reverse()
        return pairs

    def _place(self, table: Table, runs: list[_Run], rows: tuple[Row, ...], pairs: list[tuple[int, int]]) -> None:
        """Put the runs placed, each bound to its row's columns; runs left over that name a row
        already read are that row printed twice."""
        hows = [self._label_of(table, runs[i], rows[j]) for i, j in pairs]
        labelled = {i for (i, _), how in zip(pairs, hows, strict=True) if how}
        for (i, j), how in zip(pairs, hows, strict=True):
            run, row = runs[i], rows[j]
            placed = None if how == "label" else ("after" if how == "after" else "order")
            toks, doubt = self.bind(table, row, run, runs)
            self.put(table, row, toks, run.before, placed)
            if doubt:
                self.doubt(table, row, doubt, toks)
            elif placed == "order" and not _unique_gap(i, j, pairs, labelled):
                self.doubt(table, row, Doubt.ORDER, toks)
        # Runs left over that name a row already read: that row printed twice.
        if len(pairs) == len(runs):
            return
        used = {i for i, _ in pairs}
        for i, run in enumerate(runs):
            if i in used or not run.values:
                continue
            row = match_row(run.inline or run.before, table)
            whole = row is not None and len(_trim(run.toks, len(row.columns))) == len(row.columns)
            # (a row of another table under it, 总计 of applications by channel, shows other columns)
            if whole and self.taken(table, row) and self._score(table, run, row) is not None:  # type: ignore[arg-type]
                toks, _ = self.bind(table, row, run, runs)
                self.put(table, row, toks, run.before)
            elif row is not None and self.taken(table, row) and _named(row, run.inline or run.before):
                # the row's other columns, in a grid whose headings name them (table 3's second part)
                part = self._by_grid_headings(table, row, _trim(run.toks, len(row.columns)))
                if part is not None:
                    self.put(table, row, part, run.before)

    def _by_grid_headings(self, table: Table, row: Row, toks: list[Token]) -> list[Token | None] | None:
        """A row of a grid whose headings name the columns it prints (some of the table's: table 3
        cut into two tables side by side, or one under the other), each value under its heading's
        column, the others not read here (None); None where the grid's headings do not name each."""
        w = toks[0].cell.where
        if row.columns is not table.columns:
            return None
        out: list[Token | None] = [None] * len(table.columns)
        if w.table is None and w.bbox is None:  # text: a row showing as many values as its part names
            if self.text_cols is None:
                self.text_cols = _heading_blocks(table, self.tokens, positions=False)
            line = toks[0].line
            named = next((sp for start, sp in reversed(self.text_cols) if start <= line), None)
            shown = toks
            while named and len(shown) > len(named) and shown[0].kind == BLANK:
                shown = shown[1:]  # the empty cells of a label's merged columns before the values
            if not named or len(named) != len(shown):
                return None
            for t, (*_, j) in zip(shown, named, strict=True):
                if j != _UNDIVIDED:  # (the undivided group's value is none of the table's columns)
                    out[j] = t
            return out
        if w.table is None:  # a page: each value under the heading whose span holds its centre
            if self.page_cols is None:
                self.page_cols = _heading_blocks(table, self.tokens, positions=True)
            line = toks[0].line
            spans = next((sp for start, sp in reversed(self.page_cols) if start <= line), None)
            if not spans:
                return None
            # the headings read may be some of a whole table's (the others broken, set vertically): the
            # row's ruled cells beyond them are its labels' (three at most); unruled, three named at least
            width = toks[0].width
            if (width is not None and not 1 <= width - len(spans) <= 3) or (width is None and len(spans) < 3):
                return None
            for t in toks:
                b = t.cell.where.bbox
                x = (b[0] + b[2]) / 2 if b is not None else None
                j = next((j for x0, x1, j in spans if x is not None and x0 - 4 <= x <= x1 + 4), None)
                if j is None or out[j] is not None:
                    return None
                out[j] = t
            return out
        if self.grid_cols is None:
            self.grid_cols = _grid_columns(table, self.tokens)
        cols = self.grid_cols.get(w.table)
        if not cols:
            return None
        for t in toks:
            j = cols.get(t.cell.where.col)  # type: ignore[arg-type]
            if j is None or t.cell.where.table != w.table or (j != _UNDIVIDED and out[j] is not None):
                return None
            if j != _UNDIVIDED:  # (the undivided group's value is none of the table's columns)
                out[j] = t
        return out

    def _flat(self, run: _Run, row: Row) -> bool:
        """Whether the run's values stand each alone on a line of text, after a label naming ``row``
        (a table flattened one cell per line: a value under its label, the others of the row after
        it, an empty cell leaving nothing)."""
        return bool(run.texts) and all(t.line in self.alone for t in run.toks) and _named(row, run.before)

    def note_flat(self, table: Table, toks: list[Token]) -> None:
        """A table flattened one cell per line, read: noted (:attr:`flat`) unless every row was read
        whole after its label with nothing left over (then its order is sure)."""
        placed = set(self.lines.values()) | self.own
        left = any(t.kind == VALUE and t.line in self.alone and t.line not in placed for t in toks)
        where = self.r.where
        # (a row placed by order or by the label after it: not read after its own label)
        guessed = any(
            self.r.doubts.get(k) or ((w := where.get(k)) is not None and w.placed in ("order", "after"))
            for r in table.rows
            for k, _ in _row_keys(table, r)
        )
        if left or guessed:
            self.flat[table.id] = ("".join(t.text for t in toks if t.kind == TEXT), left)

    def flat_doubts(self) -> None:
        """In a table :attr:`flat`: every value placed by order only (``flat``, said where the table's
        sums do not confirm it; ``jumbled`` where values were left over — then every value not found
        too), and a row whose label is printed but whose values were not found, unread — a row read blank
        (its label alone before the next one) no sure blank there (``jumbled``, no ``cells.blank``). A table no
        sums check (表二) whose rows were read after their labels, nothing left over, keeps its
        reading. A table whose region shows no value at all, read blank, is in doubt too (``jumbled``)
        when another table's region has values left over: pdftotext prints some PDFs' tables in blocks
        of columns, one table's values past the next one's heading."""
        r, summed = self.r, _summed_tables()
        if any(left for _, left in self.flat.values()):
            for k, key in self.tpl.keys.items():
                if key.table.id in self.valueless and k in r.cells:
                    r.doubts.setdefault(k, Doubt.JUMBLED)
        blanks = self.label_alone if self.flat else set()
        for k, v in r.cells.items() if self.flat else ():
            key = self.tpl.keys[k]
            if key.table.id not in self.flat:
                continue
            labels, left = self.flat[key.table.id]
            # values left over: the text's order is not the table's, and a row not found may be printed
            # all the same (its label broken among the others' lines): unread, not missing
            if left or (key.table.id in summed and (v is not None or _named(key.row, labels))):
                r.doubts.setdefault(k, Doubt.JUMBLED if left else Doubt.FLAT)
            if k in blanks:  # a label alone before the next one, in a table whose order is not sure: no sure blank
                r.doubts[k] = Doubt.JUMBLED
        if self.flat and blanks:
            r.blanks[:] = [k for k in r.blanks if r.doubts.get(k) != Doubt.JUMBLED]

    def _label_of(self, table: Table, run: _Run, row: Row) -> str | None:
        """How the run's label names ``row``: "label" (before it), "after", or None."""
        names = _names(run, table)
        if row in names.before or row in names.inline:
            return "label"
        if row in names.after:
            return "after"
        return None

    def _scores(self, table: Table, run: _Run, rows: tuple[Row, ...]) -> list[float | None]:
        """:meth:`_score` of the run on each of ``rows`` (its tokens cut to each width once)."""
        widths: dict[int, list[Token]] = {}
        return [self._score(table, run, row, widths) for row in rows]

    def _score(self, table: Table, run: _Run, row: Row, widths: dict[int, list[Token]] | None = None) -> float | None:
        """How well the labels around a run name ``row``; None: the run cannot be that row. ``widths``:
        the run's tokens cut to a width, kept across calls (:meth:`_scores`)."""
        n = len(row.columns)
        toks = widths.get(n) if widths is not None else None
        if toks is None:
            toks = _trim(run.toks, n)
            if widths is not None:
                widths[n] = toks
        names = _names(run, table)
        if row not in names.named:  # (most rows of the search: no label around the run names them)
            if row in table.deviations or run.values == 0:
                return None  # a row the format lacks is known by its label; a row of blanks by its own
            if n >= 3 and len(toks) <= n // 2 and _by_row_sum(table, row, toks) is None:
                return None  # a stray number, not a row
            s = -12.0 if names.last_inline is not None else 0.0  # its own label names another row
            return s - 0.5 if len(toks) != n else s
        named_inline = row in names.inline
        named_before = row in names.before
        named_after = row in names.after
        if row in table.deviations and not (named_inline or named_before or named_after):
            return None  # a row the format does not have is known only by its label
        if run.values == 0:
            # A row of blanks is a row only where its own label stands beside it.
            if not named_inline or len(toks) < n:
                return None
        elif n >= 3 and len(toks) <= n // 2 and not named_inline and _by_row_sum(table, row, toks) is None:
            # a stray number (prose, a page number), not a row: a row showing few values has its
            # label beside it, or its total is the sum of the others
            return None
        s = 0.0
        if named_inline:
            s += 10 + (3 if names.last_inline is row else 0)
        elif named_before:
            s += 6 + (3 if names.last_before is row else 0)
        if named_after:
            s += 5 + (2 if names.first_after is row else 0)
        other = names.last_inline
        if other is not None and other is not row and not named_inline:
            s -= 12  # its own label names another row
        if len(toks) != n:
            s -= 0.5
        return s

    # ---------------------------------------------------------------- table 4
    def read_one_line(self, table: Table, tokens: list[Token]) -> None:
        """Table 4: its values printed in one row (groups side by side)."""
        # values with a heading right before them, more than the first: headings interleaved with values
        # (text extracted a column at a time), each perhaps the value's own
        # (kinds as bytes: a heading, TEXT, right before a value, VALUE, counted without a loop of Python's)
        if table.own_columns and any(t.cell.where.col is not None for t in tokens):
            heads = _grid_heads(tokens)
            kept = _without_own_columns(table, tokens, heads)  # (a grid's 行政诉讼小计 and 合计 after the fifteen)
            if kept is not tokens:
                tokens, heads = kept, _grid_heads(kept)
            if (gridded := _t4_by_grid_headings(table, heads)) is not None:
                for row in table.rows:  # (its groups in grids of their own: 行政复议's, the suits')
                    self.put(table, row, gridded[id(row)], "")
                return
        interleaved = bytes(map(_KIND, tokens)).count(bytes((TEXT, VALUE))) > 1
        headed, blanks = _texts_before_values(tokens) if interleaved else ([], False)
        if interleaved and not blanks and (paired := _under_own_headings(table, headed)) is not None:
            for row in table.rows:
                self.put(table, row, paired[row.key], "")
            return
        width = sum(len(r.columns) for r in table.rows)
        runs = _make_runs(tokens)
        # (runs of values; a run of what the encoding lost only, ?, is one too: values not read, not blanks)
        runs = _join_split([r for r in runs if r.values or any(t.text is LOST for t in r.toks)], table, width)
        # a heading of 行政诉讼's 合计 (only labels hold words; "|" keeps two tokens' texts apart)
        total_shown = "合计" in "|".join(map(_TEXT, tokens))
        heads = [t.text for t in tokens if t.kind == TEXT] if total_shown else []
        # (合计 printed before the groups' headings, or after: where its column stands)
        total_first = heads.index("合计") < heads.index("行政复议") if "合计" in heads and "行政复议" in heads else None
        for r in runs:  # its values printed with no space between some (00 0 00 …): cut where one way fits
            toks = _trim(r.toks, width)
            wider = width + len(table.rows[-1].columns)  # with 行政诉讼's 合计 (:func:`_without_suits_total`)
            if len(toks) < width and any(t.glued for t in toks):
                holds = _sum_holds(table, len(table.rows))
                r.toks, whole = _split_glued(toks, width, holds)
                if not whole and (split := _glued_after_empty(toks, width, holds)) is not None:
                    r.toks, whole = split, True
                r.values = _count(r.toks)
                if not whole and (cut := _split_glued(toks, wider))[1]:
                    toks = cut[0]
            elif len(toks) < wider and any(t.glued for t in toks) and (cut := _split_glued(toks, wider))[1]:
                toks = cut[0]
            if len(toks) not in (wider, width + 1):
                continue
            if (kept := _without_suits_total(table, toks, total_shown, total_first)) is not None:
                r.toks, r.values = kept, _count(kept)
        chosen: list[Token | None] = []
        doubt = None
        slotted = False
        whole_runs = [r for r in runs if len(_trim(r.toks, width)) == width]
        whole = [_trim(r.toks, width) for r in whole_runs]
        if len(whole) > 1 and (mine := self._year_row(whole_runs)) >= 0:
            whole = [whole[mine]]  # a row a year (2022年, 2023年; 上年, 本年): the report's year's, no copies
        turned = _transposed(table, runs) if not whole else None
        own = _group_rows(table, runs) if not whole else None
        printed = table.rows  # the groups in the order the values print them
        header = _header_texts(tokens)
        if turned is None and (whole or runs):
            printed = _printed_groups(table, *header)
        if turned is not None:
            chosen = turned
        elif whole:
            chosen = list(whole[0])
        elif own is not None:  # each group a row of its own, every value shown
            chosen = own
        elif runs:
            # the row holding the most values: every value of its line (a mark between two values
            # of a scanned row splits it into runs), bound to the spaces of its rulings where known
            longest = max(runs, key=lambda r: r.values)
            line = longest.toks[0].line
            toks = _trim([t for r in runs for t in r.toks if t.line == line], width)
            cols = _right_aligned(toks, width)
            anchors = _one_line_anchors(table, tokens, toks) if cols is None else None
            if anchors is not None:  # a borderless table: each value under its heading
                cols = _by_anchor([_pos(t) for t in toks], anchors)  # type: ignore[misc]
                if _frame(toks[0])[0] == "text" and not _placed_sums_hold(table, toks, cols, width):
                    cols = None  # text spaced otherwise under its headings than across its values: in order
            if cols is not None:
                chosen, clean = _place(toks, cols, width)
                chosen = self._fill(chosen)
                doubt = None if clean else Doubt.POSITION
                slotted = True
            else:
                # groups printed as rows of their own (each without the empty cell a merged label left
                # beside it: 行政复议 | | 0 | 5 …), or a row split over lines: in order
                keys = _group_keys(table)
                each = len(keys) if keys else None
                for run in _without_heading_digits(runs, tokens):
                    chosen.extend(_trim(run.toks, each) if each else run.toks)
                    if len(chosen) >= width:
                        break
                if len(chosen) != width:  # fewer values than the columns, or more: which are whose unknown
                    doubt = Doubt.COUNT
                elif interleaved and _column_words_between(table, tokens):
                    # columns' headings among the values (text extracted a column at a time, in an order of
                    # its own): the order read is not the columns'
                    doubt = Doubt.POSITION
                chosen = chosen[:width]
        elif _header_shown(table, tokens):
            first = next(t for t in tokens)
            blank = _blank_like(first, None if first.cell.confidence is None else OCR_BLANK)
            chosen = [blank] * width  # a table printed with every cell blank
        own = _own_columns(table, headed) if interleaved else {}
        # each group's columns in the order its headings print them (总计 first), where text gives no places
        order = _one_line_order(table, header[0]) if not slotted and turned is None else None
        i = 0
        for row in printed:
            n = len(row.columns)
            part = chosen[i : i + n]
            i += n
            if order is not None and len(part) == n:
                part = [part[k] for k in order]
            if any(t is not None for t in part):
                self.put(table, row, part, "")
                # a value whose own column's heading stands right before it, placed in another column
                moved = any(t is not None and own.get(id(t), j) != j for j, t in enumerate(part))
                if doubt or moved:
                    self.doubt(table, row, doubt or Doubt.POSITION, part)
            elif doubt == Doubt.COUNT:  # fewer values than the table's columns: this group's not shown
                self.doubt(table, row, doubt, part)
            elif slotted and any(t is not None and t.cell.confidence is not None for t in chosen):
                for k, _ in _row_keys(table, row):  # a group of the scanned row whose values the OCR lost
                    self.r.doubts.setdefault(k, Doubt.UNREAD)
        for again in whole[1:]:  # the table printed a second time
            differ = sum((a.value or 0) != (b.value or 0) for a, b in zip(whole[0], again, strict=True))
            if 2 * differ > width:
                continue  # no copy: another table under the same headings (last year's row, other cases)
            i = 0
            for row in printed:
                n = len(row.columns)
                self.put(table, row, list(again[i : i + n]), "")
                i += n

    def _year_row(self, runs: list[_Run]) -> int:
        """Where each run's own label names a year, each another (a table printed a row a year: 2022年 |
        2023年, or 上年 | 本年): the index of the report's year's run (:attr:`year`; 本年 where it is not
        known); -1 otherwise."""
        years: list[int] = []
        for r in runs:
            label = r.inline or r.before
            m = _ROW_YEAR.search(label)
            if m is not None:
                years.append(int(m.group(1)))
            elif "本年" in label:
                years.append(self.year or 0)
            elif "上年" in label:
                years.append(self.year - 1 if self.year else -1)
            else:
                return -1
        if len(set(years)) < len(years):
            return -1
        return years.index(self.year) if self.year in years else years.index(0) if 0 in years else -1

    # ----------------------------------------------------------- blank rows
    def blank_rows(self, table: Table, start: int, end: int, tokens: list[Token]) -> None:
        """Rows of a table whose label is printed on a line of its own with no values beside it —
        a PDF or scan of a row left blank — read as zeros between the rows around them. In a table
        whose rows differ (table 2), only a line that is the row's label and nothing more."""
        read, tid = self.read, table.id
        if all((tid, r.key) in read for r in table.rows):
            return  # every row read: none left blank
        if table.id not in self.r.tables_found and not _header_shown(table, tokens):
            return
        if not table.columns:
            self._blank_labels(table, tokens)
            return
        rows = _dp_rows(table)
        # values printed near a label but not placed: not a blank row (read from an image, lost)
        used = set(self.lines.values()) | self.own  # document lines whose values were placed
        unused = {r.toks[0].line for r in self.runs if r.values and not any(t.line in used for t in r.toks)}
        with_values = {t.line for t in tokens if t.kind != TEXT}
        text_only: dict[int, list[Token]] = {}
        for t in tokens:
            if t.kind == TEXT and t.line not in with_values:
                text_only.setdefault(t.line, []).append(t)
        if not text_only:
            return
        for k, row in enumerate(rows):
            if self.taken(table, row) or row in table.deviations:
                continue
            prev = next((r for r in reversed(rows[:k]) if self.taken(table, r) and r not in table.deviations), None)
            nxt = next((r for r in rows[k + 1 :] if self.taken(table, r) and r not in table.deviations), None)
            lo = self._line_of(table, prev) if prev is not None else start
            hi = self._line_of(table, nxt) if nxt is not None else end
            for li in range(lo, hi + 1):
                toks = text_only.get(li)
                if not toks or any(abs(li - u) <= 2 for u in unused):
                    continue
                text = "".join(t.text for t in toks)
                if _digits(text) > _digits(label_key(row.label)):
                    continue  # figures in its words (自然人5件，…): no row left blank, whatever was not read
                if any(_INK.fullmatch(t.text) for t in toks):
                    continue  # marks where its values stand (▇■, ??: smudged past reading): printed, not blank
                if li + 1 in text_only and not _named(row, text):  # a label wrapped onto the next line
                    below = "".join(t.text for t in text_only[li + 1])
                    if _named(row, below) and match_row(below, table) is row:
                        continue  # (the next line the row's label whole: the row's line is that one)
                    text += below
                if _named(row, text) and match_row(text, table) is row:
                    self.put(table, row, [_blank_like(toks[0], _blank_confidence(toks[0]))] * len(row.columns), text)
                    self.label_alone.update(k for k, _ in _row_keys(table, row))
                    break

    def named_rows(self, table: Table, lines: list[Line], start: int, end: int) -> None:
        """Rows of a table retyped as text, each value after its column's name (a small organ's sentences, a
        line a cell: 一、本年新收政府信息公开申请数量：自然人15件，商业企业2件，…总计17件。 规章 本年制发件数：0.
        行政复议：结果维持3件，…总计3件。), in lines [start, end) of prose: a row not read otherwise whose every
        column is named with its value (on one line or over several; 无 and 零 are 0, 十五 is 15) is read so,
        each value where its line stands. Rows named with some columns only are left unread."""
        r = self.r
        blank = any(k.startswith(table.id + ".") for k in r.blanks)
        if not blank and all(self.taken(table, row) for row in table.rows):
            return  # (every row read, none of them blank: most tables)
        pattern = _named_pattern(table)
        if pattern is None:
            return
        got: dict[int, dict[int, Token]] = {}  # id(row) → column → its value
        rows: dict[int, Row] = {}
        # the sentence saying the table's values not printed are 0 (or its header's body saying so: 无, 均为0)
        zeros = body = self.bodies.get(table.id)  # (the header's last name, 其他, over it: no value of a card's)
        card: Row | None = None  # the row a line of its label alone names (a card title: 规章, then 本年制发件数：2)
        names = _column_names_alone(table)
        for li in range(start, end):
            ln = lines[li]
            if len(ln.cells) != 1:
                continue
            cell = ln.cells[0]
            text = cell.text
            if zeros is None and ("0" in text or "零" in text) and _ALL_ZERO.search(text) is not None:
                zeros = cell  # (a table's last row one cell across, 注：其余各项均为0, or a line under its rows)
            if ln.grid is not None:
                continue
            if label_key(text) in names and li + 1 < end and len(lines[li + 1].cells) == 1 and body is None:
                # a column's name on a line, its value on the next, then no value (<dt>自然人</dt><dd>15</dd>
                # <dt>商业企业</dt>…): one — not a table flattened a column at a time (自然人, then its values)
                below = lines[li + 1].cells[0].text.strip()
                after = lines[li + 2].cells[0].text if li + 2 < end and lines[li + 2].cells else ""
                if parse_value(below)[0] != TEXT and (li + 2 >= end or parse_value(after)[0] == TEXT):  # (or the end)
                    text = f"{text.strip()}：{below}"
                    cell = lines[li + 1].cells[0]  # (the value's place: its own line)
            if pattern.search(text) is None:
                key = label_key(text)
                if len(key) <= _CARD_TITLE and (titled := match_row(key, table)) is not None:
                    card = titled
                elif len(key) > _CARD_TITLE:
                    card = None
                continue
            row: Row | None = None
            pos = 0
            if (first := pattern.search(text)) is not None and not text[: first.start()].strip(" \t,，、：:"):
                row = card  # (the line opens with a column's name: the row of the card it is in)
            for m in pattern.finditer(text):
                prefix = text[pos : m.start()].strip(" \t,，、：:")
                pos = m.end()
                if prefix and (named := named_row(prefix, table)) is not None:
                    row = named
                if row is None:
                    continue
                j = named_column(row, m.group(1))
                if j is None:
                    continue
                digits, words = m.group(2), m.group(3)
                if digits is not None:
                    value: int | float = float(digits) if "." in digits else int(digits)
                else:
                    v = 0 if words in ("无", "零", "〇") else numeral_value(words)
                    if v is None:
                        continue
                    value = v
                rows[id(row)] = row
                got.setdefault(id(row), {}).setdefault(j, Token(VALUE, str(value), value, None, cell, li))
        # (the lines naming values with their columns: where a row read otherwise stood on them, the names tell)
        named_lines = {t.cell.where.line for c in got.values() for t in c.values()}
        for key, cols in got.items():
            row = rows[key]
            keys = [k for k, _ in _row_keys(table, row)]
            if len(cols) != len(row.columns):
                if len(cols) >= 2 and zeros is None and not self.taken(table, row):
                    # some of its columns named: those read, the others not (doubt: the row shows fewer)
                    self.put(table, row, [cols.get(j) for j in range(len(row.columns))], row.label)
                    for j, k in enumerate(keys):
                        if j not in cols:
                            r.doubts.setdefault(k, Doubt.SHORT)
                continue
            if self.taken(table, row):
                placed = [r.where[k] for k in keys if k in r.where and r.cells.get(k) is not None]
                guessed = bool(placed) and all(w.placed == "order" or w.line in named_lines for w in placed)
                if not guessed and not all(k in r.blanks for k in keys):
                    continue
                # read as a row printed blank, its values named in words after its label: those (table 4's
                # row of headings over no figures, its sentences after it); or placed by the table's order
                # alone, each of its values named with its column after its label (a card a row): those
                self.read.discard((table.id, row.key))
                r.blanks[:] = [k for k in r.blanks if k not in keys]
                for k in keys:
                    r.doubts.pop(k, None)
            self.put(table, row, [cols[j] for j in range(len(row.columns))], row.label)
        if zeros is not None and (left := [row for row in table.rows if not self.taken(table, row)]):
            # the values not printed said to be 0 (表三各项数据均为0; 其余各项数据均为0): 0 each, where it is said
            zero = _stated_value(zeros, 0, start)
            # (the rest said 0, 表三其余各项均为0: the values the region's sentences state stand as stated)
            said, unsure = _said_cells(table, lines, start, end, self.year) if _says_rest(zeros, body) else ({}, set())
            for row in left:  # (a row naming some of its columns: those as named, the rest 0)
                cols = got.get(id(row), {})
                toks: list[Token | None] = []
                for j, (k, _) in enumerate(_row_keys(table, row)):
                    doubt = k in unsure and not cols  # (a row naming some of its columns: the rest 0, as said)
                    toks.append(cols[j] if j in cols else said.get(k, None if doubt else zero))
                    if doubt:
                        r.doubts.setdefault(k, Doubt.SHORT)  # (a sentence's figure it cannot place, or its sum)
                self.put(table, row, toks, row.label)  # (a zero's place says "stated": the sentence's)
            r.stated[table.id] = zeros.text
        self._denied_rows(table, lines, start, end)

    def _denied_rows(self, table: Table, lines: list[Line], start: int, end: int) -> None:
        """Rows of a table not printed, a sentence of its region denying what they count (本年度未发生政府信息公开
        行政复议、行政诉讼案件; 无行政复议、行政诉讼情况): a negation of formats.toml's saying a row's total is 0 says
        its parts, never less than 0, are 0 with it — each row so denied and not read otherwise 0, its place the
        sentence's (``placed`` "stated", as :meth:`named_rows`' 表四各项数据均为0)."""
        r = self.r
        if table.id in r.stated or (sums := _row_sum_columns(table)) is None:
            return
        left = [row for row in table.rows if not self.taken(table, row)]
        if not left:
            return
        total = {f"{table.id}.{row.key}.{row.columns[sums[0]].key}": row for row in left}
        said: Cell | None = None
        for li in range(start, end):
            ln = lines[li]
            if ln.grid is not None or len(ln.cells) != 1:
                continue
            cell = ln.cells[0]
            denied = _denied_keys(cell.text, self.year) & total.keys()
            if not denied:
                continue
            zero = _stated_value(cell, 0, li)
            for k in sorted(denied):
                row = total.pop(k)
                self.put(table, row, [zero] * len(row.columns), row.label)
            said = said or cell
        if said is not None:
            r.stated[table.id] = said.text

    def _blank_labels(self, table: Table, tokens: list[Token]) -> None:
        with_values = {t.line for t in tokens if t.kind != TEXT}
        lines: dict[int, list[Token]] = {}
        for t in tokens:
            if t.line not in with_values:
                lines.setdefault(t.line, []).append(t)
        for toks in lines.values():
            text = "".join(t.text for t in toks)
            row = match_row(text, table)
            if row is None or self.taken(table, row) or row in table.deviations:
                continue
            if text in {label_key(row.label), *row.signs}:
                self.put(table, row, [_blank_like(toks[0], _blank_confidence(toks[0]))] * len(row.columns), text)

    def _line_of(self, table: Table, row: Row) -> int:
        return next((self.lines[k] for k, _ in _row_keys(table, row) if k in self.lines), 0)


@cache
def _others_rows(table: Table) -> tuple[str, ...]:
    """The labels (keys) of the rows the other formats' table of this id has and this one has not."""
    own = row_label_keys(table)
    return tuple(
        k
        for t in templates()
        for other in t.tables
        if other.id == table.id and other is not table
        for k in sorted(row_label_keys(other) - own)
        if len(k) >= 4
    )


def _other_formats_row(label: str, table: Table) -> bool:
    """Whether ``label`` (a run's own) ends in the label of a row only the other formats' table has."""
    return any(label.endswith(k) for k in _others_rows(table))


def _named(row: Row, text: str) -> bool:
    return bool(text) and bool(row.signs) and _sign_end(text, row.signs)[0] >= 0


def _names(run: _Run, table: Table) -> _Names:
    if run.names is None:
        run.names = _names_of(table, run.before, run.inline, run.after)
    return run.names


@lru_cache(maxsize=65536)
def _after_rows(text: str, table: Table) -> frozenset[Row]:
    """The rows the text after a run names (:func:`_named_after`), cached as labels recur."""
    return frozenset(r for r in (*table.rows, *table.deviations) if _named_after(r, text))


def _around(run: _Run, table: Table) -> Row | None:
    """The row whose label the run stands inside: a sign that begins in the text before the run
    and ends in the text after it (a label over two lines, its values printed between them)."""
    if not run.before or not run.after:
        return None
    return _around_texts(table, run.before[-24:], run.after[:24])


@lru_cache(maxsize=65536)
def _around_texts(table: Table, head: str, tail: str) -> Row | None:
    """:func:`_around` of the texts, cached (tables hash by identity; labels recur)."""
    joined = head + tail
    cut = len(head)
    for row in table.rows:
        for sign in row.signs:
            if sign[0] == "$":
                continue
            p = joined.find(sign, max(0, cut - len(sign) + 1))
            if 0 <= p < cut < p + len(sign):
                return row
    return None


def _named_after(row: Row, text: str) -> bool:
    """Whether the text printed after a run names ``row``. A sign that says how a label ends
    (``$总计``) says nothing here: the end of this text is the start of the next row's label."""
    signs = tuple(s for s in row.signs if s[0] != "$")
    return bool(text) and bool(signs) and _sign_end(text, signs)[0] >= 0


def _fits(row: Row, run: list[Token], width: int) -> bool:
    """Whether a run of values can be this row's (its count, blanks trimmed)."""
    n = len(row.columns)
    return width == n or (width < n and len(run) >= n)


def _order(table: Table, row: Row) -> int:
    return table.rows.index(row) if row in table.rows else len(table.rows)


@lru_cache(maxsize=64)
def _dp_rows(table: Table) -> tuple[Row, ...]:
    """The rows of a table in printed order, a deviation (a row the format does not have, printed
    in place of some of its rows) where those rows stand (worked out once per table)."""
    rows = list(table.rows)
    for dev in table.deviations:
        first = min((i for i, r in enumerate(rows) if r.key in dev.stands_for), default=len(rows))
        rows.insert(first, dev)
    return tuple(rows)


@lru_cache(maxsize=64)
def _dp_index(table: Table) -> dict[int, int]:
    """id() of each row of :func:`_dp_rows` → its place there."""
    return {id(r): j for j, r in enumerate(_dp_rows(table))}


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (in order of their first) whose seconds increase: the runs whose
    labels keep the template's order (the earliest such run where two are as long)."""
    best: list[list[tuple[int, int]]] = []
    for p in pairs:
        prev = max((c for c in best if c[-1][1] < p[1]), key=len, default=[])
        best.append([*prev, p])
    return max(best, key=len, default=[])


def _unique_gap(i: int, j: int, pairs: list[tuple[int, int]], labelled: set[int]) -> bool:
    """Whether run i, placed at row j by order, is the only placement its labelled neighbours
    allow: as many runs as rows between them."""
    k = pairs.index((i, j))
    lo = next((p for p in reversed(pairs[:k]) if p[0] in labelled), (-1, -1))
    hi = next((p for p in pairs[k + 1 :] if p[0] in labelled), None)
    if hi is None:
        return False
    return hi[0] - lo[0] == hi[1] - lo[1]


@lru_cache(maxsize=16)
def _row_rule(tid: str) -> Rule | None:
    """The rule a row of table ``tid`` keeps (``each = "row"``: its one total the sum of its parts,
    表三's 总计 of the applicants), if the table has one."""
    rule = next((r for r in spec().rules.values() if r.table == tid and r.each == "row"), None)
    return rule if rule is not None and len(rule.left) == 1 else None


def _by_row_sum(table: Table, row: Row, toks: list[Token]) -> list[Token | None] | None:
    """A row that shows fewer values than columns, with nothing to say where they stand (text whose
    blank cells were dropped): when its last value is the sum of the others, as the row's total
    column requires (the table's ``each = "row"`` rule), it is that total, the others the first
    columns in order, the columns between them blank. A guess, so the row stays in doubt."""
    if not toks or any(t.kind != VALUE or t.value is None for t in toks):  # (a value not read: no sum to tell by)
        return None
    rule = _row_rule(table.id)
    if rule is None:
        return None
    keys = [c.key for c in row.columns]
    if rule.left[0] not in keys or keys.index(rule.left[0]) != len(keys) - 1:
        return None
    *parts, total = toks
    if abs(sum(t.value for t in parts) - total.value) > 1e-6:  # type: ignore[misc]
        return None
    blank = _blank_like(toks[0])
    return [*parts, *([blank] * (len(keys) - 1 - len(parts))), total]


def _with_own(anchors: list[float], own: list[float], n: int) -> tuple[list[float], list[int]]:
    """The places of a row's ``n`` columns (``anchors``) and of the report's own columns among them (``own``:
    小计's), left to right; and each place's column (``n`` for one of the report's own)."""
    places = sorted([(a, k) for k, a in enumerate(anchors)] + [(a, n) for a in own])
    return [a for a, _ in places], [k for _, k in places]


def _by_anchor(pos: list[float], anchors: list[float]) -> list[int | None]:
    """Each position's column: the nearest anchor, None when it stands off the table's columns."""
    gaps = [b - a for a, b in itertools.pairwise(anchors)]
    tol = (min(gaps) if gaps else 1.0) * 0.75
    out: list[int | None] = []
    for p in pos:
        j = min(range(len(anchors)), key=lambda k: abs(p - anchors[k]))
        out.append(j if abs(p - anchors[j]) <= tol else None)
    return out


_DIGITS = re.compile(r"\d")


def _above(run: _Run, runs: list[_Run], frame: tuple[str, int | None] | None) -> list[Token]:
    """The label tokens printed above ``run`` (headings among them) in ``frame``; None: on any page."""
    first = run.toks[0].line
    if frame is None:
        return [t for r in runs for t in r.texts if t.line < first and _frame(t)[0] == "page"]
    return [t for r in runs for t in r.texts if t.line < first and _frame(t) == frame]


def _headed_above(run: _Run, runs: list[_Run], frame: tuple[str, int | None], row: Row) -> list[Token]:
    """:func:`_above` where the headings of ``row``'s columns are looked for: on a page that does not print
    them (a table continued on the next page without its headings), those of the table's first page (pages
    of one document share their x)."""
    above = _above(run, runs, frame)
    if frame[0] == "page" and not any(t.text == _column_key(row.columns[0]) for t in above):
        above = _above(run, runs, None)
    return above


def _own(table: Table, row: Row) -> tuple[str, ...]:
    """The headings of columns of the report's own (the table's ``own_columns``: 小计; and its
    ``after_columns``: 上年总计, 同比增减) a row of ``table`` may show among its columns; none for a row of
    other columns than the table's."""
    if row.columns is not table.columns:
        return ()
    plan = _heading_plan(table)
    return (*plan.own, *plan.after)


def _own_anchors(table: Table, row: Row, run: _Run, runs: list[_Run], frame: tuple[str, int | None]) -> list[float]:
    """The places of the headings of columns of the report's own (:func:`_own`) printed above ``run`` in
    its frame, or on the table's first page for a page without headings (read as one word with a column's
    heading too: 其他小计)."""
    own = _own(table, row)
    if not own:
        return []
    above = _headed_above(run, runs, frame, row)
    keys = [_column_key(c) for c in row.columns]
    whole = [t for t in above if t.text in own]
    parts = [t for k, t in _headings(above, keys, own) if k in own]
    return [p for t in whole + parts if (p := _pos(t)) is not None]


def _under_other_headings(
    off: list[Token], row: Row, run: _Run, runs: list[_Run], frame: tuple[str, int | None], anchors: list[float]
) -> bool:
    """Whether each value standing off ``row``'s columns stands under a heading of a column the template
    does not have (小计 among the applicants, 合计, 备注): a column of the report's own, no misplaced value."""
    keys = {_column_key(c) for c in row.columns}
    gaps = [b - a for a, b in itertools.pairwise(anchors)]
    tol = (min(gaps) if gaps else 1.0) / 2
    heads = [p for t in _headed_above(run, runs, frame, row) if t.text not in keys and (p := _pos(t)) is not None]
    return all(any(abs(h - p) < tol for h in heads) for p in (_pos(t) for t in off) if p is not None)


@lru_cache(maxsize=16)
def _group_headings(table: Table) -> frozenset[str]:
    """The headings of ``table``'s groups of rows as label text (第二十条第(一)项 …)."""
    return frozenset(label_key(r.group) for r in table.rows if r.group)


@lru_cache(maxsize=16)
def _column_words(table: Table) -> frozenset[str]:
    """The pairs of characters of ``table``'s column headings (本年制发件数, 本年处理决定数量 …): a
    heading worded otherwise (本年新制发件数) still shares some."""
    words = {_column_key(c) for r in table.rows for c in r.columns} | {_column_key(c) for c in table.columns}
    return frozenset(w[i : i + 2] for w in words for i in range(len(w) - 1))


def _header_lines(run: _Run, table: Table, words: frozenset[str], valued: set[int]) -> list[bool]:
    """The header lines among the label text before ``run`` (lines of two cells or more, none naming a
    row of ``table``, none holding a number: not ``valued``, no digit in its text), in order, each with
    whether it names one of the table's columns (shares a pair of characters with one:
    :func:`_column_words`)."""
    lines: dict[int, list[str]] = {}
    for t in run.texts:
        if t.line < run.toks[0].line and t.line not in valued:
            lines.setdefault(t.line, []).append(t.text)
    out = []
    for texts in lines.values():
        key = (id(table), *texts)
        said = (
            _HEADER_LINES[key]
            if key in _HEADER_LINES
            else remember(_HEADER_LINES, key, _header_line(texts, table, words))
        )
        if said is not None:
            out.append(said)
    return out


# :func:`_header_line` of the texts of a line, by the table's id and the texts (headers recur)
_HEADER_LINES: dict[tuple[object, ...], bool | None] = {}


def _header_line(texts: list[str], table: Table, words: frozenset[str]) -> bool | None:
    """Whether a line of label cells is a header naming one of the table's columns (True) or naming
    none of its rows (False: another header); None: no header (one cell, or a number in it)."""
    if len(texts) < 2 or any(_DIGITS.search(x) for x in texts):
        return None  # (a note under a value, （含修订 17件）, is no header)
    # (a heading naming a column shares two pairs of its characters or more, worded otherwise or not: 本年新制发件数;
    # one pair alone, 本年 of 本年新增 in another table's header, 目录条目数 | 本年新增, names none)
    if any(sum(1 for i in range(len(x) - 1) if x[i : i + 2] in words) >= 2 for x in texts):
        return True
    if all(match_row(x, table) is None for x in texts):
        return False
    return None


def _header_anchors(
    row: Row,
    run: _Run,
    runs: list[_Run],
    frame: tuple[str, int | None],
    ordered: bool = True,
    own: tuple[str, ...] = (),
) -> list[float] | None:
    """The positions of ``row``'s columns from the column headings printed above it (本年制发件数 …
    over table 2's rows, none of which shows every column): for each column, its label nearest above
    the run, in the run's frame; None when one is not printed, when two stand at one place, or
    (``ordered``) when they are out of the template's order. Unordered, a label printed twice (table
    4's 总计, once for 复议 and once for 诉讼) tells nothing: None."""
    above = _headed_above(run, runs, frame, row)
    keys = [_column_key(c) for c in row.columns]
    heads = [(t.text, t) for t in above if t.text in keys]  # each printed whole, once: most tables
    if len(heads) != len(keys) or len({k for k, _ in heads}) < len(keys) or own:
        heads = _headings(above, keys, own)
    out: list[float] = []
    for key in keys:
        named = [t for k, t in heads if k == key]
        pos = _pos(max(named, key=lambda t: t.line)) if named and (ordered or len(named) == 1) else None
        if pos is None:
            return None
        out.append(pos)
    if len(set(out)) < len(out):
        return None
    return out if not ordered or all(b > a for a, b in itertools.pairwise(out)) else None


def _headings(texts: list[Token], keys: list[str], own: tuple[str, ...] = ()) -> list[tuple[str, Token]]:
    """The column headings among a table's label tokens, each with the column key it names (or the
    heading of a column of the report's own among ``own``, where two read as one word): printed
    whole, or broken in a narrow column — its first part alone naming one column (科研机 / 构,
    结果维 / 持), or two lines of whole words (结果 over 维持, a line or two apart)."""

    def key_of(text: str) -> str | None:
        if text in keys:
            return text
        hit = [k for k in keys if len(text) >= 2 and k.startswith(text)]
        return hit[0] if len(hit) == 1 else None

    heads = [(k, t) for t in texts if (k := key_of(t.text))]
    cols = {t.cell.where.col for t in texts}
    for t in texts:  # two cells' headings read as one word on a page (OCR across the ruling: 自然人总计)
        w = t.cell.where
        box = w.bbox
        if t.text in keys or (box is None and w.col is None):
            continue
        parts = _concatenated(t.text, [*keys, *own])
        if parts and box is not None:
            at, x0, per = 0, box[0], (box[2] - box[0]) / len(t.text)
            for k in parts:
                where = replace(w, bbox=(x0 + at * per, box[1], x0 + (at + len(k)) * per, box[3]))
                heads.append((k, replace(t, text=k, cell=replace(t.cell, text=k, where=where))))
                at += len(k)
        elif parts and w.col is not None and not any(w.col < c < w.col + len(parts) for c in cols if c is not None):
            # several columns' headings typed in one cell of a grid spanning them (商业企业 科研机构 … 其他 in one
            # cell over five columns, a clerk's): each heading its column, from the cell's on
            for k, part in enumerate(parts):
                where = replace(w, col=w.col + k)
                heads.append((part, replace(t, text=part, cell=replace(t.cell, text=part, where=where))))
    by_line: dict[int, list[Token]] = {}
    for t in texts:
        by_line.setdefault(t.line, []).append(t)
    taken: set[int] = set()  # a line's word that is the rest of a heading of the report's own (上年 / 总计)
    for t in texts:
        if key_of(t.text) or _pos(t) is None:
            continue
        for u in by_line.get(t.line + 1, []) + by_line.get(t.line + 2, []):
            joined = t.text + u.text
            if (joined in keys or joined in own) and abs(_pos(u) - _pos(t)) < 3:  # type: ignore[operator]
                heads.append((joined, t))
                if joined in own:
                    taken.add(id(u))
    return [(k, t) for k, t in heads if id(t) not in taken] if taken else heads


def _text_order(table: Table, runs: list[_Run]) -> tuple[list[int] | None, str | None, int]:
    """For text without positions, the order its column headings print ``table``'s columns in, when
    not the template's (总计 before 自然人), or columns of the report's own among them (小计: the
    table's ``own_columns``): for each column, the index of its value in a row that shows them all
    (None: the template's order, or the headings do not tell); the doubt when the order is a guess
    (``heading``); and how many values such a row shows.

    Headings on one line tell an order (a line's words stand left to right; the lines of a heading
    printed over two rows do not): a group's heading (法人或其他组织) stands for its columns, a column
    under it for the group where the group's heading is not on the line. A table flattened one cell
    per line tells it only by its lines' order, which may be the page's top to bottom rather than
    left to right: sure only where it moves the row's total (总计) and every row's sum then holds
    (:func:`_row_rule`) where in the template's order one does not; otherwise a guess."""
    cols = table.columns
    n = len(cols)
    plan = _heading_plan(table)
    if plan.group is None:  # no group of columns (table 4): no order the headings could tell here
        return None, None, n
    units = [list(u) for u in plan.units]
    top, sub_of, unit_of, own, group, names = plan.top, plan.sub_of, plan.unit_of, plan.own, plan.group, plan.names
    first = next((r.toks[0].line for r in runs if r.values >= 2), None)
    if first is None or len(units) < 2:
        return None, None, n
    by_line: dict[int, list[Token]] = {}
    for r in runs:
        for t in r.texts:
            if t.line < first:
                by_line.setdefault(t.line, []).append(t)
        if r.toks[0].line >= first:
            break
    lines = sorted(by_line)
    key = (id(table), *[(line - first, t.text) for line in lines for t in by_line[line]])
    if key in _IN_TEMPLATE_ORDER:  # these headings, met before: the template's order
        return None, None, n
    seqs: list[tuple[list[str], bool]] = []  # the headings a line names, in order; whether lines of one cell
    alone = -2  # the last line of a run of lines holding one heading each (a table one cell per line)
    for line in lines:
        found = [m.group() for t in by_line[line] for m in names.finditer(t.text)]
        if not found:
            continue
        one = len(by_line[line]) == 1 and len(found) == 1
        if one and alone == line - 1:
            seqs[-1][0].extend(found)
        else:
            seqs.append((found, one))
        alone = line if one else -2
    tail: dict[str, int] = {}  # columns of the report's own after the table's (上年总计): a unit each, as printed
    for words, _ in seqs:
        for w in words:
            if w in plan.after and w not in tail:
                tail[w] = len(units)
                units.append([plan.after[w]])
    if tail:
        unit_of, top = {**unit_of, **tail}, {**top, **tail}
    whole = any(len({unit_of[w] for w in words}) == len(units) for words, _ in seqs)  # a line names them all
    if (
        whole
        and not tail
        and not any(w in own for words, _ in seqs for w in words)
        and all(
            _in_order(unit_of[w] for w in words) and _in_order(sub_of[w] for w in words if w in sub_of)
            for words, _ in seqs
        )
    ):
        remember(_IN_TEMPLATE_ORDER, key, True)
        return None, None, n  # every line names its headings in the template's order (most reports)
    printed_own = sorted({own[w] for words, _ in seqs for w in words if w in own})
    if printed_own and group is not None:
        units[group] = units[group] + printed_own
    sure: set[tuple[int, int]] = set()  # (a, b): a printed before b, of units or of a group's columns
    guess: set[tuple[int, int]] = set()
    for words, one in seqs:
        named = {top[w] for w in words if w in top}
        heads = [w for w in words if w in top or unit_of[w] not in named]  # a group's columns: the group's place
        seq = [u for u, _ in itertools.groupby(unit_of[w] for w in heads)]
        subs = [sub_of[w] for w in words if w in sub_of]
        pairs = guess if one else sure
        pairs.update(itertools.combinations(seq, 2))
        pairs.update((len(units) + a, len(units) + b) for a, b in itertools.combinations(subs, 2))
    for after, doubt in ((sure, None), (guess, Doubt.HEADING)):
        if not after or (all(a < b for a, b in after) and not printed_own and not tail):
            continue  # the template's order, or nothing said
        printed = _told(after, units)
        if printed is None:
            break  # told in part: the sums may tell where the total stands
        order = [printed.index(j) for j in range(n)]
        if doubt and _sums_hold(table, runs, order, width=len(printed)):
            doubt = None
        return order, doubt, len(printed)
    return _sum_order(table, runs), None, n


# the headings (table, their lines relative to the first row of values, their texts) that name the
# columns in the template's order (:func:`_text_order`): headers recur from report to report
_IN_TEMPLATE_ORDER: dict[tuple[object, ...], bool] = {}


def _in_order(xs: Iterable[int]) -> bool:
    """Whether ``xs`` never goes back."""
    last = -1
    for x in xs:
        if x < last:
            return False
        last = x
    return True


@dataclass(frozen=True, slots=True)
class _HeadingPlan:
    """What :func:`_text_order` knows of a table's column headings before it reads a report."""

    units: tuple[tuple[int, ...], ...]  # the columns, by the heading over them (a group: several)
    top: dict[str, int]  # a heading over columns (a group's, or an ungrouped column's) → its unit
    sub_of: dict[str, int]  # a group's column's heading (or a column of the report's own) → the column
    unit_of: dict[str, int]  # every heading → its unit
    own: dict[str, int]  # a column of the report's own (小计) → its index past the table's columns
    # a column of the report's own after the table's last (上年总计, 同比增减) → its index past them all
    after: dict[str, int]
    group: int | None  # the unit of the group (法人或其他组织)
    names: re.Pattern[str]  # any heading within a text (上年总计 whole, not its 总计)


@lru_cache(maxsize=16)
def _heading_plan(table: Table) -> _HeadingPlan:
    cols = table.columns
    n = len(cols)
    units: list[list[int]] = []
    top: dict[str, int] = {}
    sub_of: dict[str, int] = {}
    for j, c in enumerate(cols):
        if c.group and units and cols[units[-1][0]].group == c.group:
            units[-1].append(j)
        else:
            units.append([j])
            top[label_key(c.group or c.label)] = len(units) - 1
        if c.group:
            sub_of[_column_key(c)] = j
    unit_of = {**{k: next(u for u, js in enumerate(units) if j in js) for k, j in sub_of.items()}, **top}
    group = next((u for u, js in enumerate(units) if len(js) > 1), None)
    own = {label_key(h): n + i for i, h in enumerate(table.own_columns)} if group is not None else {}
    for h, j in own.items():  # a column of the report's own: under the group, as its columns
        sub_of[h], unit_of[h] = j, group  # type: ignore[assignment]
    after = {label_key(h): n + len(table.own_columns) + i for i, h in enumerate(table.after_columns)}
    units_t = tuple(tuple(u) for u in units)
    return _HeadingPlan(units_t, top, sub_of, unit_of, own, after, group, _heading_names((*unit_of, *after)))


def _told(after: set[tuple[int, int]], units: list[list[int]]) -> list[int] | None:
    """The columns in the order ``after`` tells (pairs of units, and of a group's columns offset by
    the number of units), when it tells it whole and without contradiction; None otherwise."""

    def told(items: list[int], base: int) -> list[int] | None:
        pairs = {(a - base, b - base) for a, b in after if a - base in items and b - base in items}
        if not pairs:
            return items
        out = sorted(items, key=lambda i: sum(1 for a, b in pairs if b == i))
        if any((b, a) in pairs for a, b in pairs) or any((a, b) not in pairs for a, b in itertools.pairwise(out)):
            return None
        return out

    order_units = told(list(range(len(units))), 0)
    if order_units is None:
        return None
    printed: list[int] = []
    for u in order_units:
        inner = told(units[u], len(units)) if len(units[u]) > 1 else units[u]
        if inner is None:
            return None
        printed.extend(inner)
    return printed


def _sum_order(table: Table, runs: list[_Run]) -> list[int] | None:
    """Where the headings do not tell the columns' order: the order that moves only the row's total
    (总计 printed first, or among the others) and makes every row's sum hold (:func:`_sums_hold`, in
    two rows at least where the template's order does not), when exactly one does; None otherwise."""
    rule = _row_rule(table.id)
    keys = [c.key for c in table.columns]
    if rule is None or rule.left[0] not in keys:
        return None
    total, n = keys.index(rule.left[0]), len(keys)
    rows = _whole_rows(runs, n)  # (the rows' values, taken once for every order tried)
    if _sums_hold_in(table, rows, list(range(n)), 0, True):
        return None  # every row's sum holds in the template's order (most reports): nothing to tell
    found = None
    for p in range(n):
        if p == total:
            continue
        printed = [j for j in range(n) if j != total]
        printed.insert(p, total)
        order = [printed.index(j) for j in range(n)]
        if _sums_hold_in(table, rows, order, 2, True):
            if found is not None:
                return None
            found = order
    return found


def _sums_hold(table: Table, runs: list[_Run], order: list[int], evidence: int = 1, width: int | None = None) -> bool:
    """Whether, in the rows showing every column (``width`` values where the report adds columns of its
    own; a blank one 0), the row's total is the sum of its parts (the table's ``each = "row"`` rule)
    with the values taken in ``order`` in every row, and not with them in the template's in
    ``evidence`` rows or more: the sums tell the order."""
    shown = width or len(table.columns)  # values a row shows (a column of the report's own among them)
    return _sums_hold_in(table, _whole_rows(runs, shown), order, evidence, shown == len(table.columns))


def _whole_rows(runs: list[_Run], shown: int) -> list[list[float]]:
    """The values of each run showing ``shown`` values (blanks cut off its ends down to them), a
    blank 0, where every one is a number (:func:`_sums_hold`)."""
    out = []
    for r in runs:
        toks = _trim(r.toks, shown)
        if len(toks) == shown and (v := _numbers(toks)) is not None:
            out.append(v)
    return out


def _sums_deny(table: Table, runs: list[_Run], heads: list[float]) -> bool:
    """Whether the table's rows deny the order its headings' places give (``heads``, a place a column): of the
    rows showing all their columns, more have their sum (the ``each = "row"`` rule) hold with their values in
    the template's order than in the headings', two at least — the places are the reading's (a text's uneven
    spaces, an OCR's drift), the template's order the report's (a row the source sums wrongly holds in
    neither: no evidence either way)."""
    n = len(table.columns)
    if len(heads) != n or len(set(heads)) < n:
        return False
    rank = sorted(range(n), key=lambda j: heads[j])
    order = [rank.index(j) for j in range(n)]  # column j: the value at its heading's rank
    rows = _whole_rows(runs, n)
    held = sum(1 for v in rows if _sums_hold_in(table, [v], list(range(n)), 0, True))
    return held >= 2 and held > sum(1 for v in rows if _sums_hold_in(table, [v], order, 0, True))


def _numbers(toks: list[Token]) -> list[float] | None:
    """A row's values as numbers, a blank 0; None where one is no number (text, or a value not read)."""
    if any(t.kind == TEXT or (t.kind == VALUE and t.value is None) for t in toks):
        return None
    return [0.0 if t.kind == BLANK else float(t.value) for t in toks]  # type: ignore[arg-type]


def _sums_hold_in(table: Table, rows: list[list[float]], order: list[int], evidence: int, plain: bool) -> bool:
    """:func:`_sums_hold` on the rows' values (:func:`_whole_rows`); ``plain``: the rows show the
    template's columns only, so its order can be tried too."""
    rule = _row_rule(table.id)
    keys = [c.key for c in table.columns]
    if rule is None or rule.left[0] not in keys:
        return False
    total = keys.index(rule.left[0])
    parts = [keys.index(k) for k in rule.right if k in keys]
    broken = 0  # rows whose sum does not hold in the template's order
    for v in rows:
        w = [v[i] for i in order]
        if abs(sum([w[j] for j in parts]) - w[total]) > 1e-6:
            return False  # a row whose sum does not hold in this order
        broken += plain and abs(sum([v[j] for j in parts]) - v[total]) > 1e-6
    if not plain:  # columns of the report's own among them (小计): the template's order is no reading of them
        return bool(rows)
    return broken >= evidence


@cache
def _heading_names(names: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``names`` within a text, the longest where one holds another (法人或其他组织, 其他)."""
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def _concatenated(text: str, keys: list[str]) -> list[str] | None:
    """``text`` as two or more of ``keys`` one after the other (自然人总计: 自然人, 总计), or None."""
    for k in keys:
        if text.startswith(k) and len(text) > len(k):
            rest = text[len(k) :]
            if rest in keys:
                return [k, rest]
            more = _concatenated(rest, keys)
            if more:
                return [k, *more]
    return None


def _group_keys(table: Table) -> list[str] | None:
    """The column keys each group of a table printed in one row shares (table 4: 结果维持 … 总计 under
    行政复议, 未经复议直接起诉, 复议后起诉), or None where its groups differ."""
    keys = _shared_keys(table)
    return None if keys is None else list(keys)


@lru_cache(maxsize=16)
def _shared_keys(table: Table) -> tuple[str, ...] | None:
    """:func:`_group_keys`, cached (the template's, the same for every report)."""
    keys = [_column_key(c) for c in table.rows[0].columns]
    return tuple(keys) if all([_column_key(c) for c in r.columns] == keys for r in table.rows) else None


def _group_rows(table: Table, runs: list[_Run]) -> list[Token] | None:
    """A table printed in one row (table 4) printed a row per group (行政复议 / 未经复议直接起诉 /
    复议后起诉), each showing all its columns (a merged label's empty cell aside; runs of other
    lengths, a sentence's figures, are none of them): its values in the one row's order; None
    otherwise."""
    keys = _group_keys(table)
    if keys is None:
        return None
    each = len(keys)
    rows = [toks for r in runs if len(toks := _trim(r.toks, each)) == each]  # figures of prose aside
    if len(rows) == len(table.rows):
        return [t for row in rows for t in row]
    # groups printed in blocks of their own, one under the other (行政复议's five, then the suits' ten)
    width = each * len(table.rows)
    blocks = [r.toks for r in runs if r.values and len(r.toks) % each == 0 and len(r.toks) < width]
    if len(blocks) > 1 and sum(map(len, blocks)) == width and all(t.kind != TEXT for b in blocks for t in b):
        return [t for b in blocks for t in b]
    return None


def _turned_rows(table: Table, runs: list[_Run]) -> dict[Row, list[Token | None]] | None:
    """Table 3 printed turned (a landscape page): a row per column heading (自然人 … 总计), each holding
    a value per row of the table, the rows' labels printed across the top in the table's order. Each
    row's values in its columns, or None where the runs are not every column once with a value per
    row."""
    rows = table.rows
    n = len(rows)
    long = [r for r in runs if len(r.toks) >= n]  # (most tables: no run that long)
    if len(long) < 2:
        return None
    if len(long) < len(table.columns):
        long = _turned_by_position(runs, long, n)
        if len(long) < len(table.columns):
            return None
    keys = [_column_key(c) for c in table.columns]
    by_key = _runs_by_heading(long, keys, n, every=False)
    return None if by_key is None else {row: [by_key[k][i] for k in keys] for i, row in enumerate(rows)}


def _column_at_a_time(table: Table, runs: list[_Run]) -> tuple[dict[Row, list[Token | None]], set[int]]:
    """Table 2's groups printed a column at a time (text copied from a PDF column by column, a cell a line):
    the rows' labels on lines of their own (规章 / 行政规范性文件), then each column's heading followed by a
    value per row, in the labels' order (本年制发件数 / 0 / 2 / 本年废止件数 / 0 / 1 / …; a row of its own:
    行政事业性收费 / 上一年项目数量 / 13 / 本年增/减 / 9). Each such row's values in its columns, and the runs read
    so (by id); none where no group is printed so. A group is read so only where its labels are rows of one
    kind (the same columns; two or more where they have one column) and every column's heading heads a run
    of exactly as many values, once each."""
    out: dict[Row, list[Token | None]] = {}
    used: set[int] = set()
    i = 0
    while i < len(runs):
        got = _group_by_columns(table, runs, i)
        if got is None:
            i += 1
            continue
        rows, values, j = got
        for m, row in enumerate(rows):
            out[row] = [values[c][m] for c in range(len(row.columns))]
        used.update(id(r) for r in runs[i:j])
        i = j
    return out, used


def _labels_then_columns(
    table: Table, runs: list[_Run], tokens: list[Token]
) -> tuple[dict[Row, list[Token | None]], set[int]]:
    """Table 2 with every row's label first, a line each, then its columns a group at a time (pdftotext
    without -layout gives a LibreOffice PDF's so: the label column one block of text): each column's heading
    followed by a value per row of that column, in the labels' order (… 行政事业性收费 / 本年制发件数 / 0 / 14 /
    本年废止件数 / … / 本年处理决定数量 / 3416 / 本年处理决定数量 / 1127 / 38 / 本年收费金额 / 2356.74). Each row's
    values in its columns, and the runs read so (by id); none unless every row named gets every column
    of its own, each heading's values fill rows still without that column, and no value is left over —
    but the columns whose headings close the table with no value after them (本年收费金额 its last line: an
    empty cell leaves nothing in such text), blank."""
    none: tuple[dict[Row, list[Token | None]], set[int]] = ({}, set())
    if len(runs) < 2 or not runs[0].texts:
        return none
    rows: list[Row] = []
    for t in runs[0].texts[:-1]:  # the labels, each alone on its line; the last text the first column's heading
        row = _label_alone(t.text, table)
        if row is not None and row not in rows:
            rows.append(row)
    if len(rows) < 3:
        return none
    got: dict[Row, list[Token | None]] = {r: [None] * len(r.columns) for r in rows}
    used: set[int] = set()
    for run in runs:
        beside = any(t.line == run.toks[0].line for t in run.texts)
        if not run.texts or beside or any(t.kind != VALUE for t in run.toks):
            break  # a label beside the values: a row, not a column's values (a blank's mark: not so printed)
        head = run.texts[-1].text
        todo = []
        for r in rows:
            c = _heading_named(head, _column_names(r.columns))
            if c is not None and got[r][c] is None:
                todo.append((r, c))
        if len(run.toks) > len(todo):
            return none
        for (r, c), t in zip(todo, run.toks, strict=False):
            got[r][c] = t
        used.add(id(run))
        if all(t is not None for toks in got.values() for t in toks):
            return got, used
    if not used:
        return none
    last = max(t.line for r in runs if id(r) in used for t in r.toks)
    tail = [t for t in tokens if t.line > last]
    if not tail or any(t.kind != TEXT for t in tail):
        return none
    heads = "".join(t.text for t in tail)
    for r, toks in got.items():  # the columns headed after the last value, with none of their own: blank
        for c, t in enumerate(toks):
            if t is None:
                if not any(n and n in heads for n in _column_names(r.columns)[c]):
                    return none
                toks[c] = _blank_like(tail[-1])
    return got, used


def _group_by_columns(table: Table, runs: list[_Run], i: int) -> tuple[list[Row], list[list[Token]], int] | None:
    """:func:`_column_at_a_time` of the group whose first column's values are ``runs[i]``: its rows, each
    column's values (in the template's order of the columns) and the index of the run after the group."""
    texts = runs[i].texts
    if len(texts) < 3 or texts[-1].line == runs[i].toks[0].line:
        return None
    rows: list[Row] = []
    for t in reversed(texts[:-1]):  # the rows' labels, each a line of its own, before the first heading
        row = _label_alone(t.text, table)
        if row is None:
            break
        rows.append(row)
    rows.reverse()
    k = len(rows)
    if not k or len({id(r.columns) for r in rows}) != 1 or len({id(r) for r in rows}) != k:
        return None
    if k == 1 and len(rows[0].columns) < 2:
        return None  # one row of one column: its label, heading and value read alike either way
    names = _column_names(rows[0].columns)
    values: dict[int, list[Token]] = {}
    j = i
    while j < len(runs) and len(values) < len(names):
        run = runs[j]
        if j > i and any(t.line == run.toks[0].line for t in run.texts):
            break  # a label on the values' own line: a row, not a column's values
        c = _heading_named("".join(t.text for t in (run.texts[-1:] if j == i else run.texts)), names)
        if c is None or c in values or len(run.toks) != k:
            break
        values[c] = run.toks
        j += 1
    if len(values) != len(names):
        return None
    return rows, [values[c] for c in range(len(names))], j


def _label_alone(text: str, table: Table) -> Row | None:
    """The row of ``table`` a text is the label of, and no more (a row's label on a line of its own)."""
    row = match_row(text, table)
    return row if row is not None and not _DIGITS.search(text) and len(text) <= len(label_key(row.label)) + 2 else None


def _heading_named(text: str, names: tuple[tuple[str, ...], ...]) -> int | None:
    """The one column whose heading (its label or a variant, :func:`_column_names`) ``text`` names."""
    hits = {c for c, ns in enumerate(names) if any(n and n in text for n in ns)}
    return hits.pop() if len(hits) == 1 else None


def _grid_places(toks: list[Token]) -> list[int]:
    """Each token's grid column, of one line's tokens: where the source says (``Where.col``), else its place in
    a row of pipes (one cell a column)."""
    return [t.cell.where.col if t.cell.where.col is not None else i for i, t in enumerate(toks)]


def _crossed_grid(table: Table, tokens: list[Token]) -> tuple[dict[Row, list[Token | None]], set[int]] | None:
    """Table 2, or a group of its rows, printed turned in a grid: a line of cells naming rows (规章 |
    行政规范性文件, or 规章 … 行政事业性收费 across the top), each line under it a column's (本年制发件数 | 0 | 4)
    — each row's values taken from the grid column under its name and the line its column heads; or a line
    naming rows of one column each with that column (行政处罚本年处理决定数量 | 行政强制本年处理决定数量) over a
    line of their values (行政处罚、行政强制 | 333 | 14). A line naming two rows must name rows of the same
    columns (a group); a line of neither kind ends what the names above say. Returns the rows read and the
    lines read so (the rest of the table read as printed), or None where no such line is; a cell under a row
    that has no such column (—— under 行政许可 in 本年制发件数's line) is no value."""
    labels = row_label_keys(table)
    named_at: dict[int, int] = {}  # line → cells naming a row whole, or a row with its column
    for t in tokens:
        if t.kind == TEXT and (t.text in labels or (len(t.text) > 6 and t.text.endswith(_COLUMN_ENDS))):
            named_at[t.line] = named_at.get(t.line, 0) + 1
    top = next((line for line, k in named_at.items() if k >= 2), None)
    if top is None:
        return None
    lines: dict[int, list[Token]] = {}
    for t in tokens:
        if t.line >= top:
            lines.setdefault(t.line, []).append(t)
    heads: dict[int, Row] | None = None
    out: dict[Row, list[Token | None]] = {}
    used: set[int] = set()
    for line, toks in lines.items():
        if len({id(t.cell) for t in toks}) < len(toks):
            heads = None
            continue  # a line of text split into words: no grid
        cols = _grid_places(toks)
        if not any(t.kind == VALUE for t in toks):  # a line of names, or what ends them
            named: dict[int, Row] = {}
            for t, c in zip(toks, cols, strict=True):
                if t.kind == TEXT and (row := _row_named(t.text, table)) is not None and row not in named.values():
                    named[c] = row
            alike = len({r.columns for r in named.values()}) == 1
            heads = named if len(named) >= 3 or (len(named) == 2 and alike) else None
            if heads is not None:
                used.add(line)
            continue
        if heads is None:
            continue
        lead = next((k for k, t in enumerate(toks) if t.kind != BLANK), None)
        first = toks[lead] if lead is not None and toks[lead].kind == TEXT else None
        single = all(len(r.columns) == 1 for r in heads.values())
        if first is None or (len(first.text) < 4 and not single):
            continue
        got = False
        for t, c in zip(toks[lead + 1 :], cols[lead + 1 :], strict=True):  # type: ignore[operator]
            row = heads.get(c)
            if row is None or t.kind == TEXT:
                continue
            at = 0 if single else next((i for i, col in enumerate(row.columns) if _heads_column(first.text, col)), None)
            if at is not None:
                out.setdefault(row, [None] * len(row.columns))[at] = t
                got = True
        if got:
            used.add(line)
        if single:
            heads = None  # (the one line of their values)
    return (out, used) if out else None


# how a column's name ends (件数, 数量, 金额…): a row's name with its column's after it (行政处罚本年处理决定数量)
_COLUMN_ENDS = ("件数", "数量", "金额")


@lru_cache(maxsize=4096)
def _row_named(text: str, table: Table) -> Row | None:
    """The row a heading cell of a turned table names: by its label whole, or by its label with one of its
    columns' names after it (行政处罚本年处理决定数量)."""
    for r in table.rows:
        k = label_key(r.label)
        if text == k or (text.startswith(k) and any(_heads_column(text[len(k) :], c) for c in r.columns)):
            return r
    return None


def _heads_column(text: str, col: Column) -> bool:
    """Whether a label (a key: :func:`label_key`) names ``col``: its label or a variant, whole or with more
    after it (本年收费金额（单位：万元）), or cut short of it."""
    for name in (col.label, *col.variants):
        k = label_key(name)
        if text.startswith(k) or k.startswith(text):
            return True
    return False


def _turned_by_position(runs: list[_Run], long: list[_Run], n: int) -> list[_Run]:
    """The runs of a table printed turned as text laid out with spaces, where a row shows fewer values
    than ``n`` (an empty cell left as spaces): ``long`` (the rows showing all) and each such row with its
    values in the places the full rows' values stand, its empty places blank — where every value stands
    at one of those places, in order."""
    full = [r for r in long if len(_trim(r.toks, n)) == n]
    if len(full) < 2 or any(_frame(t)[0] != "text" for r in full for t in r.toks):
        return long
    places = [[_pos(t) for t in _trim(r.toks, n)] for r in full]
    if any(p is None for ps in places for p in ps):
        return long
    anchors = [sum(ps[i] for ps in places) / len(places) for i in range(n)]  # type: ignore[misc]
    out = list(long)
    taken = {id(r) for r in long}
    for r in runs:
        if id(r) in taken or not (n // 2 < len(r.toks) < n) or any(t.kind == TEXT for t in r.toks):
            continue
        pos = [_pos(t) for t in r.toks]
        if any(p is None for p in pos):
            continue
        cols = _by_anchor(pos, anchors)  # type: ignore[arg-type]
        if any(c is None for c in cols) or not _in_order(c for c in cols if c is not None):
            continue
        placed, clean = _place(r.toks, cols, n)
        if not clean:
            continue
        seen = r.toks[0]
        toks = [t if t is not None else _blank_like(seen) for t in placed]
        out.append(_Run(toks, r.before, r.inline, r.after, r.texts, _count(toks)))
    return out


def _ending_heading(label: str, keys: list[str]) -> str | None:
    """The one of ``keys`` a label ends with: whole, or its first two characters or more where the
    heading wraps in its narrow cell (商业企 / 业) and no other key begins so."""
    whole = next((k for k in keys if label.endswith(k)), None)
    if whole is not None:
        return whole
    hits = {k for k in keys for i in range(2, len(k)) if label.endswith(k[:i])}
    return hits.pop() if len(hits) == 1 else None


def _runs_by_heading(runs: list[_Run], keys: list[str], count: int, every: bool) -> dict[str, list[Token]] | None:
    """A table printed turned: for each of ``keys`` (the headings its rows now begin with), the values
    of the run whose label ends with it, ``count`` of them. None where a heading heads no run or two;
    with ``every``, also where a run is no heading's (a value too many, a sentence's figures)."""
    by_key: dict[str, list[Token]] = {}
    for run in runs:
        key = _ending_heading(run.inline or run.before, keys)
        toks = _trim(run.toks, count)
        if key is None or len(toks) != count:
            if every:
                return None
            continue
        if key in by_key:
            return None
        by_key[key] = toks
    return by_key if set(by_key) == set(keys) else None


def _columns_hold(table: Table, rows: dict[Row, list[Token | None]]) -> bool:
    """Whether every rule a column of ``table`` keeps (``each = "column"``: 表三's 勾稽关系, its (七)总计)
    holds in every column of ``rows`` (values read surely in their places confirm the places)."""
    rules = [r for r in spec().rules.values() if r.table == table.id and r.each == "column"]
    by_key = {row.key: toks for row, toks in rows.items()}
    outcome = [row.key for row in table.rows if row.outcome]

    def total(keys: tuple[str, ...], j: int) -> float | None:
        out = 0.0
        for k in (x for key in keys for x in (outcome if key == "@outcome" else [key])):
            t = by_key.get(k, [None] * (j + 1))[j]
            if t is not None and t.kind == BLANK:
                continue  # a blank cell: 0
            if t is None or t.value is None:
                return None
            out += float(t.value)
        return out

    for rule in rules:
        for j in range(len(table.columns)):
            a, b = total(rule.left, j), total(rule.right, j)
            if a is None or b is None or abs(a - b) > 1e-6:
                return False
    return bool(rules)


def _transposed(table: Table, runs: list[_Run]) -> list[Token] | None:
    """A table printed in one row (table 4) printed turned: a row per column heading (结果维持 …
    总计), each holding one value per group (行政复议, 未经复议直接起诉, 复议后起诉). Its values in the
    one row's order, or None where the rows are not every heading once with a value per group."""
    keys = _group_keys(table)
    if keys is None:
        return None
    groups = len(table.rows)
    by_key = _runs_by_heading(runs, keys, groups, every=True)
    return None if by_key is None else [by_key[k][g] for g in range(groups) for k in keys]


def _one_line_anchors(table: Table, tokens: list[Token], toks: list[Token]) -> list[float] | None:
    """Where each column of a table printed in one row (table 4: 结果维持 … 总计 under each of its
    groups) stands, from its headings on a PDF page or in text laid out with spaces (``pdftotext
    -layout``: characters across; a heading over two lines, 结果 / 维持): each label as often as there are
    groups, left to right in the template's order; None where they are not so printed or the values
    have no place."""
    if not toks or any(_pos(t) is None for t in toks):
        return None
    frame = _frame(toks[0])[0]
    if frame not in ("page", "text") or any(_frame(t)[0] != frame for t in toks):
        return None
    first = toks[0].line
    keys = _group_keys(table)
    if keys is None:
        return None

    texts = [t for t in tokens if t.kind == TEXT and t.line < first and _frame(t)[0] == frame]
    heads = _headings(texts, keys)
    at = {k: sorted(_pos(t) for h, t in heads if h == k) for k in keys}  # type: ignore[type-var]
    if any(len(xs) != len(table.rows) for xs in at.values()):
        return None
    out = [at[k][g] for g in range(len(table.rows)) for k in keys]
    return out if all(b > a for a, b in itertools.pairwise(out)) else None  # type: ignore[operator]


def _header_texts(tokens: list[Token]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The texts before a table's first value (its header's, in a table printed in one row: table 4), and the
    line of each counted from the first's — what :func:`_one_line_order` and :func:`_printed_groups` read
    (kept by these texts: a header recurs from report to report)."""
    first = next((i for i, t in enumerate(tokens) if t.kind == VALUE), len(tokens))
    head = [t for t in tokens[:first] if t.kind == TEXT]
    base = head[0].line if head else 0
    return tuple(t.text for t in head), tuple(t.line - base for t in head)


@lru_cache(maxsize=4096)
def _one_line_order(table: Table, named: tuple[str, ...]) -> tuple[int, ...] | None:
    """Where a table printed in one row (table 4) heads each group's columns in another order than the
    template's, the same in every group (总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结, as a report edited so
    prints them), named whole before the values (``named``: the texts before the first value, in text
    without places: a line of cells, or a row of a pipe table): for each of a group's columns, the index of its
    value among the group's printed; None in the template's order or where the headings do not say (broken
    over lines, some missing, others among them)."""
    keys = _group_keys(table)
    if keys is None:
        return None
    seq: list[str] = []
    for text in named:
        if text in keys:
            seq.append(text)
        elif len(text) > 4:  # headings run together (a page's text on one line): 行政复议行政诉讼结果维持结果纠正…
            seq.extend(k for k in _run_together(text, _header_words(table)) if k in keys)
    n = len(keys)
    if len(seq) != n * len(table.rows) or any(seq[i : i + n] != seq[:n] for i in range(0, len(seq), n)):
        return None
    if sorted(seq[:n]) != sorted(keys) or seq[:n] == keys:
        return None
    return tuple(seq.index(k) for k in keys)


@lru_cache(maxsize=4096)
def _run_together(text: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """The header words ``text`` holds one after the other from where the first run of them begins (a
    heading's sentence before it: 四、…情况行政复议行政诉讼结果维持…); none where no run of two or more stands.
    Cached: a header's texts recur from report to report."""
    for start in sorted({i for w in words for i in _found_at(text, w)}):
        parts = _concatenated(text[start:], list(words))
        if parts:
            return tuple(parts)
    return ()


def _placed_sums_hold(table: Table, toks: list[Token], cols: list[int | None], width: int) -> bool:
    """Whether the values of a table printed in one row (table 4), placed at the columns ``cols`` under
    their headings in text laid out with spaces (the columns left empty blank), keep each group's sum
    (:func:`_sum_holds`): text spaces its headings as the page set them, or otherwise than its values
    (PyMuPDF's sorted text: two spaces between headings, more between values), and only the sums tell."""
    holds = _sum_holds(table, len(table.rows))
    if holds is None:
        return True
    if any(c is None for c in cols) or len(set(cols)) < len(cols):
        return False
    texts = ["0"] * width
    for t, c in zip(toks, cols, strict=True):
        texts[c] = t.text if t.kind == VALUE else "0"  # type: ignore[index]
    return holds([[x] for x in texts])


@lru_cache(maxsize=1024)
def _column_key(col: Column) -> str:
    return label_key(col.label)


@lru_cache(maxsize=16)
def _group_heads(table: Table) -> tuple[tuple[str, str], ...]:
    """Each row's headings in table 4, its group's: the heading over it and the one under that, if any
    (行政复议, ""; 行政诉讼, 未经复议直接起诉; 行政诉讼, 复议后起诉), as label keys."""
    out = []
    for r in table.rows:
        top, _, sub = r.label.partition(" ")
        out.append((label_key(top), label_key(sub) if sub else ""))
    return tuple(out)


@lru_cache(maxsize=16)
def _header_words(table: Table) -> tuple[str, ...]:
    """The words table 4's header is made of (its groups' headings, its columns'), longest first."""
    words = {h for pair in _group_heads(table) for h in pair if h} | {_column_key(c) for c in table.columns}
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4096)
def _groups_named(table: Table, text: str) -> tuple[str, ...]:
    """The groups' headings (label keys) a text of table 4's header names, in its order: ``text`` itself
    where it is one, else its end as header words run together (行政诉讼行政复议, as a PDF's text gives a
    header's line; the section's title before it on a line run together: :func:`_concatenated`), from
    the first group's heading it can begin at; () where no end of it is header words only (a title, a
    sentence). Cached: a header's texts recur from report to report."""
    names = {h for pair in _group_heads(table) for h in pair if h}
    if text in names:
        return (text,)
    if not any(n in text for n in names):
        return ()
    words = _header_words(table)
    for start in sorted({i for n in names for i in _found_at(text, n)}):
        rest = text[start:]
        parts = [rest] if rest in words else _concatenated(rest, list(words))
        if parts:
            return tuple(w for w in parts if w in names)
    return ()


def _found_at(text: str, word: str) -> list[int]:
    """Where ``word`` begins in ``text``, each place it does (apart: not overlapping)."""
    out = []
    i = text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + len(word))
    return out


@lru_cache(maxsize=4096)
def _printed_groups(table: Table, texts: tuple[str, ...], lines: tuple[int, ...]) -> tuple[Row, ...]:
    """Table 4's groups in the order its header prints them, where its cells before the first value
    (``texts``, each on its line of ``lines``: :func:`_header_texts`) are its headings only (apart or run
    together) and name every group (行政诉讼 and its two before 行政复议); the template's order otherwise."""
    heads = _group_heads(table)
    names = {h for pair in heads for h in pair if h}
    at: dict[str, int] = {}
    line: dict[str, int] = {}  # the line each heading is first named on
    for text, li in zip(texts, lines, strict=True):
        if len(at) == len(names):
            break
        for word in _groups_named(table, text):  # (a column's heading, 结果维持: none)
            if word not in at:
                at[word] = len(at)
                line[word] = li
    if len(at) != len(names):
        return table.rows
    if len(set(line.values())) < len(line):
        # A header printed a row a line (a line names two headings or more: 未经复议直接起诉 复议后起诉, as a
        # PDF's text gives it): headings on different lines were set one above the other — a heading
        # spanning two of the header's rows (行政复议, in the national format) is printed at its middle,
        # after the row above it — and say nothing of which comes first across. Such headings, of one
        # level, keep the template's order; only those on one line order the groups.
        tops = list(dict.fromkeys(top for top, _ in heads))
        subs = list(dict.fromkeys(sub for _, sub in heads if sub))
        for level in (tops, subs):
            if len({line[h] for h in level}) > 1:
                at.update({h: i for i, h in enumerate(level)})
    key = {id(r): (at[top], at[sub] if sub else 0) for r, (top, sub) in zip(table.rows, heads, strict=True)}
    return tuple(sorted(table.rows, key=lambda r: key[id(r)]))


@lru_cache(maxsize=16)
def _several_columns(table: Table) -> tuple[tuple[Column, ...], ...]:
    """The columns of the table's rows of two columns or more (table 2's 规章, 行政规范性文件), each set once."""
    out: dict[int, tuple[Column, ...]] = {}
    for r in table.rows:
        if len(r.columns) > 1:
            out.setdefault(id(r.columns), r.columns)
    return tuple(out.values())


@lru_cache(maxsize=64)
def _column_names(columns: tuple[Column, ...]) -> tuple[tuple[str, ...], ...]:
    """The label keys of each column's headings: its label and the variants of it."""
    return tuple(tuple(label_key(n) for n in (c.label, *c.variants)) for c in columns)


def _headed_order(texts: list[Token], columns: tuple[Column, ...]) -> list[int] | None:
    """Where ``texts`` (the label text before a row's values) name each of ``columns`` by its heading (the
    header of a row of table 2: 信息内容 | 本年制发件数 | …, its cells apart or run together as a PDF's text
    gives them): for each column, the index of the value printed under its heading (its own index where
    the template's order is printed); None where they do not name every column."""
    order = _order_named("".join([t.text for t in texts if t.kind == TEXT]), columns)
    return None if order is None else list(order)


@lru_cache(maxsize=4096)
def _order_named(text: str, columns: tuple[Column, ...]) -> tuple[int, ...] | None:
    """:func:`_headed_order` of the label text joined (cached: a header's text recurs)."""
    at: list[int] = []
    for names in _column_names(columns):
        found = [k for n in names if (k := text.find(n)) >= 0]
        if not found:
            return None
        at.append(min(found))
    if len(set(at)) != len(at):
        return None
    order = [0] * len(columns)
    for i, j in enumerate(sorted(range(len(columns)), key=at.__getitem__)):
        order[j] = i
    return tuple(order)


# characters a value laid out with spaces may stand off its column's spacing, and the fit still be sure
# (numbers of one to three digits centred or right-aligned in their column)
_SURE_FIT = 1.25


def _by_spacing(pos: list[float], anchors: list[float]) -> tuple[list[int | None], bool] | None:
    """Each position's column in a line laid out with spaces: a line's columns drift with its label
    (pdftotext -layout places Chinese characters only approximately), their spacing does not. The
    shift of the columns (``anchors``) that puts every position near a column of its own: the least
    shift (evenly spaced columns fit a row with a blank at an end twice), then the nearest fit, and
    whether it is the only placement that fits; None when no shift fits."""
    gaps = [b - a for a, b in itertools.pairwise(anchors)]
    tol = (min(gaps) if gaps else 1.0) * 0.5
    rel = [a - anchors[0] for a in anchors]
    best: tuple[float, float, float, list[int | None]] | None = None
    fits: set[tuple[int | None, ...]] = set()
    for shift in {p - r for p in pos for r in rel}:
        cols: list[int | None] = []
        err = worst = 0.0
        for q in pos:
            j = min(range(len(rel)), key=lambda k: abs(q - shift - rel[k]))
            d = abs(q - shift - rel[j])
            if d > tol or j in cols:
                break
            cols.append(j)
            err += d
            worst = max(worst, d)
        else:
            fits.add(tuple(cols))
            score = (round(abs(shift - anchors[0]) / tol), err)
            if best is None or score < best[:2]:
                best = (*score, max(worst, abs(shift - anchors[0])), cols)
    if best is None:
        return None
    # sure only when no other placement fits, every value stands on its column's spacing and the line
    # hardly drifts (real pdftotext lines drift by columns and space them unevenly: a guess there)
    return best[3], len(fits) == 1 and best[2] <= _SURE_FIT


def _right_aligned(toks: list[Token], n: int) -> list[int | None] | None:
    """Columns of values in a ruled row or a grid whose width is known: its last ``n`` columns."""
    width = toks[0].width if toks else None
    if width is None or width < n or any(t.cell.where.col is None or t.width != width for t in toks):
        return None
    cols: list[int | None] = []
    for t in toks:
        c = t.cell.where.col - (width - n)  # type: ignore[operator]
        cols.append(c if 0 <= c < n else None)
    return cols


def _place(toks: list[Token], cols: list[int | None], n: int) -> tuple[list[Token | None], bool]:
    """Tokens at their columns. Two in one column (a speck read beside a digit): the one read
    with more confidence is kept. ``clean`` is False when a token stood off the columns or had to
    give way, so that the row's binding is in doubt."""
    out: list[Token | None] = [None] * n
    clean = True
    for t, c in zip(toks, cols, strict=True):
        if c is None:
            clean = clean and t.kind == BLANK
            continue
        cur = out[c]
        if cur is not None:
            clean = False
            if _strength(t) <= _strength(cur):
                continue
        out[c] = t
    return out, clean


def _strength(t: Token) -> tuple[int, float]:
    return (t.kind == VALUE, t.cell.confidence if t.cell.confidence is not None else 1.0)


def _blank_confidence(t: Token) -> float | None:
    """A blank read beside ``t``: doubtful when ``t`` was read from an image."""
    return None if t.cell.confidence is None else OCR_BLANK


def _blank_like(t: Token, confidence: float | None = None) -> Token:
    """A blank cell standing where ``t`` stands (a cell the source left empty)."""
    return Token(BLANK, "", None, None, Cell("", t.cell.where, confidence), t.line, False, t.width)


def _header_shown(table: Table, tokens: list[Token]) -> bool:
    """Whether a table's column header is printed (at least two of its column labels)."""
    return _names_columns(table, "".join(t.text for t in tokens if t.kind == TEXT))


def _zero_body(table: Table, lines: list[Line], start: int, end: int) -> int | None:
    """What a table's header has alone under it in its rows' place to say its values are all 0 (自然人 | 法人或其他
    组织 | 总计 …, then 无, 均为0, or a merged row 本表数据均为零: formats.toml's cells.stated ``alone``, or a sentence
    :data:`_ALL_ZERO` finds), no figure after it in the table's region (rows printed): its line (a cell alone on it,
    or first); None otherwise. Only the lines from the region's last with a digit on are looked at (均为0 has one)."""
    last = end - 1
    while last > start and not any(_DIGIT_CHAR.search(c.text) for c in lines[last].cells):
        last -= 1
    for li in range(max(start + 1, last), end):
        cells = lines[li].cells
        if (
            len(cells) > 2
            and bool(cells[0].text.strip()) + bool(cells[1].text.strip()) + bool(cells[2].text.strip()) > 1
        ):
            continue  # (most of a table's lines: a row's label and values, two cells with text among its first three)
        texts = [c.text for c in cells if c.text.strip()]
        if len(texts) != 1:
            continue
        text = texts[0]
        if not (_said_all_zero(text) or (lines[li].grid is not None and _ALL_ZERO.search(text) is not None)):
            continue
        above = list(itertools.takewhile(_no_figure, reversed(lines[max(start + 1, li - _HEADER_SPAN) : li])))
        if not _names_columns(table, "".join(c.text for ln in reversed(above) for c in ln.cells)):
            continue  # (not under the table's header: its lines, a cell a line or a row a line, just above)
        return li
    return None


_DIGIT_CHAR = re.compile(r"\d")
_HEADER_SPAN = 16  # lines a table's header may take (a cell a line: table 3's fourteen)


def _no_figure(line: Line) -> bool:
    """Whether a line holds no figure and no sentence's end: a header's line, perhaps."""
    return not any(_DIGIT_CHAR.search(c.text) or "。" in c.text for c in line.cells)


_HEADER_KINDS = 1 << BLANK | 1 << TEXT  # a header's line: text and empty cells, no value


def _without_header_blanks(table: Table, toks: list[Token]) -> list[Token]:
    """``toks`` without the empty cells of the lines of a table's header (自然人 | 法人或其他组织 | 总计 | | — a
    line of the columns' names, no value): no row's blanks (its 总计 names the row (七)总计 too)."""
    if not table.columns or BLANK not in map(_KIND, toks):
        return toks
    # (the lines with an empty cell, text and no value: a header's, perhaps — tokens come in line order)
    spans: list[tuple[int, int]] = []
    line, at, kinds = -1, 0, 0  # the line, where its tokens begin, the kinds among them (bits)
    for i, t in enumerate(toks):
        if t.line != line:
            if kinds == _HEADER_KINDS:
                spans.append((at, i))
            line, at, kinds = t.line, i, 0
        kinds |= 1 << t.kind
    if kinds == _HEADER_KINDS:
        spans.append((at, len(toks)))
    out: list[Token] = []
    done = 0  # toks[:done] are in out
    for i, j in spans:
        if _names_columns(table, "".join([t.text for t in toks[i:j] if t.kind == TEXT])):
            out += toks[done:i]
            out += [t for t in toks[i:j] if t.kind != BLANK]
            done = j
    return out + toks[done:] if done else toks


def _said_all_zero(text: str) -> bool:
    """Whether ``text`` is only what a table's header may have under it alone to say all its values are 0
    (formats.toml's cells.stated ``alone``: 无, 均为0)."""
    return text.strip(" \t。.；;：:") in _alone_words()


@cache
def _alone_words() -> frozenset[str]:
    return frozenset(spec().rules["cells.stated"].params.get("alone", ()))


def _names_columns(table: Table, text: str) -> bool:
    """Whether ``text`` names at least two of ``table``'s column labels (its header)."""
    return sum(1 for lab in _column_label_keys(table) if lab in text) >= 2


@cache
def _column_label_keys(table: Table) -> frozenset[str]:
    """The label keys of ``table``'s first row's columns' labels and their variants (worked out once a table)."""
    columns = table.rows[0].columns
    return frozenset(
        k
        for k in (*map(label_key, (c.label for c in columns)), *(label_key(v) for c in columns for v in c.variants))
        if k
    )


@cache
def _summed_tables() -> frozenset[str]:
    """The tables whose values the template's arithmetic rules sum (表三, 表四)."""
    return frozenset(r.table for r in spec().rules.values() if r.table and r.each)


def read_tables(
    doc: Document,
    tpl: Template,
    regions: dict[str, tuple[int, int]],
    split_words: bool = True,
    again: dict[str, tuple[int, int]] | None = None,
    year: int | None = None,
) -> TableReading:
    """Every value of ``tpl``'s tables, read in each table's region of ``doc`` (line ranges
    [start, end) from :func:`ogi.extract.sections.table_regions`); ``again``: the regions of the tables
    of the report printed a second time after itself, whose rows are read as second copies
    (``duplicates``); ``year``: the report's (table 4 printed a row a year: that year's row is read)."""
    reader = _Reader(tpl)
    reader.year = year
    lines = doc.lines
    todo = [(t, regions[t.id]) for t in tpl.tables if t.id in regions]
    first = len(todo)
    todo += [(t, again[t.id]) for t in tpl.tables if again and t.id in again and t.id in regions]
    for k, (table, (start, end)) in enumerate(todo):
        copy = k >= first
        copies = len(reader.r.duplicates)
        alone = reader.alone = set()
        seen: dict[str, int] = {}
        toks = tokens_of(lines, start, end, split_words, notes=True, alone=alone, seen=seen)
        counted = len(toks)  # (tokens left out after: tokens_of's counts of lines no longer tell)
        if year is not None and (other := _other_year_grids(lines, start, end, year)):
            toks = [t for t in toks if t.line not in other]  # another year's table beside the report's
        if not _YEAR_HEADS.isdisjoint(map(_TEXT, toks)) and any(t.kind == TEXT and t.text in _YEAR_HEADS for t in toks):
            # (columns headed 本年 and 上年, …)
            toks = _this_years_columns(toks, year)
        if len(toks) != counted:
            seen.pop("single", None)
            seen.pop("numbered", None)
        # (a 序号 column needs lines opening with a number; cards, lines of one token: most tables have neither)
        if seen.get("numbered", _SERIALS) >= _SERIALS and (serials := _serial_numbers(toks)) is not None:
            toks = [t for i, t in enumerate(toks) if i not in serials]  # a 序号 column: no values of the table's
        reader.glued = bool(seen.get("glued", False))
        flat = len(alone) >= 3
        if not copy and VALUE not in map(_KIND, toks):
            reader.valueless.add(table.id)
        if table.layout == "one_line":
            reader.read_one_line(table, toks)
            if not copy:
                reader.named_rows(table, lines, start, end)
        else:
            if not copy and (body := _zero_body(table, lines, start, end)) is not None:
                # (its header, then 无 or 均为0 alone: read as 0 by named_rows)
                reader.bodies[table.id] = next(c for c in lines[body].cells if c.text.strip())
                toks = [t for t in toks if t.line != body]
            toks = _without_header_blanks(table, toks)
            if seen.get("single", _CARD_LINES) >= _CARD_LINES and (paired := _named_on_lines(table, toks)):
                toks = [t for i, t in enumerate(toks) if i not in paired]  # (read by their names: named_rows)
            reader.read_rows(table, toks)
            if not copy:
                reader.named_rows(table, lines, start, end)
                reader.blank_rows(table, start, end, toks)
        if flat:
            reader.note_flat(table, toks)
        if year is not None and len(reader.r.duplicates) > copies:  # rows printed twice: another year's?
            cut = _before_other_year(lines, start, end, year)
            if cut < end:  # last year's table printed after it for comparison: no copy of it
                later = {id(c.where) for ln in lines[cut:end] for c in ln.cells}
                reader.r.duplicates[copies:] = [d for d in reader.r.duplicates[copies:] if id(d.where) not in later]
    reader.flat_doubts()
    _unfound_doubts(reader.r, tpl, doc)
    if None in reader.r.cells.values():
        _labelled_doubts(reader.r, tpl, doc, regions)
    if reader.r.extras:
        _summed_rows(reader.r, tpl)
    return reader.r


# rows in a run numbered 1, 2, 3 … in a column of the report's own (序号) before their labels: this many at least
_SERIALS = 3


def _serial_numbers(tokens: list[Token]) -> set[int] | None:
    """The indices of a 序号 column's numbers: on each of successive lines the first thing printed, a whole
    number just before the row's label, the numbers counting up by one ( 1 | 一、本年新收… | 52 | 3 …, 2 | 二、上年
    结转… ) for :data:`_SERIALS` rows or more; else None. (Read as values, each was a number no row could hold:
    the row above it doubted, wrapped.)"""
    found: list[tuple[int, int]] = []  # (token index, number)
    line = -1
    for i, t in enumerate(tokens):
        if t.line == line:
            continue
        if t.kind == BLANK and not t.text.strip():
            continue  # (the cell before a markdown row's first pipe: the row's first is next)
        line = t.line
        if (
            t.kind == VALUE
            and type(t.value) is int
            and i + 1 < len(tokens)
            and tokens[i + 1].kind == TEXT
            and tokens[i + 1].line == line
        ):
            found.append((i, t.value))
    best: list[int] = []
    chain: list[int] = []
    last = None
    for i, v in found:
        chain = [*chain, i] if last is not None and v == last + 1 else [i]
        last = v
        if len(chain) > len(best):
            best = chain
    return set(best) if len(best) >= _SERIALS else None


# a value after its column's name in a table retyped as text (自然人15件, 本年制发件数：0, 结果维持 3 件, 其他 无):
# the name, then its number (digits, or Chinese numerals, or 无, 零) — made per column set (:func:`_named_pattern`)
_NAMED_VALUE = (
    r"({names})(?:[（(][^()（）]{{0,12}}[)）])?\s*[:：为]?\s*"
    r"(?:([-+]?\d+(?:\.\d+)?)|([{numerals}]{{1,12}}|无))\s*(?:件|万元|元|个|项|次|起|宗)?"
)
# a sentence saying a table's values (or those it does not print) are all 0: 表三各项数据均为0, 表中其余各项数据均为0,
# 其余项目均为零
_ALL_ZERO = re.compile(
    r"(?:表[二三四2-4]|本表|表中|该表|其余|其他各项)[^。；;，,]{0,16}?(?:均|都|全部|皆)(?:为|是)?\s*[“\"]?(?:0|零|〇)(?![\d.])"
)


def _says_rest(zeros: Cell, body: Cell | None) -> bool:
    """Whether the line saying a table's values are 0 says so of those not printed nor stated only (formats.toml's
    cells.stated ``rest``: 表三其余各项均为0), not of the whole table (表三各项数据均为0; a header's body 无)."""
    if zeros is body:
        return False
    m = _ALL_ZERO.search(zeros.text)
    words = spec().rules["cells.stated"].params.get("rest", ())
    return m is not None and any(w in m.group(0) for w in words)


@cache
def _sole_pattern(table_id: str) -> re.Pattern[str] | None:
    """formats.toml's cells.stated ``sole`` words for ``table_id``'s applicant columns (均为自然人提出), the column's
    key the group named after it (one alternative a column: its label, its prose names); None where it has none."""
    words = spec().rules["cells.stated"].params.get("sole", ())
    alts: list[str] = []
    for tpl in templates():
        if not any(t.id == table_id for t in tpl.tables):
            continue
        cols = tpl.table(table_id).columns
        if not any(c.group for c in cols):
            return None  # (no applicants' columns: table 3's only)
        for c in cols[:-1]:  # (the last: the row's total)
            names = sorted({c.label, *c.said} - {"其他"}, key=len, reverse=True)
            if not names:
                continue  # (其他: a word too common to name its column)
            body = "|".join(re.escape(n) for n in names)
            alts.append(f"(?P<{c.key}>{body})")
        break
    if not alts or not words:
        return None
    before = "|".join(re.escape(w.removesuffix("{column}")) for w in words if w.endswith("{column}"))
    return re.compile(f"(?:{before})(?:{'|'.join(alts)})") if before else None


def _stated_value(cell: Cell, value: int | float, line: int) -> Token:
    """A value a sentence states (``cell``, on document line ``line``), placed there (``placed`` "stated")."""
    at = cell.where
    place = Cell(cell.text, Where(at.line, at.page, at.bbox, at.table, at.row, at.col, "stated", at.chars))
    return Token(VALUE, str(value), value, None, place, line)


def _row_in(rows: dict[str, Row], tid: str, key: str) -> Row | None:
    """The row of ``rows`` (a table's, by key) a key of table ``tid`` is of — or the row holding it (a key of a row the
    other format divides: t3.other.no_correction.total, the 2019 format's t3.other); None for another table's."""
    if not key.startswith(tid + "."):
        return None
    path = key[len(tid) + 1 :].rpartition(".")[0]
    while path and path not in rows:
        path = path.rpartition(".")[0]
    return rows.get(path)


def _said_cells(
    table: Table, lines: list[Line], start: int, end: int, year: int | None
) -> tuple[dict[str, Token], set[str]]:
    """The values of ``table`` the sentences of lines [start, end) state, a note saying the rest are 0 after them
    (本年度共收到政府信息公开申请3件，均为自然人提出。其中予以公开2件，无法提供（本机关不掌握相关政府信息）1件。
    表三其余各项均为0): key → its value (placed "stated", its line's), and the keys those sentences leave unsure.

    A statement (:func:`ogi.extract.narrative.statements`, of the report's ``year``, not hedged) of one key is
    that key's; of 0, each of its keys' (none below 0); of more, the one of its keys whose row's signs its line
    names alone (不掌握: (四)1), else its keys unsure. A row's total stated, its applicants' columns hold it in the
    column formats.toml's cells.stated ``sole`` words name (均为自然人提出), the others 0; none named, they are
    unsure. A sum (the template's equations of one term a side, (七)总计 and 总计) none states is its parts' sum,
    unsure where one of them is."""
    from ogi.extract.narrative import statements

    said: dict[str, tuple[int | float, Cell, int]] = {}
    unsure: set[str] = set()
    sole: str | None = None
    rows = {row.key: row for row in table.rows}
    pattern = _sole_pattern(table.id)
    for li in range(start, end):
        ln = lines[li]
        if ln.grid is not None or len(ln.cells) != 1:
            continue
        cell = ln.cells[0]
        text = cell.text.replace(" ", "")
        if pattern is not None and (m := pattern.search(text)) is not None:
            sole = next(k for k, v in m.groupdict().items() if v)
        for st in statements(text, [], year):
            if st.hedged or st.year not in (None, year) or not st.keys:
                continue
            placed = {k: _row_in(rows, table.id, k) for k in st.keys}
            if None in placed.values():
                continue  # (of another table)
            # (keys of rows this format's table holds together — 2021's three of (六)其他处理 in 2019's one — its own)
            of = {f"{table.id}.{row.key}.{k.rpartition('.')[2]}": row for k, row in placed.items() if row is not None}
            keys = tuple(of)
            if len(keys) > 1 and st.value != 0:
                named = [k for k, row in of.items() if any(sg in text for sg in row.signs)]
                keys = tuple(named) if len(named) == 1 else keys
            if len(keys) > 1 and st.value != 0:
                unsure.update(keys)
                continue
            for k in keys:
                said.setdefault(k, (st.value, cell, li))
    # a row's total stated: its applicants' columns (the row rule's parts) its column named alone, else unsure
    sums = _row_sum_columns(table)
    if sums is not None:
        total_col, parts = sums
        for row in table.rows:
            keys = [k for k, _ in _row_keys(table, row)]
            if keys[total_col] not in said or any(keys[j] in said for j in parts):
                continue
            value, cell, li = said[keys[total_col]]
            for j in parts:
                if value == 0:
                    said[keys[j]] = (0, cell, li)
                elif sole is not None and keys[j].endswith("." + sole):
                    said[keys[j]] = (value, cell, li)
                elif sole is None:
                    unsure.add(keys[j])
    # sums none states: their parts' (the template's equations of one term a side)
    for _ in range(2):
        for left, right in _one_term_sums(table):
            if left in said or left in unsure:
                continue
            if any(k in unsure for k in right):
                unsure.add(left)
                continue
            got = [said[k] for k in right if k in said]
            if got and (total := sum(v for v, _, _ in got)):
                said[left] = (total, got[0][1], got[0][2])
    out: dict[str, Token] = {}
    for k, (value, cell, li) in said.items():
        out[k] = _stated_value(cell, value, li)
    return out, unsure - said.keys()


@cache
def _one_term_sums(table: Table) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``table``'s equations (formats.toml's rules ``each`` column or row) whose left side is one term: (its key,
    its parts' keys) for each column (or row) — (七)总计 the outcomes' sum, 总计 the applicants'."""
    out: list[tuple[str, tuple[str, ...]]] = []
    outcome = [row.key for row in table.rows if row.outcome]
    for rule in spec().rules.values():
        if rule.table != table.id or not rule.each or len(rule.left) != 1:
            continue
        if rule.each == "column":
            right = [x for n in rule.right for x in (outcome if n == "@outcome" else [n])]
            for c in table.columns:
                out.append((f"{table.id}.{rule.left[0]}.{c.key}", tuple(f"{table.id}.{r}.{c.key}" for r in right)))
        else:
            for row in table.rows:
                cols = {c.key for c in row.columns}
                if rule.left[0] in cols:
                    parts = tuple(f"{table.id}.{row.key}.{c}" for c in rule.right if c in cols)
                    out.append((f"{table.id}.{row.key}.{rule.left[0]}", parts))
    return tuple(out)


def _denied_keys(text: str, year: int | None) -> set[str]:
    """The keys a line's sentences deny (formats.toml's negations, :func:`ogi.extract.narrative.statements`:
    未发生行政复议 → t4.review.total is 0), of the report's year (``year``) or none named, without hedging."""
    from ogi.extract.narrative import denies, statements

    if not denies(text):
        return set()

    return {
        k
        for st in statements(text.replace(" ", ""), [], year)
        if st.value == 0 and not st.hedged and st.year in (None, year) and st.measure in _negation_ids()
        for k in st.keys
    }


@cache
def _negation_ids() -> frozenset[str]:
    """The ids of formats.toml's negations (sentences saying nothing happened)."""
    return frozenset(n.id for n in spec().negations)


@cache
def _named_pattern(table: Table) -> re.Pattern[str] | None:
    """:data:`_NAMED_VALUE` for ``table``'s columns' names (:func:`names_of_column`, the longest first)."""
    from ogi.template.text import CN_COUNT_CHARS

    names = _printed_names(table)
    if not names:
        return None
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(_NAMED_VALUE.format(names=alts, numerals=CN_COUNT_CHARS + "零〇两"))


# characters a card's title (a row's label on a line of its own) may have
_CARD_TITLE = 64


@cache
def _printed_names(table: Table) -> frozenset[str]:
    """Every name of ``table``'s columns as a text may print it (:func:`names_of_column`)."""
    return frozenset(n for r in table.rows for c in r.columns for n in names_of_column(c))


_CARD_LINES = 3  # lines of one token a card needs at least: its title, a column's name, its value


def _named_on_lines(table: Table, toks: list[Token]) -> set[int]:
    """Of a table, the tokens of cards: a row's label alone (the card's title, not one of a list of labels), then
    each of the row's columns' names on a line of its own with its value on the next (自然人 / 0 / 商业企业 / 0 / … —
    a WeChat editor's), as many as the row's columns: the names and values, left to :meth:`_Reader.named_rows`,
    which reads them by their names (read as runs, each name a label, every value went to another row). Labels
    listed before columns printed a column at a time (行政许可 / 行政处罚 / 行政强制 / 本年处理决定数量 / 3416 / …) are
    no card's."""
    names = _column_names_alone(table)
    # (the tokens a card's pair may open with: its column's name, text; most tables' only in their headers)
    named = [i for i, t in enumerate(toks) if t.text in names and i and t.kind == TEXT]
    if not named:
        return set()
    n = len(toks)

    def alone(k: int) -> bool:  # (the token alone on its line: tokens come in line order)
        line = toks[k].line
        return (k == 0 or toks[k - 1].line != line) and (k + 1 >= n or toks[k + 1].line != line)

    def pair(i: int) -> bool:
        if i + 1 >= n:
            return False
        t, v = toks[i], toks[i + 1]
        return (
            t.kind == TEXT
            and t.text in names
            and v.kind != TEXT
            and v.line == t.line + 1
            and alone(i)
            and alone(i + 1)
            and (i + 2 >= n or toks[i + 2].kind == TEXT)
        )

    out: set[int] = set()
    for s in named:  # (a pair opens with a column's name: :func:`pair`)
        title = toks[s - 1]
        if title.kind != TEXT or not alone(s - 1) or not pair(s):
            continue
        if s >= 2 and toks[s - 2].kind == TEXT and match_row(toks[s - 2].text, table) is not None:
            continue  # (a list of labels: columns printed a column at a time)
        row = match_row(title.text, table)
        if row is None:
            continue
        k = 0
        while pair(s + 2 * k):
            k += 1
        if k == len(row.columns):
            out.update(range(s, s + 2 * k))
    return out


@cache
def _column_names_alone(table: Table) -> frozenset[str]:
    """The label keys of ``table``'s columns' names (:func:`_printed_names`): a line that is one of them alone."""
    return frozenset(map(label_key, _printed_names(table)))


def names_of_column(col: Column) -> tuple[str, ...]:
    """A column's names as a text may print them: its label, its variants, the label before its unit's
    brackets (本年收费金额(单位:万元): 本年收费金额)."""
    names = [col.label, *col.variants]
    names += [n.split("(")[0] for n in names if "(" in n]
    # (and without its 件数 or 数量 where words are left: 本年制发0件, 现行有效23件)
    names += [n[: -len(end)] for n in names for end in ("件数", "数量") if n.endswith(end) and len(n) - len(end) >= 4]
    return tuple(dict.fromkeys(n.replace(" ", "") for n in names if n.replace(" ", "")))


def named_column(row: Row, name: str) -> int | None:
    """The index of ``row``'s column named ``name`` (:func:`names_of_column`), if any."""
    return next((j for j, c in enumerate(row.columns) if name in names_of_column(c)), None)


def named_row(prefix: str, table: Table) -> Row | None:
    """The row of ``table`` the text before a row's named values names: by its signs (:func:`match_row`), else
    the row whose label or short label, whole, ends last in it (table 4's 行政复议, 行政诉讼未经复议直接起诉)."""
    key = label_key(prefix)
    row = match_row(key, table)
    if row is not None:
        return row
    best: tuple[int, int, Row] | None = None
    for r in (*table.rows, *table.deviations):
        for n in {label_key(r.label), label_key(r.short or "")} - {""}:
            at = key.rfind(n)
            if at >= 0 and (best is None or (at + len(n), len(n)) > best[:2]):
                best = (at + len(n), len(n), r)
    return best[2] if best is not None else None


def _digits(text: str) -> int:
    """How many digits ``text`` holds."""
    return sum(ch.isdigit() for ch in text)


def _summed_rows(r: TableReading, tpl: Template) -> None:
    """A row of the format that several of its deviations stand for together (a 2019 table printing the
    2021 format's three rows of (六)其他处理: ``stands_for`` the one row each), not printed itself and every
    one of them read: its values are their sums, each where the first of them stood (``placed`` "sum"),
    and ``r.summed`` says which rows were summed (cells.other_format). Rows with a value unread stay
    unread (None)."""
    for table in tpl.tables:
        parts: dict[str, list[Row]] = {}
        for dev in table.deviations:
            if len(dev.stands_for) == 1:
                parts.setdefault(dev.stands_for[0], []).append(dev)
        for target, devs in parts.items():
            if len(devs) < 2:
                continue
            row = table.row(target)
            keys = [f"{table.id}.{target}.{c.key}" for c in row.columns]
            if any(r.cells.get(k) is not None for k in keys):
                continue
            printed = [d for d in devs if any(f"{table.id}.{d.key}.{c.key}" in r.extras for c in d.columns)]
            if len(printed) != len(devs):
                continue
            for k, c in zip(keys, row.columns, strict=True):
                values = [r.extras.get(f"{table.id}.{d.key}.{c.key}") for d in devs]
                if any(v is None for v in values):
                    continue
                r.cells[k] = sum(values)  # type: ignore[arg-type]
                first = r.extras_where.get(f"{table.id}.{devs[0].key}.{c.key}")
                if first is not None:
                    r.where[k] = replace(first, placed="sum")
            r.summed[f"{table.id}.{target}"] = [f"{table.id}.{d.key}" for d in devs]


# a caption of another year's table printed for comparison (表3-2 上年（2023年度）…情况（对比参考）): the year
# before named (上年, 上一年度, 去年: not 上年结转, a row of this year's), or words of a comparison
_OTHER_YEAR = re.compile(r"上一?年(?!度?结转)|去年|对比|非本年")
_YEAR_NAMED = re.compile(r"(20\d\d)年")


def _before_other_year(lines: list[Line], start: int, end: int, year: int) -> int:
    """The end of a table's region ``[start, end)`` before a second table of another year's figures printed
    after it for comparison: the first line of prose, after a line of the table's values, that is a caption
    naming the year before or another year than the report's ``year`` (表3-2 上年（2023年度）收到和处理…情况,
    为便于对比，列出上年同口径数据如下): the rows read again after it are no copy of the table (no
    table.duplicate). ``end`` where there is none. (Looked for only where rows were read twice.)"""
    valued = False
    for i in range(start, end):
        ln = lines[i]
        cells = ln.cells
        if not valued:
            valued = ln.grid is not None and any(c.text[:1].isdigit() for c in cells[1:])
            valued = valued or (ln.grid is None and len(cells) > 2 and cells[-1].text[:1].isdigit())
            continue
        if ln.grid is not None or len(cells) != 1:
            continue
        t = cells[0].text
        if len(t) > 80 or "结转" in t:
            continue
        other = _OTHER_YEAR.search(t) is not None or any(int(y) != year for y in _YEAR_NAMED.findall(t))
        if other and ("表" in t or "情况" in t or "数据" in t):
            return i
    return end


def _other_year_grids(lines: list[Line], start: int, end: int, year: int) -> set[int]:
    """The lines of the grids in ``[start, end)`` captioned with another year than the report's ``year``
    (their first row's one text: 2024年度（上年）), where a grid there is captioned otherwise (2025年度, or
    not at all): another year's table printed beside the report's (a workbook's sheet, last year's on the
    left) — none of its figures. Empty where there is no such grid, or no other."""
    if len({ln.grid for ln in lines[start:end]} - {None}) < 2:
        return set()
    grids: dict[int, list[int]] = {}
    for i in range(start, end):
        if (g := lines[i].grid) is not None:
            grids.setdefault(g, []).append(i)
    other: set[int] = set()
    mine = False
    for g, at in grids.items():
        first = at[0]
        while first > 0 and lines[first - 1].grid == g:  # (the caption may stand before the region's start)
            first -= 1
        texts = [c.text for c in lines[first].cells if c.text.strip()]
        caption = texts[0] if len(texts) == 1 else ""
        named = [int(y) for y in _YEAR_NAMED.findall(caption)]
        if caption and (_OTHER_YEAR.search(caption) or (named and year not in named)):
            other.update(at)
        else:
            mine = True
    return other if mine else set()


# a word or cell of marks, no word of a label's (▇■, ??, ***: ink a value was printed in, past reading)
_INK = re.compile(r"[^\w\u4e00-\u9fff（）()、.．:：]+")


# the headings of a column of this year's figures, and of another year's or of the change between them, that a table
# comparing the years prints (本年 | 上年 under each applicant; 上年数 | 本年数 | 同比增减 | 增幅（%）): with the
# columns the template knows tables add after their last (formats.toml's after_columns)
_THIS_YEAR_HEADS = frozenset({"本年", "本年数", "今年", "当年", "本年度", "本期"})
_OTHER_YEAR_HEADS = frozenset(
    {
        "上年",
        "上年数",
        "去年",
        "上年度",
        "同期",
        "上期",
        "同比",
        "增减",
        "增减数",
        "增幅",
        "增幅(%)",
        "增长率",
        "增长率(%)",
        "同比增长",
        "同比增幅",
        "同比(%)",
        "增减(%)",
    }
) | {label_key(h) for tpl in templates() for t in tpl.tables for h in t.after_columns}  # (上年同期, 同比增减 …)
_YEAR_HEADS = _THIS_YEAR_HEADS | _OTHER_YEAR_HEADS


def _this_years_columns(toks: list[Token], year: int | None) -> list[Token]:
    """A table comparing the years, its columns headed this year's and last year's (本年 | 上年 under each
    applicant; 上年数 | 本年数 | 同比增减 | 增幅（%） in table 2) or by the years (2023年 | 2022年): the values
    and blanks under the other years' and the changes' headings left out, the report's year's kept — each line
    of headings naming both saying so for the rows after it (by grid column, or a pipe row's cell) until a line
    of headings naming neither; and a row labelled another year's or the change (上年 | 0 | 1 …, 同比增减 | +2 …)."""
    this = set(_THIS_YEAR_HEADS) | ({f"{year}年", f"{year}年度"} if year else set())
    other = set(_OTHER_YEAR_HEADS) | ({f"{year - 1}年", f"{year - 1}年度"} if year else set())
    by_line: dict[int, list[Token]] = {}
    for t in toks:
        by_line.setdefault(t.line, []).append(t)
    drop: set[int] = set()  # the places (grid columns, else cells of a line) under another year's heading
    dropped: set[int] = set()  # ids of the tokens left out
    for line_toks in by_line.values():
        places = _grid_places(line_toks)
        if all(t.kind == TEXT or not t.text for t in line_toks):  # a line of headings
            heads = {p: t.text for p, t in zip(places, line_toks, strict=True) if t.kind == TEXT}
            if any(h in this for h in heads.values()) and any(h in other for h in heads.values()):
                drop = {p for p, h in heads.items() if h in other}
            elif len(heads) >= 2 and not any(h in this or h in other for h in heads.values()):
                drop = set()  # (a new table's headings, or a group's: the years' columns end)
            continue
        lead = next((t for t in line_toks if t.text), None)
        if lead is not None and lead.kind == TEXT and lead.text in other:  # a row of another year's or the change's
            dropped.update(id(t) for t in line_toks if t.kind != TEXT)  # (上年 | 0 | 1 …, 同比增减 | +2 …)
        elif drop:
            dropped.update(id(t) for p, t in zip(places, line_toks, strict=True) if p in drop and t.kind != TEXT)
    return [t for t in toks if id(t) not in dropped] if dropped else toks


def _labelled_doubts(r: TableReading, tpl: Template, doc: Document, regions: dict[str, tuple[int, int]]) -> None:
    """A row of a table found none of whose values was read, its own label printed in the table's region (a
    line holding it whole: 2.其他法律行政法规禁止公开, its values garbled past reading): the row is printed —
    its values in doubt (``labelled``), not cells.missing, which says the source lacks it. A row printed
    under another's label only (a 2021 table's undivided (六)其他处理) stays missing."""
    for table in tpl.tables:
        if table.id not in r.tables_found or table.id not in regions:
            continue
        unread = [
            row
            for row in table.rows
            if all(
                r.cells.get(k) is None and k not in r.doubts
                for k in (f"{table.id}.{row.key}.{c.key}" for c in row.columns)
            )
        ]
        if not unread:
            continue
        start, end = regions[table.id]
        text = label_key("".join(ln.text for ln in doc.lines[start:end]))
        for row in unread:
            if label_key(row.label) in text:
                for c in row.columns:
                    r.doubts[f"{table.id}.{row.key}.{c.key}"] = Doubt.LABELLED


def _unfound_doubts(r: TableReading, tpl: Template, doc: Document) -> None:
    """Read from images: a value not found in a table read may be in the source, lost by the OCR:
    doubt (``unfound``), not cells.missing (a table not found at all stays missing)."""
    if None in r.cells.values() and any(c.confidence is not None for ln in doc.lines for c in ln.cells):
        for k, v in r.cells.items():
            if v is None and tpl.keys[k].table.id in r.tables_found:
                r.doubts.setdefault(k, Doubt.UNFOUND)
