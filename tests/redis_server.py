"""A real redis-server on a free loopback port, for the Redis tests and the fleet benchmark.

No mock stands in for Redis: the tests run the real server (the Debian ``redis-server``
package, which .ci/run installs). Nothing is saved to disk, and the server dies with
the ``RedisServer`` context (or with this process, as its child).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from typing import Self

CANDIDATES = ("redis-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server")


def find_redis_server() -> str | None:
    """The redis-server executable (``REFCHECK_REDIS_SERVER`` wins), or None."""
    named = os.environ.get("REFCHECK_REDIS_SERVER")
    for name in (named, *CANDIDATES) if named else CANDIDATES:
        found = shutil.which(name) if name else None
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """``with RedisServer() as r: r.url`` → ``redis://127.0.0.1:PORT/0``."""

    def __init__(self, executable: str | None = None) -> None:
        exe = executable or find_redis_server()
        if exe is None:
            raise FileNotFoundError("redis-server not found")
        self.executable = exe
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self._dir = tempfile.TemporaryDirectory(prefix="refcheck-redis-")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self) -> Self:
        for _ in range(5):  # a port taken between choosing and binding: try another
            self.port = _free_port()
            args = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            args += ["--appendonly", "no", "--dir", self._dir.name]
            self.proc = subprocess.Popen(
                [self.executable, *args],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if self._wait_ready():
                return self
            self.proc.kill()
            self.proc.wait()
        raise RuntimeError("redis-server did not start")

    def _wait_ready(self, seconds: float = 10.0) -> bool:
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            if self.proc is not None and self.proc.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._dir.cleanup()
