from django.urls import path

from vidan.ratings.views import kiosk, public, staff, surveys

app_name = "ratings"

urlpatterns = [
    path("danh-gia/cam-on/", public.thanks, name="thanks"),
    path("danh-gia/<str:token>/", public.rate, name="rate"),
    path("quay-danh-gia/", kiosk.kiosk, name="kiosk"),
    path("quay-danh-gia/cam-on/", kiosk.kiosk_thanks, name="kiosk-thanks"),
    path("staff/danh-gia/", staff.commune_page, name="commune"),
    path("staff/danh-gia/cua-toi/", staff.mine, name="mine"),
    path("staff/danh-gia/quay/", staff.kiosks, name="kiosks"),
    path("staff/danh-gia/quay/<int:device_id>/tat/", staff.kiosk_switch_off, name="kiosk-switch-off"),
    path("khao-sat/<str:code>/", surveys.survey_public, name="survey-public"),
    path("staff/khao-sat/", surveys.surveys, name="surveys"),
    path("staff/khao-sat/<int:survey_id>/", surveys.survey_page, name="survey"),
    path("staff/khao-sat/<int:survey_id>/dong/", surveys.survey_close_view, name="survey-close"),
]
