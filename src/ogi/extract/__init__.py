"""Extract: a normalized document → values, provenance, metadata, sections, prose figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ogi.extract.errata import apply_errata
from ogi.extract.meta import (
    Meta,
    choose_template,
    find_agency,
    find_period,
    find_published,
    find_region,
    find_signed,
    find_title,
    find_year_where,
    layout_template,
    look_alike,
    read_by_ocr,
    standard_department,
)
from ogi.extract.narrative import StatedRate, Statement, may_state, stated_rates, statements
from ogi.extract.sections import Sections, current_version, find_sections, table_regions
from ogi.extract.tables import TableReading, read_tables
from ogi.extract.tokens import is_note
from ogi.ingest.decode import LOST_HERE
from ogi.model import CUT_SHORT, SCRIPTED, Document, Doubt, Where
from ogi.template import Table, Template, spec

__all__ = ["Extraction", "extract"]


@dataclass(slots=True)
class Extraction:
    meta: Meta
    sections: Sections
    regions: dict[str, tuple[int, int]]
    tables: TableReading
    statements: list[Statement]
    # tables not found with pictures standing in their sections (a table printed as a picture): table id →
    # the pictures' numbers (:func:`pictured_tables`); their values are in doubt (Doubt.PICTURE)
    pictured: dict[str, list[int]] = field(default_factory=dict)
    rates: list[StatedRate] = field(default_factory=list)  # rates the prose states (申请公开率…为47.2%)


# characters lost that may have held a whole table (its heading and values): fewer, and a table not found is missing
_LOST_TABLE = 10
# numbers apart by spaces, three or more: a table's row (its values), run on into a sentence in a page's
# text run together ("…尚未审结总计0 4 2 3 9 …含通过政务服务网提交的申请。")
_ROW_OF_NUMBERS = re.compile(r"\d\S{0,3}\s+\d\S{0,3}\s+\d")


def extract(doc: Document) -> Extraction:
    """The extract stage: from a normalized document, its metadata (organ, year, format, publication
    date, statistics period), its sections, the tables' cells with where each stood
    (:func:`ogi.extract.tables.read_tables`) and the figures its prose states. Raises nothing for
    what a report lacks: a value not found is None (the check stage says cells.missing). Picks the
    template by the layout and year (:func:`choose_template`): ``meta.template`` is always set."""
    line_texts = [ln.text for ln in doc.lines]
    sections = find_sections(doc, line_texts)
    begin = 0  # where the report begins (a void version of it printed first: after that)
    if sections.again is not None and (version := current_version(doc, line_texts, sections)) is not None:
        sections, begin = version  # two versions of the report, their titles saying which stands
    meta = Meta()
    title = find_title(doc)
    overview = sections.texts.get(spec().section_id("overview"))
    meta.year, meta.year_sources, meta.year_where = find_year_where(doc, overview, title, line_texts)
    meta.layout_template = layout_template(doc, line_texts)
    meta.template, meta.template_by = choose_template(meta.layout_template, meta.year)
    meta.agency = find_agency(doc, title, meta.from_file_name)
    if "filename" in meta.year_sources:
        meta.from_file_name.append("year")
    if meta.agency and read_by_ocr(doc) and (standard := standard_department(meta.agency)):
        meta.agency_read, meta.agency = meta.agency, standard  # said as doubt: agency.uncertain
    meta.region = find_region(meta.agency)
    meta.published = find_published(doc, meta.year, line_texts, sections.end)
    meta.period = find_period(doc, line_texts)
    meta.signed = find_signed(doc, meta.year, line_texts, sections.end)
    meta.other_kind = look_alike(doc, title, len(sections.starts))
    regions = table_regions(doc, sections, meta.template)
    again: dict[str, tuple[int, int]] = {}
    if (at := sections.again) is not None:  # the report printed again: its tables read as second copies
        copy = Document(doc.source, doc.lines[at:])
        found = table_regions(copy, find_sections(copy, line_texts[at:]), meta.template)
        again = {tid: (at + s, at + e) for tid, (s, e) in found.items()}
    tables = read_tables(doc, meta.template, regions, again=again, year=meta.year)
    if "勘误" in (text := "\n".join(line_texts)) or "更正" in text:  # (the report's own errata: as corrected)
        apply_errata(doc, meta.template, tables)
    # Prose: every line outside the table regions that is not a table row; inside them, the sentences
    # about figures (§四's own "本年度发生政府信息公开行政复议案件2件。" above its table).
    outside = [True] * len(doc.lines)
    # past the report's own text (a page's links, a reading of another year's figures, a notice's next attachment):
    # no prose of the report; its tables printed there (附表) are read as tables still
    past = sections.end if sections.end is not None else len(doc.lines)
    for s, e in [*regions.values(), *again.values()]:
        outside[s:e] = [False] * (e - s)
    parts: list[str] = []
    anchors: list[tuple[int, Where]] = []
    pos = 0
    headings = set(sections.starts.values())
    for i, ln in enumerate(doc.lines):
        if ln.grid is not None:
            continue
        t = line_texts[i]
        if (i >= past or i < begin) and outside[i]:
            continue
        if not outside[i] and (not may_state(t) or is_note(ln) or _ROW_OF_NUMBERS.search(t)):
            continue  # (a note under a table, （注：…含修订4件。）, says what a value holds; a row of values is none)
        t = t.replace(" ", "")
        if i in headings and not _FIGURES.search(t):  # a section's heading alone: no clause of the line after it
            t += "。"
        anchors.append((pos, ln.cells[0].where))
        parts.append(t)
        pos += len(t)
    prose = "".join(parts)
    if cut_short(
        doc, sections, regions, tables.tables_found
    ):  # values not found where the input ends part way: doubt, not missing
        _cut_row(doc, meta.template, tables)
        for k, v in tables.cells.items():
            if v is None:
                tables.doubts[k] = Doubt.CUT  # (whatever else its row's reading doubted)
    if doc.lost:  # characters the decoding lost (bytes broken, mojibake's): a value not found may stand there —
        # in a table whose lines lost some, or a table not found where enough were lost to have held it
        hit = {tid for tid, (s, e) in regions.items() if any(LOST_HERE.search(t) for t in line_texts[s:e])}
        for k, v in tables.cells.items():
            if v is None and (
                (tid := meta.template.keys[k].table.id) in hit or (tid not in regions and doc.lost >= _LOST_TABLE)
            ):
                tables.doubts.setdefault(k, Doubt.LOST)
    pictured = pictured_tables(doc, sections, tables, meta.template) if doc.pictures else {}
    for tid in pictured:  # a table printed as a picture, not read: doubt, not cells.missing
        for k, key in meta.template.keys.items():
            if key.table.id == tid and tables.cells.get(k) is None:
                tables.doubts.setdefault(k, Doubt.PICTURE)
    if len(tables.tables_found) < len(meta.template.tables):
        for tid in elsewhere_tables(doc, sections, tables, meta.template, line_texts):
            for k, key in meta.template.keys.items():  # printed in a file or on a page not held: doubt, not missing
                if key.table.id == tid and tables.cells.get(k) is None:
                    tables.doubts.setdefault(k, Doubt.ELSEWHERE)
    said = statements(prose, anchors, meta.year)
    return Extraction(meta, sections, regions, tables, said, pictured, stated_rates(prose, anchors, meta.year))


_FIGURES = re.compile(r"\d+")


def _cut_row(doc: Document, tpl: Template, tables: TableReading) -> None:
    """The row an input cut short ends in (its last line's), in place: the values it printed are its first
    columns', in the order printed (the others cut off: no blanks, not read) — not the columns a short row's
    reading guessed."""
    last = {(c.where.line, c.where.table, c.where.row) for c in doc.lines[-1].cells}
    rows: dict[str, list[str]] = {}
    for k, w in tables.where.items():
        if (w.line, w.table, w.row) in last and k in tpl.keys:
            rows.setdefault(k.rsplit(".", 1)[0], []).append(k)
    for prefix, keys in rows.items():
        order = [k for k in tpl.keys if k.startswith(prefix + ".") and k.count(".") == prefix.count(".") + 1]
        shown = [k for k in keys if k not in tables.blanks]
        shown.sort(key=lambda k: (tables.where[k].col or 0, (tables.where[k].chars or (0, 0))[0]))
        got = [(tables.cells[k], tables.where[k]) for k in shown]
        for k in order:
            if k in tables.blanks:
                tables.blanks.remove(k)
            tables.cells[k] = None
            tables.where.pop(k, None)
            tables.doubts.pop(k, None)
        for k, (v, w) in zip(order, got, strict=False):
            tables.cells[k], tables.where[k] = v, w


def cut_short(doc: Document, sections: Sections, regions: dict[str, tuple[int, int]], found: set[str]) -> bool:
    """Whether the input ends part way (a download cut short, a file truncated): its ingester said so
    (:data:`ogi.model.CUT_SHORT`), or its last line — no sentence's end — is a table's row (a grid's, or
    figures) in a table's region, a line of the region of a table not ``found`` (its header), or a table's
    section's heading, with the sections after the tables (五, 六) not there: what it does not hold may be
    in the source."""
    if CUT_SHORT in doc.notes:
        return True
    ids = [s.id for s in spec().sections]
    if not doc.lines or ids[0] not in sections.starts or any(sid in sections.starts for sid in ids[4:]):
        return False  # (a report begun and not finished: its first section there, those after the tables not)
    last = len(doc.lines) - 1
    if last in sections.starts.values():  # (a table's section's heading, nothing after it)
        return True
    ln = doc.lines[-1]
    text = ln.text.rstrip()
    if text.endswith(("。", "；", ";")):  # (a sentence ended: the report's own text, however short)
        return False
    # a table's row (a grid's, or figures), or any line of a table's region before it is found (its header)
    row = ln.grid is not None or len(_FIGURES.findall(text)) >= 2
    return any(s <= last < e and (row or tid not in found) for tid, (s, e) in regions.items())


# what says a table is in another file or on another page than the one held: an attachment (详见附件, 附表一, a
# spreadsheet's or a document's file named), a page of several (第2页 共3页, 下一页)
_ELSEWHERE = re.compile(r"详见附件|见附件|详见附表|见附表|附件[:：]|\.(?:xlsx?|et|pdf|docx?|wps)(?![A-Za-z])")
_PAGED = re.compile(r"第\s*\d+\s*页\s*[/，,、]?\s*共\s*\d+\s*页|上一页|下一页")


def one_page_of_several(line_texts: list[str]) -> bool:
    """Whether the input is one page of several (a report paginated across web pages: 第1页 共3页, 上一页, 下一页)."""
    return any(_PAGED.search(t) for t in line_texts)


def elsewhere_tables(
    doc: Document, sections: Sections, tables: TableReading, tpl: Template, line_texts: list[str]
) -> list[str]:
    """The tables of ``tpl`` not found that the input says are elsewhere: its section names an attachment or an
    appendix the file does not hold (详见附件, 见附表二, 统计表.xls), or the input is one page of several (第2页 共3页,
    上一页, 下一页: the table may be on another), or a page whose tables a script loads (:data:`ogi.model.SCRIPTED`).
    Their values are doubt, not the source's cells.missing."""
    paged = SCRIPTED in doc.notes or one_page_of_several(line_texts)
    out = []
    for table in tpl.tables:
        if table.id in tables.tables_found:
            continue
        lo, hi = table_section(doc, sections, table)
        if paged or any(_ELSEWHERE.search(t) for t in line_texts[max(lo, 0) : hi + 1]):
            out.append(table.id)
    return out


def table_section(doc: Document, sections: Sections, table: Table) -> tuple[int, int]:
    """The lines of ``table``'s section, (its heading's, the next section's heading's) — a section whose heading
    was not found: from the heading before it (or the document's start, -1) to the next found."""
    starts = sections.starts
    ids = [s.id for s in spec().sections]
    end = sections.end if sections.end is not None else len(doc.lines)
    k = ids.index(table.section) if table.section in ids else 0
    lo = next((starts[i] for i in reversed(ids[: k + 1]) if i in starts), -1)
    hi = next((starts[i] for i in ids[k + 1 :] if i in starts), end)
    return lo, hi


def pictured_tables(doc: Document, sections: Sections, tables: TableReading, tpl: Template) -> dict[str, list[int]]:
    """The tables of ``tpl`` not found whose section holds a picture that may be the table (one OCR did not
    find to be no table's: :attr:`ogi.model.Picture.table`): table id → the pictures' numbers. A table's
    section runs from its heading to the next section's (a section whose heading was not found: from the
    heading before it, or the document's start, to the next found)."""
    out: dict[str, list[int]] = {}
    for table in tpl.tables:
        if table.id in tables.tables_found:
            continue
        lo, hi = table_section(doc, sections, table)
        nums = [p.number for p in doc.pictures if lo < p.at <= hi and p.table is not False]
        if nums:
            out[table.id] = nums
    return out
