from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from vidan.api.root import api
from vidan.web.views.language import language_set

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/setlang/", language_set, name="set_language"),
    path("", include("vidan.workdays.urls")),
    path("", include("vidan.onestop.urls")),
    path("", include("vidan.web.urls")),
]

if settings.BENCH_FLOOR:
    urlpatterns.insert(0, path("_bench/", include("bench.floor.urls")))

handler403 = "vidan.web.views.errors.forbidden"
handler404 = "vidan.web.views.errors.not_found"
handler500 = "vidan.web.views.errors.server_error"
