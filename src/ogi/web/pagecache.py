"""Rendered report pages, kept by everything they show, so a page viewed again costs a lookup.

A stored reading never changes under its id (a file read again is stored under a new id); what
changes around it — its cross-year findings, the organ pages it links to (the store's state,
:meth:`ogi.web.corpus.Corpus.signature`), the review marks and corrections kept for its file (their
latest ids), who is looking (name and role: the page shows them and their buttons) — is the key.
The session's CSRF token is put in at each view, never kept.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Hashable

SLOT = "\x00csrf-" + secrets.token_hex(8) + "\x00"  # stands for the CSRF token in a kept page


class PageCache:
    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, csrf: str) -> str | None:
        with self._lock:
            html = self._pages.get(key)
            if html is not None:
                self._pages.move_to_end(key)
        return html.replace(SLOT, csrf) if html is not None else None

    def put(self, key: Hashable, html: str) -> None:
        """Keep a page rendered with :data:`SLOT` for its CSRF token."""
        with self._lock:
            self._pages[key] = html
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
