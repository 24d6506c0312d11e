"""How the journal plugs into the others: the Reflect and Share stages of a module page, the
shared feed on cohort pages, withdrawing shares when a membership ends, and demo data.

Journal entries are deliberately registered with nothing in the Wagtail admin or search."""

from django.db.models import Count, Exists, OuterRef, Q
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from wagtail import hooks

from reflections import selectors, services
from reflections.models import JournalEntry, Share


@hooks.register("learning_module_stage_panel")
def module_stage_panel(request, module, journey, stage):
    if stage not in ("reflect", "share") or request is None or not request.user.is_authenticated:
        return None
    entries = getattr(request, "_journal_module_entries", None)
    if getattr(request, "is_preview", False):
        entries = []  # an editor's preview shows the module as a learner starting it sees it
    elif entries is None:
        entries = list(
            JournalEntry.objects.filter(owner=request.user, module=module)
            .annotate(
                is_shared=Exists(
                    Share.objects.filter(entry=OuterRef("pk"), withdrawn_at__isnull=True)
                )
            )
            .only("id", "title", "created_at", "stage")
            .order_by("-created_at")
        )
        request._journal_module_entries = entries
    # Without the request: the panel needs none of the context processors (which would run
    # again for each panel), only the form's CSRF token.
    return render_to_string(
        f"reflections/panels/module_{stage}.html",
        {
            "module": module,
            "journey": journey,
            "entries": entries,
            "csrf_token": get_token(request),
        },
    )


@hooks.register("learning_completion_facts")
def journal_completion_facts(user, course):
    """For the course's completion page: the journal entries written for it (every entry of a
    reflective journal counts as a reflection, whatever its stage) and those shared now."""
    totals = JournalEntry.objects.filter(owner=user, course=course).aggregate(
        written=Count("pk", distinct=True),
        shared=Count(
            "pk",
            distinct=True,
            filter=Q(shares__isnull=False, shares__withdrawn_at__isnull=True),
        ),
    )
    return [
        {"label": "Reflections written", "value": str(totals["written"])},
        {"label": "Reflections shared with your cohort", "value": str(totals["shared"])},
    ]


@hooks.register("cohorts_cohort_panels")
def cohort_feed_panel(request, cohort, role):
    """Shared entries are for the cohort: its members and facilitators. A programme admin who
    is neither sees the grid, not what learners shared."""
    if role not in ("facilitator", "member"):
        return None
    return render_to_string(
        "reflections/panels/cohort_feed.html",
        {"cohort": cohort, "shares": selectors.cohort_feed(cohort=cohort), "role": role},
        request=request,
    )


@hooks.register("cohorts_learner_panels")
def learner_feed_panel(request, cohort, learner, role):
    if role != "facilitator":
        return None
    return render_to_string(
        "reflections/panels/learner_feed.html",
        {
            "cohort": cohort,
            "learner": learner,
            "shares": selectors.cohort_feed(cohort=cohort, learner=learner),
        },
        request=request,
    )


@hooks.register("cohorts_weekly_digest_sections")
def unanswered_shares_section(cohort, since):
    """The facilitators' weekly digest: entries shared with the cohort that no one has
    answered yet. Who shared and when, and the module; never the entry's title or words (an
    email outlives a share that is taken back)."""
    from django.conf import settings
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    shares = selectors.unanswered_shares(cohort=cohort)
    if not shares:
        return None
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    items = []
    for share in shares:
        owner = share.entry.owner
        module = f" (module: {share.entry.module.title})" if share.entry.module else ""
        when = date_format(localtime(share.shared_at), "j F")
        items.append(
            {
                "text": f"{owner.name or owner.email} shared a reflection on {when}{module}",
                "url": f"{base}/journal/{share.entry_id}/#share-{share.pk}",
            }
        )
    count = len(items)
    return {
        "heading": "Shared entries with no response yet",
        "items": items,
        "summary": f"{count} shared entr{'y' if count == 1 else 'ies'} with no response yet",
    }


@hooks.register("cohorts_membership_ended")
def withdraw_shares_on_leaving(membership):
    services.shares_withdraw_for_membership(membership=membership)


@hooks.register("camino_account_deleting")
def delete_journal_exports(user):
    """The rows go with the account; the PDF files in storage go here."""
    services.journal_exports_delete(owner=user)


@hooks.register("register_demo_data")
def reflections_demo_data(accounts):
    from reflections.demo import demo_journal_ensure

    demo_journal_ensure(accounts=accounts)


@hooks.register("camino_retention")
def journal_exports_retention(now, dry_run=False):
    """Journal PDFs made in the background are kept for their owner for 24 hours (and
    `prune_journal_exports`, run hourly, deletes them then); the daily run deletes any left,
    never keeping one longer than RETENTION_EXPORTS_DAYS."""
    from datetime import timedelta

    from django.conf import settings

    from reflections.models import JournalExport

    hours = min(24, 24 * getattr(settings, "RETENTION_EXPORTS_DAYS", 7))
    if dry_run:
        count = JournalExport.objects.filter(created_at__lt=now - timedelta(hours=hours)).count()
    else:
        count = services.journal_exports_delete(older_than_hours=hours)
    return [(f"journal PDF exports older than {hours} hours", count)]


@hooks.register("camino_personal_data")
def personal_data(user):
    """This plugin's part of a person's data export (the host gathers every plugin's)."""
    from reflections.personal_data import personal_data as gather

    return gather(user)
