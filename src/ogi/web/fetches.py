"""Fetching reports from the organs' sites in the web app (``/fetches``): the URL of a site's
annual-report column (年报栏目) given in a form, fetched and read by ``ogi fetch``'s own code
(:func:`ogi.fetch.fetch`: politely, resumably, each file read by the runner's worker processes) in
a process of its own beside the server, whose progress the page follows (``/fetches/ID``).

Reviewers only: the server asks the URLs given for their pages (http and https only). A fetch
outlives nothing: when the server stops, running fetches are stopped, and what they fetched is
kept (table ``fetched``): the next fetch of the same column goes on from there.
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from ogi.web.deps import Refused, View, check_csrf, need, resource, store

router = APIRouter(tags=["fetches"])

MAX_URLS = 20
KINDS = {"栏目": "list", "页面": "page", "附件": "file", "读取": "read"}  # ogi fetch's progress lines
KIND_LABELS = {"list": "栏目页", "page": "报告页面", "file": "附件", "read": "已读取"}
STATUS_LABELS = {"ok": "已抓取", "error": "失败", "robots": "网站禁止抓取", "too_large": "文件过大"}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class FetchJob:
    """One run of ``ogi fetch`` the web app started: its URLs, who started it, what it has done
    so far (from its progress lines), and at the end its counts (:class:`ogi.fetch.FetchResult`)."""

    id: str
    urls: list[str]
    user: str
    proc: subprocess.Popen[bytes]
    started_at: str = field(default_factory=_now)
    finished_at: str | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KIND_LABELS, 0))
    recent: deque[tuple[str, str]] = field(default_factory=lambda: deque(maxlen=50))
    messages: list[str] = field(default_factory=list)
    result: dict[str, Any] | None = None
    error: str | None = None

    @property
    def running(self) -> bool:
        return self.finished_at is None

    def follow(self) -> None:
        """Read the process's progress lines until it ends (a thread of its own)."""
        assert self.proc.stderr is not None and self.proc.stdout is not None
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip()
            head, _, rest = line.partition(" ")
            kind = KINDS.get(head)
            if kind is not None:
                self.counts[kind] += 1
                self.recent.appendleft((kind, rest))
            elif line.startswith("ogi: ") and len(self.messages) < 50:  # "URL: what went wrong"
                url, _, why = line[5:].partition(": ")
                self.messages.append(f"{url}：{said(why)}" if url else line[5:])
        out = self.proc.stdout.read().decode("utf-8", "replace").strip().splitlines()
        code = self.proc.wait()
        try:
            self.result = json.loads(out[-1]) if out else None
        except ValueError:
            self.result = None
        if code not in (0, 2) or self.result is None:
            self.error = f"抓取未能完成（进程退出代码 {code}）"
        self.finished_at = _now()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "urls": self.urls,
            "user": self.user,
            "running": self.running,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "counts": dict(self.counts),
            "recent": [{"kind": k, "url": u} for k, u in self.recent],
            "messages": self.messages,
            "result": self.result,
            "error": self.error,
        }


class Fetches:
    """The fetches a server started (kept while it runs)."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.jobs: dict[str, FetchJob] = {}
        self.lock = threading.Lock()

    def start(self, urls: list[str], user: str, *, rate: float, max_pages: int) -> FetchJob:
        cmd = [sys.executable, "-m", "ogi", "fetch", *urls, "--db", self.db_url, "--json", "--jobs", "1"]
        cmd += ["--rate", str(rate), "--max-pages", str(max_pages)]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        job = FetchJob(id=secrets.token_hex(6), urls=urls, user=user, proc=proc)
        with self.lock:
            self.jobs[job.id] = job
        threading.Thread(target=job.follow, name=f"ogi-fetch-{job.id}", daemon=True).start()
        return job

    def recent(self) -> list[FetchJob]:
        with self.lock:
            return sorted(self.jobs.values(), key=lambda j: j.started_at, reverse=True)

    def close(self) -> None:
        for job in self.recent():
            if job.proc.poll() is None:
                job.proc.terminate()
                try:
                    job.proc.wait(10)
                except subprocess.TimeoutExpired:
                    job.proc.kill()


def fetches(request: Request) -> Fetches:
    return request.app.state.fetches  # type: ignore[no-any-return]


def _urls(text: str) -> list[str]:
    urls = [u.strip() for u in text.replace("，", "\n").replace(",", "\n").split() if u.strip()]
    bad = [u for u in urls if urlsplit(u).scheme not in ("http", "https") or not urlsplit(u).netloc]
    if bad:
        raise Refused(422, "以下网址无法抓取：只接受以 http:// 或 https:// 开头的栏目网址。", bad)
    if not urls:
        raise Refused(400, "请填写年报栏目的网址。")
    if len(urls) > MAX_URLS:
        raise Refused(413, f"一次最多抓取 {MAX_URLS} 个栏目。")
    return list(dict.fromkeys(urls))


class FetchForm(BaseModel):
    urls: str
    rate: float = 1.0
    max_pages: int = 50


def _start(request: Request, form: FetchForm) -> FetchJob:
    s = need(request, "reviewer")
    urls = _urls(form.urls)
    if not 0 <= form.rate <= 10:
        raise Refused(422, "抓取频率应在每秒 0 到 10 次之间（0 为不限）。")
    if not 1 <= form.max_pages <= 500:
        raise Refused(422, "栏目页数应在 1 到 500 之间。")
    return fetches(request).start(urls, s.user or "", rate=form.rate, max_pages=form.max_pages)


def said(error: str | None) -> str | None:
    """A fetch's failure in Chinese: the site's answer (``HTTP 404``) or the network's (an exception's
    name, which the command line shows), as a clerk reads them."""
    if not error:
        return error
    m = re.match(r"HTTP (\d{3})", error)
    if m:
        return f"网站答复错误（代码 {m.group(1)}）"
    if re.match(r"[A-Za-z]+(Error|Timeout|Exception)\b", error):
        kind = "连接超时" if "Timeout" in error else "无法连接网站"
        return f"{kind}，重试后仍未取得"
    return error


def _fetched_reports(request: Request, limit: int = 300) -> list[dict[str, Any]]:
    rows = [r for r in store(request).fetched_rows() if r["is_report"]]
    rows.sort(key=lambda r: r["fetched_at"], reverse=True)
    keep = ("id", "url", "title", "published", "status", "size", "referer", "report_id", "error", "fetched_at")
    return [{k: r[k] for k in keep} | {"error": said(r["error"])} for r in rows[:limit]]


@resource(router, "/fetches", summary="Fetches from the organs' sites: those this server ran, and the reports fetched")
def fetch_list(request: Request) -> View:
    s = need(request)
    data = {"jobs": [j.to_dict() for j in fetches(request).recent()], "fetched": _fetched_reports(request)}
    page = {"can_fetch": s.can("reviewer"), "status_labels": STATUS_LABELS, "max_urls": MAX_URLS}
    return View("fetches.html", data, page)


@router.post("/fetches", include_in_schema=False)
def start_form(
    request: Request,
    urls: Annotated[str, Form()] = "",
    rate: Annotated[float, Form()] = 1.0,
    max_pages: Annotated[int, Form()] = 50,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    need(request, "reviewer")
    check_csrf(request, csrf)
    job = _start(request, FetchForm(urls=urls, rate=rate, max_pages=max_pages))
    return RedirectResponse(f"/fetches/{job.id}", status_code=303)


@router.post("/fetches.json", summary="Fetch the reports of 年报栏目 URLs (reviewers): ogi fetch in the background")
def start_json(request: Request, form: FetchForm) -> Any:
    need(request, "reviewer")
    check_csrf(request, None)
    return _start(request, form).to_dict()


@resource(router, "/fetches/{job}", summary="A fetch: pages and files fetched and read so far, its counts at the end")
def fetch_job(request: Request, job: str) -> View:
    need(request)
    j = fetches(request).jobs.get(job)
    if j is None:
        raise HTTPException(404, "抓取任务不存在（服务重启后，此前的任务不再显示；已抓取的报告见“抓取”页）")
    return View("fetch.html", j.to_dict(), {"kind_labels": KIND_LABELS})
