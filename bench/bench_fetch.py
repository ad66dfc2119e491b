"""``ogi fetch`` speed against a site on loopback: a 年报栏目 of ``--n`` reports (20 a list page),
half published as the page itself (HTML), half as a DOCX attachment of their page.

    python bench/bench_fetch.py [--n 200] [--rates 0,10] [--jobs 2]

For each rate (requests per second per host; 0: no limit) a fresh store fetches the whole column,
then reads what it fetched; prints pages/s (list pages, report pages and files fetched per second
of fetching), MiB/s, the reading's files/s, and the second run's requests (all 304 or none).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from localsite import Server, Site
from ogi.fetch import fetch
from ogi.samples import generate
from ogi.samples.docx import render_docx
from ogi.samples.html import render_html
from ogi.store import Store


def make_site(n: int) -> Site:
    site = Site()
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    per = 20
    pages = (n + per - 1) // per
    for p in range(pages):
        items = []
        for i in range(p * per, min(n, (p + 1) * per)):
            rep = generate(i)
            title = f"{rep.agency}{rep.year}年政府信息公开工作年度报告"
            items.append(f"<li><a href='../art/{i}.html'>{title}</a><span>{rep.year + 1}-01-20</span></li>")
            if i % 2:
                body = f"<h1>{title}</h1><p>发布日期：{rep.year + 1}-01-20</p><a href='/files/{i}.docx'>附件</a>"
                site.add(f"/files/{i}.docx", render_docx(rep), content_type="application/octet-stream", etag=False)
            else:
                body = f"<p>发布日期：{rep.year + 1}-01-20</p>" + render_html(rep)
            site.add(f"/art/{i}.html", f"<html><body><div class=nav>首页</div>{body}</body></html>")
        name = "index.html" if p == 0 else f"index_{p}.html"
        script = f'<script>createPageHTML({pages}, {p}, "index", "html");</script>'
        site.add(f"/ndbg/{name}", f"<html><body><ul>{''.join(items)}</ul>{script}</body></html>")
    return site


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--rates", default="0,10")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    site = make_site(a.n)
    with Server(site) as base, tempfile.TemporaryDirectory() as d:
        for rate in [float(x) for x in a.rates.split(",")]:
            with Store(Path(d) / f"r{rate}.db") as store:
                t = time.perf_counter()
                res = fetch([base + "/ndbg/index.html"], store, rate=rate, jobs=a.jobs, max_pages=1000)
                total = time.perf_counter() - t
                fetched = res.lists + res.pages + res.files
                reading = res.seconds - res.fetch_seconds
                n0 = len(site.log)
                again = fetch([base + "/ndbg/index.html"], store, rate=0, jobs=a.jobs, max_pages=1000)
                print(
                    f"rate {rate:g}/s: {fetched} fetched ({res.lists} list, {res.pages} pages, {res.files} files), "
                    f"{res.bytes / 1048576:.1f} MiB in {res.fetch_seconds:.2f}s = {fetched / res.fetch_seconds:.1f} "
                    f"pages/s, {res.bytes / 1048576 / res.fetch_seconds:.2f} MiB/s; read {res.read} "
                    f"({res.ok} ok) in {reading:.2f}s = {res.read / reading:.1f} files/s; total {total:.1f}s; "
                    f"second run: {len(site.log) - n0} requests ({again.unchanged} unchanged lists, "
                    f"{again.pages + again.files} fetched)"
                )


if __name__ == "__main__":
    main()
