"""The parent's calendar of a period: each day and prestation in its state with its reason,
in a fixed number of queries whatever the children and days, and reading writes nothing."""

from __future__ import annotations

import pytest
from aides_reservations import J, paris
from django.db import connection
from django.test.utils import CaptureQueriesContext

from famille.dossiers.models import Campagne, DossierAnnuel, Ecole, Garde
from famille.reservations.models import CapaciteJour, Fermeture, Reservation
from famille.reservations.services import operations
from famille.reservations.services.grille import Etat, construire_grille
from famille.reservations.services.regles import Demande


def _compte(foyer):
    return type(foyer.titulaire).objects.get(pk=foyer.titulaire_id)


@pytest.mark.parametrize("nombre", [1, 3])
def test_nombre_fixe_de_requetes_et_aucune_ecriture(
    nombre, creer_famille, creer_enfants, prestations, periode, maintenant
):
    foyer = creer_famille()
    enfants = creer_enfants(foyer, *["Léa", "Hugo", "Emma"][:nombre])
    Campagne.objects.create(
        annee_scolaire="2027-2028",
        rentree=J("2027-09-02"),
        fin_annee=J("2028-07-04"),
        ouverture=J("2027-06-01"),
        cloture=J("2027-08-15"),
    )
    DossierAnnuel.objects.create(
        foyer=foyer, campagne=Campagne.objects.get(), statut=DossierAnnuel.Statut.VALIDE
    )
    operations.appliquer(
        foyer.titulaire,
        foyer,
        [Demande(e.pk, prestations["mercredi"].pk, J("2027-09-08")) for e in enfants],
        [],
    )
    compte = _compte(foyer)
    with CaptureQueriesContext(connection) as requetes:
        grille = construire_grille(compte, periode)
    ecritures = [
        q["sql"] for q in requetes if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert ecritures == []
    assert len(requetes) <= 20
    assert len(grille.lignes) == nombre
    # Eight weeks less the Toussaint week: 7 × 4 school days + 8 Wednesdays.
    assert len(grille.jours) == 40
    assert grille.ouverte


def test_etats_et_motifs(creer_famille, creer_enfants, structure, prestations, periode, maintenant):
    foyer = creer_famille()
    (lea,) = creer_enfants(foyer, "Léa")
    autre = creer_famille()
    (zoe, tom) = creer_enfants(autre, "Zoé", "Tom")
    mercredi = prestations["mercredi"]
    operations.appliquer(
        autre.titulaire,
        autre,
        [Demande(e.pk, mercredi.pk, J("2027-09-15")) for e in (zoe, tom)],
        [],
    )
    operations.appliquer(
        foyer.titulaire,
        foyer,
        [
            Demande(lea.pk, prestations["cantine"].pk, J("2027-09-06")),
            Demande(lea.pk, mercredi.pk, J("2027-09-15")),  # full: waiting list, rank 1
        ],
        [],
    )
    Fermeture.objects.create(
        structure=structure, debut=J("2027-09-10"), fin=J("2027-09-10"), motif="formation"
    )
    ecole = Ecole.objects.create(nom="École du Bourg", structure=structure)
    prestations["matin"].ecoles.add(ecole)
    cases = construire_grille(_compte(foyer), periode).lignes[0].cases
    cantine = prestations["cantine"].pk
    assert cases[J("2027-09-06"), cantine].etat == Etat.RESERVEE
    assert cases[J("2027-09-06"), cantine].modifiable
    assert cases[J("2027-09-07"), cantine].etat == Etat.RESERVABLE
    assert cases[J("2027-09-10"), cantine].etat == Etat.FERMEE
    assert cases[J("2027-09-10"), cantine].motif == "Fermé : formation"
    assert cases[J("2027-10-25"), cantine].motif == "Vacances de la Toussaint"
    attente = cases[J("2027-09-15"), mercredi.pk]
    assert (attente.etat, attente.rang) == (Etat.ATTENTE, 1)
    assert cases[J("2027-09-22"), mercredi.pk].etat == Etat.RESERVABLE
    matin = cases[J("2027-09-06"), prestations["matin"].pk]
    assert matin.etat == Etat.NON_ADMIS and "École du Bourg" in matin.motif
    assert (J("2027-09-08"), cantine) not in cases  # no canteen on Wednesdays

    # Full for a newcomer: the waiting list is offered.
    CapaciteJour.objects.filter(prestation=mercredi, date=J("2027-09-15")).update(reservees=2)
    troisieme = creer_famille()
    (leo,) = creer_enfants(troisieme, "Léo")
    case = (
        construire_grille(_compte(troisieme), periode).lignes[0].cases[J("2027-09-15"), mercredi.pk]
    )
    assert case.etat == Etat.COMPLETE and case.modifiable


def test_avant_ouverture_lecture_seule_et_residents_plus_tot(
    creer_famille, creer_enfants, prestations, periode
):
    periode.ouverture_residents = paris("2027-08-20T08:00")
    periode.save()
    resident = creer_famille()
    creer_enfants(resident, "Léa")
    exterieur = creer_famille(reside_commune=False)
    creer_enfants(exterieur, "Tom")
    avant = paris("2027-08-21T10:00")
    grille = construire_grille(_compte(exterieur), periode, maintenant=avant)
    assert not grille.ouverte and grille.ouverture == paris("2027-08-23T08:00")
    case = grille.lignes[0].cases[J("2027-09-06"), prestations["cantine"].pk]
    assert case.etat == Etat.NON_OUVERTE and not case.modifiable
    assert "lundi 23 août 2027 à 8 h" in case.motif
    assert construire_grille(_compte(resident), periode, maintenant=avant).ouverte


def test_parents_separes_et_dossier_non_valide(
    creer_famille, creer_enfants, prestations, periode, maintenant
):
    mere = creer_famille()
    (lea,) = creer_enfants(mere, "Léa", regle=Garde.Regle.SEMAINES_PAIRES)
    pere = creer_famille()
    Garde.objects.create(foyer=pere, enfant=lea, regle=Garde.Regle.SEMAINES_IMPAIRES)
    cantine = prestations["cantine"].pk
    # 6 September 2027: ISO week 36 (even, the mother's); 13 September: week 37 (the father's).
    operations.appliquer(mere.titulaire, mere, [Demande(lea.pk, cantine, J("2027-09-06"))], [])
    cases_pere = construire_grille(_compte(pere), periode).lignes[0].cases
    assert cases_pere[J("2027-09-06"), cantine].etat == Etat.AUTRE_PARENT
    assert cases_pere[J("2027-09-06"), cantine].motif == "Réservé par l'autre parent."
    assert cases_pere[J("2027-09-07"), cantine].etat == Etat.AUTRE_PARENT
    assert cases_pere[J("2027-09-13"), cantine].etat == Etat.RESERVABLE
    refus = operations.appliquer(
        pere.titulaire, pere, [Demande(lea.pk, cantine, J("2027-09-07"))], []
    )
    assert "en garde chez son autre parent" in refus.refusees[0][1]

    Campagne.objects.create(
        annee_scolaire="2027-2028",
        rentree=J("2027-09-02"),
        fin_annee=J("2028-07-04"),
        ouverture=J("2027-06-01"),
        cloture=J("2027-08-15"),
    )
    case = construire_grille(_compte(pere), periode).lignes[0].cases[J("2027-09-13"), cantine]
    assert case.etat == Etat.NON_ELIGIBLE and "doit être validé" in case.motif
    assert not DossierAnnuel.objects.exists()
    assert Reservation.objects.count() == 1
