"""Opening morning, an impatient parent (issue 15, faults): the same confirmation POSTed again
and again at the same instant — double clicks, a reload, a phone resending on a bad network.
On PostgreSQL with real threads (each request its own connection): one booking, every other
answer says in French that it was already done, nothing is booked twice."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from test_onglet_reservations import ajouter_enfants, charge, creer_periode, url

from famille.reservations.models import Prestation, Reservation

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real threads: PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]

RAFALE = 8


def test_une_rafale_de_la_meme_confirmation_ne_reserve_qu_une_fois(parent_client, structure):
    enfants = ajouter_enfants(parent_client.foyer)
    periode = creer_periode(structure)
    resto = Prestation.objects.get(code="resto")
    recap = parent_client.post(
        url("semaine_type", periode.pk),
        {
            "enfants": [e.pk for e in enfants],
            "semaine": [f"{resto.pk}.{j}" for j in (1, 2, 4, 5)],
            "rythme": "toutes",
        },
    )
    assert recap.status_code == 200
    donnees = {"charge": charge(recap)}
    cookies = parent_client.cookies
    depart = threading.Barrier(RAFALE)
    messages: list[str] = []
    verrou = threading.Lock()

    def parent_impatient():
        client = Client()
        client.cookies = cookies
        try:
            depart.wait()
            reponse = client.post(url("confirmer", periode.pk), donnees, follow=True)
            with verrou:
                messages.append(reponse.content.decode())
        finally:
            connections.close_all()

    fils = [threading.Thread(target=parent_impatient) for _ in range(RAFALE)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()

    assert len(messages) == RAFALE
    confirmees = [m for m in messages if re.search(r"\d+ jours? réservés?[,.]", m)]
    deja = [m for m in messages if "Ces choix ont déjà été confirmés" in m]
    assert len(confirmees) == 1
    assert len(deja) == RAFALE - 1
    lignes = Reservation.objects.filter(foyer=parent_client.foyer)
    jours = {(r.enfant_id, r.date) for r in lignes}
    assert lignes.count() == len(jours) > 0
