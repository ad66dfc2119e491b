"""Bytes to text: the encoding is detected, never assumed."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache

from ogi.errors import InputError

# Words every annual report uses, in both scripts; the decoding that yields the
# most of them wins. GB18030 decodes almost any byte string, so plausibility,
# not success, decides.
_PROBES = ("政府", "信息", "公开", "公開", "申请", "申請", "年度", "报告", "報告", "情况", "情況", "的", "和", "年")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _score(text: str) -> int:
    head = text[:20000]
    return sum(head.count(p) for p in _PROBES) - 5 * head.count("\ufffd")


# characters no Chinese report is written in, of which a wrong codec's reading of Chinese is full: kana (Big5
# read as GBK: 政府資訊公開 as 現┎戈癟そ秨), Hangul, private use (not bopomofo: a reading aid prints it, 政(ㄓㄥˋ))
_ALIEN = re.compile(r"[\u3040-\u30ff\u1100-\u11ff\uac00-\ud7af\ue000-\uf8ff]")
# a character of Chinese, of any block
_HAN_ANY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# of those and the alien ones, the share that may be rare or alien in a text that reads as Chinese (measured: 0 to
# 0.004 in reports in both scripts; a codec's misreading of another's bytes: 0.35 to 0.65)
NONSENSE_SHARE = 0.15
# ... counted where a text's first 20,000 characters hold this many of them at least (fewer tell nothing)
_NONSENSE_MIN = 40


@cache
def _common_han() -> frozenset[str]:
    """The characters of Chinese in common use, taken from the codecs' own tables: GB 2312's first level (3,755
    characters, simplified, chosen by frequency: rows B0–D7) and Big5's frequently used ones (5,401 traditional:
    A440–C67E)."""
    out: set[str] = set()
    for lead, trails, codec, last in (
        (range(0xB0, 0xD8), range(0xA1, 0xFF), "gb2312", None),
        (range(0xA4, 0xC7), (*range(0x40, 0x7F), *range(0xA1, 0xFF)), "big5", (0xC6, 0x7E)),
    ):
        for a in lead:
            for b in trails:
                if last is not None and (a, b) > last:
                    break
                try:
                    out.add(bytes((a, b)).decode(codec))
                except UnicodeDecodeError:
                    continue
    return frozenset(out)


def _odd(head: str) -> tuple[int, int]:
    """(characters of ``head`` that are rare Chinese or alien to it — :func:`_common_han`, :data:`_ALIEN` —, those
    characters of Chinese or alien to it in all)."""
    han = _HAN_ANY.findall(head)
    alien = len(_ALIEN.findall(head))
    rare = len(han) - sum(map(_common_han().__contains__, han))  # (C's loop: a GBK page's dozen thousand characters)
    return rare + alien, len(han) + alien


def nonsense_share(text: str) -> float | None:
    """The share of the characters of Chinese (or alien to it: kana, Hangul…) in ``text``'s first 4,000 (20,000
    where those hold too few) that are rare or alien (0.0–1.0): a text read in the wrong codec is full of them, a
    report holds a few at most (a place's rare character); None where it holds fewer than :data:`_NONSENSE_MIN`
    such characters (too few to tell)."""
    for size in (4000, 20000):  # (most texts tell by their first 4,000: the page's title, its first lines)
        odd, all_ = _odd(text[:size])
        if all_ >= _NONSENSE_MIN:
            return odd / all_
        if len(text) <= size:
            break
    return None


def reads_as_nonsense(text: str) -> bool:
    """Whether ``text`` reads as no Chinese at all but a codec's misreading of other bytes (more than
    :data:`NONSENSE_SHARE` of its characters of Chinese rare or alien: :func:`nonsense_share`)."""
    share = nonsense_share(text)
    return share is not None and share > NONSENSE_SHARE


_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


def looks_binary(data: bytes) -> bool:
    """True for data that is no text in any encoding we read."""
    head = data[:8192]
    if not head:
        return False
    if head.count(0) > len(head) // 100 + 1:
        return not utf16_guess(head)  # (UTF-16's bytes hold control codes aplenty: no test of them)
    ctrl = len(head) - len(head.translate(None, _CONTROL))  # counted in C
    return ctrl > len(head) // 20


_UTF16 = ("utf-16-le", "utf-16-be")


def utf16_guess(head: bytes) -> str | None:
    """The byte order of text in UTF-16 without its byte-order mark ("utf-16-le" or "utf-16-be"), from where
    ``head``'s zero bytes stand; None where it reads as no UTF-16."""
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    n = max(len(head) // 2, 1)
    # (ASCII's high bytes are zeros, at odd places in little-endian; a Chinese character's low byte is now
    # and then one too — 一 is 4E00 — so the other places hold a few: an eighth of as many at most)
    if odd > n * 0.05 and even * 8 < odd:
        return "utf-16-le"
    if even > n * 0.05 and odd * 8 < even:
        return "utf-16-be"
    if even + odd > n * 0.05:  # zeros in both places (U+3000 between cells is 30 00): the order whose text reads
        scores = {enc: _score(head[: len(head) // 2 * 2].decode(enc, errors="replace")) for enc in _UTF16}
        best = max(scores, key=lambda e: scores[e])
        if scores[best] > 0 and scores[best] > min(scores.values()):
            return best
    # CJK in UTF-16 has few NULs; accept when it decodes to plausible text.
    return None


# Codecs that are no character set a document is written in: transforms that only look like one
# (rot13, zlib, base64… are refused by bytes.decode anyway), an encoding of host names whose
# decoding takes quadratic time, Python's escapes, and the codec that always fails.
_NOT_CHARSETS = frozenset({"punycode", "idna", "unicode_escape", "raw_unicode_escape", "undefined"})


def text_codec(name: str) -> str | None:
    """The Python codec of a character set a document declares (``charset=``), or None when the
    name is none, or names a codec that is no character set (``rot13``, ``zlib``, ``punycode``…)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name.replace("-", "_") in _NOT_CHARSETS:
        return None
    return name


@dataclass(slots=True)
class Decoded:
    """Bytes read as text.

    ``text``: the text; ``codec``: Python's name of the encoding it was read in (``gb18030``); ``broken``: the
    characters whose bytes were broken on the way (a byte lost or changed, a download cut short), each U+FFFD in
    ``text``, 0 where the bytes were whole; ``undone``: how mojibake was undone (:func:`with_mojibake_undone`:
    ``UTF-8 被按 Windows-1252 读错``), None where the text was none; ``declared``: the codec the document declared
    where its bytes read as nonsense in it and were read in ``codec`` instead (:func:`read_declared`), else None."""

    text: str
    codec: str
    broken: int = 0
    undone: str | None = None
    declared: str | None = None

    @property
    def name(self) -> str:
        """The encoding as a source says it (``Source.encoding``): the codec, with what happened to the bytes, or
        the codec the document declared where its bytes read as nonsense in it (``big5hkscs (声明为 gb18030，按其
        读出乱码)``)."""
        if self.undone is not None:
            return f"{self.codec} (乱码已还原：{self.undone})"
        if self.broken:
            return f"{self.codec} ({self.broken} 处字节损坏)"
        if self.declared is not None:
            return f"{self.codec} (声明为 {self.declared}，按其读出乱码)"
        return self.codec

    @property
    def lost(self) -> int:
        """Characters of the text that could not be read: broken bytes', or those mojibake's first misreading
        lost (:func:`mojibake_left`)."""
        return mojibake_left(self.text) if self.undone is not None else self.broken

    def note(self, what: str) -> str | None:
        """What a reading says of the characters lost (``what``: the input, 文本 or 网页), or None where none."""
        if self.undone is not None:
            return f"{what}为乱码，已还原；其中{lost}处文字在乱码中已丢失，未能读取" if (lost := self.lost) else None
        if self.broken:
            return f"{what}有{self.broken}处字节损坏（编码 {self.codec}），该处文字未能读取"
        return None


def replaced(data: bytes, codec: str) -> Decoded:
    """``data`` read in ``codec`` with each broken character U+FFFD, counted (:attr:`Decoded.broken`)."""
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        return Decoded(text, codec, text.count("\ufffd"))


# codecs a document's Chinese may be in whatever it declares: tried where the declared one reads as nonsense
_CANDIDATES = ("utf-8", "gb18030", "big5hkscs")


def read_declared(data: bytes, codec: str, said: str | None = None) -> Decoded | None:
    """``data`` read in the codec a document declares (``charset=``): its text where the bytes decode in it and do
    not read as nonsense (:func:`reads_as_nonsense`: GBK's decoding of Big5 bytes succeeds, into 現┎戈癟そ秨);
    where they read so, the reading in another codec (:data:`_CANDIDATES`) with fewest rare or alien characters,
    where that one reads as Chinese (else the declared one's, as declared); with the codec declared and not
    followed (:attr:`Decoded.declared`: ``said``, the name as the document spells it, else ``codec``). None where
    the bytes do not decode in ``codec`` (the caller detects)."""
    try:
        text = data.decode(codec)
    except (UnicodeError, ValueError):
        return None
    if not reads_as_nonsense(text):
        return Decoded(text, codec)
    best: tuple[float, str, str] | None = None
    for enc in _CANDIDATES:
        if codecs.lookup(enc).name == codecs.lookup(codec).name:
            continue
        try:
            other = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = nonsense_share(other)
        if share is not None and share <= NONSENSE_SHARE and (best is None or share < best[0]):
            best = (share, other, enc)
    if best is None:
        return Decoded(text, codec)
    return Decoded(best[1], best[2], declared=said or codec)


def decode(data: bytes) -> Decoded:
    """``data`` as text, its encoding detected (a byte-order mark, valid UTF-8, GB18030 or Big5 read most like a
    report, UTF-8 or GB18030 with a few broken bytes, UTF-16 without its mark). Raises
    :class:`~ogi.errors.InputError` where no encoding reads it."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return replaced(data, enc)
    try:
        return with_mojibake_undone(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        utf8_err = e
    u16 = utf16_guess(data[:8192])
    if u16:
        return replaced(data, u16)
    best = _best_strict(data, ("gb18030", "big5"))
    if best is not None and best[0] > 0:
        return Decoded(best[1], best[2])
    # Mostly UTF-8 or GB18030 with a few broken bytes (a byte lost or changed on the way, a truncated
    # download): read so, each broken character U+FFFD — before UTF-16 without its mark, which decodes any
    # even number of bytes into characters that read as none
    damaged = _few_broken(data)
    if damaged is not None:
        return damaged
    best = _best_strict(data, _UTF16, best)
    if best is not None and best[0] > 0:
        return Decoded(best[1], best[2])
    if utf8_err.start > len(data) * 0.9:
        return replaced(data, "utf-8")
    if best is not None:
        return Decoded(best[1], best[2])
    raise InputError("无法识别文本编码 (unknown text encoding)")


def _best_strict(
    data: bytes, encodings: tuple[str, ...], best: tuple[int, str, str] | None = None
) -> tuple[int, str, str] | None:
    """The decoding of ``data`` reading most like a report (:func:`_score`, text, encoding) among ``best`` and
    those of ``encodings`` that decode it without error — the most of a report's words less its rare or alien
    characters (:func:`_odd`: a codec's misreading of another's bytes holds some of the words by chance, and
    characters no report is written in by the hundred); None where none does."""

    found = [] if best is None else [best]
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        found.append((_score(text), text, enc))
    if len(found) < 2:
        return found[0] if found else None  # (most bytes: one codec of them reads them; nothing to weigh)
    return max(found, key=lambda f: f[0] - _odd(f[1][:20000])[0])  # (the first of equals: max keeps it)


# broken characters a text may hold and still be read in its encoding: this share of its characters at most,
# and at least this many allowed (a byte lost in a short file)
_BROKEN_SHARE = 0.002
_BROKEN_MIN = 8


def _few_broken(data: bytes) -> Decoded | None:
    """``data`` decoded as UTF-8 or GB18030 with its few broken characters replaced (U+FFFD), the encoding
    that breaks fewest, where that is few (:data:`_BROKEN_SHARE`) and the text reads as Chinese; None
    otherwise."""
    got = []
    for enc in ("utf-8", "gb18030"):
        text = data.decode(enc, errors="replace")
        broken = text.count("\ufffd")
        if broken <= max(_BROKEN_MIN, len(text) * _BROKEN_SHARE) and _score(text) > 0:
            got.append((broken, enc, text))
    if not got:
        return None
    broken, enc, text = min(got)
    return Decoded(text, enc, broken)


# a character of Chinese: a text holding one (most: its title's first) is no mojibake of Chinese
_HAN = re.compile(r"[\u4e00-\u9fff]")
# a character that bytes of Chinese, decoded one byte a character (Latin-1, Windows-1252), become: U+0080–U+00FF
# and Windows-1252's own for 0x80–0x9F
_BYTE_CHAR = re.compile(
    r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2026\u2030"
    r"\u2039\u203a\u20ac\u2122]"
)
# such characters a text's first 20,000 must hold for its mojibake to be looked for (a line of a report's title)
_MOJIBAKE_MIN = 20


def with_mojibake_undone(text: str, encoding: str) -> Decoded:
    """``text`` read in ``encoding``, or where ``text`` is mojibake of a report — Chinese saved once more after
    being read in a code page of one byte a character (UTF-8 read as Windows-1252 or Latin-1: 政府 as æ”¿åºœ; GBK
    read as Latin-1: °×Ë®) — the text it was, with how it was undone (:attr:`Decoded.undone`).
    ftfy undoes UTF-8's (its sloppy Windows-1252 too: the five bytes that code page leaves undefined); GBK's is
    re-encoded here. A character the first decoding lost (U+FFFD in place of its byte) stays lost: U+FFFD in
    the text returned. Looked for only in a text without a character of Chinese (one search, stopping at the
    first), holding :data:`_MOJIBAKE_MIN` characters of such a code page; the undoing kept that holds most of
    the report's words (:data:`_PROBES`, U+FFFD no penalty: a lost character is lost in each alike), where it holds
    any."""
    head = text[:20000]
    if _HAN.search(head) is not None or len(_BYTE_CHAR.findall(head)) < _MOJIBAKE_MIN:
        return Decoded(text, encoding)
    import ftfy

    tries: list[tuple[str, str]] = [(ftfy.fix_encoding(text), "UTF-8 被按 Windows-1252 读错")]
    for wrong in ("latin-1", "cp1252"):
        try:
            tries.append((text.encode(wrong).decode("gb18030"), f"GBK 被按 {wrong} 读错"))
        except UnicodeError:
            continue
    # (the report's words each text holds: a character lost stays U+FFFD in every one alike, no penalty)
    score, fixed, how = max(((sum(t[:20000].count(p) for p in _PROBES), t, h) for t, h in tries), key=lambda x: x[0])
    if score <= 0:
        return Decoded(text, encoding)
    return Decoded(fixed, encoding, undone=how)


def mojibake_left(text: str) -> int:
    """Characters of a text whose mojibake was undone (:func:`with_mojibake_undone`) that stay lost: U+FFFD in
    place of a byte the first misreading could not keep, and runs of two or more characters of Latin-1's upper half
    left where a byte it dropped broke the rest of a character's bytes (ftfy leaves those as they were) — not the
    text's own punctuation (“” — … · ×, which Windows-1252 holds too), each alone."""
    return text.count("\ufffd") + sum(len(m) for m in _LEFT_RUN.findall(text))


# what a broken character's bytes leave after the undoing: two or more characters of Latin-1's upper half in a row
_LEFT_RUN = re.compile(r"[\u0080-\u00ff]{2,}")
# where a text lost characters: a broken one's U+FFFD, or what mojibake's undoing left (:func:`mojibake_left`)
LOST_HERE = re.compile(r"\ufffd|[\u0080-\u00ff]{2,}")
