"""Camino plugin: the private reflective journal, sharing, comments and exports.
Depends on `cohorts` and `learning`."""
