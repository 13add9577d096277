"""Dossier codes (NĐ 61/2018 Art. 26; TT 01/2018 Art. 19), online tracking references and the citizen's PIN."""

import re
from datetime import date

import pytest
from django.contrib.auth.hashers import make_password
from django.db import transaction

from vidan.core.errors import DomainError
from vidan.onestop import codes
from vidan.onestop.codes import (
    REFERENCE,
    REFERENCE_ALPHABET,
    dossier_code,
    dossier_number_take,
    pin_hash_of,
    pin_matches,
    pin_new,
    reference_new,
)
from vidan.onestop.models import DossierSequence

AGENCY = "000.00.12.H56"
DAY = date(2026, 3, 10)


def test_a_dossier_code_is_the_agency_the_day_and_four_digits():
    assert dossier_code(AGENCY, DAY, 7) == "000.00.12.H56-260310-0007"
    assert dossier_code(AGENCY, date(2027, 1, 2), 9999) == "000.00.12.H56-270102-9999"


def test_a_number_is_taken_only_inside_the_receiving_transaction():
    # Outside a transaction a number could be given twice or lost: refused before any query
    with pytest.raises(RuntimeError, match=r"^dossier numbers are taken inside the transaction that uses them$"):
        dossier_number_take(agency_code=AGENCY, day=DAY)


@pytest.mark.django_db
def test_a_number_costs_two_queries_once_the_days_sequence_exists(django_assert_num_queries):
    # Every receipt takes one: the day's row is read under its lock and written, nothing more
    with transaction.atomic():
        dossier_number_take(agency_code=AGENCY, day=DAY)
        with django_assert_num_queries(2):
            assert dossier_number_take(agency_code=AGENCY, day=DAY) == 2


@pytest.mark.django_db
def test_numbers_start_at_one_for_each_agency_and_day():
    # Given nothing received yet, when three dossiers are received at one agency and one at another
    with transaction.atomic():
        first = [dossier_number_take(agency_code=AGENCY, day=DAY) for _ in range(3)]
        other_agency = dossier_number_take(agency_code="000.00.12.H57", day=DAY)
        next_day = dossier_number_take(agency_code=AGENCY, day=date(2026, 3, 11))

    # Then each agency counts from 1 each day, and the sequence keeps the last number given
    assert first == [1, 2, 3]
    assert (other_agency, next_day) == (1, 1)
    assert DossierSequence.objects.get(agency_code=AGENCY, day=DAY).last == 3


@pytest.mark.django_db
def test_the_ten_thousandth_dossier_of_a_day_is_refused_with_a_message():
    DossierSequence.objects.create(agency_code=AGENCY, day=DAY, last=9998)
    with transaction.atomic():
        assert dossier_number_take(agency_code=AGENCY, day=DAY) == 9999
    with transaction.atomic(), pytest.raises(DomainError) as refused:
        dossier_number_take(agency_code=AGENCY, day=DAY)
    assert str(refused.value) == "Đã hết số thứ tự hồ sơ trong ngày của cơ quan này."
    assert DossierSequence.objects.get(agency_code=AGENCY, day=DAY).last == 9999


def test_a_tracking_reference_is_the_day_and_six_unambiguous_characters():
    references = {reference_new(DAY) for _ in range(50)}
    for reference in references:
        assert REFERENCE.match(reference), reference
        assert reference.startswith("TT260310-") and len(reference) == 15
        assert set(reference[9:]) <= set(REFERENCE_ALPHABET)
    assert len(references) > 45  # random, not a counter
    assert not set("0O1IL5S2Z8B") & set(REFERENCE_ALPHABET)


def test_a_pin_is_six_digits_from_000000_to_999999(monkeypatch):
    pin, stored = pin_new()
    assert re.fullmatch(r"\d{6}", pin) and pin_matches(pin, stored)
    for drawn, expected in ((0, "000000"), (999_999, "999999")):
        # the draw's bounds: secrets.randbelow(n) gives 0 … n - 1
        monkeypatch.setattr(codes.secrets, "randbelow", lambda n, drawn=drawn: min(drawn, n - 1))
        assert pin_new()[0] == expected
    monkeypatch.setattr(codes.secrets, "randbelow", lambda n: n - 1)
    assert pin_new()[0] == "999999"


def test_a_pin_is_kept_salted_and_keyed():
    stored = pin_hash_of("123456")
    prefix, salt, digest = stored.split("$")
    assert prefix == "hmac-sha256" and re.fullmatch(r"[0-9a-f]{16}", salt) and re.fullmatch(r"[0-9a-f]{64}", digest)
    assert pin_hash_of("123456") != stored  # another salt
    assert pin_matches("123456", stored)
    assert not pin_matches("123457", stored)


def test_a_pin_that_is_not_digits_or_a_missing_hash_never_matches():
    assert not pin_matches("123456", "")
    assert not pin_matches("", pin_hash_of(""))
    assert not pin_matches("12345a", pin_hash_of("12345a"))  # even against its own hash: a PIN is digits
    # a hash of another kind is read by the password hashers, never as ours
    assert not pin_matches("123456", "hmac-sha256x" + pin_hash_of("123456")[len("hmac-sha256") :])


def test_a_pin_stored_with_the_password_hasher_still_matches():
    stored = make_password("123456")
    assert pin_matches("123456", stored) and not pin_matches("123457", stored)


def test_a_pin_survives_a_new_secret_key(settings):
    stored = pin_hash_of("123456")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-the-deployment-" + "x" * 20
    assert pin_matches("123456", stored) and not pin_matches("654321", stored)
    assert not pin_matches("123456", stored.replace(stored.split("$")[1], "0" * 16))  # the salt counts
    settings.SECRET_KEY_FALLBACKS = []
    assert not pin_matches("123456", stored)  # without the old key, the PIN is lost


def test_a_pin_stored_by_an_earlier_release_still_matches(settings):
    # The stored form is a contract with every citizen holding a PIN: HMAC-SHA256 keyed with the deployment's
    # secret under the salt "vidan.onestop.pin", over "<salt>:<pin>"
    settings.SECRET_KEY = "a-fixed-secret-key-of-an-earlier-deployment"
    settings.SECRET_KEY_FALLBACKS = []
    stored = "hmac-sha256$0123456789abcdef$cdb137bb283624018b00e51e027b662ddb542e4eefff4bf74e11c34b36778fbd"
    assert pin_matches("123456", stored) and not pin_matches("123457", stored)
