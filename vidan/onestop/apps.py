from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "vidan.onestop"
    label = "onestop"
    verbose_name = _("One-stop desk")
