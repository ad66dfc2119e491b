"""Encodings detected, traditional script and pinyin handled, real parentheses kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ogi
from conftest import fixtures
from ogi.extract.narrative import cn_number
from ogi.ingest import detect
from ogi.normalize import normalize_text, strip_pinyin


@pytest.mark.parametrize(
    "raw,want",
    [
        ("報(bào)告", "報告"),
        ("數(shù)據(jù)", "數據"),
        ("報(bao)告", "報告"),
        ("(一)主动公开", "(一)主动公开"),
        ("本年收费金额(单位:万元)", "本年收费金额(单位:万元)"),
        ("《条例》(国务院令第711号)", "《条例》(国务院令第711号)"),
        ("平台(APP)", "平台(APP)"),
        # a word's syllables in one bracket, zhuyin, pinyin glued without brackets (tone marks, tone digits)
        ("政府(zhèngfǔ)信息(xìnxī)", "政府信息"),
        ("政(ㄓㄥˋ)府(ㄈㄨˇ)", "政府"),
        ("政zhèng府fǔ信xìn息xī", "政府信息"),
        ("政府zhèngfǔ信息xìnxī公开gōngkāi", "政府信息公开"),
        ("政zheng4府fu3", "政府"),
        ("局jú2024年nián", "局2024年"),  # (a tone digit only after a syllable no mark tones)
        ("局ju22022年nian2", "局2022年"),
        # letters glued to characters that are no pinyin stay
        ("OA系统和APP", "OA系统和APP"),
        ("使用Wi-Fi", "使用Wi-Fi"),
        ("版本v2.0发布zhèng", "版本v2.0发布"),
        ("B2栋", "B2栋"),
    ],
)
def test_pinyin(raw: str, want: str) -> None:
    assert strip_pinyin(raw) == want


def test_traditional_and_widths() -> None:
    # (Taiwan's 資訊 is the mainland's 信息; Hong Kong's variant 衞 is 卫; 文件 stays 文件, no Taiwan phrase rule)
    assert normalize_text("政府資訊公開１２３") == "政府信息公开123"
    assert normalize_text("佛山市南海區衞生健康局") == "佛山市南海区卫生健康局"
    assert normalize_text("行政規範性文件 查詢") == "行政规范性文件 查询"


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16"])
def test_encodings_detected(enc: str) -> None:
    path = fixtures("seeds", (".txt",))[4]
    text = path.read_text("utf-8")
    if enc == "big5":
        text = normalize_text(text)
        import opencc

        text = opencc.OpenCC("s2t").convert(text)
        data = text.encode("big5", errors="replace")
    else:
        data = text.encode(enc, errors="replace")
    r = ogi.read(data)
    assert r.cells["t3.new.total"] == 0
    assert r.year == 2023
    assert r.agency in ("县投资促进局", "砚山县投资促进局")


def test_detect_formats() -> None:
    assert detect(b"%PDF-1.7\n...") == "pdf"
    assert detect(b"<!DOCTYPE html><html><body><table>") == "html"
    assert detect("一、总体情况\n".encode()) == "text"
    assert detect(b"\x89PNG\r\n\x1a\n....") == "image"


@pytest.mark.parametrize("s,n", [("二十三", 23), ("一百零五", 105), ("1,234", 1234), ("十", 10), ("两千", 2000)])
def test_chinese_numerals(s: str, n: int) -> None:
    assert cn_number(s) == n


@pytest.mark.parametrize("cell", ["&nbsp;", "&NBSP;", "&#160;", "&nbsp;&nbsp;", "&emsp;", "&#12288;"])
def test_html_space_entities_left_in_text_are_spaces(cell: str) -> None:
    """A cell of a page copied or crawled as markup (``| &nbsp; |``) is blank, as in HTML."""
    assert normalize_text(cell).strip() == ""
    assert normalize_text(f"共{cell}5件") == "共" + " " * cell.count(";") + "5件"
    assert normalize_text("A&B；R&D") == "A&B；R&D"  # other ampersands stay


@pytest.mark.parametrize("sep", [" ", "\u2009", "\u202f", "\xa0", "\u2007", "\u3000"])
def test_spaces_between_thousands_are_spaces(sep: str) -> None:
    """Number formatters put a thin, a figure or a narrow no-break space between thousands (``1 302``):
    a space, as the table reader reads ``1 302`` (a report's fee of 24 198.13 was read blank)."""
    assert normalize_text(f"24{sep}198.13") == "24 198.13"


def test_a_page_footer_on_the_line_of_a_table_is_no_value() -> None:
    """PyMuPDF's sorted text puts a page's footer on the line beside it (``— 2 —信息内容  本年收费金额``):
    the footer's 2 is no value of the row below (fees were read 2, then a false table.duplicate)."""
    from ogi.samples import generate, print_report

    rep = generate(7, tid="2021", scale=20)
    text = print_report(rep, "layout")
    head = next(ln for ln in text.split("\n") if ln.startswith("信息内容") and "收费金额" in ln)
    for footer in ("— 2 —", "- 2 -    ", "第2页 共6页 "):
        r = ogi.read(text.replace(head, f"   {footer}{head}", 1))
        assert r.cells["t2.fees.amount"] == rep.cells["t2.fees.amount"], footer
        assert not [f.message for f in r.findings if f.severity == "error"], footer


@pytest.mark.parametrize(
    ("cell", "n"), [("一〇五", 105), ("二三〇", 230), ("一〇", 10), ("三", 3), ("三三", None), ("一零五", None)]
)
def test_a_count_written_a_digit_at_a_time_with_its_zero(cell: str, n: int | None) -> None:
    """一〇五 (a converter's, digit by digit, as years are written) is 105; 三三 and 一零五 stay no count."""
    from ogi.extract.tokens import numeral_value

    assert numeral_value(cell) == n


def test_a_rubys_annotation_is_no_text() -> None:
    from ogi.ingest import ingest_bytes

    ruby = "<ruby>政<rt>zhèng</rt></ruby><ruby>府<rp>(</rp><rt>fǔ</rt><rp>)</rp></ruby>"
    page = f"<html><body><p>{ruby}信息公开</p></body></html>"
    assert [ln.text for ln in ingest_bytes(page.encode("utf-8")).lines] == ["政府信息公开"]


def test_control_characters_go_but_the_cells_separator_stays() -> None:
    """A bell or a backspace beside a figure (a damaged file's) is dropped; the unit separator that
    normalize_document joins a document's cells with survives, so the document is normalized in one pass
    (dropped, it split into one piece and every cell was normalized alone: ten times the cost)."""
    from ogi.normalize.text import _SEP, normalize_text

    assert normalize_text("规章\x07 3\x08") == "规章 3"
    assert normalize_text(f"一{_SEP}二") == f"一{_SEP}二"


# characters of each kind normalize_text's steps change, and of text around them
_STEPS_CHARS = (
    "⼈⺠⽂\u2e80\u2fdf"  # radicals (a PDF font's)
    "報資訊區衞規範查詢"  # traditional characters
    "āáǎàüǘ"  # tone marks
    "ＡＢａｚ０９　\xa0\u2009\u200b\ufeff\xad¹\u2212．％\x07"  # what widths() changes
    "ㄓㄥˋ"  # zhuyin
)
_PIECES = ["報(bào)告", "政府（ zhèngfǔ ）", "政(ㄓㄥˋ)", "政zheng4府fu3", "局ju2", "&nbsp;", "（一）"]
_PLAIN_CHARS = "政府信息公开年度报告共件一二(（)） \t\x1fabzhengfuAPPOA1234567890年月日号%&;#"


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(list(_STEPS_CHARS)),
            st.sampled_from(list(_PLAIN_CHARS)),
            st.sampled_from(_PIECES),
        ),
        max_size=24,
    ).map("".join)
)
def test_normalize_text_looks_once_for_what_its_steps_change(text: str) -> None:
    """normalize_text looks for all its steps' characters in one search, and runs them only where one is
    (:func:`ogi.normalize.text._changing_re`): whatever the text, that is what its steps in turn make of it."""
    from ogi.normalize.chinese import to_simplified
    from ogi.normalize.text import _SPACE_ENTITY, widths, without_radicals

    steps = _SPACE_ENTITY.sub(" ", text) if "&" in text else text
    assert normalize_text(text) == widths(to_simplified(strip_pinyin(without_radicals(steps))))


def test_the_one_search_holds_every_steps_characters() -> None:
    """Each character a step of normalize_text changes is one its one search finds (a character left out of it
    would be left unchanged in a text holding no other), and a bracket alone is none (every report has one)."""
    from ogi.normalize.chinese import TONE_MARKS, traditional_chars
    from ogi.normalize.text import _WIDE, _changing_re
    from ogi.template.text import RADICALS

    found = _changing_re()
    for c in [*map(chr, RADICALS), *traditional_chars(), *TONE_MARKS, *map(chr, _WIDE)]:
        assert found.search(f"政府{c}信息") is not None, repr(c)
    for plain in ("（一）主动公开", "(单位:万元)", "《条例》(国务院令第711号)", "政府（ 信息"):
        assert found.search(plain) is None, plain
