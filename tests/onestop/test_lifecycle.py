"""The transition table is the one place for each rule of a step; the pages and the API only read it."""

from vidan.onestop.lifecycle import APOLOGY, CLOCK_RUNNING, RECEIPT_AT_DESK, TRANSITIONS, actions_from
from vidan.onestop.models import DossierStatus
from vidan.onestop.staff_forms import ITEMISED, STEPS, StepForm
from vidan.org.rules import roles_for


def test_every_step_of_the_table_is_shown_and_only_those():
    assert list(STEPS) == list(TRANSITIONS)
    assert {status for t in TRANSITIONS.values() for status in t.sources} <= set(DossierStatus.values)
    assert all(t.target in DossierStatus.values for t in (*TRANSITIONS.values(), RECEIPT_AT_DESK))


def test_the_step_form_asks_for_what_the_table_requires():
    for action, transition in TRANSITIONS.items():
        form = StepForm(action=action, specialists=[], verification_days=5)
        # A step that needs a note has a note field marked required, or (a step that asks the citizen for items)
        # its table of items, each with its reason; a step that names an assignee, the list
        itemised = action in ITEMISED
        assert ("note" in form.fields and form.fields["note"].required) == (transition.note_required and not itemised)
        assert ("extra0_reason" in form.fields) == itemised, action
        assert ("assignee" in form.fields) == transition.assignee_required, action
        assert ("needs_verification" in form.fields) == transition.verification, action


def test_each_permission_of_the_table_is_one_some_role_holds():
    for transition in (*TRANSITIONS.values(), RECEIPT_AT_DESK, APOLOGY):
        assert roles_for(transition.permission), transition


def test_a_finished_dossier_has_no_step_left_and_no_running_clock():
    for status in (DossierStatus.RETURNED, DossierStatus.WITHDRAWN, DossierStatus.REFUSED):
        assert actions_from(status) == [] and status not in CLOCK_RUNNING
