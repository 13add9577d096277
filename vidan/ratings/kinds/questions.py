"""The questions of TT 01/2018/TT-VPCP Art. 13 that a citizen can answer about a service (docs/legal.md): the
number of agencies contacted (indicator 4), the publication of the procedure (6) and the officials' attitude
(7), each scored 2, 1 or 0 as the article scores its indicators. What the data knows (the time taken, the
returns to complete the dossier: indicators 1 and 3) is computed, never asked."""

from django.utils.translation import gettext_lazy as _

from vidan.ratings.kinds import Choice, Question

AGENCIES = Question(
    "agencies",
    _("How many offices did you have to contact to get your dossier complete?"),
    indicator=4,
    choices=(
        Choice("one", _("Only this one"), 2),
        Choice("two", _("Two"), 1),
        Choice("more", _("More than two"), 0),
    ),
)
PUBLICATION = Question(
    "publication",
    _("Were the procedure's papers, fees and time limit published in full?"),
    indicator=6,
    choices=(
        Choice("full", _("Yes, in full"), 2),
        Choice("partly", _("Only in part"), 1),
        Choice("none", _("No"), 0),
    ),
)
ATTITUDE = Question(
    "attitude",
    _("How did the officials treat you?"),
    indicator=7,
    choices=(
        Choice("courteous", _("Courteous and respectful"), 2),
        Choice("uneven", _("Not always courteous"), 1),
        Choice("troublesome", _("They made trouble or asked for more than the rules"), 0),
    ),
)
