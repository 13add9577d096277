"""Which rules of the one-stop desk govern a dossier: the version in force on the day it was received (before its
receipt, the day it was submitted), kept on the dossier. The versions are rows an operator can correct in the
admin; those below are what the platform ships, written into an empty table (docs/legal.md says how sure each
value is)."""

import datetime
import zoneinfo

from django.core.cache import caches
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from vidan.onestop.models import DeskRules, Dossier
from vidan.onestop.paperwork import FORM_SET

# TT 01/2018/TT-VPCP Art. 9: forms 01–06. The circular under NĐ 118/2025 may renumber them: until its text is
# confirmed the numbers stay TT 01/2018's, and an operator corrects a version's in the admin.
FORMS = {
    "receipt": "01", "supplement": "02", "refusal": "03", "apology": "04", "control_sheet": "05", "tracking_book": "06",
}  # fmt: skip

SHIPPED = (
    {
        "code": "nd61-2018",
        "basis": "Nghị định 61/2018/NĐ-CP",
        "valid_from": datetime.date(2018, 6, 21),
        # A commune's one-stop desk is its Bộ phận tiếp nhận và trả kết quả (NĐ 61/2018 Art. 7).
        "desk_name": "Bộ phận tiếp nhận và trả kết quả",
        # Art. 19(4) as first written: the time limit counts again from zero once the dossier is completed.
        "return_restarts": True,
        "returns_per_agency": 0,
        "apology_lead_days": 1,
        "forms": FORMS,
    },
    {
        "code": "nd107-2021",
        "basis": "Nghị định 61/2018/NĐ-CP, sửa đổi bởi Nghị định 107/2021/NĐ-CP",
        "valid_from": datetime.date(2021, 12, 6),
        "desk_name": "Bộ phận tiếp nhận và trả kết quả",
        # As amended: the time already spent counts (a pause), and one written return per agency.
        "return_restarts": False,
        "returns_per_agency": 1,
        "apology_lead_days": 1,
        "forms": FORMS,
    },
    {
        "code": "nd118-2025",
        "basis": "Nghị định 118/2025/NĐ-CP, sửa đổi bởi Nghị định 367/2025/NĐ-CP",
        "valid_from": datetime.date(2025, 7, 1),
        "desk_name": "Trung tâm Phục vụ hành chính công",
        "return_restarts": False,
        "returns_per_agency": 1,
        "apology_lead_days": 1,
        "forms": FORMS,
    },
)
ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# Each process keeps the versions a minute: a correction in the admin shows within it, as the catalogue's do.
CACHE_KEY, VERSIONS_TTL = "vidan:onestop:desk-rules", 60


def desk_rules_seed(model=DeskRules) -> None:
    """Write the shipped versions into an empty table (a new database; a test database emptied by a flush).
    `model` is the historical model when a migration calls it."""
    if not model.objects.exists():
        model.objects.bulk_create([model(**version) for version in SHIPPED], ignore_conflicts=True)


def desk_rules_in_force(day: datetime.date) -> DeskRules:
    """The version in force on `day`: the latest valid from that day or before (the first for older days)."""
    versions = caches["local"].get(CACHE_KEY)
    if versions is None:
        versions = list(DeskRules.objects.order_by("valid_from"))
        if not versions:
            with transaction.atomic():
                desk_rules_seed()
            versions = list(DeskRules.objects.order_by("valid_from"))
        caches["local"].set(CACHE_KEY, versions, VERSIONS_TTL)
    chosen = versions[0]
    for version in versions:
        if version.valid_from <= day:
            chosen = version
    return chosen


def dossier_rules(dossier: Dossier) -> DeskRules:
    """The rules the dossier follows: those it keeps, else the version in force on its day."""
    if dossier.rules_id is not None:
        return dossier.rules
    moment = dossier.received_at or dossier.submitted_at or dossier.created_at or timezone.now()
    return desk_rules_in_force(timezone.localdate(moment, ZONE))


def dossiers_rules_assign(dossier_model=Dossier, rules_model=DeskRules) -> None:
    """Give every dossier without rules the version in force on the day it was received (or submitted, or
    created): one UPDATE a version. The models are the historical ones when a migration calls it."""
    versions = list(rules_model.objects.order_by("valid_from"))
    starts = [datetime.datetime.combine(version.valid_from, datetime.time(), ZONE) for version in versions]
    dossiers = dossier_model.objects.filter(rules__isnull=True).alias(
        moment=Coalesce("received_at", "submitted_at", "created_at")
    )
    for index, version in enumerate(versions):
        chosen = Q()
        if index:  # the first version also takes whatever came before it
            chosen &= Q(moment__gte=starts[index])
        if index + 1 < len(versions):
            chosen &= Q(moment__lt=starts[index + 1])
        dossiers.filter(chosen).update(rules=version)


def form_numbers(rules: DeskRules) -> dict[str, str]:
    """Each paper's number in the version's form set (vidan.onestop.paperwork.FORM_SET's where it says none)."""
    return {kind: str(rules.forms.get(kind) or spec.number) for kind, spec in FORM_SET.items() if spec.number}
