"""The audit log in the admin: read only, for everyone, always."""

from django.contrib import admin

from vidan.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["id", "at", "actor_label", "action", "object_type", "object_id", "commune", "ip"]
    list_filter = ["action"]
    search_fields = ["actor_label", "action", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
