"""Property tests: random valid reports of both formats, printed in every text
style by our own printer, read back to identical cells; a single corrupted cell
is caught by the right rule; prose figures agree or are caught."""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ogi
from ogi.check.arithmetic import equations
from ogi.samples import STYLES, generate, print_report

seeds = st.integers(min_value=0, max_value=10**9)
formats = st.sampled_from(["2021", "2019"])
styles = st.sampled_from(sorted(STYLES))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(seed=seeds, tid=formats, style=styles)
def test_round_trip(seed: int, tid: str, style: str) -> None:
    rep = generate(seed, tid=tid)
    r = ogi.read(print_report(rep, style))
    assert r.template == tid
    assert r.year == rep.year
    assert r.agency == rep.agency
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.severity in ("error", "warning")], [f.message for f in r.findings]


def _rules_of(tid: str, key: str) -> set[str]:
    from ogi.template import template

    tpl = template(tid)
    return {eq.rule.id for eq in equations(tpl) if any(key == t[0] for t in eq.left + eq.right)}


@SETTINGS
@given(seed=seeds, tid=formats, style=styles, pick=st.integers(0, 10**6), delta=st.integers(1, 50))
def test_single_corruption_caught_by_the_right_rule(seed: int, tid: str, style: str, pick: int, delta: int) -> None:
    rep = generate(seed, tid=tid)
    checked = sorted(k for k in rep.cells if k.startswith(("t3.", "t4.")))
    key = checked[pick % len(checked)]
    rep.cells[key] += delta
    r = ogi.read(print_report(rep, style))
    assert r.cells[key] == rep.cells[key]
    expected = _rules_of(tid, key)
    hit = {f.rule for f in r.findings if key in f.keys}
    assert expected and expected <= hit, (key, expected, hit)
    assert all(f.severity == "error" for f in r.findings if f.rule in expected)


@SETTINGS
@given(seed=seeds, style=styles, shift=st.integers(-5, 40))
def test_prose_figures_agree_or_are_caught(seed: int, style: str, shift: int) -> None:
    rep = generate(seed, tid="2021", scale=random.Random(seed).choice((2, 20, 200)))
    text = print_report(rep, style)
    new = rep.cells["t3.new.total"]
    stated = f"共收到政府信息公开申请{new}件"
    if stated not in text:  # nothing received: the prose says 未收到
        assert "未收到政府信息公开申请" in text
        return
    said = max(new + shift, 0)
    r = ogi.read(text.replace(stated, f"共收到政府信息公开申请{said}件"))
    mismatches = [f for f in r.findings if f.rule == "narrative.mismatch"]
    if said == new:
        assert not mismatches
    else:
        assert any("t3.new.total" in f.keys and f.values["text"] == said for f in mismatches)


def test_chinese_numerals_in_prose() -> None:
    rep = next(
        r for r in (generate(i, tid="2021", scale=20) for i in range(1000)) if 10 < r.cells["t3.new.total"] < 100
    )
    new = rep.cells["t3.new.total"]
    text = print_report(rep, "pipe")
    tens, ones = divmod(new, 10)
    cn = "零一二三四五六七八九"
    spelled = ("" if tens == 1 else cn[tens]) + "十" + (cn[ones] if ones else "")
    r = ogi.read(text.replace(f"申请{new}件", f"申请{spelled}件"))
    assert not [f for f in r.findings if f.rule == "narrative.mismatch"]
    wrong = "一百零一" if new != 101 else "一百零二"
    r = ogi.read(text.replace(f"申请{new}件", f"申请{wrong}件"))
    assert [f.values["text"] for f in r.findings if f.rule == "narrative.mismatch"] == [101 if new != 101 else 102]


@SETTINGS
@given(seed=seeds, tid=formats, style=styles)
def test_every_value_points_at_its_line(seed: int, tid: str, style: str) -> None:
    """Provenance of a text source: the line given holds the value (markdown rules, filler
    lines and cells broken over lines included; a number wrapped in its cell begins there)."""
    from ogi.template import template

    rep = generate(seed, tid=tid)
    text = print_report(rep, style)
    lines = text.split("\n")
    r = ogi.read(text)
    kinds = template(tid).keys
    for key, where in r.provenance.items():
        v = r.cells[key]
        if v is None or kinds[key].column.kind == "amount" or where.line is None:
            continue
        line = lines[where.line - 1]
        numbers = re.findall(r"-?\d+", line if style == "csv" else line.replace(",", ""))  # CSV: commas part fields
        # (box tables' narrow cells wrap a long number: the line given holds its first digits)
        wrapped = style == "box" and any(str(int(v)).startswith(x) for x in numbers)
        assert str(int(v)) in numbers or wrapped, (key, v, where.line, lines[where.line - 1])


# the words of narrative._NOT_OURS's alternatives, and others: strings of them meet each alternative often
_NOT_OURS_WORDS = [
    "许可",
    "审批",
    "报销",
    "补贴",
    "救助",
    "登记",
    "备案",
    "复核",
    "赔偿",
    "低保",
    "医保",
    "社保",
    "信访",
    "事项",
    "申请",
    "作为",
    "行政",
    "复议机关",
    "2022",
    "2024",
    "—",
    "至",
    "年度",
    "历年",
    "多年",
    "以来",
    "累计",
    "累计至今",
    "涉及",
    "征地",
    "类",
    "各",
    "其余",
    "其他",
    "所属",
    "下属",
    "乡镇",
    "镇街",
    "街道",
    "乡",
    "镇",
    "县",
    "市",
    "区",
    "旗",
    "直",
    "部门",
    "单位",
    "本级",
    "，",
    "。",
    "收到",
    "5件",
    "局属",
    "厅属",
    "委属",
    "直属",
    "二级",
    "执法",
    "支队",
    "机构",
    "中心",
    "所",
    "及",
    "和",
    "含",
    "本局",
]


@settings(max_examples=5000, deadline=None)
@given(words=st.lists(st.sampled_from(_NOT_OURS_WORDS), max_size=12))
def test_not_ours_lookahead_changes_no_match(words: list[str]) -> None:
    """The lookahead before the words saying a figure counts something else (narrative._NOT_OURS) names every
    character one of its alternatives can begin with: the pattern finds what it finds without it."""
    from ogi.extract.narrative import _NOT_OURS

    text = "".join(words)
    head, _, body = _NOT_OURS.pattern.partition("])(?:")
    assert head.startswith("(?=[") and body.endswith(")")
    plain = re.compile(body[:-1])
    a, b = plain.search(text), _NOT_OURS.search(text)
    assert (a and a.span()) == (b and b.span())


@settings(max_examples=3000, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            ["12", "3.5万", "1,234", "二十", "两", "壹佰", "余", "多", "件", "起", "人次", "申请", "，", " ", "〇"]
        ),
        max_size=10,
    )
)
def test_figure_lookahead_changes_no_match(words: list[str]) -> None:
    """The lookahead before a figure's pattern (narrative._FIGURE) names every character a figure can begin with: the
    pattern finds the figures it finds without it."""
    from ogi.extract.narrative import _FIGURE

    text = "".join(words)
    head, _, body = _FIGURE.pattern.partition("])")
    assert head.startswith("(?=[")
    plain = re.compile(body)
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in _FIGURE.finditer(text)]


@settings(max_examples=3000, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            ["hidden", " ", "x", "_", ">", "=", "/", "\n", "中", "é", "-", '"', "h", "idden", "\u3000", "0"]
        ),
        max_size=10,
    )
)
def test_hidden_attribute_pattern_finds_what_word_boundary_finds(words: list[str]) -> None:
    """Markup that may hide a block (html._HIDDEN_ATTR) is looked for by its word, its start looked behind: it finds
    just what ``\\bhidden[\\s>=/]`` finds (the pattern opening with \\b was tried at every character of a page)."""
    from ogi.ingest.html import _HIDDEN_ATTR

    text = "".join(words)
    a, b = re.compile(r"\bhidden[\s>=/]").search(text), _HIDDEN_ATTR.search(text)
    assert (a and a.span()) == (b and b.span())


_BODY_WORDS = ["县", "局", "人民政府", "办公室", "根据", "依据", "现将", "现公布", "编制", "编写", "了", "本", "2023年"]
_BODY_MARKS = ["。", "；", ";", "，", ",", "：", ":", "\n", "（", "）", "·", "a", " ", "由", "按照", "制作", "2023"]


@settings(max_examples=3000, deadline=None)
@given(words=st.lists(st.sampled_from(_BODY_WORDS + _BODY_MARKS), max_size=14))
def test_sentence_led_organ_patterns_find_what_look_behind_found(words: list[str]) -> None:
    """The body's patterns for an organ leading a sentence (meta._ACCORDING, _COMPILED_BY, _GIVES, _ORGAN_LEAD) open
    with the sentence's mark, consumed, the text given a 。 before it: they find the names the patterns opening with
    ^ or a look-behind found, at the same places (one character on)."""
    from ogi.extract import meta

    o = meta._ORG_CH
    before = {
        "_ACCORDING": rf"(?:^|(?<=[。；;\n]))({o}{{3,40}}?)(?:根据|依据|按照)",
        "_COMPILED_BY": rf"(?:^|[，。；：,;:])({o}{{3,40}}?)(?:编制|编写|制作)(?:完成)?了?(?:本|20\d\d)",
        "_GIVES": rf"(?:^|(?<=[。；;，,\n]))({o}{{3,40}}?)(?:现将|现予公布|现公布|特公布)"
        rf"|(?:现将|现予公布|现公布|特公布)({o}{{3,40}}?)20\d\d年",
        "_ORGAN_LEAD": rf"(?:^|(?<=[。；;\n]))({o}{{3,40}}?)20\d\d年",
    }
    text = "".join(words)
    for name, pattern in before.items():
        a = [[(g, m.span(i + 1)) for i, g in enumerate(m.groups())] for m in re.finditer(pattern, text)]
        b = [
            [
                (g, (m.start(i + 1) - 1, m.end(i + 1) - 1) if g is not None else (-1, -1))
                for i, g in enumerate(m.groups())
            ]
            for m in getattr(meta, name).finditer("。" + text)
        ]
        assert a == b, name
