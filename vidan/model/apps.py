from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelConfig(AppConfig):
    name = "vidan.model"
    label = "model"
    verbose_name = _("The model")
