"""Content-Security-Policy with one relaxation for the Wagtail admin."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with one relaxation for the Wagtail admin.

    Every public page allows scripts from our own static files only: no inline script. The
    Wagtail admin (/admin/ and nothing else) still writes inline <script> and style attributes
    to start its choosers and date pickers (Wagtail's open issue #1288), so under /admin/ both
    script-src and style-src also allow 'unsafe-inline'. Only signed-in staff reach it.

    The editor's preview panel shows the page being edited in a frame (…/preview/): admin pages
    may frame this site, and a preview may be framed by this site. Wagtail renders the preview
    through the whole middleware chain with a stand-in request for the page's public address
    (`is_dummy`), so the preview keeps the public page's policy, strict script rules and all,
    except that this site may frame it. Everything else refuses to be framed by anyone.
    """

    admin_prefix = "/admin/"

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(self.admin_prefix):
            parts.update = {
                **(parts.update or {}),
                "script-src": [UNSAFE_INLINE],
                "style-src": [UNSAFE_INLINE],
                "frame-src": [SELF],
            }
        if getattr(request, "is_dummy", False) or (
            request.path.startswith(self.admin_prefix) and request.path.endswith("/preview/")
        ):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts
