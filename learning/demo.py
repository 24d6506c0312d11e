"""Demo content for the learning plugin: two frameworks, a six-module course and two learners'
progress.

The content is in data files under `learning/demo_content/` (see the README's "Demo content"):
`frameworks.yaml`, `course.yaml` (the course page and the order of its modules), one Markdown
file per module in `modules/`, and `progress.yaml` (the demo learners' steps). This module
only reads them and applies them.

Called through the `register_demo_data` hook by `manage.py load_demo_data`. Everything is
idempotent: objects are matched by name, code or slug and updated in place, pages get a new
revision only when their content changed, and learners' progress is recorded through the real
services only for the steps that are missing, so a second run changes nothing. Every file is
read and checked before anything is written, so a mistake in a file stops the load with a
message naming the file and the problem.

The Leadership for Personalised Care framework's own capability statements are not reproduced:
the themes are real, the statements under them were written for this demo.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import cycle
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from learning.demo_files import Block, DemoFiles, Fields, markdown_html, markdown_list, plain_text
from learning.models import (
    Capability,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    Framework,
    ModuleCompletion,
    ModulePage,
    SelfAssessment,
    Stage,
    StageCompletion,
    Theme,
)
from learning.selectors import required_stages
from learning.services import (
    enrolment_create,
    self_assessment_record,
    stage_complete,
)

CONTENT = Path(__file__).parent / "demo_content"

# The Learn blocks a module file may use (`::: kind`), with the settings each takes.
LEARN_BLOCKS = {
    "text": set(),
    "story": {"person", "context"},
    "inset_text": set(),
    "do_list": {"label", "heading_level"},
    "dont_list": {"label", "heading_level"},
    "care_card": {"type", "heading_level", "title"},
    "expander": {"title"},
    "warning_callout": {"title", "heading_level"},
}
MODULE_SECTIONS = ["Learn", "Do", "Do checklist", "Reflect", "Share"]


# ---------------------------------------------------------------------------------------------
# Reading the files
# ---------------------------------------------------------------------------------------------


def demo_content_read(root: Path = CONTENT) -> tuple[dict, DemoFiles]:
    """Everything the loader writes, read and checked from the files under `root`."""
    files = DemoFiles(root)
    frameworks = [_framework_read(f) for f in files.yaml("frameworks.yaml").items("frameworks")]
    codes = {f["short_name"]: {c for t in f["themes"] for c, _, _ in t[2]} for f in frameworks}
    course_file = files.yaml("course.yaml")
    index, course = course_file.fields("index"), course_file.fields("course")
    for key in ("framework", "second_framework"):
        if course[key] not in codes:
            raise course.error(f"the course's {key} '{course[key]}' is not in frameworks.yaml.")
    modules = [_module_read(files, name, codes) for name in course["modules"]]
    spec = {
        "frameworks": frameworks,
        "index": {
            "slug": index["slug"],
            "title": index["title"],
            "introduction": markdown_html(index["introduction"]),
        },
        "course": {
            "slug": course["slug"],
            "framework": course["framework"],
            "second_framework": course["second_framework"],
            "values": {
                "title": course["title"],
                "summary": plain_text(course["summary"]),
                "audience": markdown_html(course["audience"]),
                "learning_outcomes": [("outcome", o) for o in course["learning_outcomes"]],
                "estimated_hours": course["estimated_hours"],
                "awards_certificate": course["awards_certificate"],
                "share_required": course["share_required"],
            },
        },
        "modules": modules,
        "learners": _learners_read(files.yaml("progress.yaml"), [m["slug"] for m in modules]),
    }
    return spec, files


def _framework_read(spec: Fields) -> dict:
    themes = [
        (
            theme["name"],
            plain_text(theme["description"]),
            [
                (c["code"], plain_text(c["statement"]), plain_text(c["guidance"]))
                for c in theme.items("capabilities")
            ],
        )
        for theme in spec.items("themes")
    ]
    fields = {k: plain_text(spec[k] or "") for k in ("summary", "source_url", "version")}
    return {"name": spec["name"], "short_name": spec["short_name"], **fields, "themes": themes}


def _module_read(files: DemoFiles, name: str, codes: dict[str, set[str]]) -> dict:
    front, sections = files.markdown(name, LEARN_BLOCKS)
    unknown = set(sections) - set(MODULE_SECTIONS)
    if unknown or len(sections) != len(MODULE_SECTIONS):
        raise front.error(
            f"a module has the sections {', '.join(MODULE_SECTIONS)} (as '# Learn' ...), "
            f"found {', '.join(sections) or 'none'}."
        )

    def text(section: str) -> str:
        blocks = sections[section]
        if len(blocks) != 1 or blocks[0].kind != "text":
            raise front.error(f"the '# {section}' section must be plain Markdown, without blocks.")
        return blocks[0].body

    capabilities = front["capabilities"]
    for framework, wanted in capabilities.items():
        missing = [c for c in wanted if c not in codes.get(framework, ())]
        if missing:
            raise front.error(f"no capability {', '.join(missing)} in framework {framework}.")
    return {
        "slug": front["slug"],
        "capabilities": capabilities,
        "values": {
            "title": front["title"],
            "summary": plain_text(front["summary"]),
            "estimated_minutes": front["minutes"],
            "is_required": front.get("required", True),
            "learn_body": [_learn_block(block) for block in sections["Learn"]],
            "do_activity": markdown_html(text("Do")),
            "do_checklist": [("item", i) for i in markdown_list(text("Do checklist"), rich=False)],
            "reflect_prompts": [("prompt", p) for p in markdown_list(text("Reflect"), rich=False)],
            "share_invitation": markdown_html(text("Share")),
        },
    }


def _learn_block(block: Block) -> tuple[str, object]:
    """A Learn stream block, in the shape Wagtail's blocks take."""
    kind, html = block.kind, markdown_html(block.body)
    if kind == "text":
        return kind, html
    if kind == "story":
        return kind, {
            "quote": plain_text(block.body),
            "person": block.setting("person"),
            "context": block.setting("context", ""),
        }
    if kind == "inset_text":
        return kind, {"body": html}
    if kind in ("do_list", "dont_list"):
        items = markdown_list(block.body, rich=True)
        key = "do" if kind == "do_list" else "dont"
        level = block.setting("heading_level", 3)
        return kind, {"heading_level": level, "label": block.setting("label"), key: items}
    if kind == "expander":
        return kind, {"title": block.setting("title"), "body": [("richtext", html)]}
    if kind == "care_card":
        return kind, {
            "type": block.setting("type", "primary"),
            "heading_level": block.setting("heading_level", 3),
            "title": block.setting("title"),
            "body": [("richtext", html)],
        }
    return kind, {  # warning_callout
        "title": block.setting("title"),
        "heading_level": block.setting("heading_level", 3),
        "body": html,
    }


def _learners_read(progress: Fields, slugs: list[str]) -> list[dict]:
    learners = []
    for learner in progress.items("learners"):
        steps = []
        for step in learner.items("steps"):
            if step["module"] not in slugs:
                raise progress.error(f"no module '{step['module']}' in course.yaml.")
            if step["stage"] not in Stage.values:
                raise progress.error(f"no stage '{step['stage']}' (known: {Stage.values}).")
            outcome = StageCompletion.Outcome.SKIPPED if step.get("skipped") else None
            note = plain_text(step.get("note") or "")
            steps.append(
                (slugs.index(step["module"]), step["stage"], step["days_ago"], note, outcome)
            )
        enrolled = learner.fields("enrolled")
        learners.append(
            {
                "email": learner["email"],
                "enrolled": (enrolled["days_ago"], enrolled["hour"]),
                "steps": steps,
                "assessments": [
                    (a["framework"], a["levels"], a["days_ago"], a["hour"])
                    for a in learner.items("self_assessments")
                ],
            }
        )
    return learners


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def demo_learning_ensure(*, accounts: dict, root: Path = CONTENT) -> None:
    """Create or update the frameworks, the course and the demo learners' progress."""
    spec, _files = demo_content_read(root)
    frameworks = {f["short_name"]: demo_framework_ensure(spec=f) for f in spec["frameworks"]}
    course, modules = demo_course_ensure(spec=spec, frameworks=frameworks)
    for learner in spec["learners"]:
        user = accounts.get(learner["email"])
        if user is not None:
            _progress_ensure(
                user=user, course=course, modules=modules, spec=learner, frameworks=frameworks
            )


def _assign(obj, values: dict) -> bool:
    """Set plain field values; say whether any of them changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def demo_framework_ensure(*, spec: dict) -> Framework:
    """A framework with its themes and capabilities, matched by name and code."""
    fields = {k: spec[k] for k in ("short_name", "summary", "source_url", "version")}
    framework = Framework.objects.filter(name=spec["name"]).first()
    if framework is None:
        framework = Framework(
            name=spec["name"],
            **fields,
            themes=[
                Theme(
                    name=name,
                    description=description,
                    sort_order=t,
                    capabilities=[
                        Capability(code=code, statement=statement, guidance=guidance, sort_order=c)
                        for c, (code, statement, guidance) in enumerate(capabilities)
                    ],
                )
                for t, (name, description, capabilities) in enumerate(spec["themes"])
            ],
        )
        framework.save()
        return framework

    if _assign(framework, fields):
        framework.save()
    for t, (name, description, capabilities) in enumerate(spec["themes"]):
        theme = Theme.objects.filter(framework=framework, name=name).first()
        if theme is None:
            theme = Theme(framework=framework, name=name)
        if _assign(theme, {"description": description, "sort_order": t}) or theme.pk is None:
            theme.save()
        for c, (code, statement, guidance) in enumerate(capabilities):
            capability = Capability.objects.filter(theme=theme, code=code).first()
            if capability is None:
                capability = Capability(theme=theme, code=code)
            values = {"statement": statement, "guidance": guidance, "sort_order": c}
            if _assign(capability, values) or capability.pk is None:
                capability.save()
    return framework


def _strip_ids(value):
    """Stream data without the block ids Wagtail generates, for comparing content."""
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def _comparable(page: Page, name: str):
    value = getattr(page, name)
    if isinstance(page._meta.get_field(name), StreamField):
        return _strip_ids(value.get_prep_value())
    return value


def _page_ensure(*, parent: Page, model, slug: str, values: dict, capabilities=None):
    """Find the page by slug under its parent, or add it; publish only when content changed."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **values)
        if capabilities is not None:
            page.capabilities = capabilities
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page
    changed = not page.live
    for name, value in values.items():
        before = _comparable(page, name)
        setattr(page, name, value)
        if _comparable(page, name) != before:
            changed = True
    if capabilities is not None:
        wanted = {c.pk for c in capabilities}
        if {c.pk for c in page.capabilities.all()} != wanted:
            page.capabilities = capabilities
            changed = True
    if changed:
        page.save_revision().publish()
    return page


def demo_course_ensure(*, spec: dict, frameworks: dict) -> tuple[CoursePage, list[ModulePage]]:
    home = Site.objects.get(is_default_site=True).root_page
    index_spec, course_spec = spec["index"], spec["course"]
    index = _page_ensure(
        parent=home,
        model=CourseIndexPage,
        slug=index_spec["slug"],
        values={"title": index_spec["title"], "introduction": index_spec["introduction"]},
    )
    course = _page_ensure(
        parent=index,
        model=CoursePage,
        slug=course_spec["slug"],
        values={**course_spec["values"], "framework": frameworks[course_spec["framework"]]},
    )
    second = frameworks[course_spec["second_framework"]]
    modules = []
    for module in spec["modules"]:
        capabilities = []
        for short_name, codes in module["capabilities"].items():
            by_code = {
                c.code: c
                for c in Capability.objects.filter(theme__framework=frameworks[short_name])
            }
            capabilities += [by_code[code] for code in codes]
        modules.append(
            _page_ensure(
                parent=course,
                model=ModulePage,
                slug=module["slug"],
                values={**module["values"], "second_framework": second},
                capabilities=capabilities,
            )
        )
    return course, modules


def _ago(now: datetime, days: int, hour: int) -> datetime:
    return (now - timedelta(days=days)).replace(
        hour=hour, minute=(days * 7) % 60, second=0, microsecond=0
    )


def _steps_record(*, user, course: CoursePage, modules: list[ModulePage], steps, now) -> bool:
    """Record the missing steps through the real service, then date them as scripted.

    Returns whether anything was recorded, so the enrolment's dates are only touched then.
    """
    recorded = False
    for n, (index, stage_choice, days, note, outcome) in enumerate(steps):
        module, stage = modules[index], str(stage_choice)
        if StageCompletion.objects.filter(user=user, module=module, stage=stage).exists():
            continue
        had_module = ModuleCompletion.objects.filter(user=user, module=module).exists()
        stage_complete(
            user=user,
            module=module,
            stage=stage,
            note=note,
            outcome=outcome or StageCompletion.Outcome.DONE,
        )
        when = _ago(now, days, 9 + (n * 5) % 9)
        StageCompletion.objects.filter(user=user, module=module, stage=stage).update(
            completed_at=when
        )
        if not had_module and stage in required_stages(course=course):
            ModuleCompletion.objects.filter(user=user, module=module).update(completed_at=when)
        recorded = True
    return recorded


def _enrolment_dates_set(*, user, course: CoursePage, modules, enrolled_at: datetime) -> None:
    """Date the enrolment to match the scripted steps: started, last active and completed."""
    enrolment = Enrolment.objects.get(user=user, course=course)
    last = StageCompletion.objects.filter(user=user, module__in=modules).aggregate(
        last=Max("completed_at")
    )["last"]
    values = {"created_at": enrolled_at, "last_activity_at": last or enrolled_at}
    if enrolment.completed_at is not None:
        values["completed_at"] = ModuleCompletion.objects.filter(
            user=user, module__in=modules
        ).aggregate(last=Max("completed_at"))["last"]
    Enrolment.objects.filter(pk=enrolment.pk).update(**values)


def _assessment_ensure(*, user, framework: Framework, levels: list[int], when, nth: int) -> None:
    """Record the user's nth self-assessment on the framework unless they already have it."""
    if SelfAssessment.objects.filter(user=user, framework=framework).count() >= nth:
        return
    capabilities = Capability.objects.filter(theme__framework=framework).order_by(
        "theme__sort_order", "sort_order"
    )
    ratings: dict[int, int | None] = {
        c.pk: level for c, level in zip(capabilities, cycle(levels), strict=False)
    }
    assessment = self_assessment_record(user=user, framework=framework, ratings=ratings)
    SelfAssessment.objects.filter(pk=assessment.pk).update(created_at=when)


def _progress_ensure(*, user, course, modules, spec: dict, frameworks: dict) -> None:
    """A learner's scripted steps, enrolment dates and self-assessments, as progress.yaml says."""
    now = timezone.now()
    created = not Enrolment.objects.filter(user=user, course=course).exists()
    enrolment_create(user=user, course=course)
    recorded = _steps_record(
        user=user, course=course, modules=modules, steps=spec["steps"], now=now
    )
    enrolled_at = _ago(now, *spec["enrolled"])
    if created or recorded:
        _enrolment_dates_set(user=user, course=course, modules=modules, enrolled_at=enrolled_at)
    for nth, (short_name, levels, days, hour) in enumerate(spec["assessments"], 1):
        _assessment_ensure(
            user=user,
            framework=frameworks[short_name],
            levels=levels,
            when=_ago(now, days, hour),
            nth=nth,
        )
