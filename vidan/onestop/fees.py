"""What a procedure costs: the catalogue's fee rule applied to a request, with no database inside.

A rule is data (docs/legal.md §4): free, a fixed amount, a rate per page of the original with an optional
reduced rate from some page and an optional cap, or the rate the province sets (None: the desk enters it).
Counted per copy when the rule says so: the fee for certified copies is per page of the original and capped
per copy (TT 226/2016 Art. 4: "… tối đa không quá 200.000 đồng/bản"), so three copies of a two-page original
cost three times one copy. An online dossier pays the online amount where the catalogue has one (TT 75/2022).
"""

from dataclasses import dataclass

FREE, FIXED, PER_PAGE, PROVINCE_RATE = "free", "fixed", "per_page", "province_rate"

# Bounds of a request, so that a made-up number cannot overflow a column or keep a page busy.
MAX_PAGES = 10_000
MAX_COPIES = 1_000


@dataclass(frozen=True)
class FeeRule:
    kind: str
    amount: int = 0
    reduced_from_page: int | None = None
    reduced_amount: int = 0
    cap: int | None = None
    per_copy: bool = False
    online_amount: int | None = None

    @property
    def needs_pages(self) -> bool:
        return self.kind == PER_PAGE

    @property
    def counts_copies(self) -> bool:
        return self.per_copy and self.kind in (FIXED, PER_PAGE)


def fee_of_one(rule: FeeRule, *, pages: int, online: bool = False) -> int | None:
    """The fee of one copy (or one case) in đồng; None when the province sets it."""
    if rule.kind == FREE:
        return 0
    if rule.kind == PROVINCE_RATE:
        return None
    if rule.kind == FIXED:
        return rule.online_amount if online and rule.online_amount is not None else rule.amount
    if rule.reduced_from_page is None:
        full, reduced = pages, 0
    else:
        full = min(pages, rule.reduced_from_page - 1)
        reduced = pages - full
    total = full * rule.amount + reduced * (rule.reduced_amount or 0)
    return total if rule.cap is None else min(total, rule.cap)


def fee_compute(rule: FeeRule, *, pages: int | None = None, copies: int = 1, online: bool = False) -> int | None:
    """The fee in đồng of a request: `pages` of the original (for a per-page rule), `copies` of it (for a rule
    counted per copy). None when the province sets the rate. Preconditions: pages ≥ 1 when the rule needs them,
    copies ≥ 1 (fee_request_check says so in the user's words)."""
    one = fee_of_one(rule, pages=pages or 1, online=online)
    if one is None:
        return None
    return one * (copies if rule.counts_copies else 1)


def fee_request_check(rule: FeeRule, *, pages, copies) -> dict[str, str]:
    """What is wrong with the pages and copies of a request, by field, as codes: "required", "not_a_number",
    "too_small", "too_large". Empty when the request can be priced."""
    problems = {}
    for name, value, needed, upper in (
        ("pages", pages, rule.needs_pages, MAX_PAGES),
        ("copies", copies, False, MAX_COPIES),
    ):
        if value is None or value == "":
            if needed:
                problems[name] = "required"
            continue
        try:
            number = int(str(value).strip())
        except ValueError:
            problems[name] = "not_a_number"
            continue
        if number < 1:
            problems[name] = "too_small"
        elif number > upper:
            problems[name] = "too_large"
    return problems
