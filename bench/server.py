"""Running the platform under gunicorn on the loopback address for the length of a benchmark."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.load import HOST

PROJECT_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def http_get(port: int, path: str, *, method: str = "GET", headers=None, body=None, timeout: float = 10):
    """One request to the server; returns (status, body bytes). Never through a proxy."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        data = body.encode("utf-8") if isinstance(body, str) else body  # as wrk sends it: the text's UTF-8 bytes
        connection.request(method, path, body=data, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime (fields 14 and 15)


class AppServer:
    """gunicorn with `workers` sync workers on 127.0.0.1:<free port>, its log in `log_path`."""

    def __init__(self, *, env: dict[str, str], workers: int, log_path: Path):
        self.env, self.workers, self.log_path = env, workers, log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "AppServer":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "vidan.config.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            "--log-level=warning",
            "--error-logfile=-",
            f"--chdir={PROJECT_DIR}",
        ]
        with open(self.log_path, "wb") as log:  # this run's log only
            self.process = subprocess.Popen(
                command,
                cwd=PROJECT_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        return self

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench: gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                status, _body = http_get(self.port, path, timeout=5)
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"bench: the server did not answer within {timeout:.0f} s; see {self.log_path}")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the workers have used so far. Unlike requests/s, it hardly changes when
        other programs compete for the cores, so it compares runs made on a busy machine."""
        return sum(process_cpu_seconds(pid) for pid in _children(self.process.pid))

    def __exit__(self, *exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop, workers included
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group this server was started in, nothing else
            self.process.wait()
