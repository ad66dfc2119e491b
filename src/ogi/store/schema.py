"""Every table of the store (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Readings: one row per input in ``reports`` (unique by ``path``: a file's absolute path, or
``upload:ID/NAME`` for a file uploaded in the web app), with one column per reading field of the
template (``[[field]]``: format, year, organ …) beside the source's and the store's own; its
values in the long table ``cells`` (one row per template key, with the inferred value and where
the value stood as compact JSON); its six sections' text in ``sections``; its source lines in
``documents`` (the source view); its findings in ``findings`` (``scope`` 'report' for the
reader's own, 'cross_year' for findings comparing it with ``related_id``); the pairs of readings
those were computed for in ``series_pairs``. ``keys`` is filled from :mod:`ogi.template`.

The web app's: accounts (``web_user``), settings (``web_setting``), uploads (``web_upload``: the
file as uploaded, its status, the report its reading became), review marks (``web_review``) and
hand corrections (``web_correction``), both kept by the file's SHA-256, never by a row id.

A store made by an earlier version is brought up to date in place when opened: tables and
(nullable) columns it lacks are added (:func:`missing_columns`), so a field added to the template
becomes a column of existing stores too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from ogi.model import CELL_COLUMNS, FINDING_COLUMNS, SECTION_COLUMNS
from ogi.template import fields, spec

SCHEMA_VERSION = 4
UPGRADABLE = (3,)  # earlier versions brought up to this one by adding what they lack

metadata = sa.MetaData()

meta = sa.Table(
    "ogi_meta",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

keys = sa.Table(
    "keys",
    metadata,
    sa.Column("key", sa.String(120), primary_key=True),
    sa.Column("ord", sa.Integer, nullable=False),  # template order (the newest format's keys first)
    sa.Column("table_id", sa.String(16), nullable=False),
    sa.Column("row_key", sa.String(80), nullable=False),
    sa.Column("column_key", sa.String(80), nullable=False),
    sa.Column("label", sa.Text, nullable=False),  # 表三「(一)予以公开」「自然人」
    sa.Column("kind", sa.String(16), nullable=False),  # count / amount / change
    sa.Column("unit", sa.String(16)),
    *(sa.Column(f"in_{tid}", sa.Boolean, nullable=False) for tid in spec().templates),  # in_2021, in_2019
)

_FIELD_TYPES: dict[str, Any] = {
    "text": sa.Text,
    "int": sa.Integer,
    "date": lambda: sa.String(10),  # 2025-01-20
    "interval": lambda: sa.String(21),  # 2024-01-01/2024-12-31
}

reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("path", sa.Text, nullable=False, unique=True),  # absolute path of the file read, or upload:ID/NAME
    sa.Column("sha256", sa.String(64)),
    sa.Column("size", sa.BigInteger),
    sa.Column("format", sa.String(16)),  # text, html, pdf ... (None when unreadable)
    sa.Column("encoding", sa.String(32)),
    sa.Column("pages", sa.Integer),
    *(sa.Column(f.id, _FIELD_TYPES[f.type]()) for f in fields()),  # template, year, agency, region, published, …
    sa.Column("status", sa.String(8), nullable=False),  # 'ok' (read) or 'error' (unreadable)
    sa.Column("error_code", sa.String(32)),
    sa.Column("error_message", sa.Text),
    sa.Column("errors", sa.Integer, nullable=False, default=0),  # error findings (scope 'report')
    sa.Column("warnings", sa.Integer, nullable=False, default=0),
    sa.Column("cells_read", sa.Integer, nullable=False, default=0),  # values read (cells not empty)
    sa.Column("extras", sa.Text),  # JSON: values outside the template (deviating rows)
    sa.Column("removed", sa.Boolean, nullable=False, default=False),  # file gone at the last build
    sa.Column("ogi_version", sa.String(32)),
    sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_reports_year", "year"),
    sa.Index("ix_reports_agency", "agency"),
    sa.Index("ix_reports_sha256", "sha256"),
)


def _report_fk() -> sa.ForeignKey:
    return sa.ForeignKey("reports.id", ondelete="CASCADE")


cells = sa.Table(
    "cells",
    metadata,
    sa.Column("report_id", sa.Integer, _report_fk(), primary_key=True),
    sa.Column("key", sa.String(120), primary_key=True),
    sa.Column("value", sa.Float),  # None: not in the report
    sa.Column("inferred", sa.Float),  # the value the rules determine where the report left it out
    # where the value stood: ogi.model.Where as compact JSON ({"line":64}, {"page":2,"bbox":[…]},
    # {"table":0,"row":3,"col":2}); NULL when unknown. One text column, not one per field: every
    # bound parameter costs the writer, and cells are 200 rows per report.
    sa.Column("where", sa.Text),
    # No index on key alone: it would cost a quarter of the write speed; the primary key
    # (report_id, key) serves a report's values, a scan serves one key across reports.
    # SQLite: the rows live in the primary key's b-tree itself (no rowid table beside it).
    sqlite_with_rowid=False,
)

sections = sa.Table(
    "sections",
    metadata,
    sa.Column("report_id", sa.Integer, _report_fk(), primary_key=True),
    sa.Column("name", sa.String(16), primary_key=True),  # 一 … 六
    sa.Column("ord", sa.Integer, nullable=False),
    sa.Column("text", sa.Text),  # None: the section is absent
)

documents = sa.Table(
    "documents",
    metadata,
    # The source's lines as read (ogi.model.document_lines, JSON deflated): what the reading page
    # shows beside the tables, never read from the file again.
    sa.Column("report_id", sa.Integer, _report_fk(), primary_key=True),
    sa.Column("lines", sa.LargeBinary, nullable=False),
)

findings = sa.Table(
    "findings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, _report_fk(), nullable=False),
    sa.Column("scope", sa.String(16), nullable=False, default="report"),  # 'report' | 'cross_year' | ...
    sa.Column("related_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE")),
    sa.Column("ord", sa.Integer, nullable=False),
    sa.Column("rule", sa.String(64), nullable=False),
    sa.Column("severity", sa.String(8), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    # JSON text (the same bytes on every backend): the keys involved, their values, where they stood
    sa.Column("keys", sa.Text, nullable=False),  # ["t3.new.total", ...]
    sa.Column("vals", sa.Text, nullable=False),  # {"t3.new.total": 12, ...}
    sa.Column("where", sa.Text, nullable=False),  # [{"line": 64}, ...]
    sa.Index("ix_findings_report", "report_id"),
    sa.Index("ix_findings_rule", "rule"),
)

series_pairs = sa.Table(
    "series_pairs",
    metadata,
    # One row per (report, the same organ's report of the year before) whose cross-year findings
    # are stored: the pairs checked when readings were last stored. Either report re-read (deleted
    # and stored again) drops its rows, so a pair here was checked against both readings as they stand.
    sa.Column("report_id", sa.Integer, _report_fk(), primary_key=True),
    sa.Column("previous_id", sa.Integer, _report_fk(), primary_key=True),
    sa.Column("series", sa.Text, nullable=False),  # the organ's series id (ogi.corpus.series)
    sa.Index("ix_series_pairs_previous", "previous_id"),
)

text_signatures = sa.Table(
    "text_signatures",
    metadata,
    # The MinHash signature of each reading's sections 一 and 五 (ogi.check.copies: text.copied), kept
    # once made; None when the text is too short to compare. ``copy_of``: the other organ's report it
    # is most alike (None: none), with their ``similarity`` and how many ``copies`` were found.
    sa.Column("report_id", sa.Integer, _report_fk(), primary_key=True),
    sa.Column("organ", sa.Text),  # the organ's identity (ogi.corpus.identity): its own reports are no copies
    sa.Column("minhash", sa.LargeBinary),
    sa.Column("copy_of", sa.Integer, sa.ForeignKey("reports.id", ondelete="SET NULL")),
    sa.Column("similarity", sa.Float),
    sa.Column("copies", sa.Integer, nullable=False, default=0),
    sa.Column("looked", sa.Boolean, nullable=False, default=False),  # its buckets looked up since it was signed
    sa.Index("ix_text_signatures_copy_of", "copy_of"),
    sa.Index("ix_text_signatures_looked", "looked"),  # the few not looked up yet (refresh_copies)
    sa.Index("ix_text_signatures_copies", "copies"),  # the few with a match
)

text_bands = sa.Table(
    "text_bands",
    metadata,
    # The LSH buckets of each signature (one per band): readings sharing a bucket are candidates.
    sa.Column("bucket", sa.BigInteger, primary_key=True),
    sa.Column("report_id", sa.Integer, _report_fk(), primary_key=True),
    sa.Index("ix_text_bands_report", "report_id"),
    sqlite_with_rowid=False,
)

score_packs = sa.Table(
    "score_packs",
    metadata,
    # Rule packs readings were scored with (ogi.template.packs): its id (name and digest), name, text.
    sa.Column("id", sa.String(80), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

scores = sa.Table(
    "scores",
    metadata,
    # A reading's score under a rule pack, with its deductions itemised (JSON), and ``stamp``: the
    # findings it was computed from (their number and last id), to know when to score it again.
    sa.Column("report_id", sa.Integer, _report_fk(), primary_key=True),
    sa.Column("pack", sa.String(80), sa.ForeignKey("score_packs.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("deducted", sa.Float, nullable=False),
    sa.Column("deductions", sa.Text, nullable=False),
    sa.Column("stamp", sa.String(64), nullable=False),
    sa.Index("ix_scores_pack", "pack", "score"),
)

# ---------------------------------------------------------------- the web app's

users = sa.Table(
    "web_user",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),  # viewer, reviewer, admin
    sa.Column("pw_hash", sa.Text, nullable=False),  # argon2
    sa.Column("created_at", sa.String(32), nullable=False),
)

settings = sa.Table(
    "web_setting",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

uploads = sa.Table(
    "web_upload",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("batch", sa.String(32), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), index=True),
    sa.Column("size", sa.Integer),
    sa.Column("status", sa.String(16), nullable=False),  # queued, reading, done, error
    sa.Column("error", sa.Text),
    # the reading it became (a report like any other, path upload:ID/NAME); None until read
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="SET NULL")),
    sa.Column("data", sa.LargeBinary),  # the file as uploaded (read by the runner's workers; PDF pages drawn from it)
    sa.Column("created_by", sa.String(64)),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("finished_at", sa.String(32)),
)

reviews = sa.Table(
    "web_review",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("finding", sa.Text, nullable=False),  # ogi.store.finding_id: rule|keys
    sa.Column("rule", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # confirmed, dismissed
    sa.Column("comment", sa.Text),
    sa.Column("user", sa.String(64), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
)

corrections = sa.Table(
    "web_correction",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("key", sa.String(128), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),  # 2, 3, …: version 1 is the value as read
    sa.Column("value", sa.Float),
    sa.Column("comment", sa.Text),
    sa.Column("user", sa.String(64), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.UniqueConstraint("sha256", "key", "version", name="web_correction_version"),
)

assert tuple(c.name for c in cells.c)[1:] == CELL_COLUMNS
assert tuple(c.name for c in sections.c)[1:] == SECTION_COLUMNS
assert tuple(c.name for c in findings.c)[2:] == FINDING_COLUMNS


def missing_columns(have: dict[str, set[str]]) -> Iterator[tuple[sa.Table, sa.Column[Any]]]:
    """Columns of existing tables (``have``: table → its column names) that the schema declares
    and they lack; every such column is nullable (what an in-place upgrade adds)."""
    for t in metadata.sorted_tables:
        if t.name not in have:
            continue
        for c in t.c:
            if c.name not in have[t.name]:
                assert c.nullable, f"{t.name}.{c.name} cannot be added to a store in place"
                yield t, c


def key_rows() -> list[dict[str, object]]:
    """The ``keys`` table's rows, from the template data (the newest format's keys in order, then
    the others')."""
    by_format = {tid: t.keys for tid, t in spec().templates.items()}
    out: dict[str, dict[str, object]] = {}
    for tkeys in by_format.values():
        for k, key in tkeys.items():
            if k in out:
                continue
            out[k] = {
                "key": k,
                "ord": len(out),
                "table_id": key.table.id,
                "row_key": key.row.key,
                "column_key": key.column.key,
                "label": key.label,
                "kind": key.column.kind,
                "unit": key.column.unit,
                **{f"in_{tid}": k in ks for tid, ks in by_format.items()},
            }
    return list(out.values())
