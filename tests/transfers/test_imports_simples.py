"""Tariffs, closures and the CAF quotient list through django-import-export resources."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from donnees_transfers import csv_excel

from famille.facturation.models import QuotientFamilial, Tarif
from famille.reservations.models import Fermeture, Prestation
from transfers.services import pilotage
from transfers.tests_support import FichierEnvoye


def importer(type_, entetes, lignes, agent, correspondance=None, seulement_valides=False):
    contenu = csv_excel(lignes, entetes=entetes)
    import_fichier = pilotage.televerser(type_, FichierEnvoye(f"{type_}.csv", contenu), agent)
    tableau = pilotage.tableau(import_fichier)
    pilotage.lancer_analyse(
        import_fichier,
        correspondance or pilotage.proposition(import_fichier, tableau.entetes),
        agent,
    )
    import_fichier.refresh_from_db()
    if import_fichier.lignes_en_erreur == 0 or seulement_valides:
        pilotage.confirmer(import_fichier, seulement_valides)
        import_fichier.refresh_from_db()
    return import_fichier


@pytest.fixture
def cantine(ecoles):
    return Prestation.objects.create(
        structure=ecoles, nom="Restauration scolaire", code="restauration", type="restauration"
    )


def test_tarifs_importes_puis_reimport_inchange(cantine, education):
    entetes = ["Prestation", "QF à partir de", "QF jusqu'à", "Prix", "Applicable à partir du"]
    lignes = [
        ["restauration", "0", "450", "1,20", "01/09/2027"],
        ["restauration", "450,01", "", "3,45 €", "01/09/2027"],
    ]
    resultat = importer("tarifs", entetes, lignes, education)
    assert resultat.statut == "termine"
    assert list(Tarif.objects.order_by("qf_min").values_list("prix", "qf_max")) == [
        (Decimal("1.20"), Decimal("450.00")),
        (Decimal("3.45"), None),
    ]
    lignes[0][3] = "1,25"
    resultat = importer("tarifs", entetes, lignes, education)
    assert (resultat.lignes_modifiees, resultat.lignes_inchangees) == (1, 1)
    assert Tarif.objects.count() == 2


def test_tarif_avec_prestation_inconnue_et_prix_illisible(cantine, education):
    entetes = ["Prestation", "QF à partir de", "Prix", "Applicable à partir du"]
    resultat = importer(
        "tarifs",
        entetes,
        [["garderie", "0", "1,20", "01/09/2027"], ["restauration", "0", "un euro", "01/09/2027"]],
        education,
    )
    assert resultat.statut == "apercu"
    assert resultat.apercu[0]["e"] == [
        "Ligne 2, colonne « Prestation » : aucune prestation « garderie » dans le portail."
    ]
    assert resultat.apercu[1]["e"] == [
        "Ligne 3, colonne « Prix » : « un euro » n'est pas un montant (par exemple 12,50)."
    ]
    assert not Tarif.objects.exists()


def test_fermetures(cantine, education):
    entetes = ["Structure", "Du", "Au", "Motif"]
    lignes = [
        ["periscolaire", "21/10/2027", "03/11/2027", "Vacances de la Toussaint"],
        ["periscolaire", "10/12/2027", "09/12/2027", "Grève"],
    ]
    resultat = importer("fermetures", entetes, lignes, education, seulement_valides=True)
    assert resultat.apercu[1]["e"] == [
        "Ligne 3, colonne « Au » : la fin de la fermeture est avant son début."
    ]
    fermeture = Fermeture.objects.get()
    assert (fermeture.debut, fermeture.motif) == (
        datetime.date(2027, 10, 21),
        "Vacances de la Toussaint",
    )


def test_quotients_de_la_liste_caf(creer_famille, education):
    foyer = creer_famille("F3001", numero_allocataire="1234567")
    autre = creer_famille("F3002")
    entetes = ["Matricule", "QF", "Date d'effet"]
    lignes = [
        ["1234567", "612,50", "01/01/2028"],
        ["F3002", "1 020", "01/01/2028"],
        ["7654321", "400", "01/01/2028"],
    ]
    resultat = importer("quotients", entetes, lignes, education, seulement_valides=True)
    assert resultat.apercu[2]["e"] == [
        "Ligne 4, colonne « Matricule » : aucun compte famille n'a le numéro allocataire ou "
        "l'identifiant « 7654321 »."
    ]
    assert QuotientFamilial.objects.get(foyer=foyer).valeur == Decimal("612.50")
    assert QuotientFamilial.objects.get(foyer=autre).valeur == Decimal("1020.00")
    assert QuotientFamilial.objects.get(foyer=foyer).source == "CAF"


def test_tarif_importe_avec_fin_et_reduction_fratrie(cantine, education):
    """The old tariff closed by its end date, the new one from the next day, both in one file;
    the sibling reduction is read as a percentage."""
    entetes = [
        "Prestation",
        "QF à partir de",
        "Prix",
        "Applicable à partir du",
        "Jusqu'au",
        "Réduction à partir du 2e enfant (%)",
    ]
    lignes = [
        ["restauration", "0", "3,30", "01/09/2026", "31/08/2027", ""],
        ["restauration", "0", "3,45", "01/09/2027", "", "10 %"],
    ]
    resultat = importer("tarifs", entetes, lignes, education)
    assert resultat.statut == "termine"
    assert list(
        Tarif.objects.order_by("debut").values_list("prix", "fin", "reduction_fratrie")
    ) == [
        (Decimal("3.30"), datetime.date(2027, 8, 31), Decimal("0.00")),
        (Decimal("3.45"), None, Decimal("10.00")),
    ]


def test_tarif_importe_qui_chevauche_prix_a_trois_decimales_reduction_impossible(
    cantine, education
):
    Tarif.objects.create(prestation=cantine, prix=Decimal("3.30"), debut=datetime.date(2026, 9, 1))
    entetes = ["Prestation", "QF à partir de", "Prix", "Applicable à partir du", "Réduction"]
    resultat = importer(
        "tarifs",
        entetes,
        [
            ["restauration", "0", "3,45", "01/09/2027", ""],
            ["restauration", "500", "3,455", "01/09/2027", ""],
            ["restauration", "900", "4,00", "01/09/2027", "120"],
        ],
        education,
    )
    assert resultat.statut == "apercu"
    assert "chevauche un autre tarif" in " ".join(resultat.apercu[0]["e"])
    assert resultat.apercu[1]["e"] == [
        "Ligne 3, colonne « Prix » : « 3,455 » : un prix s'écrit au centime près."
    ]
    assert resultat.apercu[2]["e"] == [
        "Ligne 4, colonne « Réduction » : « 120 » : un pourcentage ne dépasse pas 100."
    ]
    assert Tarif.objects.count() == 1
