"""What the store keeps of the web app's accounts: users, their sessions, failed log-ins (backoff and
lockout) and the audit log.

Sessions live here, not in the cookie: the cookie holds a random token whose SHA-256 is the row's
id, so logging out, disabling or deleting a user, or changing a password ends sessions at once,
in every server process. The policy — how long a session lasts, how many failures lead to a
backoff or a lockout — is the web app's (:mod:`ogi.web.auth`); the store counts atomically.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from ogi.store import schema as S
from ogi.store.base import Base

ROLES = ("viewer", "reviewer", "admin")
GUARD_LOCK = 0x6F6769  # the PostgreSQL advisory lock that counts log-in attempts one at a time
IN_FLIGHT = 60.0  # seconds after which an attempt begun and never ended (a server stopped) no longer counts


def now() -> str:
    """UTC now as the web tables keep it: ``2025-01-20 08:30:00``."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


class LastAdmin(ValueError):
    """The change would leave no active admin (so nobody could manage users from the web app)."""


class Accounts(Base):
    # ------------------------------------------------------------ users
    def add_user(self, name: str, role: str, pw_hash: str) -> bool:
        """Create a user, or change an existing one's role and password hash (its sessions end).
        Returns whether it was created. Raises ValueError for a role not in :data:`ROLES`,
        :class:`LastAdmin` when that would demote the last active admin."""
        if role not in ROLES:
            raise ValueError(f"未知角色 {role}")
        U = S.users
        with self._write() as c:
            if c.execute(sa.select(U.c.name).where(U.c.name == name)).first():
                if role != "admin":
                    self._keep_an_admin(c, name)
                c.execute(U.update().where(U.c.name == name).values(role=role, pw_hash=pw_hash, password_at=now()))
                c.execute(S.sessions.delete().where(S.sessions.c.user == name))
                return False
            c.execute(U.insert().values(name=name, role=role, pw_hash=pw_hash, created_at=now(), password_at=now()))
            return True

    def update_user(
        self,
        name: str,
        *,
        role: str | None = None,
        pw_hash: str | None = None,
        disabled: bool | None = None,
        keep_session: str | None = None,
    ) -> bool:
        """Change a user's role, password hash or whether it is disabled. A new password or
        disabling ends the user's sessions (``keep_session``: the id of one to keep, the
        user's own when changing their password). Returns False for an unknown user. Raises
        ValueError for a role not in :data:`ROLES`, :class:`LastAdmin` when the change would
        leave no active admin."""
        if role is not None and role not in ROLES:
            raise ValueError(f"未知角色 {role}")
        U, T = S.users, S.sessions
        vals: dict[str, Any] = {}
        if role is not None:
            vals["role"] = role
        if pw_hash is not None:
            vals |= {"pw_hash": pw_hash, "password_at": now()}
        if disabled is not None:
            vals["disabled"] = disabled
        with self._write() as c:
            if c.execute(sa.select(U.c.name).where(U.c.name == name)).first() is None:
                return False
            if (role is not None and role != "admin") or disabled:
                self._keep_an_admin(c, name)
            if vals:
                c.execute(U.update().where(U.c.name == name).values(**vals))
            if pw_hash is not None or disabled:
                q = T.delete().where(T.c.user == name)
                if keep_session is not None:
                    q = q.where(T.c.id != keep_session)
                c.execute(q)
        return True

    def delete_user(self, name: str) -> bool:
        """Delete a user and its sessions (review marks and corrections keep its name). Returns
        False for an unknown user. Raises :class:`LastAdmin` for the last active admin."""
        with self._write() as c:
            self._keep_an_admin(c, name)
            c.execute(S.sessions.delete().where(S.sessions.c.user == name))
            return bool(c.execute(S.users.delete().where(S.users.c.name == name)).rowcount)

    def _keep_an_admin(self, c: sa.Connection, name: str) -> None:
        U = S.users
        active = sa.or_(U.c.disabled.is_(None), U.c.disabled.is_(False))
        admins = [r[0] for r in c.execute(sa.select(U.c.name).where(U.c.role == "admin", active))]
        if admins == [name]:
            raise LastAdmin("不能停用、删除或降级唯一的管理员，请先指定另一位管理员。")

    def user(self, name: str) -> dict[str, Any] | None:
        """A user's row (name, role, pw_hash, created_at, disabled, password_at), or None."""
        with self._read() as c:
            row = c.execute(sa.select(S.users).where(S.users.c.name == name)).mappings().first()
            return dict(row) if row else None

    def users(self) -> list[dict[str, Any]]:
        """Every user: name, role, created_at, disabled, password_at, sessions (active ones)."""
        U, T = S.users, S.sessions
        n = sa.select(sa.func.count()).where(T.c.user == U.c.name).scalar_subquery()
        with self._read() as c:
            q = sa.select(U.c.name, U.c.role, U.c.created_at, U.c.disabled, U.c.password_at, n.label("sessions"))
            return [dict(r) | {"disabled": bool(r["disabled"])} for r in c.execute(q.order_by(U.c.name)).mappings()]

    def admins(self) -> int:
        """How many active (not disabled) admins there are."""
        U = S.users
        active = sa.or_(U.c.disabled.is_(None), U.c.disabled.is_(False))
        with self._read() as c:
            return int(c.execute(sa.select(sa.func.count()).where(U.c.role == "admin", active)).scalar_one())

    # ------------------------------------------------------------ sessions
    def new_session(self, sid: str, user: str, csrf: str, address: str | None) -> None:
        """Keep a session (``sid``: the SHA-256 of its token) for ``user``."""
        t = time.time()
        with self._write() as c:
            c.execute(S.sessions.insert().values(id=sid, user=user, csrf=csrf, created=t, seen=t, address=address))

    def session(self, sid: str) -> dict[str, Any] | None:
        """A session with its user's role and state: id, user, csrf, created, seen, role,
        disabled; None when there is none."""
        T, U = S.sessions, S.users
        q = sa.select(T, U.c.role, U.c.disabled).join(U, U.c.name == T.c.user).where(T.c.id == sid)
        with self._read() as c:
            row = c.execute(q).mappings().first()
        return dict(row) if row else None

    def end_session(self, sid: str) -> None:
        with self._write() as c:
            c.execute(S.sessions.delete().where(S.sessions.c.id == sid))

    def touch_sessions(self, seen: dict[str, float]) -> None:
        """Record the last request of sessions (id → Unix seconds), in one transaction."""
        if not seen:
            return
        T = S.sessions
        with self._write() as c:
            for sid, t in seen.items():
                c.execute(T.update().where(T.c.id == sid, T.c.seen < t).values(seen=t))

    def expire_sessions(self, idle: float, absolute: float) -> int:
        """Delete sessions idle for ``idle`` seconds or older than ``absolute``; returns how many."""
        T = S.sessions
        t = time.time()
        with self._write() as c:
            q = T.delete().where(sa.or_(T.c.seen < t - idle, T.c.created < t - absolute))
            return int(c.execute(q).rowcount or 0)

    # ------------------------------------------------------------ failed log-ins
    def guard_begin(
        self,
        keys: Sequence[str],
        wait: Callable[[str, int], float],
        lock_after: dict[str, int],
        window: dict[str, float],
        lock_for: float,
    ) -> tuple[str, float, str] | None:
        """Begin a log-in attempt against each of ``keys`` (``user:NAME``, ``addr:ADDRESS``; a key's
        kind is its prefix), in one transaction, before the password is checked; end it with
        :meth:`guard_end`.

        Per key: a lock older than ``lock_for`` seconds ends, and failures whose first is older than
        ``window[kind]`` are forgotten (the row starts over); attempts in flight for more than
        :data:`IN_FLIGHT` seconds no longer count. The attempt is refused when a key is locked,
        when ``wait(kind, failures)`` seconds have not passed since the key's last attempt, or when
        its failures and the attempts in flight would reach ``lock_after[kind]`` (many guesses sent
        at once). Otherwise it is counted in flight.

        Returns None when the attempt may go on, else ``(key, seconds, why)``: the key refusing
        it, how long until it would not, why ('locked', 'wait', 'busy')."""
        G = S.login_guard
        with self._write() as c:
            if c.dialect.name == "postgresql":  # one attempt at a time (SQLite's write lock does this there)
                c.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": GUARD_LOCK})
            rows = {r.key: r for r in c.execute(sa.select(G).where(G.c.key.in_(list(keys))))}
            # the time once the lock is held: an attempt that waited for the one before it must not
            # find that one "later" than itself and be told to wait
            t = time.time()
            state = {}
            for key in keys:
                kind = key.split(":", 1)[0]
                r = rows.get(key)
                if (
                    r is None
                    or (r.locked is not None and t - r.locked >= lock_for)
                    or (r.locked is None and t - r.first >= window[kind])
                ):
                    state[key] = (0, 0, None, r is not None)  # failures, in flight, locked, row exists
                    continue
                flying = r.pending if t - r.last < IN_FLIGHT else 0
                state[key] = (r.failures, flying, r.locked, True)
                if r.locked is not None:
                    return key, lock_for - (t - r.locked), "locked"
                pause = wait(kind, r.failures)
                left = pause - (t - r.last)
                if pause > 0 and left > 0:
                    return key, left, "wait"
                if r.failures + flying >= lock_after[kind]:
                    return key, 1.0, "busy"
            for key in keys:
                failures, flying, _locked, exists = state[key]
                vals = {"failures": failures, "pending": flying + 1, "last": t, "locked": None}
                if not exists:
                    c.execute(G.insert().values(key=key, first=t, **vals))
                elif failures == 0 and flying == 0:
                    c.execute(G.update().where(G.c.key == key).values(first=t, **vals))
                else:
                    c.execute(G.update().where(G.c.key == key).values(pending=flying + 1, last=t))
        return None

    def guard_end(self, keys: Sequence[str], ok: bool, lock_after: dict[str, int]) -> list[str]:
        """End an attempt :meth:`guard_begin` let through: a success clears the first key's (the
        name's) failures; a failure counts against every key, locking those whose failures reach
        ``lock_after[kind]``. Returns the keys this failure locked."""
        G = S.login_guard
        t = time.time()
        locked = []
        with self._write() as c:
            if c.dialect.name == "postgresql":
                c.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": GUARD_LOCK})
            rows = {r.key: r for r in c.execute(sa.select(G).where(G.c.key.in_(list(keys))))}
            for i, key in enumerate(keys):
                r = rows.get(key)
                if r is None:
                    continue
                if ok and i == 0:
                    c.execute(G.delete().where(G.c.key == key))
                    continue
                vals: dict[str, Any] = {"pending": max(0, r.pending - 1)}
                if not ok:
                    vals["failures"] = r.failures + 1
                    if vals["failures"] >= lock_after[key.split(":", 1)[0]] and r.locked is None:
                        vals["locked"] = t
                        locked.append(key)
                c.execute(G.update().where(G.c.key == key).values(**vals))
        return locked

    def guard_locks(self, lock_for: float) -> list[dict[str, Any]]:
        """Keys locked now: key, failures, locked (Unix seconds), until (Unix seconds)."""
        G = S.login_guard
        t = time.time()
        with self._read() as c:
            rows = c.execute(sa.select(G).where(G.c.locked.is_not(None), G.c.locked > t - lock_for).order_by(G.c.key))
            return [
                {"key": r.key, "failures": r.failures, "locked": r.locked, "until": r.locked + lock_for} for r in rows
            ]

    def unlock(self, key: str) -> bool:
        """Lift a lockout (and forget the failures) of a key; returns whether there was one."""
        G = S.login_guard
        with self._write() as c:
            return bool(c.execute(G.delete().where(G.c.key == key, G.c.locked.is_not(None))).rowcount)

    def forget_failures(self, older_than: float) -> int:
        """Delete counts of failures, not locked, whose last attempt is older than ``older_than``
        seconds; returns how many."""
        G = S.login_guard
        with self._write() as c:
            q = G.delete().where(G.c.locked.is_(None), G.c.last < time.time() - older_than)
            return int(c.execute(q).rowcount or 0)

    # ------------------------------------------------------------ audit
    def audit(
        self,
        action: str,
        user: str | None = None,
        address: str | None = None,
        target: str | int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Keep one entry of the audit log: who (``user``), from where, did what (``action``) to
        what (``target``), with ``detail`` as JSON."""
        with self._write() as c:
            c.execute(
                S.audit.insert().values(
                    at=now(),
                    user=user,
                    address=address,
                    action=action,
                    target=None if target is None else str(target),
                    detail=json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None,
                )
            )

    def audit_log(
        self,
        *,
        action: str | None = None,
        user: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        newest_first: bool = True,
    ) -> tuple[int, list[dict[str, Any]]]:
        """(how many entries match, the entries of the page): id, at, user, address, action,
        target, detail (decoded)."""
        A = S.audit
        q = sa.select(A)
        if action:
            q = q.where(A.c.action == action)
        if user:
            q = q.where(A.c.user == user)
        with self._read() as c:
            total = int(c.execute(sa.select(sa.func.count()).select_from(q.subquery())).scalar_one())
            q = q.order_by(A.c.id.desc() if newest_first else A.c.id).offset(offset)
            if limit is not None:
                q = q.limit(limit)
            rows = [dict(r) for r in c.execute(q).mappings()]
        for r in rows:
            r["detail"] = json.loads(r["detail"]) if r["detail"] else None
        return total, rows

    def audit_actions(self) -> list[str]:
        """The actions the audit log holds."""
        A = S.audit
        with self._read() as c:
            return [r[0] for r in c.execute(sa.select(A.c.action).distinct().order_by(A.c.action))]
