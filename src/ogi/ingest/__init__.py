"""Ingest: source bytes → the common :class:`~ogi.model.Document`.

The format is detected from the content (magic bytes, markup), never from the
file name. Each format has one module with a function
``ingest(data: bytes, source: Source) -> Document``; heavy libraries are
imported only when their format is met.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import stat
import zlib
from collections.abc import Collection
from pathlib import Path

from ogi.errors import InputError, NotAReportError, UnsupportedFormatError
from ogi.ingest.decode import looks_binary, utf16_guess
from ogi.ingest.mail import is_mail
from ogi.ingest.text import ingest_text
from ogi.model import Document, Source

# Inputs larger than this are refused before reading (bounded time and memory).
MAX_BYTES = int(os.environ.get("OGI_MAX_BYTES", 32 * 1024 * 1024))

# format → "module:function"
INGESTERS: dict[str, str] = {
    "text": "ogi.ingest.text_bytes:ingest",
    "html": "ogi.ingest.html:ingest",
    "docx": "ogi.ingest.docx:ingest",
    "pdf": "ogi.ingest.pdf:ingest",
    "image": "ogi.ingest.ocr:ingest_image",
    "office": "ogi.ingest.office:ingest",  # legacy DOC, WPS, RTF, ODT via LibreOffice
    "ofd": "ogi.ingest.ofd:ingest",  # GB/T 33190 fixed-layout documents, via ofdkit
    "xlsx": "ogi.ingest.xlsx:ingest",  # Excel workbooks: the report's text and tables on sheets
    "xls": "ogi.ingest.xlsx:ingest_xls",  # Excel 97–2003 and WPS workbooks (.xls, .et), via xlrd
    "ods": "ogi.ingest.xlsx:ingest_ods",  # OpenDocument spreadsheets (.ods)
    "mail": "ogi.ingest.mail:ingest",  # a saved e-mail message (.eml): its attachment, else its body
}

# a Word document saved as one XML file (Word 2003 XML, "WordprocessingML"; Word's flat OPC package): LibreOffice
# opens it (a web page's markup it is not)
_WORD_XML = re.compile(rb'<\?mso-application\s+progid="Word\.Document"|<w:wordDocument\b|<pkg:package\b')
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|table|meta|div|p)[\s>]", re.IGNORECASE)


# the names of a compound file's streams (UTF-16) an Excel 97 workbook keeps its sheets in, and Word's text in
_WORKBOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def _is_workbook(data: bytes) -> bool:
    """Whether a compound file is an Excel 97–2003 workbook (.xls; WPS's .et): a Workbook stream, no Word text."""
    head = data[: 1024 * 1024]
    return _WORD_STREAM not in head and any(s in head for s in _WORKBOOK_STREAMS)


def detect(data: bytes) -> str:
    """Name the format of ``data`` from its content."""
    head = data[:4096]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"application/vnd.oasis.opendocument.text" in head[:200]:
            return "office"  # OpenDocument text, converted by LibreOffice
        if b"application/vnd.oasis.opendocument.spreadsheet" in head[:200]:
            return "ods"  # an OpenDocument spreadsheet
        if b"word/" in data[:65536]:
            return "docx"
        if b"xl/" in data[:65536]:
            return "xlsx"
        if b"[Content_Types].xml" in data[:65536]:
            return "docx"
        return "ofd" if _is_ofd(data) else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # a compound file: Word 97's, a workbook's
        return "xls" if _is_workbook(data) else "office"
    if head.lstrip().startswith(b"{\\rtf"):
        return "office"
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    ):
        return "image"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"<?xml" and _WORD_XML.search(head) is not None:
        return "office"  # Word 2003 XML, converted by LibreOffice
    low = head[:2048].lower()
    if b"mime-version:" in low and b"multipart/related" in low:
        return "html"  # a MIME HTML archive (.mht), read by the HTML reader
    if is_mail(head):
        return "mail"  # a saved e-mail message (.eml)
    probe = head
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        probe = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    elif head.count(0) > len(head) // 100 + 1 and (wide := utf16_guess(head)) is not None:  # (no byte-order mark)
        probe = head[: len(head) // 2 * 2].decode(wide, errors="ignore").encode("utf-8", errors="ignore")
    if _HTML.search(probe) and not _markdown_with_tables(probe):
        return "html"
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return "text"
    if looks_binary(data):
        return "binary"
    return "text"


# a markdown heading or table row opening a line
_MARKDOWN_LINE = re.compile(rb"^(?:#{1,6} |\|)", re.MULTILINE)


def _markdown_with_tables(head: bytes) -> bool:
    """Markdown or text holding its tables as HTML, a table a line (as MinerU converts a PDF): text
    that opens with no tag (or with a table on its first line: a site's metadata above the report) and
    whose every line with a tag opens with it — and has markdown headings or rows, or holds tags only in
    its tables' lines (a page's markup has paragraphs, not only tables)."""
    first = head.lstrip().split(b"\n", 1)[0].lower()
    table_first = first[:1] == b"<"
    if table_first and not (b"<table" in first and b"</table>" in first):
        return False
    if not table_first and first[:2] == b"# ":
        return True  # a markdown heading opening it (pandoc's markdown, its tables as markup over many lines)
    tagged = [ln for ln in head.split(b"\n") if _HTML.search(ln)]
    if not all(ln.lstrip()[:1] == b"<" for ln in tagged):
        return False
    if _MARKDOWN_LINE.search(head) is not None:
        return True
    return not table_first and all(b"<table" in ln.lower() for ln in tagged)


def _is_ofd(data: bytes) -> bool:
    """A ZIP holding ``OFD.xml`` at its root (GB/T 33190's entry point)."""
    if b"OFD.xml" in data[:65536]:
        return True
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.lstrip("/").lower() == "ofd.xml" for n in z.namelist()[:50_000])
    except (zipfile.BadZipFile, ValueError, EOFError):
        return False


def source_of(data: bytes, path: str | None, fmt: str) -> Source:
    return Source(path=path, format=fmt, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


# the readers that read a document's pictures by OCR when asked (``pictures``: ogi.ingest.pictures)
_PICTURED = frozenset({"html", "docx", "pdf"})


def ingest_bytes(
    data: bytes, path: str | None = None, pictures: Collection[int] | None = None, folder: Path | None = None
) -> Document:
    """The ingest stage for bytes: the format detected (:func:`detect`) and read by its reader into
    the common document (lines of cells, each with where it stood). ``path`` names it in the
    document's source and in errors. Raises :class:`InputError` for empty, too large (over
    :data:`MAX_BYTES`) or binary input and input a reader cannot make sense of,
    :class:`UnsupportedFormatError` for a format ogi does not read. ``pictures``: the numbers (1-based, in
    order) of the pictures of a web page, Word file or PDF to read by OCR (:mod:`ogi.ingest.pictures`);
    ``folder``: where the input's file is (a web page's pictures saved beside it are looked for there; None:
    input that is no file of this machine's, such as an upload: none are)."""
    if not data or not data.strip():
        raise InputError("文件为空 (empty input)", path=path)
    if len(data) > MAX_BYTES:
        raise InputError(f"文件过大：{len(data)} 字节，上限 {MAX_BYTES} 字节 (input too large)", path=path)
    if data[:2] == b"\x1f\x8b":  # gzip's mark: a page saved compressed (.html.gz, a server's reply kept as sent)
        data = gunzipped(data, path)
    fmt = detect(data)
    if fmt == "binary":
        raise InputError("不是可读取的文档：二进制数据 (binary data, not a document)", path=path)
    if fmt == "zip":
        raise UnsupportedFormatError("ZIP 压缩包不是可读取的报告格式 (zip archive is not a report)", path=path)
    target = INGESTERS[fmt]
    mod_name, func_name = target.split(":")
    try:
        mod = importlib.import_module(mod_name)
    except ModuleNotFoundError as e:
        if e.name and e.name.startswith("ogi."):
            raise UnsupportedFormatError(f"尚不支持读取 {fmt} 格式 (format not supported yet)", path=path) from e
        raise InputError(f"读取 {fmt} 需要的组件未安装：{e.name} (missing dependency)", path=path) from e
    source = source_of(data, path, fmt)
    if fmt == "html":  # (a page saved whole: its pictures and its frames' pages in the folder beside it)
        return getattr(mod, func_name)(data, source, pictures=pictures, folder=folder)  # type: ignore[no-any-return]
    if pictures and fmt in _PICTURED:
        return getattr(mod, func_name)(data, source, pictures=pictures)  # type: ignore[no-any-return]
    doc: Document = getattr(mod, func_name)(data, source)
    return doc


def gunzipped(data: bytes, path: str | None) -> bytes:
    """The bytes gzip-compressed ``data`` holds (its first member). Raises :class:`InputError` where they are
    damaged, or more than :data:`MAX_BYTES`."""
    unpack = zlib.decompressobj(wbits=31)
    try:
        out = unpack.decompress(data, MAX_BYTES + 1)
    except zlib.error as e:
        raise InputError(f"gzip 压缩数据损坏，无法解压 (damaged gzip data: {e})", path=path) from e
    if len(out) > MAX_BYTES:
        raise InputError(f"gzip 解压后超过 {MAX_BYTES} 字节 (input too large when unpacked)", path=path)
    if not out.strip():
        raise InputError("gzip 压缩文件内容为空 (empty gzip data)", path=path)
    return out


def ingest_path(path: str | Path, pictures: Collection[int] | None = None) -> Document:
    """Read the file at ``path``: at most :data:`MAX_BYTES` of it are ever read, whatever it is (a
    device such as ``/dev/zero`` or a pipe has no size to check beforehand). Raises
    :class:`InputError` when it does not exist, is a directory, cannot be read or is too large, and
    whatever :func:`ingest_bytes` raises for its content."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except FileNotFoundError:
        raise InputError("文件不存在 (no such file)", path=name) from None
    except (OSError, ValueError) as e:
        raise InputError(f"无法读取文件：{getattr(e, 'strerror', None) or e} (cannot read)", path=name) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("是目录，不是文件 (is a directory)", path=name)
    if st.st_size > MAX_BYTES:
        raise InputError(f"文件过大：{st.st_size} 字节，上限 {MAX_BYTES} 字节 (input too large)", path=name)
    try:
        with open(name, "rb") as f:
            # a regular file is read at its size (asking for MAX_BYTES + 1 makes a buffer that large
            # for every file); one that grew since, a device or a pipe: on, up to the limit
            size = st.st_size if stat.S_ISREG(st.st_mode) else 0
            data = f.read(size + 1) if 0 < size <= MAX_BYTES else b""
            if not size or len(data) > size:
                data += f.read(MAX_BYTES + 1 - len(data))
    except OSError as e:
        raise InputError(f"无法读取文件：{e.strerror} (cannot read)", path=name) from e
    if len(data) > MAX_BYTES:
        raise InputError(f"文件过大：超过上限 {MAX_BYTES} 字节 (input too large)", path=name)
    return ingest_bytes(data, name, pictures, Path(name).parent)


def ingest_str(text: str, path: str | None = None) -> Document:
    """Text already decoded (the API's ``ogi.read("...text...")``)."""
    if not text.strip():
        raise InputError("文本为空 (empty input)", path=path)
    data = text.encode("utf-8")
    if detect(data) == "html":  # a page's markup handed over as a string
        from ogi.ingest.html import ingest_html

        return ingest_html(text, source_of(data, path, "html"))
    return ingest_text(text, source_of(data, path, "text"))


__all__ = ["INGESTERS", "MAX_BYTES", "NotAReportError", "detect", "ingest_bytes", "ingest_path", "ingest_str"]
