"""The lanes that build pages off the event loop (``api/lanes.py``), on real threads:
a full lane refuses at once with Retry-After, a slow answer times out with Retry-After,
and work that overran keeps its place until it has really ended."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from api.lanes import RETRY_AFTER, Lane, in_lane
from api.problems import PageTimeout, ServerBusy
from tests.support.loop import run_async

# asserts on timing and on the worker pool's load: runs alone, after the parallel part
pytestmark = pytest.mark.alone


def test_a_full_lane_refuses_at_once_and_admits_again_when_work_ends():
    release = threading.Event()
    lane = Lane("t", threads=1, queue=1, timeout=30)

    async def scenario():
        running = asyncio.ensure_future(lane.run(release.wait, 10))
        waiting = asyncio.ensure_future(lane.run(lambda: "second"))
        while lane.status()["running"] < 1:
            await asyncio.sleep(0.01)
        assert lane.status()["admitted"] == 2  # one running, one waiting: the capacity
        start = time.perf_counter()
        with pytest.raises(ServerBusy) as refused:
            await lane.run(lambda: "third")
        assert time.perf_counter() - start < 0.5  # refused, not queued
        assert refused.value.http_status == 503 and refused.value.retry_after == RETRY_AFTER
        release.set()
        assert await running is True and await waiting == "second"
        assert await lane.run(lambda: "fourth") == "fourth"  # room again

    try:
        run_async(scenario())
        assert lane.status()["refused"] == 1 and lane.status()["admitted"] == 0
    finally:
        lane.close()


def test_a_slow_answer_times_out_and_its_work_keeps_its_place_until_it_ends():
    release = threading.Event()
    ended = threading.Event()
    lane = Lane("t", threads=1, queue=0, timeout=0.3)

    def slow() -> None:
        release.wait(10)
        ended.set()

    async def scenario():
        start = time.perf_counter()
        with pytest.raises(PageTimeout) as late:
            await lane.run(slow)
        waited = time.perf_counter() - start
        assert 0.25 <= waited < 2, waited
        assert late.value.http_status == 503 and late.value.retry_after == RETRY_AFTER
        # the thread cannot be stopped: the work still runs and still fills the lane
        assert not ended.is_set() and lane.status()["admitted"] == 1
        with pytest.raises(ServerBusy):
            await lane.run(lambda: None)
        release.set()
        while lane.status()["admitted"]:
            await asyncio.sleep(0.01)
        assert ended.is_set()
        assert await lane.run(lambda: 7) == 7

    try:
        run_async(scenario())
        assert lane.status()["timeouts"] == 1
    finally:
        lane.close()


def test_in_lane_takes_only_plain_functions_with_a_request():
    with pytest.raises(TypeError, match="request"):
        in_lane("heavy")(lambda store: None)

    async def already_async(request):
        return None

    with pytest.raises(TypeError, match="plain function"):
        in_lane("heavy")(already_async)
