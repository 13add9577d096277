from django.urls import path

from bench.floor import views

app_name = "benchfloor"

urlpatterns = [
    path("floor/", views.floor_row, name="row"),
    path("floor/50/", views.floor_rows, name="rows"),
    path("floor/submit/", views.floor_submit, name="submit"),
    path("floor/rollout/", views.floor_rollout, name="rollout"),
]
