"""With the database down, pages say "service unavailable, try again shortly" (issue 17,
failure 8): a 503 with `Retry-After`, as /healthz says 503, not the 500 "problem with the
service" page. The database really is unreachable here: a separate process whose
DATABASE_URL names a PostgreSQL port nothing listens on, or an SQLite file that cannot be
opened."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import path

from camino.urls import handler400, handler403, handler404, handler500  # noqa: F401
from camino.urls import urlpatterns as site_urlpatterns
from tests.camino.test_production import free_port

ROOT = Path(__file__).resolve().parents[2]

ASK = """
import json, django
django.setup()
from django.test import Client
answers = {}
for path in ("/", "/courses/", "/accounts/login/", "/certificates/ABCD-EFGH-JKMN/"):
    response = Client(raise_request_exception=False).get(path)
    answers[path] = [
        response.status_code, response.get("Retry-After"), response.content.decode(),
        response.get("Content-Security-Policy"),
    ]
response = Client(raise_request_exception=False).get("/healthz")
answers["/healthz"] = [response.status_code, None, response.content.decode(), None]
print(json.dumps(answers))
"""


def unreachable_postgres() -> str:
    return f"postgres://postgres@127.0.0.1:{free_port()}/camino"


@pytest.mark.slow
@pytest.mark.parametrize(
    "database_url",
    [unreachable_postgres(), "sqlite:////nonexistent-directory/camino.sqlite3"],
    ids=["postgresql", "sqlite"],
)
def test_pages_answer_503_with_retry_after_when_the_database_is_down(database_url):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "camino.settings.test"}
    env["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "-c", ASK], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    assert answers.pop("/healthz")[0] == 503
    for address, (status, retry_after, text, csp) in answers.items():
        assert status == 503, f"{address}: {status}"
        assert retry_after == "30", address
        assert "Sorry, the service is unavailable" in text
        assert "Try again in a minute or two" in text
        assert "problem with the service" not in text
        assert "Contact support ()" not in text  # no settings to read: no empty link
        assert csp and "'unsafe-inline'" not in csp.split("script-src")[-1].split(";")[0]


def bad_query(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")  # OperationalError on SQLite, too


urlpatterns = [path("bad-query/", bad_query), *site_urlpatterns]


@pytest.mark.django_db
def test_a_database_error_that_is_not_an_outage_is_still_a_500(client, settings):
    """A query the database refuses (a bug, not an outage) is the 500 page: only failing to
    reach the database is a 503."""
    settings.ROOT_URLCONF = "tests.camino.test_database_down"
    client.raise_request_exception = False
    response = client.get("/bad-query/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "Retry-After" not in response
