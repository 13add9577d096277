"""Generating load with wrk, against the loopback address only, for a fixed time."""

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from bench.scenarios import Scenario

HOST = "127.0.0.1"
RESULT_MARK = "BENCH_JSON "

# Counts every status code and reports exact latency percentiles. Each wrk thread has its own Lua state, so
# the counts are globals that done() collects from every thread.
LUA_REPORT = r"""
statuses = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local by_status = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(by_status) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  local e = summary.errors
  io.write(string.format(
    '%s{"duration_us": %d, "requests": %d, "bytes": %d, "statuses": {%s}, ' ..
    '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    "__MARK__", summary.duration, summary.requests, summary.bytes, table.concat(parts, ", "),
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
""".replace("__MARK__", RESULT_MARK)


@dataclass(frozen=True)
class LoadResult:
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    errors: int
    statuses: dict[str, int]
    socket_errors: dict[str, int]
    server_cpu_ms: float | None = None  # CPU the app's workers spent per request, filled in by the caller


def wrk_ensure() -> str:
    """The path of wrk, installing Debian's package first when it is missing and we may."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        # A fresh machine may not have read the package lists yet: update once if the first try fails.
        for command in (
            ["apt-get", "install", "-y", "wrk"],
            ["apt-get", "update"],
            ["apt-get", "install", "-y", "wrk"],
        ):
            print(f"bench: wrk is missing; running: {' '.join(command)}", flush=True)
            _apt(command)
            if shutil.which("wrk"):
                return shutil.which("wrk")
    raise SystemExit("bench: wrk is not installed; install it with `apt-get install -y wrk` (as root).")


def _apt(command: list[str]) -> None:
    subprocess.run(command, check=False, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def lua_string(text: str) -> str:
    """A Lua string literal for `text` (quotes, backslashes and control characters escaped)."""
    escaped = []
    for char in text:
        if char in '\\"':
            escaped.append("\\" + char)
        elif ord(char) < 32 or ord(char) == 127:
            escaped.append(f"\\{ord(char):03d}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def wrk_script(scenario: Scenario) -> str:
    lines = [f"wrk.method = {lua_string(scenario.method)}", f"wrk.path = {lua_string(scenario.path)}"]
    lines += [f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in scenario.headers.items()]
    if scenario.body is not None:
        lines.append(f"wrk.body = {lua_string(scenario.body)}")
    return "\n".join([*lines, LUA_REPORT, scenario.lua])


def wrk_run(wrk: str, scenario: Scenario, *, port: int, seconds: int, connections: int, threads: int) -> LoadResult:
    """Run wrk against 127.0.0.1:`port` for `seconds` and return what it measured."""
    url = f"http://{HOST}:{int(port)}{scenario.path}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix=f"bench-{scenario.name}-") as script:
        script.write(wrk_script(scenario))
        script.flush()
        command = [
            wrk,
            f"--threads={threads}",
            f"--connections={connections}",
            f"--duration={int(seconds)}s",
            "--timeout=5s",
            f"--script={script.name}",
            url,
        ]
        finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    lines = [line for line in finished.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if finished.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({finished.returncode}): {finished.stderr.strip() or finished.stdout.strip()}")
    raw = json.loads(lines[-1][len(RESULT_MARK) :])
    statuses = dict(sorted(raw["statuses"].items()))
    bad_statuses = sum(count for status, count in statuses.items() if not 200 <= int(status) < 400)
    latency = raw["latency_us"]
    return LoadResult(
        rps=raw["requests"] / (raw["duration_us"] / 1e6),
        p50_ms=latency["p50"] / 1000,
        p90_ms=latency["p90"] / 1000,
        p99_ms=latency["p99"] / 1000,
        max_ms=latency["max"] / 1000,
        requests=raw["requests"],
        errors=bad_statuses + sum(raw["socket_errors"].values()),
        statuses=statuses,
        socket_errors=raw["socket_errors"],
    )
