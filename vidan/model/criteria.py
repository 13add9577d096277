"""The five criteria of the model "Chính quyền thân thiện, vì nhân dân phục vụ", by number."""

from django.utils.translation import gettext_lazy as _

CRITERIA = {
    1: _("Propaganda and mass mobilisation"),
    2: _("Administrative reform"),
    3: _("Grassroots democracy"),
    4: _("Complaints, denunciations and citizen reception"),
    5: _("Office culture"),
}
CRITERION_CHOICES = [(number, label) for number, label in CRITERIA.items()]
