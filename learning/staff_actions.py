"""Announcing a staff action on a person's data (issue 17's audit trail).

Code that lets staff read or change someone's data (a facilitator opening a learner's page, a
programme admin revoking a certificate, ...) calls `announce_staff_action`; it goes out on the
`camino_staff_action` hook, and the host records it (camino.audit). Every plugin depends on
`learning`, so this one helper serves them all, and the host too, without a plugin importing
the host.

`action` is a dotted lower-case code (`learner.viewed`); `detail` is plain words about what was
done, never private content (no journal words, no reasons typed by a learner) and never the
person's name (the entry keeps that separately, so it can be anonymised when they go).
"""

from __future__ import annotations

from wagtail import hooks


def announce_staff_action(*, actor, action: str, person=None, detail: str = "", request=None):
    for fn in hooks.get_hooks("camino_staff_action"):
        fn(actor=actor, action=action, person=person, detail=detail, request=request)
