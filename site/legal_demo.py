# ruff: noqa: E501 - long lines of prose with [Operator to complete] gaps read better unbroken
"""The demo's legal pages: drafts in plain English that state what Camino really does, each
gap marked "[Operator to complete: …]" where only the organisation running it knows the answer
(who the controller is, how to reach them, their ICO registration, their lawful basis).

The facts come from the code: the retention periods from the RETENTION_* settings of the
shared contract (read here, so the notice says what the code does), the cookies from what the
site sets (tests/camino/test_legal.py walks sign-up, log-in and a form and fails if a cookie
is not named on the cookies page), the accessibility checks from tests/browser/.

`demo_legal_pages_ensure` creates a page only when it is missing: run again, it never
overwrites what an editor has written, and it only fills settings that are empty.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from camino.legal import LegalPage
from camino.models import HomePage, ProgrammeSettings

OPERATOR = "[Operator to complete: {}]"

# The retention schedule of the shared contract: (setting, default, what is kept).
RETENTION = {
    "RETENTION_INVITATIONS_DAYS": 90,
    "RETENTION_EXPORTS_DAYS": 7,
    "RETENTION_DATA_EXPORTS_DAYS": 7,
    "RETENTION_NOTIFICATIONS_DAYS": 365,
    "RETENTION_SESSIONS_DAYS": 90,
    "RETENTION_AUDIT_DAYS": 730,
    "RETENTION_FORM_TOKENS_DAYS": 2,
    "ACCOUNT_INACTIVE_DAYS": 730,
    "ACCOUNT_INACTIVE_GRACE_DAYS": 30,
}


def retention_days(name: str) -> int:
    """The period in force: the setting when there is one, else the contract's default."""
    return int(getattr(settings, name, RETENTION[name]))


def _operator(what: str) -> str:
    return f"<strong>{OPERATOR.format(what)}</strong>"


def _days(name: str) -> str:
    days = retention_days(name)
    return f"{days:,} day{'s' if days != 1 else ''}"


# --- privacy notice --------------------------------------------------------------------------


def privacy_body() -> list:
    return [
        (
            "text",
            "<h2>Who we are</h2>"
            f"<p>This learning programme is run by {_operator('the name of the organisation that runs this programme, the data controller')}. "
            f"Our address is {_operator('postal address')}. "
            f"We are registered with the Information Commissioner's Office (ICO) as a data controller, registration number {_operator('ICO registration number')}.</p>"
            f"<p>Our data protection officer is {_operator('name or role of your data protection officer, or say who is responsible for data protection if you do not need one')}. "
            f"You can contact them at {_operator('email address and postal address for data protection questions')}.</p>"
            "<p>This notice explains what we keep about you when you use this website, why, who "
            "can see it, how long we keep it, and your rights. It covers everyone who uses the "
            "site: learners, facilitators, content editors and programme administrators.</p>"
            "<h2>What we collect and why</h2>"
            "<h3>Your account</h3>"
            "<ul>"
            "<li>Your full name, as you want it on your certificate, and your email address: to "
            "sign you in, to put your name on your certificate and to email you.</li>"
            "<li>Your password, stored only in a scrambled form that cannot be turned back into "
            "the password. If you set up two-step verification, the secret your authenticator "
            "app uses and your recovery codes.</li>"
            "<li>A record of each time you sign in: when, the internet (IP) address and the "
            "kind of browser. You can see these under Account, Sessions, and sign out of any of "
            "them. They help you and us spot someone else using your account.</li>"
            "</ul>"
            "<h3>Your learning</h3>"
            "<ul>"
            "<li>The courses you start, the steps you complete and when, the items you tick on a "
            "module's Do checklist and the notes you add to it: to show your progress and "
            "what to do next.</li>"
            "<li>How you rate yourself against the leadership framework, each time you do it, "
            "and your answers to the follow-up questions we send 3 and 6 months after you "
            "finish a course: so you can see how far you have travelled.</li>"
            "<li>Your choices about who may use your ratings (see 'Who sees what').</li>"
            "<li>Your cohort: which cohorts you belong to, invitations sent to you, and reminders "
            "a facilitator sent you.</li>"
            "<li>Your certificates: your name, the course, the date, the hours and the parts of "
            "the framework it covers. Each certificate is also a digital credential that "
            "includes your name and a scrambled (salted and hashed) form of your email address, "
            "which lets an employer who already knows your address check it is yours.</li>"
            "</ul>"
            "<h3>Your journal</h3>"
            "<p>The reflections you write in your journal, any you choose to share with your "
            "cohort, and the comments and responses on shared reflections. What you write may "
            "say things about your health, your work or other people. Please do not name the "
            "people you support.</p>"
            "<h3>Messages and records</h3>"
            "<ul>"
            "<li>Notifications we show you on the site, and how you chose to hear about each "
            "kind (an email at once, one a day, or only on the site).</li>"
            "<li>A record of what staff do with your information, such as a facilitator opening "
            "your progress page or an administrator exporting a cohort's progress: who, what "
            "and when. It never contains what you wrote.</li>"
            f"<li>{_operator('what your hosting provider and web server record (for example, addresses of visitors in server logs) and how long those logs are kept')}</li>"
            "</ul>"
            "<p>We do not use advertising or tracking cookies, we do not use analytics that "
            "follow you, and we never sell your information. See our cookies page for the few "
            "cookies the site needs to work.</p>"
            "<h2>Our lawful basis</h2>"
            "<p>Data protection law says we must have a reason, called a lawful basis, for using "
            "your information.</p>"
            "<ul>"
            f"<li>To run your account, your learning, your journal and your certificates: {_operator('your lawful basis, usually public task (UK GDPR article 6(1)(e)) for an NHS body or council, or legitimate interests (article 6(1)(f)) for a charity or company; and, for journal writing that may contain health information, the condition you rely on under article 9')}.</li>"
            "<li>To let your cohort's facilitators see your self-assessment ratings, and to use "
            "your ratings and follow-up answers, without your name, in the programme's "
            "evaluation: your consent. Both are off until you turn them on, they are separate "
            "choices, and you can turn either off at any time on My learning.</li>"
            "<li>To keep a record of what staff do with your information: our legitimate "
            "interest in protecting your information and showing we have.</li>"
            "</ul>"
            "<h2>Who sees what</h2>"
            "<h3>Your journal</h3>"
            "<p><strong>A private journal entry can be read by you and nobody else.</strong> Not "
            "your facilitators, not the people who write the courses, not the programme's "
            "administrators: no page, search, export or administration screen on this site "
            "shows it to anyone but you.</p>"
            "<p>When you share an entry with your cohort, its members and facilitators can read "
            "it, and respond if you allow that, until you take it back. Taking it back, leaving "
            "the cohort or deleting the entry removes it from their view.</p>"
            f"<p>{_operator('who can reach the database and its backups outside the website (for example your hosting provider or IT team), and how that access is controlled and recorded')}</p>"
            "<h3>Everything else</h3>"
            "<ul>"
            "<li><strong>Facilitators of your cohort</strong> see your name, email address, "
            "progress (which steps you have done and when you were last active) and reminders "
            "they sent you. They see your self-assessment ratings only if you agree.</li>"
            "<li><strong>Other members of your cohort</strong> see your name and what you share "
            "with them.</li>"
            "<li><strong>Programme administrators</strong> manage accounts, cohorts and "
            "certificates, so they see your name, email address, cohorts, progress and "
            "certificates. Their evaluation reports show only numbers, and never a number that "
            "fewer than 5 people make up. Exports for evaluators include only people who "
            "agreed, under a random code, with no names or email addresses.</li>"
            "<li><strong>Content editors</strong> write the courses. They do not see learners' "
            "records.</li>"
            "<li><strong>Anyone you give a certificate's code to</strong>, such as an employer, "
            "can check it online and see your name, the course and the date.</li>"
            f"<li><strong>Companies that help us run the site</strong>: {_operator('list your processors, for example hosting, email delivery and backups, and where they keep data')}. They may use your information only to do that work for us.</li>"
            "</ul>"
            f"<p>{_operator('say whether any information is stored or accessed outside the UK, and the safeguards that apply; or say that it is not')}</p>"
            "<h2>How long we keep your information</h2>"
            "<p>Your account, journal, progress and self-assessments are kept until you delete "
            "them or your account. Some things are deleted sooner, automatically, every day:</p>"
            "<ul>"
            f"<li>Invitations to join a cohort: deleted {_days('RETENTION_INVITATIONS_DAYS')} after they were sent, whether or not they were used. If you joined, your membership stays.</li>"
            "<li>Journal PDFs made for you to download: deleted after 24 hours.</li>"
            f"<li>Exports made for the programme's evaluation: deleted after {_days('RETENTION_EXPORTS_DAYS')}.</li>"
            f"<li>Downloads of all your personal data (a ZIP file): deleted after {_days('RETENTION_DATA_EXPORTS_DAYS')}.</li>"
            f"<li>Notifications: deleted after {_days('RETENTION_NOTIFICATIONS_DAYS')}.</li>"
            f"<li>Sign-in sessions: expired sessions are cleared every day, and the record of where and when you signed in is deleted {_days('RETENTION_SESSIONS_DAYS')} after it was last used.</li>"
            f"<li>The record of what staff did with your information: deleted after {_days('RETENTION_AUDIT_DAYS')}.</li>"
            f"<li>Security tokens that stop a form being sent twice: deleted after {_days('RETENTION_FORM_TOKENS_DAYS')}.</li>"
            "</ul>"
            f"<p>If you do not sign in for {_days('ACCOUNT_INACTIVE_DAYS')}, we email you to say your account will be deleted. "
            f"If you do not sign in within {_days('ACCOUNT_INACTIVE_GRACE_DAYS')} of that email, we delete your account in the same way as if you had deleted it yourself. "
            "After that, only totals that cannot identify you remain.</p>"
            "<p>When you delete your account, your journal, shared reflections, comments, "
            "progress, self-assessments and cohort memberships are deleted with it. Certificates "
            "already issued can still be checked by anyone who has their code, because an "
            "employer may rely on them; ask us if you want a certificate withdrawn.</p>"
            f"<p>{_operator('how long your backups keep deleted information before it is overwritten')}</p>"
            "<h2>Your rights</h2>"
            "<p>You have the right to:</p>"
            "<ul>"
            "<li>get a copy of your information: you can download everything this site holds "
            "about you from your account, or ask us</li>"
            "<li>have wrong information corrected: you can change your name under Account until "
            "a certificate is issued in it, and after that ask us to correct it</li>"
            "<li>have your information deleted: you can delete your account yourself under "
            "Account</li>"
            "<li>withdraw your consent at any time, on My learning</li>"
            "<li>object to, or ask us to restrict, how we use your information</li>"
            "<li>take your information to another service, in a format a computer can read</li>"
            "</ul>"
            f"<p>To use any of these rights, contact {_operator('contact for data protection requests')}. We will reply within one month.</p>"
            "<h2>How to complain</h2>"
            f"<p>If you are unhappy with how we have used your information, please tell us first: {_operator('complaints contact')}.</p>"
            "<p>You can also complain to the Information Commissioner's Office (ICO), the UK's "
            "data protection regulator:</p>"
            "<ul>"
            '<li>website: <a href="https://ico.org.uk/make-a-complaint/">ico.org.uk/make-a-complaint</a></li>'
            "<li>helpline: 0303 123 1113</li>"
            "<li>post: Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, "
            "Cheshire, SK9 5AF</li>"
            "</ul>"
            "<h2>Changes to this notice</h2>"
            "<p>We will update this page when what we do with your information changes, and the "
            "date at the top shows when it last changed. If a change matters to you, we will "
            "tell you by email or when you next sign in.</p>",
        ),
    ]


# --- cookies ---------------------------------------------------------------------------------

# Every cookie the site sets (tests/camino/test_legal.py checks this list against what the
# site really sets, walking sign-up, log-in and a form).
COOKIES_EVERYONE = [
    {
        "name": "csrftoken",
        "purpose": (
            "Stops other websites sending forms to this site in your name (a security "
            "protection called a CSRF token)."
        ),
        "expires": "1 year",
    },
    {
        "name": "sessionid",
        "purpose": (
            "Keeps you signed in as you move from page to page, and remembers a few steps in "
            "progress, such as your answers while you rate yourself or the page you were going "
            "to before you signed in."
        ),
        "expires": (
            "When you close your browser or sign out; 2 weeks if you tick 'Remember me' when "
            "you sign in"
        ),
    },
    {
        "name": "messages",
        "purpose": (
            "Carries a short confirmation, such as 'Your name is saved', to the next page you see."
        ),
        "expires": "As soon as the message has been shown, or when you close your browser",
    },
]
COOKIES_STAFF = [
    {
        "name": "wagtail_sidebar_collapsed",
        "purpose": "Remembers whether you made the administration menu narrow.",
        "expires": "When you close your browser",
    },
]


def cookies_body() -> list:
    return [
        (
            "text",
            "<p>Cookies are small files saved on your phone, tablet or computer when you visit "
            "a website. This site uses only cookies that are strictly necessary for it to work, "
            "so the law does not require us to ask for your permission to use them. We do not "
            "use cookies for advertising, to measure how you use the site (analytics), or to "
            "track you on other websites.</p>",
        ),
        ("cookie_table", {"heading": "Cookies everyone gets", "cookies": COOKIES_EVERYONE}),
        (
            "cookie_table",
            {
                "heading": "Cookies for staff",
                "introduction": "People who write courses or run the programme also get this "
                "cookie in the administration area.",
                "cookies": COOKIES_STAFF,
            },
        ),
        (
            "text",
            "<h2>Other things saved on your device</h2>"
            "<p>While you write a journal entry, your browser keeps a copy of it on your "
            "device (in its local storage, not in a cookie), so that you do not lose your "
            "words if your connection drops or the page closes. The copy is deleted as soon "
            "as the entry is saved, or when you choose to discard it. It is not sent to us "
            "until you save the entry. Signing out does not delete an unsaved copy, so on a "
            "shared computer, save or discard what you were writing before you leave.</p>"
            "<p>The administration area keeps a few display choices, such as whether a side "
            "panel is open, on the staff member's device in the same way.</p>"
            "<h2>Videos from other websites</h2>"
            "<p>Some modules may show videos from YouTube (in its privacy-enhanced mode) or "
            "Vimeo. This site does not set cookies for them, but those services may save their "
            "own cookies or similar files on your device when you play a video. Each video has "
            "a written description, and a transcript where one is available, so you can learn "
            "without playing it.</p>"
            f"<p>{_operator('list the video services your courses use, with links to their cookie notices, or remove this section if your courses use none')}</p>"
            "<h2>Turning cookies off</h2>"
            "<p>You can block or delete cookies in your browser's settings. If you block the "
            "cookies in the first table, you will not be able to sign in or send forms on this "
            "site.</p>"
            f"<p>Questions about cookies: {_operator('contact email')}.</p>",
        ),
    ]


# --- accessibility statement (GOV.UK model) --------------------------------------------------


def accessibility_body() -> list:
    return [
        (
            "text",
            f"<p>This accessibility statement applies to {_operator('the address of this website, for example https://camino.example')}.</p>"
            f"<p>This website is run by {_operator('the name of the organisation that runs this programme')}. "
            "We want as many people as possible to be able to use this website. For example, "
            "that means you should be able to:</p>"
            "<ul>"
            "<li>change colours, contrast levels and fonts using your browser or device "
            "settings</li>"
            "<li>zoom in up to 300% without the text spilling off the screen</li>"
            "<li>use the whole website on a phone as well as on a computer</li>"
            "<li>navigate most of the website using just a keyboard</li>"
            "<li>navigate most of the website using speech recognition software</li>"
            "<li>listen to most of the website using a screen reader (including the most recent "
            "versions of JAWS, NVDA and VoiceOver)</li>"
            "</ul>"
            f"<p>{_operator('keep only the items above that your own testing confirms')}</p>"
            "<p>We have also made the website text as simple as possible to understand.</p>"
            '<p><a href="https://mcmw.abilitynet.org.uk/">AbilityNet</a> has advice on making '
            "your device easier to use if you have a disability.</p>"
            "<h2>How accessible this website is</h2>"
            "<p>We know some parts of this website are not fully accessible:</p>"
            "<ul>"
            "<li>in the administration area used by staff, the rich text editor, the date "
            "picker and one part of the page chooser have problems for screen reader and "
            "keyboard users (listed below)</li>"
            "<li>some videos may not have captions, and some documents that course writers "
            "upload may not be accessible</li>"
            "</ul>"
            "<h2>Feedback and contact information</h2>"
            "<p>If you need information on this website in a different format, like accessible "
            "PDF, large print, easy read, audio recording or braille:</p>"
            "<ul>"
            f"<li>email {_operator('accessibility contact email')}</li>"
            f"<li>call {_operator('phone number and opening hours, or remove this line')}</li>"
            "</ul>"
            f"<p>We'll consider your request and get back to you in {_operator('number')} working days.</p>"
            "<h2>Reporting accessibility problems with this website</h2>"
            "<p>We're always looking to improve the accessibility of this website. If you find "
            "any problems not listed on this page or think we're not meeting accessibility "
            f"requirements, contact {_operator('accessibility contact email')}. Tell us the "
            "address of the page, what you were trying to do, and the device and any assistive "
            "technology you were using.</p>"
            "<h2>Enforcement procedure</h2>"
            "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing "
            "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018 (the 'accessibility regulations'). If you're not happy with how "
            "we respond to your complaint, "
            '<a href="https://www.equalityadvisoryservice.com/">contact the Equality Advisory '
            "and Support Service (EASS)</a>.</p>"
            "<p>If you are in Northern Ireland and are not happy with how we respond to your "
            "complaint you can contact the "
            '<a href="https://www.equalityni.org/Home">Equality Commission for Northern '
            "Ireland</a>.</p>"
            "<h2>Technical information about this website's accessibility</h2>"
            f"<p>{_operator('the name of the organisation')} is committed to making its website "
            "accessible, in accordance with the Public Sector Bodies (Websites and Mobile "
            "Applications) (No. 2) Accessibility Regulations 2018.</p>"
            "<h3>Compliance status</h3>"
            "<p>This website is partially compliant with the "
            '<a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines '
            "version 2.2</a> AA standard, due to the non-compliances listed below.</p>"
            f"<p>{_operator('confirm this status after your own review; if your organisation is not a public sector body, say that you follow the same standard voluntarily')}</p>"
            "<h2>Non-accessible content</h2>"
            "<p>The content listed below is non-accessible for the following reasons.</p>"
            "<h3>Non-compliance with the accessibility regulations</h3>"
            "<p>These problems are in the administration area that staff use to write courses "
            "and run the programme. They come from Wagtail, the content management system the "
            "site is built on, and each is a known, open problem with Wagtail's makers (their "
            "issues 5325, 13121 and 14205).</p>"
            "<ul>"
            "<li>The rich text editor's writing area has no accessible name, so screen readers "
            "do not announce which field it is. This fails WCAG 2.2 success criterion 4.1.2 "
            "(name, role, value).</li>"
            "<li>The date and time picker has buttons with no accessible name, buttons smaller "
            "than 24 by 24 pixels, and days of other months in low-contrast text. This fails "
            "success criteria 4.1.2 (name, role, value), 2.5.8 (target size, minimum) and "
            "1.4.3 (contrast, minimum). You can type a date into the field instead.</li>"
            "<li>The page chooser shows the page whose children it lists in low-contrast text "
            "when that page cannot itself be chosen. This fails success criterion 1.4.3 "
            "(contrast, minimum).</li>"
            "<li>While a chooser window is open, the form behind it is not hidden from "
            "screen readers, so they can move into it.</li>"
            "</ul>"
            f"<p>{_operator('add any problems your own checks find, with the success criterion each fails and when you plan to fix it')}</p>"
            "<h3>Content that's not within the scope of the accessibility regulations</h3>"
            "<p>Videos from other websites published before 23 September 2020, and documents "
            "published before 23 September 2018 that are not needed to use the service, are "
            "outside the regulations. Course writers are asked to give every video a written "
            "description and a transcript.</p>"
            f"<p>{_operator('list any such content on your site, or remove this section')}</p>"
            "<h2>What we're doing to improve accessibility</h2>"
            "<p>Every change to Camino, the software this website runs on, is checked "
            "automatically before it is released (see below), and a change that fails the "
            "checks is not released. We follow the fixes for the problems in the administration area and "
            "take them as soon as they are available.</p>"
            f"<p>{_operator('your own plans and dates')}</p>"
            "<h2>Preparation of this accessibility statement</h2>"
            f"<p>This statement was prepared on {_operator('date')}. It was last reviewed on {_operator('date')}.</p>"
            f"<p>This website was last tested on {_operator('date')}. The test was carried out by {_operator('who carried out your own test, for example your team or an accessibility auditor')}.</p>"
            "<p>Camino's own checks run every time its code changes:</p>"
            "<ul>"
            "<li><strong>Automated checks.</strong> Journeys through the site in the Chromium "
            "browser (a learner signing up and earning a certificate, a facilitator following "
            "their cohort, a course writer publishing a module, an administrator revoking and "
            "reissuing a certificate, the programme's evaluation, and these legal pages) are "
            "run on a desktop-sized screen, 1280 pixels wide, and most of them also on a "
            "phone-sized screen, 390 pixels wide. Every page each journey shows is checked with the axe-core "
            "accessibility engine against the WCAG 2.0, 2.1 and 2.2 level A and AA rules. Any "
            "problem fails the check, except the problems in the administration area listed "
            "above.</li>"
            "<li><strong>Keyboard-only checks.</strong> A learner signs in and completes a "
            "whole module using only the keyboard. At every step the check confirms that focus "
            "is visible, on screen, moves forwards in reading order, and is never trapped.</li>"
            "<li><strong>Other checks.</strong> On a phone-sized screen, the checks confirm "
            "that pages do not scroll sideways and that each step lands on the next thing to "
            "do. A screenshot of every step is saved for people to review.</li>"
            "</ul>"
            f"<p>{_operator('automated checks cannot find every problem: describe the manual checks you carried out, for example with a screen reader (NVDA, VoiceOver), with speech recognition, at 400% zoom, and which pages you chose to test and why')}</p>",
        ),
    ]


# --- terms of use ----------------------------------------------------------------------------


def terms_body() -> list:
    return [
        (
            "text",
            "<h2>Who we are</h2>"
            f"<p>This website is run by {_operator('the name and address of the organisation that runs this programme')}. "
            "By creating an account or using the site you agree to these terms. Please read "
            "them with our privacy notice, which explains how we use your information.</p>"
            "<h2>Who can use this site</h2>"
            f"<p>{_operator('who the programme is for, for example staff of named organisations, people with lived experience invited by them, and any age limit')}</p>"
            "<h2>Your account</h2>"
            "<ul>"
            "<li>Use your real name: it is printed on your certificates.</li>"
            "<li>Keep your password to yourself, and turn on two-step verification if you can. "
            "Tell us at once if you think someone else has used your account.</li>"
            "<li>One account each. Do not sign in as someone else.</li>"
            "</ul>"
            "<h2>Your journal and what you share</h2>"
            "<p>Your journal is private to you. What you write stays yours; you give us only "
            "what we need to store it and show it to you, and to the people you choose to "
            "share it with.</p>"
            "<p>When you share a reflection or respond to someone else's:</p>"
            "<ul>"
            "<li>do not name or identify the people you support, their families or "
            "colleagues, or share anything you were told in confidence</li>"
            "<li>be kind and respectful; disagree with ideas, not people</li>"
            "<li>do not post anything unlawful, abusive, discriminatory or misleading, or "
            "anything that advertises</li>"
            "</ul>"
            "<p>Facilitators may hide a comment that breaks these rules, and tell its author "
            "why. We may suspend an account that keeps breaking them.</p>"
            "<h2>If you are worried about someone's safety</h2>"
            "<p>This site is not watched all the time and is not a way to raise a "
            "safeguarding concern or get urgent help. Follow your organisation's safeguarding "
            "procedures. In an emergency, call 999.</p>"
            f"<p>{_operator('who learners and facilitators should contact about a safeguarding concern arising from the programme')}</p>"
            "<h2>Course content</h2>"
            "<p>The courses are for learning and reflection. They are not clinical, legal or "
            "professional advice for a particular situation.</p>"
            f"<p>{_operator('who owns the course content and what people may do with it, for example a Creative Commons or Open Government Licence, and credit for material used with permission')}</p>"
            "<h2>Certificates</h2>"
            "<p>A certificate shows that you completed a course on this site. Anyone with its "
            "code can check it. We may withdraw a certificate issued by mistake or obtained "
            "unfairly, and a withdrawn certificate shows as withdrawn when checked.</p>"
            "<h2>Availability and changes</h2>"
            "<p>We try to keep the site available and your work safe, but we cannot promise "
            "the site will always be available or free of faults. We may change or stop "
            "courses. We will tell you by email before changes to these terms that affect "
            "you.</p>"
            "<h2>Ending your account</h2>"
            "<p>You can delete your account at any time under Account. We may close accounts "
            "that break these terms, and we delete accounts not used for a long time, as our "
            "privacy notice explains.</p>"
            "<h2>Law</h2>"
            f"<p>{_operator('the governing law, for example the law of England and Wales, and any limits of liability your legal advisers require')}</p>"
            "<h2>Contact us</h2>"
            f"<p>{_operator('contact email and postal address')}</p>",
        ),
    ]


# --- the pages -------------------------------------------------------------------------------

# (settings field, slug, title, summary, body)
DEMO_LEGAL_PAGES = [
    (
        "privacy_notice",
        "privacy",
        "Privacy notice",
        "What this programme keeps about you, why, who can see it, how long we keep it and "
        "your rights.",
        privacy_body,
    ),
    (
        "accessibility_statement",
        "accessibility",
        "Accessibility statement",
        "How accessible this website is, the problems we know about, and how to tell us about "
        "others.",
        accessibility_body,
    ),
    (
        "cookies_page",
        "cookies",
        "Cookies",
        "This site uses only the cookies it needs to work. Here is each one.",
        cookies_body,
    ),
    (
        "terms_of_use",
        "terms",
        "Terms of use",
        "The rules for using this website, your account and what you share.",
        terms_body,
    ),
]


@transaction.atomic
def demo_legal_pages_ensure(*, home: HomePage) -> dict[str, LegalPage]:
    """The four legal pages under the home page, published, chosen in the programme settings.
    A page that exists (by slug) is left as it is: an editor may have completed it."""
    pages = {}
    for field, slug, title, summary, body in DEMO_LEGAL_PAGES:
        page = LegalPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            page = LegalPage(title=title, slug=slug, summary=summary, body=body())
            home.add_child(instance=page)
            page.save_revision().publish()
        pages[field] = page
    for site in home.sites_rooted_here.all():
        programme = ProgrammeSettings.for_site(site)
        changed = False
        for field, page in pages.items():
            if getattr(programme, f"{field}_id") is None:
                setattr(programme, field, page)
                changed = True
        if changed:
            programme.save()
    return pages
