"""Fetching reports from the organs' websites: ``ogi fetch URL… --db …``.

Given the URL of a site's annual-report column (年报栏目: its list page), :func:`fetch` follows
the column's pages (:mod:`ogi.fetch.pages`), each report's page and its attachments (PDF, DOC,
DOCX, WPS, OFD, images …), politely (:class:`ogi.fetch.http.Polite`: robots.txt, a rate per host,
retries with backoff, a size limit per file), keeps every URL requested in the store (table
``fetched``: the URL, the page it was found on, the page's publication date, the fetch time, the
bytes of what is read) and reads the reports into the corpus through the runner (worker processes,
the time limit), each a report whose path is its URL, its publication date the page's
(``published``, so ``published.late`` is checked on attachments too).

- **A report's page with attachments**: the attachments are the reports; the page gives their
  title and publication date. **Without attachments**: the page itself is the report (read as a
  saved web page).
- **Resumable**: every request's outcome is committed as it arrives. What was fetched (report
  pages, attachments, also those refused by robots.txt or past the size limit) is not asked for
  again; list pages are asked again with their validators (``If-None-Match``/``If-Modified-Since``)
  and read from the store when the site answers 304. A run stopped midway is finished by the next.
- Files fetched but not read yet (a run stopped while reading) are read by the next run.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ogi.fetch.http import Got, Polite
from ogi.fetch.pages import DEFAULT_MATCH, is_attachment, list_page, report_page
from ogi.store import Store

DONE = ("ok", "robots", "too_large")  # outcomes not asked again


@dataclass(slots=True)
class FetchResult:
    """What a fetch did: list pages fetched (``lists``; ``unchanged``: answered 304), report pages
    and files fetched now, those fetched before (``known``, not asked again), refused by robots.txt,
    past the size limit, failed; requests sent, bytes received, seconds; then the reading: files
    read, read as reports, unreadable."""

    lists: int = 0
    unchanged: int = 0
    pages: int = 0
    files: int = 0
    known: int = 0
    robots: int = 0
    too_large: int = 0
    errors: int = 0
    requests: int = 0
    bytes: int = 0
    seconds: float = 0.0  # in all
    fetch_seconds: float = 0.0  # of which fetching (the rest: reading)
    read: int = 0
    ok: int = 0
    unreadable: int = 0
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


def _sha(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


class _Crawl:
    def __init__(
        self, store: Store, http: Polite, res: FetchResult, match: str, tell: Callable[[str, str], None]
    ) -> None:
        self.store, self.http, self.res, self.match, self.tell = store, http, res, match, tell

    def keep(self, got: Got, kind: str, **row: Any) -> None:
        """Record a request's outcome (the bytes when ``row`` says to keep them)."""
        keep_data = row.pop("keep_data", False)
        status = "ok" if got.ok else got.outcome
        self.store.put_fetched(
            {
                "url": row.pop("url", got.url),  # as asked (a redirect's target is not the key)
                "kind": kind,
                "status": status,
                "http_status": got.status or None,
                "content_type": got.headers.get("content-type"),
                "size": got.size or None,
                "sha256": _sha(got.data),
                "etag": got.headers.get("etag"),
                "last_modified": got.headers.get("last-modified"),
                "data": got.data if keep_data else None,
                "error": got.error,
                **row,
            }
        )
        if status == "robots":
            self.res.robots += 1
        elif status == "too_large":
            self.res.too_large += 1
        elif status == "error":
            self.res.errors += 1
            self.res.failures.append(f"{got.url}: {got.error}")

    def column(self, start: str, max_pages: int) -> None:
        """A column: its list pages (from ``start``, at most ``max_pages``), the reports they link."""
        base = start.rsplit("/", 1)[0] + "/"
        queue, seen = [start], {start}
        while queue and len(seen) - len(queue) < max_pages:
            url = queue.pop(0)
            old = self.store.fetched(url, data=True)
            got = self.http.get(url, etag=old and old["etag"], last_modified=old and old["last_modified"])
            if got.outcome == "not_modified" and old is not None and old["data"] is not None:
                self.res.unchanged += 1
                self.tell("list", url)
                data = old["data"]
            elif got.ok and got.data is not None:
                self.res.lists += 1
                self.tell("list", url)
                self.keep(got, "list", keep_data=True, url=url)
                data = got.data
            else:
                self.keep(got, "list", url=url)
                continue
            page = list_page(data, url, self.match)
            for p in page.pages:
                if p not in seen and p.startswith(base) and len(seen) < max_pages * 4:
                    seen.add(p)
                    queue.append(p)
            for link in page.reports:
                if is_attachment(link.url, link.text):
                    self.file(link.url, referer=url, title=link.text, published=link.date)
                else:
                    self.report_page(link.url, referer=url, title=link.text, listed=link.date)

    def report_page(self, url: str, *, referer: str, title: str, listed: str | None) -> None:
        old = self.store.fetched(url, data=True)
        got = None
        if old is not None and old["status"] in DONE:
            self.res.known += 1
            data = old["data"]
        else:
            got = self.http.get(url)
            if not got.ok or got.data is None:
                self.keep(got, "page", url=url, referer=referer, title=title, published=listed)
                return
            self.res.pages += 1
            self.tell("page", url)
            data = got.data
        if data is None:
            return
        page = report_page(data, url)
        published = page.published or listed
        if got is not None:
            self.keep(
                got,
                "page",
                url=url,
                referer=referer,
                title=page.title or title,
                published=published,
                is_report=not page.attachments,  # without attachments, the page is the report
                keep_data=True,
            )
        for att in page.attachments:
            self.file(att.url, referer=url, title=att.text, published=published)

    def file(self, url: str, *, referer: str, title: str, published: str | None) -> None:
        old = self.store.fetched(url)
        if old is not None and old["status"] in DONE:
            self.res.known += 1
            return
        got = self.http.get(url)
        if got.ok:
            self.res.files += 1
            self.tell("file", url)
        row = {"url": url, "referer": referer, "title": title, "published": published, "is_report": True}
        self.keep(got, "file", keep_data=True, **row)


def fetch(
    urls: Sequence[str],
    store: Store,
    *,
    match: str = DEFAULT_MATCH,
    max_pages: int = 50,
    rate: float = 1.0,
    retries: int = 3,
    backoff: float = 1.0,
    max_bytes: int | None = None,
    timeout: float = 30.0,
    robots: bool = True,
    jobs: int | None = None,
    read_timeout: float | None = 300.0,
    progress: Callable[[str, str], None] | None = None,
) -> FetchResult:
    """Fetch the reports of the 年报栏目 at ``urls`` into ``store`` and read them (module doc).

    ``match``: a regular expression a report link's text matches (default 年度报告 or 年报);
    ``max_pages``: list pages per column; ``rate``: requests per second per host (0: no limit);
    ``retries``, ``backoff`` (seconds, doubled each retry); ``max_bytes``: the largest file
    fetched (default: the reader's bound, :data:`ogi.ingest.MAX_BYTES`); ``timeout``: seconds to
    connect and per read; ``robots``: obey robots.txt; ``jobs``: reading processes (default every
    core); ``read_timeout``: seconds one file's reading may take. ``progress(kind, url)`` is told
    of each list page, report page and file fetched, and of each file read (``read``).
    """
    from ogi.ingest import MAX_BYTES

    t0 = time.perf_counter()
    res = FetchResult()
    tell = progress or (lambda _k, _u: None)
    with Polite(
        rate=rate, retries=retries, backoff=backoff, max_bytes=max_bytes or MAX_BYTES, timeout=timeout, robots=robots
    ) as http:
        crawl = _Crawl(store, http, res, match, tell)
        for url in urls:
            crawl.column(url, max_pages)
        res.requests, res.bytes = http.counts.requests, http.counts.bytes
    res.fetch_seconds = time.perf_counter() - t0
    read_fetched(store, res, jobs=jobs, timeout=read_timeout, tell=tell)
    res.seconds = time.perf_counter() - t0
    return res


# ---------------------------------------------------------------- reading what was fetched

Item = tuple[int, str, bytes, str | None]  # fetched id, URL, bytes, publication date


def _read_chunk(chunk: Sequence[Item], timeout: float | None = None) -> list[tuple[int, Any]]:
    """Read fetched files (in a worker): (fetched id, rows ready to store)."""
    from ogi.model import Unreadable, rows
    from ogi.runner import read_one
    from ogi.runner.workers import beat

    out = []
    for fid, url, data, published in chunk:
        beat()
        r = read_one((url, data), timeout, meta={"PubDate": published} if published else None)
        if isinstance(r, Unreadable):  # kept with its bytes' hash: not read again unless they change
            r.source.sha256, r.source.size = _sha(data), len(data)
        out.append((fid, rows(r, url, document=True)))
    return out


def read_fetched(
    store: Store,
    res: FetchResult | None = None,
    *,
    jobs: int | None = None,
    timeout: float | None = 300.0,
    tell: Callable[[str, str], None] | None = None,
) -> FetchResult:
    """Read every fetched report not read yet (:meth:`Store.fetched_unread`) through the runner
    (worker processes that may die, the time limit), store each reading with its URL as path and
    link it; then bring the store's cross-year findings up to date."""
    from ogi.model import rows
    from ogi.runner import run_chunks, unreadable

    res = res or FetchResult()
    ids = store.fetched_unread()
    if not ids:
        return res
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(ids)))

    def items() -> Iterable[list[Item]]:
        for fid in ids:
            row = store.fetched_by_id(fid)
            if row is not None:
                yield [(fid, row["url"], row["data"], row["published"])]

    def gave_up(item: Item, code: str, message: str) -> tuple[int, Any]:
        return item[0], rows(unreadable(item[1], code, message), item[1])

    for _chunk, got in run_chunks(_read_chunk, items(), jobs=jobs, timeout=timeout, gave_up=gave_up):
        for fid, r in got:
            store.put_fetched_reading(fid, r)
            res.read += 1
            if r.report["status"] == "ok":
                res.ok += 1
            else:
                res.unreadable += 1
                res.failures.append(f"{r.report['path']}: {r.report['error_message']}")
            if tell:
                tell("read", r.report["path"])
    store.refresh_cross_year()
    return res


def host_of(url: str) -> str:
    return urlsplit(url).netloc


__all__ = ["DEFAULT_MATCH", "FetchResult", "fetch", "read_fetched"]
