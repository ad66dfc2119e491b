"""The office's season in the web app, on a real server on loopback: the organ list imported and
counted against, uploads of ZIPs with their progress, fetching a site's column, and the problem
lists and notices downloaded (opened and read)."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("openpyxl")
pytest.importorskip("docx")

import docx
import openpyxl

from localsite import Server, Site
from ogi.samples import generate, print_report
from ogi.samples.docx import render_docx
from ogi.samples.html import render_html
from seasondata import LIST_CSV, season
from webtools import add_users, client, serve, wait_batch
from zipbatch import docx_bytes, make_batch, report_text


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> object:
    tmp = tmp_path_factory.mktemp("office")
    season(tmp).close()
    db = str(tmp / "season.db")
    add_users(db)
    with serve(db) as base:
        yield base


def xlsx(text: str) -> bytes:
    wb = openpyxl.Workbook()
    for line in text.splitlines():
        wb.active.append(line.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_organ_list_is_imported_and_the_region_counts_against_it(site: str) -> None:
    vic, rita = client(site, "vic"), client(site, "rita")
    before = rita.get("/regions.json").json()
    assert before["from_list"] is False
    # a viewer may look, not import
    assert vic.post("/organ-list.json", files={"file": ("名单.xlsx", xlsx(LIST_CSV))}).status_code == 403
    bad = rita.post("/organ-list.json", files={"file": ("名单.csv", "机关,类型\n白水县教育局,委员会\n".encode())})
    assert bad.status_code == 422 and "第2行" in bad.json()["files"][0]
    page = rita.post("/organ-list", files={"file": ("名单.csv", "机关\n\n".encode())})
    assert page.status_code == 422 and "机关名单中没有机关" in page.text and "<html" in page.text
    r = rita.post("/organ-list.json", files={"file": ("名单.xlsx", xlsx(LIST_CSV))})
    assert r.status_code == 200, r.text
    assert r.json()["info"]["count"] == 6 and r.json()["info"]["imported_by"] == "rita"
    html = vic.get("/organ-list").text
    assert "白水县经济开发区管理委员会" in html and "县级以上地方人民政府" in html and "导入机关名单" not in html
    regions = vic.get("/regions.json").json()
    assert regions["from_list"] is True and regions["unplaced"] == ["南岭县公安局"]
    assert [g["name"] for g in regions["regions"]] == ["白水县人民政府"]
    g = vic.get("/regions/白水县人民政府.json").json()
    assert [y["year"] for y in g["years"]] == [2023, 2024]  # no 2022: no listed organ has a report of it
    y = g["years"][-1]
    assert (y["expected"], y["reported"], y["late"], y["missing"], y["undated"]) == (
        6,
        5,
        ["白水县教育局"],
        ["白水县水务局"],
        ["青石镇人民政府"],
    )
    assert sorted(y["on_time"]) == ["白水县人民政府", "白水县经济开发区管理委员会", "白水县财政局"]
    organs = {o["name"]: o for o in g["organs"]}
    assert organs["白水县教育局"]["series"] and organs["白水县教育局"]["kind"] == "县级以上人民政府部门"
    assert organs["白水县水务局"]["series"] is None
    page = vic.get("/regions/白水县人民政府")
    assert page.status_code == 200
    text = re.sub(r"<[^>]+>", "", page.text)
    assert "2024 年：白水县教育局" in text and "2024 年：白水县水务局" in text and "按导入的机关名单计算" in text


def test_a_zip_and_loose_files_uploaded_each_report_read_with_progress(site: str, tmp_path: Path) -> None:
    rita = client(site, "rita")
    z = tmp_path / "2024年报.zip"
    seeds = make_batch(z)
    loose = report_text(31)
    r = rita.post(
        "/uploads.json",
        files=[
            ("files", (z.name, z.read_bytes())),
            ("files", ("县司法局.docx", docx_bytes(32))),
            ("files", ("a.txt", loose)),
        ],
    )
    assert r.status_code == 200, r.text
    first = r.json()
    assert first["progress"]["total"] == len(seeds) + 2 + 2  # the unsafe name and the bomb are inputs too
    b = wait_batch(rita, first["batch"], timeout=180)
    by_name = {u["name"]: u for u in b["uploads"]}
    for member, seed in seeds.items():
        u = by_name[f"{z.name}!/{member}"]
        assert u["status"] == "done", u
        rep = rita.get(f"/reports/{u['report_id']}.json").json()
        assert rep["reading"]["cells"] == generate(seed).cells
    assert by_name["县司法局.docx"]["status"] == "done" and by_name["a.txt"]["status"] == "done"
    assert "不安全" in by_name[f"{z.name}!/../../etc/passwd.txt"]["error"]
    assert "压缩炸弹" in by_name[f"{z.name}!/bomb.txt"]["error"]
    p = b["progress"]
    assert (p["done"], p["total"]) == (len(b["uploads"]), len(b["uploads"])) and p["seconds_left"] == 0
    assert p["bytes_total"] == sum(u["size"] or 0 for u in b["uploads"]) and p["bytes_done"] == p["bytes_total"]
    page = re.sub(r"<[^>]+>", "", rita.get(f"/batches/{first['batch']}").text)
    assert f"已读取 {p['done']} / {p['total']} 个文件" in page and "全部完成" in page
    assert not list(Path("/tmp").glob("ogi-upload-*.zip"))  # the ZIP's copy is gone


def test_a_damaged_or_empty_zip_is_refused_in_chinese(site: str) -> None:
    rita = client(site, "rita")
    r = rita.post("/uploads.json", files=[("files", ("坏.zip", b"PK\x03\x04" + bytes(300)))])
    assert r.status_code == 415 and "坏.zip" in r.json()["files"][0]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("__MACOSX/._a.txt", b"x")
    r = rita.post("/uploads.json", files=[("files", ("空.zip", buf.getvalue()))])
    assert r.status_code == 415 and "压缩包中没有可核对的文件" in r.json()["files"][0]


def small_column() -> tuple[Site, dict[str, int]]:
    """A column of two reports: a page with a DOCX attachment, and a page that is itself the report."""
    site = Site()
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    a, b = generate(41, "2021"), generate(42, "2021")
    site.add(
        "/xxgk/ndbg/index.html",
        f"<html><body><ul><li><a href='art/a.html'>{a.agency}政府信息公开工作年度报告</a> {a.year + 1}-01-20</li>"
        f"<li><a href='/art/b.html'>{b.agency}年度报告</a> {b.year + 1}-01-25</li>"
        "<li><a href='art/c.html'>某局年度报告</a></li></ul></body></html>",
    )
    site.add(
        "/xxgk/ndbg/art/a.html",
        f"<html><body><h1>{a.agency}年度报告</h1><p>发布日期：{a.year + 1}-01-20</p>"
        "<a href='../../../files/a.docx'>附件：年度报告.docx</a></body></html>",
    )
    site.add("/files/a.docx", render_docx(a), content_type="application/octet-stream")
    site.add("/xxgk/ndbg/art/c.html", "<html><body><a href='/files/gone.pdf'>附件：年度报告.pdf</a></body></html>")
    site.add("/art/b.html", render_html(b))
    return site, {"/files/a.docx": 41, "/art/b.html": 42}


def test_a_column_is_fetched_from_the_form_and_read(site: str) -> None:
    rita, vic = client(site, "rita"), client(site, "vic")
    column, seeds = small_column()
    with Server(column) as base:
        url = base + "/xxgk/ndbg/index.html"
        assert vic.post("/fetches.json", json={"urls": url}).status_code == 403
        bad = rita.post("/fetches.json", json={"urls": "ftp://example.org/a"})
        assert bad.status_code == 422 and bad.json()["files"] == ["ftp://example.org/a"]
        r = rita.post("/fetches", data={"urls": url, "rate": "0", "max_pages": "5"})
        assert r.status_code == 303, r.text
        job = r.headers["location"].rsplit("/", 1)[1]
        end = time.monotonic() + 180
        while (j := rita.get(f"/fetches/{job}.json").json())["running"] and time.monotonic() < end:
            time.sleep(0.3)
        assert j["error"] is None and j["result"]["ok"] == 2 and j["result"]["files"] == 1, j
        assert j["result"]["errors"] == 1 and j["messages"] == [f"{base}/files/gone.pdf：网站答复错误（代码 404）"]
        assert j["counts"]["read"] == 2 and j["counts"]["list"] == 1
        page = re.sub(r"<[^>]+>", "", rita.get(f"/fetches/{job}").text)
        assert "抓取完毕" in page and "报告 2 份" in page
        fetched = {urlsplit(f["url"]).path: f for f in vic.get("/fetches.json").json()["fetched"]}
        for path, seed in seeds.items():
            f = fetched[path]
            rep = vic.get(f"/reports/{f['report_id']}.json").json()
            assert rep["reading"]["cells"] == generate(seed, "2021").cells
        assert fetched["/files/a.docx"]["published"] == f"{generate(41, '2021').year + 1}-01-20"
        assert fetched["/files/gone.pdf"]["error"] == "网站答复错误（代码 404）"
        # again: nothing new is fetched or read
        again = rita.post("/fetches.json", json={"urls": url, "rate": 0}).json()
        while (j := rita.get(f"/fetches/{again['id']}.json").json())["running"] and time.monotonic() < end:
            time.sleep(0.3)
        assert j["result"]["read"] == 0 and j["result"]["known"] == 4  # three report pages and the attachment


def sheet_rows(data: bytes) -> list[dict[str, object]]:
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def notice_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_lists_and_notices_downloaded_per_organ_and_for_a_batch(site: str) -> None:
    rita, vic = client(site, "rita"), client(site, "vic")
    bad = []
    for seed in (3, 5):
        rep = generate(seed, "2021")
        rep.cells["t3.new.natural"] += 5  # two arithmetic errors
        bad.append((f"报告{seed}.txt", print_report(rep, "pipe").encode("utf-8")))
    r = rita.post("/uploads.json", files=[("files", f) for f in bad])
    b = wait_batch(rita, r.json()["batch"], timeout=120)
    (rid_a, rid_b) = [u["report_id"] for u in b["uploads"]]
    a = rita.get(f"/reports/{rid_a}.json").json()
    errs = {f["rule"]: f for f in a["findings"] if f["severity"] == "error"}
    assert set(errs) == {"t3.balance", "t3.column_sum"}
    ok = rita.post(
        f"/reports/{rid_a}/reviews.json",
        json={"finding": errs["t3.balance"]["id"], "status": "confirmed", "comment": "已与原件核对"},
    )
    assert ok.status_code == 200
    listed = vic.get(f"/notices.json?batch={b['batch']}").json()
    # besides the two errors, what the batch's reports are found to share once the batch is done
    # (text.copied: two generated texts alike, a warning sent back too)
    shared = {
        rid: [f for f in rita.get(f"/reports/{rid}.json").json()["findings"] if f["scope"] == "corpus"]
        for rid in (rid_a, rid_b)
    }
    assert all(f["severity"] == "warning" for fs in shared.values() for f in fs)
    assert [(o["report_id"], o["problems"], o["errors"], o["unreviewed"]) for o in listed["organs"]] == [
        (rid_a, 2 + len(shared[rid_a]), 2, 1 + len(shared[rid_a])),
        (rid_b, 2 + len(shared[rid_b]), 2, 2 + len(shared[rid_b])),
    ]
    # one organ: only the confirmed problem
    x = vic.get(f"/notices/{rid_a}.xlsx?select=confirmed")
    assert x.status_code == 200 and "问题清单.xlsx" in unquote(x.headers["content-disposition"])
    [row] = sheet_rows(x.content)
    assert (row["规则"], row["规则名称"], row["级别"], row["审核结论"], row["审核意见"]) == (
        "t3.balance",
        "表三勾稽关系",
        "错误",
        "已确认",
        "已与原件核对",
    )
    assert re.search(r"第\d+行 表三", str(row["位置"])) and "bbox" not in str(row["位置"])
    head = {"select": "all", "office": "白水县政务公开办", "deadline": "2026-04-15"}
    d = vic.get(f"/notices/{rid_a}.docx", params=head)
    text = notice_text(d.content)
    assert f"关于{a['reading']['agency']}" in text and "【表三勾稽关系】" in text and "【表三总计列】" in text
    assert "请于2026年4月15日前完成整改" in text and "白水县政务公开办" in text and "位置：第" in text
    # the whole batch: every organ's two files and the summary
    z = vic.get(f"/notices/all.zip?batch={b['batch']}&select=all")
    assert z.status_code == 200
    with zipfile.ZipFile(io.BytesIO(z.content)) as zf:
        names = zf.namelist()
        assert len([n for n in names if n.endswith("-问题清单.xlsx")]) == 2
        assert len([n for n in names if n.endswith("-整改通知.docx")]) == 2
        summary = sheet_rows(zf.read("全部年度-问题汇总.xlsx"))
    assert len(summary) >= 4 and {r["审核结论"] for r in summary} >= {"已确认", "未审核"}
    page = vic.get(f"/notices?batch={b['batch']}").text
    assert "整批下载" in page and f"/notices/{rid_b}.docx" in page
    # refused in Chinese, never a 500
    assert vic.get("/notices/all.zip?batch=nosuch").status_code == 404
    wrong = vic.get(f"/notices/{rid_a}.docx?deadline=4月15日")
    assert wrong.status_code == 422 and "整改期限" in wrong.text
    bad = vic.get("/notices?select=some")  # a parameter out of its values: 400 with the field named (issue 13)
    assert bad.status_code == 400 and "<html" in bad.text
