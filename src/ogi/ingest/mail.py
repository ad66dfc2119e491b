"""E-mail messages (``.eml``, RFC 822 / MIME, as Foxmail, Outlook, QQ Mail or 163 Mail save them): the report
a supervising office receives by mail, read where it is in the message.

The message is parsed by Python's :mod:`email` (transfer encodings — base64, quoted-printable — charsets, and
attachments' names in RFC 2047 and RFC 2231 decoded). The report is the first attachment in a format ogi reads
(a Word file, a PDF, a workbook, a page, a text), looked for in forwarded messages too (``message/rfc822``);
where there is none, the message's own body (its HTML, else its text). The part chosen is read by its own
reader (:func:`ogi.ingest.ingest_bytes`), the document's source the message's; the other attachments that
may be reports are said (``Document.notes``: input.partial), so that a message carrying two reports is never
read as one.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from email.message import EmailMessage, Message

from ogi.errors import InputError, OgiError
from ogi.model import Document, Source

# the header names that open a saved message (one at least, beside Content-Type or MIME-Version)
_OPENING = (b"from:", b"to:", b"subject:", b"date:", b"received:", b"return-path:", b"message-id:", b"x-mailer:")
# attachments whose format is no report's (pictures are read only inside a document)
_NO_REPORT = ("image/", "audio/", "video/")


def is_mail(data: bytes) -> bool:
    """Whether ``data`` is a saved e-mail message: it opens with header lines, among them a sender, a
    subject or a date, and a MIME ``Content-Type`` or ``MIME-Version``."""
    head = data[:4096].lower()
    block = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    if b"content-type:" not in block and b"mime-version:" not in block:
        return False
    lines = [ln for ln in block.splitlines() if ln and ln[:1] not in (b" ", b"\t")]
    return bool(lines) and all(b":" in ln for ln in lines) and any(ln.startswith(_OPENING) for ln in lines)


def _parts(msg: Message) -> Iterator[tuple[str | None, str, bytes]]:
    """(file name, content type, bytes) of each attachment of ``msg``, in order; a forwarded message's
    own attachments in their place."""
    for part in msg.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        ctype = part.get_content_type()
        if not name or ctype.startswith(_NO_REPORT):
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and payload.strip():
            yield name, ctype, payload


def _body(msg: EmailMessage) -> tuple[bytes, str] | None:
    """The message's body as bytes (UTF-8) and its kind (``html`` or ``text``): its HTML, else its text."""
    for kind in ("html", "plain"):
        part = msg.get_body(preferencelist=(kind,))
        if part is None:
            continue
        try:
            text = part.get_content()
        except (LookupError, UnicodeError, ValueError):
            raw = part.get_payload(decode=True)
            text = raw.decode("gb18030", errors="replace") if isinstance(raw, bytes) else ""
        if isinstance(text, str) and text.strip():
            return text.encode("utf-8"), "html" if kind == "html" else "text"
    return None


def ingest(data: bytes, source: Source) -> Document:
    """Read the report a saved e-mail message carries (see the module doc). Raises :class:`InputError` for a
    message holding neither an attachment nor a body ogi reads."""
    from ogi.ingest import INGESTERS, detect, ingest_bytes

    msg = email.message_from_bytes(data, policy=email.policy.default)
    # the attachments in a format a reader reads (a Word file, a PDF, a workbook, a page, a text)
    readable = [(n, b) for n, _c, b in _parts(msg) if detect(b) in INGESTERS]
    doc: Document | None = None
    chosen = ""
    for name, payload in readable:
        try:
            doc = ingest_bytes(payload, f"{source.path}!/{name}" if source.path else name)
        except OgiError:
            continue  # (an attachment its reader cannot read: a broken file)
        chosen = name
        break
    if doc is None:
        # the message's body, or a message forwarded as an attachment's (message/rfc822): the longest
        messages = [msg, *(p.get_payload(0) for p in msg.walk() if p.get_content_type() == "message/rfc822")]
        bodies = [b for m in messages if isinstance(m, EmailMessage) and (b := _body(m)) is not None]
        if not bodies:
            raise InputError(
                "邮件中没有可读取的正文或附件 (e-mail without a readable body or attachment)", path=source.path
            )
        doc = ingest_bytes(max(bodies, key=lambda b: len(b[0]))[0], source.path)
        chosen = "正文"
    others = [n for n, _ in readable if n != chosen]
    doc.source = Source(
        path=source.path, format=source.format, sha256=source.sha256, size=source.size, encoding=doc.source.encoding
    )
    if others:
        doc.notes.append(
            f"邮件另有附件{len(others)}个未读取：{'、'.join(others)}（一份邮件按一份报告读取，请分别保存附件后读取）"
        )
    doc.meta.setdefault("MailAttachment", chosen)
    return doc
