"""The access map: every URL the site answers, who may use it, and how everyone else is answered.

tests/camino/test_access_map.py walks the whole URLconf and fails on any route this map does not
classify, then asks every route's sample URLs as every role of tests/camino/access_world.py.

Classes (`Access`): who gets the success answer, and what everyone else gets.

| class                      | allowed                                  | signed out | others    |
| -------------------------- | ---------------------------------------- | ---------- | --------- |
| public                     | everyone                                 | allowed    | -         |
| signed-in                  | everyone signed in (each their own)      | to log in  | -         |
| owner                      | the person it belongs to (Amara)         | to log in  | 404       |
| enrolled learner           | learners enrolled on the course          | to log in  | to course |
| cohort member              | members, facilitators, programme admins  | to log in  | 404       |
| facilitator of this cohort | its facilitators, programme admins       | to log in  | 404       |
| admin staff                | content editors, programme admins        | to log in  | see below |
| content editor             | content editors                          | to log in  | see below |
| programme admin            | programme admins                         | to log in  | see below |
| superuser only             | superusers                               | to log in  | see below |
| nobody                     | nobody, superusers included              | to log in  | see below |

Superusers hold every permission, so they are allowed wherever a permission decides (the
"facilitator of this cohort" pages through `cohorts.view_cohort`, the admin classes), and refused
where ownership or membership decides (a journal entry, a certificate's name, leaving a cohort):
the privacy promise holds against superusers too.

The Wagtail admin answers those it refuses in its own way: someone signed in without access to
the admin is sent to the login page (with Wagtail's message), like someone signed out; staff
without the permission a screen needs are sent to the admin's dashboard with "Sorry, you do not
have permission to access this area." Someone outside the admin gets the same answer for a
nonexistent id as for a real one (`test_a_wrong_id_or_code_is_answered_as_a_denial`); staff
without the permission may get a 404 for a nonexistent id from Wagtail's generic views, which
look the object up before they check the permission (`Route.looks_up_first`).

The journal's URL rules are stated once, in `journal_samples()`: the privacy matrix.

How routes are classified:

- Every route whose view lives in our packages (camino, learning, cohorts, reflections), or that
  belongs to an admin viewset we register (its class or its model is ours: frameworks,
  certificate designs, certificates, cohorts, users), is listed one by one in `ROUTES`.
- Third-party trees are classified by `RULES`: the rest of the Wagtail admin (by prefix), the
  allauth routes (each named, so an allauth upgrade that adds one is noticed), Wagtail's document
  serving, its page-privacy forms and the page tree's catch-all (sampled per page type).

A new route fails `test_every_route_is_in_the_access_map` until it is added here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from camino.dataexport.models import DataExport
from camino.notifications.models import Kind, Notification, NotificationPreference
from cohorts.models import Cohort, Invitation, Membership, Nudge
from evaluation.models import EvaluationExport, FollowUp
from learning.certificates.models import Certificate, NameChangeRequest
from learning.models import Enrolment, SelfAssessment, SelfAssessmentConsent, StageCompletion
from reflections.models import Comment, JournalEntry, Share
from tests.camino.access_world import (
    ANONYMOUS,
    CONTENT_EDITOR,
    ENROLLED,
    FACILITATOR,
    MEMBER,
    OWNER,
    PROGRAMME_ADMIN,
    ROLES,
    SIGNED_IN,
    SUPERUSER,
)

OUR_PACKAGES = ("camino", "learning", "cohorts", "evaluation", "reflections")
STAFF = frozenset({CONTENT_EDITOR, PROGRAMME_ADMIN, SUPERUSER})

# How a role that is not allowed is answered.
ALLOWED = "allowed"
TO_LOG_IN = "to log in"  # 302 to /accounts/login/?next=<this path>
NOT_FOUND = "404"
TO_COURSE = "to the course"  # 302 to the course page, to enrol there
ADMIN_REFUSED = "refused by the admin"  # non-staff: to log in; staff: to the admin dashboard
TO_HOME = "to the home page"  # 302 to / (allauth: already signed out)
# 302 to where the person's work is (camino.adapters.landing_url: their cohorts, My learning or
# the admin): allauth's login and sign-up pages, to someone already signed in.
TO_LANDING = "to where their work is"


@dataclass(frozen=True)
class Access:
    name: str
    allowed: frozenset[str]
    anonymous: str = TO_LOG_IN
    others: str = NOT_FOUND

    def answer(self, role: str, allowed: frozenset[str] | None = None) -> str:
        if role in (self.allowed if allowed is None else allowed):
            return ALLOWED
        if role == ANONYMOUS:
            return self.anonymous
        return self.others


PUBLIC = Access("public", frozenset(ROLES), anonymous=ALLOWED)
SIGNED_IN_ANYONE = Access("signed-in", frozenset(SIGNED_IN))
OWNER_ONLY = Access("owner", frozenset({OWNER}))
# A journal entry's page: its owner's, or (shared) its cohort's; to anyone else, signed out
# included, it does not exist.
ENTRY_READERS = Access("owner, or the cohort it is shared with", frozenset({OWNER}), NOT_FOUND)
ENROLLED_LEARNER = Access(
    "enrolled learner", frozenset({ENROLLED, MEMBER, OWNER}), others=TO_COURSE
)
COHORT_MEMBER = Access(
    "cohort member", frozenset({MEMBER, OWNER, FACILITATOR, PROGRAMME_ADMIN, SUPERUSER})
)
COHORT_FACILITATOR = Access(
    "facilitator of this cohort", frozenset({FACILITATOR, PROGRAMME_ADMIN, SUPERUSER})
)
ADMIN_STAFF = Access("admin staff", STAFF, others=ADMIN_REFUSED)
EDITOR = Access("content editor", frozenset({CONTENT_EDITOR, SUPERUSER}), others=ADMIN_REFUSED)
PROGRAMME = Access("programme admin", frozenset({PROGRAMME_ADMIN, SUPERUSER}), others=ADMIN_REFUSED)
SUPERUSER_ONLY = Access("superuser only", frozenset({SUPERUSER}), others=ADMIN_REFUSED)
NOBODY = Access("nobody", frozenset(), others=ADMIN_REFUSED)
# The programme evaluation: programme admins only; to anyone else, signed out included, its
# pages do not exist. An export downloads only for the admin who asked for it.
EVALUATION = Access(
    "programme admin (others: 404)",
    frozenset({PROGRAMME_ADMIN, SUPERUSER}),
    anonymous=NOT_FOUND,
    others=NOT_FOUND,
)
# The staff audit trail: the same rule as the evaluation (programme admins and superusers;
# a 404 to everyone else, signed out included).
AUDIT_TRAIL = Access(
    "programme admin (others: 404)",
    frozenset({PROGRAMME_ADMIN, SUPERUSER}),
    anonymous=NOT_FOUND,
    others=NOT_FOUND,
)
EXPORT_REQUESTER = Access(
    "the programme admin who asked for it", frozenset({PROGRAMME_ADMIN}), anonymous=NOT_FOUND
)
SIGNED_OUT = Access("signed out", frozenset({ANONYMOUS}), anonymous=ALLOWED, others=TO_LANDING)

CHANGED = object()  # an effect's reading must differ from before


@dataclass(frozen=True)
class Sample:
    """One request to make as every role, and what each role should get.

    `path` and `data` are filled from the world's values ({cohort}, {entry_private}, ...).
    `allowed` overrides the route's class for this sample (a shared entry is readable by its
    cohort); `ok` is the status allowed roles get (200 for GET, 302 for POST unless said);
    `effect` reads what an allowed POST must change (to `effect_after`, or just change),
    checked for `effect_for` (default: every allowed role). `shared_for` are the roles that may
    see the words of Amara's shared entry in the answer; nobody but Amara ever sees the words
    of her private or withdrawn entries. `owner_sees` names a kind of entry whose words must be
    in Amara's own answer (so the secrets check is seen to work).
    """

    path: str
    method: str = "GET"
    data: dict | None = None
    allowed: frozenset[str] | None = None
    anonymous: str | None = None
    ok: int | None = None
    ok_to: str | None = None
    effect: Callable[[Any, Any], Any] | None = None
    effect_after: Any = CHANGED
    effect_for: frozenset[str] | None = None
    shared_for: frozenset[str] = frozenset()
    owner_sees: str | None = None
    no_store: bool = False  # every answer says `Cache-Control: private, no-store` (the journal)
    note: str = ""

    @property
    def success(self) -> int:
        return self.ok or (302 if self.method == "POST" else 200)


@dataclass(frozen=True)
class Route:
    pattern: str  # the route as the URLconf walk spells it, e.g. "cohorts/<int:cohort_id>/"
    view: str  # the view serving it (lookup_str), so a route that changes hands is noticed
    access: Access
    methods: tuple[str, ...]
    samples: tuple[Sample, ...]
    wrong: tuple[str, ...] = ()  # the same URL with a wrong id or code: 404 to those allowed
    # Wagtail's generic admin views look some objects up before they check the permission, so
    # staff without the permission may get a 404 for a wrong id rather than the refusal. Staff
    # learn no more than that an id is unused; nobody outside the admin ever gets this far.
    looks_up_first: bool = False

    @property
    def accepts_post(self) -> bool:
        return "POST" in self.methods


@dataclass(frozen=True)
class Rule:
    """A third-party tree classified by rule, with samples asked as every role."""

    name: str
    why: str
    matches: Callable[[Walked], bool]
    samples: tuple[tuple[Access, Sample], ...] = ()


# --- walking the URLconf ---------------------------------------------------------------------


@dataclass(frozen=True)
class Walked:
    pattern: str
    name: str  # with its namespaces: "cohorts:detail", "wagtailsnippets_learning_framework:edit"
    view: str  # lookup_str
    namespaces: tuple[str, ...]
    callback: Any = field(compare=False)

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None)


def walk(resolver=None, prefix: str = "", namespaces: tuple[str, ...] = ()) -> list[Walked]:
    """Every route the site answers, through every include."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            found += walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            found.append(
                Walked(
                    pattern=prefix + str(entry.pattern),
                    name=":".join(namespaces + (entry.name or "",)),
                    view=entry.lookup_str,
                    namespaces=namespaces,
                    callback=entry.callback,
                )
            )
    return found


def our_viewset_namespaces() -> set[str]:
    """URL namespaces of admin viewsets whose class or model is ours."""
    from wagtail.admin.viewsets import viewsets

    assert get_resolver().url_patterns  # loading the admin's URLconf registers the viewsets
    ours = set()
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        app = model.split(".")[0] if isinstance(model, str) else getattr(model, "_meta", None)
        app = getattr(app, "app_label", app)
        mine = type(viewset).__module__.split(".")[0] in OUR_PACKAGES or app in OUR_PACKAGES
        if mine and viewset.__dict__.get("name"):
            ours.add(viewset.url_namespace)
    return ours


def is_ours(walked: Walked, namespaces: set[str]) -> bool:
    return walked.view.split(".")[0] in OUR_PACKAGES or bool(set(walked.namespaces) & namespaces)


# --- readings for effects --------------------------------------------------------------------


def _entry(kind):
    return lambda w, u: (
        JournalEntry.objects.filter(pk=w.values[f"entry_{kind}"])
        .values_list("title", "version")[:1]
        .first()
    )


def _entry_and_shares(kind):
    def read(w, u):
        pk = w.values[f"entry_{kind}"]
        return JournalEntry.objects.filter(pk=pk).exists(), Share.objects.filter(
            entry_id=pk
        ).count()

    return read


def _active_shares(kind):
    return lambda w, u: Share.objects.filter(
        entry_id=w.values[f"entry_{kind}"], withdrawn_at__isnull=True
    ).count()


def _comments(kind):
    return lambda w, u: Comment.objects.filter(share__entry_id=w.values[f"entry_{kind}"]).count()


def _count(model, **lookups):
    return lambda w, u: model.objects.filter(**lookups).count()


def _mine(model, **lookups):
    return lambda w, u: model.objects.filter(user=u, **lookups).count()


def _membership_active(role_value):
    return lambda w, u: Membership.objects.filter(
        cohort_id=w.values["cohort"], user_id=w.values[role_value], ended_at__isnull=True
    ).exists()


def _my_membership(w, u):
    return Membership.objects.filter(
        cohort_id=w.values["cohort"], user=u, ended_at__isnull=True
    ).exists()


def _join_code(w, u):
    return Cohort.objects.get(pk=w.values["cohort"]).join_code


def _stalled_after_days(w, u):
    return Cohort.objects.get(pk=w.values["cohort"]).stalled_after_days


def _certificate_status(w, u):
    return Certificate.objects.get(pk=w.values["certificate"]).status


def _page_locked(w, u):
    from wagtail.models import Page

    return Page.objects.get(pk=w.values["module"]).locked


# --- the journal: its rules, stated once -----------------------------------------------------

JOURNAL_KINDS = ("private", "shared", "withdrawn")
READERS_OF_SHARED = frozenset({OWNER, MEMBER, FACILITATOR})


def journal_samples() -> dict[str, tuple[Sample, ...]]:
    """Every entry URL for Amara's private, shared and withdrawn entry.

    A private or withdrawn entry is Amara's alone: to anyone else it does not exist (404, never
    403), even to someone signed out (its page is a 404, not a login form). An entry shared
    with the Spring cohort is readable by its members and facilitators until she withdraws it;
    its facilitators may comment on it, and she may reply. Only she edits, deletes, shares and
    withdraws. (A private entry has no share: its share URLs use a made-up share id.) Nothing
    the journal answers is kept by a browser or a shared cache.
    """

    def J(path, method="GET", data=None, **kw):  # a journal sample
        return Sample(path, method, data, no_store=True, **kw)

    samples: dict[str, list[Sample]] = {
        key: [] for key in ("detail", "edit", "delete", "share", "withdraw", "comment")
    }
    edit_data = {"title": "CHANGED", "body": "<p>CHANGED</p>", "stage": "do", "version": 1}
    for kind in JOURNAL_KINDS:
        e = f"/journal/{{entry_{kind}}}/"
        shared = kind == "shared"
        note = f"{kind} entry"
        samples["detail"].append(
            J(
                e,
                allowed=READERS_OF_SHARED if shared else frozenset({OWNER}),
                anonymous=NOT_FOUND,
                shared_for=READERS_OF_SHARED if shared else frozenset(),
                owner_sees=kind,
                note=note,
            )
        )
        samples["edit"] += [
            J(f"{e}edit/", owner_sees=kind, note=note),
            J(
                f"{e}edit/",
                "POST",
                edit_data,
                effect=_entry(kind),
                effect_after=("CHANGED", 2),
                note=note,
            ),
        ]
        samples["delete"] += [
            J(f"{e}delete/", owner_sees=kind, note=note),
            J(
                f"{e}delete/",
                "POST",
                {},
                effect=_entry_and_shares(kind),
                effect_after=(False, 0),
                note=f"{note}: gone, with its shares",
            ),
        ]
        samples["share"] += [
            J(f"{e}share/", owner_sees=kind, note=note),
            J(
                f"{e}share/",
                "POST",
                {"cohort": "{cohort}"},
                effect=_active_shares(kind),
                effect_after=1,
                note=f"{note} (sharing again changes nothing)",
            ),
        ]
        owner_may = frozenset() if kind == "private" else frozenset({OWNER})
        samples["withdraw"].append(
            J(
                f"{e}shares/{{share_{kind}}}/withdraw/",
                "POST",
                {},
                allowed=owner_may,
                effect=_active_shares(kind),
                effect_after=0,
                note=note,
            )
        )
        # Its owner replies, its cohort's facilitators comment and its members respond; a
        # withdrawn share takes none, and tells those who were in its conversation so with
        # their words given back (409), showing nothing of the entry.
        in_conversation = frozenset() if kind == "private" else READERS_OF_SHARED
        samples["comment"].append(
            J(
                f"{e}shares/{{share_{kind}}}/comments/",
                "POST",
                {"body": "A COMMENT"},
                allowed=in_conversation,
                ok=409 if kind == "withdrawn" else None,
                effect=_comments(kind),
                effect_after=CHANGED if shared else 0,
                note=f"{note} (a withdrawn share takes no replies)",
            )
        )
    return {key: tuple(value) for key, value in samples.items()}


JOURNAL = journal_samples()

# --- our routes, one by one ------------------------------------------------------------------

R = Route
S = Sample
GET = ("GET",)
POST = ("POST",)
GET_POST = ("GET", "POST")

ROUTES: list[Route] = [
    # --- the host ---
    R("healthz", "camino.views.healthz", PUBLIC, GET, (S("/healthz"),)),
    *(
        R(
            pattern,
            "camino.views.login_elsewhere",
            PUBLIC,
            GET_POST,
            (
                S(f"/{pattern}?next=/dashboard/", ok=302, ok_to="/accounts/login/?next="),
                S(
                    f"/{pattern}",
                    "POST",
                    {"username": "{owner_email}", "password": "x"},
                    ok_to="/accounts/login/",
                    note="signs nobody in",
                ),
            ),
        )
        for pattern in ("admin/login/", "_util/login/")
    ),
    R(
        "accounts/delete/",
        "camino.views.account_delete",
        SIGNED_IN_ANYONE,
        GET_POST,
        (
            S("/accounts/delete/", ok=302, ok_to="/accounts/reauthenticate/"),
            S(
                "/accounts/delete/",
                "POST",
                {"confirm": "yes"},
                ok_to="/accounts/reauthenticate/",
                note="asks for the password again first; nothing is deleted yet",
            ),
        ),
    ),
    R(
        "accounts/name/",
        "camino.views.account_name",
        SIGNED_IN_ANYONE,
        GET_POST,
        (
            S("/accounts/name/"),
            S(
                "/accounts/name/",
                "POST",
                {"name": "A  New   Name"},
                ok_to="/accounts/name/",
                effect=lambda w, u: (
                    get_user_model()
                    .objects.filter(pk=getattr(u, "pk", None))
                    .values_list("name", flat=True)
                ).first(),
                effect_after="A New Name",
                effect_for=frozenset(SIGNED_IN) - {OWNER},
                note="Amara's name is on her certificate: she asks for a correction instead",
            ),
        ),
    ),
    # --- learning ---
    R("dashboard/", "learning.views.dashboard", SIGNED_IN_ANYONE, GET, (S("/dashboard/"),)),
    R(
        "dashboard/self-assessment/<int:framework_id>/",
        "learning.views.self_assessment",
        SIGNED_IN_ANYONE,
        GET_POST,
        (
            S("/dashboard/self-assessment/{framework}/"),
            S(
                "/dashboard/self-assessment/{framework}/",
                "POST",
                {"capability_{cap1}": "2", "capability_{cap2}": "3"},
                effect=_mine(SelfAssessment),
            ),
        ),
        wrong=("/dashboard/self-assessment/999999/",),
    ),
    R(
        "dashboard/self-assessment/consent/",
        "learning.views.consent",
        SIGNED_IN_ANYONE,
        POST,
        (
            S(
                "/dashboard/self-assessment/consent/",
                "POST",
                {"facilitators_may_see": "on"},
                effect=_mine(SelfAssessmentConsent, facilitators_may_see=True),
            ),
        ),
    ),
    R(
        "dashboard/self-assessment/evaluation/",
        "learning.views.evaluation_consent",
        SIGNED_IN_ANYONE,
        POST,
        (
            S(
                "/dashboard/self-assessment/evaluation/",
                "POST",
                {"evaluation_may_use": "on"},
                effect=_mine(SelfAssessmentConsent, evaluation_may_use=True),
            ),
        ),
    ),
    R(
        "dashboard/follow-ups/<int:follow_up_id>/",
        "evaluation.views.follow_up",
        OWNER_ONLY,
        GET_POST,
        (
            S("/dashboard/follow-ups/{follow_up}/"),
            S(
                "/dashboard/follow-ups/{follow_up}/",
                "POST",
                {"answer-0": "I ask what matters first.", "answer-1": ""},
                effect=_count(FollowUp, answered_at__isnull=False),
            ),
        ),
        wrong=(
            "/dashboard/follow-ups/999999/",
            "/dashboard/follow-ups/99999999999999999999/",
        ),
    ),
    R(
        "learning/courses/<int:course_id>/enrol/",
        "learning.views.enrol",
        SIGNED_IN_ANYONE,
        POST,
        (
            S(
                "/learning/courses/{course}/enrol/",
                "POST",
                {},
                effect=_mine(Enrolment),
                effect_for=frozenset(SIGNED_IN) - {ENROLLED, MEMBER, OWNER},
                note="enrolling twice changes nothing",
            ),
        ),
        wrong=("/learning/courses/999999/enrol/", "/learning/courses/{module}/enrol/"),
    ),
    R(
        "learning/modules/<int:module_id>/stages/<slug:stage>/",
        "learning.views.stage_complete",
        ENROLLED_LEARNER,
        POST,
        (
            S(
                "/learning/modules/{module}/stages/learn/",
                "POST",
                {"note": "Read it twice."},
                effect=_mine(StageCompletion),
                effect_for=frozenset({ENROLLED, MEMBER}),
                note="Amara did every stage already",
            ),
        ),
        wrong=(
            "/learning/modules/999999/stages/learn/",
            "/learning/modules/{module}/stages/dance/",
            "/learning/modules/{course}/stages/learn/",
        ),
    ),
    R(
        "learning/modules/<int:module_id>/checklist/",
        "learning.views.checklist_save",
        ENROLLED_LEARNER,
        POST,
        (
            S(
                "/learning/modules/{module}/checklist/",
                "POST",
                {"item": "not-an-item-of-this-checklist"},
                note="ids that are not the module's checklist items are ignored",
            ),
        ),
        wrong=(
            "/learning/modules/999999/checklist/",
            "/learning/modules/99999999999999999999/checklist/",
            "/learning/modules/{course}/checklist/",
        ),
    ),
    R(
        "dashboard/courses/<int:course_id>/complete/",
        "learning.views.course_complete",
        OWNER_ONLY,
        GET,
        (S("/dashboard/courses/{course}/complete/", note="Amara completed the course"),),
        wrong=(
            "/dashboard/courses/999999/complete/",
            "/dashboard/courses/99999999999999999999/complete/",
            "/dashboard/courses/{module}/complete/",
        ),
    ),
    R(
        "dashboard/courses/<int:course_id>/certificate/",
        "learning.certificates.views.certificate_status",
        OWNER_ONLY,
        GET,
        (S("/dashboard/courses/{course}/certificate/", note="JSON: is the PDF ready?"),),
        wrong=(
            "/dashboard/courses/999999/certificate/",
            "/dashboard/courses/99999999999999999999/certificate/",
            "/dashboard/courses/{module}/certificate/",
        ),
    ),
    R(
        "certificates/",
        "learning.certificates.views.verify_form",
        PUBLIC,
        GET,
        (S("/certificates/"), S("/certificates/?code={code}", ok=302)),
        wrong=("/certificates/?code=not-a-code",),
    ),
    R(
        "certificates/<str:code>/",
        "learning.certificates.views.verify",
        PUBLIC,
        GET,
        (S("/certificates/{code}/"),),
        wrong=("/certificates/NOT-A-CODE/", "/certificates/2222-2222-2222/"),
    ),
    R(
        "certificates/<str:code>/pdf/",
        "learning.certificates.views.pdf",
        PUBLIC,
        GET,
        (S("/certificates/{code}/pdf/"),),
        wrong=("/certificates/NOT-A-CODE/pdf/", "/certificates/2222-2222-2222/pdf/"),
    ),
    # Open Badges: the credential (public, as the verification page is), its status list and
    # the issuer's DID document, fetched by wallets and verifiers without signing in.
    R(
        "certificates/<str:code>/credential/",
        "learning.certificates.views.credential",
        PUBLIC,
        GET,
        (S("/certificates/{code}/credential/"), S("/certificates/{code}/credential/?download")),
        wrong=(
            "/certificates/NOT-A-CODE/credential/",
            "/certificates/2222-2222-2222/credential/",
        ),
    ),
    R(
        "credentials/status/<str:list_id>/",
        "learning.certificates.views.status_list",
        PUBLIC,
        GET,
        (S("/credentials/status/{status_list}/"),),
        wrong=(
            "/credentials/status/999999/",
            "/credentials/status/99999999999999999999/",
            "/credentials/status/0/",
            "/credentials/status/-1/",
            "/credentials/status/abc/",
        ),
    ),
    R(
        ".well-known/did.json",
        "learning.certificates.views.did_document",
        PUBLIC,
        GET,
        (S("/.well-known/did.json"),),
    ),
    R(
        "dashboard/certificates/<str:code>/name/",
        "learning.certificates.views.name_request",
        OWNER_ONLY,
        GET_POST,
        (
            S("/dashboard/certificates/{code}/name/"),
            S(
                "/dashboard/certificates/{code}/name/",
                "POST",
                {"requested_name": "Amara Okafor-Reid", "reason": "Married"},
                effect=_count(NameChangeRequest),
            ),
        ),
        wrong=(
            "/dashboard/certificates/NOT-A-CODE/name/",
            "/dashboard/certificates/{cal_code}/name/",
        ),
    ),
    # --- cohorts ---
    R("cohorts/", "cohorts.views.cohort_list", SIGNED_IN_ANYONE, GET, (S("/cohorts/"),)),
    R(
        "cohorts/<int:cohort_id>/",
        "cohorts.views.cohort_detail",
        COHORT_MEMBER,
        GET,
        (S("/cohorts/{cohort}/", shared_for=READERS_OF_SHARED),),
        wrong=("/cohorts/999999/",),
    ),
    R(
        "cohorts/<int:cohort_id>/framework/",
        "cohorts.views.cohort_framework",
        COHORT_FACILITATOR,
        GET,
        (S("/cohorts/{cohort}/framework/"),),
        wrong=("/cohorts/999999/framework/",),
    ),
    R(
        "cohorts/<int:cohort_id>/export.csv",
        "cohorts.views.cohort_export",
        COHORT_FACILITATOR,
        GET,
        (S("/cohorts/{cohort}/export.csv"),),
        wrong=("/cohorts/999999/export.csv",),
    ),
    R(
        "cohorts/<int:cohort_id>/settings/",
        "cohorts.views.cohort_settings",
        COHORT_FACILITATOR,
        GET_POST,
        (
            S("/cohorts/{cohort}/settings/"),
            S(
                "/cohorts/{cohort}/settings/",
                "POST",
                {"stalled_after_days": "21"},
                effect=_stalled_after_days,
                effect_after=21,
            ),
        ),
        wrong=("/cohorts/999999/settings/", "/cohorts/99999999999999999999/settings/"),
    ),
    R(
        "cohorts/<int:cohort_id>/reminders/",
        "cohorts.views.cohort_remind",
        COHORT_FACILITATOR,
        POST,
        (
            S(
                "/cohorts/{cohort}/reminders/",
                "POST",
                {"learners": ["{member}"]},
                effect=_count(Nudge),
            ),
        ),
        wrong=("/cohorts/999999/reminders/",),
    ),
    R(
        "cohorts/<int:cohort_id>/invitations/",
        "cohorts.views.cohort_invitations",
        COHORT_FACILITATOR,
        GET_POST,
        (
            S("/cohorts/{cohort}/invitations/"),
            S(
                "/cohorts/{cohort}/invitations/",
                "POST",
                {"addresses": "new.person@example.org"},
                effect=_count(Invitation),
            ),
        ),
        wrong=("/cohorts/999999/invitations/",),
    ),
    R(
        "cohorts/<int:cohort_id>/join-code/",
        "cohorts.views.cohort_rotate_code",
        COHORT_FACILITATOR,
        POST,
        (S("/cohorts/{cohort}/join-code/", "POST", {}, effect=_join_code),),
        wrong=("/cohorts/999999/join-code/",),
    ),
    R(
        "cohorts/<int:cohort_id>/leave/",
        "cohorts.views.cohort_leave",
        COHORT_MEMBER,
        POST,
        (
            S(
                "/cohorts/{cohort}/leave/",
                "POST",
                {},
                allowed=frozenset({MEMBER, OWNER}),
                ok_to="/dashboard/",
                effect=_my_membership,
                effect_after=False,
                note="only a member leaves; those who run the cohort are not in it",
            ),
        ),
        wrong=("/cohorts/999999/leave/", "/cohorts/{other_cohort}/leave/"),
    ),
    R(
        "cohorts/<int:cohort_id>/learners/<int:learner_id>/",
        "cohorts.views.learner_detail",
        COHORT_FACILITATOR,
        GET,
        (S("/cohorts/{cohort}/learners/{owner}/", shared_for=frozenset({OWNER, FACILITATOR})),),
        wrong=(
            "/cohorts/999999/learners/{owner}/",
            "/cohorts/{cohort}/learners/999999/",
            "/cohorts/{cohort}/learners/{elsewhere}/",
            "/cohorts/{other_cohort}/learners/{owner}/",
        ),
    ),
    R(
        "cohorts/<int:cohort_id>/learners/<int:learner_id>/remove/",
        "cohorts.views.learner_remove",
        COHORT_FACILITATOR,
        POST,
        (
            S(
                "/cohorts/{cohort}/learners/{member}/remove/",
                "POST",
                {},
                effect=_membership_active("member"),
                effect_after=False,
            ),
        ),
        wrong=(
            "/cohorts/{cohort}/learners/999999/remove/",
            "/cohorts/{cohort}/learners/{elsewhere}/remove/",
        ),
    ),
    R(
        "join/<str:code>/",
        "cohorts.views.join",
        PUBLIC,
        GET_POST,
        (
            S("/join/{join_code}/"),
            S("/join/{join_code}/?invitation={invitation}"),
            S(
                "/join/{join_code}/",
                "POST",
                {},
                effect=_my_membership,
                effect_after=True,
                effect_for=frozenset(SIGNED_IN) - {MEMBER, OWNER},
                note="signed out: to sign up first; members: already in",
            ),
        ),
        wrong=("/join/NOPE/", "/join/{join_code}/?invitation=not-a-token"),
    ),
    # --- the journal (its rules: journal_samples) ---
    R(
        "journal/",
        "reflections.views.journal",
        SIGNED_IN_ANYONE,
        GET,
        (
            S("/journal/", owner_sees="private", no_store=True),
            S(
                "/journal/?q=q7Zx",
                owner_sees="private",
                no_store=True,
                note="every secret title has q7Zx",
            ),
        ),
    ),
    R(
        "journal/new/",
        "reflections.views.entry_new",
        SIGNED_IN_ANYONE,
        GET_POST,
        (
            S("/journal/new/", no_store=True),
            S(
                "/journal/new/",
                "POST",
                {"title": "Tuesday", "body": "I listened.", "stage": "reflect"},
                no_store=True,
                effect=lambda w, u: JournalEntry.objects.filter(owner=u).count(),
            ),
        ),
        wrong=("/journal/new/?module=999999", "/journal/new/?module=not-a-number"),
    ),
    R(
        "journal/export/",
        "reflections.views.journal_export",
        SIGNED_IN_ANYONE,
        GET_POST,
        (
            *(
                S(f"/journal/export/?format={kind}", owner_sees="private", no_store=True)
                for kind in ("json", "md", "pdf")
            ),
            S(
                "/journal/export/?format=pdf",
                "POST",
                {},
                no_store=True,
                ok_to="/journal/export/?format=pdf",
                note="a long journal's PDF is asked for by POST; a short one is back to GET",
            ),
        ),
        wrong=("/journal/export/?format=exe",),
    ),
    R(
        "journal/exports/<uuid:export_id>/",
        "reflections.views.export_status",
        OWNER_ONLY,
        GET,
        (S("/journal/exports/{export}/", no_store=True),),
        wrong=("/journal/exports/00000000-0000-0000-0000-000000000000/",),
    ),
    R(
        "journal/exports/<uuid:export_id>/pdf/",
        "reflections.views.export_download",
        OWNER_ONLY,
        GET,
        (S("/journal/exports/{export}/pdf/", owner_sees="private", no_store=True),),
        wrong=("/journal/exports/00000000-0000-0000-0000-000000000000/pdf/",),
    ),
    R(
        "journal/<int:entry_id>/",
        "reflections.views.entry_detail",
        ENTRY_READERS,
        GET,
        JOURNAL["detail"],
        wrong=("/journal/999999/",),
    ),
    R(
        "journal/<int:entry_id>/edit/",
        "reflections.views.entry_edit",
        OWNER_ONLY,
        GET_POST,
        JOURNAL["edit"],
        wrong=("/journal/999999/edit/",),
    ),
    R(
        "journal/<int:entry_id>/delete/",
        "reflections.views.entry_delete",
        OWNER_ONLY,
        GET_POST,
        JOURNAL["delete"],
        wrong=("/journal/999999/delete/",),
    ),
    R(
        "journal/<int:entry_id>/share/",
        "reflections.views.entry_share",
        OWNER_ONLY,
        GET_POST,
        JOURNAL["share"],
        wrong=("/journal/999999/share/",),
    ),
    R(
        "journal/<int:entry_id>/shares/<int:share_id>/withdraw/",
        "reflections.views.share_withdraw",
        OWNER_ONLY,
        POST,
        JOURNAL["withdraw"],
        wrong=(
            "/journal/999999/shares/{share_shared}/withdraw/",
            "/journal/{entry_shared}/shares/999999/withdraw/",
            "/journal/{entry_private}/shares/{share_shared}/withdraw/",
        ),
    ),
    R(
        "journal/<int:entry_id>/shares/<int:share_id>/comments/",
        "reflections.views.comment_add",
        OWNER_ONLY,
        POST,
        JOURNAL["comment"],
        wrong=(
            "/journal/999999/shares/{share_shared}/comments/",
            "/journal/{entry_shared}/shares/999999/comments/",
            "/journal/{entry_private}/shares/{share_shared}/comments/",
            "/journal/99999999999999999999/shares/{share_shared}/comments/",
        ),
    ),
    R(
        "journal/<int:entry_id>/shares/<int:share_id>/responses/",
        "reflections.views.share_responses",
        OWNER_ONLY,
        POST,
        (
            S(
                "/journal/{entry_shared}/shares/{share_shared}/responses/",
                "POST",
                {"allowed": "no"},
                no_store=True,
                effect=lambda w, u: (
                    Share.objects.get(pk=w.values["share_shared"]).responses_allowed
                ),
                effect_after=False,
                note="the owner turns members' responses off",
            ),
        ),
        wrong=(
            "/journal/999999/shares/{share_shared}/responses/",
            "/journal/{entry_shared}/shares/999999/responses/",
            "/journal/{entry_private}/shares/{share_shared}/responses/",
            "/journal/{entry_shared}/shares/99999999999999999999/responses/",
        ),
    ),
    R(
        "journal/<int:entry_id>/comments/<int:comment_id>/remove/",
        "reflections.views.comment_remove",
        OWNER_ONLY,
        POST,
        (
            S(
                "/journal/{entry_shared}/comments/{response}/remove/",
                "POST",
                {},
                allowed=frozenset({OWNER, MEMBER}),
                no_store=True,
                effect=lambda w, u: Comment.objects.filter(pk=w.values["response"]).exists(),
                effect_after=False,
                note="the entry's owner removes any response; Priya takes back her own",
            ),
        ),
        wrong=(
            "/journal/999999/comments/{response}/remove/",
            "/journal/{entry_shared}/comments/999999/remove/",
            "/journal/{entry_private}/comments/{response}/remove/",
            "/journal/{entry_shared}/comments/99999999999999999999/remove/",
        ),
    ),
    R(
        "journal/<int:entry_id>/comments/<int:comment_id>/hide/",
        "reflections.views.comment_hide",
        COHORT_FACILITATOR,
        POST,
        (
            S(
                "/journal/{entry_shared}/comments/{response}/hide/",
                "POST",
                {"action": "hide", "reason": "It names someone who uses services."},
                allowed=frozenset({FACILITATOR}),
                no_store=True,
                effect=lambda w, u: Comment.objects.get(pk=w.values["response"]).hidden_reason,
                effect_after="It names someone who uses services.",
                note="only a facilitator of the cohort; programme admins do not read shares",
            ),
        ),
        wrong=(
            "/journal/999999/comments/{response}/hide/",
            "/journal/{entry_shared}/comments/999999/hide/",
            "/journal/{entry_shared}/comments/99999999999999999999/hide/",
        ),
    ),
    # --- a person's data export (the host's): the person's own, and a programme admin's for
    # a subject access request; each downloads only for whoever asked for it ---
    R(
        "accounts/data/",
        "camino.dataexport.views.data_export",
        SIGNED_IN_ANYONE,
        GET_POST,
        (
            S("/accounts/data/", no_store=True),
            S(
                "/accounts/data/",
                "POST",
                {},
                no_store=True,
                effect=lambda w, u: sorted(
                    str(pk)
                    for pk in DataExport.objects.filter(person=u).values_list("pk", flat=True)
                ),
                note="a new copy of one's own data (Amara's earlier one is replaced)",
            ),
        ),
    ),
    R(
        "accounts/data/<uuid:export_id>/",
        "camino.dataexport.views.data_export_status",
        OWNER_ONLY,
        GET,
        (
            S("/accounts/data/{data_export}/", no_store=True),
            S(
                "/accounts/data/{subject_access_export}/",
                allowed=frozenset(),
                no_store=True,
                note="a programme admin's copy of Amara's data is not hers to download",
            ),
        ),
        wrong=("/accounts/data/00000000-0000-0000-0000-000000000000/",),
    ),
    R(
        "accounts/data/<uuid:export_id>/download/",
        "camino.dataexport.views.data_export_download",
        OWNER_ONLY,
        GET,
        (
            S("/accounts/data/{data_export}/download/", no_store=True),
            S(
                "/accounts/data/{subject_access_export}/download/",
                allowed=frozenset(),
                no_store=True,
                note="a programme admin's copy of Amara's data is not hers to download",
            ),
        ),
        wrong=("/accounts/data/00000000-0000-0000-0000-000000000000/download/",),
    ),
    R(
        "admin/data-exports/people/<int:user_id>/",
        "camino.dataexport.admin_views.person_export",
        EVALUATION,
        GET_POST,
        (
            S("/admin/data-exports/people/{owner}/", no_store=True),
            S(
                "/admin/data-exports/people/{owner}/",
                "POST",
                {},
                no_store=True,
                effect=_count(DataExport, reason="subject_access"),
                note="a subject access request, announced to the audit trail",
            ),
        ),
        wrong=(
            "/admin/data-exports/people/999999/",
            "/admin/data-exports/people/99999999999999999999/",
            "/admin/data-exports/people/0/",
        ),
    ),
    R(
        "admin/data-exports/<uuid:export_id>/",
        "camino.dataexport.admin_views.export_status",
        EXPORT_REQUESTER,
        GET,
        (
            S("/admin/data-exports/{subject_access_export}/", no_store=True),
            S(
                "/admin/data-exports/{data_export}/",
                allowed=frozenset(),
                anonymous=NOT_FOUND,
                no_store=True,
                note="Amara's own copy is not the admin's",
            ),
        ),
        wrong=("/admin/data-exports/00000000-0000-0000-0000-000000000000/",),
    ),
    R(
        "admin/data-exports/<uuid:export_id>/download/",
        "camino.dataexport.admin_views.export_download",
        EXPORT_REQUESTER,
        GET,
        (S("/admin/data-exports/{subject_access_export}/download/", no_store=True),),
        wrong=("/admin/data-exports/00000000-0000-0000-0000-000000000000/download/",),
    ),
    # --- notifications (the host's) ---
    R(
        "notifications/",
        "camino.notifications.views.notification_list",
        SIGNED_IN_ANYONE,
        GET,
        (S("/notifications/"), S("/notifications/?page=99999999999999999999")),
    ),
    R(
        "notifications/read/",
        "camino.notifications.views.notifications_mark_all_read",
        SIGNED_IN_ANYONE,
        POST,
        (
            S(
                "/notifications/read/",
                "POST",
                {},
                ok_to="/notifications/",
                effect=_mine(Notification, read_at__isnull=True),
                effect_after=0,
                effect_for=frozenset({OWNER, FACILITATOR}),
                note="Amara and Fiona have unread notifications",
            ),
        ),
    ),
    R(
        "notifications/<int:notification_id>/",
        "camino.notifications.views.notification_open",
        OWNER_ONLY,
        GET,
        (
            S(
                "/notifications/{notification}/",
                ok=302,
                ok_to="/dashboard/courses/{course}/complete/",
                effect=lambda w, u: (
                    Notification.objects.get(pk=w.values["notification"]).read_at is None
                ),
                effect_after=False,
                note="opening it marks it read and goes to what it is about",
            ),
        ),
        wrong=("/notifications/999999/", "/notifications/99999999999999999999/"),
    ),
    R(
        "notifications/<int:notification_id>/read/",
        "camino.notifications.views.notification_mark_read",
        OWNER_ONLY,
        POST,
        (
            S(
                "/notifications/{notification}/read/",
                "POST",
                {},
                ok_to="/notifications/",
                effect=lambda w, u: (
                    Notification.objects.get(pk=w.values["notification"]).read_at is None
                ),
                effect_after=False,
            ),
        ),
        wrong=("/notifications/999999/read/", "/notifications/99999999999999999999/read/"),
    ),
    R(
        "notifications/unsubscribe/<str:token>/",
        "camino.notifications.views.unsubscribe",
        PUBLIC,
        GET_POST,
        (
            S("/notifications/unsubscribe/{unsubscribe}/"),
            S(
                "/notifications/unsubscribe/{unsubscribe}/",
                "POST",
                {},
                ok=200,
                effect=lambda w, u: NotificationPreference.objects.filter(
                    user=w.people[OWNER], kind="reminder", delivery="site"
                ).exists(),
                effect_after=True,
                note="the signed link in Amara's email works for whoever holds it, signed in "
                "or not (RFC 8058 one-click: no CSRF token, the signature authorises it)",
            ),
        ),
        wrong=(
            "/notifications/unsubscribe/not-a-token/",
            "/notifications/unsubscribe/{unsubscribe_tampered}/",
        ),
    ),
    R(
        "accounts/notifications/",
        "camino.notifications.views.preferences",
        SIGNED_IN_ANYONE,
        GET_POST,
        (
            S("/accounts/notifications/"),
            S(
                "/accounts/notifications/",
                "POST",
                {kind.value: "site" for kind in Kind},
                ok_to="/accounts/notifications/",
                effect=_mine(NotificationPreference, delivery="site"),
            ),
        ),
    ),
]

# --- our Wagtail admin screens ---------------------------------------------------------------

A = "/admin"

ROUTES += [
    R(
        "admin/learning/coverage/",
        "learning.admin_views.coverage_index",
        ADMIN_STAFF,
        GET,
        (S(f"{A}/learning/coverage/"),),
    ),
    R(
        "admin/learning/coverage/<int:course_id>/",
        "learning.admin_views.coverage_report",
        ADMIN_STAFF,
        GET,
        (S(f"{A}/learning/coverage/{{course}}/"),),
        wrong=(f"{A}/learning/coverage/999999/", f"{A}/learning/coverage/{{module}}/"),
    ),
    # --- the programme evaluation (evaluation.admin_urls, before Wagtail's admin) ---
    *[
        R(
            f"admin/evaluation/{tail}",
            f"evaluation.admin_views.{view}",
            EVALUATION,
            GET,
            (
                S(f"{A}/evaluation/{tail}"),
                S(f"{A}/evaluation/{tail}?course={{course}}&cohort={{cohort}}"),
            ),
            wrong=(
                f"{A}/evaluation/{tail}?course=999999",
                f"{A}/evaluation/{tail}?cohort=999999",
                f"{A}/evaluation/{tail}?course=99999999999999999999",
            ),
        )
        for tail, view in (("", "overview"), ("funnel/", "funnel"), ("distance/", "distance"))
    ],
    R(
        "admin/evaluation/exports/",
        "evaluation.admin_views.exports",
        EVALUATION,
        GET_POST,
        (
            S(f"{A}/evaluation/exports/"),
            S(
                f"{A}/evaluation/exports/",
                "POST",
                {"course": "{course}", "cohort": "", "date_from": "", "date_to": ""},
                effect=_count(EvaluationExport),
            ),
        ),
        wrong=(f"{A}/evaluation/exports/?course=999999",),
    ),
    R(
        "admin/evaluation/exports/<int:pk>/download/",
        "evaluation.admin_views.export_download",
        EXPORT_REQUESTER,
        GET,
        (S(f"{A}/evaluation/exports/{{evaluation_export}}/download/"),),
        wrong=(
            f"{A}/evaluation/exports/999999/download/",
            f"{A}/evaluation/exports/99999999999999999999/download/",
        ),
    ),
    # --- the staff audit trail (camino.audit, before Wagtail's admin): programme admins and
    # superusers; to anyone else, signed out included, it does not exist ---
    R(
        "admin/audit/",
        "camino.audit.views.audit_trail",
        AUDIT_TRAIL,
        GET,
        (
            S(f"{A}/audit/"),
            S(f"{A}/audit/?person=amara&actor=fiona&action=learner.viewed&date_from=2026-01-01"),
            S(f"{A}/audit/?page=99999999999999999999"),
        ),
    ),
    R(
        "admin/certificates/<int:pk>/revoke/",
        "learning.certificates.admin_views.certificate_revoke",
        PROGRAMME,
        GET_POST,
        (
            S(f"{A}/certificates/{{certificate}}/revoke/"),
            S(
                f"{A}/certificates/{{certificate}}/revoke/",
                "POST",
                {"reason": "Access map"},
                effect=_certificate_status,
            ),
        ),
        wrong=(f"{A}/certificates/999999/revoke/",),
    ),
    R(
        "admin/certificates/<int:pk>/reissue/",
        "learning.certificates.admin_views.certificate_reissue",
        PROGRAMME,
        GET_POST,
        (
            S(f"{A}/certificates/{{certificate}}/reissue/"),
            S(
                f"{A}/certificates/{{certificate}}/reissue/",
                "POST",
                {"holder_name": "Amara Okafor-Reid"},
                effect=_count(Certificate),
            ),
        ),
        wrong=(f"{A}/certificates/999999/reissue/",),
    ),
    R(
        "admin/certificates/issue/",
        "learning.certificates.admin_views.certificate_issue",
        PROGRAMME,
        GET_POST,
        (
            S(f"{A}/certificates/issue/"),
            S(
                f"{A}/certificates/issue/",
                "POST",
                {"user": "{learner}", "course": "{course}"},
                effect=_count(Certificate),
            ),
        ),
    ),
    R(
        "admin/certificate-names/",
        "learning.certificates.admin_views.name_requests",
        PROGRAMME,
        GET_POST,
        (
            S(f"{A}/certificate-names/"),
            S(
                f"{A}/certificate-names/",
                "POST",
                {"request": "{name_request}", "decision": "approve"},
                effect=_count(NameChangeRequest, status="pending"),
            ),
        ),
    ),
    R(
        "admin/cohorts/<int:pk>/issue-certificates/",
        "cohorts.admin_views.issue_certificates",
        PROGRAMME,
        GET_POST,
        (
            S(f"{A}/cohorts/{{cohort}}/issue-certificates/"),
            S(
                f"{A}/cohorts/{{cohort}}/issue-certificates/",
                "POST",
                {},
                effect=_count(Certificate),
                note="Dee finished offline and gets hers",
            ),
        ),
        wrong=(f"{A}/cohorts/999999/issue-certificates/",),
    ),
]


@dataclass(frozen=True)
class Row:
    """One route of an admin viewset: its pattern after the viewset's prefix, its view, the
    methods it takes, a sample URL (after the prefix) and a wrong one, its access class if not
    the viewset's, and the status allowed roles get for GET and for POST."""

    suffix: str
    view: str
    methods: tuple[str, ...]
    url: str
    wrong: str | None = None
    access: Access | None = None
    get: int = 200
    post: int = 200


def admin_routes(access: Access, prefix: str, rows: list[Row]) -> list[Route]:
    """Routes of one admin viewset. A POST sample sends an empty form: the allowed get the
    form back with its errors (or, for a delete, the object is deleted); the refused change
    nothing."""
    routes = []
    for row in rows:
        url = f"{A}/{prefix}{row.url}"
        samples = [S(url, ok=row.get)] if "GET" in row.methods else []
        if "POST" in row.methods:
            samples.append(S(url, "POST", {}, ok=row.post))
        routes.append(
            R(
                f"admin/{prefix}{row.suffix}",
                row.view,
                row.access or access,
                row.methods,
                tuple(samples),
                wrong=(f"{A}/{prefix}{row.wrong}",) if row.wrong else (),
                looks_up_first=True,
            )
        )
    return routes


G = "wagtail.admin.views.generic"
SNIP = "wagtail.snippets.views.snippets"
CHOOSE = "wagtail.snippets.views.chooser"
COMPARE = (
    "history/(?P<pk>.+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)"
    "\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$"
)


def snippet_rows(k: str, delete: Access | None = None) -> list[Row]:
    """A snippet viewset: programme admins may look (view permission), editors write."""
    k = "{" + k + "}"
    return [
        Row("", f"{SNIP}.IndexView", GET, "", access=ADMIN_STAFF),
        Row("results/", f"{SNIP}.IndexView", GET, "results/", access=ADMIN_STAFF),
        Row("add/", f"{SNIP}.CreateView", GET_POST, "add/"),
        Row("edit/<int:pk>/", f"{SNIP}.EditView", GET_POST, f"edit/{k}/", "edit/999999/"),
        Row(
            "delete/<int:pk>/",
            f"{SNIP}.DeleteView",
            GET_POST,
            f"delete/{k}/",
            "delete/999999/",
            access=delete,
            post=302,
        ),
        Row("usage/<int:pk>/", f"{SNIP}.UsageView", GET, f"usage/{k}/", "usage/999999/"),
        Row("history/<int:pk>/", f"{SNIP}.HistoryView", GET, f"history/{k}/", "history/999999/"),
        Row(
            "history-results/<int:pk>/",
            f"{SNIP}.HistoryView",
            GET,
            f"history-results/{k}/",
            "history-results/999999/",
        ),
        Row("copy/<int:pk>/", f"{SNIP}.CopyView", GET_POST, f"copy/{k}/", "copy/999999/"),
    ]


def chooser_rows(k: str) -> list[Row]:
    """A snippet chooser: for everyone who may look; it creates nothing (404)."""
    k = "{" + k + "}"
    return [
        Row("", f"{CHOOSE}.ChooseView", GET, "", access=ADMIN_STAFF),
        Row("results/", f"{CHOOSE}.ChooseResultsView", GET, "results/", access=ADMIN_STAFF),
        Row(
            "chosen/<str:pk>/",
            f"{CHOOSE}.SnippetChosenView",
            GET,
            f"chosen/{k}/",
            "chosen/999999/",
            access=ADMIN_STAFF,
        ),
        Row(
            "chosen-multiple/",
            f"{CHOOSE}.SnippetChosenMultipleView",
            GET,
            f"chosen-multiple/?id={k}",
            access=ADMIN_STAFF,
        ),
        Row(
            "create/",
            "learning.wagtail_hooks.ChooserCreateView",
            GET_POST,
            "create/",
            get=404,
            post=404,
        ),
    ]


ROUTES += admin_routes(EDITOR, "snippets/learning/framework/", snippet_rows("framework"))
ROUTES += admin_routes(EDITOR, "snippets/choose/learning/framework/", chooser_rows("framework"))
# Editors add and change certificate designs but do not delete them.
ROUTES += admin_routes(
    EDITOR,
    "snippets/certificates/certificatetemplate/",
    snippet_rows("template", delete=SUPERUSER_ONLY)
    + [
        Row("preview/", f"{SNIP}.PreviewOnCreateView", GET_POST, "preview/"),
        Row(
            "preview/<int:pk>/",
            f"{SNIP}.PreviewOnEditView",
            GET_POST,
            "preview/{template}/",
            "preview/999999/",
        ),
        Row(
            "history/<int:pk>/revisions/<int:revision_id>/view/",
            f"{SNIP}.PreviewRevisionView",
            GET,
            "history/{template}/revisions/{template_revision}/view/",
            "history/{template}/revisions/999999/view/",
        ),
        Row(
            "history/<int:pk>/revisions/<int:revision_id>/revert/",
            f"{SNIP}._RevisionsRevertView",
            GET_POST,
            "history/{template}/revisions/{template_revision}/revert/",
            "history/{template}/revisions/999999/revert/",
        ),
        Row(
            COMPARE,
            f"{SNIP}.RevisionsCompareView",
            GET,
            "history/{template}/revisions/compare/earliest...latest/",
            "history/999999/revisions/compare/earliest...latest/",
        ),
    ],
)
ROUTES += admin_routes(
    EDITOR, "snippets/choose/certificates/certificatetemplate/", chooser_rows("template")
)

# Certificates change only through their recorded actions (the routes above): Wagtail's add,
# edit and delete refuse everyone, and so do its history and usage screens (which need the
# "change" permission); the inspect page shows the record.
CERTIFICATE_INSPECT = "learning.certificates.wagtail_hooks.CertificateInspectView"
ROUTES += admin_routes(
    PROGRAMME,
    "certificates/",
    [
        Row("", "learning.certificates.wagtail_hooks.CertificateIndexView", GET, ""),
        Row(
            "results/",
            "learning.certificates.wagtail_hooks.CertificateIndexView",
            GET,
            "results/?q={code}",
        ),
        Row("new/", f"{G}.models.CreateView", GET_POST, "new/", access=NOBODY),
        Row(
            "edit/<int:pk>/",
            f"{G}.models.EditView",
            GET_POST,
            "edit/{certificate}/",
            "edit/999999/",
            access=NOBODY,
        ),
        Row(
            "delete/<int:pk>/",
            f"{G}.models.DeleteView",
            GET_POST,
            "delete/{certificate}/",
            "delete/999999/",
            access=NOBODY,
        ),
        Row(
            "history/<int:pk>/",
            f"{G}.history.HistoryView",
            GET,
            "history/{certificate}/",
            "history/999999/",
            access=NOBODY,
        ),
        Row(
            "history-results/<int:pk>/",
            f"{G}.history.HistoryView",
            GET,
            "history-results/{certificate}/",
            "history-results/999999/",
            access=NOBODY,
        ),
        Row(
            "usage/<int:pk>/",
            f"{G}.usage.UsageView",
            GET,
            "usage/{certificate}/",
            "usage/999999/",
            access=NOBODY,
        ),
        Row(
            "inspect/<int:pk>/",
            CERTIFICATE_INSPECT,
            GET,
            "inspect/{certificate}/",
            "inspect/999999/",
        ),
    ],
)
ROUTES += admin_routes(
    PROGRAMME,
    "cohorts/",
    [
        Row("", "cohorts.wagtail_hooks.CohortIndexView", GET, ""),
        Row("results/", "cohorts.wagtail_hooks.CohortIndexView", GET, "results/?q=Spring"),
        Row("new/", f"{G}.models.CreateView", GET_POST, "new/"),
        Row("edit/<int:pk>/", f"{G}.models.EditView", GET_POST, "edit/{cohort}/", "edit/999999/"),
        Row(
            "delete/<int:pk>/",
            f"{G}.models.DeleteView",
            GET_POST,
            "delete/{cohort}/",
            "delete/999999/",
            post=302,
        ),
        Row(
            "history/<int:pk>/",
            f"{G}.history.HistoryView",
            GET,
            "history/{cohort}/",
            "history/999999/",
        ),
        Row(
            "history-results/<int:pk>/",
            f"{G}.history.HistoryView",
            GET,
            "history-results/{cohort}/",
            "history-results/999999/",
        ),
        Row("usage/<int:pk>/", f"{G}.usage.UsageView", GET, "usage/{cohort}/", "usage/999999/"),
        Row(
            "inspect/<int:pk>/",
            f"{G}.models.InspectView",
            GET,
            "inspect/{cohort}/",
            "inspect/999999/",
        ),
        Row("copy/<int:pk>/", f"{G}.models.CopyView", GET_POST, "copy/{cohort}/", "copy/999999/"),
    ],
)
# Users: programme admins add and change people (never a superuser: camino.user_admin);
# only superusers delete anyone.
U = "wagtail.users.views.users"
ROUTES += admin_routes(
    PROGRAMME,
    "users/",
    [
        Row("", f"{U}.IndexView", GET, "?q={owner_email}"),
        Row("results/", f"{U}.IndexView", GET, "results/?q={owner_email}"),
        Row("new/", "camino.user_admin.CaminoUserCreateView", GET_POST, "new/"),
        Row(
            "edit/<int:pk>/",
            "camino.user_admin.CaminoUserEditView",
            GET_POST,
            "edit/{learner}/",
            "edit/999999/",
        ),
        Row(
            "delete/<int:pk>/",
            "camino.user_admin.CaminoUserDeleteView",
            GET_POST,
            "delete/{learner}/",
            "delete/999999/",
            access=SUPERUSER_ONLY,
            post=302,
        ),
        Row("history/<int:pk>/", f"{U}.HistoryView", GET, "history/{learner}/", "history/999999/"),
        Row(
            "history-results/<int:pk>/",
            f"{U}.HistoryView",
            GET,
            "history-results/{learner}/",
            "history-results/999999/",
        ),
        Row("usage/<int:pk>/", f"{G}.usage.UsageView", GET, "usage/{learner}/", "usage/999999/"),
        Row("copy/<int:pk>/", f"{G}.models.CopyView", GET_POST, "copy/{learner}/", "copy/999999/"),
    ],
)


# --- third-party trees, by rule --------------------------------------------------------------

ALLAUTH_PUBLIC = {
    "account_login",
    "account_signup",
    "account_inactive",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_login_code",
    "mfa_authenticate",
}
ALLAUTH_SIGNED_IN = {
    "account_logout",
    "account_reauthenticate",
    "account_email",
    "account_change_password",
    "account_set_password",
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "usersessions_list",
}


def _third_party(walked: Walked, package: str) -> bool:
    return walked.view.split(".")[0] == package


def _shadowed(walked: Walked, earlier: list[Walked]) -> bool:
    return any(other.pattern == walked.pattern for other in earlier)


RULES: list[Rule] = [
    Rule(
        "shadowed",
        "An earlier route with the same pattern answers first (Django stops at the first "
        "match), so this one is never reached; the earlier one is in the map.",
        lambda walked: False,  # decided by position in the walk: see classify()
    ),
    Rule(
        "wagtail admin",
        "The Wagtail admin: staff only (content editors and programme admins), each screen "
        "by Wagtail's own permissions; signed out or not staff: to log in; staff without the "
        "permission: to the dashboard.",
        lambda w: (
            w.pattern.startswith("admin/")
            and (_third_party(w, "wagtail") or _third_party(w, "django"))
        ),
        (
            (ADMIN_STAFF, S(f"{A}/")),
            (ADMIN_STAFF, S(f"{A}/account/")),
            (EDITOR, S(f"{A}/pages/")),
            (EDITOR, S(f"{A}/pages/{{course}}/")),
            (EDITOR, S(f"{A}/pages/{{module}}/edit/")),
            (EDITOR, S(f"{A}/pages/{{module}}/lock/", "POST", {}, effect=_page_locked)),
            (EDITOR, S(f"{A}/pages/search/?q=q7Zx")),
            (ADMIN_STAFF, S(f"{A}/images/chooser/")),
            (
                ADMIN_STAFF,
                S(
                    f"{A}/settings/camino/programmesettings/",
                    ok=302,
                    ok_to=f"{A}/settings/camino/programmesettings/",
                ),
            ),
            (PROGRAMME, S(f"{A}/settings/certificates/issuerprofile/{{issuer_profile}}/")),
            (SUPERUSER_ONLY, S(f"{A}/sites/")),
            (SUPERUSER_ONLY, S(f"{A}/groups/")),
            (SUPERUSER_ONLY, S(f"{A}/workflows/list/")),
        ),
    ),
    Rule(
        "allauth, public",
        "django-allauth's pages for signing in and recovering an account.",
        lambda w: _third_party(w, "allauth") and w.name in ALLAUTH_PUBLIC,
        (
            (SIGNED_OUT, S("/accounts/login/")),
            (SIGNED_OUT, S("/accounts/signup/")),
            (PUBLIC, S("/accounts/password/reset/")),
            (PUBLIC, S("/accounts/confirm-email/")),
        ),
    ),
    Rule(
        "allauth, signed-in",
        "django-allauth's account settings: signed in only.",
        lambda w: _third_party(w, "allauth") and w.name in ALLAUTH_SIGNED_IN,
        (
            (SIGNED_IN_ANYONE, S("/accounts/email/")),
            (SIGNED_IN_ANYONE, S("/accounts/password/change/")),
            (SIGNED_IN_ANYONE, S("/accounts/2fa/")),
            (SIGNED_IN_ANYONE, S("/accounts/sessions/")),
            (Access("signed-in", frozenset(SIGNED_IN), anonymous=TO_HOME), S("/accounts/logout/")),
        ),
    ),
    Rule(
        "wagtail documents",
        "Documents are served to anyone unless their collection is private (Wagtail's "
        "collection privacy decides).",
        lambda w: w.pattern.startswith("documents/") and _third_party(w, "wagtail"),
        ((PUBLIC, S("/documents/{document}/guide.txt")),),
    ),
    Rule(
        "wagtail pages",
        "The page tree: each page's own rules (public pages for all; module pages for "
        "learners enrolled on the course), and Wagtail's page-privacy password form.",
        lambda w: (
            w.name == "wagtail_serve"
            or (w.pattern.startswith("_util/") and _third_party(w, "wagtail"))
        ),
        (
            (PUBLIC, S("/")),
            (PUBLIC, S("/about/")),
            (PUBLIC, S("/privacy/")),  # a legal page (camino.legal.LegalPage)
            (PUBLIC, S("/courses/")),
            (PUBLIC, S("{course_url}")),
            (ENROLLED_LEARNER, S("{module_url}")),
            (PUBLIC, S("/", "POST", {}, ok=200, note="Wagtail serves POSTs (form pages)")),
        ),
    ),
]
RULE_WRONG = {
    "wagtail pages": ("/no-such-page/", "/_util/authenticate_with_password/999999/999999/"),
    "wagtail documents": ("/documents/999999/guide.txt",),
    "wagtail admin": (f"{A}/pages/999999/edit/",),
}


def classify(walked_routes: list[Walked]) -> dict[Walked, Route | Rule | None]:
    """Each walked route's entry in the map, or None. Our routes only ever match a Route."""
    ours = our_viewset_namespaces()
    by_pattern = {route.pattern: route for route in ROUTES}
    result: dict[Walked, Route | Rule | None] = {}
    for index, walked in enumerate(walked_routes):
        route = by_pattern.get(walked.pattern)
        if route is not None and route.view == walked.view:
            result[walked] = route
        elif is_ours(walked, ours):
            result[walked] = None  # ours, and not listed: never classified by a rule
        elif _shadowed(walked, walked_routes[:index]):
            result[walked] = RULES[0]
        else:
            result[walked] = next((rule for rule in RULES[1:] if rule.matches(walked)), None)
    return result
