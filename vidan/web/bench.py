"""The public site and the back office's shell in the benchmark."""

from vidan.core.benchmarks import BENCH_SCENARIOS, Scenario, Target

BENCH_SCENARIOS.register(
    Scenario(
        "home",
        "/xa/{commune_slug}/",
        about="the public home page of the demo commune",
        target=Target(min_ratio=0.5, max_p99_ms=50),
    )
)
BENCH_SCENARIOS.register(Scenario("login", "/staff/login/", about="the staff login form (GET)"))
# What every back-office page pays before its own work (session, user, second factor, roles, commune, unread
# notices, the staff layout): the lightest page there is, a desk officer's empty list of notices.
BENCH_SCENARIOS.register(
    Scenario(
        "staffshell",
        "/staff/notices/",
        headers={"Cookie": "sessionid={desk_session}; csrftoken={csrf_cookie}"},
        about="a desk officer's (empty) notices: the back office's shell",
        floor="floor50",
    )
)
