"""The synthetic data generator behind ``igel generate``: realistic, SHACL-valid data of
the shape of the real IGeL data at any size, deterministic for a seed.

>>> import io
>>> out = io.StringIO()
>>> report = write_dataset(out, scale=2000, seed=7, format="nt")
>>> 1000 < report.triples <= 2000, report.counts["Measure"] > 0
(True, True)
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Callable, Union

from .synthetic import GenerateReport, generate, plan_counts
from .writer import open_writer

__all__ = ["write_dataset", "generate", "GenerateReport", "plan_counts"]


def write_dataset(
    out: Union[IO[str], Path, str],
    *,
    scale: int,
    seed: int = 0,
    format: str = "nt",
    progress: Callable[[int, int], None] | None = None,
) -> GenerateReport:
    """Write about ``scale`` synthetic triples to ``out`` (a text stream or a path) as
    N-Triples (``nt``) or Turtle (``turtle``). Returns what was written."""
    if scale < 1:
        from ..errors import UsageError

        raise UsageError(f"--scale must be a positive number of triples, not {scale}.")
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="\n") as fh:
            return generate(scale, seed, open_writer(fh, format), progress)
    return generate(scale, seed, open_writer(out, format), progress)
