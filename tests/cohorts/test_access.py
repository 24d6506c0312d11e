"""Who can reach which cohort page, beyond the access map.

The map (tests/camino/access_map.py, checked by tests/camino/test_access_map.py) states every
cohort URL's rule and asks it as every role: a cohort that is not yours does not exist (404);
someone signed out is sent to log in; a refused request changes nothing; an unknown cohort or
learner, or a learner of another cohort, is a 404 even for a superuser; actions refuse GET.
Here: combinations of roles the map's people do not have, and what changes over time."""

from tests.cohorts.helpers import page_text


def test_content_editor_who_also_facilitates_sees_that_cohort(
    client, content_editor, cohort, other_cohort, member
):
    cohort.facilitators.add(content_editor)
    client.force_login(content_editor)

    assert client.get(f"/cohorts/{cohort.pk}/").status_code == 200
    assert client.get(f"/cohorts/{cohort.pk}/learners/{member.pk}/").status_code == 200
    assert client.get(f"/cohorts/{other_cohort.pk}/").status_code == 404


def test_learner_who_left_no_longer_sees_the_cohort(client, cohort, member):
    client.force_login(member)
    client.post(f"/cohorts/{cohort.pk}/leave/")

    assert client.get(f"/cohorts/{cohort.pk}/").status_code == 404
    assert "Spring cohort" not in page_text(client.get("/cohorts/"))
