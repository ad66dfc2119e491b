"""Check: every rule of the template that one report can be held to.

Each finding names its rule id (from the template data), the keys involved,
their values, where they stand, and a message in Chinese with the template's
own labels. Rules that need two reports live in :mod:`ogi.check.cross_year`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from ogi.check.arithmetic import check_equations, equations, infer_missing
from ogi.check.office import check_office
from ogi.extract import Extraction
from ogi.extract.meta import YEAR_LED, YEARS_COMPARED, Meta, file_name
from ogi.extract.narrative import StatedRate, Statement
from ogi.extract.tables import UNCERTAIN_BELOW
from ogi.model import CUT_SHORT, Document, Doubt, Finding, Where
from ogi.normalize import without_spaces
from ogi.template import Deadline, Template, cell, fields, rule, spec, templates
from ogi.template.text import fmt_number

__all__ = ["Comparison", "Finding", "check", "compare_statement", "infer_missing"]


def _kind_word(kind: str) -> str:
    """Which of cells.invalid's words says what a value of this kind should be."""
    return "count" if kind == "count" else "number"


def expected_value(kind: str, v: float) -> str | None:
    """What a value of a column of ``kind`` (count, amount, change) should be, in cells.invalid's
    words (非负整数, 数值), when ``v`` is not one: below 0 where only a change may be, a fraction
    where only an amount may be; None when it is one."""
    bad = (v < 0 and kind != "change") or (kind != "amount" and not float(v).is_integer())
    return rule("cells.invalid").text(_kind_word(kind)) if bad else None


def _by_row(tpl: Template, keys: list[str]) -> dict[tuple[str, str], list[str]]:
    rows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in keys:
        key = tpl.keys[k]
        rows[(key.table.id, key.row.key)].append(k)
    return rows


def check_cells(
    tpl: Template, ex: Extraction, doubted: dict[str, str] | None = None, unconfirmed: set[str] | None = None
) -> list[Finding]:
    """cells.missing, cells.blank, cells.invalid and table.duplicate; ``doubted``: keys read with
    doubt (:func:`doubts`), whose invalid values and differing copies are warnings, not errors;
    ``unconfirmed``: keys of cells.uncertain findings (no cells.blank for them)."""
    doubted = doubted or {}
    r = ex.tables
    out: list[Finding] = []
    # keys without a value, but for values printed and not read (that is doubt: cells.uncertain)
    absent = [k for k, v in r.cells.items() if v is None and r.doubts.get(k) not in NOT_READ]
    missing = [k for k in absent if k not in r.where]
    for k in absent:  # printed, but no number can hold it (a cell of 400 digits)
        if k in r.where:
            out.append(
                Finding.of(
                    "cells.invalid",
                    rule("cells.invalid").text("too_long", cell=cell(tpl, k)),
                    [k],
                    {k: None},
                    [r.where[k]],
                )
            )
    ru = rule("cells.missing")
    gone: dict[str, list[str]] = {}  # a table not found at all: one finding of its keys (not one a row)
    for (tid, rkey), keys in _by_row(tpl, missing).items():
        table = tpl.table(tid)
        row = table.row(rkey)
        if tid not in r.tables_found:
            gone.setdefault(tid, []).extend(keys)
            continue
        if len(keys) == len(row.columns):
            what = ru.text("row_missing", table=table.name, row=row.display)
        else:
            cols = "、".join(f"「{tpl.keys[k].column.label}」" for k in keys)
            what = ru.text("cells_missing", table=table.name, row=row.display, columns=cols)
        dev = [d for d in table.deviations if rkey in d.stands_for]
        old = ""
        printed = [d for d in dev if any(k.startswith(f"{tid}.{d.key}.") for k in r.extras)]
        if len(dev) > 1 and printed:  # several rows of another format standing for this one (printed apart)
            old = ru.text("other_format", rows="、".join(f"「{d.short or d.label}」" for d in printed))
        elif printed:
            old = ru.text("old_format", row=printed[0].label)
        out.append(Finding.of("cells.missing", None, keys, says={"what": what, "old_format": old}))
    if gone and before_format(ex):
        # a report of a year before the national format printed none of its tables: nothing is missing
        first = min(t.first_year for t in templates())
        out.append(Finding.of("report.before_format", None, says={"year": ex.meta.year, "first": first}))
        gone = {}
    for tid, keys in gone.items():
        what = ru.text("table_missing", table=tpl.table(tid).heading)
        out.append(Finding.of("cells.missing", None, keys, says={"what": what, "old_format": ""}))
    for target, parts in r.summed.items():  # a row printed as the other format's rows dividing it: summed
        tid, rkey = target.split(".", 1)
        table = tpl.table(tid)
        row = table.row(rkey)
        keys = [f"{target}.{c.key}" for c in row.columns]
        devs = {f"{tid}.{d.key}": d for d in table.deviations}
        shown = "、".join(f"「{devs[p].short or devs[p].label}」" for p in parts)
        out.append(
            Finding.of(
                "cells.other_format",
                None,
                keys,
                {k: r.cells.get(k) for k in keys},
                [r.where[k] for k in keys if k in r.where][:1],
                says={"table": table.name, "row": row.display, "rows": shown},
            )
        )
    # A blank read with doubt (an image's empty-looking cell beside values read, which the table's
    # sums do not confirm) is said as doubt (cells.uncertain), not as the source printing it blank.
    # A doubt of the column alone (the order of headings printed one cell per line) leaves a blank blank.
    blanks = (
        [k for k in r.blanks if k not in unconfirmed or doubted.get(k) == Doubt.HEADING] if unconfirmed else r.blanks
    )
    for (tid, rkey), keys in _by_row(tpl, blanks).items():
        table = tpl.table(tid)
        row = table.row(rkey)
        cols = "、".join(f"「{tpl.keys[k].column.label}」" for k in keys)
        out.append(
            Finding.of(
                "cells.blank",
                None,
                keys,
                dict.fromkeys(keys, 0),
                [r.where[k] for k in keys if k in r.where],
                says={"table": table.name, "row": row.display, "columns": cols},
            )
        )
    for k, (old, _) in r.corrected.items():  # corrected by the report's own errata: read as corrected, said so
        out.append(
            Finding.of(
                "cells.corrected",
                None,
                [k],
                {k: r.cells.get(k)},
                [r.where[k]] if k in r.where else [],
                says={"cell": cell(tpl, k), "new": r.cells.get(k), "old": old},
            )
        )
    for tid, quote in r.stated.items():  # a table not printed, said in words to be all 0: read as 0, said so
        keys = [k for k, w in r.where.items() if w.placed == "stated" and k.startswith(f"{tid}.")]
        rows = {tpl.keys[k].row.key for k in keys}
        ru = rule("cells.stated")
        out.append(
            Finding.of(
                "cells.stated",
                None,
                keys,
                dict.fromkeys(keys, 0),
                [r.where[keys[0]]] if keys else [],
                says={
                    "table": tpl.table(tid).name,
                    "rows": ru.text("rows", count=len(rows)) if len(rows) < len(tpl.table(tid).rows) else "",
                    "quote": quote if len(quote) <= 60 else quote[:60] + "…",
                },
            )
        )
    # a count (nearly every value) is valid in any column: only the others are looked at
    for k, v in [(k, v) for k, v in r.cells.items() if v is not None and (type(v) is not int or v < 0)]:
        expected = expected_value(tpl.keys[k].column.kind, v)
        if expected:
            unsure = k in doubted
            out.append(
                Finding.of(
                    "cells.invalid",
                    None,
                    [k],
                    {k: v, "doubt": doubted[k]} if unsure else {k: v},
                    [r.where[k]] if k in r.where else [],
                    severity="warning" if unsure else None,
                    says={
                        "cell": cell(tpl, k, v),
                        "expected": expected,
                        "doubt": rule("cells.invalid").text("in_doubt") if unsure else "",
                    },
                )
            )
    if r.duplicates:
        differ = [d for d in r.duplicates if d.first != d.second]
        ru = rule("table.duplicate")
        said, rows = _printed_twice(tpl, [d.key for d in r.duplicates])
        agree = ru.text("differ", count=len(differ)) if differ else ru.text("agree")
        keys = [d.key for d in r.duplicates]
        # the message says it in a line; the values hold each cell's two copies, the rows and the cells that differ
        values: dict[str, Any] = {d.key: [d.first, d.second] for d in r.duplicates}
        values |= {"rows": rows, "differ": [d.key for d in differ]}
        out.append(
            Finding.of(
                "table.duplicate",
                ru.say(what=said, agree=agree),
                keys,
                values,
                [d.where for d in r.duplicates],
                # copies that differ are an error of the source, unless one was read with doubt
                severity="error" if differ and not any(d.doubtful or d.key in doubted for d in differ) else None,
            )
        )
    return out


def _printed_twice(tpl: Template, keys: list[str]) -> tuple[str, list[str]]:
    """What a table.duplicate finding names, in the template's order: a table whose every row was
    printed twice by its name (表三), one row by its label (表二「…」), some rows by their count
    (表二中6行); and every such row by its label."""
    twice: dict[str, set[str]] = {}
    for k in keys:
        if k in tpl.keys:
            twice.setdefault(tpl.keys[k].table.id, set()).add(tpl.keys[k].row.key)
    ru = rule("table.duplicate")
    said: list[str] = []
    rows: list[str] = []
    for table in tpl.tables:
        if not (got := [row for row in table.rows if row.key in twice.get(table.id, ())]):
            continue
        rows += [f"{table.name}「{row.display}」" for row in got]
        if len(got) == len(table.rows):
            said.append(table.name)
        elif len(got) == 1:
            said.append(rows[-1])
        else:
            said.append(ru.text("some_rows", table=table.name, count=len(got)))
    return "、".join(said) or ru.text("a_table"), rows


# Doubts the arithmetic cannot lift: which columns a short row's values stand in, a decimal point
# read as a thousands separator — the clerk is told even when the sums agree.
CONFIRMED_NEVER = frozenset({Doubt.COUNT, Doubt.THOUSANDS, Doubt.DECIMAL, Doubt.JUMBLED, Doubt.HEADING})
# the doubts of values left unread (ink the OCR could not read; a row showing fewer values than its
# columns; a value not found in a report read from images): doubt, not cells.missing, and what the
# equations give for them is said
NOT_READ = frozenset(
    {
        Doubt.UNREAD,
        Doubt.SHORT,
        Doubt.UNFOUND,
        Doubt.FLAT,
        Doubt.JUMBLED,
        Doubt.GLUED,
        Doubt.PICTURE,
        Doubt.CUT,
        Doubt.LABELLED,
        Doubt.ELSEWHERE,
        Doubt.LOST,
    }
)
# doubts said once for a whole table, not a row at a time
WHOLE_TABLE = frozenset({Doubt.HEADING, Doubt.PICTURE, Doubt.CUT, Doubt.ELSEWHERE})


def doubts(ex: Extraction) -> dict[str, str]:
    """Keys whose reading is in doubt → reason code (``reasons`` of the rule cells.uncertain): what the
    reader had to guess, and values read by OCR below :data:`UNCERTAIN_BELOW` confidence."""
    r = ex.tables
    out = dict(r.doubts)
    for k, c in r.confidence.items():
        if c < UNCERTAIN_BELOW:
            out.setdefault(k, Doubt.OCR)
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
        ru = rule("cells.uncertain")
        reasons = "；".join(sorted({ru.params["reasons"][doubted[k]] for k in involved}))
        f.message += ru.text("involved", cells=_labels(tpl, involved), reasons=reasons)


def check_uncertain(tpl: Template, ex: Extraction, failing: list[Finding], doubted: dict[str, str]) -> list[Finding]:
    """cells.uncertain: values the reader is not sure of that no satisfied equation confirms,
    one finding per row and reason; values printed but not read say so, with what the equations give."""
    r = ex.tables
    if not doubted:
        return []
    failed = {(f.rule, tuple(f.keys)) for f in failing}
    # A value is confirmed by a satisfied equation holding it when it is the only value of the
    # equation still in doubt (two misread values can cancel: a 1 lost from a total and from one of
    # its parts), or when every value still in doubt was read 0 on one side of it (counts are never
    # negative: parts that add up to their total read surely are 0); each value confirmed may confirm
    # another. A row's place is confirmed only by an equation that runs across rows (a column's sum);
    # a guess of columns or digits never.
    confirmed: set[str] = set()
    placed: set[str] = set()
    holding: list[tuple[list[str], list[str], bool]] = []
    for eq in equations(tpl):
        left, right = [t[0] for t in eq.left], [t[0] for t in eq.right]
        ks = left + right
        if all(r.cells.get(x) is not None for x in ks) and (eq.rule.id, tuple(ks)) not in failed:
            holding.append((left, right, eq.rule.each == "column"))

    def settled(x: str) -> bool:
        why = doubted.get(x)
        return why is None or x in (placed if why == Doubt.ORDER else confirmed)

    pending = True
    while pending:
        pending = False
        for left, right, across in holding:
            ks = left + right
            if any(doubted.get(x) in CONFIRMED_NEVER for x in ks):
                continue
            open_ = [x for x in ks if not settled(x) and (across or doubted[x] != Doubt.ORDER)]
            if not open_:
                continue
            one_side = all(x in left for x in open_) or all(x in right for x in open_)
            if len(open_) == 1 or (one_side and all(r.cells[x] == 0 for x in open_)):
                for x in open_:
                    (placed if doubted[x] == Doubt.ORDER else confirmed).add(x)
                pending = True
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    # in a sum across rows that holds (a row's own sum holds whatever row its values are: 0 = 0+0+…)
    held = {k for left, right, across in holding if across for k in left + right}
    broken = {k for f in failing for k in f.keys}  # in a sum that does not
    for k, why in doubted.items():
        if k not in tpl.keys:
            continue
        if why not in CONFIRMED_NEVER and k in (placed if why == Doubt.ORDER else confirmed):
            continue
        if why == Doubt.FLAT and k in held and k not in broken:
            continue  # placed by order in a table flattened one cell per line, its column's sum holds
        key = tpl.keys[k]
        # a doubt of the whole table's columns (their order told by headings one cell a line): one finding
        groups[(key.table.id, "" if why in WHOLE_TABLE else key.row.key, why)].append(k)
    inferred = infer_missing(tpl, r.cells) if any(w in NOT_READ for *_, w in groups) else {}
    out = []
    for (tid, _, why), keys in groups.items():
        if why == Doubt.OCR:
            blanks = set(r.blanks)
            for k in keys:
                says = {"cell": cell(tpl, k, r.cells[k]), "confidence": r.confidence[k]}
                out.append(
                    Finding.of(
                        "cells.uncertain",
                        rule("cells.uncertain").text("blank", **says) if k in blanks else None,
                        [k],
                        {k: r.cells[k], "doubt": why},
                        [r.where[k]] if k in r.where else [],
                        says=says,
                    )
                )
            continue
        values: dict[str, object] = {k: r.cells[k] for k in keys}
        ru = rule("cells.uncertain")
        inferred_text = ""
        if why in NOT_READ:
            got = {k: inferred[k] for k in keys if k in inferred}
            if got:
                values["inferred"] = got
                inferred_text = ru.text("inferred", values="、".join(fmt_number(v) for v in got.values()))
        values["doubt"] = why
        where = [r.where[k] for k in keys if k in r.where]
        # (a table not found, or its rows an input cut short does not hold: the table's heading)
        said = tpl.table(tid).heading if why in (Doubt.PICTURE, Doubt.CUT, Doubt.ELSEWHERE) else _labels(tpl, keys)
        msg = ru.text("doubt", cells=said, reason=ru.params["reasons"][why], inferred=inferred_text)
        out.append(Finding.of("cells.uncertain", msg, keys, values, where))
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
    shown = list(dict.fromkeys(tpl.keys[k].row.display for k in keys))  # (a row's columns summed: the row once)
    if len(shown) == 1:
        return f"{k0.table.name}「{k0.row.display}」"
    rows = "+".join(f"「{r}」" for r in shown[:3])
    return f"{k0.table.name}{rows}" + ("等" if len(shown) > 3 else "")


def _column_label(tpl: Template, keys: tuple[str, ...]) -> str:
    """The column of a sum's cells as the template prints it: its label (自然人), or its group's where the sum
    takes that group's columns of a row (法人或其他组织)."""
    cols = list(dict.fromkeys(tpl.keys[k].column for k in keys))
    groups = {c.group for c in cols}
    if len(cols) > 1 and len(groups) == 1 and (group := groups.pop()) is not None:
        return group
    return cols[0].label


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
    tolerance = 10.0**-st.share_digits
    if any(abs(st.share - 100 * part / b) < tolerance for _, b in bases):
        return None
    keys, base = bases[0]
    computed = round(100 * part / base, max(st.share_digits, 2))
    col = tpl.keys[keys[0]].column.label
    says = {"quote": st.quote, "share": st.share, "rows": _label(tpl, c.matched), "part": part}
    says |= {"base_rows": _label(tpl, keys), "column": col, "base": base, "computed": computed}
    return Finding.of(
        "narrative.mismatch",
        rule("narrative.mismatch").text("share", **says),
        [*c.matched, *keys],
        {"text": st.share, "table": computed},
        [st.where],
    )


def _rate_finding(tpl: Template, ex: Extraction, rate: StatedRate) -> Finding | None:
    """narrative.mismatch for a rate the prose states (申请公开率为47.2%) that no part and base of its template
    ``[[rate]]`` give as printed (to its decimals, rounded or cut); None where one does, or where a value it needs
    was not read."""
    cells = ex.tables.cells

    def total(keys: tuple[str, ...]) -> float | None:
        if any(k not in tpl.keys for k in keys):
            return None  # (a sum of the other format's rows)
        values = [cells.get(k) for k in keys]
        return None if any(v is None for v in values) else float(sum(values))  # type: ignore[arg-type]

    pairs = [(p, b, total(p), total(b)) for p in rate.parts for b in rate.share_of]
    pairs = [(p, b, n, d) for p, b, n, d in pairs if n is not None and d]
    if not pairs:
        return None
    tolerance = 10.0**-rate.digits
    if any(abs(rate.percent - 100 * n / d) < tolerance for _, _, n, d in pairs):  # type: ignore[operator]
        return None
    parts, bases, n, d = pairs[0]
    computed = round(100 * n / d, max(rate.digits, 1))  # type: ignore[operator]
    says = {"quote": rate.quote, "rows": _label(tpl, parts), "part": fmt_number(n), "base_rows": _label(tpl, bases)}
    says |= {"column": tpl.keys[bases[0]].column.label, "base": fmt_number(d), "computed": computed}
    return Finding.of(
        "narrative.mismatch",
        rule("narrative.mismatch").text("rate", **says),
        [*parts, *bases],
        {"text": rate.percent, "table": computed},
        [rate.where],
    )


def check_narrative(tpl: Template, ex: Extraction) -> list[Finding]:
    """narrative.mismatch: a figure of the prose that agrees with none of the sums it may state
    (or a share of it that fits none of its bases), or a rate it states (申请公开率为47.2%) that none of its
    parts and bases give. A figure whose words name another period (2022年… in the report on 2023, a comparison,
    a plan) is not held against this year's tables."""
    out = [f for rate in ex.rates if (f := _rate_finding(tpl, ex, rate)) is not None]
    seen: set[tuple[str, tuple[str, ...], int | float]] = set()
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
        if (st.measure, st.keys, st.value) in seen:
            continue
        seen.add((st.measure, st.keys, st.value))
        keys, table_v = c.sums[0]
        ru = rule("narrative.mismatch")
        also = "".join(ru.text("also", rows=_label(tpl, ks), value=v) for ks, v in c.sums[1:] if v != table_v)
        says = {"quote": st.quote, "rows": _label(tpl, keys), "column": _column_label(tpl, keys), "value": table_v}
        out.append(
            Finding.of(
                "narrative.mismatch",
                None,
                list(keys),
                {"text": st.value, "table": table_v},
                [st.where],
                says=says | {"also": also},
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
    ru = rule("year.mismatch")
    desc = ru.params["sources"]
    ys = {k: v for k, v in m.year_sources.items() if k in desc}
    if len(set(ys.values())) > 1:
        years = "，".join(ru.text("part", source=desc[k], year=str(v)) for k, v in ys.items())
        out.append(
            Finding.of(
                "year.mismatch",
                None,
                values=dict(ys),
                where=[m.year_where[k] for k in ys if k in m.year_where],
                says={"years": years},
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
            rows = _label(tpl, c.matched)  # type: ignore[arg-type]
            said.append(ru.text("said", quote=st.quote, rows=rows, column=k0.column.label, value=v))
        keys = list(dict.fromkeys(k for _, c in found for k in c.matched or ()))
        wheres = list({str(st.where): st.where for st, _ in found}.values())
        out.append(
            Finding.of(
                "year.mismatch",
                ru.text(
                    "figures",
                    year=str(year),
                    said="、".join(said) + ("等" if len(found) > 3 else ""),
                    report_year=str(m.year),
                ),
                keys,
                {"text_year": year, "year": m.year, "text": [st.value for st, _ in found]},
                wheres,
            )
        )
    return out


def check_stale_year(doc: Document, ex: Extraction) -> list[Finding]:
    """year.mismatch: in section 一, the paragraphs that open with a year (2023年，本局…) open with
    the reporting year, and one opens with an earlier year — a paragraph kept from an earlier
    report. A plan (a later year) or a comparison (较2022年, 2022年以来) is not one."""
    year = ex.meta.year
    text = ex.sections.texts.get(spec().section_id("overview"))
    if year is None or not text:
        return []
    lines = [line for line in text.split("\n") if "年" in line]  # (a line without 年 opens with no year)
    led = [(int(m.group(1)), line, m.end()) for line in lines if (m := YEAR_LED.match(line))]
    if not any(y == year for y, _, _ in led):
        return []
    out = []
    for y, line, end in led:
        rest = line[end:]
        if y >= year or YEARS_COMPARED.match(rest) or f"{year}年" in rest:
            continue  # a plan, a comparison, or a paragraph about both years
        where = next((ln.cells[0].where for ln in doc.lines if ln.text == line), None)
        quote = line.strip()[:40]
        out.append(
            Finding.of(
                "year.mismatch",
                rule("year.mismatch").text("stale", quote=quote, year=str(y), report_year=str(year)),
                values={"text_year": y, "year": year},
                where=[where] if where else [],
            )
        )
    return out


def before_format(ex: Extraction) -> bool:
    """Whether the report is of a year before the national format's first (a 2015 report: free prose, no
    tables, no six sections of the template) and prints none of its tables' layout."""
    year = ex.meta.year
    return year is not None and year < min(t.first_year for t in templates()) and ex.meta.layout_template is None


def check_structure(doc: Document, tpl: Template, ex: Extraction) -> list[Finding]:
    """section.missing, section.incomplete and the report's other parts — none for a report of a year before
    the national format (:func:`before_format`: its sections are its own)."""
    if before_format(ex):
        return []
    out = []
    secs = spec().sections
    ru = rule("section.missing")
    said_nothing = {"", *rule("section.incomplete").params["empty_words"]}
    missing = [
        (s, "" if s.id not in ex.sections.starts else ru.params["empty_mark"])
        for s in secs
        if s.id not in ex.sections.starts
        or (s.id in ru.params["empty"] and without_spaces(ex.sections.texts.get(s.id)).strip("。.;；") in said_nothing)
    ]
    if missing and (CUT_SHORT in doc.notes or Doubt.CUT in ex.tables.doubts.values()):
        # an input that ends part way (a download cut short): the sections after the last it holds may be in
        # the source — what is cut is said (input.partial, cells.uncertain), not a source missing them
        ids = [s.id for s in secs]
        last = max((ids.index(sid) for sid in ex.sections.starts if sid in ids), default=-1)
        missing = [(s, mark) for s, mark in missing if ids.index(s.id) < last]
    if missing:
        names = "、".join(f"{s.id}、{s.title}{mark}" for s, mark in missing)
        out.append(Finding.of("section.missing", None, says={"sections": names}))
    m = ex.meta
    by_year = check_year(tpl, ex)
    said = {f.values.get("text_year") for f in by_year}
    out += by_year + [f for f in check_stale_year(doc, ex) if f.values["text_year"] not in said]
    if m.year is not None and m.template_by == "layout" and not tpl.covers(m.year):
        out.append(
            Finding.of("template.year", None, says={"year": str(m.year), "format": tpl.id, "notice": tpl.notice})
        )
    if m.agency_read and m.agency:
        out.append(Finding.of("agency.uncertain", None, says={"read": m.agency_read, "agency": m.agency}))
    if m.from_file_name:
        out.append(_from_file_name(doc, m))
    for note in doc.notes:
        out.append(Finding.of("input.partial", None, says={"note": note}))
    return out


def _from_file_name(doc: Document, m: Meta) -> Finding:
    """meta.file_name: the organ or the year (``m.from_file_name``) read from the file's name, the document naming
    it nowhere — its fields by the template's labels (机关、年度)."""
    ru = rule("meta.file_name")
    labels = {f.id: f.label for f in fields()}
    values = {"agency": m.agency, "year": f"{m.year}年"}
    parts = [ru.text("part", label=labels[k], value=str(values[k])) for k in m.from_file_name]
    name = file_name(doc.source.path or "")
    return Finding.of(
        "meta.file_name",
        None,
        values={k: getattr(m, k) for k in m.from_file_name},
        says={"what": "、".join(labels[k] for k in m.from_file_name), "name": name, "values": "，".join(parts)},
    )


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


LATE_RULE = "published.late"  # the rule of a report published after its deadline


def late(
    published: date,
    year: int,
    deadline: Deadline | None,
    *,
    by: str = "发布日期",
    where: Sequence[Where] = (),
    kind: str | None = None,
    template: Template | None = None,
) -> Finding | None:
    """published.late for a report on ``year`` published on ``published`` (the date it states,
    said as ``by``: 发布日期, 落款日期 …, standing at ``where``), against ``deadline`` (a kind of
    organ's, :meth:`ogi.template.model.Spec.deadline` by the organ's name or
    ``deadline_of_kind`` by the kind an organ list gives, then named in the values as ``kind``); its
    basis for a report of format ``template`` when given. None when it is on time or no deadline
    applies (条例 第四十九条)."""
    due = deadline.for_year(year) if deadline else None
    if deadline is None or due is None or published <= due:
        return None
    days = (published - due).days
    values: dict[str, Any] = {"published": published.isoformat(), "deadline": due.isoformat(), "days_late": days}
    values["by"] = by
    if kind:
        values["kind"] = kind
    return Finding.of(
        LATE_RULE,
        values=values,
        where=list(where),
        template=template,
        says={
            "by": by,
            "published": _cn_date(published),
            "organs": deadline.organs,
            "deadline": _cn_date(due),
            "year": str(year),
            "days": days,
        },
    )


def late_by(f: Finding) -> str:
    """How a published.late finding named the date it measured (发布日期, 落款日期 …): its value
    ``by``, or for findings made before that was kept, the words of its message."""
    if f.values.get("by"):
        return str(f.values["by"])
    said = f.message.split("报告", 1)[1].split("为", 1)[0] if "报告" in f.message else ""
    return said or "发布日期"


def check_published(ex: Extraction) -> list[Finding]:
    """published.late: the date the report states it was published — where it states none, the date it is
    signed with (落款日期: it was published no earlier) — against the deadline for its kind of organ, by its
    name (条例 第四十九条; the deadlines are template data)."""
    m = ex.meta
    # (no publication date stated: the date it is signed with, which it cannot have been published before)
    published = m.published if m.published is not None else m.signed
    if published is None or m.year is None or not m.agency:
        return []
    where = [published.where] if published.where else []
    f = late(published.date, m.year, spec().deadline(m.agency), by=published.by, where=where)
    return [f] if f else []


def check(doc: Document, ex: Extraction) -> list[Finding]:
    """The check stage: every finding of one reading, as data (rule id, severity, message in the
    template's words, cells, values, where): the tables' equations (勾稽关系), blank, missing and
    invalid cells, doubt the reader has (an arithmetic finding on a doubtful value is a warning), the
    prose against the tables, structure, publication date, and an office's checks — each rule as
    ``formats.toml`` describes it. Cross-year rules need two readings: :mod:`ogi.check.cross_year`."""
    tpl = ex.meta.template
    assert tpl is not None
    r = ex.tables
    doubted = doubts(ex)
    arithmetic = check_equations(tpl, r.cells, r.extras, r.where)
    uncertain = check_uncertain(tpl, ex, arithmetic, doubted)
    shown = {k for f in uncertain for k in f.keys}
    findings = check_cells(tpl, ex, doubted, shown)
    # a sum that fails on values the sums that hold confirm (no cells.uncertain of theirs) is the source's
    # error: only the doubt still said makes it a warning (a confirmed 0 named as doubt understated a real error)
    mark_doubt(tpl, arithmetic, {k: why for k, why in doubted.items() if k in shown})
    findings += arithmetic
    findings += uncertain
    narrative = check_narrative(tpl, ex)
    mark_doubt(tpl, narrative, doubted)  # prose against a value read in doubt: said so
    findings += narrative
    findings += check_structure(doc, tpl, ex)
    findings += check_published(ex)
    findings += check_office(tpl, ex, own_sections=before_format(ex))
    return findings
