"""What the routes share: the session, role and CSRF checks, upload limits, rendering."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ogi.ingest import MAX_BYTES, detect
from ogi.web.auth import Session, same
from ogi.web.db import Store

# Upload limits (the reader's own limit applies too).
MAX_FILE_BYTES = min(int(os.environ.get("OGI_WEB_MAX_BYTES", 32 * 1024 * 1024)), MAX_BYTES)
MAX_FILES = int(os.environ.get("OGI_WEB_MAX_FILES", 50))
ACCEPTED_FORMATS = {"text", "html", "docx", "pdf", "image", "office"}
FORMAT_NAMES = "文本（TXT）、网页（HTML）、Word（DOCX/DOC/WPS/RTF）、PDF、扫描图片（PNG/JPEG/TIFF）"


class Denied(Exception):
    """Not logged in (401) or not allowed (403)."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message


class Refused(Exception):
    """An upload refused before reading: too large, too many, wrong type."""

    def __init__(self, status: int, message: str, details: list[str] | None = None) -> None:
        self.status = status
        self.message = message
        self.details = details or []


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


async def take_files(files: list[UploadFile] | None, text: str | None) -> list[tuple[str, bytes]]:
    """The uploads and pasted text, checked against the limits; refuses the whole request on any breach."""
    out: list[tuple[str, bytes]] = []
    problems: list[str] = []
    for f in files or []:
        if not f.filename and not f.size:
            continue
        data = await f.read(MAX_FILE_BYTES + 1)
        name = Path(f.filename or "未命名").name
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
        out.append((name, data))
    if text and text.strip():
        data = text.encode("utf-8")
        if len(data) > MAX_FILE_BYTES:
            problems.append(f"粘贴的文本过长，上限 {MAX_FILE_BYTES // (1024 * 1024)} MB")
        else:
            out.append(("粘贴的文本", data))
    if len(out) + len(problems) > MAX_FILES:
        raise Refused(413, f"一次最多上传 {MAX_FILES} 个文件。")
    if problems:
        status = 413 if any("过大" in p or "过长" in p for p in problems) else 415
        raise Refused(status, f"以下文件未能接收。可接收的格式：{FORMAT_NAMES}。", problems)
    if not out:
        raise Refused(400, "请选择要核对的文件，或粘贴报告全文。")
    return out


def start_batch(request: Request, files: list[tuple[str, bytes]], user: str | None) -> tuple[str, list[int]]:
    store: Store = request.app.state.store
    batch, ids = store.new_batch(files, user)
    for uid, (name, data) in zip(ids, files, strict=True):
        request.app.state.reader.submit(uid, name, data)
    return batch, ids


def templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates  # type: ignore[no-any-return]


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    ctx = {"s": session(request), "corpus": request.app.state.corpus is not None, **ctx}
    return templates(request).TemplateResponse(request, name, ctx, status_code=status)


def reading_bundle(request: Request, uid: int) -> dict[str, Any]:
    """An upload with its reading, the review marks and corrections kept for its file."""
    store: Store = request.app.state.store
    up = store.upload(uid)
    if up is None:
        raise HTTPException(404, "记录不存在")
    sha = up["sha256"] or ""
    up["reviews"] = store.reviews(sha) if sha else {}
    up["corrections"] = store.corrections(sha) if sha else {}
    return up
