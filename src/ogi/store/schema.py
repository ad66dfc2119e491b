"""The store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

One row per report file in ``reports`` (unique by ``path``); its values in the long
table ``cells`` (one row per template key, with the inferred value and where the value
stood as compact JSON); its six sections' text in
``sections``; its findings in ``findings`` (``scope`` 'report' for the reader's own,
'cross_year' for findings comparing two readings, with ``related_id`` the other report); the
pairs of readings those were computed for in ``series_pairs``.
``keys`` is filled from :mod:`ogi.template` (the template is data: labels, order, kind).
"""

from __future__ import annotations

import sqlalchemy as sa

SCHEMA_VERSION = 4

# How a store of an earlier version is brought to this one, by version: statements run in order.
UPGRADES: dict[int, tuple[str, ...]] = {
    3: ("ALTER TABLE reports ADD COLUMN published VARCHAR(10)",),  # version 4: the publication date
}

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
    sa.Column("ord", sa.Integer, nullable=False),  # template order (2021 keys first, then 2019-only)
    sa.Column("table_id", sa.String(16), nullable=False),
    sa.Column("row_key", sa.String(80), nullable=False),
    sa.Column("column_key", sa.String(80), nullable=False),
    sa.Column("label", sa.Text, nullable=False),  # 表三「(一)予以公开」「自然人」
    sa.Column("kind", sa.String(16), nullable=False),  # count / amount / change
    sa.Column("unit", sa.String(16)),
    sa.Column("in_2021", sa.Boolean, nullable=False),
    sa.Column("in_2019", sa.Boolean, nullable=False),
)

reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("path", sa.Text, nullable=False, unique=True),  # absolute path of the file read
    sa.Column("sha256", sa.String(64)),
    sa.Column("size", sa.BigInteger),
    sa.Column("format", sa.String(16)),  # text, html, pdf ... (None when unreadable)
    sa.Column("encoding", sa.String(32)),
    sa.Column("pages", sa.Integer),
    sa.Column("template", sa.String(8)),
    sa.Column("year", sa.Integer),
    sa.Column("agency", sa.Text),
    sa.Column("region", sa.Text),
    sa.Column("published", sa.String(10)),  # publication date the report states (ISO), if any
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
    # where the value stood: ogi.document.Where as compact JSON ({"line":64}, {"page":2,"bbox":[…]},
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

CELL_COLUMNS = ("key", "value", "inferred", "where")
SECTION_COLUMNS = ("name", "ord", "text")
FINDING_COLUMNS = ("scope", "related_id", "ord", "rule", "severity", "message", "keys", "vals", "where")

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
    # are stored: the pairs checked at the last build. Either report re-read (deleted and stored
    # again) drops its rows, so a pair here was checked against both readings as they stand.
    sa.Column("report_id", sa.Integer, _report_fk(), primary_key=True),
    sa.Column("previous_id", sa.Integer, _report_fk(), primary_key=True),
    sa.Column("series", sa.Text, nullable=False),  # the organ's series id (ogi.corpus.series)
    sa.Index("ix_series_pairs_previous", "previous_id"),
)


def key_rows() -> list[dict[str, object]]:
    """The ``keys`` table's rows, from the template data (2021 keys in order, then 2019-only ones)."""
    from ogi.template import spec

    t21, t19 = spec().templates["2021"].keys, spec().templates["2019"].keys
    out: dict[str, dict[str, object]] = {}
    for tkeys in (t21, t19):
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
                "in_2021": k in t21,
                "in_2019": k in t19,
            }
    return list(out.values())
