"""Run one function over several inputs at once, in forked child processes.

A forked child starts with a copy-on-write image of the parent: a large data graph built
once is shared, not copied or pickled. Each child sends its (picklable) answer back through
a pipe and exits at once with ``os._exit`` (no atexit handlers, no store flushed twice).

Only for CPU-bound, pure-Python work on data already in memory. A fork copies one thread
only, which is safe from the main thread of a program (the child never touches what the
other threads hold) but not from a server's worker thread: there the inputs are run one
after the other instead.

>>> run_forked(lambda x: x * x, [2, 3, 4])
[4, 9, 16]
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from ..errors import IgelError

__all__ = ["can_fork", "run_forked"]

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    """True where :func:`run_forked` may fork: Linux (macOS forks unsafely once system
    frameworks are loaded; Windows cannot fork)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def run_forked(task: Callable[[T], R], inputs: Sequence[T]) -> list[R]:
    """``[task(x) for x in inputs]``, the first in this process, the others each in a
    forked child, all at the same time (one after the other where :func:`can_fork` is
    false or when called from a thread other than the main one).

    Raises what ``task`` raised (in this process or, when picklable, in a child), or
    :class:`~igel_graph.errors.IgelError` when a child dies without an answer.
    """
    if len(inputs) < 2 or not can_fork() or threading.current_thread() is not threading.main_thread():
        return [task(x) for x in inputs]
    # Frozen objects are left alone by the collector: without this, a collection in a child
    # writes to every object's header and so copies the whole shared graph page by page.
    gc.freeze()
    children: list[tuple[int, int]] = []
    try:
        for x in inputs[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child, which never returns
                os.close(read_end)
                _answer(task, x, write_end)
            os.close(write_end)
            children.append((pid, read_end))
        answers = [task(inputs[0])]
        while children:
            answers.append(_collect(*children.pop(0)))
        return answers
    finally:
        for pid, read_end in children:  # after an error: stop the children still running
            os.close(read_end)
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass
        gc.unfreeze()


def _answer(task: Callable, x, write_end: int) -> None:  # pragma: no cover - in the child
    status = 0
    try:
        payload = pickle.dumps((True, task(x)), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        status = 1
        try:
            payload = pickle.dumps((False, exc))
        except Exception:  # noqa: BLE001 - an unpicklable exception goes back as text
            payload = pickle.dumps((False, IgelError(f"{type(exc).__name__}: {exc}")))
    try:
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
    finally:
        os._exit(status)


def _collect(pid: int, read_end: int):
    """The answer of child ``pid``, read to the end of its pipe; the child is reaped."""
    try:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
    finally:
        _, wait_status = os.waitpid(pid, 0)
    if not payload:
        raise IgelError(
            f"A validation worker process died ({_describe(wait_status)}) without an answer.",
            hint="It may have run out of memory; try again with one process.",
        )
    ok, value = pickle.loads(payload)
    if not ok:
        raise value
    return value


def _describe(wait_status: int) -> str:
    if os.WIFSIGNALED(wait_status):
        return f"signal {os.WTERMSIG(wait_status)}"
    return f"exit status {os.waitstatus_to_exitcode(wait_status)}"
