"""factory_boy factories for the whole suite; each one is exercised by tests/test_factories.py."""

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from wagtail.models import Page

from learning.models import Capability, CourseIndexPage, CoursePage, Framework, ModulePage, Theme


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    name = factory.Sequence(lambda n: f"Framework {n}")
    short_name = factory.Sequence(lambda n: f"F{n}")
    summary = "A framework for tests."


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    framework = factory.SubFactory(FrameworkFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")
    sort_order = factory.Sequence(int)


class CapabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capability

    theme = factory.SubFactory(ThemeFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    statement = factory.Sequence(lambda n: f"Does good thing number {n}")
    sort_order = factory.Sequence(int)


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Courses"
    slug = "courses"


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "A course for tests."
    estimated_hours = 4
    framework = factory.SubFactory(FrameworkFactory)


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    summary = "A module for tests."
    estimated_minutes = 30
    do_activity = "<p>Try one small thing this week.</p>"
    reflect_prompts = factory.LazyFunction(lambda: [("prompt", "What did you notice?")])
    share_invitation = "<p>Share one thing you learned.</p>"
    learn_body = factory.LazyFunction(lambda: [("text", "<p>An idea worth learning.</p>")])


def course_with_modules(*, parent: Page, modules: int = 4, framework=None, **course_fields):
    """A published course with `modules` published modules (and a theme of 3 capabilities)."""
    framework = framework or FrameworkFactory()
    course = CoursePageFactory(parent=parent, framework=framework, **course_fields)
    created = [ModulePageFactory(parent=course) for _ in range(modules)]
    return course, created
