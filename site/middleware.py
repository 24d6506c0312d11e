"""Response headers: the Content-Security-Policy (with relaxations for the Wagtail admin's
styles and its preview panel) and Cache-Control for pages made for one person; addresses with
control characters in them answered with a 404."""

import logging

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.datastructures import MultiValueDictKeyError

from learning.text import has_control_characters

logger = logging.getLogger(__name__)


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


class RefuseControlCharactersMiddleware:
    """An address with a control character in its path or query (a NUL, an escape: `/join/%00/`,
    `?q=%00`; a query's values may hold the line breaks and tabs of pasted text) is nobody's
    real address: it is answered with the friendly 404 page, before any view, filter form or
    redirect lookup takes the value to the database (PostgreSQL cannot hold a NUL and would
    answer 500). The rule is the one typed text follows
    (`learning.text`); forms refuse such text with an error instead, keeping what was typed.

    Listed after the authentication and message middleware, so the 404 page has the person's
    header, and before Wagtail's redirects middleware, which looks every 404's path up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.refused(request):
            raise Http404("A control character in the address")
        return self.get_response(request)

    @staticmethod
    def refused(request) -> bool:
        if has_control_characters(request.path_info, multiline=False):
            return True
        # A value may carry the line breaks and tabs of a pasted text (a certificate code
        # copied from a PDF); a name may not.
        return any(
            has_control_characters(key, multiline=False)
            or any(has_control_characters(value) for value in values)
            for key, values in request.GET.lists()
        )


class TamperedFormsMiddleware:
    """A form whose hidden bookkeeping was tampered with is a bad request, not a crash.

    Formsets (Wagtail's inline panels through django-modelcluster) read the rows their
    management form announces; a forged count names rows that were never sent, and the
    formset's lookup of a missing row's id raises `MultiValueDictKeyError` from inside the
    third-party view. Nobody filling the form in gets there, so the answer is the 400 page
    ("Sorry, we could not read what was sent"), never a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MultiValueDictKeyError):
            logger.warning("Tampered form data on %s: %s", request.path, exception)
            raise BadRequest("Form data names rows that were not sent") from exception
        return None


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
