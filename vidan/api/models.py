"""Tokens with which staff programs call the API. Only a hash of the token is stored."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ_WRITE = "read_write", _("Read and write")
        READ = "read", _("Read only")

    staff = models.ForeignKey("org.Staff", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # Chosen at issue, at most settings.VIDAN_API_TOKEN_MAX_DAYS ahead; the token is refused from then on.
    expires_at = models.DateTimeField(_("expires at"))
    # A read-only token reads (GET, HEAD) and is refused anything that writes.
    scope = models.CharField(_("scope"), max_length=12, choices=Scope, default=Scope.READ_WRITE)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
