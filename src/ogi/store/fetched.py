"""What ``ogi fetch`` keeps: every URL requested, with its bytes where they are needed again (list
pages, report pages, attachments), the page's publication date and the fetch time; the files read
as reports are linked to their readings (path: the URL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from ogi.model import Rows
from ogi.store import schema as S
from ogi.store.readings import Readings


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


class Fetched(Readings):
    def fetched(self, url: str, *, data: bool = False) -> dict[str, Any] | None:
        """The row of a URL fetched before (``data``: with its bytes), or None."""
        T = S.fetched
        cols = [c for c in T.c if data or c.name != "data"]
        with self._read() as c:
            row = c.execute(sa.select(*cols).where(T.c.url == url)).mappings().first()
        return dict(row) if row else None

    def fetched_by_id(self, fid: int) -> dict[str, Any] | None:
        """A fetched row by id, with its bytes, or None."""
        with self._read() as c:
            row = c.execute(sa.select(S.fetched).where(S.fetched.c.id == fid)).mappings().first()
        return dict(row) if row else None

    def put_fetched(self, row: dict[str, Any]) -> int:
        """Keep what a request gave (columns of ``fetched``; ``url`` required), replacing the row of
        the same URL; ``fetched_at`` now when not given. Returns the row's id."""
        T = S.fetched
        vals = {"fetched_at": now(), **row}
        with self._write() as c:
            old = c.execute(sa.select(T.c.id).where(T.c.url == vals["url"])).scalar()
            if old is None:
                return int(c.execute(T.insert().values(**vals)).inserted_primary_key[0])
            c.execute(T.update().where(T.c.id == old).values(**vals))
            return int(old)

    def fetched_rows(self, *, kind: str | None = None) -> list[dict[str, Any]]:
        """Every fetched URL (without bytes), oldest first."""
        T = S.fetched
        q = sa.select(*[c for c in T.c if c.name != "data"]).order_by(T.c.id)
        if kind is not None:
            q = q.where(T.c.kind == kind)
        with self._read() as c:
            return [dict(r) for r in c.execute(q).mappings()]

    def fetched_unread(self, retry: tuple[str, ...] = ("timeout", "internal", "crash", "memory")) -> list[int]:
        """Ids of fetched reports not read yet, whose reading is of other bytes (the file changed at
        its URL), or that were unreadable for a reason that may pass (``retry``: error codes):
        what the next reading round reads."""
        T, R = S.fetched, S.reports
        q = (
            sa.select(T.c.id)
            .select_from(T.outerjoin(R, R.c.id == T.c.report_id))
            .where(T.c.is_report.is_(True), T.c.status == "ok", T.c.data.is_not(None))
            .where(
                sa.or_(
                    T.c.report_id.is_(None),
                    R.c.sha256.is_(None),
                    R.c.sha256 != T.c.sha256,
                    R.c.error_code.in_(list(retry)),
                )
            )
            .order_by(T.c.id)
        )
        with self._read() as c:
            return [int(i) for (i,) in c.execute(q)]

    def put_fetched_reading(self, fid: int, rows: Rows) -> int:
        """Store a fetched report's reading (path: its URL) and link it, in ONE transaction.
        Returns the report's id."""
        with self._write() as c:
            (rid,) = self._put(c, [rows])
            c.execute(S.fetched.update().where(S.fetched.c.id == fid).values(report_id=rid))
        return rid
