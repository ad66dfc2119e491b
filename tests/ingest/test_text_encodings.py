"""Text in the encodings and with the characters reports come in: UTF-16 without a byte order mark, invisible
marks inside numbers, a workbook's CSV quoting each field — each read as its text says."""

from __future__ import annotations

import codecs
from collections.abc import Callable

import pytest

import ogi
from ogi.samples import generate, print_report

REP = generate(91, tid="2021", scale=20)


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("gap", ["\t", "\u3000"])
def test_utf16_without_a_byte_order_mark(enc: str, gap: str) -> None:
    """UTF-16 saved without its mark, in either byte order, cells apart by tabs or ideographic spaces (U+3000:
    30 00, zeros in both byte places): text in that encoding (was refused as binary data)."""
    text = print_report(REP, "tabs").replace("\t", gap) if gap != "\t" else print_report(REP, "tabs")
    r = ogi.read(text.encode(enc))
    assert r.source.encoding == enc and r.agency == REP.agency
    assert r.cells == REP.cells


@pytest.mark.parametrize("mark", ["\u200d", "\u200c", "\u2060", "\u00ad", "\u200b"])
def test_invisible_marks_inside_numbers_are_no_part_of_them(mark: str) -> None:
    """A zero-width joiner, non-joiner, word joiner, soft hyphen or space inside a number (7‍5) is no part of it:
    75 (was no number: the cell dropped, the row's values moved left, false sum warnings)."""
    rep = generate(92, tid="2021", scale=200)
    keys = [k for k, v in rep.cells.items() if k.startswith("t3.") and type(v) is int and v >= 10][:12]
    assert keys
    rep.layout.texts.update({k: f"{str(rep.cells[k])[0]}{mark}{str(rep.cells[k])[1:]}" for k in keys})
    r = ogi.read(print_report(rep, "pipe"))
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.severity == "error" or f.rule == "cells.uncertain"]


def test_a_workbooks_csv_quoting_each_line_of_prose() -> None:
    """A report kept in a workbook and saved as CSV: each line of prose a quoted field with the empty ones after
    it ("一、总体情况",): the line's text (its headings were no headings: a false section.missing)."""
    lines = print_report(REP, "csv").split("\n")
    quoted = [f'"{ln}",' if ln and "," not in ln else ln for ln in lines]
    r = ogi.read("\n".join(quoted))
    assert r.cells == REP.cells and r.agency == REP.agency
    assert not [f for f in r.findings if f.rule.startswith("section.")]


def test_a_few_broken_bytes_leave_the_rest_read_and_say_so() -> None:
    """A byte lost or changed on the way (UTF-8 or GBK, in the prose or a label), a bell beside a figure: the
    report read as it is, each broken character U+FFFD, one input.partial saying how many — not refused as of
    unknown encoding, nor read as UTF-16 (an even number of bytes decodes so into no text) and refused."""
    import ogi
    from ogi.samples import generate, print_report

    rep = generate(8, tid="2021", scale=5)
    text = print_report(rep, "pipe")
    prose_at = text.index("主动公开") + 2
    for enc, broken in (
        ("utf-8", lambda b: b[: len(b) // 3] + b"\xff" + b[len(b) // 3 :]),
        ("utf-8", lambda b: b[: b.index("主动公开".encode()) + 1] + b[b.index("主动公开".encode()) + 2 :]),
        ("gbk", lambda b: b[: b.index("主动公开".encode("gbk"))] + b[b.index("主动公开".encode("gbk")) + 1 :]),
    ):
        data = broken(text.encode(enc))
        if len(data) % 2:  # (both lengths: an even one decodes as UTF-16 without complaint)
            data += b"\n"
        got = ogi.read(data)
        assert {k: v for k, v in got.cells.items() if v != rep.cells[k]} == {}, enc
        assert any(f.rule == "input.partial" and "字节损坏" in f.message for f in got.findings)
    bell = text.replace("| 规章 |", "| 规章 |\x07", 1)
    assert prose_at and ogi.read(bell).cells == ogi.read(text).cells


def test_broken_bytes_are_said_in_every_decoding_of_text_and_pages() -> None:
    """Characters lost to broken bytes are said (input.partial, the document's ``lost``) however the bytes were
    decoded — a web page's as a text file's (a page said nothing: the loss was told by words in the encoding's name,
    which only the text reader looked for), a file with a byte-order mark, a UTF-8 download cut short mid-character
    — and the values are read as printed."""
    from ogi.samples.html import render_html

    rep = generate(8, tid="2021", scale=5)
    page = render_html(rep).encode("utf-8")
    at = page.index("主动公开".encode()) + 1  # (a byte of 主 lost: a page's prose)
    text = print_report(rep, "pipe")
    cases = {
        "page": page[:at] + page[at + 1 :],
        "utf-16 with its mark": codecs.BOM_UTF16_LE + text.encode("utf-16-le")[:-1] + b"\x00\xd8\n\x00",
        "utf-8 cut short": text.encode("utf-8") + "。".encode()[:2],
    }
    for name, data in cases.items():
        got = ogi.read(data)
        assert {k: v for k, v in got.cells.items() if v != rep.cells[k]} == {}, name
        assert got.document.lost >= 1, name
        assert any(f.rule == "input.partial" and "字节损坏" in f.message for f in got.findings), name
    whole = ogi.read(render_html(rep).encode("utf-8"))
    assert whole.document.lost == 0 and not [f for f in whole.findings if f.rule == "input.partial"]


@pytest.mark.parametrize(
    ("style", "wrong", "whole"),
    [
        ("tabs", lambda t: t.encode("utf-8").decode("latin-1"), True),  # UTF-8 read as Latin-1, saved again
        ("pipe", lambda t: t.encode("utf-8").decode("cp1252", errors="ignore"), False),  # (five bytes undefined)
        ("tabs", lambda t: t.encode("gbk").decode("latin-1"), True),  # GBK read as Latin-1
    ],
)
def test_mojibake_is_read_as_the_report_it_was(style: str, wrong: Callable[[str], str], whole: bool) -> None:
    """A report saved as mojibake — its Chinese read in a code page of one byte a character and saved again as
    UTF-8 (政府 as æ”¿åºœ) — is read as the text it was, the encoding saying so (was refused: not a report); as a
    file and as a web page. Undone whole, nothing is said lost (its own “quotes”, dashes — and dots … are no
    remains); where the first misreading lost characters (Windows-1252 has no character for five bytes), the
    values not found are doubt (cells.uncertain, lost), never cells.missing, and the loss is said."""
    from ogi.samples.html import render_html

    marks = "“按期答复”——全年·无延期……"  # (punctuation Windows-1252 holds too)
    for page in (print_report(REP, style), render_html(REP)):
        data = wrong(page.replace("编制，", f"编制{marks}，", 1)).encode("utf-8")
        assert "政府".encode() not in data
        r = ogi.read(data)
        assert "乱码已还原" in (r.source.encoding or "")
        assert r.agency == REP.agency and r.year == REP.year
        errors = [f for f in r.findings if f.severity == "error"]
        if whole:
            assert r.document.lost == 0 and r.cells == REP.cells and not errors
            assert not [f for f in r.findings if f.rule == "input.partial"]
        else:  # characters lost: what was read is right, the rest in doubt, no error of the source's
            assert r.document.lost > 0
            assert all(v == REP.cells[k] for k, v in r.cells.items() if v is not None)
            assert not [f for f in errors if f.rule == "cells.missing"]
            assert any(f.rule == "input.partial" for f in r.findings)


def test_a_text_layer_that_reads_as_no_chinese_report() -> None:
    """A PDF page's text layer whose characters' codes a font's map shifted (政府 as 敀庝), or an OCR layer of the
    wrong language (letters where the characters are), reads as no Chinese report's page (then read by OCR); a
    report's page, or a page of numbers too short to judge, does."""
    from ogi.ingest.pdf import reads_as_chinese

    page = print_report(REP, "pdftext")
    assert reads_as_chinese(page)
    assert not reads_as_chinese("".join(chr(ord(c) + 1) if "\u4e00" <= c <= "\u9fff" else c for c in page))
    assert not reads_as_chinese("Zhengfu xinxi gongkai gongzuo niandu baogao " * 20 + "2023 12 5")
    assert reads_as_chinese("12 3 4 0 0 5 6 7 8")


def test_a_broken_byte_outside_the_tables_leaves_a_missing_table_missing() -> None:
    """Characters lost in a page's footer cannot have held a table: a table the page does not print stays
    cells.missing (an error of the source), not doubt — only values not found in a table whose lines lost
    characters, or a table not found where enough were lost to have held it, are doubt (a fresh reviewer's)."""
    from ogi.samples.html import render_html

    rep = generate(8, tid="2021", scale=5)
    page = render_html(rep)
    start, end = page.index("四、政府信息公开行政复议"), page.index("五、存在的主要问题")
    cut = (page[:start] + page[end:]).replace("</body>", "<div>版权所有：本站</div></body>").encode("utf-8")
    at = cut.index("版权所有".encode()) + 1
    for data in (cut, cut[:at] + cut[at + 1 :]):
        got = ogi.read(data)
        assert any(f.rule == "cells.missing" and f.severity == "error" for f in got.findings)
        assert got.document.lost == (data != cut)


@pytest.mark.parametrize(
    ("codec", "said", "script"),
    [
        ("big5", "gb2312", "s2tw"),  # GBK decodes Big5's bytes without an error: 政府資訊公開 as 現┎戈癟そ秨
        ("big5", "GBK", "s2t"),
        ("gbk", "big5", ""),  # (Big5 decodes most of GBK's bytes too)
    ],
)
def test_a_page_whose_bytes_read_as_nonsense_in_the_codec_it_declares(codec: str, said: str, script: str) -> None:
    """A page declaring a codec its bytes decode in without an error, into no Chinese (trial 101's
    31_meta_gb2312_sent_big5: refused as no report) is read in the codec that reads them as Chinese, the encoding
    saying what was declared; an MHT archive's part alike."""
    import email.encoders
    import email.generator
    import email.mime.base
    import email.mime.multipart
    import io

    from opencc import OpenCC

    from ogi.samples.html import render_html

    rep = generate(12, tid="2021")
    page = render_html(rep, messy=True)
    page = OpenCC(script).convert(page) if script else page
    declared = page.replace(
        '<meta charset="utf-8"/>', f'<meta http-equiv="Content-Type" content="text/html; charset={said}">'
    )
    got = ogi.read(declared.encode(codec, errors="xmlcharrefreplace"))
    assert got.agency == rep.agency and got.year == rep.year
    assert {k: v for k, v in got.cells.items() if v != rep.cells[k]} == {}
    assert got.source.encoding is not None and got.source.encoding.startswith(("big5", "gb18030"))
    assert ("gb18030" in got.source.encoding) == (codec == "gbk")
    if codec == "big5" and said == "gb2312":
        assert got.source.encoding == "big5hkscs (声明为 gb2312，按其读出乱码)"
        msg = email.mime.multipart.MIMEMultipart("related")  # a page saved by a browser as one file: its part's charset
        part = email.mime.base.MIMEBase("text", "html", charset=said)
        part.set_payload(page.encode(codec))
        email.encoders.encode_base64(part)
        msg.attach(part)
        buf = io.StringIO()
        email.generator.Generator(buf).flatten(msg)
        mht = ogi.read(buf.getvalue().encode("ascii"))
        assert mht.agency == rep.agency and mht.cells == got.cells


def test_a_declared_codec_is_kept_where_its_text_reads_as_chinese_or_no_other_reads_better() -> None:
    """The declaration stands where its reading reads as Chinese — a report in either script, a few rare characters
    (a place's) among its words — and where no other codec reads the bytes as Chinese (rare characters GB18030 alone
    encodes: read as declared); too little text to tell says nothing."""
    from ogi.ingest.decode import nonsense_share, read_declared, reads_as_nonsense

    text = print_report(REP, "pipe")
    for codec, body in (("gb18030", text), ("big5hkscs", __import__("opencc").OpenCC("s2tw").convert(text))):
        got = read_declared(body.encode(codec), codec)
        assert got is not None and got.text == body and got.codec == codec and got.declared is None
        assert (share := nonsense_share(body)) is not None and share < 0.01
    assert reads_as_nonsense(__import__("opencc").OpenCC("s2tw").convert(text).encode("big5").decode("gb18030"))
    rare = "㮾䶮𠀀𪚥" * 30  # (four-byte GB18030 sequences: no other codec decodes them)
    got = read_declared(rare.encode("gb18030"), "gb18030")
    assert got is not None and got.text == rare and got.declared is None
    assert nonsense_share("政府信息公开") is None
    assert read_declared("政府".encode("gbk"), "utf-8") is None  # (bytes no text in it: the caller detects)
