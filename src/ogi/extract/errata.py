"""A report's own errata (勘误表): the values it corrects, read as corrected.

A report republished with a table of corrections after it (勘误表, 更正说明 as a table: 位置 | 原数据 |
更正后数据, a row a cell: 表三 一、本年新收政府信息公开申请数量 自然人 | 37 | 28) stands as corrected: each
cell its rows name (the table by 表二/表三/表四, the row by its label, the column by its name at the
position's end; a row of one column needs none) that was read as the old value is the new one, its place
the correction's (``placed`` "errata"), said as ``cells.corrected`` (info). A cell read as neither value
is left as read (the correction does not say what it was printed as); an errata row naming no cell of the
template is passed over.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ogi.extract.tables import TableReading, match_row, named_column, named_row, names_of_column
from ogi.extract.tokens import VALUE, parse_value
from ogi.model import Document, Where
from ogi.normalize import label_key
from ogi.template import Table, Template

# a header cell of an errata table: the value as first printed, and as corrected
_OLD = re.compile(r"原数据|原数值|原值|原为|更正前|原报告|原内容|错误")
_NEW = re.compile(r"更正后|更正为|更正数据|修改后|应为|正确|现数据")
_TABLE = re.compile(r"表\s*([二三四2-4])")
_TABLE_IDS = {"二": "t2", "三": "t3", "四": "t4", "2": "t2", "3": "t3", "4": "t4"}


def apply_errata(doc: Document, tpl: Template, r: TableReading) -> None:
    """Correct ``r`` in place by the errata tables of ``doc`` (see the module): the cells corrected in
    ``r.corrected`` (key → the value read before, where it stood)."""
    lines = doc.lines
    i = 0
    while i < len(lines):
        ln = lines[i]
        texts = [c.text.strip() for c in ln.cells]
        if ln.grid is None or len(texts) < 3:
            i += 1
            continue
        old = next((j for j, t in enumerate(texts) if _OLD.search(t) and len(t) <= 12), None)
        new = next((j for j, t in enumerate(texts) if _NEW.search(t) and len(t) <= 12), None)
        if old is None or new is None or old == new:
            i += 1
            continue
        grid = ln.grid
        i += 1
        while i < len(lines) and lines[i].grid == grid:
            row = lines[i].cells
            i += 1
            if max(old, new) >= len(row):
                continue
            said = " ".join(c.text for k, c in enumerate(row) if k not in (old, new) and not c.text.strip().isdigit())
            key = _key_of(said, tpl)
            if key is None:
                continue
            was, now = parse_value(row[old].text), parse_value(row[new].text)
            if was[0] != VALUE or now[0] != VALUE or now[1] is None:
                continue
            if r.cells.get(key) == was[1] and was[1] != now[1]:
                before = r.where.get(key)
                r.corrected[key] = (r.cells[key], before if before is not None else Where())
                r.cells[key] = now[1]
                r.where[key] = replace(row[new].where, placed="errata")
                r.doubts.pop(key, None)
                if key in r.blanks:
                    r.blanks.remove(key)


def _key_of(said: str, tpl: Template) -> str | None:
    """The key of the cell an errata row's position names (表三 一、本年新收政府信息公开申请数量 自然人), if
    one: its table (else the first whose row it names), its row, its column (named at its end; a row of
    one column needs none)."""
    m = _TABLE.search(said)
    ids = {t.id for t in tpl.tables}
    tables: list[Table] = (
        [tpl.table(_TABLE_IDS[m.group(1)])] if m and _TABLE_IDS[m.group(1)] in ids else list(tpl.tables)
    )
    text = _TABLE.sub("", said).strip()
    words = text.split()
    for table in tables:
        if table.layout == "one_line" or not words:
            row = named_row(text, table) if table.layout == "one_line" else None
        else:
            row = match_row(label_key(" ".join(words[:-1]) or text), table) or match_row(label_key(text), table)
        if row is None:
            continue
        last = label_key(words[-1]) if words else ""
        j = named_column(row, last) if last else None
        if j is None and last:  # a name holding the column's (本年处理决定数量 for 处理决定数量): the longest held
            held = [(len(n), k) for k, c in enumerate(row.columns) for n in names_of_column(c) if n in last]
            j = max(held)[1] if held else None
        if j is None and len(row.columns) == 1:
            j = 0
        if j is not None:
            return f"{table.id}.{row.key}.{row.columns[j].key}"
    return None


__all__ = ["apply_errata"]
