"""Metadata: reporting year, template version, organ name, region, publication date, statistics period."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from ogi.model import PAGE_HEADER, Cell, Document, Line, Where
from ogi.normalize import is_bullet, unbulleted, without_spaces
from ogi.template import Template, spec, template, template_for_year
from ogi.template.text import CN_DIGITS

_TITLE = re.compile(r"(20\d\d)\s*年\s*度?\s*(?:政府)?(?:信息公开|政务公开)(?:工作)?\s*(?:年度)?\s*报告")
# the words a report puts before its statistics period (统计期限自…, 统计时段为…, 数据时间范围为…, 报告期内), and
# the first characters of each
_PERIOD_WORDS = r"(?:统计(?:期限|时限|时间|周期|区间|时段|期间|范围)|时间范围|报告期)"
_PERIOD_LEADS = ("统计", "时间范围", "报告期")
# its year: the first day of it, or the year as a whole (统计期限为2023年度)
_PERIOD = re.compile(_PERIOD_WORDS + r"[^0-9]{0,8}(20\d\d)\s*年\s*(?:1\s*月\s*1\s*日|度)")
# The introduction naming the report it opens: "现向社会公布…2023年度政府信息公开年度报告",
# "…编制了2024年度政务公开工作报告", "现将2023年度政府信息公开工作情况报告如下" (a cited notice's title
# 《…》 is not it).
_INTRO = re.compile(
    r"(?:公布|发布|编制|编写|形成|现将|本报告为|本报告是)[^。；;《》]{0,30}?(20\d\d)\s*年\s*度?[^。；;《》\d]{0,20}?"
    r"(?:政府信息公开|政务公开)(?:工作)?(?:的)?(?:年度)?(?:工作)?(?:情况)?(?:报告|年报)"
)
_YEAR = re.compile(r"(20\d\d)\s*年")
_BOOK = re.compile(r"《[^《》]*》")  # a cited document's title: its years are not the report's

# ---- the organ
# A name ends with a kind of organ ("…局", "…人民政府办公室", short forms "市科委") or, for the
# government of an area named by itself ("平潭综合实验区"), with a kind of area.
_ORGAN_END = (
    "人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|管理委员会|管委会|委员会|"
    "局|委|厅|办|中心|院|所|署|馆|队|站|处|政府|总局|街道办事处|街道|镇|乡|公司|海关|部|会|分行|支行|银行|大学|学校|"
    "中学|小学|幼儿园|学院|合作社|联合社|联社|林场|农场|牧场"
)
_AREA_END = "特别行政区|自治区|自治州|自治县|地区|省|市|州|盟|县|区|旗"
# the Chinese characters a name may hold: the unified ideographs and their extensions (a place's rare character:
# 㮾溪区, U+3BBE; a name cut there was only its part before it)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
_ORG_CH = rf"[{_HAN}（）()·]"
_ORGAN_SHAPE = re.compile(rf"{_ORG_CH}{{3,40}}")
_ENDS_AS_ORGAN = re.compile(rf"(?:{_ORGAN_END})$")
# a department's (or a unit's) name with 政府 after it: the start of 政府信息公开, no organ ("东湖区民政局政府",
# "中国人民银行云溪市分行政府")
_DEPARTMENT_THEN_GOVERNMENT = re.compile(
    r"(?:局|委员会|委|办公室|办|厅|署|中心|分行|支行|银行|学校|中学|小学|社|场|院|所|馆)政府$"
)
_ENDS_AS_AREA = re.compile(rf"(?:{_AREA_END})$")
_NAME_ALSO = re.compile(r"[（(]([^（）()]{2,20})[）)]$")  # a second name in brackets at a name's end
_AREA_START = re.compile(rf"^[{_HAN}]{{1,10}}?(?:{_AREA_END})")
# Words of a sentence, never of a name: "涉及我局政府", "信息公开规定》的要求，市科委编制了", "暂无" (section
# 六's "none" run into the signature below it).
_PROSE_WORDS = re.compile(
    "我|本机关|本单位|本部门|本级|根据|按照|依据|要求|现将|现向|公布|编制|编写|涉及|以下|报告|情况|年度|公开|"
    "认真|贯彻|落实|积极|坚持|全面|进一步|的|了|在|通过|做好|开展|共计|收到|申请|工作|规定|条例|通知|暂无|没有|"
    "网站|门户|首页|栏目|专栏|频道|导航|位置|平台|公众号|微信|收取|未收|未发生|未产生"
)
_NOT_ORGAN_START = tuple("我本在各对以为今由该其此将")
_WHOLE_AREA = re.compile(r"^全(?:国|省|市|县|区|州|旗|镇|乡|年|面|体|部)")
# The title, in the words of the national format: "…政府信息公开工作年度报告", "…政务公开工作报告",
# "…关于2023年政府信息公开工作的年度报告", "…政府信息公开年报". Matched on a line's text
# without spaces, the lines of the page's head joined (a title broken anywhere reads whole).
_T_TAIL = r"(?:的)?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:的)?(?:年度)?(?:工作)?(?:报告|年报)"
# the year in figures or in characters (二〇二三年)
# (its zero typed as a letter O too: 二O二三, a Latin or a Cyrillic one)
_TY = r"(20\d\d|二[〇零○OoО][一二三四五六七八九〇零○OoО]{2})"
_CN_FIGURES = str.maketrans("〇零○OoО一二三四五六七八九", "000000123456789")
_T_YEAR_ONLY = re.compile(rf"{_TY}年度?{_T_TAIL}")
# "2019年上海市人民政府办公厅政府信息公开工作年度报告": the year first, the organ after it.
_T_YEAR_FIRST = re.compile(rf"{_TY}年度?({_ORG_CH}{{2,40}}?)(?<!人民){_T_TAIL}")
# A covering letter's title names the organ the same way: "…管理局关于报送2020年度政府信息公开工作年度报告的函".
_T_NAME_FIRST = re.compile(
    rf"({_ORG_CH}{{2,40}}?)(?:关于(?:报送|上报|印发|公布|发布)?)?{_TY}年度?{_T_TAIL}(?:的(?:函|通知))?"
)
# "青岛海关政府信息公开工作2023年度报告": the year before its last words.
_T_YEAR_INSIDE = re.compile(
    rf"({_ORG_CH}{{2,40}}?)(?<!人民)(?:的)?(?:政府)?(?:信息公开|政务公开)(?:工作)?{_TY}年度?(?:工作)?(?:报告|年报)"
)
# "北原市财政局政府信息公开工作年度报告（2023年）", and a title naming no year at all.
_T_YEAR_LAST = re.compile(rf"({_ORG_CH}{{2,40}}?)(?<!人民){_T_TAIL}(?:[（(]{_TY}年?度?[）)])?")
# What a page or a crawler prints before a title, or a Markdown heading's marks.
_T_LABEL = re.compile(r"^(?:#+|\*+)?(?:标题|题目|题名|文章标题|信息名称|名称|title)?[:：]?", re.I)
_T_LABEL_FIRST = frozenset("#*标题名文信:：tT")
# A title ends its line, or is followed by what sites append ("-沭阳县发改局", "（全文）", a date) or what
# names the part of it a file holds (…年度报告附表, …统计表: a spreadsheet of its tables); other words or
# a comma after it make it a sentence that names the report.
_T_NOT_AFTER = re.compile(r"(?!(?:统计)?附?表|全文|正文)[\u4e00-\u9fff。，、；：,;》”\"]")
_HEAD_LINES = 16
# a notice printing the report (…局关于印发《…局2023年政府信息公开工作年度报告》的通知): the report's title in it
_NOTICE_OF = re.compile(r"关于(?:印发|转发|公布|发布|报送|上报)《([^《》]{6,80}报告)》")
_FIRST_SECTION = re.compile(r"#*(?:一[、.．]|第一部分)")
# The site's metadata table above the report ("发布机构 沭阳县发展和改革局 公开日期 …"), a crawler's
# wrapper ("单位：沭阳县发改局"), and the line under a spreadsheet's tables (填报单位：…).
_META_ORGAN = re.compile(
    rf"(发布机构|发文机关|发布单位|发文单位|公开机构|公开单位|信息来源|来源单位|发布部门|公开主体|填报单位|填报机关|报送单位"
    rf"|单位名称)(?:[（(](?:盖章|公章|签章|章)[）)])?"  # (填报单位（盖章）：…: a form's line for its seal)
    rf"[ \t]*[:：]?[ \t]*({_ORG_CH}{{3,40}})"
)
# labels naming where the text came from, not who publishes it: the site's short name for it often
# (信息来源：区农业农村局 over 发布机构：杭州市临安区农业农村局): the publisher's label first
_SOURCE_LABELS = frozenset({"信息来源", "来源单位"})
# The labels that follow the organ's cell in a site's metadata table, when text extraction glues them
_NEXT_META = re.compile(
    r"公开日期|发布日期|成文日期|生成日期|发文字号|文号|索引号|主题分类|分类|名称|公开方式|有效性|时效"
)
_WRAPPER_ORGAN = re.compile(rf"^[ \t]*(?:单位|机构|来源)[ \t]*[:：][ \t]*({_ORG_CH}{{3,40}})[ \t]*$")
_META_LINES = 60
# In the body: "本报告由X根据…编制", "…，X编制了本报告", "2023年，X认真贯彻…", "X2024年深入贯彻…".
# what follows an organ's name in 由X根据…编制 (编制 also stands inside names: 机构编制委员会办公室)
_AFTER_NAME_WORDS = "根据|依据|按照|编制|编写|负责|制作|发布"
_AFTER_NAME = re.compile(_AFTER_NAME_WORDS)
_BY = re.compile(rf"由({_ORG_CH}{{3,40}}?)(?:{_AFTER_NAME_WORDS})")
# (these four open with the mark before the sentence, consumed, not looked behind for: a pattern opening with a
# look-behind or ^ is tried at every character of the text, one opening with a set of characters only where one
# of them stands — three times faster; :func:`_from_body` puts a 。 before the text, for its first sentence)
_ACCORDING = re.compile(rf"[。；;\n]({_ORG_CH}{{3,40}}?)(?:根据|依据|按照)")
_COMPILED_BY = re.compile(rf"[，。；：,;:]({_ORG_CH}{{3,40}}?)(?:编制|编写|制作)(?:完成)?了?(?:本|20\d\d)")
# "X现将2021年…报告如下", "…，现将X2022年…报告如下", "现公布X2022年度…年度报告": the organ giving its report
_GIVES = re.compile(
    rf"[。；;，,\n]({_ORG_CH}{{3,40}}?)(?:现将|现予公布|现公布|特公布)"
    rf"|(?:现将|现予公布|现公布|特公布)({_ORG_CH}{{3,40}}?)20\d\d年"
)
_YEAR_LEAD = re.compile(rf"20\d\d年度?[，,、]?({_ORG_CH}{{3,40}})")
_ORGAN_LEAD = re.compile(rf"[。；;\n]({_ORG_CH}{{3,40}}?)20\d\d年")
# Where a sentence's subject ends and what it does begins: "县投资促进局|高度重视…".
_LEAD_STOP = re.compile(
    "认真|深入|坚持|全面|积极|严格|不断|进一步|持续|按照|根据|依据|围绕|紧紧|紧扣|紧密|扎实|着力|始终|高度|共|全年|"
    "在|以|对|把|将|通过|有|未|收到|受理|发布|编制|主动|依法|切实|大力|聚焦|立足|强化|加强|推进|落实|贯彻|做好|"
    "继续|结合|牢固|深化|严把|重点|统筹|及时|努力|以来|政务|信息"
)
_BODY_CHARS = 12000
# A signature: the organ's name on its own line, then the date (or both on one line).
SIGN_DATE = (
    r"(?:20\d\d(?:年\d{1,2}月\d{1,2}日|[-./]\d{1,2}[-./]\d{1,2})"
    r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
)
_SIGN_DATE_LINE = re.compile(SIGN_DATE)
_SIGN_ONE_LINE = re.compile(rf"({_ORG_CH}{{3,40}}?){SIGN_DATE}")
_SIGN_LINES = 12

# one area of a name: X省, X市, X州 (杭州市 is a city: 州市 before 州), X县, X区 …
_AREA_UNIT = re.compile(rf"[{_HAN}]{{1,10}}?(?:特别行政区|自治区|自治州|自治县|地区|州市|省|市|州|盟|县|区|旗)")


# "发布日期：2024-01-20", "发布时间 2024年1月20日" — a label, then the date (a page's own header)
_DATE = r"(20\d\d)[ \t]*[-/.年][ \t]*(\d{1,2})[ \t]*[-/.月][ \t]*(\d{1,2})"  # never across lines
_ISO_DATE = re.compile(_DATE)
_PUBLISHED = re.compile(
    r"((?:发布|公开|上网|发表)[ \t]*(?:日期|时间))[ \t]*[:：]?[ \t]*"
    # the date on the label's line, or the next line's first (a site's <dt>发布日期：</dt><dd>2025-01-23</dd>)
    r"(?:\n[ \t]*)?" + _DATE
)


# "统计期限自2024年1月1日起至2024年12月31日止", "统计周期为2024年1月1日至12月31日": the first day, then the
# last (its year left out when it is the first's), on text without spaces
_DAY = r"(20\d\d)年(\d{1,2})月(\d{1,2})日"
_PERIOD_RANGE = re.compile(
    _PERIOD_WORDS + r"[^0-9]{0,8}?" + _DAY + r"起?(?:至|到|—|-|～|~)(?:(20\d\d)年)?(\d{1,2})月(\d{1,2})日"
)
_PERIOD_WHOLE_YEAR = re.compile(_PERIOD_WORDS + r"[^0-9]{0,8}?(20\d\d)年度")  # 统计期限为2023年度


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
    year_where: dict[str, Where] = field(default_factory=dict)  # where the title, the period stand
    agency: str | None = None
    # the organ as OCR read it, where its department's standard name replaced it (standard_department)
    agency_read: str | None = None
    region: str | None = None
    template: Template | None = None
    template_by: str = "year"  # "layout" or "year"
    layout_template: str | None = None
    published: Published | None = None
    signed: Published | None = None  # the date the report is signed with (落款日期: :func:`find_signed`)
    period: str | None = None  # the statistics period stated, ISO 8601 days "start/end"
    # what was read from the file's name, the document naming it nowhere (:func:`file_title`): "agency", "year"
    from_file_name: list[str] = field(default_factory=list)
    # what the document is where its title names another kind than the annual report (a school's report, a
    # report's 解读, a work plan, a quarter's statistics: :func:`look_alike`), else None
    other_kind: str | None = None


@dataclass(slots=True)
class Title:
    """The report's title as printed at its head: the year it names and the organ (each None when
    the title names none), the title's text without spaces, and where it begins."""

    year: int | None
    organ: str | None
    text: str
    where: Where


# a notice or a letter carrying another's report (X办公室关于印发Y2019年…报告的通知, X关于转发Y…): Y is its organ
_COVERING = re.compile(r"关于(?:印发|转发|公布|发布|报送|上报)")


# an office for openness is an organ's name, not prose: 政务公开办公室, 政府信息公开办公室, 政务公开领导小组办公室
_OPEN_OFFICE = re.compile(r"(?:政务|政府信息)公开(?:工作)?(?:领导小组)?(?:办公室|办)")


def organ_name(name: str) -> str | None:
    """``name`` if it has the shape of an organ's name ("沭阳县发展和改革局", "市科委",
    "平潭综合实验区"), else None (a fragment of a sentence: "涉及我局政府")."""
    name = name.strip("《》“”\"'").removeprefix("关于").removeprefix("报送")  # (关于报送…的函: a covering letter)
    if (cover := _COVERING.search(name)) is not None and cover.end() < len(name):
        name = name[cover.end() :].lstrip('《“"')  # (X办公室关于印发Y…的通知: the report is Y's)
    if not _ORGAN_SHAPE.fullmatch(name) or name.startswith(_NOT_ORGAN_START) or _WHOLE_AREA.match(name):
        return None
    if _DEPARTMENT_THEN_GOVERNMENT.search(name):  # 民政局政府: a department and the words after it (政府信息公开)
        return None
    # a department's standard name says nothing of prose (编制 in 机构编制委员会办公室)
    words = _OPEN_OFFICE.sub("", _departments_re().sub("", name))  # (an office for openness: 政务公开办公室)
    if _PROSE_WORDS.search(words):
        return None
    # a name may end with a second name of the same organ in brackets: 东海县人民政府（办公室）,
    # XX街道办事处（XX镇）; each ends as an organ's or an area's name
    parts = [name] if name[-1] not in "）)" else [p for p in _NAME_ALSO.split(name) if p]
    if not all(_ENDS_AS_ORGAN.search(p) or _ENDS_AS_AREA.search(p) for p in parts):
        return None
    return name


# A speck of a scan read as one character between two Chinese characters of a line ("公开工1作年度：
# 报告"): a digit, a letter or a point, alone. A title's year has four digits, its 、 stands between
# names, never a title's words.
_SPECK_IN_WORDS = re.compile(r"(?<=[\u4e00-\u9fff])[0-9A-Za-z:：;；.,，。·'`](?=[\u4e00-\u9fff])")


# a name's translation in brackets after it (临海市商务局（Linhai Municipal Bureau of Commerce）), spaces taken out
_LATIN_BRACKETS = re.compile(r"[（(][A-Za-z][A-Za-z0-9.,'&/\-]*[）)]")


def _head(doc: Document, n: int = _HEAD_LINES) -> tuple[str, list[int], list[Where]]:
    """The first ``n`` non-empty lines without spaces (labels and Markdown marks taken off), up to
    the first section's heading (一、总体情况: the title is above it), joined; with the offset
    where each begins and its place. Read by OCR, the specks read as characters between words
    are left out (:data:`_SPECK_IN_WORDS`)."""
    joined: list[str] = []
    starts: list[int] = []
    wheres: list[Where] = []
    pos = 0
    ocr = read_by_ocr(doc)
    for ln in doc.lines:
        if len(starts) >= n:
            break
        t = without_spaces(ln.text)
        if _FIRST_SECTION.match(t):
            break
        if ocr:
            t = _SPECK_IN_WORDS.sub("", t)
        if t[:1] in _T_LABEL_FIRST:
            t = _T_LABEL.sub("", t, count=1)
        if t and is_bullet(t[0]):  # a mark before the title (📢XX局2023年…: a WeChat article's)
            t = unbulleted(t)
        if ("(" in t or "（" in t) and _LATIN_BRACKETS.search(t):  # a name's translation (LinhaiBureauofCommerce)
            t = _LATIN_BRACKETS.sub("", t)
        if "《" in t and (notice := _NOTICE_OF.search(t)) is not None:  # a notice printing the report: its title
            t = notice.group(1)
        if not t:
            continue
        starts.append(pos)
        wheres.append(ln.cells[0].where)
        joined.append(t)
        pos += len(t)
    return "".join(joined), starts, wheres


def _title_at(text: str, pos: int, ends: set[int], pat: re.Pattern[str]) -> tuple[Title, int] | None:
    """The title of form ``pat`` beginning at ``pos``, if one does, and where its organ ends."""
    m = pat.match(text, pos)
    if m is None or (m.end() not in ends and _T_NOT_AFTER.match(text, m.end())):
        return None  # none, or a sentence naming the report rather than its title
    if pat is _T_YEAR_ONLY:
        return Title(int(m.group(1).translate(_CN_FIGURES)), None, m.group(0), Where()), pos
    y, o = (1, 2) if pat is _T_YEAR_FIRST else (2, 1)
    organ = organ_name(m.group(o))
    if organ is None:
        return None
    year = int(m.group(y).translate(_CN_FIGURES)) if m.group(y) else None
    return Title(year, organ, m.group(0), Where()), m.end(o)


def _stands_alone(organ: str) -> bool:
    """A name complete by itself: it begins with its area ("南岭县人民政府办公室") or is a short
    form with its level ("市科委"); "人民政府", "政局" are the ends of a name broken over lines."""
    return bool(_AREA_START.match(organ)) or (organ[0] in "省市县区" and len(organ) <= 5)


def find_title(doc: Document) -> Title | None:
    """The title: it begins a line among the first lines and may run over several (broken
    anywhere, even inside 政府信息公开), in any of the national format's forms — the organ first
    or the year first, ``…关于2023年政府信息公开工作的年度报告``, a crawler's ``标题：`` label or
    the site's own ``名称`` cell before it, the organ alone on the line above. A title naming no
    year (or naming it after: …年度报告（2023年）) only when no line holds one naming it first: a
    site's own headings ("XX县政府信息公开年报") come before the report's title. A line above a
    title whose own line names its organ whole (a site's name, 封面) is not part of the name."""
    text, starts, wheres = _head(doc)
    ends = set(starts[1:]) | {len(text)}
    for pats in ((_T_YEAR_ONLY, _T_YEAR_FIRST, _T_NAME_FIRST, _T_YEAR_INSIDE), (_T_YEAR_LAST,)):
        for i, pos in enumerate(starts):
            for pat in pats:
                found = _title_at(text, pos, ends, pat)
                if found is None:
                    continue
                title, organ_end = found
                title.where = wheres[i]
                for j in range(i + 1, len(starts)):
                    if starts[j] >= organ_end:
                        break
                    if text[pos : starts[j]].strip() in _before_area():
                        continue  # what stands before an area (中共 on a line above): the name's own start
                    later = _title_at(text, starts[j], ends, pat)
                    if later is not None and later[0].organ and _stands_alone(later[0].organ):
                        title = later[0]
                        title.where = wheres[j]
                        break
                if not title.organ:  # (a page's 标题： naming no organ): the report's own title below, if it names one
                    named = _named_title_after(text, starts, wheres, ends, i, pats, title.year)
                    if named is not None:
                        return named
                return title
    return None


def _named_title_after(
    text: str,
    starts: list[int],
    wheres: list[Where],
    ends: set[int],
    i: int,
    pats: tuple[re.Pattern[str], ...],
    year: int | None,
) -> Title | None:
    """A title naming its organ on a line after line ``i`` of the head (whose title names none: a site's
    ``标题：2024年政府信息公开工作年度报告`` above the report's own, broken over lines or not), of the same year."""
    for j in range(i + 1, len(starts)):
        for pat in pats:
            found = _title_at(text, starts[j], ends, pat)
            if found is not None and found[0].organ and (year is None or found[0].year == year):
                found[0].where = wheres[j]
                return found[0]
    return None


# what stands before a title in a file's name (附件1：, 2024-01-15_, a site's number): no word of it
_FILE_NAME_LEAD = re.compile(
    r"^(?:附件\s*\d*\s*[:：、.．_\-\s]*|\d{4}[-_.]?\d{1,2}[-_.]?\d{1,2}(?![年\d])[_\-\s]*|[A-Za-z0-9]+[_\-\s]+"
    r"|[\[【(（][^\]】)）]{0,20}[\]】)）]\s*|[_\-\s]+)*"
)  # (附件1：, 2024-01-15_, 20240115-, abc_, [12]: not 2020年…, whose year is the title's)


def file_name(path: str) -> str:
    """A path's file name (``a/b/c.txt``: ``c.txt``; an archive's member's, ``x.zip!/d/y.docx``: ``y.docx``)."""
    return path.replace("\\", "/").rsplit("!/", 1)[-1].rsplit("/", 1)[-1]


def file_title(path: str | None) -> Title | None:
    """The title a file's name reads as (``…/青山区司法局2022年政府信息公开工作年度报告.txt``, a name without its
    extension, an archive's member's: ``x.zip!/…报告.docx``) — the forms of the national format's titles
    :func:`find_title` reads, naming the organ, the year or both, the whole name after what stands before it
    (附件1：, a date) —; None for no path, or a name that reads as no report's title (``report.pdf``,
    ``5f3e….html``). Its ``where`` says nothing (no place in the document)."""
    if not path:
        return None
    name = file_name(path)
    stem, dot, ext = name.rpartition(".")
    if dot and 0 < len(ext) <= 5 and ext.isascii() and ext.isalnum():
        name = stem
    text = without_spaces(_FILE_NAME_LEAD.sub("", name))
    if not text:
        return None
    ends = {len(text)}
    for pats in ((_T_YEAR_ONLY, _T_YEAR_FIRST, _T_NAME_FIRST, _T_YEAR_INSIDE), (_T_YEAR_LAST,)):
        for pat in pats:
            found = _title_at(text, 0, ends, pat)
            if found is not None and found[0].text == text:
                return found[0]
    return None


def _years_outside_books(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(_BOOK.sub("", text))]


_DATE_ALONE = re.compile(r"(?m)^[ \t]*20\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[ \t]*$")


def find_year(doc: Document, sections_text: str | None) -> tuple[int | None, dict[str, int]]:
    """The reporting year and what states it: ``title``, ``period`` (统计期限…自2023年1月1日),
    ``intro`` (the introduction naming the report: 现向社会公布…2023年度…年度报告), or, when
    none is printed, ``prose`` (the year section 一 names most often, cited documents aside)."""
    return find_year_where(doc, sections_text)[:2]


# "2022年，本局坚持…" opening a paragraph: the year the paragraph says it is about (after its heading
# where the two share a line: "（一）主动公开。2022年，…", a page's text run together)
YEAR_LED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]{1,2}[）)][^，,。\d]{0,12}[。.]?\s*)?(20\d\d)\s*年\s*[，,]")
# …unless what follows compares or spans years
YEARS_COMPARED = re.compile(r"^.{0,12}?(?:以来|相比|同比|较|比|至今|截至|期间)")


def _paragraphs_year(text: str | None) -> int | None:
    """The year most of section 一's paragraphs open with (:data:`YEAR_LED`; comparisons aside), where any does."""
    led = Counter(
        int(m.group(1))
        for line in (text or "").split("\n")
        if "年" in line and (m := YEAR_LED.match(line)) is not None and not YEARS_COMPARED.match(line[m.end() :])
    )
    return led.most_common(1)[0][0] if led else None


def find_year_where(
    doc: Document, sections_text: str | None, title: Title | None = None, line_texts: list[str] | None = None
) -> tuple[int | None, dict[str, int], dict[str, Where]]:
    """As :func:`find_year` — and, where the document names no year, the file's name where it reads as the
    report's title (:func:`file_title`: ``filename``) —, with where the title, the period and the introduction stand;
    ``line_texts``: the text of each of ``doc``'s lines, where already known. Where the title names another year
    than every period and introduction printed, and they and section 一's paragraphs (2022年，本局…:
    :data:`YEAR_LED`) name one year (a title kept from last year's report), that year is the report's; else the
    title's."""
    found: dict[str, int] = {}
    where: dict[str, Where] = {}
    title = title if title is not None else find_title(doc)
    if title is not None and title.year is not None:
        found["title"], where["title"] = title.year, title.where
    else:
        head = "".join(ln.text for ln in doc.lines[:8])
        m = _TITLE.search(head)
        if m:
            found["title"] = int(m.group(1))
    lines = doc.lines[:40]
    texts = line_texts[:40] if line_texts is not None else [ln.text for ln in lines]
    full_head = "".join(texts)

    def where_at(at: int) -> Where:
        pos = 0
        for ln, t in zip(lines, texts, strict=True):
            pos += len(t)
            if pos > at:
                return ln.cells[0].where
        return lines[-1].cells[0].where

    m = _PERIOD.search(full_head)
    if m:
        found["period"], where["period"] = int(m.group(1)), where_at(m.start())
    elif ("〇" in full_head or "零" in full_head) and (m := _PERIOD.search(_in_figures(full_head))) is not None:
        # (the period in characters: 统计期限为二〇二三年一月一日至十二月三十一日; its place as near as the figures say)
        found["period"], where["period"] = int(m.group(1)), where_at(min(m.start(), len(full_head) - 1))
    if "《" in full_head:  # a cited document's title, blanked (its years are not the report's)
        full_head = _BOOK.sub(lambda b: "《" + "　" * (len(b.group(0)) - 2) + "》", full_head)
    m = _INTRO.search(full_head)
    if m:
        found["intro"], where["intro"] = int(m.group(1)), where_at(m.start(1))
    if not found:
        body = sections_text if sections_text else "\n".join(ln.text for ln in lines)
        # (a date alone on its line is the signature's, made after the year reported on: no year of it)
        years = Counter(_years_outside_books(_DATE_ALONE.sub("", body[:3000])))
        if years:
            found["prose"] = years.most_common(1)[0][0]
    others = [found[k] for k in ("period", "intro") if k in found]
    if "title" in found and others and all(y != found["title"] for y in others):
        # the title the odd one out: every period or introduction printed names another year, the one section
        # 一's paragraphs open with too
        said = _paragraphs_year(sections_text)
        if said is not None and all(y == said for y in others):
            return said, found, where  # (year.mismatch says the two apart)
    for k in ("title", "period", "intro", "prose"):
        if k in found:
            return found[k], found, where
    # the document names no year: the file's name, where it reads as the report's title (the last source)
    named = file_title(doc.source.path)
    if named is not None and named.year is not None:
        found["filename"] = named.year
        return named.year, found, where
    return None, found, where


def _from_metadata(doc: Document) -> str | None:
    """The site's metadata table (发布机构 …), then a crawler's wrapper (单位：…), then the page's publisher
    (``Document.meta["Publisher"]``: a WeChat article's account) where it is an organ's name."""
    lines = [ln.text for ln in doc.lines[:_META_LINES]]
    name = _labelled_organ(lines)
    if name:
        return name
    for t in lines:
        m = _WRAPPER_ORGAN.match(t)
        name = organ_name(m.group(1)) if m else None
        if name:
            return name
    publisher = doc.meta.get("Publisher")
    return organ_name(without_spaces(publisher)) if publisher else None


def _labelled_organ(texts: Iterable[str]) -> str | None:
    """The first organ a text names after a label of :data:`_META_ORGAN` (发布机构, 填报单位 …) — after one
    naming the publisher, where one does, before one naming where the text came from (:data:`_SOURCE_LABELS`)."""
    source = None
    for t in texts:
        for m in _META_ORGAN.finditer(t):
            name = organ_name(_NEXT_META.split(m.group(2))[0])  # cells glued: "…局公开日期：…"
            if not name:
                continue
            if m.group(1) not in _SOURCE_LABELS:
                return name
            source = source or name
    return source


def _filled_by(doc: Document) -> str | None:
    """The organ a line among the last ones names after a label (填报单位：XX局 under a spreadsheet's tables),
    in a cell or on a line of its own: the lowest first."""
    return _labelled_organ(ln.text for ln in reversed(doc.lines[-_META_LINES:]))


@cache
def _heading_first() -> re.Pattern[str]:
    """A section's heading opening a line that runs on (六、其他需要报告的事项暂无XX局 2021年1月26日: a page's
    text run together)."""
    titles = "|".join(re.escape(s.title) for s in spec().sections)
    return re.compile(rf"^\s*[一二三四五六七八九十]\s*[、.．]\s*(?:{titles})")


def _from_signature(prose: list[str]) -> str | None:
    """The organ's name signed at the end, above (or before) the date."""
    tail = prose[-_SIGN_LINES:]
    for i in range(len(tail) - 1, -1, -1):
        t = _heading_first().sub("", tail[i])
        if _SIGN_DATE_LINE.fullmatch(t) and i > 0:
            name = organ_name(_NONE_BEFORE.sub("", tail[i - 1]))
            if name:
                return name
        m = _SIGN_ONE_LINE.fullmatch(_NONE_BEFORE.sub("", t))
        if m is None and i == len(tail) - 1:  # (a page run together on one line: the name and date at its end)
            m = _SIGN_AT_END.search(t)
        name = organ_name(m.group(1)) if m else None
        if name:
            return name
    return None


_SIGN_AT_END = re.compile(rf"[。；！]({_ORG_CH}{{3,40}}?){SIGN_DATE}$")


def _signed_with_area(doc: Document, organ: str) -> str | None:
    """The name signed above (or before) a date among the last lines of prose, where it is ``organ`` with its
    area before it (南江县白沙镇人民政府 for 白沙镇人民政府; at a line's end too, a page run together on one line)."""
    last: list[str] = []  # the last lines of prose (a workbook's tables may come after them)
    for ln in reversed(doc.lines):
        if ln.grid is None:
            last.append(without_spaces(ln.text))
            if len(last) == _SIGN_LINES:
                break
    tail = "\n".join(reversed(last))
    if organ not in tail:
        return None
    for m in re.finditer(rf"({_ORG_CH}{{1,30}}?{re.escape(organ)})\n?{SIGN_DATE}", tail):
        name = _NONE_BEFORE.sub("", m.group(1))
        if name != organ and find_region(name) is not None:
            return name
    return None


# Section 六's "none" run into the signature after it, in a page's text ("暂无XX管理局 2021年1月26日");
# 无 alone only with its stop (无锡市 is a name).
_NONE_BEFORE = re.compile(r"^(?:(?:暂无|没有)[。.，,；;]?|无[。.，,；;])")


# the rest of a unit's name after its area's (畜牧良种繁育场, 城市排水管理组, 第二中学): a few characters, then an
# ending of a unit's — not the verbs of a sentence whose subject is the area (狠抓, 精心组织, 全力推进, 学习贯彻 …)
_UNIT_REST = re.compile(
    r"[\u4e00-\u9fff]{1,10}?(?:场|站|所|校|院|园|馆|厂|队|组|中心|公司|合作社|联社|中学|小学|大学)(?![织成建合])"
)


def _subject(words: str) -> str | None:
    """The organ a sentence begins with: "县投资促进局高度重视…" → 县投资促进局. A word of what the organ
    does stands inside some names: 中共 (共), 机构编制委员会办公室 (编制). An area's name alone is one only as the
    subject's whole words (平原县认真…), never cut from them (平原县国有林场通过…: a unit's name, not 平原县): None."""
    lead = next((p for p in _before_area() if words.startswith(p)), "")
    names = [m.span() for m in _departments_re().finditer(words)]
    stops = _LEAD_STOP.finditer(words, len(lead) + 1)
    stop = next((m for m in stops if not any(a <= m.start() < b for a, b in names)), None)
    words = words[: stop.start()] if stop else words
    for k in range(len(words), 2, -1):
        name = organ_name(words[:k])
        if name and k < len(words) and not _ENDS_AS_ORGAN.search(name) and _UNIT_REST.match(words, k):
            return None  # an area cut from a longer name (平原县|国有林场: a unit's name the template's ends lack)
        if name:
            return name
    return None


_NOT_ORG_CH = re.compile(rf"[^{_ORG_CH[1:-1]}]")


def _longer_name(flat: str, start: int, end: int) -> str | None:
    """A name the shortest reading cut at a word that stands inside it (由青山区委机构|编制委员会办公室
    根据…): the text from ``start`` up to a later word that follows names, the first that is one."""
    stop = _NOT_ORG_CH.search(flat, end)
    limit = min(start + 41, stop.start() if stop else len(flat))
    for m in _AFTER_NAME.finditer(flat, end + 1, limit):
        name = organ_name(flat[start : m.start()])
        if name:
            return name
    return None


def _from_body(prose: list[str]) -> str | None:
    flat = "。" + "\n".join(prose)[:_BODY_CHARS]  # (the mark the first sentence follows: :data:`_ACCORDING`)
    for pat in (_BY, _COMPILED_BY, _ACCORDING, _GIVES):
        for m in pat.finditer(flat):
            g = 1 if m.group(1) is not None else 2
            name = organ_name(m.group(g)) or _longer_name(flat, m.start(g), m.end(g))
            if name:
                return name
    name = _from_signature(prose)
    if name:
        return name
    for m in _YEAR_LEAD.finditer(flat):
        name = _subject(m.group(1))
        if name:
            return name
    for m in _ORGAN_LEAD.finditer(flat):
        name = organ_name(m.group(1))
        if name:
            return name
    return None


def find_agency(doc: Document, title: Title | None = None, by: list[str] | None = None) -> str | None:
    """The organ that made the report, as it names itself: in its title (every form
    :func:`find_title` reads; the name signed at the end where that is the title's with its area before it,
    南江县白沙镇人民政府 for 白沙镇人民政府; an area alone, 梧岭县, its government where the report names it,
    梧岭县人民政府), else the site's metadata table or a crawler's wrapper, else the
    body (本报告由X编制, X编制了本报告) or the signature, else the subject of a sentence on the
    year ("2023年，县投资促进局…") — a short form there (市政府办) giving way to the whole name a Word file's page
    headers print; else a line beside a title naming none, the pages' headers (:func:`_page_header`), a page's
    breadcrumb or its ContentSource tag; else the file's name, where it reads as the report's title
    (``…/青山区司法局2022年政府信息公开工作年度报告.txt``: :func:`file_title`; "agency" then appended to ``by``,
    where given). None when neither names it."""
    title = title if title is not None else find_title(doc)
    if title is not None and title.organ:
        organ = _first_of_two(_FORMER.sub("", title.organ) or title.organ)
        # 区人社局 in the title (a short form: its area's kind alone), the body's 东湖区人力资源和社会保障局
        if organ[:1] in _BARE_AREA and (full := _called_so(doc, organ)) is not None:
            return full
        region = find_region(organ)
        if region is None:  # (白沙镇人民政府): the signature may name its area too
            return _signed_with_area(doc, organ) or organ
        if region == organ:  # an area alone (梧岭县…年度报告): its government's, where the report says so
            government = f"{region}{_organs_data()['government']}"
            if any(government in without_spaces(ln.text) for ln in doc.lines if ln.grid is None):
                return government
        return organ
    name = _from_metadata(doc) or _filled_by(doc)
    if name and not _PORTALS_OFFICE.search(name):
        return name
    prose = [t for ln in doc.lines if ln.grid is None and (t := without_spaces(ln.text))]
    if name:  # the office that runs the site (信息来源：XX县人民政府办公室): the report's own signature, if another's
        return _from_signature(prose) or name
    # where the report names itself nowhere else: a line beside a title naming none, the page's breadcrumb, the
    # site's tag for where the article comes from (none the site's own office)
    if (said := _from_body(prose)) is not None:
        # a short form (市政府办: an area's kind, no name) where the pages' headers name an organ whole: that name
        if said[:1] in _BARE_AREA and (whole := _page_header(doc)) is not None and whole[:1] not in _BARE_AREA:
            return whole
        return said
    for found in (_beside_title(doc), _page_header(doc), _from_breadcrumb(doc), _content_source(doc)):
        if found is not None and not _PORTALS_OFFICE.search(found):
            return found
    named = _file_name_organ(doc)
    if named is not None and by is not None:
        by.append("agency")
    return named


def _file_name_organ(doc: Document) -> str | None:
    """The organ the file's name names, where it reads as the report's title (:func:`file_title`): the last source,
    the document naming its organ nowhere."""
    named = file_title(doc.source.path)
    return organ_name(_first_of_two(named.organ)) if named is not None and named.organ else None


def _content_source(doc: Document) -> str | None:
    """The organ a government page's ``ContentSource`` tag names (``Document.meta``), where it is an organ's name."""
    said = doc.meta.get("ContentSource")
    return organ_name(without_spaces(said)) if said else None


# what parts a page's header line or its breadcrumb (首页 > 政务公开 > XX局 > 年度报告): a mark between the organ's name
# and the site's words (XX局 · 政府信息公开, XX局｜政务公开)
_HEADER_PARTS = re.compile(r"\s*(?:[·•｜|—_]|\s-\s)\s*")
_CRUMBS = re.compile(r"\s*(?:>|＞|»|›|→|/)\s*")
_CRUMBS_MIN = 2  # marks a breadcrumb's line holds at least
# a title naming no organ (2023年政府信息公开工作年度报告, 政府信息公开工作年度报告（2023年）)
_BARE_TITLE = re.compile(rf"(?:{_TY}年度?)?{_T_TAIL}(?:[（(]{_TY}年?度?[）)])?")


def _beside_title(doc: Document) -> str | None:
    """The organ on a line of its own next to a title naming none (:data:`_BARE_TITLE`): the line above it (a page's
    header, its site's words after a mark: 丽水市莲都区农业农村局 · 政府信息公开) or the line under it
    (政府信息公开工作年度报告 / 成都市生态环境局双流分局)."""
    texts = [t for ln in doc.lines[:_META_LINES] if ln.grid is None and (t := ln.text.strip())]
    bare = (
        i
        for i, t in enumerate(texts[:_HEAD_LINES])
        if _BARE_TITLE.fullmatch(_T_LABEL.sub("", without_spaces(t), count=1))
    )
    at = next(bare, None)
    if at is None:
        return None
    for k in (at - 1, at + 1):
        if 0 <= k < len(texts):
            first = _HEADER_PARTS.split(texts[k], maxsplit=1)[0] if k < at else texts[k]
            if (name := organ_name(without_spaces(first))) is not None:
                return name
    return None


def _page_header(doc: Document) -> str | None:
    """The organ a Word file's page headers or footers name (``Document.meta[PAGE_HEADER]``: their lines,
    :func:`ogi.ingest.docx.page_furniture`), where the report names it nowhere else: a title there naming it (any
    form :func:`find_title` reads: 宝安区水务局政府信息公开工作年度报告（2022）), else the first line whose first part
    (before a mark: 清河县统计局 · 政府信息公开; a red-headed document's 文件 after it: 清河县统计局文件) is an organ's
    name."""
    said = doc.meta.get(PAGE_HEADER)
    if not said:
        return None
    lines = [t for t in said.split("\n") if t.strip()]
    title = find_title(Document(doc.source, [Line([Cell(t, Where(line=k + 1))]) for k, t in enumerate(lines)]))
    if title is not None and title.organ:
        return _first_of_two(_FORMER.sub("", title.organ) or title.organ)
    for t in lines:
        first = without_spaces(_HEADER_PARTS.split(t, maxsplit=1)[0])
        if (name := organ_name(first.removesuffix("文件") if first.endswith("文件") else first)) is not None:
            return name
    return None


def _from_breadcrumb(doc: Document) -> str | None:
    """The last organ a page's breadcrumb names among its first lines (首页 > 政府信息公开 > 部门信息公开 >
    婺城区住房和城乡建设局 > 年度报告): the column of the organ's own on its portal."""
    for ln in doc.lines[:_META_LINES]:
        t = ln.text
        if ln.grid is not None or len(_CRUMBS.findall(t)) < _CRUMBS_MIN:
            continue
        for part in reversed(_CRUMBS.split(t)):
            if (name := organ_name(without_spaces(part))) is not None:
                return name
    return None


# a government's general office, which runs its site and publishes its organs' reports there (发布机构 or 信息来源
# 县人民政府办公室 above a township's report): the organ where the report signs no other
_PORTALS_OFFICE = re.compile(r"人民政府办公[室厅]$|政府办$")


# a former name in brackets after the name (沅江县乡村振兴局（原沅江县扶贫开发办公室）): no part of it
_FORMER = re.compile(r"[（(]原[^（）()]{2,30}[）)]$")


def _first_of_two(organ: str) -> str:
    """The first of two organs' names run together (a joint report's title: 泰和县财政局 泰和县国有资产监督管理办公室,
    its space gone): the first where the rest begins again with its area; else ``organ`` (and a name opening
    with what stands before an area, 国家税务总局崇阳县税务局: as it is)."""
    m = None if organ.startswith(_before_area()) else _AREA_START.match(organ)
    if m is None or len(m.group(0)) < 2:
        return organ
    region = m.group(0)  # the area the name opens with (泰和县)
    at = organ.find(region, m.end() + 1)  # (again, after it)
    if at > 0 and _ENDS_AS_ORGAN.search(organ[:at]) and organ_name(organ[at:]) is not None:
        return organ[:at]
    return organ


def _called_so(doc: Document, short: str) -> str | None:
    """The full name the body gives the title's short form (东湖区人力资源和社会保障局（以下简称区人社局）), if any."""
    for ln in doc.lines[:_CALLED_LINES]:
        t = without_spaces(ln.text)
        if "以下简称" not in t or short not in t:
            continue
        for m in _CALLED.finditer(t):
            if m.group(2) == short and (full := _longest_organ(m.group(1))) is not None and len(full) > len(short):
                return full
    return None


_CALLED_LINES = 60  # the lines the body names its organ in, with its short form
_BARE_AREA = frozenset("省市区县州盟旗镇乡")  # what a short form opens with (区人社局, 市科委): an area's kind, no name
_CALLED = re.compile(rf"({_ORG_CH}{{3,60}}?)[（(]以下简称[“\"「]?({_ORG_CH[:-1]}]{{2,20}}?)[”\"」]?[）)]")


def _longest_organ(words: str) -> str | None:
    """The longest organ's name that ends ``words`` (…深入贯彻，东湖区人力资源和社会保障局: the name)."""
    for i in range(len(words) - 3):
        if (name := organ_name(words[i:])) is not None:
            return name
    return None


@cache
def _organs_data() -> dict[str, Any]:
    return tomllib.loads(resources.files("ogi.extract").joinpath("organs.toml").read_text("utf-8"))


@cache
def departments() -> tuple[str, ...]:
    """The standard names of local governments' departments of five characters and more
    (``organs.toml``, from the 2018–2019 institutional reform's naming)."""
    return tuple(d for d in _organs_data()["departments"] if len(d) >= 5)


@cache
def _departments_re() -> re.Pattern[str]:
    """Any standard department name (:func:`departments`), the longest first."""
    return re.compile("|".join(re.escape(d) for d in sorted(departments(), key=len, reverse=True)))


@cache
def _before_area() -> tuple[str, ...]:
    """What stands before the area in a name (``organs.toml``: 中共, 国家税务总局 …)."""
    return tuple(_organs_data()["before_area"])


@cache
def _department_starts() -> frozenset[str]:
    """The first four characters of each standard department name: where an area's name ends."""
    return frozenset(d[:4] for d in departments())


def standard_department(name: str) -> str | None:
    """``name`` with its department's standard name (:func:`departments`) where it ends one character
    away from it, that character not the last (the kind of organ: 文化和旅游厅 is a province's, not
    a misread 局) — one character OCR misread: 白水县卫生建康委员会 → 白水县卫生健康委员会. None where the
    name already ends with a standard name, or where two standard names are as near."""
    if name.endswith(departments()):
        return None
    near = set()
    for d in departments():
        tail = name[-len(d) :]
        if len(tail) == len(d) and tail[-1] == d[-1] and sum(a != b for a, b in zip(tail, d, strict=True)) == 1:
            near.add(name[: -len(d)] + d)
    return near.pop() if len(near) == 1 else None


def read_by_ocr(doc: Document) -> bool:
    """Whether the document's text was read from images (its cells carry an OCR confidence)."""
    for ln in doc.lines[:_HEAD_LINES]:
        for c in ln.cells:
            if c.confidence is not None:
                return True
    return False


def find_region(agency: str | None) -> str | None:
    """The area an organ's name begins with (云溪市, 南岭县桃源镇), after what may stand before it
    (中共, 国家税务总局: ``organs.toml``'s ``before_area``), up to where a department's name begins
    (云溪市|城市管理综合行政执法局); None when the name names no area."""
    if not agency:
        return None
    name = agency
    for p in _before_area():
        name = name.removeprefix(p)
    pos, starts = 0, _department_starts()
    while (m := _AREA_UNIT.match(name, pos)) and name[pos : pos + 4] not in starts:
        pos = m.end()
    region = name[:pos]
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


def find_published(
    doc: Document, year: int | None, line_texts: list[str] | None = None, end: int | None = None
) -> Published | None:
    """The publication date the page states (its metadata, else a 发布日期 line before ``end``, the line the
    report's own text ends at: a 解读 or another article after the report dates itself, not the report), if
    any."""
    if year is None:
        return None
    if "PubDate" in doc.meta:
        m = _ISO_DATE.search(doc.meta["PubDate"])
        day = _date(*m.groups(), year) if m else None
        if day:
            return Published(day, "发布日期（网页元数据 PubDate）")
    texts = line_texts if line_texts is not None else [ln.text for ln in doc.lines]
    text = "\n".join(texts[:end] if end is not None else texts)
    if "日期" not in text and "时间" not in text:  # (what _PUBLISHED names: not searched for without it)
        return None
    for m in _PUBLISHED.finditer(text):
        day = _date(m.group(2), m.group(3), m.group(4), year)
        if day:
            ln = doc.lines[text.count("\n", 0, m.start(2))]  # the date's line (the label's, or the next)
            where = next((c.where for c in ln.cells if _ISO_DATE.search(c.text)), ln.cells[0].where)
            return Published(day, re.sub(r"\s", "", m.group(1)), where)
    return None


_SIGN_ENDS = frozenset("日0123456789")
_SIGNED = re.compile(r"(20\d\d)[ \t]*[年.\-/][ \t]*(\d{1,2})[ \t]*[月.\-/][ \t]*(\d{1,2})[ \t]*日?$")


def find_signed(doc: Document, year: int | None, line_texts: list[str], end: int | None = None) -> Published | None:
    """The date the report is signed with (落款日期): a date ending one of the last lines of prose of its own
    text (before ``end``, the line its text ends at), alone or after the organ's name (2024年1月20日,
    二〇二四年一月二十日, 2024-01-20), after its year and within five years; None where none stands there."""
    if year is None:
        return None
    stop = end if end is not None else len(line_texts)
    seen = 0
    for i in range(stop - 1, -1, -1):
        if doc.lines[i].grid is not None:
            continue
        seen += 1
        if seen > _SIGN_LINES:
            break
        if line_texts[i].rstrip()[-1:] not in _SIGN_ENDS:  # (most lines: a sentence's end)
            continue
        t = without_spaces(line_texts[i])
        if len(t) > 40:
            continue
        m = _SIGNED.search(_in_figures(t))
        if m is not None and (day := _date(*m.groups(), year)) is not None:
            return Published(day, "落款日期", doc.lines[i].cells[-1].where)
    return None


# a date's year, month or day written in characters (二〇一九年, 十二月, 三十一日)
_CN_DATE_PART = re.compile(r"([〇零○一二三四五六七八九]{4})(?=年)|([一二三四五六七八九十]{1,3})(?=[月日])")
# where one may be: a numeral of either, then 年, 月 or 日 (one character class first: a search looks for it alone,
# where :data:`_CN_DATE_PART`'s two alternatives are tried at every character, six times the cost)
_CN_DATE_NEAR = re.compile(r"[〇零○一二三四五六七八九十][年月日]")


def _cn_small(s: str) -> str:
    """A month's or day's number in characters as figures (一 → 1, 十二 → 12, 三十一 → 31, 二十 → 20)."""
    if "十" not in s:
        return str(CN_DIGITS.get(s, 0)) if len(s) == 1 else s
    tens, _, ones = s.partition("十")
    return str(10 * (CN_DIGITS.get(tens, 0) if tens else 1) + (CN_DIGITS.get(ones, 0) if ones else 0))


def _in_figures(text: str) -> str:
    """``text`` with the dates written in characters written in figures (二〇一九年十二月三十一日: 2019年12月31日)."""
    if "月" not in text or _CN_DATE_NEAR.search(text) is None:
        return text
    return _CN_DATE_PART.sub(lambda m: m.group(1).translate(_CN_FIGURES) if m.group(1) else _cn_small(m.group(2)), text)


def find_period(doc: Document, line_texts: list[str] | None = None) -> str | None:
    """The statistics period the report states (统计期限, in its first 100 lines) as ISO 8601 days
    ``"2024-01-01/2024-12-31"``; None when it states none, or days that do not exist or run backwards."""
    lt = line_texts if line_texts is not None else [ln.text for ln in doc.lines]
    text = "".join(lt[:100])
    m = whole = None
    for word in _PERIOD_LEADS:  # each place a period's words begin, and the words after it, spaces taken out
        at = text.find(word)
        while at >= 0 and m is None:
            window = _in_figures("".join(text[at : at + 120].split()))
            m = _PERIOD_RANGE.match(window)
            whole = whole or _PERIOD_WHOLE_YEAR.match(window)
            at = text.find(word, at + 2)
        if m is not None:
            break
    if m is None:
        return None if whole is None else f"{whole.group(1)}-01-01/{whole.group(1)}-12-31"
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


# Documents a crawl of government sites holds beside the annual reports, known by their titles (a title's
# text without spaces): what each is, said when one is refused as no report
# the words a 解读 or 图解 of a report opens its title with (one page, or one after the report: ogi.extract.sections)
INTERPRETATION_WORDS = "图解|解读|一图读懂|图读|政策解读|看图"
_INTERPRETATION = re.compile(rf"^[【\[]?(?:{INTERPRETATION_WORDS})")
_INSTITUTION = re.compile(r"学校|中学|小学|大学|学院|幼儿园|医院|卫生院|公司|集团|银行")
_OTHER_DOCUMENT = re.compile(r"工作要点|工作计划|工作总结|统计表|季度|月度|月报|季报|情况统计")
_REPORT_WORD = re.compile(r"年度报告|年报|工作报告")


_NOTICE = re.compile(r"(?:更正)?(?:公告|通知|通报)$|更正(?:说明|声明)$|勘误(?:表|说明)?$")
# a line of a page's own header above what it prints (发布时间：2024-03-06, 来源：…, 浏览次数：…): no title
_PAGE_HEADER = re.compile(
    r"(?:发布|公开|上网|更新|成文)[ \t]*(?:日期|时间)|(?:信息)?来源[ \t]*[:：]|作者[ \t]*[:：]"
    r"|浏览次数|点击[数量率]|访问[量次]|字号[ \t]*[:：]|索引号"
)


def _first_words(doc: Document) -> str:
    """The first line of text of a document whose title was not found, past its page's header lines
    (:data:`_PAGE_HEADER`), among its first three; empty where there is none."""
    for ln in doc.lines[:3]:
        t = without_spaces(ln.text)
        if t and _PAGE_HEADER.match(t) is None:
            return t
    return ""


def look_alike(doc: Document, title: Title | None, sections: int = 6) -> str | None:
    """What the document is where its title (``title``, else its first line of text) names another kind of
    document than a government organ's annual report — a report's 解读 or 图解, a school's or a hospital's
    信息公开年度报告 (公共企事业单位, under rules and tables of their own), a work plan, a summary, a quarter's
    statistics, a notice publishing reports that holds none of the template's ``sections`` (how many were
    found) —, in words a clerk reads; None otherwise (an annual report, or a title that says nothing)."""
    head = title.text if title is not None else _first_words(doc)
    if not head or len(head) > 60 or ">" in head or "»" in head:  # (a sentence, a site's path: no title)
        return None
    if _INTERPRETATION.match(head):
        return "这是年度报告的解读或图解，不是报告本身"
    government = "政府信息公开" in head or "政务公开" in head
    if not government and "信息公开" in head and _REPORT_WORD.search(head) and _INSTITUTION.search(head):
        return "这是公共企事业单位（学校、医院等）的信息公开年度报告，不按政府信息公开工作年度报告的格式"
    if not _REPORT_WORD.search(head) and (m := _OTHER_DOCUMENT.search(head)):
        return f"标题所示为{m.group(0)}，不是年度报告"
    if not sections and (m := _NOTICE.search(head)):  # (a notice printing the report holds its sections)
        return f"这是一份{m.group(0)}，其中没有年度报告本身"
    return None


def choose_template(layout: str | None, year: int | None) -> tuple[Template, str]:
    if layout is not None:
        return template(layout), "layout"
    return template_for_year(year), "year"
