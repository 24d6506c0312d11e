"""The set-up for more than one machine (README, "Running at scale"), checked as it runs:

- gunicorn with gunicorn.conf.py and the production settings serves hashed, compressed static
  files through WhiteNoise, answers /healthz over plain HTTP (for load balancers) and sends
  everything else to HTTPS;
- rate limits hold across workers: two separate processes sharing Redis (or, without Redis,
  the database's cache table) count one person's failed logins together;
- media on S3-compatible storage: a certificate PDF is stored in the bucket and downloaded
  through Camino's own view (the S3 API is faked by moto: it is what crosses the network);
- account emails are sent by the background worker, not in the request;
- pages made for one person are never marked cacheable by a shared cache.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-long-production-secret-for-the-tests-" + "q8Zt3" * 8
# The W3C vc-di-eddsa specification's example key: a test key, public by design.
SIGNING_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def _worker_redis_url(url: str) -> str:
    """Each pytest-xdist worker flushes a Redis database of its own: gw0 keeps the one named
    (15), gw1 takes 14, and so on, so one worker's flush never empties another's counters."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker[2:]) if worker[2:].isdigit() else 0
    base, _, db = url.rpartition("/")
    if not db.isdigit():
        return url
    return f"{base}/{(int(db) - number) % 16}"


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def production_env(tmp_path: Path, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not key.startswith("AWS_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="camino.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,testserver",
        SITE_URL="https://camino.example",
        CREDENTIALS_SIGNING_KEY=SIGNING_KEY,
        DATABASE_URL=f"sqlite:///{tmp_path / 'camino.sqlite3'}",
        CAMINO_VAR_DIR=str(tmp_path / "var"),
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own server
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def first_answer(server: subprocess.Popen, url: str) -> tuple[int, dict, bytes]:
    """The first answer of a server just started (gunicorn takes a few seconds to boot)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return fetch(url)
        except OSError:
            assert time.monotonic() < deadline, "the server did not start"
            assert server.poll() is None, server.stdout.read()
            time.sleep(0.3)


# --- gunicorn, WhiteNoise, health checks ---------------------------------------------------


@pytest.mark.slow
def test_gunicorn_serves_hashed_static_files_and_answers_health_checks_over_http(tmp_path):
    port = free_port()
    env = production_env(tmp_path, GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v0")
    manifest = json.loads((tmp_path / "var" / "static" / "staticfiles.json").read_text())
    css = next(k for k in manifest["paths"] if k.startswith("camino/css/nhsuk-frontend-"))
    hashed = manifest["paths"][css]
    assert hashed != css and re.search(r"\.[0-9a-f]{12}\.", hashed), hashed

    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "camino.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, _, body = first_answer(server, base + "/healthz")
        # A load balancer checks health over plain HTTP; the answer is not a redirect.
        assert status == 200
        assert json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok"}

        # Anything else over plain HTTP goes to HTTPS.
        status, headers, _ = fetch(base + "/courses/")
        assert status == 301
        assert headers["Location"] == f"https://127.0.0.1:{port}/courses/"

        # Behind the TLS proxy: the hashed stylesheet, cached for a year, compressed.
        status, headers, body = fetch(
            f"{base}/static/{hashed}", **{"X-Forwarded-Proto": "https", "Accept-Encoding": "br"}
        )
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
        assert "max-age=315360000" in headers["Cache-Control"]
        assert headers.get("Content-Encoding") == "br"
        status, headers, _ = fetch(f"{base}/static/{css}", **{"X-Forwarded-Proto": "https"})
        assert status == 200, "the unhashed name still works"
        assert "immutable" not in headers.get("Cache-Control", "")
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert "Booting worker" in output
    assert "[ERROR]" not in output, output


# --- rate limits across workers --------------------------------------------------------------

FAILED_LOGINS = """
import json, django
django.setup()
from allauth.core import ratelimit
from django.test import RequestFactory
request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="203.0.113.7")
print(json.dumps([
    bool(ratelimit.consume(request, action="login_failed", key="amara@example.org"))
    for _ in range(3)
]))
"""


def failed_logins_in_a_new_process(env: dict) -> list[bool]:
    """Three failed logins for one address, in a process of its own (a worker)."""
    result = subprocess.run(
        [sys.executable, "-c", FAILED_LOGINS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def redis_test_url():
    import redis

    url = _worker_redis_url(REDIS_TEST_URL)
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError:
        message = f"no Redis at {url} (scripts/redis-ensure.sh starts one)"
        if _ci():
            pytest.fail(message + "; CI=true, so this is a failure, not a skip")
        pytest.skip(message)
    yield url
    client.flushdb()


@pytest.mark.slow
def test_login_limit_holds_across_workers_sharing_redis(tmp_path, redis_test_url):
    env = production_env(tmp_path, REDIS_URL=redis_test_url)

    first = failed_logins_in_a_new_process(env)
    second = failed_logins_in_a_new_process(env)

    # The limit is 5 in 5 minutes per IP: the second worker refuses the sixth attempt.
    assert first == [True, True, True]
    assert second == [True, True, False]


@pytest.mark.slow
def test_login_limit_holds_across_workers_sharing_the_database_cache(tmp_path):
    env = production_env(tmp_path)  # no REDIS_URL: the database's cache table
    manage(env, "createcachetable")

    first = failed_logins_in_a_new_process(env)
    second = failed_logins_in_a_new_process(env)

    assert first == [True, True, True]
    assert second == [True, True, False]


@pytest.mark.slow
def test_workers_with_memory_caches_would_each_allow_five(tmp_path):
    """Why production never uses a worker's own memory: the same two processes with the
    development settings' local-memory cache each allow all three attempts."""
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="camino.settings.dev")

    assert failed_logins_in_a_new_process(env) == [True, True, True]
    assert failed_logins_in_a_new_process(env) == [True, True, True]


def test_certificate_lookups_are_limited_per_person_behind_a_load_balancer(
    client, settings, home_page
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.CERTIFICATE_LOOKUPS_PER_MINUTE = 2

    def lookup(person: str) -> int:
        return client.get(
            "/certificates/ABCD-EFGH-JKMN/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=person
        ).status_code

    first = [lookup("198.51.100.1") for _ in range(3)]
    other = lookup("198.51.100.2")

    assert first == [404, 404, 429]
    assert other == 404, "another person behind the same balancer is not limited"


# --- media on S3-compatible storage ----------------------------------------------------------


@pytest.fixture
def s3_media(settings, monkeypatch):
    """The production media settings for a bucket, against moto's S3."""
    import boto3
    from moto import mock_aws

    from camino.settings.base import media_storage

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-2",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-2")
        s3.create_bucket(
            Bucket="camino-media", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
        storage = media_storage(
            {"AWS_STORAGE_BUCKET_NAME": "camino-media", "AWS_S3_REGION_NAME": "eu-west-2"}
        )
        settings.STORAGES = {**settings.STORAGES, "default": storage}
        yield s3


def test_certificate_pdf_is_stored_in_the_bucket_and_served_through_camino(
    client, s3_media, learner, course, django_capture_on_commit_callbacks
):
    from learning.certificates.models import Certificate
    from learning.services import enrolment_create, stage_complete

    enrolment_create(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):  # the PDF is rendered on commit
        for module in course.test_modules:
            for stage in ("learn", "do", "reflect"):
                stage_complete(user=learner, module=module, stage=stage)
    certificate = Certificate.objects.get(user=learner, course=course)

    keys = [o["Key"] for o in s3_media.list_objects_v2(Bucket="camino-media")["Contents"]]
    assert keys == [f"media/{certificate.pdf.name}"]
    assert certificate.pdf.name.startswith("certificates/")
    stored = s3_media.get_object(Bucket="camino-media", Key=keys[0])["Body"].read()
    assert stored.startswith(b"%PDF")
    # The bucket is private: what the storage hands out is a signed, expiring address.
    assert "X-Amz-Signature=" in certificate.pdf.url

    response = client.get(f"/certificates/{certificate.display_code}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == stored


# --- emails in the background ---------------------------------------------------------------


# serialized_rollback: a transactional test that ran before (the browser tests) flushed the
# tables, Wagtail's root page (made by a migration) with them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_account_emails_wait_for_the_background_worker(client, settings, home_page):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Siân Llŷr",
            "email": "sian@example.org",
            "password1": "walking-makes-the-path-42",
            "password2": "walking-makes-the-path-42",
        },
    )
    assert response.status_code == 302
    assert mail.outbox == [], "the request itself sends nothing"
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "camino.tasks.send_rendered_email"

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert [m.to for m in mail.outbox] == [["sian@example.org"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("[Camino] ")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


# --- nothing personal in a shared cache --------------------------------------------------------


def test_pages_made_for_one_person_are_private(client, enrolled, course):
    module = course.test_modules[0]
    client.force_login(enrolled)

    for url in (module.url, course.url, "/dashboard/", "/journal/"):
        response = client.get(url)
        assert response.status_code == 200, url
        cache_control = response["Cache-Control"]
        assert "private" in cache_control, (url, cache_control)
        assert "public" not in cache_control
        assert "Cookie" in response["Vary"], url
    assert "no-store" in client.get("/journal/")["Cache-Control"], "the journal keeps no-store"


def test_a_public_page_for_anyone_stays_cacheable_but_one_setting_a_cookie_does_not(client, course):
    public = client.get(course.url)
    login_form = client.get("/accounts/login/")  # sets the CSRF cookie for its form

    assert public.status_code == 200 and not public.cookies
    assert "private" not in public.get("Cache-Control", "")
    assert login_form.cookies
    assert "private" in login_form["Cache-Control"]
