"""The Do checklist: ticks are saved (by the button, by the page's script, and with "Mark Do as
done"), remembered, limited to the module's current items, and read in a fixed number of
queries however long the checklist is."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning import services
from learning.models import ChecklistTick, ModulePage, StageCompletion
from tests.factories import ModulePageFactory

pytestmark = pytest.mark.django_db

STEPS = ["Choose three conversations", "Ask the question first", "Write down the answers"]


@pytest.fixture
def module(course):
    """A module of the `course` fixture with a Do checklist of three steps."""
    made = ModulePageFactory(parent=course, do_checklist=[("item", step) for step in STEPS])
    return ModulePage.objects.get(pk=made.pk)


def item_ids(module) -> list[str]:
    return [block.id for block in module.do_checklist]


def ticked_on_page(html: str) -> list[str]:
    """The values of the checklist's ticked boxes, as the browser would send them."""
    boxes = re.findall(r'<input class="nhsuk-checkboxes__input"[^>]*name="item"[^>]*>', html)
    return [re.search(r'value="([^"]+)"', box).group(1) for box in boxes if " checked" in box]


def ticks(user, module) -> set[str]:
    return set(
        ChecklistTick.objects.filter(user=user, module=module).values_list("item_id", flat=True)
    )


def test_the_checklist_is_checkboxes_in_the_do_form_until_do_is_done(client, enrolled, module):
    client.force_login(enrolled)

    html = client.get(module.url).content.decode()

    do_form = re.search(r"<form [^>]*stages/do/.*?</form>", html, re.S).group(0)
    for step, item in zip(STEPS, item_ids(module), strict=True):
        assert f'value="{item}"' in do_form
        label = f'class="nhsuk-label nhsuk-checkboxes__label" for="checklist-{item}">{step}</label>'
        assert label in do_form
    assert "Save my ticks" in do_form and "Mark Do as done" in do_form
    assert f'formaction="/learning/modules/{module.pk}/checklist/"' in do_form

    services.stage_complete(user=enrolled, module=module, stage="do")
    html = client.get(module.url).content.decode()
    own_form = re.search(
        r'<form [^>]*action="/learning/modules/\d+/checklist/".*?</form>', html, re.S
    )
    assert own_form and "Save my ticks" in own_form.group(0)
    assert "Mark Do as done" not in html


def test_save_my_ticks_keeps_them_and_ignores_ids_that_are_not_items(client, enrolled, module):
    first, second, third = item_ids(module)
    client.force_login(enrolled)

    response = client.post(
        f"/learning/modules/{module.pk}/checklist/", {"item": [first, third, "made-up-id"]}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{module.url}#stage-do"
    assert ticks(enrolled, module) == {first, third}
    html = client.get(module.url).content.decode()
    assert ticked_on_page(html) == [first, third]
    assert "Your ticks are saved." in re.search(r'id="stage-do".*?</section>', html, re.S).group(0)


def test_ticking_from_the_script_answers_json_and_unticking_removes(client, enrolled, module):
    first, second, _ = item_ids(module)
    services.checklist_ticks_set(user=enrolled, module=module, item_ids=[first, second])
    client.force_login(enrolled)

    response = client.post(
        f"/learning/modules/{module.pk}/checklist/",
        {"item": [second]},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 200
    assert response.json() == {"saved": True, "ticked": [second]}
    assert ticks(enrolled, module) == {second}


def test_mark_do_as_done_saves_the_ticks_too(client, enrolled, module):
    first, _, third = item_ids(module)
    client.force_login(enrolled)

    client.post(
        f"/learning/modules/{module.pk}/stages/do/",
        {"checklist": "1", "item": [third], "note": "Asked at the drop-in."},
    )

    assert ticks(enrolled, module) == {third}
    done = StageCompletion.objects.get(user=enrolled, module=module, stage="do")
    assert done.note == "Asked at the drop-in."
    assert ticked_on_page(client.get(module.url).content.decode()) == [third]


def test_saving_ticks_without_javascript_keeps_the_note_being_typed(client, enrolled, module):
    first = item_ids(module)[0]
    client.force_login(enrolled)

    client.post(
        f"/learning/modules/{module.pk}/checklist/",
        {"checklist": "1", "item": [first], "note": "Half way through the first one"},
    )

    html = client.get(module.url).content.decode()
    assert re.search(r"<textarea[^>]*>\s*Half way through the first one</textarea>", html)
    assert not StageCompletion.objects.filter(user=enrolled, module=module).exists()
    # Once shown again, it is the form's to keep: it does not come back after that.
    assert "Half way through" not in client.get(module.url).content.decode()


def test_a_removed_item_counts_no_more(client, enrolled, module):
    first, second, third = item_ids(module)
    services.checklist_ticks_set(user=enrolled, module=module, item_ids=[first, third])
    module.do_checklist = [("item", STEPS[1])]  # a new block: the old ones are gone
    module.save_revision().publish()
    module = ModulePage.objects.get(pk=module.pk)
    client.force_login(enrolled)

    assert ticked_on_page(client.get(module.url).content.decode()) == []
    kept = services.checklist_ticks_set(
        user=enrolled, module=module, item_ids=[first, *item_ids(module)]
    )
    assert kept == set(item_ids(module))
    assert ticks(enrolled, module) == set(item_ids(module))


def test_someone_not_enrolled_is_sent_to_the_course_and_nothing_is_saved(
    client, learner, course, module
):
    client.force_login(learner)

    response = client.post(
        f"/learning/modules/{module.pk}/checklist/", {"item": item_ids(module)[:1]}
    )

    assert response["Location"] == course.url
    assert not ChecklistTick.objects.exists()


def test_the_module_page_reads_ticks_in_the_same_queries_for_1_and_20_items(
    client, enrolled, course
):
    counts = {}
    for size in (1, 20):
        made = ModulePageFactory(
            parent=course, do_checklist=[("item", f"Step {n}") for n in range(size)]
        )
        module = ModulePage.objects.get(pk=made.pk)
        services.checklist_ticks_set(user=enrolled, module=module, item_ids=item_ids(module))
        client.force_login(enrolled)
        client.get(module.url)  # warm caches that are per process, not per page
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(module.url).content.decode()
        assert len(ticked_on_page(html)) == size
        counts[size] = len(ctx.captured_queries)
    assert counts[1] == counts[20], counts
