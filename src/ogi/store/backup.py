"""A consistent copy of a live SQLite store, and a store brought back from one.

:func:`backup` uses SQLite's online backup API (``sqlite3.Connection.backup``): the copy is made in
one step inside one read transaction, so it is the store as it stood at one moment — every report
whole or absent, as the store's transactions keep them — while ``ogi build``, the web server and
its reading workers go on writing (WAL mode: readers and the writer do not block each other). The
copy is checked (``PRAGMA integrity_check``, the store's schema version) before it takes the
target's name. :func:`restore` checks a backup the same way and copies it over a store with the
same API; a store of an earlier version is then brought up to date as when it is opened.

PostgreSQL has its own tools for this (``pg_dump``, ``pg_restore``; docs/web.md says how): these
functions refuse a PostgreSQL URL.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import sqlalchemy as sa

from ogi.errors import OgiError
from ogi.store import schema as S
from ogi.store.base import resolve_url


def sqlite_path(db: str | os.PathLike[str] | None) -> Path:
    """The file of a SQLite store given as ``--db``; raises :class:`OgiError` for another database."""
    url = sa.make_url(resolve_url(db))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise OgiError(
            "ogi backup/restore 只用于 SQLite 文件库；PostgreSQL 请用 pg_dump 与 pg_restore（见 docs/web.md）"
            " (not a SQLite file)",
            path=str(url.render_as_string(hide_password=True)),
        )
    return Path(url.database)


def check(path: Path) -> dict[str, int | str]:
    """Check a store file: SQLite's integrity check and the store's schema version. Returns its
    schema version and row counts of its main tables; raises :class:`OgiError` otherwise."""
    if not path.is_file():
        raise OgiError("文件不存在 (no such file)", path=str(path))
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as c:
            ok = c.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise OgiError(f"数据库文件已损坏 (integrity check: {ok})", path=str(path))
            version = c.execute("SELECT value FROM ogi_meta WHERE name = 'schema_version'").fetchone()
            counts: dict[str, int | str] = {"schema_version": version[0] if version else "?"}
            for t in ("reports", "web_user", "web_upload", "web_review", "web_correction", "web_audit"):
                with contextlib.suppress(sqlite3.Error):  # a table of a later version than the file
                    counts[t] = c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise OgiError(f"不是 ogi 的数据库文件 ({e})", path=str(path)) from None
    if version is None:
        raise OgiError("不是 ogi 的数据库文件 (no schema version)", path=str(path))
    v = str(version[0])
    if not v.isdigit() or (int(v) != S.SCHEMA_VERSION and int(v) not in S.UPGRADABLE):
        raise OgiError(f"数据库结构版本 {v} 与本程序 ({S.SCHEMA_VERSION}) 不符 (schema version)", path=str(path))
    return counts


def _copy(src: Path, dst: Path) -> None:
    with contextlib.closing(sqlite3.connect(src, timeout=60)) as s, contextlib.closing(sqlite3.connect(dst)) as d:
        s.backup(d)  # every page in one step: one read transaction, one moment of the store
        d.execute("PRAGMA journal_mode=DELETE")  # one self-contained file (no -wal beside it)


def backup(
    db: str | os.PathLike[str] | None, out: str | os.PathLike[str], *, force: bool = False
) -> dict[str, int | str]:
    """Copy the live SQLite store ``db`` to the file ``out`` (see the module doc). Refuses an
    existing ``out`` unless ``force``. Returns what :func:`check` says of the copy. Raises
    :class:`OgiError` for a store that is not a SQLite file, a missing store, an existing target."""
    src = sqlite_path(db)
    check(src)
    target = Path(out)
    if target.exists() and not force:
        raise OgiError("目标文件已存在（覆盖请加 --force） (exists)", path=str(target))
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        _copy(src, tmp)
        counts = check(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return counts


def restore(
    copy: str | os.PathLike[str], db: str | os.PathLike[str] | None, *, force: bool = False
) -> dict[str, int | str]:
    """Bring the SQLite store ``db`` back to the backup ``copy`` (checked first). Refuses a
    store that exists and holds data unless ``force`` (stop the web server first: the sessions
    and uploads it keeps become the backup's). Returns what :func:`check` says of the restored
    store. Raises :class:`OgiError` for a bad backup, a store that is not a SQLite file, an
    existing store without ``force``."""
    src = Path(copy)
    check(src)
    target = sqlite_path(db)
    if target.exists() and target.stat().st_size > 0 and not force:
        raise OgiError("数据库已存在（以备份覆盖请加 --force，并先停止 ogi serve） (exists)", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(sqlite3.connect(src, timeout=60)) as s,
        contextlib.closing(sqlite3.connect(target, timeout=60)) as d,
    ):
        s.backup(d)
    from ogi.store import Store

    with Store(target):  # a backup of an earlier version: brought up to date, as when opened
        pass
    return check(target)
