"""``text.copied``: sections 一 and 五 near-duplicates of another organ's report, across a corpus.

Each reading's compared text (the rule's ``sections``, as :func:`ogi.check.cross_year.text_key`
makes it: no spaces or punctuation, numbers as 0) is cut into shingles of
:data:`ogi.check.cross_year.SHINGLE` characters; its MinHash signature (datasketch, ``num_perm``
permutations) is cut into LSH bands tuned for ``lsh_threshold`` (datasketch's choice of bands and
rows), each band a bucket: two texts sharing a bucket are candidates, and a candidate is a copy when
the Jaccard similarity of the two shingle sets — measured from the texts — reaches the rule's ``at``.
The store keeps the signatures and buckets (:mod:`ogi.store.copies`), so a new report is compared
with a whole corpus by looking up its buckets.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from ogi.check.cross_year import SHINGLE, shingles, text_key
from ogi.model import Finding, Report
from ogi.template import rule, template_of

RULE = "text.copied"


@dataclass(frozen=True, slots=True)
class Params:
    sections: tuple[str, ...]
    at: float
    lsh_threshold: float
    num_perm: int
    min_shingles: int


@cache
def params() -> Params:
    """The rule's parameters (``formats.toml``)."""
    p = rule(RULE).params
    return Params(
        tuple(p["sections"]), float(p["at"]), float(p["lsh_threshold"]), int(p["num_perm"]), int(p["min_shingles"])
    )


@cache
def _lsh() -> tuple[Any, list[tuple[int, int]]]:
    """A MinHash of no text (its permutations are every signature's) and the LSH bands (start, end)."""
    from datasketch import MinHash, MinHashLSH

    p = params()
    lsh = MinHashLSH(threshold=p.lsh_threshold, num_perm=p.num_perm)
    return MinHash(num_perm=p.num_perm, seed=1, scheme="affine32"), list(lsh.hashranges)


def compared_text(sections: dict[str, str | None], agency: str | None = None) -> str:
    """The text compared: the rule's sections, normalized (:func:`ogi.check.cross_year.text_key`),
    without the organ's own name (``agency``): a text copied with the name changed is a copy."""
    out = []
    for s in params().sections:
        text = sections.get(s) or ""
        if agency:
            text = text.replace(agency, "")
        out.append(text_key(text))
    return "".join(out)


def shingle_set(text: str) -> frozenset[str]:
    """The shingles of a compared text (:func:`compared_text`)."""
    return frozenset(shingles(text, SHINGLE))


def signature(shingle_set: Iterable[str]) -> np.ndarray | None:
    """The MinHash signature (uint32, ``num_perm`` values) of a set of shingles; None when it has
    fewer than ``min_shingles`` (too short to call a copy)."""
    from datasketch import MinHash

    items = [s.encode("utf-8") for s in shingle_set]
    if len(items) < params().min_shingles:
        return None
    base, _ = _lsh()
    m = MinHash(num_perm=params().num_perm, permutations=base.permutations, hashfunc=zlib.crc32, scheme="affine32")
    m.update_batch(items)
    return np.asarray(m.hashvalues, dtype=np.uint32)


def buckets(sig: np.ndarray) -> list[int]:
    """The LSH buckets of a signature: one per band, a signed 64-bit id of the band's number and values."""
    _, bands = _lsh()
    out = []
    for i, (a, b) in enumerate(bands):
        h = hashlib.blake2b(sig[a:b].astype("<u4").tobytes(), digest_size=8, person=i.to_bytes(2, "little"))
        out.append(int.from_bytes(h.digest(), "little", signed=True))
    return out


def pack_signature(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def unpack_signature(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity two signatures estimate (the share of equal values)."""
    return float(np.count_nonzero(a == b)) / len(a)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """The Jaccard similarity of two shingle sets."""
    return len(a & b) / len(a | b) if a or b else 0.0


def copied(cur: Report, other: Report, similarity: float, more: int = 0) -> Finding:
    """The finding of ``cur`` whose compared sections are ``similarity`` alike with ``other``'s (another
    organ's report), ``more`` other organs' reports alike besides (scope ``corpus``, related ``other``)."""
    ru = rule(RULE)
    p = params()
    says = {
        "sections": "、".join(p.sections),
        "other": other.agency or "未识别机关",
        "other_year": f"{other.year}年度" if other.year else "",
        "similarity": similarity,
        "more": ru.text("more", n=more) if more else "",
    }
    values = {"similarity": round(similarity, 4), "other": other.source.path, "other_agency": other.agency}
    values |= {"other_year": other.year, "more": more}
    f = Finding.of(RULE, None, values=values, template=template_of(cur.template, cur.year), says=says)
    f.scope, f.related = "corpus", other.source.path
    return f


__all__ = [
    "RULE",
    "Params",
    "buckets",
    "compared_text",
    "copied",
    "estimate",
    "jaccard",
    "pack_signature",
    "params",
    "shingle_set",
    "signature",
    "unpack_signature",
]
