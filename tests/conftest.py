"""Fixtures shared by the whole suite."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from camino.demo import demo_home_ensure
from camino.roles import roles_sync


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached settings must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    return demo_home_ensure()


@pytest.fixture
def roles(db):
    return roles_sync()


@pytest.fixture
def make_user(db, django_user_model):
    """A verified account that can log in; password is `correct-horse-battery`."""

    def make(email: str = "learner@example.org", name: str = "Amara Okafor", **extra):
        user = django_user_model.objects.create_user(
            email=email, password="correct-horse-battery", name=name, **extra
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def learner(make_user):
    return make_user()
