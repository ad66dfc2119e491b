"""The web app driven in headless Chromium (Playwright), against `ogi serve` in a subprocess.

Expected values come from `ogi.read` on the same seed, never from the page itself.
Screenshots of the main pages go to test-output/screenshots/.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
playwright_sync = pytest.importorskip("playwright.sync_api")

import ogi  # noqa: E402
from webcorpus import ORGANS, write_corpus  # noqa: E402
from webtools import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    OGI,
    PASSWORD,
    SCREENSHOTS,
    add_users,
    client,
    serve,
)

if not Path(CHROMIUM).exists():
    pytest.skip("no /usr/bin/chromium", allow_module_level=True)


def seed(shared: Path, n: str) -> Path:
    found = sorted((shared / "seeds").glob(f"{n}_*.txt"))
    if not found:
        pytest.skip(f"seed {n} missing")
    return found[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> str:
    d = tmp_path_factory.mktemp("web")
    db = f"sqlite:///{d / 'web.sqlite3'}"
    add_users(db)
    write_corpus(d / "corpus")
    subprocess.run([*OGI, "build", str(d / "corpus"), "--db", db, "--jobs", "1"], check=True, capture_output=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with serve(db) as base:
        yield base


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=server, locale="zh-CN")
    pg = ctx.new_page()
    yield pg
    ctx.close()


def login(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/uploads$"))  # home


def upload(page, *files: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.set_input_files("#files", [str(f) for f in files])
    page.click("#check-submit")


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize(("name", "role_label"), [("admin", "管理员"), ("rita", "审核员"), ("vic", "查看员")])
def test_login_and_logout_each_role(page, name: str, role_label: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    if name == "admin":
        shot(page, "login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.inner_text(".flash")
    login(page, name)
    assert page.inner_text(".user") == f"{name}（{role_label}）"
    assert (page.locator("a[href='/users']").count() == 1) == (name == "admin")
    if name == "admin":
        shot(page, "check")
        page.goto("/users")
        assert "rita" in page.inner_text("table.list")
        page.fill("form.row-form input[name=name]", "newbie")
        page.select_option("form.row-form select[name=role]", "reviewer")
        page.fill("form.row-form input[name=password]", "newbie-pass-1")
        page.click("form.row-form button[type=submit]")
        page.wait_for_load_state()
        assert "newbie" in page.inner_text("table.list")
        shot(page, "users")
    page.click("#logout")
    page.wait_for_url(re.compile(r"/login"))
    page.goto("/")
    assert "/login" in page.url


def test_upload_seed_shows_findings_on_their_cells(page, shared: Path) -> None:  # type: ignore[no-untyped-def]
    f = seed(shared, "002")
    expected = ogi.read(f)
    assert expected.findings
    login(page, "rita")
    upload(page, f)
    page.wait_for_url(re.compile(r"/reports/\d+"))
    shot(page, "reading")
    assert expected.agency in page.inner_text("h1")
    items = page.locator(".finding")
    assert items.count() == len(expected.findings)
    text = page.inner_text("#findings")
    for fd in expected.findings:
        assert fd.message in text
        for k in fd.keys:
            cls = page.locator(f"td.v[data-key='{k}']").first.get_attribute("class") or ""
            assert "sev-" in cls, (k, cls)
    worst = next(fd for fd in expected.findings if fd.severity == "error")
    cls = page.locator(f"td.v[data-key='{worst.keys[0]}']").get_attribute("class") or ""
    assert "sev-error" in cls
    # a cell no finding touches is not marked
    flagged = {k for fd in expected.findings for k in fd.keys}
    clean = next(k for k in expected.cells if k not in flagged and k in expected.provenance)
    assert "sev-" not in (page.locator(f"td.v[data-key='{clean}']").get_attribute("class") or "")


def test_click_value_highlights_its_source_line(page, shared: Path) -> None:  # type: ignore[no-untyped-def]
    f = seed(shared, "003")
    expected = ogi.read(f)
    key = next(k for k, v in expected.cells.items() if v and expected.provenance.get(k) and k.startswith("t3."))
    line = expected.provenance[key].line
    login(page, "vic")
    upload(page, f)
    page.wait_for_url(re.compile(r"/reports/\d+"))
    page.click(f"td.v[data-key='{key}']")
    hl = page.locator("#source .src.hl")
    assert hl.count() == 1
    assert hl.get_attribute("data-line") == str(line)
    assert str(expected.cells[key]).split(".")[0] in hl.inner_text()
    assert hl.is_visible()
    assert f"第{line}行" in page.inner_text("#sel-body")
    shot(page, "reading-source")
    # clicking a cell named in a finding lists the finding beside it
    fd = expected.findings[0]
    page.click(f"a.keylink[data-key='{fd.keys[0]}']")
    assert fd.message in page.inner_text("#sel-body")


def test_viewer_cannot_review(page, server: str, shared: Path) -> None:  # type: ignore[no-untyped-def]
    f = seed(shared, "002")
    login(page, "vic")
    upload(page, f)
    page.wait_for_url(re.compile(r"/reports/\d+"))
    uid = int(page.url.rsplit("/", 1)[1].split("?")[0])
    assert page.locator(".review-form").count() == 0
    assert page.locator("#correct-form").count() == 0
    c = client(server, "vic")
    finding = c.get(f"/reports/{uid}.json").json()["findings"][0]["id"]
    r = c.post(f"/reports/{uid}/reviews.json", json={"finding": finding, "status": "confirmed"})
    assert r.status_code == 403
    r = c.post(
        f"/reports/{uid}/reviews", data={"finding": finding, "status": "confirmed", "csrf": c.headers["X-CSRF-Token"]}
    )
    assert r.status_code == 403
    assert "无权" in r.text


def test_reviewer_marks_finding_and_corrects_value(page, server: str, shared: Path) -> None:  # type: ignore[no-untyped-def]
    f = seed(shared, "003")
    expected = ogi.read(f)
    fd = expected.findings[0]
    key = fd.keys[0]
    login(page, "rita")
    upload(page, f)
    page.wait_for_url(re.compile(r"/reports/\d+"))
    item = page.locator(".finding", has_text=fd.message)
    item.locator("input[name=comment]").fill("已与报告单位核实")
    item.locator("button.confirm").click()
    page.wait_for_load_state()
    item = page.locator(".finding", has_text=fd.message)
    assert "已确认" in item.inner_text() and "已与报告单位核实" in item.inner_text()
    # correct the value by hand: a new version beside the read one
    page.click(f"td.v[data-key='{key}']")
    page.fill("#correct-value", "7")
    page.fill("#correct-form input[name=comment]", "按原件更正")
    page.click("#correct-form button[type=submit]")
    page.wait_for_load_state()
    td = page.locator(f"td.v[data-key='{key}']")
    assert "→7" in td.inner_text()
    assert td.inner_text().startswith(str(expected.cells[key]))  # the read value stays
    assert "第2版" in page.inner_text("#sel-body")
    shot(page, "reading-reviewed")
    # the marks are kept with the file: a fresh upload of it shows them
    upload(page, f)
    page.wait_for_url(re.compile(r"/reports/\d+"))
    assert "已确认" in page.locator(".finding", has_text=fd.message).inner_text()
    page.click("#dl-json")  # the download link exists; content checked in the API tests
    c = client(server, "rita")
    uid = int(page.url.rsplit("/", 1)[1].split("?")[0])
    data = json.loads(c.get(f"/reports/{uid}.json").content)
    assert data["reading"]["cells"][key] == expected.cells[key]
    assert data["corrections"][key][0]["value"] == 7


def test_many_files_with_progress_and_refusals(page, shared: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = seed(shared, "002"), seed(shared, "003")
    junk = tmp_path / "notes.txt"
    junk.write_text("今天天气很好，我们去公园散步。\n" * 3, encoding="utf-8")
    login(page, "rita")
    upload(page, a, b, junk)
    page.wait_for_url(re.compile(r"/batches/"))
    # a locator, not wait_for_function("…"): the page's CSP forbids eval, which a string predicate needs
    page.locator("#batch-note", has_text="全部读取完毕").wait_for()
    shot(page, "batch")
    rows = page.locator("#batch tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).locator(".st-done").count() == 1
    assert rows.nth(1).locator(".st-done").count() == 1
    assert rows.nth(2).locator(".st-error").count() == 1
    assert "不是政府信息公开工作年度报告" in rows.nth(2).inner_text()
    # a binary file is refused before reading, with a Chinese error page
    zipf = tmp_path / "a.zip"
    zipf.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    upload(page, zipf)
    page.wait_for_selector("#send-error:not([hidden])")  # the page sends by script and says why, staying put
    assert "不支持的文件类型" in page.inner_text("#send-error") and "a.zip" in page.inner_text("#send-error")
    shot(page, "refused")


# ---------------------------------------------------------------- corpus pages


def test_search_reports_and_filter(page, server: str) -> None:  # type: ignore[no-untyped-def]
    login(page, "vic")
    page.goto("/reports")
    n = sum(len(ys) for ys in ORGANS.values())  # built; the uploads of the tests before are reports too
    every = client(server, "vic").get("/reports.json").json()["total"]
    assert page.locator("#report-list tbody tr").count() == every >= n
    shot(page, "reports")
    page.select_option("select[name=severity]", "error")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"severity=error"))
    rows = page.locator("#report-list tbody tr")
    api = client(server, "vic").get("/reports.json", params={"severity": "error"}).json()
    assert rows.count() == api["total"] >= 1
    assert all(r["errors"] > 0 for r in api["reports"])
    page.select_option("select[name=severity]", "")
    page.select_option("select[name=year]", "2023")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"year=2023"))
    of_2023 = client(server, "vic").get("/reports.json", params={"year": 2023}).json()["total"]
    assert page.locator("#report-list tbody tr").count() == of_2023 >= sum(2023 in ys for ys in ORGANS.values())
    # a stored report opens in the reading view; its values point into the file
    page.locator("#report-list tbody tr a").first.click()
    page.wait_for_url(re.compile(r"/reports/\d+"))
    td = page.locator("td.v[data-key='t3.new.total']")
    td.click()
    shot(page, "report")
    assert page.locator("#source .src.hl").count() == 1
    assert td.inner_text().strip() in page.locator("#source .src.hl").inner_text()


def test_organ_page_series_and_chain(page, server: str) -> None:  # type: ignore[no-untyped-def]
    login(page, "vic")
    page.goto("/reports?q=洪泽区教育局")
    page.locator("#report-list a", has_text="历年").first.click()
    page.wait_for_url(re.compile(r"/organs/"))
    assert "淮安市洪泽区教育局" in page.inner_text("h1")
    assert page.locator("#organ-years tbody tr").count() == len(ORGANS["淮安市洪泽区教育局"])
    page.wait_for_selector(".chart[data-ready='1'] canvas")
    assert page.locator(".chart canvas").count() == 4
    assert page.locator("#chain li").count() == len(ORGANS["淮安市洪泽区教育局"]) - 1
    shot(page, "organ")
    organ = client(server, "vic").get("/organs/洪泽区教育局.json").json()
    for link, c in zip(page.locator("#chain li").all(), organ["chain"], strict=True):
        broken = c["carried_out"] != c["carried_in"]
        assert ("broken" in (link.get_attribute("class") or "")) == broken
    # compare with the previous year
    page.locator("a", has_text="与上年比较").first.click()
    page.wait_for_url(re.compile(r"/compare\?organ=.+&a=\d+&b=\d+"))
    d = client(server, "vic").get("/compare.json?" + page.url.split("?", 1)[1]).json()
    assert page.locator("#changed tbody tr").count() == len(d["changed"]) > 0
    shot(page, "compare")


def test_region_page_totals_ranking_and_missing(page, server: str) -> None:  # type: ignore[no-untyped-def]
    login(page, "vic")
    page.goto("/regions")
    shot(page, "regions")
    page.locator(".regions a", has_text="淮安市").first.click()
    page.wait_for_url(re.compile(r"/regions/"))
    page.wait_for_selector(".chart[data-ready='1'] canvas")
    assert page.locator(".chart canvas").count() == 4
    g = client(server, "vic").get("/regions/region:淮安市.json").json()
    assert [y["year"] for y in g["years"]] == [2021, 2022, 2023]
    # totals are the sums of the organs' own values
    for y in g["years"]:
        own = [ogi_value(server, o, y["year"]) for o in ORGANS if y["year"] in ORGANS[o]]
        assert y["cells"]["t3.new.total"] == sum(own)
    missing = page.inner_text("#missing")
    assert "2023 年" in missing and "淮安市清江浦区财政局" in missing
    first = page.locator("#organs tbody tr").first.inner_text()
    assert "民政局" in first  # the organ with an arithmetic error comes first
    shot(page, "region")


def ogi_value(server: str, organ: str, year: int) -> float:
    c = client(server, "vic")
    rows = c.get("/reports.json", params={"q": organ, "year": year}).json()["reports"]
    assert len(rows) == 1
    return c.get(f"/reports/{rows[0]['id']}.json").json()["reading"]["cells"]["t3.new.total"]


def test_pdf_value_shows_its_page_with_the_box(browser, tmp_path: Path, shared: Path) -> None:  # type: ignore[no-untyped-def]
    """A value read from a PDF (page + box) shows the page drawn with the box where the value stood."""
    import hashlib

    pdfium = pytest.importorskip("pypdfium2")
    from ogi.store import Store as CorpusStore
    from ogi.web.pdfpage import SCALE

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(200, 300)
    path = tmp_path / "report.pdf"
    pdf.save(str(path))
    data = path.read_bytes()
    # a stored reading as a PDF ingester gives it: values with page and box (PDF points)
    reading = ogi.read(seed(shared, "003")).to_dict()
    reading["source"] = {
        "path": str(path),
        "format": "pdf",
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "pages": 1,
    }
    box = [20.0, 30.0, 80.0, 50.0]
    reading["provenance"]["t3.new.total"] = {"page": 1, "bbox": box}
    db = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    store = CorpusStore(db)
    (rid,) = store.put([reading])
    store.close()
    add_users(db, {"vic": "viewer"})
    with serve(db) as base:
        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=base)
        page = ctx.new_page()
        login(page, "vic")
        page.goto(f"/reports/{rid}")
        page.click("td.v[data-key='t3.new.total']")
        for _ in range(300):  # polled through the locator: the page's CSP forbids a string predicate's eval
            if page.locator("#page-img").evaluate("img => img.complete && img.naturalWidth > 0"):
                break
            page.wait_for_timeout(100)
        else:
            pytest.fail("the PDF page was not drawn")
        img = page.locator("#page-img").bounding_box()
        b = page.locator("#page-box").bounding_box()
        assert img and b
        k = img["width"] / (200 * SCALE)  # displayed px per rendered px
        assert abs((b["x"] - img["x"]) - box[0] * SCALE * k) < 2
        assert abs(b["width"] - (box[2] - box[0]) * SCALE * k) < 2
        assert "第1页" in page.inner_text("#sel-body")
        shot(page, "pdf-box")
        ctx.close()
