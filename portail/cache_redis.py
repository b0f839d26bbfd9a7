"""Django's Redis cache, made to survive Redis being down (issue 15, « Redis down »): the
portal keeps working without it instead of answering 500 on every page that touches the cache.
Used as the default cache when REDIS_URL is set (settings/base.py).

While Redis does not answer, each operation gives the answer of an empty cache that stores
nothing: `get` returns the default, `set` and `delete` do nothing, `add` says it stored the
value (so that a « first time only » guard lets the request through rather than refusing a
booking or a reset link: those guards are suspended, the bookings' own checks still hold),
`incr` counts from zero (rate limits are suspended). After a failure Redis is not tried again
for REESSAI seconds, so that a Redis that hangs costs one short timeout (OPTIONS below), not
one per call. It is said in the logs at most once per SIGNALEMENT seconds per process, and
once more when Redis answers again.

What runs on the cache meanwhile: sessions are `cached_db` in production (read from the
database when the cache has nothing), so nobody is logged out; the waiting room has its own
Redis client and its own fallback (portail/salle_attente.py).

Limits: the state is per process (each gunicorn worker finds out and says so itself); errors
other than Redis's and the network's (a value that cannot be pickled) are raised as usual."""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

journal = logging.getLogger("portail.cache_redis")

# Seconds without trying Redis after a failure.
REESSAI = 5.0
# At most one warning per process in this many seconds.
SIGNALEMENT = 60.0
# A Redis on the same network answers in a millisecond: waiting longer only holds the page.
DELAIS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class _Etat:
    """The process's view of Redis (Django builds one cache object per thread)."""

    def __init__(self) -> None:
        self.verrou = threading.Lock()
        self.pause_jusqua = 0.0
        self.signale_a: float | None = None
        self.en_panne = False

    def disponible(self) -> bool:
        return time.monotonic() >= self.pause_jusqua

    def echec(self, erreur: BaseException) -> None:
        maintenant = time.monotonic()
        with self.verrou:
            self.pause_jusqua = maintenant + REESSAI
            self.en_panne = True
            if self.signale_a is not None and maintenant - self.signale_a < SIGNALEMENT:
                return
            self.signale_a = maintenant
        journal.warning(
            "Cache Redis injoignable (%s) : le portail continue sans cache (sessions lues dans "
            "la base, limites de débit et protections contre les doubles envois suspendues) ; "
            "nouvel essai dans %s s.",
            type(erreur).__name__,
            int(REESSAI),
        )

    def succes(self) -> None:
        if not self.en_panne:
            return
        with self.verrou:
            if not self.en_panne:
                return
            self.en_panne = False
            self.signale_a = None
        journal.warning("Cache Redis de nouveau joignable : le cache reprend.")


_etat = _Etat()


def _erreurs() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.RedisError, OSError)


class ClientRedisPartage(RedisCacheClient):
    """Django's Redis cache client, keeping one `redis.Redis` per connection pool: Django's
    builds a new one for every operation, which copies redis-py's table of ~80 reply callbacks
    each time (0.1 ms of CPU, several times per page). A `redis.Redis` is safe to share
    between threads: it takes a connection from its pool for each command."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # kept by Django for the client's lifetime
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class CacheRedisTolerante(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DELAIS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = ClientRedisPartage
        self._erreurs_redis = _erreurs()

    def _essayer(self, operation, defaut, *args, **kwargs):
        if not _etat.disponible():
            return defaut
        try:
            resultat = operation(*args, **kwargs)
        except self._erreurs_redis as erreur:
            _etat.echec(erreur)
            return defaut
        _etat.succes()
        return resultat

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._essayer(super().add, True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._essayer(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._essayer(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._essayer(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._essayer(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._essayer(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._essayer(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._essayer(super().incr, delta, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._essayer(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._essayer(super().delete_many, None, keys, version)

    def clear(self):
        return self._essayer(super().clear, False)
