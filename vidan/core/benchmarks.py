"""What a module adds to the benchmark (`make bench`, the harness in bench/): the requests it measures and the
data they need. Registered in `<app>/bench.py`.

A Scenario is one kind of request, measured the same way as every other: requests per second as a ratio to a
floor measured in the same run (the cheapest page of its kind: one row, a list of 50, a form's write), p99
latency, CPU per request. Paths, headers and bodies may name values of the run's context in braces
("/api/v1/communes/{commune_id}/departments"), which the harness and the modules' BenchData provide. `lua` is
extra wrk Lua code, e.g. a `request()` function that varies the path from one request to the next. Scenarios
whose name starts with "floor" are floors; a scenario's `floor` names the one its ratio divides by.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from vidan.core.registry import Registry

FLOOR = "floor"
# How many synthetic communes the benchmark's database holds (`vidan simulate --communes`).
BENCH_COMMUNES = 100


@dataclass(frozen=True)
class Target:
    """What is asked of a scenario: requests/s at least `min_ratio` of its floor's, p99 under a bound."""

    min_ratio: float | None = None
    max_p99_ms: float | None = None

    def met(self, *, ratio: float, p99_ms: float, errors: int) -> bool:
        return (
            errors == 0
            and (self.min_ratio is None or ratio >= self.min_ratio)
            and (self.max_p99_ms is None or p99_ms < self.max_p99_ms)
        )

    def __str__(self):
        parts = []
        if self.min_ratio is not None:
            parts.append(f"≥ {self.min_ratio:.2f} of its floor")
        if self.max_p99_ms is not None:
            parts.append(f"p99 < {self.max_p99_ms:g} ms")
        return ", ".join(parts) or "none"


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    lua: str = ""
    about: str = ""
    target: Target | None = None
    floor: str = FLOOR  # the floor scenario this one's ratio divides by

    @property
    def is_floor(self) -> bool:
        return self.name.startswith(FLOOR)

    def resolved(self, context: dict) -> "Scenario":
        """The scenario with every {name} in its path, headers and body replaced from `context`."""
        return replace(
            self,
            path=self.path.format(**context),
            headers={key: value.format(**context) for key, value in self.headers.items()},
            body=self.body.format(**context) if self.body is not None else None,
        )


@dataclass(frozen=True)
class BenchData:
    """A module's data for its scenarios.

    `generate()` makes what is slow to make, once: the harness keeps a mark named `name` with `version` in the
    benchmark's database and calls it again only when the version changes. `context(values, cache_dir)`, before
    every run, returns the values its scenarios name (it may read the harness's own `values`, e.g.
    "csrf_cookie"; files for wrk's scripts go in `cache_dir`). `checks` maps a scenario to a function telling,
    after the run, what that scenario left behind (rows written, messages sent)."""

    name: str
    version: str
    generate: Callable[[], None] | None = None
    context: Callable[..., dict] | None = None
    checks: dict[str, Callable[[], dict]] = field(default_factory=dict)


BENCH_SCENARIOS: Registry[Scenario] = Registry("benchmark scenarios", key=lambda scenario: scenario.name)
BENCH_DATA: Registry[BenchData] = Registry("benchmark data", key=lambda data: data.name)
