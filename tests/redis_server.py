"""A private redis-server, started by a test on a free port, that the test can stop and start again: what an
outage of the production Redis does to the site, with a real Redis on either side of it."""

import shutil
import socket
import subprocess
import time

import pytest

from bench.server import free_port

REDIS_SERVER = shutil.which("redis-server")


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def answers(self) -> bool:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            try:
                probe.connect(("127.0.0.1", self.port))
                probe.sendall(b"PING\r\n")
                return probe.recv(16).startswith(b"+PONG")
            except OSError:
                return False

    def stored(self, pattern: str = "*") -> list[str]:
        import redis

        return [key.decode() for key in redis.Redis.from_url(self.url).keys(pattern)]


@pytest.fixture
def redis_server():
    if REDIS_SERVER is None:
        pytest.fail("redis-server is missing: install Debian's redis-server (these tests are never skipped)")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def production_caches(url: str) -> dict:
    """CACHES as settings.py builds them when REDIS_URL is set (and the process's own memory cache)."""
    return {
        "default": {
            "BACKEND": "vidan.core.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "vidan",
            "OPTIONS": {"CLEAR_AFTER_OUTAGE": True},
        },
        "limits-database": {"BACKEND": "vidan.core.cache.DatabaseCache"},
        "limits": {
            "BACKEND": "vidan.core.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"FALLBACK": "limits-database"},
        },
        "local": {"BACKEND": "vidan.core.cache.ProcessCache", "LOCATION": "vidan-local"},
    }
