"""How the journal plugs into the others: the Reflect and Share stages of a module page, the
shared feed on cohort pages, withdrawing shares when a membership ends, and demo data.

Journal entries are deliberately registered with nothing in the Wagtail admin or search."""

from django.db.models import Exists, OuterRef
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
    return render_to_string(
        f"reflections/panels/module_{stage}.html",
        {"module": module, "journey": journey, "entries": entries},
        request=request,
    )


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
