"""Login lockout thresholds, measured: replays failure patterns of honest families at shared
addresses and of a password sprayer through the portal's two rules, and prints, for each
candidate threshold, how often an honest address would be locked and how far a spray runs.

The rules replayed are those of famille/comptes/blocage.py over django-axes (database handler):
- one AccessAttempt row per (identifiant, address), stamped with its last failure; a row older
  than the cool-off (AXES_COOLOFF_TIME, 15 min) is gone; a successful login deletes the rows of
  its identifiant (AXES_RESET_ON_SUCCESS); failures during a lockout are recorded too (axes'
  AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT, True by default), so hammering keeps it locked;
- an identifiant is locked when its failures in live rows reach AXES_FAILURE_LIMIT;
- an address is locked when its live rows hold AXES_LIMITE_PULVERISATION different identifiants.

Honest patterns (assumptions written here, so that a town can change them):
- « foyer »: a home or an office, 4 accounts failing within 15 minutes, half of them giving up;
- « guichet »: the town hall's help desk PC on the renewal campaign's opening morning, one
  family every 3 minutes on average for 3 hours; families come because they are stuck: half
  mistype their password (1 to 4 times), one in five mistypes the identifiant (« F1O01 » for
  F1001: each typo is another identifiant, never cleared by a success); none leaves without
  logging in (the agent gives a new password, which clears the identifiant's failures);
- « cgnat-64 », « cgnat-128 »: a mobile operator's shared (CGNAT) IPv4 address on the
  bookings' opening morning, shared by 64 (128) subscribers who would ALL be this town's
  parents logging in that morning (a deliberate upper bound: an operator's address is shared
  by subscribers of a whole region, and phones on IPv6 share nothing), 40 % of them in the
  first 15 minutes; 15 % mistype the password, 5 % the identifiant, 20 % of those who mistype
  give up (their failures stay until they expire);
- « une-adresse »: the limit case, where no address rule can tell families from a spray: a
  quarter of README's 2,500 opening-morning logins behind ONE address (an operator or a
  company proxy without per-user addresses).
Each pattern is replayed --tirages times with random arrivals; the script prints the largest
number of different identifiants an address held at a failure (what the spray rule counts),
its 99th percentile, and the share of mornings that a threshold would have locked.

The sprayer: one address, one new identifiant every 2 seconds (real or guessed identifiants,
one common password each), or the careful sprayer who stays just under both thresholds and
waits for his rows to expire: the guesses each address gets per day.

    .venv/bin/python scripts/mesure_blocage.py [--tirages 300] [--graine 1]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portail.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

REFROIDISSEMENT = settings.AXES_COOLOFF_TIME * 3600  # seconds
LIMITE_IDENTIFIANT = settings.AXES_FAILURE_LIMIT
LIMITE_ADRESSE = settings.AXES_LIMITE_PULVERISATION
SEUILS = (5, 8, 10, 12, 15, 20, 30)


@dataclass
class Motif:
    """An honest pattern at one shared address."""

    nom: str
    familles: int
    duree: float  # seconds over which the families arrive
    part_premier_quart: float  # share of families in the first 15 minutes (a rush)
    erreur_mot_de_passe: float
    erreur_identifiant: float
    abandon: float


MOTIFS = (
    Motif("foyer", 4, 900, 1.0, 0.5, 0.2, 0.5),
    Motif("guichet", 60, 3 * 3600, 5 / 60, 0.5, 0.2, 0.0),
    Motif("cgnat-64", 64, 2 * 3600, 0.4, 0.15, 0.05, 0.2),
    Motif("cgnat-128", 128, 2 * 3600, 0.4, 0.15, 0.05, 0.2),
    Motif("une-adresse", 375, 2 * 3600, 0.4, 0.15, 0.05, 0.2),
)


def evenements(motif: Motif, alea: random.Random) -> list[tuple[float, str, str]]:
    """(time, identifiant, « echec » | « succes ») of one morning at the address."""
    sortie = []
    for n in range(motif.familles):
        if alea.random() < motif.part_premier_quart:
            t = alea.uniform(0, 900)
        else:
            t = alea.uniform(0, motif.duree)
        identifiant = f"f{n}"
        if alea.random() < motif.erreur_identifiant:
            for essai in range(alea.randint(1, 2)):
                sortie.append((t, f"{identifiant}-faute{essai}", "echec"))
                t += alea.uniform(15, 40)
        if alea.random() < motif.erreur_mot_de_passe:
            for _ in range(alea.randint(1, LIMITE_IDENTIFIANT - 1)):
                sortie.append((t, identifiant, "echec"))
                t += alea.uniform(15, 40)
            if alea.random() < motif.abandon:
                continue
        sortie.append((t, identifiant, "succes"))
    return sorted(sortie)


def rejouer(evts) -> int:
    """The largest number of different identifiants with live rows seen at a failure."""
    lignes: dict[str, float] = {}  # identifiant -> last failure at this address
    maximum = 0
    for t, identifiant, issue in evts:
        for cle in [c for c, d in lignes.items() if d <= t - REFROIDISSEMENT]:
            del lignes[cle]
        if issue == "succes":
            lignes.pop(identifiant, None)
            continue
        lignes[identifiant] = t
        maximum = max(maximum, len(lignes))
    return maximum


def centile(valeurs: list[int], q: float) -> int:
    valeurs = sorted(valeurs)
    return valeurs[min(len(valeurs) - 1, int(q * len(valeurs)))]


def pulverisation(seuil: int) -> tuple[float, int]:
    """Seconds before a fast sprayer (one identifiant every 2 s) is locked, and the guesses
    a careful sprayer gets per day from one address: (seuil - 1) identifiants × (identifiant
    limit - 1) passwords, then a pause until the rows expire."""
    secondes = (seuil - 1) * 2.0
    par_cycle = (seuil - 1) * (LIMITE_IDENTIFIANT - 1)
    cycle = REFROIDISSEMENT + par_cycle * 2.0
    return secondes, int(par_cycle * 86400 / cycle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tirages", type=int, default=300)
    parser.add_argument("--graine", type=int, default=1)
    args = parser.parse_args()
    alea = random.Random(args.graine)
    print(
        f"Règles : identifiant bloqué à {LIMITE_IDENTIFIANT} échecs, adresse bloquée à "
        f"{LIMITE_ADRESSE} identifiants différents, fenêtre {REFROIDISSEMENT / 60:.0f} min ; "
        f"{args.tirages} matinées par motif.\n"
    )
    print("Identifiants différents en échec à une même adresse (ce que compte la règle) :")
    entete = " | ".join(f"≥{s:>2}" for s in SEUILS)
    print(
        f"{'motif':<13} {'connexions':>10} {'médiane':>7} {'99e c.':>6} {'max':>4}   "
        f"part des matinées bloquées au seuil : {entete}"
    )
    for motif in MOTIFS:
        maxima = [rejouer(evenements(motif, alea)) for _ in range(args.tirages)]
        parts = " | ".join(f"{sum(m >= s for m in maxima) / len(maxima):>3.0%}" for s in SEUILS)
        print(
            f"{motif.nom:<13} {motif.familles:>10} {centile(maxima, 0.5):>7} "
            f"{centile(maxima, 0.99):>6} {max(maxima):>4}   {' ' * 38}{parts}"
        )
    print("\nPulvérisation depuis une adresse :")
    print(f"{'seuil':>5} {'bloquée après':>14} {'essais par jour (prudent)':>26}")
    for seuil in SEUILS:
        secondes, par_jour = pulverisation(seuil)
        marque = "  ← réglage actuel" if seuil == LIMITE_ADRESSE else ""
        print(f"{seuil:>5} {secondes:>12.0f} s {par_jour:>26}{marque}")
    print(
        f"\nPar identifiant, quelle que soit l'adresse : {LIMITE_IDENTIFIANT - 1} essais par "
        f"{REFROIDISSEMENT / 60:.0f} min au plus, "
        f"{(LIMITE_IDENTIFIANT - 1) * 86400 // REFROIDISSEMENT:.0f} par jour."
    )


if __name__ == "__main__":
    main()
