"""Small helpers of the bookings tests: ISO dates and Paris wall-clock times."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
J = datetime.date.fromisoformat


def paris(texte: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(texte).replace(tzinfo=PARIS)
