"""Waiting for something a server does in the background (computing ahead, a refresh)."""

from __future__ import annotations

import time
from typing import Callable


def wait_for(condition: Callable[[], object], seconds: float = 120.0) -> bool:
    """Poll ``condition`` every quarter second until it is true (True) or ``seconds``
    have passed (False)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.25)
    return False
