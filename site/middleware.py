"""Content-Security-Policy with one relaxation for the Wagtail admin."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; the Wagtail admin (and only it) may use inline styles.

    Scripts stay `'self'` everywhere: no page, admin included, runs inline script.
    """

    admin_prefix = "/admin/"

    def build_policy(self, request, response):
        policy = super().build_policy(request, response)
        if request.path.startswith(self.admin_prefix):
            policy = policy.replace(f"style-src {SELF}", f"style-src {SELF} {UNSAFE_INLINE}", 1)
        return policy
