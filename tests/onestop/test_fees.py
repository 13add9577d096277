"""The fee rule of the catalogue, applied to pages and copies (vidan.onestop.fees): plain functions."""

from hypothesis import given
from hypothesis import strategies as st

from vidan.onestop.fees import FeeRule, fee_compute, fee_request_check

# TT 226/2016 Art. 4(1): 2,000đ a page, 1,000đ from the third, at most 200,000đ a copy; pages of the original.
CERTIFIED_COPY = FeeRule(kind="per_page", amount=2_000, reduced_from_page=3, reduced_amount=1_000, cap=200_000,
                         per_copy=True)  # fmt: skip


def test_certified_copies_are_priced_per_copy_of_the_original():
    # given a two-page original, when three copies are certified, then each copy pays for its two pages
    assert fee_compute(CERTIFIED_COPY, pages=2, copies=3) == 12_000
    assert fee_compute(CERTIFIED_COPY, pages=2, copies=1) == 4_000
    # the reduced rate and the cap apply to each copy, not to the pages of all copies together
    assert fee_compute(CERTIFIED_COPY, pages=3, copies=2) == 2 * 5_000
    assert fee_compute(CERTIFIED_COPY, pages=500, copies=2) == 2 * 200_000


def test_a_per_page_fee_without_a_reduced_tier_or_a_cap_is_pages_times_the_rate():
    plain = FeeRule(kind="per_page", amount=1_500, per_copy=True)
    assert fee_compute(plain, pages=7, copies=2) == 21_000
    uncapped = FeeRule(kind="per_page", amount=2_000, reduced_from_page=3, reduced_amount=1_000, per_copy=True)
    assert fee_compute(uncapped, pages=300) == 2 * 2_000 + 298 * 1_000
    capped_only = FeeRule(kind="per_page", amount=2_000, cap=5_000, per_copy=True)
    assert fee_compute(capped_only, pages=4) == 5_000


def test_a_fixed_fee_counts_copies_only_when_the_rule_says_so_and_online_pays_the_online_amount():
    extract_copy = FeeRule(kind="fixed", amount=8_000, per_copy=True)  # TT 281/2016: a copy of an extract
    signature = FeeRule(kind="fixed", amount=10_000)  # TT 226/2016: one case, whatever the copies
    residence = FeeRule(kind="fixed", amount=20_000, online_amount=10_000)
    assert fee_compute(extract_copy, copies=3) == 24_000
    assert fee_compute(signature, copies=3) == 10_000
    assert (fee_compute(residence), fee_compute(residence, online=True)) == (20_000, 10_000)
    assert fee_compute(FeeRule(kind="province_rate")) is None
    assert fee_compute(FeeRule(kind="free"), copies=5) == 0


def test_what_is_wrong_with_a_request_is_named_by_field():
    assert fee_request_check(CERTIFIED_COPY, pages=None, copies=1) == {"pages": "required"}
    assert fee_request_check(CERTIFIED_COPY, pages="hai", copies="0") == {
        "pages": "not_a_number",
        "copies": "too_small",
    }
    assert fee_request_check(CERTIFIED_COPY, pages="100000", copies=1) == {"pages": "too_large"}
    assert fee_request_check(FeeRule(kind="fixed", amount=10_000), pages=None, copies=None) == {}


@given(pages=st.integers(1, 2_000), copies=st.integers(1, 50))
def test_the_fee_of_several_copies_is_that_of_one_times_their_number_and_never_over_the_cap(pages, copies):
    one = fee_compute(CERTIFIED_COPY, pages=pages)
    assert fee_compute(CERTIFIED_COPY, pages=pages, copies=copies) == one * copies
    assert 2_000 <= one <= 200_000
