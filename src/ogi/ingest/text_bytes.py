"""Text files: decode, then read as text."""

from __future__ import annotations

from ogi.ingest.decode import decode, mojibake_left
from ogi.ingest.text import ingest_text
from ogi.model import Document, Source


def ingest(data: bytes, source: Source) -> Document:
    text, enc = decode(data)
    source.encoding = enc
    doc = ingest_text(text, source)
    if "\ufffd" in text and "损坏" in enc:
        doc.lost = text.count("\ufffd")
    elif "乱码" in enc:
        doc.lost = mojibake_left(text)
    if "\ufffd" in text and "损坏" in enc:  # a few bytes broken on the way: read as they are, said so
        doc.notes.append(f"文本有{text.count(chr(0xFFFD))}处字节损坏（编码 {enc.split()[0]}），该处文字未能读取")
    elif doc.lost and "乱码" in enc:  # mojibake undone, characters its first misreading lost: said so
        doc.notes.append(f"文本为乱码，已还原；其中{doc.lost}处文字在乱码中已丢失，未能读取")
    return doc
