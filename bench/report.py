"""The benchmark's results: a table on the terminal and the same figures as JSON."""

import json
import os
import platform
from datetime import datetime
from pathlib import Path

from bench.load import LoadResult
from bench.scenarios import Scenario

DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "latest.json"
COLUMNS = ("scenario", "requests/s", "p50 ms", "p99 ms", "errors", "ratio", "to floor", "CPU ms/req", "target")
TEXT_COLUMNS = (0, COLUMNS.index("to floor"), len(COLUMNS) - 1)  # left-aligned; the figures are right-aligned


def scenario_figures(scenarios: list[Scenario], results: dict[str, LoadResult]) -> dict[str, dict]:
    """Each scenario's figures, its ratio dividing its requests/s by those of the floor it names."""
    figures = {}
    for scenario in scenarios:
        result = results[scenario.name]
        floor_rps = results[scenario.floor].rps
        ratio = result.rps / floor_rps if floor_rps else 0.0
        entry = {
            "rps": round(result.rps, 1),
            "p50_ms": round(result.p50_ms, 2),
            "p99_ms": round(result.p99_ms, 2),
            "errors": result.errors,
            "ratio_to_floor": round(ratio, 3),
            "floor": scenario.floor,
            "server_cpu_ms": None if result.server_cpu_ms is None else round(result.server_cpu_ms, 2),
            "p90_ms": round(result.p90_ms, 2),
            "max_ms": round(result.max_ms, 2),
            "requests": result.requests,
            "statuses": result.statuses,
            "path": scenario.path,
        }
        if scenario.target is not None:
            entry["target"] = {
                "min_ratio": scenario.target.min_ratio,
                "max_p99_ms": scenario.target.max_p99_ms,
                "met": scenario.target.met(ratio=ratio, p99_ms=result.p99_ms, errors=result.errors),
            }
        figures[scenario.name] = entry
    return figures


def table(figures: dict[str, dict]) -> str:
    rows = [COLUMNS]
    for name, f in figures.items():
        target = f.get("target")
        rows.append(
            (
                name,
                f"{f['rps']:.0f}",
                f"{f['p50_ms']:.1f}",
                f"{f['p99_ms']:.1f}",
                str(f["errors"]),
                f"{f['ratio_to_floor']:.2f}",
                f["floor"],
                "" if f["server_cpu_ms"] is None else f"{f['server_cpu_ms']:.2f}",
                "" if target is None else ("met" if target["met"] else "MISSED"),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(widths[i]) if i in TEXT_COLUMNS else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def machine() -> dict:
    cpu, memory_kb = platform.processor() or platform.machine(), 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def out_path() -> Path:
    return Path(os.environ.get("BENCH_OUT") or DEFAULT_OUT)


def write_json(path: Path, figures: dict[str, dict], meta: dict, **computed: dict) -> None:
    """The request scenarios' figures, the run's description, and any computation benchmark by name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"scenarios": figures, **computed, "meta": meta}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
