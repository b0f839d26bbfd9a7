"""The fair waiting room of the opening morning (issue 15.5): when too many requests are in
flight, a new arrival gets a light French page « Salle d'attente » with its place in the queue
and an automatic refresh (a <meta http-equiv="refresh">, no JavaScript), and is let in by order
of arrival.

How it works:
- Every request that reaches a view is counted « en cours » while it runs. With Redis
  (SALLE_ATTENTE_REDIS_URL, REDIS_URL by default) the count is shared by every gunicorn process
  and instance: a sorted set of request ids scored by their start time, so that a request of a
  killed worker (never removed) stops counting after SALLE_ATTENTE_EXPIRATION_EN_COURS seconds.
  Without Redis each process counts its own requests against its share of the limit
  (SALLE_ATTENTE_LIMITE_PROCESSUS, else SALLE_ATTENTE_LIMITE // WEB_CONCURRENCY).
- A GET while the count is at SALLE_ATTENTE_LIMITE, or while others already wait, gets a
  ticket (a signed cookie) and the waiting page. One Lua script (or one lock without Redis)
  takes the ticket, ranks it and, when its rank is below the free slots, admits it and counts
  its request in flight in the same step: two refreshes can never take the same slot, and
  nobody gets in while someone who arrived earlier is still waiting for a slot.
- Work-conserving: with at least SALLE_ATTENTE_LIBRES_POUR_TOUS slots free (2 of 4 by
  default) the server has room for everyone, so any request comes in, a new arrival or a
  family refreshing far back in the queue. Admission happens only at a refresh: with the window
  alone, a queue formed by a burst let in at most FENETRE × 4 families every 2 s (16 a second)
  while 40 to 70 requests a second kept joining it — the 2,500-family run of 3 December
  (s24_base) had a queue of hundreds through the ten minutes before the opening, the machine
  half idle, and 233 families who arrived before the opening logged in after it. Order still
  holds whenever it matters: below that many free slots, only the window gets in.
- An admitted visitor gets a short pass (signed cookie, SALLE_ATTENTE_DUREE_ADMISSION seconds,
  not renewed): enough for its next few pages, then it queues again like anyone else — so the
  families who logged in before the opening and wait on the countdown are held back by the
  waiting room at the opening minute, instead of all coming in at once.
- No short pass for a page that says it waits for an opening (the countdown sets
  `request.salle_attente_sans_laissez_passer`, famille/reservations/views/acces.py), and a
  pass held is taken back there: a pass taken in the seconds before the opening let half the
  families in at once when it opened.
- A family that has started booking (the Réservations views set `request.reservation_commencee`
  through famille/reservations/views/acces.py) gets a pass renewed by each booking page
  (SALLE_ATTENTE_DUREE_RESERVATION after the last one): it is never sent back mid-booking.
  A POST (a booking, a login, a form) is never queued either: nothing submitted is lost.
- The waiting page's refresh delay follows the expected wait: the families ahead divided by
  the measured rate at which the queue lets families in (admissions from the queue over the
  last minute), divided by RAFRAICHIR_PARTS, so a family refreshes a few times before its turn
  instead of every few seconds — 2 s near the head, at most RAFRAICHIR_MAX. Until a rate is
  measured (fewer than ADMISSIONS_MIN admissions, or over less than DUREE_MESURE_MIN s) the
  former rule applies (2 s, one more per 20 families ahead, at most 30 s). A delay is a quarter
  of the expected wait, so a family is never late for its turn unless the rate quadruples.
- A ticket not refreshed within twice its refresh delay plus a margin (tab closed) leaves the
  queue, so an abandoned head of the queue blocks the others for seconds (2 × 2 s + 10 s) —
  up to 2 × RAFRAICHIR_MAX + 10 s when it was abandoned far back and reached the head before
  its deadline.
- Never queued: static files and media, the admin, the bank's notifications and returns
  (/banque/…), health checks (SALLE_ATTENTE_EXEMPTIONS).
- Redis configured but down: the waiting room lets everything through (the portal keeps
  working without it) and says so once in the logs, until Redis answers again.

The waiting page is an HTTP 200, not a 503: nothing failed (the family holds its place), a
load balancer or proxy may replace a 503's body by its own error page (losing the position
and the refresh), and monitoring and the load benchmark count 5xx as failures. It carries
no-store, noindex and an `X-Salle-Attente` header (its position) for the benchmark.

Limits: the count is of requests, not of families; admission happens at a refresh, so a slot
freed between two refreshes stays empty until then (hence short refreshes near the head); the
rate is the last minute's: a sudden speed-up (more than RAFRAICHIR_PARTS times) brings a
family to the head before its refresh, and a slot waits for it;
without Redis each process admits within its own share of the limit, ranking families by the
arrival time written in their ticket (a family's refreshes may reach any process: it keeps its
rank in each), and a closed tab keeps its place if it comes back within the ticket's hour. The
waiting page needs a free gunicorn
thread to be answered at once: a warning at startup when the limit leaves none. Any error of
the waiting room lets the request through (logged), never a 500."""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

journal = logging.getLogger("portail.salle_attente")

COOKIE_ADMIS = "salle_attente_admis"
COOKIE_RESERVATION = "salle_attente_reservation"
COOKIE_TICKET = "salle_attente_ticket"
SEL = "portail.salle_attente"
# Redis keys (the db of SALLE_ATTENTE_REDIS_URL).
CLE_EN_COURS = "salle_attente:en_cours"
CLE_FILE = "salle_attente:file"
CLE_ECHEANCE = "salle_attente:echeance"
CLE_SEQUENCE = "salle_attente:sequence"
CLE_ADMISSIONS = "salle_attente:admissions"  # admissions from the queue: ticket -> time
# Retry Redis this long after it failed.
REESSAI_REDIS = 30.0
# Refresh delay of the waiting page: the expected wait (families ahead ÷ admission rate) divided
# by RAFRAICHIR_PARTS, between RAFRAICHIR_MIN and RAFRAICHIR_MAX s. The 2,500-family run
# (1.5 admissions/s, ~2,000 queued) made 94 waiting pages per confirmed family with the former
# rule; simulated (scripts/simulation_salle_attente.py), 2,000 families make 29 each on average
# instead of 64, and the last one 45 instead of 95, all let in as fast. Then 2 parts instead of
# 4 (a 2,500-family run still made 96,000 waiting pages): simulated, 25 to 41 % fewer waiting
# pages at 1.5, 4 and 8 admissions a second, the last family in at the same second, the same
# slot-seconds left idle.
RAFRAICHIR_MIN, RAFRAICHIR_MAX, RAFRAICHIR_PARTS = 2, 60, 2
# Without a measured rate: RAFRAICHIR_MIN s, one more per RAFRAICHIR_PAS families ahead, at most
# RAFRAICHIR_MAX_SANS_MESURE s (the former rule: more refreshes, never late).
RAFRAICHIR_PAS, RAFRAICHIR_MAX_SANS_MESURE = 20, 30
# The admission rate: admissions from the queue over the last FENETRE_ADMISSIONS s, measured once
# there are ADMISSIONS_MIN of them over DUREE_MESURE_MIN s at least (a burst of the first
# seconds would give a rate too low, hence delays too long: families late for their turn).
FENETRE_ADMISSIONS, ADMISSIONS_MIN, DUREE_MESURE_MIN = 60, 5, 10
# A ticket leaves the queue when not refreshed within 2 × its delay + this margin (s).
MARGE_ABANDON = 10
# Admission window: a free slot goes to whichever of the first FENETRE × (free slots) families
# refreshes first, not only to the first ones. Strictly in order (1), a slot stayed empty until
# the head's next refresh (2 s): with requests of a few tens of milliseconds, the queue let in
# about four families every two seconds while the server sat idle (2,500-family run: 1,000
# confirmations in the first five minutes, the machine three-quarters idle). Never more
# requests in flight than the limit: an admission still needs a free slot.
FENETRE = 8
# Free slots from which any request comes in (SALLE_ATTENTE_LIBRES_POUR_TOUS; 0: never).
LIBRES_POUR_TOUS = 2
# Without Redis: seconds after a missed refresh before a process forgets a waiting family (it
# keeps its rank: it is written in its ticket, CompteurLocal).
MARGE_LOCALE = 3
# The booking pass is renewed at most this often (no Set-Cookie on every page).
RENOUVELLEMENT_RESERVATION = 10


def reglage(nom: str, defaut):
    return getattr(settings, nom, defaut)


def rafraichissement(devant: int, debit: float | None = None) -> int:
    """Seconds between two refreshes of a family with `devant` families ahead of it, the queue
    letting in `debit` families a second (None: not measured yet): short near the head (a free
    slot is taken quickly), long far behind (thousands of waiting tabs stay a small share of
    the traffic). The Lua script SCRIPT_DECIDER computes the same."""
    if not debit:
        return min(RAFRAICHIR_MAX_SANS_MESURE, RAFRAICHIR_MIN + devant // RAFRAICHIR_PAS)
    attente = devant / debit
    return int(max(RAFRAICHIR_MIN, min(RAFRAICHIR_MAX, attente // RAFRAICHIR_PARTS)))


def debit_mesure(admissions: int, plus_ancienne: float | None, maintenant: float) -> float | None:
    """Families let in from the queue per second, from the admissions of the last
    FENETRE_ADMISSIONS s and the time of the oldest of them; None while too few to tell."""
    if admissions < ADMISSIONS_MIN or plus_ancienne is None:
        return None
    duree = maintenant - plus_ancienne
    if duree < DUREE_MESURE_MIN:
        return None
    return admissions / duree


def nouveau_membre() -> str:
    return f"{os.getpid()}:{uuid.uuid4().hex}"


def nouveau_ticket() -> str:
    """A queue ticket: the time of arrival, then a random part. Kept in a signed cookie (the
    family cannot move its arrival earlier): without Redis, every process ranks a family by it
    (CompteurLocal)."""
    return f"{time.time():.3f}:{uuid.uuid4().hex}"


def arrivee(ticket: str) -> float:
    """The arrival time written in a ticket (now for a ticket without one)."""
    try:
        return float(ticket.split(":", 1)[0])
    except ValueError:
        return time.time()


class RedisIndisponible(Exception):
    pass


class CompteurLocal:
    """Per-process count and queue (no Redis), ranked by the arrival time each ticket carries:
    a family's refreshes reach whichever gunicorn process takes the connection, and a queue
    ranked by each process's own order of arrival sent it to the back of the other process's
    queue each time (the 300-family SQLite benchmark: 54 families never got through in 15
    minutes). Ranked by the ticket's time, it keeps its place in every process; its entry
    then only says who is waiting here, so it is dropped soon after a missed refresh (the
    family admitted by the other process no longer blocks this one) and taken again, at the
    same rank, when the family comes back."""

    def __init__(self) -> None:
        self.verrou = threading.Lock()
        self.en_cours = 0
        self.sequence = 0  # ties: the same millisecond of arrival
        # ticket -> ((arrival, order here), deadline)
        self.file: dict[str, tuple[tuple[float, int], float]] = {}
        # Times (time.time(): only a rate, a clock step skews one minute of it) of the
        # admissions from the queue over the last FENETRE_ADMISSIONS s.
        self.admissions: deque[float] = deque()

    def entrer(self) -> None:
        with self.verrou:
            self.en_cours += 1

    def sortir(self, _membre=None) -> None:
        with self.verrou:
            self.en_cours = max(0, self.en_cours - 1)

    def decider(
        self, ticket: str | None, limite: int, fenetre: int = 1, pour_tous: int = 0
    ) -> tuple[bool, int, str, int]:
        """(admitted — then counted in flight —, families ahead, ticket, refresh delay) for a
        GET."""
        maintenant = time.monotonic()
        horloge = time.time()
        with self.verrou:
            while self.admissions and self.admissions[0] < horloge - FENETRE_ADMISSIONS:
                self.admissions.popleft()
            for autre, (_, echeance) in list(self.file.items()):
                if echeance < maintenant:
                    del self.file[autre]
            libres = limite - self.en_cours
            place_pour_tous = 0 < pour_tous <= libres
            if ticket not in self.file:
                if libres > 0 and (not self.file or place_pour_tous):
                    self.en_cours += 1
                    return True, 0, "", 0
                ticket = ticket or nouveau_ticket()
                self.sequence += 1
                self.file[ticket] = ((arrivee(ticket), self.sequence), 0.0)
            rang = self.file[ticket][0]
            devant = sum(1 for r, _ in self.file.values() if r < rang)
            if libres > 0 and (devant < libres * fenetre or place_pour_tous):
                del self.file[ticket]
                self.en_cours += 1
                self.admissions.append(horloge)
                return True, 0, "", 0
            debit = debit_mesure(
                len(self.admissions), self.admissions[0] if self.admissions else None, horloge
            )
            delai = rafraichissement(devant, debit)
            self.file[ticket] = (rang, maintenant + delai + MARGE_LOCALE)
            return False, devant, ticket, delai


# Atomic: drops expired in-flight entries, abandoned tickets and admissions older than the
# rate's window, takes a place at the end of the queue for a new ticket, admits it when its rank
# is below the free slots — and then counts its request in flight (member ARGV[8]) and records
# the admission for the rate — else sets its refresh delay (rafraichissement() in Lua) and its
# abandon deadline.
# KEYS: en_cours, file, echeance, sequence, admissions.
# ARGV: ticket, now, limite, expiration of in-flight entries, refresh min, step, max without a
# rate, member, margin, max, parts, window, admissions min, measure min, admission window,
# free slots from which anyone comes in (0: never).
# Returns {1, 0, 0} (admitted) or {0, families ahead, refresh delay}.
SCRIPT_DECIDER = """
local maintenant = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', maintenant - tonumber(ARGV[4]))
local partis = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', maintenant)
for _, t in ipairs(partis) do
  redis.call('ZREM', KEYS[2], t)
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', maintenant)
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', maintenant - tonumber(ARGV[12]))
local libres = tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
local pour_tous = tonumber(ARGV[16])
local place_pour_tous = pour_tous > 0 and libres >= pour_tous
local rang = redis.call('ZRANK', KEYS[2], ARGV[1])
if not rang then
  if libres > 0 and (place_pour_tous or redis.call('ZCARD', KEYS[2]) == 0) then
    redis.call('ZADD', KEYS[1], maintenant, ARGV[8])
    return {1, 0, 0}
  end
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ARGV[1])
  rang = redis.call('ZRANK', KEYS[2], ARGV[1])
end
if libres > 0 and (rang < libres * tonumber(ARGV[15]) or place_pour_tous) then
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('ZADD', KEYS[1], maintenant, ARGV[8])
  redis.call('ZADD', KEYS[5], maintenant, ARGV[1])
  redis.call('EXPIRE', KEYS[5], 2 * tonumber(ARGV[12]))
  return {1, 0, 0}
end
local delai = nil
local admissions = redis.call('ZCARD', KEYS[5])
if admissions >= tonumber(ARGV[13]) then
  local duree = maintenant - tonumber(redis.call('ZRANGE', KEYS[5], 0, 0, 'WITHSCORES')[2])
  if duree >= tonumber(ARGV[14]) then
    local attente = rang / (admissions / duree)
    delai = math.max(tonumber(ARGV[5]), math.min(tonumber(ARGV[10]),
      math.floor(attente / tonumber(ARGV[11]))))
  end
end
if not delai then
  delai = math.min(tonumber(ARGV[7]), tonumber(ARGV[5]) + math.floor(rang / tonumber(ARGV[6])))
end
redis.call('ZADD', KEYS[3], maintenant + 2 * delai + tonumber(ARGV[9]), ARGV[1])
return {0, rang, delai}
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
        membre = nouveau_membre()
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
        self,
        ticket: str | None,
        limite: int,
        expiration: float,
        fenetre: int = 1,
        pour_tous: int = 0,
    ) -> tuple[bool, int, str, str, int]:
        """(admitted, families ahead, ticket, in-flight member when admitted, refresh delay)."""
        ticket = ticket or nouveau_ticket()
        membre = nouveau_membre()
        try:
            admis, devant, delai = self.decider_script(
                keys=[CLE_EN_COURS, CLE_FILE, CLE_ECHEANCE, CLE_SEQUENCE, CLE_ADMISSIONS],
                args=[
                    ticket,
                    time.time(),
                    limite,
                    expiration,
                    RAFRAICHIR_MIN,
                    RAFRAICHIR_PAS,
                    RAFRAICHIR_MAX_SANS_MESURE,
                    membre,
                    MARGE_ABANDON,
                    RAFRAICHIR_MAX,
                    RAFRAICHIR_PARTS,
                    FENETRE_ADMISSIONS,
                    ADMISSIONS_MIN,
                    DUREE_MESURE_MIN,
                    fenetre,
                    pour_tous,
                ],
            )
        except self.erreurs as erreur:
            raise RedisIndisponible from erreur
        if admis:
            return True, 0, "", membre, 0
        return False, int(devant), ticket, "", int(delai)


# What a request's count is: a Redis member, LOCAL (counted in the process), or NON (not
# counted: Redis is down, or the waiting room failed).
LOCAL = "local"
NON = ""


class SalleAttente:
    """The service: counts and decides, in Redis or in the process; lets everything through
    while a configured Redis does not answer."""

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
                "Salle d'attente : pas de Redis (REDIS_URL vide), elle fonctionne par processus "
                "(limite de %s requêtes en cours par processus).",
                self.limite_processus(),
            )

    # Redis health
    def redis_utilisable(self) -> bool:
        if self.redis_en_panne_depuis is None:
            return True
        if time.monotonic() - self.redis_en_panne_depuis > REESSAI_REDIS:
            self.redis_en_panne_depuis = None
            return True
        return False

    def redis_repond(self) -> None:
        if self.panne_signalee:
            self.panne_signalee = False
            journal.warning("Salle d'attente : Redis répond à nouveau, elle est de nouveau active.")

    def redis_en_panne(self) -> None:
        """Said once per outage (not at each retry, every REESSAI_REDIS seconds)."""
        if not self.panne_signalee:
            self.panne_signalee = True
            journal.warning(
                "Salle d'attente : Redis est injoignable, le portail fonctionne sans salle "
                "d'attente (toutes les requêtes entrent) jusqu'à son retour."
            )
        self.redis_en_panne_depuis = time.monotonic()

    # Settings
    def limite(self) -> int:
        return int(reglage("SALLE_ATTENTE_LIMITE", 4))

    def fenetre(self) -> int:
        return max(1, int(reglage("SALLE_ATTENTE_FENETRE", FENETRE)))

    def pour_tous(self) -> int:
        return max(0, int(reglage("SALLE_ATTENTE_LIBRES_POUR_TOUS", LIBRES_POUR_TOUS)))

    def limite_processus(self) -> int:
        par_processus = reglage("SALLE_ATTENTE_LIMITE_PROCESSUS", None)
        if par_processus is not None:
            return int(par_processus)
        processus = int(os.environ.get("WEB_CONCURRENCY", "2"))
        return max(1, self.limite() // max(1, processus))

    def expiration(self) -> float:
        return float(reglage("SALLE_ATTENTE_EXPIRATION_EN_COURS", 60))

    # Operations
    def entrer(self) -> str:
        """Count one request in flight; returns what sortir() needs."""
        if self.redis is None:
            self.local.entrer()
            return LOCAL
        if not self.redis_utilisable():
            return NON
        try:
            membre = self.redis.entrer(self.expiration())
        except RedisIndisponible:
            self.redis_en_panne()
            return NON
        self.redis_repond()
        return membre

    def sortir(self, membre: str) -> None:
        if membre == LOCAL:
            self.local.sortir()
        elif membre != NON:
            try:
                self.redis.sortir(membre)
            except RedisIndisponible:
                self.redis_en_panne()  # the entry expires by itself

    def decider(self, ticket: str | None) -> tuple[bool, int, str, str, int]:
        """(admitted, families ahead, ticket, what sortir() needs when admitted, the waiting
        page's refresh delay in seconds)."""
        if self.redis is None:
            admis, devant, ticket, delai = self.local.decider(
                ticket, self.limite_processus(), self.fenetre(), self.pour_tous()
            )
            return admis, devant, ticket, LOCAL if admis else NON, delai
        if not self.redis_utilisable():
            return True, 0, "", NON, 0
        try:
            resultat = self.redis.decider(
                ticket, self.limite(), self.expiration(), self.fenetre(), self.pour_tous()
            )
        except RedisIndisponible:
            self.redis_en_panne()
            return True, 0, "", NON, 0
        self.redis_repond()
        return resultat


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


def verifier_fils() -> None:
    """A warning at startup when the limit leaves no gunicorn thread free: a waiting page then
    waits in gunicorn's queue (unseen by Django) behind the heavy requests, for seconds."""
    limite = int(reglage("SALLE_ATTENTE_LIMITE", 4))
    if limite <= 0:
        return
    processus = int(os.environ.get("WEB_CONCURRENCY", "2"))
    fils = int(os.environ.get("GUNICORN_THREADS", "16"))  # portail/gunicorn.conf.py
    redis_url = reglage("SALLE_ATTENTE_REDIS_URL", None)
    if redis_url is None:
        redis_url = reglage("REDIS_URL", "")
    if redis_url:
        limite_effective, disponibles = limite, processus * fils
    else:
        limite_effective, disponibles = service().limite_processus(), fils
    if limite_effective >= disponibles:
        journal.warning(
            "Salle d'attente : la limite de %s requêtes en cours atteint le nombre de fils "
            "gunicorn (%s) : la page d'attente n'aura pas de fil libre. Augmentez "
            "GUNICORN_THREADS ou baissez SALLE_ATTENTE_LIMITE.",
            limite_effective,
            disponibles,
        )


class SalleAttenteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        try:
            verifier_fils()
        except Exception:
            journal.exception("Salle d'attente : vérification des fils impossible.")

    @property
    def service(self) -> SalleAttente:
        return service()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if reglage("SALLE_ATTENTE_LIMITE", 4) <= 0 or exempte(request):
            return self.get_response(request)
        try:
            attente, membre = self.filtrer(request)
        except Exception:  # the waiting room never causes a 500
            journal.exception("Salle d'attente : erreur, requête laissée passer.")
            attente, membre = None, NON
        if attente is not None:
            return attente
        if membre is None:
            membre = self._entrer()
        try:
            response = self.get_response(request)
        finally:
            self._sortir(membre)
        try:
            self.marquer(request, response)
        except Exception:
            journal.exception("Salle d'attente : cookie impossible.")
        return response

    def _entrer(self) -> str:
        try:
            return self.service.entrer()
        except Exception:
            journal.exception("Salle d'attente : comptage impossible.")
            return NON

    def _sortir(self, membre: str) -> None:
        try:
            self.service.sortir(membre)
        except Exception:
            journal.exception("Salle d'attente : décompte impossible.")

    def filtrer(self, request: HttpRequest) -> tuple[HttpResponse | None, str | None]:
        """(the waiting page or None, the request's count when already taken by admission)."""
        if request.method not in ("GET", "HEAD"):
            return None, None
        if (
            self.passe(request, COOKIE_RESERVATION, "SALLE_ATTENTE_DUREE_RESERVATION", 300)
            is not None
        ):
            return None, None
        if self.passe(request, COOKIE_ADMIS, "SALLE_ATTENTE_DUREE_ADMISSION", 15) is not None:
            return None, None
        ticket = request.get_signed_cookie(COOKIE_TICKET, default=None, salt=SEL)
        admis, devant, ticket, membre, delai = self.service.decider(ticket)
        if admis:
            request.salle_attente_admis = True
            return None, membre
        return self.page(devant, ticket, delai), None

    def passe(self, request: HttpRequest, cookie: str, nom: str, duree: int) -> int | None:
        """When a valid pass was issued, or None."""
        valeur = request.get_signed_cookie(
            cookie, default=None, salt=SEL, max_age=reglage(nom, duree)
        )
        try:
            return int(valeur) if valeur is not None else None
        except ValueError:
            return None

    def poser(self, response: HttpResponse, cookie: str, duree: int) -> None:
        response.set_signed_cookie(
            cookie,
            str(int(time.time())),
            salt=SEL,
            max_age=duree,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )

    def marquer(self, request: HttpRequest, response: HttpResponse) -> None:
        """The short pass of an admission; the booking pass, renewed by each booking page."""
        sans_passe = getattr(request, "salle_attente_sans_laissez_passer", False)
        if sans_passe and COOKIE_ADMIS in request.COOKIES:
            response.delete_cookie(COOKIE_ADMIS, samesite="Lax")
        if getattr(request, "salle_attente_admis", False):
            if not sans_passe:
                self.poser(response, COOKIE_ADMIS, reglage("SALLE_ATTENTE_DUREE_ADMISSION", 15))
            if COOKIE_TICKET in request.COOKIES:
                response.delete_cookie(COOKIE_TICKET, samesite="Lax")
        if getattr(request, "reservation_commencee", False):
            duree = reglage("SALLE_ATTENTE_DUREE_RESERVATION", 300)
            emis = self.passe(request, COOKIE_RESERVATION, "SALLE_ATTENTE_DUREE_RESERVATION", 300)
            if emis is None or time.time() - emis >= RENOUVELLEMENT_RESERVATION:
                self.poser(response, COOKIE_RESERVATION, duree)

    def page(self, devant: int, ticket: str, delai: int) -> HttpResponse:
        contenu = loader.get_template("salle_attente.html").render(
            {
                "position": devant + 1,
                "delai": delai,
                "devant": devant,
                "abandon": 2 * delai + MARGE_ABANDON,
            }
        )
        response = HttpResponse(contenu, status=200)
        add_never_cache_headers(response)
        response["X-Salle-Attente"] = str(devant + 1)
        response["X-Robots-Tag"] = "noindex"
        response.set_signed_cookie(
            COOKIE_TICKET,
            ticket,
            salt=SEL,
            max_age=3600,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response
