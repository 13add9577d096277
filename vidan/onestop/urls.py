from django.urls import path

from vidan.onestop import views

app_name = "onestop"

urlpatterns = [
    path("tra-cuu/", views.lookup, name="lookup"),
    path("thu-tuc/", views.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("staff/thu-tuc/", views.catalogue_admin, name="catalogue-admin"),
    path("staff/thu-tuc/tai-ve.<str:file_format>", views.catalogue_download, name="catalogue-download"),
]
