"""The fair waiting room of the opening morning (issue 15.5): when too many requests are in
flight, a new arrival gets a light French page « Salle d'attente » with its place in the queue
and an automatic refresh (a <meta http-equiv="refresh">, no JavaScript), and is let in by order
of arrival.

How it works:
- Every request that reaches a view is counted « en cours » while it runs. With Redis
  (SALLE_ATTENTE_REDIS_URL, REDIS_URL by default) the count is shared by every gunicorn process
  and instance: a sorted set of request ids scored by their start time, so that a request of a
  killed worker (never removed) stops counting after SALLE_ATTENTE_EXPIRATION_EN_COURS seconds.
  Without Redis, or while Redis does not answer, each process counts its own requests against
  its share of the limit (SALLE_ATTENTE_LIMITE_PROCESSUS) and says so once in its logs.
- An « admitted » family carries a signed cookie (no session read, no query) valid
  SALLE_ATTENTE_DUREE_ADMISSION seconds after its last page, renewed at most once a minute:
  it is never sent back to the waiting room, whatever the load. A POST (a booking, a login,
  a form) is never queued either: it is let through and counted, so nothing submitted is lost.
- A GET without that cookie, while the in-flight count is at the limit or others already wait,
  gets a ticket (a signed cookie; its order is a Redis sorted set, or a per-process dict) and
  the waiting page. At each refresh it is admitted when its place is among the free slots.
  A ticket not refreshed for SALLE_ATTENTE_ABANDON seconds (tab closed) leaves the queue.
- Never queued: static files and media, the admin, the bank's notifications and returns
  (/banque/…), health checks (SALLE_ATTENTE_EXEMPTIONS).

The waiting page is an HTTP 200, not a 503: nothing failed (the family holds its place), a
load balancer or proxy may replace a 503's body by its own error page (losing the position
and the refresh), and monitoring and the load benchmark count 5xx as failures. It carries
no-store, noindex and an `X-Salle-Attente` header (its position) for the benchmark.

Limits: the count is of requests, not of families; admission happens at a refresh, so a slot
freed between two refreshes stays empty until then; without Redis the order is fair within
one process only (a family's refreshes may reach another process: it then takes a new place
there). Any error of the waiting room lets the request through (logged), never a 500."""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

journal = logging.getLogger("portail.salle_attente")

COOKIE_ADMIS = "salle_attente_admis"
COOKIE_TICKET = "salle_attente_ticket"
SEL = "portail.salle_attente"
# Redis keys (the db of SALLE_ATTENTE_REDIS_URL).
CLE_EN_COURS = "salle_attente:en_cours"
CLE_FILE = "salle_attente:file"
CLE_VU = "salle_attente:vu"
CLE_SEQUENCE = "salle_attente:sequence"
# Retry Redis this long after it failed.
REESSAI_REDIS = 30.0


def reglage(nom: str, defaut):
    return getattr(settings, nom, defaut)


class RedisIndisponible(Exception):
    pass


class CompteurLocal:
    """Per-process count and queue (no Redis, or Redis down)."""

    def __init__(self) -> None:
        self.verrou = threading.Lock()
        self.en_cours = 0
        self.sequence = 0
        self.file: dict[str, tuple[int, float]] = {}  # ticket -> (order, last seen)

    def entrer(self) -> None:
        with self.verrou:
            self.en_cours += 1

    def sortir(self) -> None:
        with self.verrou:
            self.en_cours = max(0, self.en_cours - 1)

    def decider(self, ticket: str | None, limite: int, abandon: float) -> tuple[bool, int, str]:
        """(admitted, position 1.., ticket) for a GET without admission."""
        maintenant = time.monotonic()
        with self.verrou:
            for autre, (_, vu) in list(self.file.items()):
                if vu < maintenant - abandon:
                    del self.file[autre]
            libres = limite - self.en_cours
            if ticket not in self.file:
                if not self.file and libres > 0:
                    return True, 0, ""
                ticket = ticket or uuid.uuid4().hex
                self.sequence += 1
                self.file[ticket] = (self.sequence, maintenant)
            ordre = self.file[ticket][0]
            rang = sum(1 for o, _ in self.file.values() if o < ordre)
            if rang < libres:
                del self.file[ticket]
                return True, 0, ""
            self.file[ticket] = (ordre, maintenant)
            return False, rang + 1, ticket


# Marks a ticket to queue at the end (new) or refreshes its last-seen time; returns
# (admitted 0/1, rank 0..). KEYS: en_cours, file, vu, sequence.
# ARGV: ticket, now, abandon, limite, expiration of in-flight entries.
SCRIPT_DECIDER = """
local maintenant = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', maintenant - tonumber(ARGV[5]))
local abandonnes = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', maintenant - tonumber(ARGV[3]))
for _, t in ipairs(abandonnes) do
  redis.call('ZREM', KEYS[2], t)
  redis.call('ZREM', KEYS[3], t)
end
local libres = tonumber(ARGV[4]) - redis.call('ZCARD', KEYS[1])
local rang = redis.call('ZRANK', KEYS[2], ARGV[1])
if not rang then
  if redis.call('ZCARD', KEYS[2]) == 0 and libres > 0 then
    return {1, 0}
  end
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ARGV[1])
  rang = redis.call('ZRANK', KEYS[2], ARGV[1])
end
if rang < libres then
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  return {1, 0}
end
redis.call('ZADD', KEYS[3], maintenant, ARGV[1])
return {0, rang}
"""


class CompteurRedis:
    """The count and the queue shared by every process and instance."""

    def __init__(self, url: str) -> None:
        import redis

        self.erreurs = (redis.RedisError, OSError)
        # Short timeouts: a Redis that does not answer must not hold the request.
        self.client = redis.Redis.from_url(
            url, socket_timeout=0.25, socket_connect_timeout=0.25, retry_on_timeout=False
        )
        self.decider_script = self.client.register_script(SCRIPT_DECIDER)

    def entrer(self, expiration: float) -> str:
        membre = f"{os.getpid()}:{uuid.uuid4().hex}"
        try:
            # One round trip. Safety: the whole set vanishes if nothing enters for a while.
            envoi = self.client.pipeline(transaction=False)
            envoi.zadd(CLE_EN_COURS, {membre: time.time()})
            envoi.expire(CLE_EN_COURS, int(expiration) * 2)
            envoi.execute()
        except self.erreurs as erreur:
            raise RedisIndisponible from erreur
        return membre

    def sortir(self, membre: str) -> None:
        try:
            self.client.zrem(CLE_EN_COURS, membre)
        except self.erreurs as erreur:
            raise RedisIndisponible from erreur

    def decider(
        self, ticket: str | None, limite: int, abandon: float, expiration: float
    ) -> tuple[bool, int, str]:
        ticket = ticket or uuid.uuid4().hex
        try:
            admis, rang = self.decider_script(
                keys=[CLE_EN_COURS, CLE_FILE, CLE_VU, CLE_SEQUENCE],
                args=[ticket, time.time(), abandon, limite, expiration],
            )
        except self.erreurs as erreur:
            raise RedisIndisponible from erreur
        if admis:
            return True, 0, ""
        return False, int(rang) + 1, ticket


class SalleAttente:
    """The service: counts, decides, falls back to the process when Redis fails."""

    def __init__(self) -> None:
        self.local = CompteurLocal()
        url = reglage("SALLE_ATTENTE_REDIS_URL", None)
        if url is None:
            url = reglage("REDIS_URL", "")
        self.redis = CompteurRedis(url) if url else None
        self.redis_en_panne_depuis: float | None = None
        self.panne_signalee = False
        if self.redis is None:
            journal.info(
                "Salle d'attente : pas de Redis (REDIS_URL vide), elle fonctionne par processus."
            )

    # Redis health
    def redis_utilisable(self) -> bool:
        if self.redis is None:
            return False
        if self.redis_en_panne_depuis is None:
            return True
        if time.monotonic() - self.redis_en_panne_depuis > REESSAI_REDIS:
            self.redis_en_panne_depuis = None
            return True
        return False

    def redis_repond(self) -> None:
        if self.panne_signalee:
            self.panne_signalee = False
            journal.warning(
                "Salle d'attente : Redis répond à nouveau, la file est de nouveau commune."
            )

    def redis_en_panne(self) -> None:
        """Said once per outage (not at each retry, every REESSAI_REDIS seconds)."""
        if not self.panne_signalee:
            self.panne_signalee = True
            journal.warning(
                "Salle d'attente : Redis est injoignable, elle fonctionne par processus "
                "(limite de %s requêtes en cours par processus) jusqu'à son retour.",
                self.limite_processus(),
            )
        self.redis_en_panne_depuis = time.monotonic()

    # Settings
    def limite(self) -> int:
        return int(reglage("SALLE_ATTENTE_LIMITE", 6))

    def limite_processus(self) -> int:
        par_processus = reglage("SALLE_ATTENTE_LIMITE_PROCESSUS", None)
        if par_processus is not None:
            return int(par_processus)
        processus = int(os.environ.get("WEB_CONCURRENCY", "2"))
        return max(1, self.limite() // max(1, processus))

    def expiration(self) -> float:
        return float(reglage("SALLE_ATTENTE_EXPIRATION_EN_COURS", 60))

    def abandon(self) -> float:
        return float(reglage("SALLE_ATTENTE_ABANDON", 120))

    # Operations
    def entrer(self) -> str | None:
        """Count one request in flight; returns its Redis id (None: counted in the process)."""
        if self.redis_utilisable():
            try:
                membre = self.redis.entrer(self.expiration())
            except RedisIndisponible:
                self.redis_en_panne()
            else:
                self.redis_repond()
                return membre
        self.local.entrer()
        return None

    def sortir(self, membre: str | None) -> None:
        if membre is None:
            self.local.sortir()
            return
        try:
            self.redis.sortir(membre)
        except RedisIndisponible:
            self.redis_en_panne()  # the entry expires by itself

    def decider(self, ticket: str | None) -> tuple[bool, int, str]:
        if self.redis_utilisable():
            try:
                return self.redis.decider(ticket, self.limite(), self.abandon(), self.expiration())
            except RedisIndisponible:
                self.redis_en_panne()
        return self.local.decider(ticket, self.limite_processus(), self.abandon())


_service: SalleAttente | None = None
_verrou_service = threading.Lock()


def service() -> SalleAttente:
    """The process's one waiting room (every middleware instance shares its count)."""
    global _service
    if _service is not None:
        return _service
    with _verrou_service:
        if _service is None:
            _service = SalleAttente()
        return _service


def reinitialiser() -> None:
    """Forget the process's waiting room (tests: a new Redis URL, an empty local queue)."""
    global _service
    with _verrou_service:
        _service = None


def exempte(request: HttpRequest) -> bool:
    chemin = request.path_info
    prefixes = [
        settings.STATIC_URL,
        settings.MEDIA_URL,
        settings.PREFIXE_ADMINISTRATION,
        *reglage("SALLE_ATTENTE_EXEMPTIONS", ()),
    ]
    return any(p and p != "/" and chemin.startswith(p) for p in prefixes)


def rafraichissement(position: int) -> int:
    """Seconds between two refreshes: 5 near the front, up to 30 far behind, so that
    thousands of waiting tabs stay a small share of the traffic."""
    return min(30, 5 + position // 100)


class SalleAttenteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @property
    def service(self) -> SalleAttente:
        return service()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if reglage("SALLE_ATTENTE_LIMITE", 6) <= 0 or exempte(request):
            return self.get_response(request)
        try:
            attente = self.filtrer(request)
        except Exception:  # the waiting room never causes a 500
            journal.exception("Salle d'attente : erreur, requête laissée passer.")
            attente = None
        if attente is not None:
            return attente
        membre = self._entrer()
        try:
            response = self.get_response(request)
        finally:
            self._sortir(membre)
        self.marquer_admis(request, response)
        return response

    def _entrer(self):
        try:
            return self.service.entrer()
        except Exception:
            journal.exception("Salle d'attente : comptage impossible.")
            return False

    def _sortir(self, membre) -> None:
        if membre is False:
            return
        try:
            self.service.sortir(membre)
        except Exception:
            journal.exception("Salle d'attente : décompte impossible.")

    def filtrer(self, request: HttpRequest) -> HttpResponse | None:
        """The waiting page, or None to let the request through."""
        if request.method not in ("GET", "HEAD") or self.emis_le(request) is not None:
            return None
        ticket = request.get_signed_cookie(COOKIE_TICKET, default=None, salt=SEL)
        admis, position, ticket = self.service.decider(ticket)
        if admis:
            request.salle_attente_admis = True
            return None
        return self.page(request, position, ticket)

    def emis_le(self, request: HttpRequest) -> int | None:
        """When the admission cookie was issued, or None without a valid one."""
        valeur = request.get_signed_cookie(
            COOKIE_ADMIS,
            default=None,
            salt=SEL,
            max_age=reglage("SALLE_ATTENTE_DUREE_ADMISSION", 20 * 60),
        )
        try:
            return int(valeur) if valeur is not None else None
        except ValueError:
            return None

    def marquer_admis(self, request: HttpRequest, response: HttpResponse) -> None:
        """Renew the admission cookie at most once a minute (no Set-Cookie on every page)."""
        emis = self.emis_le(request)
        maintenant = int(time.time())
        if emis is not None and maintenant - emis < 60:
            return
        response.set_signed_cookie(
            COOKIE_ADMIS,
            str(maintenant),
            salt=SEL,
            max_age=reglage("SALLE_ATTENTE_DUREE_ADMISSION", 20 * 60),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        if getattr(request, "salle_attente_admis", False) and COOKIE_TICKET in request.COOKIES:
            response.delete_cookie(COOKIE_TICKET, samesite="Lax")

    def page(self, request: HttpRequest, position: int, ticket: str) -> HttpResponse:
        delai = rafraichissement(position)
        contenu = loader.get_template("salle_attente.html").render(
            {"position": position, "delai": delai, "devant": position - 1}
        )
        response = HttpResponse(contenu, status=200)
        add_never_cache_headers(response)
        response["X-Salle-Attente"] = str(position)
        response["X-Robots-Tag"] = "noindex"
        response.set_signed_cookie(
            COOKIE_TICKET,
            ticket,
            salt=SEL,
            max_age=int(reglage("SALLE_ATTENTE_ABANDON", 120)) * 10,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response
