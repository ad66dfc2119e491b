"""The corpus store: readings in, readings out. SQLite file by default, PostgreSQL by URL.

Every write of readings is ONE transaction holding whole reports only (a batch of them):
an interrupted build leaves each report either fully stored or absent, never half.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ogi import __version__
from ogi.report import Report
from ogi.store import schema as S

DEFAULT_DB = "ogi.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as is, else a path to a SQLite file.

    None means ``$OGI_DB`` or ``ogi.db`` in the current directory. ``postgresql://`` URLs
    are given the psycopg (v3) driver.
    """
    db = os.fspath(db) if db is not None else os.environ.get("OGI_DB", DEFAULT_DB)
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser().resolve()}"
    if db.startswith("postgresql://") or db.startswith("postgres://"):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    return db


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's BEGIN (below) open real transactions; WAL lets readers (the web app)
    # read while a build writes; NORMAL sync in WAL is crash-safe (kill -9): a transaction
    # is either in the file or not.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")


@cache
def _key_order() -> dict[str, dict[str, int]]:
    from ogi.template import spec

    return {tid: {k: i for i, k in enumerate(t.keys)} for tid, t in spec().templates.items()}


@cache
def _amount_keys() -> frozenset[str]:
    return frozenset(r["key"] for r in S.key_rows() if r["kind"] == "amount")  # type: ignore[misc]


@cache
def _key_kinds() -> dict[str, str]:
    return {r["key"]: r["kind"] for r in S.key_rows()}  # type: ignore[misc]


def _num(key: str, v: float | None) -> int | float | None:
    if v is None:
        return None
    if float(v).is_integer() and _key_kinds().get(key, "count") != "amount":
        return int(v)
    return v


class Store:
    """A corpus of readings in one database.

    >>> store = Store("corpus.db")                 # or "postgresql://user@host/db"
    >>> store.put([report.to_dict()])              # one transaction, replaces the same path
    >>> store.get("/abs/path/report.txt")["cells"]["t3.new.total"]
    >>> store.close()

    Reading methods return plain dicts/lists (JSON-ready); :meth:`get` returns the same
    shape as ``Report.to_dict()`` (plus ``id`` and store metadata) so ``Report.from_dict``
    rebuilds a :class:`ogi.Report`.
    """

    def __init__(self, db: str | os.PathLike[str] | None = None, *, create: bool = True) -> None:
        self.url = resolve_url(db)
        self.engine = sa.create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        if create:
            self.create()

    # ---- schema -------------------------------------------------------------------------------

    def create(self) -> None:
        """Create the tables if missing and (re)fill ``keys`` from the template data."""
        want = S.key_rows()
        with self.engine.connect() as conn:
            insp = sa.inspect(conn)
            if insp.has_table(S.meta.name):
                have_v = conn.execute(sa.select(S.meta.c.value).where(S.meta.c.name == "schema_version")).scalar()
                if have_v is not None and have_v != str(S.SCHEMA_VERSION) and have_v.isdigit():
                    have_v = self._upgrade(int(have_v))
                if have_v is not None and have_v != str(S.SCHEMA_VERSION):
                    from ogi.errors import OgiError

                    raise OgiError(
                        f"数据库结构版本 {have_v} 与本程序 ({S.SCHEMA_VERSION}) 不符，请用新文件重新 ogi build "
                        "(store schema version differs: build a new store)",
                        path=self.url,
                    )
            if all(insp.has_table(t.name) for t in S.metadata.sorted_tables):
                have = [dict(r._mapping) for r in conn.execute(sa.select(S.keys).order_by(S.keys.c.ord))]
                if have == want:
                    return
        with self._write() as conn:
            S.metadata.create_all(conn)
            conn.execute(sa.delete(S.keys))
            conn.execute(sa.insert(S.keys), want)
            conn.execute(sa.delete(S.meta).where(S.meta.c.name == "schema_version"))
            conn.execute(sa.insert(S.meta), [{"name": "schema_version", "value": str(S.SCHEMA_VERSION)}])

    def _upgrade(self, version: int) -> str:
        """Bring a store of an earlier schema version up to this one where :data:`schema.UPGRADES`
        knows how (readings stored before keep what they had; new columns stay empty until they
        are read again); the version reached."""
        if version >= S.SCHEMA_VERSION or any(v not in S.UPGRADES for v in range(version, S.SCHEMA_VERSION)):
            return str(version)
        with self._write() as conn:
            for v in range(version, S.SCHEMA_VERSION):
                for stmt in S.UPGRADES[v]:
                    conn.execute(sa.text(stmt))
            conn.execute(sa.update(S.meta).where(S.meta.c.name == "schema_version").values(value=str(S.SCHEMA_VERSION)))
        return str(S.SCHEMA_VERSION)

    def files(self) -> set[str]:
        """The store's own files (a SQLite database and its -wal/-shm/-journal), never inputs."""
        db = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        if not db or db == ":memory:":
            return set()
        base = str(Path(db).resolve())
        return {base + sfx for sfx in ("", "-wal", "-shm", "-journal")}

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self) -> Any:
        conn = self.engine.connect()
        conn.info["write"] = True

        class _Tx:
            def __enter__(_s) -> sa.Connection:
                _s.tx = conn.begin()
                return conn

            def __exit__(_s, et: object, ev: object, tb: object) -> None:
                try:
                    if et is None:
                        _s.tx.commit()
                    else:
                        _s.tx.rollback()
                finally:
                    conn.info.pop("write", None)
                    conn.close()

        return _Tx()

    # ---- writing ------------------------------------------------------------------------------

    def known(self) -> dict[str, tuple[str | None, bool]]:
        """Every stored path → (sha256, removed). What an incremental build compares against."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(S.reports.c.path, S.reports.c.sha256, S.reports.c.removed))
            return {p: (h, bool(r)) for p, h, r in rows}

    def retry_paths(self, codes: Sequence[str] = ("timeout", "internal", "crash", "memory")) -> set[str]:
        """Paths stored as unreadable for a reason that may pass (a timeout, an internal error, a
        reading process that died or was stopped past the memory limit):
        an incremental build reads them again even though their content is unchanged."""
        R = S.reports
        with self.engine.connect() as conn:
            q = sa.select(R.c.path).where(R.c.status == "error", R.c.error_code.in_(list(codes)))
            return {p for (p,) in conn.execute(q)}

    def put(self, items: Sequence[dict[str, Any]]) -> list[int]:
        """Store whole readings in ONE transaction; return their ids (in order).

        Each item is ``Report.to_dict()`` (``source.path`` identifies it), or for an input that
        could not be read ``{"source": {"path", ...}, "error": {"code", "message"}}``, or either
        already passed through :func:`prepare` (workers do that to spare the writer). A report
        already stored under the same path is replaced (its cells, sections and findings — of every
        scope — go with it).
        """
        if not items:
            return []
        now = _dt.datetime.now(_dt.UTC)
        preps = [it if it.get("prepared") else prepare(it) for it in items]
        last = {p["report"]["path"]: i for i, p in enumerate(preps)}
        if len(last) != len(preps):
            preps = [p for i, p in enumerate(preps) if last[p["report"]["path"]] == i]
        with self._write() as conn:
            self._delete_paths(conn, list(last))
            ids = [
                r[0]
                for r in conn.execute(
                    sa.insert(S.reports).returning(S.reports.c.id, sort_by_parameter_order=True),
                    [p["report"] | {"stored_at": now} for p in preps],
                )
            ]
            cells = [(rid, *c) for rid, p in zip(ids, preps, strict=True) for c in p["cells"]]
            secs = [(rid, *c) for rid, p in zip(ids, preps, strict=True) for c in p["sections"]]
            finds = [(rid, *c) for rid, p in zip(ids, preps, strict=True) for c in p["findings"]]
            self._insert_many(conn, "cells", ("report_id", *S.CELL_COLUMNS), cells)
            self._insert_many(conn, "sections", ("report_id", *S.SECTION_COLUMNS), secs)
            self._insert_many(conn, "findings", ("report_id", *S.FINDING_COLUMNS), finds)
        return ids

    def _insert_many(self, conn: sa.Connection, table: str, cols: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        # Plain DBAPI executemany of tuples: the fast path for hundreds of thousands of cells.
        if not rows:
            return
        q = self.engine.dialect.identifier_preparer.quote
        if self.engine.dialect.name == "postgresql" and self.engine.dialect.driver == "psycopg":
            # COPY: PostgreSQL's bulk path, in the same transaction (same DBAPI connection).
            raw = conn.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cur, cur.copy(f"COPY {q(table)} ({', '.join(q(c) for c in cols)}) FROM STDIN") as cp:
                for r in rows:
                    cp.write_row(r)
            return
        ph = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        head = f"INSERT INTO {q(table)} ({', '.join(q(c) for c in cols)}) VALUES "
        one = f"({', '.join([ph] * len(cols))})"
        # Many rows per statement (within SQLite's oldest limit of 999 parameters): a quarter less
        # CPU than one statement per row; the rest, fewer than a statement's worth, one per row.
        per = max(1, 999 // len(cols))
        full = len(rows) // per * per
        if full:
            sql = head + ", ".join([one] * per)
            conn.exec_driver_sql(sql, [tuple(chain.from_iterable(rows[i : i + per])) for i in range(0, full, per)])
        if full < len(rows):
            conn.exec_driver_sql(head + one, rows[full:])

    def _delete_paths(self, conn: sa.Connection, paths: Sequence[str]) -> None:
        for i in range(0, len(paths), 500):
            chunk = list(paths[i : i + 500])
            old = sa.select(S.reports.c.id).where(S.reports.c.path.in_(chunk)).scalar_subquery()
            conn.execute(
                sa.delete(S.series_pairs).where(
                    S.series_pairs.c.report_id.in_(old) | S.series_pairs.c.previous_id.in_(old)
                )
            )
            conn.execute(sa.delete(S.cells).where(S.cells.c.report_id.in_(old)))
            conn.execute(sa.delete(S.sections).where(S.sections.c.report_id.in_(old)))
            conn.execute(
                sa.delete(S.findings).where(S.findings.c.report_id.in_(old) | S.findings.c.related_id.in_(old))
            )
            conn.execute(sa.delete(S.reports).where(S.reports.c.path.in_(chunk)))

    def set_removed(self, paths: Iterable[str], removed: bool = True) -> int:
        """Mark stored reports whose file is gone (or back); nothing is deleted. Returns rows changed."""
        paths = list(paths)
        n = 0
        with self._write() as conn:
            for i in range(0, len(paths), 500):
                chunk = paths[i : i + 500]
                n += conn.execute(
                    sa.update(S.reports)
                    .where(S.reports.c.path.in_(chunk), S.reports.c.removed != removed)
                    .values(removed=removed)
                ).rowcount
        return n

    def put_findings(
        self, report: int | str, findings: Iterable[Any], *, scope: str, related: int | str | None = None
    ) -> int:
        """Add findings of another ``scope`` (e.g. 'cross_year' from ``ogi.check.cross_year``) to a
        stored report, in one transaction, replacing that report's earlier findings of the same scope
        and ``related`` report. ``findings`` are :class:`ogi.Finding` objects or their dicts."""
        rid = self.report_id(report)
        rel = self.report_id(related) if related is not None else None
        ds = [f if isinstance(f, dict) else f.to_dict() for f in findings]
        with self._write() as conn:
            cond = (S.findings.c.report_id == rid) & (S.findings.c.scope == scope)
            cond &= S.findings.c.related_id.is_(None) if rel is None else (S.findings.c.related_id == rel)
            conn.execute(sa.delete(S.findings).where(cond))
            rows = [(rid, *r) for r in _finding_rows(ds, scope, rel)]
            self._insert_many(conn, "findings", ("report_id", *S.FINDING_COLUMNS), rows)
        return len(ds)

    def apply_pairs(
        self,
        pairs: Iterable[tuple[int | str, int | str]],
        fn: Callable[[Report, Report], Iterable[Any]],
        *,
        scope: str = "cross_year",
    ) -> int:
        """For each (prev, cur) pair of stored reports, store ``fn(prev, cur)``'s findings on ``cur``
        with ``related=prev`` (e.g. ``fn = ogi.check.cross_year.cross_year``; the pairing — which
        reports are the same organ's consecutive years — is the caller's). Returns findings stored."""
        n = 0
        for prev, cur in pairs:
            n += self.put_findings(cur, list(fn(self.report(prev), self.report(cur))), scope=scope, related=prev)
        return n

    # ---- cross-year pairs (see ogi.store.crossyear) --------------------------------------------
    def series_members(self) -> list[dict[str, Any]]:
        """What pairing readings into series needs, for every readable report not removed: id, path,
        template, year, agency, region, errors, cells_read."""
        R = S.reports
        cols = [R.c[n] for n in ("id", "path", "template", "year", "agency", "region", "errors", "cells_read")]
        q = sa.select(*cols).where(R.c.status == "ok", R.c.removed.is_(False)).order_by(R.c.id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def partial_dicts(
        self, ids: Iterable[int], keys: Iterable[str], sections: Iterable[str], chunk: int = 500
    ) -> Iterator[dict[str, Any]]:
        """Readings cut down to some keys (values and where they stood) and some sections, shaped as
        ``Report.to_dict()`` without findings: what cross-year checks read, at a fraction of the cost
        of whole readings."""
        R, C, SE = S.reports, S.cells, S.sections
        keys, names, ids = list(keys), list(sections), list(ids)
        meta = ("path", "format", "template", "year", "agency", "region")
        with self.engine.connect() as conn:
            for i in range(0, len(ids), chunk):
                part = ids[i : i + chunk]
                cells: dict[int, list[Any]] = {r: [] for r in part}
                q = sa.select(C.c.report_id, C.c.key, C.c.value, C.c["where"])
                for rid, k, v, w in conn.execute(q.where(C.c.report_id.in_(part), C.c.key.in_(keys))):
                    cells[rid].append((k, v, w))
                secs: dict[int, dict[str, Any]] = {r: {} for r in part}
                q2 = sa.select(SE.c.report_id, SE.c.name, SE.c.text)
                for rid, name, text in conn.execute(q2.where(SE.c.report_id.in_(part), SE.c.name.in_(names))):
                    secs[rid][name] = text
                for r in conn.execute(sa.select(R.c.id, *[R.c[m] for m in meta]).where(R.c.id.in_(part))):
                    yield {
                        "id": r.id,
                        "source": {"path": r.path, "format": r.format},
                        **{m: getattr(r, m) for m in meta[2:]},
                        "cells": {k: _num(k, v) for k, v, _w in cells[r.id]},
                        "provenance": {k: _where(w) for k, _v, w in cells[r.id] if w},
                        "sections": secs[r.id],
                    }

    def series_pairs(self) -> set[tuple[int, int]]:
        """(report id, previous year's report id) of every pair whose cross-year findings are stored."""
        P = S.series_pairs
        with self.engine.connect() as conn:
            return {(a, b) for a, b in conn.execute(sa.select(P.c.report_id, P.c.previous_id))}

    def put_pairs(
        self,
        checked: Sequence[tuple[int, int, str, Sequence[Any]]],
        dropped: Iterable[tuple[int, int]] = (),
        *,
        scope: str = "cross_year",
    ) -> None:
        """In ONE transaction: forget ``dropped`` (report, previous) pairs and their findings, and store
        ``checked`` ones as (report id, previous id, series id, findings) — findings are
        :class:`ogi.Finding` objects or their dicts, kept on the report with ``related`` = previous.
        Then no finding of ``scope`` is left without its pair."""
        P, F = S.series_pairs, S.findings
        pairs = [{"r": r, "p": p} for r, p in dropped] + [{"r": r, "p": p} for r, p, _s, _f in checked]
        rows = []
        for r, p, _s, finds in checked:
            ds = [f if isinstance(f, dict) else f.to_dict() for f in finds]
            rows += [(r, *row) for row in _finding_rows(ds, scope, p)]
        with self._write() as conn:
            if pairs:
                conn.execute(
                    sa.delete(P).where(P.c.report_id == sa.bindparam("r"), P.c.previous_id == sa.bindparam("p")),
                    pairs,
                )
                conn.execute(
                    sa.delete(F).where(
                        F.c.scope == scope, F.c.report_id == sa.bindparam("r"), F.c.related_id == sa.bindparam("p")
                    ),
                    pairs,
                )
            if checked:
                conn.execute(sa.insert(P), [{"report_id": r, "previous_id": p, "series": s} for r, p, s, _ in checked])
            self._insert_many(conn, "findings", ("report_id", *S.FINDING_COLUMNS), rows)
            orphan = ~sa.exists().where(P.c.report_id == F.c.report_id, P.c.previous_id == F.c.related_id)
            conn.execute(sa.delete(F).where(F.c.scope == scope, orphan))

    def count_findings(self, scope: str) -> int:
        with self.engine.connect() as conn:
            q = sa.select(sa.func.count()).select_from(S.findings).where(S.findings.c.scope == scope)
            return int(conn.execute(q).scalar() or 0)

    def clear_findings(self, scope: str) -> int:
        """Delete every finding of a scope (never 'report': those belong to the reading)."""
        if scope == "report":
            raise ValueError("report findings belong to their reading; re-build to change them")
        with self._write() as conn:
            return conn.execute(sa.delete(S.findings).where(S.findings.c.scope == scope)).rowcount

    # ---- reading ------------------------------------------------------------------------------

    def report_id(self, ref: int | str) -> int:
        """The id of a stored report given its id (int or digits) or its path (as stored, or a
        path that resolves to it). Raises KeyError."""
        with self.engine.connect() as conn:
            if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
                rid = conn.execute(sa.select(S.reports.c.id).where(S.reports.c.id == int(ref))).scalar()
            else:
                rid = conn.execute(sa.select(S.reports.c.id).where(S.reports.c.path == ref)).scalar()
                if rid is None:
                    rid = conn.execute(
                        sa.select(S.reports.c.id).where(S.reports.c.path == str(Path(ref).resolve()))
                    ).scalar()
        if rid is None:
            raise KeyError(f"no stored report {ref!r}")
        return int(rid)

    def reports(
        self,
        *,
        include_removed: bool = False,
        status: str | None = None,
        year: int | None = None,
        agency: str | None = None,
        region: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Report metadata rows (no cells), ordered by id: id, path, sha256, size, format, template,
        year, agency, region, published, status, error_code, error_message, errors, warnings, cells_read,
        removed, stored_at."""
        t = S.reports
        q = sa.select(*[c for c in t.c if c.name not in ("extras",)]).order_by(t.c.id)
        if not include_removed:
            q = q.where(t.c.removed.is_(False))
        for col, v in (("status", status), ("year", year), ("agency", agency), ("region", region)):
            if v is not None:
                q = q.where(t.c[col] == v)
        if limit is not None:
            q = q.limit(limit)
        if offset:
            q = q.offset(offset)
        with self.engine.connect() as conn:
            return [_plain(dict(r._mapping)) for r in conn.execute(q)]

    def count(self, *, include_removed: bool = False) -> dict[str, int]:
        """{'reports', 'ok', 'error', 'removed', 'cells', 'findings'}."""
        t = S.reports
        with self.engine.connect() as conn:
            by = dict(
                conn.execute(
                    sa.select(t.c.status, sa.func.count())
                    .where(sa.true() if include_removed else t.c.removed.is_(False))
                    .group_by(t.c.status)
                ).all()
            )
            removed = conn.execute(sa.select(sa.func.count()).where(t.c.removed.is_(True))).scalar() or 0
            cells = conn.execute(sa.select(sa.func.count()).select_from(S.cells)).scalar() or 0
            finds = conn.execute(sa.select(sa.func.count()).select_from(S.findings)).scalar() or 0
        return {
            "reports": sum(by.values()),
            "ok": by.get("ok", 0),
            "error": by.get("error", 0),
            "removed": removed,
            "cells": cells,
            "findings": finds,
        }

    def get(self, ref: int | str, *, sections: bool = True) -> dict[str, Any]:
        """One stored reading as ``Report.to_dict()`` (+ ``id``, ``status``, ``removed``, and
        ``error`` for an unreadable input). Findings of other scopes carry ``scope`` and
        ``related`` (the other report's path)."""
        rid = self.report_id(ref)
        return next(self.iter_dicts([rid], sections=sections))

    def report(self, ref: int | str) -> Report:
        """One stored reading as an :class:`ogi.Report` (without its document)."""
        return Report.from_dict(self.get(ref))

    def iter_dicts(
        self,
        ids: Iterable[int] | None = None,
        *,
        sections: bool = True,
        include_removed: bool = False,
        scopes: Sequence[str] | None = None,
        provenance: bool = True,
        chunk: int = 500,
    ) -> Iterator[dict[str, Any]]:
        """Stored readings as ``Report.to_dict()``-shaped dicts, by id order (or the ids given),
        fetched ``chunk`` reports at a time. ``scopes`` limits findings (default: every scope);
        ``provenance=False`` leaves out where each value stood (faster, for tables of values)."""
        if ids is None:
            ids = [r["id"] for r in self.reports(include_removed=include_removed)]
        ids = list(ids)
        with self.engine.connect() as conn:
            for i in range(0, len(ids), chunk):
                part = ids[i : i + chunk]
                yield from self._load(conn, part, sections, scopes, provenance)

    def _load(
        self, conn: sa.Connection, ids: list[int], sections: bool, scopes: Sequence[str] | None, provenance: bool
    ) -> Iterator[dict[str, Any]]:
        R, C, F, SE = S.reports, S.cells, S.findings, S.sections
        reps = {r.id: r for r in conn.execute(sa.select(R).where(R.c.id.in_(ids)))}
        cells: dict[int, list[Any]] = {i: [] for i in ids}
        cq = sa.select(C.c.report_id, C.c.key, C.c.value, C.c.inferred, C.c["where"]).where(C.c.report_id.in_(ids))
        for rid, *rest in conn.execute(cq).all():
            cells[rid].append(rest)
        fq = sa.select(F, R.c.path.label("related_path")).outerjoin(R, R.c.id == F.c.related_id)
        fq = fq.where(F.c.report_id.in_(ids)).order_by(F.c.report_id, F.c.scope != "report", F.c.scope, F.c.ord)
        if scopes is not None:
            fq = fq.where(F.c.scope.in_(list(scopes)))
        finds: dict[int, list[Any]] = {i: [] for i in ids}
        for r in conn.execute(fq):
            finds[r.report_id].append(r)
        secs: dict[int, list[Any]] = {i: [] for i in ids}
        if sections:
            for r in conn.execute(sa.select(SE).where(SE.c.report_id.in_(ids)).order_by(SE.c.report_id, SE.c.ord)):
                secs[r.report_id].append(r)
        for rid in ids:
            r = reps.get(rid)
            if r is None:
                continue
            yield _to_dict(r, cells[rid], finds[rid], secs[rid], sections, provenance)

    def wide(self, *, labels: str = "keys", include_removed: bool = False) -> tuple[list[str], Iterator[list[Any]]]:
        """(header, rows): one row per stored reading, metadata first, then one column per key
        (see :mod:`ogi.export.rows`). Unreadable inputs have their error in ``rules``' place."""
        from ogi.export.rows import wide_header, wide_row

        def rows() -> Iterator[list[Any]]:
            for d in self.iter_dicts(
                sections=False, include_removed=include_removed, scopes=["report"], provenance=False
            ):
                yield wide_row(d)

        return wide_header(labels), rows()

    def findings(
        self,
        *,
        rule: str | None = None,
        severity: str | None = None,
        scope: str | None = None,
        report: int | str | None = None,
        include_removed: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Findings across the corpus, newest reports last: report_id, path, year, agency, scope,
        related_id, rule, severity, message, keys, values, where (decoded)."""
        F, R = S.findings, S.reports
        q = (
            sa.select(
                F.c.report_id,
                R.c.path,
                R.c.year,
                R.c.agency,
                F.c.scope,
                F.c.related_id,
                F.c.rule,
                F.c.severity,
                F.c.message,
                F.c["keys"],
                F.c.vals,
                F.c["where"],
            )
            .join(R, R.c.id == F.c.report_id)
            .order_by(F.c.report_id, F.c.scope, F.c.ord)
        )
        if not include_removed:
            q = q.where(R.c.removed.is_(False))
        for col, v in ((F.c.rule, rule), (F.c.severity, severity), (F.c.scope, scope)):
            if v is not None:
                q = q.where(col == v)
        if report is not None:
            q = q.where(F.c.report_id == self.report_id(report))
        if limit is not None:
            q = q.limit(limit)
        if offset:
            q = q.offset(offset)
        out = []
        with self.engine.connect() as conn:
            for r in conn.execute(q):
                d = dict(r._mapping)
                d["keys"], d["values"], d["where"] = _json(d.pop("keys")), _json(d.pop("vals")), _json(d["where"])
                out.append(d)
        return out

    def values(self, key: str, *, include_removed: bool = False) -> list[dict[str, Any]]:
        """One key across the corpus (for trends and distributions): report_id, path, year, agency,
        region, value, inferred; ordered by agency, year."""
        C, R = S.cells, S.reports
        q = (
            sa.select(R.c.id.label("report_id"), R.c.path, R.c.year, R.c.agency, R.c.region, C.c.value, C.c.inferred)
            .join(R, R.c.id == C.c.report_id)
            .where(C.c.key == key)
            .order_by(R.c.agency, R.c.year, R.c.id)
        )
        if not include_removed:
            q = q.where(R.c.removed.is_(False))
        with self.engine.connect() as conn:
            return [
                dict(r._mapping) | {"value": _num(key, r.value), "inferred": _num(key, r.inferred)}
                for r in conn.execute(q)
            ]

    def key_table(self) -> list[dict[str, Any]]:
        """The ``keys`` table: key, ord, table_id, row_key, column_key, label, kind, unit, in_2021, in_2019."""
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(S.keys).order_by(S.keys.c.ord))]

    def query(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """Run read-only SQL text against the store (tables: see :mod:`ogi.store.schema`)."""
        with self.engine.connect() as conn:
            return [_plain(dict(r._mapping)) for r in conn.execute(sa.text(sql), params)]


# ---- rows <-> dicts ---------------------------------------------------------------------------


def _report_row(
    src: dict[str, Any], it: dict[str, Any], err: dict[str, Any] | None, severities: list[str]
) -> dict[str, Any]:
    extras = it.get("extras")
    return {
        "path": src["path"],
        "sha256": src.get("sha256"),
        "size": src.get("size"),
        "format": src.get("format"),
        "encoding": src.get("encoding"),
        "pages": src.get("pages"),
        "template": it.get("template"),
        "year": it.get("year"),
        "agency": it.get("agency"),
        "region": it.get("region"),
        "published": it.get("published"),
        "status": "error" if err else "ok",
        "error_code": err.get("code") if err else None,
        "error_message": err.get("message") if err else None,
        "errors": severities.count("error"),
        "warnings": severities.count("warning"),
        "cells_read": sum(v is not None for v in (it.get("cells") or {}).values()),
        "extras": json.dumps(extras, ensure_ascii=False) if extras else None,
        "removed": False,
        "ogi_version": __version__,
    }


def prepare(it: dict[str, Any]) -> dict[str, Any]:
    """A reading (``Report.to_dict()`` or an error item) as the rows :meth:`Store.put` inserts.

    Pure (no database): build workers call it (or :func:`prepare_report`) so the writer only
    runs executemany.
    """
    src = it.get("source") or {}
    err = it.get("error")
    finds = it.get("findings") or []
    report = _report_row(src, it, err, [f.get("severity") for f in finds])
    if err:
        return {"prepared": True, "report": report, "cells": [], "sections": [], "findings": []}
    prov = it.get("provenance") or {}
    inferred = it.get("inferred") or {}
    cells = [(k, v, inferred.get(k), _where_json(prov.get(k))) for k, v in (it.get("cells") or {}).items()]
    secs = [(name, i, text) for i, (name, text) in enumerate((it.get("sections") or {}).items())]
    return {
        "prepared": True,
        "report": report,
        "cells": cells,
        "sections": secs,
        "findings": _finding_rows(finds, "report", None),
    }


def prepare_report(rep: Report, path: str) -> dict[str, Any]:
    """``prepare(rep.to_dict())`` with ``source.path`` = ``path``, made straight from the Report
    (no dict of every value and place in between: a quarter of the preparing time)."""
    src = rep.source
    meta = {"template": rep.template, "year": rep.year, "agency": rep.agency, "region": rep.region}
    meta["published"] = rep.published
    meta |= {"cells": rep.cells, "extras": rep.extras}
    srcd = {"path": path, "sha256": src.sha256, "size": src.size, "format": src.format}
    srcd |= {"encoding": src.encoding, "pages": src.pages}
    finds = [f.to_dict() for f in rep.findings]
    prov, inferred = rep.provenance, rep.inferred
    cells = []
    for k, v in rep.cells.items():
        w = prov.get(k)
        if w is None:
            wj = None
        elif w.line is not None and w.page is None and w.table is None and w.bbox is None and w.row is w.col is None:
            wj = f'{{"line":{w.line}}}'  # text sources: the common case, without json.dumps
        else:
            wj = _where_json(w.to_dict())
        cells.append((k, v, inferred.get(k), wj))
    return {
        "prepared": True,
        "report": _report_row(srcd, meta, None, [f.severity for f in rep.findings]),
        "cells": cells,
        "sections": [(name, i, text) for i, (name, text) in enumerate(rep.sections.items())],
        "findings": _finding_rows(finds, "report", None),
    }


def _where_json(w: dict[str, Any] | None) -> str | None:
    if not w:
        return None
    if len(w) == 1 and "line" in w:  # text sources: the common case, without json.dumps
        return f'{{"line":{int(w["line"])}}}'
    return json.dumps(w, separators=(",", ":"))


def _finding_rows(finds: list[dict[str, Any]], scope: str, related: int | None) -> list[tuple[Any, ...]]:
    return [
        (
            scope,
            related,
            i,
            f["rule"],
            f["severity"],
            f.get("message", ""),
            json.dumps(list(f.get("keys") or []), ensure_ascii=False),
            json.dumps(dict(f.get("values") or {}), ensure_ascii=False),
            json.dumps(list(f.get("where") or []), ensure_ascii=False),
        )
        for i, f in enumerate(finds)
    ]


def _json(v: Any) -> Any:
    return json.loads(v) if isinstance(v, str) else v


def _plain(d: dict[str, Any]) -> dict[str, Any]:
    for k, v in d.items():
        if isinstance(v, _dt.datetime):
            d[k] = v.astimezone(_dt.UTC).isoformat() if v.tzinfo else v.replace(tzinfo=_dt.UTC).isoformat()
    return d


def _to_dict(
    r: Any, cells: list[Any], finds: list[Any], secs: list[Any], with_sections: bool, provenance: bool = True
) -> dict[str, Any]:
    src = {
        k: getattr(r, k) for k in ("path", "format", "sha256", "size", "encoding", "pages") if getattr(r, k) is not None
    }
    if r.status == "error":
        return {
            "id": r.id,
            "status": r.status,
            "removed": bool(r.removed),
            "source": src,
            "error": {"code": r.error_code, "message": r.error_message, "path": r.path},
        }
    order = _key_order().get(r.template or "", {})
    cells = sorted(cells, key=lambda c: (order.get(c[0], 10**6), c[0]))
    amount = _amount_keys()
    d: dict[str, Any] = {
        "id": r.id,
        "status": r.status,
        "removed": bool(r.removed),
        "source": src,
        "template": r.template,
        "year": r.year,
        "agency": r.agency,
        "region": r.region,
        "published": r.published,
        "cells": {k: int(v) if v is not None and k not in amount and v.is_integer() else v for k, v, _i, _w in cells},
        "provenance": {k: _where(w) for k, _v, _i, w in cells if w} if provenance else {},
        "findings": [_finding(f) for f in finds],
    }
    inferred = {k: _num(k, i) for k, _v, i, _w in cells if i is not None}
    if inferred:
        d["inferred"] = inferred
    extras = _json(r.extras)
    if extras:
        d["extras"] = extras
    if with_sections:
        d["sections"] = {s.name: s.text for s in secs}
    return d


def _where(w: str) -> dict[str, Any]:
    if w.startswith('{"line":') and w[8:-1].isdigit():  # the common case, without json.loads
        return {"line": int(w[8:-1])}
    return json.loads(w)  # type: ignore[no-any-return]


def _finding(f: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"rule": f.rule, "severity": f.severity, "message": f.message}
    keys, vals, where = _json(f.keys), _json(f.vals), _json(f.where)
    if keys:
        d["keys"] = keys
    if vals:
        d["values"] = vals
    if where:
        d["where"] = where
    if f.scope != "report":
        d["scope"] = f.scope
        if f.related_path is not None:
            d["related"] = f.related_path
    return d
