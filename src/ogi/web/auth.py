"""Accounts: argon2 password hashes, signed session cookies, CSRF tokens, roles.

The session is a cookie signed with itsdangerous (key kept in the database so
every server process shares it) holding the user name and a CSRF token. Every
POST must carry that token: a hidden ``csrf`` form field, or the
``X-CSRF-Token`` header for the API.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "ogi_session"
MAX_AGE = 12 * 3600  # a working day

# role → rank; a role may do what every lower rank may do
RANK = {"viewer": 1, "reviewer": 2, "admin": 3}
ROLE_LABELS = {"viewer": "查看员", "reviewer": "审核员", "admin": "管理员"}

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(pw_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(pw_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass
class Session:
    user: str | None
    role: str | None
    csrf: str

    def can(self, role: str) -> bool:
        return self.role is not None and RANK.get(self.role, 0) >= RANK[role]

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role or "", "")


class Sessions:
    def __init__(self, secret: str) -> None:
        self._s = URLSafeTimedSerializer(secret, salt="ogi-session")

    def load(self, cookie: str | None) -> dict[str, Any] | None:
        if not cookie:
            return None
        try:
            data = self._s.loads(cookie, max_age=MAX_AGE)
        except BadSignature:
            return None
        return data if isinstance(data, dict) and "csrf" in data else None

    def dump(self, user: str | None, csrf: str | None = None) -> tuple[str, str]:
        token = csrf or secrets.token_urlsafe(24)
        return self._s.dumps({"u": user, "csrf": token}), token


class SessionMiddleware:
    """Every request's :class:`Session` (``request.state.session``) from its signed cookie, the
    user looked up in the store (kept :data:`USER_SECONDS`, so a role changed applies within that);
    a route that signs someone in or out sets ``request.state.cookie``, sent with the response. A
    plain ASGI middleware: no second task per request."""

    USER_SECONDS = 2.0

    def __init__(self, app: Any, sessions: Sessions, find_user: Any) -> None:
        self.app, self.sessions, self.find_user = app, sessions, find_user
        self._users: dict[str, tuple[float, dict[str, Any] | None]] = {}

    async def _user(self, name: str) -> dict[str, Any] | None:
        import time

        from starlette.concurrency import run_in_threadpool

        now = time.monotonic()
        got = self._users.get(name)
        if got is not None and now - got[0] < self.USER_SECONDS:
            return got[1]
        user = await run_in_threadpool(self.find_user, name)
        if len(self._users) > 1000:
            self._users.clear()
        self._users[name] = (now, user)
        return user

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from http.cookies import SimpleCookie

        raw = b"; ".join(v for k, v in scope["headers"] if k == b"cookie").decode("latin-1")
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(raw)
        except Exception:  # a malformed cookie header: as none
            jar = SimpleCookie()
        data = self.sessions.load(jar[COOKIE].value if COOKIE in jar else None)
        fresh: str | None = None
        if data is None:
            fresh, token = self.sessions.dump(None)
            data = {"u": None, "csrf": token}
        user = await self._user(data["u"]) if data.get("u") else None
        state = scope.setdefault("state", {})
        state["session"] = Session(
            user=user["name"] if user else None, role=user["role"] if user else None, csrf=data["csrf"]
        )
        state["cookie"] = None

        async def send_with_cookie(message: Any) -> None:
            if message["type"] == "http.response.start":
                cookie = state.get("cookie") or fresh
                if cookie:
                    header = f"{COOKIE}={cookie}; Max-Age={MAX_AGE}; Path=/; HttpOnly; SameSite=lax"
                    message["headers"] = [*message.get("headers", []), (b"set-cookie", header.encode("latin-1"))]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))
