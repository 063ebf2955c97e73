# SPDX-License-Identifier: Apache-2.0
"""A loopback TCP proxy for the sync tests (asyncio, on its own thread).

Faults, switchable while running: ``cut_after(n)`` closes both sides after ``n`` more bytes
from the client; ``reset()`` aborts every open connection (RST); ``latency(s)`` delays each
chunk; ``blackhole(True)`` swallows traffic without answering. ``heal()`` clears them all.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tcp-proxy", daemon=True)
        self._writers: set[asyncio.StreamWriter] = set()
        self._cut_after: int | None = None
        self._latency = 0.0
        self._blackhole = False
        self.bytes_up = 0

    # -- control (any thread) --------------------------------------------------------------
    def start(self) -> TcpProxy:
        self._thread.start()
        if not self._ready.wait(5):
            raise RuntimeError("the proxy did not start")
        return self

    def cut_after(self, count: int) -> None:
        self._cut_after = self.bytes_up + count

    def latency(self, seconds: float) -> None:
        self._latency = seconds

    def blackhole(self, on: bool = True) -> None:
        self._blackhole = on

    def heal(self) -> None:
        self._cut_after = None
        self._latency = 0.0
        self._blackhole = False

    def reset(self) -> None:
        self._loop.call_soon_threadsafe(self._abort_all)

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._abort_all)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    # -- the loop --------------------------------------------------------------------------
    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        server.close()

    def _abort_all(self) -> None:
        for writer in list(self._writers):
            sock = writer.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
        self._writers.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        await asyncio.gather(
            self._pump(reader, up_writer, upstream=True),
            self._pump(up_reader, writer, upstream=False),
            return_exceptions=True,
        )
        self._writers.discard(writer)
        self._writers.discard(up_writer)

    async def _pump(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, upstream: bool
    ) -> None:
        try:
            while True:
                chunk = await reader.read(65536)
                if not chunk:
                    break
                if self._blackhole:
                    continue
                if self._latency:
                    await asyncio.sleep(self._latency)
                if upstream:
                    self.bytes_up += len(chunk)
                    if self._cut_after is not None and self.bytes_up >= self._cut_after:
                        self._abort_all()
                        return
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.transport.abort()


@contextmanager
def proxy_to(host: str, port: int) -> Iterator[TcpProxy]:
    proxy = TcpProxy(host, port).start()
    try:
        yield proxy
    finally:
        proxy.stop()
