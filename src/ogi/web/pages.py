"""The HTML pages: login, check (upload → progress → reading), review, users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ogi.web import exports
from ogi.web.auth import ROLE_LABELS, hash_password, verify_password
from ogi.web.db import REVIEW_STATUSES, ROLES, Store
from ogi.web.deps import (
    FORMAT_NAMES,
    MAX_FILE_BYTES,
    MAX_FILES,
    Refused,
    check_csrf,
    need,
    reading_bundle,
    render,
    reviewer,
    start_batch,
    take_files,
)
from ogi.web.view import (
    FORMAT_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    findings_view,
    fmt,
    key_label,
    layout,
    source_view,
)

router = APIRouter(include_in_schema=False)


def _store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def _safe_next(nxt: str | None) -> str:
    return nxt if nxt and nxt.startswith("/") and not nxt.startswith("//") else "/"


# ---------------------------------------------------------------- login


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    check_csrf(request, csrf)
    user = _store(request).user(name.strip())
    if not user or not verify_password(user["pw_hash"], password):
        return render(request, "login.html", {"next": _safe_next(next), "error": "用户名或密码不正确。"}, status=401)
    cookie, _ = request.app.state.sessions.dump(user["name"])
    request.state.cookie = cookie
    resp = RedirectResponse(_safe_next(next), status_code=303)
    return resp


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    cookie, _ = request.app.state.sessions.dump(None)
    request.state.cookie = cookie
    return RedirectResponse("/login", status_code=303)


# ---------------------------------------------------------------- check


@router.get("/")
def check_page(request: Request) -> Response:
    need(request)
    return render(
        request,
        "check.html",
        {
            "recent": _store(request).recent(30),
            "formats": FORMAT_NAMES,
            "max_mb": MAX_FILE_BYTES // (1024 * 1024),
            "max_files": MAX_FILES,
        },
    )


@router.post("/check")
async def check_upload(
    request: Request,
    files: Annotated[list[UploadFile] | None, File()] = None,
    text: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    s = need(request)
    check_csrf(request, csrf)
    taken = await take_files(files, text)
    batch, _ids = await run_in_threadpool(start_batch, request, taken, s.user)
    return RedirectResponse(f"/batch/{batch}", status_code=303)


@router.get("/batch/{batch}")
def batch_page(request: Request, batch: str) -> Response:
    need(request)
    rows = _store(request).batch(batch)
    if not rows:
        raise HTTPException(404)
    return render(request, "batch.html", {"batch": batch, "rows": rows})


@router.get("/reading/{uid}")
def reading_page(request: Request, uid: int) -> Response:
    need(request)
    up = reading_bundle(request, uid)
    if up["status"] != "done":
        if up["status"] == "error":
            return render(request, "batch.html", {"batch": up["batch"], "rows": _store(request).batch(up["batch"])})
        return RedirectResponse(f"/batch/{up['batch']}", status_code=303)
    return render(request, "reading.html", reading_context(request, up, f"/reading/{uid}"))


def reading_context(request: Request, up: dict, base: str) -> dict:
    """What reading.html needs, for an upload or a stored report (``up``: reading, document, reviews, corrections)."""
    r = up["reading"]
    corpus = request.app.state.corpus
    organ = None
    if corpus is not None and r.get("agency"):
        from ogi.corpus.identity import identify

        ident = identify(r["agency"])
        if ident is not None and corpus.model().find_series(ident.id) is not None:
            organ = ident.id
    return {
        "up": up,
        "r": r,
        "base": base,
        "organ": organ,
        "tables": layout(r, up["corrections"]),
        "findings": findings_view(r, up["reviews"]),
        "source": source_view(up["document"]),
        "severity_labels": SEVERITY_LABELS,
        "status_labels": STATUS_LABELS,
        "format_labels": FORMAT_LABELS,
        "labels": {k: key_label(r.get("template"), k) for k in (r.get("cells") or {})},
        "fmt": fmt,
    }


@router.get("/reading/{uid}/download.{kind}")
def download(request: Request, uid: int, kind: str) -> Response:
    need(request)
    up = reading_bundle(request, uid)
    if up["status"] != "done":
        raise HTTPException(404)
    return export_response(up, kind)


def export_response(up: dict, kind: str) -> Response:
    r = up["reading"]
    stem = (r.get("agency") or "报告") + (f"-{r['year']}" if r.get("year") else "")
    if kind == "json":
        body, mime = exports.to_json(r, up["corrections"], up["reviews"]), "application/json"
    elif kind == "csv":
        body, mime = exports.to_csv(r, up["corrections"]), "text/csv; charset=utf-8"
    elif kind == "xlsx":
        body = exports.to_xlsx(r, up["corrections"])
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise HTTPException(404)
    from urllib.parse import quote

    disp = f"attachment; filename=\"reading-{up['id']}.{kind}\"; filename*=UTF-8''{quote(stem)}.{kind}"
    return Response(body, media_type=mime, headers={"Content-Disposition": disp})


@router.get("/reading/{uid}/page/{page}.png")
def pdf_page(request: Request, uid: int, page: int) -> Response:
    need(request)
    from ogi.web.pdfpage import render_page

    data = _store(request).upload_data(uid)
    if not data:
        raise HTTPException(404)
    png = render_page(data, page)
    if png is None:
        raise HTTPException(404)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


# ---------------------------------------------------------------- review


@router.post("/reading/{uid}/review")
def review(
    request: Request,
    uid: int,
    finding: Annotated[str, Form()],
    status: Annotated[str, Form()],
    comment: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    user = reviewer(request, csrf)
    up = reading_bundle(request, uid)
    if up["status"] != "done":
        raise Refused(400, "报告尚未读取完成。")
    index = add_review(request, up, finding, status, comment, user)
    return RedirectResponse(f"/reading/{uid}#f-{index}", status_code=303)


def add_review(request: Request, up: dict, finding: str, status: str, comment: str, user: str) -> int:
    """Keep a reviewer's mark on one finding of the report; returns the finding's index."""
    if status not in REVIEW_STATUSES:
        raise Refused(400, "审核结果无效。")
    f = next((x for x in findings_view(up["reading"]) if x["id"] == finding), None)
    if f is None:
        raise Refused(400, "该问题不属于此报告。")
    _store(request).add_review(up["sha256"], finding, f["rule"], status, comment.strip(), user)
    return int(f["index"])


@router.post("/reading/{uid}/correct")
def correct(
    request: Request,
    uid: int,
    key: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    user = reviewer(request, csrf)
    up = reading_bundle(request, uid)
    if up["status"] != "done":
        raise Refused(400, "报告尚未读取完成。")
    add_correction(request, up, key, parse_value(value), comment, user)
    return RedirectResponse(f"/reading/{uid}?key={key}", status_code=303)


def add_correction(request: Request, up: dict, key: str, value: float | None, comment: str, user: str) -> int:
    """Keep a corrected value as a new version beside the read one; returns its version."""
    if key not in (up["reading"].get("cells") or {}):
        raise Refused(400, "该项目不属于此报告的模板。")
    return _store(request).add_correction(up["sha256"], key, value, comment.strip(), user)


def parse_value(value: str) -> float | None:
    t = value.strip().replace(",", "").replace("，", "")
    if t in ("", "—", "-", "/"):
        return None
    try:
        return float(t)
    except ValueError:
        raise Refused(400, f"更正值「{value}」不是数字。") from None


# ---------------------------------------------------------------- users


@router.get("/admin/users")
def users_page(request: Request) -> Response:
    need(request, "admin")
    return render(request, "users.html", {"users": _store(request).users(), "roles": ROLES, "role_labels": ROLE_LABELS})


@router.post("/admin/users")
def users_add(
    request: Request,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    need(request, "admin")
    check_csrf(request, csrf)
    if role not in ROLES or not name.strip() or len(password) < 8:
        raise Refused(400, "用户名不能为空，角色须为查看员/审核员/管理员，密码至少 8 位。")
    _store(request).add_user(name.strip(), role, hash_password(password))
    return RedirectResponse("/admin/users", status_code=303)
