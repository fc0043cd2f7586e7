"""Running the ``igel`` command line inside the test process, on one store."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

__all__ = ["IgelCall", "in_process_igel"]

#: ``call(*args)`` → (exit code, stdout, stderr)
IgelCall = Callable[..., tuple[int, str, str]]


def in_process_igel(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> IgelCall:
    """A function running ``igel --store STORE_DIR ARGS...`` in this process (through
    :func:`igel_graph.cli.main.run`) and returning its exit code, stdout and stderr."""
    from igel_graph.cli.main import run

    def call(*args: str) -> tuple[int, str, str]:
        try:
            run(["--store", str(store_dir), *args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return call
