"""The host's hooks: start Wagtail's admin widgets without inline script (camino.admin_csp),
keep superusers safe from bulk actions, and listen to the plugins' announcements to notify
people (camino.notifications.listeners)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def admin_init_script():
    return format_html('<script defer src="{}"></script>', static("camino/js/admin-init.js"))


@hooks.register("before_bulk_action")
def superusers_are_changed_by_superusers(request, action_type, objects, action):
    """Wagtail's bulk actions on users (deactivate, assign a role) do not spare superusers:
    a programme admin could lock every superuser out. Only a superuser acts on a superuser."""
    from wagtail.admin.auth import permission_denied

    if request.user.is_superuser:
        return None
    if any(getattr(obj, "is_superuser", False) for obj in objects):
        return permission_denied(request)
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
