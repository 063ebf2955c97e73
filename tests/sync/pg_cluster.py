# SPDX-License-Identifier: Apache-2.0
"""A throwaway PostgreSQL cluster for the restart test: ``initdb`` into a temporary folder as a
non-root user (``nobody`` when the tests run as root), on a free port, trust login on its own
socket and 127.0.0.1 only. Never touches the shared server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]


def tools_available() -> bool:
    return shutil.which("initdb") is not None and shutil.which("pg_ctl") is not None


def require_tools(test: str) -> None:
    """Skip ``test`` without initdb/pg_ctl, except under CI, where it fails instead."""
    if tools_available():
        return
    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"initdb/pg_ctl are missing (CI is set: the {test} must run)")
    pytest.skip("initdb/pg_ctl are not installed")


class Cluster:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.port = port
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [*_as_user(), "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        opts = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c shared_buffers=16MB"
        )
        self._pg_ctl("-o", opts, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._pg_ctl("-m", mode, "-w", "stop")

    def restart(self) -> None:
        self.stop("immediate")
        self.start()


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="station-pg-"))
    os.chmod(folder, 0o777)
    cluster = Cluster(folder, _free_port())
    try:
        subprocess.run(
            [
                *_as_user(),
                "initdb",
                "-D",
                str(cluster.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        cluster.start()
        try:
            yield cluster
        finally:
            try:
                cluster.stop("immediate")
            except subprocess.CalledProcessError:
                pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)
