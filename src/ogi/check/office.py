"""The checks a supervising office makes of one report beyond its tables' arithmetic (issue 14).

- ``period.mismatch``: the statistics period the report states (统计期限, the reading's ``period``)
  covers its year exactly, 1 January to 31 December;
- ``cells.unit``: a value printed in another unit than its column's (table 2's fees in 元 instead
  of 万元, the 2019 format's procurement amount in 万元 instead of 元), converted by the reader;
- ``section.incomplete``: section 一 covers the five parts of the 2021 format, section 五 both the
  problems and the improvements; a section that is only its heading or 无;
- ``fees.processing``: where table 3 counts applications dropped for an unpaid fee notice, section
  六 reports the information processing fees; a fee said collected comes with its amount.

Which words, parts, rows and messages: the rules' data in ``formats.toml``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from ogi.extract import Extraction
from ogi.model import Finding
from ogi.normalize import without_spaces
from ogi.template import Template, cell, rule, spec


def _cn_day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def check_period(ex: Extraction) -> list[Finding]:
    """period.mismatch: the stated period is not the reporting year's 1 January – 31 December. A
    whole year of another year is year.mismatch's (the period names another year than the title):
    not said twice."""
    m = ex.meta
    if m.period is None or m.year is None:
        return []
    y = m.year
    if m.period == f"{y}-01-01/{y}-12-31":
        return []
    start, end = m.period.split("/")
    whole_year = start[5:] == "01-01" and end[5:] == "12-31" and start[:4] == end[:4]
    if whole_year and m.year_sources.get("period") not in (None, y):
        return []  # year.mismatch says it
    where = [m.year_where["period"]] if "period" in m.year_where else []
    shown = f"{_cn_day(start)}至{_cn_day(end)}"
    return [
        Finding.of(
            "period.mismatch",
            None,
            values={"period": m.period, "year": y},
            where=where,
            says={"period": shown, "year": str(y)},
        )
    ]


def check_units(tpl: Template, ex: Extraction) -> list[Finding]:
    """cells.unit: each value the reader converted to its column's unit, with the printed text and
    the value used; a column read as printed (``as_printed``) says the value kept."""
    r = ex.tables
    out = []
    for k, (printed, unit) in r.units.items():
        if k not in tpl.keys:
            continue
        v = r.cells.get(k)
        col = tpl.keys[k].column
        text = (
            rule("cells.unit").text(
                "as_printed", cell=cell(tpl, k, v), printed=printed, unit=unit, expected=col.unit, value=v
            )
            if col.as_printed
            else None
        )
        out.append(
            Finding.of(
                "cells.unit",
                text,
                [k],
                {k: v, "printed": printed, "unit": unit},
                [r.where[k]] if k in r.where else [],
                says={"cell": cell(tpl, k, v), "printed": printed, "unit": unit, "expected": col.unit, "value": v},
            )
        )
    return out


# a part's heading inside a section: "(一)主动公开", "（二）依申请公开情况。…" (the words before the
# first stop), "一是加强…" is not one
# (matched after the line break before the heading, a break put before the text's first line: a
# search looks for the breaks, where ^ in multi-line mode would be tried at every character)
_PART_HEADING = re.compile(r"\n\s*[（(][一二三四五六七八九十][）)]\s*([^。；;：:\n]{2,24})")


def _part_headings(text: str | None) -> list[str]:
    """The headings of a section's parts, in order (their words without spaces)."""
    return [without_spaces(m.group(1)) for m in _PART_HEADING.finditer("\n" + (text or ""))]


@cache
def _parts(sid: str, fmt: str) -> tuple[dict[str, Any], ...]:
    """The parts section.incomplete asks of section ``sid`` in format ``fmt`` (the rule's data)."""
    return tuple(p for p in rule("section.incomplete").params["parts"] if p["section"] == sid and fmt in p["formats"])


@cache
def _said(sid: str, fmt: str) -> tuple[re.Pattern[str], ...]:
    """For each of :func:`_parts`, any of its words in a text (one search, not one a word)."""
    return tuple(re.compile("|".join(re.escape(w) for w in p["words"])) for p in _parts(sid, fmt))


@cache
def _titles() -> dict[str, str]:
    return {s.id: s.title for s in spec().sections}


def check_sections(tpl: Template, ex: Extraction) -> list[Finding]:
    """section.incomplete: a section of the rule's ``sections`` that is only its heading or 无, or
    lacks one of its ``parts`` for the report's format: where the section sets its parts out under
    headings of their own ("(一)主动公开": headings naming all its parts but one, and two at least), a
    part no heading names; else a part none of whose words is in its text. An absent section is
    section.missing's."""
    ru = rule("section.incomplete")
    titles = _titles()
    out = []
    empty = {"", *ru.params["empty_words"]}  # template data: what an empty section says
    for sid in ru.params["sections"]:
        if sid not in ex.sections.starts:
            continue
        text = without_spaces(ex.sections.texts.get(sid))
        if ex.meta.agency:  # the organ's own name says nothing of a part (市场监督管理局, 社会保障局)
            text = text.replace(without_spaces(ex.meta.agency), "")
        if text.strip("。.;；") in empty:
            if sid in rule("section.missing").params["empty"]:
                continue  # an empty section the format requires is missing (section.missing)
            out.append(
                Finding.of(
                    "section.incomplete",
                    ru.text("empty", section=sid, title=titles[sid]),
                    values={"section": sid, "missing": ["*"]},
                )
            )
            continue
        parts, words = _parts(sid, tpl.id), _said(sid, tpl.id)
        heads = _part_headings(ex.sections.texts.get(sid))
        said = "\n".join(heads)  # a word in any heading (words hold no line break)
        named = [p for p, w in zip(parts, words, strict=True) if w.search(said)]
        if len(heads) >= 2 and len(named) >= max(2, len(parts) - 1):
            # its parts under headings of their own, as the template sets them out: a part is there
            # when a heading names it (words of it elsewhere, 有待提升 in the problems, are not it)
            missing = [p["name"] for p in parts if p not in named]
        else:
            missing = [p["name"] for p, w in zip(parts, words, strict=True) if not w.search(text)]
        if missing:
            out.append(
                Finding.of(
                    "section.incomplete",
                    None,
                    values={"section": sid, "missing": missing},
                    says={"section": sid, "title": titles[sid], "parts": "、".join(f"「{p}」" for p in missing)},
                )
            )
    return out


_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_BOOK = re.compile(r"《[^《》]*》")
# a sentence saying no fee was collected
_NO_FEE = re.compile(r"未|没有|无|不收|免收|免予|免费|零元|(?<![\d.])0(?:\.0+)?\s*(?:万)?元")
_COLLECTED = re.compile(r"收取|收缴|收到|收费")
# (and a table of fees in section 六: its 金额（元） heading, then its figures)
_AMOUNT = re.compile(r"\d[\d,，.]*\s*(?:万)?元|[零一二两三四五六七八九十百千万]+元|[（(](?:单位[:：])?万?元[）)].*\d")
# a sentence about fees the organ would or may collect, not ones it did: "…明显超过合理范围的，本机关将
# 依照《…管理办法》收取信息处理费", "可以收取"
_IF_ANY = re.compile(r"(?:将|可以?|应当?|拟|予以)[^。；，,]{0,40}?收取|如|若|超过合理范围")
# a heading ending in its sentence's mark: names what follows, says nothing ("（一）收取信息处理费情况。")
_TOPIC = re.compile(r"(?:情况|事项|说明)[：:]?$")


def check_fees(tpl: Template, ex: Extraction) -> list[Finding]:
    """fees.processing, for the formats with the unpaid-fee row (2021): that row above 0 and section
    六 saying nothing of the fees; a sentence of 六 saying fees were collected without an amount."""
    ru = rule("fees.processing")
    key = ru.params["key"]
    sec = ru.params["section"]
    if key not in tpl.keys or sec not in ex.sections.starts:
        return []
    six = without_spaces(ex.sections.texts.get(sec))
    out = []
    v = ex.tables.cells.get(key)
    words = ru.params["words"]
    if v and v > 0 and not any(w in six for w in ru.params["reported"]):
        where = [ex.tables.where[key]] if key in ex.tables.where else []
        out.append(Finding.of("fees.processing", None, [key], {key: v}, where, says={"cell": cell(tpl, key, v)}))
    sentences = [m.group(0) for m in _SENTENCE.finditer(six)]
    said = [_BOOK.sub("", s) for s in sentences]  # a cited document's title (《…信息处理费管理办法》) says nothing
    if any(any(w in s for w in words) and _AMOUNT.search(s) for s in said):
        return out  # the amount is reported (in a sentence of its own: "…收取信息处理费共计380元")
    for s in said:
        if not any(w in s for w in words) or not _COLLECTED.search(s) or _NO_FEE.search(s) or _AMOUNT.search(s):
            continue
        if _IF_ANY.search(s) or _TOPIC.search(s):
            continue
        quote = s if len(s) <= 40 else s[:40] + "…"
        out.append(Finding.of("fees.processing", ru.text("no_amount", quote=quote), values={"text": s}))
        break
    return out


def check_office(tpl: Template, ex: Extraction, own_sections: bool = False) -> list[Finding]:
    """Every check of this module, in order; ``own_sections``: the report's sections are its own (a report
    of the years before the national format): what the template's sections hold is not asked of them."""
    sections = [] if own_sections else check_sections(tpl, ex)
    return check_period(ex) + check_units(tpl, ex) + sections + check_fees(tpl, ex)


__all__ = ["check_fees", "check_office", "check_period", "check_sections", "check_units"]
