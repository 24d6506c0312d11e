"""Template context every page needs: the header's navigation."""

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """Primary links for the header. Plugins' pages are linked by their public paths (see the
    URL contracts in the design notes), so the host does not need to import them."""
    links = [{"label": "Courses", "url": "/courses/"}]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        links.insert(0, {"label": "My learning", "url": "/dashboard/"})
        links.append({"label": "Journal", "url": "/journal/"})
        links.append({"label": "Cohorts", "url": "/cohorts/"})
    path = request.path
    for link in links:
        link["current"] = path == link["url"]
        link["active"] = not link["current"] and path.startswith(link["url"])
    return {"primary_links": links}
