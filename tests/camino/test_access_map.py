"""Every URL the site answers is in the access map (tests/camino/access_map.py), and answers
every role as the map says.

- `test_every_route_is_in_the_access_map` walks the URLconf (our plugins, allauth, the Wagtail
  admin and its viewsets, documents, the page tree, /healthz) and fails on a route the map does
  not classify, naming it, its view and where to add it.
- `test_every_role_gets_the_answer_the_map_promises` asks each sample URL as every role (in
  tests/camino/access_world.py) and checks what a person would notice: the status, where a
  redirect goes (signed-out people to the login page with `next`), that a refused request
  changed nothing (no database write, no email), that an allowed action did what it says, that
  nobody but Amara ever sees the words of her private or withdrawn journal entries, that
  nothing answers 500, and that every answer carries a Content-Security-Policy without
  'unsafe-inline' script.
- `test_a_wrong_id_or_code_is_answered_as_a_denial` asks each URL with a nonexistent id or a
  malformed code: a 404 for those allowed, and for everyone else exactly the answer they get
  for a real one, so nobody learns whether something exists.

The journal's URL rules (the privacy matrix) are stated once, in `journal_samples()` in the map.

Decisions (the classes themselves are described in access_map.py):

- Beyond the six classes of the issue (public, signed-in, enrolled learner, cohort member,
  facilitator of this cohort, programme admin), reality needs: "owner" (a journal entry, a
  certificate's name correction), "admin staff" (content editors and programme admins, e.g.
  the coverage report and the snippet choosers), "content editor", "superuser only" (Wagtail's
  sites, groups and workflows; deleting users or certificate designs) and "nobody" (changing
  a certificate in place: it changes only through issue, revoke and reissue).
- Superusers are allowed where a permission decides and refused where ownership or membership
  does: Amara's journal and certificate name are hers alone, as the privacy promise says.
- Facilitators, editors and programme admins are not enrolled on the course they run or write,
  so a module page sends them to the course page to enrol (editors preview in the admin).
- Someone signed out asking for a journal entry gets a 404, not the login page: an entry's
  existence is not disclosed even by a redirect.
- The Wagtail admin refuses in its own way (to the login page, or to its dashboard with a
  message), and its generic views may answer staff a 404 for a nonexistent id before they
  check the permission (`Route.looks_up_first`): staff learn only that an id is unused.

Each request runs in a savepoint that is rolled back, so every role meets the same world; the
world itself is built once for this module.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve

from tests.camino.access_map import (
    ADMIN_REFUSED,
    ALLOWED,
    CHANGED,
    NOT_FOUND,
    ROUTES,
    RULE_WRONG,
    RULES,
    STAFF,
    TO_COURSE,
    TO_HOME,
    TO_LANDING,
    TO_LOG_IN,
    Access,
    Route,
    Rule,
    Sample,
    classify,
    walk,
)
from tests.camino.access_world import ANONYMOUS, OWNER, ROLES, Answer, World, ask
from tests.reflections.helpers import SECRETS

pytestmark = pytest.mark.django_db

NAMES = ("Spring cohort", "Amara Okafor")  # a 404 names nothing (the owner's page aside)


# --- what each answer must be ----------------------------------------------------------------


def login_next(location: str) -> str | None:
    """The `next` of a redirect to the login page, or None if it is not one."""
    parts = urlsplit(location)
    if parts.path != "/accounts/login/":
        return None
    return parse_qs(parts.query).get("next", [""])[0]


def script_src(policy: str | None) -> str | None:
    """What the policy allows scripts from: script-src, or default-src when it has none (a
    served document's policy is Wagtail's `default-src 'none'`)."""
    directives = {}
    for directive in (policy or "").split(";"):
        name, _, value = directive.strip().partition(" ")
        directives[name] = value
    return directives.get("script-src", directives.get("default-src"))


def check(world: World, role: str, kind: str, sample: Sample, path: str, answer: Answer):
    """What is wrong with `answer` for `role`, in plain words (empty when all is well)."""
    if answer.raised:
        return [f"raised an exception:\n{answer.raised}"]
    wrong = []
    got = f"{answer.status}" + (f" to {answer.location}" if answer.location else "")
    if kind == ADMIN_REFUSED:
        kind = "to the admin dashboard" if role in STAFF else TO_LOG_IN
    if answer.status >= 500:
        wrong.append(f"answered {answer.status}")
    elif kind == ALLOWED:
        if answer.status != sample.success:
            wrong.append(f"allowed, so expected {sample.success}, got {got}")
        elif sample.ok_to and not answer.location.startswith(world.fill(sample.ok_to)):
            wrong.append(f"expected a redirect to {world.fill(sample.ok_to)}, got {got}")
        if sample.effect and (sample.effect_for is None or role in sample.effect_for):
            before, after = answer.effect
            if sample.effect_after is CHANGED and before == after:
                wrong.append(f"did nothing: {before!r} before and after")
            elif sample.effect_after is not CHANGED and after != sample.effect_after:
                wrong.append(f"expected {sample.effect_after!r} after, got {after!r}")
    elif kind == TO_LOG_IN:
        if answer.status != 302 or login_next(answer.location) != path:
            wrong.append(f"expected a redirect to log in with next={path}, got {got}")
    elif kind == NOT_FOUND:
        if answer.status != 404:
            wrong.append(f"expected 404, got {got}")
        for name in NAMES:
            if name in answer.text and not (role == OWNER and name == "Amara Okafor"):
                wrong.append(f"its 404 names {name!r}")
    elif kind == TO_COURSE:
        if answer.status != 302 or answer.location != world.values["course_url"]:
            wrong.append(f"expected a redirect to the course page, got {got}")
    elif kind == "to the admin dashboard":
        if answer.status != 302 or answer.location != "/admin/":
            wrong.append(f"expected the admin's refusal (to /admin/), got {got}")
    elif kind == TO_HOME:
        if answer.status != 302 or answer.location != "/":
            wrong.append(f"expected a redirect to the home page, got {got}")
    elif kind == TO_LANDING:
        from camino.adapters import landing_url

        expected = landing_url(world.people[role])
        if answer.status != 302 or answer.location != expected:
            wrong.append(f"expected a redirect to {expected} (where their work is), got {got}")
    if kind != ALLOWED and (answer.writes or answer.mails):
        wrong.append(f"refused, yet wrote {answer.writes} and sent {answer.mails} email(s)")
    if role != OWNER:
        for secret_kind in ("private", "withdrawn"):
            for secret in SECRETS[secret_kind]:
                if secret in answer.text:
                    wrong.append(f"shows the words of Amara's {secret_kind} entry")
        if not (kind == ALLOWED and role in sample.shared_for):
            if any(secret in answer.text for secret in SECRETS["shared"]):
                wrong.append("shows the words of Amara's shared entry")
    elif sample.owner_sees and kind == ALLOWED and SECRETS[sample.owner_sees][0] not in answer.text:
        wrong.append(f"Amara does not see her own {sample.owner_sees} entry")
    cache_control = set(re.split(r"\s*,\s*", answer.cache_control))
    if sample.no_store and not {"private", "no-store"} <= cache_control:
        wrong.append(f"may be kept by a cache: Cache-Control {answer.cache_control!r}")
    if role != ANONYMOUS and not {"private", "no-store"} & cache_control:
        # Made for someone signed in: no shared cache in front of several machines may keep it.
        wrong.append(f"a shared cache may keep it: Cache-Control {answer.cache_control!r}")
    scripts = script_src(answer.csp)
    if scripts is None:
        wrong.append("has no Content-Security-Policy for scripts")
    elif "'unsafe-inline'" in scripts:
        wrong.append(f"allows inline script: script-src {scripts}")
    return wrong


def report(label: str, failures: dict[str, list[str]]) -> str:
    lines = [f"{label}:"]
    for role, problems in failures.items():
        lines += [f"  {role}: {problem}" for problem in problems]
    return "\n".join(lines)


# --- the map covers the URLconf --------------------------------------------------------------


def test_every_route_is_in_the_access_map():
    classified = classify(walk())
    missing = [walked for walked, entry in classified.items() if entry is None]
    assert not missing, (
        "These routes are not in the access map. Add each to ROUTES in "
        "tests/camino/access_map.py: who may use it (an Access class), the methods it "
        "accepts, a sample URL built from tests/camino/access_world.py and, if it takes an "
        "id or a code, a wrong one.\n"
        + "\n".join(f"  {w.pattern!r}  view {w.view}  name {w.name!r}" for w in missing)
    )


def test_every_route_in_the_map_exists():
    """A map entry whose route is gone (or now served by another view) is stale."""
    walked = {(w.pattern, w.view) for w in walk()}
    stale = [f"{r.pattern!r} ({r.view})" for r in ROUTES if (r.pattern, r.view) not in walked]
    assert not stale, "In the access map but not in the URLconf:\n  " + "\n  ".join(stale)


def test_the_map_classifies_our_routes_one_by_one_and_the_rest_by_rule():
    classified = classify(walk())
    by_rule = [w for w, entry in classified.items() if isinstance(entry, Rule)]
    individually = [w for w, entry in classified.items() if isinstance(entry, Route)]
    assert len(individually) == len(ROUTES)
    assert all(
        not w.view.startswith(("camino.", "learning.", "cohorts.", "reflections.")) for w in by_rule
    )
    # Every walked route of each rule's tree is the rule's, and every rule is used.
    assert {entry.name for entry in classified.values() if isinstance(entry, Rule)} == {
        rule.name for rule in RULES
    }


# --- every role, every sample ----------------------------------------------------------------


def _cases():
    cases = []
    for route in ROUTES:
        for sample in route.samples:
            cases.append(pytest.param(route.access, sample, id=f"{sample.method} {sample.path}"))
    for rule in RULES:
        for access, sample in rule.samples:
            cases.append(pytest.param(access, sample, id=f"{sample.method} {sample.path}"))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("access", "sample"), CASES)
def test_every_role_gets_the_answer_the_map_promises(db, world, access: Access, sample: Sample):
    path = world.fill(sample.path)
    data = world.fill(sample.data) if sample.data is not None else None
    failures = {}
    for role in ROLES:
        kind = access.answer(role, sample.allowed)
        if role == "anonymous" and sample.anonymous:
            kind = sample.anonymous
        answer = ask(world, role, sample.method, path, data, sample.effect)
        problems = check(world, role, kind, sample, path, answer)
        if problems:
            failures[f"{role} ({kind})"] = problems
    assert not failures, report(f"{sample.method} {path} [{access.name}]", failures)


# --- wrong ids and codes ---------------------------------------------------------------------


def _wrong_cases():
    cases = []
    for route in ROUTES:
        method = "GET" if "GET" in route.methods else "POST"
        for url in route.wrong:
            cases.append(pytest.param(route, method, url, id=f"{method} {url}"))
    rules = {rule.name: rule for rule in RULES}
    for name, urls in RULE_WRONG.items():
        access = rules[name].samples[0][0]
        stand_in = Route("", "", access, ("GET",), ())
        for url in urls:
            cases.append(pytest.param(stand_in, "GET", url, id=f"GET {url}"))
    return cases


@pytest.mark.parametrize(("route", "method", "url"), _wrong_cases())
def test_a_wrong_id_or_code_is_answered_as_a_denial(world, route: Route, method, url):
    """A 404 for those allowed; for everyone else, the answer they get for a real one."""
    path = world.fill(url)
    sample = Sample(url, method, {}, ok=404)
    failures = {}
    for role in ROLES:
        kind = route.access.answer(role)
        if kind in (ALLOWED, TO_COURSE, TO_HOME, TO_LANDING):
            kind = NOT_FOUND  # there is no course to send them to, nothing to be let into
        answer = ask(world, role, method, path, {})
        if kind == ADMIN_REFUSED and role in STAFF and route.looks_up_first:
            kind = NOT_FOUND if answer.status == 404 else ADMIN_REFUSED
        problems = check(world, role, kind, sample, path, answer)
        if problems:
            failures[f"{role} ({kind})"] = problems
    assert not failures, report(f"{method} {path} [{route.access.name}]", failures)


# --- the methods the map records are the methods the views accept ---------------------------

# Django's generic edit views also answer PUT (as POST) and DELETE (as a delete's POST); the
# CSRF middleware checks those as it checks POST, so the map records GET and POST.
HANDLERS = ("get", "post")


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.pattern)
def test_the_map_records_the_methods_each_view_accepts(world, route: Route):
    """A class-based view accepts the methods it has handlers for. A function view is asked
    with the method the map does not list, as someone allowed: a GET-only view answers a POST
    with 405 (so it needs no CSRF check of its own), a POST-only one answers a GET with 405
    (so a link or a prefetch cannot act)."""
    walked = next(w for w in walk() if w.pattern == route.pattern and w.view == route.view)
    if walked.view_class is not None:
        handled = {m.upper() for m in HANDLERS if hasattr(walked.view_class, m)}
        assert set(route.methods) == handled, (route.pattern, handled)
        return
    if set(route.methods) == {"GET", "POST"}:
        return  # both are asked by the samples
    sample = route.samples[0]
    path = world.fill(sample.path)
    refused = "POST" if route.methods == ("GET",) else "GET"
    role = sorted(sample.allowed or route.access.allowed, key=ROLES.index)[0]
    answer = ask(world, role, refused, path, {})
    assert answer.status == 405, f"{refused} {path} as {role}: {answer.status}"
    assert not answer.writes


def test_sample_urls_reach_the_route_they_stand_for(world):
    for route in ROUTES:
        for sample in route.samples + tuple(Sample(url) for url in route.wrong):
            match = resolve(urlsplit(world.fill(sample.path)).path)
            assert match.route == route.pattern, (sample.path, match.route)
