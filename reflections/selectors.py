"""Reads for the journal. Every selector starts from who is asking: an entry someone may not
read does not exist for them (the views answer 404, never 403)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from cohorts.models import Cohort, Membership
from learning.models import Stage
from reflections.models import Comment, JournalEntry, JournalExport, Share

PAGE_SIZE = 20
# A journal export older than this is deleted, file and all.
EXPORT_KEPT_HOURS = 24


@dataclass
class JournalFilters:
    course: int | None = None
    module: int | None = None
    stage: str | None = None
    capability: int | None = None
    shared: str | None = None  # "shared" | "private"
    q: str = ""


def journal_filters_from(query) -> JournalFilters:
    """The journal's search and filters from its address (a QueryDict). Each filter stands on
    its own: one odd value never widens the others. An id that is not a number, or names
    nothing in this journal, matches nothing."""

    def number(name: str) -> int | None:
        value = (query.get(name) or "").strip()
        if not value:
            return None
        return int(value) if value.isdigit() and len(value) < 12 else -1

    stage = query.get("stage") or None
    shared = query.get("shared") or None
    return JournalFilters(
        course=number("course"),
        module=number("module"),
        stage=stage if stage in Stage.values else (None if not stage else "none"),
        capability=number("capability"),
        shared=shared if shared in ("shared", "private") else None,
        q=(query.get("q") or "").strip()[:200],
    )


def _kept_since():
    return timezone.now() - timedelta(hours=EXPORT_KEPT_HOURS)


def latest_export(*, owner) -> JournalExport | None:
    """The owner's PDF made (or being made) in the background, while it is kept."""
    return JournalExport.objects.filter(owner=owner, created_at__gte=_kept_since()).first()


def owner_export(*, owner, export_id) -> JournalExport | None:
    """The owner's own export, if it is still kept; for anyone else it does not exist (None)."""
    export = JournalExport.objects.filter(
        pk=export_id, owner=owner, created_at__gte=_kept_since()
    ).first()
    return export


def _active_shares():
    return Prefetch(
        "shares",
        queryset=Share.objects.filter(withdrawn_at__isnull=True).select_related("cohort"),
        to_attr="active_shares",
    )


def _conversations():
    """Every share of an entry (active or taken back) with the comments its owner may see:
    for the owner's exports."""
    return Prefetch(
        "shares",
        queryset=Share.objects.select_related("cohort").prefetch_related(
            Prefetch(
                "comments",
                queryset=Comment.objects.filter(hidden_at__isnull=True).select_related("author"),
            )
        ),
        to_attr="all_shares",
    )


def owner_entries(*, owner, filters: JournalFilters, conversations: bool = False):
    entries = JournalEntry.objects.filter(owner=owner)
    if filters.course:
        entries = entries.filter(course_id=filters.course)
    if filters.module:
        entries = entries.filter(module_id=filters.module)
    if filters.stage:
        entries = entries.filter(stage=filters.stage)
    if filters.capability:
        entries = entries.filter(capabilities__id=filters.capability)
    shared_now = Exists(Share.objects.filter(entry=OuterRef("pk"), withdrawn_at__isnull=True))
    if filters.shared == "shared":
        entries = entries.filter(shared_now)
    elif filters.shared == "private":
        entries = entries.filter(~shared_now)
    if filters.q:
        for word in filters.q.split()[:8]:
            entries = entries.filter(Q(title__icontains=word) | Q(body_text__icontains=word))
    entries = entries.select_related("module", "course").prefetch_related(
        "capabilities", _active_shares()
    )
    if conversations:
        entries = entries.prefetch_related(_conversations())
    return entries


def journal_page(*, owner, filters: JournalFilters, page: int | str = 1):
    return Paginator(owner_entries(owner=owner, filters=filters), PAGE_SIZE).get_page(page)


def journal_filter_choices(*, owner) -> dict:
    """Courses, modules and capabilities that the owner's entries use, for the filter form."""
    from learning.models import Capability, CoursePage, ModulePage

    mine = JournalEntry.objects.filter(owner=owner)
    return {
        "courses": list(
            CoursePage.objects.filter(pk__in=mine.values("course_id")).only("id", "title")
        ),
        "modules": list(
            ModulePage.objects.filter(pk__in=mine.values("module_id")).only("id", "title")
        ),
        "capabilities": list(
            Capability.objects.filter(pk__in=mine.values("capabilities__id")).order_by("code")
        ),
    }


def entry_of_owner(*, owner, entry_id: int) -> JournalEntry | None:
    """The owner's own entry; None for anyone else's (or none at all)."""
    entry = (
        JournalEntry.objects.filter(pk=entry_id, owner_id=getattr(owner, "pk", None))
        .select_related("module", "course")
        .prefetch_related("capabilities")
        .first()
    )
    return entry


def _cohort_ids_visible_to(user) -> tuple[set[int], set[int]]:
    """(cohorts the user belongs to, cohorts the user facilitates)."""
    member = set(
        Membership.objects.filter(user=user, ended_at__isnull=True).values_list(
            "cohort_id", flat=True
        )
    )
    facilitated = set(Cohort.objects.filter(facilitators=user).values_list("id", flat=True))
    return member, facilitated


@dataclass
class SharedView:
    entry: JournalEntry
    shares: list[Share]  # the active shares this reader may see, with their comments
    facilitated: set[int]
    member_of: set[int] = field(default_factory=set)

    def role_in(self, share: Share) -> str:
        return "facilitator" if share.cohort_id in self.facilitated else "member"


OWNER = "owner"
FACILITATOR = "facilitator"
MEMBER = "member"


@dataclass
class ConversationItem:
    """A comment as one reader sees it: `shown` is "full", "hidden" (a facilitator sees it
    marked hidden, with the reason), "hidden-own" (its author sees their own hidden comment
    and why) or "placeholder" (the entry's owner is told one was hidden, not what it said)."""

    comment: Comment
    shown: str
    can_remove: bool = False
    can_hide: bool = False


def conversation(*, share: Share, reader, role: str) -> list[ConversationItem]:
    """The comments on a share that `reader` (in `role`: owner, facilitator or member) may
    see, from the share's prefetched comments (no query of its own). Members never see what
    was kept between the owner and the facilitators, nor a hidden comment (but their own)."""
    items = []
    for comment in share.comments.all():
        mine = comment.author_id == getattr(reader, "pk", None)
        if comment.facilitators_only and role == MEMBER and not mine:
            continue
        if comment.hidden_at is not None:
            if role == FACILITATOR:
                shown = "hidden"
            elif mine:
                shown = "hidden-own"
            elif role == OWNER:
                shown = "placeholder"
            else:
                continue
        else:
            shown = "full"
        items.append(
            ConversationItem(
                comment=comment,
                shown=shown,
                can_remove=role == OWNER or mine,
                can_hide=role == FACILITATOR and not mine,
            )
        )
    return items


def comment_role(*, share: Share, user) -> str | None:
    """Who `user` is to this share's conversation: the entry's owner, a facilitator or an
    active member of its cohort, or None (for whom it does not exist). Ignores whether the
    share is still active: the views decide what a withdrawn share allows."""
    if not user.is_authenticated:
        return None
    if share.entry.owner_id == user.pk:
        return OWNER
    if Cohort.objects.filter(pk=share.cohort_id, facilitators=user).exists():
        return FACILITATOR
    if Membership.objects.filter(
        cohort_id=share.cohort_id, user=user, ended_at__isnull=True
    ).exists():
        return MEMBER
    return None


def entry_shared_with(*, reader, entry_id: int) -> SharedView | None:
    """A shared entry as a cohort member or facilitator reads it; None for anyone else, and
    at once after the owner withdraws it (the view answers 404)."""
    if not reader.is_authenticated or entry_id > 2**63 - 1:
        return None
    member, facilitated = _cohort_ids_visible_to(reader)
    visible = member | facilitated
    shares = list(
        Share.objects.filter(entry_id=entry_id, withdrawn_at__isnull=True, cohort_id__in=visible)
        .select_related("cohort", "entry", "entry__owner", "entry__module", "entry__course")
        .prefetch_related(
            Prefetch("comments", queryset=Comment.objects.select_related("author")),
            "cohort__facilitators",
        )
    )
    if not shares:
        return None
    return SharedView(
        entry=shares[0].entry, shares=shares, facilitated=facilitated, member_of=member
    )


def shares_of_owner(*, entry: JournalEntry) -> list[Share]:
    """Every share of the entry, active and withdrawn, with comments: the owner's record."""
    return list(
        entry.shares.select_related("cohort", "withdrawn_by").prefetch_related(
            Prefetch("comments", queryset=Comment.objects.select_related("author")),
            "cohort__facilitators",
        )
    )


def cohort_feed(*, cohort: Cohort, learner=None, limit: int = 50) -> list[Share]:
    shares = Share.objects.filter(cohort=cohort, withdrawn_at__isnull=True)
    if learner is not None:
        shares = shares.filter(entry__owner=learner)
    return list(
        shares.select_related("entry", "entry__owner", "entry__module").order_by("-shared_at")[
            :limit
        ]
    )


def cohorts_to_share_with(*, owner) -> list[Cohort]:
    return list(
        Cohort.objects.filter(memberships__user=owner, memberships__ended_at__isnull=True)
        .select_related("course")
        .order_by("name")
    )


def unanswered_shares(*, cohort: Cohort) -> list[Share]:
    """Entries shared with the cohort (still shared) that nobody but their owner has answered:
    for the facilitators' weekly digest."""
    answered = Comment.objects.filter(share=OuterRef("pk")).exclude(
        author_id=OuterRef("entry__owner_id")
    )
    return list(
        Share.objects.filter(cohort=cohort, withdrawn_at__isnull=True)
        .exclude(Exists(answered))
        .select_related("entry__owner", "entry__module")
        .order_by("shared_at")
    )
