"""Accounts: passwords (argon2, a policy refusing short and common ones), sessions kept in the store,
throttling of failed log-ins, CSRF tokens, roles.

Sessions: the cookie (signed with itsdangerous, key kept in the store so every server process
shares it) holds a random token; the store keeps the session under the token's SHA-256 with its
user, CSRF token, start and last request (:mod:`ogi.store.accounts`). Logging out, disabling or
deleting a user and changing a password delete sessions, so they end at once; a session ends
after :data:`IDLE` seconds without a request and :data:`ABSOLUTE` seconds after it began. A
visitor not signed in gets a cookie holding only a CSRF token (nothing kept in the store).
The cookie is HttpOnly, SameSite=Lax, and Secure when the request came over HTTPS (directly, or
through a proxy trusted to say so: uvicorn's ``--forwarded-allow-ips``) or when
``OGI_SECURE_COOKIE=on``.

Log-in throttling (:class:`Guard`): failures are counted per user name — known or not, so the
answers never tell which names exist — and per client address. Past :data:`BACKOFF_AFTER`
failures an attempt must wait 1, 2, 4 … seconds (at most :data:`MAX_WAIT`) after the last one;
at :data:`LOCK_AFTER` failures the name or address is locked for :data:`LOCK_SECONDS`, or until
an admin lifts it. A success clears the name's failures. An unknown name costs the same argon2
work as a known one.

Every POST must carry the session's CSRF token: a hidden ``csrf`` form field, or the
``X-CSRF-Token`` header for the API.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ogi.store import Store

COOKIE = "ogi_session"
IDLE = float(os.environ.get("OGI_SESSION_IDLE_MINUTES", 60)) * 60  # seconds without a request
ABSOLUTE = float(os.environ.get("OGI_SESSION_HOURS", 12)) * 3600  # seconds from log-in: a working day
TOUCH_SECONDS = 60.0  # a session's last request is written at most this often (by the housekeeper)

# Log-in throttling: per kind of key (a user name, a client address)
BACKOFF_AFTER = {"user": 5, "addr": 20}  # failures before each attempt must wait
LOCK_AFTER = {"user": 10, "addr": 50}  # failures that lock the name or address
WINDOW = {"user": 24 * 3600.0, "addr": 24 * 3600.0}  # failures older than this are forgotten
MAX_WAIT = 300.0  # the longest backoff, seconds
LOCK_SECONDS = float(os.environ.get("OGI_LOCK_MINUTES", 60)) * 60  # a lockout's length (an admin may lift it sooner)

# Passwords (NIST SP 800-63B §5.1.1.2: a minimum length, checked against common and guessable
# passwords — here by zxcvbn's estimate, score 0–4)
MIN_LENGTH = 10
MAX_LENGTH = 256
MIN_SCORE = 3  # zxcvbn: "safely unguessable: moderate protection from offline slow-hash scenario"
VERIFY_AT_ONCE = 2  # argon2 verifications at once (64 MiB each): a burst of log-ins cannot take the memory

# role → rank; a role may do what every lower rank may do
RANK = {"viewer": 1, "reviewer": 2, "admin": 3}
ROLE_LABELS = {"viewer": "查看员", "reviewer": "审核员", "admin": "管理员"}

_hasher = PasswordHasher()
_verifying = threading.BoundedSemaphore(VERIFY_AT_ONCE)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(pw_hash: str, password: str) -> bool:
    with _verifying:
        try:
            return _hasher.verify(pw_hash, password)
        except (VerificationError, InvalidHashError):
            return False


@functools.cache
def _nobody() -> str:
    """The hash an unknown name's password is checked against: the same work as a known name's."""
    return hash_password(secrets.token_urlsafe(16))


def check_password(user: dict[str, Any] | None, password: str) -> bool:
    """Whether ``password`` is the user's; for no user (an unknown name), the same argon2 work and False."""
    ok = verify_password(user["pw_hash"] if user else _nobody(), password[:MAX_LENGTH])
    return ok and user is not None


def password_problem(password: str, *inputs: str) -> str | None:
    """Why a new password is refused (a Chinese sentence), or None: shorter than
    :data:`MIN_LENGTH` or longer than :data:`MAX_LENGTH` characters, or a zxcvbn score under
    :data:`MIN_SCORE` (common passwords, dictionary words, keyboard runs, dates, the user's own
    name: ``inputs``)."""
    if len(password) < MIN_LENGTH:
        return f"密码至少需要 {MIN_LENGTH} 个字符。"
    if len(password) > MAX_LENGTH:
        return f"密码不能超过 {MAX_LENGTH} 个字符。"
    from zxcvbn import zxcvbn

    got = zxcvbn(password[:72], user_inputs=[i for i in inputs if i])  # zxcvbn reads 72 characters at most
    if got["score"] < MIN_SCORE:
        return (
            f"密码太常见或太容易猜到（强度 {got['score']}/4，至少需要 {MIN_SCORE}）。"
            "请用几个不相关的词语、数字和符号组成更长的密码，不要用常见密码、用户名、日期或键盘上连续的字符。"
        )
    return None


@dataclass
class Session:
    user: str | None
    role: str | None
    csrf: str
    sid: str | None = None  # the stored session's id (SHA-256 of the cookie's token); None: not signed in

    def can(self, role: str) -> bool:
        return self.role is not None and RANK.get(self.role, 0) >= RANK[role]

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role or "", "")


def _sid(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    """Sessions in the store, cookies signed with ``secret``. ``secure``: 'auto' (Secure cookies
    when the request came over HTTPS), 'on' or 'off'."""

    def __init__(self, store: Store, secret: str, *, secure: str = "auto") -> None:
        self.store = store
        self.secure = secure
        self._s = URLSafeTimedSerializer(secret, salt="ogi-session")
        self._seen: dict[str, float] = {}  # session id → last request not yet written
        self._lock = threading.Lock()

    # ---- cookies
    def cookie(self, scope: dict[str, Any], value: str) -> str:
        secure = self.secure == "on" or (self.secure == "auto" and scope.get("scheme") in ("https", "wss"))
        flags = "; HttpOnly; SameSite=lax" + ("; Secure" if secure else "")
        return f"{COOKIE}={value}; Max-Age={int(ABSOLUTE)}; Path=/" + flags

    def anonymous(self, csrf: str | None = None) -> tuple[str, str]:
        """A cookie for a visitor not signed in, and its CSRF token."""
        token = csrf or secrets.token_urlsafe(24)
        return self._s.dumps({"c": token}), token

    def read(self, cookie: str | None) -> dict[str, Any] | None:
        if not cookie:
            return None
        try:
            data = self._s.loads(cookie, max_age=ABSOLUTE)
        except BadSignature:
            return None
        return data if isinstance(data, dict) else None

    # ---- sessions
    def start(self, user: str, address: str | None) -> tuple[str, Session]:
        """A new session for ``user``: its cookie value and :class:`Session`."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        sid = _sid(token)
        self.store.new_session(sid, user, csrf, address)
        return self._s.dumps({"s": token}), Session(user=user, role=None, csrf=csrf, sid=sid)

    def end(self, sid: str | None) -> None:
        if sid:
            self.store.end_session(sid)
            with self._lock:
                self._seen.pop(sid, None)

    def find(self, token: str) -> Session | None:
        """The live session of a cookie's token, or None (unknown, expired, its user disabled)."""
        sid = _sid(token)
        row = self.store.session(sid)
        if row is None or row["disabled"]:
            return None
        t = time.time()
        with self._lock:
            seen = max(row["seen"], self._seen.get(sid, 0.0))
        if t - row["created"] > ABSOLUTE or t - seen > IDLE:
            self.end(sid)
            return None
        if t - seen > TOUCH_SECONDS:
            with self._lock:
                self._seen[sid] = t
        return Session(user=row["user"], role=row["role"], csrf=row["csrf"], sid=sid)

    def flush(self) -> None:
        """Write the sessions' last requests (the housekeeper, every half minute)."""
        with self._lock:
            seen, self._seen = self._seen, {}
        try:
            self.store.touch_sessions(seen)
        except Exception:
            with self._lock:  # written next time
                for k, v in seen.items():
                    self._seen[k] = max(v, self._seen.get(k, 0.0))
            raise

    def expire(self) -> int:
        return self.store.expire_sessions(IDLE, ABSOLUTE)


class SessionMiddleware:
    """Every request's :class:`Session` (``request.state.session``) from its cookie; a route that
    signs someone in or out sets ``request.state.cookie``, sent with the response. Static files
    need no session. A plain ASGI middleware: no second task per request."""

    def __init__(self, app: Any, sessions: Sessions) -> None:
        self.app, self.sessions = app, sessions

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        from http.cookies import SimpleCookie

        from starlette.concurrency import run_in_threadpool

        raw = b"; ".join(v for k, v in scope["headers"] if k == b"cookie").decode("latin-1")
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(raw)
        except Exception:  # a malformed cookie header: as none
            jar = SimpleCookie()
        data = self.sessions.read(jar[COOKIE].value if COOKIE in jar else None) or {}
        session = None
        if isinstance(data.get("s"), str):
            session = await run_in_threadpool(self.sessions.find, data["s"])
        fresh: str | None = None
        if session is None:
            csrf = data.get("c") if isinstance(data.get("c"), str) else None
            if csrf is None or "s" in data:
                fresh, csrf = self.sessions.anonymous()
            session = Session(user=None, role=None, csrf=csrf)
        state = scope.setdefault("state", {})
        state["session"] = session
        state["cookie"] = None

        async def send_with_cookie(message: Any) -> None:
            if message["type"] == "http.response.start":
                cookie = state.get("cookie") or fresh
                if cookie:
                    header = self.sessions.cookie(scope, cookie)
                    message["headers"] = [*message.get("headers", []), (b"set-cookie", header.encode("latin-1"))]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


@dataclass
class Refusal:
    """A log-in attempt refused before its password is checked: why (Chinese) and how many seconds
    until an attempt may be made again."""

    message: str
    seconds: float


class Guard:
    """Throttling of failed log-ins (see the module doc); counts kept in the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    def keys(name: str, address: str | None) -> list[str]:
        keys = ["user:" + name.strip().casefold()[:120]]
        if address:
            keys.append("addr:" + address[:64])
        return keys

    @staticmethod
    def wait(kind: str, failures: int) -> float:
        """Seconds an attempt must wait after the last one, given the key's failures so far."""
        over = failures - BACKOFF_AFTER[kind]
        return 0.0 if over < 0 else min(2.0**over, MAX_WAIT)

    def begin(self, name: str, address: str | None) -> Refusal | None:
        """Begin an attempt (before its password is checked); a :class:`Refusal` when it may not be made."""
        got = self.store.guard_begin(self.keys(name, address), self.wait, LOCK_AFTER, WINDOW, LOCK_SECONDS)
        if got is None:
            return None
        key, seconds, why = got
        if why == "locked":
            who = "该用户名" if key.startswith("user:") else "您的网络地址"
            return Refusal(
                f"{who}登录失败次数过多，已被锁定，{_minutes(seconds)}后自动解除；也可请管理员在「用户管理」中解除。",
                seconds,
            )
        if why == "busy":
            return Refusal("同时进行的登录尝试过多，请稍后再试。", seconds)
        return Refusal(f"登录失败次数过多，请 {int(seconds) + 1} 秒后再试。", seconds)

    def end(self, name: str, address: str | None, ok: bool) -> list[str]:
        """End an attempt :meth:`begin` let through; returns the keys a failure locked."""
        return self.store.guard_end(self.keys(name, address), ok, LOCK_AFTER)

    def locks(self) -> list[dict[str, Any]]:
        """What is locked now: key, kind ('user' or 'addr'), name (the user name or address),
        failures, until_at (when the lock ends: UTC text, as the store keeps times)."""
        from datetime import UTC, datetime

        out = []
        for r in self.store.guard_locks(LOCK_SECONDS):
            kind, name = r["key"].split(":", 1)
            until = datetime.fromtimestamp(r["until"], UTC).strftime("%Y-%m-%d %H:%M:%S")
            out.append({"key": r["key"], "kind": kind, "name": name, "failures": r["failures"], "until_at": until})
        return out


def _minutes(seconds: float) -> str:
    return f"{max(1, round(seconds / 60))} 分钟"


def same(a: str | None, b: str | None) -> bool:
    """Whether two tokens are equal, in constant time (any characters: a header may hold anything)."""
    if not a or not b:
        return False
    return hmac.compare_digest(str(a).encode("utf-8", "surrogatepass"), str(b).encode("utf-8", "surrogatepass"))
