"""The office's pages in headless Chromium: a ZIP of reports uploaded from the page with the bytes
sent shown, then each file's reading with files read and time left; the organ list imported from
the page; the notices page's downloads. Screenshots go to test-output/screenshots/office-*.png."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
playwright_sync = pytest.importorskip("playwright.sync_api")

from seasondata import LIST_CSV, season  # noqa: E402
from webtools import CHROMIUM, CHROMIUM_ARGS, PASSWORD, SCREENSHOTS, add_users, serve  # noqa: E402
from zipbatch import make_batch  # noqa: E402

if not Path(CHROMIUM).exists():
    pytest.skip("no /usr/bin/chromium", allow_module_level=True)

LATIN = re.compile(r"[A-Za-z]{3,}")
# what a clerk reads in Latin letters all the same: formats and programs by their names, the user's name
KNOWN = {"CSV", "UTF", "GBK", "Excel", "Word", "ZIP", "PDF", "OFD", "DOCX", "DOC", "WPS", "RTF", "TXT", "HTML"}
KNOWN |= {"PNG", "JPEG", "TIFF", "rita"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> object:
    tmp = tmp_path_factory.mktemp("office-browser")
    season(tmp).close()
    db = str(tmp / "season.db")
    add_users(db)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with serve(db) as base:
        yield base


@pytest.fixture(scope="module")
def page(server: str):  # type: ignore[no-untyped-def]
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        ctx = b.new_context(viewport={"width": 1366, "height": 900}, base_url=server, locale="zh-CN")
        pg = ctx.new_page()
        pg.goto("/")
        pg.fill("input[name=name]", "rita")
        pg.fill("input[name=password]", PASSWORD)
        pg.click("button[type=submit]")
        pg.wait_for_url(re.compile(r"/uploads$"))
        yield pg
        b.close()


def visible_words(page) -> str:  # type: ignore[no-untyped-def]
    """The page's text a clerk reads, without the URLs, file names and ids it shows."""
    text = page.inner_text("main")
    text = re.sub(r"(https?://\S+|\S+\.(zip|txt|html|docx|pdf|xlsx|csv|ofd)\S*|t\d\.\S+)", "", text)
    return LATIN.sub(lambda m: "" if m.group() in KNOWN else m.group(), text)


def test_a_zip_uploaded_from_the_page_shows_bytes_sent_then_files_read(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    z = tmp_path / "2024年报.zip"
    seeds = make_batch(z)
    page.goto("/uploads")
    page.set_input_files("#files", [str(z)])
    page.click("#check-submit")
    page.wait_for_url(re.compile(r"/batches/"))
    # a locator, not wait_for_function("…"): the page's CSP forbids eval, which a string predicate needs
    page.locator("#batch-note", has_text="全部读取完毕").wait_for(timeout=180_000)
    text = page.inner_text("#read-progress")
    total = len(seeds) + 2  # the unsafe name and the bomb are listed with their reasons
    assert f"已读取 {total} / {total} 个文件" in text and "全部完成" in text
    assert page.locator("#batch tbody tr .st-done").count() == len(seeds)
    page.screenshot(path=str(SCREENSHOTS / "office-batch-zip.png"))
    assert not LATIN.search(visible_words(page))


def test_the_upload_shows_bytes_sent(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "大.zip"
    make_batch(big, {f"附加/{i}.txt": 100 + i for i in range(40)})
    page.goto("/uploads")
    page.route("**/uploads.json", lambda route: route.continue_())  # the request goes as sent
    seen: list[str] = []
    page.expose_function("note", lambda t: seen.append(t))
    page.evaluate(
        "new MutationObserver(() => note(document.querySelector('#send-progress .progress-text').textContent))"
        ".observe(document.querySelector('#send-progress'), {subtree: true, childList: true, characterData: true})"
    )
    page.set_input_files("#files", [str(big)])
    page.click("#check-submit")
    page.wait_for_url(re.compile(r"/batches/"))
    assert any(re.search(r"已发送 [\d.]+ / [\d.]+ MB", t) for t in seen), seen


def test_the_organ_list_imported_from_the_page(page, tmp_path: Path, server: str) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "机关名单.csv"
    f.write_text(LIST_CSV, "utf-8")
    page.goto("/organ-list")
    page.set_input_files("#organ-list-form input[type=file]", str(f))
    page.click("#organ-list-form button[type=submit]")
    page.wait_for_selector("#organ-list")
    assert page.locator("#organ-list tbody tr").count() == 6
    page.screenshot(path=str(SCREENSHOTS / "office-organ-list.png"), full_page=True)
    assert not LATIN.search(visible_words(page))
    page.goto("/regions/白水县人民政府")
    years = page.inner_text("#region-years")
    assert "2024" in years and "2022" not in years
    assert "白水县教育局" in page.inner_text("#late") and "白水县水务局" in page.inner_text("#missing")
    page.screenshot(path=str(SCREENSHOTS / "office-region.png"), full_page=True)
    assert not LATIN.search(visible_words(page))


def test_the_notices_and_fetch_pages_speak_chinese(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/notices?year=2024")
    assert page.locator("#notice-organs tbody tr").count() >= 5
    with page.expect_download() as dl:
        page.click("#download-zip")
    assert dl.value.suggested_filename == "2024-问题汇总.zip"
    page.screenshot(path=str(SCREENSHOTS / "office-notices.png"), full_page=True)
    assert not LATIN.search(visible_words(page))
    page.goto("/fetches")
    page.screenshot(path=str(SCREENSHOTS / "office-fetches.png"), full_page=True)
    assert not LATIN.search(visible_words(page))
