"""``/api``: JSON for everything the pages show. Same session cookie; POSTs need ``X-CSRF-Token``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ogi.web.auth import hash_password, verify_password
from ogi.web.db import ROLES, Store
from ogi.web.deps import Refused, check_csrf, need, reading_bundle, reviewer, start_batch, take_files
from ogi.web.pages import add_correction, add_review, export_response
from ogi.web.view import findings_view, layout, source_view

router = APIRouter(prefix="/api", tags=["api"])


def _store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


class Me(BaseModel):
    user: str | None
    role: str | None
    csrf: str


class Login(BaseModel):
    name: str
    password: str


class UploadStatus(BaseModel):
    id: int
    name: str
    sha256: str | None = None
    size: int | None = None
    status: Literal["queued", "reading", "done", "error"]
    error: str | None = None
    created_at: str | None = None
    finished_at: str | None = None


class Batch(BaseModel):
    batch: str
    done: bool
    uploads: list[UploadStatus]


class ReviewIn(BaseModel):
    finding: str = Field(description="finding id: rule|keys, as in the reading's findings[].id")
    status: Literal["confirmed", "dismissed"]
    comment: str = ""


class CorrectionIn(BaseModel):
    key: str
    value: float | None
    comment: str = ""


class UserIn(BaseModel):
    name: str
    role: Literal["viewer", "reviewer", "admin"]
    password: str = Field(min_length=8)


class UserOut(BaseModel):
    name: str
    role: str
    created_at: str | None = None


@router.get("/me", response_model=Me, summary="The logged-in user, role and CSRF token")
def me(request: Request) -> Me:
    s = request.state.session
    return Me(user=s.user, role=s.role, csrf=s.csrf)


@router.post("/login", response_model=Me, summary="Log in (JSON); sets the session cookie")
def api_login(request: Request, body: Login) -> Me:
    check_csrf(request, None)
    user = _store(request).user(body.name.strip())
    if not user or not verify_password(user["pw_hash"], body.password):
        raise HTTPException(401, "用户名或密码不正确")
    cookie, token = request.app.state.sessions.dump(user["name"])
    request.state.cookie = cookie
    return Me(user=user["name"], role=user["role"], csrf=token)


@router.post("/check", response_model=Batch, summary="Upload files and/or pasted text; they are read in the background")
async def api_check(
    request: Request,
    files: Annotated[list[UploadFile] | None, File()] = None,
    text: Annotated[str, Form()] = "",
) -> Batch:
    s = need(request)
    check_csrf(request, None)
    taken = await take_files(files, text)
    batch, _ids = await run_in_threadpool(start_batch, request, taken, s.user)
    return _batch(request, batch)


def _batch(request: Request, batch: str) -> Batch:
    rows = _store(request).batch(batch)
    if not rows:
        raise HTTPException(404, "批次不存在")
    return Batch(
        batch=batch,
        done=all(r["status"] in ("done", "error") for r in rows),
        uploads=[UploadStatus(**r) for r in rows],
    )


@router.get("/batches/{batch}", response_model=Batch, summary="Progress of a batch of uploads")
def api_batch(request: Request, batch: str) -> Batch:
    need(request)
    return _batch(request, batch)


@router.get("/uploads", response_model=list[UploadStatus], summary="Recent uploads, newest first")
def api_uploads(request: Request, limit: int = 50) -> list[UploadStatus]:
    need(request)
    return [
        UploadStatus(**{k: v for k, v in r.items() if k in UploadStatus.model_fields})
        for r in _store(request).recent(limit)
    ]


@router.get("/readings/{uid}", summary="A reading with its tables laid out, findings, reviews, corrections, source")
def api_reading(request: Request, uid: int) -> dict[str, Any]:
    need(request)
    up = reading_bundle(request, uid)
    if up["status"] != "done":
        return {"id": uid, "status": up["status"], "error": up["error"]}
    r = up["reading"]
    return {
        "id": uid,
        "status": up["status"],
        "name": up["name"],
        "sha256": up["sha256"],
        "reading": r,
        "tables": layout(r, up["corrections"]),
        "findings": findings_view(r, up["reviews"]),
        "corrections": up["corrections"],
        "source": source_view(up["document"]),
    }


@router.get(
    "/readings/{uid}/export/{kind}",
    summary="Download a reading: json, csv or xlsx",
    responses={200: {"content": {"application/json": {}, "text/csv": {}, "application/octet-stream": {}}}},
)
def api_export(request: Request, uid: int, kind: Literal["json", "csv", "xlsx"]) -> Response:
    need(request)
    up = reading_bundle(request, uid)
    if up["status"] != "done":
        raise HTTPException(404, "尚未读取完成")
    return export_response(up, kind)


@router.post("/readings/{uid}/reviews", summary="Mark a finding confirmed or dismissed (reviewer)")
def api_review(request: Request, uid: int, body: ReviewIn) -> dict[str, Any]:
    user = reviewer(request, None)
    up = reading_bundle(request, uid)
    if up["status"] != "done":
        raise HTTPException(404, "尚未读取完成")
    add_review(request, up, body.finding, body.status, body.comment, user)
    return {"ok": True, "reviews": _store(request).reviews(up["sha256"]).get(body.finding, [])}


@router.post("/readings/{uid}/corrections", summary="Enter a corrected value, kept as a new version (reviewer)")
def api_correct(request: Request, uid: int, body: CorrectionIn) -> dict[str, Any]:
    user = reviewer(request, None)
    up = reading_bundle(request, uid)
    if up["status"] != "done":
        raise Refused(400, "该项目不属于此报告的模板。")
    version = add_correction(request, up, body.key, body.value, body.comment, user)
    return {"ok": True, "version": version, "read": up["reading"]["cells"].get(body.key)}


@router.get("/users", response_model=list[UserOut], summary="Users (admin)")
def api_users(request: Request) -> list[UserOut]:
    need(request, "admin")
    return [UserOut(**u) for u in _store(request).users()]


@router.post("/users", response_model=UserOut, summary="Create or update a user (admin)")
def api_user_add(request: Request, body: UserIn) -> UserOut:
    need(request, "admin")
    check_csrf(request, None)
    if body.role not in ROLES or not body.name.strip():
        raise Refused(400, "用户名或角色无效")
    _store(request).add_user(body.name.strip(), body.role, hash_password(body.password))
    return UserOut(name=body.name.strip(), role=body.role)
