"""A learner's journey: catalogue, enrolment, the four stages, completion, My learning."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import hooks
from wagtail.models import Page

from learning import services
from learning.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    ModuleCompletion,
    ModulePage,
    StageCompletion,
)
from tests.factories import ModulePageFactory


def stage_url(module, stage):
    return f"/learning/modules/{module.id}/stages/{stage}/"


def complete_module(client, module, share=False):
    for stage in ("learn", "do", "reflect"):
        client.post(stage_url(module, stage))
    if share:
        client.post(stage_url(module, "share"))


# --- page-tree rules ---------------------------------------------------------------------


def test_page_tree_rules(home_page):
    assert CourseIndexPage.can_create_at(home_page)
    assert not CoursePage.can_create_at(home_page)
    assert not ModulePage.can_create_at(home_page)
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_subpage_models() == []
    assert ModulePage.allowed_parent_page_models() == [CoursePage]
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage]


def test_only_one_course_catalogue(course_index, home_page):
    assert not CourseIndexPage.can_create_at(home_page)


# --- catalogue and course page -------------------------------------------------------------


def test_catalogue_lists_live_courses_only(client, course):
    draft = CoursePage(
        title="Draft course",
        slug="draft",
        summary="x",
        estimated_hours=1,
        framework=course.framework,
    )
    course.get_parent().add_child(instance=draft)
    draft.unpublish()
    html = client.get("/courses/").content.decode()
    assert course.title in html
    assert "Draft course" not in html


def test_course_page_task_list_shows_status_for_each_module(client, enrolled, course):
    first, second = course.test_modules[:2]
    client.force_login(enrolled)
    complete_module(client, first)
    client.post(stage_url(second, "learn"))
    html = client.get(course.url).content.decode()
    assert html.count('class="nhsuk-task-list__item') == 4
    assert html.count("Completed</div>") + html.count("Completed\n") >= 1
    assert "In progress" in html and "Not started" in html
    assert "1 of 4</strong> required modules completed (25%)" in html
    assert f"Continue where you left off: {second.title}" in html


def test_anonymous_course_page_invites_to_log_in_not_enrol(client, course):
    html = client.get(course.url).content.decode()
    assert "log in</a> or" in html
    assert "Enrol on this course" not in html


def test_enrolment_is_one_button_and_twice_changes_nothing(client, learner, course):
    client.force_login(learner)
    assert "Enrol on this course" in client.get(course.url).content.decode()
    response = client.post(f"/learning/courses/{course.id}/enrol/")
    assert response.status_code == 302
    assert response["Location"] == course.test_modules[0].url
    client.post(f"/learning/courses/{course.id}/enrol/")
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1


def test_enrol_in_unknown_or_unpublished_course_is_404(client, learner, course):
    client.force_login(learner)
    assert client.post("/learning/courses/999999/enrol/").status_code == 404
    course.unpublish()
    assert client.post(f"/learning/courses/{course.id}/enrol/").status_code == 404


# --- module access -------------------------------------------------------------------------


def test_module_page_sends_anonymous_people_to_log_in(client, course):
    module = course.test_modules[0]
    response = client.get(module.url, follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/?next=")
    assert "Log in to start this module" in response.content.decode()


def test_module_page_sends_unenrolled_learners_to_enrol(client, learner, course):
    client.force_login(learner)
    response = client.get(course.test_modules[0].url, follow=True)
    assert response.redirect_chain[-1][0] == course.url
    assert "Enrol on this course to start its modules" in response.content.decode()


def test_module_page_shows_four_numbered_stages(client, enrolled, course):
    client.force_login(enrolled)
    module = course.test_modules[0]
    html = client.get(module.url).content.decode()
    for number, name in enumerate(["Learn", "Do", "Reflect", "Share"], start=1):
        assert f'<span class="camino-stage__number">{number}</span> {name}' in html
    assert "module 1 of 4" in html
    assert "An idea worth learning." in html
    assert "What did you notice?" in html
    assert course.test_capabilities[0].statement in html
    assert f'href="{course.test_modules[1].url}"' in html  # next module


def test_unknown_or_unpublished_module_is_404(client, enrolled, course):
    client.force_login(enrolled)
    assert client.post(stage_url(type("M", (), {"id": 999999})(), "learn")).status_code == 404
    module = course.test_modules[0]
    module.unpublish()
    assert client.get(module.url).status_code == 404
    assert client.post(stage_url(module, "learn")).status_code == 404
    assert client.post(stage_url(course.test_modules[1], "sing")).status_code == 404


# --- stages and completion -----------------------------------------------------------------


def test_marking_a_stage_when_not_enrolled_is_refused_with_a_message(client, learner, course):
    client.force_login(learner)
    response = client.post(stage_url(course.test_modules[0], "learn"), follow=True)
    assert "You need to enrol on this course" in response.content.decode()
    assert not StageCompletion.objects.exists()


def test_same_stage_twice_makes_no_duplicate_and_no_error(client, enrolled, course):
    client.force_login(enrolled)
    module = course.test_modules[0]
    for _ in range(2):
        response = client.post(stage_url(module, "learn"))
        assert response.status_code == 302
    assert StageCompletion.objects.filter(user=enrolled, module=module).count() == 1


def test_do_keeps_the_learners_note(client, enrolled, course):
    client.force_login(enrolled)
    module = course.test_modules[0]
    client.post(stage_url(module, "do"), {"note": "Asked Mrs K what a good day looks like."})
    html = client.get(module.url).content.decode()
    assert "Asked Mrs K what a good day looks like." in html


def test_module_completes_with_learn_do_reflect_when_share_is_optional(client, enrolled, course):
    client.force_login(enrolled)
    module = course.test_modules[0]
    client.post(stage_url(module, "learn"))
    client.post(stage_url(module, "do"))
    assert not ModuleCompletion.objects.filter(user=enrolled, module=module).exists()
    response = client.post(stage_url(module, "reflect"), follow=True)
    assert ModuleCompletion.objects.filter(user=enrolled, module=module).exists()
    # Share is optional but still to do: the learner goes there, told the module is complete.
    assert response.redirect_chain[-1][0] == f"{module.url}#stage-share"
    assert "Reflect marked as done. Module complete." in response.content.decode()


def test_share_required_means_share_or_conscious_skip(client, enrolled, course):
    course.share_required = True
    course.save_revision().publish()
    client.force_login(enrolled)
    first, second = course.test_modules[:2]
    complete_module(client, first)
    assert not ModuleCompletion.objects.filter(module=first).exists()
    client.post(stage_url(first, "share"), {"skip": "1"})
    assert ModuleCompletion.objects.filter(module=first).exists()
    assert StageCompletion.objects.get(module=first, stage="share").outcome == "skipped"
    complete_module(client, second, share=True)
    assert ModuleCompletion.objects.filter(module=second).exists()


def test_course_completes_exactly_once_and_announces_itself(client, enrolled, course):
    announced = []

    def listener(enrolment):
        announced.append(enrolment.pk)

    client.force_login(enrolled)
    with hooks.register_temporarily("learning_course_completed", listener):
        for module in course.test_modules:
            complete_module(client, module)
        complete_module(client, course.test_modules[0], share=True)
    enrolment = Enrolment.objects.get(user=enrolled, course=course)
    assert enrolment.completed_at is not None
    assert announced == [enrolment.pk]
    first_time = enrolment.completed_at
    services.course_completion_check(enrolment=enrolment, course=course)
    enrolment.refresh_from_db()
    assert enrolment.completed_at == first_time


def test_optional_modules_do_not_block_completion(client, enrolled, course):
    optional = ModulePageFactory(parent=course, is_required=False)
    client.force_login(enrolled)
    for module in course.test_modules:
        complete_module(client, module)
    assert Enrolment.objects.get(user=enrolled).completed_at is not None
    assert not ModuleCompletion.objects.filter(module=optional).exists()


def test_adding_a_required_module_later_keeps_the_course_completed(client, enrolled, course):
    client.force_login(enrolled)
    for module in course.test_modules:
        complete_module(client, module)
    ModulePageFactory(parent=course)
    assert Enrolment.objects.get(user=enrolled).completed_at is not None
    html = client.get("/dashboard/").content.decode()
    assert "Completed</strong> on" in html
    assert "4 of 5</strong> required modules completed" in html


def test_deleting_a_module_keeps_completed_courses_completed(client, enrolled, course):
    client.force_login(enrolled)
    for module in course.test_modules:
        complete_module(client, module)
    Page.objects.get(pk=course.test_modules[0].pk).delete()
    assert Enrolment.objects.get(user=enrolled).completed_at is not None


def test_moving_and_renaming_pages_keeps_progress(client, enrolled, course, course_index):
    client.force_login(enrolled)
    first, second = course.test_modules[:2]
    complete_module(client, first)
    page = Page.objects.get(pk=first.pk).specific
    page.title, page.slug = "A new title", "a-new-slug"
    page.save_revision().publish()
    Page.objects.get(pk=first.pk).move(Page.objects.get(pk=course.pk), pos="last-child")
    html = client.get(CoursePage.objects.get(pk=course.pk).url).content.decode()
    assert "A new title" in html
    assert "1 of 4</strong> required modules completed" in html


# --- preview --------------------------------------------------------------------------------


def test_editors_preview_the_module_as_a_learner_sees_it(admin_client, course):
    module = course.test_modules[0]
    response = admin_client.get(f"/admin/pages/{module.id}/view_draft/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "An idea worth learning." in html
    assert "Mark Learn as done" in html


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [4, 40])
def test_module_page_query_count_does_not_grow_with_the_course(
    client, learner, course_index, size, django_assert_max_num_queries
):
    from tests.factories import course_with_modules

    course, modules = course_with_modules(parent=course_index, modules=size)
    services.enrolment_create(user=learner, course=course)
    client.force_login(learner)
    module = modules[size // 2]
    complete_module(client, module)
    client.get(module.url)  # warm caches that are per process, not per page
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(module.url).status_code == 200
    pytest.module_queries = getattr(pytest, "module_queries", {})
    pytest.module_queries[size] = len(ctx.captured_queries)
    # 16 with the header's count of unread notifications.
    assert len(ctx.captured_queries) <= 16, "\n".join(q["sql"][:150] for q in ctx.captured_queries)


def test_module_page_runs_the_same_queries_for_4_and_40_modules(client, learner, course_index):
    from tests.factories import course_with_modules

    counts = {}
    for size in (4, 40):
        course, modules = course_with_modules(parent=course_index, modules=size)
        services.enrolment_create(user=learner, course=course)
        client.force_login(learner)
        module = modules[1]
        complete_module(client, module)
        client.get(module.url)
        with CaptureQueriesContext(connection) as ctx:
            client.get(module.url)
        counts[size] = len(ctx.captured_queries)
    assert counts[4] == counts[40], counts


def test_dashboard_runs_the_same_queries_for_1_and_10_courses(client, learner, course_index):
    from tests.factories import course_with_modules

    counts = {}
    enrolled_courses = 0
    for target in (1, 10):
        while enrolled_courses < target:
            course, modules = course_with_modules(parent=course_index, modules=3)
            services.enrolment_create(user=learner, course=course)
            client.force_login(learner)
            complete_module(client, modules[0])
            enrolled_courses += 1
        client.get("/dashboard/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/dashboard/").status_code == 200
        counts[target] = len(ctx.captured_queries)
    assert counts[1] == counts[10], counts
    assert counts[10] <= 15, counts


def test_course_page_runs_the_same_queries_for_4_and_40_modules(client, learner, course_index):
    from tests.factories import course_with_modules

    counts = {}
    for size in (4, 40):
        course, modules = course_with_modules(parent=course_index, modules=size)
        services.enrolment_create(user=learner, course=course)
        client.force_login(learner)
        complete_module(client, modules[1])
        client.get(course.url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(course.url).status_code == 200
        counts[size] = len(ctx.captured_queries)
    assert counts[4] == counts[40], counts
