"""Hostile input on every route of the access map, as every role: never a 500.

For every sample URL in tests/camino/access_map.py (our routes one by one, and the samples of
the third-party trees classified by rule), each hostile value in `HOSTILE` is put

- into each id or code in the path (every role);
- into every query parameter at once (every role): the sample's own, those of the page's GET
  forms, and the names our views read (`QUERY_NAMES`); then into each of the sample's own and
  its forms' parameters alone (as the first role allowed to use the page, who gets past the
  checks);
- for a POST, into every form field at once (every role), then into each field alone (the
  first role allowed).

Whatever the answer (a 404, a form with an error, a redirect), it must not be a 500: a wrong
input is the person's mistake or an attacker's probe, and the site says so in words. Each
request runs in a savepoint rolled back afterwards (`access_world.ask`).
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.camino.access_map import ALLOWED, ROUTES, RULES, Access, Sample
from tests.camino.access_world import ROLES, World, ask

pytestmark = pytest.mark.django_db

HOSTILE = {
    "NUL": "1\x00",
    "overlong": "7" * 3000,
    "huge integer": str(2**64 * 1000 + 1),
    "malformed": "-1' \"<b>%;",
}
# Query parameters our views read (request.GET and the filter forms), asked of every GET page.
QUERY_NAMES = (
    "page",
    "q",
    "next",
    "module",
    "capabilities",
    "stage",
    "template",
    "from",
    "format",
    "code",
    "invitation",
    "cohort",
    "course",
    "sort",
    "status",
    "learner",
    "kind",
)


class _Forms(HTMLParser):
    """The names of the fields of a page's forms: `get` (its search and filter forms) and
    `post` (what it submits)."""

    def __init__(self):
        super().__init__()
        self.names: dict[str, set[str]] = {"get": set(), "post": set()}
        self._method: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._method = (attrs.get("method") or "get").lower()
        elif tag in ("input", "select", "textarea") and self._method in self.names:
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken" and attrs.get("type") != "file":
                self.names[self._method].add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._method = None


def _form_names(world: World, role: str, path: str) -> dict[str, set[str]]:
    forms = _Forms()
    forms.feed(ask(world, role, "GET", path).text)
    return forms.names


def _path_variants(path: str):
    """(what, path) with each id or code of `path` replaced by each hostile value."""
    parts = urlsplit(path)
    try:
        kwargs = resolve(parts.path).kwargs
    except Resolver404:
        kwargs = {}
    values = {str(v) for v in kwargs.values()}
    segments = parts.path.split("/")
    positions = [i for i, s in enumerate(segments) if s and unquote(s) in values]
    if not positions and any("/" in v for v in values):  # the page tree: its last slug
        positions = [max(i for i, s in enumerate(segments) if s)]
    query = f"?{parts.query}" if parts.query else ""
    for i in positions:
        for what, bad in HOSTILE.items():
            changed = segments.copy()
            changed[i] = quote(bad, safe="")
            yield f"{what} for {segments[i]!r} in the path", "/".join(changed) + query


def _with_query(path: str, params: dict[str, str]) -> str:
    parts = urlsplit(path)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(params)
    return f"{parts.path}?{urlencode(query)}"


def _hostile_data(data: dict, names, bad: str) -> dict:
    changed = dict(data)
    for name in names:
        changed[name] = [bad] if isinstance(data.get(name), (list, tuple)) else bad
    return changed


def _problem(answer) -> str | None:
    if answer.raised:
        return f"raised {answer.raised.strip().splitlines()[-1]}"
    if answer.status >= 500:
        return f"answered {answer.status}"
    return None


def _cases():
    cases = []
    for route in ROUTES:
        for sample in route.samples:
            cases.append(pytest.param(route.access, sample, id=f"{sample.method} {sample.path}"))
    for rule in RULES:
        for access, sample in rule.samples:
            cases.append(pytest.param(access, sample, id=f"{sample.method} {sample.path}"))
    return cases


def _typed(data: dict) -> list[str]:
    """The fields of a sample's form that carry text (files and the like are left as they are)."""
    return [
        name
        for name, value in data.items()
        if isinstance(value, (str, int)) or (isinstance(value, (list, tuple)) and value)
    ]


@pytest.mark.parametrize(("access", "sample"), _cases())
def test_hostile_input_is_never_a_500(world: World, access: Access, sample: Sample):
    path = world.fill(sample.path)
    data = world.fill(sample.data) if sample.data is not None else {}
    allowed = [r for r in ROLES if access.answer(r, sample.allowed) == ALLOWED]
    failures: list[str] = []

    def asked(role, method, url, form, what):
        problem = _problem(ask(world, role, method, url, form))
        if problem:
            failures.append(f"{role}, {what}: {method} {url[:120]!r} {problem}")

    route = resolve(urlsplit(path).path).route
    for what, url in _path_variants(path):
        try:
            reaches = resolve(urlsplit(url).path).route == route
        except Resolver404:
            reaches = False
        # A value the route's converter refuses never reaches its view: the page tree's 404
        # answers it, the same for everyone, so it is asked of two roles, not all.
        for role in ROLES if reaches else ("anonymous", "owner"):
            asked(role, sample.method, url, data, what)

    own = {name for name, _ in parse_qsl(urlsplit(path).query, keep_blank_values=True)}
    forms = _form_names(world, allowed[0], path) if allowed else {"get": set(), "post": set()}
    if sample.method == "GET":
        own |= forms["get"]
        everything = set(QUERY_NAMES) | own
        for what, bad in HOSTILE.items():
            url = _with_query(path, dict.fromkeys(everything, bad))
            for role in ROLES:
                asked(role, "GET", url, None, f"{what} in every query parameter")
            for name in sorted(own) if allowed else ():
                url = _with_query(path, {name: bad})
                asked(allowed[0], "GET", url, None, f"{what} in {name}=")
    else:
        fields = _typed(data)
        every = set(fields) | forms["post"]
        for what, bad in HOSTILE.items():
            for role in ROLES:
                form = _hostile_data(data, every, bad)
                asked(role, "POST", path, form, f"{what} in every field")
            for name in fields if len(fields) > 1 and allowed else ():
                form = _hostile_data(data, [name], bad)
                asked(allowed[0], "POST", path, form, f"{what} in the field {name}")

    assert not failures, f"{sample.method} {path}:\n  " + "\n  ".join(failures)
