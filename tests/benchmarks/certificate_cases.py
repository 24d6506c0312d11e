"""Benchmark cases for certificates: 500 renders in one process (median time and resident
memory growth), and a stored-PDF download against a fresh render."""

import datetime
import logging
from decimal import Decimal
from pathlib import Path

from django.test import Client

from learning.certificates.models import Certificate
from learning.certificates.pdf import certificate_pdf_render, render_pdf
from tests.benchmarks.harness import Measurement, case, get_ok, time_calls

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
    renders = Measurement(
        "certificate PDF render (500 in one process)",
        samples,
        baseline="plain page (same body as module)",
        target="median well under 100 ms; RSS growth < 20 MiB",
        notes={"rss_growth_mib": round(growth, 1), "rss_after_mib": round(resident_mib(), 1)},
    )
    certificate = Certificate.objects.filter(status="valid").first()
    certificate_pdf_render(certificate=certificate)
    client = Client()
    stored = Measurement(
        "certificate PDF download (stored)",
        time_calls(get_ok(client, f"/certificates/{certificate.display_code}/pdf/"), repeat=50),
        baseline="certificate PDF render (500 in one process)",
        target="at least 20x faster than a render",
    )
    return [renders, stored, *_credential_measurements(certificate, client)]


def _credential_measurements(certificate, client) -> list[Measurement]:
    """Signing a credential (the part of issuing it that costs) against the PDF render it
    sits beside in the background; the stored status list and the verification page with
    its signature and status check, against a plain page."""
    from learning.certificates import credentials
    from learning.certificates.openbadges import dataintegrity

    credential = credentials.credential_for(certificate)
    unsigned = {k: v for k, v in credential.document.items() if k != "proof"}
    key, row = credentials.current_signing_key()
    method = credentials.verification_method(row)
    signing = Measurement(
        "credential signing (eddsa-rdfc-2022)",
        time_calls(lambda: dataintegrity.sign(unsigned, key, method), repeat=50, warmup=3),
        baseline="certificate PDF render (500 in one process)",
        target="less than the PDF render",
    )
    listed = Measurement(
        "status list (stored, served as is)",
        time_calls(get_ok(client, f"/credentials/status/{credential.status_list_id}/"), repeat=50),
        baseline="plain page (same body as module)",
        target="no slower than a plain page",
    )
    verification = Measurement(
        "verification page with the credential check",
        time_calls(get_ok(client, f"/certificates/{certificate.display_code}/"), repeat=20),
        baseline="plain page (same body as module)",
        target="within 2x of a plain page (the signature check is cached)",
    )
    return [signing, listed, verification]
