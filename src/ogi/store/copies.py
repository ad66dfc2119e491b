"""``text.copied`` over the whole store: an index of MinHash signatures and LSH buckets, kept with
the readings (tables ``text_signatures`` and ``text_bands``), and the findings it gives.

:meth:`Copies.refresh_copies` is run whenever readings have been stored (after the cross-year
findings): each reading not signed yet gets its signature and buckets (:mod:`ogi.check.copies`);
each one new — or whose match went away (re-read, removed) — looks its buckets up, measures the
candidates of other organs (the signatures' estimate first, then the Jaccard similarity of the two
texts for the closest few), and the reports found alike get a finding naming the other (scope
``corpus``, ``related`` = the other report): the new report, and an older one that had none or a
less similar match. A lookup reads at most ``FANOUT`` reports of each of its buckets (the earliest
stored, a range of the bucket's index), so it costs the same whatever the corpus's size and however
common a wording is (a province's texts copied from one model share buckets by the thousand).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ogi.check import copies as C
from ogi.corpus.identity import identify
from ogi.model import FINDING_COLUMNS, Finding, Report, Source, finding_rows
from ogi.store import schema as S
from ogi.store.readings import Readings

SCOPE = "corpus"
VERIFY = 10  # candidates whose texts are compared, the closest by their signatures' estimate
SLACK = 0.1  # a candidate is compared when its estimate is within this of the rule's `at`
CANDIDATES = 200  # reports sharing buckets with a new one whose signatures are compared: those sharing most
FANOUT = 64  # reports taken from one bucket: a common wording's bucket holds much of the corpus


@dataclass(slots=True)
class CopiesRefresh:
    signed: int = 0  # readings given a signature now
    looked_up: int = 0  # readings whose buckets were looked up (new, or their match gone)
    copies: int = 0  # readings with a text.copied finding afterwards


@dataclass(slots=True)
class _Match:
    other: int
    similarity: float
    more: int = 0


class Copies(Readings):
    def _texts(self, conn: sa.Connection, ids: Sequence[int]) -> dict[int, str]:
        """The compared text of each reading (its sections 一 and 五, normalized)."""
        SE, R = S.sections, S.reports
        names = list(C.params().sections)
        secs: dict[int, dict[str, str | None]] = {i: {} for i in ids}
        agency: dict[int, str | None] = {}
        for i in range(0, len(ids), 500):
            part = list(ids[i : i + 500])
            q = sa.select(SE.c.report_id, SE.c.name, SE.c.text).where(SE.c.report_id.in_(part), SE.c.name.in_(names))
            for rid, name, text in conn.execute(q):
                secs[rid][name] = text
            agency.update(conn.execute(sa.select(R.c.id, R.c.agency).where(R.c.id.in_(part))).all())
        return {rid: C.compared_text(s, agency.get(rid)) for rid, s in secs.items()}

    def sign(self, chunk: int = 500, *, whole: bool = True) -> int:
        """Give every readable report not removed and not signed yet its signature and buckets
        (``whole``: looked for among all reports; else among those stored after the last one
        signed — readings just stored, found by their ids at once, however large the store).
        Returns how many were signed."""
        R, T = S.reports, S.text_signatures
        if whole:
            unsigned = ~sa.exists().where(T.c.report_id == R.c.id)
        else:
            unsigned = R.c.id > sa.select(sa.func.coalesce(sa.func.max(T.c.report_id), 0)).scalar_subquery()
        q = (
            sa.select(R.c.id, R.c.agency, R.c.region)
            .where(R.c.status == "ok", R.c.removed.is_(False), unsigned)
            .order_by(R.c.id)
        )
        with self._read() as conn:
            todo = conn.execute(q).all()
        for i in range(0, len(todo), chunk):
            part = todo[i : i + chunk]
            with self._read() as conn:
                texts = self._texts(conn, [r.id for r in part])
            sigs, bands = [], []
            for r in part:
                sig = C.signature(C.shingle_set(texts[r.id]))
                ident = identify(r.agency, r.region) if r.agency else None
                sigs.append(
                    {
                        "report_id": r.id,
                        "organ": ident.id if ident is not None and not ident.relative else None,
                        "minhash": C.pack_signature(sig) if sig is not None else None,
                        "copy_of": None,
                        "similarity": None,
                        "copies": 0,
                        "looked": False,
                    }
                )
                if sig is not None:
                    bands += [(b, r.id) for b in dict.fromkeys(C.buckets(sig))]
            with self._write() as conn:
                conn.execute(sa.insert(T), sigs)
                self._insert_many(conn, "text_bands", ("bucket", "report_id"), bands)
        return len(todo)

    def _lookup(self, conn: sa.Connection, mine: Any, texts: dict[int, str]) -> _Match | None:
        """The other organs' report most alike the text of ``mine`` (its signature's row, with its
        report's sha256), if one reaches the rule's ``at``."""
        T, B, R = S.text_signatures, S.text_bands, S.reports
        rid = mine.report_id
        buckets = [b for (b,) in conn.execute(sa.select(B.c.bucket).where(B.c.report_id == rid))]
        if not buckets:
            return None
        # the reports sharing most of its buckets (the likeliest alike), a bounded number of them
        # however many texts of a common wording the corpus holds: from each bucket the first
        # FANOUT stored (one range of the bucket's index), then those found in most buckets
        asked = {"rid": rid, **{f"b{i}": b for i, b in enumerate(buckets)}}
        shared = list(conn.execute(_shared(len(buckets)), asked).scalars())
        if not shared:
            return None
        q = (
            sa.select(T.c.report_id, T.c.organ, T.c.minhash, R.c.sha256)
            .join(R, R.c.id == T.c.report_id)
            .where(T.c.report_id.in_(shared), R.c.removed.is_(False))
        )
        at = C.params().at
        sig = C.unpack_signature(mine.minhash)
        cands = []
        for other, organ, minhash, sha in conn.execute(q):
            if (organ is not None and organ == mine.organ) or (sha and sha == mine.sha256) or minhash is None:
                continue  # the organ's own report (another year, another copy of the file): text.repeated's
            est = C.estimate(sig, C.unpack_signature(minhash))
            if est >= at - SLACK:
                cands.append((est, other))
        if not cands:
            return None
        cands.sort(reverse=True)
        closest = [o for _, o in cands[:VERIFY]]
        missing = [o for o in (rid, *closest) if o not in texts]
        if missing:
            texts.update(self._texts(conn, missing))
        a = C.shingle_set(texts[rid])
        found = sorted(((C.jaccard(a, C.shingle_set(texts[o])), o) for o in closest), reverse=True)
        found = [(s, o) for s, o in found if s >= at]
        if not found:
            return None
        beyond = sum(1 for est, _ in cands[VERIFY:] if est >= at)
        return _Match(found[0][1], found[0][0], len(found) - 1 + beyond)

    def refresh_copies(self, *, whole: bool = True) -> CopiesRefresh:
        """Bring the text.copied findings up to date with the store's readings (see the module doc);
        run whenever readings have been stored. Each query goes through an index of the few rows
        it wants (not looked up, a match gone), so a refresh after one new reading does not scan
        the corpus's signatures. ``whole=False`` when readings were only added (web uploads):
        neither the reports removed (a build's) nor the unsigned among the older are looked for,
        and a refresh costs what the new readings cost, whatever the store's size."""
        T, R = S.text_signatures, S.reports
        res = CopiesRefresh(signed=self.sign(whole=whole))
        with self._read() as conn:
            removed = sa.select(R.c.id).where(R.c.removed.is_(True))
            gone = list(conn.execute(removed).scalars()) if whole else []
            relook = [  # a removed report is looked up again when it comes back
                i
                for part in _chunks(gone)
                for i in conn.execute(
                    sa.select(T.c.report_id).where(T.c.report_id.in_(part), T.c.looked.is_(True))
                ).scalars()
            ]
        if relook:
            with self._write() as conn:
                for part in _chunks(relook):
                    conn.execute(sa.update(T).where(T.c.report_id.in_(part)).values(looked=False))
        with self._read() as conn:
            # not looked up yet, or a match re-read or deleted (copy_of set to NULL) or removed
            cand = set(conn.execute(sa.select(T.c.report_id).where(T.c.looked.is_(False))).scalars())
            cand |= set(conn.execute(sa.select(T.c.report_id).where(T.c.copies > 0, T.c.copy_of.is_(None))).scalars())
            for part in _chunks(gone):
                cand |= set(
                    conn.execute(sa.select(T.c.report_id).where(T.c.copies > 0, T.c.copy_of.in_(part))).scalars()
                )
            todo = sorted(
                i
                for part in _chunks(sorted(cand))
                for i in conn.execute(
                    sa.select(T.c.report_id)
                    .join(R, R.c.id == T.c.report_id)
                    .where(
                        T.c.report_id.in_(part),
                        T.c.minhash.is_not(None),
                        R.c.status == "ok",
                        R.c.removed.is_(False),
                    )
                ).scalars()
            )
        res.looked_up = len(todo)
        if todo:
            self._look_up(todo)
        with self._read() as conn:
            res.copies = int(conn.execute(sa.select(sa.func.count()).where(T.c.copy_of.is_not(None))).scalar() or 0)
        return res

    def _look_up(self, ids: list[int], chunk: int = 200) -> None:
        T, R = S.text_signatures, S.reports
        for i in range(0, len(ids), chunk):
            part = ids[i : i + chunk]
            updates: dict[int, _Match | None] = {}
            with self._read() as conn:
                texts: dict[int, str] = {}
                for rid in part:
                    row = conn.execute(
                        sa.select(T.c.report_id, T.c.organ, T.c.minhash, R.c.sha256)
                        .join(R, R.c.id == T.c.report_id)
                        .where(T.c.report_id == rid)
                    ).first()
                    if row is None:
                        continue
                    m = self._lookup(conn, row, texts)
                    updates[rid] = m
                    if m is None:
                        continue
                    # the other report: named by this one when it had no match, or a less similar one
                    had = updates[m.other] if m.other in updates else self._match_of(conn, m.other)
                    if had is None:
                        updates[m.other] = _Match(rid, m.similarity)
                    elif had.other == rid:
                        updates[m.other] = _Match(rid, m.similarity, had.more)
                    elif had.similarity < m.similarity:
                        updates[m.other] = _Match(rid, m.similarity, had.more + 1)
                    else:
                        updates[m.other] = _Match(had.other, had.similarity, had.more + 1)
            self._store_matches(updates)

    def _match_of(self, conn: sa.Connection, rid: int) -> _Match | None:
        T = S.text_signatures
        row = conn.execute(sa.select(T.c.copy_of, T.c.similarity, T.c.copies).where(T.c.report_id == rid)).first()
        if row is None or row.copy_of is None:
            return None
        return _Match(row.copy_of, row.similarity or 0.0, max(0, (row.copies or 1) - 1))

    def _store_matches(self, updates: dict[int, _Match | None]) -> None:
        """Write each report's match and its text.copied finding (replacing the one it had)."""
        if not updates:
            return
        T, R, F = S.text_signatures, S.reports, S.findings
        ids = list(updates)
        others = [m.other for m in updates.values() if m is not None]
        with self._read() as conn:
            meta = {r.id: r for r in conn.execute(sa.select(R).where(R.c.id.in_(ids + others)))}
        rows = []
        for rid, m in updates.items():
            if m is None or rid not in meta or m.other not in meta:
                continue
            cur, other = _head(meta[rid]), _head(meta[m.other])
            rows += [(rid, *r) for r in finding_rows([C.copied(cur, other, m.similarity, m.more)], SCOPE, m.other)]
        with self._write() as conn:
            conn.execute(sa.delete(F).where(F.c.rule == C.RULE, F.c.report_id.in_(ids)))
            conn.execute(
                sa.update(T)
                .where(T.c.report_id == sa.bindparam("rid"))
                .values(
                    copy_of=sa.bindparam("o"),
                    similarity=sa.bindparam("s"),
                    copies=sa.bindparam("n"),
                    looked=sa.bindparam("lk"),
                ),
                [
                    {
                        "rid": rid,
                        "o": m.other if m else None,
                        "s": m.similarity if m else None,
                        "n": m.more + 1 if m else 0,
                        "lk": True,
                    }
                    for rid, m in updates.items()
                ],
            )
            self._insert_many(conn, "findings", ("report_id", *FINDING_COLUMNS), rows)
            self._changed(conn, "findings")  # pages kept (Store.signature) show findings no longer

    def copies_of(self, ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
        """Readings with a text.copied match: report_id, copy_of, similarity, copies."""
        T = S.text_signatures
        q = sa.select(T.c.report_id, T.c.copy_of, T.c.similarity, T.c.copies).where(T.c.copy_of.is_not(None))
        if ids is not None:
            q = q.where(T.c.report_id.in_(list(ids)))
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(q.order_by(T.c.report_id))]


@functools.cache
def _shared(n: int) -> sa.TextClause:
    """The query of the reports sharing most of ``n`` buckets (``:b0`` … and ``:rid``, the report
    itself, left out), at most FANOUT from each bucket: one statement per number of buckets, so
    it is compiled once; a subquery of each bucket's range is valid SQL in SQLite and PostgreSQL."""
    one = (
        "SELECT report_id FROM (SELECT report_id FROM {t} WHERE bucket = :b{i} AND report_id <> :rid"
        " ORDER BY report_id LIMIT {k}) AS s{i}"
    )
    members = " UNION ALL ".join(one.format(t=S.text_bands.name, i=i, k=FANOUT) for i in range(n))
    return sa.text(
        f"SELECT report_id FROM ({members}) AS m"
        f" GROUP BY report_id ORDER BY count(*) DESC, report_id LIMIT {CANDIDATES}"
    )


def _chunks(ids: Sequence[int], n: int = 500) -> Iterable[Sequence[int]]:
    return (ids[i : i + n] for i in range(0, len(ids), n))


def _head(row: Any) -> Report:
    """A reading's metadata alone, as the finding names it."""
    return Report(
        source=Source(path=row.path, format=row.format or ""),
        template=row.template,
        year=row.year,
        agency=row.agency,
        region=row.region,
        cells={},
        provenance={},
        findings=[],
        sections={},
    )


__all__ = ["SCOPE", "Copies", "CopiesRefresh", "Finding"]
