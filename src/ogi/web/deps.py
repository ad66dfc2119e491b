"""What the routes share: the session, role and CSRF checks, upload limits, and one view served
as a page or as its data (``PATH`` and ``PATH.json``, as datasette does)."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BeforeValidator, Field

from ogi.ingest import MAX_BYTES, detect
from ogi.store import Store
from ogi.web.auth import Session, same

# Upload limits (the reader's own limit applies too). A form carries at most 1,000 files (the
# multipart parser's own bound); more go in a ZIP, whose members count against MAX_BATCH.
MAX_FILE_BYTES = min(int(os.environ.get("OGI_WEB_MAX_BYTES", 32 * 1024 * 1024)), MAX_BYTES)
MAX_FILES = min(int(os.environ.get("OGI_WEB_MAX_FILES", 1000)), 1000)
MAX_ARCHIVE_BYTES = int(os.environ.get("OGI_WEB_MAX_ARCHIVE_BYTES", 1024 * 1024 * 1024))  # a ZIP, as uploaded
MAX_BATCH = int(os.environ.get("OGI_WEB_MAX_BATCH", 5000))  # reports of one upload, ZIP members included
ACCEPTED_FORMATS = {"text", "html", "docx", "pdf", "image", "office", "ofd"}
FORMAT_NAMES = (
    "文本（TXT）、网页（HTML）、Word（DOCX/DOC/WPS/RTF）、PDF、OFD、扫描图片（PNG/JPEG/TIFF），"
    "以及装有这些文件的 ZIP 压缩包（可含文件夹和下级压缩包）"
)
_CHUNK = 1024 * 1024


class Denied(Exception):
    """Not logged in (401) or not allowed (403)."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message


class Refused(Exception):
    """A request refused with a Chinese message: an upload too large, too many, of a wrong type; a
    value out of place; a log-in throttled (``headers``: Retry-After)."""

    def __init__(
        self, status: int, message: str, details: list[str] | None = None, headers: dict[str, str] | None = None
    ) -> None:
        self.status = status
        self.message = message
        self.details = details or []
        self.headers = headers or {}


# Parameters, validated (a value out of range is a Chinese 400, never a database error)
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
Id = Annotated[int, PathParam(ge=1, le=MAX_ID)]
PageNo = Annotated[int, Query(ge=1, le=1_000_000)]
Limit = Annotated[int, Query(ge=1, le=1000)]
# an empty value ("all", as a search form sends it) is None; the bounds hold for a number only (a
# bound beside the union would be applied to None too: a TypeError, a 500)
OptId = Annotated[Annotated[int, Field(ge=1, le=MAX_ID)] | None, BeforeValidator(lambda v: v or None), Query()]
Year = Annotated[Annotated[int, Field(ge=1900, le=2200)] | None, BeforeValidator(lambda v: v or None), Query()]
Text = Annotated[str | None, Query(max_length=200)]


def address(request: Request) -> str | None:
    """The client's address (from a trusted proxy's X-Forwarded-For, as uvicorn reads it)."""
    return request.client.host if request.client else None


def audit(request: Request, action: str, target: str | int | None = None, **detail: Any) -> None:
    """Keep an entry of the audit log: the signed-in user (or ``user`` in ``detail``), their address."""
    user = detail.pop("user", None) or session(request).user
    store(request).audit(action, user, address(request), target, detail or None)


def session(request: Request) -> Session:
    return request.state.session  # type: ignore[no-any-return]


def need(request: Request, role: str = "viewer") -> Session:
    s = session(request)
    if not s.user:
        raise Denied(401, "请先登录。")
    if not s.can(role):
        raise Denied(403, "您的角色无权进行此操作。")
    return s


def check_csrf(request: Request, token: str | None) -> None:
    s = session(request)
    if not same(token or request.headers.get("x-csrf-token"), s.csrf):
        raise Denied(403, "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。")


def reviewer(request: Request, token: str | None) -> str:
    """The name of the signed-in reviewer sending this form or call (role and CSRF checked)."""
    s = need(request, "reviewer")
    check_csrf(request, token)
    return s.user or ""


@dataclass
class Taken:
    """What an upload brought, checked: loose files (name, bytes) and ZIP archives of reports (the
    name as uploaded, the path of its copy on the disk, the inputs it holds). :meth:`close` removes
    the copies."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    archives: list[tuple[str, str, list[Any]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.files) + sum(len(m) for _n, _p, m in self.archives)

    def inputs(self) -> Iterator[tuple[str, bytes | None, str | None]]:
        """Every input in order as (name, bytes, None), or (name, None, why) for a ZIP member that
        cannot be read (an unsafe name, encrypted, damaged, a zip bomb): its reason is its status.
        Members are inflated one at a time (:func:`ogi.runner.archive.read_member`, bounded)."""
        from ogi.errors import OgiError
        from ogi.runner.archive import read_member

        yield from ((n, d, None) for n, d in self.files)
        for name, path, members in self.archives:
            for m in members:
                shown = name + m.path[len(path) :]  # 2024年报.zip!/县教育局/报告.pdf
                if m.problem:
                    yield shown, None, m.problem
                    continue
                try:
                    yield shown, read_member(m.path), None
                except OgiError as e:  # said in Chinese; the reader's English tag is for the command line
                    yield shown, None, re.sub(r"\s*\([A-Za-z][^()]*\)$", "", e.message)

    def close(self) -> None:
        for _n, path, _m in self.archives:
            with contextlib.suppress(OSError):
                os.unlink(path)
        self.archives = []


async def _keep_archive(f: UploadFile, name: str) -> tuple[str, list[Any]] | str | None:
    """Copy an uploaded ZIP to a file of its own (bounded by :data:`MAX_ARCHIVE_BYTES`) and list the
    inputs it holds (by its member names, as :func:`ogi.runner.archive.is_archive`); the reason it is
    refused; None when it is one document (a DOCX, an OFD), or no ZIP one can open."""
    from ogi.runner.archive import is_archive, members

    fd, path = tempfile.mkstemp(prefix="ogi-upload-", suffix=".zip")
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            await f.seek(0)
            while chunk := await f.read(_CHUNK):
                size += len(chunk)
                if size > MAX_ARCHIVE_BYTES:
                    raise ValueError
                out.write(chunk)
    except ValueError:
        os.unlink(path)
        return f"{name}：压缩包过大，上限 {MAX_ARCHIVE_BYTES // (1024 * 1024)} MB"
    if not is_archive(path):
        os.unlink(path)
        return None  # read as a file: a document, or a damaged ZIP refused as binary data
    found = list(members(path))
    if not found:
        os.unlink(path)
        return f"{name}：压缩包中没有可核对的文件"
    return path, found


async def take_files(files: list[UploadFile] | None, text: str | None) -> Taken:
    """The uploads and pasted text, checked against the limits; refuses the whole request on any
    breach of a loose file. A ZIP of reports is kept on the disk and its members taken as inputs
    (their own problems become their status, not a refusal of the rest)."""
    taken = Taken()
    problems: list[str] = []
    try:
        for f in files or []:
            if not f.filename and not f.size:
                continue
            name = _clean_name(f.filename)
            if (await f.read(4)) == b"PK\x03\x04":  # a ZIP: of reports, or one document (DOCX, OFD …)
                got = await _keep_archive(f, name)
                if isinstance(got, str):
                    problems.append(got)
                    continue
                if got is not None:
                    taken.archives.append((name, *got))
                    continue
            await f.seek(0)
            data = await f.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                problems.append(f"{name}：文件过大，上限 {MAX_FILE_BYTES // (1024 * 1024)} MB")
                continue
            if not data.strip():
                problems.append(f"{name}：文件为空")
                continue
            fmt = detect(data)
            if fmt not in ACCEPTED_FORMATS:
                problems.append(f"{name}：不支持的文件类型（{'压缩包' if fmt == 'zip' else '二进制数据'}）")
                continue
            taken.files.append((name, data))
        if text and text.strip():
            data = text.encode("utf-8")
            if len(data) > MAX_FILE_BYTES:
                problems.append(f"粘贴的文本过长，上限 {MAX_FILE_BYTES // (1024 * 1024)} MB")
            else:
                taken.files.append(("粘贴的文本", data))
        loose = len(taken.files) + len(taken.archives) + len(problems)
        if loose > MAX_FILES:
            raise Refused(413, f"一次最多上传 {MAX_FILES} 个文件；更多的文件请打包为 ZIP 上传。")
        if taken.count > MAX_BATCH:
            raise Refused(413, f"一次最多核对 {MAX_BATCH} 份报告（含压缩包内的文件），本次共 {taken.count} 份。")
        if problems:
            status = 413 if any("过大" in p or "过长" in p for p in problems) else 415
            raise Refused(status, f"以下文件未能接收。可接收的格式：{FORMAT_NAMES}。", problems)
        if not taken.count:
            raise Refused(400, "请选择要核对的文件，或粘贴报告全文。")
    except BaseException:
        taken.close()
        raise
    return taken


def _clean_name(name: str | None) -> str:
    """An uploaded file's name as kept: its last part, without control characters, 200 characters at most."""
    name = "".join(ch for ch in Path((name or "").replace("\\", "/")).name if ch.isprintable())[:200].strip()
    return name or "未命名"


def store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def corpus(request: Request) -> Any:
    """The corpus model over the store (:class:`ogi.web.corpus.Corpus`)."""
    return request.app.state.corpus


def stored(request: Request, rid: int) -> Any:
    """A stored report's reading (:class:`ogi.model.Report`); 404 when there is none, or when its
    input could not be read (with the reader's reason)."""
    from fastapi import HTTPException

    from ogi.model import Report

    try:
        r = store(request).reading(rid)
    except KeyError:
        raise HTTPException(404, "报告不存在") from None
    if not isinstance(r, Report):
        raise HTTPException(404, f"该文件未能读取：{r.message}")
    return r


def start_batch(request: Request, taken: Taken, user: str | None) -> tuple[str, list[int]]:
    """Queue uploads in the store (a ZIP's members one at a time) and have the runner's workers
    read them; the copies of ZIPs are removed after."""
    try:
        batch, ids = store(request).new_batch(taken.inputs(), user)
    finally:
        taken.close()
    request.app.state.reader.submit(ids)
    return batch, ids


def templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates  # type: ignore[no-any-return]


def render(
    request: Request, name: str, ctx: dict[str, Any], status: int = 200, *, csrf: str | None = None
) -> HTMLResponse:
    """A page; ``csrf``: written in place of the session's CSRF token (a page kept for others)."""
    s = session(request)
    if csrf is not None:
        s = Session(user=s.user, role=s.role, csrf=csrf)
    return templates(request).TemplateResponse(request, name, {"s": s, **ctx}, status_code=status)


def wants_json(request: Request) -> bool:
    """Whether a request asks for data rather than a page (its path ends in ``.json``)."""
    return request.url.path.endswith(".json")


@dataclass
class View:
    """What a resource shows: ``data`` (what ``.json`` gives, JSON-ready) and the ``template`` that
    lays it out as a page, with ``page`` for what only the page needs (helpers, charts)."""

    template: str
    data: dict[str, Any] | list[Any]
    page: dict[str, Any] = field(default_factory=dict)


_STORED_TIME = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?$")


def utc_times(data: Any) -> Any:
    """``data`` with the times the store keeps (UTC, ``2026-11-30 16:45:14`` under a key ``at`` or
    ending in ``_at``) said as UTC in ISO 8601 (``2026-11-30T16:45:14Z``): JSON readers elsewhere take a time
    without a zone as their own local time. Pages say Beijing time instead."""
    if isinstance(data, dict):
        return {
            k: (v.replace(" ", "T") + "Z")
            if isinstance(v, str) and isinstance(k, str) and (k == "at" or k.endswith("_at")) and _STORED_TIME.match(v)
            else utc_times(v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [utc_times(v) for v in data]
    return data


def resource(router: APIRouter, path: str, *, summary: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Serve one view at ``path`` (a page) and ``path.json`` (its data, in the OpenAPI schema).
    The view returns a :class:`View`, or a response of its own (a redirect)."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def as_json(*args: Any, **kw: Any) -> Response:
            v = fn(*args, **kw)
            return v if isinstance(v, Response) else JSONResponse(utc_times(v.data))

        @functools.wraps(fn)
        def as_page(*args: Any, **kw: Any) -> Response:
            v = fn(*args, **kw)
            if isinstance(v, Response):
                return v
            data = v.data if isinstance(v.data, dict) else {"items": v.data}
            return render(kw["request"], v.template, {**data, **v.page})

        # the .json route first: a path parameter of the page's route would take "ID.json" too
        router.add_api_route(path + ".json", as_json, methods=["GET"], summary=summary, response_model=None)
        router.add_api_route(path, as_page, methods=["GET"], include_in_schema=False, response_model=None)
        return fn

    return deco
