"""Point 1, for real: two requests at the same moment cannot make two certificates. Needs
PostgreSQL (row locks and a partial unique index under concurrent transactions); SQLite
serialises every write on one file lock, so these tests would prove nothing there."""

import threading

import pytest
from django.db import connection
from wagtail import hooks

from learning.certificates.models import Certificate, CertificateEvent
from learning.certificates.services import certificate_issue
from learning.models import Enrolment
from learning.services import enrolment_create, stage_complete

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrency needs PostgreSQL: SQLite serialises all writes, so two threads "
        "racing there prove nothing. Run with DATABASE_URL=postgres://...",
    ),
    # Committed data, seen by other connections; serialized_rollback restores Wagtail's root.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def at_the_same_moment(*calls):
    """Run each call in its own thread, released together by a barrier; each thread closes
    its own database connection. Returns (results, errors) in call order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=20)
            results[index] = call()
        except BaseException as error:  # reported by the test, not lost in the thread
            errors[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread is stuck (deadlock?)"
    return results, errors


def test_two_simultaneous_issues_make_one_certificate(learner, course):
    enrolment_create(user=learner, course=course)

    results, errors = at_the_same_moment(
        lambda: certificate_issue(user=learner, course=course),
        lambda: certificate_issue(user=learner, course=course),
    )

    assert errors == [None, None]
    valid = Certificate.objects.filter(user=learner, course=course, status="valid")
    assert valid.count() == 1
    assert Certificate.objects.filter(user=learner).count() == 1
    assert results[0].pk == results[1].pk == valid.get().pk
    assert CertificateEvent.objects.filter(action="issued").count() == 1


def test_both_pass_the_check_before_either_inserts_and_still_one_certificate(
    learner, course, monkeypatch
):
    """The worst interleaving, forced: both threads have looked and found no certificate
    before either inserts. The database constraint must make the second insert fail and the
    service must hand back the first one."""
    enrolment_create(user=learner, course=course)
    both_checked = threading.Barrier(2)
    real_create = Certificate.objects.create
    inserts = []

    def create_after_both_checked(**fields):
        both_checked.wait(timeout=20)
        inserts.append(threading.get_ident())
        return real_create(**fields)

    monkeypatch.setattr(Certificate.objects, "create", create_after_both_checked)

    results, errors = at_the_same_moment(
        lambda: certificate_issue(user=learner, course=course),
        lambda: certificate_issue(user=learner, course=course),
    )

    assert errors == [None, None]
    assert len(inserts) == 2, "both threads really tried to insert"
    assert Certificate.objects.filter(user=learner, course=course).count() == 1
    assert results[0].pk == results[1].pk
    assert CertificateEvent.objects.filter(action="issued").count() == 1


def _all_but(learner, course, remaining):
    """Everything done except the (module, stage) pairs in `remaining`."""
    enrolment_create(user=learner, course=course)
    for module in course.test_modules:
        for stage in ("learn", "do", "reflect"):
            if (module, stage) not in remaining:
                stage_complete(user=learner, module=module, stage=stage)


@pytest.mark.parametrize(
    "last_steps",
    [
        pytest.param(lambda m: [(m[-1], "reflect"), (m[-1], "reflect")], id="same-stage-twice"),
        pytest.param(lambda m: [(m[-1], "do"), (m[-1], "reflect")], id="last-two-stages"),
        pytest.param(lambda m: [(m[-2], "reflect"), (m[-1], "reflect")], id="last-two-modules"),
    ],
)
def test_completing_the_last_stage_twice_at_once_completes_once_and_issues_one(
    learner, course, last_steps
):
    steps = last_steps(course.test_modules)
    _all_but(learner, course, set(steps))
    assert Enrolment.objects.get(user=learner).completed_at is None
    announced = []

    with hooks.register_temporarily(
        "learning_course_completed", lambda enrolment: announced.append(enrolment.pk)
    ):
        _, errors = at_the_same_moment(
            *[
                (lambda m=module, s=stage: stage_complete(user=learner, module=m, stage=s))
                for module, stage in steps
            ]
        )

    assert errors == [None, None]
    assert Enrolment.objects.get(user=learner).completed_at is not None
    assert len(announced) == 1, "the course is announced completed exactly once"
    certificates = Certificate.objects.filter(user=learner, course=course)
    assert certificates.count() == 1
    certificate = certificates.get()
    assert certificate.status == "valid"
    assert certificate.events.filter(action="issued").count() == 1
    # The PDF was rendered after the winning transaction committed (on_commit, real commit).
    assert certificate.pdf and certificate.pdf_rendered_at is not None


def test_two_revocations_at_once_both_reach_the_shared_status_list(
    settings, make_user, course, programme_admin
):
    """Two certificates share one status list; revoking both at the same moment must set both
    bits (the list's row lock makes the second read the first's bits, not overwrite them)."""
    from learning.certificates.credentials import credential_for, decode_bits
    from learning.certificates.models import StatusList
    from learning.certificates.services import certificate_revoke

    settings.CREDENTIALS_SIGNING_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
    first, second = (
        certificate_issue(user=make_user(email=f"{n}@example.org"), course=course)
        for n in ("ada", "ben")
    )
    indexes = [credential_for(c).status_index for c in (first, second)]

    results, errors = at_the_same_moment(
        lambda: certificate_revoke(certificate=first, reason="Error", by=programme_admin),
        lambda: certificate_revoke(certificate=second, reason="Error", by=programme_admin),
    )

    assert errors == [None, None]
    listed = StatusList.objects.get().document
    bits = decode_bits(listed["credentialSubject"]["encodedList"])
    assert all(bits[i // 8] & (0x80 >> (i % 8)) for i in indexes), "both bits are set"
