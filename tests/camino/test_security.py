"""Security checks that run with the rest of the suite, on SQLite and on PostgreSQL.

- CSRF: every route that accepts POST (ours, from the access map; allauth's; samples of the
  Wagtail admin's, its JSON API included) refuses a POST without a CSRF token with 403 and
  changes nothing, asked by someone the route would otherwise allow. The same POST with a
  token is not refused for CSRF, so the 403 is the token's doing. A route that accepts POST
  and is not in the list fails `test_every_route_that_accepts_post_is_in_the_csrf_list`.
- Sessions (tests/camino/test_sessions.py): a new session key at login and at the login that
  confirming one's email gives; signing out flushes the session.
- Content-Security-Policy: tests/camino/test_access_map.py checks every answer of every route
  for a policy without 'unsafe-inline' script; tests/camino/test_site.py checks the policy
  itself, and `manage.py check --deploy` on the production settings.
- bandit: `make lint` (see the Makefile and [tool.bandit] in pyproject.toml).
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils.crypto import get_random_string

from tests.camino.access_map import ROUTES, RULES, our_viewset_namespaces, walk
from tests.camino.access_world import ANONYMOUS, PASSWORD, ROLES, SUPERUSER, ask

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-long-password-42"
# Django's refusal page, and Django REST framework's (Wagtail's admin API).
CSRF_REFUSAL = re.compile(r"CSRF verification failed|CSRF Failed")

# allauth's POST routes, as someone each would serve (every one that accepts POST is here:
# an allauth upgrade that adds one fails test_every_route_that_accepts_post_is_in_the_csrf_list).
ALLAUTH_POSTS = {
    "account_login": (
        ANONYMOUS,
        "/accounts/login/",
        {"login": "{owner_email}", "password": PASSWORD},
    ),
    "account_logout": ("learner", "/accounts/logout/", {}),
    "account_signup": (
        ANONYMOUS,
        "/accounts/signup/",
        {
            "name": "New Person",
            "email": "new@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    ),
    "account_reauthenticate": ("learner", "/accounts/reauthenticate/", {"password": PASSWORD}),
    "account_email": (
        "learner",
        "/accounts/email/",
        {"email": "lee2@example.org", "action_add": ""},
    ),
    "account_change_password": (
        "learner",
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    ),
    "account_set_password": (
        "learner",
        "/accounts/password/set/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    ),
    "account_reset_password": (ANONYMOUS, "/accounts/password/reset/", {"email": "{owner_email}"}),
    "account_confirm_login_code": (ANONYMOUS, "/accounts/login/code/confirm/", {"code": "ABC123"}),
    "account_confirm_email": (ANONYMOUS, "/accounts/confirm-email/not-a-key/", {}),
    "account_reset_password_from_key": (
        ANONYMOUS,
        "/accounts/password/reset/key/1-not-a-key/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    ),
    "mfa_authenticate": (ANONYMOUS, "/accounts/2fa/authenticate/", {"code": "123456"}),
    "mfa_reauthenticate": ("learner", "/accounts/2fa/reauthenticate/", {"code": "123456"}),
    "mfa_activate_totp": ("learner", "/accounts/2fa/totp/activate/", {"code": "123456"}),
    "mfa_deactivate_totp": ("learner", "/accounts/2fa/totp/deactivate/", {}),
    "mfa_generate_recovery_codes": ("learner", "/accounts/2fa/recovery-codes/generate/", {}),
    "usersessions_list": ("learner", "/accounts/sessions/", {}),
}
# Wagtail's admin API (Django REST framework) is csrf_exempt for Django and checks the token
# itself for signed-in sessions; its page actions take POST.
WAGTAIL_API_POST = ("content_editor", "/admin/api/main/pages/{module}/action/unpublish/", {})


# Views exempt from Django's CSRF check on purpose, each with its reason and the test that
# proves it safe. Nothing else of ours may be exempt (test_no_view_of_ours_is_exempt_from_csrf).
CSRF_EXEMPT_BY_DESIGN = {
    "camino.notifications.views.unsubscribe": (
        "RFC 8058 one-click unsubscribe: mail programs POST to the address in an email's "
        "List-Unsubscribe header with no session and no token. The signed token in the "
        "address authorises the change (tests/camino/test_notifications.py: a forged, edited, "
        "expired or used token changes nothing)."
    ),
}


def _first_allowed(allowed) -> str:
    allowed = [role for role in ROLES if role in allowed]
    return allowed[0] if allowed else SUPERUSER


def _csrf_cases():
    cases = []
    for route in ROUTES:
        if not route.accepts_post or route.view in CSRF_EXEMPT_BY_DESIGN:
            continue
        sample = next(s for s in route.samples if s.method == "POST")
        role = _first_allowed(sample.allowed or route.access.allowed)
        cases.append(pytest.param(route.pattern, role, sample.path, sample.data, id=route.pattern))
    for rule in RULES:
        for access, sample in rule.samples:
            if sample.method == "POST":
                role = _first_allowed(access.allowed)
                cases.append(
                    pytest.param(rule.name, role, sample.path, sample.data, id=sample.path)
                )
    for name, (role, path, data) in ALLAUTH_POSTS.items():
        cases.append(pytest.param(name, role, path, data, id=name))
    cases.append(pytest.param("wagtail admin api", *WAGTAIL_API_POST, id="wagtail admin api"))
    return cases


CSRF_CASES = _csrf_cases()


@pytest.mark.parametrize(("route", "role", "path", "data"), CSRF_CASES)
def test_a_post_without_a_csrf_token_is_refused(world, route, role, path, data):
    path, data = world.fill(path), world.fill(data or {})

    refused = ask(world, role, "POST", path, data, client=Client(enforce_csrf_checks=True))

    assert refused.status == 403, (route, role, refused.status, refused.location)
    assert CSRF_REFUSAL.search(refused.text)
    assert refused.writes == [] and refused.mails == 0, "refused, yet something changed"
    # The same POST with a token is not refused for CSRF: the 403 above was the token's.
    token = get_random_string(32)
    with_token = Client(enforce_csrf_checks=True, HTTP_X_CSRFTOKEN=token)
    with_token.cookies[settings.CSRF_COOKIE_NAME] = token
    accepted = ask(
        world, role, "POST", path, {**data, "csrfmiddlewaretoken": token}, client=with_token
    )
    assert not CSRF_REFUSAL.search(accepted.text), (route, role, accepted.status)


def test_every_route_that_accepts_post_is_in_the_csrf_list(world):
    """Ours (a class-based view with a `post` handler, or a function view the access map says
    takes POST, which tests/camino/test_access_map.py checks) and allauth's."""
    listed = {case.values[0] for case in CSRF_CASES} | {
        route.pattern for route in ROUTES if route.view in CSRF_EXEMPT_BY_DESIGN
    }
    ours = our_viewset_namespaces()
    by_pattern = {route.pattern: route for route in ROUTES}
    missing = []
    for walked in walk():
        mine = walked.view.split(".")[0] in ("camino", "learning", "cohorts", "reflections") or (
            set(walked.namespaces) & ours
        )
        if not (mine or walked.view.startswith("allauth.")):
            continue
        if walked.view_class is not None:
            accepts = hasattr(walked.view_class, "post")
        elif mine:
            route = by_pattern.get(walked.pattern)
            if route is None:
                continue  # not in the map at all: test_every_route_is_in_the_access_map says so
            accepts = route.accepts_post
        else:  # an allauth function view: ask it
            path = "/" + walked.pattern
            accepts = ask(world, "learner", "POST", path).status != 405
        key = walked.pattern if mine else walked.name
        if accepts and key not in listed:
            missing.append(f"{walked.pattern!r} ({walked.view})")
    assert not missing, (
        "These routes accept POST but no test refuses them a POST without a CSRF token. Give "
        "each a POST sample in tests/camino/access_map.py (ours) or an entry in ALLAUTH_POSTS "
        "in tests/camino/test_security.py (allauth's):\n  " + "\n  ".join(missing)
    )


def test_no_view_of_ours_is_exempt_from_csrf():
    """Only Wagtail's admin API (it makes its own check, above) and the views listed, with
    their reasons, in CSRF_EXEMPT_BY_DESIGN are exempt from Django's check."""
    exempt = {w.view for w in walk() if getattr(w.callback, "csrf_exempt", False)}
    assert exempt, "the walk found none: Wagtail's API should be here"
    unexpected = {
        view
        for view in exempt
        if not (view.startswith("wagtail.") and ".api." in view)
        and view not in CSRF_EXEMPT_BY_DESIGN
    }
    assert not unexpected, unexpected
