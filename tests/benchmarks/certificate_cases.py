"""Benchmark cases for certificates: 500 renders in one process (median time and resident
memory growth), and a stored-PDF download and a credential signing each sampled interleaved with
a fresh render; the status list and verification page interleaved with the plain page."""

import datetime
import logging
from decimal import Decimal
from pathlib import Path

from django.test import Client

from learning.certificates.models import Certificate
from learning.certificates.pdf import certificate_pdf_render, render_pdf
from tests.benchmarks.harness import Measurement, case, get_ok, interleaved, time_calls
from tests.benchmarks.learning_cases import PLAIN, plain_fetch

NAMES = [
    "Siân Llŷr",
    "Zoë Ångström",
    "Nguyễn Thị Minh Khai",
    "Łukasz Żółć",
    "Αλέξανδρος",
    "محمد",
    "José Álvarez-Ó'Brien",
]


def resident_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _fields(i: int) -> dict:
    return {
        "holder_name": NAMES[i % len(NAMES)],
        "course_title": "Leading personalised care: foundations",
        "completed_on": datetime.date(2026, 11, 17),
        "estimated_hours": Decimal("6"),
        "framework_name": "Leadership for Personalised Care",
        "themes": [
            {"name": "Being", "capabilities": [{"code": "B1"}, {"code": "B2"}]},
            {"name": "Relating and Communicating", "capabilities": [{"code": "R1"}]},
            {"name": "Leading and Visioning", "capabilities": [{"code": "L2"}]},
            {"name": "Delivering", "capabilities": [{"code": "D1"}]},
        ],
        "issuer": "Camino",
        "code": f"K7QF3MZ9{i:04d}".replace("0", "Q").replace("1", "J"),
    }


@case
def certificates(ctx) -> list[Measurement]:
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    render_pdf(fields=_fields(0), design={})  # fonts load once per process
    before = resident_mib()
    counter = iter(range(10_000))
    samples = time_calls(
        lambda: render_pdf(fields=_fields(next(counter)), design={}), repeat=500, warmup=5
    )
    growth = resident_mib() - before
    # Its target is absolute (ms and MiB), so it has no baseline and is not interleaved: a page
    # between renders would blur the memory growth it measures.
    renders = Measurement(
        "certificate PDF render (500 in one process)",
        samples,
        target="median well under 100 ms; RSS growth < 20 MiB",
        notes={"rss_growth_mib": round(growth, 1), "rss_after_mib": round(resident_mib(), 1)},
    )
    certificate = Certificate.objects.filter(status="valid").first()
    certificate_pdf_render(certificate=certificate)
    client = Client()
    render = _render_one()
    stored = interleaved(
        "certificate PDF download (stored)",
        get_ok(client, f"/certificates/{certificate.display_code}/pdf/"),
        baseline=RENDER,
        baseline_fn=render,
        repeat=50,
        target="at least 20x faster than a render",
    )
    return [renders, stored, *_credential_measurements(ctx, certificate, client, render)]


RENDER = "certificate PDF render"


def _render_one():
    counter = iter(range(10_000, 20_000))
    return lambda: render_pdf(fields=_fields(next(counter)), design={})


def _credential_measurements(ctx, certificate, client, render) -> list[Measurement]:
    """Signing a credential (the part of issuing it that costs) against the PDF render it
    sits beside in the background; the stored status list and the verification page with
    its signature and status check, against a plain page."""
    from learning.certificates import credentials
    from learning.certificates.openbadges import dataintegrity

    credential = credentials.credential_for(certificate)
    unsigned = {k: v for k, v in credential.document.items() if k != "proof"}
    key, row = credentials.current_signing_key()
    method = credentials.verification_method(row)
    plain = plain_fetch(ctx, client)
    signing = interleaved(
        "credential signing (eddsa-rdfc-2022)",
        lambda: dataintegrity.sign(unsigned, key, method),
        baseline=RENDER,
        baseline_fn=render,
        repeat=50,
        target="less than the PDF render",
    )
    listed = interleaved(
        "status list (stored, served as is)",
        get_ok(client, f"/credentials/status/{credential.status_list_id}/"),
        baseline=PLAIN,
        baseline_fn=plain,
        repeat=50,
        target="no slower than a plain page",
    )
    verification = interleaved(
        "verification page with the credential check",
        get_ok(client, f"/certificates/{certificate.display_code}/"),
        baseline=PLAIN,
        baseline_fn=plain,
        repeat=20,
        target="within 2x of a plain page (the signature check is cached)",
    )
    return [signing, listed, verification]
