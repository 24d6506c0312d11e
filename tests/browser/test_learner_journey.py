"""The learner's journey, end to end, as a person uses the site: sign up, confirm the email,
join the cohort by its link, take the baseline self-assessment, work through the first module's
four stages by hand (Learn, Do, Reflect in the journal, back to Share and share with the
cohort), finish the course, arrive at the moment of completion, download the certificate and
open its verification page.

Along the way: the connection drops as the first reflection is saved, and the writing comes
back from this device; the course page, the progress bar and the framework coverage change as
modules are completed, with the expected numbers counted from the database, never hard-coded.

Every page is photographed (test-artifacts/screenshots/<test>/) and checked with axe-core, on a
desktop and on a 390 px wide phone.
"""

import json
import re
import shutil
import subprocess

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from camino.demo import demo_accounts_ensure, demo_home_ensure
from camino.notifications.services import emails_held
from cohorts.demo import demo_cohorts_ensure
from cohorts.models import Membership
from learning.certificates.models import Certificate
from learning.demo import demo_learning_ensure
from learning.models import (
    Capability,
    CoursePage,
    ModuleCompletion,
    ModulePage,
    Rating,
    SelfAssessment,
    StageCompletion,
)
from reflections.models import JournalEntry, Share
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import (
    CONFIRM_LINK,
    coverage_rows,
    expected_coverage,
    log_out,
    no_sideways_scroll,
    on_live_server,
)

pytestmark = [
    pytest.mark.browser,
    # live_server needs committed data; serialized_rollback brings back Wagtail's root page
    # (created by a migration) after another transactional test has flushed the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAME = "Zoë Ångström"
PASSWORD = "walking-makes-the-path-42"
LEVELS = ["Essential", "Proficient", "Strong", "Exemplary"]
TITLE = "Asking what matters first"
SENTENCE = "Maya rewrote the first line of the leaflet and the whole ward read it differently."
PRINTED_CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
# What Chromium reports when a page loads nothing because the network is down.
OFFLINE_ERROR = re.compile(r"ERR_INTERNET_DISCONNECTED|chrome-error://")


def _statuses(page) -> list[str]:
    """The course task list's statuses, in words, in order."""
    return [
        text.strip()
        for text in page.locator(".nhsuk-task-list .nhsuk-task-list__status").all_inner_texts()
    ]


def _progress_words(done: int, required: int) -> str:
    return (
        f"{done} of {required} required module{'s' if required != 1 else ''} completed "
        f"({round(100 * done / required)}%)"
    )


def _learn_and_do(page, note: str) -> None:
    """Each stage button leads to the next stage to do, its confirmation beside it."""
    page.get_by_role("button", name="Mark Learn as done").click()
    page.wait_for_url(re.compile(r"#stage-do$"))
    expect(page.locator("#stage-do")).to_contain_text("Learn marked as done.")
    expect(page.locator("#stage-learn-heading")).to_contain_text("Done")
    page.get_by_label("What did you do? (optional)").fill(note)
    page.get_by_role("button", name="Mark Do as done").click()
    page.wait_for_url(re.compile(r"#stage-reflect$"))
    expect(page.locator("#stage-reflect")).to_contain_text("Do marked as done.")
    expect(page.locator("#stage-do")).to_contain_text(note)


def _saved_back_at_share(page, module: ModulePage, also: str = "") -> None:
    """Saving the reflection comes back to the module's Share stage, with the message there."""
    page.wait_for_url(re.compile(re.escape(module.url) + "#stage-share$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
    expect(page.locator("#stage-share .nhsuk-notification-banner--success")).to_contain_text(
        f"Your reflection is saved in your journal. Reflect is done. Module complete.{also}"
    )


def _open_reflection_form(page, module: ModulePage):
    page.get_by_role("link", name="Write your reflection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write your reflection")
    # The journal's script swaps the plain textarea for an editor with a toolbar: wait for it,
    # or the textarea it hides could be picked up on a slow machine.
    expect(page.get_by_role("toolbar", name="Formatting")).to_be_visible()
    editor = page.get_by_role("textbox", name="Your reflection")
    expect(editor).to_have_attribute("contenteditable", "true")
    expect(editor).to_contain_text(module.reflect_prompts[0].value)
    return editor


def _answer(page, editor, text: str) -> None:
    """Write under the last prompt, on a line of its own, as a person would."""
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text)
    expect(editor).to_contain_text(text)


@pytest.mark.skipif(not (PDFTOTEXT and PDFTOPPM), reason="poppler-utils (pdftotext) missing")
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_learner_signs_up_joins_works_through_the_course_and_earns_a_certificate(
    page, person, live_server, mailoutbox, shoot, console_errors, viewport, settings
):
    # Links in emails and the address printed on the certificate point at the live server.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    with emails_held():  # as `load_demo_data` does: the demo's history emails nobody
        demo_home_ensure()
        accounts = demo_accounts_ensure()
        demo_learning_ensure(accounts=accounts)
        cohort = demo_cohorts_ensure(accounts=accounts)
    course = CoursePage.objects.get(pk=cohort.course_id)
    framework = course.framework
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    required = [m for m in modules if m.is_required]
    assert len(modules) >= 3 and course.awards_certificate and not course.share_required
    first, last = modules[0], modules[-1]
    email = f"zoe.{viewport['width']}@example.org"
    header = page.get_by_role("banner")
    success = page.locator(".nhsuk-notification-banner--success")

    # --- sign up and confirm the email -------------------------------------------------------
    page.goto(live_server.url + "/")
    expect(header.get_by_role("link", name="Log in")).to_be_visible()
    shoot(page, "home")
    header.get_by_role("link", name="Create an account").click()
    page.wait_for_url(re.compile(r"/accounts/signup/$"))
    signup = page.locator("form:has(input[name='password2'])")
    signup.locator("input[name='name']").fill(NAME)
    signup.locator("input[name='email']").fill(email)
    signup.locator("input[name='password1']").fill(PASSWORD)
    signup.locator("input[name='password2']").fill(PASSWORD)
    shoot(page, "sign-up-form")
    signup.locator('[type="submit"]').click()

    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("email", re.I))
    expect(page.locator("main")).to_contain_text(email)
    shoot(page, "check-your-email")
    # The live server is a thread of this process, so its email lands in this outbox.
    assert [message.to for message in mailoutbox] == [[email]]
    link = CONFIRM_LINK.search(mailoutbox[0].body)
    assert link, f"no confirmation link in the email:\n{mailoutbox[0].body}"
    page.goto(on_live_server(link.group(0), live_server))
    expect(page.locator("main")).to_contain_text(email)
    shoot(page, "confirm-email")
    page.locator("form[action*='/accounts/confirm-email/'] [type='submit']").click()
    # Someone new lands on My learning, which shows them where to start.
    page.wait_for_url(live_server.url + "/dashboard/")
    expect(header).to_contain_text(NAME)
    assert EmailAddress.objects.get(email=email).verified
    learner = get_user_model().objects.get(email=email)
    assert learner.name == NAME
    shoot(page, "signed-in")

    # --- join the cohort by its link ---------------------------------------------------------
    page.goto(f"{live_server.url}/join/{cohort.join_code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(cohort.name)
    expect(page.locator("main")).to_contain_text(course.title)
    shoot(page, "join-page")
    page.get_by_role("button", name=f"Join {cohort.name}").click()
    page.wait_for_url(live_server.url + course.url)
    expect(success).to_contain_text(
        f"You have joined {cohort.name}. You are enrolled on {course.title}."
    )
    assert Membership.objects.filter(cohort=cohort, user=learner, ended_at=None).exists()
    assert _statuses(page) == ["Not started"] * len(modules)
    expect(page.locator(".camino-progress p")).to_have_text(_progress_words(0, len(required)))
    no_sideways_scroll(page)
    shoot(page, "course-joined")

    # --- the baseline self-assessment --------------------------------------------------------
    header.get_by_role("link", name="My learning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    before = coverage_rows(page)
    assert before == expected_coverage(framework, [])
    shoot(page, "dashboard-new")

    page.get_by_role("link", name="Take your baseline self-assessment").click()
    # One theme per step; the last capability of the first theme is "Not sure yet", which
    # is kept but left out of that theme's average.
    themes = [t for t in framework.themes.order_by("sort_order") if t.capabilities.exists()]
    chosen: dict[str, str] = {}
    for t, theme in enumerate(themes):
        expect(page.get_by_role("heading", level=1)).to_have_text(theme.name)
        expect(page.get_by_text(f"Step {t + 1} of {len(themes)}", exact=True)).to_be_visible()
        level = LEVELS[t % len(LEVELS)]  # each theme a different level, so averages are exact
        capabilities = list(theme.capabilities.order_by("sort_order"))
        for c, capability in enumerate(capabilities):
            group = page.get_by_role("group", name=f"{capability.code}: {capability.statement}")
            not_sure = t == 0 and c == len(capabilities) - 1 and c > 0
            group.get_by_label("Not sure yet" if not_sure else level, exact=True).check()
        chosen[theme.name] = f"{LEVELS.index(level) + 1}.0"
        expect(page.locator("input[type=radio]:checked")).to_have_count(len(capabilities))
        shoot(page, f"self-assessment-step-{t + 1}")
        final_step = t == len(themes) - 1
        page.get_by_role(
            "button", name="Save my self-assessment" if final_step else "Continue"
        ).click()
    page.wait_for_url(live_server.url + "/dashboard/")
    expect(success).to_contain_text("Your baseline self-assessment is saved.")
    ratings = page.get_by_role("table", name="Average rating by theme")
    for theme_name, average in chosen.items():
        row = ratings.locator("tr", has=page.get_by_role("rowheader", name=theme_name, exact=True))
        expect(row).to_contain_text(average)
    note = page.get_by_text("Answers of ‘Not sure yet’ are left out of the averages.")
    expect(note.first).to_be_visible()
    assessment = SelfAssessment.objects.get(user=learner, framework=framework)
    capability_count = Capability.objects.filter(theme__framework=framework).count()
    assert Rating.objects.filter(assessment=assessment).count() == capability_count
    assert Rating.objects.filter(assessment=assessment, level=None).count() == (
        1 if themes[0].capabilities.count() > 1 else 0
    )
    shoot(page, "dashboard-baseline-saved")

    # --- the first module, stage by stage ----------------------------------------------------
    page.get_by_role("link", name=first.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    expect(page.get_by_text(f"module 1 of {len(modules)}")).to_be_visible()
    shoot(page, "module-1")
    _learn_and_do(page, "Asked two people at the drop-in what matters to them first.")
    shoot(page, "module-1-learn-and-do-done")

    editor = _open_reflection_form(page, first)
    form_url = page.url
    page.get_by_label("Title").fill(TITLE)
    _answer(page, editor, SENTENCE)
    # While they type, the device keeps a copy.
    draft_key = f"camino-draft:new:{first.pk}:{learner.pk}"
    page.wait_for_function(
        "([key, text]) => (window.localStorage.getItem(key) || '').includes(text)",
        arg=[draft_key, SENTENCE],
    )
    shoot(page, "reflection-written")

    # The network drops as they press Save.
    page.context.set_offline(True)
    try:
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_url(re.compile(r"^chrome-error://"))
    except PlaywrightError as error:  # some Chromium builds raise on the failed navigation
        assert OFFLINE_ERROR.search(str(error)), error
    assert not JournalEntry.objects.filter(owner=learner).exists(), "nothing reached the server"
    # Chromium may log the failed POST (net::ERR_INTERNET_DISCONNECTED) as a console error, or
    # its offline error page may log something. That is what this step is about, so those lines,
    # and only those, are dropped; any other error still fails, as does any later error at all.
    unexpected = [line for line in console_errors if not OFFLINE_ERROR.search(line)]
    assert not unexpected, "errors other than the dropped connection:\n" + "\n".join(unexpected)
    console_errors.clear()
    shoot(page, "save-fails-offline")
    page.context.set_offline(False)

    # Back online, the form offers the writing back.
    page.goto(form_url)
    notice = page.locator("[data-draft-notice]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("You have unsaved writing from")
    expect(editor).not_to_contain_text(SENTENCE)
    expect(page.get_by_label("Title")).not_to_have_value(TITLE)
    shoot(page, "draft-notice")
    notice.get_by_role("button", name="Put it back in the form").click()
    expect(notice).to_be_hidden()
    expect(editor).to_contain_text(SENTENCE)
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    page.get_by_role("button", name="Save", exact=True).click()

    # Learn, Do and Reflect complete the module (Share is optional on this course): back to
    # its Share stage, to share the reflection or not.
    _saved_back_at_share(page, first)
    assert page.evaluate("key => window.localStorage.getItem(key)", draft_key) is None, (
        "the saved writing is still kept on the device"
    )
    entry = JournalEntry.objects.get(owner=learner, module=first)
    assert entry.title == TITLE and SENTENCE in entry.body
    shoot(page, "module-1-complete")

    # Share: the new reflection is offered first; the share page shows it, the cohort chosen.
    share_link = re.compile(r"^Share this reflection\s?: " + re.escape(TITLE) + "$")
    page.locator("#stage-share").get_by_role("link", name=share_link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share with a cohort")
    expect(page.get_by_role("region", name="What you will share")).to_contain_text(SENTENCE)
    expect(page.get_by_role("radio", name=cohort.name)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Let members of the cohort respond")).to_be_checked()
    shoot(page, "share-form")
    page.get_by_role("button", name="Share", exact=True).click()
    # All four stages done: on to the next module, the confirmation at its top.
    page.wait_for_url(live_server.url + modules[1].url)
    expect(success).to_contain_text(f"Shared with {cohort.name}.")
    share = Share.objects.get(entry=entry, cohort=cohort, withdrawn_at=None)
    assert share.responses_allowed
    shoot(page, "reflection-shared-next-module")

    page.goto(live_server.url + first.url)
    stages = page.get_by_role("navigation", name="Stages of this module")
    for n, stage in enumerate(["Learn", "Do", "Reflect", "Share"]):
        expect(stages.locator("li").nth(n)).to_contain_text(f"{n + 1}. {stage} Done")
    assert StageCompletion.objects.filter(user=learner, module=first).count() == 4
    shoot(page, "module-1-all-four-stages-done")

    page.goto(live_server.url + course.url)
    assert _statuses(page) == ["Completed"] + ["Not started"] * (len(modules) - 1)
    expect(page.locator(".camino-progress p")).to_have_text(_progress_words(1, len(required)))
    shoot(page, "course-one-module-done")
    header.get_by_role("link", name="My learning").click()
    after_first = coverage_rows(page)
    assert after_first == expected_coverage(framework, [first])
    assert after_first != before
    shoot(page, "dashboard-one-module-done")

    # --- the modules in between: Learn, Do and a short reflection each -----------------------
    # Through the same pages, faster: each module page and its reflection form is still
    # photographed and checked, as their content differs (stories, videos, documents).
    for module in modules[1:-1]:
        page.goto(live_server.url + module.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
        _learn_and_do(page, "Tried it with the team this week.")
        shoot(page, f"module-{modules.index(module) + 1}")
        editor = _open_reflection_form(page, module)
        _answer(page, editor, "It went better than I expected.")
        shoot(page, f"module-{modules.index(module) + 1}-reflection")
        page.get_by_role("button", name="Save", exact=True).click()
        _saved_back_at_share(page, module)
        # Not this time: on to the next module.
        page.locator("#stage-share").get_by_role("button", name="Not this time").click()
        expect(success).to_contain_text("You chose not to share this time.")
    assert not Certificate.objects.filter(user=learner).exists()

    # --- the last module completes the course ------------------------------------------------
    expect(page.get_by_role("heading", level=1)).to_have_text(last.title)
    _learn_and_do(page, "Held a 'what matters to you' conversation at the start of a review.")
    shoot(page, "last-module-learn-and-do-done")
    editor = _open_reflection_form(page, last)
    _answer(page, editor, "Six modules on, I ask first and plan second.")
    shoot(page, "last-reflection")
    page.get_by_role("button", name="Save", exact=True).click()
    _saved_back_at_share(page, last, also=f" You have finished {course.title}.")
    assert ModuleCompletion.objects.filter(user=learner, module__in=modules).count() == len(modules)
    shoot(page, "last-module-course-finished")

    # --- the moment of completion --------------------------------------------------------------
    completion_url = f"{live_server.url}/dashboard/courses/{course.pk}/complete/"
    page.locator("#stage-share").get_by_role(
        "link", name="See what you achieved and get your certificate"
    ).click()
    page.wait_for_url(completion_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"You have finished {course.title}")
    modules_row = page.locator(".nhsuk-summary-list__row", has_text="Modules completed")
    expect(modules_row.locator("dd")).to_have_text(str(len(modules)))
    written = page.locator(".nhsuk-summary-list__row", has_text="Reflections written")
    expect(written.locator("dd")).to_have_text(
        str(JournalEntry.objects.filter(owner=learner, course=course).count())
    )
    # The certificate is issued, and its PDF rendered by a background task when the completion
    # committed.
    certificate = Certificate.objects.get(user=learner)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.holder_name == NAME
    assert certificate.pdf, "the PDF was not rendered when the completion committed"
    card = page.locator("#certificate-panel")
    expect(card).to_contain_text("Valid")
    expect(card).to_contain_text(f"Awarded to {NAME}")
    expect(page.get_by_role("link", name="Rate yourself again")).to_be_visible()
    no_sideways_scroll(page)
    shoot(page, "completion-page")

    # My learning: every module completed, and a way back to that page.
    header.get_by_role("link", name="My learning").click()
    expect(page.locator(".camino-progress p").first).to_have_text(
        _progress_words(len(required), len(required))
    )
    assert coverage_rows(page) == expected_coverage(framework, modules)
    shoot(page, "dashboard-course-completed")
    page.get_by_role("link", name=re.compile(r"^See what you achieved")).first.click()
    page.wait_for_url(completion_url)
    download_link = card.get_by_role("link", name="Download your certificate (PDF)")
    download_link.evaluate("element => element.scrollIntoView({block: 'center'})")

    # --- the PDF: a PDF, with the learner's name and the code printed in it ------------------
    with page.expect_download() as downloading:
        download_link.click()
    download = downloading.value
    assert download.failure() is None
    pdf_path = shoot.folder / "certificate.pdf"
    download.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf_path), "-"], check=True, capture_output=True, text=True
    ).stdout
    printed = PRINTED_CODE.findall(text)
    assert printed, f"no certificate code in the PDF's text:\n{text}"
    code = printed[0]
    assert set(printed) == {code}, printed
    assert code == certificate.display_code
    assert download.suggested_filename == f"certificate-{code}.pdf"
    assert NAME in text, text
    assert course.title in text, text
    assert f"{live_server.url}/certificates/{code}/" in text, text
    # The first page as a picture, for people looking at the screenshots.
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", str(pdf_path)]
        + [str(shoot.folder / "certificate-page-1")],
        check=True,
    )

    # --- the verification page: from the link to share, and by the code typed carelessly -----
    share = card.get_by_label("Link to share with an employer")
    expect(share).to_have_value(f"{live_server.url}/certificates/{code}/")
    page.goto(share.input_value())
    expect(page.get_by_role("heading", level=1)).to_have_text("This certificate is valid")
    facts = page.locator(".nhsuk-summary-list")
    expect(facts).to_contain_text(NAME)
    expect(facts).to_contain_text(course.title)
    no_sideways_scroll(page)
    shoot(page, "verification-page")

    # --- the credential for a wallet, on her own certificate page ----------------------------
    wallet = page.locator("details", has_text="Add it to a digital wallet")
    wallet.locator("summary").click()
    expect(
        wallet.get_by_role("img", name="QR code for the link to your credential")
    ).to_be_visible()
    with page.expect_download() as credential_download:
        wallet.get_by_role("link", name="Download the credential (JSON file)").click()
    assert credential_download.value.suggested_filename == f"camino-credential-{code}.json"
    saved = shoot.folder / "credential.json"
    credential_download.value.save_as(saved)
    credential = json.loads(saved.read_text(encoding="utf-8"))
    assert "OpenBadgeCredential" in credential["type"]
    assert credential["credentialSubject"]["name"] == NAME
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    no_sideways_scroll(page)
    shoot(page, "add-it-to-a-wallet")

    employer = person("employer")
    employer.goto(live_server.url + "/")
    employer.get_by_role("contentinfo").get_by_role("link", name="Check a certificate").click()
    expect(employer.get_by_role("heading", level=1)).to_have_text("Check a certificate")
    employer.get_by_label("Certificate code").fill(code.lower().replace("-", " "))
    shoot(employer, "employer-checks-the-code")
    employer.get_by_role("button", name="Check certificate").click()
    employer.wait_for_url(f"{live_server.url}/certificates/{code}/")
    expect(employer.get_by_role("heading", level=1)).to_have_text("This certificate is valid")
    expect(employer.locator(".nhsuk-summary-list")).to_contain_text(NAME)
    expect(employer.locator("main")).to_contain_text(
        "We checked this certificate's digital credential"
    )
    expect(employer.locator("main")).to_contain_text("Its status list says it is not revoked")
    shoot(employer, "employer-sees-it-is-valid")

    # --- log out, and back in ----------------------------------------------------------------
    log_out(page)
    expect(header).not_to_contain_text(NAME)
    header.get_by_role("link", name="Log in").click()
    login = page.locator("form:has(input[name='password'])")
    login.locator("input[name='login']").fill(email)
    login.locator("input[name='password']").fill(PASSWORD)
    shoot(page, "log-in-form")
    login.locator('[type="submit"]').click()
    expect(header).to_contain_text(NAME)
    assert console_errors == []
