"""Fixtures for the journal tests: cohort A (with its facilitator and two members, one of them
the entries' owner), cohort B with its own facilitator, and one person in each other role."""

import pytest

from cohorts import services as cohort_services
from reflections import services
from tests.reflections.helpers import KINDS, MADE_UP_SHARE_ID, SECRETS, entry


@pytest.fixture
def owner(learner, cohort):
    """Amara Okafor: a member of cohort A (and so enrolled in its course); owns the entries."""
    cohort_services.cohort_join(cohort=cohort, user=learner)
    return learner


@pytest.fixture
def peer(make_user, cohort):
    """Another member of cohort A."""
    user = make_user(email="pat.peer@example.org", name="Priya Peer")
    cohort_services.cohort_join(cohort=cohort, user=user)
    return user


@pytest.fixture
def stranger(make_user):
    """A learner in no cohort."""
    return make_user(email="sam.stranger@example.org", name="Sam Stranger")


@pytest.fixture
def world(owner, peer, cohort, other_cohort, facilitator):
    """The owner's three entries, and the share ids of the shared and withdrawn ones."""
    entries = {
        kind: entry(owner, title=SECRETS[kind][0], body=f"<p>{SECRETS[kind][1]}</p>")
        for kind in KINDS
    }
    shares = {
        "shared": services.entry_share(entry=entries["shared"], cohort=cohort, by=owner),
        "withdrawn": services.entry_share(entry=entries["withdrawn"], cohort=cohort, by=owner),
    }
    services.share_withdraw(share=shares["withdrawn"], by=owner)
    share_ids = {"private": MADE_UP_SHARE_ID} | {k: s.pk for k, s in shares.items()}
    return {"entries": entries, "share_ids": share_ids, "cohort": cohort}
