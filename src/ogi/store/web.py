"""What the web app keeps beside the readings: settings, uploads, review marks, corrections (and,
through :class:`ogi.store.accounts.Accounts`, users, sessions, failed log-ins and the audit log).

Review marks and corrections are kept by the report file's SHA-256 (plus the finding's id, or the
value's key), never by a row id, so they survive a rebuild of the corpus and apply to every
reading of the same file. Corrections are versions beside the read value: the read value is never
overwritten. An upload is kept with its file until the retention settings or an admin delete the
file (:meth:`Web.purge_files`, :meth:`Web.delete_upload`); once read, its reading is a report of the
corpus like any other (``report_id``; path ``upload:ID/NAME``).
"""

from __future__ import annotations

import hashlib
import json
import random
import secrets
import time
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from ogi.model import Rows, finding_id
from ogi.store import schema as S
from ogi.store.accounts import Accounts, now
from ogi.store.base import WriteConflict
from ogi.store.readings import Readings
from ogi.template import whole

REVIEW_STATUSES = ("confirmed", "dismissed")
CONFLICT_RETRIES = 20  # a correction's version taken by another reviewer at the same moment: tried again
# a reviewer's decision on a finding as a clerk says it ("": no decision yet)
REVIEW_LABELS = {"confirmed": "已确认", "dismissed": "已驳回", "": "未审核"}
UPLOAD_STATUSES = ("queued", "reading", "done", "error")
Marks = dict[str, list[dict[str, Any]]]  # finding id (or key) → review marks (or corrections), newest first


def upload_path(uid: int, name: str) -> str:
    """The path an upload's reading is stored under (the store keys readings by path)."""
    return f"upload:{uid}/{name}"


class Web(Accounts, Readings):
    # ------------------------------------------------------------ settings
    def setting(self, name: str) -> str | None:
        """A setting of the web app (``web_setting``), or None when unset."""
        T = S.settings
        with self._read() as c:
            return c.execute(sa.select(T.c.value).where(T.c.name == name)).scalar()

    def set_setting(self, name: str, value: str | None) -> None:
        """Keep a setting of the web app (None: remove it)."""
        T = S.settings
        with self._write() as c:
            if value is None:
                c.execute(sa.delete(T).where(T.c.name == name))
            elif c.execute(T.update().where(T.c.name == name).values(value=value)).rowcount == 0:
                c.execute(T.insert().values(name=name, value=value))

    def secret(self) -> str:
        """The key signing session cookies, made once and shared by every server process."""
        T = S.settings
        with self._read() as c:
            row = c.execute(sa.select(T.c.value).where(T.c.name == "secret")).first()
        if row:
            return str(row[0])
        with self._write() as c:
            if c.execute(sa.select(T.c.value).where(T.c.name == "secret")).first() is None:
                c.execute(T.insert().values(name="secret", value=secrets.token_urlsafe(32)))
        with self._read() as c:
            return str(c.execute(sa.select(T.c.value).where(T.c.name == "secret")).scalar_one())

    # ------------------------------------------------------------ uploads
    def new_batch(
        self, files: Iterable[tuple[str, bytes] | tuple[str, bytes | None, str | None]], user: str | None
    ) -> tuple[str, list[int]]:
        """Queue files (name, data) for reading, in one transaction, taking them one at a time (a
        ZIP's members are inflated as they are queued); a (name, None, why) is an input that cannot
        be read, kept with status ``error`` and its reason. Returns the batch id and the ids of the
        uploads queued, in order."""
        batch = secrets.token_hex(8)
        ids = []
        with self._write() as c:
            for item in files:
                name, data = item[0], item[1]
                why = item[2] if len(item) > 2 else None  # type: ignore[misc]
                at = now()
                vals: dict[str, Any] = {"batch": batch, "name": name, "created_by": user, "created_at": at}
                if data is None:
                    c.execute(S.uploads.insert().values(**vals, status="error", error=why, finished_at=at))
                    continue
                vals |= {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "data": data}
                res = c.execute(S.uploads.insert().values(**vals, status="queued"))
                ids.append(int(res.inserted_primary_key[0]))
        return batch, ids

    def set_status(self, uid: int, status: str, **values: Any) -> None:
        """An upload's status (:data:`UPLOAD_STATUSES`), and other columns (``error``)."""
        vals = {"status": status, **values}
        if status in ("done", "error"):
            vals["finished_at"] = now()
        with self._write() as c:
            c.execute(S.uploads.update().where(S.uploads.c.id == uid).values(**vals))

    def put_upload(self, uid: int, rows: Rows) -> int:
        """Store an upload's reading (its rows, path :func:`upload_path`) and mark the upload done
        (or, for an unreadable input, error with its message), in ONE transaction. Returns the id
        of the stored report."""
        U = S.uploads
        error = rows.report["error_message"] if rows.report["status"] == "error" else None
        with self._write() as c:
            (rid,) = self._put(c, [rows])
            c.execute(
                U.update()
                .where(U.c.id == uid)
                .values(status="error" if error else "done", error=error, report_id=rid, finished_at=now())
            )
        return rid

    def batch(self, batch: str) -> list[dict[str, Any]]:
        """The uploads of a batch, in order: id, name, sha256, size, status, error, report_id,
        created_at, finished_at."""
        U = S.uploads
        cols = [U.c[n] for n in ("id", "name", "sha256", "size", "status", "error", "report_id")]
        cols += [U.c.created_at, U.c.finished_at]
        with self._read() as c:
            q = sa.select(*cols).where(U.c.batch == batch).order_by(U.c.id)
            return [dict(r) for r in c.execute(q).mappings()]

    def upload(self, uid: int) -> dict[str, Any] | None:
        """An upload's row (without its data), or None."""
        cols = [c for c in S.uploads.c if c.name != "data"]
        with self._read() as c:
            row = c.execute(sa.select(*cols).where(S.uploads.c.id == uid)).mappings().first()
        return dict(row) if row else None

    def upload_data(self, uid: int) -> bytes | None:
        """The file as uploaded."""
        with self._read() as c:
            return c.execute(sa.select(S.uploads.c.data).where(S.uploads.c.id == uid)).scalar()

    def kept_files(self) -> dict[str, int]:
        """Uploads whose file is kept (``files``) and their bytes (``bytes``); files deleted (``purged``)."""
        U = S.uploads
        with self._read() as c:
            q = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(U.c.size), 0)).where(U.c.data.is_not(None))
            n, size = c.execute(q).one()
            purged = c.execute(sa.select(sa.func.count()).where(U.c.purged_at.is_not(None))).scalar_one()
        return {"files": int(n), "bytes": int(size), "purged": int(purged)}

    def uploads_with_files(self, limit: int = 200, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Uploads whose file is still kept, oldest first: (how many, a page of id, batch, name, size,
        status, report_id, created_by, created_at, finished_at)."""
        U = S.uploads
        cols = [U.c[n] for n in ("id", "batch", "name", "size", "status", "report_id", "created_by", "created_at")]
        with self._read() as c:
            total = c.execute(sa.select(sa.func.count()).where(U.c.data.is_not(None))).scalar_one()
            q = sa.select(*cols, U.c.finished_at).where(U.c.data.is_not(None)).order_by(U.c.id)
            rows = [dict(r) for r in c.execute(q.limit(limit).offset(offset)).mappings()]
        return int(total), rows

    def reviewed(self, report_id: int) -> bool:
        """Whether every error and warning finding of a stored report (cross-year ones included)
        carries a review mark kept for its file."""
        R, F, V = S.reports, S.findings, S.reviews
        with self._read() as c:
            sha = c.execute(sa.select(R.c.sha256).where(R.c.id == report_id)).scalar()
            q = sa.select(F.c.rule, F.c["keys"], F.c.message).where(
                F.c.report_id == report_id, F.c.severity.in_(("error", "warning"))
            )
            need = {finding_id(r.rule, json.loads(r[1]), r.message) for r in c.execute(q)}
            if not need:
                return True
            marked = {r[0] for r in c.execute(sa.select(V.c.finding).where(V.c.sha256 == sha))} if sha else set()
        return need <= marked

    def purge_files(self, *, days: float | None = None, reviewed: bool = False) -> list[dict[str, Any]]:
        """Delete the files of uploads past retention — read (or found unreadable) more than ``days``
        days ago, or, ``reviewed``, read and :meth:`reviewed` — keeping their rows and readings.
        Returns the uploads whose files were deleted: id, name, sha256, size, why ('days', 'reviewed')."""
        U = S.uploads
        cols = [U.c[n] for n in ("id", "name", "sha256", "size", "status", "report_id", "finished_at")]
        q = sa.select(*cols).where(U.c.data.is_not(None), U.c.status.in_(("done", "error")))
        with self._read() as c:
            rows = [dict(r) for r in c.execute(q.order_by(U.c.id)).mappings()]
        cutoff = None
        if days is not None:
            from datetime import UTC, datetime, timedelta

            cutoff = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")
        out = []
        for r in rows:
            why = None
            if cutoff is not None and (r["finished_at"] or "") < cutoff:
                why = "days"
            elif reviewed and r["status"] == "done" and r["report_id"] is not None and self.reviewed(r["report_id"]):
                why = "reviewed"
            if why is not None:
                out.append({k: r[k] for k in ("id", "name", "sha256", "size")} | {"why": why})
        if out:
            with self._write() as c:
                for r in out:
                    c.execute(U.update().where(U.c.id == r["id"]).values(data=None, purged_at=now()))
        return out

    def delete_upload(self, uid: int, *, reading: bool = False) -> dict[str, Any] | None:
        """Delete an upload's file (its row stays, marked purged) or, ``reading``, the upload
        altogether: its row and the report its reading became (review marks and corrections stay:
        they belong to the file's hash). Returns the upload's row as it was (without data), or
        None for an unknown upload."""
        U = S.uploads
        up = self.upload(uid)
        if up is None:
            return None
        with self._write() as c:
            if reading:
                c.execute(U.delete().where(U.c.id == uid))
                if up["report_id"] is not None:
                    c.execute(S.reports.delete().where(S.reports.c.id == up["report_id"]))
            else:
                c.execute(U.update().where(U.c.id == uid).values(data=None, purged_at=now()))
        return up

    def upload_of(self, report_id: int) -> int | None:
        """The upload a stored report was read from, if it was uploaded."""
        U = S.uploads
        with self._read() as c:
            return c.execute(sa.select(U.c.id).where(U.c.report_id == report_id)).scalar()

    def pending(self) -> list[tuple[int, str]]:
        """Uploads queued, or being read when the server stopped: (id, name), oldest first."""
        U = S.uploads
        with self._read() as c:
            q = sa.select(U.c.id, U.c.name).where(U.c.status.in_(("queued", "reading"))).order_by(U.c.id)
            return [(int(i), str(n)) for i, n in c.execute(q)]

    def recent(self, limit: int = 50) -> list[dict[str, Any]]:
        """The latest uploads, newest first."""
        U = S.uploads
        cols = [U.c[n] for n in ("id", "batch", "name", "sha256", "status", "error", "report_id", "created_by")]
        with self._read() as c:
            q = sa.select(*cols, U.c.created_at).order_by(U.c.id.desc()).limit(limit)
            return [dict(r) for r in c.execute(q).mappings()]

    def count_uploads(self) -> int:
        with self._read() as c:
            return int(c.execute(sa.select(sa.func.count()).select_from(S.uploads)).scalar_one())

    def marks_state(self, report_id: int) -> tuple[str | None, int, int] | None:
        """A stored report's file hash and the latest review mark and correction kept for it (ids;
        0: none): what changes a report's page besides the report. None for an unknown report."""
        R, V, K = S.reports, S.reviews, S.corrections
        q = sa.select(
            R.c.sha256,
            sa.select(sa.func.coalesce(sa.func.max(V.c.id), 0)).where(V.c.sha256 == R.c.sha256).scalar_subquery(),
            sa.select(sa.func.coalesce(sa.func.max(K.c.id), 0)).where(K.c.sha256 == R.c.sha256).scalar_subquery(),
        ).where(R.c.id == report_id)
        with self._read() as c:
            row = c.execute(q).first()
        return (row[0], int(row[1]), int(row[2])) if row else None

    # ------------------------------------------------------------ reviews
    def add_review(self, sha256: str, finding: str, rule: str, status: str, comment: str, user: str) -> None:
        """Keep a reviewer's mark on a finding (its id, :meth:`ogi.model.Finding.id`). Raises
        ValueError for a status not in :data:`REVIEW_STATUSES`."""
        if status not in REVIEW_STATUSES:
            raise ValueError(status)
        with self._write() as c:
            c.execute(
                S.reviews.insert().values(
                    sha256=sha256, finding=finding, rule=rule, status=status, comment=comment, user=user, at=now()
                )
            )
            self._changed(c, "marks")  # a follow-up's states kept by the pages (Store.signature) are old

    def reviews(self, sha256: str) -> dict[str, list[dict[str, Any]]]:
        """Every mark on the report's findings, newest first, by finding id."""
        V = S.reviews
        out: dict[str, list[dict[str, Any]]] = {}
        with self._read() as c:
            for r in c.execute(sa.select(V).where(V.c.sha256 == sha256).order_by(V.c.id.desc())).mappings():
                out.setdefault(r["finding"], []).append(dict(r))
        return out

    # ------------------------------------------------------------ corrections
    def add_correction(self, sha256: str, key: str, value: float | None, comment: str, user: str) -> int:
        """Keep a corrected value as a new version (2, 3, …; version 1 is the value as read);
        returns its version."""
        K = S.corrections
        for attempt in range(CONFLICT_RETRIES):
            if attempt:
                time.sleep(random.uniform(0, 0.01 * attempt))
            try:
                with self._write() as c:
                    top = c.execute(sa.select(sa.func.max(K.c.version)).where(K.c.sha256 == sha256, K.c.key == key))
                    version = int(top.scalar() or 1) + 1
                    c.execute(
                        K.insert().values(
                            sha256=sha256, key=key, version=version, value=value, comment=comment, user=user, at=now()
                        )
                    )
                    self._changed(c, "marks")
                    return version
            except (sa.exc.IntegrityError, sa.exc.OperationalError):  # another reviewer's version first; busy
                continue
        raise WriteConflict("同一数值正被多人同时更正，未能保存，请稍后重试。")

    def corrections(self, sha256: str) -> dict[str, list[dict[str, Any]]]:
        """Every corrected version of the report's values, newest first, by key."""
        K = S.corrections
        out: dict[str, list[dict[str, Any]]] = {}
        with self._read() as c:
            q = sa.select(K).where(K.c.sha256 == sha256).order_by(K.c.key, K.c.version.desc())
            for r in c.execute(q).mappings():
                out.setdefault(r["key"], []).append(dict(r) | {"value": whole(r["value"])})
        return out

    # ------------------------------------------------------------ many files at once
    def marks_of(self, shas: list[str]) -> tuple[dict[str, Marks], dict[str, Marks]]:
        """Review marks and corrections of many files at once: (sha → :meth:`reviews`, sha →
        :meth:`corrections`), each as those give them."""
        V, K = S.reviews, S.corrections
        revs: dict[str, Marks] = {s: {} for s in shas}
        corr: dict[str, Marks] = {s: {} for s in shas}
        with self._read() as c:
            for i in range(0, len(shas), 500):
                chunk = shas[i : i + 500]
                for r in c.execute(sa.select(V).where(V.c.sha256.in_(chunk)).order_by(V.c.id.desc())).mappings():
                    revs[r["sha256"]].setdefault(r["finding"], []).append(dict(r))
                q = sa.select(K).where(K.c.sha256.in_(chunk)).order_by(K.c.key, K.c.version.desc())
                for r in c.execute(q).mappings():
                    corr[r["sha256"]].setdefault(r["key"], []).append(dict(r) | {"value": whole(r["value"])})
        return revs, corr
