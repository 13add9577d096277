"""Which step may follow which in a dossier's life, and who may take it. Data, checked in one place."""

from dataclasses import dataclass

from vidan.onestop.models import DossierStatus as S


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    permission: str


OPEN = frozenset(
    {S.SUBMITTED, S.SUPPLEMENT_REQUESTED, S.RECEIVED, S.ASSIGNED, S.PROCESSING, S.WAITING_CITIZEN, S.FOR_APPROVAL}
)
# Statuses in which the legal clock runs (a due date is set and not paused).
CLOCK_RUNNING = frozenset({S.RECEIVED, S.ASSIGNED, S.PROCESSING, S.FOR_APPROVAL, S.APPROVED, S.REJECTED})

TRANSITIONS: dict[str, Transition] = {
    # Intake of an online dossier (NĐ 61/2018 Art. 17): all missing items in one notice, a refusal, or receipt.
    "request_supplement": Transition(frozenset({S.SUBMITTED}), S.SUPPLEMENT_REQUESTED, "dossier.receive"),
    "refuse_intake": Transition(frozenset({S.SUBMITTED, S.SUPPLEMENT_REQUESTED}), S.REFUSED, "dossier.receive"),
    "receive": Transition(frozenset({S.SUBMITTED}), S.RECEIVED, "dossier.receive"),
    # Handed to the specialist the same working day (Art. 18).
    "assign": Transition(frozenset({S.RECEIVED, S.ASSIGNED}), S.ASSIGNED, "dossier.assign"),
    "start": Transition(frozenset({S.ASSIGNED}), S.PROCESSING, "dossier.process"),
    "consult": Transition(frozenset({S.PROCESSING}), S.PROCESSING, "dossier.process"),
    # Found incomplete on appraisal: back to the citizen, the clock restarts when completed (Art. 19(4)).
    "return_incomplete": Transition(frozenset({S.PROCESSING}), S.WAITING_CITIZEN, "dossier.process"),
    "resume_complete": Transition(frozenset({S.WAITING_CITIZEN}), S.PROCESSING, "dossier.receive"),
    "submit_for_approval": Transition(frozenset({S.PROCESSING}), S.FOR_APPROVAL, "dossier.process"),
    "approve": Transition(frozenset({S.FOR_APPROVAL}), S.APPROVED, "dossier.approve"),
    "reject": Transition(frozenset({S.FOR_APPROVAL}), S.REJECTED, "dossier.approve"),
    "send_back": Transition(frozenset({S.FOR_APPROVAL}), S.PROCESSING, "dossier.approve"),
    "mark_result_ready": Transition(frozenset({S.APPROVED, S.REJECTED}), S.RESULT_READY, "dossier.process"),
    "return_result": Transition(frozenset({S.RESULT_READY}), S.RETURNED, "dossier.receive"),
    "withdraw": Transition(OPEN, S.WITHDRAWN, "dossier.receive"),
}

# Steps the citizen takes, online, with the dossier's code and PIN.
CITIZEN_TRANSITIONS: dict[str, Transition] = {
    # The missing items of a supplement request sent in: back to the desk's check.
    "supplement": Transition(frozenset({S.SUPPLEMENT_REQUESTED}), S.SUBMITTED, "citizen"),
}


def actions_from(status: str) -> list[str]:
    """The actions the table allows from a status, in the order they are listed."""
    return [name for name, transition in TRANSITIONS.items() if status in transition.sources]
