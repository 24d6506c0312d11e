"""Camino plugin: frameworks, courses and modules (Wagtail pages), enrolment, progress,
self-assessment and certificates."""
