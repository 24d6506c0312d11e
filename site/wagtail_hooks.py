"""The host's admin hooks: start Wagtail's widgets without inline script (camino.admin_csp)."""

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
