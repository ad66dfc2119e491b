"""The store's database: one engine, its settings, its transactions, and bringing the schema up to date."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ogi.errors import OgiError
from ogi.store import schema as S

DEFAULT_DB = "ogi.db"
BUSY_MS = 60_000  # how long a SQLite connection waits for another's write before it fails
WAL_KEEP_BYTES = 16 * 1024 * 1024


class WriteConflict(OgiError):
    """A write that kept meeting others' at the same moment (the same version taken, the database
    busy): nothing was written; trying again later may succeed. ``message`` is for a clerk."""

    code = "conflict"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL from ``--db``: a URL as is, ``:memory:`` an in-memory SQLite database,
    else a path to a SQLite file.

    None means ``$OGI_DB`` or ``ogi.db`` in the current directory. ``postgresql://`` and
    ``postgres://`` URLs are given the psycopg (v3) driver.
    """
    db = os.fspath(db) if db is not None else os.environ.get("OGI_DB", DEFAULT_DB)
    if db == ":memory:":
        return "sqlite://"
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser().resolve()}"
    if db.startswith(("postgresql://", "postgres://")):
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
    cur.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    # the write-ahead log is cut back to this size after a checkpoint (without it, it keeps the size
    # of the largest transaction it ever held: tens of MB after a build or a batch of uploads)
    cur.execute(f"PRAGMA journal_size_limit={WAL_KEEP_BYTES}")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # A writer takes the write lock at once (BEGIN IMMEDIATE): two writers never both hold a read
    # lock and then deadlock on upgrading it (SQLite would fail one at once, busy_timeout or not).
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")


class _Tx:
    """A write transaction on its own connection: committed when the block ends, rolled back when
    it raises."""

    def __init__(self, engine: sa.Engine) -> None:
        self.conn = engine.connect()
        self.conn.info["write"] = True

    def __enter__(self) -> sa.Connection:
        self.tx = self.conn.begin()
        return self.conn

    def __exit__(self, et: object, ev: object, tb: object) -> None:
        try:
            if et is None:
                self.tx.commit()
            else:
                self.tx.rollback()
        finally:
            self.conn.info.pop("write", None)
            self.conn.close()


class Base:
    """One database, one engine: what every part of :class:`ogi.store.Store` shares."""

    def __init__(self, db: str | os.PathLike[str] | None = None, *, create: bool = True) -> None:
        self.url = resolve_url(db)
        kw: dict[str, Any] = {}
        if self.url == "sqlite://":  # one in-memory database shared by every connection of this store
            kw = {"poolclass": sa.StaticPool, "connect_args": {"check_same_thread": False}}
        self.engine = sa.create_engine(self.url, **kw)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        if create:
            self.create()

    # ---- schema -------------------------------------------------------------------------------

    def create(self) -> None:
        """Create what is missing — tables, columns of tables made by an earlier version (a store
        of version 3 or 4 is brought up to date in place: version 4's long table of values moved
        into ``vals`` and ``provenance``), the view ``cells``, the derived tables — and (re)fill
        ``keys`` from the template. Raises :class:`OgiError` for a store of a version it cannot
        bring up to date."""
        want = S.key_rows()
        with self.engine.connect() as conn:
            insp = sa.inspect(conn)
            names = set(insp.get_table_names())
            version = None
            if S.meta.name in names:
                version = conn.execute(sa.select(S.meta.c.value).where(S.meta.c.name == "schema_version")).scalar()
            upgradable = version is not None and version.isdigit() and int(version) in S.UPGRADABLE
            if version is not None and version != str(S.SCHEMA_VERSION) and not upgradable:
                raise OgiError(
                    f"数据库结构版本 {version} 与本程序 ({S.SCHEMA_VERSION}) 不符，请用新文件重新 ogi build "
                    "(store schema version differs: build a new store)",
                    path=self.url,
                )
            have = {t: {c["name"] for c in insp.get_columns(t)} for t in names if t in S.metadata.tables}
            indexed = {t: {i["name"] for i in insp.get_indexes(t)} for t in have}
            complete = (
                version == str(S.SCHEMA_VERSION)
                and all(t.name in names for t in S.metadata.sorted_tables)
                and not any(S.missing_columns(have))
                and not any(S.missing_indexes(indexed))
                and not any(name in got for got in indexed.values() for name in S.RETIRED_INDEXES)
                and S.CELLS_VIEW in insp.get_view_names()
                and self._derived_state(conn) == S.derived_version()
            )
            if complete:
                got = [dict(r._mapping) for r in conn.execute(sa.select(S.keys).order_by(S.keys.c.ord))]
                if got == want:
                    return
        with self._write() as conn:
            insp = sa.inspect(conn)
            names = set(insp.get_table_names())
            have = {t: {c["name"] for c in insp.get_columns(t)} for t in names}
            legacy = S.CELLS_VIEW in names  # version 4's table of values, to be moved
            if S.CELLS_VIEW in insp.get_view_names():
                conn.exec_driver_sql(f"DROP VIEW {S.CELLS_VIEW}")  # made again below, for the keys of now
            S.metadata.create_all(conn)
            added = set()
            for table, col in S.missing_columns(have):
                ctype = col.type.compile(dialect=conn.dialect)
                q = conn.dialect.identifier_preparer.quote
                conn.exec_driver_sql(f"ALTER TABLE {q(table.name)} ADD COLUMN {q(col.name)} {ctype}")
                added.add(f"{table.name}.{col.name}")
            indexed = {t: {i["name"] for i in insp.get_indexes(t)} for t in have}
            for name in S.RETIRED_INDEXES:
                if any(name in got for got in indexed.values()):
                    conn.exec_driver_sql(f"DROP INDEX {conn.dialect.identifier_preparer.quote(name)}")
            for index in S.missing_indexes(indexed):
                index.create(conn)
            if "web_upload.report_id" in added:
                # uploads read by a version that kept their readings beside them: read them again, into the corpus
                conn.execute(
                    sa.update(S.uploads)
                    .where(S.uploads.c.status == "done", S.uploads.c.report_id.is_(None))
                    .values(status="queued")
                )
            if legacy:
                self._move_cells(conn)
            conn.exec_driver_sql(S.cells_view_sql(conn.dialect.name))
            if self._derived_state(conn) != S.derived_version():
                S.derived.drop_all(conn)
                S.derived.create_all(conn)
                self._set_meta(conn, "derived_version", S.derived_version())
                self._set_meta(conn, "refreshed", "")  # made again at the next refresh
            if "changes" not in self._meta(conn, "changes"):
                self._set_meta(conn, "changes", "1")  # readings stored or removed (see _changed); 1: unknown, refresh
            conn.execute(sa.delete(S.keys))
            conn.execute(sa.insert(S.keys), want)
            self._set_meta(conn, "schema_version", str(S.SCHEMA_VERSION))

    def _changed(self, conn: sa.Connection, name: str = "changes") -> None:
        """Count a change of the readings (``changes``: stored, replaced, removed) or of their findings
        (``findings``), in the transaction that makes it: what tells the derived tables are behind
        (:meth:`ogi.store.derive.Derive.fresh`) and pages kept (``Store.signature``) are old."""
        M = S.meta
        got = conn.execute(
            sa.update(M).where(M.c.name == name).values(value=sa.cast(sa.cast(M.c.value, sa.Integer) + 1, sa.Text))
        )
        if not got.rowcount:
            conn.execute(sa.insert(M), [{"name": name, "value": "1"}])

    def _move_cells(self, conn: sa.Connection, chunk: int = 500) -> None:
        """Version 4's long table of values (``cells``: report, key, value, inferred, where) into
        ``vals`` and ``provenance``, report by report, and the table dropped."""
        from ogi.model import Where, pack_cells, where_dict
        from ogi.template import template_of, whole

        R, C = S.reports, S.legacy_cells
        ids = [i for (i,) in conn.execute(sa.select(R.c.id).where(R.c.status == "ok").order_by(R.c.id))]
        cols = ("report_id", *(c.name for c in S.vals.c if c.name != "report_id"))
        for i in range(0, len(ids), chunk):
            part = ids[i : i + chunk]
            meta = {r.id: r for r in conn.execute(sa.select(R.c.id, R.c.template, R.c.year).where(R.c.id.in_(part)))}
            got: dict[int, list[Any]] = {rid: [] for rid in part}
            for row in conn.execute(sa.select(C).where(C.c.report_id.in_(part)).order_by(C.c.report_id)):
                got[row.report_id].append(row)
            vals, places = [], []
            for rid in part:
                tpl = template_of(meta[rid].template, meta[rid].year)
                cells = {r.key: whole(r.value) for r in got[rid]}
                inferred = {r.key: whole(r.inferred) for r in got[rid] if r.inferred is not None}
                prov = {r.key: Where.from_dict(where_dict(r.where) or {}) for r in got[rid] if r.where}
                stored = pack_cells(tpl, cells, inferred, prov)
                vals.append((rid, *stored.values()))
                if stored.where is not None:
                    places.append((rid, stored.where))
            self._insert_rows(conn, "vals", cols, vals)
            self._insert_rows(conn, "provenance", ("report_id", "cells"), places)
        conn.exec_driver_sql(f"DROP TABLE {S.CELLS_VIEW}")

    def _insert_rows(self, conn: sa.Connection, table: str, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if rows:
            t = S.metadata.tables[table]
            conn.execute(sa.insert(t), [dict(zip(cols, r, strict=True)) for r in rows])

    def _derived_state(self, conn: sa.Connection) -> str | None:
        if not sa.inspect(conn).has_table(S.meta.name):
            return None
        return conn.execute(sa.select(S.meta.c.value).where(S.meta.c.name == "derived_version")).scalar()

    def _set_meta(self, conn: sa.Connection, name: str, value: str) -> None:
        conn.execute(sa.delete(S.meta).where(S.meta.c.name == name))
        conn.execute(sa.insert(S.meta), [{"name": name, "value": value}])

    def _meta(self, conn: sa.Connection, *names: str) -> dict[str, str]:
        q = sa.select(S.meta.c.name, S.meta.c.value).where(S.meta.c.name.in_(names))
        return {n: v for n, v in conn.execute(q)}

    def files(self) -> set[str]:
        """The store's own files (a SQLite database and its -wal/-shm/-journal), never inputs."""
        db = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        if not db or db == ":memory:":
            return set()
        base = str(Path(db).resolve())
        return {base + sfx for sfx in ("", "-wal", "-shm", "-journal")}

    def shared(self) -> bool:
        """Whether other processes can open this store (not an in-memory SQLite database)."""
        return self.engine.dialect.name != "sqlite" or self.engine.url.database not in (None, "", ":memory:")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self) -> _Tx:
        """A write transaction (``with store._write() as conn``): one at a time on SQLite."""
        return _Tx(self.engine)

    def _read(self) -> sa.Connection:
        return self.engine.connect()
