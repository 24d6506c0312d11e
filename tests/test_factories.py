"""Every factory builds a valid, saved object (the house rule: each one is exercised)."""

from learning.models import ModulePage
from tests import factories


def test_user_factory_makes_a_verified_account_that_can_log_in(client, db):
    user = factories.UserFactory()
    assert client.login(email=user.email, password="correct-horse-battery")
    assert user.emailaddress_set.get().verified


def test_framework_theme_capability_factories(db):
    capability = factories.CapabilityFactory()
    assert capability.theme.framework.pk is not None
    assert str(capability).startswith(capability.code)


def test_page_factories_build_a_live_course_tree(home_page):
    index = factories.CourseIndexPageFactory(parent=home_page)
    course, modules = factories.course_with_modules(parent=index, modules=2)
    assert course.live and course.get_parent().specific == index
    assert list(ModulePage.objects.child_of(course).live()) == modules
    assert modules[0].reflect_prompts[0].value == "What did you notice?"
    assert factories.ModulePageFactory(parent=course).url.startswith(course.url)
