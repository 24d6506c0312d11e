"""The Permissions-Policy header as Chromium reads it: every feature we list is one it knows
(an unknown one is logged as a console warning), what we switched off is off, and what the
site uses (the clipboard for Copy buttons, full screen for videos) is on."""

import pytest

from camino.demo import demo_home_ensure

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_chromium_understands_the_policy_and_applies_it(page, live_server, axe):
    demo_home_ensure()
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.goto(f"{live_server.url}/accounts/login/")
    axe.check(page, "login")
    assert not [m for m in messages if "Permissions-Policy" in m or "Feature Policy" in m]
    allowed = page.evaluate(
        """() => Object.fromEntries(
            ["camera", "microphone", "geolocation", "payment", "usb", "clipboard-write",
             "fullscreen"].map(f => [f, document.featurePolicy.allowsFeature(f)]))"""
    )
    assert allowed == {
        "camera": False,
        "microphone": False,
        "geolocation": False,
        "payment": False,
        "usb": False,
        "clipboard-write": True,
        "fullscreen": True,
    }
