"""The read-only calendar under a period's countdown, kept rendered for each parent account
until its opening (issue 15.4: the countdown is refreshed by thousands of families in the
minutes before an opening; the calendar under it, per child and day, was most of the page's
CPU, for a calendar that cannot be ticked yet).

Kept RESERVATIONS_DUREE_CALENDRIER_AVANT_OUVERTURE seconds (60 by default), never past the
family's own opening, in the PAGES_PUBLIQUES_CACHE cache (Redis when configured, shared by the
processes; per process otherwise), compressed (a family of three over eight weeks is about
100 kB of HTML, a tenth once compressed). The key names the account (a separated parent sees
their own custody days), the period and its dates and openings (an agent's change to them is
seen at once). Limits: a closure an agent enters, or a dossier validated, shows on a calendar
already kept up to that many seconds later; the countdown above it is rendered each time."""

from __future__ import annotations

import datetime
import logging
import zlib

from django.conf import settings
from django.core.cache import caches
from django.utils.safestring import mark_safe

journal = logging.getLogger(__name__)


def duree() -> int:
    return getattr(settings, "RESERVATIONS_DUREE_CALENDRIER_AVANT_OUVERTURE", 0)


def _cle(compte, periode) -> str:
    residents = periode.ouverture_residents.timestamp() if periode.ouverture_residents else ""
    return (
        f"reservations:avant-ouverture:{compte.pk}:{periode.pk}:{periode.debut}:{periode.fin}:"
        f"{periode.ouverture.timestamp()}:{residents}"
    )


def _cache():
    return caches[settings.PAGES_PUBLIQUES_CACHE]


def lire(compte, periode, maintenant: datetime.datetime):
    """(this family's opening, the period's sentence, the rendered calendar) or None."""
    if not duree():
        return None
    try:
        garde = _cache().get(_cle(compte, periode))
    except Exception:  # a cache that fails never fails the page: it is rendered
        journal.exception("Calendrier avant ouverture : cache illisible.")
        return None
    if garde is None:
        return None
    ouverture, phrase, compresse = garde
    if maintenant >= ouverture:  # opened meanwhile (a clock ahead of the cache's expiry)
        return None
    return ouverture, phrase, mark_safe(zlib.decompress(compresse).decode())  # noqa: S308


def garder(compte, periode, ouverture, phrase: str, rendu: str, maintenant) -> None:
    restant = int((ouverture - maintenant).total_seconds())
    secondes = min(duree(), restant)
    if secondes <= 0:
        return
    try:
        _cache().set(
            _cle(compte, periode), (ouverture, phrase, zlib.compress(rendu.encode(), 1)), secondes
        )
    except Exception:
        journal.exception("Calendrier avant ouverture : cache inutilisable.")
