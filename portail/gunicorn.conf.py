"""gunicorn for a 2-core server (the Procfile's web process): the opening morning of issue 15.

Chosen by measurement (scripts/bench_pages_publiques.py, README « Jour d'ouverture : pages
publiques en cache et serveur web »): 2 processes × 4 threads (gthread) against 4 sync
processes and 4 processes × 2 threads, in interleaved turns on this 2-core machine with
PostgreSQL: 2 × 4 tied with 4 × 2 on the cached public page and a parent's Accueil, was ahead
on the countdown, and ahead of sync on every page (numbers in the README).
Why: our requests mostly compute (templates, Argon2 at login), so one process per core uses
both cores (Python's GIL lets one thread compute at a time in a process), and the threads
overlap the waits on PostgreSQL (row locks of the capped days) and Redis. Sync workers hold
only 4 requests at once, a slow one (a login, a booking under locks) blocking its whole
process, and the waiting room needs a free thread to answer within 100 ms; 4 × 2 holds the
same 8 requests for twice the memory and twice the per-process caches. 8 requests in flight,
each with its own persistent database connection (CONN_MAX_AGE), well under PostgreSQL's 100.
WEB_CONCURRENCY and GUNICORN_THREADS override both without a code change.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request longer than this is a fault, not a slow page: the worker is restarted.
timeout = 30
graceful_timeout = 30
# Keep-alive behind the load balancer: a parent's next page reuses the connection.
keepalive = 5
# Recycle workers now and then (memory growth), with jitter so they never restart together.
# 20,000, not 2,000: a cached public page costs about 1 ms, so 2,000 requests went by in a few
# seconds of an opening morning and each restart (imports, connections, empty caches) fell in
# the middle of the rush (the 2,500-family benchmark saw it).
max_requests = 20_000
max_requests_jitter = 2_000
accesslog = "-"
