"""How many waiting pages the waiting room's refresh rule costs, simulated on a virtual clock
(no server, no Redis: the per-process queue of portail/salle_attente.py, its real rules): N
families arrive within `--arrivee` seconds at a saturated server that lets in `--debit`
families a second (SALLE_ATTENTE_LIMITE slots, each held limite ÷ debit seconds on average); each waiting
tab refreshes after the delay of its page. Compared: the rule of the measured rate and the
former one (2 s, one more per 20 families ahead, 30 s at most).

    PYTHONPATH=$PWD .venv/bin/python scripts/simulation_salle_attente.py --familles 2000

Prints, per rule: waiting pages (total, per family, for the last family), when the last
family got in, and the slot-seconds left idle while a free slot waited for the head's
refresh (the price of longer delays). Limits: a constant service rate; real tabs refresh a
little late (network, rendering), which the simulation ignores."""

from __future__ import annotations

import argparse
import heapq
import os
import random
import sys
from contextlib import nullcontext
from unittest import mock

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portail.settings.test")


class Horloge:
    def __init__(self) -> None:
        self.t = 1_000_000.0

    def monotonic(self) -> float:
        return self.t

    def time(self) -> float:
        return self.t


def simuler(salle_attente, familles: int, arrivee: float, debit: float, limite: int) -> dict:
    horloge = Horloge()
    service = limite / debit
    with mock.patch.object(salle_attente, "time", horloge):
        compteur = salle_attente.CompteurLocal()
        debut = horloge.t
        evenements: list[tuple[float, int, str]] = []  # (time, family, kind)
        for f in range(familles):
            heapq.heappush(evenements, (debut + random.uniform(0, arrivee), f, "page"))
        for _ in range(limite):  # the server is saturated when the rush starts
            compteur.entrer()
            heapq.heappush(evenements, (debut + random.uniform(0, service), -1, "fin"))
        tickets: dict[int, str | None] = {}
        pages = [0] * familles
        entree = [0.0] * familles
        inoccupe = 0.0
        dernier = debut
        while evenements:
            t, f, nature = heapq.heappop(evenements)
            # Idle slots: free while someone waits (the head has not refreshed yet).
            inoccupe += max(0, limite - compteur.en_cours) * (t - dernier) * bool(compteur.file)
            dernier = horloge.t = t
            if nature == "fin":
                compteur.sortir()
                continue
            admis, _, ticket, delai = compteur.decider(tickets.get(f), limite)
            if admis:
                entree[f] = t - debut
                heapq.heappush(evenements, (t + random.uniform(0.5, 1.5) * service, -1, "fin"))
            else:
                pages[f] += 1
                tickets[f] = ticket
                heapq.heappush(evenements, (t + delai, f, "page"))
    dernier_entre = max(range(familles), key=lambda f: entree[f])
    return {
        "pages": sum(pages),
        "par_famille": sum(pages) / familles,
        "derniere": pages[dernier_entre],
        "fin_s": entree[dernier_entre],
        "inoccupe_s": inoccupe,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--familles", type=int, default=2000)
    parser.add_argument("--arrivee", type=float, default=10.0)
    parser.add_argument("--debit", type=float, default=1.5)
    parser.add_argument("--limite", type=int, default=4)
    args = parser.parse_args()
    import django

    django.setup()
    from portail import salle_attente

    for nom, regle in [("débit mesuré", {}), ("ancienne règle", {"ADMISSIONS_MIN": 10**9})]:
        random.seed(1)
        with mock.patch.multiple(salle_attente, **regle) if regle else nullcontext():
            r = simuler(salle_attente, args.familles, args.arrivee, args.debit, args.limite)
        print(
            f"{nom:<15} : {r['pages']} pages d'attente ({r['par_famille']:.1f} par famille, "
            f"{r['derniere']} pour la dernière entrée), dernière entrée à {r['fin_s']:.0f} s, "
            f"places inoccupées {r['inoccupe_s']:.0f} place·s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
