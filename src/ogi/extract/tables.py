"""Reading the three tables: every value of the template, with where it stood.

Within a table's region the cells form a stream of label text, values and
blanks (:mod:`ogi.extract.tokens`). A run of values belongs to the row whose
label signs (from the template data) occur in the text before it; when signs of
several rows occur, the one ending last wins. This one rule reads a table
whatever its layout: one row per line, one cell per line, tab- or
pipe-separated, labels wrapped over lines or interleaved with vertical text as
PDF text layers give them. Table 4's fifteen values are read as one row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ogi.extract.tokens import BLANK, TEXT, VALUE, Token, tokens_of
from ogi.model import Document, Where
from ogi.template import Column, Row, Table, Template

# Only the tail of the text before a run is its label (headers and wrapped
# remnants of the previous label come before it).
LABEL_WINDOW = 64


@dataclass(slots=True)
class Duplicate:
    key: str
    first: int | float | None
    second: int | float | None
    where: Where


@dataclass(slots=True)
class TableReading:
    cells: dict[str, int | float | None]
    where: dict[str, Where] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    blanks: list[str] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    extras: dict[str, int | float | None] = field(default_factory=dict)
    extras_where: dict[str, Where] = field(default_factory=dict)
    tables_found: set[str] = field(default_factory=set)


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


def _trim(run: list[Token], expected: int) -> list[Token]:
    while len(run) > expected and run[-1].kind == BLANK:
        run = run[:-1]
    while len(run) > expected and run[0].kind == BLANK:
        run = run[1:]
    return run


def _runs(tokens: list[Token]) -> list[tuple[list[Token], list[Token]]]:
    """Split a token stream into (label tokens, value run) pairs."""
    out: list[tuple[list[Token], list[Token]]] = []
    label: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        if t.kind == TEXT:
            label.append(t)
            i += 1
            continue
        j = i + 1
        # A run ends at label text, and at the end of a PDF text line.
        while j < n and tokens[j].kind != TEXT and not tokens[j].first:
            j += 1
        out.append((label, tokens[i:j]))
        label = []
        i = j
    if label:
        out.append((label, []))
    return out


class _Reader:
    def __init__(self, tpl: Template) -> None:
        self.tpl = tpl
        self.r = TableReading(cells=dict.fromkeys(tpl.keys))

    def put(self, table: Table, row: Row, toks: list[Token], label: str) -> None:
        r = self.r
        keyed = _row_keys(table, row)
        is_extra = row in table.deviations
        target = r.extras if is_extra else r.cells
        where = r.extras_where if is_extra else r.where
        value = self.value
        if keyed[0][0] in where:
            for (k, c), t in zip(keyed, toks, strict=False):
                r.duplicates.append(Duplicate(k, target.get(k), value(c, t, label), t.where))
            return
        for (k, c), t in zip(keyed, toks, strict=False):
            if t.kind == VALUE and c.unit is None and type(t.value) is int:
                target[k] = t.value  # the common case: a count
            else:
                target[k] = value(c, t, label)
            where[k] = t.cell.where
            if t.kind == BLANK and not is_extra:
                r.blanks.append(k)
            if t.cell.confidence is not None and not is_extra:  # confidence of template cells only
                r.confidence[k] = t.cell.confidence
        r.tables_found.add(table.id)

    @staticmethod
    def value(col: Column, t: Token, label: str) -> int | float | None:
        if t.kind == BLANK:
            return 0
        v = t.value
        if v is None:
            return None
        if col.unit == "元" and (t.unit == "万元" or (t.unit is None and "万元" in label)):
            v = round(v * 10000, 6)
        elif col.unit == "万元" and t.unit == "元":
            v = round(v / 10000, 6)
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return v

    def taken(self, table: Table, row: Row) -> bool:
        where = self.r.extras_where if row in table.deviations else self.r.where
        return _row_keys(table, row)[0][0] in where

    @staticmethod
    def fits(row: Row, run: list[Token], width: int) -> bool:
        """Whether a run of values can be this row's (its count, blanks trimmed)."""
        n = len(row.columns)
        return width == n or (width < n and len(run) >= n)

    def order(self, table: Table, row: Row) -> int:
        return table.rows.index(row) if row in table.rows else len(table.rows)

    def next_row(self, table: Table) -> Row | None:
        """The first empty row after the last row read, in template order."""
        last = -1
        for i, r in enumerate(table.rows):
            if self.taken(table, r):
                last = i
        for r in table.rows[last + 1 :]:
            if not self.taken(table, r):
                return r
        return None

    def read_rows(self, table: Table, tokens: list[Token]) -> None:
        """Give each value run to a row.

        The row is the one whose sign ends last in the text before the run. When
        that row already has its values (or no row is named), and the text after
        the run names a row still empty, the run is that row's: PDF text layers
        print a row's values before its label when the label wraps.
        """
        items = _runs(tokens)
        pending: list[Token] = []
        seen_values = False  # header filler comes before the first row with values
        for idx, (label_toks, run) in enumerate(items):
            pending.extend(label_toks)
            if not run:
                continue
            has_value = any(t.kind == VALUE for t in run)
            label = "".join(t.text for t in pending)[-LABEL_WINDOW:]
            before = match_row(label, table)
            row = before
            if (row is None or self.taken(table, row)) and has_value:
                after_text = "".join(t.text for t in items[idx + 1][0])[:LABEL_WINDOW] if idx + 1 < len(items) else ""
                # Only rows the run fits: a duplicated 3-value row is not the 1-value row after it.
                width = len(_trim(run, 0)) if run else 0
                after = [
                    (e, r)
                    for e, r in _candidates(after_text, table)
                    if not self.taken(table, r) and self.fits(r, run, width)
                ]
                nxt = self.next_row(table)
                if nxt is not None and not self.fits(nxt, run, width):
                    nxt = None
                if after:
                    # the earliest-named row after the run
                    row = min(after, key=lambda x: (x[0][0] - x[0][1], -x[0][1]))[1]
                if (
                    nxt is not None
                    and label
                    and row is not nxt
                    and (row is None or self.order(table, row) > self.order(table, nxt))
                ):
                    # A label wrapped so that no sign survives whole: the next row in template order.
                    row = nxt
            if row is None:
                if has_value:
                    pending = []
                continue
            expected = len(row.columns)
            run = _trim(run, expected)
            if not has_value and (len(run) < expected or not seen_values):
                continue  # filler between header or label cells
            if expected >= 3 and len(run) <= expected // 2:
                pending = []
                continue  # a stray number (prose, page number), not this row
            self.put(table, row, run[:expected], label)
            seen_values = seen_values or has_value
            pending = []

    def read_one_line(self, table: Table, tokens: list[Token]) -> None:
        width = sum(len(r.columns) for r in table.rows)
        runs = []
        padded = []  # runs holding the whole row only with their blank cells (a grid's empty cells are real)
        for _, run in _runs(tokens):
            full = _trim(run, width)
            if len(full) == width and any(t.kind == VALUE for t in full):
                padded.append(full)
            while run and run[-1].kind == BLANK:
                run = run[:-1]
            while run and run[0].kind == BLANK:
                run = run[1:]
            if any(t.kind == VALUE for t in run):
                runs.append(run)
        chosen: list[Token] = []
        whole = [r for r in runs if len(r) >= width] + padded
        if whole:
            chosen = whole[0]
        else:
            for run in runs:
                chosen.extend(run)
                if len(chosen) >= width:
                    break
        i = 0
        for row in table.rows:
            n = len(row.columns)
            part = chosen[i : i + n]
            i += n
            if part:
                self.put(table, row, part, "")


def read_tables(
    doc: Document, tpl: Template, regions: dict[str, tuple[int, int]], split_words: bool = True
) -> TableReading:
    reader = _Reader(tpl)
    for table in tpl.tables:
        if table.id not in regions:
            continue
        start, end = regions[table.id]
        toks = tokens_of(doc.lines, start, end, split_words)
        if table.layout == "one_line":
            reader.read_one_line(table, toks)
        else:
            reader.read_rows(table, toks)
    return reader.r
