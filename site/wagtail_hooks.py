"""The host's hooks: start Wagtail's admin widgets without inline script (camino.admin_csp),
keep superusers safe from bulk actions, listen to the plugins' announcements to notify
people (camino.notifications.listeners), record staff actions in the audit trail
(camino.audit) and register the host's retention rules (camino.retention)."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("insert_global_admin_js")
def admin_init_script():
    return format_html('<script defer src="{}"></script>', static("camino/js/admin-init.js"))


@hooks.register("before_bulk_action")
def superusers_are_changed_by_superusers(request, action_type, objects, action):
    """Wagtail's bulk actions on users (deactivate, assign a role) do not spare superusers:
    a programme admin could lock every superuser out. Only a superuser acts on a superuser.
    A bulk delete of users is recorded in the audit trail here, before the accounts go."""
    from wagtail.admin.auth import permission_denied

    if not request.user.is_superuser and any(
        getattr(obj, "is_superuser", False) for obj in objects
    ):
        return permission_denied(request)
    from camino.user_admin import announce_bulk_user_action

    announce_bulk_user_action(
        request=request, action_type=action_type, objects=objects, action=action, before=True
    )
    return None


# --- notifications: the plugins announce, the host tells people -----------------------------


def _listen():
    from camino.notifications import listeners

    for hook_name, fn in {
        "learning_course_completed": listeners.on_course_completed,
        "evaluation_follow_up_due": listeners.on_follow_up_due,
        "learning_certificate_issued": listeners.on_certificate_issued,
        "learning_certificate_reissued": listeners.on_certificate_reissued,
        "learning_certificate_revoked": listeners.on_certificate_revoked,
        "learning_certificate_name_decided": listeners.on_name_change_decided,
        "cohorts_reminder_sent": listeners.on_reminder_sent,
        "cohorts_invitations_created": listeners.on_invitations_created,
        "cohorts_weekly_digest": listeners.on_weekly_digest,
        "reflections_entry_shared": listeners.on_entry_shared,
        "reflections_comment_added": listeners.on_comment_added,
        "reflections_comment_hidden": listeners.on_comment_hidden,
        "reflections_shares_withdrawn": listeners.on_shares_withdrawn,
    }.items():
        hooks.register(hook_name, fn)


_listen()


# --- the staff audit trail (camino.audit) ------------------------------------------------------


def _audit_listen():
    from camino.audit import services as audit

    hooks.register("camino_staff_action", audit.staff_action_record)
    hooks.register("camino_account_deleting", audit.person_anonymise)


_audit_listen()


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        from camino.audit.views import may_see_audit

        return may_see_audit(request.user)


@hooks.register("register_reports_menu_item")
def audit_menu_item():
    return AuditMenuItem("Audit trail", reverse("audit_trail"), icon_name="list-ul", order=110)


@hooks.register("after_bulk_action")
def audit_bulk_user_actions(request, action_type, objects, action):
    """Wagtail's bulk actions on users: assigning a role, (de)activating, deleting."""
    from camino.user_admin import announce_bulk_user_action

    announce_bulk_user_action(
        request=request, action_type=action_type, objects=objects, action=action, before=False
    )


# --- retention: the host's own rules (camino.retention; `manage.py apply_retention`) ---------


def _retention_rules():
    from camino import retention

    for rule in (
        retention.notifications_expired_delete,
        retention.sessions_expired_delete,
        retention.audit_entries_expired_delete,
    ):
        hooks.register("camino_retention", rule)


_retention_rules()


# --- a person's data export ------------------------------------------------------------------


@hooks.register("camino_retention")
def data_exports_retention(now, dry_run=False):
    """Personal data exports (and their ZIPs) go after RETENTION_DATA_EXPORTS_DAYS."""
    from camino.dataexport.services import data_exports_expire

    return data_exports_expire(now=now, dry_run=dry_run)


@hooks.register("camino_account_deleting")
def delete_data_exports(user):
    """The rows go with the account; the ZIP files in storage go here."""
    from camino.dataexport.services import data_exports_of_account_delete

    data_exports_of_account_delete(user=user)


@hooks.register("register_permissions")
def data_export_permission():
    """So that the permission can be given to a group on Wagtail's group screen."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="camino", codename="export_personal_data"
    )


@hooks.register("register_user_listing_buttons")
def data_export_user_button(user, request_user):
    """'Copy of their data' in each person's menu in the users listing, for programme admins."""
    from django.urls import reverse
    from wagtail.admin.widgets import Button

    from camino.dataexport.admin_views import may_export

    if not may_export(request_user) or (user.is_superuser and not request_user.is_superuser):
        return []
    return [
        Button(
            "Copy of their data",
            reverse("data_export_admin_person", args=[user.pk]),
            icon_name="download",
            priority=40,
        )
    ]
