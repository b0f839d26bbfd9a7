"""CPU cost of one login's password check: Django's default Argon2 vs ours (OWASP's parameters).

Measures process CPU time (not wall time, so other processes on a shared machine distort it
less) of ``verify`` — what a login costs — for each hasher, and prints the ratio.

    .venv/bin/python scripts/bench_connexion.py [--essais 20]

A login costs one verify; an opening morning of 2,500 logins costs 2,500 of them."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portail.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import Argon2PasswordHasher  # noqa: E402

from famille.comptes.hachage import Argon2OwaspHasher  # noqa: E402

MOT_DE_PASSE = "Une phrase de passe solide"


def cout_ms(hasher, essais: int) -> float:
    """Median CPU milliseconds of one verify."""
    encode = hasher.encode(MOT_DE_PASSE, hasher.salt())
    mesures = []
    for _ in range(essais):
        debut = time.process_time()
        assert hasher.verify(MOT_DE_PASSE, encode)
        mesures.append((time.process_time() - debut) * 1000)
    mesures.sort()
    return mesures[len(mesures) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--essais", type=int, default=20)
    args = parser.parse_args()
    defaut = cout_ms(Argon2PasswordHasher(), args.essais)
    owasp = cout_ms(Argon2OwaspHasher(), args.essais)
    print(f"Django par défaut (m=100 MiB, t=2, p=8) : {defaut:.1f} ms CPU par connexion")
    print(f"OWASP (m=19 MiB, t=2, p=1)              : {owasp:.1f} ms CPU par connexion")
    print(f"Rapport : {defaut / owasp:.1f}× moins cher")
    print(f"2 500 connexions : {2500 * defaut / 1000:.0f} s CPU contre {2500 * owasp / 1000:.0f} s")


if __name__ == "__main__":
    main()
