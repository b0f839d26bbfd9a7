"""The consumption job: priced lines from the day's bookings, idempotent, restartable after a
crash half-way, corrections as reversal + new line, a day still open refused."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from famille.facturation.models import (
    LigneCompte,
    LigneImmuable,
    ParametresFacturation,
    QuotientFamilial,
    ReglesFacturation,
)
from famille.facturation.services import ErreurFacturation, consommations, grand_livre
from famille.reservations.models import ClotureJournee

from .conftest import APRES, JOUR, ajouter_enfant, reserver


def soldes_justes():
    return grand_livre.controler_soldes() == []


@time_machine.travel(APRES)
def test_une_journee_donne_des_lignes_au_prix_de_la_tranche(famille, tarifs, cantine, garderie):
    QuotientFamilial.objects.create(
        foyer=famille, valeur=Decimal("612.50"), debut=JOUR.replace(day=1)
    )
    reserver(famille, famille.lea, cantine)
    reserver(famille, famille.tom, cantine)
    reserver(famille, famille.tom, garderie)
    reserver(famille, famille.lea, garderie, statut="annulee")

    bilan = consommations.facturer_jour(JOUR)

    assert bilan.ajoutees == 3
    lignes = {(x.enfant.prenom, x.prestation.code): x for x in LigneCompte.objects.all()}
    lea, tom = lignes[("Léa", "restauration")], lignes[("Tom", "restauration")]
    assert (lea.montant, lea.tarif, lea.categorie) == (Decimal("-3.45"), tarifs["haut"], "repas")
    assert tom.montant == Decimal("-3.11")  # second child: 10 % off 3,45 €
    assert "réduction de 10 %" in tom.explication
    assert lignes[("Tom", "soir")].categorie == "garde"
    assert (lea.qf, lea.tranche) == (Decimal("612.50"), "QF à partir de 450,01 €")
    assert grand_livre.solde(famille.pk) == Decimal("-8.66")
    assert soldes_justes()


@time_machine.travel(APRES)
def test_qf_inconnu_tranche_haute_et_hors_commune(creer_famille, tarifs, cantine):
    inconnu = creer_famille("F5002")
    exterieur = creer_famille("F5003", reside_commune=False)
    reserver(inconnu, ajouter_enfant(inconnu, "Ana", datetime.date(2019, 1, 1)), cantine)
    reserver(exterieur, ajouter_enfant(exterieur, "Eli", datetime.date(2019, 1, 1)), cantine)
    consommations.facturer_jour(JOUR)
    assert grand_livre.solde(inconnu.pk) == Decimal("-3.45")
    assert "QF inconnu" in LigneCompte.objects.get(foyer=inconnu).explication
    assert grand_livre.solde(exterieur.pk) == Decimal("-5.00")


@time_machine.travel(APRES)
def test_un_nouveau_qf_ne_reprice_pas_les_lignes_emises(famille, tarifs, cantine):
    reserver(famille, famille.lea, cantine)
    consommations.facturer_jour(JOUR)
    QuotientFamilial.objects.create(foyer=famille, valeur=Decimal("300"), debut=JOUR.replace(day=1))
    consommations.facturer_jour(JOUR + datetime.timedelta(days=1))  # another day
    assert list(LigneCompte.objects.values_list("montant", flat=True)) == [Decimal("-3.45")]


@time_machine.travel(APRES)
def test_rejouer_la_journee_ne_change_rien(famille, tarifs, cantine):
    reserver(famille, famille.lea, cantine)
    consommations.facturer_jour(JOUR)
    bilan = consommations.facturer_jour(JOUR)
    assert (bilan.ajoutees, bilan.annulees, bilan.inchangees) == (0, 0, 1)
    assert LigneCompte.objects.count() == 1


@time_machine.travel(APRES)
def test_interrompu_a_mi_chemin_puis_relance(creer_famille, tarifs, cantine, monkeypatch):
    foyers = []
    for n in range(6):
        foyer = creer_famille(f"F51{n:02d}")
        reserver(foyer, ajouter_enfant(foyer, f"E{n}", datetime.date(2019, 1, 1)), cantine)
        foyers.append(foyer)

    def panne(bilan):
        if bilan.lots == 2:
            raise RuntimeError("coupure")

    monkeypatch.setattr(consommations, "apres_lot", panne)
    with pytest.raises(RuntimeError):
        consommations.facturer_jour(JOUR, taille=2)
    assert LigneCompte.objects.count() == 4  # two ranges committed, the rest not written
    monkeypatch.undo()

    consommations.facturer_jour(JOUR, taille=2)
    assert LigneCompte.objects.count() == 6
    assert all(grand_livre.solde(f.pk) == Decimal("-3.45") for f in foyers)
    assert soldes_justes()


@time_machine.travel(APRES)
def test_une_correction_donne_un_avoir_puis_une_nouvelle_ligne(famille, tarifs, cantine):
    reservation = reserver(famille, famille.lea, cantine)
    consommations.facturer_jour(JOUR)
    reservation.statut = "annulee"  # cancelled in time, corrected after the day was billed
    reservation.save()
    bilan = consommations.facturer_jour(JOUR)
    assert bilan.annulees == 1
    assert grand_livre.solde(famille.pk) == Decimal("0.00")
    origine = LigneCompte.objects.get(type="consommation")
    assert origine.montant == Decimal("-3.45")  # never edited
    assert origine.annulation.montant == Decimal("3.45")

    reservation.statut = "reservee"
    reservation.save()
    consommations.facturer_jour(JOUR)
    nouvelle = LigneCompte.objects.actives().get()
    assert (nouvelle.version, nouvelle.montant) == (2, Decimal("-3.45"))
    assert grand_livre.solde(famille.pk) == Decimal("-3.45")
    assert soldes_justes()


@time_machine.travel(APRES)
def test_reservation_tardive_et_annulation_hors_delai(famille, tarifs, cantine, structure):
    ParametresFacturation.objects.create(
        structure=structure,
        tardive_type="fixe",
        tardive_valeur=Decimal("1.50"),
        absence_non_justifiee=Decimal("50"),
    )
    reservation = reserver(famille, famille.lea, cantine)
    reservation.hors_delai = True  # read through getattr until the bookings issue adds it
    lignes = consommations.tarification.tarifer(
        consommations.sources.Evenement(
            famille.pk,
            famille.lea.pk,
            cantine.pk,
            JOUR,
            "reserve_present",
            "reservation",
            reservation.pk,
            True,
            True,
            famille.lea.date_naissance,
            "Léa",
        ),
        1,
        None,
        consommations.tarification.Contexte(JOUR),
    )
    assert [(x.montant, x.categorie) for x in lignes] == [
        (Decimal("-3.45"), "repas"),
        (Decimal("-1.50"), "penalite"),
    ]
    absent = consommations.tarification.tarifer(
        consommations.sources.Evenement(
            famille.pk,
            famille.lea.pk,
            cantine.pk,
            JOUR,
            "absent_non_justifie",
            "reservation",
            reservation.pk,
            True,
            True,
            famille.lea.date_naissance,
            "Léa",
        ),
        1,
        None,
        consommations.tarification.Contexte(JOUR),
    )
    assert [x.montant for x in absent] == [Decimal("-1.73")]
    assert "50 %" in absent[0].explication


@time_machine.travel(APRES)
def test_mode_et_categorie_de_la_prestation(famille, tarifs, garderie):
    ReglesFacturation.objects.create(prestation=garderie, mode="pointage", categorie="repas")
    reserver(famille, famille.lea, garderie)
    # Billed « au pointage »: the day waits for the Education service to close it.
    with pytest.raises(ErreurFacturation):
        consommations.facturer_jour(JOUR)
    ClotureJournee.objects.create(structure=garderie.structure, jour=JOUR)
    consommations.facturer_jour(JOUR)
    assert LigneCompte.objects.get().categorie == "repas"


@time_machine.travel(datetime.datetime(2027, 3, 8, 18, tzinfo=datetime.UTC))
def test_une_journee_pas_close_est_refusee(famille, tarifs, cantine):
    reserver(famille, famille.lea, cantine)
    with pytest.raises(ErreurFacturation) as erreur:
        consommations.facturer_jour(JOUR)
    assert erreur.value.message == (
        "La journée du 08/03/2027 n'est pas close : elle se facture le lendemain."
    )
    assert not LigneCompte.objects.exists()


@time_machine.travel(APRES)
def test_les_lignes_sont_immuables(famille, tarifs, cantine):
    reserver(famille, famille.lea, cantine)
    consommations.facturer_jour(JOUR)
    ligne = LigneCompte.objects.get()
    ligne.montant = Decimal("0")
    with pytest.raises(LigneImmuable):
        ligne.save()
    with pytest.raises(LigneImmuable):
        LigneCompte.objects.all().delete()
    with pytest.raises(LigneImmuable):
        LigneCompte.objects.update(montant=0)
