"""The second wall: a process that runs queries and has no network at all.

:func:`enter_network_wall` moves the calling process into a new, empty Linux network
namespace (``unshare(CLONE_NEWNET)``): it has only a loopback interface, and that one is
down, so every ``connect`` fails with "network unreachable", whether Python, Oxigraph's
Rust HTTP client (``SERVICE``, ``LOAD``) or any other library makes it, and whatever
address it names (127.0.0.1 of the host included: the new namespace has its own).
Files, pipes and sockets opened before the call keep working, so a query worker enters
the wall right after it has its pipe to the server and before it reads any query.

Why this and not a guard in Python: Oxigraph makes its HTTP calls from Rust, out of reach
of ``sys.addaudithook`` and of socket monkeypatching, and pyoxigraph 0.5 has no way to
replace its SERVICE handler. The first wall (:mod:`igel_graph.sparql_guard`) refuses
such texts; this one holds on the day the first is wrong.

A thread can be walled alone: :func:`walled_executor` is one thread that entered the
wall when it started, for work a serving process must do itself (a SPARQL update runs in
the server, whose other threads keep their network). Threads started from a walled
thread are walled too.

Entering needs CAP_SYS_ADMIN (root, as in the container and in CI). Without it the
function tries an unprivileged user namespace with its own network namespace; if the
kernel refuses that too, it logs one warning and the process runs with wall one only.
Only the calling thread moves when the process has several threads, so call it early.

A process whose data lives behind the network (a remote SPARQL store) cannot be walled:
pass its hosts as ``allowed_hosts`` and the call does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

__all__ = ["enter_network_wall", "walled_executor", "run_walled", "WALLED", "WALLED_USERNS", "SKIPPED", "UNAVAILABLE"]

T = TypeVar("T")

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000

#: outcomes of :func:`enter_network_wall`
WALLED = "walled"
WALLED_USERNS = "walled (user namespace)"
SKIPPED = "skipped: the process needs the network"
UNAVAILABLE = "unavailable"

_log = logging.getLogger("igel.netwall")
_warned = False


def _unshare(flags: int) -> int:
    """``unshare(flags)``; 0 on success, else the errno."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    if libc.unshare(ctypes.c_int(flags)) == 0:
        return 0
    return ctypes.get_errno()


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as fh:
        fh.write(text)


def enter_network_wall(allowed_hosts: tuple[str, ...] = ()) -> str:
    """Cut the calling process (thread) off the network; return which wall it now has:
    :data:`WALLED`, :data:`WALLED_USERNS`, :data:`SKIPPED` (``allowed_hosts`` given: the
    process needs the network) or :data:`UNAVAILABLE` (not Linux, or the kernel refused;
    one warning is logged per process)."""
    global _warned
    if allowed_hosts:
        return SKIPPED
    if not sys.platform.startswith("linux"):
        reason = f"network namespaces need Linux, not {sys.platform}"
    else:
        errno = _unshare(CLONE_NEWNET)
        if errno == 0:
            return WALLED
        uid, gid = os.getuid(), os.getgid()
        errno_user = _unshare(CLONE_NEWUSER | CLONE_NEWNET)
        if errno_user == 0:
            # Map our own ids so that files keep their owner inside the namespace.
            try:
                _write("/proc/self/setgroups", "deny")
                _write("/proc/self/gid_map", f"{gid} {gid} 1\n")
                _write("/proc/self/uid_map", f"{uid} {uid} 1\n")
            except OSError:
                pass  # unmapped ids still leave the network unreachable
            return WALLED_USERNS
        reason = (
            f"unshare(CLONE_NEWNET) failed ({os.strerror(errno)}) and so did a user "
            f"namespace ({os.strerror(errno_user)})"
        )
    if not _warned:
        _warned = True
        _log.warning(
            "Query workers keep network access: %s. Only the query check "
            "(igel_graph.sparql_guard) keeps SERVICE and LOAD out.",
            reason,
        )
    return UNAVAILABLE


_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
#: what :func:`enter_network_wall` returned in the thread of :func:`walled_executor`
walled_thread_status: str | None = None


def _enter_in_thread() -> None:
    global walled_thread_status
    walled_thread_status = enter_network_wall()


def walled_executor() -> ThreadPoolExecutor:
    """The process's one walled thread, as an executor (started on first use). Work
    submitted to it has no network, whatever library does the connecting."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="igel-walled", initializer=_enter_in_thread
            )
        return _executor


def run_walled(fn: Callable[..., T], *args) -> T:
    """``fn(*args)`` in the walled thread (blocking); its result or its exception."""
    return walled_executor().submit(fn, *args).result()
