"""Accounts: log in and out, who is signed in (``/me.json``), one's own password (``/password``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from ogi.web.auth import LOCK_AFTER, MAX_LENGTH, check_password, hash_password, password_problem
from ogi.web.deps import Refused, View, address, audit, check_csrf, need, render, resource, session, store

router = APIRouter(tags=["accounts"])

WRONG = "用户名或密码不正确。"
DISABLED = "该账号已停用，请联系管理员。"


class Me(BaseModel):
    user: str | None
    role: str | None
    csrf: str


class Login(BaseModel):
    name: str = Field(max_length=200)
    password: str = Field(max_length=4 * MAX_LENGTH)


class PasswordIn(BaseModel):
    current: str = Field(max_length=4 * MAX_LENGTH)
    new: str = Field(max_length=4 * MAX_LENGTH)


def _safe_next(nxt: str | None) -> str:
    ok = nxt and nxt.startswith("/") and not nxt.startswith("//") and "\\" not in nxt and nxt.isprintable()
    return nxt if ok else "/"  # type: ignore[return-value]


def _sign_in(request: Request, name: str, password: str) -> Me:
    """Sign in (a new session, its cookie set), or raise :class:`Refused`: 429 when throttled
    (before the password is checked), 401 when name and password do not match or the user is
    disabled. An unknown name costs the same work and gets the same answer as a wrong password."""
    name = name.strip()
    addr = address(request)
    guard = request.app.state.guard
    refusal = guard.begin(name, addr)
    if refusal is not None:  # not in the audit log: the failures before it are, and the lockout
        raise Refused(429, refusal.message, headers={"Retry-After": str(int(refusal.seconds) + 1)})
    st = store(request)
    ok = False
    try:
        user = st.user(name) if len(name) <= 64 else None
        ok = check_password(user, password)
    finally:
        locking = guard.end(name, addr, ok and user is not None and not user["disabled"])
    if not ok or user is None or user["disabled"]:
        audit(request, "login_failed", name[:64], user="", reason="disabled" if ok else "password")
        for key in locking:
            audit(request, "locked", key, user="", failures=LOCK_AFTER[key.split(":", 1)[0]])
        raise Refused(401, DISABLED if ok else WRONG)
    request.app.state.sessions.end(session(request).sid)  # a session open before: ended (no fixation either way)
    cookie, s = request.app.state.sessions.start(user["name"], addr)
    request.state.cookie = cookie
    audit(request, "login", user["name"], user=user["name"])
    return Me(user=user["name"], role=user["role"], csrf=s.csrf)


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=4 * MAX_LENGTH)],
    csrf: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    check_csrf(request, csrf)
    try:
        _sign_in(request, name, password)
    except Refused as e:
        out = render(request, "login.html", {"next": _safe_next(next), "error": e.message}, status=e.status)
        out.headers.update(e.headers)
        return out
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/login.json", response_model=Me, summary="Log in; sets the session cookie (X-CSRF-Token from /me.json)")
def login_json(request: Request, body: Login) -> Me:
    check_csrf(request, None)
    return _sign_in(request, body.name, body.password)


def _sign_out(request: Request) -> None:
    s = session(request)
    if s.sid:
        request.app.state.sessions.end(s.sid)
        audit(request, "logout", s.user)
    request.state.cookie, _ = request.app.state.sessions.anonymous()


@router.post("/logout", include_in_schema=False)
def logout(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    check_csrf(request, csrf)
    _sign_out(request)
    return RedirectResponse("/login", status_code=303)


@router.post("/logout.json", summary="Log out: the session ends at once")
def logout_json(request: Request) -> dict[str, bool]:
    check_csrf(request, None)
    _sign_out(request)
    return {"ok": True}


@router.get("/me.json", response_model=Me, summary="The signed-in user, role and CSRF token")
def me(request: Request) -> Me:
    s = session(request)
    return Me(user=s.user, role=s.role, csrf=s.csrf)


# ---------------------------------------------------------------- one's own password


@resource(router, "/password", summary="Change one's own password: the rules a new one must meet")
def password_page(request: Request) -> View:
    need(request)
    from ogi.web.auth import MIN_LENGTH, MIN_SCORE

    return View("password.html", {"min_length": MIN_LENGTH, "min_score": MIN_SCORE}, {"error": None, "done": False})


def change_password(request: Request, current: str, new: str) -> None:
    """Change the signed-in user's password (the current one checked); their other sessions end.
    Raises :class:`Refused` (400) for a wrong current password or a new one the policy refuses."""
    s = need(request)
    st = store(request)
    user = st.user(s.user or "")
    if not check_password(user, current):
        audit(request, "password_failed", s.user)
        raise Refused(400, "当前密码不正确。")
    problem = password_problem(new, s.user or "")
    if problem:
        raise Refused(400, problem)
    st.update_user(s.user or "", pw_hash=hash_password(new), keep_session=s.sid)
    audit(request, "password_changed", s.user)


@router.post("/password", include_in_schema=False)
def password_form(
    request: Request,
    current: Annotated[str, Form(max_length=4 * MAX_LENGTH)],
    new: Annotated[str, Form(max_length=4 * MAX_LENGTH)],
    again: Annotated[str, Form(max_length=4 * MAX_LENGTH)],
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    need(request)
    check_csrf(request, csrf)
    from ogi.web.auth import MIN_LENGTH, MIN_SCORE

    ctx = {"min_length": MIN_LENGTH, "min_score": MIN_SCORE, "done": False, "error": None}
    try:
        if new != again:
            raise Refused(400, "两次输入的新密码不一致。")
        change_password(request, current, new)
    except Refused as e:
        return render(request, "password.html", ctx | {"error": e.message}, status=e.status)
    return render(request, "password.html", ctx | {"done": True})


@router.post("/password.json", summary="Change one's own password (current and new); other sessions end")
def password_json(request: Request, body: PasswordIn) -> dict[str, bool]:
    need(request)
    check_csrf(request, None)
    change_password(request, body.current, body.new)
    return {"ok": True}
