"""Rules that need the same organ's previous report (``needs = "previous"`` in the template).

- ``cross_year.carryover``: this year's 上年结转 equals last year's 结转下年度继续办理, column by
  column of table 3 (the rule's ``current`` and ``previous`` rows);
- ``cross_year.in_force``: last year's 现行有效件数 plus this year's 本年制发件数 minus 本年废止件数
  equals this year's 现行有效件数, for the rule's ``rows`` of table 2, where both formats have those
  columns (the 2021 format) — a warning, since documents also lapse;
- ``cross_year.jump``: a value that changes by more than the rule's ``factor`` (5) from one year to
  the next, both at least ``at_least`` (20): each count of table 2, the new applications, the
  reviews and the suits — a warning for the clerk to ask about;
- ``text.repeated``: how much of the rule's ``sections`` (一 and 五) repeats an earlier year's text
  (any earlier year of the organ: the one repeated most is named); the rate is in the finding's
  values, which is a warning from the rule's ``at`` (50 %).

Values are taken as read (``cells``); a value missing in either year is not compared. Which reports
are the same organ's consecutive years is :mod:`ogi.corpus.series`'s to say; the store runs these
rules over every such pair when readings are stored (:mod:`ogi.store.crossyear`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache

from ogi.model import Finding, Report
from ogi.normalize import normalize_text
from ogi.template import Rule, Template, cell, rule, spec

SHINGLE = 8  # characters per shingle of the repetition measure
MIN_SHINGLES = 20  # a section shorter than this is not rated


def _yr(r: Report) -> str:
    return f"{r.year}年" if r.year is not None else "年度不详"


def _carry_keys(tpl: Template) -> Iterator[tuple[str, str]]:
    """(this year's key, last year's key) of each column of the carry-over rule's table."""
    ru = rule("cross_year.carryover")
    for col in tpl.table(ru.table or "").columns:
        yield f"{ru.table}.{ru.params['current']}.{col.key}", f"{ru.table}.{ru.params['previous']}.{col.key}"


def _in_force_keys(row: str) -> tuple[str, str, str]:
    """(in force, added, removed) keys of one row of the in-force rule."""
    ru = rule("cross_year.in_force")
    p = ru.params
    return tuple(f"{ru.table}.{row}.{p[c]}" for c in ("in_force", "added", "removed"))  # type: ignore[return-value]


# The sections whose prose text.repeated compares, and the rate it is raised from (template data).
TEXT_SECTIONS: tuple[str, ...] = tuple(rule("text.repeated").params["sections"])
REPEATED_AT: float = float(rule("text.repeated").params["at"])


@cache
def keys_read() -> frozenset[str]:
    """Every key the cross-year rules read, in either format (what a store loads to run them)."""
    tpls = spec().templates.values()
    out = {k for t in tpls for pair in _carry_keys(t) for k in pair}
    out |= {k for t in tpls for _, keys in _jump_items(t, t) for k in keys}
    return frozenset(out.union(*map(_in_force_keys, rule("cross_year.in_force").params["rows"])))


def _finding(ru: Rule, cur: Report, keys: list[str], values: dict, where: list, **says: object) -> Finding:
    return Finding.of(ru.id, None, keys, values, where, template=cur.format, says=says)


def carryover(prev: Report, cur: Report) -> list[Finding]:
    """This year's carried_in.c against last year's carried_out.c, each column c."""
    ru = rule("cross_year.carryover")
    tpl, ptpl = cur.format, prev.format
    out = []
    for kin, kout in _carry_keys(tpl):
        vin, vout = cur.cells.get(kin), prev.cells.get(kout)
        if vin is None or vout is None or abs(vin - vout) < 1e-9:
            continue
        values = {str(prev.year): {kout: vout}, str(cur.year): {kin: vin}}
        where = [cur.provenance[kin]] if kin in cur.provenance else []
        out.append(
            _finding(
                ru,
                cur,
                [kout, kin],
                values,
                where,
                current=cell(tpl, kin, vin),
                previous=cell(ptpl, kout, vout),
                previous_year=_yr(prev),
            )
        )
    return out


def in_force(prev: Report, cur: Report) -> list[Finding]:
    """Last year's in_force + added − removed against this year's in_force (formats with those columns)."""
    ru = rule("cross_year.in_force")
    tpl, ptpl = cur.format, prev.format
    out = []
    for row in ru.params["rows"]:
        k_force, k_iss, k_rep = _in_force_keys(row)
        if k_force not in ptpl.keys or not all(k in tpl.keys for k in (k_force, k_iss, k_rep)):
            continue
        before, issued, repealed, now = (
            prev.cells.get(k_force),
            cur.cells.get(k_iss),
            cur.cells.get(k_rep),
            cur.cells.get(k_force),
        )
        if None in (before, issued, repealed, now):
            continue
        expected = before + issued - repealed  # type: ignore[operator]
        if abs(expected - now) < 1e-9:  # type: ignore[operator]
            continue
        values = {
            str(prev.year): {k_force: before},
            str(cur.year): {k_force: now, k_iss: issued, k_rep: repealed},
            "expected": expected,
        }
        out.append(
            _finding(
                ru,
                cur,
                [k_force, k_iss, k_rep],
                values,
                [cur.provenance[k_force]] if k_force in cur.provenance else [],
                before=cell(ptpl, k_force, before),
                added=cell(tpl, k_iss, issued),
                removed=cell(tpl, k_rep, repealed),
                now=cell(tpl, k_force, now),
                expected=expected,
                previous_year=_yr(prev),
            )
        )
    return out


_NOT_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def text_key(text: str) -> str:
    """The text compared for repetition: simplified, no spaces or punctuation, numbers as 0
    (a paragraph copied with only its figures updated is a repeated paragraph)."""
    s = normalize_text(text)
    s = _DIGITS.sub("0", s)
    return _NOT_TEXT.sub("", s)


def shingles(s: str, n: int = SHINGLE) -> set[str]:
    return {s[i : i + n] for i in range(max(0, len(s) - n + 1))}


@lru_cache(maxsize=4096)
def _shingles_of(text: str, n: int) -> frozenset[str]:
    # a report is compared with the year before and the year after: its shingles are made once
    return frozenset(shingles(text_key(text), n))


def repetition(previous: str, current: str, n: int = SHINGLE) -> tuple[float, int, int] | None:
    """Share of this year's text (``n``-character shingles) already in last year's.

    Returns (rate, shingles repeated, shingles in this year's text), or None when
    this year's text is too short to rate.
    """
    a, b = _shingles_of(previous, n), _shingles_of(current, n)
    if len(b) < MIN_SHINGLES:
        return None
    common = len(a & b)
    return common / len(b), common, len(b)


def repetition_rate(prev: Report, cur: Report) -> tuple[float, dict[str, float]] | None:
    """The repetition rate of the compared sections (一 and 五) together, and of each section
    rated; None when no section can be rated."""
    per: dict[str, float] = {}
    common = total = 0
    for sec in TEXT_SECTIONS:
        p, c = prev.sections.get(sec), cur.sections.get(sec)
        got = repetition(p, c) if p and c else None
        if got is None:
            continue
        per[sec] = round(got[0], 4)
        common += got[1]
        total += got[2]
    return (common / total, per) if total else None


def repeated(prev: Report, cur: Report, at: float | None = None) -> list[Finding]:
    """Repetition of the compared sections of ``cur`` against an earlier year's ``prev``: one
    finding when the rate reaches ``at`` (default: the rule's)."""
    got = repetition_rate(prev, cur)
    if got is None or got[0] < (REPEATED_AT if at is None else at):
        return []
    rate, per = got
    ru = rule("text.repeated")
    values = {"rate": round(rate, 4), "sections": per, "previous_year": prev.year, "year": cur.year}
    parts = "，".join(ru.part(section=sec, rate=v) for sec, v in per.items())
    last = prev.year is not None and cur.year is not None and prev.year == cur.year - 1
    earlier = ru.text("previous" if last else "other", year=_yr(prev))
    return [_finding(ru, cur, [], values, [], sections="、".join(per), earlier=earlier, rate=rate, parts=parts)]


def _jump_items(ptpl: Template, tpl: Template) -> list[tuple[str, tuple[str, ...]]]:
    """(what a clerk calls it, the keys summed) of each value the jump rule compares, in both formats."""
    ru = rule("cross_year.jump")
    out = []
    for tid in ru.params["tables"]:
        for k, key in tpl.keys.items():
            if key.table.id == tid and key.column.kind == "count" and k in ptpl.keys:
                out.append((key.label, (k,)))
    for item in ru.params["sums"]:
        keys = tuple(item["keys"])
        if all(k in tpl.keys and k in ptpl.keys for k in keys):
            out.append((item["name"], keys))
    return out


def _sum(r: Report, keys: tuple[str, ...]) -> float | None:
    vals = [r.cells.get(k) for k in keys]
    return None if any(v is None for v in vals) else sum(vals)  # type: ignore[arg-type]


def jump(prev: Report, cur: Report) -> list[Finding]:
    """Each compared value that is more than ``factor`` times the other year's, both at least
    ``at_least`` (the rule's parameters): one warning each, with both values."""
    ru = rule("cross_year.jump")
    factor, least = float(ru.params["factor"]), float(ru.params["at_least"])
    out = []
    for what, keys in _jump_items(prev.format, cur.format):
        before, now = _sum(prev, keys), _sum(cur, keys)
        if before is None or now is None:
            continue
        lo, hi = sorted((before, now))
        if lo < least or hi <= factor * lo:
            continue
        times = round(hi / lo, 1)
        values = {str(prev.year): {"+".join(keys): before}, str(cur.year): {"+".join(keys): now}, "times": times}
        where = [cur.provenance[k] for k in keys if k in cur.provenance]
        out.append(
            _finding(
                ru,
                cur,
                list(keys),
                values,
                where,
                what=what,
                before=before,
                now=now,
                times=times,
                previous_year=_yr(prev),
            )
        )
    return out


def check_pair(prev: Report, cur: Report) -> list[Finding]:
    """Every cross-year finding of ``cur`` against the same organ's ``prev`` (each with its basis
    for ``cur``'s format)."""
    return carryover(prev, cur) + in_force(prev, cur) + jump(prev, cur) + repeated(prev, cur)


def check_history(earlier: Sequence[Report], cur: Report) -> list[tuple[Report, list[Finding]]]:
    """``cur`` against every earlier year of its organ: the year before by every rule of
    :func:`check_pair` but text.repeated, which is raised once, against the earlier year whose text
    ``cur`` repeats most (the latest of equals). Returns (earlier report, its findings) for each of
    ``earlier``, in their order. The only place these rules are run over a corpus."""
    out: list[tuple[Report, list[Finding]]] = [(p, []) for p in earlier]
    best: tuple[float, int, int] | None = None  # (rate, year, index)
    for i, (p, found) in enumerate(out):
        if p.year is not None and cur.year is not None and p.year == cur.year - 1:
            found += carryover(p, cur) + in_force(p, cur) + jump(p, cur)
        got = repetition_rate(p, cur)
        if got is not None and got[0] >= REPEATED_AT and (best is None or (got[0], p.year or 0) > best[:2]):
            best = (got[0], p.year or 0, i)
    if best is not None:
        p, found = out[best[2]]
        found += repeated(p, cur)
    return out


__all__ = [
    "REPEATED_AT",
    "TEXT_SECTIONS",
    "carryover",
    "check_history",
    "check_pair",
    "in_force",
    "jump",
    "keys_read",
    "repeated",
    "repetition",
    "repetition_rate",
    "text_key",
]
