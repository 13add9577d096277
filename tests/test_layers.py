"""Layers point down: every import under vidan/ goes to its own layer or one below, in the declared order

    core < audit, notify < org < workdays < feature modules < ratings < web, api < config, cli

Feature modules (onestop and every module after it) import no other feature module; the ratings read the
services of the feature modules they rate (each kind only when its module is installed), and web and api do not
import each other: what a module adds elsewhere goes through the registries (vidan/core/registry.py). Read
from the source with `ast`, imports inside functions included."""

import ast
from pathlib import Path

VIDAN = Path(__file__).resolve().parents[1] / "vidan"

LAYERS = {
    "core": 0,
    "audit": 1,
    "notify": 1,
    "org": 2,
    "workdays": 3,
    "ratings": 4.5,
    "web": 5,
    "api": 5,
    "config": 6,
    "cli": 6,
}
FEATURE = 4
TOP = 6


def layer_of(package: str) -> int:
    """The layer of a top-level package of vidan; any package not named is a feature module."""
    return LAYERS.get(package, FEATURE)


def imported_packages(source: str, module: str) -> list[tuple[int, str]]:
    """(line, top-level vidan package) of every import of vidan in `source`, the code of `module`
    ("vidan.onestop.views.desk"), relative imports resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: -node.level]
                names = [".".join([*base, node.module] if node.module else base)]
            else:
                names = [node.module or ""]
            # `from vidan import workdays` names the package in the imported names.
            if names == ["vidan"]:
                names = [f"vidan.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "vidan" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


def layer_violations(package: str, module: str, source: str) -> list[str]:
    """The imports of `module` (in the top-level package `package`) that run against the order."""
    own = layer_of(package)
    problems = []
    for line, target in imported_packages(source, module):
        if target == package:
            continue
        theirs = layer_of(target)
        upward = theirs > own
        sideways = theirs == own and own in (FEATURE, 5)  # feature ↔ feature, web ↔ api
        if upward or sideways:
            problems.append(f"{module}:{line} imports vidan.{target}")
    return problems


def modules():
    for path in sorted(VIDAN.rglob("*.py")):
        relative = path.relative_to(VIDAN.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        package = parts[1] if len(parts) > 1 else "vidan"
        yield package, ".".join(parts), path.read_text(encoding="utf-8")


def test_every_import_under_vidan_points_down():
    problems = [
        problem
        for package, module, source in modules()
        if package != "vidan"
        for problem in layer_violations(package, module, source)
    ]
    assert not problems, "Imports against the layers:\n" + "\n".join(problems)


def test_an_import_back_up_the_layers_is_caught():
    # Given lower layers and a feature module importing upward or sideways
    cases = {
        ("workdays", "vidan.workdays.views", "from vidan.web.gate import staff_page"): True,
        ("core", "vidan.core.tick", "def job():\n    from vidan.onestop.reminders import send\n"): True,
        ("org", "vidan.org.x", "import vidan.notify.services"): False,
        ("onestop", "vidan.onestop.views.desk", "from ...api.tokens import api_token_issue"): True,
        ("onestop", "vidan.onestop.views.desk", "from ..models import Dossier"): False,
        ("onestop", "vidan.onestop.x", "from vidan import grievances"): True,
        ("web", "vidan.web.views.staff", "from vidan.api.tokens import api_tokens_of"): True,
        ("api", "vidan.api.root", "from vidan.onestop.models import Dossier"): False,
    }
    # Then each is judged as the order says
    for (package, module, source), wrong in cases.items():
        assert bool(layer_violations(package, module, source)) is wrong, (module, source)


def test_the_lower_layers_and_the_shell_name_no_feature_module():
    for relative in ("core/tick.py", "org/rules.py", "web/nav.py", "config/urls.py", "api/root.py"):
        text = (VIDAN / relative).read_text(encoding="utf-8")
        assert "onestop" not in text, relative
