"""The Wagtail admin's screens carry no script a browser would run inline (camino.admin_csp):
Wagtail's start-up calls for its pickers, choosers and inline panels are written as inert JSON
data instead. tests/browser/test_admin_csp.py checks in Chromium that the widgets still work."""

import re

import pytest

from learning.certificates.models import CertificateTemplate

# A <script> element that would run: no src, and not a JSON data block.
RUNNABLE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INIT = re.compile(r'<script type="application/json" data-camino-init="(\w+)">(.*?)</script>')


@pytest.fixture
def screens(course, cohort):
    module = course.test_modules[0]
    module.second_framework = course.framework
    module.save_revision().publish()
    design = CertificateTemplate.objects.create(name="Plain", issuer="Camino")
    return {
        "/admin/pages/": {"initDateChooser"},
        f"/admin/pages/{module.pk}/edit/": {"SnippetChooser", "initDateTimeChooser"},
        f"/admin/snippets/learning/framework/edit/{course.framework_id}/": {"InlinePanel"},
        f"/admin/snippets/certificates/certificatetemplate/edit/{design.pk}/": {"ImageChooser"},
        f"/admin/cohorts/edit/{cohort.pk}/": {"PageChooser", "initDateChooser"},
        "/admin/users/": {"initDateChooser"},
    }


def test_admin_screens_start_their_widgets_from_data_not_inline_script(client, superuser, screens):
    client.force_login(superuser)
    for url, widgets in screens.items():
        html = client.get(url).content.decode()

        assert not RUNNABLE.findall(html), (url, RUNNABLE.findall(html))
        started = {name for name, _ in INIT.findall(html)}
        assert widgets <= started, (url, started)


def test_the_data_cannot_close_its_script_element():
    """A chooser's data holds text from the database; "</script>" in it stays inert."""
    from camino.admin_csp import init_script

    html = str(init_script("PageChooser", "id_x", {"title": "</script><script>alert(1)"}))

    assert html.count("</script>") == 1
    assert "\\u003C/script\\u003E" in html
