"""Text files: decode, then read as text."""

from __future__ import annotations

from ogi.ingest.decode import decode
from ogi.ingest.text import ingest_text
from ogi.model import Document, Source


def ingest(data: bytes, source: Source) -> Document:
    decoded = decode(data)
    source.encoding = decoded.name
    doc = ingest_text(decoded.text, source)
    if (note := decoded.note("文本")) is not None:  # characters lost (bytes broken, mojibake's): read, said so
        doc.lost = decoded.lost
        doc.notes.append(note)
    return doc
