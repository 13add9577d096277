from django.urls import path

from vidan.workdays import views

app_name = "workdays"

urlpatterns = [
    path("han-giai-quyet/", views.due_calculator, name="due"),
    path("staff/lich/", views.calendar_page, name="calendar"),
    path("staff/lich/<int:year>.ics", views.calendar_ics, name="calendar-ics"),
    path("staff/lich/xoa/<int:override_id>/", views.override_remove, name="override-remove"),
]
