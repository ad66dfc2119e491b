"""Reading uploaded files in the background, a few at a time, each status kept in the database."""

from __future__ import annotations

import json
import logging
from concurrent.futures import Future, ThreadPoolExecutor

from ogi.errors import OgiError
from ogi.ingest import ingest_bytes
from ogi.pipeline import read_document
from ogi.web.db import Store
from ogi.web.view import document_lines

log = logging.getLogger("ogi.web")


class Reader:
    """A small pool reading uploads; ``submit`` returns at once, the status is in the store."""

    def __init__(self, store: Store, workers: int = 2) -> None:
        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ogi-read")

    def submit(self, uid: int, name: str, data: bytes) -> Future[None]:
        return self.pool.submit(self._read, uid, name, data)

    def _read(self, uid: int, name: str, data: bytes) -> None:
        self.store.set_status(uid, "reading")
        try:
            doc = ingest_bytes(data, name)
            report = read_document(doc)
            reading = report.to_dict()
            self.store.set_status(
                uid,
                "done",
                reading=json.dumps(reading, ensure_ascii=False),
                document=json.dumps(document_lines(doc), ensure_ascii=False),
            )
        except OgiError as e:
            self.store.set_status(uid, "error", error=e.message)
        except Exception as e:  # a user sees one line, never a traceback
            log.exception("reading %s failed", name)
            self.store.set_status(uid, "error", error=f"内部错误，无法读取 ({type(e).__name__})")

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=False)
