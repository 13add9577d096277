"""The model's scheduled work: the computed indicators of every commune kept fresh for the rollout pages."""

from vidan.core.tick import TICK_JOBS, TickJob
from vidan.model.snapshots import snapshots_refresh

TICK_JOBS.register(TickJob("model.indicators_refresh", snapshots_refresh, order=60))
