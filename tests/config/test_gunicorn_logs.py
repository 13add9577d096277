"""gunicorn started with deploy/gunicorn.conf.py, as the service runs it: its access log and the app's log lines
name the client the trusted proxy saw, with their time."""

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.server import free_port
from tests.production import production_environ

PROJECT_DIR = Path(__file__).resolve().parents[2]
HOST = "thuanhoa.example.gov.vn"


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    environ = production_environ(
        tmp_path,
        ALLOWED_HOSTS=HOST,
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_PROXY_SSL="1",
        VIDAN_PROXY_COUNT="1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
    )
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(PROJECT_DIR / "deploy" / "gunicorn.conf.py"),
                "vidan.config.wsgi",
            ],
            env=environ,
            cwd=tmp_path,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log.read_text()) from None
                time.sleep(0.2)
        yield port, log
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_the_access_log_and_the_apps_lines_name_the_client_the_proxy_saw(gunicorn):
    port, log = gunicorn
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/khong-co-trang-nay/",
        headers={"Host": HOST, "X-Forwarded-For": "198.51.100.9, 203.0.113.7", "X-Forwarded-Proto": "https"},
    )
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=30)  # noqa: S310 - the loopback, a URL of the test's own
    assert answer.value.code == 404

    time.sleep(0.5)  # the access log is written once the answer has gone
    lines = log.read_text().splitlines()
    access = next(line for line in lines if "GET /khong-co-trang-nay/" in line)
    assert re.match(
        r'203\.0\.113\.7 - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "GET /khong-co-trang-nay/ HTTP', access
    )
    assert " 404 " in access
    app = next(line for line in lines if "Not Found" in line)
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING \[203\.0\.113\.7\] django\.request: Not Found", app)
    assert "198.51.100.9" not in log.read_text()
