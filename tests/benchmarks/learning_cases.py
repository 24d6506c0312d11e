"""Benchmark cases of the learning plugin: module, course and dashboard pages against a plain
Wagtail page with the same body."""

from django.test import Client
from wagtail.models import Page

from camino.models import StandardPage
from learning.models import CoursePage, ModulePage
from tests.benchmarks.harness import Measurement, case, get_ok, time_calls


@case
def learning_pages(ctx) -> list[Measurement]:
    learner = ctx["accounts"]["learner@example.org"]
    course = CoursePage.objects.get(slug="leading-personalised-care-foundations")
    module = ModulePage.objects.child_of(course).live().order_by("path")[2]
    home = ctx["home"]
    plain = StandardPage.objects.filter(slug="bench-plain").first()
    if plain is None:
        plain = StandardPage(title=module.title, slug="bench-plain", introduction=module.summary)
        plain.body = module.learn_body.raw_data
        home.add_child(instance=plain)
        plain.save_revision().publish()
    client = Client()
    client.force_login(learner)
    plain_url = Page.objects.get(pk=plain.pk).url
    return [
        Measurement("plain page (same body as module)", time_calls(get_ok(client, plain_url))),
        Measurement(
            "module page",
            time_calls(get_ok(client, module.url)),
            baseline="plain page (same body as module)",
            target="within 2x",
            max_ratio=2.0,
        ),
        Measurement(
            "course page",
            time_calls(get_ok(client, course.url)),
            baseline="plain page (same body as module)",
        ),
        Measurement(
            "dashboard",
            time_calls(get_ok(client, "/dashboard/")),
            baseline="plain page (same body as module)",
            target="within 2x",
            max_ratio=2.0,
        ),
        Measurement(
            "home page",
            time_calls(get_ok(client, "/")),
            baseline="plain page (same body as module)",
        ),
    ]
