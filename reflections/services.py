"""Writes for the journal. Keyword-only, typed, named <thing>_<action>.

Later plugins (the host's notifications) hear about the journal through Wagtail hooks, each
`fn(**kwargs)` called inside the transaction that made the change:

- `reflections_entry_shared(share=...)`: an entry was newly shared with a cohort.
- `reflections_comment_added(comment=...)`: a response, comment or reply was added.
- `reflections_comment_hidden(comment=...)`: a facilitator hid a comment (with a reason).
- `reflections_shares_withdrawn(share_ids=[...], owner_id=...)`: shares were taken back (by
  the owner, by leaving the cohort, or with the entry deleted): anything about them that was
  told to others should go.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail import hooks

from cohorts.models import Cohort, Membership
from learning.models import Capability, ModulePage, Stage, StageCompletion
from learning.services import NotEnrolled, stage_complete
from reflections import tasks
from reflections.models import Comment, JournalEntry, JournalExport, Share
from reflections.sanitise import plain_text, rich_text_clean


class StaleEdit(Exception):
    """Someone saved the entry (in another tab) since this form was opened."""

    def __init__(self, current: JournalEntry):
        super().__init__("stale")
        self.current = current


class CommentRefused(Exception):
    """A plain-English reason the comment cannot be added."""


def _capabilities_for(module: ModulePage | None, capability_ids) -> list[int]:
    return list(
        Capability.objects.filter(pk__in=list(capability_ids or [])).values_list("pk", flat=True)
    )


def _mark_stage(*, owner, module: ModulePage | None, stage: str) -> bool:
    if module is None:
        return False
    try:
        stage_complete(user=owner, module=module, stage=stage)
    except NotEnrolled:
        return False
    return True


@transaction.atomic
def entry_create(
    *,
    owner,
    title: str,
    body: str,
    stage: str = Stage.REFLECT,
    module: ModulePage | None = None,
    capability_ids=(),
    body_is_html: bool | None = None,
) -> JournalEntry:
    """Save a new entry. Writing a Reflect entry from a module marks that stage done (when the
    owner is enrolled; `entry.stage_marked` says whether it did)."""
    cleaned = rich_text_clean(body, is_html=body_is_html)
    entry = JournalEntry.objects.create(
        owner=owner,
        title=title.strip(),
        body=cleaned,
        body_text=plain_text(cleaned),
        stage=stage,
        module=module,
        course=module.get_parent().specific if module is not None else None,
    )
    entry.capabilities.set(_capabilities_for(module, capability_ids))
    entry.stage_marked = stage == Stage.REFLECT and _mark_stage(
        owner=owner, module=module, stage=Stage.REFLECT
    )
    return entry


@transaction.atomic
def entry_update(
    *,
    entry: JournalEntry,
    expected_version: int,
    title: str,
    body: str,
    stage: str,
    capability_ids=(),
    body_is_html: bool | None = None,
) -> JournalEntry:
    """Save changes unless the entry changed since the form was opened (then StaleEdit, with
    the saved text, so the person can compare instead of overwriting it silently)."""
    cleaned = rich_text_clean(body, is_html=body_is_html)
    updated = JournalEntry.objects.filter(pk=entry.pk, version=expected_version).update(
        title=title.strip(),
        body=cleaned,
        body_text=plain_text(cleaned),
        stage=stage,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise StaleEdit(JournalEntry.objects.get(pk=entry.pk))
    entry.refresh_from_db()
    entry.capabilities.set(_capabilities_for(entry.module, capability_ids))
    return entry


@transaction.atomic
def entry_delete(*, entry: JournalEntry) -> None:
    """Gone for everyone: its shares and their comments go with it."""
    share_ids = list(Share.objects.filter(entry=entry).values_list("pk", flat=True))
    if share_ids:
        _announce("reflections_shares_withdrawn", share_ids=share_ids, owner_id=entry.owner_id)
    entry.delete()


def _announce(hook_name: str, **kwargs) -> None:
    for fn in hooks.get_hooks(hook_name):
        fn(**kwargs)


def _active_member(*, user, cohort: Cohort) -> bool:
    return Membership.objects.filter(cohort=cohort, user=user, ended_at__isnull=True).exists()


class ShareRefused(Exception):
    pass


@transaction.atomic
def entry_share(
    *, entry: JournalEntry, cohort: Cohort, by, responses_allowed: bool = True
) -> Share:
    """Share with one of the owner's cohorts, letting its members respond or not (facilitators
    may always comment); sharing again changes nothing. Sharing an entry written for a module
    marks that module's Share stage done."""
    if entry.owner_id != by.pk or not _active_member(user=by, cohort=cohort):
        raise ShareRefused
    share = (
        Share.objects.select_for_update()
        .filter(entry=entry, cohort=cohort, withdrawn_at__isnull=True)
        .first()
    )
    if share is None:
        share = Share.objects.create(
            entry=entry, cohort=cohort, shared_by=by, responses_allowed=responses_allowed
        )
        _announce("reflections_entry_shared", share=share)
    _mark_stage(owner=entry.owner, module=entry.module, stage=Stage.SHARE)
    return share


@transaction.atomic
def share_withdraw(*, share: Share, by) -> Share:
    """The owner (or the end of their membership) takes a share back, at once."""
    if share.withdrawn_at is None:
        taken = Share.objects.filter(pk=share.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=by
        )
        share.refresh_from_db()
        if taken:
            _announce(
                "reflections_shares_withdrawn",
                share_ids=[share.pk],
                owner_id=share.entry.owner_id,
            )
    return share


@transaction.atomic
def shares_withdraw_for_membership(*, membership: Membership) -> int:
    """Registered on `cohorts_membership_ended`: leaving a cohort takes back what was shared."""
    shares = Share.objects.filter(
        cohort_id=membership.cohort_id,
        entry__owner_id=membership.user_id,
        withdrawn_at__isnull=True,
    )
    share_ids = list(shares.values_list("pk", flat=True))
    if not share_ids:
        return 0
    taken = Share.objects.filter(pk__in=share_ids).update(
        withdrawn_at=timezone.now(), withdrawn_by_id=membership.ended_by_id
    )
    _announce("reflections_shares_withdrawn", share_ids=share_ids, owner_id=membership.user_id)
    return taken


def share_responses_set(*, share: Share, allowed: bool) -> Share:
    """The owner lets the cohort's members respond, or stops them (what they wrote stays)."""
    Share.objects.filter(pk=share.pk).update(responses_allowed=allowed)
    share.responses_allowed = allowed
    return share


COMMENT_MAX_CHARACTERS = 5000
HIDE_REASON_MAX_CHARACTERS = 500


def comment_text_clean(text: str) -> str:
    """Comments are plain text: control characters (NUL included) go, line breaks stay, and
    the whole is escaped wherever it is shown."""
    kept = "".join(ch for ch in (text or "") if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127))
    return kept.replace("\r", "").strip()


@transaction.atomic
def comment_add(
    *, share: Share, author, body: str, facilitators_only: bool = False, role: str = "owner"
) -> Comment:
    """Add a comment as `role`: "owner" (replies on their own entry), "facilitator" (of the
    share's cohort) or "member" (a response; only while the owner allows responses). Owners
    and facilitators may keep it between the owner and the facilitators."""
    share = Share.objects.select_related("entry").get(pk=share.pk)
    if share.withdrawn_at is not None:
        raise CommentRefused(
            "This entry is no longer shared with the cohort, so it cannot take responses. "
            "Your text has not been sent: it is below, so you can keep a copy."
        )
    if role == "member" and not share.responses_allowed:
        raise CommentRefused(
            f"{share.entry.owner.name} has turned responses off for this entry, so your "
            "response has not been sent. Your text is still in the box."
        )
    text = comment_text_clean(body)
    if not text:
        raise CommentRefused("Write something before you send it")
    if len(text) > COMMENT_MAX_CHARACTERS:
        raise CommentRefused(
            f"Your text is {len(text):,} characters long. The limit is "
            f"{COMMENT_MAX_CHARACTERS:,}: make it shorter."
        )
    comment = Comment.objects.create(
        share=share,
        author=author,
        body=text,
        facilitators_only=facilitators_only and role in ("owner", "facilitator"),
    )
    _announce("reflections_comment_added", comment=comment)
    return comment


def comment_remove(*, comment: Comment) -> None:
    """The entry's owner removes a comment from their entry, or its author takes it back."""
    comment.delete()


@transaction.atomic
def comment_hide(*, comment: Comment, by, reason: str) -> Comment:
    """A facilitator hides a comment from the cohort, saying why; its author sees the reason."""
    reason = comment_text_clean(reason)
    if not reason:
        raise CommentRefused("Say why you are hiding it: its author will see your reason")
    if len(reason) > HIDE_REASON_MAX_CHARACTERS:
        raise CommentRefused(
            f"The reason can be up to {HIDE_REASON_MAX_CHARACTERS} characters. Make it shorter."
        )
    if comment.hidden_at is None:
        comment.hidden_at = timezone.now()
        comment.hidden_by = by
        comment.hidden_reason = reason
        comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        _announce("reflections_comment_hidden", comment=comment)
    return comment


def comment_show(*, comment: Comment) -> Comment:
    """A facilitator shows a hidden comment again."""
    comment.hidden_at = None
    comment.hidden_by = None
    comment.hidden_reason = ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return comment


def module_stage_skip_share(*, owner, module: ModulePage) -> None:
    stage_complete(
        user=owner, module=module, stage=Stage.SHARE, outcome=StageCompletion.Outcome.SKIPPED
    )


# --- journal PDFs made in the background ---------------------------------------------------


def journal_export_request(*, owner, query: str, entry_count: int) -> JournalExport:
    """Queue a PDF of the owner's journal (as filtered by `query`, the journal's own address
    parameters). Earlier exports of theirs are deleted: only the newest is kept."""
    journal_exports_delete(owner=owner)
    export = JournalExport.objects.create(owner=owner, query=query[:2000], entry_count=entry_count)
    export_id = str(export.pk)
    transaction.on_commit(lambda: tasks.render_journal_export.enqueue(export_id))
    return export


def journal_export_lost(*, export: JournalExport) -> JournalExport:
    """Its file is gone from storage: shown as not made, so the learner can ask again."""
    export.status = JournalExport.Status.FAILED
    export.save(update_fields=["status"])
    return export


def journal_exports_delete(*, owner=None, older_than_hours: int | None = None) -> int:
    """Delete exports with their files: an owner's (all of them, or those older than the
    given age), or everyone's older than the given age. Returns how many went.

    The files go once the deletion is committed: inside a transaction that is rolled back (an
    account deletion that fails part-way), the rows come back and so must their PDFs."""
    exports = JournalExport.objects.all()
    if owner is not None:
        exports = exports.filter(owner=owner)
    if older_than_hours is not None:
        exports = exports.filter(created_at__lt=timezone.now() - timedelta(hours=older_than_hours))
    gone = list(exports.only("pk", "file"))
    JournalExport.objects.filter(pk__in=[export.pk for export in gone]).delete()
    names = [export.file.name for export in gone if export.file.name]
    if names:
        storage = JournalExport._meta.get_field("file").storage
        transaction.on_commit(lambda: _files_delete(storage, names))
    return len(gone)


def _files_delete(storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)
