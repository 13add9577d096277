from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "vidan.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from vidan.org import auth  # noqa: F401  (its receivers outdate cached staff entries)
