"""Timing helpers and the report. Cases register with @case and return Measurements.

A case and its baseline are sampled interleaved (`time_pair` / `interleaved`): both are warmed
up, then timed one after the other, A B A B ..., so a burst of load from elsewhere on the
machine lands on both halves of a pair. Each pair gives a ratio (case / baseline); the report
gives the median of those per-pair ratios and, as its spread, the interquartile band of the
per-pair ratios (the 25th to the 75th percentile; with fewer than four pairs, the min–max band).

A `Measurement` built the old way (its own `time_calls` samples and a baseline named by another
Measurement) still reports: its ratio is the ratio of the two medians, marked "not interleaved"
(`*` in the table, `"interleaved": false` in the JSON).
"""

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


def _iqr(values: list[float]) -> float:
    if len(values) < 4:
        return max(values) - min(values)
    q = statistics.quantiles(values, n=4)
    return q[2] - q[0]


def _band(values: list[float]) -> tuple[float, float]:
    """The 25th and 75th percentiles (min and max with fewer than four values)."""
    if len(values) < 4:
        return min(values), max(values)
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]


@dataclass
class Measurement:
    name: str
    samples_ms: list[float]
    baseline: str | None = None
    target: str = ""
    notes: dict = field(default_factory=dict)
    # A ratio to the baseline this case should stay within (reported, never a pass/fail).
    max_ratio: float | None = None
    # The baseline's samples taken interleaved with this case's (pair i is samples_ms[i] and
    # baseline_samples_ms[i]); None for a Measurement built the old way.
    baseline_samples_ms: list[float] | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def spread(self) -> float:
        """Interquartile range, in ms."""
        return _iqr(self.samples_ms)

    @property
    def interleaved(self) -> bool:
        return self.baseline_samples_ms is not None

    @property
    def pair_ratios(self) -> list[float]:
        if self.baseline_samples_ms is None:
            return []
        return [a / b for a, b in zip(self.samples_ms, self.baseline_samples_ms, strict=True)]

    @property
    def ratio(self) -> float | None:
        """The median of the per-pair ratios (None when not interleaved)."""
        return statistics.median(self.pair_ratios) if self.interleaved else None

    @property
    def ratio_band(self) -> tuple[float, float] | None:
        return _band(self.pair_ratios) if self.interleaved else None


def time_calls(fn: Callable[[], object], *, repeat: int = 25, warmup: int = 3) -> list[float]:
    """Samples of one callable on its own (not interleaved); kept for cases without a pair."""
    for _ in range(warmup):
        fn()
    samples = []
    gc.collect()
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def time_pair(
    fn: Callable[[], object],
    baseline_fn: Callable[[], object],
    *,
    repeat: int = 25,
    warmup: int = 3,
) -> tuple[list[float], list[float]]:
    """Samples of `fn` and `baseline_fn` taken interleaved, A B A B ..., after `warmup` calls
    of each (also interleaved). Returns (samples of fn, samples of baseline_fn), in ms."""
    for _ in range(warmup):
        fn()
        baseline_fn()
    samples, base_samples = [], []
    gc.collect()
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        middle = time.perf_counter()
        baseline_fn()
        end = time.perf_counter()
        samples.append((middle - start) * 1000)
        base_samples.append((end - middle) * 1000)
    return samples, base_samples


def interleaved(
    name: str,
    fn: Callable[[], object],
    *,
    baseline: str,
    baseline_fn: Callable[[], object],
    repeat: int = 25,
    warmup: int = 3,
    **kwargs,
) -> Measurement:
    """A Measurement of `fn` sampled pair by pair with `baseline_fn` (named `baseline`)."""
    samples, base_samples = time_pair(fn, baseline_fn, repeat=repeat, warmup=warmup)
    return Measurement(name, samples, baseline=baseline, baseline_samples_ms=base_samples, **kwargs)


def get_ok(client, url: str) -> Callable[[], object]:
    def fetch():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    return fetch


def ratio_of(m: Measurement, by_name: dict[str, Measurement]) -> tuple[float | None, bool]:
    """(ratio to the baseline, interleaved?): the median of the per-pair ratios, or for a
    Measurement built the old way the ratio of its median to its baseline Measurement's."""
    if m.interleaved:
        return m.ratio, True
    base = by_name.get(m.baseline) if m.baseline else None
    return (m.median / base.median if base else None), False


def report(measurements: list[Measurement], out_dir: Path) -> dict:
    by_name = {m.name: m for m in measurements}
    rows = []
    for m in measurements:
        ratio, paired = ratio_of(m, by_name)
        band = m.ratio_band
        base_median = (
            statistics.median(m.baseline_samples_ms)
            if m.baseline_samples_ms
            else (by_name[m.baseline].median if m.baseline in by_name else None)
        )
        rows.append(
            {
                "case": m.name,
                "median_ms": round(m.median, 2),
                "iqr_ms": round(m.spread, 2),
                "samples": len(m.samples_ms),
                "baseline": m.baseline,
                "baseline_median_ms": round(base_median, 2) if base_median is not None else None,
                "ratio": round(ratio, 2) if ratio is not None else None,
                "interleaved": paired if ratio is not None else None,
                # The per-pair ratios' interquartile band (min–max under four pairs).
                "ratio_band": [round(band[0], 2), round(band[1], 2)] if band else None,
                "target": m.target,
                **({"notes": m.notes} if m.notes else {}),
            }
        )
    width = max(len(r["case"]) for r in rows)
    print()
    print(
        f"{'case':<{width}}  {'median ms':>9}  {'IQR ms':>7}  {'base ms':>8}  {'ratio':>6}  "
        f"{'pair band':>11}  baseline / target"
    )
    print("-" * (width + 80))
    for r in rows:
        ratio = "—"
        if r["ratio"] is not None:
            ratio = f"{r['ratio']:.2f}x" + ("" if r["interleaved"] else "*")
        band = f"{r['ratio_band'][0]:.2f}–{r['ratio_band'][1]:.2f}" if r["ratio_band"] else ""
        base = f"{r['baseline_median_ms']:.2f}" if r["baseline_median_ms"] is not None else ""
        extra = " / ".join(x for x in (r["baseline"] or "", r["target"]) if x)
        print(
            f"{r['case']:<{width}}  {r['median_ms']:>9.2f}  {r['iqr_ms']:>7.2f}  {base:>8}  "
            f"{ratio:>7}  {band:>11}  {extra}"
        )
    print(
        "\nratio: the median of the per-pair ratios, case and baseline sampled A B A B ...; "
        "pair band: their interquartile range (min–max under four pairs); "
        "* ratio of medians, not interleaved"
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
        "method": "interleaved pairs: ratio = median of per-pair ratios, ratio_band = their "
        "interquartile range (min-max under four pairs); interleaved false = ratio of medians",
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
        ratio, paired = ratio_of(m, by_name)
        if m.max_ratio is not None and ratio is not None:
            how = "" if paired else ", ratio of medians, not interleaved"
            out.append(
                {
                    "case": m.name,
                    "met": ratio <= m.max_ratio,
                    "detail": f"{ratio:.2f}x the {m.baseline} (target within {m.max_ratio:g}x"
                    + how
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
