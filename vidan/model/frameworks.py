"""Frameworks of the model: publishing a version, the version in force for a commune on a day, the default one
the platform ships, and who may review against it (the supervisors of the unit that published it)."""

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from vidan.audit.services import audit_record
from vidan.core.errors import FieldsRefused, PermissionDenied
from vidan.model.criteria import CRITERIA
from vidan.model.models import Direction, Framework, FrameworkCriterion, FrameworkIndicator, Source
from vidan.org.actors import Actor
from vidan.org.indicators import INDICATORS
from vidan.org.models import Commune, Role, RoleGrant, Unit, UnitLevel

DEFAULT_FRAMEWORK = Path(__file__).resolve().parent / "data" / "default_framework.json"


def default_framework_read() -> dict:
    return json.loads(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))


def _number(value, field: str, errors: dict) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.setdefault(field, []).append(_("“%(value)s” is not a number.") % {"value": value})
        return None
    if not number.is_finite():
        errors.setdefault(field, []).append(_("“%(value)s” is not a number.") % {"value": value})
        return None
    return number


@transaction.atomic
def framework_publish(
    *,
    actor: Actor,
    publisher: Unit,
    name: str,
    valid_from: date,
    criteria: dict,
    indicators: list[dict],
    decision: str = "",
    period_months: int = 3,
) -> Framework:
    """Publish a version of the framework for every commune below `publisher` from `valid_from`.

    `criteria` maps each of the five criteria (1–5) to its weight; `indicators` are dicts with criterion, code,
    label, unit, weight, target, direction, source and, for a computed one, the registered indicator_key.
    Everything wrong is refused at once (FieldsRefused), and nothing is written.
    """
    errors: dict[str, list] = {}
    if publisher.level == UnitLevel.COMMUNE:
        errors["publisher"] = [_("A framework is published by a province or a district, not by a commune.")]
    elif not publisher.is_valid_on(valid_from):
        errors["valid_from"] = [
            _("%(unit)s did not exist on %(day)s.") % {"unit": publisher.name, "day": valid_from.strftime("%d/%m/%Y")}
        ]
    weights = {}
    for number in CRITERIA:
        raw = criteria.get(number, criteria.get(str(number)))
        if raw is None:
            errors.setdefault("criteria", []).append(_("Criterion %(number)s has no weight.") % {"number": number})
            continue
        weight = _number(raw, "criteria", errors)
        if weight is not None and weight < 0:
            errors.setdefault("criteria", []).append(_("A weight cannot be negative."))
        weights[number] = weight
    if weights and all(w is not None for w in weights.values()) and sum(weights.values()) <= 0:
        errors.setdefault("criteria", []).append(_("At least one criterion must weigh something."))
    rows, codes = [], set()
    for order, entry in enumerate(indicators):
        field = f"indicators.{order}"
        code, label = str(entry.get("code", "")).strip(), str(entry.get("label", "")).strip()
        criterion = entry.get("criterion")
        if criterion not in CRITERIA:
            errors.setdefault(field, []).append(_("The criterion must be a number from 1 to 5."))
        if not code or not label:
            errors.setdefault(field, []).append(_("Each indicator needs a code and a label."))
        if code in codes:
            errors.setdefault(field, []).append(_("The code “%(code)s” is used twice.") % {"code": code})
        codes.add(code)
        source, key = entry.get("source"), str(entry.get("indicator_key", "") or "")
        if source not in Source.values:
            errors.setdefault(field, []).append(_("The source is either computed or declared."))
        elif source == Source.COMPUTED and key not in INDICATORS:
            errors.setdefault(field, []).append(
                _("“%(key)s” is not an indicator of this platform.") % {"key": key or "—"}
            )
        if entry.get("direction") not in Direction.values:
            errors.setdefault(field, []).append(_("The direction is either higher or lower."))
        weight = _number(entry.get("weight"), field, errors)
        target = _number(entry.get("target"), field, errors)
        if weight is not None and weight < 0:
            errors.setdefault(field, []).append(_("A weight cannot be negative."))
        rows.append(
            FrameworkIndicator(
                criterion=criterion,
                code=code,
                label=label,
                unit=entry.get("unit", "percent"),
                weight=weight,
                target=target,
                direction=entry.get("direction"),
                source=source,
                indicator_key=key if source == Source.COMPUTED else "",
                order=order,
            )
        )
    for number in CRITERIA:
        if not any(row.criterion == number for row in rows):
            errors.setdefault("indicators", []).append(_("Criterion %(number)s has no indicator.") % {"number": number})
    if Framework.objects.filter(publisher=publisher, valid_from=valid_from).exists():
        errors.setdefault("valid_from", []).append(
            _("%(unit)s already published a framework valid from %(day)s.")
            % {"unit": publisher.name, "day": valid_from.strftime("%d/%m/%Y")}
        )
    if errors:
        raise FieldsRefused(errors)
    framework = Framework(
        publisher=publisher, name=name, decision=decision, valid_from=valid_from, period_months=period_months
    )
    framework.full_clean()
    framework.save()
    for number, weight in weights.items():
        FrameworkCriterion.objects.create(framework=framework, number=number, weight=weight)
    for row in rows:
        row.framework = framework
        row.full_clean()
    FrameworkIndicator.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="model.framework.publish",
        obj=framework,
        data={"unit": publisher.pk, "valid_from": valid_from.isoformat(), "indicators": len(rows)},
    )
    return framework


def framework_publish_default(*, actor: Actor, publisher: Unit, valid_from: date, decision: str = "") -> Framework:
    """Publish the shipped framework. A computed indicator whose module is not installed is left out (its
    criterion keeps its declared indicators), so the default works on any selection of modules."""
    data = default_framework_read()
    data["indicators"] = [
        entry
        for entry in data["indicators"]
        if entry["source"] != Source.COMPUTED or entry.get("indicator_key") in INDICATORS
    ]
    return framework_publish(
        actor=actor,
        publisher=publisher,
        name=data["name"],
        decision=decision,
        valid_from=valid_from,
        period_months=data["period_months"],
        criteria={int(number): weight for number, weight in data["criteria"].items()},
        indicators=data["indicators"],
    )


def ancestor_ids(unit: Unit) -> list[int]:
    """The ids of the units above `unit`, nearest last (read from its path, without a query)."""
    return [int(part) for part in unit.path.strip("/").split("/") if part][:-1]


def framework_for(commune: Commune, day: date) -> Framework | None:
    """The framework in force for the commune on `day`: the latest version valid by then published by any unit
    above the commune; between two valid from the same day, the nearer unit's. A version stays in force until a
    later one replaces it, even once the unit that published it is gone (a former district's, until the
    province publishes its own)."""
    return (
        Framework.objects.filter(publisher_id__in=ancestor_ids(commune.unit), valid_from__lte=day)
        .select_related("publisher")
        .order_by("-valid_from", "-publisher__depth")
        .first()
    )


def reviewer_check(actor: Actor, framework: Framework, commune: Commune) -> None:
    """Only a supervisor granted at the unit that published the framework, or above it, reviews against it."""
    allowed = [*ancestor_ids(framework.publisher), framework.publisher_id]
    holds = (
        actor.staff is not None
        and actor.can("model.review", commune.pk)
        and RoleGrant.objects.filter(staff=actor.staff, role=Role.SUPERVISOR, unit_id__in=allowed).exists()
    )
    if not (holds or actor.is_system):
        raise PermissionDenied(
            _("Only a supervisor of %(unit)s, which published this commune's framework, reviews its self-assessment.")
            % {"unit": framework.publisher.name}
        )


def framework_indicators(framework: Framework) -> list[FrameworkIndicator]:
    return list(framework.indicators.all())


def framework_weights(framework: Framework) -> dict[int, Decimal]:
    return {row.number: row.weight for row in framework.criteria.all()}
