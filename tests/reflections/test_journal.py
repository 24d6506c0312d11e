"""The journal as the issue describes it: writing, the list, filters and search, templates and
prompts, Reflect from a module, editing (and two tabs), limits, deleting, exports, sharing,
withdrawing, comments, leaving the cohort, and the panels on module and cohort pages."""

import json
import re
from html import unescape

import pytest
from django.utils import dateformat, timezone

from cohorts import services as cohort_services
from cohorts.models import Membership
from learning.models import StageCompletion
from reflections import services
from reflections.models import Comment, JournalEntry, Share
from tests.reflections.helpers import (
    body,
    dangerous_markup,
    entry,
    no_store,
    page_text,
    pdf_info,
    pdf_text,
)

LIST_TITLE = re.compile(r'<h3 class="nhsuk-card__heading[^"]*"><a href="/journal/\d+/">(.*?)</a>')


def listed_titles(response) -> list[str]:
    return [unescape(t) for t in LIST_TITLE.findall(response.content.decode())]


def form_data(title="Saved at last", text="<p>Something worth keeping.</p>", **extra):
    return {"title": title, "body": text, "stage": "reflect", **extra}


def local_date(value) -> str:
    return dateformat.format(timezone.localtime(value), "j F Y")


# --- writing an entry ----------------------------------------------------------------------


def test_a_new_entry_is_saved_with_sanitised_body_and_plain_text(client, learner):
    client.force_login(learner)

    response = client.post(
        "/journal/new/",
        form_data(title="  First go  ", text="<p>Hello <b>there</b></p><script>x()</script>"),
    )

    saved = JournalEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/journal/{saved.pk}/"
    assert saved.owner == learner
    assert saved.title == "First go"
    assert saved.body == "<p>Hello <b>there</b></p>"
    assert saved.body_text == "Hello there"
    assert saved.stage == "reflect"
    assert saved.module is None and saved.course is None
    assert saved.version == 1
    assert saved.created_at and saved.updated_at
    shown = client.get(f"/journal/{saved.pk}/")
    assert shown.status_code == 200
    assert "<p>Hello <b>there</b></p>" in shown.content.decode()
    assert "Private: only you can read this" in page_text(shown)


def test_a_new_entry_can_be_tagged_with_capabilities_and_a_stage(client, enrolled, course):
    first, second, _ = course.test_capabilities
    client.force_login(enrolled)

    form = client.get("/journal/new/")
    response = client.post(
        "/journal/new/",
        form_data(stage="do", capabilities=[first.pk, second.pk]),
    )

    assert f'value="{first.pk}"' in form.content.decode()
    saved = JournalEntry.objects.get()
    assert response.status_code == 302
    assert saved.stage == "do"
    assert set(saved.capabilities.all()) == {first, second}
    assert first.code in page_text(client.get(f"/journal/{saved.pk}/"))


def test_the_what_so_what_now_what_template_prefills_the_body(client, learner):
    client.force_login(learner)

    response = client.get("/journal/new/?template=wsn")

    text = unescape(response.content.decode())
    assert response.status_code == 200
    for heading in ("<h2>What?</h2>", "<h2>So what?</h2>", "<h2>Now what?</h2>"):
        assert heading in text
    assert no_store(response)


def test_writing_from_a_module_prefills_its_reflect_prompts(client, enrolled, course):
    module = course.test_modules[0]
    client.force_login(enrolled)

    response = client.get(f"/journal/new/?module={module.pk}&stage=reflect")

    text = unescape(response.content.decode())
    assert response.status_code == 200
    assert "<h2>What did you notice?</h2>" in text
    assert f'value="Reflection: {module.title}"' in text
    assert f'name="module" value="{module.pk}"' in text


def test_an_unknown_module_is_404(client, learner):
    client.force_login(learner)
    assert client.get("/journal/new/?module=999999").status_code == 404
    assert client.get("/journal/new/?module=abc").status_code == 404


def test_reflecting_from_a_module_marks_reflect_done_and_returns_to_the_module(
    client, enrolled, course
):
    module = course.test_modules[1]
    client.force_login(enrolled)

    response = client.post(
        f"/journal/new/?module={module.pk}", form_data(title="What I noticed", module=module.pk)
    )

    saved = JournalEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{module.url}#stage-share"
    assert saved.module_id == module.pk and saved.course_id == course.pk
    assert StageCompletion.objects.filter(user=enrolled, module=module, stage="reflect").exists()
    page = client.get(module.url)
    assert "Reflect is done" in page_text(page)
    assert "What I noticed" in page_text(page)


def test_writing_a_do_entry_from_a_module_does_not_mark_reflect(client, enrolled, course):
    module = course.test_modules[1]
    client.force_login(enrolled)

    response = client.post("/journal/new/", form_data(stage="do", module=module.pk))

    saved = JournalEntry.objects.get()
    assert response["Location"] == f"/journal/{saved.pk}/"
    assert not StageCompletion.objects.filter(user=enrolled, module=module).exists()


# --- the list, filters, search and pages ---------------------------------------------------


def test_the_journal_lists_only_your_own_entries_newest_first(client, learner, stranger):
    for n in range(3):
        entry(learner, title=f"Mine {n}")
    entry(stranger, title="Someone else's")
    client.force_login(learner)

    response = client.get("/journal/")

    assert response.status_code == 200
    assert listed_titles(response) == ["Mine 2", "Mine 1", "Mine 0"]
    assert "Someone else's" not in response.content.decode()
    assert "3 entries" in page_text(response)
    assert no_store(response)


def test_the_journal_is_paginated_by_20_and_keeps_filters_in_page_links(client, learner):
    for n in range(25):
        entry(learner, title=f"Entry {n:02d}", body="<p>same words</p>")
    client.force_login(learner)

    first = client.get("/journal/?q=same")
    second = client.get("/journal/?q=same&page=2")

    assert listed_titles(first) == [f"Entry {n:02d}" for n in range(24, 4, -1)]
    assert listed_titles(second) == [f"Entry {n:02d}" for n in range(4, -1, -1)]
    assert "?q=same&amp;page=2" in first.content.decode()
    assert "?q=same&amp;page=1" in second.content.decode()
    assert listed_titles(client.get("/journal/?page=99")) == listed_titles(second)


def test_filters_by_course_module_stage_and_capability(client, enrolled, course):
    m1, m2 = course.test_modules[:2]
    cap = course.test_capabilities[0]
    entry(enrolled, title="Free", stage="learn")
    entry(enrolled, title="On one", module=m1, stage="do", capability_ids=[cap.pk])
    entry(enrolled, title="On two", module=m2)
    client.force_login(enrolled)

    def titles(query):
        return sorted(listed_titles(client.get(f"/journal/?{query}")))

    assert titles("") == ["Free", "On one", "On two"]
    assert titles(f"course={course.pk}") == ["On one", "On two"]
    assert titles(f"module={m1.pk}") == ["On one"]
    assert titles(f"module={m2.pk}") == ["On two"]
    assert titles("stage=do") == ["On one"]
    assert titles("stage=learn") == ["Free"]
    assert titles(f"capability={cap.pk}") == ["On one"]
    assert titles(f"course={course.pk}&stage=reflect") == ["On two"]
    assert "1 matching entry" in page_text(client.get("/journal/?stage=do"))


def test_search_finds_words_in_title_or_body_of_your_own_entries_only(client, learner, stranger):
    entry(learner, title="The allotment", body="<p>Mrs K and Thursdays</p>")
    entry(learner, title="Rota meeting", body="<p>Handing over the agenda</p>")
    entry(learner, title="Nothing here", body="<p>Nothing</p>")
    entry(stranger, title="Their allotment", body="<p>agenda</p>")
    client.force_login(learner)

    def titles(q):
        return sorted(listed_titles(client.get("/journal/", {"q": q})))

    assert titles("allotment") == ["The allotment"]
    assert titles("THURSDAYS") == ["The allotment"]
    assert titles("agenda") == ["Rota meeting"]
    assert titles("rota agenda") == ["Rota meeting"]
    assert titles("rota thursdays") == []
    assert "No entries match" in page_text(client.get("/journal/", {"q": "zebra"}))


# --- editing, and two tabs -----------------------------------------------------------------


def test_editing_saves_changes_and_bumps_the_version(client, learner):
    saved = entry(learner, title="Before", body="<p>old</p>")
    client.force_login(learner)

    form = client.get(f"/journal/{saved.pk}/edit/")
    response = client.post(
        f"/journal/{saved.pk}/edit/", form_data(title="After", text="<p>new</p>", version=1)
    )

    assert 'name="version" value="1"' in form.content.decode()
    assert no_store(form)
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.title, saved.body, saved.body_text, saved.version) == (
        "After",
        "<p>new</p>",
        "new",
        2,
    )


def test_a_stale_second_tab_gets_409_with_both_texts_and_overwrites_nothing(client, learner):
    saved = entry(learner, title="Original", body="<p>original</p>")
    client.force_login(learner)
    client.post(
        f"/journal/{saved.pk}/edit/",
        form_data(title="Tab one", text="<p>written in tab one</p>", version=1),
    )

    response = client.post(
        f"/journal/{saved.pk}/edit/",
        form_data(title="Tab two", text="<p>written in tab two</p>", version=1),
    )

    assert response.status_code == 409
    assert no_store(response)
    text = page_text(response)
    assert "This entry changed while you were editing it" in text
    assert "Saved version: Tab one" in text and "written in tab one" in text
    assert "Your version: Tab two" in text and "written in tab two" in text
    html = response.content.decode()
    assert 'name="overwrite" value="1"' in html
    assert 'name="version" value="2"' in html
    assert "&lt;p&gt;written in tab two&lt;/p&gt;" in html  # still in the form, to edit
    saved.refresh_from_db()
    assert (saved.title, saved.body, saved.version) == ("Tab one", "<p>written in tab one</p>", 2)


def test_save_my_version_after_a_conflict_overwrites(client, learner):
    saved = entry(learner, title="Original", body="<p>original</p>")
    client.force_login(learner)
    client.post(f"/journal/{saved.pk}/edit/", form_data(title="One", text="<p>one</p>", version=1))
    client.post(f"/journal/{saved.pk}/edit/", form_data(title="Two", text="<p>two</p>", version=1))

    response = client.post(
        f"/journal/{saved.pk}/edit/",
        form_data(title="Two", text="<p>two</p>", version=2, overwrite="1"),
    )

    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.title, saved.body, saved.version) == ("Two", "<p>two</p>", 3)


# --- limits and errors: the text is kept ---------------------------------------------------


def test_a_body_over_50000_visible_characters_is_refused_and_kept(client, learner):
    client.force_login(learner)
    text = "word " * 10_000 + "x"  # 50,001 characters

    response = client.post("/journal/new/", form_data(title="Too long", text=text))

    assert response.status_code == 200
    assert not JournalEntry.objects.exists()
    shown = page_text(response)
    assert "Your entry is 50,001 characters long. The limit is 50,000." in shown
    assert "your text is still in the box" in shown
    assert text.strip() in unescape(response.content.decode())
    assert 'value="Too long"' in response.content.decode()


def test_markup_does_not_count_towards_the_limit(client, learner):
    client.force_login(learner)

    response = client.post(
        "/journal/new/", form_data(text="<p><strong>" + "y" * 50_000 + "</strong></p>")
    )

    assert response.status_code == 302
    assert len(JournalEntry.objects.get().body_text) == 50_000


def test_an_over_long_edit_is_refused_and_kept(client, learner):
    saved = entry(learner)
    client.force_login(learner)
    text = "z" * 50_001

    response = client.post(f"/journal/{saved.pk}/edit/", form_data(text=text, version=1))

    assert response.status_code == 200
    assert "50,001 characters" in page_text(response)
    assert text in response.content.decode()
    saved.refresh_from_db()
    assert saved.version == 1


@pytest.mark.parametrize(
    ("title", "text", "message", "kept"),
    [
        ("", "<p>My body text</p>", "Give your entry a title", "My body text"),
        ("   ", "<p>My body text</p>", "Give your entry a title", "My body text"),
        ("My title", "", "Write something before you save", 'value="My title"'),
        ("My title", "<p> </p><p></p>", "Write something before you save", 'value="My title"'),
        ("My title", "<script>alert(1)</script>", "Write something before you save", "My title"),
        ("t" * 201, "<p>My body text</p>", "The title can be up to 200 characters", "t" * 201),
    ],
)
def test_empty_or_bad_fields_give_clear_errors_and_keep_the_text(
    client, learner, title, text, message, kept
):
    client.force_login(learner)

    response = client.post("/journal/new/", form_data(title=title, text=text))

    assert response.status_code == 200
    assert not JournalEntry.objects.exists()
    assert message in page_text(response)
    assert kept in response.content.decode()
    assert response.content.decode().count("nhsuk-error-summary") >= 1


# --- deleting ------------------------------------------------------------------------------


def test_delete_asks_first_then_removes_the_entry_its_shares_and_comments(
    client, owner, cohort, facilitator, peer
):
    saved = entry(owner, title="To be deleted")
    share = services.entry_share(entry=saved, cohort=cohort, by=owner)
    services.comment_add(share=share, author=facilitator, body="Nice")
    client.force_login(owner)

    confirm = client.get(f"/journal/{saved.pk}/delete/")

    assert confirm.status_code == 200
    assert 'Delete "To be deleted"?' in page_text(confirm)
    assert "including from the 1 cohort you shared it with" in page_text(confirm)
    assert JournalEntry.objects.filter(pk=saved.pk).exists()

    response = client.post(f"/journal/{saved.pk}/delete/", follow=True)

    assert response.redirect_chain[-1][0] == "/journal/"
    assert "The entry is deleted" in page_text(response)
    assert not JournalEntry.objects.filter(pk=saved.pk).exists()
    assert not Share.objects.exists() and not Comment.objects.exists()
    assert client.get(f"/journal/{saved.pk}/").status_code == 404
    for reader in (peer, facilitator):
        client.force_login(reader)
        assert client.get(f"/journal/{saved.pk}/").status_code == 404
        assert "To be deleted" not in client.get(f"/cohorts/{cohort.pk}/").content.decode()


# --- exports -------------------------------------------------------------------------------


@pytest.fixture
def exportable(enrolled, course):
    """Two entries of the learner's with everything an export shows."""
    module = course.test_modules[0]
    cap = course.test_capabilities[0]
    one = entry(
        enrolled,
        title="Thursday allotment",
        body="<p>She wanted <strong>Thursdays</strong>.</p><ul><li>one</li></ul>",
        module=module,
        stage="do",
        capability_ids=[cap.pk],
    )
    two = entry(enrolled, title="Supervision notes", body="<p>Who was <em>we</em>?</p>")
    return {"module": module, "cap": cap, "entries": [one, two]}


def test_json_export_has_the_documented_fields(client, enrolled, course, exportable):
    client.force_login(enrolled)

    response = client.get("/journal/export/?format=json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="camino-journal-')
    assert no_store(response)
    data = json.loads(response.content)
    assert set(data) == {"owner", "exported_at", "count", "entries"}
    assert data["owner"] == {"name": "Amara Okafor", "email": "learner@example.org"}
    assert data["count"] == 2
    newest, oldest = data["entries"]
    assert newest["title"] == "Supervision notes"  # newest first
    assert set(oldest) == {
        "id",
        "title",
        "created_at",
        "updated_at",
        "stage",
        "course",
        "module",
        "capabilities",
        "body_html",
        "body_text",
        "shared_with",
        "conversations",
    }
    one = exportable["entries"][0]
    assert oldest["id"] == one.pk
    assert oldest["stage"] == "do"
    assert oldest["course"] == course.title
    assert oldest["module"] == exportable["module"].title
    assert oldest["capabilities"] == [
        {"code": exportable["cap"].code, "statement": exportable["cap"].statement}
    ]
    assert oldest["body_html"] == one.body
    assert oldest["body_text"] == one.body_text
    assert oldest["shared_with"] == []
    assert oldest["created_at"] == one.created_at.isoformat()
    assert "+" in oldest["created_at"] or oldest["created_at"].endswith("Z")
    assert newest["module"] is None and newest["course"] is None


def test_json_export_lists_active_shares_only(client, owner, cohort):
    saved = entry(owner)
    services.share_withdraw(
        share=services.entry_share(entry=saved, cohort=cohort, by=owner), by=owner
    )
    client.force_login(owner)
    assert (
        json.loads(client.get("/journal/export/?format=json").content)["entries"][0]["shared_with"]
        == []
    )

    share = services.entry_share(entry=saved, cohort=cohort, by=owner)

    shared_with = json.loads(client.get("/journal/export/?format=json").content)["entries"][0][
        "shared_with"
    ]
    assert shared_with == [{"cohort": "Spring cohort", "shared_at": share.shared_at.isoformat()}]


def test_markdown_export(client, enrolled, exportable):
    client.force_login(enrolled)

    response = client.get("/journal/export/?format=md")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"].endswith('.md"')
    text = response.content.decode()
    one = exportable["entries"][0]
    assert text.startswith("# Journal of Amara Okafor\n")
    assert "2 entries." in text
    assert "## Thursday allotment" in text
    assert "## Supervision notes" in text
    assert text.index("## Supervision notes") < text.index("## Thursday allotment")
    date = dateformat.format(timezone.localtime(one.created_at), "d F Y")
    assert f"*{date}* · Do · {exportable['module'].title}" in text
    assert f"Capabilities: {exportable['cap'].code}" in text
    assert "She wanted **Thursdays**." in text
    assert "Who was *we*?" in text


def test_pdf_export_is_a4_with_titles_dates_module_stage_and_tags(
    client, enrolled, course, exportable
):
    client.force_login(enrolled)

    response = client.get("/journal/export/?format=pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF")
    assert "(A4)" in pdf_info(response.content)["Page size"]
    text = " ".join(pdf_text(response.content).split())
    one = exportable["entries"][0]
    assert "Journal of Amara Okafor" in text
    assert "Thursday allotment" in text and "Supervision notes" in text
    assert local_date(one.created_at) in text
    assert "Do" in text and "Reflect" in text
    assert course.title in text and exportable["module"].title in text
    assert exportable["cap"].code in text and exportable["cap"].statement in text
    assert "She wanted Thursdays." in text


def test_pdf_export_of_an_empty_journal(client, learner):
    client.force_login(learner)
    response = client.get("/journal/export/?format=pdf")
    assert "No entries." in pdf_text(response.content)


@pytest.mark.parametrize("kind", ["json", "md", "pdf"])
def test_an_export_holds_only_your_own_entries(client, enrolled, exportable, stranger, kind):
    entry(stranger, title="Stranger's own note")
    client.force_login(stranger)

    text = body(client.get(f"/journal/export/?format={kind}"))

    assert "Stranger" in text
    assert "Thursday allotment" not in text and "Supervision notes" not in text


@pytest.mark.parametrize("kind", ["json", "md", "pdf"])
def test_a_filtered_export_includes_only_matching_entries(client, enrolled, exportable, kind):
    client.force_login(enrolled)

    for query in ("stage=do", f"module={exportable['module'].pk}", "q=allotment"):
        text = body(client.get(f"/journal/export/?{query}&format={kind}"))
        assert "Thursday allotment" in text, query
        assert "Supervision notes" not in text, query
    text = body(client.get(f"/journal/export/?format={kind}&q=supervision"))
    assert "Supervision notes" in text and "Thursday allotment" not in text


def test_the_list_links_to_exports_with_its_filters(client, enrolled, exportable):
    client.force_login(enrolled)
    html = client.get("/journal/?stage=do").content.decode()
    assert "/journal/export/?stage=do&amp;format=pdf" in html
    assert "/journal/export/?stage=do&amp;format=json" in html


def test_an_unknown_export_format_is_404(client, learner):
    client.force_login(learner)
    assert client.get("/journal/export/?format=docx").status_code == 404


def test_exports_need_a_login(client):
    response = client.get("/journal/export/?format=json")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- sharing, withdrawing, comments --------------------------------------------------------


def test_sharing_with_your_cohort_lets_members_and_facilitators_read_it(
    client, owner, cohort, peer, facilitator
):
    saved = entry(owner, title="Doing with, not to", body="<p>The rota meeting</p>")
    client.force_login(owner)

    form = client.get(f"/journal/{saved.pk}/share/")
    response = client.post(
        f"/journal/{saved.pk}/share/",
        {"cohort": cohort.pk, "responses_allowed": "on"},  # ticked on the form by default
        follow=True,
    )

    assert "Spring cohort" in page_text(form)
    assert response.redirect_chain[-1][0] == f"/journal/{saved.pk}/"
    assert "Shared with Spring cohort" in page_text(response)
    share = Share.objects.get()
    assert (share.entry, share.cohort, share.shared_by) == (saved, cohort, owner)
    assert share.shared_at is not None and share.withdrawn_at is None
    for reader in (peer, facilitator):
        client.force_login(reader)
        shown = client.get(f"/journal/{saved.pk}/")
        assert shown.status_code == 200
        assert no_store(shown)
        text = page_text(shown)
        assert "Shared by Amara Okafor" in text
        assert "Doing with, not to" in text and "The rota meeting" in text
        assert "Edit this entry" not in text
    client.force_login(facilitator)
    assert "Send comment" in page_text(client.get(f"/journal/{saved.pk}/"))
    client.force_login(peer)  # members respond, as the owner allowed when sharing (by default)
    assert "Send response" in page_text(client.get(f"/journal/{saved.pk}/"))


def test_sharing_twice_keeps_one_active_share(client, owner, cohort):
    saved = entry(owner)
    client.force_login(owner)
    client.post(f"/journal/{saved.pk}/share/", {"cohort": cohort.pk})
    client.post(f"/journal/{saved.pk}/share/", {"cohort": cohort.pk})
    assert Share.objects.count() == 1


def test_sharing_with_a_cohort_you_are_not_in_is_404(client, owner, other_cohort):
    saved = entry(owner)
    client.force_login(owner)

    assert (
        client.post(f"/journal/{saved.pk}/share/", {"cohort": other_cohort.pk}).status_code == 404
    )
    assert client.post(f"/journal/{saved.pk}/share/", {"cohort": 999999}).status_code == 404
    assert not Share.objects.exists()


def test_sharing_someone_elses_entry_is_404(client, owner, peer, cohort):
    theirs = entry(peer, title="Peer's private")
    client.force_login(owner)

    response = client.post(f"/journal/{theirs.pk}/share/", {"cohort": cohort.pk})

    assert response.status_code == 404
    assert "Peer's private" not in response.content.decode()
    assert not Share.objects.exists()


def test_sharing_without_choosing_a_cohort_gives_an_error(client, owner):
    saved = entry(owner)
    client.force_login(owner)
    # a browser's POST always carries the CSRF token, so the form is never empty
    response = client.post(f"/journal/{saved.pk}/share/", {"csrfmiddlewaretoken": "x"})
    assert response.status_code == 200
    assert "Choose a cohort to share with" in page_text(response)


def test_withdrawing_hides_it_at_once_and_is_recorded(client, owner, cohort, peer, facilitator):
    saved = entry(owner, title="Taken back soon")
    share = services.entry_share(entry=saved, cohort=cohort, by=owner)
    client.force_login(owner)

    response = client.post(f"/journal/{saved.pk}/shares/{share.pk}/withdraw/", follow=True)

    assert response.redirect_chain[-1][0] == f"/journal/{saved.pk}/"
    text = page_text(response)
    assert "Taken back. Spring cohort can no longer see this entry." in text
    share.refresh_from_db()
    assert share.withdrawn_at is not None and share.withdrawn_by == owner
    shared_at, withdrawn_at = (
        dateformat.format(timezone.localtime(when), "j F Y, H:i")
        for when in (share.shared_at, share.withdrawn_at)
    )
    assert f"Spring cohort: taken back Shared {shared_at}; taken back {withdrawn_at}." in text
    for reader in (peer, facilitator):
        client.force_login(reader)
        assert client.get(f"/journal/{saved.pk}/").status_code == 404
        assert "Taken back soon" not in client.get(f"/cohorts/{cohort.pk}/").content.decode()
    assert "Taken back soon" not in (
        client.get(f"/cohorts/{cohort.pk}/learners/{owner.pk}/").content.decode()
    )


def test_withdrawing_twice_changes_nothing_and_sharing_again_makes_a_new_record(
    client, owner, cohort
):
    saved = entry(owner)
    share = services.entry_share(entry=saved, cohort=cohort, by=owner)
    client.force_login(owner)
    client.post(f"/journal/{saved.pk}/shares/{share.pk}/withdraw/")
    share.refresh_from_db()
    first_withdrawal = share.withdrawn_at

    client.post(f"/journal/{saved.pk}/shares/{share.pk}/withdraw/")
    client.post(f"/journal/{saved.pk}/share/", {"cohort": cohort.pk})

    share.refresh_from_db()
    assert share.withdrawn_at == first_withdrawal
    assert Share.objects.count() == 2
    assert Share.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_withdrawing_needs_post(client, owner, cohort):
    saved = entry(owner)
    share = services.entry_share(entry=saved, cohort=cohort, by=owner)
    client.force_login(owner)
    assert client.get(f"/journal/{saved.pk}/shares/{share.pk}/withdraw/").status_code == 405
    share.refresh_from_db()
    assert share.is_active


def test_facilitator_comments_and_the_owner_sees_and_replies(client, owner, cohort, facilitator):
    saved = entry(owner, title="Co-production")
    share = services.entry_share(entry=saved, cohort=cohort, by=owner)
    client.force_login(facilitator)

    response = client.post(
        f"/journal/{saved.pk}/shares/{share.pk}/comments/",
        {"body": "Bring it to the next session"},
        follow=True,
    )

    comment = Comment.objects.get()
    assert response.redirect_chain[-1][0] == f"/journal/{saved.pk}/#comment-{comment.pk}"
    assert "Your comment is added." in page_text(response)
    assert "Bring it to the next session" in page_text(response)
    client.force_login(owner)
    mine = page_text(client.get(f"/journal/{saved.pk}/"))
    assert "Fiona Facilitator (facilitator)" in mine
    assert "Bring it to the next session" in mine
    assert "Send reply" in mine

    client.post(f"/journal/{saved.pk}/shares/{share.pk}/comments/", {"body": "Yes, I will"})

    assert [(c.author, c.body) for c in Comment.objects.all()] == [
        (facilitator, "Bring it to the next session"),
        (owner, "Yes, I will"),
    ]
    client.force_login(facilitator)
    theirs = page_text(client.get(f"/journal/{saved.pk}/"))
    assert "Amara Okafor (author)" in theirs and "Yes, I will" in theirs


def test_an_empty_comment_is_refused_with_a_message(client, owner, cohort, facilitator):
    saved = entry(owner)
    share = services.entry_share(entry=saved, cohort=cohort, by=owner)
    client.force_login(facilitator)
    response = client.post(f"/journal/{saved.pk}/shares/{share.pk}/comments/", {"body": "  "})
    assert response.status_code == 400
    assert "Write something before you send it" in page_text(response)
    assert not Comment.objects.exists()


def test_a_comment_on_a_withdrawn_entry_is_refused(client, owner, cohort, facilitator):
    saved = entry(owner, title="Withdrawn one")
    share = services.entry_share(entry=saved, cohort=cohort, by=owner)
    services.share_withdraw(share=share, by=owner)
    url = f"/journal/{saved.pk}/shares/{share.pk}/comments/"

    client.force_login(owner)
    reply = client.post(url, {"body": "A late reply"})
    client.force_login(facilitator)
    comment = client.post(url, {"body": "A late comment"})

    assert reply.status_code == 409
    assert "You have taken this entry back" in page_text(reply)
    assert "A late reply" in page_text(reply), "the words are given back"
    # The facilitator is told it was taken back, given their words, and shown nothing of it.
    assert comment.status_code == 409 and "A late comment" in page_text(comment)
    assert "Withdrawn one" not in comment.content.decode()
    assert not Comment.objects.exists()
    with pytest.raises(services.CommentRefused, match="no longer shared"):
        services.comment_add(share=share, author=facilitator, body="direct")


def test_a_member_responds_only_while_the_owner_allows_it(client, owner, cohort, peer):
    """Before members could respond this was a 404; now the owner chooses (tests of the
    choice itself: tests/reflections/test_responses.py)."""
    saved = entry(owner)
    share = services.entry_share(entry=saved, cohort=cohort, by=owner, responses_allowed=False)
    client.force_login(peer)
    url = f"/journal/{saved.pk}/shares/{share.pk}/comments/"
    assert client.post(url, {"body": "hi"}).status_code == 400
    assert not Comment.objects.exists()
    services.share_responses_set(share=share, allowed=True)
    assert client.post(url, {"body": "hi"}).status_code == 302
    assert Comment.objects.get().author == peer


@pytest.mark.parametrize("how", ["leaves", "is_removed"])
def test_leaving_the_cohort_withdraws_what_was_shared(
    client, owner, cohort, peer, facilitator, how
):
    saved = entry(owner, title="Shared before leaving")
    private = entry(owner, title="Never shared")
    services.entry_share(entry=saved, cohort=cohort, by=owner)
    if how == "leaves":
        client.force_login(owner)
        assert client.post(f"/cohorts/{cohort.pk}/leave/").status_code == 302
    else:
        client.force_login(facilitator)
        assert client.post(f"/cohorts/{cohort.pk}/learners/{owner.pk}/remove/").status_code == 302

    share = Share.objects.get()
    assert share.withdrawn_at is not None
    assert share.withdrawn_by == (None if how == "leaves" else facilitator)
    assert Membership.objects.get(user=owner, cohort=cohort).ended_at is not None
    assert JournalEntry.objects.filter(pk__in=[saved.pk, private.pk]).count() == 2
    for reader in (peer, facilitator):
        client.force_login(reader)
        assert client.get(f"/journal/{saved.pk}/").status_code == 404
    client.force_login(facilitator)
    assert "Shared before leaving" not in client.get(f"/cohorts/{cohort.pk}/").content.decode()
    client.force_login(owner)
    text = page_text(client.get(f"/journal/{saved.pk}/"))
    assert "Spring cohort: taken back" in text
    if how == "is_removed":
        assert "by Fiona Facilitator" in text


def test_a_member_who_leaves_can_no_longer_read_the_cohorts_shared_entries(
    client, owner, cohort, peer
):
    saved = entry(owner, title="Read while a member")
    services.entry_share(entry=saved, cohort=cohort, by=owner)
    client.force_login(peer)
    assert client.get(f"/journal/{saved.pk}/").status_code == 200

    cohort_services.membership_end(membership=Membership.objects.get(user=peer, cohort=cohort))

    response = client.get(f"/journal/{saved.pk}/")
    assert response.status_code == 404
    assert "Read while a member" not in response.content.decode()


def test_the_membership_ended_hook_withdraws_only_that_cohorts_shares(owner, cohort, other_cohort):
    cohort_services.cohort_join(cohort=other_cohort, user=owner)
    saved = entry(owner)
    in_a = services.entry_share(entry=saved, cohort=cohort, by=owner)
    in_b = services.entry_share(entry=saved, cohort=other_cohort, by=owner)

    cohort_services.membership_end(membership=Membership.objects.get(user=owner, cohort=cohort))

    in_a.refresh_from_db()
    in_b.refresh_from_db()
    assert not in_a.is_active and in_b.is_active


# --- panels on the module, cohort and learner pages ----------------------------------------


def test_module_page_reflect_and_share_panels(client, owner, course, cohort):
    module = course.test_modules[0]
    client.force_login(owner)

    before = client.get(module.url).content.decode()

    assert f'href="/journal/new/?module={module.pk}&amp;stage=reflect"' in before
    assert "Write your reflection" in before
    assert "Write a reflection first, then you can choose to share it." in before

    saved = entry(owner, title="Module thoughts", module=module)
    after = client.get(module.url).content.decode()

    assert f'href="/journal/{saved.pk}/">Module thoughts</a>' in after
    assert "Write another reflection" in after
    assert f'href="/journal/{saved.pk}/share/?from=module"' in after

    client.post(f"/journal/{saved.pk}/share/", {"cohort": cohort.pk})
    shared = client.get(module.url).content.decode()

    assert f'href="/journal/{saved.pk}/share/' not in shared
    assert "See who can read it" in shared
    assert StageCompletion.objects.filter(user=owner, module=module, stage="share").exists()


def test_the_module_panels_show_only_your_own_entries(client, owner, peer, course):
    module = course.test_modules[0]
    entry(peer, title="Peer's module note", module=module)
    client.force_login(owner)
    assert "Peer's module note" not in client.get(module.url).content.decode()


@pytest.mark.parametrize("reader", ["peer", "facilitator"])
def test_the_cohort_page_feed_shows_shared_entries(client, request, owner, cohort, reader):
    shared = entry(owner, title="Shared in the feed", body="<p>Feed excerpt words</p>")
    entry(owner, title="Private, not in the feed")
    services.entry_share(entry=shared, cohort=cohort, by=owner)
    client.force_login(request.getfixturevalue(reader))

    response = client.get(f"/cohorts/{cohort.pk}/")

    text = page_text(response)
    assert response.status_code == 200
    assert "Shared with the cohort" in text
    assert "Shared in the feed" in text and "Feed excerpt words" in text
    assert "Amara Okafor · shared" in text
    assert f'href="/journal/{shared.pk}/"' in response.content.decode()
    assert "Private, not in the feed" not in response.content.decode()


def test_the_cohort_feed_is_empty_until_something_is_shared(client, owner, cohort, peer):
    entry(owner, title="Private only")
    client.force_login(peer)
    text = page_text(client.get(f"/cohorts/{cohort.pk}/"))
    assert "Nothing is shared with the cohort at the moment." in text and "Private only" not in text


def test_the_learner_page_shows_what_they_shared(client, owner, cohort, facilitator):
    shared = entry(owner, title="For the facilitator")
    entry(owner, title="Kept to myself")
    client.force_login(facilitator)

    empty = page_text(client.get(f"/cohorts/{cohort.pk}/learners/{owner.pk}/"))
    services.entry_share(entry=shared, cohort=cohort, by=owner)
    response = client.get(f"/cohorts/{cohort.pk}/learners/{owner.pk}/")

    assert "Amara Okafor has not shared anything with this cohort." in empty
    assert response.status_code == 200
    text = page_text(response)
    assert "Shared with Spring cohort" in text and "For the facilitator" in text
    assert "Kept to myself" not in response.content.decode()


# --- bad input is stored inert and shown harmless ------------------------------------------

TITLE_PAYLOADS = [
    "<script>alert('XSS-t1')</script>",
    "<img src=x onerror=alert('XSS-t2')>",
    "<svg onload=alert('XSS-t3')>",
    "\"><script>alert('XSS-t4')</script>",
    "<a href=\"javascript:alert('XSS-t5')\">click</a>",
    "<b onmouseover=alert('XSS-t6')>bold</b>",
    "{{ 7|add:7 }} {% now 'Y' %} XSS-t7",
]
BODY_PAYLOADS = [
    "<script>alert('XSS-b1')</script>kept-b1",
    "<img src=x onerror=alert('XSS-b2')>kept-b2",
    "<svg onload=alert('XSS-b3')><circle r=1 /></svg>kept-b3",
    "<p><a href=\"javascript:alert('XSS-b4')\">kept-b4</a></p>",
    '<p><a href="data:text/html;base64,PHNjcmlwdD5YU1M8L3NjcmlwdD4=">kept-b5</a></p>',
    "<p><a href=\" JaVaScRiPt:alert('XSS-b6')\">kept-b6</a></p>",
    "<p><a href=\"&#106;avascript:alert('XSS-b7')\">kept-b7</a></p>",
    '<iframe src="https://evil.example/XSS-b8"></iframe>kept-b8',
    "<p style=\"background:url('XSS-b9')\" onclick=\"alert('XSS-b9')\">kept-b9</p>",
    "<math><mi xlink:href=\"javascript:alert('XSS-b10')\">m</mi></math>kept-b10",
]


@pytest.fixture
def hostile(client, owner, cohort):
    """One entry per payload, written through the form and shared with the cohort."""
    client.force_login(owner)
    entries = []
    for n, text in enumerate(BODY_PAYLOADS):
        title = TITLE_PAYLOADS[n % len(TITLE_PAYLOADS)]
        response = client.post("/journal/new/", form_data(title=title, text=text))
        assert response.status_code == 302, page_text(response)
        saved = JournalEntry.objects.get(pk=response["Location"].split("/")[2])
        services.entry_share(entry=saved, cohort=cohort, by=owner)
        entries.append(saved)
    return entries


def test_payloads_are_stored_inert(hostile):
    for n, saved in enumerate(hostile):
        assert saved.title == TITLE_PAYLOADS[n % len(TITLE_PAYLOADS)]  # text, as typed
        assert dangerous_markup(saved.body) == [], saved.body
        assert "XSS" not in saved.body
        assert f"kept-b{n + 1}" in saved.body_text
        assert "alert" not in saved.body_text


def test_payloads_are_harmless_on_the_owners_pages(client, owner, hostile, course):
    pages = ["/journal/", "/journal/?q=kept", *[f"/journal/{e.pk}/" for e in hostile]]
    pages += [f"/journal/{e.pk}/edit/" for e in hostile[:3]]
    pages += [f"/journal/{e.pk}/share/" for e in hostile[:3]]
    pages += [f"/journal/{e.pk}/delete/" for e in hostile[:3]]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert dangerous_markup(response.content.decode()) == [], url
    detail = page_text(client.get(f"/journal/{hostile[0].pk}/"))
    assert TITLE_PAYLOADS[0] in detail  # shown as text
    assert "{{ 7|add:7 }} {% now 'Y' %} XSS-t7" in page_text(client.get("/journal/"))


def test_payloads_are_harmless_in_the_shared_view_and_feeds(
    client, owner, hostile, cohort, peer, facilitator
):
    for reader in (peer, facilitator):
        client.force_login(reader)
        urls = [f"/journal/{e.pk}/" for e in hostile] + [f"/cohorts/{cohort.pk}/"]
        if reader == facilitator:
            urls.append(f"/cohorts/{cohort.pk}/learners/{owner.pk}/")
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert dangerous_markup(response.content.decode()) == [], (reader, url)
        assert TITLE_PAYLOADS[1] in page_text(client.get(f"/journal/{hostile[1].pk}/"))


def test_payloads_are_harmless_in_a_conflict_and_an_error_page(client, owner, hostile):
    saved = hostile[0]
    client.post(f"/journal/{saved.pk}/edit/", form_data(title=TITLE_PAYLOADS[2], version=1))

    conflict = client.post(
        f"/journal/{saved.pk}/edit/",
        form_data(title=TITLE_PAYLOADS[3], text=BODY_PAYLOADS[1], version=1),
    )
    refused = client.post("/journal/new/", form_data(title=TITLE_PAYLOADS[4], text="<p></p>"))

    assert conflict.status_code == 409
    assert refused.status_code == 200
    for response in (conflict, refused):
        assert dangerous_markup(response.content.decode()) == []


def test_payloads_are_harmless_on_the_module_page(client, owner, course, cohort):
    module = course.test_modules[0]
    client.force_login(owner)
    for title in TITLE_PAYLOADS[:3]:
        client.post(
            f"/journal/new/?module={module.pk}",
            form_data(title=title, text=BODY_PAYLOADS[0], module=module.pk),
        )
    assert dangerous_markup(client.get(module.url).content.decode()) == []


def test_payloads_are_inert_in_the_exports(client, owner, hostile):
    data = json.loads(client.get("/journal/export/?format=json").content)
    markdown = client.get("/journal/export/?format=md").content.decode()
    pdf = " ".join(pdf_text(client.get("/journal/export/?format=pdf").content).split())

    by_id = {e["id"]: e for e in data["entries"]}
    for n, saved in enumerate(hostile):
        record = by_id[saved.pk]
        assert record["title"] == saved.title  # data, exactly as typed
        assert dangerous_markup(record["body_html"]) == []
        assert "XSS" not in record["body_html"] and "XSS" not in record["body_text"]
        assert f"kept-b{n + 1}" in pdf
        assert f"kept-b{n + 1}" in markdown
    # titles are escaped, never interpreted, in Markdown and in the PDF
    assert not re.search(r"(?<!\\)<(script|img|svg|a|b|iframe)\b", markdown, re.I)
    assert "\\<script\\>alert('XSS-t1')\\</script\\>" in markdown
    assert "<script>alert('XSS-t1')</script>" in pdf
    assert "<img src=x onerror=alert('XSS-t2')>" in pdf
    for n in range(1, len(BODY_PAYLOADS) + 1):
        assert f"XSS-b{n}" not in markdown and f"XSS-b{n}" not in pdf


def test_capability_text_with_html_is_shown_as_text(client, enrolled, course):
    cap = course.test_capabilities[0]
    cap.statement = "<script>alert('XSS-cap')</script> Works with people"
    cap.save()
    client.force_login(enrolled)
    saved = entry(enrolled, capability_ids=[cap.pk])

    for url in ("/journal/new/", f"/journal/{saved.pk}/edit/", f"/journal/?capability={cap.pk}"):
        response = client.get(url)
        assert response.status_code == 200
        assert dangerous_markup(response.content.decode()) == [], url
    assert "alert('XSS-cap')" in pdf_text(client.get("/journal/export/?format=pdf").content)
