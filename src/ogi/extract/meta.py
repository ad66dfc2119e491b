"""Metadata: reporting year, template version, organ name, region, publication date, statistics period."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ogi.model import Document, Where
from ogi.template import Template, spec, template, template_for_year

_TITLE = re.compile(r"(20\d\d)\s*年\s*度?\s*(?:政府)?(?:信息公开|政务公开)(?:工作)?\s*(?:年度)?\s*报告")
_PERIOD = re.compile(r"统计(?:期限|时限|时间|周期)[^0-9]{0,8}(20\d\d)\s*年\s*1\s*月\s*1\s*日")
_YEAR = re.compile(r"(20\d\d)\s*年")
_ORGAN_END = (
    "人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|管理委员会|管委会|委员会|"
    "局|委|厅|办|中心|院|所|署|馆|队|站|处|政府|总局|街道办事处|街道|镇|乡|公司"
)
_ORGAN = re.compile(rf"[\u4e00-\u9fff（）()]{{2,30}}?(?:{_ORGAN_END})")
_BY = re.compile(rf"由\s*([\u4e00-\u9fff]{{2,30}}?(?:{_ORGAN_END}))\s*(?:根据|依据|按照|编制|编写|负责|制作|发布)")
_YEAR_LEAD = re.compile(rf"20\d\d\s*年度?\s*[,，]?\s*([\u4e00-\u9fff]{{2,30}}(?:{_ORGAN_END}))")
# "2019年上海市人民政府办公厅政府信息公开工作年度报告": the year first, the organ after it.
_TITLE_YEAR_FIRST = re.compile(
    rf"^(20\d\d)\s*年\s*度?\s*([\u4e00-\u9fff（）()]{{2,30}}?(?:{_ORGAN_END}))\s*(?:政府)?(?:信息公开|政务公开)"
    r"(?:工作)?\s*(?:年度)?\s*报告"
)
_NOT_ORGAN_START = tuple("我本在全各按根对以为经共今从将由该其此")
_REGION = re.compile(r"^((?:[\u4e00-\u9fff]{1,10}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|州|盟|县|区|旗))+)")


# "发布日期：2024-01-20", "发布时间 2024年1月20日" — a label, then the date (a page's own header)
_DATE = r"(20\d\d)[ \t]*[-/.年][ \t]*(\d{1,2})[ \t]*[-/.月][ \t]*(\d{1,2})"  # never across lines
_ISO_DATE = re.compile(_DATE)
_PUBLISHED = re.compile(r"((?:发布|公开|上网|发表)[ \t]*(?:日期|时间))[ \t]*[:：]?[ \t]*" + _DATE)


# "统计期限自2024年1月1日起至2024年12月31日止", "统计周期为2024年1月1日至12月31日": the first day, then the
# last (its year left out when it is the first's), on text without spaces
_DAY = r"(20\d\d)年(\d{1,2})月(\d{1,2})日"
_PERIOD_RANGE = re.compile(
    r"统计(?:期限|周期|时限|时间)[^0-9]{0,8}?" + _DAY + r"起?(?:至|到|—|-|～|~)(?:(20\d\d)年)?(\d{1,2})月(\d{1,2})日"
)


@dataclass(slots=True)
class Published:
    """When the report was published, and how we know: ``by`` is the label printed before the
    date (发布日期 …) or the page metadata it came from; ``where`` is its line."""

    date: date
    by: str
    where: Where | None = None


@dataclass(slots=True)
class Meta:
    year: int | None = None
    year_sources: dict[str, int] = field(default_factory=dict)
    agency: str | None = None
    region: str | None = None
    template: Template | None = None
    template_by: str = "year"  # "layout" or "year"
    layout_template: str | None = None
    published: Published | None = None
    period: str | None = None  # the statistics period stated, ISO 8601 days "start/end"


def find_year(doc: Document, sections_text: str | None) -> tuple[int | None, dict[str, int]]:
    head = "\n".join(ln.text for ln in doc.lines[:8])
    found: dict[str, int] = {}
    m = _TITLE.search(head.replace("\n", ""))
    if m:
        found["title"] = int(m.group(1))
    else:
        for ln in doc.lines[:8]:
            y = _TITLE_YEAR_FIRST.match(ln.text.replace(" ", "").strip())
            if y:
                found["title"] = int(y.group(1))
                break
    full_head = "\n".join(ln.text for ln in doc.lines[:40])
    m = _PERIOD.search(full_head.replace("\n", ""))
    if m:
        found["period"] = int(m.group(1))
    body = sections_text if sections_text else full_head
    years = Counter(int(y) for y in _YEAR.findall(body[:3000]))
    if years:
        found["prose"] = years.most_common(1)[0][0]
    for k in ("title", "period", "prose"):
        if k in found:
            return found[k], found
    return None, found


def _clean_organ(name: str) -> str | None:
    name = name.strip().strip("《》")
    name = re.sub(r"^(?:关于|中共)", "", name)
    if len(name) < 3 or name.startswith(_NOT_ORGAN_START):
        return None
    return name


def find_agency(doc: Document) -> str | None:
    lines = [ln.text.strip() for ln in doc.lines[:8]]
    for i, t in enumerate(lines):
        flat = t.replace(" ", "")
        m = _TITLE.search(flat)
        nxt = lines[i + 1].replace(" ", "") if i + 1 < len(lines) else ""
        if not m and nxt and len(flat) <= 30 and len(nxt) <= 30 and not _TITLE.search(nxt):
            # a title set over two lines: "平潭综合实验区2019年" / "政府信息公开工作年度报告"
            joined = flat + nxt
            m = _TITLE.search(joined)
            if m:
                flat = joined
        if not m:
            y = _TITLE_YEAR_FIRST.match(flat)
            name = _clean_organ(y.group(2)) if y else None
            if name:
                return name
            continue
        before = flat[: m.start()].strip()
        if before:
            name = _clean_organ(before)
            if name:
                return name
        if i > 0 and len(lines[i - 1]) <= 30:
            prev = lines[i - 1].replace(" ", "")
            if re.fullmatch(rf"[\u4e00-\u9fff（）()]{{2,30}}(?:{_ORGAN_END})", prev):
                return _clean_organ(prev)
        break
    text = "\n".join(ln.text for ln in doc.lines[:60])
    flat = text.replace(" ", "").replace("\n", "")
    m = _BY.search(flat[:3000])
    if m:
        name = _clean_organ(m.group(1))
        if name:
            return name
    for m in _YEAR_LEAD.finditer(flat[:6000]):
        name = _clean_organ(m.group(1))
        if name:
            return name
    return None


def find_region(agency: str | None) -> str | None:
    if not agency:
        return None
    m = _REGION.match(agency)
    if not m:
        return None
    region = m.group(1)
    if len(region) < 2 or (region == agency and not agency.endswith(("区", "县", "市", "旗"))):
        return None
    return region


def _date(y: str, m: str, d: str, year: int) -> date | None:
    """A publication date for a report on ``year``: after that year ends, within five years."""
    try:
        day = date(int(y), int(m), int(d))
    except ValueError:
        return None
    return day if year < day.year <= year + 5 else None


def find_published(doc: Document, year: int | None, line_texts: list[str] | None = None) -> Published | None:
    """The publication date the page states (its metadata, else a 发布日期 line), if any."""
    if year is None:
        return None
    if "PubDate" in doc.meta:
        m = _ISO_DATE.search(doc.meta["PubDate"])
        day = _date(*m.groups(), year) if m else None
        if day:
            return Published(day, "发布日期（网页元数据 PubDate）")
    text = "\n".join(line_texts if line_texts is not None else (ln.text for ln in doc.lines))
    for m in _PUBLISHED.finditer(text):
        day = _date(m.group(2), m.group(3), m.group(4), year)
        if day:
            ln = doc.lines[text.count("\n", 0, m.start())]
            where = next((c.where for c in ln.cells if _ISO_DATE.search(c.text)), ln.cells[0].where)
            return Published(day, re.sub(r"\s", "", m.group(1)), where)
    return None


def find_period(doc: Document, line_texts: list[str] | None = None) -> str | None:
    """The statistics period the report states (统计期限, in its first 100 lines) as ISO 8601 days
    ``"2024-01-01/2024-12-31"``; None when it states none, or days that do not exist or run backwards."""
    lt = line_texts if line_texts is not None else [ln.text for ln in doc.lines]
    m = _PERIOD_RANGE.search(re.sub(r"\s", "", "".join(lt[:100])))
    if m is None:
        return None
    y1, m1, d1, y2, m2, d2 = m.groups()
    try:
        start, end = date(int(y1), int(m1), int(d1)), date(int(y2 or y1), int(m2), int(d2))
    except ValueError:
        return None
    return f"{start.isoformat()}/{end.isoformat()}" if start <= end else None


def layout_template(doc: Document, line_texts: list[str] | None = None) -> str | None:
    """The format whose printed markers the tables carry, if any."""
    lt = line_texts if line_texts is not None else [ln.text for ln in doc.lines]
    flat = "".join(lt).replace(" ", "")
    scores = {tid: sum(1 for m in t.markers if m in flat) for tid, t in spec().templates.items()}
    best = max(scores.values())
    if best == 0:
        return None
    tops = [tid for tid, s in scores.items() if s == best]
    return tops[0] if len(tops) == 1 else None


def choose_template(layout: str | None, year: int | None) -> tuple[Template, str]:
    if layout is not None:
        return template(layout), "layout"
    return template_for_year(year), "year"
