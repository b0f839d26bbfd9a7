"""Opening morning, faults (issue 15): the database fails in the middle of a confirmation, or
the task queue does not answer after it. The parent sees the French « service indisponible »
page, nothing is half-booked, and the same summary can be confirmed once the database is back;
a booking whose e-mail could not be queued stays booked (the failure is logged)."""

from __future__ import annotations

import datetime
import logging

import pytest
import redis
import test_onglet_reservations as onglet
from django.db import OperationalError
from test_onglet_reservations import cases, charge, texte, url

from famille.reservations.models import Prestation, Reservation
from famille.reservations.services import operations

pytestmark = pytest.mark.django_db

famille = onglet.famille  # the parent's client, its children and an open period


def test_une_panne_de_la_base_pendant_la_confirmation_ne_reserve_rien_et_se_rejoue(
    famille, monkeypatch
):
    # Capped days (large enough): the confirmation takes their locks last, before commit.
    famille.periode.prestations.update(capacite=50)
    page = famille.get(url())
    choisies = cases(page)[:4]
    recap = famille.post(url("periode", famille.periode.pk), {"cases": choisies})
    donnees = {"charge": charge(recap)}
    # PostgreSQL goes away after the rows are inserted, before the capped days are counted:
    # the transaction is cut in its middle.
    insere = []

    def coupure(*args, **kwargs):
        insere.append(Reservation.objects.count())
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(operations, "_places", coupure)
    famille.raise_request_exception = False
    panne = famille.post(url("confirmer", famille.periode.pk), donnees)
    assert insere and insere[0] > 0  # rows were written inside the transaction…
    assert panne.status_code == 503
    assert panne["Retry-After"]
    assert "Le service est momentanément indisponible" in texte(panne)
    assert "Traceback" not in texte(panne)
    assert not Reservation.objects.exists()  # …and rolled back: nothing half-booked

    # The database is back: the same summary (the parent presses « Confirmer » again).
    monkeypatch.undo()
    fait = famille.post(url("confirmer", famille.periode.pk), donnees, follow=True)
    assert "déjà été confirmés" not in texte(fait)
    assert "4 jours réservés" in texte(fait)
    assert Reservation.objects.filter(statut="reservee").count() == 4


def test_une_file_de_taches_injoignable_ne_fait_pas_perdre_la_reservation(
    famille, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def redis_arrete(*args, **kwargs):
        raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("django_q.tasks.async_task", redis_arrete)
    page = famille.get(url())
    recap = famille.post(url("periode", famille.periode.pk), {"cases": cases(page)[:2]})
    with caplog.at_level(logging.ERROR, logger="famille.taches"):
        with django_capture_on_commit_callbacks(execute=True):
            fait = famille.post(
                url("confirmer", famille.periode.pk), {"charge": charge(recap)}, follow=True
            )
    assert fait.status_code == 200
    assert "2 jours réservés" in texte(fait)
    assert Reservation.objects.filter(statut="reservee").count() == 2
    journal = [r.getMessage() for r in caplog.records if r.name == "famille.taches"]
    assert journal == [
        "Tâche famille.reservations.tasks.envoyer_compte_rendu non mise en file "
        "(ConnectionError) : ce qui a été enregistré est gardé, l'envoi n'aura pas lieu."
    ]


def test_une_place_liberee_est_proposee_meme_si_la_file_de_taches_est_injoignable(
    famille, creer_famille, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """A cancellation on a full day offers the place to the next family (after commit, an
    e-mail task): Redis down must neither fail the cancellation nor lose the offer."""
    from test_onglet_reservations import ajouter_enfants

    from famille.reservations.services.operations import Demande

    resto = Prestation.objects.get(code="resto")
    resto.capacite = 1
    resto.save()
    enfant = famille.enfants[0]
    # The first school day of the period (it may begin in the holidays): the one place taken.
    for n in range(60):
        jour = famille.periode.debut + datetime.timedelta(days=n)
        bilan = operations.appliquer(
            famille.foyer.titulaire, famille.foyer, [Demande(enfant.pk, resto.pk, jour)], []
        )
        if bilan.ajoutees:
            break
    autre = creer_famille()
    (cadet,) = ajouter_enfants(autre, ("Nina",))
    operations.appliquer(autre.titulaire, autre, [Demande(cadet.pk, resto.pk, jour)], [])
    attente = Reservation.objects.get(enfant=cadet)
    assert attente.statut == Reservation.Statut.ATTENTE

    def redis_arrete(*args, **kwargs):
        raise redis.ConnectionError("Connection refused.")

    monkeypatch.setattr("django_q.tasks.async_task", redis_arrete)
    with caplog.at_level(logging.ERROR, logger="famille.taches"):
        with django_capture_on_commit_callbacks(execute=True):
            operations.appliquer(
                famille.foyer.titulaire, famille.foyer, [], [Demande(enfant.pk, resto.pk, jour)]
            )
    attente.refresh_from_db()
    assert attente.statut == Reservation.Statut.PROPOSEE
    assert any("envoyer_propositions non mise en file" in r.getMessage() for r in caplog.records)


def test_redis_arrete_une_confirmation_rejouee_ne_reserve_rien_deux_fois(
    famille, monkeypatch, django_capture_on_commit_callbacks
):
    """Redis down: the cache's « first time only » token is suspended (portail/cache_redis.py),
    yet the bookings' own checks hold: one booking, one compte-rendu."""
    import socket

    from django.core import mail
    from django.test import override_settings

    from portail import cache_redis

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        ferme = f"redis://127.0.0.1:{s.getsockname()[1]}/13"
    monkeypatch.setattr(cache_redis, "_etat", cache_redis._Etat())
    page = famille.get(url())
    recap = famille.post(url("periode", famille.periode.pk), {"cases": cases(page)[:3]})
    cache = {"default": {"BACKEND": "portail.cache_redis.CacheRedisTolerante", "LOCATION": ferme}}
    with override_settings(CACHES=cache):
        reponses = []
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                reponses.append(
                    famille.post(
                        url("confirmer", famille.periode.pk), {"charge": charge(recap)}, follow=True
                    )
                )
    assert "3 jours réservés" in texte(reponses[0])
    assert "Aucun changement" in texte(reponses[1])
    assert Reservation.objects.filter(statut="reservee").count() == 3
    assert len(mail.outbox) == 1
