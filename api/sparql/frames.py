"""Length-prefixed messages between the server and its query worker processes.

A message is a pickled Python object preceded by its length as 8 bytes (big-endian), so
queries and results of any size (tens of megabytes) cross the socket whole. The worker
side uses a blocking socket (:func:`send`, :func:`receive`); the server side reads and
writes through the event loop (:class:`Channel`), which stays correct whatever the loop
does to the socket (uvloop makes it non-blocking, which is why a plain ``multiprocessing``
connection, read with ``recv`` after the loop saw it readable, failed on large messages).

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
from collections import deque

__all__ = ["send", "receive", "Channel", "HEADER"]

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


class Channel(asyncio.Protocol):
    """The server's end of a worker socket: an asyncio protocol that cuts the incoming
    bytes into messages and hands each to the caller waiting for it (:meth:`next`).

    Cheaper per message than a stream reader and a task: one future per reply. The
    socket may be non-blocking or not, and messages of any size arrive whole.
    """

    def __init__(self):
        self._buffer = bytearray()
        self._need: int | None = None
        self._ready: deque = deque()
        self._waiter: asyncio.Future | None = None
        self._lost: BaseException | None = None
        self.transport: asyncio.Transport | None = None

    @classmethod
    async def open(cls, sock: socket.socket) -> "Channel":
        """A channel over the connected socket ``sock``."""
        loop = asyncio.get_running_loop()
        _, channel = await loop.create_connection(cls, sock=sock)
        return channel

    # -- protocol callbacks
    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        while True:
            if self._need is None:
                if len(buffer) < HEADER.size:
                    return
                (self._need,) = HEADER.unpack_from(buffer)
                del buffer[: HEADER.size]
            if len(buffer) < self._need:
                return
            payload = bytes(buffer[: self._need])
            del buffer[: self._need]
            self._need = None
            self._deliver(pickle.loads(payload))

    def connection_lost(self, exc) -> None:
        self._lost = exc or EOFError("the worker closed its socket")
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(EOFError("the worker went away"))

    def _deliver(self, message) -> None:
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(message)
        else:
            self._ready.append(message)

    # -- use
    def next(self) -> asyncio.Future:
        """A future of the next message; it fails with EOFError when the worker went away."""
        future = asyncio.get_running_loop().create_future()
        if self._ready:
            future.set_result(self._ready.popleft())
        elif self._lost is not None:
            future.set_exception(EOFError("the worker went away"))
        else:
            self._waiter = future
        return future

    def send(self, message) -> None:
        """Queue ``message`` for the worker (the transport buffers what the socket does not
        take at once); EOFError when the worker went away."""
        if self._lost is not None or self.transport is None or self.transport.is_closing():
            raise EOFError("the worker went away")
        data = _dumps(message)
        if len(data) < 1 << 16:
            self.transport.write(HEADER.pack(len(data)) + data)
        else:
            self.transport.writelines((HEADER.pack(len(data)), data))

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
