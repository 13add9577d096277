"""The addresses: the admin, the JSON API, the language switch, then each installed app's own `urls.py` in the
order of INSTALLED_APPS (an app that is not installed has no address)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.module_loading import module_has_submodule

from vidan.api.root import api
from vidan.core.registry import platform_apps
from vidan.web.views.language import language_set

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/setlang/", language_set, name="set_language"),
    *(
        path("", include(f"{config.name}.urls"))
        for config in platform_apps()
        if module_has_submodule(config.module, "urls")
    ),
]

if settings.BENCH_FLOOR:
    urlpatterns.insert(0, path("_bench/", include("bench.floor.urls")))

handler403 = "vidan.web.views.errors.forbidden"
handler404 = "vidan.web.views.errors.not_found"
handler500 = "vidan.web.views.errors.server_error"
