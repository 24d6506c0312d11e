"""Camino plugin: cohorts, memberships, invitations, the facilitator's dashboard and reminders.
Depends on `learning`, never on `reflections`."""
