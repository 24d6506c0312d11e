"""Demo journal: a few private entries and a few shared with "Spring cohort", one with a
facilitator's comment and a reply, and responses from co-members (each learner has responded to
the other), so the shared feed tells a story on first run and both demo learners have
notifications about it."""

from cohorts.models import Cohort
from learning.models import CoursePage, ModulePage
from reflections.models import Comment, JournalEntry, Share
from reflections.services import comment_add, entry_create, entry_share

ENTRIES: dict[str, list[tuple[int | None, str, str, str]]] = {
    "learner@example.org": [
        (
            0,
            "What Mrs K wanted was not on our form",
            "<p>I asked Mrs K what a good day looks like. She talked about getting to the "
            "allotment on Thursdays, which none of our paperwork mentions.</p>"
            "<h3>So what?</h3><p>I had been planning around her medication times, not her week."
            "</p><h3>Now what?</h3><p>Next visit I will start with her Thursday and work back.</p>",
            "private",
        ),
        (
            1,
            "Doing with, not to: the rota meeting",
            "<p>I tried handing the agenda to the two carers who come to our rota meeting. It "
            "felt slow at first, then it was the most useful meeting we have had.</p>"
            "<ul><li>They knew which visits clash with school runs.</li>"
            "<li>They asked for ten minutes at the end for anything else.</li></ul>",
            "shared",
        ),
        (
            None,
            "Notes to self after supervision",
            "<p>Keep noticing when I say <em>we decided</em> and check who <strong>we</strong> "
            "was.</p>",
            "private",
        ),
    ],
    "learner2@example.org": [
        (
            2,
            "Co-production is slower and better",
            "<p>Planning the carers' café with three people who use our service took twice as "
            "long as doing it ourselves. It also filled every seat.</p>"
            "<blockquote>You asked us before you booked the room. That never happens.</blockquote>",
            "shared",
        ),
        (
            4,
            "One small step: the ten-minute huddle",
            "<p>We started a ten-minute huddle on Mondays. Three weeks in, people bring things to "
            "it without being asked.</p>",
            "shared",
        ),
        (
            5,
            "A story I nearly did not tell",
            "<p>I wrote down a family's story with them and read it back before the panel. "
            "Private for now: I want to ask them before sharing even a summary.</p>",
            "private",
        ),
    ],
}

COMMENT = (
    "Thank you for this, Siân. The quote says it all. Could you bring the café plan to our "
    "next session so others can borrow it?"
)
REPLY = "Yes, I'll bring it, and I'll ask whether one of the planners wants to come too."
RESPONSE = (
    "We tried a Monday huddle after reading this. Ten minutes really is enough: thank you for "
    "sharing it, Siân."
)
ROTA_RESPONSE = (
    "Handing over the agenda is brave. Did the carers want to keep running it, or take turns?"
)


def demo_journal_ensure(*, accounts: dict) -> None:
    course = CoursePage.objects.filter(slug="leading-personalised-care-foundations").first()
    cohort = Cohort.objects.filter(name="Spring cohort").first()
    if course is None or cohort is None:
        return
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    for email, entries in ENTRIES.items():
        owner = accounts[email]
        for index, title, body, visibility in entries:
            entry = JournalEntry.objects.filter(owner=owner, title=title).first()
            if entry is None:
                module = modules[index] if index is not None and index < len(modules) else None
                entry = entry_create(owner=owner, title=title, body=body, module=module)
            if visibility == "shared" and not Share.objects.filter(entry=entry).exists():
                entry_share(entry=entry, cohort=cohort, by=owner)
    facilitator = accounts["facilitator@example.org"]
    share = Share.objects.filter(
        entry__title="Co-production is slower and better", cohort=cohort
    ).first()
    if share is not None and not Comment.objects.filter(share=share).exists():
        comment_add(share=share, author=facilitator, body=COMMENT, role="facilitator")
        comment_add(share=share, author=accounts["learner2@example.org"], body=REPLY)
    huddle = Share.objects.filter(
        entry__title="One small step: the ten-minute huddle", cohort=cohort
    ).first()
    amara = accounts["learner@example.org"]
    if huddle is not None and not Comment.objects.filter(share=huddle, author=amara).exists():
        comment_add(share=huddle, author=amara, body=RESPONSE, role="member")
    rota = Share.objects.filter(
        entry__title="Doing with, not to: the rota meeting", cohort=cohort
    ).first()
    sian = accounts["learner2@example.org"]
    if rota is not None and not Comment.objects.filter(share=rota, author=sian).exists():
        comment_add(share=rota, author=sian, body=ROTA_RESPONSE, role="member")
