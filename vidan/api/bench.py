"""The API in the benchmark."""

from vidan.core.benchmarks import BENCH_SCENARIOS, Scenario

BENCH_SCENARIOS.register(
    Scenario(
        "api",
        "/api/v1/communes/{commune_id}/departments",
        headers={"Authorization": "Bearer {api_token}"},
        about="departments of the demo commune through the API, with a staff token",
    )
)
