"""Pages about one person's private data (the journal, a copy of their data) are never
stored by browsers or shared caches: `Cache-Control: private, no-store`, on their 404s too."""

from functools import wraps

from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.defaults import page_not_found


def never_stored(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404 as missing:
            response = page_not_found(request, missing)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped
