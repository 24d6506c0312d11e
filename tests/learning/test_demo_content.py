"""The learning plugin's demo content, loaded through `load_demo_data` as a developer would."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision

from learning.models import (
    Capability,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    Framework,
    ModuleCompletion,
    ModulePage,
    Rating,
    SelfAssessment,
    StageCompletion,
    Theme,
)

LPC_THEMES = ["Being", "Relating and Communicating", "Leading and Visioning", "Delivering"]
CMPC_COMPONENTS = [
    "Shared decision making",
    "Personalised care and support planning",
    "Enabling choice, including legal rights to choice",
    "Social prescribing and community-based support",
    "Supported self-management",
    "Personal health budgets and integrated personal budgets",
]


def _snapshot() -> dict:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "frameworks": Framework.objects.count(),
        "themes": Theme.objects.count(),
        "capabilities": Capability.objects.count(),
        "enrolments": list(
            Enrolment.objects.order_by("pk").values_list(
                "pk", "created_at", "last_activity_at", "completed_at"
            )
        ),
        "stages": list(
            StageCompletion.objects.order_by("pk").values_list("pk", "stage", "completed_at")
        ),
        "modules_done": ModuleCompletion.objects.count(),
        "assessments": list(SelfAssessment.objects.order_by("pk").values_list("pk", "created_at")),
        "ratings": Rating.objects.count(),
    }


@pytest.fixture
def demo(db, settings):
    """Load the demo twice; hand back what the first and second runs left behind."""
    settings.DEBUG = True
    call_command("load_demo_data", stdout=io.StringIO())
    first = _snapshot()
    call_command("load_demo_data", stdout=io.StringIO())
    return first, _snapshot()


@pytest.fixture
def users(demo):
    User = get_user_model()
    return {u.email: u for u in User.objects.filter(email__endswith="@example.org")}


def _average(assessment: SelfAssessment) -> float:
    levels = [r.level for r in assessment.ratings.all()]
    return sum(levels) / len(levels)


def _framework(short_name: str) -> Framework:
    return Framework.objects.get(short_name=short_name)


def test_second_run_changes_nothing(demo):
    first, second = demo
    assert first == second
    assert first["pages"] > 0 and first["stages"]


def test_one_course_with_six_live_required_modules_under_courses(demo):
    index = CourseIndexPage.objects.get()
    assert index.url_path.endswith("/courses/") and index.live
    course = CoursePage.objects.get()
    assert course.get_parent().specific == index
    assert course.framework == _framework("LPC")
    assert course.live and course.awards_certificate and not course.share_required
    assert 4 <= len(course.learning_outcomes) <= 5
    modules = ModulePage.objects.child_of(course)
    assert modules.count() == 6
    assert modules.live().filter(is_required=True).count() == 6


def test_every_module_maps_to_both_frameworks(demo):
    lpc, cmpc = _framework("LPC"), _framework("CMPC")
    for module in ModulePage.objects.all():
        frameworks = [c.theme.framework for c in module.capabilities.select_related("theme")]
        assert 2 <= frameworks.count(lpc) <= 4, module.title
        assert 1 <= frameworks.count(cmpc) <= 3, module.title
        assert module.second_framework == cmpc


def test_every_module_has_all_four_stages_written(demo):
    for module in ModulePage.objects.all():
        kinds = [block.block_type for block in module.learn_body]
        assert len(kinds) >= 3 and "text" in kinds and "story" in kinds, module.title
        assert {"inset_text", "do_list", "dont_list", "expander", "care_card"} & set(kinds)
        assert "<p>" in module.do_activity, module.title
        assert 2 <= len(module.do_checklist) <= 4, module.title
        assert 2 <= len(module.reflect_prompts) <= 3, module.title
        assert all(prompt.value.strip() for prompt in module.reflect_prompts)
        assert "<p>" in module.share_invitation, module.title
        assert 30 <= module.estimated_minutes <= 60


def test_lpc_has_its_four_themes_in_order_with_illustrative_statements(demo):
    lpc = _framework("LPC")
    assert lpc.name == "Leadership for Personalised Care"
    assert "illustrative" in lpc.summary and "written for this demo" in lpc.summary
    themes = list(lpc.themes.order_by("sort_order"))
    assert [t.name for t in themes] == LPC_THEMES
    for theme in themes:
        assert 3 <= theme.capabilities.count() <= 5, theme.name
        assert all(c.code[0] == theme.name[0] for c in theme.capabilities.all())


def test_cmpc_has_the_six_components(demo):
    cmpc = _framework("CMPC")
    assert "NHS England" in cmpc.summary
    themes = list(cmpc.themes.order_by("sort_order"))
    assert [t.name for t in themes] == CMPC_COMPONENTS
    for theme in themes:
        assert 2 <= theme.capabilities.count() <= 3, theme.name


def test_learners_progress_follows_the_real_rules(demo, users):
    course = CoursePage.objects.get()
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    learner, learner2 = users["learner@example.org"], users["learner2@example.org"]

    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.completed_at is None
    done = set(ModuleCompletion.objects.filter(user=learner).values_list("module_id", flat=True))
    assert done == {modules[0].pk, modules[1].pk}
    share = StageCompletion.objects.get(user=learner, module=modules[1], stage="share")
    assert share.outcome == StageCompletion.Outcome.SKIPPED
    assert StageCompletion.objects.get(user=learner, module=modules[0], stage="do").note
    assert list(
        StageCompletion.objects.filter(user=learner, module=modules[2]).values_list(
            "stage", flat=True
        )
    ) == ["learn"]
    assert SelfAssessment.objects.filter(user=learner, framework=course.framework).count() == 1

    enrolment2 = Enrolment.objects.get(user=learner2, course=course)
    assert enrolment2.completed_at is not None
    assert enrolment2.last_activity_at < enrolment.last_activity_at
    assert ModuleCompletion.objects.filter(user=learner2).count() == 6
    baseline, later = SelfAssessment.objects.filter(user=learner2).order_by("created_at")
    assert (
        baseline.ratings.count()
        == Capability.objects.filter(theme__framework__short_name="LPC").count()
    )
    assert _average(baseline) < _average(later)


def test_demo_pages_render_for_the_learners(demo, users, client):
    course = CoursePage.objects.get()
    urls = ["/courses/", course.url] + [m.url for m in ModulePage.objects.live().order_by("path")]
    for email in ("learner@example.org", "learner2@example.org"):
        client.force_login(users[email])
        for url in [*urls, "/dashboard/"]:
            response = client.get(url)
            assert response.status_code == 200, (email, url)
    html = client.get(ModulePage.objects.get(slug="co-production").url).content.decode()
    assert "camino-story" in html and "Abi, an expert by experience" in html
