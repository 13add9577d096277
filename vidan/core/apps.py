from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "vidan.core"
    label = "core"
