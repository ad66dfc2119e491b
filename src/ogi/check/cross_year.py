"""Rules that need the same organ's previous report (``needs = "previous"``).

- ``cross_year.carryover``: this year's 上年结转 (``t3.carried_in.*``) equals last
  year's 结转下年度继续办理 (``t3.carried_out.*``), column by column;
- ``cross_year.in_force`` (2021 format both years): last year's 现行有效件数 plus this
  year's 本年制发件数 minus 本年废止件数 equals this year's 现行有效件数, for 规章 and
  行政规范性文件 — a warning, since documents also lapse;
- ``text.repeated``: how much of sections 一 and 五 repeats last year's text; the rate
  is in the finding's values, which is a warning from :data:`REPEATED_AT`.

Values are taken as read (``cells``); a value missing in either year is not compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ogi.check.findings import Finding
from ogi.corpus import Reading
from ogi.corpus.identity import OrganIdentity
from ogi.normalize import normalize_text
from ogi.report import Report
from ogi.template import Template, rule, spec, template, template_for_year

REPEATED_AT = 0.5  # text.repeated is raised from this rate on
TEXT_SECTIONS = ("一", "五")
SHINGLE = 8  # characters per shingle of the repetition measure
MIN_SHINGLES = 20  # a section shorter than this is not rated
IN_FORCE_ROWS = ("rules", "normative")
IN_FORCE_COLUMNS = ("in_force", "issued", "repealed")


def _fmt(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return f"{v:g}" if isinstance(v, float) else str(v)


def _tpl(r: Report) -> Template:
    if r.template:
        return template(r.template)
    return template_for_year(r.year)


def _yr(r: Report) -> str:
    return f"{r.year}年" if r.year is not None else "年度不详"


def _carry_keys(tpl: Template) -> Iterator[tuple[str, str]]:
    """(carried-in key, carried-out key) of each column of table 3."""
    for col in tpl.table("t3").columns:
        yield f"t3.carried_in.{col.key}", f"t3.carried_out.{col.key}"


def _in_force_keys(row: str) -> tuple[str, ...]:
    return tuple(f"t2.{row}.{c}" for c in IN_FORCE_COLUMNS)


@cache
def keys_read() -> frozenset[str]:
    """Every key the cross-year rules read, in either format (what a store loads to run them)."""
    out = {k for tid in spec().templates for pair in _carry_keys(template(tid)) for k in pair}
    return frozenset(out.union(*map(_in_force_keys, IN_FORCE_ROWS)))


def carryover(prev: Report, cur: Report) -> list[Finding]:
    """This year's carried_in.c against last year's carried_out.c, each column c."""
    tpl = _tpl(cur)
    ptpl = _tpl(prev)
    out = []
    for kin, kout in _carry_keys(tpl):
        vin, vout = cur.cells.get(kin), prev.cells.get(kout)
        if vin is None or vout is None or abs(vin - vout) < 1e-9:
            continue
        msg = (
            f"本年{tpl.keys[kin].label}为{_fmt(vin)}，而上年（{_yr(prev)}）报告{ptpl.keys[kout].label}"
            f"为{_fmt(vout)}，{rule('cross_year.carryover').title}"
        )
        out.append(
            Finding.of(
                "cross_year.carryover",
                msg,
                [kout, kin],
                {str(prev.year): {kout: vout}, str(cur.year): {kin: vin}},
                [cur.provenance[kin]] if kin in cur.provenance else [],
            )
        )
    return out


def in_force(prev: Report, cur: Report) -> list[Finding]:
    """Last year's in_force + issued − repealed against this year's in_force (2021 format)."""
    if _tpl(prev).id != "2021" or _tpl(cur).id != "2021":
        return []
    tpl = template("2021")
    out = []
    for row in IN_FORCE_ROWS:
        k_force, k_iss, k_rep = _in_force_keys(row)
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
        key = tpl.keys[k_force]
        lab = key.row.label
        msg = (
            f"上年（{_yr(prev)}）{key.label}为{_fmt(before)}，加本年「{tpl.keys[k_iss].column.label}」"
            f"{_fmt(issued)}、减「{tpl.keys[k_rep].column.label}」{_fmt(repealed)}，应为{_fmt(expected)}，"
            f"而本年「{lab}」「{key.column.label}」为{_fmt(now)}，{rule('cross_year.in_force').title}"
            "（文件也可能因到期等原因失效，请核实）"
        )
        out.append(
            Finding.of(
                "cross_year.in_force",
                msg,
                [k_force, k_iss, k_rep],
                {
                    str(prev.year): {k_force: before},
                    str(cur.year): {k_force: now, k_iss: issued, k_rep: repealed},
                    "expected": expected,
                },
                [cur.provenance[k_force]] if k_force in cur.provenance else [],
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
    """The repetition rate of sections 一 and 五 together, and of each section rated;
    None when no section can be rated."""
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


def repeated(prev: Report, cur: Report, at: float = REPEATED_AT) -> list[Finding]:
    """Repetition of sections 一 and 五: one finding when the rate reaches ``at``."""
    got = repetition_rate(prev, cur)
    if got is None or got[0] < at:
        return []
    rate, per = got
    parts = "，".join(f"第{sec}部分{v:.0%}" for sec, v in per.items())
    msg = (
        f"第{'、'.join(per)}部分正文与上年（{_yr(prev)}）报告重复率为{rate:.0%}（{parts}），"
        f"{rule('text.repeated').title}"
    )
    return [
        Finding.of(
            "text.repeated",
            msg,
            values={"rate": round(rate, 4), "sections": per, "previous_year": prev.year, "year": cur.year},
        )
    ]


def check_pair(prev: Report, cur: Report) -> list[Finding]:
    """Every cross-year finding of ``cur`` against the same organ's ``prev``."""
    return carryover(prev, cur) + in_force(prev, cur) + repeated(prev, cur)


@dataclass(slots=True)
class PairFindings:
    """The cross-year findings of one organ's report against its previous year's."""

    series: str
    organ: OrganIdentity
    previous: Report
    current: Report
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "series": self.series,
            "organ": self.organ.to_dict(),
            "previous": {"year": self.previous.year, "path": self.previous.source.path, "agency": self.previous.agency},
            "current": {"year": self.current.year, "path": self.current.source.path, "agency": self.current.agency},
            "findings": [f.to_dict() for f in self.findings],
        }


def cross_year(readings: Iterable[Reading]) -> Iterator[PairFindings]:
    """Group readings into series by organ, and check each consecutive (year-1, year) pair."""
    from ogi.corpus.series import group_series

    series, _ = group_series(readings)
    for s in series:
        for prev, cur in s.pairs():
            yield PairFindings(s.id, s.organ, prev, cur, check_pair(prev, cur))


__all__ = [
    "REPEATED_AT",
    "PairFindings",
    "carryover",
    "check_pair",
    "cross_year",
    "in_force",
    "keys_read",
    "repeated",
    "repetition",
    "repetition_rate",
    "text_key",
]
