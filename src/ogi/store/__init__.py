"""The corpus: many readings stored, incrementally and safely, and got out again.

>>> from ogi.store import Store, build
>>> store = Store("corpus.db")                 # SQLite file; or "postgresql://user@host/db"
>>> build(["reports/"], store, jobs=2)         # what ``ogi build reports/ --db corpus.db`` does
>>> store.count()                              # {'reports': …, 'ok': …, 'error': …, …}
>>> store.reports(year=2024)                   # metadata rows
>>> store.get(1)["cells"]["t3.new.total"]      # a reading, shaped like Report.to_dict()
>>> store.report("/abs/path.txt")              # … or as an ogi.Report

See docs/corpus.md for the schema and the choice of SQLite.
"""

from __future__ import annotations

from ogi.store.build import BuildResult, build, read_one
from ogi.store.store import DEFAULT_DB, Store, resolve_url

__all__ = ["DEFAULT_DB", "BuildResult", "Store", "build", "read_one", "resolve_url"]
