"""gunicorn's settings for Camino: `gunicorn camino.wsgi` reads this file from the working
directory (or pass `-c gunicorn.conf.py`). Every value can be changed from the environment,
so one image serves a small machine and a large one.

Workers are processes (Python runs one thread of Python code at a time per process), so the
default follows the cores: 2 per core plus 1. Each worker also runs GUNICORN_THREADS threads
(gthread worker), so a request waiting on the database or on Redis does not hold up the next
one, and keep-alive connections from a load balancer are reused.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A request that takes longer than this is stuck: the worker is restarted. The longest
# legitimate request is a journal PDF of several hundred entries.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Longer than a load balancer's idle timeout (60 s on most), so the balancer closes first.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))

# Workers are replaced after this many requests (give or take the jitter, so they do not all
# restart at once), which bounds any slow growth in memory (WeasyPrint's font caches).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200

# Logs to the console, for the platform to collect; the address is the person's when a
# trusted proxy set X-Forwarded-For.
accesslog = "-"
errorlog = "-"
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files in memory, not on a disk that might stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
