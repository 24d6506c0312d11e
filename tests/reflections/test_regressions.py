"""Regressions found in review of the journal; each test failed before its fix:

1. The "Shared" filter lists never-shared entries and the "Private" filter hides them
   (reflections/selectors.py `owner_entries`, the `filters.shared` branch).
2. "Save my version" after a conflict overwrites whatever is saved by then, even a save made
   after the conflict page was shown (reflections/views.py `entry_edit`, the `overwrite` branch).
3. The 409 conflict form keeps only one of the ticked capabilities
   (reflections/views.py `entry_edit`, `request.POST.dict()`).
4. The Markdown export turns text a learner typed, such as "<script>", into live HTML
   (reflections/exports.py `as_markdown`, markdownify without escape_misc).
5. Journal 404s carry no `Cache-Control: private, no-store` (reflections/views.py `private`
   only decorates responses the view returns, not the Http404 it raises).
6. A filter value the form does not offer (a module with no entries, a long search) silently
   drops every filter, so the list and the export show the whole journal
   (reflections/views.py `_filters`).
7. Programme admins and superusers read shared entries (title and first 40 words) in the cohort
   feed and on the learner page, although they are not in the cohort and get 404 on the entry
   (reflections/wagtail_hooks.py `cohort_feed_panel`, `learner_feed_panel`).
8. Text without tags is escaped a second time when shown: "Tom &amp; Jerry" from the editor
   shows as "Tom &amp;amp; Jerry", "< 5%" typed without JavaScript shows as "&lt; 5%"; and the
   editor's <div> lines are run together (reflections/sanitise.py `rich_text_clean`, used
   again by templatetags/journal_tags.py `journal_html`; static/reflections/journal-editor.js).
9. Writing a Reflect entry for a module you are not enrolled in says "Reflect is done" though
   nothing was marked (reflections/views.py `entry_new` ignores `_mark_stage`'s result).
"""

import json
import re

import pytest
from django.test import Client

from cohorts.models import Membership
from learning.models import StageCompletion
from reflections import services
from reflections.models import JournalEntry
from reflections.sanitise import rich_text_clean
from tests.reflections.helpers import SECRETS, body, entry, no_store, page_text

LIST_TITLE = re.compile(r'<h3 class="nhsuk-card__heading[^"]*"><a href="/journal/\d+/">(.*?)</a>')


def titles(client, query: str) -> list[str]:
    return sorted(LIST_TITLE.findall(client.get(f"/journal/?{query}").content.decode()))


# 1 ------------------------------------------------------------------------------------------


def test_the_shared_and_private_filters(client, owner, cohort):
    """selectors.py: `filter(shares__withdrawn_at__isnull=True)` is a LEFT JOIN, so an entry
    with no share rows at all matches "shared"; `exclude(...)` then drops it from "private".
    Fix: `filter(Exists(Share.objects.filter(entry=OuterRef("pk"), withdrawn_at__isnull=True)))`
    for shared and `exclude(Exists(...))` (or `~Exists`) for private."""
    entry(owner, title="Never shared")
    services.entry_share(entry=entry(owner, title="Shared now"), cohort=cohort, by=owner)
    services.share_withdraw(
        share=services.entry_share(entry=entry(owner, title="Taken back"), cohort=cohort, by=owner),
        by=owner,
    )
    client.force_login(owner)

    assert titles(client, "shared=shared") == ["Shared now"]
    assert titles(client, "shared=private") == ["Never shared", "Taken back"]


# 2 ------------------------------------------------------------------------------------------


def test_save_my_version_does_not_overwrite_a_save_made_after_the_conflict(client, learner):
    """views.py entry_edit: with overwrite=1 it sets `expected = entry.version` (whatever is
    saved now), so the version the person compared against is ignored. Tab A gets the 409
    page (version 2); tab B saves again (version 3); A's "save my version" silently destroys
    B's second save, which A never saw. Fix: with overwrite=1 use the posted version
    (`expected = data["version"]`, which the 409 form already carries) and show the conflict
    again if it moved on; and treat a POST without `version` as stale rather than as current."""
    saved = entry(learner, title="Start", body="<p>start</p>")
    client.force_login(learner)
    data = {"stage": "reflect"}
    client.post(f"/journal/{saved.pk}/edit/", {**data, "title": "B1", "body": "B1", "version": 1})
    conflict = client.post(
        f"/journal/{saved.pk}/edit/", {**data, "title": "A", "body": "A", "version": 1}
    )
    assert conflict.status_code == 409 and 'name="version" value="2"' in conflict.content.decode()
    client.post(f"/journal/{saved.pk}/edit/", {**data, "title": "B2", "body": "B2", "version": 2})

    response = client.post(
        f"/journal/{saved.pk}/edit/",
        {**data, "title": "A", "body": "A", "version": 2, "overwrite": "1"},
    )

    saved.refresh_from_db()
    assert response.status_code == 409
    assert saved.title == "B2"


# 3 ------------------------------------------------------------------------------------------


def test_the_conflict_form_keeps_every_ticked_capability(client, enrolled, course):
    """views.py entry_edit: the 409 form is rebuilt from `request.POST.dict()`, which keeps
    only the last value of a multi-valued field, so all but one capability are unticked and
    "save my version" drops them. Fix: `data = request.POST.copy(); data["version"] = ...`
    and pass the QueryDict."""
    first, second, _ = course.test_capabilities
    saved = entry(enrolled)
    client.force_login(enrolled)
    client.post(
        f"/journal/{saved.pk}/edit/",
        {"title": "Other tab", "body": "x", "stage": "reflect", "version": 1},
    )

    response = client.post(
        f"/journal/{saved.pk}/edit/",
        {
            "title": "Mine",
            "body": "mine",
            "stage": "reflect",
            "version": 1,
            "capabilities": [first.pk, second.pk],
        },
    )

    assert response.status_code == 409
    checked = re.findall(
        r'<input type="checkbox" name="capabilities" value="(\d+)"[^>]*\bchecked\b',
        response.content.decode(),
    )
    assert sorted(checked) == sorted([str(first.pk), str(second.pk)])


# 4 ------------------------------------------------------------------------------------------


def test_the_markdown_export_keeps_typed_markup_as_text(client, learner):
    """exports.py as_markdown: markdownify unescapes text, so a body whose visible text is
    `<script>alert(1)</script>` (stored safely as `&lt;script&gt;...`) is written to the .md
    file as a live <script> element, which any Markdown viewer that allows HTML will run.
    Titles are escaped by `_md_escape`; bodies are not. Fix: `markdownify(entry.body,
    heading_style="ATX", escape_misc=True)` (escapes < > and friends)."""
    entry(
        learner,
        title="Typed markup",
        body="<p>&lt;script&gt;alert('XSS-md')&lt;/script&gt; and &lt;img src=x "
        "onerror=alert(2)&gt;</p>",
    )
    client.force_login(learner)

    markdown = client.get("/journal/export/?format=md").content.decode()

    assert "alert('XSS-md')" in markdown  # the words are kept...
    assert not re.search(r"(?<!\\)<(script|img)\b", markdown)  # ...as text, not markup


# 5 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["detail", "edit", "delete", "share", "comment", "withdraw", "export"]
)
def test_journal_404s_are_private_no_store_too(world, stranger, url):
    """views.py `private`: `response = view(...)` never returns when the view raises Http404,
    so the 404 page goes out with no Cache-Control at all (404s are cacheable by default).
    Fix: catch Http404 in the decorator and return the 404 page with the header, or set the
    header for /journal/ paths in a small middleware."""
    client = Client()
    client.force_login(stranger)
    target = world["entries"]["private"]
    base = f"/journal/{target.pk}/"
    response = {
        "detail": lambda: client.get(base),
        "edit": lambda: client.get(f"{base}edit/"),
        "delete": lambda: client.get(f"{base}delete/"),
        "share": lambda: client.get(f"{base}share/"),
        "comment": lambda: client.post(f"{base}shares/1/comments/", {"body": "x"}),
        "withdraw": lambda: client.post(f"{base}shares/1/withdraw/"),
        "export": lambda: client.get("/journal/export/?format=docx"),
    }[url]()

    assert response.status_code == 404
    assert no_store(response), response.get("Cache-Control")


# 6 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["list", "json"])
def test_a_filter_for_a_module_with_no_entries_matches_nothing(client, enrolled, course, kind):
    """views.py _filters: the filter form only offers modules, courses and capabilities the
    journal already uses, and any invalid value makes `_filters` return no filters at all.
    So /journal/?module=<a module not written about> (or ?q= longer than 200 characters)
    lists, and exports, the whole journal under the heading "N matching entries". Fix: apply
    the valid fields (`form.cleaned_data` minus `form.errors`), and treat an unknown id as
    matching nothing (or offer every module of the learner's courses)."""
    first, second = course.test_modules[:2]
    entry(enrolled, title="About the first module", module=first)
    client.force_login(enrolled)

    if kind == "list":
        assert titles(client, f"module={second.pk}") == []
    else:
        response = client.get(f"/journal/export/?format=json&module={second.pk}")
        assert json.loads(response.content)["count"] == 0


# 7 ------------------------------------------------------------------------------------------


@pytest.fixture
def programme_admin(make_user, roles):
    user = make_user(email="pat@example.org", name="Pat Programme")
    user.groups.add(roles["Programme admins"])
    return user


@pytest.mark.parametrize("reader", ["programme_admin", "superuser"])
@pytest.mark.parametrize("page", ["cohort", "learner"])
def test_shared_entries_are_not_shown_to_people_outside_the_cohort(
    request, world, owner, reader, page
):
    """wagtail_hooks.py cohort_feed_panel / learner_feed_panel render the feed for every role
    the cohort page admits, including ADMIN (programme admins, superusers). They then read the
    title and first 40 words of entries shared with a cohort they are not in, though the entry
    itself is 404 to them. DESIGN.md: "Shared entries are readable by the cohort they were
    shared with". Fix: render the panels only for the cohort's facilitators and active members
    (check those directly: a programme admin who also facilitates gets role ADMIN)."""
    client = Client()
    client.force_login(request.getfixturevalue(reader))
    cohort = world["cohort"]
    url = (
        f"/cohorts/{cohort.pk}/"
        if page == "cohort"
        else (f"/cohorts/{cohort.pk}/learners/{owner.pk}/")
    )

    response = client.get(url)

    assert response.status_code == 200
    assert client.get(f"/journal/{world['entries']['shared'].pk}/").status_code == 404
    for secret in SECRETS["shared"]:
        assert secret not in body(response)


# 8 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "body_format", "shown"),
    [
        ("Tom &amp; Jerry met", "html", "Tom & Jerry met"),  # one line typed in the editor
        ("<div>Tom &amp; Jerry met</div>", "html", "Tom & Jerry met"),  # a line it wraps
        ("Costs rose by < 5%\n\nNext paragraph", "text", "Costs rose by < 5%"),  # no JS
    ],
)
def test_text_is_shown_as_typed(client, learner, sent, body_format, shown):
    """sanitise.py rich_text_clean decides "plain text" by `"<" not in raw`. The editor sends
    innerHTML, where a line of text with & or < has no tag but has entities: it is escaped
    again and stored as "Tom &amp;amp; Jerry". And when the cleaned body has no tag left
    (nh3 removed a <div>, or escaped a lone <), journal_html cleans it again on display and
    escapes it a second time. Fix: clean once (journal_html should only re-run nh3, not the
    plain-text step), and have the editor always send block markup (see the next test)."""
    client.force_login(learner)
    client.post(
        "/journal/new/",
        {"title": "Typed", "body": sent, "stage": "reflect", "body_format": body_format},
    )
    saved = JournalEntry.objects.get()

    text = page_text(client.get(f"/journal/{saved.pk}/"))

    assert shown in text
    assert "&amp;" not in text and "&lt;" not in text
    assert rich_text_clean(saved.body) == saved.body  # showing it changes nothing


def test_the_editors_lines_stay_apart(client, learner):
    """journal-editor.js leaves the browser's default paragraph separator, so Enter in the
    editor makes <div> lines ("One<div>Two</div>"); `div` is not in sanitise.ALLOWED_TAGS,
    nh3 unwraps it and the lines run together ("OneTwo", also in body_text, search and the
    exports). Fix: `document.execCommand("defaultParagraphSeparator", false, "p")` in the
    editor, and map <div> to <p> in rich_text_clean before nh3 for what is already stored."""
    client.force_login(learner)
    client.post(
        "/journal/new/",
        {
            "title": "Lines",
            "body": "First line<div>Second line</div>",
            "stage": "reflect",
            "body_format": "html",
        },
    )
    saved = JournalEntry.objects.get()

    assert "First lineSecond line" not in saved.body_text
    assert "First lineSecond line" not in page_text(client.get(f"/journal/{saved.pk}/"))


# 9 ------------------------------------------------------------------------------------------


def test_reflect_from_a_module_you_are_not_enrolled_in_does_not_claim_it_is_done(
    client, owner, course
):
    """views.py entry_new: services.entry_create calls _mark_stage, which swallows NotEnrolled,
    yet the view always says "Reflect is done" and redirects to the module (which bounces a
    learner who is not enrolled to the course page). Reached by a ?module= link to a course
    the learner is not (or no longer) enrolled in. Minor. Fix: let entry_create report
    whether the stage was marked and word the message accordingly."""
    from learning.models import Enrolment

    module = course.test_modules[0]
    Enrolment.objects.filter(user=owner).delete()
    Membership.objects.filter(user=owner).delete()
    client.force_login(owner)

    response = client.post(
        f"/journal/new/?module={module.pk}",
        {"title": "t", "body": "b", "stage": "reflect", "module": module.pk},
        follow=True,
    )

    assert not StageCompletion.objects.exists()
    assert "Reflect is done" not in page_text(response)
