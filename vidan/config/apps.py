from django.contrib.admin.apps import AdminConfig


class VidanAdminConfig(AdminConfig):
    default_site = "vidan.config.admin.VidanAdminSite"
