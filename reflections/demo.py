"""Demo journal: a few private entries and a few shared with "Spring cohort", one with a
facilitator's comment and a reply, and responses from co-members (each learner has responded to
the other), so the shared feed tells a story on first run and both demo learners have
notifications about it.

The entries and comments are in `reflections/demo_content/journal.md` (see the README's "Demo
content"). An entry is matched by its owner and title and created only when missing; a comment
is added only when its author has none on that share yet, so a second run changes nothing.
"""

from pathlib import Path

from cohorts.models import Cohort
from learning.demo_files import DemoFiles, markdown_html, plain_text
from learning.models import CoursePage, ModulePage
from reflections.models import Comment, JournalEntry, Share
from reflections.services import comment_add, entry_create, entry_share

CONTENT = Path(__file__).parent / "demo_content"
BLOCKS = {"entry": {"title", "module", "shared"}, "comment": {"on", "by", "role"}}
ROLES = {"owner", "facilitator", "member"}


def demo_journal_read(root: Path = CONTENT) -> tuple[dict, DemoFiles]:
    """The journal's entries by owner and its comments, read and checked from journal.md."""
    files = DemoFiles(root)
    front, sections = files.markdown("journal.md", BLOCKS)
    comments = sections.pop("Comments", [])
    if any(block.kind != "entry" for blocks in sections.values() for block in blocks):
        raise front.error("each learner's section holds only '::: entry' blocks.")
    if any(block.kind != "comment" for block in comments):
        raise front.error("the '# Comments' section holds only '::: comment' blocks.")
    for block in comments:
        if block.setting("role") not in ROLES:
            raise front.error(f"a comment's role is one of {', '.join(sorted(ROLES))}.", block.line)
    spec = {
        "course": front["course"],
        "cohort": front["cohort"],
        "entries": {
            email: [
                {
                    "title": str(block.setting("title")),
                    "module": block.setting("module", None),
                    "shared": bool(block.setting("shared")),
                    "body": markdown_html(block.body),
                }
                for block in blocks
            ]
            for email, blocks in sections.items()
        },
        "comments": [
            {
                "on": str(block.setting("on")),
                "by": block.setting("by"),
                "role": block.setting("role"),
                "body": plain_text(block.body),
            }
            for block in comments
        ],
    }
    return spec, files


def demo_journal_ensure(*, accounts: dict, root: Path = CONTENT) -> None:
    spec, files = demo_journal_read(root)
    course = CoursePage.objects.filter(slug=spec["course"]).first()
    cohort = Cohort.objects.filter(name=spec["cohort"]).first()
    if course is None or cohort is None:
        return
    modules = {m.slug: m for m in ModulePage.objects.child_of(course).live()}
    for email, entries in spec["entries"].items():
        owner = accounts[email]
        for item in entries:
            if item["module"] is not None and item["module"] not in modules:
                raise files.error(files.root / "journal.md", f"no module '{item['module']}'.")
            entry = JournalEntry.objects.filter(owner=owner, title=item["title"]).first()
            if entry is None:
                entry = entry_create(
                    owner=owner,
                    title=item["title"],
                    body=item["body"],
                    module=modules.get(item["module"]),
                )
            if item["shared"] and not Share.objects.filter(entry=entry).exists():
                entry_share(entry=entry, cohort=cohort, by=owner)
    for comment in spec["comments"]:
        share = Share.objects.filter(entry__title=comment["on"], cohort=cohort).first()
        author = accounts[comment["by"]]
        if share is not None and not Comment.objects.filter(share=share, author=author).exists():
            comment_add(share=share, author=author, body=comment["body"], role=comment["role"])
