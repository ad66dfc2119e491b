"""Check: every rule of the template that one report can be held to.

Each finding names its rule id (from the template data), the keys involved,
their values, where they stand, and a message in Chinese with the template's
own labels. Rules that need two reports live in :mod:`ogi.check.cross_year`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from ogi.check.arithmetic import check_equations, equations, infer_missing
from ogi.check.findings import Finding
from ogi.document import Document
from ogi.extract import Extraction
from ogi.extract.narrative import Statement
from ogi.extract.tables import DOUBTS, UNCERTAIN_BELOW
from ogi.template import Template, spec

__all__ = ["Comparison", "Finding", "check", "compare_statement", "infer_missing"]



def _fmt(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _by_row(tpl: Template, keys: list[str]) -> dict[tuple[str, str], list[str]]:
    rows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in keys:
        key = tpl.keys[k]
        rows[(key.table.id, key.row.key)].append(k)
    return rows


def check_cells(tpl: Template, ex: Extraction, doubted: dict[str, str] | None = None) -> list[Finding]:
    """cells.missing, cells.blank, cells.invalid and table.duplicate; ``doubted``: keys read with
    doubt (:func:`doubts`), whose invalid values and differing copies are warnings, not errors."""
    doubted = doubted or {}
    r = ex.tables
    out: list[Finding] = []
    missing = [k for k, v in r.cells.items() if v is None and r.doubts.get(k) != "unread"]
    for (tid, rkey), keys in _by_row(tpl, missing).items():
        table = tpl.table(tid)
        row = table.row(rkey)
        if tid not in r.tables_found:
            what = f"{table.heading}未找到"
        elif len(keys) == len(row.columns):
            what = f"表{table.number}缺少「{row.display}」行"
        else:
            cols = "、".join(f"「{tpl.keys[k].column.label}」" for k in keys)
            what = f"表{table.number}「{row.display}」行缺少{cols}"
        dev = [d for d in table.deviations if rkey in d.stands_for]
        if dev and any(k.startswith(f"{tid}.{dev[0].key}.") for k in r.extras):
            what += f"（报告按旧格式只列了一行「{dev[0].label}」，未分项填报）"
        out.append(Finding.of("cells.missing", what + "，数值缺失", keys))
    for (tid, rkey), keys in _by_row(tpl, r.blanks).items():
        table = tpl.table(tid)
        row = table.row(rkey)
        cols = "、".join(f"「{tpl.keys[k].column.label}」" for k in keys)
        out.append(
            Finding.of(
                "cells.blank",
                f"表{table.number}「{row.display}」行的{cols}为空白或“/”“—”，按0读取",
                keys,
                dict.fromkeys(keys, 0),
                [r.where[k] for k in keys if k in r.where],
            )
        )
    for k, v in r.cells.items():
        if v is None:
            continue
        kind = tpl.keys[k].column.kind
        bad = (v < 0 and kind != "change") or (kind != "amount" and isinstance(v, float))
        if bad:
            unsure = k in doubted
            out.append(
                Finding.of(
                    "cells.invalid",
                    f"{tpl.keys[k].label}为{_fmt(v)}，应为{'非负整数' if kind == 'count' else '数值'}"
                    + ("（识别存疑，可能源于识别）" if unsure else ""),
                    [k],
                    {k: v, "doubt": doubted[k]} if unsure else {k: v},
                    [r.where[k]] if k in r.where else [],
                    severity="warning" if unsure else None,
                )
            )
    if r.duplicates:
        differ = [d for d in r.duplicates if d.first != d.second]
        rows = sorted(
            {
                f"表{tpl.keys[d.key].table.number}「{tpl.keys[d.key].row.display}」"
                for d in r.duplicates
                if d.key in tpl.keys
            }
        )
        msg = "、".join(rows) + "重复出现"
        if differ:
            msg += "，且前后数值不一致：" + "；".join(
                f"{tpl.keys[d.key].label}先为{_fmt(d.first)}后为{_fmt(d.second)}" for d in differ[:5]
            )
        keys = [d.key for d in r.duplicates]
        out.append(
            Finding.of(
                "table.duplicate",
                msg,
                keys,
                {d.key: [d.first, d.second] for d in r.duplicates},
                [d.where for d in r.duplicates],
                # copies that differ are an error of the source, unless one was read with doubt
                severity="error" if differ and not any(d.doubtful or d.key in doubted for d in differ) else None,
            )
        )
    return out


# Doubts the arithmetic cannot lift: which columns a short row's values stand in, a decimal point
# read as a thousands separator — the clerk is told even when the sums agree.
CONFIRMED_NEVER = frozenset({"count", "thousands", "decimal"})


def doubts(ex: Extraction) -> dict[str, str]:
    """Keys whose reading is in doubt → reason code (:data:`ogi.extract.tables.DOUBTS`): what the
    reader had to guess, and values read by OCR below :data:`UNCERTAIN_BELOW` confidence."""
    r = ex.tables
    out = dict(r.doubts)
    for k, c in r.confidence.items():
        if c < UNCERTAIN_BELOW:
            out.setdefault(k, "ocr")
    return out


def _labels(tpl: Template, keys: list[str]) -> str:
    return "、".join(tpl.keys[k].label for k in keys[:3]) + ("等" if len(keys) > 3 else "")


def mark_doubt(tpl: Template, findings: list[Finding], doubted: dict[str, str]) -> None:
    """An arithmetic finding that involves a value the reader is not sure of may come from the
    reading: it becomes a warning saying so, with the doubtful cells and why (``values["doubt"]``)."""
    for f in findings:
        involved = [k for k in f.keys if k in doubted]
        if not involved:
            continue
        f.severity = "warning"
        f.values["doubt"] = {k: doubted[k] for k in involved}
        reasons = "；".join(sorted({DOUBTS[doubted[k]] for k in involved}))
        f.message += (
            f"。其中{_labels(tpl, involved)}的读取存疑（{reasons}），"
            "此项可能源于识别，不一定是报告本身的错误，请核对原件"
        )


def check_uncertain(tpl: Template, ex: Extraction, failing: list[Finding], doubted: dict[str, str]) -> list[Finding]:
    """cells.uncertain: values the reader is not sure of that no satisfied equation confirms,
    one finding per row and reason; values printed but not read say so, with what the equations give."""
    r = ex.tables
    if not doubted:
        return []
    failed = {(f.rule, tuple(f.keys)) for f in failing}
    # A value is confirmed by a satisfied equation holding it; a row's place only by one that
    # runs across rows (a column's sum); a guess of columns or digits never.
    confirmed: set[str] = set()
    placed: set[str] = set()
    for eq in equations(tpl):
        ks = [t[0] for t in eq.left + eq.right]
        if all(r.cells.get(x) is not None for x in ks) and (eq.rule.id, tuple(ks)) not in failed:
            confirmed.update(ks)
            if eq.rule.each == "column":
                placed.update(ks)
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for k, why in doubted.items():
        if k not in tpl.keys:
            continue
        if why not in CONFIRMED_NEVER and k in (placed if why == "order" else confirmed):
            continue
        key = tpl.keys[k]
        groups[(key.table.id, key.row.key, why)].append(k)
    inferred = infer_missing(tpl, r.cells) if any(w == "unread" for *_, w in groups) else {}
    out = []
    for (_, _, why), keys in groups.items():
        if why == "ocr":
            for k in keys:
                out.append(
                    Finding.of(
                        "cells.uncertain",
                        f"{tpl.keys[k].label}识别为{_fmt(r.cells[k])}，识别置信度{r.confidence[k]:.0%}，"
                        "且未被勾稽关系证实，请核对原件",
                        [k],
                        {k: r.cells[k], "doubt": why},
                        [r.where[k]] if k in r.where else [],
                    )
                )
            continue
        values: dict[str, object] = {k: r.cells[k] for k in keys}
        msg = f"{_labels(tpl, keys)}：{DOUBTS[why]}"
        if why == "unread":
            got = {k: inferred[k] for k in keys if k in inferred}
            if got:
                values["inferred"] = got
                msg += "，按勾稽关系应为" + "、".join(_fmt(v) for v in got.values())
        values["doubt"] = why
        where = [r.where[k] for k in keys if k in r.where]
        out.append(Finding.of("cells.uncertain", msg + "，请核对原件", keys, values, where))
    return out


@dataclass(slots=True)
class Comparison:
    """A figure of the prose held against the tables: each sum it may state (its measure's keys,
    then the alternatives: 受理 counted with or without the applications carried in) with that
    sum's table value, and the sum it agrees with (None: it agrees with none)."""

    statement: Statement
    sums: list[tuple[tuple[str, ...], int | float]]
    matched: tuple[str, ...] | None


@cache
def _row_parts(tid: str) -> dict[str, tuple[str, ...]]:
    """Each row total a row rule sums from the row's other cells (表三 总计 = 各类申请人之和)."""
    out: dict[str, tuple[str, ...]] = {}
    for eq in equations(spec().templates[tid]):
        if eq.rule.each == "row" and len(eq.left) == 1 and len(eq.left[0]) == 1:
            out[eq.left[0][0]] = tuple(k for term in eq.right for k in term)
    return out


def _printed(tpl: Template, ex: Extraction, blanks: set[str], key: str) -> int | float | None:
    """The value the table prints for ``key``. A total left blank is read as 0 by assumption, not
    printed: its row's printed cells stand for it (None when they are blank too)."""
    cells = ex.tables.cells
    if key not in blanks:
        return cells.get(key)
    parts = _row_parts(tpl.id).get(key)
    if not parts or all(k in blanks for k in parts):
        return None
    vals = [cells.get(k) for k in parts]
    return None if any(v is None for v in vals) else sum(vals)  # type: ignore[arg-type]


@cache
def _of_template(tid: str, keys: tuple[str, ...]) -> bool:
    tpl_keys = spec().templates[tid].keys
    return bool(keys) and all(k in tpl_keys for k in keys)


def compare_statement(tpl: Template, ex: Extraction, st: Statement) -> Comparison | None:
    """``st`` against the tables, or None when no sum it may state can be read (keys of the other
    format, a value missing or left blank)."""
    blanks = set(ex.tables.blanks) if ex.tables.blanks else None
    cells = ex.tables.cells
    sums: list[tuple[tuple[str, ...], int | float]] = []
    matched = None
    for keys in (st.keys, *st.alternatives) if st.alternatives else (st.keys,):
        if not _of_template(tpl.id, keys):
            continue
        total: int | float = 0
        for k in keys:
            v = _printed(tpl, ex, blanks, k) if blanks else cells.get(k)
            if v is None:
                break
            total += v
        else:
            sums.append((keys, total))
            if matched is None and abs(total - st.value) < 1e-6:
                matched = keys
    return Comparison(st, sums, matched) if sums else None


def _label(tpl: Template, keys: tuple[str, ...]) -> str:
    """表三「(七)总计」, 表三「一、…」+「二、…」, 表三「…」+「…」+「…」等."""
    k0 = tpl.keys[keys[0]]
    if len(keys) == 1:
        return f"表{k0.table.number}「{k0.row.display}」"
    rows = "+".join(f"「{tpl.keys[k].row.display}」" for k in keys[:3])
    return f"表{k0.table.number}{rows}" + ("等" if len(keys) > 3 else "")


def _of_another_period(st: Statement, year: int | None) -> bool:
    """The figure's words name a year other than the report's (and than its measure's own:
    上年结转 may name the year before)."""
    return st.year is not None and year is not None and st.year - year not in (0, *st.other_years)


def _share_finding(tpl: Template, ex: Extraction, c: Comparison) -> Finding | None:
    """narrative.mismatch for a share "N件（占P%）" that fits none of the sums it may be a share of."""
    st = c.statement
    if st.share is None or c.matched is None:
        return None
    part = next(v for keys, v in c.sums if keys == c.matched)
    bases = []
    for keys in st.share_of:
        b = compare_statement(tpl, ex, Statement(st.measure, 0, keys, "", st.where))
        if b is not None and b.sums[0][1] > 0:
            bases.append((keys, b.sums[0][1]))
    if not bases:
        return None
    tolerance = 10.0 ** -st.share_digits
    if any(abs(st.share - 100 * part / b) < tolerance for _, b in bases):
        return None
    keys, base = bases[0]
    computed = round(100 * part / base, max(st.share_digits, 2))
    col = tpl.keys[keys[0]].column.label
    return Finding.of(
        "narrative.mismatch",
        f"正文称「{st.quote}」占{_fmt(st.share)}%，而{_label(tpl, c.matched)}为{_fmt(part)}，"
        f"占{_label(tpl, keys)}「{col}」{_fmt(base)}的{_fmt(computed)}%，正文所列比例与表格不一致",
        [*c.matched, *keys],
        {"text": st.share, "table": computed},
        [st.where],
    )


def check_narrative(tpl: Template, ex: Extraction) -> list[Finding]:
    """narrative.mismatch: a figure of the prose that agrees with none of the sums it may state
    (or a share of it that fits none of its bases). A figure whose words name another period
    (2022年… in the report on 2023, a comparison, a plan) is not held against this year's tables."""
    out = []
    seen: set[tuple[str, int]] = set()
    for st in ex.statements:
        if _of_another_period(st, ex.meta.year):
            continue
        c = compare_statement(tpl, ex, st)
        if c is None:
            continue
        if c.matched is not None:
            f = _share_finding(tpl, ex, c)
            if f is not None:
                out.append(f)
            continue
        if (st.measure, st.value) in seen:
            continue
        seen.add((st.measure, st.value))
        keys, table_v = c.sums[0]
        k0 = tpl.keys[keys[0]]
        also = "".join(f"，{_label(tpl, ks)}之和为{_fmt(v)}" for ks, v in c.sums[1:] if v != table_v)
        out.append(
            Finding.of(
                "narrative.mismatch",
                f"正文称「{st.quote}」，而{_label(tpl, keys)}「{k0.column.label}」为{_fmt(table_v)}{also}，"
                "正文与表格不一致",
                list(keys),
                {"text": st.value, "table": table_v},
                [st.where],
            )
        )
    return out


def check_year(tpl: Template, ex: Extraction) -> list[Finding]:
    """year.mismatch: the title and the statistics period name different years; or a sentence
    states this year's figures (they agree with the tables) under another year. A cited
    document (国办函〔2020〕109号, 《…2023年…》), a plan for the next year, a comparison or the
    publication date names a year without stating the reporting period."""
    m = ex.meta
    out = []
    desc = {"title": "标题", "period": "统计期限", "intro": "引言"}
    ys = {k: v for k, v in m.year_sources.items() if k in desc}
    if len(set(ys.values())) > 1:
        out.append(
            Finding.of(
                "year.mismatch",
                "报告年度前后不一：" + "，".join(f"{desc[k]}为{v}年" for k, v in ys.items()),
                values=dict(ys),
                where=[m.year_where[k] for k in ys if k in m.year_where],
            )
        )
    # one finding per year wrongly named, with each figure stated under it
    wrong: dict[int, list[tuple[Statement, Comparison]]] = {}
    for st in ex.statements:
        if st.value == 0 or st.hedged or st.year is None or not _of_another_period(st, m.year):
            continue
        c = compare_statement(tpl, ex, st)
        if c is not None and c.matched is not None:  # else a figure of that other year, not this one's
            wrong.setdefault(st.year, []).append((st, c))
    for year, found in wrong.items():
        said = []
        for st, c in found[:3]:
            k0 = tpl.keys[c.matched[0]]  # type: ignore[index]
            v = next(v for keys, v in c.sums if keys == c.matched)
            said.append(f"「{st.quote}」（{_label(tpl, c.matched)}「{k0.column.label}」为{_fmt(v)}）")  # type: ignore[arg-type]
        keys = list(dict.fromkeys(k for _, c in found for k in c.matched or ()))
        wheres = list({str(st.where): st.where for st, _ in found}.values())
        out.append(
            Finding.of(
                "year.mismatch",
                f"正文称{year}年" + "、".join(said) + ("等" if len(found) > 3 else "")
                + f"，与表格本年度数据一致，而报告年度为{m.year}年，正文所写年份有误",
                keys,
                {"text_year": year, "year": m.year, "text": [st.value for st, _ in found]},
                wheres,
            )
        )
    return out


# "2022年，本局坚持…" opening a paragraph: the year the paragraph says it is about
_YEAR_LED = re.compile(r"^\s*(20\d\d)\s*年\s*[，,]")
# …unless what follows compares or spans years
_SPAN = re.compile(r"^.{0,12}?(?:以来|相比|同比|较|比|至今|截至|期间)")


def check_stale_year(doc: Document, ex: Extraction) -> list[Finding]:
    """year.mismatch: in section 一, the paragraphs that open with a year (2023年，本局…) open with
    the reporting year, and one opens with an earlier year — a paragraph kept from an earlier
    report. A plan (a later year) or a comparison (较2022年, 2022年以来) is not one."""
    year = ex.meta.year
    text = ex.sections.texts.get("一")
    if year is None or not text:
        return []
    led = [(int(m.group(1)), line) for line in text.split("\n") if (m := _YEAR_LED.match(line))]
    if not any(y == year for y, _ in led):
        return []
    out = []
    for y, line in led:
        rest = line[_YEAR_LED.match(line).end() :]  # type: ignore[union-attr]
        if y >= year or _SPAN.match(rest):
            continue
        where = next((ln.cells[0].where for ln in doc.lines if ln.text == line), None)
        quote = line.strip()[:40]
        out.append(
            Finding.of(
                "year.mismatch",
                f"正文「{quote}…」以{y}年开头，而报告年度为{year}年（正文其他段落以{year}年开头），疑为沿用往年报告的内容",
                values={"text_year": y, "year": year},
                where=[where] if where else [],
            )
        )
    return out


def check_structure(doc: Document, tpl: Template, ex: Extraction) -> list[Finding]:
    out = []
    secs = spec().sections
    missing = [s for s in secs if s.id not in ex.sections.starts]
    if missing:
        out.append(
            Finding.of(
                "section.missing",
                "报告缺少以下部分：" + "、".join(f"{s.id}、{s.title}" for s in missing),
            )
        )
    five = ex.sections.texts.get("五")
    if "五" in ex.sections.starts and (not five or five.strip(" 。.") in ("无", "暂无", "没有")):
        out.append(Finding.of("section.missing", "第五部分「存在的主要问题及改进情况」为空或仅写“无”"))
    m = ex.meta
    out += check_year(tpl, ex)
    out += check_stale_year(doc, ex)
    if m.year is not None and m.template_by == "layout" and not tpl.covers(m.year):
        out.append(
            Finding.of(
                "template.year",
                f"报告年度为{m.year}年，但表格采用{tpl.id}年版格式（{tpl.notice}）",
            )
        )
    for note in doc.notes:
        out.append(Finding.of("input.partial", note))
    return out


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def check_published(ex: Extraction) -> list[Finding]:
    """published.late: the date the report states it was published, against the deadline for its
    kind of organ (条例 第四十九条; the deadlines are template data)."""
    m = ex.meta
    if m.published is None or m.year is None or not m.agency:
        return []
    rule = spec().deadline(m.agency)
    due = rule.for_year(m.year) if rule else None
    if rule is None or due is None or m.published.date <= due:
        return []
    days = (m.published.date - due).days
    return [
        Finding.of(
            "published.late",
            f"报告{m.published.by}为{_cn_date(m.published.date)}，{rule.organs}应在"
            f"{_cn_date(due)}前公布{m.year}年度报告，逾期{days}天",
            values={"published": m.published.date.isoformat(), "deadline": due.isoformat(), "days_late": days},
            where=[m.published.where] if m.published.where else [],
        )
    ]


def check(doc: Document, ex: Extraction) -> list[Finding]:
    tpl = ex.meta.template
    assert tpl is not None
    r = ex.tables
    doubted = doubts(ex)
    findings = check_cells(tpl, ex, doubted)
    arithmetic = check_equations(tpl, r.cells, r.extras, r.where)
    uncertain = check_uncertain(tpl, ex, arithmetic, doubted)
    mark_doubt(tpl, arithmetic, doubted)
    findings += arithmetic
    findings += uncertain
    findings += check_narrative(tpl, ex)
    findings += check_structure(doc, tpl, ex)
    findings += check_published(ex)
    return findings
