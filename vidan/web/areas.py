"""The five criteria of the model, as the public site presents them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    anchor: str
    number: int
    title: str
    summary: str  # the modules serving a criterion add their links under it (vidan/core/menus.py)


AREAS = (
    Area(
        "tuyen-truyen",
        1,
        _("Information and mass mobilisation"),
        _("News and announcements from the commune; read, ask and comment."),
    ),
    Area(
        "thu-tuc",
        2,
        _("Administrative procedures"),
        _("Submit a dossier online or at the one-stop desk, follow it with its code, get the result on time."),
    ),
    Area(
        "dan-chu",
        3,
        _("Grassroots democracy"),
        _("Public disclosures, drafts open for comment, household votes and the people's inspection board."),
    ),
    Area(
        "khieu-nai",
        4,
        _("Complaints, denunciations and citizen reception"),
        _("File a complaint, a denunciation kept secret or feedback; book a meeting on a reception day."),
    ),
    Area(
        "van-hoa-cong-so",
        5,
        _("Office culture and conduct"),
        _("The officials who serve you, with their badges; the code of conduct; rate every service."),
    ),
)
