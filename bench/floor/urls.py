from django.urls import path

from bench.floor import views

app_name = "benchfloor"

urlpatterns = [path("floor/", views.floor_row, name="row")]
