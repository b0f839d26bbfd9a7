"""gunicorn for a 2-core server (the Procfile's web process): the opening morning of issue 15.

Workers: 2 processes, one per core (gunicorn's 2×cores+1 rule assumes requests that mostly wait;
ours mostly compute — templates, Argon2 at login — so more processes only add memory and context
switches). Threads: 16 per process (gthread), far more than the waiting room's limit of heavy
requests (SALLE_ATTENTE_LIMITE, 4): only those do heavy work, the other threads answer the
waiting page (about 1 ms of CPU) at once instead of queueing it in gunicorn behind them.
Measured with the load benchmark (300 families, limit 4, README « salle d'attente »): waiting
page p95 191 ms with 2 × 16 threads against 923 ms with 2 × 4, admitted requests p95 1.8 s
against 2.1 s, on a shared machine at load 16-18. 32 threads, each with its own persistent
database connection (CONN_MAX_AGE), stay under PostgreSQL's 100. WEB_CONCURRENCY and
GUNICORN_THREADS override both without a code change.
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
# Not during the opening morning: its waiting-room refreshes alone are thousands of requests a
# minute, and at 2,000 each worker restarted every 90 s of the rush, each restart stalling
# requests for ~10 s (load benchmark, README « salle d'attente »: waiting page p95 393 ms with
# recycling, 191 ms without, 300 families).
max_requests = 50000
max_requests_jitter = 5000
accesslog = "-"
