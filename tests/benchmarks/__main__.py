"""Run every benchmark case once against a throwaway test database and print the report."""

import importlib
import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "camino.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
# Each plugin's cases, run in this order; later issues add theirs here.
CASE_MODULES = [
    "learning_cases",
    "cohort_cases",
    "journal_cases",
    "certificate_cases",
    "notification_cases",
    "evaluation_cases",
    "audit_cases",
    "export_cases",
]


def main() -> int:
    from django.conf import settings

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.CERTIFICATE_LOOKUPS_PER_MINUTE = 1_000_000  # the bench downloads one PDF many times
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from camino.demo import demo_accounts_ensure, demo_home_ensure
        from learning.demo import demo_learning_ensure
        from tests.benchmarks import harness

        chosen = [m for m in os.environ.get("BENCH_CASES", "").split(",") if m] or CASE_MODULES
        for module in ["learning_cases", *[m for m in chosen if m != "learning_cases"]]:
            importlib.import_module(f"tests.benchmarks.{module}")  # registers its cases

        home = demo_home_ensure()
        accounts = demo_accounts_ensure()
        demo_learning_ensure(accounts=accounts)
        from cohorts.demo import demo_cohorts_ensure
        from learning.certificates.demo import demo_certificates_ensure
        from reflections.demo import demo_journal_ensure

        demo_certificates_ensure(accounts=accounts)
        demo_cohorts_ensure(accounts=accounts)
        demo_journal_ensure(accounts=accounts)
        ctx = {"home": home, "accounts": accounts}
        measurements = []
        for run_case in harness.CASES:
            print(f"running {run_case.__name__} ...", flush=True)
            measurements.extend(run_case(ctx))
        harness.report(measurements, ROOT / ".bench")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
