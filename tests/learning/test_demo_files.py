"""The demo's data files (learning/demo_content/): every file is read, a mistake in one is
reported by file and problem, and an edit to a file reaches the site on the next load."""

import io
import shutil

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from learning.demo import CONTENT, demo_content_read, demo_learning_ensure
from learning.demo_files import DemoContentError
from learning.models import ModulePage
from reflections.demo import demo_journal_read

MODULE = "modules/2-doing-with-not-to.md"


@pytest.fixture
def content(tmp_path):
    """A copy of the demo content that a test may break."""
    root = tmp_path / "demo_content"
    shutil.copytree(CONTENT, root)
    return root


def _edit(root, name, old, new):
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_data_file_is_read():
    spec, files = demo_content_read()
    assert files.read == files.all_files()
    assert len(spec["modules"]) == 6 and len(spec["frameworks"]) == 2


def test_every_journal_file_is_read_and_a_mistake_in_it_is_named(tmp_path):
    spec, files = demo_journal_read()
    assert files.read == files.all_files()
    assert len(spec["entries"]["learner@example.org"]) == 3 and len(spec["comments"]) == 4

    root = tmp_path / "demo_content"
    shutil.copytree(files.root, root)
    _edit(root, "journal.md", "role: facilitator", "role: tutor")
    with pytest.raises(DemoContentError) as raised:
        demo_journal_read(root)
    assert "journal.md, line " in str(raised.value)
    assert "a comment's role is one of facilitator, member, owner." in str(raised.value)


def test_a_file_nobody_reads_is_noticed(content):
    shutil.copy(content / MODULE, content / "modules/7-forgotten.md")
    _spec, files = demo_content_read(content)
    assert {p.name for p in files.all_files() - files.read} == {"7-forgotten.md"}


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "frameworks.yaml",
            "    short_name: LPC",
            "    short_name: [LPC",
            "frameworks.yaml, line 6: this is not valid YAML",
        ),
        (
            "frameworks.yaml",
            "          - code: B1\n",
            "          - kode: B1\n",
            "frameworks.yaml: the field 'code' is missing.",
        ),
        (MODULE, "title: Doing with, not to\n", "", f"{MODULE}: the field 'title' is missing."),
        (MODULE, "::: expander", "::: quote", f"{MODULE}, line 45: unknown block 'quote'"),
        (MODULE, ":::\n\n### Choice", "\n### Choice", f"{MODULE}, line 63: '::: do_list' opens"),
        (
            MODULE,
            "person: Ray, who cares for his wife Maureen\n",
            "",
            f"{MODULE}, line 35: the 'story' block needs a 'person:' line.",
        ),
        (MODULE, "  LPC: [R3, R2, B2]", "  LPC: [R3, R9]", "no capability R9 in framework LPC."),
        (MODULE, "# Reflect", "# Think", "a module has the sections Learn, Do, Do checklist"),
        (MODULE, "---\nslug:", "slug:", f"{MODULE}, line 1: it must start with front matter"),
        (
            "course.yaml",
            "modules/3-co-production.md",
            "modules/3-coproduction.md",
            "modules/3-coproduction.md is missing.",
        ),
        (
            "progress.yaml",
            "{module: co-production, stage: learn, days_ago: 2}",
            "{module: co-produktion, stage: learn, days_ago: 2}",
            "progress.yaml: no module 'co-produktion' in course.yaml.",
        ),
        (
            "progress.yaml",
            "{module: co-production, stage: learn, days_ago: 2}",
            "{module: co-production, stage: lurn, days_ago: 2}",
            "progress.yaml: no stage 'lurn'",
        ),
    ],
)
def test_a_mistake_in_a_file_is_named_with_its_file_and_problem(content, name, old, new, message):
    _edit(content, name, old, new)
    with pytest.raises(DemoContentError) as raised:
        demo_content_read(content)
    assert message in str(raised.value)


@pytest.mark.django_db
def test_an_edit_to_a_module_file_publishes_one_new_revision_and_then_nothing(content, settings):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=io.StringIO())
    module = ModulePage.objects.get(slug="doing-with-not-to")
    revisions = Revision.objects.count()
    _edit(content, MODULE, "### A ladder, not a switch", "### A ladder with *rungs*")

    demo_learning_ensure(accounts={}, root=content)
    assert Revision.objects.count() == revisions + 1
    module.refresh_from_db()
    assert "<h3>A ladder with <em>rungs</em></h3>" in str(module.learn_body[1].value)
    assert module.get_latest_revision().object_id == str(module.pk)

    demo_learning_ensure(accounts={}, root=content)
    assert Revision.objects.count() == revisions + 1
