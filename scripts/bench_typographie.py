"""CPU of the French typography pass (portail/typographie.py, run on every HTML response) on
saved page bodies — e.g. a calendar page saved with TYPOGRAPHIE_FRANCAISE off:

    PYTHONPATH=$PWD .venv/bin/python scripts/bench_typographie.py page.html [...]

Prints, per file, its size, the spaces changed and the best of 5 × 200 calls (process CPU)."""

from __future__ import annotations

import sys
import time
import timeit

from portail.typographie import INSECABLE, corriger_html


def main(fichiers: list[str]) -> int:
    for fichier in fichiers:
        with open(fichier, encoding="utf-8") as f:
            html = f.read()
        changees = corriger_html(html).count(INSECABLE) - html.count(INSECABLE)
        cpu = min(
            timeit.repeat(
                lambda h=html: corriger_html(h), number=200, repeat=5, timer=time.process_time
            )
        )
        print(f"{fichier} : {len(html)} car., {changees} espaces, {cpu / 200 * 1000:.3f} ms CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
