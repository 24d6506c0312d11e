"""Demo data for the host site: the home page, the site and the demo accounts.

Everything here is idempotent: running it again updates what exists and creates what is
missing, so `make run` can call it on every start. Plugins add their own demo content through
the `register_demo_data` hook (a function taking the accounts dict), called after this.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Page, Site

from camino.models import HomePage, ProgrammeSettings
from camino.roles import CONTENT_EDITORS, PROGRAMME_ADMINS, roles_sync

DEMO_PASSWORD = "camino-demo"  # noqa: S105 - published in the README on purpose

DEMO_ACCOUNTS = [
    # email, full name, group (None for learners)
    ("learner@example.org", "Amara Okafor", None),
    ("learner2@example.org", "Siân Llŷr", None),
    ("facilitator@example.org", "Priya Natarajan", None),
    ("editor@example.org", "Tomasz Żółć", CONTENT_EDITORS),
    ("admin@example.org", "Morgan Ellis", PROGRAMME_ADMINS),
]

HOME_INTRODUCTION = (
    "<p>Camino is a learning programme for people who lead personalised care: NHS, council and "
    "voluntary-sector staff, and people with lived experience of services.</p>"
    "<p>Each module takes about an hour, split into short steps you can fit around your work. "
    "You learn an idea, try it in your own workplace or community, write about it in a private "
    "journal, and, if you want to, share what you learned with your cohort.</p>"
    "<h2>What you get</h2>"
    "<ul><li>practical modules mapped to the Leadership for Personalised Care framework</li>"
    "<li>a private reflective journal that only you can read</li>"
    "<li>a picture of how far you have travelled against the framework</li>"
    "<li>a certificate your employer can check online</li></ul>"
)


@transaction.atomic
def demo_home_ensure() -> HomePage:
    """Put a HomePage at the root of the default site, replacing Wagtail's placeholder."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        placeholder = (
            root.get_children()
            .exclude(content_type__model="homepage", content_type__app_label="camino")
            .filter(slug="home")
            .first()
        )
        if placeholder is not None:
            placeholder.slug = "welcome-placeholder"
            placeholder.save_revision().publish()
        home = HomePage(
            title="Home",
            slug="home",
            hero_heading="Lead personalised care, one small step at a time",
            hero_text=(
                "Free modules for people who lead health and social care: learn, try it at work, "
                "reflect in private, and share what you choose."
            ),
            introduction=HOME_INTRODUCTION,
            call_to_action_text="Start learning",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        if placeholder is not None:
            placeholder.delete()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Camino"
        )
    elif site.root_page_id != home.id:
        site.root_page = home
        site.site_name = "Camino"
        site.save()
    ProgrammeSettings.for_site(site)  # creates the settings row with its defaults
    return home


@transaction.atomic
def demo_accounts_ensure() -> dict:
    """The demo accounts of shared/DESIGN.md, verified, with password `camino-demo`."""
    groups = roles_sync()
    User = get_user_model()
    accounts = {}
    for email, name, group_name in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(email=email, defaults={"name": name})
        user.name = name
        user.is_active = True
        user.is_staff = group_name is not None  # shows the "Admin" link in the site header
        user.set_password(DEMO_PASSWORD)
        user.save()
        if group_name:
            user.groups.set([groups[group_name]])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        accounts[email] = user
    return accounts
