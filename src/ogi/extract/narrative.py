"""Figures stated in the prose: "收到申请N件", "上年结转N件", "未发生…复议".

Which words make which measure, and which table values each must agree with,
is data in the template (``[[measure]]``, ``[[rate]]`` and ``[[negation]]``); this module
finds the figures, attributes them and normalizes numerals (二十三件, 1,234件).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from ogi.model import Where
from ogi.template import spec, templates
from ogi.template.text import CN_DIGITS, CN_UNITS

# the words a figure of the prose is counted in (cases, applications)
FIGURE_UNITS = ("件", "起", "宗", "个申请", "次申请", "人次")
# (the lookahead first: a digit or numeral where a figure begins — the search tries the alternatives only there)
_FIGURE = re.compile(
    r"(?=[\d零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟])"
    r"(\d+(?:\.\d+)?万|\d[\d,，]*|[零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+)\s*(?:余|多)?\s*("
    + "|".join(FIGURE_UNITS)
    + ")"
)
_QUOTE_START = re.compile(r"[，,：:）)》]")
_CLAUSE_END = re.compile(r"[。；;！!？?]")
# Figures about other things end the window: "其中…", "占…%", "同比…".
_PARTS_OF = "其中"  # the figures after it are parts of the one before
_STOP_AFTER = (_PARTS_OF, "占", "同比", "比上年", "较上年")
# The share printed right after a figure: "42件（占51.85%）", "42件，占比51.85%", "42件(51.85%)";
# a bare "42件，100%…" is not one (100%按时答复).
_SHARE = re.compile(
    r"\s*(?:[（(]\s*(?:(?:占|比例|比重)[^%％，,。；;（）()\d]{0,12}?)?|[，,]?\s*(?:占|比例|比重)[^%％，,。；;（）()\d]{0,12}?)"
    r"(\d+(?:\.\d+)?)\s*[%％]\s*[）)]?"
)
_DENIALS = ("未", "没有", "无")  # the words of denial (every negation of formats.toml's opens with one)
# "行政复议、行政诉讼分别为2件、7件", "行政复议、行政诉讼各1件"
_RESPECTIVELY = re.compile(r"分别为|分别是|分别有|分别|各为|各有|各")
_LISTING = re.compile(r"(?:分别|各)[为是有]?\s*[\d零〇一二两三四五六七八九十百千万]")
_FIGURE_JOIN = re.compile(r"\s*(?:、|，|,|和|及|与|以及)?\s*")
_ITEM_SPLIT = re.compile(r"、")
_ITEM_SPLIT_WIDE = re.compile(r"、|和|与|及|以及")
# A year the prose names ("2022年"); inside a cited document's title 《…》 it names the document,
# after 较/与/比 the period compared with ("与2022年相比，共收到…": the figure is this year's), in a
# date other than a year's first or last day a day ("截至2024年1月10日", after the year reported).
# (The pattern opens with the year's "2", the look-behind after it: a search then looks for a "2"
# before it tries the rest, not at every character.)
_YEAR = re.compile(r"(2(?<![较与比同]2)0\d\d)年(?!(?!1月1日|12月31日)\d{1,2}月\d{1,2}日)")
_BOOK = re.compile(r"《[^《》]*》")
# A figure read beside these words is about another period than the one reported: a comparison,
# a cumulative figure, a plan, a span of years.
_HEDGE = re.compile(
    r"较|比上|比去|同比|环比|相比|对比|增长|增加|减少|下降|上升|持平|以来|累计|计划|预计|拟|将|力争|争取|目标|"
    r"20\d\d年?[-－—~～至到]20\d\d"
)


def cn_number(s: str) -> int | None:
    """二十三 → 23, 一百零五 → 105, 壹佰零伍 → 105, 1,234 → 1234, 0.13万 → 1300."""
    s = s.replace(",", "").replace("，", "")
    if s[-1:] == "万" and s[:1].isdigit():  # 0.13万 (a count in ten thousands): a whole number of them
        n = float(s[:-1]) * 10_000
        return int(n) if n == int(n) else None
    if s.isdigit():
        return int(s) if len(s.lstrip("0")) <= 15 else None  # past any figure (and int()'s digit limit)
    total, section, num = 0, 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            num = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit == 10000:
                section = (section + num) * unit
                total += section
                section = 0
            else:
                section += (num or 1) * unit
            num = 0
        else:
            return None
    return total + section + num


@dataclass(slots=True)
class Statement:
    """One figure the prose states (or a sentence saying nothing happened: ``value`` 0).

    ``keys`` are the table values whose sum it states, ``alternatives`` other sums it may state
    (受理 counting the applications carried in). ``share`` is the percentage printed after it
    (42件（占51.85%）) and ``share_digits`` its decimals. ``year`` is the year its words name
    ("2022年，本局共收到…"), None when they name none; ``hedged`` when they compare, plan or
    count over years (较2022年, 计划, 以来), so the figure may be of another period."""

    measure: str
    value: int
    keys: tuple[str, ...]
    quote: str  # the words of the prose that state it
    where: Where
    alternatives: tuple[tuple[str, ...], ...] = ()
    share: float | None = None
    share_digits: int = 0
    year: int | None = None
    hedged: bool = False
    share_of: tuple[tuple[str, ...], ...] = ()  # the sums ``share`` may be a share of
    other_years: tuple[int, ...] = ()  # years (relative to the report's) its words may name


@dataclass(slots=True)
class StatedRate:
    """A rate the prose states without a count (申请公开率为47.2%): ``percent`` as printed (47.2) and its
    ``digits`` (decimals), of the template's ``[[rate]]`` ``measure``; ``parts`` and ``share_of`` its sums (the
    template's); ``quote`` its words; ``where`` its place."""

    measure: str
    percent: float
    digits: int
    parts: tuple[tuple[str, ...], ...]
    share_of: tuple[tuple[str, ...], ...]
    quote: str
    where: Where


@dataclass(frozen=True, slots=True)
class _Measure:
    id: str
    keys: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...]
    share_of: tuple[tuple[str, ...], ...]
    other_years: tuple[int, ...]
    nots: re.Pattern[str] | None
    groups: tuple[re.Pattern[str], ...]
    pattern: re.Pattern[str] | None
    noted: tuple[str, ...] = ()  # (:attr:`ogi.template.model.Measure.noted`)
    noted_alternatives: tuple[tuple[str, ...], ...] = ()


@cache
def _negations() -> list[tuple[str, re.Pattern[str], tuple[str, ...], tuple[str, ...]]]:
    return [(n.id, re.compile(n.pattern), n.keys, n.unless) for n in spec().negations]


@cache
def _measures() -> list[_Measure]:
    """Each measure's word groups, not-words and patterns as compiled alternations (searched in C)."""
    out = []
    for m in spec().measures:
        out.append(
            _Measure(
                m.id,
                m.keys,
                m.alternatives,
                m.share_of,
                m.other_years,
                re.compile("|".join(map(re.escape, m.not_words))) if m.not_words else None,
                tuple(re.compile("|".join(map(re.escape, g))) for g in m.words),
                re.compile("|".join(f"(?:{p})" for p in m.patterns)) if m.patterns else None,
                m.noted,
                m.noted_alternatives,
            )
        )
    return out


@cache
def _any_word() -> re.Pattern[str]:
    """Every word and pattern of every measure: a window holding none of them states no measure."""
    alts = [re.escape(w) for m in spec().measures for g in m.words for w in g]
    alts += [f"(?:{p})" for m in spec().measures for p in m.patterns]
    return re.compile("|".join(alts))


@cache
def _column_before() -> re.Pattern[str]:
    """The words naming one of table 3's applicant columns right before a figure ("其中新收申请中自然人
    17件", "企业申请3件"): the figure is that column's, not a measure's total. From the template's column
    headings (a group's too, and its parts: 法人或其他组织, 法人, 其他组织) and what prose calls them (``said``)."""
    names: set[str] = set()
    for tpl in templates():
        for t in tpl.tables:
            if not any(c.group for c in t.columns):
                continue  # the tables of applicants' columns (表三)
            for c in t.columns:
                names.update([c.label, *c.said])
                if c.group:
                    names.update([c.group, *c.group.split("或")])
    names -= {"总计", "其他"}  # the total's, and a word too common to name a column
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?:{alts})(?:提出|申请|的)*\s*$")


@lru_cache(maxsize=8192)
def _measure_of(window: str) -> _Measure | None:
    """The first measure whose words ``window`` holds (windows recur across reports: cached)."""
    if _any_word().search(window) is None:
        return None
    for m in _measures():
        met = False
        if m.groups:
            met = True
            for g in m.groups:
                if g.search(window) is None:
                    met = False
                    break
        if not met and m.pattern is not None:
            met = m.pattern.search(window) is not None
        if met and (m.nots is None or m.nots.search(window) is None):
            return m
    return None


def _carried_into(window: str, year: int) -> bool:
    """Whether ``window`` says a figure was carried to the report's own ``year`` (结转至2023年, 转入2023年 in
    the report on 2023): carried in from the year before, not out to the next."""
    return any(f"{w}{year}年" in window for w in ("结转至", "结转到", "转入", "转至", "转到", "顺延至", "结转"))


@cache
def _measure_by_id(mid: str) -> _Measure:
    return next(m for m in _measures() if m.id == mid)


def _year_marks(clause: str, year: int | None = None) -> list[tuple[int, int]]:
    """(offset, year) of each year ``clause`` names, outside the titles of documents it cites
    (《…2023年…》); with the report's ``year``, 上年 and 去年 too (the year before: 上年收到申请35件 is last
    year's figure; 上年结转 is this year's carried in)."""
    if "年" not in clause:
        return []
    if "《" in clause:
        clause = _BOOK.sub(lambda m: "　" * len(m.group(0)), clause)
    marks = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(clause)]
    if year is not None and ("上" in clause or "去年" in clause):
        last = [(m.start(), year - 1) for m in _LAST_YEAR.finditer(clause)]
        if last:  # (本年, 今年 then name the report's year: 上年收到40件，本年收到51件 compares the two)
            marks = sorted([*marks, *last, *((m.start(), year) for m in _THIS_YEAR.finditer(clause))])
    return marks


# the year before the report's, named so (上年, 上一年, 上年度, 去年) — not in the words of what was carried in
# from it (上年结转, 上年度未办结, 上年遗留: this year's) nor in 较上年 (a comparison names this year's figure)
_LAST_YEAR = re.compile(r"(?<![较比与同])(?:上一?年度?|去年)(?!度?(?:结转|未办结|遗留|同期))")
_THIS_YEAR = re.compile(r"本年度?|今年|当年")


@dataclass(slots=True)
class _Figure:
    start: int
    end: int  # past the figure and the share printed after it
    value: int | None
    text: str
    share: float | None
    share_digits: int


# a figure said as an approximation: 140余件, 20多件 (in the figure's match), 近25件, 约30件, 逾百件, 25件左右
_ABOUT_BEFORE = ("近", "约", "逾", "超过", "大约", "将近", "接近", "不足", "不到")
_ABOUT_AFTER = ("左右", "上下")


def _figures(clause: str) -> list[_Figure]:
    """The figures of a clause (a count with its unit; a share printed after it). A figure said as an
    approximation (140余件, 近25件, 约30件, 25件左右) has no value: no table's exact count is held against it."""
    out = []
    for fm in _FIGURE.finditer(clause):
        end, share, digits = fm.end(), None, 0
        sm = _SHARE.match(clause, end)
        if sm:
            end, share = sm.end(), float(sm.group(1))
            digits = len(sm.group(1).partition(".")[2])
        start = fm.start()
        about = (
            "余" in fm.group(0)
            or "多" in fm.group(0)
            or clause[max(0, start - 2) : start].endswith(_ABOUT_BEFORE)
            or clause.startswith(_ABOUT_AFTER, fm.end())
        )
        out.append(_Figure(start, end, None if about else cn_number(fm.group(1)), fm.group(0), share, digits))
    return out


def _quote(window: str, fig: _Figure) -> str:
    return (_QUOTE_START.split(window)[-1][-30:] + fig.text).strip(" ,，、")


def _respectively(clause: str, figs: list[_Figure], lo: int) -> tuple[int, list[tuple[_Measure, _Figure, str]]]:
    """ "A、B分别为X件、Y件" / "A、B各X件" starting after ``lo``: (figures used, statements)."""
    first = next((i for i, f in enumerate(figs) if f.start >= lo), None)
    if first is None:
        return 0, []
    rm = None
    for m in _RESPECTIVELY.finditer(clause, lo, figs[first].start):
        rm = m
    if rm is None or clause[rm.end() : figs[first].start].strip():
        return 0, []
    run = [figs[first]]
    for f in figs[first + 1 :]:
        if _FIGURE_JOIN.fullmatch(clause[run[-1].end : f.start]) is None:
            break
        run.append(f)
    head = clause[lo : rm.start()]
    for split in (_ITEM_SPLIT, _ITEM_SPLIT_WIDE):
        items = [t for t in split.split(head) if t]
        if len(items) < 2:
            continue
        each = rm.group(0).startswith("各")
        if each and len(run) >= 1:
            pairs = [(it, run[0]) for it in items]
            used = 1
        elif len(items) <= len(run):
            pairs = list(zip(items, run[: len(items)], strict=True))
            used = len(items)
        else:
            continue
        found = [_measure_of(it) for it, _ in pairs]
        if all(m is not None and m.keys for m in found):
            quote = (head + clause[rm.start() : run[used - 1].end]).strip(" ,，、")
            quote = _QUOTE_START.split(quote)[-1] if len(quote) > 40 else quote
            return used, [(m, f, quote) for m, (_, f) in zip(found, pairs, strict=True) if m is not None]
    whole = _measure_of(head)
    items = [t for t in _ITEM_SPLIT_WIDE.split(head) if t]
    if whole is None or not whole.keys or len(items) < 2 or len(run) < 2:
        return 0, []
    # the items are what a measure's figure is counted by (收到自然人、法人或其他组织的申请分别为20件、3件): table 3's
    # applicant columns, each its figure (else read as ever, figure by figure)
    quote = (head + clause[rm.start() : run[min(len(items), len(run)) - 1].end]).strip(" ,，、")
    quote = _QUOTE_START.split(quote)[-1] if len(quote) > 40 else quote
    cols = [_applicant_columns_in(it) for it in items]
    if len(items) == len(run) and all(cols) and all(k.startswith("t3.") and k.endswith(".total") for k in whole.keys):
        parts = [tuple(f"{k.removesuffix('.total')}.{c}" for k in whole.keys for c in col) for col in cols]
        return len(run), [
            (replace(whole, keys=keys, alternatives=(), share_of=()), f, quote)
            for keys, f in zip(parts, run, strict=True)
        ]
    return 0, []


@cache
def _applicant_columns() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Table 3's applicant columns as the prose names them, the longest name first: each column's label (自然人) and
    its group's (法人或其他组织: its columns together), with their keys."""
    named: dict[str, tuple[str, ...]] = {}
    for tpl in templates():
        for c in tpl.table("t3").columns:
            if c.group is None and c is tpl.table("t3").columns[-1]:
                continue  # (总计: the row's own)
            named.setdefault(c.label, (c.key,))
            if c.group and c.key not in named.get(c.group, ()):
                named[c.group] = (*named.get(c.group, ()), c.key)
    return tuple(sorted(named.items(), key=lambda kv: -len(kv[0])))


def _applicant_columns_in(item: str) -> tuple[str, ...]:
    """The keys of the table 3 applicant column (or group of them) an item of a list names (收到自然人: natural);
    () for none, or for more than one."""
    found = [keys for name, keys in _applicant_columns() if name in item]
    return found[0] if found and all(set(k) <= set(found[0]) for k in found) else ()


def _year_of(clause: str, marks: list[tuple[int, int]], lo: int, hi: int, topic_end: int) -> tuple[int | None, bool]:
    """The year the words ``clause[lo:hi]`` before a figure name, else the year the clause opens
    with (before ``topic_end``, its first figure); and whether those words hedge."""
    for a, b in ((lo, hi), (0, topic_end)):
        ys = [y for at, y in marks if a <= at < b]
        if ys:
            return ys[-1], len(set(ys)) > 1 or _HEDGE.search(clause, a, b) is not None
    return None, False


def may_state(line: str) -> bool:
    """Whether a line of a table's region may state a figure the prose checks hold against the tables: a
    sentence (。) with a figure's unit (本年度发生行政复议2件。), or denying what a negation of formats.toml's
    names (全年未发生行政诉讼。: no 件, still a statement of 0)."""
    if "。" not in line:
        return False
    if any(u in line for u in FIGURE_UNITS):
        return True
    return denies(line) and any(pat.search(line) for _, pat, _, _ in _negations())


def denies(text: str) -> bool:
    """Whether ``text`` holds a word of denial (:data:`_DENIALS`)."""
    a, b, c = _DENIALS  # (three tests: a generator over them costs as much as the rest of a clause's)
    return a in text or b in text or c in text


def _in_clause(clause: str, report_year: int | None = None) -> list[tuple[int, Statement]]:
    """The statements of one clause, each with its offset in the clause (``report_year``: the report's,
    where known: 上年 names the year before it)."""
    out: list[tuple[int, Statement]] = []
    figs = _figures(clause)
    # The year a clause opens with ("2024年，本局共收到…") governs its figures, unless a
    # figure's own words name another ("…结转至2026年6件").
    topic_end = figs[0].start if figs else len(clause)
    marks = _year_marks(clause, report_year)
    # A clause naming several years compares them: a figure said of one of them may be of either.
    several_years = len({y for _, y in marks}) > 1

    def add(m: _Measure, fig: _Figure, quote: str, lo: int) -> None:
        if fig.value is None:
            return
        year, hedged = _year_of(clause, marks, lo, fig.start, topic_end) if marks else (None, False)
        alternatives = m.alternatives
        note = _NOTE_AFTER.match(clause, fig.end) if m.noted else None
        if note is not None and any(w in note.group(0) for w in m.noted):  # 收到申请53件（含上年结转2件）
            alternatives = (*alternatives, *m.noted_alternatives)  # new and carried in
        st = Statement(m.id, fig.value, m.keys, quote, Where(), alternatives, fig.share, fig.share_digits)
        st.year, st.hedged, st.share_of, st.other_years = year, hedged or several_years, m.share_of, m.other_years
        out.append((fig.start, st))

    prev = 0
    i = 0
    other = _NOT_OURS.search(clause)  # words saying a figure counts something else (its clause's subject after it)
    listing = ("分别" in clause or "各" in clause) and _LISTING.search(clause) is not None
    # figures listed after 其中 as parts of a count of documents ("审核公文2778件，其中主动公开1184件、依申请
    # 公开128件、不予公开124件": their 公开属性) are no applications' outcomes: none of the tables'
    parts = clause.find(_PARTS_OF)
    documents = parts if parts > 0 and "公文" in clause[:parts] else len(clause)
    while i < len(figs):
        used, found = _respectively(clause, figs, prev) if listing else (0, [])
        if used and found:
            for m, fig, quote in found:
                add(m, fig, quote, prev)
            i = figs.index(found[-1][1]) + 1
            prev = figs[i - 1].end
            continue
        fig = figs[i]
        if fig.start > documents:
            break
        if (was := _FROM_BEFORE.search(clause, max(prev, fig.start - 12), fig.start)) and _CHANGED_TO.match(
            clause, fig.end
        ):
            # "由21件增加到26件", "由上年的21件增加到26件": the year before's figure (its year's words none of the one
            # after's); the words before it name the one after
            marks = [(at, y) for at, y in marks if not was.start() <= at < fig.start]
            i += 1
            continue
        lo = prev
        window = clause[prev : fig.start]
        prev = fig.end
        i += 1
        cut = max([window.rfind(w) for w in _STOP_AFTER])
        if cut >= 0:
            window = window[cut:]
        if "%" in window or "％" in window:  # "…，占比20%，其他处理1件": what follows the percentage
            window = window[max(window.rfind("%"), window.rfind("％")) + 1 :]
        if window[-2:] in _CHANGE_WORDS or window[-1:] in ("多", "少"):
            continue  # "收到申请数增加11件", "较上年多3件": a change, not the count
        if _NOT_OURS.search(window) is not None:
            continue  # 受理行政许可申请3000件, 作为行政复议机关收到…, 累计, 涉及征地拆迁类的: not the tables' count
        if other is not None and other.end() <= fig.start and "公开" not in clause[other.end() : fig.start]:
            continue  # (…行政许可申请3000件，办结2890件: the clause goes on of that subject, no other named)
        if "含" in window or "包括" in window:  # 予以公开（含部分公开）11件: the two together
            window = _INCLUDED.sub(r"和\1", window)
        # The words of the figure's own comma-delimited part; the words before it only when that
        # part names nothing and they deny nothing ("全年未收到行政复议申请，共有12件…" is not 复议).
        cut = max(window.rfind("，"), window.rfind(","))
        found_m = _measure_of(window[cut + 1 :]) if cut >= 0 else None
        if found_m is None and cut >= 0 and not window[cut + 1 :].strip() and _names_after(clause, fig.end):
            continue  # "…，1件行政复议被纠错": the figure opens its part, and the words after it say what it counts
        if found_m is None and (cut < 0 or not denies(window[:cut])):
            found_m = _measure_of(window)
        if found_m is None or not found_m.keys or _column_before().search(window):
            continue
        if found_m.id == "carried_out" and report_year and _carried_into(window, report_year):
            found_m = _measure_by_id("carried_in")  # "2022年结转至2023年办理的2件": carried into the report's year
        if _detail_after(clause, fig.end, figs[i].start if i < len(figs) else len(clause)):
            continue  # "其中行政复议21件维持原决定": the words after the figure say it counts a part of the cases
        add(found_m, fig, _quote(window, fig), lo)
    # every negation opens with a word of denial (formats.toml's [[negation]]): a clause without one has none
    for nid, pat, keys, unless in _negations() if denies(clause) else ():
        for nm in pat.finditer(clause):
            # `unless` words are looked for in the comma-delimited part holding the match
            lo = max(clause.rfind(",", 0, nm.start()), clause.rfind("，", 0, nm.start())) + 1
            hi = min(
                (p for p in (clause.find(",", nm.end()), clause.find("，", nm.end())) if p >= 0),
                default=len(clause),
            )
            if any(w in clause[lo:hi] for w in unless) or _NOT_OURS.search(clause, lo, nm.start()):
                continue  # (其余乡镇未收到申请: said of others)
            before = max((f.end for f in figs if f.end <= nm.start()), default=0)
            year, hedged = _year_of(clause, marks, before, nm.start(), topic_end) if marks else (None, False)
            st = Statement(nid, 0, keys, nm.group(0), Where(), year=year, hedged=hedged or several_years)
            out.append((nm.start(), st))
    return out


# the words of a change a figure may follow (增加11件: no count)
_CHANGES = ("增加", "减少", "上升", "下降", "增长", "提高", "降低")
_CHANGE_WORDS = frozenset((*_CHANGES, "增多", "回落"))
# a note in brackets right after a figure (共收到申请53件（含上年结转2件）)
_NOTE_AFTER = re.compile(r"\s*[（(][^（）()]{1,30}[）)]")
# a part a figure's words say is included (予以公开（含部分公开）): read as the two together
_INCLUDED = re.compile(r"[（(](?:含|包括|包含)([^（）()，,]{2,12})[）)]")


def _names_after(clause: str, at: int) -> bool:
    """Whether the words after a figure, to the end of its comma-delimited part, name a measure (1件行政复议)."""
    ends = [p for p in (clause.find("，", at), clause.find(",", at)) if p >= 0]
    return _measure_of(clause[at : min(ends) if ends else len(clause)]) is not None


def _detail_after(clause: str, at: int, upto: int) -> bool:
    """Whether the words right after a figure (to the end of its comma-delimited part, or the next figure)
    name an outcome of the cases it counts (维持原决定, 被纠错: a measure of no table key, formats.toml's
    ``review_detail``): the figure counts those, a part of the cases."""
    ends = [p for p in (clause.find("，", at), clause.find(",", at)) if p >= 0]
    after = clause[at : min([upto, *ends])]
    m = _measure_of(after) if after.strip() else None
    return m is not None and not m.keys


# after a figure, the words of a change to another (由21件增加到26件, 由5件减少至2件)
# 由 and the words of a figure's year before it, the figure next (由21件, 由上年的21件, 由2022年的21件增加到…)
_FROM_BEFORE = re.compile(r"由(?:(?:上|去|前一?)年度?|20\d\d年度?)?的?$")
_CHANGED_TO = re.compile(rf"\s*(?:{'|'.join(_CHANGES)}|增|减|升|降)?(?:到|至)")

# what a clause stating a figure or denying one holds: a figure's unit, or a denial
_CLAUSE_WORDS = re.compile("|".join((*FIGURE_UNITS, *_DENIALS)))
# a clause correcting a figure printed before (更正说明：原报告“共收到申请115件”有误，应为105件; 由115件更正为
# 105件; 原为115件): the old figure and the new side by side, neither stated of the year as the tables are
_CORRECTING = re.compile("更正|有误|勘误|误为|原为|原报告")
# a sentence opening with an example's words: figures of no report (a workbook form's 填表说明: 例如：新收10件…)
_EXAMPLE = re.compile(r"\s*(?:例如|比如|譬如|举例|示例|假设|假如|例[:：]|如[:：])")


# words before a figure saying it counts no figure of the tables: applications of another kind (行政许可申请, 报销申请:
# not for information), cases the organ decides as the review body (作为行政复议机关), a sum over several years
# (2022—2024年累计, 历年累计: not 全年累计, the year's), a kind among the applications (涉及征地拆迁类的), a part
# of a county's organs (各乡镇, 其余乡镇, 县直部门, 县本级: a county's report telling its parts' figures), a unit
# under the organ (其中，局属执法支队收到申请12件; 下属单位, 直属机构, 局属国有林场, 局属学校: not after 及, 和, 含 —
# 本局及所属单位共收到申请 is the organ's whole)
# (the lookahead first: a character one of them can begin with — the search tries the alternatives only there, a
# third of the time)
_NOT_OURS = re.compile(
    r"(?=[\d许审报补救登备复赔低医社信作历多以累涉各其所下县市区旗镇乡局厅委直二])(?:"
    r"(?:许可|审批|报销|补贴|救助|登记|备案|复核|赔偿|低保|医保|社保|信访)(?:事项)?申请|作为(?:行政)?复议机关"
    r"|(?:\d{4}\s*[—–\-至到~]\s*\d{4}年度?|历年|多年|以来)[^，,。；]{0,8}累计|累计至今|涉及[^，,。；]{1,12}类"
    r"|(?:各|其余|其他|所属|下属|涉及)(?:乡镇|镇街|街道|乡|镇)|[县市区旗]直(?:各)?(?:部门|单位)|[县市区旗镇乡]本级"
    r"|(?<![及和与含括])(?:局属|厅属|委属|所属|下属|直属|二级)[^，,。；、]{0,10}?"
    r"(?:单位|机构|[支大中]队|中心|站|所|院|林场|农场|牧场|学校|中学|小学|幼儿园|博物馆|图书馆|文化馆|管理处|公司)"
    r")"
)
# a clause saying what it counts concerns no disclosure (…行政复议案件6件（均不涉及政府信息公开）)
_NOT_DISCLOSURE = re.compile(r"不涉及(?:政府)?信息公开|与(?:政府)?信息公开无关")


_Sums = tuple[tuple[str, ...], ...]


@cache
def _rates() -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None, _Sums, _Sums]]:
    """Each ``[[rate]]`` of the template: its id, the pattern of one of its words and the percentage after it in the
    clause (no other figure between), its not-words, parts and bases."""
    out = []
    for r in spec().rates:
        words = "|".join(map(re.escape, sorted(r.words, key=len, reverse=True)))
        # (the percentage in the rate's own part: no comma, no other rate or degree between — 依申请公开率稳步提升，
        # 按时答复率达100% is the replies' rate)
        pattern = re.compile(rf"(?:{words})[^。；;！!？?%％\d，,、率度]{{0,20}}?(\d+(?:\.\d+)?)\s*[%％]")
        nots = re.compile("|".join(map(re.escape, r.not_words))) if r.not_words else None
        out.append((r.id, pattern, nots, r.parts, r.share_of))
    return out


def stated_rates(text: str, anchors: list[tuple[int, Where]], year: int | None = None) -> list[StatedRate]:
    """The rates prose ``text`` states (the template's ``[[rate]]``: 申请公开率…为47.2%), ``anchors`` as for
    :func:`statements`; a clause comparing years, naming another year than the report's ``year``, or correcting
    a figure states none of its year; a rate of 100% none (said loosely of every application answered)."""
    out: list[StatedRate] = []
    if "率" not in text:
        return out
    offsets = [a[0] for a in anchors]
    end = -1
    for clause in _CLAUSE_END.split(text):
        base = end + 1
        end = base + len(clause)
        if "率" not in clause or _CORRECTING.search(clause) is not None:
            continue
        if any(y != year for _, y in _year_marks(clause, year)):
            continue
        for rid, pattern, nots, parts, share_of in _rates():
            if nots is not None and nots.search(clause) is not None:
                continue
            for m in pattern.finditer(clause):
                p = m.group(1)
                if float(p) >= 100:
                    continue  # (依申请公开率100%: said of every application answered, as reports use it loosely)
                i = bisect.bisect_right(offsets, base + m.start()) - 1
                where = anchors[max(i, 0)][1] if anchors else Where()
                digits = len(p.partition(".")[2])
                out.append(StatedRate(rid, float(p), digits, parts, share_of, m.group(0), where))
    return out


def statements(text: str, anchors: list[tuple[int, Where]], year: int | None = None) -> list[Statement]:
    """Statements found in prose ``text``; ``anchors`` map offsets to places
    (offset where each source line begins, sorted); ``year``: the report's, where known (上年 names the
    year before it)."""
    out: list[Statement] = []
    offsets = [a[0] for a in anchors]
    end = -1  # where the clause before ends (its mark, one character)
    for clause in _CLAUSE_END.split(text):  # (split, not finditer: no match object per clause)
        base = end + 1
        end = base + len(clause)
        if not clause or _CLAUSE_WORDS.search(clause) is None or _CORRECTING.search(clause) is not None:
            continue
        if _EXAMPLE.match(clause) is not None:
            continue  # (an example of how to count: a form's instructions, 例如：新收10件、上年结转2件，…)
        if "涉及" in clause and _NOT_DISCLOSURE.search(clause) is not None:
            continue  # (what the clause counts concerns no disclosure, it says)
        for pos, st in _in_clause(clause, year):
            i = bisect.bisect_right(offsets, base + pos) - 1
            st.where = anchors[max(i, 0)][1] if anchors else Where()
            out.append(st)
    return out
