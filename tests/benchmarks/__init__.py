"""`make bench`: in-process render timings, each reported as a ratio to a baseline measured
in the same run. Timings never go into pass/fail tests.

Method (harness.time_pair / harness.interleaved): a case and its baseline are both warmed up,
then sampled interleaved, one call of the case and one of the baseline, pair after pair
(A B A B ...). Each pair gives a ratio (case ms / baseline ms); the report gives the median of
those per-pair ratios and, as its spread, their interquartile band (25th to 75th percentile;
the min–max band when there are fewer than four pairs), next to the case's own median ms and
the baseline's median ms from the same pairs. A burst of load from elsewhere on a shared
machine lands on both halves of a pair, so the ratio holds still where the milliseconds do not.

Most pages' baseline is a plain Wagtail page with the same body as the bench module
(learning_cases.plain_fetch), fetched by the same signed-in client. A case comparing growth
between two data sizes is a pair too (the larger size against the smaller), except where both
sizes cannot exist at once (the audit trail: each size is paired with the plain page and the
growth is the ratio of the two ratios). A `Measurement` built the old way (`time_calls`
samples, a baseline named by another Measurement) still reports, as the ratio of the two
medians, marked "not interleaved" (`*` in the table, `"interleaved": false` in the JSON)."""
