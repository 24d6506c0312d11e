"""The failures the adversarial review found (issue 17, failures 1 and 5), one by one, as the
person who met them; tests/camino/test_hostile_input.py walks every route the same way.

- A NUL byte in an address was a 500 on PostgreSQL, signed-out pages included: it is now the
  404 page (camino.middleware.RefuseControlCharactersMiddleware).
- An id above 2^63 was a 500 (`OverflowError`) on SQLite on eight routes: it now names nothing
  (learning.lookups), so each answers as for any id that does not exist.
"""

import pytest

from tests.camino.access_world import World, ask

pytestmark = pytest.mark.django_db

HUGE = str(2**64 * 1000 + 1)
A = "/admin"


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("anonymous", "/join/%00/"),
        ("anonymous", "/certificates/?code=%00"),
        ("owner", "/journal/?q=%00"),
        ("owner", "/journal/?q=a%01b"),
        ("owner", "/journal/export/?format=json&module=%00"),
        ("owner", "/journal/%00/"),
        ("facilitator", "/cohorts/{cohort}/?sort=%00"),
    ],
)
def test_a_control_character_in_an_address_is_the_404_page(world: World, role, path):
    answer = ask(world, role, "GET", world.fill(path))
    assert answer.raised is None, answer.raised
    assert answer.status == 404
    assert "Page not found" in answer.text
    assert answer.csp  # the 404 page keeps the site's headers


@pytest.mark.parametrize(
    ("role", "method", "path", "data", "expected"),
    [
        ("facilitator", "GET", f"/cohorts/{{cohort}}/learners/{HUGE}/", None, 404),
        ("content_editor", "GET", f"{A}/learning/coverage/{HUGE}/", None, 404),
        (
            "programme_admin",
            "GET",
            f"{A}/certificates/?course={HUGE}",
            None,
            200,
        ),
        ("enrolled", "POST", f"/learning/courses/{HUGE}/enrol/", {}, 404),
        ("enrolled", "POST", f"/learning/modules/{HUGE}/stages/learn/", {}, 404),
        ("owner", "GET", f"/journal/new/?module={HUGE}", None, 404),
        (
            "owner",
            "POST",
            "/journal/new/",
            {"title": "Tuesday", "body": "I listened.", "capabilities": [HUGE]},
            200,  # the form again, with its error and what was typed
        ),
        ("facilitator", "POST", "/cohorts/{cohort}/reminders/", {"learners": [HUGE]}, 302),
    ],
)
def test_an_id_too_big_for_the_database_names_nothing(
    world: World, role, method, path, data, expected
):
    answer = ask(world, role, method, world.fill(path), data)
    assert answer.raised is None, answer.raised
    assert answer.status == expected
    assert not answer.writes
