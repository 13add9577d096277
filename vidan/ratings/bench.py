"""The ratings in the benchmark: a citizen's rating POST through its one-time link (docs/scaling.md).

Before each run, RATE_LINKS dossiers handed over in the synthetic communes get a fresh SMS link (the earlier
runs' ratings of them removed), their tokens written to a file; wrk's script gives each thread its own share
of them, so every request spends a link never used before, as a citizen's would."""

from pathlib import Path
from urllib.parse import urlencode

from django.db import transaction
from django.utils import timezone

from vidan.core.benchmarks import BENCH_DATA, BENCH_SCENARIOS, BenchData, Scenario, Target

RATE_LINKS = 40_000
STRIDE = 4  # wrk threads the tokens are shared between (at most)
RATE_BODY = urlencode({"level": "satisfied", "comment": "Cán bộ hướng dẫn tận tình", "attitude": "courteous"})

# Each thread takes the tokens of its own slot, one after another (the report's setup() and done() are kept).
# The warm-up and the measured run are two runs of wrk: the first writes how far the slots went, in a file beside
# the tokens, and the second starts from there, so that no token is spent twice.
RATE_LUA = """
local report_setup, report_done = setup, done
local threads, threads_started = {}, 0
local offset_path = os.getenv("BENCH_RATE_TOKENS") .. ".offset"
setup = function(thread)
  report_setup(thread)
  thread:set("slot", threads_started)
  threads_started = threads_started + 1
  table.insert(threads, thread)
end
local tokens = {}
init = function(args)
  local file = io.open(offset_path, "r")
  start = file and tonumber(file:read("*l")) or 0
  if file then file:close() end
  next_index = start + 1
  local i = 0
  for line in io.lines(os.getenv("BENCH_RATE_TOKENS")) do
    if i % STRIDE == slot then tokens[#tokens + 1] = line end
    i = i + 1
  end
end
request = function()
  local token = tokens[next_index]
  next_index = next_index + 1
  return wrk.format(nil, "/danh-gia/" .. token .. "/")
end
done = function(summary, latency, requests)
  report_done(summary, latency, requests)
  local furthest = 0
  for _, thread in ipairs(threads) do
    local used = (thread:get("next_index") or 1) - 1
    if used > furthest then furthest = used end
  end
  local file = io.open(offset_path, "w")
  file:write(tostring(furthest), "\\n")
  file:close()
end
""".replace("STRIDE", str(STRIDE))


def rate_context(values: dict, cache_dir: Path) -> dict:
    from vidan.onestop.models import Dossier
    from vidan.ratings.models import Rating, RatingChannel, RatingInvitation
    from vidan.ratings.tokens import token_for, token_hash

    rows = list(
        Dossier.objects.filter(status="returned", code__isnull=False)
        .order_by("pk")
        .values_list("pk", "commune_id")[: RATE_LINKS + 1]
    )
    ids = [pk for pk, _commune in rows]
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            Rating.objects.filter(kind="dossier", subject_id__in=chunk).delete()
            RatingInvitation.objects.filter(kind="dossier", subject_id__in=chunk).delete()
        tokens, invitations = [], []
        for pk, commune_id in rows:
            token = token_for("dossier", pk, RatingChannel.SMS)
            tokens.append(token)
            invitations.append(
                RatingInvitation(
                    commune_id=commune_id,
                    kind="dossier",
                    subject_id=pk,
                    channel=RatingChannel.SMS,
                    token_hash=token_hash(token),
                    created_at=now,
                )
            )
        RatingInvitation.objects.bulk_create(invitations, batch_size=2000)
    path = cache_dir / "rate-tokens.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    # The first token is the harness's checked request; wrk shares the rest.
    path.write_text("\n".join(tokens[1:]) + "\n", encoding="ascii")
    (cache_dir / "rate-tokens.txt.offset").write_text("0\n", encoding="ascii")
    return {"BENCH_RATE_TOKENS": str(path), "rate_first_token": tokens[0], "_rate_ids": ids}


def rate_check() -> dict:
    from django.db.models import Count

    from vidan.ratings.models import Rating, RatingInvitation

    made = Rating.objects.filter(kind="dossier", channel="sms")
    return {
        "ratings": made.count(),
        "links_used": RatingInvitation.objects.filter(channel="sms", used_at__isnull=False).count(),
        "services_rated_twice": made.values("service_key").annotate(n=Count("id")).filter(n__gt=1).count(),
    }


BENCH_DATA.register(BenchData("ratings", version="1", context=rate_context, checks={"rate": rate_check}))
BENCH_SCENARIOS.register(
    Scenario(
        "rate",
        "/danh-gia/{rate_first_token}/",
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body=RATE_BODY,
        lua=RATE_LUA,
        about="a citizen rates a dossier handed over, through its one-time link (form POST, a redirect)",
        target=Target(min_ratio=0.4),
        floor="floorsubmit",
    )
)
