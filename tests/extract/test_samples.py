"""The bundled sample reports are exactly what the generator makes, and read as intended."""

from __future__ import annotations

from pathlib import Path

import ogi
from ogi.samples.make import HERE, samples


def test_bundled_samples_are_up_to_date() -> None:
    made = samples()
    on_disk = {p.name: p.read_bytes() for p in HERE.iterdir()}
    assert made == on_disk, "run: python -m ogi.samples.make"


def test_samples_say_what_they_are_meant_to() -> None:
    rules = {p.name: {f.rule for f in ogi.read(p).findings if f.severity != "info"} for p in sorted(HERE.iterdir())}
    for name, found in rules.items():
        if name.startswith("07-"):
            assert {"t3.outcome_sum", "t3.column_sum"} <= found
        elif name.startswith("08-"):
            assert found == {"narrative.mismatch"}
        elif name.startswith("09-"):
            assert found == {"cells.missing"}
        else:
            assert not found, (name, found)


def test_big5_sample_reads_as_simplified(tmp_path: Path) -> None:
    p = next(HERE.glob("10-*"))
    r = ogi.read(p)
    assert r.source.encoding == "big5"
    assert r.agency and "市" in r.agency and not any(c in r.agency for c in "華區縣")
