"""`make bench`: in-process render timings, each reported as a ratio to a plain Wagtail page
with the same body measured in the same run. Timings never go into pass/fail tests."""
