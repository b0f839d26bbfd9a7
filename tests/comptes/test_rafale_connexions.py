"""Opening morning, a flood of login attempts on one identifiant during the rush (issue 15,
faults): on PostgreSQL with real threads, wrong passwords on one identifiant sent at once from
many addresses, while other families log in at the same moment. django-axes still locks that
identifiant (even its right password is refused afterwards); every other family gets in."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real threads: PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]

MOT_DE_PASSE = "Une phrase de passe solide"
FLOT = 4 * settings.AXES_FAILURE_LIMIT


def test_un_flot_d_essais_sur_un_identifiant_le_bloque_sans_gener_les_autres(arbre, creer_famille):
    creer_famille("F4100")
    autres = [creer_famille(f"F41{n:02d}").titulaire.username for n in range(1, 6)]
    depart = threading.Barrier(FLOT + len(autres))
    statuts: dict[str, list[int]] = {"flot": [], "autres": []}
    verrou = threading.Lock()

    def essai(genre: str, identifiant: str, mot_de_passe: str, adresse: str):
        try:
            depart.wait()
            reponse = Client(REMOTE_ADDR=adresse).post(
                "/connexion/", {"username": identifiant, "password": mot_de_passe}
            )
            with verrou:
                statuts[genre].append(reponse.status_code)
        finally:
            connections.close_all()

    fils = [
        threading.Thread(target=essai, args=("flot", "F4100", f"essai-{n}", f"198.51.100.{n + 1}"))
        for n in range(FLOT)
    ] + [
        threading.Thread(target=essai, args=("autres", i, MOT_DE_PASSE, f"203.0.113.{n + 1}"))
        for n, i in enumerate(autres)
    ]
    for f in fils:
        f.start()
    for f in fils:
        f.join()

    assert statuts["autres"] == [302] * len(autres)
    assert len(statuts["flot"]) == FLOT and 302 not in statuts["flot"]
    # Locked: even the right password is refused now, with the lockout page.
    apres = Client(REMOTE_ADDR="192.0.2.10").post(
        "/connexion/", {"username": "F4100", "password": MOT_DE_PASSE}
    )
    assert apres.status_code == 429
