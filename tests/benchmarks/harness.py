"""Timing helpers and the report. Cases register with @case and return Measurements."""

from __future__ import annotations

import gc
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

CASES: list[Callable] = []


def case(fn: Callable) -> Callable:
    CASES.append(fn)
    return fn


@dataclass
class Measurement:
    name: str
    samples_ms: list[float]
    baseline: str | None = None
    target: str = ""
    notes: dict = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def spread(self) -> float:
        """Interquartile range, in ms."""
        if len(self.samples_ms) < 4:
            return max(self.samples_ms) - min(self.samples_ms)
        q = statistics.quantiles(self.samples_ms, n=4)
        return q[2] - q[0]


def time_calls(fn: Callable[[], object], *, repeat: int = 25, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    gc.collect()
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def get_ok(client, url: str) -> Callable[[], object]:
    def fetch():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    return fetch


def report(measurements: list[Measurement], out_dir: Path) -> dict:
    by_name = {m.name: m for m in measurements}
    rows = []
    for m in measurements:
        base = by_name.get(m.baseline) if m.baseline else None
        ratio = m.median / base.median if base else None
        rows.append(
            {
                "case": m.name,
                "median_ms": round(m.median, 2),
                "iqr_ms": round(m.spread, 2),
                "samples": len(m.samples_ms),
                "baseline": m.baseline,
                "ratio": round(ratio, 2) if ratio is not None else None,
                "target": m.target,
                **({"notes": m.notes} if m.notes else {}),
            }
        )
    width = max(len(r["case"]) for r in rows)
    print()
    print(f"{'case':<{width}}  {'median ms':>9}  {'IQR ms':>7}  {'ratio':>6}  baseline / target")
    print("-" * (width + 60))
    for r in rows:
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else "—"
        extra = " / ".join(x for x in (r["baseline"] or "", r["target"]) if x)
        print(
            f"{r['case']:<{width}}  {r['median_ms']:>9.2f}  {r['iqr_ms']:>7.2f}  "
            f"{ratio:>6}  {extra}"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    data = {"taken_at": stamp, "results": rows, "raw": [asdict(m) for m in measurements]}
    (out_dir / f"bench-{stamp}.json").write_text(json.dumps(data, indent=2))
    (out_dir / "latest.json").write_text(json.dumps(data, indent=2))
    print(f"\nJSON: {out_dir / 'latest.json'}")
    return data
