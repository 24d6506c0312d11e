"""Response headers: the Content-Security-Policy (with one relaxation for the Wagtail admin) and
Cache-Control for pages made for one person."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.utils.cache import patch_cache_control, patch_vary_headers


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with one relaxation for the Wagtail admin.

    Every public page allows scripts from our own static files only: no inline script. The
    Wagtail admin (/admin/ and nothing else) still writes inline <script> and style attributes
    to start its choosers and date pickers (Wagtail's open issue #1288), so under /admin/ both
    script-src and style-src also allow 'unsafe-inline'. Only signed-in staff reach it.
    """

    admin_prefix = "/admin/"

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(self.admin_prefix):
            parts.update = {
                **(parts.update or {}),
                "script-src": [UNSAFE_INLINE],
                "style-src": [UNSAFE_INLINE],
            }
        return parts


class PrivateResponsesMiddleware:
    """No page made for one person is ever stored where another could receive it.

    A response to someone signed in, or one that sets a cookie (a session, a CSRF token, a
    message), is marked `Cache-Control: private` (browsers may keep it, shared caches such as
    a CDN or a caching proxy in front of several machines may not) and `Vary: Cookie`. Views
    that ask for more (the journal's `no-store`) keep it. Listed before the session and CSRF
    middleware so that it sees the cookies they set on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or response.cookies:
            patch_cache_control(response, private=True)  # and drops any `public`
            patch_vary_headers(response, ("Cookie",))
        return response
