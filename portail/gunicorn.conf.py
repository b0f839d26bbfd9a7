"""gunicorn for a 2-core server (the Procfile's web process): the opening morning of issue 15.

Workers: 2 gthread processes, one per core. Measured (scripts/bench_pages_publiques.py, README
« Jour d'ouverture : pages publiques en cache et serveur web »): 2 processes × 4 threads against
4 sync processes and 4 processes × 2 threads, in interleaved turns on this 2-core machine with
PostgreSQL: 2 × 4 tied with 4 × 2 on the cached public page and a parent's Accueil, was ahead on
the countdown, and ahead of sync on every page. Why: our requests mostly compute (templates,
Argon2 at login), so one process per core uses both cores (the GIL lets one thread compute at a
time in a process), and threads overlap the waits on PostgreSQL and Redis; sync workers let one
slow request block a whole process.
Threads: 16 per process, far more than the waiting room's limit of heavy requests
(SALLE_ATTENTE_LIMITE, 4): only those do heavy work, the other threads answer the waiting page
(about 1 ms of CPU) at once instead of queueing it in gunicorn behind them. Measured with the
load benchmark (300 families, limit 4, README « salle d'attente »): waiting page p95 191 ms with
2 × 16 threads against 923 ms with 2 × 4, admitted requests p95 1.8 s against 2.1 s, on a shared
machine at load 16-18. 32 threads, each with its own persistent database connection
(CONN_MAX_AGE), stay under PostgreSQL's 100. WEB_CONCURRENCY and GUNICORN_THREADS override both
without a code change.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
# A request longer than this is a fault, not a slow page: the worker is restarted.
timeout = 30
graceful_timeout = 30
# Keep-alive behind the load balancer: a parent's next page reuses the connection.
keepalive = 5
# Recycle workers now and then (memory growth), with jitter so they never restart together.
# Not during the opening morning: its waiting-room refreshes and cached public pages (about
# 1 ms each) are thousands of requests a minute, and at 2,000 each worker restarted every 90 s of the rush, each restart stalling
# requests for ~10 s (load benchmark, README « salle d'attente »: waiting page p95 393 ms with
# recycling, 191 ms without, 300 families). 50,000 was still too few for 2,500 families: more
# than 130,000 requests in 25 minutes, each worker recycled once in the rush (README, banc de
# charge). 500,000 is beyond a whole opening morning.
max_requests = 500_000
max_requests_jitter = 50_000
accesslog = "-"
