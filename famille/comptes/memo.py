"""A memo of one request: values the frame asks for several times while rendering a page (the
tab pages behind `OngletPage.url_de`, read once per tab instead of once per link), forgotten
when the request ends, so staff edits (a tab renamed or moved) show on the next page.

Reset by the request_started and request_finished signals (connected in apps.py); a
ContextVar, so each gunicorn thread has its own. Outside a request (tasks, shell, demo
loading) nothing is kept: every call computes afresh."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
_memo: ContextVar[dict | None] = ContextVar("memo_requete", default=None)


def debut_requete(**kwargs) -> None:
    _memo.set({})


def fin_requete(**kwargs) -> None:
    _memo.set(None)


def memoriser(cle: Hashable, calcul: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return calcul()
    if cle not in memo:
        memo[cle] = calcul()
    return memo[cle]


def deja_lu(cle: Hashable):
    """What this request has already computed under `cle`, else None (nothing computed here)."""
    memo = _memo.get()
    return None if memo is None else memo.get(cle)
