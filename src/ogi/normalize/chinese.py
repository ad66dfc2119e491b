"""Traditional → simplified and pinyin removal."""

from __future__ import annotations

import re
from functools import cache

import opencc

_INITIALS = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_VOWELS = "[aeiouvüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]"
# One pinyin syllable, with or without tone marks or a tone digit.
_SYLLABLE = rf"{_INITIALS}{_VOWELS}{{1,3}}(?:ng|n|r)?[1-5]?"
# (The bracket opens the pattern, the look-behind for the character before it after it: a search
# then looks for a bracket before it tries the rest, not at every character.)
_PINYIN = re.compile(rf"[(（](?<=[\u3400-\u9fff][(（])\s*{_SYLLABLE}\s*[)）]", re.IGNORECASE)


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations glued to a character: 報(bào)告 → 報告."""
    if "(" not in text and "（" not in text:
        return text
    return _PINYIN.sub("", text)


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _traditional_re() -> re.Pattern[str]:
    """A character class of every CJK character OpenCC changes on its own.

    Built once from OpenCC's own tables, so detection agrees with conversion.
    """
    conv = _converter()
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    # Convert with a separator so phrase rules cannot join neighbours.
    out = conv.convert("\n".join(chars)).split("\n")
    trad = [a for a, b in zip(chars, out, strict=False) if a != b and len(b) == 1]
    return re.compile("[" + "".join(trad) + "]")


def has_traditional(text: str) -> bool:
    return _traditional_re().search(text) is not None


def to_simplified(text: str) -> str:
    if not has_traditional(text):
        return text
    return _converter().convert(text)
