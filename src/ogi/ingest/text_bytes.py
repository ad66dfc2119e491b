"""Text files: decode, then read as text."""

from __future__ import annotations

from ogi.document import Document, Source
from ogi.ingest.decode import decode
from ogi.ingest.text import ingest_text


def ingest(data: bytes, source: Source) -> Document:
    text, enc = decode(data)
    source.encoding = enc
    return ingest_text(text, source)
