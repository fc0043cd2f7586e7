"""Run a coroutine to its end from a test, whatever loop the test's thread already has."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Coroutine, TypeVar

T = TypeVar("T")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)`` in a thread of its own, returning its result.

    Playwright's synchronous API leaves an event loop running in the main thread of the
    process that ran a browser test; ``asyncio.run`` there raises RuntimeError. A fresh
    thread has no loop, so the coroutine runs the same after any other test.
    """
    with ThreadPoolExecutor(1, thread_name_prefix="test-loop") as pool:
        return pool.submit(asyncio.run, coroutine).result()
