"""The test settings with the one-stop desk uninstalled: the platform must work without any feature module."""

from vidan.config.settings_test import *  # noqa: F403
from vidan.config.settings_test import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "vidan.onestop"]
