"""The module flow on a phone: each stage button leads to the next stage to do, with its
confirmation inside that stage; finishing a module leads to the next one, finishing the course
to its completion page; "Continue where you left off" opens the module at the next stage."""

import re
from html import unescape

import pytest

from learning import services
from learning.models import Enrolment, ModuleCompletion

pytestmark = pytest.mark.django_db


def stage_url(module, stage):
    return f"/learning/modules/{module.id}/stages/{stage}/"


def complete_module(user, module, stages=("learn", "do", "reflect")):
    for stage in stages:
        services.stage_complete(user=user, module=module, stage=stage)


def section(html: str, stage: str) -> str:
    """The stage's <section> on the module page."""
    found = re.search(rf'<section class="camino-stage" id="stage-{stage}".*?</section>', html, re.S)
    assert found, f"no section for {stage}"
    return found.group(0)


def top_of_page(html: str) -> str:
    """Everything in the main content above the module's title."""
    main = html.split('<main id="maincontent"', 1)[1]
    return main.split("<h1", 1)[0]


def message_under_heading(html: str, stage: str) -> str | None:
    """The confirmation right under the stage's heading, in words, or None."""
    found = re.search(
        r"</h2>\s*<div class=\"nhsuk-notification-banner nhsuk-notification-banner--success "
        r"camino-message\".*?<p class=\"nhsuk-notification-banner__heading\">(.*?)</p>",
        section(html, stage),
        re.S,
    )
    return unescape(found.group(1)) if found else None


# --- each stage button leads to the next stage to do ------------------------------------------


@pytest.mark.parametrize(
    "stage, goes_to", [("learn", "do"), ("do", "reflect"), ("reflect", "share")]
)
def test_each_stage_button_leads_to_the_next_stage_with_its_confirmation_there(
    client, enrolled, course, stage, goes_to
):
    module = course.test_modules[1]
    order = ["learn", "do", "reflect"]
    complete_module(enrolled, module, order[: order.index(stage)])
    client.force_login(enrolled)

    response = client.post(stage_url(module, stage))

    assert response.status_code == 302
    assert response["Location"] == f"{module.url}#stage-{goes_to}"
    html = client.get(module.url).content.decode()
    said = message_under_heading(html, goes_to)
    assert said is not None and said.startswith(f"{stage.capitalize()} marked as done.")
    assert "marked as done" not in top_of_page(html)
    assert f'<h2 id="stage-{goes_to}-heading" tabindex="-1">' in html
    assert 'src="/static/learning/js/module.js"' in html
    # Shown once: reloading the page does not say it again.
    assert "marked as done" not in client.get(module.url).content.decode()


def test_a_stage_done_out_of_order_leads_to_the_first_still_to_do(client, enrolled, course):
    module = course.test_modules[0]
    client.force_login(enrolled)

    response = client.post(stage_url(module, "do"), {"note": "Tried it."})

    assert response["Location"] == f"{module.url}#stage-learn"
    assert message_under_heading(client.get(module.url).content.decode(), "learn") == (
        "Do marked as done."
    )


def test_the_reflection_that_completes_a_module_says_so_beside_share(client, enrolled, course):
    module = course.test_modules[0]
    complete_module(enrolled, module, ("learn", "do"))
    client.force_login(enrolled)

    response = client.post(stage_url(module, "reflect"))

    assert response["Location"] == f"{module.url}#stage-share"
    assert ModuleCompletion.objects.filter(user=enrolled, module=module).exists()
    html = client.get(module.url).content.decode()
    assert message_under_heading(html, "share") == "Reflect marked as done. Module complete."


# --- after all four stages: the next module, the completion page or the course page ---------


def test_all_four_done_leads_to_the_next_module_with_the_message_at_its_top(
    client, enrolled, course
):
    course.share_required = True
    course.save_revision().publish()
    first, second = course.test_modules[:2]
    complete_module(enrolled, first)
    client.force_login(enrolled)

    response = client.post(stage_url(first, "share"), {"skip": "1"})

    assert response["Location"] == second.url
    html = client.get(second.url).content.decode()
    top = top_of_page(html)
    assert f"You chose not to share this time. Module complete: {first.title}." in unescape(top)
    assert "nhsuk-notification-banner--success" in top
    # module.js focuses the title: the message above it stays in view.
    assert f'<h1 tabindex="-1" data-focus-on-load>{second.title}</h1>' in html


def test_a_stage_that_completes_the_course_says_so_and_links_to_the_completion_page(
    client, enrolled, course
):
    *earlier, last = course.test_modules
    for module in earlier:
        complete_module(enrolled, module)
    complete_module(enrolled, last, ("learn", "do"))
    client.force_login(enrolled)

    response = client.post(stage_url(last, "reflect"))

    assert response["Location"] == f"{last.url}#stage-share"
    assert Enrolment.objects.get(user=enrolled, course=course).completed_at is not None
    html = client.get(last.url).content.decode()
    assert message_under_heading(html, "share") == (
        f"Reflect marked as done. Module complete. You have finished {course.title}."
    )
    completion = f"/dashboard/courses/{course.pk}/complete/"
    assert f'href="{completion}">See what you achieved' in section(html, "share")

    # Not sharing this time: with nothing left to do, on to the completion page.
    response = client.post(stage_url(last, "share"), {"skip": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == completion
    assert f"You have finished {course.title}" in response.content.decode()


def test_when_share_is_required_the_last_stage_leads_straight_to_the_completion_page(
    client, enrolled, course
):
    course.share_required = True
    course.save_revision().publish()
    *earlier, last = course.test_modules
    for module in earlier:
        complete_module(enrolled, module, ("learn", "do", "reflect", "share"))
    complete_module(enrolled, last)
    client.force_login(enrolled)

    response = client.post(stage_url(last, "share"), follow=True)

    assert response.redirect_chain == [(f"/dashboard/courses/{course.pk}/complete/", 302)]
    text = unescape(response.content.decode())
    assert f"Share marked as done. Module complete: {last.title}. You have finished" in text


def test_the_last_module_of_an_unfinished_course_leads_to_the_course_page(client, enrolled, course):
    last = course.test_modules[-1]
    complete_module(enrolled, last)
    client.force_login(enrolled)

    response = client.post(stage_url(last, "share"), {"skip": "1"})

    assert response["Location"] == course.url
    assert Enrolment.objects.get(user=enrolled, course=course).completed_at is None


def test_the_last_module_of_a_course_completed_earlier_leads_to_its_completion_page(
    client, enrolled, course
):
    for module in course.test_modules:
        complete_module(enrolled, module)
    last = course.test_modules[-1]
    client.force_login(enrolled)

    response = client.post(stage_url(last, "share"), {"skip": "1"})

    assert response["Location"] == f"/dashboard/courses/{course.pk}/complete/"


# --- "Continue where you left off" ------------------------------------------------------------


def test_continue_where_you_left_off_opens_the_module_at_the_next_stage(client, enrolled, course):
    first, second = course.test_modules[:2]
    complete_module(enrolled, first)
    complete_module(enrolled, second, ("learn",))
    client.force_login(enrolled)

    dashboard = client.get("/dashboard/").content.decode()
    course_page = client.get(course.url).content.decode()

    link = f'href="{second.url}#stage-do"'
    assert f"Continue where you left off: <a {link}>{second.title}</a>" in dashboard
    assert f'<a class="nhsuk-action-link__link" {link}>' in course_page


def test_a_module_not_started_yet_opens_at_its_top(client, enrolled, course):
    client.force_login(enrolled)

    dashboard = client.get("/dashboard/").content.decode()

    first = course.test_modules[0]
    assert f'Next step: <a href="{first.url}">{first.title}</a>' in dashboard


def test_wrong_or_huge_ids_are_404_not_500(client, enrolled, course):
    client.force_login(enrolled)
    for url in (
        "/learning/modules/99999999999999999999/stages/learn/",
        "/learning/courses/99999999999999999999/enrol/",
        "/learning/modules/99999999999999999999/checklist/",
    ):
        assert client.post(url).status_code == 404, url


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("x" * 2001, "Keep your note to 2,000 characters or fewer"),
        ("Tried it\x00 with the team.", "Remove the invisible control character"),
    ],
)
def test_a_do_note_that_cannot_be_kept_is_refused_not_dropped(
    client, enrolled, course, note, message
):
    """Issue 17, failure 6: a Do note over 2,000 characters or with a NUL was silently dropped
    while Do was marked done."""
    from learning.models import StageCompletion

    module = course.test_modules[0]
    client.force_login(enrolled)

    response = client.post(stage_url(module, "do"), {"note": note})

    assert response["Location"] == f"{module.url}#stage-do"
    assert not StageCompletion.objects.filter(user=enrolled, module=module, stage="do").exists()
    do = section(client.get(module.url).content.decode(), "do")
    assert message in do
    assert note.replace("\x00", "")[:40] in unescape(do).replace("\x00", ""), "kept in its box"
    # Once only: the page after that is as usual.
    assert message not in section(client.get(module.url).content.decode(), "do")
