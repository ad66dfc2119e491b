"""A supervising office's season walked in a real browser (headless Chromium, Playwright) against
`ogi serve` on loopback, on generated and real reports: import the organ list, fetch reports from a
local site's 年报栏目 and upload a ZIP of others, look at the batch's list of problems, review a
report, download each organ's Excel list and Word notice (opened and read), upload the corrected
versions, and see the region page move the organs from 待整改 to 已整改.

Expected findings come from ``ogi.read`` of the same texts, never from the pages. Screenshots go
to test-output/screenshots/season-*.png.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("openpyxl")
pytest.importorskip("docx")
playwright_sync = pytest.importorskip("playwright.sync_api")

import docx  # noqa: E402
import openpyxl  # noqa: E402

import ogi  # noqa: E402
from localsite import Server, Site  # noqa: E402
from ogi.samples import generate  # noqa: E402
from ogi.samples.docx import render_docx  # noqa: E402
from ogi.samples.html import render_html  # noqa: E402
from webcorpus import report_text  # noqa: E402
from webtools import CHROMIUM, CHROMIUM_ARGS, PASSWORD, SCREENSHOTS, add_users, serve  # noqa: E402

if not Path(CHROMIUM).exists():
    pytest.skip("no /usr/bin/chromium", allow_module_level=True)

COUNTY = "白水县人民政府"
EDU, FIN, WATER, CIVIL = "白水县教育局", "白水县财政局", "白水县水务局", "白水县民政局"
LIST_CSV = f"""机关,简称,层级,上级,类型
{COUNTY},白水县政府,县,,政府
{EDU},县教育局,县,{COUNTY},部门
{FIN},,县,{COUNTY},部门
{WATER},,县,{COUNTY},部门
{CIVIL},,县,{COUNTY},部门
"""
YEAR = 2024
# what the ZIP holds: two departments' reports, each with an arithmetic error; 财政局 published late
ZIPPED = {EDU: (61, "2025-01-20"), FIN: (62, "2025-02-10")}
# and two real reports of other places (off the list), read from ../shared/real
REAL = ("2024-pingtan.html", "2024-hongze-district.pdf")


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(SCREENSHOTS / f"season-{name}.png"), full_page=True)


def column() -> Site:
    """The county's 年报栏目: the government's report as a web page, 水务局's as a DOCX attachment."""
    gov, water = generate(71, "2021"), generate(72, "2021")
    gov.agency, gov.year, water.agency, water.year = COUNTY, YEAR, WATER, YEAR
    site = Site()
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.add(
        "/xxgk/ndbg/index.html",
        f"<html><body><ul><li><a href='/art/gov.html'>{COUNTY}{YEAR}年政府信息公开工作年度报告</a> 2025-03-20</li>"
        f"<li><a href='art/water.html'>{WATER}{YEAR}年度报告</a> 2025-01-25</li></ul></body></html>",
    )
    site.add("/art/gov.html", render_html(gov))
    site.add(
        "/xxgk/ndbg/art/water.html",
        f"<html><body><h1>{WATER}年度报告</h1><p>发布日期：2025-01-25</p>"
        "<a href='/files/water.docx'>附件：年度报告.docx</a></body></html>",
    )
    site.add("/files/water.docx", render_docx(water), content_type="application/octet-stream")
    return site


def zip_of(path: Path, files: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def texts(*, wrong: bool) -> dict[str, str]:
    return {
        f"{organ[3:]}/{YEAR}年度报告.txt": report_text(organ, YEAR, seed, wrong=wrong, published=pub)
        for organ, (seed, pub) in ZIPPED.items()
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> str:
    d = tmp_path_factory.mktemp("season")
    db = f"sqlite:///{d / 'season.sqlite3'}"
    add_users(db)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with serve(db) as base:
        yield base


def states(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Organ → its state on the region page's follow-up table."""
    out = {}
    for row in page.locator("#organ-states tbody tr").all():
        out[row.get_attribute("data-organ") or ""] = row.locator("td").nth(1).inner_text().strip()
    return out


def test_the_season_walked_in_a_browser(server: str, tmp_path: Path, shared: Path) -> None:
    wrong = texts(wrong=True)
    expected = {}
    for n, t in wrong.items():
        p = tmp_path / n.replace("/", "-")
        p.write_text(t, encoding="utf-8")
        expected[n] = ogi.read(p)
        assert expected[n].errors
    real = {f"其他地区/{name}": ogi.read(shared / "real" / name) for name in REAL}
    first: dict[str, str | bytes] = {**wrong, **{n: (shared / "real" / n.split("/")[1]).read_bytes() for n in real}}
    with playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        ctx = browser.new_context(
            viewport={"width": 1366, "height": 900}, base_url=server, locale="zh-CN", accept_downloads=True
        )
        page = ctx.new_page()
        page.goto("/")
        page.fill("input[name=name]", "rita")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/uploads$"))

        # 1. who must report: the organ list
        csv = tmp_path / "机关名单.csv"
        csv.write_text(LIST_CSV, encoding="utf-8")
        page.goto("/organ-list")
        page.set_input_files("#organ-list-form input[name=file]", str(csv))
        page.click("#organ-list-form button[type=submit]")
        page.wait_for_selector("#organ-list")
        assert "共 5 个机关" in page.inner_text("#list-info")
        assert page.locator("#organ-list tbody tr").count() == 5
        shot(page, "1-organ-list")

        # 2. collect: fetch the county's column from its (local) site …
        with Server(column()) as site:
            page.goto("/fetches")
            page.fill("#fetch-form textarea[name=urls]", site + "/xxgk/ndbg/index.html")
            page.fill("#fetch-form input[name=rate]", "0")
            page.click("#fetch-form button[type=submit]")
            page.wait_for_url(re.compile(r"/fetches/[^/]+$"))
            # locators, not wait_for_function("…"): the pages' CSP forbids eval, which a string predicate needs
            page.locator("#fetch-state", has_text="抓取完毕").wait_for(timeout=180_000)
            assert "报告 2 份" in page.inner_text("#fetch-result")
            shot(page, "2-fetch")
        # … and upload a ZIP of the others
        page.goto("/uploads")
        page.set_input_files("#files", str(zip_of(tmp_path / "第一批.zip", first)))
        page.click("#check-submit")
        page.wait_for_url(re.compile(r"/batches/"), timeout=60_000)
        page.locator("#batch-note", has_text="全部读取完毕").wait_for(timeout=300_000)
        assert page.locator("#batch .st-done").count() == 4
        shot(page, "3-batch")

        # 3. the batch's list of problems: both departments 待整改, their errors counted; the real ones too
        page.click("#batch-problems")
        page.wait_for_url(re.compile(r"/problems\?batch="))
        rows = page.locator("#problems tbody tr")
        assert rows.count() == 4
        for r in real.values():
            row = page.locator("#problems tbody tr", has_text=r.agency or "")
            assert int(row.locator(".n-err").inner_text() or 0) == len(r.errors)
            assert row.locator(".state").first.inner_text() == ("待整改" if r.errors else "通过")
        for e in expected.values():
            row = page.locator("#problems tbody tr", has_text=e.agency or "")
            assert row.locator(".state").first.inner_text() == "待整改"
            assert int(row.locator(".n-err").inner_text()) == len(e.errors)
        assert "逾期" in page.locator("#problems tbody tr", has_text=FIN).inner_text()
        shot(page, "4-problems")
        page.select_option("select[name=severity]", "error")
        page.click("#problem-filters button[type=submit]")
        page.wait_for_url(re.compile(r"severity=error"))
        with_errors = [r for r in [*expected.values(), *real.values()] if r.errors]
        assert page.locator("#problems tbody tr").count() == len(with_errors)

        # 4. review: confirm 教育局's sum error, with a comment
        page.locator("#problems tbody tr", has_text=EDU).locator("a").first.click()
        page.wait_for_url(re.compile(r"/reports/\d+$"))
        edu_v1 = int(page.url.rsplit("/", 1)[1])
        e = next(x for n, x in expected.items() if x.agency == EDU)
        fd = e.errors[0]
        item = page.locator("#findings .finding", has_text=fd.message)
        item.locator("input[name=comment]").fill("已与原件核对")
        item.locator("button.confirm").click()
        page.wait_for_load_state()
        assert "已确认" in page.locator("#findings .finding", has_text=fd.message).inner_text()
        assert page.locator("#findings .finding").count() == len(e.findings)
        shot(page, "5-review")

        # 5. send back: each organ's Excel list and Word notice, opened and read
        page.goto("/notices")
        page.wait_for_selector("#notice-organs")
        shot(page, "6-notices")
        for organ in ZIPPED:
            row = page.locator("#notice-organs tbody tr", has_text=organ)
            with page.expect_download() as got:
                row.locator("a", has_text="问题清单").click()
            book = openpyxl.load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
            lines = list(book.active.iter_rows(values_only=True))
            head, body = lines[0], [dict(zip(lines[0], r, strict=True)) for r in lines[1:]]
            assert head and body and all(r["机关"] == organ for r in body)
            mine = next(x for x in expected.values() if x.agency == organ)
            assert {r["规则"] for r in body} >= {f.rule for f in mine.errors}
            assert all("bbox" not in str(r["位置"]) for r in body)
            if organ == EDU:
                decided = next(r for r in body if r["规则"] == fd.rule)
                assert (decided["审核结论"], decided["审核意见"]) == ("已确认", "已与原件核对")
            with page.expect_download() as got:
                row.locator("a", has_text="整改通知").click()
            words = "\n".join(p.text for p in docx.Document(got.value.path()).paragraphs)
            assert f"关于{organ}" in words and "位置：" in words
            assert all(f.message in words for f in mine.errors)

        # 6. the region before: two departments to correct, the fetched two passed, 民政局 missing
        page.goto("/regions")
        page.locator(".regions a", has_text=COUNTY).first.click()
        page.wait_for_url(re.compile(r"/regions/"))
        before = states(page)
        assert before == {EDU: "待整改", FIN: "待整改", COUNTY: "通过", WATER: "通过", CIVIL: "未报送"}, before
        assert "逾期" in page.locator("#organ-states tr", has_text=FIN).inner_text()
        shot(page, "7-region-before")
        region = page.url

        # 7. the corrected versions come back: uploaded again, a new version of each organ-year
        page.goto("/uploads")
        page.set_input_files("#files", str(zip_of(tmp_path / "整改后.zip", texts(wrong=False))))
        page.click("#check-submit")
        page.wait_for_url(re.compile(r"/batches/"), timeout=60_000)
        page.locator("#batch-note", has_text="全部读取完毕").wait_for(timeout=180_000)
        assert page.locator("#batch .st-done").count() == 2
        page.click("#batch-problems")
        page.wait_for_url(re.compile(r"/problems\?batch="))
        assert [s.inner_text() for s in page.locator("#problems tbody tr .state:not(.st-late)").all()] == ["已整改"] * 2
        shot(page, "8-corrected")
        page.locator("#problems tbody tr", has_text=EDU).locator("a").first.click()
        page.wait_for_url(re.compile(r"/reports/\d+$"))
        assert "第2版（本页）" in page.inner_text("#versions")
        assert fd.message in page.inner_text("#fixed")  # the error of the first version, 已整改
        assert page.locator(f"#versions a[href='/reports/{edu_v1}']").count() == 1
        shot(page, "9-report-v2")

        # 8. the region after: both departments moved from 待整改 to 已整改
        page.goto(region)
        after = states(page)
        assert after == {EDU: "已整改", FIN: "已整改", COUNTY: "通过", WATER: "通过", CIVIL: "未报送"}, after
        kpi = {k.get_attribute("data-state"): k.inner_text() for k in page.locator("#states .kpi").all()}
        assert "2 个" in kpi["fixed"] and "1 个" in kpi["missing"] and "0 个" in kpi["pending"]
        shot(page, "10-region-after")
        ctx.close()
        browser.close()
