"""Readings in and out of the store: whole reports per transaction, got back in the model's shape."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ogi import __version__
from ogi.model import (
    FINDING_COLUMNS,
    SECTION_COLUMNS,
    VALUE_COLUMNS,
    Finding,
    Reading,
    Report,
    Rows,
    StoredCells,
    decode,
    finding_from_row,
    finding_rows,
    from_rows,
    rows,
    unpack_lines,
)
from ogi.store import schema as S
from ogi.store.base import Base
from ogi.template import all_keys, spec, template_of, whole


def as_rows(item: Reading | Rows | dict[str, Any]) -> Rows:
    """What :meth:`Readings.put` takes, as rows: a reading, its dict, or rows already made."""
    if isinstance(item, Rows):
        return item
    if isinstance(item, dict):
        item = decode(item)
    return rows(item)


def plain(d: dict[str, Any]) -> dict[str, Any]:
    """A row as JSON-ready data (times as ISO text in UTC)."""
    for k, v in d.items():
        if isinstance(v, _dt.datetime):
            d[k] = v.astimezone(_dt.UTC).isoformat() if v.tzinfo else v.replace(tzinfo=_dt.UTC).isoformat()
    return d


VALS_COLUMNS = tuple(c.name for c in S.vals.c)


class Readings(Base):
    # ---- writing ------------------------------------------------------------------------------

    def known(self) -> dict[str, tuple[str | None, bool]]:
        """Every stored path → (sha256, removed). What an incremental build compares against."""
        with self._read() as conn:
            q = conn.execute(sa.select(S.reports.c.path, S.reports.c.sha256, S.reports.c.removed))
            return {p: (h, bool(r)) for p, h, r in q}

    def retry_paths(self, codes: Sequence[str] = ("timeout", "internal", "crash", "memory")) -> set[str]:
        """Paths stored as unreadable for a reason that may pass (a timeout, an internal error, a
        reading process that died or was stopped past the memory limit): an incremental build
        reads them again even though their content is unchanged."""
        R = S.reports
        with self._read() as conn:
            q = sa.select(R.c.path).where(R.c.status == "error", R.c.error_code.in_(list(codes)))
            return {p for (p,) in conn.execute(q)}

    def put(self, items: Sequence[Reading | Rows | dict[str, Any]]) -> list[int]:
        """Store whole readings in ONE transaction; return their ids (in order).

        Each item is a reading (:class:`ogi.model.Report` or :class:`ogi.model.Unreadable`, its
        ``source.path`` identifying it), its dict, or its rows already made (:func:`ogi.model.rows`:
        workers make them to spare the writer). A report already stored under the same path is
        replaced (its cells, sections, source lines and findings — of every scope — go with it).
        """
        if not items:
            return []
        with self._write() as conn:
            return self._put(conn, [as_rows(it) for it in items])

    def _put(self, conn: sa.Connection, preps: list[Rows]) -> list[int]:
        now = _dt.datetime.now(_dt.UTC)
        last = {p.report["path"]: i for i, p in enumerate(preps)}
        if len(last) != len(preps):
            preps = [p for i, p in enumerate(preps) if last[p.report["path"]] == i]
        self._delete_paths(conn, list(last))
        ids = [
            r[0]
            for r in conn.execute(
                sa.insert(S.reports).returning(S.reports.c.id, sort_by_parameter_order=True),
                [p.report | {"removed": False, "ogi_version": __version__, "stored_at": now} for p in preps],
            )
        ]
        pairs = list(zip(ids, preps, strict=True))
        vals = [(i, *p.cells.values()) for i, p in pairs if p.cells is not None]
        self._insert_many(conn, "vals", VALS_COLUMNS, vals)
        places = [(i, p.cells.where) for i, p in pairs if p.cells is not None and p.cells.where is not None]
        self._insert_many(conn, "provenance", ("report_id", "cells"), places)
        secs = [(i, *c) for i, p in pairs for c in p.sections]
        self._insert_many(conn, "sections", ("report_id", *SECTION_COLUMNS), secs)
        finds = [(i, *c) for i, p in pairs for c in p.findings]
        self._insert_many(conn, "findings", ("report_id", *FINDING_COLUMNS), finds)
        docs = [(i, p.document) for i, p in pairs if p.document is not None]
        self._insert_many(conn, "documents", ("report_id", "lines"), docs)
        self._changed(conn)
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
            for t in (S.vals, S.provenance, S.sections, S.documents):
                conn.execute(sa.delete(t).where(t.c.report_id.in_(old)))
            conn.execute(
                sa.delete(S.findings).where(S.findings.c.report_id.in_(old) | S.findings.c.related_id.in_(old))
            )
            conn.execute(sa.update(S.uploads).where(S.uploads.c.report_id.in_(old)).values(report_id=None))
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
            if n:
                self._changed(conn)
        return n

    def put_findings(
        self, report: int | str, findings: Iterable[Finding], *, scope: str, related: int | str | None = None
    ) -> int:
        """Add findings of another ``scope`` to a stored report, in one transaction, replacing that
        report's earlier findings of the same scope and ``related`` report."""
        rid = self.report_id(report)
        rel = self.report_id(related) if related is not None else None
        fs = [f if isinstance(f, Finding) else Finding.from_dict(f) for f in findings]
        with self._write() as conn:
            cond = (S.findings.c.report_id == rid) & (S.findings.c.scope == scope)
            cond &= S.findings.c.related_id.is_(None) if rel is None else (S.findings.c.related_id == rel)
            conn.execute(sa.delete(S.findings).where(cond))
            rows_ = [(rid, *r) for r in finding_rows(fs, scope, rel)]
            self._insert_many(conn, "findings", ("report_id", *FINDING_COLUMNS), rows_)
            self._changed(conn, "findings")
        return len(fs)

    def clear_findings(self, scope: str) -> int:
        """Delete every finding of a scope (never 'report': those belong to the reading)."""
        if scope == "report":
            raise ValueError("report findings belong to their reading; re-build to change them")
        with self._write() as conn:
            self._changed(conn, "findings")
            return conn.execute(sa.delete(S.findings).where(S.findings.c.scope == scope)).rowcount

    def count_findings(self, scope: str) -> int:
        with self._read() as conn:
            q = sa.select(sa.func.count()).select_from(S.findings).where(S.findings.c.scope == scope)
            return int(conn.execute(q).scalar() or 0)

    # ---- reading ------------------------------------------------------------------------------

    def report_id(self, ref: int | str) -> int:
        """The id of a stored report given its id (int or digits) or its path (as stored, or a
        path that resolves to it). Raises KeyError."""
        R = S.reports
        with self._read() as conn:
            if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
                rid = conn.execute(sa.select(R.c.id).where(R.c.id == int(ref))).scalar()
            else:
                rid = conn.execute(sa.select(R.c.id).where(R.c.path == ref)).scalar()
                if rid is None:
                    rid = conn.execute(sa.select(R.c.id).where(R.c.path == str(Path(ref).resolve()))).scalar()
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
        """Report metadata rows (no cells), ordered by id: id, path, sha256, size, format, the
        template's fields (template, year, agency, region, published …), status, error_code,
        error_message, errors, warnings, cells_read, removed, stored_at."""
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
        with self._read() as conn:
            return [plain(dict(r._mapping)) for r in conn.execute(q)]

    def report_row(self, ref: int | str) -> dict[str, Any]:
        """One stored report's metadata row (as :meth:`reports` gives them). Raises KeyError."""
        rid = self.report_id(ref)
        t = S.reports
        with self._read() as conn:
            row = conn.execute(sa.select(*[c for c in t.c if c.name != "extras"]).where(t.c.id == rid)).first()
        if row is None:
            raise KeyError(f"no stored report {ref!r}")
        return plain(dict(row._mapping))

    def count(self, *, include_removed: bool = False) -> dict[str, int]:
        """{'reports', 'ok', 'error', 'removed', 'cells', 'findings'}."""
        t = S.reports
        with self._read() as conn:
            by = dict(
                conn.execute(
                    sa.select(t.c.status, sa.func.count())
                    .where(sa.true() if include_removed else t.c.removed.is_(False))
                    .group_by(t.c.status)
                ).all()
            )
            removed = conn.execute(sa.select(sa.func.count()).where(t.c.removed.is_(True))).scalar() or 0
            cells = self._count_cells(conn)
            finds = conn.execute(sa.select(sa.func.count()).select_from(S.findings)).scalar() or 0
        return {
            "reports": sum(by.values()),
            "ok": by.get("ok", 0),
            "error": by.get("error", 0),
            "removed": removed,
            "cells": cells,
            "findings": finds,
        }

    def _count_cells(self, conn: sa.Connection) -> int:
        """Values stored (keys held, with a value or not), from ``vals``: each reading holds its
        format's keys, or the keys ``keyset`` lists."""
        V = S.vals
        n = 0
        q = sa.select(V.c.tpl, sa.func.count()).where(V.c.keyset.is_(None)).group_by(V.c.tpl)
        for tid, k in conn.execute(q):
            n += k * len(template_of(tid).keys)
        for (ks,) in conn.execute(sa.select(V.c.keyset).where(V.c.keyset.is_not(None))):
            n += len(json.loads(ks))
        return n

    def reading(self, ref: int | str, *, sections: bool = True) -> Reading:
        """One stored reading (without its document). Raises KeyError."""
        rid = self.report_id(ref)
        return next(self.readings([rid], sections=sections))[1]

    def report(self, ref: int | str) -> Reading:
        """:meth:`reading` (the name of earlier versions)."""
        return self.reading(ref)

    def get(self, ref: int | str, *, sections: bool = True) -> dict[str, Any]:
        """One stored reading as data: its dict (:meth:`ogi.model.Report.to_dict`, or an
        unreadable input's ``{"source", "error"}``) with ``id``, ``status`` and ``removed``.
        Findings of other scopes carry ``scope`` and ``related`` (the other report's path).
        Raises KeyError."""
        rid = self.report_id(ref)
        return next(self.iter_dicts([rid], sections=sections))

    def readings(
        self,
        ids: Iterable[int] | None = None,
        *,
        sections: bool = True,
        include_removed: bool = False,
        scopes: Sequence[str] | None = None,
        provenance: bool = True,
        chunk: int = 500,
    ) -> Iterator[tuple[int, Reading]]:
        """(id, reading) of stored readings, by id order (or the ids given), fetched ``chunk``
        reports at a time. ``scopes`` limits findings (default: every scope); ``provenance=False``
        leaves out where each value stood (faster, for tables of values)."""
        kw = {"sections": sections, "include_removed": include_removed, "scopes": scopes}
        for rid, _row, r in self._readings(ids, **kw, provenance=provenance, chunk=chunk):
            yield rid, r

    def iter_dicts(self, ids: Iterable[int] | None = None, **kw: Any) -> Iterator[dict[str, Any]]:
        """:meth:`readings` (the same arguments) as data, each as :meth:`get` gives it."""
        for rid, row, r in self._readings(ids, **kw):
            head = {"id": rid, "status": row.status, "removed": bool(row.removed)}
            yield head | (r.to_dict(sections=kw.get("sections", True)) if isinstance(r, Report) else r.to_dict())

    def _readings(
        self,
        ids: Iterable[int] | None,
        *,
        sections: bool = True,
        include_removed: bool = False,
        scopes: Sequence[str] | None = None,
        provenance: bool = True,
        chunk: int = 500,
    ) -> Iterator[tuple[int, Any, Reading]]:
        if ids is None:
            ids = [r["id"] for r in self.reports(include_removed=include_removed)]
        ids = list(ids)
        with self._read() as conn:
            for i in range(0, len(ids), chunk):
                yield from self._load(conn, ids[i : i + chunk], sections, scopes, provenance)

    def _load(
        self, conn: sa.Connection, ids: list[int], sections: bool, scopes: Sequence[str] | None, provenance: bool
    ) -> Iterator[tuple[int, Any, Reading]]:
        R, F, SE = S.reports, S.findings, S.sections
        reps = {r.id: r for r in conn.execute(sa.select(R).where(R.c.id.in_(ids)))}
        cells = self._stored_cells(conn, ids, provenance)
        Rel = R.alias("related")
        fq = sa.select(F, Rel.c.path.label("related_path")).outerjoin(Rel, Rel.c.id == F.c.related_id)
        fq = fq.where(F.c.report_id.in_(ids)).order_by(F.c.report_id, F.c.scope != "report", F.c.scope, F.c.ord)
        if scopes is not None:
            fq = fq.where(F.c.scope.in_(list(scopes)))
        finds: dict[int, list[Any]] = {i: [] for i in ids}
        for r in conn.execute(fq):
            finds[r.report_id].append(r)
        secs: dict[int, list[tuple[str, str | None]]] = {i: [] for i in ids}
        if sections:
            q = sa.select(SE.c.report_id, SE.c.name, SE.c.text).where(SE.c.report_id.in_(ids))
            for rid, name, text in conn.execute(q.order_by(SE.c.report_id, SE.c.ord)):
                secs[rid].append((name, text))
        for rid in ids:
            r = reps.get(rid)
            if r is None:
                continue
            got = from_rows(r, cells.get(rid), finds[rid], secs[rid] if sections else None, provenance=provenance)
            yield rid, r, got

    def _stored_cells(
        self, conn: sa.Connection, ids: list[int], provenance: bool = True, keys: Sequence[str] | None = None
    ) -> dict[int, StoredCells]:
        """The stored values of reports (``keys``: only these columns), with where they stood."""
        V, P = S.vals, S.provenance
        cols = [V.c[c] for c in ("report_id", *VALUE_COLUMNS)]
        cols += [V.c[k] for k in (keys if keys is not None else all_keys())]
        q = sa.select(*cols).where(V.c.report_id.in_(ids))
        out = {r.report_id: StoredCells(dict(r._mapping)) for r in conn.execute(q)}
        if provenance:
            for rid, data in conn.execute(sa.select(P.c.report_id, P.c.cells).where(P.c.report_id.in_(ids))):
                if rid in out:
                    out[rid].where = data
        return out

    def table_chunks(
        self, *, include_removed: bool = False, chunk: int = 2000, pack: str | None = None
    ) -> Iterator[list[tuple[dict[str, Any], Any, list[Any]]]]:
        """Every readable stored report in id order, ``chunk`` at a time, as an export reads them:
        (its ``reports`` row as a dict, its ``vals`` row as fetched — columns in table order, the
        keys' values last in :func:`ogi.template.all_keys` order; None when it has none —, its
        findings of every scope as rows of :data:`ogi.model.FINDING_COLUMNS` with ``related_path``,
        in the reading's order: what :func:`ogi.model.from_rows` takes, to count them and score the
        reading under a rule pack). ``pack``: a rule pack's id; the report's row then has its
        stored score under it (``scored`` a dict of the ``scores`` row's score, errors, warnings,
        rules, itemised; None when it has none, or one of an earlier version without the counts),
        and a report with one comes without its findings (not needed). Three keyed queries a
        chunk: memory of one chunk."""
        R, V, Sc = S.reports, S.vals, S.scores
        last = 0
        cols = [c for c in R.c if c.name not in ("extras",)]
        got = ("score", "errors", "warnings", "rules", "itemised")
        if pack is not None:
            cols += [Sc.c[c].label(f"scored_{c}") for c in got]
        with self._read() as conn:
            while True:
                q = sa.select(*cols).where(R.c.status == "ok", R.c.id > last).order_by(R.c.id).limit(chunk)
                if pack is not None:
                    q = q.outerjoin(Sc, (Sc.c.report_id == R.c.id) & (Sc.c.pack == pack))
                if not include_removed:
                    q = q.where(R.c.removed.is_(False))
                reps = []
                for r in conn.execute(q):
                    d = dict(r._mapping)
                    if pack is not None:
                        scored = {c: d.pop(f"scored_{c}") for c in got}
                        d["scored"] = scored if scored["errors"] is not None else None
                    reps.append(d)
                if not reps:
                    return
                ids = [r["id"] for r in reps]
                last = ids[-1]
                lo, hi = ids[0], ids[-1]
                vq = sa.select(V).where(V.c.report_id.between(lo, hi))
                vals = {r.report_id: r for r in conn.execute(vq)}
                unscored = [r for r in reps if r.get("scored") is None]
                finds = self._finding_rows(conn, unscored[0]["id"], unscored[-1]["id"]) if unscored else {}
                yield [(r, vals.get(r["id"]), finds.get(r["id"], [])) for r in reps]

    def _finding_rows(
        self, conn: sa.Connection, lo: int, hi: int, scopes: Sequence[str] | None = None
    ) -> dict[int, list[Any]]:
        """Findings of the reports with ids from ``lo`` to ``hi``: report id → rows of
        :data:`ogi.model.FINDING_COLUMNS` with ``related_path``, in the reading's order."""
        R, F = S.reports, S.findings
        Rel = R.alias("related")
        fq = sa.select(F, Rel.c.path.label("related_path")).outerjoin(Rel, Rel.c.id == F.c.related_id)
        fq = fq.where(F.c.report_id.between(lo, hi)).order_by(F.c.report_id, F.c.scope != "report", F.c.scope, F.c.ord)
        if scopes is not None:
            fq = fq.where(F.c.scope.in_(list(scopes)))
        out: dict[int, list[Any]] = {}
        for r in conn.execute(fq):
            out.setdefault(r.report_id, []).append(r)
        return out

    def finding_table(self, *, include_removed: bool = False) -> Iterator[Any]:
        """Every finding of every readable stored report, report by report: path, year, agency,
        template, scope, rule, severity, keys (JSON), message. Streamed."""
        R, F = S.reports, S.findings
        q = (
            sa.select(R.c.path, R.c.year, R.c.agency, R.c.template)
            .add_columns(F.c.scope, F.c.rule, F.c.severity, F.c["keys"], F.c.message)
            .join(R, R.c.id == F.c.report_id)
            .where(R.c.status == "ok")
            .order_by(F.c.report_id, F.c.scope != "report", F.c.scope, F.c.ord)
        )
        if not include_removed:
            q = q.where(R.c.removed.is_(False))
        with self._read() as conn:
            yield from conn.execution_options(stream_results=True, yield_per=5000).execute(q)

    def document(self, ref: int | str) -> list[list[Any]] | None:
        """The source lines kept with a stored reading (:func:`ogi.model.document_lines`), or None."""
        rid = self.report_id(ref)
        with self._read() as conn:
            data = conn.execute(sa.select(S.documents.c.lines).where(S.documents.c.report_id == rid)).scalar()
        return unpack_lines(data)

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
        with self._read() as conn:
            for r in conn.execute(q):
                d, f = dict(r._mapping), finding_from_row(r)  # the row decoded by the model's decoder
                del d["vals"]
                d |= {"keys": f.keys, "values": f.values, "where": [w.to_dict() for w in f.where]}
                out.append(d)
        return out

    def values(self, key: str, *, include_removed: bool = False) -> list[dict[str, Any]]:
        """One key across the corpus (for trends and distributions): report_id, path, year, agency,
        region, value, inferred of every reading holding the key; ordered by agency, year."""
        V, R = S.vals, S.reports
        if key not in V.c:
            return []
        q = (
            sa.select(
                R.c.id.label("report_id"),
                R.c.path,
                R.c.year,
                R.c.agency,
                R.c.region,
                V.c[key].label("value"),
                V.c.tpl,
                V.c.keyset,
                V.c.inferred,
            )
            .join(R, R.c.id == V.c.report_id)
            .order_by(R.c.agency, R.c.year, R.c.id)
        )
        if not include_removed:
            q = q.where(R.c.removed.is_(False))
        amount = self._kinds().get(key) == "amount"
        has = {tid for tid, t in spec().templates.items() if key in t.keys}
        out = []
        with self._read() as conn:
            for r in conn.execute(q):
                held = r.tpl in has if r.keyset is None else key in json.loads(r.keyset)
                if not held:
                    continue
                inferred = json.loads(r.inferred).get(key) if r.inferred else None
                d = {k: getattr(r, k) for k in ("report_id", "path", "year", "agency", "region")}
                out.append(d | {"value": whole(r.value, amount), "inferred": whole(inferred, amount)})
        return out

    def _kinds(self) -> dict[str, str]:
        return {r["key"]: r["kind"] for r in S.key_rows()}  # type: ignore[misc]

    def key_table(self) -> list[dict[str, Any]]:
        """The ``keys`` table: key, ord, table_id, row_key, column_key, label, kind, unit, in_<format>…"""
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(S.keys).order_by(S.keys.c.ord))]

    def query(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """Run read-only SQL text against the store (tables: see :mod:`ogi.store.schema`)."""
        with self._read() as conn:
            return [plain(dict(r._mapping)) for r in conn.execute(sa.text(sql), params)]
