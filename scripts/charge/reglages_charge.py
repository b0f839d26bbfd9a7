"""Settings of the load benchmark's gunicorn: the production settings, with only what a
plain-HTTP run on 127.0.0.1 needs changed (no TLS in front: no HTTPS redirect, cookies not
marked Secure, no HSTS). Everything else — hashers, sessions and cache in Redis when REDIS_URL
is set, persistent connections with health checks, whitenoise, middleware — is production's.

CHARGE_STATIQUES=simples (the CI test only) serves static files without the collectstatic
manifest, to spare a collectstatic; the benchmark itself keeps production's storage.

CHARGE_CPU_DOSSIER (set by banc.py to the report's folder): MesureCPUMiddleware, outermost,
writes per request the CPU of the thread that ran it (time.thread_time(): the whole Django
stack, not gunicorn's own HTTP parsing and sending) and its wall time, with the scenario's page
label (its X-Charge-Page header) and whether it was the waiting room's page, to
cpu_serveur_<pid>.csv there (one file per gunicorn worker); rapport.py adds them up."""

import os
import threading
import time
import urllib.parse

from portail.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
if os.environ.get("CHARGE_STATIQUES") == "simples":
    STORAGES["staticfiles"] = {  # noqa: F405
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }

CPU_DOSSIER = os.environ.get("CHARGE_CPU_DOSSIER", "")
if CPU_DOSSIER:
    MIDDLEWARE = ["reglages_charge.MesureCPUMiddleware", *MIDDLEWARE]  # noqa: F405


class MesureCPUMiddleware:
    """One CSV line per request: page, waiting page (0/1), status, thread CPU ms, wall ms."""

    verrou = threading.Lock()
    fichier = None
    pid = None

    def __init__(self, get_response):
        self.get_response = get_response

    def ecrire(self, ligne: str) -> None:
        with self.verrou:
            cls = type(self)
            if cls.pid != os.getpid():  # opened in the worker, after gunicorn's fork
                chemin = os.path.join(CPU_DOSSIER, f"cpu_serveur_{os.getpid()}.csv")
                nouveau = not os.path.exists(chemin)
                cls.fichier = open(chemin, "a", buffering=1, encoding="utf-8")  # noqa: SIM115
                cls.pid = os.getpid()
                if nouveau:
                    cls.fichier.write("page,salle_attente,statut,cpu_ms,mur_ms\n")
            cls.fichier.write(ligne)

    def __call__(self, request):
        cpu, mur = time.thread_time(), time.perf_counter()
        reponse = self.get_response(request)
        cpu, mur = time.thread_time() - cpu, time.perf_counter() - mur
        page = urllib.parse.unquote(request.headers.get("X-Charge-Page", ""))
        page = page.replace('"', "'") or "(hors scénario)"
        attente = int(reponse.has_header("X-Salle-Attente"))
        self.ecrire(f'"{page}",{attente},{reponse.status_code},{cpu * 1000:.3f},{mur * 1000:.3f}\n')
        return reponse
