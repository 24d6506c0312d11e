"""The host's admin hooks: start Wagtail's widgets without inline script (camino.admin_csp)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def admin_init_script():
    return format_html('<script defer src="{}"></script>', static("camino/js/admin-init.js"))
