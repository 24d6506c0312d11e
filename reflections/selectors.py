"""Reads for the journal. Every selector starts from who is asking: an entry someone may not
read does not exist for them (the views answer 404, never 403)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
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


def owner_export(*, owner, export_id) -> JournalExport:
    """The owner's own export, if it is still kept; for anyone else it does not exist."""
    export = JournalExport.objects.filter(
        pk=export_id, owner=owner, created_at__gte=_kept_since()
    ).first()
    if export is None:
        raise Http404("No such export")
    return export


def _active_shares():
    return Prefetch(
        "shares",
        queryset=Share.objects.filter(withdrawn_at__isnull=True).select_related("cohort"),
        to_attr="active_shares",
    )


def owner_entries(*, owner, filters: JournalFilters):
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
    return entries.select_related("module", "course").prefetch_related(
        "capabilities", _active_shares()
    )


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


def entry_of_owner(*, owner, entry_id: int) -> JournalEntry:
    entry = (
        JournalEntry.objects.filter(pk=entry_id, owner_id=getattr(owner, "pk", None))
        .select_related("module", "course")
        .prefetch_related("capabilities")
        .first()
    )
    if entry is None:
        raise Http404("No such entry")
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


def entry_shared_with(*, reader, entry_id: int) -> SharedView:
    """A shared entry as a cohort member or facilitator reads it; 404 for anyone else, and
    at once after the owner withdraws it."""
    if not reader.is_authenticated:
        raise Http404("No such entry")
    member, facilitated = _cohort_ids_visible_to(reader)
    visible = member | facilitated
    shares = list(
        Share.objects.filter(entry_id=entry_id, withdrawn_at__isnull=True, cohort_id__in=visible)
        .select_related("cohort", "entry", "entry__owner", "entry__module", "entry__course")
        .prefetch_related(Prefetch("comments", queryset=Comment.objects.select_related("author")))
    )
    if not shares:
        raise Http404("No such entry")
    return SharedView(entry=shares[0].entry, shares=shares, facilitated=facilitated)


def shares_of_owner(*, entry: JournalEntry) -> list[Share]:
    """Every share of the entry, active and withdrawn, with comments: the owner's record."""
    return list(
        entry.shares.select_related("cohort", "withdrawn_by").prefetch_related(
            Prefetch("comments", queryset=Comment.objects.select_related("author"))
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
