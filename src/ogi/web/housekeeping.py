"""The server's housekeeping, in a thread of its own: sessions' last requests written, expired
sessions and stale counts of failed log-ins deleted, uploads' files past retention deleted, and
the regions' follow-ups made again once readings or marks changed (:meth:`ogi.web.corpus.Corpus.rewarm`).

Retention (settings kept in the store, changed on ``/retention``): ``retention_days`` — an
upload's file is deleted that many days after it was read (unset or 0: kept); ``retention_reviewed``
— ``1``: deleted as soon as every error and warning finding of its reading carries a review mark.
The upload's row and its reading stay (the report page shows the stored reading; the PDF page
view needs the file). Each deletion is in the audit log (user ``system``).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from ogi.store import Store
from ogi.web.auth import WINDOW, Sessions
from ogi.web.corpus import Corpus

log = logging.getLogger("ogi.web")

FLUSH_SECONDS = 30.0  # sessions' last requests written
WARM_SECONDS = 2.0  # regions' follow-ups made again after a change
CLEAN_SECONDS = 600.0  # expired sessions, stale failures, files past retention


def retention(store: Store) -> dict[str, Any]:
    """The retention settings: days (int, 0: no limit by age) and reviewed (bool)."""
    days = store.setting("retention_days")
    return {
        "days": int(days) if days and days.isdigit() else 0,
        "reviewed": store.setting("retention_reviewed") == "1",
    }


def purge(store: Store, user: str = "system", address: str | None = None) -> list[dict[str, Any]]:
    """Delete the files of uploads past retention now, each deletion in the audit log."""
    r = retention(store)
    if not r["days"] and not r["reviewed"]:
        return []
    gone = store.purge_files(days=r["days"] or None, reviewed=r["reviewed"])
    for g in gone:
        store.audit("file_purged", user, address, g["id"], {"name": g["name"], "sha256": g["sha256"], "why": g["why"]})
    return gone


class Housekeeper:
    def __init__(self, store: Store, sessions: Sessions, corpus: Corpus | None = None) -> None:
        self.store, self.sessions, self.corpus = store, sessions, corpus
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ogi-housekeeping", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self.clean()
        self.warm()
        flushed = cleaned = time.monotonic()
        while not self._stop.wait(WARM_SECONDS):
            self.warm()
            if time.monotonic() - flushed >= FLUSH_SECONDS:
                flushed = time.monotonic()
                self.flush()
            if time.monotonic() - cleaned >= CLEAN_SECONDS:
                cleaned = time.monotonic()
                self.clean()

    def warm(self) -> None:
        if self.corpus is None:
            return
        try:
            self.corpus.rewarm()
        except Exception as e:  # the pages make what is not made when asked
            log.error("regions' follow-ups not made again: %s", e)

    def flush(self) -> None:
        try:
            self.sessions.flush()
        except Exception as e:  # never let the thread die: the store busy or gone for a moment
            log.error("sessions' last requests not written: %s", e)

    def clean(self) -> None:
        try:
            self.sessions.expire()
            self.store.forget_failures(max(WINDOW.values()))
            purge(self.store)
        except Exception as e:
            log.error("housekeeping failed: %s", e)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.flush()
