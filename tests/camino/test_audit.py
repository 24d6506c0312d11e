"""Issue 17, item 14: the staff audit trail. Each staff action on a person's data is recorded
with who, what and when, shown at /admin/audit/ to programme admins (and superusers) only, and
the record outlives both the actor's and the person's accounts (the person anonymised)."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from camino.accounts import account_delete
from camino.audit.models import AuditEntry
from learning.staff_actions import announce_staff_action

AUDIT = "/admin/audit/"


def text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def only_entry(action: str) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(action=action))
    assert len(entries) == 1, [str(e) for e in AuditEntry.objects.all()]
    return entries[0]


def assert_recent(entry: AuditEntry) -> None:
    assert timezone.now() - entry.at < timedelta(minutes=1)


def shown_to_admin(client, programme_admin, *words: str) -> str:
    client.force_login(programme_admin)
    page = text(client.get(AUDIT))
    for word in words:
        assert word in page, word
    return page


@pytest.fixture
def member(learner, cohort):
    from cohorts.services import cohort_join

    cohort_join(cohort=cohort, user=learner)
    return learner


# --- each listed action makes an entry with who, what and when --------------------------------


def test_a_facilitator_viewing_a_learners_page_is_recorded(
    client, facilitator, member, cohort, programme_admin
):
    client.force_login(facilitator)
    assert client.get(f"/cohorts/{cohort.pk}/learners/{member.pk}/").status_code == 200

    entry = only_entry("learner.viewed")
    assert (entry.actor, entry.person) == (facilitator, member)
    assert "Spring cohort" in entry.detail
    assert_recent(entry)
    shown_to_admin(
        client,
        programme_admin,
        "Viewed a learner's page in a cohort",
        "Fiona Facilitator (fiona@example.org)",
        "Amara Okafor (learner@example.org)",
    )


def test_exporting_a_cohort_csv_is_recorded(client, facilitator, member, cohort, programme_admin):
    client.force_login(facilitator)
    assert client.get(f"/cohorts/{cohort.pk}/export.csv").status_code == 200

    entry = only_entry("cohort.csv_exported")
    assert entry.actor == facilitator and entry.person is None
    assert entry.detail == "Spring cohort: names, emails and progress of 1 learner"
    assert_recent(entry)
    shown_to_admin(client, programme_admin, "Exported a cohort's progress (CSV)", entry.detail)


def test_removing_a_learner_from_a_cohort_is_recorded(client, facilitator, member, cohort):
    client.force_login(facilitator)
    client.post(f"/cohorts/{cohort.pk}/learners/{member.pk}/remove/")

    entry = only_entry("cohort.learner_removed")
    assert (entry.actor, entry.person, entry.detail) == (
        facilitator,
        member,
        "Removed from Spring cohort",
    )


@pytest.fixture
def certificate(learner, course):
    from learning.certificates.models import Certificate
    from tests.certificates.conftest import complete_course

    complete_course(learner, course)
    return Certificate.objects.get(user=learner, course=course, status="valid")


def test_revoking_and_reissuing_a_certificate_are_recorded(
    client, programme_admin, certificate, learner, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    assert not AuditEntry.objects.exists()  # issued on completion: no staff action
    client.force_login(programme_admin)

    client.post(f"/admin/certificates/{certificate.pk}/revoke/", {"reason": "Issued in error"})
    client.post(
        f"/admin/certificates/{certificate.pk}/reissue/",
        {"holder_name": "Amara Okafor", "note": ""},
    )

    revoked, reissued = only_entry("certificate.revoked"), only_entry("certificate.reissued")
    for entry in (revoked, reissued):
        assert (entry.actor, entry.person) == (programme_admin, learner)
        assert_recent(entry)
    assert certificate.display_code in revoked.detail
    assert "Issued in error" not in revoked.detail
    assert certificate.display_code in reissued.detail
    page = shown_to_admin(
        client, programme_admin, "Revoked a certificate", "Reissued a certificate"
    )
    assert page.index("Reissued a certificate") < page.index(
        "Revoked a certificate"
    )  # newest first


@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_deciding_a_name_correction_is_recorded(
    client, programme_admin, certificate, learner, decision, settings, tmp_path
):
    from learning.certificates.services import name_change_request

    settings.MEDIA_ROOT = tmp_path
    request = name_change_request(
        certificate=certificate, user=learner, requested_name="Amara N. Okafor"
    )
    client.force_login(programme_admin)

    client.post("/admin/certificate-names/", {"request": request.pk, "decision": decision})

    code = "certificate.name_approved" if decision == "approve" else "certificate.name_refused"
    entry = only_entry(code)
    assert entry.actor == programme_admin and entry.person == learner
    assert certificate.display_code in entry.detail
    assert "Amara N. Okafor" not in entry.detail  # the person's name stays in its own column
    assert AuditEntry.objects.count() == 1  # the reissue is part of the decision, not another
    words = "Approved a name correction" if decision == "approve" else "Refused a name correction"
    shown_to_admin(client, programme_admin, words)


def test_changing_someones_groups_and_deactivating_them_are_recorded(
    client, programme_admin, learner, roles, home_page
):
    client.force_login(programme_admin)

    response = client.post(
        f"/admin/users/edit/{learner.pk}/",
        {
            "email": learner.email,
            "name": learner.name,
            "groups": [roles["Content editors"].pk],
        },
    )

    assert response.status_code == 302
    groups = only_entry("account.groups_changed")
    assert (groups.actor, groups.person) == (programme_admin, learner)
    assert groups.detail == "Roles: added Content editors"
    deactivated = only_entry("account.deactivated")  # "is_active" was left unticked
    assert deactivated.person == learner
    shown_to_admin(
        client,
        programme_admin,
        "Changed someone's groups (roles)",
        "Roles: added Content editors",
        "Deactivated an account",
    )


def test_bulk_role_and_active_state_changes_are_recorded(
    client, programme_admin, learner, roles, home_page
):
    client.force_login(programme_admin)
    role = roles["Content editors"]

    client.post(
        f"/admin/bulk/camino/user/assign_role/?next=/admin/users/&id={learner.pk}",
        {"role": role.pk},
    )
    client.post(
        f"/admin/bulk/camino/user/set_active_state/?next=/admin/users/&id={learner.pk}",
        {"mark_as_active": "False"},
    )

    assert only_entry("account.groups_changed").detail == (
        "Roles: added Content editors (bulk action)"
    )
    assert only_entry("account.deactivated").person == learner


def test_making_an_evaluation_export_is_recorded(client, programme_admin, course):
    client.force_login(programme_admin)

    client.post(
        "/admin/evaluation/exports/",
        {"course": course.pk, "cohort": "", "date_from": "", "date_to": ""},
    )

    entry = only_entry("evaluation.exported")
    assert entry.actor == programme_admin and entry.person is None
    assert course.title in entry.detail
    shown_to_admin(client, programme_admin, "Made an evaluation export")


def test_an_announcement_with_a_bad_code_is_refused(programme_admin, learner):
    with pytest.raises(ValueError):
        announce_staff_action(actor=programme_admin, action="Viewed!", person=learner)
    assert not AuditEntry.objects.exists()


# --- what the record keeps when accounts go ---------------------------------------------------


def test_the_entry_outlives_the_actor_and_anonymises_the_person(make_user, learner):
    facilitator = make_user(email="gone@example.org", name="Gabe Gone")
    announce_staff_action(
        actor=facilitator, action="learner.viewed", person=learner, detail="Their page"
    )

    facilitator.delete()
    entry = AuditEntry.objects.get()
    assert entry.actor is None and entry.actor_name == "Gabe Gone (gone@example.org)"

    account_delete(user=learner)  # the same path as deleting one's own account
    entry = AuditEntry.objects.get()
    assert entry.person is None
    assert (entry.person_name, entry.person_email, entry.person_ref) == (
        "Deleted account",
        "",
        None,
    )
    assert entry.person_words == "Deleted account"
    assert entry.detail == "Their page"


def test_entries_cannot_be_changed_or_deleted_one_by_one(programme_admin, learner):
    announce_staff_action(actor=programme_admin, action="learner.viewed", person=learner)
    entry = AuditEntry.objects.get()

    entry.detail = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get().detail == ""


def test_the_trail_is_in_no_admin_but_its_own_page():
    from django.contrib import admin
    from wagtail.admin.viewsets import viewsets
    from wagtail.snippets.models import get_snippet_models

    assert AuditEntry not in admin.site._registry
    assert AuditEntry not in get_snippet_models()
    assert all(getattr(v, "model", None) is not AuditEntry for v in viewsets.viewsets)


# --- the page: programme admins only, filters, pages, constant queries ------------------------


def test_nobody_else_can_see_the_trail(
    client, learner, facilitator, content_editor, programme_admin, superuser
):
    announce_staff_action(actor=programme_admin, action="learner.viewed", person=learner)
    assert client.get(AUDIT).status_code == 404  # signed out: not even a login page
    for person in (learner, facilitator, content_editor):
        client.force_login(person)
        assert client.get(AUDIT).status_code == 404, person
    for person in (programme_admin, superuser):
        client.force_login(person)
        assert client.get(AUDIT).status_code == 200, person


def test_the_menu_item_is_for_programme_admins_only(client, content_editor, programme_admin):
    client.force_login(content_editor)
    assert "Audit trail" not in client.get("/admin/").content.decode()
    client.force_login(programme_admin)
    assert "Audit trail" in client.get("/admin/").content.decode()


@pytest.fixture
def varied(programme_admin, facilitator, make_user):
    """Entries by two actors about two people, one of them 40 days ago."""
    amara = make_user(email="amara@example.org", name="Amara Okafor")
    ben = make_user(email="ben@example.org", name="Ben Baker")
    announce_staff_action(actor=facilitator, action="learner.viewed", person=amara, detail="A1")
    announce_staff_action(actor=facilitator, action="learner.viewed", person=ben, detail="B1")
    announce_staff_action(
        actor=programme_admin, action="certificate.revoked", person=ben, detail="B2"
    )
    old = timezone.now() - timedelta(days=40)
    AuditEntry.objects.filter(detail="A1").update(at=old)
    return amara, ben


def details(client, **query) -> list[str]:
    response = client.get(AUDIT, query)
    assert response.status_code == 200
    return re.findall(r"<td>([AB]\d)</td>", response.content.decode())


def test_filters_by_person_actor_action_and_date(client, programme_admin, varied):
    client.force_login(programme_admin)
    today = timezone.localdate()

    assert details(client) == ["B2", "B1", "A1"]
    assert details(client, person="ben@") == ["B2", "B1"]
    assert details(client, person="amara okafor") == ["A1"]
    assert details(client, actor="Fiona") == ["B1", "A1"]
    assert details(client, action="certificate.revoked") == ["B2"]
    assert details(client, date_from=today - timedelta(days=1)) == ["B2", "B1"]
    assert details(client, date_to=today - timedelta(days=30)) == ["A1"]


@pytest.mark.parametrize(
    "query, message",
    [
        ({"action": "made.up"}, "Choose an action from the list."),
        ({"date_from": "2026-02-31"}, "Enter a real date"),
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "same as or after the start"),
    ],
)
def test_a_bad_filter_is_explained_and_kept(client, programme_admin, varied, query, message):
    client.force_login(programme_admin)

    response = client.get(AUDIT, query)

    assert response.status_code == 400
    assert message in text(response)


def test_pages_of_fifty_newest_first_and_a_wild_page_number_is_not_an_error(
    client, programme_admin, learner
):
    for n in range(55):
        announce_staff_action(
            actor=programme_admin, action="learner.viewed", person=learner, detail=f"N{n}"
        )
    client.force_login(programme_admin)

    first = client.get(AUDIT).content.decode()
    second = client.get(AUDIT, {"page": 2}).content.decode()

    assert "<td>N54</td>" in first and "<td>N5</td>" in first and "<td>N4</td>" not in first
    assert "<td>N4</td>" in second and "<td>N0</td>" in second
    assert "Older entries" in first and "Newer entries" in second
    for wild in ("99999999999999999999999", "x", "-1"):
        assert client.get(AUDIT, {"page": wild}).status_code == 200
    # A control character in an address is nobody's real address: the 404 page, as everywhere
    # (camino.middleware.RefuseControlCharactersMiddleware).
    assert client.get(AUDIT, {"person": "Ben\x00"}).status_code == 404


def test_the_page_runs_the_same_queries_however_many_entries(client, programme_admin, make_user):
    def entries(count: int) -> None:
        for n in range(count):
            person = make_user(
                email=f"p{AuditEntry.objects.count()}-{n}@example.org", name=f"P {n}"
            )
            announce_staff_action(
                actor=programme_admin, action="learner.viewed", person=person, detail="x"
            )

    client.force_login(programme_admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(AUDIT).status_code == 200
        return len(captured)

    entries(3)
    client.get(AUDIT)  # warm the settings cache
    few = queries()
    entries(60)
    many = queries()
    assert few == many


def test_the_users_own_account_deletion_still_works(client, learner):
    """The self-deletion view now goes through camino.accounts.account_delete."""
    assert get_user_model().objects.filter(pk=learner.pk).exists()
    account_delete(user=learner)
    assert not get_user_model().objects.filter(pk=learner.pk).exists()


def test_a_facilitator_hiding_and_showing_a_comment_is_recorded(
    client, facilitator, member, cohort, make_user
):
    from cohorts.services import cohort_join
    from reflections.models import Comment
    from reflections.services import comment_add, entry_create, entry_share

    peer = make_user(email="pip@example.org", name="Pip Peer")
    cohort_join(cohort=cohort, user=peer)
    entry = entry_create(owner=member, title="Shared thoughts", body="<p>words</p>")
    share = entry_share(entry=entry, cohort=cohort, by=member)
    comment_add(share=share, author=peer, body="A private detail", role="member")
    comment = Comment.objects.get()
    client.force_login(facilitator)
    hide = f"/journal/{entry.pk}/comments/{comment.pk}/hide/"

    client.post(hide, {"reason": "Names a patient"})
    client.post(hide, {"action": "show"})

    hidden, shown = only_entry("comment.hidden"), only_entry("comment.shown")
    for entry_ in (hidden, shown):
        assert (entry_.actor, entry_.person) == (facilitator, peer)
        assert entry_.detail == "Their comment on a reflection shared with Spring cohort"


def test_a_superuser_deleting_an_account_is_recorded_and_goes_through_the_deletion_hooks(
    client,
    superuser,
    learner,
    facilitator,
    home_page,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    from django.core.files.base import ContentFile

    from reflections.models import JournalExport

    settings.MEDIA_ROOT = tmp_path
    export = JournalExport.objects.create(owner=learner, entry_count=60, status="ready")
    export.file.save("mine.pdf", ContentFile(b"%PDF"), save=True)
    path = export.file.path
    announce_staff_action(actor=facilitator, action="learner.viewed", person=learner)
    client.force_login(superuser)

    assert client.get(f"/admin/users/delete/{learner.pk}/").status_code == 200
    assert AuditEntry.objects.count() == 1  # the confirmation page records nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/users/delete/{learner.pk}/")

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=learner.pk).exists()
    deleted = only_entry("account.deleted")
    assert deleted.actor == superuser and deleted.detail == "Deleted in the admin's Users screen"
    assert set(AuditEntry.objects.values_list("person_name", flat=True)) == {"Deleted account"}
    import os

    assert not os.path.exists(path)


def test_a_bulk_delete_is_recorded_for_each_account(client, superuser, make_user, home_page):
    people = [make_user(email=f"b{n}@example.org", name=f"B {n}") for n in range(2)]
    client.force_login(superuser)
    ids = "&".join(f"id={p.pk}" for p in people)

    response = client.post(f"/admin/bulk/camino/user/delete/?next=/admin/users/&{ids}")

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk__in=[p.pk for p in people]).exists()
    entries = AuditEntry.objects.filter(action="account.deleted")
    assert entries.count() == 2
    assert {e.person_name for e in entries} == {"Deleted account"}
