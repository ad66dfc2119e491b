"""Text files: decode, then read as text."""

from __future__ import annotations

from ogi.ingest.decode import decode
from ogi.ingest.text import ingest_text
from ogi.model import Document, Source


def ingest(data: bytes, source: Source) -> Document:
    text, enc = decode(data)
    source.encoding = enc
    return ingest_text(text, source)
