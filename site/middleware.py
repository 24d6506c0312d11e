"""Content-Security-Policy, with one relaxation for the Wagtail admin's styles."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with one relaxation for the Wagtail admin.

    Every page, the admin's included, allows scripts from our own static files only: no inline
    script, no event-handler attributes, no `javascript:` URLs. (Wagtail 8.0 still starts some
    admin widgets with inline script; camino.admin_csp starts them from data instead.)

    The admin's own scripts still apply inline styles: with style-src 'self' alone, Wagtail's
    vendor.js (the React parts of the page editor: StreamField, the rich-text editor, the
    chooser modals) is refused a style attribute several times on every page edit form. So
    under /admin/ (and only there) style-src also allows 'unsafe-inline'. Inline styles cannot
    run code, and only signed-in staff get past the admin's login redirect.
    """

    admin_prefix = "/admin/"

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(self.admin_prefix):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts
