from django.urls import path

from vidan.onestop import staff_views, statistics_views, views

app_name = "onestop"

urlpatterns = [
    path("staff/ho-so/thong-ke/", statistics_views.statistics, name="statistics"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("thu-tuc/", views.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("staff/thu-tuc/", views.catalogue_admin, name="catalogue-admin"),
    path("staff/thu-tuc/tai-ve.<str:file_format>", views.catalogue_download, name="catalogue-download"),
    path("staff/ho-so/", staff_views.queue, name="desk-queue"),
    path("staff/ho-so/tiep-nhan/", staff_views.receive, name="desk-receive"),
    path("staff/ho-so/<int:dossier_id>/", staff_views.dossier_page, name="desk-dossier"),
    path("staff/ho-so/<int:dossier_id>/buoc/", staff_views.dossier_step, name="desk-dossier-step"),
    path("staff/ho-so/<int:dossier_id>/xin-loi/", staff_views.dossier_apology, name="desk-dossier-apology"),
]
