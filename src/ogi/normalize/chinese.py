"""Traditional → simplified and pinyin removal."""

from __future__ import annotations

import re
from functools import cache

import opencc

_INITIALS = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
# the characters the tone marks of pinyin are (:func:`strip_pinyin` looks for pinyin glued to characters where one is)
TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_VOWELS = f"[aeiouvü{TONE_MARKS}]"
# One pinyin syllable, with or without tone marks or a tone digit.
_SYLLABLE = rf"{_INITIALS}{_VOWELS}{{1,3}}(?:ng|n|r)?[1-5]?"
_ZHUYIN = r"[\u3105-\u312f\u31a0-\u31bfˊˇˋ˙]"
# (The bracket opens the pattern, the look-behind for the character before it after it: a search
# then looks for a bracket before it tries the rest, not at every character.) A word's syllables in one
# bracket (政府(zhèngfǔ)), or zhuyin (政(ㄓㄥˋ)).
PINYIN_BRACKETS = "(（"  # (the brackets pinyin is put in after its characters)
_PINYIN = re.compile(
    rf"[{PINYIN_BRACKETS}](?<=[\u3400-\u9fff][{PINYIN_BRACKETS}])\s*(?:(?:{_SYLLABLE}\s*)+|{_ZHUYIN}+)\s*[)）]",
    re.IGNORECASE,
)
# Pinyin glued to characters without brackets (政zhèng府fǔ, 政府zhèngfǔ, 政zheng4府fu3): syllables right after a
# character, each marked with its tone (a mark or a digit) or among marked ones — plain letters glued to a
# character (APP, OA系统, PDF) are none
# (a tone digit only after a syllable no mark tones: jú2024年 is jú, then the year)
_MARKED_SYLLABLE = rf"(?:{_INITIALS}[aeiouvü]{{1,3}}(?:ng|n|r)?[1-5]|{_INITIALS}{_VOWELS}{{1,3}}(?:ng|n|r)?)"
_GLUED = re.compile(rf"(?<=[\u3400-\u9fff])(?:{_MARKED_SYLLABLE})+(?![.a-z])", re.IGNORECASE)
# pinyin with tone digits glued to characters (政zheng4府fu3), looked for at a text's head (the tools annotate all
# of it: a document is normalized as one text): a tone mark is looked for throughout. (A letter opens the pattern,
# the character before it looked behind for after it: a search tries the rest at letters only, not at every
# character — half the cost on a head of Chinese.)
_TONE_DIGITS = re.compile(r"[a-zü](?<=[\u3400-\u9fff][a-zü])[a-zü]{0,5}[1-5](?!\d*[年月日号%])", re.IGNORECASE)
_HEAD = 400
# where a bracket's pinyin may begin (:data:`_PINYIN`'s first characters, white space before them): a bracket after a
# character, then a letter, a tone's mark or zhuyin (no syllable opens otherwise) — looked for with other
# characters in one search (:func:`ogi.normalize.text.normalize_text`)
PINYIN_OPENING = rf"(?<=[\u3400-\u9fff][{PINYIN_BRACKETS}])\s*(?i:[a-zü{TONE_MARKS}]|{_ZHUYIN})"


def _glued(m: re.Match[str]) -> str:
    s = m.group(0)
    if any(c in TONE_MARKS for c in s.lower()) or all(ch.isdigit() for ch in re.findall(r"[a-zü]+(\d?)", s.lower())):
        return ""
    return s


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations glued to a character: 報(bào)告, 政府(zhèngfǔ), 政(ㄓㄥˋ), 政zhèng府fǔ,
    政zheng4府fu3 → 報告, 政府, 政, 政府, 政府. Letters glued to a character that are no marked pinyin
    (APP, OA系统) stay."""
    if "(" in text or "（" in text:
        text = _PINYIN.sub("", text)
    if any(c in text for c in TONE_MARKS) or toned_at_head(text):  # (seldom: cheap tests)
        text = _GLUED.sub(_glued, text)
    return text


def toned_at_head(text: str) -> bool:
    """Whether the head of ``text`` (its first :data:`_HEAD` characters) holds pinyin with tone digits glued to a
    character (政zheng4府fu3): :func:`strip_pinyin` then looks for such pinyin throughout."""
    return _TONE_DIGITS.search(text, 0, _HEAD) is not None


@cache
def _converter() -> _Chain:
    return _Chain()


# Words a converter set for Taiwan gives for the mainland's, in the template's field (政府資訊公開: 政府信息公开),
# made the mainland's after OpenCC (whose tw2sp would make 文件 文档 and 查询 查找: no label of the template's)
_TAIWAN_WORDS = {"资讯": "信息"}


class _Chain:
    """Traditional to simplified: OpenCC's ``t2s``, then Hong Kong's variant characters (``hk2s``: 衞 → 卫), then
    :data:`_TAIWAN_WORDS`."""

    def __init__(self) -> None:
        self.steps = (opencc.OpenCC("t2s"), opencc.OpenCC("hk2s"))

    def convert(self, text: str) -> str:
        for step in self.steps:
            text = step.convert(text)
        for tw, cn in _TAIWAN_WORDS.items():
            if tw in text:
                text = text.replace(tw, cn)
        return text


@cache
def traditional_chars() -> str:
    """Every CJK character OpenCC changes on its own (the characters :func:`to_simplified` acts on where one is).

    Built once from OpenCC's own tables, so detection agrees with conversion.
    """
    conv = _converter()
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    # Convert with a separator so phrase rules cannot join neighbours.
    out = conv.convert("\n".join(chars)).split("\n")
    return "".join(a for a, b in zip(chars, out, strict=False) if a != b and len(b) == 1)


@cache
def _traditional_re() -> re.Pattern[str]:
    """A character class of :func:`traditional_chars`."""
    return re.compile("[" + traditional_chars() + "]")


def has_traditional(text: str) -> bool:
    return _traditional_re().search(text) is not None


def to_simplified(text: str) -> str:
    if not has_traditional(text):
        return text
    return _converter().convert(text)
