"""Synthetic reports of our own making: random valid tables, prose that states
their figures, printed in the text styles reports reach us in.

Used for the bundled sample data (``src/ogi/samples/reports``, written by ``python -m ogi.samples.make``),
property tests and benchmarks.
"""

from __future__ import annotations

from ogi.samples.generate import SampleReport, generate
from ogi.samples.printers import STYLES, print_report

__all__ = ["STYLES", "SampleReport", "generate", "print_report"]
