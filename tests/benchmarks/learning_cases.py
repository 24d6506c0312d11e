"""Benchmark cases of the learning plugin: module, course and dashboard pages, each sampled
interleaved with a plain Wagtail page with the same body as the module (`plain_fetch`, which
the other plugins' cases use as their baseline too)."""

from django.test import Client
from wagtail.models import Page

from camino.models import StandardPage
from learning.models import CoursePage, ModulePage
from tests.benchmarks.harness import Measurement, case, get_ok, interleaved

PLAIN = "plain page (same body as module)"
COURSE_SLUG = "leading-personalised-care-foundations"


def _bench_module() -> ModulePage:
    course = CoursePage.objects.get(slug=COURSE_SLUG)
    return ModulePage.objects.child_of(course).live().order_by("path")[2]


def plain_fetch(ctx, client):
    """A fetch of the plain page (a StandardPage with the module's title, summary and Learn
    body), made once and kept in `ctx`, for `client`."""
    if "plain_url" not in ctx:
        plain = StandardPage.objects.filter(slug="bench-plain").first()
        if plain is None:
            module = _bench_module()
            plain = StandardPage(
                title=module.title, slug="bench-plain", introduction=module.summary
            )
            plain.body = module.learn_body.raw_data
            ctx["home"].add_child(instance=plain)
            plain.save_revision().publish()
        ctx["plain_url"] = Page.objects.get(pk=plain.pk).url
    return get_ok(client, ctx["plain_url"])


@case
def learning_pages(ctx) -> list[Measurement]:
    learner = ctx["accounts"]["learner@example.org"]
    course = CoursePage.objects.get(slug=COURSE_SLUG)
    module = _bench_module()
    client = Client()
    client.force_login(learner)
    plain = plain_fetch(ctx, client)
    return [
        interleaved(
            "module page",
            get_ok(client, module.url),
            baseline=PLAIN,
            baseline_fn=plain,
            target="within 1.5x",
            max_ratio=1.5,
        ),
        interleaved("course page", get_ok(client, course.url), baseline=PLAIN, baseline_fn=plain),
        interleaved(
            "dashboard",
            get_ok(client, "/dashboard/"),
            baseline=PLAIN,
            baseline_fn=plain,
            target="within 1.5x",
            max_ratio=1.5,
        ),
        interleaved("home page", get_ok(client, "/"), baseline=PLAIN, baseline_fn=plain),
    ]
