"""Accounts: log in and out, who is signed in (``/me.json``), users (admin)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from ogi.store import ROLES
from ogi.web.auth import ROLE_LABELS, hash_password, verify_password
from ogi.web.deps import Refused, View, check_csrf, need, render, resource, store

router = APIRouter(tags=["accounts"])


class Me(BaseModel):
    user: str | None
    role: str | None
    csrf: str


class Login(BaseModel):
    name: str
    password: str


class UserIn(BaseModel):
    name: str
    role: Literal["viewer", "reviewer", "admin"]
    password: str = Field(min_length=8)


class UserOut(BaseModel):
    name: str
    role: str
    created_at: str | None = None


def _safe_next(nxt: str | None) -> str:
    return nxt if nxt and nxt.startswith("/") and not nxt.startswith("//") else "/"


def _sign_in(request: Request, name: str, password: str) -> dict | None:
    """The user, signed in (the session cookie set), or None when name and password do not match."""
    user = store(request).user(name.strip())
    if not user or not verify_password(user["pw_hash"], password):
        return None
    cookie, token = request.app.state.sessions.dump(user["name"])
    request.state.cookie = cookie
    return {"user": user["name"], "role": user["role"], "csrf": token}


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    check_csrf(request, csrf)
    if _sign_in(request, name, password) is None:
        return render(request, "login.html", {"next": _safe_next(next), "error": "用户名或密码不正确。"}, status=401)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/login.json", response_model=Me, summary="Log in; sets the session cookie (X-CSRF-Token from /me.json)")
def login_json(request: Request, body: Login) -> Me:
    check_csrf(request, None)
    me = _sign_in(request, body.name, body.password)
    if me is None:
        raise HTTPException(401, "用户名或密码不正确")
    return Me(**me)


@router.post("/logout", include_in_schema=False)
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    cookie, _ = request.app.state.sessions.dump(None)
    request.state.cookie = cookie
    return RedirectResponse("/login", status_code=303)


@router.get("/me.json", response_model=Me, summary="The signed-in user, role and CSRF token")
def me(request: Request) -> Me:
    s = request.state.session
    return Me(user=s.user, role=s.role, csrf=s.csrf)


@resource(router, "/users", summary="Users (admin)")
def users(request: Request) -> View:
    need(request, "admin")
    rows = [UserOut(**u).model_dump() for u in store(request).users()]
    return View("users.html", {"users": rows}, {"roles": ROLES, "role_labels": ROLE_LABELS})


def _add_user(request: Request, name: str, role: str, password: str) -> str:
    need(request, "admin")
    if role not in ROLES or not name.strip() or len(password) < 8:
        raise Refused(400, "用户名不能为空，角色须为查看员/审核员/管理员，密码至少 8 位。")
    store(request).add_user(name.strip(), role, hash_password(password))
    return name.strip()


@router.post("/users", include_in_schema=False)
def users_add(
    request: Request,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    need(request, "admin")
    check_csrf(request, csrf)
    _add_user(request, name, role, password)
    return RedirectResponse("/users", status_code=303)


@router.post("/users.json", response_model=UserOut, summary="Create or update a user (admin)")
def users_add_json(request: Request, body: UserIn) -> UserOut:
    need(request, "admin")
    check_csrf(request, None)
    return UserOut(name=_add_user(request, body.name, body.role, body.password), role=body.role)
