"""The Django admin, for administrators of the deployment only."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from vidan.org.auth import staff_access
from vidan.org.login import otp_required


class VidanAdminSite(admin.AdminSite):
    site_header = "Vì Dân"
    site_title = "Vì Dân"

    def login(self, request, extra_context=None):
        """The staff login (lock-out, audit, second factor) is the only way in."""
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        return redirect(f"{reverse('web:login')}?{urlencode({'next': target})}")

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_superuser):
            return False
        has_device = staff_access(user).has_device
        return not otp_required(user, request.actor.all_roles, has_device=has_device) or user.is_verified()
