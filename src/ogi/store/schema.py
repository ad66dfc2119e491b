"""Every table of the store (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Readings: one row per input in ``reports`` (unique by ``path``: a file's absolute path, or
``upload:ID/NAME`` for a file uploaded in the web app), with one column per reading field of the
template (``[[field]]``: format, year, organ …) beside the source's and the store's own; its
values in the long table ``cells`` (one row per template key, with the inferred value and where
the value stood as compact JSON); its six sections' text in ``sections``; its source lines in
``documents`` (the source view); its findings in ``findings`` (``scope`` 'report' for the
reader's own, 'cross_year' for findings comparing it with ``related_id``); the pairs of readings
those were computed for in ``series_pairs``. ``keys`` is filled from :mod:`ogi.template`.

Who must report (``ogi organs import``, the web app's 机关名单): ``organ_list``, the region's organs
with their short names, parent and kind (which sets their deadline).

Fetched from the organs' sites (``ogi fetch``): one row per URL in ``fetched``, with the page's
publication date, the fetch time and, for what is read as a report, its bytes and its reading.

The web app's: accounts (``web_user``), their sessions (``web_session``: kept here, so logging out
or disabling a user ends them at once), failed log-ins by user name and by address
(``web_login_guard``: backoff and lockout), settings (``web_setting``), uploads (``web_upload``: the
file as uploaded until the retention setting or an admin deletes it, its status, the report its
reading became), review marks (``web_review``) and hand corrections (``web_correction``), both kept
by the file's SHA-256, never by a row id, and what was done by whom (``web_audit``).

A store made by an earlier version is brought up to date in place when opened: tables and
(nullable) columns it lacks are added (:func:`missing_columns`), so a field added to the template
becomes a column of existing stores too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from ogi.model import FINDING_COLUMNS, SECTION_COLUMNS, VALUE_COLUMNS
from ogi.template import all_keys, fields, spec

SCHEMA_VERSION = 5
# earlier versions brought up to this one in place: what they lack added; version 4's long table
# of values (``cells``) moved into ``vals`` and ``provenance`` (ogi.store.base.Base.create)
UPGRADABLE = (3, 4)

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

# the reports list's order (ogi.store.browse: newest year first, then the organ): a page of it read
# from the index, not sorted from every report (SQLite, whose NULLs come last in a descending
# order; PostgreSQL's query says NULLS LAST, which this index does not give, and sorts). It holds
# the region and whether the report was removed too, so that a search by region and year reads
# the year's entries of the index, not each report's row (six times faster at 100,000 reports).
R_ = reports.c
sa.Index("ix_reports_listing", R_.year.desc(), R_.agency, R_.id, R_.region, R_.removed)
# indexes an earlier version made that this one replaced: dropped when a store is opened
RETIRED_INDEXES = ("ix_reports_listed",)


def _report_fk() -> sa.ForeignKey:
    return sa.ForeignKey("reports.id", ondelete="CASCADE")


vals = sa.Table(
    "vals",
    metadata,
    # A reading's values, one row per report and one column per key of every format (named by the
    # key, ogi.template.all_keys; None: not in the report): what SQL computes stats, roll-ups and
    # series over (ogi.store.analysis), a row of ~230 numbers where the long form took ~200 rows.
    # Before them: the reading's format, its keys when not exactly its format's (JSON list), its
    # inferred values and values of keys no format has (JSON), how many of its format's keys it
    # lacks. The long form, (report, key, value, inferred), is the view ``cells`` (CELLS_VIEW).
    sa.Column("report_id", sa.Integer, _report_fk(), primary_key=True, autoincrement=False),
    sa.Column("tpl", sa.String(8), nullable=False),
    sa.Column("keyset", sa.Text),
    sa.Column("inferred", sa.Text),
    sa.Column("odd", sa.Text),
    sa.Column("gaps", sa.Integer, nullable=False, default=0),
    *(sa.Column(k, sa.Float) for k in all_keys()),
)

provenance = sa.Table(
    "provenance",
    metadata,
    # Where each value stood (ogi.model.pack_places: one place per key of the reading, deflated):
    # the report page's links into the source. Apart from ``vals``, so that scans of values read
    # values only.
    sa.Column("report_id", sa.Integer, _report_fk(), primary_key=True, autoincrement=False),
    sa.Column("cells", sa.LargeBinary, nullable=False),
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
    sa.Index("ix_findings_severity", "severity", "report_id"),  # the reports with errors (search, lists)
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
    # the reading's findings under the pack (Evaluation.counts) and its deductions as a clerk reads
    # them (Evaluation.itemised): an export's columns, read without making the reading again
    sa.Column("errors", sa.Integer),
    sa.Column("warnings", sa.Integer),
    sa.Column("rules", sa.Text),
    sa.Column("itemised", sa.Text),
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
    sa.Column("disabled", sa.Boolean),  # True: may not log in (None, False: active)
    sa.Column("password_at", sa.String(32)),  # when the password was last set
)

sessions = sa.Table(
    "web_session",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 of the cookie's token (the token itself is never kept)
    sa.Column("user", sa.String(64), sa.ForeignKey("web_user.name", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created", sa.Float, nullable=False),  # Unix seconds: the absolute expiry counts from here
    sa.Column("seen", sa.Float, nullable=False),  # Unix seconds of the last request (kept to the minute): idle expiry
    sa.Column("address", sa.String(64)),
)

login_guard = sa.Table(
    "web_login_guard",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),  # user:NAME (known or not) or addr:ADDRESS
    sa.Column("failures", sa.Integer, nullable=False),  # failed log-ins since first (a success clears a name's)
    sa.Column("pending", sa.Integer, nullable=False),  # attempts whose password is being checked
    sa.Column("first", sa.Float, nullable=False),  # Unix seconds of the first counted attempt
    sa.Column("last", sa.Float, nullable=False),  # ... of the last attempt let through
    sa.Column("locked", sa.Float),  # Unix seconds the lockout began; None: not locked
)

audit = sa.Table(
    "web_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False),  # UTC, 2025-01-20 08:30:00
    sa.Column("user", sa.String(64)),  # who (None: not signed in; cli:NAME for the ogi command; system)
    sa.Column("address", sa.String(64)),  # from where (the client's address)
    sa.Column("action", sa.String(32), nullable=False, index=True),  # login, login_failed, upload, review, …
    sa.Column("target", sa.Text),  # what: a user name, a report id, an upload id …
    sa.Column("detail", sa.Text),  # JSON: what changed
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
    sa.Column("purged_at", sa.String(32)),  # when its file was deleted (retention or an admin); data is None since
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

# ---------------------------------------------------------------- fetched from the organs' sites

fetched = sa.Table(
    "fetched",
    metadata,
    # One row per URL ogi fetch requested (ogi.fetch): a column's list page, a report's page, an
    # attachment. What was fetched is not fetched again (list pages: asked again with the validators
    # kept, answered 304 when unchanged). The files read as reports keep their bytes and, once read,
    # the report they became (reports.path is the URL).
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    sa.Column("kind", sa.String(8), nullable=False),  # list, page, file
    # ok; error (after retries); robots (refused by the site's robots.txt); too_large (past the size limit)
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("http_status", sa.Integer),
    sa.Column("referer", sa.Text),  # the page it was found on
    sa.Column("title", sa.Text),  # the link's text, or the page's title
    sa.Column("published", sa.String(10)),  # the publication date the page states (ISO day)
    sa.Column("content_type", sa.String(128)),
    sa.Column("size", sa.BigInteger),
    sa.Column("sha256", sa.String(64)),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("is_report", sa.Boolean, nullable=False, default=False),  # read as a report
    sa.Column("data", sa.LargeBinary),  # the bytes (list and report pages, attachments)
    sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="SET NULL")),
    sa.Column("error", sa.Text),
    sa.Column("fetched_at", sa.String(32), nullable=False),  # UTC, 2025-03-01 08:00:00
    sa.Index("ix_fetched_report", "report_id"),
)

# ---------------------------------------------------------------- who must report

organ_list = sa.Table(
    "organ_list",
    metadata,
    # The region's list of organs that must report (ogi organs import; the web app's 机关名单), one row
    # per organ in the list's order; an import replaces the whole list. Roll-ups count against it.
    sa.Column("ord", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("short", sa.Text, nullable=False),  # JSON list of short names
    sa.Column("level", sa.Text),
    sa.Column("parent", sa.Text),
    sa.Column("kind", sa.String(16), nullable=False),  # a deadline kind of formats.toml: government, …
    sa.Column("imported_at", sa.String(32), nullable=False),  # UTC
    sa.Column("imported_by", sa.String(64)),
    sa.Column("source", sa.Text),  # the file's name
)

assert tuple(c.name for c in vals.c)[1:] == (*VALUE_COLUMNS, *all_keys())
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


def missing_indexes(have: dict[str, set[str]]) -> Iterator[sa.Index]:
    """Indexes of existing tables (``have``: table → its index names) that the schema declares and
    they lack: made in place (an index speeds a query, its absence never changes an answer)."""
    for t in metadata.sorted_tables:
        if t.name in have:
            yield from (i for i in t.indexes if i.name not in have[t.name])


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


# ---------------------------------------------------------------- the long form of the values

CELLS_VIEW = "cells"


def cells_view_sql(dialect: str) -> str:
    """The view ``cells``: a reading's values in their long form, (report_id, key, value, inferred),
    one row per key the reading holds, as stores of version 4 kept them in a table (where each
    value stood is in ``provenance``). For SQL users and queries of one key across the corpus; the
    store itself reads ``vals``."""
    formats = {tid: set(t.keys) for tid, t in spec().templates.items()}
    parts = []
    for k in all_keys():
        has = ", ".join(f"'{tid}'" for tid, ks in formats.items() if k in ks)
        if dialect == "postgresql":
            inf = f"CAST(CAST(inferred AS json) ->> '{k}' AS double precision)"
            held = f"strpos(keyset, '\"{k}\"') > 0"
        else:
            inf = f"json_extract(inferred, '$.\"{k}\"')"
            held = f"instr(keyset, '\"{k}\"') > 0"
        cond = f"(keyset IS NULL AND tpl IN ({has}))" if has else "FALSE"
        parts.append(
            f"SELECT report_id, '{k}' AS key, \"{k}\" AS value, {inf} AS inferred FROM vals WHERE {cond} OR {held}"
        )
    return f"CREATE VIEW {CELLS_VIEW} AS\n" + "\nUNION ALL\n".join(parts)


# the table of values of stores of version 4, read once when such a store is brought up to date
legacy = sa.MetaData()
legacy_cells = sa.Table(
    "cells",
    legacy,
    sa.Column("report_id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(120), primary_key=True),
    sa.Column("value", sa.Float),
    sa.Column("inferred", sa.Float),
    sa.Column("where", sa.Text),
)


# ---------------------------------------------------------------- derived: the corpus as analysed
#
# What the readings give once grouped (ogi.store.derive, when readings are stored): each organ's
# series and its reports, the regions of the organs' names and, per region and year, the sums and
# metric parts of its organs' reports (the region pages and ``ogi rollup`` read them). Caches: made
# again from the readings whenever their definition changes (DERIVED_VERSION), never upgraded.

derived = sa.MetaData()

organs = sa.Table(
    "organs",
    derived,
    sa.Column("id", sa.Text, primary_key=True),  # the series id (ogi.corpus.series)
    sa.Column("name", sa.Text, nullable=False),  # the fullest form of its name met
    sa.Column("identity", sa.Text, nullable=False),  # OrganIdentity.to_dict() as JSON
    sa.Column("type", sa.String(32), nullable=False),  # government, department, …
    sa.Column("region", sa.Text),  # its region chain in full (淮安市洪泽区), as stats --by region groups
    sa.Column("node", sa.Text),  # its region's node in the regions of the names (region:淮安市洪泽区)
    sa.Column("years", sa.Text, nullable=False),  # JSON list of the years it has a report for
    sa.Column("errors", sa.Integer, nullable=False),  # error findings of those reports (their own)
    sa.Column("warnings", sa.Integer, nullable=False),
    sa.Column("worst", sa.Integer, nullable=False),  # 0 a report with errors, 1 with warnings only, 9 none
    sa.Index("ix_organs_node", "node"),
)

members = sa.Table(
    "members",
    derived,
    # every readable report not removed, and what it is to its organ's series
    sa.Column("report_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("series", sa.Text),  # None: no organ identified
    sa.Column("year", sa.Integer),
    # kept: the reading of its organ's year; duplicate: another reading of the same year (not
    # counted); undated: of no year; unnamed: of no organ
    sa.Column("role", sa.String(10), nullable=False),
    sa.Index("ix_members_series", "series", "year"),
)

regions = sa.Table(
    "regions",
    derived,
    sa.Column("node", sa.Text, primary_key=True),  # region:淮安市洪泽区
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("parent", sa.Text),
    sa.Column("depth", sa.Integer, nullable=False),
    sa.Column("organs", sa.Integer, nullable=False),  # organs under it
    sa.Column("ord", sa.Integer, nullable=False),  # listing order: by the names of its parents, then its own
)

region_organs = sa.Table(
    "region_organs",
    derived,
    sa.Column("node", sa.Text, primary_key=True),
    sa.Column("series", sa.Text, primary_key=True),
    sa.Index("ix_region_organs_series", "series"),
)


def summed_columns() -> list[tuple[str, str]]:
    """(column, key) of the sums a region's year keeps: every count of every format
    (ogi.corpus.rollup.summed_keys), in template order."""
    from ogi.corpus.rollup import summed_keys

    summed = {k for t in spec().templates.values() for k in summed_keys(t)}
    return [(f"s:{k}", k) for k in all_keys() if k in summed]


def metric_columns() -> list[tuple[str, str, str]]:
    """(column, metric id, part) of the metric parts a region's year keeps: num, den, n."""
    from ogi.corpus.metrics import metrics

    return [(f"m:{m.id}:{part}", m.id, part) for m in metrics() for part in ("num", "den", "n")]


def outcome_columns() -> list[tuple[str, str]]:
    """(column, outcome group) of table 3's outcome groups a region's year keeps (their 总计)."""
    from ogi.corpus.metrics import outcome_groups

    return [(f"o:{g}", g) for g in outcome_groups()]


region_years = sa.Table(
    "region_years",
    derived,
    sa.Column("node", sa.Text, primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("reported", sa.Integer, nullable=False),  # organs under it with a report that year
    sa.Column("missing", sa.Text, nullable=False),  # JSON list of the organs (series ids) without one
    sa.Column("incomplete", sa.Text, nullable=False),  # JSON {key: reports without its value}
    *(sa.Column(f"f:{tid}", sa.Integer, nullable=False) for tid in spec().templates),  # reports per format
    *(sa.Column(c, sa.Float) for c, _k in summed_columns()),
    *(sa.Column(c, sa.Float) for c, _m, _p in metric_columns()),
    *(sa.Column(c, sa.Float) for c, _g in outcome_columns()),
)


def derived_version() -> str:
    """A digest of the derived tables' definition: when it differs from the one a store's
    derived tables were made by, they are made again."""
    import hashlib

    text = "|".join(f"{t.name}:{','.join(c.name for c in t.c)}" for t in derived.sorted_tables)
    return "1:" + hashlib.sha1(text.encode()).hexdigest()[:16]


def drop_all(engine: sa.Engine) -> None:
    """Drop every table and view of the store (an emptied database, for benchmarks and tests)."""
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {CELLS_VIEW}")
    derived.drop_all(engine)
    metadata.drop_all(engine)
