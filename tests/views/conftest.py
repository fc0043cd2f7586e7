"""Fixtures of the view tests: the real data in an embedded Oxigraph store."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def oxi_built(built_oxigraph):
    """The real IGeL and BW data built (validated and reasoned) into an Oxigraph store in a
    temporary folder: the session's :func:`tests.conftest.built_oxigraph`, which the API
    tests use too (the same build was done twice). Tests must not write to it."""
    return built_oxigraph
