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
    # A ratio to the baseline this case should stay within (reported, never a pass/fail).
    max_ratio: float | None = None

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
    targets = _targets(measurements, by_name)
    if targets:
        print("\ntargets (reported against, not pass/fail: this machine may be shared)")
        for t in targets:
            print(f"  {'met   ' if t['met'] else 'MISSED'}  {t['case']}: {t['detail']}")
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    data = {
        "taken_at": stamp,
        "results": rows,
        "targets": targets,
        "raw": [asdict(m) for m in measurements],
    }
    (out_dir / f"bench-{stamp}.json").write_text(json.dumps(data, indent=2))
    (out_dir / "latest.json").write_text(json.dumps(data, indent=2))
    print(f"\nJSON: {out_dir / 'latest.json'}")
    return data


def _targets(measurements: list[Measurement], by_name: dict) -> list[dict]:
    """Each case with a ratio target, and each case that compares its growth with the growth
    of the data it shows (notes `time_growth` and `data_growth`)."""
    out = []
    for m in measurements:
        base = by_name.get(m.baseline) if m.baseline else None
        if m.max_ratio is not None and base is not None:
            ratio = m.median / base.median
            out.append(
                {
                    "case": m.name,
                    "met": ratio <= m.max_ratio,
                    "detail": f"{ratio:.2f}x the {m.baseline} (target within {m.max_ratio:g}x"
                    + (f"; over by {ratio / m.max_ratio - 1:.0%})" if ratio > m.max_ratio else ")"),
                }
            )
        if "time_growth" in m.notes and "data_growth" in m.notes:
            time_growth, data_growth = m.notes["time_growth"], m.notes["data_growth"]
            out.append(
                {
                    "case": m.name,
                    "met": time_growth <= data_growth,
                    "detail": f"time grew {time_growth:.1f}x while {m.notes['data']} grew "
                    f"{data_growth:g}x (target: no faster)",
                }
            )
    return out
