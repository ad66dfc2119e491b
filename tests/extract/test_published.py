"""published.late: the publication date a report states, against the deadline for its kind of organ."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import ogi
from ogi.samples import generate, print_report
from ogi.samples.html import render_html


def text_report(organ: str, date_line: str | None, seed: int = 5) -> tuple[str, int]:
    """A generated report (2021 format) made out by ``organ``, with ``date_line`` under its title."""
    rep = generate(seed, "2021")
    lines = print_report(rep, "pipe").replace(rep.agency, organ).splitlines()
    if date_line is not None:
        lines.insert(1, date_line)
    return "\n".join(lines) + "\n", rep.year


def late(r: ogi.Report) -> list[ogi.Finding]:
    return [f for f in r.findings if f.rule == "published.late"]


def test_department_published_late_from_a_date_line() -> None:
    text, year = text_report("北原市财政局", f"发布日期：{year_after(5)}-02-05")
    r = ogi.read(text)
    assert r.agency == "北原市财政局"
    assert r.published == f"{year + 1}-02-05"
    [f] = late(r)
    assert f.severity == "warning"
    assert f.values == {
        "published": f"{year + 1}-02-05",
        "deadline": f"{year + 1}-01-31",
        "days_late": 5,
        "by": "发布日期",
    }
    assert f.message == (
        f"报告发布日期为{year + 1}年2月5日，县级以上人民政府部门应在{year + 1}年1月31日前公布{year}年度报告，逾期5天"
    )
    assert f.where[0].line == 2  # the date line, under the title


def test_on_time_and_undated_reports_raise_nothing() -> None:
    text, year = text_report("北原市财政局", f"发布时间：{year_after(5)}年1月31日")
    r = ogi.read(text)
    assert r.published == f"{year + 1}-01-31" and not late(r)
    r = ogi.read(text_report("北原市财政局", None)[0])
    assert r.published is None and not late(r)


@pytest.mark.parametrize("colon", ["：", ""])
def test_a_date_under_its_label_in_a_sites_definition_list(colon: str) -> None:
    """A site's metadata as a definition list (<dt>发布日期：</dt><dd>2025-01-23</dd>): the label and the date
    on lines of their own, the date the next line's first — was no date at all."""
    rep = generate(5, "2021")
    meta = (
        f"<dl class='meta'><dt>索引号{colon}</dt><dd>113412/2025-00003</dd>"
        f"<dt>发布机构{colon}</dt><dd>{rep.agency}</dd>"
        f"<dt>发布日期{colon}</dt><dd>{rep.year + 1}-01-23</dd></dl>"
    )
    page = render_html(rep)
    assert "<body>" in page
    r = ogi.read(page.replace("<body>", "<body>" + meta, 1).encode("utf-8"))
    texts = [ln.text for ln in r.document.lines]
    assert texts[texts.index(f"{rep.year + 1}-01-23") - 1] == f"发布日期{colon}"  # (apart, as the page gives them)
    assert r.published == f"{rep.year + 1}-01-23"


def year_after(seed: int) -> int:
    return generate(seed, "2021").year + 1


@pytest.mark.parametrize(
    ("organ", "month_day", "days"),
    [
        ("北原市人民政府", "03-31", None),  # a government: until 31 March
        ("北原市人民政府", "04-02", 2),
        ("北原市人民政府办公室", "02-01", 1),  # its office is a department: 31 January
        ("青石镇人民政府", "06-30", None),  # towns: no national deadline
    ],
)
def test_deadline_by_kind_of_organ(organ: str, month_day: str, days: int | None) -> None:
    text, _ = text_report(organ, f"发布日期：{year_after(5)}-{month_day}")
    r = ogi.read(text)
    assert r.agency == organ
    found = late(r)
    assert [f.values["days_late"] for f in found] == ([days] if days else [])


def test_a_date_that_cannot_be_the_publication_is_ignored() -> None:
    """A date in the reporting year itself (or years later) is not when the report came out."""
    year = year_after(5) - 1
    for d in (f"{year}-12-20", f"{year + 7}-01-05", f"{year + 1}-02-30"):
        r = ogi.read(text_report("北原市财政局", f"发布日期：{d}")[0])
        assert r.published is None and not late(r), d


def test_web_page_pubdate_meta() -> None:
    rep = generate(5, "2021")
    html = render_html(rep).replace(
        '<meta charset="utf-8"/>', f'<meta charset="utf-8"/><meta name="PubDate" content="{rep.year + 1}-02-10 09:30">'
    )
    r = ogi.read(html.encode())
    assert r.published == f"{rep.year + 1}-02-10"
    [f] = late(r)
    assert f.values["days_late"] == 10 and "网页元数据 PubDate" in f.message


def test_real_page_published_on_the_last_day(shared: Path) -> None:
    r = ogi.read(shared / "real" / "2019-shanghai-municipal-office.html")
    assert r.published == "2020-01-31"
    assert not late(r)


def test_store_keeps_the_date_and_upgrades_a_version_3_store(tmp_path: Path) -> None:
    pytest.importorskip("sqlalchemy")
    from ogi.runner.build import build
    from ogi.store import Store
    from ogi.store.schema import SCHEMA_VERSION

    d = tmp_path / "in"
    d.mkdir()
    text, year = text_report("北原市财政局", f"发布日期：{year_after(5)}-02-05")
    (d / "a.txt").write_text(text, "utf-8")
    db = tmp_path / "c.db"
    store = Store(f"sqlite:///{db}")
    build([d], store, jobs=1)
    [row] = store.reports()
    assert row["published"] == f"{year + 1}-02-05"
    assert [f["rule"] for f in store.findings(rule="published.late")] == ["published.late"]
    store.close()
    # the store as version 3 left it: no column, version 3
    with sqlite3.connect(db) as c:
        c.execute("ALTER TABLE reports DROP COLUMN published")
        c.execute("UPDATE ogi_meta SET value = '3' WHERE name = 'schema_version'")
    store = Store(f"sqlite:///{db}")
    [row] = store.reports()
    assert row["published"] is None  # kept readings stay as they were until read again
    with sqlite3.connect(db) as c:
        got = c.execute("SELECT value FROM ogi_meta WHERE name = 'schema_version'").fetchone()
        assert got == (str(SCHEMA_VERSION),)
    store.close()


@pytest.mark.parametrize("organ", ["县政府", "区政府", "青石县人民政府", "市政府"])
def test_a_local_government_named_short_has_a_governments_deadline(organ: str) -> None:
    """县政府, as a report may name its organ, is a county government's (31 March), not a department's."""
    from ogi.template import spec

    d = spec().deadline(organ)
    assert d is not None and (d.month, d.day) == (3, 31)


def test_no_organ_is_a_fragment_of_a_plan() -> None:
    from ogi.extract.meta import organ_name

    assert organ_name("将明确各处") is None
    assert organ_name("青石县民政局") == "青石县民政局"


def test_an_interpretation_after_the_report_dates_itself_not_the_report() -> None:
    """The page prints the report's 解读 after it, with its own 发布时间: no date of the report's (nor a late one),
    and its figures are no prose of the report's."""
    from ogi.samples.variants import variant
    from ogi.samples.variants.kinds import YEAR_FORMS

    v = variant("year", "pipe", YEAR_FORMS.index("interpretation"))
    assert "解读" in v.data.decode("utf-8")
    r = ogi.read(v.data)
    assert r.published is None
    assert not [f for f in r.findings if f.rule in ("published.late", "narrative.mismatch")]


def test_a_report_stating_no_publication_date_is_measured_by_its_signature() -> None:
    """No 发布日期 printed: the date the report is signed with (落款日期, ``signed``; in figures or in
    characters, alone or after the organ's name) is the earliest it was published — past the deadline, it
    is published.late, said by 落款日期; before it, nothing; a 发布日期 stated is measured instead."""
    import ogi
    from ogi.samples import generate, print_report

    rep = generate(3, tid="2021", scale=5)
    rep.agency = "青石县市场监督管理局"  # a department: 31 January
    y = rep.year
    in_characters = "".join("〇一二三四五六七八九"[int(d)] for d in str(y + 1)) + "年一月二十日"
    for signed, late in ((f"{y + 1}年3月5日", True), (in_characters, False)):
        rep.layout.back = (rep.agency, signed)
        got = ogi.read(print_report(rep, "pipe"))
        assert got.published is None and got.signed is not None
        found = [f for f in got.findings if f.rule == "published.late"]
        assert bool(found) == late, signed
        if late:
            assert "落款日期" in found[0].message
    rep.layout.back = (rep.agency, f"{y + 1}年3月5日")
    stated = ogi.read(f"发布日期：{y + 1}-01-10\n" + print_report(rep, "pipe"))
    assert stated.published == f"{y + 1}-01-10" and not [f for f in stated.findings if f.rule == "published.late"]


def test_a_signature_date_alone_names_no_reporting_year() -> None:
    """A report's last page alone (sections 五 and 六, the signature and its date 2024年1月20日, no title, no
    period): the date is when it was signed, after the year reported on — no reporting year of it (before: 2024,
    the wrong year, as the year of the report)."""
    from ogi.extract.meta import find_year
    from ogi.ingest import ingest_str
    from ogi.normalize import normalize_document

    doc = ingest_str(
        "五、存在的主要问题及改进情况\n政策解读形式较为单一，下一步将丰富解读形式。\n"
        "六、其他需要报告的事项\n本机关未收取信息处理费。\n安平县住房和城乡建设局\n2024年1月20日\n第3页 共3页 上一页\n"
    )
    normalize_document(doc)
    assert find_year(doc, None)[0] is None
    doc = ingest_str("一、总体情况\n2023年，本局持续深化政务公开。\n安平县住房和城乡建设局\n2024年1月20日\n")
    normalize_document(doc)
    assert find_year(doc, None)[0] == 2023  # (a year the prose names: the report's)
