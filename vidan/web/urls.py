from django.urls import path

from vidan.web.views import auth, public, staff

app_name = "web"

urlpatterns = [
    path("", public.home, name="home"),
    path("xa/<slug:slug>/", public.commune_home, name="commune-home"),
    path("xa/<slug:slug>/can-bo/", public.commune_officials, name="commune-officials"),
    path("staff/login/", auth.login_view, name="login"),
    path("staff/login/otp/", auth.login_otp_view, name="login-otp"),
    path("staff/otp/setup/", auth.otp_setup_view, name="otp-setup"),
    path("staff/otp/recovery-codes/", auth.recovery_codes_view, name="recovery-codes"),
    path("staff/logout/", auth.logout_view, name="logout"),
    path("staff/", staff.staff_home, name="staff-home"),
    path("staff/people/", staff.directory, name="directory"),
    path("staff/people/<int:staff_id>/", staff.staff_member, name="staff-member"),
    path("staff/audit/", staff.audit_log, name="audit"),
    path("staff/notices/", staff.notices, name="notices"),
    path("staff/switch/", staff.switch_commune, name="switch-commune"),
    path("staff/search/", staff.search, name="search"),
]
