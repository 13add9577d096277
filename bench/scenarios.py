"""What the benchmark asks of the platform: the floors, registered here, and every scenario the installed
modules registered in their `bench.py` (vidan/core/benchmarks.py says what a scenario is).

A floor is the cheapest page of a kind, served by bench/floor: one row, a list of 50, a form's write. A run
always measures the floors its scenarios name.
"""

from vidan.core.benchmarks import BENCH_SCENARIOS, FLOOR, Scenario, Target

__all__ = ["FLOOR", "FLOOR_SUBMIT_BODY", "Scenario", "Target", "floor_scenarios", "scenarios", "scenarios_select"]

# A form-encoded body the write floor accepts; `submit`-like scenarios send one of the same size.
FLOOR_SUBMIT_BODY = "name=Nguy%E1%BB%85n+Th%E1%BB%8B+Lan&phone=0912345678"


def floor_scenarios() -> list[Scenario]:
    return [
        Scenario(FLOOR, "/_bench/floor/", about="one random row of a million by its unique key, ~1 KB template"),
        Scenario(
            "floor50",
            "/_bench/floor/50/",
            about="50 consecutive rows of a million from a random key, rendered as a table: the floor of a list",
        ),
        Scenario(
            "floorsubmit",
            "/_bench/floor/submit/",
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=FLOOR_SUBMIT_BODY,
            about="a form POST validated by a Django Form, one row inserted, a redirect: the floor of a write",
        ),
        Scenario(
            "floorrollout",
            "/_bench/floor/rollout/",
            about="one GROUP BY over the million dossiers, a row per commune: the floor of a page over every commune",
        ),
    ]


def scenarios() -> list[Scenario]:
    """The floors, then the scenarios of the installed modules."""
    return [*floor_scenarios(), *BENCH_SCENARIOS.all()]


def scenarios_select(only: list[str] | None, available: list[Scenario] | None = None) -> list[Scenario]:
    """The scenarios named in `only` (all when it is empty), with FLOOR and every floor they divide by first."""
    available = scenarios() if available is None else available
    by_name = {scenario.name: scenario for scenario in available}
    unknown = [name for name in only or () if name not in by_name]
    if unknown:
        raise SystemExit(f"bench: unknown scenario(s) {', '.join(unknown)}; known: {', '.join(by_name)}")
    chosen = [by_name[name] for name in only] if only else list(available)
    for scenario in chosen:
        floor = by_name.get(scenario.floor)
        if floor is None or not floor.is_floor:
            raise SystemExit(f"bench: {scenario.name} divides by {scenario.floor!r}, which is not a floor scenario")
    floors = [FLOOR, *(s.floor for s in chosen), *(s.name for s in chosen if s.is_floor)]
    names = [*dict.fromkeys(floors), *(s.name for s in chosen)]
    return [by_name[name] for name in dict.fromkeys(names)]
