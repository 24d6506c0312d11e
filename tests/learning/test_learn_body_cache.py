"""The module's Learn body is rendered once per published revision and kept in the shared
cache (learning.caching): a new revision shows at once, a preview shows the draft, and the
copy holds nothing of the person who first read it."""

from wagtail.rich_text import RichText

from learning import services
from learning.models import ModulePage


def _body(module, text: str, *, publish: bool = True) -> None:
    page = ModulePage.objects.get(pk=module.pk)
    page.learn_body = [("text", RichText(f"<p>{text}</p>"))]
    revision = page.save_revision()
    if publish:
        revision.publish()


def _module_html(client, module) -> str:
    response = client.get(ModulePage.objects.get(pk=module.pk).url)
    assert response.status_code == 200
    return response.content.decode()


def test_publishing_a_changed_body_shows_the_new_text_at_once(client, learner, course):
    module = course.test_modules[1]
    services.enrolment_create(user=learner, course=course)
    client.force_login(learner)
    _body(module, "The first version of the idea.")
    assert "The first version of the idea." in _module_html(client, module)
    assert "The first version of the idea." in _module_html(client, module)  # from the cache

    _body(module, "The second version of the idea.")

    html = _module_html(client, module)
    assert "The second version of the idea." in html
    assert "The first version of the idea." not in html


def test_the_same_revision_is_served_from_the_cache(client, learner, course):
    """A change written to the page row without a new revision (nothing in Wagtail does this;
    it shows the copy is reused) is not shown until a revision is published."""
    module = course.test_modules[1]
    services.enrolment_create(user=learner, course=course)
    client.force_login(learner)
    _body(module, "Words as published.")
    assert "Words as published." in _module_html(client, module)
    ModulePage.objects.filter(pk=module.pk).update(
        learn_body=[{"type": "text", "value": "<p>Written behind Wagtail's back.</p>"}]
    )
    assert "Words as published." in _module_html(client, module)


def test_an_editors_preview_shows_the_draft_and_learners_the_live_body(
    admin_client, client, learner, course
):
    module = course.test_modules[1]
    services.enrolment_create(user=learner, course=course)
    client.force_login(learner)
    _body(module, "Live words for learners.")
    assert "Live words for learners." in _module_html(client, module)

    _body(module, "Draft words not yet published.", publish=False)

    preview = admin_client.get(f"/admin/pages/{module.pk}/view_draft/").content.decode()
    assert "Draft words not yet published." in preview
    html = _module_html(client, module)
    assert "Live words for learners." in html
    assert "Draft words not yet published." not in html


def test_each_learner_sees_the_shared_body_with_their_own_name(client, make_user, course):
    module = course.test_modules[1]
    _body(module, "A body for everyone.")
    first = make_user(name="Ada First", email="ada@example.org")
    second = make_user(name="Ben Second", email="ben@example.org")
    pages = {}
    for person in (first, second):
        services.enrolment_create(user=person, course=course)
        client.force_login(person)
        pages[person.name] = _module_html(client, module)
    assert "A body for everyone." in pages["Ada First"]
    assert "A body for everyone." in pages["Ben Second"]
    assert "Ada First" not in pages["Ben Second"]
    assert "Ben Second" not in pages["Ada First"]


def test_a_module_published_later_shows_in_the_module_count_and_on_the_dashboard(
    client, learner, course
):
    """The course's list of modules is cached for everyone; publishing a new one replaces it."""
    from tests.factories import ModulePageFactory

    services.enrolment_create(user=learner, course=course)
    client.force_login(learner)
    first = course.test_modules[0]
    assert "module 1 of 4" in _module_html(client, first)
    client.get("/dashboard/")

    added = ModulePageFactory(parent=course, title="A module added later")
    added.save_revision().publish()

    assert "module 1 of 5" in _module_html(client, first)
    assert "of 5</strong> required modules completed" in client.get("/dashboard/").content.decode()


def test_a_capability_renamed_by_an_editor_shows_on_the_module_page(client, learner, course):
    services.enrolment_create(user=learner, course=course)
    client.force_login(learner)
    first = course.test_modules[0]
    capability = course.test_capabilities[0]
    assert capability.statement in _module_html(client, first)

    capability.statement = "Listens first, then plans together"
    capability.save()

    assert "Listens first, then plans together" in _module_html(client, first)
