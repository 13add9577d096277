"""The desk's rules in the admin: a superuser corrects a version where the new texts turn out to differ (docs/legal.md
says which values are not confirmed), or adds the next one with its date. A version dossiers follow is never
deleted."""

from django.contrib import admin

from vidan.onestop.models import DeskRules, Dossier


@admin.register(DeskRules)
class DeskRulesAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "basis", "desk_name", "return_restarts", "returns_per_agency", "apology_lead_days"]
    ordering = ["valid_from"]

    def has_delete_permission(self, request, obj=None):
        return obj is None or not Dossier.objects.filter(rules=obj).exists()
