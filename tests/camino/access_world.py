"""The world the access map is checked in: one person in every role and one of every thing a
URL can name, built once per test module (see `world` in tests/camino/test_access_map.py).

Everything is made the way the site makes it (services, factories, the completion hook), so a
sample URL names a real object: Amara's certificate was issued when she finished the course;
her shared entry was shared through the journal's own service.

Roles (the keys of `World.people`):

| role                | who                                                                 |
| ------------------- | ------------------------------------------------------------------- |
| `anonymous`         | not signed in                                                       |
| `learner`           | Lee: signed in, enrolled on nothing, in no cohort                   |
| `enrolled`          | Ezra: enrolled on the course, in no cohort                          |
| `member`            | Priya: a member of the Spring cohort (so enrolled on its course)    |
| `owner`             | Amara: also a member of Spring; owns the journal entries and the    |
|                     | certificate that sample URLs name ("someone else's" to every other) |
| `other_facilitator` | Otto: facilitates the Autumn cohort, not Spring                     |
| `facilitator`       | Fiona: facilitates the Spring cohort                                |
| `content_editor`    | Eddie: Wagtail admin, "Content editors" group                       |
| `programme_admin`   | Pat: Wagtail admin, "Programme admins" group                        |
| `superuser`         | Sue: Django superuser                                               |
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from datetime import date

from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents.models import Document

from camino.dataexport.archive import data_export_build
from camino.dataexport.models import DataExport
from camino.demo import demo_home_ensure
from camino.models import LegalPage, StandardPage
from camino.notifications.models import Kind, Notification
from camino.notifications.selectors import unsubscribe_token
from camino.roles import CONTENT_EDITORS, PROGRAMME_ADMINS, roles_sync
from cohorts.models import Cohort, Invitation
from cohorts.services import cohort_join, invitations_create
from evaluation.models import EvaluationExport, FollowUp
from learning.certificates.models import (
    Certificate,
    CertificateTemplate,
    CourseCertificateDesign,
    IssuerProfile,
)
from learning.certificates.pdf import certificate_pdf_render
from learning.certificates.services import (
    certificate_issue,
    name_change_request,
)
from learning.models import Enrolment
from learning.services import enrolment_create, stage_complete
from reflections import services as journal
from reflections.exports import journal_export_render
from reflections.models import JournalExport
from tests.factories import (
    CapabilityFactory,
    CourseIndexPageFactory,
    ThemeFactory,
    UserFactory,
    course_with_modules,
)
from tests.reflections.helpers import KINDS, MADE_UP_SHARE_ID, SECRETS, body

ANONYMOUS = "anonymous"
LEARNER = "learner"
ENROLLED = "enrolled"
MEMBER = "member"
OWNER = "owner"
OTHER_FACILITATOR = "other_facilitator"
FACILITATOR = "facilitator"
CONTENT_EDITOR = "content_editor"
PROGRAMME_ADMIN = "programme_admin"
SUPERUSER = "superuser"
ROLES = [
    ANONYMOUS,
    LEARNER,
    ENROLLED,
    MEMBER,
    OWNER,
    OTHER_FACILITATOR,
    FACILITATOR,
    CONTENT_EDITOR,
    PROGRAMME_ADMIN,
    SUPERUSER,
]
SIGNED_IN = [role for role in ROLES if role != ANONYMOUS]
PASSWORD = "correct-horse-battery"


@dataclass
class World:
    people: dict  # role -> User (None for anonymous)
    values: dict  # placeholders for sample URLs and form data: {cohort}, {entry_private}, ...
    objects: dict = field(default_factory=dict)

    def fill(self, value):
        """`value` (a string, list or dict of them) with {placeholders} filled in."""
        if isinstance(value, str):
            return value.format(**self.values)
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {self.fill(k): self.fill(v) for k, v in value.items()}
        return value


def _person(email: str, name: str, **extra):
    return UserFactory(email=email, name=name, **extra)


def _complete(user, course) -> None:
    """Every required module's Learn, Do and Reflect, through the stage buttons' service."""
    enrolment_create(user=user, course=course)
    for module in course.test_modules:
        for stage in ("learn", "do", "reflect"):
            stage_complete(user=user, module=module, stage=stage)


def build_world() -> World:
    groups = roles_sync()
    home = demo_home_ensure()
    about = home.add_child(instance=StandardPage(title="About Camino", slug="about"))
    privacy = home.add_child(instance=LegalPage(title="Privacy notice", slug="privacy"))
    course_index = CourseIndexPageFactory(parent=home)
    course, modules = course_with_modules(parent=course_index, modules=2)
    course.test_modules = modules
    theme = ThemeFactory(framework=course.framework, name="Being")
    capabilities = [CapabilityFactory(theme=theme) for _ in range(2)]
    modules[0].capabilities.set(capabilities)
    template = CertificateTemplate.objects.create(
        name="Access map design", issuer="Camino", signatory_name="Sam Signer"
    )
    template_revision = template.save_revision()
    document = Document.objects.create(
        title="Course guide", file=ContentFile(b"How the course works.", name="guide.txt")
    )
    CourseCertificateDesign.objects.create(template=template, course=course)
    course.test_modules = modules

    people = {
        ANONYMOUS: None,
        LEARNER: _person("lee@example.org", "Lee Learner"),
        ENROLLED: _person("ezra@example.org", "Ezra Enrolled"),
        MEMBER: _person("priya@example.org", "Priya Peer"),
        OWNER: _person("amara@example.org", "Amara Okafor"),
        OTHER_FACILITATOR: _person("otto@example.org", "Otto Other"),
        FACILITATOR: _person("fiona@example.org", "Fiona Facilitator"),
        CONTENT_EDITOR: _person("eddie@example.org", "Eddie Editor", is_staff=True),
        PROGRAMME_ADMIN: _person("pat@example.org", "Pat Programme"),
        SUPERUSER: _person("sue@example.org", "Sue Super", is_staff=True, is_superuser=True),
    }
    people[CONTENT_EDITOR].groups.add(groups[CONTENT_EDITORS])
    people[PROGRAMME_ADMIN].groups.add(groups[PROGRAMME_ADMINS])

    spring = Cohort.objects.create(
        name="Spring cohort", course=course, starts_on=date(2026, 9, 14), ends_on=date(2027, 3, 26)
    )
    spring.facilitators.add(people[FACILITATOR])
    autumn = Cohort.objects.create(name="Autumn cohort", course=course, starts_on=date(2026, 10, 1))
    autumn.facilitators.add(people[OTHER_FACILITATOR])
    enrolment_create(user=people[ENROLLED], course=course)
    cohort_join(cohort=spring, user=people[MEMBER])
    cohort_join(cohort=spring, user=people[OWNER])

    # Amara finished the course, so the completion hook issued her certificate.
    _complete(people[OWNER], course)
    certificate = Certificate.objects.get(user=people[OWNER], course=course, status="valid")
    # Cal (in no role) asked for his name to be corrected: the admin's decision screen has one.
    cal = _person("cal@example.org", "Cal Cohen")
    cal_certificate = certificate_issue(user=cal, course=course)
    name_request = name_change_request(
        certificate=cal_certificate, user=cal, requested_name="Cal Cohen-Smith"
    )
    # Amara's PDF is rendered once, as issuing does in the background.
    certificate_pdf_render(certificate=certificate)
    # Ella (in no role) is in the Autumn cohort: not a learner of Spring's.
    ella = _person("ella@example.org", "Ella Elsewhere")
    cohort_join(cohort=autumn, user=ella)
    # Dee (in no role) finished offline: the cohort's "issue certificates" has someone to issue.
    dee = _person("dee@example.org", "Dee Offline")
    cohort_join(cohort=spring, user=dee)
    Enrolment.objects.filter(user=dee, course=course).update(completed_at=timezone.now())
    invitations_create(
        cohort=spring, addresses=["invited@example.org"], invited_by=people[FACILITATOR]
    )
    invitation = Invitation.objects.get(cohort=spring, email="invited@example.org")

    # Amara's journal: private, shared with Spring, and shared then withdrawn.
    entries = {
        kind: journal.entry_create(
            owner=people[OWNER], title=SECRETS[kind][0], body=f"<p>{SECRETS[kind][1]}</p>"
        )
        for kind in KINDS
    }
    shares = {
        kind: journal.entry_share(entry=entries[kind], cohort=spring, by=people[OWNER])
        for kind in ("shared", "withdrawn")
    }
    journal.share_withdraw(share=shares["withdrawn"], by=people[OWNER])
    # Priya responded to Amara's shared entry (which told Amara: her notifications have it).
    response = journal.comment_add(
        share=shares["shared"], author=people[MEMBER], body="Thank you, Amara.", role="member"
    )
    completed = Notification.objects.get(user=people[OWNER], kind=Kind.COURSE_COMPLETED)
    unsubscribe = unsubscribe_token(user=people[OWNER], kind=Kind.REMINDER)
    # Her journal as a PDF made in the background (as for a long journal), ready to download.
    export = journal_export_render(
        export=JournalExport.objects.create(owner=people[OWNER], entry_count=len(entries))
    )

    # A copy of all Amara's data she asked for, and one Pat made for a subject access request.
    data_export = data_export_build(
        export=DataExport.objects.create(person=people[OWNER], requested_by=people[OWNER])
    )
    subject_access_export = data_export_build(
        export=DataExport.objects.create(
            person=people[OWNER],
            requested_by=people[PROGRAMME_ADMIN],
            reason=DataExport.Reason.SUBJECT_ACCESS,
        )
    )

    # Amara's 3-month follow-up, and an export Pat made.
    follow_up = FollowUp.objects.create(user=people[OWNER], course=course, kind=90)
    evaluation_export = EvaluationExport.objects.create(
        requested_by=people[PROGRAMME_ADMIN],
        status=EvaluationExport.Status.READY,
        people=5,
        filters={"course": course.pk},
        filters_text=course.title,
    )
    evaluation_export.file.save(
        f"evaluation-{evaluation_export.pk}-access.zip", ContentFile(b"PK\x05\x06" + bytes(18))
    )

    values = {
        "home": home.pk,
        "about": about.pk,
        "privacy": privacy.pk,
        "course": course.pk,
        "course_url": course.url,
        "module": modules[0].pk,
        "module_url": modules[0].url,
        "framework": course.framework_id,
        "template": template.pk,
        "cohort": spring.pk,
        "other_cohort": autumn.pk,
        "join_code": spring.join_code,
        "invitation": invitation.token,
        "certificate": certificate.pk,
        "code": certificate.display_code,
        "status_list": certificate.credential.status_list_id,
        "issuer_profile": IssuerProfile.load().pk,
        "follow_up": follow_up.pk,
        "evaluation_export": evaluation_export.pk,
        "name_request": name_request.pk,
        "cal_code": cal_certificate.display_code,
        "elsewhere": ella.pk,
        "owner_email": people[OWNER].email,
        "cap1": capabilities[0].pk,
        "cap2": capabilities[1].pk,
        "template_revision": template_revision.pk,
        "document": document.pk,
        "owner": people[OWNER].pk,
        "member": people[MEMBER].pk,
        "learner": people[LEARNER].pk,
        "entry_private": entries["private"].pk,
        "entry_shared": entries["shared"].pk,
        "entry_withdrawn": entries["withdrawn"].pk,
        "share_private": MADE_UP_SHARE_ID,
        "share_shared": shares["shared"].pk,
        "share_withdrawn": shares["withdrawn"].pk,
        "export": str(export.pk),
        "data_export": str(data_export.pk),
        "subject_access_export": str(subject_access_export.pk),
        "response": response.pk,
        "notification": completed.pk,
        "unsubscribe": unsubscribe,
        # the same link with one character of its signature changed
        "unsubscribe_tampered": unsubscribe[:-2]
        + ("A" if unsubscribe[-2] != "A" else "B")
        + unsubscribe[-1],
    }
    return World(
        people=people,
        values=values,
        objects={
            "course": course,
            "cohort": spring,
            "certificate": certificate,
            "entries": entries,
            "shares": shares,
            "name_request": name_request,
        },
    )


# --- asking the world ------------------------------------------------------------------------

# Tables a refused request may still write to: the session of the person asking.
SESSION_TABLES = {"django_session", "usersessions_usersession"}
WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.I)


@dataclass
class Answer:
    status: int
    location: str
    text: str
    csp: str | None
    cache_control: str
    writes: list[str]  # "INSERT table", ... outside the session tables
    mails: int
    effect: tuple | None  # (before, after) of the reading asked for
    raised: str | None = None


def _writes(queries) -> list[str]:
    found = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and match.group(2) not in SESSION_TABLES:
            found.append(f"{match.group(1).split()[0].upper()} {match.group(2)}")
    return found


def ask(
    world: World,
    role: str,
    method: str,
    path: str,
    data=None,
    effect=None,
    client: Client | None = None,
) -> Answer:
    """One request as `role`, in a savepoint rolled back afterwards, so every request meets
    the same world. What it wrote to the database and the emails it sent are recorded; an
    exception is recorded as what it is (a 500)."""
    cache.clear()  # rate limits count per address, and every test client has the same one
    outbox = len(mail.outbox)
    user = world.people[role]
    client = client or Client()
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        before = effect(world, user) if effect else None
        raised = None
        with CaptureQueriesContext(connection) as queries:
            try:
                response = getattr(client, method.lower())(path, data or {})
            except Exception:  # reported as the failure it is
                response, raised = None, traceback.format_exc(limit=-3)
        after = effect(world, user) if effect else None
        answer = Answer(
            status=response.status_code if response is not None else 500,
            location=response.get("Location", "") if response is not None else "",
            text=body(response) if response is not None else "",
            csp=response.get("Content-Security-Policy") if response is not None else None,
            cache_control=response.get("Cache-Control", "") if response is not None else "",
            writes=_writes(queries.captured_queries),
            mails=len(mail.outbox) - outbox,
            effect=(before, after) if effect else None,
            raised=raised,
        )
        transaction.set_rollback(True)
    del mail.outbox[outbox:]
    return answer
