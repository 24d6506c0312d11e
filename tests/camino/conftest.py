"""Fixtures for the host's tests: the access map's world."""

import pytest
from django.db import transaction
from django.test import override_settings

from tests.camino.access_world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world of access_world.py (a person in every role, one of everything a URL names),
    built once per test module and rolled back after it. Tests using it ask it through
    `access_world.ask`, which rolls back each request."""
    media = tmp_path_factory.mktemp("access-world-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            built = build_world()
            yield built
            transaction.set_rollback(True)
