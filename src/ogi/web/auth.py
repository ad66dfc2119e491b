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


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))
