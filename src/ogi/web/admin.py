"""What admins manage: users (``/users``: create, role, password, disable, delete), lockouts
(``/locks``), the audit log (``/audit``, ``.json``, ``.csv``) and the retention of uploaded files
(``/retention``; an upload's file or the whole upload deleted at ``/uploads/ID``).

Every change is in the audit log, with who made it and from where.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from ogi.store import ROLES
from ogi.web.auth import MAX_LENGTH, MIN_LENGTH, ROLE_LABELS, hash_password, password_problem
from ogi.web.deps import Id, PageNo, Refused, View, address, audit, check_csrf, need, resource, session, store
from ogi.web.housekeeping import purge, retention
from ogi.web.view import UPLOAD_LABELS

router = APIRouter(tags=["admin"])

NAME = re.compile(r"^[^\s/\\?#%<>\"'&]{1,64}$")  # a user name: 1–64 characters, no spaces, slashes or markup
ACTION_LABELS = {
    "login": "登录",
    "logout": "退出",
    "login_failed": "登录失败",
    "locked": "多次登录失败被锁定",
    "unlocked": "解除锁定",
    "password_changed": "修改本人密码",
    "password_failed": "修改本人密码失败",
    "user_created": "新建用户",
    "user_changed": "修改用户",
    "user_disabled": "停用用户",
    "user_enabled": "启用用户",
    "user_deleted": "删除用户",
    "upload": "上传文件",
    "upload_deleted": "删除上传（连同读取结果）",
    "file_deleted": "删除上传的文件",
    "file_purged": "按保留期限删除文件",
    "retention_changed": "修改文件保留设置",
    "rule_pack_set": "设置规则包",
    "organ_list_import": "导入机关名单",
    "review": "审核问题",
    "correction": "更正数值",
}
# the details an entry keeps, as the page says them (the CSV keeps the codes too)
DETAIL_LABELS = {
    "batch": "批次",
    "name": "文件名",
    "size": "字节数",
    "role": "角色",
    "reason": "原因",
    "failures": "失败次数",
    "password": "密码",
    "days": "保留天数",
    "reviewed": "审核后删除",
    "finding": "问题",
    "status": "结论",
    "comment": "意见",
    "key": "单元格",
    "value": "数值",
    "version": "版本",
    "sha256": "文件指纹",
    "why": "原因",
    "organs": "机关数",
}
DETAIL_VALUES = {
    **ROLE_LABELS,  # 角色：查看员 …
    "password": "密码错误",
    "disabled": "账户已停用",
    "reset": "已重置",
    "confirmed": "已确认",
    "dismissed": "已驳回",
    "days": "超过保留天数",
    "reviewed": "已审核",
}
PER_PAGE = 100


class UserIn(BaseModel):
    name: str = Field(max_length=64)
    role: Literal["viewer", "reviewer", "admin"]
    password: str = Field(max_length=4 * MAX_LENGTH)


class UserChange(BaseModel):
    role: Literal["viewer", "reviewer", "admin"] | None = None
    password: str | None = Field(default=None, max_length=4 * MAX_LENGTH)
    disabled: bool | None = None


class UserOut(BaseModel):
    name: str
    role: str
    created_at: str | None = None
    disabled: bool = False
    password_at: str | None = None
    sessions: int = 0


class LockIn(BaseModel):
    key: str = Field(max_length=300, description="user:NAME or addr:ADDRESS, as /users.json lists under locks")


class RetentionIn(BaseModel):
    days: int = Field(ge=0, le=36500, description="days an upload's file is kept after it was read (0: no limit)")
    reviewed: bool = Field(description="delete the file once every error and warning finding is reviewed")


# ---------------------------------------------------------------- users


@resource(router, "/users", summary="Users, and the user names and addresses locked by failed log-ins (admin)")
def users(request: Request) -> View:
    need(request, "admin")
    rows = [UserOut(**u).model_dump() for u in store(request).users()]
    locks = request.app.state.guard.locks()
    page = {"roles": ROLES, "role_labels": ROLE_LABELS, "min_length": MIN_LENGTH, "me": session(request).user}
    return View("users.html", {"users": rows, "locks": locks}, page)


def add_user(request: Request, name: str, role: str, password: str) -> str:
    """Create a user (admin); raises :class:`Refused` for a bad name or role, a password the policy
    refuses, or a name taken."""
    need(request, "admin")
    name = name.strip()
    if not NAME.match(name):
        raise Refused(400, "用户名须为 1–64 个字符，不含空格、斜杠、引号和 < > & ? # %。")
    if role not in ROLES:
        raise Refused(400, "角色须为查看员、审核员或管理员。")
    problem = password_problem(password, name)
    if problem:
        raise Refused(400, problem)
    st = store(request)
    if st.user(name) is not None:
        raise Refused(409, f"用户「{name}」已存在；要修改其角色或密码，请在用户列表中操作。")
    st.add_user(name, role, hash_password(password))
    audit(request, "user_created", name, role=role)
    return name


def change_user(
    request: Request, name: str, *, role: str | None = None, password: str | None = None, disabled: bool | None = None
) -> None:
    """Change a user's role, password or whether it is disabled (admin). A new password or
    disabling ends the user's sessions at once. Raises :class:`Refused` for an unknown user, a
    password the policy refuses, disabling oneself; :class:`ogi.store.LastAdmin` (409) when no
    active admin would be left."""
    s = need(request, "admin")
    if role is not None and role not in ROLES:
        raise Refused(400, "角色须为查看员、审核员或管理员。")
    if disabled and name == s.user:
        raise Refused(400, "不能停用自己的账号。")
    if password is not None:
        problem = password_problem(password, name)
        if problem:
            raise Refused(400, problem)
    st = store(request)
    if not st.update_user(
        name, role=role, pw_hash=hash_password(password) if password is not None else None, disabled=disabled
    ):
        raise HTTPException(404, "用户不存在")
    if role is not None:
        audit(request, "user_changed", name, role=role)
    if password is not None:
        audit(request, "user_changed", name, password="reset")
    if disabled is not None:
        audit(request, "user_disabled" if disabled else "user_enabled", name)


def delete_user(request: Request, name: str) -> None:
    s = need(request, "admin")
    if name == s.user:
        raise Refused(400, "不能删除自己的账号。")
    if not store(request).delete_user(name):
        raise HTTPException(404, "用户不存在")
    audit(request, "user_deleted", name)


@router.post("/users", include_in_schema=False)
def users_add(
    request: Request,
    name: Annotated[str, Form(max_length=200)],
    role: Annotated[str, Form(max_length=20)],
    password: Annotated[str, Form(max_length=4 * MAX_LENGTH)],
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    need(request, "admin")
    check_csrf(request, csrf)
    add_user(request, name, role, password)
    return RedirectResponse("/users", status_code=303)


@router.post("/users.json", response_model=UserOut, summary="Create a user (admin)")
def users_add_json(request: Request, body: UserIn) -> UserOut:
    need(request, "admin")
    check_csrf(request, None)
    name = add_user(request, body.name, body.role, body.password)
    return UserOut(**next(u for u in store(request).users() if u["name"] == name))


# the .json routes first: {name} would take "NAME.json" too


@router.post("/users/{name}.json", response_model=UserOut, summary="Change a user's role, password or disabled (admin)")
def user_change_json(request: Request, name: str, body: UserChange) -> UserOut:
    need(request, "admin")
    check_csrf(request, None)
    change_user(request, name, role=body.role, password=body.password, disabled=body.disabled)
    return UserOut(**next(u for u in store(request).users() if u["name"] == name))


@router.delete("/users/{name}.json", summary="Delete a user (admin); their sessions end")
def user_delete_json(request: Request, name: str) -> dict[str, bool]:
    need(request, "admin")
    check_csrf(request, None)
    delete_user(request, name)
    return {"ok": True}


@router.post("/users/{name}", include_in_schema=False)
def user_form(
    request: Request,
    name: str,
    action: Annotated[Literal["role", "password", "disable", "enable", "delete"], Form()],
    role: Annotated[str | None, Form(max_length=20)] = None,
    password: Annotated[str | None, Form(max_length=4 * MAX_LENGTH)] = None,
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    need(request, "admin")
    check_csrf(request, csrf)
    if action == "delete":
        delete_user(request, name)
    elif action == "role":
        change_user(request, name, role=role or "")
    elif action == "password":
        change_user(request, name, password=password or "")
    else:
        change_user(request, name, disabled=action == "disable")
    return RedirectResponse("/users", status_code=303)


def unlock(request: Request, key: str) -> None:
    need(request, "admin")
    if not store(request).unlock(key):
        raise HTTPException(404, "没有这项锁定")
    audit(request, "unlocked", key)


@router.post("/locks", include_in_schema=False)
def locks_form(
    request: Request, key: Annotated[str, Form(max_length=300)], csrf: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    need(request, "admin")
    check_csrf(request, csrf)
    unlock(request, key)
    return RedirectResponse("/users", status_code=303)


@router.post("/locks.json", summary="Lift a lockout after failed log-ins (admin): key user:NAME or addr:ADDRESS")
def locks_json(request: Request, body: LockIn) -> dict[str, bool]:
    need(request, "admin")
    check_csrf(request, None)
    unlock(request, body.key)
    return {"ok": True}


# ---------------------------------------------------------------- audit log

Action = Annotated[str | None, Query(max_length=32)]
UserName = Annotated[str | None, Query(max_length=64)]


@resource(router, "/audit", summary="The audit log, newest first (admin): action, user, page")
def audit_log(request: Request, action: Action = None, user: UserName = None, page: PageNo = 1) -> View:
    need(request, "admin")
    st = store(request)
    total, rows = st.audit_log(action=action or None, user=user or None, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    params = {k: v for k, v in {"action": action, "user": user}.items() if v}
    data = {"total": total, "page": page, "pages": max(1, -(-total // PER_PAGE)), "entries": rows}
    page_ctx = {"actions": st.audit_actions(), "labels": ACTION_LABELS, "p": params, "qs": urlencode(params)}
    page_ctx |= {"detail_labels": DETAIL_LABELS, "detail_values": DETAIL_VALUES}
    return View("audit.html", data, page_ctx)


@router.get("/audit.csv", summary="The audit log as CSV, oldest first (admin): action, user")
def audit_csv(request: Request, action: Action = None, user: UserName = None) -> Response:
    need(request, "admin")
    st = store(request)

    def rows() -> Iterator[str]:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["id", "时间（UTC）", "用户", "地址", "操作", "操作代码", "对象", "详情"])
        offset = 0
        while True:
            _, page = st.audit_log(
                action=action or None, user=user or None, limit=1000, offset=offset, newest_first=False
            )
            for r in page:
                detail = "; ".join(f"{k}={v}" for k, v in (r["detail"] or {}).items())
                label = ACTION_LABELS.get(r["action"], r["action"])
                who, where, what = r["user"] or "", r["address"] or "", r["target"] or ""
                w.writerow([r["id"], r["at"], who, where, label, r["action"], what, detail])
            yield ("\ufeff" if offset == 0 else "") + buf.getvalue()
            buf.seek(0)
            buf.truncate()
            if len(page) < 1000:
                return
            offset += 1000

    return StreamingResponse(
        rows(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )


# ---------------------------------------------------------------- retention of uploaded files


@resource(router, "/retention", summary="How long uploaded files are kept, and the files kept (admin)")
def retention_page(request: Request, page: PageNo = 1) -> View:
    need(request, "admin")
    st = store(request)
    total, rows = st.uploads_with_files(limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    data = {
        "settings": retention(st),
        "kept": st.kept_files(),
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PER_PAGE)),
        "uploads": rows,
    }
    return View("retention.html", data, {"labels": UPLOAD_LABELS})


def set_retention(request: Request, days: int, reviewed: bool) -> list[dict[str, Any]]:
    need(request, "admin")
    st = store(request)
    st.set_setting("retention_days", str(days))
    st.set_setting("retention_reviewed", "1" if reviewed else "0")
    audit(request, "retention_changed", None, days=days, reviewed=reviewed)
    return purge(st, session(request).user or "", address(request))


@router.post("/retention", include_in_schema=False)
def retention_form(
    request: Request,
    days: Annotated[int, Form(ge=0, le=36500)] = 0,
    reviewed: Annotated[str, Form(max_length=10)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    need(request, "admin")
    check_csrf(request, csrf)
    set_retention(request, days, reviewed in ("1", "on", "true"))
    return RedirectResponse("/retention", status_code=303)


@router.post("/retention.json", summary="Set how long uploaded files are kept (admin); files past it go at once")
def retention_json(request: Request, body: RetentionIn) -> dict[str, Any]:
    need(request, "admin")
    check_csrf(request, None)
    gone = set_retention(request, body.days, body.reviewed)
    return {"settings": retention(store(request)), "deleted": [g["id"] for g in gone]}


def delete_upload(request: Request, uid: int, what: str) -> None:
    """Delete an upload's file (``what`` 'file') or the upload with its reading ('all') (admin)."""
    need(request, "admin")
    up = store(request).delete_upload(uid, reading=what == "all")
    if up is None:
        raise HTTPException(404, "上传记录不存在")
    audit(
        request,
        "upload_deleted" if what == "all" else "file_deleted",
        uid,
        name=up["name"],
        sha256=up["sha256"],
        report_id=up["report_id"],
    )


@router.post("/uploads/{uid:int}", include_in_schema=False)
def upload_form(
    request: Request,
    uid: Id,
    what: Annotated[Literal["file", "all"], Form()] = "file",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    need(request, "admin")
    check_csrf(request, csrf)
    delete_upload(request, uid, what)
    return RedirectResponse("/retention", status_code=303)


@router.delete(
    "/uploads/{uid:int}.json", summary="Delete an upload's file (what=file) or the upload and its reading (what=all)"
)
def upload_delete_json(request: Request, uid: Id, what: Literal["file", "all"] = "file") -> dict[str, bool]:
    need(request, "admin")
    check_csrf(request, None)
    delete_upload(request, uid, what)
    return {"ok": True}
