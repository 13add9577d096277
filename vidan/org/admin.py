"""Django admin for deployment administrators. Every change made here is written to the audit log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.cache import caches
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vidan.audit.services import audit_record
from vidan.core.text import fold
from vidan.org.middleware import actor_for
from vidan.org.models import Commune, Department, RoleGrant, Staff, Unit, UnitSuccession
from vidan.org.selectors import public_commune_key
from vidan.org.services import role_grant, role_revoke, staff_unlock


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes through the admin leave an audit entry in the same transaction."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=actor_for(request),
                action="admin.change" if change else "admin.add",
                obj=obj,
                commune=_commune_of(obj),
                data={"fields": sorted(form.changed_data)},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            pk, commune = obj.pk, _commune_of(obj)
            # Rows first, then the audit head, in the order the services take their locks.
            super().delete_model(request, obj)
            obj.pk = pk  # deleting cleared it; the entry names what was deleted
            audit_record(actor=actor_for(request), action="admin.delete", obj=obj, commune=commune)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


def _commune_of(obj):
    if isinstance(obj, Commune):
        return obj
    return getattr(obj, "commune", None)


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "valid_to"]
    search_fields = ["code", "name", "name_folded"]
    raw_id_fields = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a unit would leave the paths below it, and so every supervisor's reach, wrong.
        return ["parent", "level"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        obj.name_folded = fold(obj.name)
        if not change:
            obj.path = "/"
        super().save_model(request, obj, form, change)
        if not change:
            obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
            obj.depth = obj.parent.depth + 1 if obj.parent else 0
            obj.save(update_fields=["path", "depth"])


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(AuditedAdmin):
    list_display = ["predecessor", "successor", "effective_on", "basis"]
    raw_id_fields = ["predecessor", "successor"]


@admin.register(Commune)
class CommuneAdmin(AuditedAdmin):
    list_display = ["__str__", "slug", "agency_code", "model_launched_on"]
    search_fields = ["slug", "unit__name", "agency_code"]
    raw_id_fields = ["unit"]

    def save_model(self, request, obj, form, change):
        previous_slug = Commune.objects.filter(pk=obj.pk).values_list("slug", flat=True).first()
        super().save_model(request, obj, form, change)
        caches["local"].delete_many([public_commune_key(slug) for slug in {previous_slug, obj.slug} if slug])


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["name", "kind", "agency_code", "commune"]
    list_filter = ["kind"]
    search_fields = ["name"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "staff"
    extra = 0
    raw_id_fields = ["unit"]
    readonly_fields = ["granted_at", "granted_by"]


@admin.register(Staff)
class StaffAdmin(UserAdmin, AuditedAdmin):
    list_display = ["username", "full_name", "commune", "department", "badge_number", "is_active", "locked_until"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["username", "full_name", "full_name_folded", "badge_number"]
    ordering = ["username"]
    inlines = [RoleGrantInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Staff member"), {"fields": ["full_name", "position", "commune", "department", "badge_number", "photo"]}),
        (_("Contact"), {"fields": ["email", "phone"]}),
        (_("Access"), {"fields": ["is_active", "is_superuser", "is_staff", "last_login", "locked_until"]}),
    ]
    add_fieldsets = [(None, {"fields": ["username", "full_name", "commune", "password1", "password2"]})]
    readonly_fields = ["last_login", "locked_until"]
    actions = ["unlock"]

    @admin.action(description=_("Unlock the selected accounts"))
    def unlock(self, request, queryset):
        for staff in queryset.filter(locked_until__isnull=False):
            staff_unlock(actor=actor_for(request), staff=staff)

    def save_model(self, request, obj, form, change):
        obj.full_name_folded = fold(obj.full_name)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Role grants go through the services, so each grant and revocation is audited."""
        if formset.model is not RoleGrant:
            return super().save_formset(request, form, formset, change)
        actor = actor_for(request)
        # The admin's change message reads these; the services below do the saving.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        with transaction.atomic():
            for grant_form in formset.forms:
                deleted = grant_form in formset.deleted_forms
                if not deleted and not grant_form.has_changed():
                    continue
                if grant_form.instance.pk:
                    # The form has already written its new values onto the instance: revoke what is stored.
                    role_revoke(actor=actor, grant=RoleGrant.objects.get(pk=grant_form.instance.pk))
                if not deleted:
                    data = grant_form.cleaned_data
                    role_grant(actor=actor, staff=form.instance, unit=data["unit"], role=data["role"])

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            staff = Staff.objects.get(pk=id)
            with transaction.atomic():
                audit_record(actor=actor_for(request), action="auth.password_set", obj=staff, commune=staff.commune)
        return response
