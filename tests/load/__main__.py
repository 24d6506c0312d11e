"""`make load`: gunicorn on PostgreSQL under a headless Locust run, then a check that nothing
the server acknowledged was lost.

1. A throwaway PostgreSQL database (`camino_load`, dropped and made again; LOAD_DATABASE_URL
   names another), migrated, with the demo data and a cohort of 560 learners (tests/load/seed.py).
2. The production settings, as a deployment runs them: gunicorn with gunicorn.conf.py and 2
   workers, a `db_worker` for background tasks, static files collected for WhiteNoise, Redis as
   cache and session store when REDIS_URL is set (the database otherwise). The server sees
   the headers a TLS-terminating proxy sends, so HTTPS redirects and secure cookies stay on.
3. Locust on 127.0.0.1: the realistic mix (LOAD_SECONDS, default 60 s, at LOAD_USERS,
   default 50, people), then at saturation (no pauses) the plain Wagtail page and the module
   page with the same body, taking turns: BASELINE_ROUNDS (3) rounds of BASELINE_SECONDS (10 s)
   each.
4. The worker finishes the queue; every acknowledged stage completion and journal entry is
   looked up in the database.

Prints a report (requests/s, p50/p95/p99, errors per request type and phase; the module page's
throughput as a share of the plain page's; what was lost) and writes it as JSON under .load/.
Exits 1 when a request failed or an acknowledged write is missing; throughput is reported
against its target, never a pass/fail (the machine may be shared).
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / ".load"
PY = sys.executable
LOCUST = str(Path(PY).with_name("locust"))
GUNICORN = str(Path(PY).with_name("gunicorn"))


def log(message: str) -> None:
    print(f"[load] {message}", flush=True)


def settings_env(database_url: str, port: int) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "camino.settings.production",
        "SECRET_KEY": os.environ.get("LOAD_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "CREDENTIALS_SIGNING_KEY": os.environ.get("LOAD_CREDENTIALS_SIGNING_KEY")
        or subprocess.run(
            [PY, "manage.py", "credentials_key"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "camino.settings.dev"},
        ).stdout.strip(),
        "DATABASE_URL": database_url,
        "CAMINO_VAR_DIR": str(ROOT / "var" / "load"),
        # Nothing leaves the machine: emails (reminders, certificates) stay in memory.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def run(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=ROOT, env=env, text=True, capture_output=True, **kwargs)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"[load] failed: {' '.join(args)}")
    return result


def fresh_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1].split("?")[0]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def wait_healthy(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(  # noqa: S310 - our own server on 127.0.0.1
                base + "/healthz", headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"[load] the server at {base} did not become healthy")


def read_entries(prefix: Path) -> list[dict]:
    """Locust's own record of each request type: counts and a histogram of response times."""
    return json.loads(Path(f"{prefix}.json").read_text())


def merge(entries: list[dict]) -> dict[str, dict]:
    """Entries of the same request type from several runs, added together."""
    merged: dict[str, dict] = {}
    for entry in entries:
        into = merged.setdefault(
            entry["name"], {"requests": 0, "failures": 0, "total_ms": 0.0, "times": Counter()}
        )
        into["requests"] += entry["num_requests"]
        into["failures"] += entry["num_failures"]
        into["total_ms"] += entry["total_response_time"]
        into["times"].update({int(float(ms)): n for ms, n in entry["response_times"].items()})
    return merged


def percentile(times: Counter, share: float) -> float | None:
    count = sum(times.values())
    if not count:
        return None
    seen = 0
    for ms in sorted(times):
        seen += times[ms]
        if seen >= share * count:
            return float(ms)
    return float(max(times))


def stats_rows(entries: list[dict], seconds: float) -> list[dict]:
    merged = merge(entries)
    everything = {"requests": 0, "failures": 0, "total_ms": 0.0, "times": Counter()}
    for m in merged.values():
        everything["requests"] += m["requests"]
        everything["failures"] += m["failures"]
        everything["total_ms"] += m["total_ms"]
        everything["times"].update(m["times"])
    rows = []
    for name, m in [*sorted(merged.items()), ("all requests", everything)]:
        rows.append(
            {
                "name": name,
                "requests": m["requests"],
                "failures": m["failures"],
                "rps": round(m["requests"] / seconds, 2),
                "p50_ms": percentile(m["times"], 0.50),
                "p95_ms": percentile(m["times"], 0.95),
                "p99_ms": percentile(m["times"], 0.99),
                "mean_ms": round(m["total_ms"] / m["requests"], 1) if m["requests"] else None,
            }
        )
    return rows


def failures(prefix: Path) -> list[dict]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return [
            {"request": r["Name"], "error": r["Error"], "occurrences": int(r["Occurrences"])}
            for r in csv.DictReader(handle)
        ]


def locust_phase(
    phase: str, *, users: int, seconds: int, base: str, plan: Path, acks: Path, run: int = 1
) -> dict:
    prefix = OUT / f"{phase}-{run}"
    for suffix in (".json", "_stats.csv", "_failures.csv", "_stats_history.csv", "_exceptions.csv"):
        Path(f"{prefix}{suffix}").unlink(missing_ok=True)
    env = {
        **os.environ,
        "LOAD_PLAN": str(plan),
        "LOAD_PHASE": phase,
        "LOAD_ACKS": str(acks),
        "LOAD_ORIGIN": base.replace("http://", "https://"),
    }
    log(f"phase {phase!r}: {users} people for {seconds} s")
    subprocess.run(  # our own locustfile; it exits 1 when any request failed
        [
            LOCUST,
            "-f",
            str(ROOT / "tests" / "load" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(users // 2, 1)),
            "--run-time",
            f"{seconds}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--json-file",
            str(prefix),
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(OUT / f"{phase}-{run}.log").open("w"),
        check=False,
    )
    return {"entries": read_entries(prefix), "failures": failures(prefix), "seconds": seconds}


def combine(phase: str, runs: list[dict], users: int) -> dict:
    """One phase's report from one or more runs of it."""
    seconds = sum(r["seconds"] for r in runs)
    entries = [e for r in runs for e in r["entries"]]
    errors: dict[tuple, int] = {}
    for r in runs:
        for f in r["failures"]:
            key = (f["request"], f["error"])
            errors[key] = errors.get(key, 0) + f["occurrences"]
    return {
        "phase": phase,
        "users": users,
        "seconds": seconds,
        "runs": len(runs),
        "rows": stats_rows(entries, seconds),
        "failures": [{"request": r, "error": e, "occurrences": n} for (r, e), n in errors.items()],
    }


def print_phase(result: dict) -> None:
    rounds = f" in {result['runs']} rounds" if result["runs"] > 1 else ""
    print(f"\n{result['phase']}: {result['users']} people, {result['seconds']} s{rounds}")
    width = max(len(r["name"]) for r in result["rows"])
    print(
        f"  {'request':<{width}}  {'count':>6}  {'errors':>6}  {'req/s':>7}  "
        f"{'p50 ms':>7}  {'p95 ms':>7}  {'p99 ms':>7}"
    )
    for r in result["rows"]:
        print(
            f"  {r['name']:<{width}}  {r['requests']:>6}  {r['failures']:>6}  {r['rps']:>7.1f}  "
            f"{_fmt(r['p50_ms'])}  {_fmt(r['p95_ms'])}  {_fmt(r['p99_ms'])}"
        )
    for f in result["failures"][:10]:
        print(f"  ! {f['occurrences']} x {f['request']}: {f['error']}")


def _fmt(value: float | None) -> str:
    return f"{value:>7.0f}" if value is not None else f"{'—':>7}"


def total(result: dict) -> dict:
    return next(r for r in result["rows"] if r["name"] == "all requests")


def main() -> int:
    port = int(os.environ.get("LOAD_PORT", "8765"))
    users = int(os.environ.get("LOAD_USERS", "50"))
    seconds = int(os.environ.get("LOAD_SECONDS", "60"))
    baseline_seconds = int(os.environ.get("BASELINE_SECONDS", "10"))
    rounds = int(os.environ.get("BASELINE_ROUNDS", "3"))
    workers = os.environ.get("LOAD_WORKERS", "2")
    database_url = os.environ.get(
        "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/camino_load"
    )
    base = f"http://127.0.0.1:{port}"
    OUT.mkdir(exist_ok=True)
    (ROOT / "var" / "load").mkdir(parents=True, exist_ok=True)
    env = settings_env(database_url, port)

    if database_url.startswith("postgres://postgres@127.0.0.1:5432/"):
        run(["bash", "scripts/postgres-ensure.sh", "postgres"], env=os.environ.copy())
    log(
        f"database {database_url} (made afresh); cache: "
        + ("Redis at " + env["REDIS_URL"] if env.get("REDIS_URL") else "the database")
    )
    fresh_database(database_url)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PY, "manage.py", "createcachetable"], env)
    run([PY, "manage.py", "sync_roles", "-v0"], env)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    plan = OUT / "plan.json"
    log(run([PY, "-m", "tests.load.seed", "--out", str(plan)], env).stdout.strip())

    acks = OUT / "acks.jsonl"
    acks.write_text("")
    server_log = (OUT / "server.log").open("w")
    config = ROOT / "gunicorn.conf.py"
    server = subprocess.Popen(
        [
            GUNICORN,
            "camino.wsgi",
            *(["-c", str(config)] if config.exists() else []),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            workers,
        ],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [PY, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_healthy(base)
        started = datetime.datetime.now(datetime.UTC).isoformat()
        log(f"gunicorn ({workers} workers) and a db_worker are up at {base}")
        mix = combine(
            "mix",
            [locust_phase("mix", users=users, seconds=seconds, base=base, plan=plan, acks=acks)],
            users,
        )
        # The two baselines take turns, so a change in what else the machine is doing
        # during the run falls on both alike.
        baseline_runs: dict[str, list[dict]] = {"plain": [], "module": []}
        for n in range(1, rounds + 1):
            for phase in ("plain", "module"):
                baseline_runs[phase].append(
                    locust_phase(
                        phase,
                        users=users,
                        seconds=baseline_seconds,
                        base=base,
                        plan=plan,
                        acks=acks,
                        run=n,
                    )
                )
        plain = combine("plain", baseline_runs["plain"], users)
        module = combine("module", baseline_runs["module"], users)
    finally:
        server.send_signal(signal.SIGTERM)
        worker.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        worker.wait(timeout=60)
        server_log.close()

    log("the worker finishes what is still queued")
    run([PY, "manage.py", "db_worker", "--batch", "--no-startup-delay"], env)
    checked = json.loads(run([PY, "-m", "tests.load.verify", str(acks), started], env).stdout)

    print("\n=== make load ===")
    for result in (mix, plain, module):
        print_phase(result)
    plain_rps = total(plain)["rps"]
    module_rps = total(module)["rps"]
    share = module_rps / plain_rps if plain_rps else 0.0
    errors = sum(total(r)["failures"] for r in (mix, plain, module))
    print("\ntargets")
    print(f"  errors: {errors} (target 0)")
    print(
        f"  nothing lost: {checked['lost_count']} missing of "
        f"{checked['acknowledged']['stages']} stage completions and "
        f"{checked['acknowledged']['journal_entries']} journal entries acknowledged (target 0)"
    )
    print(
        f"  module page throughput: {module_rps:.1f} req/s = {share:.2f} x the plain page's "
        f"{plain_rps:.1f} req/s (target at least 0.5)"
    )
    print(
        f"  background: {checked['courses_completed']} courses completed, "
        f"{checked['certificates']} certificates ({checked['certificates_with_pdf']} with their "
        f"PDF), tasks {checked['background_tasks']}"
    )
    report = {
        "taken_at": time.strftime("%Y%m%d-%H%M%S"),
        "config": {
            "users": users,
            "seconds": seconds,
            "baseline_seconds": baseline_seconds,
            "baseline_rounds": rounds,
            "workers": workers,
            "redis": bool(env.get("REDIS_URL")),
        },
        "phases": [mix, plain, module],
        "module_vs_plain_throughput": round(share, 3),
        "errors": errors,
        "verify": checked,
    }
    (OUT / f"load-{report['taken_at']}.json").write_text(json.dumps(report, indent=2))
    (OUT / "latest.json").write_text(json.dumps(report, indent=2))
    print(f"\nJSON: {OUT / 'latest.json'}; server log: {OUT / 'server.log'}")
    return 1 if errors or checked["lost_count"] else 0


if __name__ == "__main__":
    sys.exit(main())
