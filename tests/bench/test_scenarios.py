"""The benchmark's scenarios name the floor their ratio divides by; a run measures every floor it needs."""

import pytest

from bench.load import LoadResult, wrk_script
from bench.report import scenario_figures, table
from bench.scenarios import FLOOR, Scenario, Target, scenarios, scenarios_select


def result(rps: float, p99_ms: float = 10.0) -> LoadResult:
    return LoadResult(
        rps=rps, p50_ms=p99_ms / 2, p90_ms=p99_ms, p99_ms=p99_ms, max_ms=p99_ms, requests=int(rps * 10), errors=0,
        statuses={"200": int(rps * 10)}, socket_errors={},
    )  # fmt: skip


def names(scenarios) -> list[str]:
    return [scenario.name for scenario in scenarios]


def test_a_scenario_brings_the_floor_it_divides_by():
    # When only the queue is asked for
    chosen = names(scenarios_select(["queue50"]))

    # Then the plain floor and the list floor run first, then the queue
    assert chosen == [FLOOR, "floor50", "queue50"]
    # and a scenario that names no floor divides by the plain one
    assert names(scenarios_select(["lookup"])) == [FLOOR, "lookup"]
    assert names(scenarios_select(["floorsubmit"])) == [FLOOR, "floorsubmit"]


def test_every_scenario_runs_after_the_floors_when_none_is_named():
    chosen = names(scenarios_select([]))
    assert sorted(chosen) == sorted(names(scenarios()))
    assert chosen[:3] == [FLOOR, "floor50", "floorsubmit"]


def test_a_floor_that_is_not_a_floor_scenario_is_refused():
    scenarios = [Scenario(FLOOR, "/f/"), Scenario("page", "/p/", floor="home"), Scenario("home", "/h/")]
    with pytest.raises(SystemExit, match="page divides by 'home'"):
        scenarios_select(["page"], scenarios)


def test_ratios_divide_by_each_scenarios_own_floor():
    # Given a run where the list floor serves a tenth of the plain floor
    scenarios = [
        Scenario(FLOOR, "/f/"),
        Scenario("floor50", "/f50/"),
        Scenario("list", "/l/", floor="floor50", target=Target(min_ratio=0.6)),
        Scenario("page", "/p/", target=Target(min_ratio=0.6)),
    ]
    results = {FLOOR: result(1000), "floor50": result(100), "list": result(70), "page": result(70)}

    # When the figures are worked out
    figures = scenario_figures(scenarios, results)

    # Then the list is measured against the list floor and meets its target; the page against the plain floor
    assert (figures["list"]["ratio_to_floor"], figures["list"]["floor"]) == (0.7, "floor50")
    assert figures["list"]["target"]["met"] is True
    assert (figures["page"]["ratio_to_floor"], figures["page"]["floor"]) == (0.07, FLOOR)
    assert figures["page"]["target"]["met"] is False
    assert figures["floor50"]["ratio_to_floor"] == 0.1
    # and the table names the floor next to the ratio
    line = next(line for line in table(figures).splitlines() if line.startswith("list"))
    assert "0.70  floor50" in line and line.endswith("met")


def test_the_write_floor_posts_a_form():
    floor = next(s for s in scenarios() if s.name == "floorsubmit")
    script = wrk_script(floor.resolved({}))
    assert 'wrk.method = "POST"' in script
    assert 'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"' in script
    assert "wrk.body = " in script and "phone=" in script
