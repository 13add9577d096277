"""What the benchmark asks of the platform: one Scenario per kind of request, all measured the same way.

A module adds its own by appending to SCENARIOS. Paths, headers and bodies may name values of the scenario
context in braces ("/api/v1/communes/{commune_id}/departments"); bench.data.scenario_context provides them.
`lua` is extra wrk Lua code, e.g. a `request()` function that varies the path from one request to the next.
Scenarios whose name starts with "floor" measure a floor: the cheapest page of a kind (one row, a list of 50,
a form's write). A scenario's `floor` names the one its ratio divides by, FLOOR unless it says otherwise; a
run always measures the floors its scenarios name.
"""

from dataclasses import dataclass, field, replace

FLOOR = "floor"
# A form-encoded body the write floor accepts; `submit`-like scenarios send one of the same size.
FLOOR_SUBMIT_BODY = "name=Nguy%E1%BB%85n+Th%E1%BB%8B+Lan&phone=0912345678"

# A logged-in browser's cookies: its session, and the CSRF cookie it was given with its first page.
DESK_COOKIES = "sessionid={desk_session}; csrftoken={csrf_cookie}"

# Each request looks up another dossier: the codes come from a file the harness writes (bench.data).
LOOKUP_LUA = """
local codes = {}
for line in io.lines(os.getenv("BENCH_LOOKUP_CODES")) do codes[#codes + 1] = line end
request = function()
  return wrk.format("GET", "/tra-cuu/?ma=" .. codes[math.random(#codes)])
end
"""


@dataclass(frozen=True)
class Target:
    """What an issue asks of a scenario: requests/s at least `min_ratio` of its floor's, p99 under a bound."""

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


SCENARIOS: list[Scenario] = [
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
        "home",
        "/xa/{commune_slug}/",
        about="the public home page of the demo commune",
        target=Target(min_ratio=0.5, max_p99_ms=50),
    ),
    Scenario("login", "/staff/login/", about="the staff login form (GET)"),
    # What every back-office page pays before its own work (session, user, second factor, roles, commune,
    # unread notices, the staff layout): the lightest page there is, a desk officer's empty list of notices.
    Scenario(
        "staffshell",
        "/staff/notices/",
        headers={"Cookie": DESK_COOKIES},
        about="a desk officer's (empty) notices: the back office's shell",
        floor="floor50",
    ),
    Scenario(
        "queue50",
        "/staff/ho-so/?hang=tat-ca",
        headers={"Cookie": DESK_COOKIES},
        about="a desk officer's queue of 50 dossiers, in a commune with 10,000",
        target=Target(min_ratio=0.6),
        floor="floor50",
    ),
    Scenario(
        "stats",
        "/staff/ho-so/thong-ke/?tu={year}-01-01&den={year}-12-31",
        headers={"Cookie": DESK_COOKIES},
        about="the statistics page of one commune (10,000 dossiers) for a year",
        target=Target(max_p99_ms=200),
    ),
    # The lookup page before a code is typed: the public layout, the search form, no query.
    Scenario("lookupshell", "/tra-cuu/", about="the lookup page without a code: its shell"),
    Scenario(
        "lookup",
        "/tra-cuu/",
        lua=LOOKUP_LUA,
        about="a citizen looks up a random dossier of a million by its code",
        target=Target(min_ratio=0.7, max_p99_ms=30),
    ),
    # A citizen sends a dossier online: the form's CSRF token and cookie, the applicant, the consent and one
    # small PDF (multipart), checked by content, stored, numbered with a reference, a session for the PIN.
    Scenario(
        "submit",
        "/xa/{submit_slug}/nop-ho-so/{submit_procedure}/",
        method="POST",
        headers={"Content-Type": "{submit_content_type}", "Cookie": "csrftoken={csrf_cookie}"},
        body="{submit_body}",
        about="a citizen submits a dossier online with one small upload (PDF) and the consent",
        target=Target(min_ratio=0.25),
        floor="floorsubmit",
    ),
    Scenario(
        "api",
        "/api/v1/communes/{commune_id}/departments",
        headers={"Authorization": "Bearer {api_token}"},
        about="departments of the demo commune through the API, with a staff token",
    ),
]


def scenarios_select(only: list[str] | None, scenarios: list[Scenario] = SCENARIOS) -> list[Scenario]:
    """The scenarios named in `only` (all when it is empty), with FLOOR and every floor they divide by first."""
    by_name = {scenario.name: scenario for scenario in scenarios}
    unknown = [name for name in only or () if name not in by_name]
    if unknown:
        raise SystemExit(f"bench: unknown scenario(s) {', '.join(unknown)}; known: {', '.join(by_name)}")
    chosen = [by_name[name] for name in only] if only else list(scenarios)
    for scenario in chosen:
        floor = by_name.get(scenario.floor)
        if floor is None or not floor.is_floor:
            raise SystemExit(f"bench: {scenario.name} divides by {scenario.floor!r}, which is not a floor scenario")
    floors = [FLOOR, *(s.floor for s in chosen), *(s.name for s in chosen if s.is_floor)]
    names = [*dict.fromkeys(floors), *(s.name for s in chosen)]
    return [by_name[name] for name in dict.fromkeys(names)]
