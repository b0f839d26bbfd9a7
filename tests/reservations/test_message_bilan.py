"""The message a parent reads after confirming (views/confirmation.message_bilan): French
plurals, and the refused days named with their reason — « 1 jour(s) refusé(s) » alone left
the parent to guess which of a period's days did not go through."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from famille.reservations.services.operations import Bilan, Demande
from famille.reservations.views.confirmation import message_bilan

LUNDI = datetime.date(2027, 1, 4)


def bilan(ajoutees=0, attente=0, refus=()):
    b = Bilan(
        ajoutees=[Demande(1, 10, LUNDI + datetime.timedelta(days=i)) for i in range(ajoutees)],
        en_attente=[Demande(1, 20, LUNDI + datetime.timedelta(days=i)) for i in range(attente)],
        refusees=list(refus),
    )
    b.enfants = {1: SimpleNamespace(prenom="Léa"), 2: SimpleNamespace(prenom="Tom")}
    b.prestations = {10: SimpleNamespace(nom="Cantine"), 20: SimpleNamespace(nom="Mercredi")}
    return b


def test_singulier_et_pluriel():
    assert message_bilan(bilan(ajoutees=1)).startswith("1 jour réservé.")
    texte = message_bilan(bilan(ajoutees=3, attente=2))
    assert texte.startswith("3 jours réservés, 2 jours en liste d'attente.")
    assert "compte-rendu" in texte


def test_les_jours_refuses_sont_nommes_avec_leur_motif():
    texte = message_bilan(bilan(ajoutees=2, refus=[(Demande(2, 10, LUNDI), "Jour fermé : Grève.")]))
    assert texte.startswith("2 jours réservés, 1 jour refusé (Tom, Cantine, lundi 4 janvier")
    assert "Grève)" in texte


def test_au_dela_de_cinq_refus_le_reste_est_compte():
    refus = [(Demande(1, 10, LUNDI + datetime.timedelta(days=i)), "Complet") for i in range(8)]
    texte = message_bilan(bilan(refus=refus))
    assert texte.startswith("8 jours refusés (Léa, Cantine, lundi 4 janvier : Complet ;")
    assert texte.count("Complet") == 5 and "et 3 autres jours)" in texte
    # Nothing booked: no compte-rendu announced.
    assert "compte-rendu" not in texte
