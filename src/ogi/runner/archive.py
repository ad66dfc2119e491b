"""ZIP archives as inputs: every report in an archive is an input of its own, read where it lies.

A clerk receives reports as a ZIP (or a ZIP of ZIPs, one per organ). ``ogi build`` and
``ogi parse`` take the archive as they take a directory: each member is an input whose path says
which archive and which member it is — ``/abs/batch.zip!/县教育局/报告.pdf``; a member of an
archive inside it, ``/abs/batch.zip!/乡镇.zip!/某镇/报告.docx`` (:data:`SEP` after each archive).

Members are never unpacked onto the disk: a name such as ``../../etc/passwd`` is a label, never
a place, and such a name (absolute, or climbing with ``..``) is an input that cannot be read, said
so. Each member is inflated in memory, bounded whatever the archive's directory claims: at most
:data:`ogi.ingest.MAX_BYTES` (the bound of any input), and past a megabyte no more than
:data:`MAX_RATIO` times its compressed size (a zip bomb); an archive lists at most
:data:`MAX_MEMBERS` members; archives nest :data:`MAX_DEPTH` deep, each inner one at most
:data:`MAX_NESTED` bytes (held in memory while its members are read). Names written by Windows
tools in GBK (without the zip's UTF-8 flag) are decoded as GB18030; names neither UTF-8 nor GBK keep
their bytes as ``\\xNN`` escapes (:func:`ogi.runner.inputs.printable`). Hidden names, ``__MACOSX/``,
``*.json`` and notes (README …: :func:`ogi.runner.inputs.not_a_report`) are skipped, as under a directory.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ogi.errors import InputError, OgiError
from ogi.runner.inputs import not_a_report

SEP = "!/"  # between an archive's path and a member's name
MAX_MEMBERS = 20_000
MAX_DEPTH = 3  # an archive inside an archive inside an archive
MAX_NESTED = 256 * 1024 * 1024  # bytes of an inner archive, held in memory while it is read
MAX_RATIO = 200  # inflated / compressed, past a megabyte
_RATIO_FROM = 1024 * 1024
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# An archive that is one document (Word, OpenDocument, OFD, Excel …) is not a folder of reports.
_DOCUMENT_PARTS = ("[Content_Types].xml", "mimetype", "OFD.xml", "word/document.xml")


def _max_bytes() -> int:
    from ogi.ingest import MAX_BYTES

    return MAX_BYTES


@dataclass(slots=True, frozen=True)
class Member:
    """A member of an archive as an input: its path (:data:`SEP`-joined), its size as the
    archive's directory states it (bytes inflated; what progress counts), and, for a member that
    cannot be read at all (an unsafe name), why."""

    path: str
    size: int
    problem: str | None = None


def is_archive(path: str) -> bool:
    """Whether the file at ``path`` is a ZIP archive of files (not a DOCX, ODT or OFD, which are
    ZIPs too): by its first bytes and its member names, never by its file name."""
    try:
        with open(path, "rb") as f:
            head = f.read(4)
        if head not in _ZIP_MAGIC:
            return False
        with zipfile.ZipFile(path) as z:
            return _is_folder(z)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError):
        return False


def _is_folder(z: zipfile.ZipFile) -> bool:
    names = set(z.namelist()[:MAX_MEMBERS])
    return not any(p in names for p in _DOCUMENT_PARTS)


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as a person reads it: UTF-8 when the archive says so (or the bytes are
    UTF-8), else GB18030 (Windows' Chinese zips), else its bytes escaped; ``\\`` as ``/``."""
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437", "surrogateescape")  # zipfile decoded the bytes as cp437
        for enc in ("utf-8", "gb18030"):
            try:
                name = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            name = raw.decode("utf-8", "surrogateescape")
    from ogi.runner.inputs import printable

    return printable(name.replace("\\", "/"))


def _unsafe(name: str) -> bool:
    parts = name.split("/")
    return name.startswith("/") or bool(re.match(r"^[A-Za-z]:", name)) or ".." in parts


def _skipped(name: str) -> bool:
    parts = [p for p in name.split("/") if p]
    if not parts or name.endswith("/"):
        return True
    hidden = any(p.startswith(".") and p not in (".", "..") for p in parts)
    return parts[0] == "__MACOSX" or hidden or not_a_report(name)


def _nested(name: str) -> bool:
    return name.lower().endswith(".zip")


def split(path: str) -> tuple[str, list[str]] | None:
    """``(the archive's path on disk, [member names, outermost first])`` for a member path, None
    for any other path (a file, or a path that is not there). A member path is one that is not a
    file itself and whose part before the first :data:`SEP` is a file."""
    if SEP not in path or os.path.exists(path):
        return None
    i = path.find(SEP)
    while i >= 0:
        head = path[:i]
        if os.path.isfile(head):
            chain = re.split(r"(?<=\.zip)!/", path[i + len(SEP) :], flags=re.IGNORECASE)
            return head, chain
        i = path.find(SEP, i + 1)
    return None


def is_member(path: str) -> bool:
    return split(path) is not None


def members(path: str) -> Iterator[Member]:
    """The inputs an archive holds (recursively through inner archives), in the archive's order.
    An archive that cannot be opened gives one input, itself: its reading says why."""
    try:
        with zipfile.ZipFile(path) as z:
            yield from _members(z, path, 1)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError):
        yield Member(path, 0)


def _members(z: zipfile.ZipFile, prefix: str, depth: int) -> Iterator[Member]:
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        # one input standing for them all: its reading says why (read_member refuses the archive)
        yield Member(prefix + SEP + "…", 0, f"压缩包内文件过多（{len(infos)} 个，上限 {MAX_MEMBERS} 个）")
        return
    seen: set[str] = set()
    for info in infos:
        if info.is_dir():
            continue
        name = member_name(info)
        if _skipped(name) or name in seen:
            continue
        seen.add(name)
        here = prefix + SEP + name
        if _unsafe(name):
            yield Member(here, info.file_size, "压缩包内的文件名不安全（绝对路径或含“..”），未读取")
            continue
        if _nested(name) and depth < MAX_DEPTH:
            try:
                data = _inflate(z, info, here, MAX_NESTED)
                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    if _is_folder(inner):
                        yield from _members(inner, here, depth + 1)
                        continue
            except (OgiError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError):
                pass  # read as an input of its own: its reading says why it is not a report
        yield Member(here, info.file_size)


def _inflate(z: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, bound: int) -> bytes:
    """A member's bytes, at most ``bound`` and (past a megabyte) :data:`MAX_RATIO` times its
    compressed size, whatever the directory claims. Raises :class:`InputError`."""
    if info.flag_bits & 0x1:
        raise InputError("压缩包内的文件已加密，无法读取 (encrypted member)", path=path)
    if info.file_size > bound:
        raise InputError(f"文件过大：{info.file_size} 字节，上限 {bound} 字节 (input too large)", path=path)
    cap = min(bound, max(_RATIO_FROM, MAX_RATIO * max(info.compress_size, 1)))
    try:
        with z.open(info) as f:
            data = f.read(cap + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        raise InputError(f"压缩包内的文件已损坏，无法读取 ({type(e).__name__})", path=path) from None
    except NotImplementedError:
        msg = "压缩包内的文件采用不支持的压缩方式，无法读取 (compression not supported)"
        raise InputError(msg, path=path) from None
    except RuntimeError as e:  # a password is needed
        raise InputError(f"压缩包内的文件无法读取 ({e})", path=path) from None
    if len(data) > cap:
        what = "超过上限" if cap == bound else f"超过压缩前大小的 {MAX_RATIO} 倍"
        raise InputError(f"压缩包内的文件疑为压缩炸弹：解压后{what}，已拒绝读取 (zip bomb refused)", path=path)
    return data


class _Open:
    """The archives a process has open, by path and the file's state, the last few kept (a
    worker reads a chunk of members of one archive; each is opened once)."""

    def __init__(self, keep: int = 4) -> None:
        self.keep = keep
        self.open: OrderedDict[tuple[str, ...], tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]] = OrderedDict()

    def get(
        self, key: tuple[str, ...], make: Callable[[], zipfile.ZipFile]
    ) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
        got = self.open.get(key)
        if got is not None:
            self.open.move_to_end(key)
            return got
        z = make()
        if len(z.infolist()) > MAX_MEMBERS:
            z.close()
            raise InputError(f"压缩包内文件过多，上限 {MAX_MEMBERS} 个，已拒绝读取 (too many members)", path=key[0])
        names: dict[str, zipfile.ZipInfo] = {}
        for info in z.infolist()[:MAX_MEMBERS]:
            names.setdefault(member_name(info), info)
        self.open[key] = (z, names)
        while len(self.open) > self.keep:
            _, (old, _) = self.open.popitem(last=False)
            old.close()
        return z, names


_OPEN = _Open()


def read_member(path: str) -> bytes:
    """The bytes of the member at a member path (:func:`split`), bounded as the module says.
    Raises :class:`InputError` (no such member, unsafe name, encrypted, damaged, a zip bomb, too
    large)."""
    got = split(path)
    if got is None:
        raise InputError("文件不存在 (no such file)", path=path)
    disk, chain = got
    try:
        st = os.stat(disk)
        key: tuple[str, ...] = (disk, str(st.st_mtime_ns), str(st.st_size))
        z, names = _OPEN.get(key, lambda: zipfile.ZipFile(disk))
        where = disk
        for depth, name in enumerate(chain):
            where += SEP + name
            if _unsafe(name):
                raise InputError("压缩包内的文件名不安全（绝对路径或含“..”），未读取", path=path)
            info = names.get(name)
            if info is None:
                raise InputError("压缩包内没有这个文件 (no such member)", path=path)
            last = depth == len(chain) - 1
            data = _inflate(z, info, where, _max_bytes() if last else MAX_NESTED)
            if last:
                return data
            key = (*key, name)
            z, names = _OPEN.get(key, lambda d=data: zipfile.ZipFile(io.BytesIO(d)))
    except (OSError, zipfile.BadZipFile, EOFError, ValueError) as e:
        raise InputError(f"压缩包无法打开 ({type(e).__name__})", path=path) from None
    raise InputError("压缩包内没有这个文件 (no such member)", path=path)


def declared_size(path: str) -> int:
    """A member's size as its archive's directory states it (nothing inflated; 0 when unknown):
    what the progress of a build counts before the member is read."""
    got = split(path)
    if got is None:
        return 0
    disk, chain = got
    if len(chain) > 1:
        return 0  # inside an inner archive: known once that one is opened
    try:
        st = os.stat(disk)
        _z, names = _OPEN.get((disk, str(st.st_mtime_ns), str(st.st_size)), lambda: zipfile.ZipFile(disk))
    except (OgiError, OSError, zipfile.BadZipFile, EOFError, ValueError):
        return 0
    info = names.get(chain[0])
    return info.file_size if info is not None else 0


def member_stat(path: str) -> tuple[int | None, str | None]:
    """(size, SHA-256) of a member's bytes. A member that cannot be read (a zip bomb, an unsafe
    name, damaged) has no bytes to hash: its SHA-256 is then that of its directory entry (name,
    CRC-32, sizes), so that an unchanged member is not read again; (None, None) when even the
    entry cannot be found."""
    try:
        data = read_member(path)
    except OgiError:
        entry = _entry(path)
        return (None, hashlib.sha256(entry.encode("utf-8", "surrogateescape")).hexdigest()) if entry else (None, None)
    return len(data), hashlib.sha256(data).hexdigest()


def _entry(path: str) -> str | None:
    got = split(path)
    if got is None:
        return None
    disk, chain = got
    try:
        st = os.stat(disk)
        key: tuple[str, ...] = (disk, str(st.st_mtime_ns), str(st.st_size))
        z, names = _OPEN.get(key, lambda: zipfile.ZipFile(disk))
        for name in chain[:-1]:  # through inner archives, as read_member goes
            data = _inflate(z, names[name], path, MAX_NESTED)
            key = (*key, name)
            z, names = _OPEN.get(key, lambda d=data: zipfile.ZipFile(io.BytesIO(d)))
        info = names[chain[-1]]
    except (OgiError, OSError, KeyError, zipfile.BadZipFile, EOFError, ValueError):
        return None
    return f"zip-entry {chain[-1]} {info.CRC:08x} {info.file_size} {info.compress_size}"


__all__ = ["MAX_DEPTH", "MAX_MEMBERS", "MAX_RATIO", "SEP", "Member", "is_archive", "is_member", "members"]
