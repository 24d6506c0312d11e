"""Response headers: the Content-Security-Policy (with relaxations for the Wagtail admin's
styles and its preview panel) and Cache-Control for pages made for one person."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with relaxations for the Wagtail admin.

    Every page, the admin's included, allows scripts from our own static files only: no inline
    script, no event-handler attributes, no `javascript:` URLs. (Wagtail 8.0 still starts some
    admin widgets with inline script; camino.admin_csp starts them from data instead.)

    The admin's own scripts still apply inline styles: with style-src 'self' alone, Wagtail's
    vendor.js (the React parts of the page editor: StreamField, the rich-text editor, the
    chooser modals) is refused a style attribute several times on every page edit form. So
    under /admin/ (and only there) style-src also allows 'unsafe-inline'. Inline styles cannot
    run code, and only signed-in staff get past the admin's login redirect.

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
                "style-src": [UNSAFE_INLINE],
                "frame-src": [SELF],
            }
        if getattr(request, "is_dummy", False) or (
            request.path.startswith(self.admin_prefix) and request.path.endswith("/preview/")
        ):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
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


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self", "https://x"]}` as the header's structured
    field: `camera=(), fullscreen=(self "https://x")`."""
    parts = []
    for feature, allowed in policy.items():
        origins = " ".join(a if a in ("self", "*") else f'"{a}"' for a in allowed)
        parts.append(f"{feature}=({origins})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    """A `Permissions-Policy` header on every answer (settings.PERMISSIONS_POLICY): the
    browser features Camino never uses (camera, microphone, location, payment, USB...) are
    switched off for its pages and anything they embed, so a script that got in anyway, or an
    embedded video player, cannot ask for them. What the site does use stays allowed: writing
    to the clipboard (the "Copy" buttons of join links and credential links) for our own pages,
    and full screen and picture-in-picture for our pages and the two video players pages may
    embed (the CSP's frame-src)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response
