"""Helpers for cohort work done outside a request (the weekly digest). The emails about
invitations and reminders are the host's: cohorts announces them (cohorts.services)."""

from django.conf import settings


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
