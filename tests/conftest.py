"""Fixtures shared by the whole suite."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from camino.demo import demo_home_ensure
from camino.roles import roles_sync


def pytest_collection_modifyitems(config, items):
    """The longest tests first: the browser journeys and the tests that start another process
    (marked `slow`) take tens of seconds each. When the suite runs in parallel (pytest-xdist,
    `make test`), starting them first lets the quick tests fill the gaps at the end, instead of
    one worker finishing a journey alone while the others wait. The order inside each group,
    and so each module's fixtures, stays as collected."""
    items.sort(
        key=lambda item: (
            0 if item.get_closest_marker("browser") or item.get_closest_marker("slow") else 1
        )
    )


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
