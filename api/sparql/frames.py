"""Length-prefixed messages between the server and its query worker processes.

A message is a pickled Python object preceded by its length as 8 bytes (big-endian), so
queries and results of any size (tens of megabytes) cross the socket whole. The worker
side uses a blocking socket (:func:`send`, :func:`receive`); the server side reads and
writes with asyncio streams (:func:`read`, :func:`write`), which stay correct whatever
the event loop does to the socket (uvloop makes it non-blocking, which is why a plain
``multiprocessing`` connection, read with ``recv`` after the loop saw it readable, failed
on large messages).

>>> import socket
>>> a, b = socket.socketpair()
>>> send(a, ("query", "x" * 100_000)); receive(b)[1] == "x" * 100_000
True
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import struct

__all__ = ["send", "receive", "read", "write", "HEADER"]

#: the length prefix of every message
HEADER = struct.Struct("!Q")


def _dumps(message) -> bytes:
    return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)


def send(sock: socket.socket, message) -> None:
    """Send ``message`` on a blocking socket (worker side)."""
    data = _dumps(message)
    if len(data) < 1 << 16:
        sock.sendall(HEADER.pack(len(data)) + data)
    else:
        sock.sendall(HEADER.pack(len(data)))
        sock.sendall(data)


def _exactly(sock: socket.socket, n: int) -> bytearray:
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            raise EOFError("the other end closed the connection")
        got += k
    return buf


def receive(sock: socket.socket):
    """The next message on a blocking socket (worker side); EOFError when it closed."""
    (n,) = HEADER.unpack(_exactly(sock, HEADER.size))
    return pickle.loads(_exactly(sock, n))


async def write(writer: asyncio.StreamWriter, message) -> None:
    """Send ``message`` on an asyncio stream (server side) and wait until it is sent."""
    data = _dumps(message)
    if len(data) < 1 << 16:
        writer.write(HEADER.pack(len(data)) + data)  # one send for the usual small message
    else:
        writer.writelines((HEADER.pack(len(data)), data))
    await writer.drain()


async def read(reader: asyncio.StreamReader):
    """The next message on an asyncio stream (server side); raises
    ``asyncio.IncompleteReadError`` when the worker went away mid-message."""
    (n,) = HEADER.unpack(await reader.readexactly(HEADER.size))
    return pickle.loads(await reader.readexactly(n))
