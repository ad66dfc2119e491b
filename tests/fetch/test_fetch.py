"""``ogi fetch`` against a real HTTP server on loopback serving a county's 年报栏目 we wrote
ourselves: pagination in three forms, relative links, a GBK page, attachments of every kind,
robots.txt, a 503 then success, a file past the size limit, and a second run that fetches
nothing again."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("httpx")
pytest.importorskip("sqlalchemy")

from localsite import Server, Site
from ogi.fetch import fetch
from ogi.fetch.http import Polite
from ogi.fetch.pages import list_page, report_page
from ogi.samples import generate
from ogi.samples.docx import render_docx
from ogi.samples.html import render_html
from ogi.samples.ofd import render_ofd
from ogi.store import Store

OGI = [sys.executable, "-m", "ogi"]
NEEDS_OFFICE = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) makes the PDF and DOC")

# the reports the site publishes: (its name on the site, seed of the generated report)
SEEDS = {"jyj": 3, "mzj": 5, "czj": 8, "wjw": 13, "yjj": 14, "sjj": 16}


def soffice(data: bytes, suffix: str, to: str) -> bytes:
    """A document converted by LibreOffice headless (HTML → PDF, DOCX → DOC)."""
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / f"in{suffix}"
        src.write_bytes(data)
        args = ["soffice", f"-env:UserInstallation=file://{d}/profile", "--headless"]
        if suffix == ".html":
            args.append("--infilter=HTML (StarWriter)")
        args += ["--convert-to", to, "--outdir", d, str(src)]
        subprocess.run(args, capture_output=True, timeout=300, check=True)
        return (Path(d) / f"in.{to}").read_bytes()


def png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buf, "PNG")
    return buf.getvalue()


def wrap(title: str, body: str, *, meta: str = "", charset: str = "utf-8") -> str:
    """A page of the site: its navigation around the content."""
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">{meta}'
        f"<title>{title}</title></head><body><div class=nav><a href='/'>首页</a> <a href='/xxgk/'>政务公开</a></div>"
        f"<div class=content><h1>{title}</h1>{body}</div><div class=foot>版权所有</div></body></html>"
    )


def build_site(late: str) -> Site:
    """The county's site; ``late`` is a publication date past the departments' deadline."""
    r = {k: generate(s) for k, s in SEEDS.items()}
    d = {k: f"{v.year + 1}-01-{day}" for (k, v), day in zip(r.items(), (15, 0, 20, 10, 22, 28), strict=True)}
    site = Site()
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    items = [
        ("../../art/2025/jyj.html", f"{r['jyj'].agency}{r['jyj'].year}年政府信息公开工作年度报告", d["jyj"]),
        ("/art/2025/mzj.html", f"{r['mzj'].agency}{r['mzj'].year}年政府信息公开工作年度报告", late),
    ]
    lis = "".join(f'<li><a href="{h}">{t}</a><span>{d}</span></li>' for h, t, d in items)
    site.add(
        "/xxgk/ndbg/index.html",
        wrap(
            "年报栏目",
            f"<ul>{lis}<li><a href='/xxgk/'>政务公开制度</a></li></ul><a href='index_1.html'>下一页</a>"
            '<script>createPageHTML(3, 0, "index", "html");</script>',
        ),
    )
    # page 2: GBK, page numbers, links relative to the column
    lis = (
        f'<li><a href="./art/czj.html" title="{r["czj"].agency}年度报告">{r["czj"].agency}年度报告</a> {d["czj"]}</li>'
        f'<li><a href="wjw.html">{r["wjw"].agency}政府信息公开工作年度报告</a> {d["wjw"]}</li>'
    )
    nums = "".join(f"<a href='{p}'>{i}</a>" for i, p in enumerate(("index.html", "index_1.html", "index_2.html"), 1))
    site.add(
        "/xxgk/ndbg/index_1.html",
        wrap("年报栏目", f"<ul>{lis}</ul><div class=page>{nums}</div>", charset="gb2312").encode("gbk"),
        content_type="text/html",
    )
    lis = (
        '<li><a href="/private/sfj.html">司法局政府信息公开工作年度报告</a></li>'
        f'<li><a href="/art/2025/yjj.html">{r["yjj"].agency}年度报告</a></li>'
        '<li><a href="/art/2025/jtj.html">交通运输局政府信息公开工作年度报告</a></li>'
        f'<li><a href="/files/sjj.ofd">{r["sjj"].agency}政府信息公开工作年度报告.ofd</a> {d["sjj"]}</li>'
    )
    site.add("/xxgk/ndbg/index_2.html", wrap("年报栏目", f"<ul>{lis}</ul><a href='index_1.html'>上一页</a>"))
    # report pages
    site.add(
        "/art/2025/jyj.html",
        wrap(
            items[0][1],
            "<p>附件：<a href='/files/jyj.pdf'>年度报告.pdf</a></p><p><a href='/files/scan.png'>图片</a></p>",
            meta=f'<meta name="PubDate" content="{d["jyj"]} 09:30">',
        ),
    )
    site.add("/art/2025/mzj.html", wrap(items[1][1], f"<p>发布日期：{late}</p><a href='/files/mzj.docx'>下载</a>"))
    site.add(
        "/xxgk/ndbg/art/czj.html",
        wrap(
            "年度报告",
            f"<p>发布时间：{d['czj']}</p><a href='../../../files/czj.doc'>报告.doc</a> "
            "<a href='/files/czj.wps'>报告.wps</a>",
        ),
    )
    site.add(
        "/xxgk/ndbg/wjw.html",
        wrap(
            f"{r['wjw'].agency}年度报告", f"<p>发布时间：{d['wjw']}</p>" + render_html(r["wjw"]), charset="gbk"
        ).encode("gbk", "replace"),
        content_type="text/html; charset=GBK",
    )
    site.add("/private/sfj.html", wrap("司法局", "<a href='/files/sfj.docx'>报告.docx</a>"))
    site.add("/art/2025/yjj.html", wrap("应急管理局", f"<p>发布日期：{d['yjj']}</p><a href='/files/yjj.docx'>报告</a>"))
    big = "<a href='/files/big.pdf'>报告.pdf</a><a href='/files/big2.pdf'>另一份.pdf</a>"
    site.add("/art/2025/jtj.html", wrap("交通运输局", big))
    # attachments
    html_pdf = soffice(render_html(r["jyj"]).encode("utf-8"), ".html", "pdf")
    site.add("/files/jyj.pdf", html_pdf, content_type="application/pdf", etag=False)
    site.add("/files/scan.png", png(), content_type="image/png", etag=False)
    site.add("/files/mzj.docx", render_docx(r["mzj"]), content_type="application/octet-stream", etag=False)
    doc = soffice(render_docx(r["czj"]), ".docx", "doc")
    site.add("/files/czj.doc", doc, content_type="application/msword", etag=False)
    site.add("/files/czj.wps", doc, content_type="application/octet-stream", etag=False)
    site.add("/files/yjj.docx", render_docx(r["yjj"]), etag=False, fail_first=1)
    site.add("/files/sjj.ofd", render_ofd(r["sjj"]), content_type="application/ofd", etag=False)
    site.add("/files/big.pdf", b"%PDF-1.4\n" + b"0" * 300_000, etag=False)
    site.add("/files/big2.pdf", b"%PDF-1.4\n" + b"0" * 300_000, etag=False, length=False)
    return site


def test_pages_of_a_column_are_understood() -> None:
    base = "http://x.gov.cn/xxgk/ndbg/index.html"
    html = wrap(
        "年报栏目",
        "<ul><li><a href='../a/1.html'>某局2024年度报告</a> 2025-01-02</li><li><a href='/b.pdf'>某局年报.pdf</a></li>"
        "<li><a href='/x.html'>通知公告</a></li></ul><a href='index_1.html'>下一页</a><a href='?page=3'>3</a>"
        '<script>createPageHTML(3, 0, "index", "html")</script>',
    )
    page = list_page(html.encode("utf-8"), base)
    assert [(x.url, x.date) for x in page.reports] == [
        ("http://x.gov.cn/xxgk/a/1.html", "2025-01-02"),
        ("http://x.gov.cn/b.pdf", None),
    ]
    assert page.pages == [
        "http://x.gov.cn/xxgk/ndbg/index_1.html",
        "http://x.gov.cn/xxgk/ndbg/index.html?page=3",
        "http://x.gov.cn/xxgk/ndbg/index_2.html",
    ]
    rp = report_page(
        wrap(
            "某局2024年度报告", "<iframe src='/pdfjs/viewer.html?file=/f/r.pdf'></iframe><p>发布时间：2025年1月9日"
        ).encode("gbk"),
        "http://x.gov.cn/a/1.html",
    )
    assert rp.published == "2025-01-09" and rp.title == "某局2024年度报告"
    assert [a.url for a in rp.attachments] == ["http://x.gov.cn/f/r.pdf"]


def test_politeness_rate_retries_and_robots(tmp_path: Path) -> None:
    site = Site()
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n", content_type="text/plain")
    site.add("/a.html", "<p>a</p>")
    site.add("/flaky.html", "<p>b</p>", fail_first=2)
    site.add("/down.html", "<p>c</p>", fail_first=10)
    waits: list[float] = []
    t = [0.0]

    def sleep(s: float) -> None:  # time passes only when the client waits
        waits.append(s)
        t[0] += s

    with Server(site) as base, Polite(rate=4, retries=2, backoff=0.5, sleep=sleep, clock=lambda: t[0]) as http:
        assert not http.allowed(base + "/private/x.html") and http.allowed(base + "/a.html")
        assert http.get(base + "/private/x.html").outcome == "robots"
        assert http.get(base + "/a.html").ok
        waits.clear()
        got = http.get(base + "/flaky.html")  # 503, 503, then 200
        assert got.ok and got.attempts == 3 and got.data == b"<p>b</p>"
        # each request waits its turn (Crawl-delay 2 s beats 4 a second); Retry-After: 0 waits nothing
        assert waits == [2.0, 0.0, 2.0, 0.0, 2.0]
        down = http.get(base + "/down.html")
        assert down.outcome == "error" and down.status == 503 and down.attempts == 3
    assert ("/private/x.html", 200) not in site.log and all(p != "/private/x.html" for p, _ in site.log)
    # a site that does not answer at all forbids nothing: it is down, and said so as an error
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"  # a port nobody listens on once closed
    with Polite(rate=100, retries=1, backoff=0.0, sleep=lambda s: None) as http:
        got = http.get(dead + "/xxgk/index.html")
        assert got.outcome == "error" and got.error and "robots" not in got.error


@NEEDS_OFFICE
def test_fetch_a_column_into_the_corpus_and_again_nothing(tmp_path: Path) -> None:
    truth = {k: generate(s) for k, s in SEEDS.items()}
    late = f"{truth['mzj'].year + 1}-02-20"
    site = build_site(late)
    db = tmp_path / "c.db"
    with Server(site) as base, Store(db) as store:
        start = base + "/xxgk/ndbg/index.html"
        res = fetch([start], store, rate=0, backoff=0, max_bytes=200_000, jobs=2)
        assert (res.lists, res.pages, res.files) == (3, 6, 7), res
        assert (res.robots, res.too_large, res.errors) == (1, 2, 0), res.failures
        assert res.read == 8 and res.ok == 7 and res.unreadable == 1  # the picture is no report
        assert all(p != "/private/sfj.html" for p, _ in site.log)  # robots.txt obeyed
        assert site.requests(lambda p: p == "/files/yjj.docx") == [("/files/yjj.docx", 503), ("/files/yjj.docx", 200)]
        reports = {r["path"].removeprefix(base): r for r in store.reports()}
        got = {
            "/files/jyj.pdf": "jyj",
            "/files/mzj.docx": "mzj",
            "/files/czj.doc": "czj",
            "/files/czj.wps": "czj",
            "/xxgk/ndbg/wjw.html": "wjw",  # a page without attachment is the report
            "/files/yjj.docx": "yjj",
            "/files/sjj.ofd": "sjj",
        }
        for path, key in got.items():
            row, t = reports[path], truth[key]
            assert row["status"] == "ok", (path, row["error_message"])
            assert (row["agency"], row["year"]) == (t.agency, t.year), path
            rep = store.reading(row["id"])
            assert {k: rep.cells[k] for k in t.cells} == t.cells, path  # type: ignore[union-attr]
        assert reports["/files/scan.png"]["status"] == "error"
        # the page's publication date is the report's: the late one is found late
        y = {k: t.year + 1 for k, t in truth.items()}
        assert reports["/files/jyj.pdf"]["published"] == f"{y['jyj']}-01-15"
        assert reports["/files/mzj.docx"]["published"] == late
        assert "published.late" in {f.rule for f in store.reading(reports["/files/mzj.docx"]["id"]).findings}  # type: ignore[union-attr]
        assert reports["/xxgk/ndbg/wjw.html"]["published"] == f"{y['wjw']}-01-10"
        # every URL kept with the page it was found on, the page's date and the fetch time
        rows = {r["url"].removeprefix(base): r for r in store.fetched_rows()}
        assert rows["/files/czj.doc"]["referer"] == base + "/xxgk/ndbg/art/czj.html"
        assert rows["/files/czj.doc"]["published"] == f"{y['czj']}-01-20" and rows["/files/czj.doc"]["fetched_at"]
        assert rows["/files/sjj.ofd"]["referer"] == base + "/xxgk/ndbg/index_2.html"
        assert rows["/files/sjj.ofd"]["published"] == f"{y['sjj']}-01-28"  # the date listed beside the link
        assert rows["/private/sfj.html"]["status"] == "robots"
        assert rows["/files/big.pdf"]["status"] == rows["/files/big2.pdf"]["status"] == "too_large"
        assert not rows["/art/2025/jyj.html"]["is_report"] and rows["/xxgk/ndbg/wjw.html"]["is_report"]
        n = len(site.log)
        # again: list pages asked with their ETag (304), nothing else asked, nothing read
        again = fetch([start], store, rate=0, backoff=0, max_bytes=200_000, jobs=2)
        later = site.log[n:]
        lists = [f"/xxgk/ndbg/index{s}.html" for s in ("", "_1", "_2")]
        assert sorted(p for p, _ in later) == sorted(["/robots.txt", *lists])
        assert all(s == 304 for p, s in later if p != "/robots.txt")
        assert (again.lists, again.unchanged, again.pages, again.files, again.read) == (0, 3, 0, 0, 0)
        assert again.known == 6 + 7 + 1 + 2  # pages, files, the page robots.txt refused, the files too large


def test_ogi_fetch_command(tmp_path: Path) -> None:
    site = Site()
    r = generate(3)
    site.add("/robots.txt", "", content_type="text/plain")
    site.add("/ndbg/index.html", wrap("年报", "<a href='a.html'>某局2024年度报告</a>"))
    site.add("/ndbg/a.html", wrap("某局2024年度报告", render_html(r)))
    with Server(site) as base:
        out = subprocess.run(
            [*OGI, "fetch", base + "/ndbg/index.html", "--db", str(tmp_path / "c.db"), "--rate", "0"],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert out.returncode == 0, out.stderr
    assert "1 report pages" in out.stderr and "read 1 (1 reports" in out.stderr
    with Store(tmp_path / "c.db") as store:
        (row,) = store.reports()
        assert row["path"] == base + "/ndbg/a.html" and row["agency"] == r.agency
