"""What the web app keeps: users, uploaded readings, review marks and hand corrections.

Plain SQLAlchemy Core tables (prefix ``web_``) in the database given by
``--db`` (SQLite file or PostgreSQL), beside the corpus store's own tables.

Review marks and corrections are keyed by the report's SHA-256 (plus rule and
keys, or the value's key), never by a row id, so they survive a rebuild of the
corpus and apply to every reading of the same file. Corrections are versions
beside the read value: the read value is never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

meta = sa.MetaData()

users = sa.Table(
    "web_user",
    meta,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("pw_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)

settings = sa.Table(
    "web_setting",
    meta,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

uploads = sa.Table(
    "web_upload",
    meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("batch", sa.String(32), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), index=True),
    sa.Column("size", sa.Integer),
    sa.Column("status", sa.String(16), nullable=False),  # queued, reading, done, error
    sa.Column("error", sa.Text),
    sa.Column("reading", sa.Text),  # Report.to_dict() as JSON
    sa.Column("document", sa.Text),  # the document's lines as JSON (source view)
    sa.Column("data", sa.LargeBinary),  # the file as uploaded (PDF pages are drawn from it)
    sa.Column("created_by", sa.String(64)),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("finished_at", sa.String(32)),
)

reviews = sa.Table(
    "web_review",
    meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("finding", sa.Text, nullable=False),  # finding_id(): rule|keys
    sa.Column("rule", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # confirmed, dismissed
    sa.Column("comment", sa.Text),
    sa.Column("user", sa.String(64), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
)

corrections = sa.Table(
    "web_correction",
    meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("key", sa.String(128), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("comment", sa.Text),
    sa.Column("user", sa.String(64), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.UniqueConstraint("sha256", "key", "version", name="web_correction_version"),
)

ROLES = ("viewer", "reviewer", "admin")
REVIEW_STATUSES = ("confirmed", "dismissed")


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


def finding_id(rule: str, keys: list[str] | tuple[str, ...], message: str = "") -> str:
    """A finding's identity within a report: its rule and keys (message digest when it has no keys)."""
    if keys:
        return f"{rule}|{','.join(keys)}"
    return f"{rule}|#{hashlib.sha1(message.encode()).hexdigest()[:12]}"


def normalize_url(url: str) -> str:
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


@dataclass
class Store:
    engine: Engine

    @classmethod
    def open(cls, url: str) -> Store:
        url = normalize_url(url)
        kw: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kw["connect_args"] = {"check_same_thread": False, "timeout": 30}
        engine = sa.create_engine(url, **kw)
        if url.startswith("sqlite"):

            @sa.event.listens_for(engine, "connect")
            def _pragma(conn: Any, _rec: Any) -> None:
                cur = conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA busy_timeout=30000")
                cur.close()

        with _create_lock:
            meta.create_all(engine)
        return cls(engine)

    # ------------------------------------------------------------ settings
    def secret(self) -> str:
        """The key signing session cookies, made once and shared by every server process."""
        with self.engine.begin() as c:
            row = c.execute(sa.select(settings.c.value).where(settings.c.name == "secret")).first()
            if row:
                return str(row[0])
        value = secrets.token_urlsafe(32)
        try:
            with self.engine.begin() as c:
                c.execute(settings.insert().values(name="secret", value=value))
        except sa.exc.IntegrityError:
            pass
        with self.engine.begin() as c:
            return str(c.execute(sa.select(settings.c.value).where(settings.c.name == "secret")).scalar_one())

    # ------------------------------------------------------------ users
    def add_user(self, name: str, role: str, pw_hash: str) -> None:
        if role not in ROLES:
            raise ValueError(f"未知角色 {role}")
        with self.engine.begin() as c:
            if c.execute(sa.select(users.c.name).where(users.c.name == name)).first():
                c.execute(users.update().where(users.c.name == name).values(role=role, pw_hash=pw_hash))
            else:
                c.execute(users.insert().values(name=name, role=role, pw_hash=pw_hash, created_at=now()))

    def user(self, name: str) -> dict[str, Any] | None:
        with self.engine.connect() as c:
            row = c.execute(sa.select(users).where(users.c.name == name)).mappings().first()
            return dict(row) if row else None

    def users(self) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            rows = c.execute(sa.select(users.c.name, users.c.role, users.c.created_at).order_by(users.c.name))
            return [dict(r) for r in rows.mappings()]

    def delete_user(self, name: str) -> None:
        with self.engine.begin() as c:
            c.execute(users.delete().where(users.c.name == name))

    # ------------------------------------------------------------ uploads
    def new_batch(self, files: list[tuple[str, bytes]], user: str | None) -> tuple[str, list[int]]:
        """Queue files (name, data); returns the batch id and the upload ids in order."""
        batch = secrets.token_hex(8)
        ids = []
        with self.engine.begin() as c:
            for name, data in files:
                res = c.execute(
                    uploads.insert().values(
                        batch=batch,
                        name=name,
                        sha256=hashlib.sha256(data).hexdigest(),
                        size=len(data),
                        data=data,
                        status="queued",
                        created_by=user,
                        created_at=now(),
                    )
                )
                ids.append(int(res.inserted_primary_key[0]))
        return batch, ids

    def set_status(self, uid: int, status: str, **values: Any) -> None:
        with self.engine.begin() as c:
            vals = {"status": status, **values}
            if status in ("done", "error"):
                vals["finished_at"] = now()
            c.execute(uploads.update().where(uploads.c.id == uid).values(**vals))

    def batch(self, batch: str) -> list[dict[str, Any]]:
        cols = [uploads.c[n] for n in ("id", "name", "sha256", "size", "status", "error", "created_at", "finished_at")]
        with self.engine.connect() as c:
            rows = c.execute(sa.select(*cols).where(uploads.c.batch == batch).order_by(uploads.c.id)).mappings()
            return [dict(r) for r in rows]

    def upload(self, uid: int) -> dict[str, Any] | None:
        cols = [c for c in uploads.c if c.name != "data"]
        with self.engine.connect() as c:
            row = c.execute(sa.select(*cols).where(uploads.c.id == uid)).mappings().first()
        if not row:
            return None
        d = dict(row)
        d["reading"] = json.loads(d["reading"]) if d["reading"] else None
        d["document"] = json.loads(d["document"]) if d["document"] else None
        return d

    def upload_data(self, uid: int) -> bytes | None:
        with self.engine.connect() as c:
            return c.execute(sa.select(uploads.c.data).where(uploads.c.id == uid)).scalar()

    def pending(self) -> list[tuple[int, str, bytes]]:
        """Uploads queued or being read when the server stopped: (id, name, data)."""
        with self.engine.connect() as c:
            rows = c.execute(
                sa.select(uploads.c.id, uploads.c.name, uploads.c.data)
                .where(uploads.c.status.in_(("queued", "reading")))
                .order_by(uploads.c.id)
            )
            return [(int(r[0]), str(r[1]), bytes(r[2] or b"")) for r in rows]

    def recent(self, limit: int = 50) -> list[dict[str, Any]]:
        cols = [uploads.c[n] for n in ("id", "batch", "name", "sha256", "status", "error", "created_by", "created_at")]
        with self.engine.connect() as c:
            rows = c.execute(sa.select(*cols).order_by(uploads.c.id.desc()).limit(limit)).mappings()
            return [dict(r) for r in rows]

    def count_uploads(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(sa.select(sa.func.count()).select_from(uploads)).scalar_one())

    # ------------------------------------------------------------ reviews
    def add_review(self, sha256: str, finding: str, rule: str, status: str, comment: str, user: str) -> None:
        if status not in REVIEW_STATUSES:
            raise ValueError(status)
        with self.engine.begin() as c:
            c.execute(
                reviews.insert().values(
                    sha256=sha256, finding=finding, rule=rule, status=status, comment=comment, user=user, at=now()
                )
            )

    def reviews(self, sha256: str) -> dict[str, list[dict[str, Any]]]:
        """Every mark on the report's findings, newest first, by finding id."""
        out: dict[str, list[dict[str, Any]]] = {}
        with self.engine.connect() as c:
            rows = c.execute(
                sa.select(reviews).where(reviews.c.sha256 == sha256).order_by(reviews.c.id.desc())
            ).mappings()
            for r in rows:
                out.setdefault(r["finding"], []).append(dict(r))
        return out

    # ------------------------------------------------------------ corrections
    def add_correction(self, sha256: str, key: str, value: float | None, comment: str, user: str) -> int:
        for _ in range(5):
            try:
                with self.engine.begin() as c:
                    top = c.execute(
                        sa.select(sa.func.max(corrections.c.version)).where(
                            corrections.c.sha256 == sha256, corrections.c.key == key
                        )
                    ).scalar()
                    version = int(top or 1) + 1  # version 1 is the value as read
                    c.execute(
                        corrections.insert().values(
                            sha256=sha256, key=key, version=version, value=value, comment=comment, user=user, at=now()
                        )
                    )
                    return version
            except sa.exc.IntegrityError:
                continue
        raise RuntimeError("更正保存冲突，请重试")

    def corrections(self, sha256: str) -> dict[str, list[dict[str, Any]]]:
        """Every corrected version of the report's values, newest first, by key."""
        out: dict[str, list[dict[str, Any]]] = {}
        with self.engine.connect() as c:
            rows = c.execute(
                sa.select(corrections)
                .where(corrections.c.sha256 == sha256)
                .order_by(corrections.c.key, corrections.c.version.desc())
            ).mappings()
            for r in rows:
                d = dict(r)
                v = d["value"]
                if isinstance(v, float) and v.is_integer():
                    d["value"] = int(v)
                out.setdefault(r["key"], []).append(d)
        return out


_create_lock = threading.Lock()
