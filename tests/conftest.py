"""Fixtures shared by the whole suite."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from camino.demo import demo_home_ensure
from camino.roles import roles_sync


def _database_use(item) -> int:
    """pytest-django's order: 0 uses the database in a transaction rolled back after it, 1
    commits (transactional: the database is emptied after it), 2 uses no database."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    transactional = bool(marker) and any(validate_django_db(marker)[:2])
    fixtures = getattr(item, "fixturenames", [])
    if transactional or "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    return 0 if marker or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The longest tests first, within the order the database needs.

    pytest-django has already put the tests that commit (transactional: browser journeys, live
    servers) after all the others that use the database, as Django does: a committing test
    empties the database when it ends, so whatever runs after it on that worker must not need
    the rows migrations made. pytest-xdist keeps that order on each worker (each runs its share
    in collection order). Inside it, this puts the slowest first: the tests that start another
    process and use no test database (marked `slow`) at the very start, and the browser
    journeys at the head of the committing tests, so the quick tests fill the gaps at the end
    instead of one worker finishing a long journey alone while the others wait."""
    slow = {id(i) for i in items if i.get_closest_marker("slow") or i.get_closest_marker("browser")}

    def key(item):
        use = _database_use(item)
        if use == 2 and id(item) in slow:
            return (-1, 0)
        return (use, 0 if id(item) in slow else 1)

    items.sort(key=key)


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


@pytest.fixture
def course_index(home_page):
    from tests.factories import CourseIndexPageFactory

    return CourseIndexPageFactory(parent=home_page)


@pytest.fixture
def course(course_index):
    """A published course of four required modules; the framework has one theme of three
    capabilities and the first module develops two of them."""
    from tests.factories import CapabilityFactory, ThemeFactory, course_with_modules

    course, modules = course_with_modules(parent=course_index, modules=4)
    theme = ThemeFactory(framework=course.framework, name="Being")
    caps = [CapabilityFactory(theme=theme) for _ in range(3)]
    first = modules[0]
    first.capabilities.set(caps[:2])
    first.save_revision().publish()
    course.test_modules = modules
    course.test_capabilities = caps
    return course


@pytest.fixture
def enrolled(learner, course):
    from learning.services import enrolment_create

    enrolment_create(user=learner, course=course)
    return learner


# --- people in each role, and two cohorts on the `course` fixture ----------------------------


@pytest.fixture
def facilitator(make_user):
    return make_user(email="fiona@example.org", name="Fiona Facilitator")


@pytest.fixture
def cohort(course, facilitator):
    """Spring cohort on the `course` fixture, facilitated by Fiona."""
    from datetime import date

    from cohorts.models import Cohort

    cohort = Cohort.objects.create(
        name="Spring cohort", course=course, starts_on=date(2026, 9, 14), ends_on=date(2027, 3, 26)
    )
    cohort.facilitators.add(facilitator)
    return cohort


@pytest.fixture
def other_facilitator(make_user):
    return make_user(email="otto@example.org", name="Otto Other")


@pytest.fixture
def other_cohort(course, other_facilitator):
    """Autumn cohort: same course, a different facilitator."""
    from datetime import date

    from cohorts.models import Cohort

    cohort = Cohort.objects.create(name="Autumn cohort", course=course, starts_on=date(2026, 10, 1))
    cohort.facilitators.add(other_facilitator)
    return cohort


@pytest.fixture
def programme_admin(make_user, roles):
    user = make_user(email="pat@example.org", name="Pat Programme")
    user.groups.add(roles["Programme admins"])
    return user


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
