"""On PostgreSQL, a prestation's capacity raised in the admin while families hold the day's
capacity row (opening morning): the save waits at most the lock timeout (3 s), then nothing is
saved and the agent reads the French « réessayez dans un instant », never a server error."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connections, transaction
from django.utils import timezone
from test_admin_reservations import _prestation_form, _texte

from famille.reservations.models import CapaciteJour, Prestation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_le_verrou_tenu_donne_un_message_et_rien_d_enregistre(
    structure, agent_education, connecter
):
    mercredi = Prestation.objects.create(
        structure=structure, code="mercredi", nom="Mercredi", type="mercredi", jours="3", capacite=2
    )
    jour = timezone.localdate() + datetime.timedelta(days=20)
    ligne = CapaciteJour.objects.create(prestation=mercredi, date=jour, capacite=2, reservees=2)
    tenu, fini = threading.Event(), threading.Event()

    def famille_qui_reserve():
        try:
            with transaction.atomic():
                CapaciteJour.objects.select_for_update().get(pk=ligne.pk)
                tenu.set()
                fini.wait(15)
        finally:
            connections.close_all()

    fil = threading.Thread(target=famille_qui_reserve)
    fil.start()
    try:
        assert tenu.wait(10)
        client = connecter(agent_education)
        url = f"/admin/snippets/reservations/prestation/edit/{mercredi.pk}/"
        reponse = client.post(url, _prestation_form(mercredi, capacite=3, nom="Mercredi +"))
    finally:
        fini.set()
        fil.join()
    assert reponse.status_code == 200
    assert "réessayez dans un instant" in _texte(reponse)
    mercredi.refresh_from_db()
    ligne.refresh_from_db()
    assert (mercredi.capacite, mercredi.nom, ligne.capacite) == (2, "Mercredi", 2)
