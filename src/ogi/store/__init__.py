"""The store: every table and every query, on one engine — readings (from ``ogi build``, web
uploads, ``ogi series`` of readings files), their cross-year findings, and what the web app keeps
(accounts, sessions, failed log-ins, uploads, review marks, corrections, the audit log), what
``ogi fetch`` fetched, and the organ list. A SQLite file by default, PostgreSQL by URL.

>>> from ogi.store import Store
>>> store = Store("corpus.db")                 # or "postgresql://user@host/db", or ":memory:"
>>> store.put([ogi.read("a.txt")])            # one transaction; replaces the same path
>>> store.refresh_cross_year()                 # cross-year findings of every organ's years
>>> store.refresh_copies()                     # text.copied: sections 一 and 五 alike another organ's
>>> store.score_all(pack)                      # every reading's score under a rule pack (ogi.template.packs)
>>> store.rankings(pack, year=2024)            # … ranked per region and year
>>> store.count()                              # {'reports': …, 'ok': …, 'error': …, …}
>>> store.reports(year=2024)                   # metadata rows
>>> store.reading(1)                           # an ogi.model.Report (or Unreadable)
>>> store.get(1)["cells"]["t3.new.total"]      # … as data, with its id

Every write of readings is ONE transaction holding whole reports only: an interrupted build
leaves each report either fully stored or absent, never half. See docs/corpus.md for the schema
and the choice of SQLite; ``ogi.runner`` reads inputs into it.
"""

from __future__ import annotations

from ogi.store.accounts import ROLES, LastAdmin
from ogi.store.base import DEFAULT_DB, WriteConflict, resolve_url
from ogi.store.browse import Browse
from ogi.store.copies import Copies, CopiesRefresh
from ogi.store.crossyear import CrossYearRefresh, StoredPair
from ogi.store.fetched import Fetched
from ogi.store.followup import FollowUps
from ogi.store.organs import Organs
from ogi.store.scores import PACK_SETTING, ScoreRefresh, Scores
from ogi.store.web import REVIEW_LABELS, REVIEW_STATUSES, Web, upload_path


class Store(Browse, FollowUps, Web, Fetched, Organs, Copies, Scores):
    """A store of readings and of what the web app keeps, in one database (see the module doc).

    ``Store(db)``: ``db`` a SQLite file path, a SQLAlchemy URL (``postgresql://user@host/db``),
    ``:memory:``, or None for ``$OGI_DB`` or ``./ogi.db``. Opening creates what is missing and
    brings a store of an earlier version up to date (``create=False``: neither). Raises
    :class:`ogi.errors.OgiError` for a store of a version it cannot bring up to date.
    """


__all__ = [
    "DEFAULT_DB",
    "PACK_SETTING",
    "REVIEW_LABELS",
    "REVIEW_STATUSES",
    "ROLES",
    "CopiesRefresh",
    "CrossYearRefresh",
    "LastAdmin",
    "ScoreRefresh",
    "Store",
    "StoredPair",
    "WriteConflict",
    "resolve_url",
    "upload_path",
]
