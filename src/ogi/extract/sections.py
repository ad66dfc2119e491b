"""The six sections: where each begins, and the regions holding the tables."""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ogi.extract.meta import INTERPRETATION_WORDS, SIGN_DATE
from ogi.model import Document
from ogi.normalize import is_bullet, label_key, unbulleted, without_spaces
from ogi.template import Table, Template, spec
from ogi.template.text import AFTER_REPORT

_MAX_HEADING = 48


@cache
def _numerals() -> str:
    """The sections' numerals in order (their ids in the template: 一 … 六)."""
    return "".join(s.id for s in spec().sections)


@cache
def _head() -> re.Pattern[str]:
    """A numbered section heading: "一、总体情况", "一．总体情况", "第一部分 总体情况", "第一部分：总体情况",
    and "三 收到和处理…" (a scan whose 、 the OCR lost: the numeral and a space; the title must then
    name the section, as for every heading); "一总体情况", the numeral glued to a title that begins
    with a word naming its section (group 3)."""
    n = re.escape(_numerals() + _MORE)
    return re.compile(
        rf"^\s*(?:(?:第)?([{n}])(?:\s*[、.．,，:：]|\s+)|第([{n}])部分\s*[、.．,，:：]?|([{n}]))\s*(.{{1,40}})$"
    )


# a heading's numeral where a long line begins (一、总体情况2020年，我局…)
_LEADING = re.compile(r"^\s*([一二三四五六七八九十])\s*[、.．]\s*")


def _run_on_heading(t: str, last: int) -> tuple[int, int]:
    """The section (its index) whose numeral and whole title open ``t`` with more after them, after
    the section ``last`` found, and where what follows the title begins; (-1, 0) for none."""
    m = _LEADING.match(t)
    if m is None:
        return -1, 0
    num = _numerals().find(m.group(1))
    full = _full_titles()
    if num <= last or num >= len(full) or len(t) <= m.end() + len(full[num]):
        return -1, 0
    if not label_key(t[m.end() : m.end() + 3 * len(full[num])]).startswith(full[num]):
        return -1, 0
    title = spec().sections[num].title
    at = t.find(title, m.end())
    return num, (at + len(title) if at >= 0 else m.end() + len(full[num]))


# Numerals past the template's sections: a report adding sections of its own numbers the last of the
# template's 七, 八 (known then by their whole titles).
_MORE = "七八九十"


@cache
def _first() -> frozenset[str]:
    return frozenset(_numerals() + _MORE + "第")


@dataclass(slots=True)
class Sections:
    starts: dict[str, int]  # section id → index of its heading line
    texts: dict[str, str | None]  # section id → its text (without the heading)
    headings: dict[str, str]
    # the line where the report begins again after its last section (a page holding it twice: its first
    # section's heading once more), else None
    again: int | None = None
    # the line where the report's own text ends, after its last section (:func:`_report_end`: past its
    # signature's date, or where a page's furniture or a second attachment begins), else None
    end: int | None = None
    # section id → the line its heading begins on, where that is not its start's: its numeral printed on a line of
    # its own above its title (a page's badge 03 over 依申请公开情况); the section before ends there
    tops: dict[str, int] = field(default_factory=dict)


# a line of a table of contents (目录): a title, dot leaders, its page (一、总体情况……………1)
_CONTENTS_LINE = re.compile(r"(?:[.…·．。_-]{3,}|…)\s*\d{1,3}\s*$")
_PAGE_AFTER = re.compile(r"\s*\d{1,3}$")


def _paged(title: str) -> bool:
    """Whether a heading's title is a section's whole title with a page number after it (一、总体情况 1: a
    table of contents without dot leaders); no section's title ends in a figure."""
    p = _PAGE_AFTER.search(title)
    return p is not None and label_key(title[: p.start()]) in _full_titles()


def _listed(starts: dict[str, int]) -> bool:
    """Whether the sections' headings found (``starts``: their lines) stand on lines one after another, with
    no text between: a table of contents (目录) listing them without pages, not the report's sections."""
    at = sorted(starts.values())
    return len(at) > 1 and all(b - a == 1 for a, b in itertools.pairwise(at))


def _top(tops: dict[str, int], sid: str, first: int, at: int) -> None:
    """Note in ``tops`` where section ``sid``'s heading begins (``first``) where that is not its start (``at``)."""
    if first != at:
        tops[sid] = first
    else:
        tops.pop(sid, None)


def _forget(*found: dict[str, Any]) -> None:
    """The sections found so far forgotten (:func:`_listed`: they were a table of contents)."""
    for d in found:
        d.clear()


# a heading's numeral alone on its line (五、, 第五部分, 五; a page's badge 05 or 5.: looked for with the headings
# numbered otherwise)
_BARE_NUMERAL = re.compile(
    r"^(?:第?([一二三四五六七八九十])\s*[、.．:：]|第([一二三四五六七八九十])部分\s*[、.．:：]?|0?([1-9])\s*[、.．]|0([1-9]))$"
)
_HAN_FIRST = re.compile(r"[\u4e00-\u9fff]{2}")
# headings numbered otherwise than the template: 1.总体情况 (1、 1．), 【总体情况】, 【一、总体情况】
_ARABIC_HEAD = re.compile(r"^\s*0?([1-9])(?:\s*[.、．](?!\d)|\s+(?=\D))\s*")  # (05 总体情况: a page's badge)
# a title worded otherwise, alone on its line without its numeral (存在的主要问题和改进措施): a short line of words
# only, a keyword of the section next in order in it (looked for with the headings numbered otherwise)
_WORDS_ONLY = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff、和及与]{3,19}")


def _reworded(t: str, last: int) -> bool:
    """Whether ``t`` is the title of the section after ``last`` (its index; -1: none yet) worded otherwise
    than the template's, alone on its line (:data:`_WORDS_ONLY`, a keyword of that section's in it)."""
    secs = spec().sections
    return (
        last + 1 < len(secs) and _WORDS_ONLY.fullmatch(t) is not None and any(k in t for k in secs[last + 1].keywords)
    )


def _misread(title: str, full: str) -> bool:
    """Whether a heading's title (label key) is the template's ``full`` one with a character or two lost or
    read wrong (OCR's 六、其 需要报告的事项, 一、总休情况): three characters of four the same, in order."""
    if len(title) < 3 or abs(len(title) - len(full)) > 2:
        return False
    if 8 * sum(1 for ch in title if ch in full) < 3 * (len(title) + len(full)):
        return False  # (too few of its characters the title's to match so: no alignment worked out)
    return difflib.SequenceMatcher(None, title, full, autojunk=False).ratio() >= 0.75


_BRACKETED_HEAD = re.compile(r"^\s*[【\[]([^】\]]{2,40})[】\]]\s*$")
# what a heading numbered otherwise may open with (:func:`_numbered_otherwise`: a figure, a bracket)
_MAY_NUMBER_HEAD = frozenset("0123456789【[")


def _numbered_otherwise(t: str) -> str:
    """A heading numbered in Arabic figures (1.总体情况) or set in brackets (【一、总体情况】, 【总体情况】) as
    the template numbers it (一、总体情况; 总体情况); other lines as they are."""
    if (b := _BRACKETED_HEAD.match(t)) is not None:
        t = b.group(1)
    if (a := _ARABIC_HEAD.match(t)) is not None:
        num = int(a.group(1)) - 1
        numerals = _numerals() + _MORE
        if num < len(numerals):
            t = f"{numerals[num]}、{t[a.end() :]}"
    return t


def find_sections(doc: Document, line_texts: list[str] | None = None) -> Sections:
    """The six sections' headings and texts. A report whose headings are numbered otherwise than the
    template's (``1.总体情况``, ``【一、总体情况】``) or cut into a table row's cells is read so when its
    lines read as the template's find fewer sections (a report's own sub-items numbered 1. 2. never stand
    for its sections then)."""
    found = _find_sections(doc, line_texts, False)
    if len(found.starts) < len(spec().sections):
        other = _find_sections(doc, line_texts, True)
        if len(other.starts) > len(found.starts):
            return other
    return found


def _find_sections(doc: Document, line_texts: list[str] | None, otherwise: bool) -> Sections:
    secs = spec().sections
    starts: dict[str, int] = {}
    headings: dict[str, str] = {}
    first_text: dict[str, str] = {}  # a section's text on its heading's line (a run-on report's)
    tops: dict[str, int] = {}  # (Sections.tops)
    last = -1
    again: int | None = None
    ends, full = _title_ends(), _full_titles()
    head, first, numerals = _head(), _first(), _numerals()
    lines = doc.lines
    texts = line_texts if line_texts is not None else [ln.text for ln in lines]
    if otherwise:  # (a line of one cell longer than a heading opening with no numeral, figure or bracket: none)
        todo: Iterable[int] = [
            i
            for i, t in enumerate(texts)
            if len(lines[i].cells) != 1
            or ((s := t.strip()) and (len(s) <= _MAX_HEADING or s[0] in first or s[0] in _MAY_NUMBER_HEAD))
        ]
    else:  # (most lines: no numeral first and no title's end last, or cells of a row: no heading, passed over at once)
        todo = [
            i
            for i, t in enumerate(texts)
            if (s := t.strip()) and (s[0] in first or (s[-1] in ends and len(s) <= _MAX_HEADING))
        ]
    for i in todo:
        ln = lines[i]
        cells = ln.cells
        if len(cells) != 1:
            # a heading cut into a table row's cells (a PDF-to-markdown tool's: | |四、|政府信息公开行|政复议|…):
            # its cells joined, where the row holds no figure — looked for where the sections were not all
            # found (the second pass)
            if not otherwise or len(cells) > 20 or not any(c.text[:1] in first for c in cells):
                continue
            t = "".join(c.text.strip() for c in cells)
            if len(t) > _MAX_HEADING or t[:1] not in first or any(ch.isdigit() for ch in t):
                continue
        else:
            t = cells[0].text.strip()
        at = i  # the heading's line (its title's, where its numeral stands on a line of its own above it)
        if len(t) <= 6 and (bare := _BARE_NUMERAL.match(t)) and (bare.group(1) or bare.group(2) or otherwise):
            # a heading's numeral on a line of its own, its title on the next (五、 / 存在的主要问题和改进措施; a
            # page's badge 05 over its title): the two as one heading, at the title's line (a title of words: a
            # value alone on its line, 6., before a row's label (二)部分公开 is none)
            title = lines[i + 1].text.strip() if i + 1 < len(lines) and len(lines[i + 1].cells) == 1 else ""
            if _HAN_FIRST.match(title) and len(title) <= _MAX_HEADING and title[:1] not in first and "。" not in title:
                arabic = bare.group(3) or bare.group(4)
                num = int(arabic) - 1 if arabic else numerals.find(bare.group(1) or bare.group(2))
                if 0 <= num < len(numerals):
                    t, at = f"{numerals[num]}、{title}", i + 1
        if otherwise:
            t = _numbered_otherwise(t)
        lead = t[:1] in first
        if not lead and (len(t) > _MAX_HEADING or t[-1:] not in ends) and not (otherwise and _reworded(t, last)):
            continue  # (most lines) no numeral first and no title's end last: no heading
        m = head.match(t) if lead and len(t) <= _MAX_HEADING else None
        if not m and lead and (run_on := _run_on_heading(t, last))[0] >= 0:
            # a heading with its section's first paragraph run on after it (a report run together on one
            # line, broken at its headings): its whole title first, the rest the section's first text
            num = run_on[0]
            starts[secs[num].id] = at
            _top(tops, secs[num].id, i, at)
            headings[secs[num].id] = t[: run_on[1]]
            first_text[secs[num].id] = t[run_on[1] :].strip()
            last = num
            continue
        if len(t) > _MAX_HEADING:
            continue
        if m and t[-1:].isdigit() and (_CONTENTS_LINE.search(t) or _paged(m.group(4))):
            continue  # the report's table of contents
        if not m:
            if t[-1:] not in ends and not (otherwise and _reworded(t, last)):
                continue
            if is_bullet(t[0]):  # a mark before the heading (🔹一、总体情况)
                t = unbulleted(t)
                m = head.match(t) if t[:1] in first else None
        if not m:
            # a heading whose numeral was lost (OCR drops a bold 一、): its whole title alone on its line
            bare = label_key(t).lstrip(".,:")
            num = next((k for k in range(last + 1, len(secs)) if bare == full[k]), -1)
            if num < 0 and bare == full[0] and _listed(starts):  # after a table of contents without pages
                _forget(starts, headings, first_text, tops)
                num = 0
            elif num < 0 and bare == full[0] and last == len(secs) - 1 and t == headings.get(secs[0].id):
                again = i  # the report printed again after its last section (its headings numbered otherwise)
                break
            if num < 0 and otherwise and _reworded(t, last):  # the next section's title worded otherwise
                num = last + 1
            if num >= 0:
                starts[secs[num].id] = at
                _top(tops, secs[num].id, i, at)
                headings[secs[num].id] = t
                last = num
            continue
        num = numerals.find(m.group(1) or m.group(2) or m.group(3))  # -1: a numeral past the template's
        title = label_key(m.group(4))
        if num == 0 and last == len(secs) - 1 and again is None and t == headings.get(secs[0].id):
            if _listed(starts):  # the headings before were a table of contents (目录) without pages: the report's
                _forget(starts, headings, first_text, tops)
                last = -1
            else:
                again = i  # the report printed again after its last section
                break
        if m.group(3) and (num < 0 or not title.startswith(tuple(secs[num].keywords))):
            continue  # "一是…", "三年来…": a numeral beginning a sentence
        if (num <= last or not any(k in title for k in secs[num].keywords)) and not (
            num == last + 1 and not m.group(3) and _misread(title, full[num])
        ):
            # numbered otherwise (a layout that puts sections of its own first and numbers the
            # template's sections after them): the section whose whole title the heading states
            # (和 for 及: "六、存在的主要问题和改进情况" after a section of the report's own)
            said = title.replace("和", "及")
            num = next((k for k in range(last + 1, len(secs)) if full[k] in title or full[k] in said), -1)
            if num < 0:
                continue
        starts[secs[num].id] = at
        _top(tops, secs[num].id, i, at)
        headings[secs[num].id] = t
        run_on = _run_on_heading(t, last) if "。" in t else (-1, 0)
        if run_on[0] == num and "。" in t[run_on[1] :]:  # its first sentence after it on its line
            headings[secs[num].id] = t[: run_on[1]]
            first_text[secs[num].id] = t[run_on[1] :].strip()
        last = num
    texts: dict[str, str | None] = {}
    order = sorted(starts.items(), key=lambda kv: kv[1])
    lt = line_texts if line_texts is not None else [ln.text for ln in doc.lines]
    stop = again if again is not None else len(doc.lines)
    report_end = _report_end(doc, order[-1][1] + 1, stop) if order else None
    for j, (sid, i) in enumerate(order):
        nxt = order[j + 1][0] if j + 1 < len(order) else None
        end = tops.get(nxt, order[j + 1][1]) if nxt is not None else (report_end if report_end is not None else stop)
        texts[sid] = "\n".join([first_text[sid], *lt[i + 1 : end]] if sid in first_text else lt[i + 1 : end]).strip()
    for s in secs:
        texts.setdefault(s.id, None)
    return Sections(starts, texts, headings, again, report_end, tops)


# a date as a report's signature sets it under the organ (2024年1月26日, 二〇二四年一月二十六日: :data:`SIGN_DATE`),
# closing a line of no sentence (the organ's name may stand before it: 南湖区司法局 2024年1月26日), spaces out
_SIGNED = re.compile(rf"[^。，；：:,;]{{0,40}}?{SIGN_DATE}[)）]?")
# what a page prints after an article (its buttons, 【打印本页】 【关闭窗口】; its boxes of links and readings),
# and a second attachment of a notice (附件2: a work plan …): no text of the report
_AFTER_REPORT = re.compile(rf"(?:【[^】]{{2,8}}】\s*){{1,6}}$|{AFTER_REPORT}")
# the title of the report's 解读 printed after it on the page (《…2023年政府信息公开工作年度报告》解读, 图解：…)
_INTERPRETATION_TITLE = re.compile(
    rf"[《“\"]?[^。，；]{{2,60}}(?:年度报告|年报)[》”\"]?(?:的|之)?(?:政策)?(?:解读|图解)$|(?:{INTERPRETATION_WORDS})[：:]"
)


def _report_end(doc: Document, start: int, stop: int) -> int | None:
    """Where the report's own text ends in lines [start, stop) after its last section's heading: past the
    line of its signature's date (the organ and the date that close it; a table printed after the report,
    附表, is still read as the table it is, its region found apart), or at the first line of what a page or a
    notice prints after it (:data:`_AFTER_REPORT`: 【打印本页】, 相关链接, 相关解读 …, 附件2). None where neither
    stands: the text runs to ``stop``. What follows is no text of the last section, nor prose of the report
    (an interpretation's figures of another year, a work plan's of the next)."""
    lines = doc.lines
    for i in range(start, stop):
        cells = lines[i].cells
        if lines[i].grid is not None or len(cells) != 1:
            continue
        t = cells[0].text.strip()
        if _AFTER_REPORT.match(t) or _INTERPRETATION_TITLE.match(t):
            return i
        if t[-1:] in "日)）" and _SIGNED.fullmatch(without_spaces(t)):
            return i + 1
    return None


@cache
def _title_ends() -> frozenset[str]:
    """The characters the sections' titles end in (a line ending otherwise is no bare title)."""
    return frozenset(t[-1] for t in _full_titles())


@cache
def _full_titles() -> tuple[str, ...]:
    return tuple(label_key(s.title) for s in spec().sections)


def _appended(
    doc: Document,
    table: Table,
    after: int,
    grids: bool = False,
    heads: frozenset[int] | set[int] = frozenset(),
    stop: int | None = None,
) -> int | None:
    """Where a table printed after the report begins (at ``after`` or later, before ``stop``): the line titling
    it with its section's title (附表三：政府信息公开行政复议、行政诉讼情况), else the first line holding one of its
    anchors that is no sentence (行政复议 in §六's "行政复议4件。" is none of the table); with ``grids``, a line
    a grid's begins within :data:`_GRID_NEAR` lines of (its caption, or its own), no section's heading
    (``heads``) between."""
    title = without_spaces(next(s.title for s in spec().sections if s.id == table.section))
    lines = doc.lines
    span = range(max(after, 0), len(lines) if stop is None else stop)

    def near(i: int) -> bool:
        if not grids:
            return True
        for j in range(i, min(i + _GRID_NEAR, span.stop)):
            if lines[j].grid is not None:
                return True
            if j > i and j in heads:
                return False
        return False

    for i in span:
        t = lines[i].text
        if title in without_spaces(t) and len(t) < 3 * len(title) and near(i):
            return i
    for i in span:
        t = lines[i].text
        if "。" not in t and any(w in t for w in table.anchors) and near(i):
            return i
    # printed turned, with no anchor: the row of its rows' labels across the top (项目 | 规章 | 行政规范性文件 | …)
    labels = row_label_keys(table)
    for i in span:
        ln = doc.lines[i]
        if ln.grid is not None and sum(label_key(c.text) in labels for c in ln.cells) >= 3:
            return i
    return None


# lines from a table's caption (附表1 / 主动公开政府信息情况 / 第二十条第(一)项) to its grid's first, at most
_GRID_NEAR = 4


def _grid_start(doc: Document, table: Table, after: int, heads: set[int]) -> int | None:
    """Where ``table`` begins among the document's grids (:func:`_appended`'s tests, on a line a grid begins
    near): the first from ``after`` on, else before it; None where no line passes."""
    for a, b in ((after, len(doc.lines)), (0, after)):
        if (at := _appended(doc, table, a, grids=True, heads=heads, stop=b)) is not None:
            return at
    return None


def _held(doc: Document, table: Table, lo: int, hi: int) -> tuple[bool, int]:
    """Whether the grid beginning at line ``lo`` (its lines up to ``hi`` at most) is ``table``'s: a line naming one
    of its anchors (申请人情况, 行政复议), or three of its rows' labels among its cells (a row's each, or a turned
    table's across its top); and the line where the looking stopped (the grid's end, or where it was found so)."""
    labels = row_label_keys(table)
    lines = doc.lines
    g = lines[lo].grid
    named = 0
    i = lo
    while i < hi and lines[i].grid == g:
        ln = lines[i]
        text = ln.text
        if any(w in text for w in table.anchors):
            return True, i
        named += sum(label_key(c.text) in labels for c in ln.cells)
        if named >= 3:
            return True, i
        i += 1
    return False, i


def _grid_above(doc: Document, table: Table, top: int, end: int) -> int | None:
    """Where ``table``'s grid begins when it stands just above its section's heading (beginning at line ``top``; at
    most :data:`_GRID_NEAR` lines between, none with a figure) while the grids of its section (up to ``end``) are
    none of them its own: a floating table Word stores before the paragraph it hangs from, shown under it; a page
    setting its tables above their headings. None otherwise (its section holds its grid, or none stands above)."""
    mine = False  # (whether its section holds a grid at all: none holding this table's)
    i, hi = max(top, 0), min(end, len(doc.lines))
    while i < hi:
        if doc.lines[i].grid is None:
            i += 1
            continue
        held, i = _held(doc, table, i, hi)
        if held:
            return None  # (most reports: the section's first grid is its table's, its first lines tell)
        mine = True
    if not mine:
        return None
    k = top - 1
    while k >= max(top - 1 - _GRID_NEAR, 0) and doc.lines[k].grid is None:
        if _DIGIT.search(doc.lines[k].text):
            return None
        k -= 1
    if k < 0 or doc.lines[k].grid is None:
        return None
    g = doc.lines[k].grid
    start = k
    while start > 0 and doc.lines[start - 1].grid == g:
        start -= 1
    return start if _held(doc, table, start, k + 1)[0] else None


@cache
def row_label_keys(table: Table) -> frozenset[str]:
    """The keys (:func:`label_key`) of ``table``'s rows' labels."""
    return frozenset(label_key(r.label) for r in table.rows)


def _anchor(
    doc: Document, words: tuple[str, ...], after: int, before: int | None = None, grids: bool = False
) -> int | None:
    """The first line in [``after``, ``before``) holding one of ``words`` (with ``grids``, a table's row only)."""
    for i in range(max(after, 0), len(doc.lines) if before is None else before):
        ln = doc.lines[i]
        if grids and ln.grid is None:
            continue
        text = ln.text
        if any(w in text for w in words):
            return i
    return None


# a table named by its number (附表1, 表二): no figure of the section's own
_TABLE_REF = re.compile(r"附?表\s*[一二三四五六七八九十\d]+")
_DIGIT = re.compile(r"\d")


# a version of the report printed with another in one file, as its title marks it: one void (原发布版本; the
# original appended after the corrected report, 附：…（原文，已作废）; 更正前), or one as it now stands (更正后版本,
# 修订版, …报告（更正）)
_VOID_VERSION = re.compile(r"原发布|原版|原文|作废|更正前|原稿|旧版")
_CURRENT_VERSION = re.compile(r"更正后|更正版|修订版|修订后|[（(]更正[）)]|最新版")
_VERSION_TITLE_LINES = 4  # the lines above a version's first heading its title stands among


# lines a table of contents (目录 and its entries) may hold between a version's title and its first heading
_CONTENTS_LINES = 12


def _title_lines(texts: list[str], first: int, floor: int) -> tuple[int, int]:
    """The lines a version's title stands among, [lo, hi): the :data:`_VERSION_TITLE_LINES` above its first heading
    (``first``), or above its table of contents (目录, :data:`_CONTENTS_LINES` lines at most: its entries no title,
    附：原发布报告（已作废） among them) — not before ``floor``."""
    for k in range(first - 1, max(first - _CONTENTS_LINES, floor) - 1, -1):
        if "".join(texts[k].split()) in ("目录", "目次"):
            return max(k - _VERSION_TITLE_LINES, floor), k
    return max(first - _VERSION_TITLE_LINES, floor), first


def _version(texts: list[str], lo: int, hi: int) -> str | None:
    """What the title among ``texts[lo:hi]`` says of its version: "void", "current", or None."""
    said = "".join(h for t in texts[max(lo, 0) : hi] if "报告" in (h := t[:80]))  # (a title, or a line it opens)
    if _VOID_VERSION.search(said):
        return "void"
    return "current" if _CURRENT_VERSION.search(said) else None


def current_version(doc: Document, line_texts: list[str], sections: Sections) -> tuple[Sections, int] | None:
    """A document printing the report twice (``sections.again``) as two versions of it, their titles saying
    which is void or which stands (:data:`_VOID_VERSION`, :data:`_CURRENT_VERSION`): the sections of the
    version that stands — their ``again`` None: the other is no copy of it (no table.duplicate) — and the
    line where it begins (0: the first; ``sections.again``: the second, the first none of the report). None
    where the titles do not tell (two copies of one report: their differences are the source's)."""
    at = sections.again
    if at is None or not sections.starts:
        return None
    first = min(sections.starts.values())
    ended = sections.end if sections.end is not None else first
    one = _version(line_texts, *_title_lines(line_texts, first, 0))
    two = _version(line_texts, *_title_lines(line_texts, at, ended))
    if (two == "void" and one != "void") or (one == "current" and two is None):
        return Sections(sections.starts, sections.texts, sections.headings, None, sections.end, sections.tops), 0
    if (one == "void" and two != "void") or (two == "current" and one is None):
        copy = find_sections(Document(doc.source, doc.lines[at:]), line_texts[at:])
        starts = {sid: i + at for sid, i in copy.starts.items()}
        end = copy.end + at if copy.end is not None else None
        tops = {sid: i + at for sid, i in copy.tops.items()}
        return Sections(starts, copy.texts, copy.headings, None, end, tops), at
    return None


def table_regions(doc: Document, sections: Sections, tpl: Template) -> dict[str, tuple[int, int]]:
    """Line ranges [start, end) in which each table is read.

    A table's region runs from its section's heading (or, without one, the
    first line holding one of its anchors) to the start of the next table's
    region or of a section after the tables' (五, 六). A section that holds
    no figure at all (``二、主动公开政府信息情况（见附表一）``) has its table
    after the report's last section: an appendix, a workbook's sheets — read
    from the first line there holding one of its anchors.
    """
    n = len(doc.lines)
    starts: dict[str, int] = {}
    ids = [s.id for s in spec().sections]
    after = sections.starts.get(ids[0], 0)
    last = max(sections.starts.values(), default=n)
    heads = sorted(sections.starts.values())
    tops = sorted(sections.tops.get(sid, at) for sid, at in sections.starts.items())  # (where each heading begins)
    gridded = any(ln.grid is not None for ln in doc.lines)
    starts_at = set(heads)  # (the section headings' lines: no table's caption has its grid past one)
    for t in tpl.tables:
        s = sections.starts.get(t.section)
        own = s
        end = next((h for h in tops if h > s), n) if s is not None else n
        # (a section of a few lines: one holding its table has more; its heading naming the table by
        # its number, 三、…情况（详见附表2）, whatever sentences of figures it holds)
        if (
            s is not None
            and s < last
            and end - s <= 4
            and (
                _TABLE_REF.search(doc.lines[s].text)
                or not any(_DIGIT.search(_TABLE_REF.sub("", ln.text)) for ln in doc.lines[s + 1 : end])
            )
        ):
            s = _appended(doc, t, last + 1) or s  # (in any order there: 附表二 before 附表一)
        # its section holds no grid (or stands before the table before's) where the document's tables are grids:
        # a workbook's sheets of tables after its text's, before it, or under one heading — the table read from
        # its own grid
        if (
            s is not None
            and s == own
            and gridded
            and (s < after or not any(ln.grid is not None for ln in doc.lines[s:end]))
            and (g := _grid_start(doc, t, after, starts_at)) is not None
        ):
            s = g
        # Word's floating tables (stored before the paragraph they hang from), a page's tables set above their
        # headings: its grid just above its heading, its section's grids another table's (the next one's, itself
        # stored above the next heading) — read from its own grid
        if s is not None and s == own and gridded and (g := _grid_above(doc, t, sections.tops.get(t.section, s), end)):
            s = g
        if s is None:
            s = _anchor(doc, t.anchors, after)
        if s is None and gridded:  # its grid on a sheet before the table before's (a workbook: table 4 under table 2)
            s = _anchor(doc, t.anchors, 0, after, grids=True)
        if s is not None:
            starts[t.id] = s
            after = s + 1
    bounds = sorted(starts.values())
    behind = set(ids[max(ids.index(t.section) for t in tpl.tables) + 1 :])  # the sections after the tables
    tail = [v for k, v in sections.starts.items() if k in behind]
    # (a region ends where the next one's heading begins: above its title, its numeral printed apart)
    top_of = {at: sections.tops[sid] for sid, at in sections.starts.items() if sid in sections.tops}
    regions: dict[str, tuple[int, int]] = {}
    for tid, s in starts.items():
        later = [top_of.get(b, b) for b in bounds if b > s] + [top_of.get(b, b) for b in tail if b > s]
        regions[tid] = (s, max(s + 1, min(later)) if later else n)
    return regions
