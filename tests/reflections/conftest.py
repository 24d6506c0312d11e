"""Fixtures for the journal tests: cohort A (with its facilitator and two members, one of them
the entries' owner), cohort B with its own facilitator, and one person in each other role."""

from datetime import date

import pytest
from allauth.account.models import EmailAddress

from cohorts import services as cohort_services
from cohorts.models import Cohort
from reflections import services
from tests.reflections.helpers import KINDS, MADE_UP_SHARE_ID, SECRETS, entry


@pytest.fixture
def facilitator(make_user):
    return make_user(email="fiona@example.org", name="Fiona Facilitator")


@pytest.fixture
def cohort(course, facilitator):
    """Cohort A."""
    cohort = Cohort.objects.create(name="Spring cohort", course=course, starts_on=date(2026, 9, 14))
    cohort.facilitators.add(facilitator)
    return cohort


@pytest.fixture
def other_facilitator(make_user):
    return make_user(email="otto@example.org", name="Otto Other")


@pytest.fixture
def other_cohort(course, other_facilitator):
    """Cohort B: same course, different facilitator, the owner is not in it."""
    cohort = Cohort.objects.create(name="Autumn cohort", course=course, starts_on=date(2026, 10, 1))
    cohort.facilitators.add(other_facilitator)
    return cohort


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
def content_editor(make_user, roles):
    user = make_user(email="eddie@example.org", name="Eddie Editor", is_staff=True)
    user.groups.add(roles["Content editors"])
    return user


@pytest.fixture
def superuser(db, django_user_model):
    user = django_user_model.objects.create_superuser(
        email="root@example.org", password="correct-horse-battery", name="Sue Super"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


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
