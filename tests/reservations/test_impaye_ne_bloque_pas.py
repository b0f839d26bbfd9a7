"""An unpaid balance never blocks a booking (issue 13.6, the Défenseur des droits' ruling): the
family with money owed books as any other, and Historique and Paiement show a warning."""

from __future__ import annotations

from decimal import Decimal

from aides_reservations import J

from famille.facturation.models import LigneCompte
from famille.facturation.services import grand_livre
from famille.reservations.services import operations
from famille.reservations.services.regles import Demande


def test_un_impaye_ne_bloque_pas_la_reservation(
    arbre, famille, prestations, periode, maintenant, admin_user, client
):
    lea, _ = famille.enfants_crees
    grand_livre.enregistrer_operation(
        admin_user,
        foyer_id=famille.pk,
        structure_id=prestations["cantine"].structure_id,
        type_=LigneCompte.Type.AJUSTEMENT,
        montant=Decimal("-250.00"),
        jour=J("2027-08-01"),
        libelle="Reprise du solde de l'ancien logiciel",
    )
    assert grand_livre.solde(famille.pk) == Decimal("-250.00")
    demande = Demande(lea.pk, prestations["cantine"].pk, J("2027-09-06"))
    bilan = operations.appliquer(famille.titulaire, famille, [demande], [])
    assert bilan.ajoutees == [demande] and bilan.refusees == []
    client.force_login(famille.titulaire)
    for page in ("/historique/", "/paiement/"):
        html = client.get(page).content.decode()
        assert 'data-testid="avertissement-impaye"' in html
        assert "250,00\u00a0€" in html
