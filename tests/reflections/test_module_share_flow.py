"""From a module's Reflect stage to its Share stage: saving a reflection returns to Share,
which offers the new entry first; the share page shows what will be shared, preselects the
learner's only cohort, lets them choose whether members may respond, keeps their choices when
it refuses the form, and leads on through the module. Also the journal's "What? So what? Now
what?" template: headings at level 2, and its guidance as hint text, never in the entry."""

import re
from html import unescape

import pytest

from cohorts import services as cohort_services
from learning import services as learning
from learning.models import StageCompletion
from reflections.models import JournalEntry, Share
from tests.reflections.helpers import entry, page_text

pytestmark = pytest.mark.django_db


def form_data(title="What I noticed", text="<p>People answered differently.</p>", **extra):
    return {"title": title, "body": text, "stage": "reflect", "body_format": "html", **extra}


def share_section(html: str) -> str:
    return re.search(r'<section class="camino-stage" id="stage-share".*?</section>', html, re.S)[0]


def checked(html: str, name: str) -> list[str]:
    """The values of the ticked radios or checkboxes called `name` (a browser sends "on" for a
    ticked checkbox that has no value)."""
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    values = [re.search(r'value="([^"]*)"', i) for i in inputs if re.search(r"\schecked", i)]
    return [value[1] if value else "on" for value in values]


# --- Reflect leads to Share ---------------------------------------------------------------------


def test_saving_a_reflection_from_a_module_returns_to_its_share_stage(client, owner, course):
    module = course.test_modules[1]
    earlier = entry(owner, title="An earlier thought", module=module)
    client.force_login(owner)

    response = client.post(f"/journal/new/?module={module.pk}", form_data(module=module.pk))

    saved = JournalEntry.objects.get(owner=owner, title="What I noticed")
    assert response["Location"] == f"{module.url}#stage-share"
    assert StageCompletion.objects.filter(user=owner, module=module, stage="reflect").exists()
    html = client.get(module.url).content.decode()
    share = share_section(html)
    assert "Your reflection is saved in your journal. Reflect is done." in share
    # The device's copy of the draft can go: the marker is on the message.
    assert f'data-journal-saved="new:{module.pk}:{owner.pk}"' in share
    # The new entry is offered first, and leads on through the module when shared.
    offer = f'href="/journal/{saved.pk}/share/?from=module"'
    assert share.index(offer) < share.index(f"/journal/{earlier.pk}/share/?from=module")
    assert f'{offer} draggable="false">Share this reflection' in share


def test_the_reflection_that_completes_the_module_says_so_beside_share(client, owner, course):
    module = course.test_modules[0]
    for stage in ("learn", "do"):
        learning.stage_complete(user=owner, module=module, stage=stage)
    client.force_login(owner)

    client.post(f"/journal/new/?module={module.pk}", form_data(module=module.pk))

    share = share_section(client.get(module.url).content.decode())
    assert "Your reflection is saved in your journal. Reflect is done. Module complete." in share


# --- the share page -------------------------------------------------------------------------------


def test_the_share_page_shows_what_will_be_shared_and_preselects_the_only_cohort(
    client, owner, cohort
):
    saved = entry(owner, title="Doing with, not to", body="<h2>What?</h2><p>The rota meeting</p>")
    client.force_login(owner)

    html = client.get(f"/journal/{saved.pk}/share/").content.decode()

    preview = re.search(
        r'<section class="nhsuk-card camino-share-preview".*?</section>', html, re.S
    )
    assert preview and "What you will share" in preview[0]
    assert "Doing with, not to" in preview[0]
    assert "<h2>What?</h2><p>The rota meeting</p>" in preview[0]
    assert checked(html, "cohort") == [str(cohort.pk)]
    assert checked(html, "responses_allowed") == ["on"]
    assert "Let members of the cohort respond" in html
    assert "facilitators can always comment" in html


def test_with_two_cohorts_neither_is_chosen_for_the_learner(client, owner, other_cohort):
    cohort_services.cohort_join(cohort=other_cohort, user=owner)
    saved = entry(owner)
    client.force_login(owner)

    html = client.get(f"/journal/{saved.pk}/share/").content.decode()

    assert checked(html, "cohort") == []
    assert "Autumn cohort" in html and "Spring cohort" in html


@pytest.mark.parametrize("allowed", [True, False])
def test_the_choice_about_responses_is_stored(client, owner, cohort, allowed):
    saved = entry(owner)
    client.force_login(owner)

    data = {"cohort": cohort.pk} | ({"responses_allowed": "on"} if allowed else {})
    response = client.post(f"/journal/{saved.pk}/share/", data)

    assert response["Location"] == f"/journal/{saved.pk}/"
    assert Share.objects.get(entry=saved, cohort=cohort).responses_allowed is allowed


def test_a_refused_form_keeps_what_the_learner_chose(client, owner, other_cohort):
    cohort_services.cohort_join(cohort=other_cohort, user=owner)
    saved = entry(owner)
    client.force_login(owner)

    # No cohort chosen, members' responses turned off.
    refused = client.post(f"/journal/{saved.pk}/share/", {"csrfmiddlewaretoken": "x"})

    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Choose a cohort to share with" in page_text(refused)
    assert checked(html, "responses_allowed") == []
    assert not Share.objects.exists()
    # And the other way round: responses on stays on.
    again = client.post(f"/journal/{saved.pk}/share/", {"responses_allowed": "on"})
    assert checked(again.content.decode(), "responses_allowed") == ["on"]


def test_sharing_from_a_module_leads_on_through_the_module(client, owner, course, cohort):
    first, second = course.test_modules[:2]
    for stage in ("learn", "do"):
        learning.stage_complete(user=owner, module=first, stage=stage)
    client.force_login(owner)
    client.post(f"/journal/new/?module={first.pk}", form_data(module=first.pk))
    saved = JournalEntry.objects.get(owner=owner, module=first)

    form = client.get(f"/journal/{saved.pk}/share/?from=module").content.decode()
    response = client.post(
        f"/journal/{saved.pk}/share/?from=module",
        {"cohort": cohort.pk, "responses_allowed": "on"},
        follow=True,
    )

    assert f'href="{first.url}#stage-share">Back to {first.title}</a>' in form
    assert Share.objects.get(entry=saved).responses_allowed is True
    assert StageCompletion.objects.filter(user=owner, module=first, stage="share").exists()
    # All four stages done: on to the next module, the confirmation at its top.
    assert response.redirect_chain == [(second.url, 302)]
    text = unescape(response.content.decode())
    assert f"Shared with {cohort.name}. Its members and facilitators can read it" in text
    assert f'<h1 tabindex="-1" data-focus-on-load>{second.title}</h1>' in text


def test_sharing_from_a_module_with_stages_left_goes_to_the_next_one(client, owner, course, cohort):
    module = course.test_modules[2]
    saved = entry(owner, title="Straight to it", module=module)
    client.force_login(owner)

    response = client.post(f"/journal/{saved.pk}/share/?from=module", {"cohort": cohort.pk})

    assert response["Location"] == f"{module.url}#stage-learn"
    html = client.get(module.url).content.decode()
    learn = re.search(r'id="stage-learn".*?</section>', html, re.S)[0]
    assert f"Shared with {cohort.name}." in learn


# --- the "What? So what? Now what?" template ------------------------------------------------------


def test_the_template_has_level_2_headings_and_its_guidance_only_as_a_hint(client, owner):
    client.force_login(owner)

    html = unescape(client.get("/journal/new/?template=wsn").content.decode())

    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)[1]
    assert "<h2>What?</h2>" in textarea and "<h2>Now what?</h2>" in textarea
    assert "<h3>" not in textarea
    assert "What happened?" not in textarea
    hint = re.search(r'<div class="nhsuk-hint" id="id_body_helptext">(.*?)</div>', html, re.S)[1]
    assert "<strong>What?</strong> What happened? What did you do, see or hear?" in hint
    assert "<strong>Now what?</strong> What will you do next, or differently?" in hint
    assert 'aria-describedby="id_body_helptext"' in html

    # Saved as the editor sends it back: the guidance never reaches the entry.
    client.post(
        "/journal/new/?template=wsn", form_data(title="Tuesday", text=textarea + "<p>x</p>")
    )
    body = JournalEntry.objects.get(title="Tuesday").body
    assert "<h2>What?</h2>" in body and "What happened?" not in body


def test_a_refused_template_entry_still_shows_the_guidance(client, owner):
    client.force_login(owner)

    refused = client.post("/journal/new/?template=wsn", form_data(title=""))

    assert refused.status_code == 200
    assert "What happened? What did you do, see or hear?" in unescape(refused.content.decode())
