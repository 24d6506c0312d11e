"""The self-assessment walked one theme per step: answers kept through Continue, Back and
errors; errors that quote the capability; the final save sending the learner back to a step
they skipped; wrong framework ids; a query count that does not grow with the framework."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.models import SelfAssessment
from learning.services import self_assessment_record
from tests.cohorts.helpers import page_text
from tests.factories import CapabilityFactory, FrameworkFactory, ThemeFactory


@pytest.fixture
def themes(course):
    """The course's framework in three themes: Being (the fixture's three capabilities),
    Relating (two) and Delivering (two)."""
    framework = course.framework
    being = course.test_capabilities
    relating_theme = ThemeFactory(framework=framework, name="Relating and communicating")
    relating = [
        CapabilityFactory(theme=relating_theme, statement=statement)
        for statement in ("I find out what matters to the person", "I check the person's goals")
    ]
    delivering_theme = ThemeFactory(framework=framework, name="Delivering")
    delivering = [CapabilityFactory(theme=delivering_theme) for _ in range(2)]
    return {"Being": being, "Relating and communicating": relating, "Delivering": delivering}


def url_of(course) -> str:
    return f"/dashboard/self-assessment/{course.framework.id}/"


def answers(capabilities, *values) -> dict[str, str]:
    return {f"capability_{c.id}": str(v) for c, v in zip(capabilities, values, strict=True)}


def checked(html: str, capability) -> str | None:
    """The value of the radio chosen for `capability`, as the page shows it."""
    found = re.search(
        rf'name="capability_{capability.id}" type="radio" value="([^"]+)" checked', html
    )
    return found.group(1) if found else None


def title(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1)).strip()


def test_each_step_shows_one_theme_with_its_place_in_the_walk(client, enrolled, course, themes):
    client.force_login(enrolled)

    first = client.get(url_of(course))
    second = client.get(url_of(course), {"step": 2})
    last = client.get(url_of(course), {"step": 3})

    text = page_text(first)
    assert "Step 1 of 3" in text and "<h1>Being</h1>" in first.content.decode()
    assert all(c.statement in text for c in themes["Being"])
    assert not any(c.statement in text for c in themes["Delivering"])
    assert "Continue" in text and 'value="back"' not in first.content.decode()
    assert "Save my self-assessment" not in text
    text = page_text(second)
    assert "Step 2 of 3" in text and "<h1>Relating and communicating</h1>" in unescape(
        second.content.decode()
    )
    assert 'name="action" value="back">Back</button>' in second.content.decode()
    assert title(second.content.decode()).startswith("Relating and communicating (step 2 of 3)")
    text = page_text(last)
    assert "Step 3 of 3" in text and "Save my self-assessment" in text
    # Five choices for every capability, "Not sure yet" last, after the "or" divider.
    radios = re.findall(
        rf'name="capability_{themes["Delivering"][0].id}" type="radio" value="([^"]+)"',
        last.content.decode(),
    )
    assert radios == ["1", "2", "3", "4", "not-sure"]
    assert '<div class="nhsuk-radios__divider">or</div>' in last.content.decode()


def test_walking_the_steps_keeps_answers_through_back_and_an_error(
    client, enrolled, course, themes
):
    client.force_login(enrolled)
    url = url_of(course)
    being, relating, delivering = themes.values()

    response = client.post(url, {"step": "1", "action": "continue", **answers(being, 1, 2, 3)})
    assert response.status_code == 302 and response["Location"] == f"{url}?step=2"
    # Step 2 with one of its two answers: an error, and the answer given is still chosen.
    response = client.post(
        url, {"step": "2", "action": "continue", **answers(relating[:1], "not-sure")}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Step 2 of 3" in page_text(response)
    assert checked(html, relating[0]) == "not-sure" and checked(html, relating[1]) is None
    # Back keeps what was chosen on this step, and step 1 still shows its answers.
    response = client.post(url, {"step": "2", "action": "back", **answers(relating[:1], 4)})
    assert response["Location"] == f"{url}?step=1"
    html = client.get(url, {"step": 1}).content.decode()
    assert [checked(html, c) for c in being] == ["1", "2", "3"]
    html = client.get(url, {"step": 2}).content.decode()
    assert checked(html, relating[0]) == "4"

    response = client.post(url, {"step": "2", "action": "continue", **answers(relating, 4, 2)})
    assert response["Location"] == f"{url}?step=3"
    response = client.post(url, {"step": "3", "action": "save", **answers(delivering, 3, 1)})

    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    snapshot = SelfAssessment.objects.get(user=enrolled)
    assert {r.capability_id: r.level for r in snapshot.ratings.all()} == {
        being[0].id: 1,
        being[1].id: 2,
        being[2].id: 3,
        relating[0].id: 4,
        relating[1].id: 2,
        delivering[0].id: 3,
        delivering[1].id: 1,
    }
    # Saving forgets the walk: a new one starts from nothing kept (the snapshot pre-fills),
    # so saving straight from the last step sends the learner back to the first.
    response = client.post(url, {"step": "3", "action": "save", **answers(delivering, 2, 2)})
    assert response.status_code == 200 and "Step 1 of 3" in page_text(response)
    assert SelfAssessment.objects.filter(user=enrolled).count() == 1


def test_errors_quote_the_capability_and_link_to_its_first_choice(client, enrolled, course, themes):
    client.force_login(enrolled)
    relating = themes["Relating and communicating"]

    response = client.post(url_of(course), {"step": "2", "action": "continue"})

    html = response.content.decode()
    assert response.status_code == 200
    assert title(html).startswith("Error: ")
    summary = html.split('nhsuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    links = [
        (href, unescape(words))
        for href, words in re.findall(r'<a href="#([^"]+)">([^<]+)', summary)
    ]
    assert links == [
        (f"id_capability_{c.id}_0", f"Choose how you rate yourself for ‘{c.statement}’")
        for c in relating
    ]
    assert f'id="id_capability_{relating[0].id}_0"' in html
    for capability in relating:
        assert capability.code not in summary
        group = html.split(f'id="id_capability_{capability.id}-error"', 1)[1]
        # The group's error sits above its radios.
        assert group.index("Choose how you rate yourself") < group.index('type="radio"')
    assert not SelfAssessment.objects.exists()


def test_final_save_with_an_earlier_step_unanswered_goes_to_that_step(
    client, enrolled, course, themes
):
    client.force_login(enrolled)
    url = url_of(course)
    being, relating, delivering = themes.values()
    client.post(url, {"step": "1", "action": "continue", **answers(being, 2, 2, 2)})

    opened = client.get(url, {"step": 3})  # straight to the last step: fine
    response = client.post(url, {"step": "3", "action": "save", **answers(delivering, 1, 4)})

    assert opened.status_code == 200
    text = page_text(response)
    assert response.status_code == 200 and "Step 2 of 3" in text
    assert title(response.content.decode()).startswith("Error: ")
    for capability in relating:
        assert f"Choose how you rate yourself for ‘{capability.statement}’" in text
    assert not SelfAssessment.objects.exists()
    # Answering it and saving again keeps the last step's answers from before.
    client.post(url, {"step": "2", "action": "continue", **answers(relating, 3, "not-sure")})
    response = client.post(url, {"step": "3", "action": "save", **answers(delivering, 1, 4)})
    assert response["Location"] == "/dashboard/"
    levels = dict(SelfAssessment.objects.get().ratings.values_list("capability_id", "level"))
    assert levels[relating[1].id] is None and levels[delivering[1].id] == 4


def test_a_one_theme_framework_saves_in_one_go_without_a_step(client, enrolled, course):
    """What the access map posts: every capability, no step, no button."""
    client.force_login(enrolled)

    response = client.post(url_of(course), answers(course.test_capabilities, 2, 3, "not-sure"))

    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    levels = [r.level for r in SelfAssessment.objects.get(user=enrolled).ratings.all()]
    assert sorted(levels, key=str) == sorted([2, 3, None], key=str)


def test_a_step_out_of_range_shows_the_nearest_step(client, enrolled, course, themes):
    client.force_login(enrolled)
    assert "Step 3 of 3" in page_text(client.get(url_of(course), {"step": "99999999999999999"}))
    assert "Step 1 of 3" in page_text(client.get(url_of(course), {"step": "abc"}))
    assert "Step 1 of 3" in page_text(client.get(url_of(course), {"step": "-2"}))


@pytest.mark.parametrize("framework_id", ["999999", "99999999999999999999", "abc"])
def test_a_wrong_framework_is_404(client, learner, framework_id):
    client.force_login(learner)
    url = f"/dashboard/self-assessment/{framework_id}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"step": "1"}).status_code == 404


def test_the_page_runs_the_same_queries_whatever_the_number_of_capabilities(
    client, learner, django_assert_max_num_queries
):
    client.force_login(learner)

    def framework_of(size):
        theme = ThemeFactory(framework=FrameworkFactory())
        capabilities = [CapabilityFactory(theme=theme) for _ in range(size)]
        self_assessment_record(
            user=learner,
            framework=theme.framework,
            ratings={c.id: 2 for c in capabilities[: size // 2]},
        )
        return theme.framework, capabilities

    def visit(framework, capabilities):
        url = f"/dashboard/self-assessment/{framework.id}/"
        client.get(url)
        client.post(
            url, {"step": "1", "action": "save", **answers(capabilities, *[3] * len(capabilities))}
        )

    small, large = framework_of(2), framework_of(40)
    client.get("/dashboard/")  # the session's first queries, out of the way
    with CaptureQueriesContext(connection) as queries:
        visit(*small)
    with django_assert_max_num_queries(len(queries)):
        visit(*large)
    assert SelfAssessment.objects.filter(framework=large[0]).count() == 2  # it did save


def test_the_final_save_sent_twice_keeps_one_snapshot_and_answers_as_the_first(
    client, enrolled, course, themes
):
    """Before form tokens the second press of "Save" showed step 1 again, as if nothing had
    been saved; now it lands where the first did (learning.submissions)."""
    client.force_login(enrolled)
    url = url_of(course)
    being, relating, delivering = themes.values()
    client.post(url, {"step": "1", "action": "continue", **answers(being, 1, 2, 3)})
    client.post(url, {"step": "2", "action": "continue", **answers(relating, 4, 2)})
    page = client.get(url, {"step": 3}).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = {"step": "3", "action": "save", "form_token": token, **answers(delivering, 3, 1)}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == "/dashboard/"
    assert SelfAssessment.objects.filter(user=enrolled).count() == 1
