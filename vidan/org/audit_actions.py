"""What the organisation records in the audit log: logins, accounts, roles, the admin's changes."""

from django.utils.translation import gettext_lazy as _

from vidan.audit.actions import AUDIT_ACTIONS, AuditAction

for code, label in (
    ("auth.login", _("Logged in")),
    ("auth.logout", _("Logged out")),
    ("auth.login_failed", _("Failed login")),
    ("auth.login_blocked", _("Login refused: account locked")),
    ("auth.locked", _("Account locked after failed attempts")),
    ("auth.unlock", _("Account unlocked")),
    ("auth.password_set", _("Password set by an administrator")),
    ("auth.totp_confirmed", _("Authenticator app set up")),
    ("auth.recovery_codes_issued", _("Recovery codes issued")),
    ("auth.recovery_code_used", _("Logged in with a recovery code")),
    ("admin.add", _("Added in the administration")),
    ("admin.change", _("Changed in the administration")),
    ("admin.delete", _("Deleted in the administration")),
    ("org.commune.create", _("Commune created")),
    ("org.department.create", _("Department created")),
    ("org.staff.create", _("Staff account created")),
    ("org.staff.view_personal", _("Staff member's personal details viewed")),
    ("org.role.grant", _("Role granted")),
    ("org.role.revoke", _("Role revoked")),
):
    AUDIT_ACTIONS.register(AuditAction(code, label))
