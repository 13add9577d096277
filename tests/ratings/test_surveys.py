"""The SIPAS-style survey: opened for a period, answered through its public link and on paper, tallied per
element; a closed survey and an address answering too often are refused and change nothing."""

import re
from datetime import date

import pytest
from django.test import Client

from tests.conftest import logged_in_client
from tests.factories import actor_of, make_staff
from vidan.audit.models import AuditEntry
from vidan.core.errors import Conflict, FieldsRefused, PermissionDenied
from vidan.org.models import Role
from vidan.ratings.models import SurveyResponse
from vidan.ratings.services import Throttled
from vidan.ratings.surveys import survey_answer, survey_close, survey_open, survey_paper_enter, survey_tally


@pytest.fixture
def leader(commune):
    return make_staff(commune, Role.LEADER)


@pytest.fixture
def survey(leader, commune):
    return survey_open(
        actor=actor_of(leader), commune=commune, title="Khảo sát quý I/2026", date_from=date(2026, 1, 1),
        date_to=date(2026, 3, 31),
    )  # fmt: skip


def test_the_tally_agrees_with_counts_by_hand(survey, desk_officer):
    # Given four answers online and one on paper
    answers = [
        {"access": "5", "procedure": "4", "officials": "5", "result": "3", "feedback": ""},
        {"access": "4", "procedure": "2", "officials": "5", "result": "4"},
        {"access": "2", "procedure": "3", "officials": "4"},
        {"access": "5", "officials": "1", "result": "5", "feedback": "4"},
    ]
    for n, scores in enumerate(answers):
        survey_answer(survey=survey, scores=scores, ip=f"10.0.0.{n}")
    survey_paper_enter(actor=actor_of(desk_officer), survey=survey, scores={"access": "1", "feedback": "2"})
    tally = survey_tally(survey)
    by_element = {element.element: element for element in tally.elements}
    # By hand: access 5,4,2,5,1 → 3 of 5 satisfied = 60 %; procedure 4,2,3 → 1 of 3 = 33.3 %;
    # officials 5,5,4,1 → 3 of 4 = 75 %; result 3,4,5 → 2 of 3 = 66.7 %; feedback 4,2 → 1 of 2 = 50 %
    assert (tally.responses, tally.on_paper) == (5, 1)
    assert [(e.answers, e.satisfied, e.index) for e in by_element.values()] == [
        (5, 3, 60.0),
        (3, 1, 33.3),
        (4, 3, 75.0),
        (3, 2, 66.7),
        (2, 1, 50.0),
    ]
    assert by_element["access"].by_score == {1: 1, 2: 1, 3: 0, 4: 1, 5: 2}
    # The survey's index: the mean of the five, (60 + 33.3 + 75 + 66.7 + 50) / 5
    assert tally.index == 57.0


def test_nothing_of_who_answered_is_kept(survey):
    response = survey_answer(survey=survey, scores={"access": "5"}, comment="Tốt", ip="203.0.113.7")
    assert "203.0.113.7" not in str(SurveyResponse.objects.filter(pk=response.pk).values().get())
    entry = AuditEntry.objects.get(action="ratings.survey.answer")
    assert entry.ip in (None, "") and entry.actor_id is None


def test_bad_answers_are_refused_together_and_change_nothing(survey):
    with pytest.raises(FieldsRefused) as refused:
        survey_answer(survey=survey, scores={"access": "7", "result": "x"}, comment="y" * 501)
    assert set(refused.value.fields) == {"access", "result", "comment"}
    with pytest.raises(FieldsRefused) as empty:
        survey_answer(survey=survey, scores={})
    assert "ít nhất một câu" in str(empty.value.message)
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_takes_no_answer(survey, leader, desk_officer):
    survey_close(actor=actor_of(leader), survey=survey)
    for attempt in (
        lambda: survey_answer(survey=survey, scores={"access": "5"}),
        lambda: survey_paper_enter(actor=actor_of(desk_officer), survey=survey, scores={"access": "5"}),
        lambda: survey_close(actor=actor_of(leader), survey=survey),
    ):
        with pytest.raises(Conflict):
            attempt()
    assert not SurveyResponse.objects.exists()
    response = Client().post(f"/khao-sat/{survey.code}/", {"access": "5"})
    assert response.status_code == 409 and "đã kết thúc" in response.content.decode()


def test_an_address_answering_too_often_is_refused(survey):
    for _ in range(5):
        survey_answer(survey=survey, scores={"access": "5"}, ip="10.1.1.1")
    with pytest.raises(Throttled):
        survey_answer(survey=survey, scores={"access": "1"}, ip="10.1.1.1")
    assert SurveyResponse.objects.count() == 5


def test_only_a_leader_opens_and_closes_and_a_desk_officer_enters_paper(commune, desk_officer, survey):
    with pytest.raises(PermissionDenied):
        survey_open(
            actor=actor_of(desk_officer), commune=commune, title="x", date_from=date(2026, 1, 1),
            date_to=date(2026, 1, 2),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        survey_close(actor=actor_of(desk_officer), survey=survey)
    specialist = make_staff(commune, Role.SPECIALIST)
    with pytest.raises(PermissionDenied):
        survey_paper_enter(actor=actor_of(specialist), survey=survey, scores={"access": "5"})


def test_the_pages_open_answer_enter_and_tally(commune, leader, desk_officer):
    client = logged_in_client(leader)
    opened = client.post(
        "/staff/khao-sat/", {"title": "Khảo sát quý IV", "date_from": "01/10/2026", "date_to": "31/12/2026"}
    )
    assert opened.status_code == 302
    page = client.get(opened["Location"]).content.decode()
    public = re.search(r'id="survey-link">https?://[^/]+(/khao-sat/[^/]+/)<', page).group(1)
    # A citizen answers online, with a mistake first: told, what was chosen kept
    wrong = Client().post(public, {"access": "9", "officials": "4"})
    assert wrong.status_code == 400 and "Chọn điểm từ 1 đến 5." in wrong.content.decode()
    assert 'value="4" checked' in wrong.content.decode()
    assert Client().post(public, {"access": "5", "officials": "4"}).status_code == 302
    # A desk officer types in a paper form
    officer = logged_in_client(desk_officer)
    assert officer.post(opened["Location"], {"access": "2"}).status_code == 302
    tally = officer.get(opened["Location"]).content.decode()
    assert re.search(r'id="survey-responses">2<', tally) and re.search(r'id="survey-paper">1<', tally)
    assert re.search(r'id="element-access">.*?<td class="index">50', tally, re.S)
    # A bad period is refused with the form kept
    bad = client.post("/staff/khao-sat/", {"title": "", "date_from": "31/12/2026", "date_to": "01/10/2026"})
    assert bad.status_code == 400 and "Đặt tiêu đề cho đợt khảo sát." in bad.content.decode()
