from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "vidan.web"
    label = "web"
