"""Bytes to text: the encoding is detected, never assumed."""

from __future__ import annotations

import codecs

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


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_err = e
    u16 = utf16_guess(data[:8192])
    if u16:
        return data.decode(u16, errors="replace"), u16
    best = _best_strict(data, ("gb18030", "big5"))
    if best is not None and best[0] > 0:
        return best[1], best[2]
    # Mostly UTF-8 or GB18030 with a few broken bytes (a byte lost or changed on the way, a truncated
    # download): read so, each broken character U+FFFD — before UTF-16 without its mark, which decodes any
    # even number of bytes into characters that read as none
    damaged = _few_broken(data)
    if damaged is not None:
        return damaged
    best = _best_strict(data, _UTF16, best)
    if best is not None and best[0] > 0:
        return best[1], best[2]
    if utf8_err.start > len(data) * 0.9:
        return data.decode("utf-8", errors="replace"), "utf-8"
    if best is not None:
        return best[1], best[2]
    raise InputError("无法识别文本编码 (unknown text encoding)")


def _best_strict(
    data: bytes, encodings: tuple[str, ...], best: tuple[int, str, str] | None = None
) -> tuple[int, str, str] | None:
    """The decoding of ``data`` reading most like a report (:func:`_score`, text, encoding) among ``best`` and
    those of ``encodings`` that decode it without error; None where none does."""
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        s = _score(text)
        if best is None or s > best[0]:
            best = (s, text, enc)
    return best


# broken characters a text may hold and still be read in its encoding: this share of its characters at most,
# and at least this many allowed (a byte lost in a short file)
_BROKEN_SHARE = 0.002
_BROKEN_MIN = 8


def _few_broken(data: bytes) -> tuple[str, str] | None:
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
    return text, f"{enc} ({broken} 处字节损坏)"
