"""Self-assessment with history and consent; the editors' side: frameworks, coverage report,
admin search, module mapping rules."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from learning.models import Framework, ModulePage, SelfAssessment, SelfAssessmentConsent
from learning.services import enrolment_create, self_assessment_record
from tests.factories import CapabilityFactory, FrameworkFactory, ThemeFactory


def rating_data(capabilities, level):
    return {f"capability_{c.id}": str(level) for c in capabilities}


def test_baseline_then_later_snapshot_kept_as_history(client, enrolled, course):
    client.force_login(enrolled)
    caps = course.test_capabilities
    url = f"/dashboard/self-assessment/{course.framework.id}/"
    page = client.get(url).content.decode()
    assert "Your baseline self-assessment" in page
    for cap in caps:
        assert cap.statement in page
    response = client.post(url, rating_data(caps, 1), follow=True)
    assert "Your baseline self-assessment is saved" in response.content.decode()
    response = client.post(url, rating_data(caps, 3), follow=True)
    html = response.content.decode()
    assert SelfAssessment.objects.filter(user=enrolled).count() == 2
    # Dashboard: baseline against latest, in a table as well as the chart.
    assert "Baseline 1.0" in html and "Latest 3.0" in html
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">1.0</td>' in html
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">3.0</td>' in html


def test_a_missing_rating_is_named_and_the_others_are_kept(client, enrolled, course):
    client.force_login(enrolled)
    first, second, third = course.test_capabilities
    data = {f"capability_{first.id}": "2", f"capability_{second.id}": "4"}
    response = client.post(f"/dashboard/self-assessment/{course.framework.id}/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Choose how you rate yourself for ‘{third.statement}’" in html
    assert f"Choose a level for {third.code}" not in html
    assert f'name="capability_{first.id}" type="radio" value="2" checked' in html
    assert f'name="capability_{second.id}" type="radio" value="4" checked' in html
    assert not SelfAssessment.objects.exists()


def test_levels_outside_the_scale_are_refused(client, enrolled, course):
    client.force_login(enrolled)
    data = rating_data(course.test_capabilities, 9)
    response = client.post(f"/dashboard/self-assessment/{course.framework.id}/", data)
    assert response.status_code == 200
    first = course.test_capabilities[0]
    assert f"Choose how you rate yourself for ‘{first.statement}’" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_unknown_framework_is_404(client, learner, db):
    client.force_login(learner)
    assert client.get("/dashboard/self-assessment/99999/").status_code == 404


def test_consent_is_off_by_default_and_the_learner_switches_it(client, enrolled, course):
    client.force_login(enrolled)
    html = client.get("/dashboard/").content.decode()
    assert "only you can see them" in html
    client.post("/dashboard/self-assessment/consent/", {"facilitators_may_see": "on"})
    assert SelfAssessmentConsent.objects.get(user=enrolled).facilitators_may_see
    assert "your facilitators can see them" in client.get("/dashboard/").content.decode()
    client.post("/dashboard/self-assessment/consent/", {})
    assert not SelfAssessmentConsent.objects.get(user=enrolled).facilitators_may_see


def test_dashboard_coverage_counts_capabilities_of_completed_modules(client, enrolled, course):
    client.force_login(enrolled)
    html = client.get("/dashboard/").content.decode()
    assert "0 of 3 (0%)" in html
    module = course.test_modules[0]  # develops two of the three capabilities
    for stage in ("learn", "do", "reflect"):
        client.post(f"/learning/modules/{module.id}/stages/{stage}/")
    html = client.get("/dashboard/").content.decode()
    assert "2 of 3 (67%)" in html
    assert 'role="img"' in html and "Framework coverage by theme: Being 67%" in html


def test_dashboard_for_someone_with_no_courses_points_to_the_catalogue(client, learner, db):
    client.force_login(learner)
    html = client.get("/dashboard/").content.decode()
    assert "You are not enrolled on a course yet" in html
    assert 'href="/courses/"' in html


def test_dashboard_needs_login(client, db):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_self_assessment_rejects_capabilities_of_another_framework(enrolled, course):
    other = CapabilityFactory()
    import pytest

    with pytest.raises(ValueError):
        self_assessment_record(user=enrolled, framework=course.framework, ratings={other.id: 2})


# --- editors ---------------------------------------------------------------------------------


def test_frameworks_are_listed_and_searchable_in_the_admin(admin_client, db):
    FrameworkFactory(name="Leadership for Personalised Care")
    FrameworkFactory(name="Comprehensive model")
    html = admin_client.get("/admin/snippets/learning/framework/").content.decode()
    assert "Leadership for Personalised Care" in html and "Comprehensive model" in html
    html = admin_client.get("/admin/snippets/learning/framework/?q=personalised").content.decode()
    assert "Leadership for Personalised Care" in html
    assert "Comprehensive model" not in html


def test_editor_writes_a_framework_with_ordered_themes_and_capabilities(admin_client, db):
    data = {
        "name": "Test framework",
        "short_name": "TF",
        "summary": "For testing.",
        "source_url": "",
        "version": "1",
        "themes-TOTAL_FORMS": "2",
        "themes-INITIAL_FORMS": "0",
        "themes-MIN_NUM_FORMS": "0",
        "themes-MAX_NUM_FORMS": "1000",
    }
    for t, name in enumerate(["Being", "Delivering"]):
        data |= {
            f"themes-{t}-name": name,
            f"themes-{t}-description": "",
            f"themes-{t}-ORDER": str(t + 1),
            f"themes-{t}-id": "",
            f"themes-{t}-DELETE": "",
            f"themes-{t}-capabilities-TOTAL_FORMS": "2",
            f"themes-{t}-capabilities-INITIAL_FORMS": "0",
            f"themes-{t}-capabilities-MIN_NUM_FORMS": "0",
            f"themes-{t}-capabilities-MAX_NUM_FORMS": "1000",
        }
        for c in range(2):
            prefix = f"themes-{t}-capabilities-{c}"
            data |= {
                f"{prefix}-code": f"{name[0]}{c + 1}",
                f"{prefix}-statement": f"{name} statement {c + 1}",
                f"{prefix}-guidance": "",
                f"{prefix}-ORDER": str(c + 1),
                f"{prefix}-id": "",
                f"{prefix}-DELETE": "",
            }
    response = admin_client.post("/admin/snippets/learning/framework/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    framework = Framework.objects.get(name="Test framework")
    assert [t.name for t in framework.themes.all()] == ["Being", "Delivering"]
    assert [c.code for c in framework.themes.first().capabilities.all()] == ["B1", "B2"]


def test_coverage_report_shows_mapping_and_uncovered_capabilities(client, course, roles, make_user):
    editor = make_user(email="editor@example.org", name="Ed Itor")
    editor.groups.add(roles["Content editors"])
    client.force_login(editor)
    html = client.get("/admin/learning/coverage/").content.decode()
    assert course.title in html
    html = client.get(f"/admin/learning/coverage/{course.id}/").content.decode()
    covered, uncovered = course.test_capabilities[:2], course.test_capabilities[2]
    assert "Capabilities no module covers" in html
    section = html.split("Capabilities no module covers")[1].split("What each module develops")[0]
    assert uncovered.statement in section
    assert all(c.statement not in section for c in covered)
    assert html.count('<span class="w-sr-only">Develops</span>') == 2


def test_coverage_report_is_for_staff_only(client, learner, course):
    client.force_login(learner)
    assert client.get(f"/admin/learning/coverage/{course.id}/").status_code in (302, 403)


def test_module_capabilities_must_come_from_the_course_or_second_framework(course):
    from wagtail.admin.panels import get_edit_handler

    other_theme = ThemeFactory()
    stray = CapabilityFactory(theme=other_theme)
    module = course.test_modules[1]
    form_class = get_edit_handler(ModulePage).get_form_class()
    base = nested_form_data(
        {
            "title": module.title,
            "slug": module.slug,
            "summary": "s",
            "estimated_minutes": "30",
            "is_required": "on",
            "learn_body": streamfield([]),
            "do_activity": rich_text("<p>Do it</p>"),
            "do_checklist": streamfield([]),
            "reflect_prompts": streamfield([("prompt", "Why?")]),
            "share_invitation": rich_text(""),
        }
    )
    form = form_class(
        {**base, "capabilities": [stray.id]}, instance=module, parent_page=course, for_user=None
    )
    assert not form.is_valid()
    assert "Choose capabilities from the course" in str(form.errors["capabilities"])
    form = form_class(
        {**base, "capabilities": [stray.id], "second_framework": other_theme.framework_id},
        instance=module,
        parent_page=course,
        for_user=None,
    )
    form.is_valid()
    assert "capabilities" not in form.errors


def test_admin_search_finds_courses_and_modules(admin_client, course):
    module = course.test_modules[2]
    html = admin_client.get("/admin/pages/search/", {"q": module.title}).content.decode()
    assert module.title in html


def test_enrolment_create_is_idempotent(learner, course):
    first = enrolment_create(user=learner, course=course)
    assert enrolment_create(user=learner, course=course) == first


@pytest.mark.parametrize("model", ["framework", "certificatetemplate"])
def test_a_snippet_chooser_with_no_creation_form_creates_nothing(client, content_editor, model):
    """Regression: a POST to the chooser's "create" URL answered 500 (Wagtail serves the URL
    even when the chooser has no creation form). It is a 404, and nothing is made."""
    client.force_login(content_editor)
    url = f"/admin/snippets/choose/learning/{model}/create/"

    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Made in a chooser"}).status_code == 404
    assert not Framework.objects.filter(name="Made in a chooser").exists()


def test_editor_previews_a_new_module_before_saving_it(admin_client, course, enrolled):
    """The preview shows the module where it will go, with the capabilities ticked in the form,
    as a learner who has not started it sees it; nothing is saved. (It used to fail with a 500:
    progress was looked up for a page with no id yet.)"""
    capability = course.test_capabilities[2]
    url = f"/admin/pages/add/learning/modulepage/{course.pk}/preview/"
    data = nested_form_data(
        {
            "title": "Listening to carers",
            "slug": "listening-to-carers",
            "summary": "Carers know the person best.",
            "estimated_minutes": "40",
            "is_required": "on",
            "learn_body": streamfield([]),
            "do_activity": rich_text("<p>Ask one carer what would help.</p>"),
            "do_checklist": streamfield([]),
            "reflect_prompts": streamfield([("prompt", "What did a carer tell you?")]),
            "share_invitation": rich_text(""),
        }
    )
    data["capabilities"] = [capability.pk]
    assert admin_client.post(url, data).json()["is_valid"]
    response = admin_client.get(url)
    html = response.content.decode()
    modules = len(course.test_modules)
    assert response.status_code == 200
    assert "<h1>Listening to carers</h1>" in html
    assert f"module {modules + 1} of {modules + 1}" in html
    assert "Capabilities this module develops (1)" in html and capability.statement in html
    assert "What did a carer tell you?" in html
    assert not ModulePage.objects.filter(slug="listening-to-carers").exists()
