"""The demo family F1001 has its past bookings billed, a payment allocated, older months as
statements, sees them in Historique and Paiement, and can pay online with the stand-in bank."""

from __future__ import annotations

from famille.comptes import services as comptes_services
from famille.dossiers.models import Foyer
from famille.facturation.models import Allocation, Facture, LigneCompte
from famille.facturation.services import grand_livre
from famille.reservations.models import JournalReservation, Reservation


def test_la_famille_de_demo_a_un_historique_et_un_solde(demo, client):
    martin = Foyer.objects.get(numero="F1001")
    assert LigneCompte.objects.filter(foyer=martin, type="consommation").count() > 20
    assert Facture.objects.filter(foyer=martin).exists()
    assert Allocation.objects.filter(paiement__foyer=martin).exists()
    assert grand_livre.controler_soldes() == []
    # Two evenings recorded by the Education agent after the deadline: surcharged, journaled.
    tardives = Reservation.objects.filter(foyer=martin, hors_delai=True, statut="reservee")
    assert tardives.exists()
    assert (
        JournalReservation.objects.filter(
            foyer=martin, hors_delai=True, motif__startswith="Accueil du soir demandé"
        ).count()
        == tardives.count()
    )
    assert LigneCompte.objects.filter(
        foyer=martin, nature="majoration", categorie="penalite", source_id__in=tardives.values("pk")
    ).exists()
    compte = martin.titulaire
    documents = comptes_services.documents_a_accepter(compte)
    if documents:  # RGPD and CGU, as at the first login
        comptes_services.enregistrer_consentements(compte, documents)
    client.force_login(compte)
    historique = client.get("/historique/").content.decode()
    assert "Restauration scolaire" in historique and "<details>" in historique
    assert "Paiement au guichet" in historique or "Facture " in historique
    paiement = client.get("/paiement/").content.decode()
    assert 'data-testid="solde"' in paiement
    # Online payment opens with the stand-in bank (the browser test pays the balance).
    assert 'data-testid="form-reglement"' in paiement
