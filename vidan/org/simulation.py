"""What a module adds to `vidan simulate`: a step that makes N synthetic records of its own per simulated
commune, offered as the option `--<name> N`. Registered in `<app>/simulation.py`."""

from collections.abc import Callable
from dataclasses import dataclass

from vidan.core.registry import Registry


@dataclass(frozen=True)
class SimulationStep:
    name: str  # the option's name: `--dossiers`
    help: str
    # (commune=, count=, seed=) -> how many records it added; idempotent for the same seed and count.
    run: Callable[..., int]


SIMULATION_STEPS: Registry[SimulationStep] = Registry("simulation steps", key=lambda step: step.name)
