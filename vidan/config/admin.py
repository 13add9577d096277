"""The Django admin, for administrators of the deployment only."""

from django.contrib import admin

from vidan.org.login import otp_required


class VidanAdminSite(admin.AdminSite):
    site_header = "Vì Dân"
    site_title = "Vì Dân"

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_superuser):
            return False
        return not otp_required(user, request.actor.all_roles) or user.is_verified()
