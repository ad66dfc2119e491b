"""The region's list of organs that must report (``organ_list``): replaced whole by an import,
read back in its order as :class:`ogi.corpus.organs.ListedOrgan`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from ogi.corpus.organs import ListedOrgan
from ogi.store import schema as S
from ogi.store.readings import Readings


class Organs(Readings):
    def put_organ_list(
        self, organs: Iterable[ListedOrgan], *, user: str | None = None, source: str | None = None
    ) -> int:
        """Replace the organ list with ``organs`` (one transaction); returns how many are listed."""
        at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        rows = [
            {
                "ord": i,
                "name": o.name,
                "short": json.dumps(list(o.short), ensure_ascii=False),
                "level": o.level,
                "parent": o.parent,
                "kind": o.kind,
                "imported_at": at,
                "imported_by": user,
                "source": source,
            }
            for i, o in enumerate(organs)
        ]
        with self._write() as c:
            c.execute(S.organ_list.delete())
            if rows:
                c.execute(S.organ_list.insert(), rows)
            n = self._meta(c, "organ_list").get("organ_list", "0")
            self._set_meta(c, "organ_list", str(int(n) + 1))  # the store's state changes (signature)
            self._changed(c)  # series made again: a short name the list gives joins its organ's series
        return len(rows)

    def _has_list(self) -> bool:
        """Whether the store has the table (a store of an earlier version opened with ``create=False``
        may not: it has no list)."""
        with self._read() as c:
            return sa.inspect(c).has_table(S.organ_list.name)

    def organ_list(self) -> list[ListedOrgan]:
        """The listed organs in the list's order (empty: no list imported)."""
        T = S.organ_list
        if not self._has_list():
            return []
        with self._read() as c:
            rows = c.execute(sa.select(T).order_by(T.c.ord)).mappings().all()
        return [
            ListedOrgan(
                name=r["name"],
                short=tuple(json.loads(r["short"] or "[]")),
                level=r["level"],
                parent=r["parent"],
                kind=r["kind"],
                row=int(r["ord"]) + 1,
            )
            for r in rows
        ]

    def organ_list_info(self) -> dict[str, Any] | None:
        """When and from what the list was imported, and by whom: {count, imported_at (UTC),
        imported_by, source}; None without a list."""
        T = S.organ_list
        if not self._has_list():
            return None
        with self._read() as c:
            n = c.execute(sa.select(sa.func.count()).select_from(T)).scalar() or 0
            if not n:
                return None
            r = c.execute(sa.select(T.c.imported_at, T.c.imported_by, T.c.source).limit(1)).mappings().one()
        return {"count": int(n), **dict(r)}
