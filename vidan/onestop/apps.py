from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "vidan.onestop"
    label = "onestop"
    verbose_name = _("One-stop desk")

    def ready(self):
        from django.db.models.signals import post_delete

        from vidan.onestop import queues  # noqa: F401 - connects the queue counts' invalidation in every process
        from vidan.onestop.models import DossierFile
        from vidan.onestop.online import dossier_file_forget

        post_delete.connect(dossier_file_forget, sender=DossierFile, dispatch_uid="onestop.dossier_file_forget")
