"""gunicorn for a 2-core server (the Procfile's web process): the opening morning of issue 15.

Workers: 2 processes, one per core (gunicorn's 2×cores+1 rule assumes requests that mostly wait;
ours mostly compute — templates, Argon2 at login — so more processes only add memory and context
switches). Threads: 4 per process (gthread), because a booking request also waits on PostgreSQL
(row locks of the capped days) and on Redis: while one thread waits, another renders. 8 requests
in flight in all, each with its own persistent database connection (CONN_MAX_AGE), well under
PostgreSQL's 100. Not yet chosen by a load measurement (the Locust scenario of issue 15.1 is to
confirm it): WEB_CONCURRENCY and GUNICORN_THREADS override both without a code change.
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
# Not during the opening morning: its waiting-room refreshes alone are thousands of requests a
# minute, and at 2,000 each worker restarted every 90 s of the rush, each restart stalling
# requests for ~10 s (load benchmark, README « salle d'attente »: waiting page p95 393 ms with
# recycling, 191 ms without, 300 families).
max_requests = 50000
max_requests_jitter = 5000
accesslog = "-"
