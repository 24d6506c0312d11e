"""The host site: home page, health check, error pages, security headers, demo data."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from wagtail.models import Page, Site

from camino.models import HomePage, ProgrammeSettings

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_home_page_shows_hero_introduction_and_call_to_action(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lead personalised care, one small step at a time" in html
    assert "private reflective journal" in html
    assert 'href="/accounts/signup/"' in html and "Start learning" in html
    assert 'class="nhsuk-skip-link"' in html and 'id="maincontent"' in html


def test_home_page_call_to_action_follows_the_page_editors_chose(client, home_page):
    target = home_page.add_child(instance=HomePage(title="x", slug="x", hero_heading="x"))
    # HomePage allows only one; a plain page stands in for any page editors can choose.
    target = Page.objects.get(pk=target.pk)
    home_page.call_to_action_page = target
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert f'href="{target.url}"' in html


def test_home_page_is_the_only_one_and_sits_at_the_root(home_page):
    assert HomePage.can_create_at(Page.get_first_root_node()) is False  # max_count reached
    assert HomePage.parent_page_types == ["wagtailcore.Page"]
    assert Site.objects.get(is_default_site=True).root_page.specific == home_page


def test_programme_settings_change_the_header_and_footer(client, home_page):
    settings_row = ProgrammeSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.programme_name = "Pathways North"
    settings_row.support_email = "help@pathways.example"
    settings_row.save()
    html = client.get("/").content.decode()
    assert "Pathways North" in html
    assert "mailto:help@pathways.example" in html
    assert "<title>Pathways North</title>" in html


def test_every_asset_is_served_from_our_own_static_files(client, home_page):
    html = client.get("/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:css|js|svg|png|ico))"', html)
    assert sources, "the page links no assets at all"
    assert all(source.startswith("/static/") for source in sources), sources
    css = client.get("/static/wagtailnhsukfrontend/css/nhsuk-frontend-10.4.2.min.css")
    assert css.status_code == 200


def test_signed_in_header_shows_the_name_and_log_out(client, home_page, learner):
    client.force_login(learner)
    html = client.get("/").content.decode()
    assert "Amara Okafor" in html
    assert "Log out" in html and "Log in" not in html


def test_healthz_answers_200_with_json_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.slow
def test_healthz_answers_503_when_the_database_does_not():
    # A real process whose database is a port nobody listens on.
    result = run_python(
        "import django; django.setup();"
        "from django.test import Client; r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode())",
        DJANGO_SETTINGS_MODULE="camino.settings.test",
        DATABASE_URL="postgres://nobody@127.0.0.1:9/nothing?connect_timeout=2",
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body)["database"] == "unreachable"


def test_unknown_url_gets_the_404_page_in_the_site_look(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "nhsuk-header" in html and "nhsuk-footer" in html


def test_uncaught_error_gets_the_500_page_without_a_stack_trace(home_page, caplog):
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.camino.broken_urls"):
        response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "Traceback" not in html and "ZeroDivisionError" not in html
    assert any("ZeroDivisionError" in str(r.exc_info) for r in caplog.records if r.exc_info)


def test_permission_denied_gets_the_403_page(home_page):
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.camino.broken_urls"):
        response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


def test_content_security_policy_forbids_inline_script(client, home_page):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    html = client.get("/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script on the page"


def test_load_demo_data_is_idempotent_and_creates_the_demo_accounts(settings, db):
    settings.DEBUG = True
    from django.core import mail

    from camino.notifications.models import Notification

    call_command("load_demo_data", stdout=open(os.devnull, "w"))
    told = Notification.objects.count()
    call_command("load_demo_data", stdout=open(os.devnull, "w"))
    User = get_user_model()
    # The evaluation's finished cohort: 48 generated learners (evaluation.demo), apart.
    generated = set(
        User.objects.filter(email__regex=r"^autumn[0-9]{2}@example\.org$").values_list(
            "email", flat=True
        )
    )
    assert len(generated) == 48
    emails = set(User.objects.values_list("email", flat=True)) - generated
    assert emails == {
        "learner@example.org",
        "learner2@example.org",
        "facilitator@example.org",
        "editor@example.org",
        "admin@example.org",
        "jordan.reid@example.org",  # the stalled learner in the demo cohort
        "sam.hughes@example.org",  # holds the demo's revoked certificate
    }
    # The demo's history shows as notifications (once), and emails nobody.
    assert told > 0 and Notification.objects.count() == told
    assert Notification.objects.filter(user__email="learner@example.org").exists()
    assert mail.outbox == []
    assert HomePage.objects.count() == 1
    # the four legal pages, once each, chosen in the settings (tests/camino/test_legal.py)
    from camino.models import LegalPage

    assert sorted(LegalPage.objects.live().values_list("slug", flat=True)) == [
        "accessibility",
        "cookies",
        "privacy",
        "terms",
    ]
    assert ProgrammeSettings.objects.get().terms_of_use.slug == "terms"
    editor = User.objects.get(email="editor@example.org")
    assert editor.check_password("camino-demo")
    assert editor.groups.filter(name="Content editors").exists()
    admin = User.objects.get(email="admin@example.org")
    assert admin.groups.filter(name="Programme admins").exists()
    assert not admin.is_superuser
    assert editor.has_perm("wagtailadmin.access_admin")
    learner = User.objects.get(email="learner@example.org")
    assert not learner.has_perm("wagtailadmin.access_admin")


def test_load_demo_data_refuses_with_debug_off(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo_data")
    assert not get_user_model().objects.filter(email="learner@example.org").exists()


def test_demo_accounts_log_in_with_the_published_password(client, settings, db):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=open(os.devnull, "w"))
    for email in ("learner@example.org", "facilitator@example.org", "admin@example.org"):
        response = client.post(
            "/accounts/login/", {"login": email, "password": "camino-demo"}, follow=True
        )
        assert response.context["user"].email == email
        client.post("/accounts/logout/")


def test_editors_reach_the_admin_and_learners_do_not(client, settings, db):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=open(os.devnull, "w"))
    User = get_user_model()
    client.force_login(User.objects.get(email="editor@example.org"))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200
    client.force_login(User.objects.get(email="learner@example.org"))
    assert client.get("/admin/").status_code == 302


def test_admin_user_screens_use_full_name_not_first_and_last(admin_client, home_page):
    html = admin_client.get("/admin/users/new/").content.decode()
    assert 'name="name"' in html and 'name="email"' in html
    assert 'name="first_name"' not in html and 'name="username"' not in html
    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "new.person@example.org",
            "name": "Nguyễn Thị Minh Khai",
            "password1": "a-long-enough-pass-9",
            "password2": "a-long-enough-pass-9",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_user_model().objects.get(email="new.person@example.org").name == (
        "Nguyễn Thị Minh Khai"
    )


# The W3C vc-di-eddsa specification's example key: a test key, public by design.
TEST_SIGNING_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "camino.settings.production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "camino.example",
    "SITE_URL": "https://camino.example",
    "CREDENTIALS_SIGNING_KEY": TEST_SIGNING_KEY,
    "DATABASE_URL": "postgres://camino@127.0.0.1:5432/camino",
}


@pytest.mark.parametrize(
    "missing",
    ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "CREDENTIALS_SIGNING_KEY", "DATABASE_URL"],
)
def test_production_refuses_to_start_without_its_variables(missing):
    env = {**PRODUCTION, missing: ""}
    result = run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert f"The environment variable {missing} is not set" in result.stderr


@pytest.mark.parametrize(
    "malformed",
    [
        "not-a-key",
        "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",  # a public key, not a secret one
        TEST_SIGNING_KEY[:-3],  # cut short
        "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjx0",  # 0 is not base58
    ],
)
def test_production_refuses_a_malformed_signing_key_naming_the_variable(malformed):
    result = run_python(
        "import django; django.setup()", **{**PRODUCTION, "CREDENTIALS_SIGNING_KEY": malformed}
    )
    assert result.returncode != 0
    assert "CREDENTIALS_SIGNING_KEY is not a valid Ed25519 key" in result.stderr


@pytest.mark.slow
def test_production_starts_with_a_valid_key_or_with_credentials_off():
    assert run_python("import django; django.setup()", **PRODUCTION).returncode == 0
    off = {**PRODUCTION, "CREDENTIALS_ENABLED": "false", "CREDENTIALS_SIGNING_KEY": ""}
    result = run_python("import django; django.setup()", **off)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_production_check_deploy_is_clean():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "camino.settings.production",
            "SECRET_KEY": "a-very-long-and-random-production-secret-" + "k9Q2x" * 8,
            "ALLOWED_HOSTS": "camino.example",
            "SITE_URL": "https://camino.example",
            "CREDENTIALS_SIGNING_KEY": TEST_SIGNING_KEY,
            "DATABASE_URL": "postgres://camino@127.0.0.1:5432/camino",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_every_python_package_is_listed_for_installation():
    """pyproject lists packages by hand (site/ is mapped to camino); a missing one would be
    absent from a built wheel."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    mapping = config["package-dir"]
    found = set()
    for name, folder in mapping.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            found.add(".".join([name, *relative.parts]))
    assert found == listed, f"unlisted: {found - listed}; stale: {listed - found}"


def test_vendored_nhsuk_css_is_current_and_asks_no_cdn():
    sys.path.insert(0, str(ROOT / "scripts"))
    import vendor_nhsuk_css

    shipped = vendor_nhsuk_css.target_file().read_text()
    assert shipped == vendor_nhsuk_css.stripped(vendor_nhsuk_css.source_file().read_text()), (
        "site/static/camino/css is out of date: run `make vendor-css`"
    )
    assert "assets.nhs.uk" not in shipped and "@font-face" not in shipped


def test_no_page_may_run_inline_script_not_even_the_admin(client, home_page, superuser):
    """Wagtail 8 still starts some admin widgets with inline script (Wagtail issue #1288);
    camino.admin_csp starts them from data, so the admin runs under script-src 'self' too.
    Only its inline styles are allowed, and only under /admin/."""

    def directives(response) -> dict[str, str]:
        policy = response["Content-Security-Policy"]
        return dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())

    public = directives(client.get("/"))
    client.force_login(superuser)
    admin = directives(client.get("/admin/"))
    assert public["script-src"] == admin["script-src"] == "'self'"
    assert public["style-src"] == "'self'"
    assert admin["style-src"] == "'self' 'unsafe-inline'"


def test_the_admin_asks_no_third_party_for_avatars(admin_client, home_page):
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar.com" not in html


def test_deleting_an_account_needs_the_password_again_and_takes_the_journal(
    client, learner, home_page
):
    from reflections.models import JournalEntry
    from reflections.services import entry_create

    entry_create(owner=learner, title="Private thoughts", body="<p>Mine</p>")
    client.post("/accounts/login/", {"login": learner.email, "password": "correct-horse-battery"})
    response = client.post("/accounts/delete/", {"confirm": ""})
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    # allauth replays the request after the password is confirmed: unticked, so refused.
    response = client.post(response["Location"], {"password": "correct-horse-battery"})
    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    assert JournalEntry.objects.filter(owner=learner).exists()
    response = client.post("/accounts/delete/", {"confirm": "yes"}, follow=True)
    assert "Your account and everything in it have been deleted" in response.content.decode()
    assert not JournalEntry.objects.filter(title="Private thoughts").exists()
    assert not type(learner).objects.filter(pk=learner.pk).exists()


def test_a_programme_admin_cannot_make_a_superuser(client, programme_admin, home_page):
    """Regression: Wagtail's user form let anyone who may add users tick "Administrator"."""
    client.force_login(programme_admin)

    response = client.post(
        "/admin/users/new/",
        {
            "email": "new.admin@example.org",
            "name": "Newly Made",
            "password1": "a-long-enough-pass-9",
            "password2": "a-long-enough-pass-9",
            "is_superuser": "on",
        },
    )

    assert response.status_code == 302
    made = get_user_model().objects.get(email="new.admin@example.org")
    assert made.is_superuser is False


def test_a_programme_admin_cannot_change_a_superusers_account(
    client, programme_admin, superuser, home_page
):
    """Regression: a programme admin could set a superuser's password and sign in as them."""
    client.force_login(programme_admin)
    url = f"/admin/users/edit/{superuser.pk}/"

    shown = client.get(url)
    changed = client.post(
        url,
        {
            "email": superuser.email,
            "name": "Sue Super",
            "password1": "taken-over-password-9",
            "password2": "taken-over-password-9",
            "is_active": "on",
        },
    )

    assert (shown.status_code, shown["Location"]) == (302, "/admin/")
    assert (changed.status_code, changed["Location"]) == (302, "/admin/")
    superuser.refresh_from_db()
    assert superuser.check_password("correct-horse-battery")


def test_a_superuser_still_manages_superusers(client, superuser, home_page):
    client.force_login(superuser)

    response = client.post(
        "/admin/users/new/",
        {
            "email": "second.root@example.org",
            "name": "Second Root",
            "password1": "a-long-enough-pass-9",
            "password2": "a-long-enough-pass-9",
            "is_superuser": "on",
        },
    )

    assert response.status_code == 302
    assert get_user_model().objects.get(email="second.root@example.org").is_superuser


def test_a_programme_admin_cannot_deactivate_a_superuser(
    client, programme_admin, superuser, home_page
):
    """Regression: Wagtail's bulk "set active state" let a programme admin lock a superuser
    out."""
    client.force_login(programme_admin)

    response = client.post(
        f"/admin/bulk/camino/user/set_active_state/?next=/admin/users/&id={superuser.pk}",
        {"mark_as_active": "False"},
    )

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    superuser.refresh_from_db()
    assert superuser.is_active


def test_only_the_admins_preview_may_be_framed_and_only_by_the_admin(admin_client, home_page):
    """The page editor's preview panel frames …/preview/: that page alone may be framed, by
    this site alone; every other page refuses any frame."""

    def directives(response) -> dict:
        policy = response["Content-Security-Policy"]
        return dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())

    public = directives(admin_client.get("/"))
    editor = directives(admin_client.get(f"/admin/pages/{home_page.pk}/edit/"))
    preview = directives(admin_client.get(f"/admin/pages/{home_page.pk}/edit/preview/"))
    assert public["frame-ancestors"] == "'none'"
    assert "'self'" not in public["frame-src"]
    assert editor["frame-ancestors"] == "'none'"
    assert "'self'" in editor["frame-src"].split()
    assert preview["frame-ancestors"] == "'self'"


def test_public_pages_describe_themselves_for_search_results_and_link_previews(client, course):
    """Every page has a meta description: the page's own search description, else a course's
    or module's summary, else the home page's hero text, else the programme's tagline."""
    import re

    def description(path: str) -> str | None:
        html = client.get(path).content.decode()
        found = re.search(r'<meta name="description" content="([^"]*)">', html)
        return found.group(1) if found else None

    from camino.models import HomePage

    home = HomePage.objects.get()
    module = course.test_modules[0]
    assert description("/") == home.hero_text
    assert description(course.url) == course.summary
    assert description("/certificates/") == (
        "Leadership for personalised care, one small step at a time"
    )
    course.search_description = "A course for people who lead personalised care."
    course.save_revision().publish()
    assert description(course.url) == "A course for people who lead personalised care."
    assert module.summary
