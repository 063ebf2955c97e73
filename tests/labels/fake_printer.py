# SPDX-License-Identifier: Apache-2.0
"""A fake raw-TCP label printer on a loopback port that keeps every job it receives.

``FakePrinter()`` reserves a port without listening (the printer is *off*: connections are
refused); ``start()`` switches it on, ``stop()`` off again; ``jobs`` holds the bytes of each
connection, in order. ``wait_for(n)`` waits (bounded) until ``n`` jobs have arrived.
"""

from __future__ import annotations

import socket
import threading


class FakePrinter:
    def __init__(self) -> None:
        probe = socket.create_server(("127.0.0.1", 0))
        self.port: int = probe.getsockname()[1]
        probe.close()
        self.jobs: list[bytes] = []
        self._arrived = threading.Condition()
        self._server: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"raw+socket://127.0.0.1:{self.port}?timeout=2"

    def start(self) -> FakePrinter:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(8)
        self._server = server
        self._thread = threading.Thread(target=self._serve, args=(server,), daemon=True)
        self._thread.start()
        return self

    def _serve(self, server: socket.socket) -> None:
        server.settimeout(0.05)  # so stop() is noticed at once
        while self._server is server:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            with conn:
                data = bytearray()
                while chunk := conn.recv(65536):
                    data.extend(chunk)
            with self._arrived:
                self.jobs.append(bytes(data))
                self._arrived.notify_all()

    def stop(self) -> None:
        server, self._server = self._server, None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if server is not None:
            server.close()

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self.jobs) >= count, timeout)

    def text(self) -> str:
        return b"".join(self.jobs).decode("ascii")

    def __enter__(self) -> FakePrinter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
