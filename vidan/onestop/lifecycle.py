"""Which step may follow which in a dossier's life, who may take it, and everything the step requires. Data,
checked in one place: the services (vidan.onestop.services) enforce every condition written here; the pages
and the API read it to offer the steps, and show the services' refusals next to the fields they name."""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vidan.onestop.models import DossierStatus as S
from vidan.org.models import Role


class ClockMove(StrEnum):
    """What a step does to the legal clock (vidan.workdays.deadlines)."""

    START = "start"  # the dossier is received: numbered, and its time limit starts
    PAUSE = "pause"  # it waits for the citizen
    RESUME = "resume"  # it goes again, from zero or where it stopped: the desk's rules of the dossier say which
    APOLOGY = "apology"  # the appointment moves, once, to a later working day


@dataclass(frozen=True)
class Limit:
    """How many times a step may be taken in a dossier's life: a number of the desk's rules in force for the
    dossier (vidan.onestop.versions; 0: no limit), and the refusal once it is reached (with %(n)s)."""

    rule: str
    refusal: Promise


REASONS_MISSING = _("Give the reasons: the citizen receives them in writing.")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the status stays what it is
    permission: str
    note_required: bool = False
    note_missing: Promise = REASONS_MISSING  # the refusal when a required note is missing
    # Not empty: the step names a new assignee, an active staff member of the dossier's commune who holds one
    # of these roles.
    assignee_roles: frozenset[str] = frozenset()
    once: Promise | None = None  # set: the step is taken at most once in a dossier's life; the refusal after
    limit: Limit | None = None  # set: the step is taken at most as often as the dossier's rules allow
    verification: bool = False  # the step may add the procedure's extra working days for verification
    clock: ClockMove | None = None
    stamp: str = ""  # the dossier's time field the step sets to its moment
    notice: str = ""  # the message the citizen receives (vidan.onestop.notices)

    @property
    def assignee_required(self) -> bool:
        return bool(self.assignee_roles)


OPEN = frozenset(
    {S.SUBMITTED, S.SUPPLEMENT_REQUESTED, S.RECEIVED, S.ASSIGNED, S.PROCESSING, S.WAITING_CITIZEN, S.FOR_APPROVAL}
)
# Statuses in which the legal clock runs (a due date is set and not paused).
CLOCK_RUNNING = frozenset({S.RECEIVED, S.ASSIGNED, S.PROCESSING, S.FOR_APPROVAL, S.APPROVED, S.REJECTED})

TRANSITIONS: dict[str, Transition] = {
    # Intake of an online dossier (NĐ 61/2018 Art. 17): all missing items in one notice, a refusal, or receipt.
    "request_supplement": Transition(
        frozenset({S.SUBMITTED}),
        S.SUPPLEMENT_REQUESTED,
        "dossier.receive",
        note_required=True,
        once=_("A supplement was already requested once, listing everything missing: receive or refuse."),
        notice="supplement",
    ),
    "refuse_intake": Transition(
        frozenset({S.SUBMITTED, S.SUPPLEMENT_REQUESTED}),
        S.REFUSED,
        "dossier.receive",
        note_required=True,
        notice="refused",
    ),
    # From a supplement request too: the citizen may bring what was missing to the desk in person.
    "receive": Transition(
        frozenset({S.SUBMITTED, S.SUPPLEMENT_REQUESTED}),
        S.RECEIVED,
        "dossier.receive",
        verification=True,
        clock=ClockMove.START,
        notice="received",
    ),
    # Handed to the specialist the same working day (Art. 18).
    "assign": Transition(
        frozenset({S.RECEIVED, S.ASSIGNED}), S.ASSIGNED, "dossier.assign", assignee_roles=frozenset({Role.SPECIALIST})
    ),
    "start": Transition(frozenset({S.ASSIGNED}), S.PROCESSING, "dossier.process"),
    "consult": Transition(
        frozenset({S.PROCESSING}),
        S.PROCESSING,
        "dossier.process",
        note_required=True,
        note_missing=_("Write down who was consulted and what they answered."),
    ),
    # Found incomplete on appraisal: back to the citizen in writing, with every reason (Art. 19(4)). Whether the
    # time already spent counts when the citizen completes it, and how many such returns an agency may make,
    # are the rules of the version the dossier was received under (NĐ 107/2021: it counts; once).
    "return_incomplete": Transition(
        frozenset({S.PROCESSING}),
        S.WAITING_CITIZEN,
        "dossier.process",
        note_required=True,
        clock=ClockMove.PAUSE,
        limit=Limit(
            "returns_per_agency",
            _(
                "The dossier has already been returned to the citizen %(n)s time(s) during processing, as many as "
                "the rules allow: decide on it as it stands (approve or refuse, with reasons)."
            ),
        ),
    ),
    "resume_complete": Transition(
        frozenset({S.WAITING_CITIZEN}), S.PROCESSING, "dossier.receive", clock=ClockMove.RESUME
    ),
    "submit_for_approval": Transition(frozenset({S.PROCESSING}), S.FOR_APPROVAL, "dossier.process"),
    "approve": Transition(frozenset({S.FOR_APPROVAL}), S.APPROVED, "dossier.approve"),
    "reject": Transition(frozenset({S.FOR_APPROVAL}), S.REJECTED, "dossier.approve", note_required=True),
    "send_back": Transition(frozenset({S.FOR_APPROVAL}), S.PROCESSING, "dossier.approve"),
    "mark_result_ready": Transition(
        frozenset({S.APPROVED, S.REJECTED}),
        S.RESULT_READY,
        "dossier.process",
        stamp="finished_at",
        notice="result_ready",
    ),
    "return_result": Transition(frozenset({S.RESULT_READY}), S.RETURNED, "dossier.receive", stamp="returned_at"),
    "withdraw": Transition(OPEN, S.WITHDRAWN, "dossier.receive", note_required=True),
}

# A complete dossier handed in at the desk: it comes into being received.
RECEIPT_AT_DESK = Transition(
    frozenset(), S.RECEIVED, "dossier.receive", verification=True, clock=ClockMove.START, notice="received"
)

# Form 04: a written apology with a new appointment, while the time limit runs (NĐ 61/2018 Art. 19(9)). The
# new appointment's own rules (later, on a working day, once) are the clock's.
APOLOGY = Transition(
    CLOCK_RUNNING,
    None,
    "dossier.apologise",
    note_required=True,
    note_missing=_("Give the reason for the delay."),
    clock=ClockMove.APOLOGY,
    notice="apology",
)

# Steps the citizen takes, online, with the dossier's code and PIN.
CITIZEN_TRANSITIONS: dict[str, Transition] = {
    # The missing items of a supplement request sent in: back to the desk's check.
    "supplement": Transition(frozenset({S.SUPPLEMENT_REQUESTED}), S.SUBMITTED, "citizen"),
}

ASSIGNEE_MISSING = _("Choose the specialist who will process the dossier.")
ASSIGNEE_REFUSED = _("Choose an active specialist of this commune.")


def actions_from(status: str) -> list[str]:
    """The actions the table allows from a status, in the order they are listed."""
    return [name for name, transition in TRANSITIONS.items() if status in transition.sources]


APOLOGY_ONCE = _("The appointment has already been moved once; the law allows it only once.")
APOLOGY_TOO_LATE = _(
    "The due date has passed: the apology with a new appointment must be given before it (NĐ 61/2018 Art. 19(9)). "
    "The dossier counts as late; return the result as soon as it is ready."
)
APOLOGY_NOT_RUNNING = _("Only a dossier whose time limit is running can be given a new appointment.")


def apology_refusal(dossier, now) -> Promise:
    """Why the dossier, as it was read at `now`, cannot be given an apology (when apology_offered() says so)."""
    if dossier.apologised:
        return APOLOGY_ONCE
    if dossier.status in APOLOGY.sources and dossier.due_at is not None and now > dossier.due_at:
        return APOLOGY_TOO_LATE
    return APOLOGY_NOT_RUNNING


def apology_offered(actor, dossier, now) -> bool:
    """Whether to offer the apology on the dossier as it was read at `now`: its time limit runs, it was not moved
    yet and its due date has not passed. The service decides again under its lock."""
    return (
        dossier.status in APOLOGY.sources
        and dossier.due_at is not None
        and now <= dossier.due_at
        and not dossier.apologised
        and actor.can(APOLOGY.permission, dossier.commune_id)
    )
