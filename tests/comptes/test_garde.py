"""Custody rules of separated parents, as the booking eligibility `peut_reserver(compte,
enfant, jour)` applies them (no campaign here: the dossier asks nothing): every rule, ISO week 53 and year boundaries, children not linked."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from famille.comptes.models import Compte
from famille.dossiers.models import Enfant, Garde, PeriodeGarde
from famille.dossiers.services.comptes_famille import (
    RegleGarde,
    creer_compte_second_parent,
    definir_garde,
    enfants_du_compte,
    parser_periodes,
)
from famille.dossiers.services.eligibilite import peut_reserver

J = datetime.date.fromisoformat


@pytest.fixture
def enfant(db):
    return Enfant.objects.create(nom="Petit", prenom="Lucas", date_naissance=J("2018-05-02"))


@pytest.fixture
def foyer(creer_famille, enfant):
    foyer = creer_famille("F6001")
    Garde.objects.create(foyer=foyer, enfant=enfant)
    return foyer


def test_toujours(foyer, enfant):
    for jour in ("2026-09-01", "2026-12-31", "2027-01-01", "2027-07-14"):
        assert peut_reserver(foyer.titulaire, enfant, J(jour)).ok


@pytest.mark.parametrize(
    ("jour", "paire"),
    [
        ("2026-09-07", False),  # lundi semaine 37
        ("2026-09-14", True),  # lundi semaine 38
        ("2026-09-20", True),  # dimanche semaine 38: the week runs Monday to Sunday
        ("2026-12-27", True),  # dimanche semaine 52
        ("2026-12-28", False),  # lundi semaine 53 (2026 has 53 ISO weeks)
        ("2027-01-03", False),  # dimanche, still ISO week 53 of 2026
        ("2027-01-04", False),  # lundi semaine 1 of 2027: two odd weeks in a row
        ("2027-01-11", True),  # semaine 2
        ("2021-01-01", False),  # vendredi, ISO week 53 of 2020
        ("2025-12-29", False),  # lundi: ISO week 1 of 2026 although still 2025
    ],
)
def test_semaines_paires_et_impaires(foyer, enfant, jour, paire):
    garde = Garde.objects.get(foyer=foyer)
    garde.regle = Garde.Regle.SEMAINES_PAIRES
    garde.save()
    assert peut_reserver(foyer.titulaire, enfant, J(jour)).ok is paire
    garde.regle = Garde.Regle.SEMAINES_IMPAIRES
    garde.save()
    assert peut_reserver(foyer.titulaire, enfant, J(jour)).ok is not paire


def test_certains_jours(foyer, enfant):
    definir_garde(foyer, enfant, Garde.Regle.JOURS, [3, 6])  # mercredi, samedi
    assert peut_reserver(foyer.titulaire, enfant, J("2026-09-09")).ok  # mercredi
    assert peut_reserver(foyer.titulaire, enfant, J("2026-09-12")).ok  # samedi
    assert not peut_reserver(foyer.titulaire, enfant, J("2026-09-10")).ok  # jeudi
    assert not peut_reserver(foyer.titulaire, enfant, J("2026-09-13")).ok  # dimanche


def test_periodes_datees_bornes_incluses(foyer, enfant):
    definir_garde(
        foyer,
        enfant,
        Garde.Regle.PERIODES,
        periodes=[(J("2026-12-19"), J("2027-01-03")), (J("2027-02-14"), J("2027-02-20"))],
    )
    for jour in ("2026-12-19", "2026-12-31", "2027-01-01", "2027-01-03", "2027-02-14"):
        assert peut_reserver(foyer.titulaire, enfant, J(jour)).ok, jour
    for jour in ("2026-12-18", "2027-01-04", "2027-02-21"):
        assert not peut_reserver(foyer.titulaire, enfant, J(jour)).ok, jour


def test_periodes_remplacees_et_non_cumulees(foyer, enfant):
    definir_garde(
        foyer, enfant, Garde.Regle.PERIODES, periodes=[(J("2026-10-01"), J("2026-10-05"))]
    )
    definir_garde(
        foyer, enfant, Garde.Regle.PERIODES, periodes=[(J("2026-11-01"), J("2026-11-05"))]
    )
    assert PeriodeGarde.objects.count() == 1
    assert not peut_reserver(foyer.titulaire, enfant, J("2026-10-02")).ok


def test_enfant_non_rattache_ou_compte_sans_foyer(foyer, enfant, creer_famille):
    autre = creer_famille("F6002")
    assert not peut_reserver(autre.titulaire, enfant, J("2026-09-14")).ok
    personnel = Compte.objects.create_user(username="agent", is_staff=True)
    assert not peut_reserver(personnel, enfant, J("2026-09-14")).ok
    inconnu = Enfant.objects.create(nom="X", prenom="Y", date_naissance=J("2019-01-01"))
    assert not peut_reserver(foyer.titulaire, inconnu, J("2026-09-14")).ok


def test_regles_incompletes_refusees(foyer, enfant):
    with pytest.raises(ValidationError, match="au moins un jour"):
        definir_garde(foyer, enfant, Garde.Regle.JOURS, [])
    with pytest.raises(ValidationError, match="au moins une période"):
        definir_garde(foyer, enfant, Garde.Regle.PERIODES, periodes=[])
    garde = Garde(foyer=foyer, enfant=enfant, regle=Garde.Regle.JOURS, jours="lundi")
    with pytest.raises(ValidationError, match="du lundi au dimanche"):
        garde.clean()
    periode = PeriodeGarde(garde=garde, debut=J("2026-10-05"), fin=J("2026-10-01"))
    with pytest.raises(ValidationError, match="précède son début"):
        periode.clean()


def test_parser_periodes():
    assert parser_periodes("01/09/2026 - 15/09/2026\n\n20/10/2026 au 02/11/2026") == [
        (J("2026-09-01"), J("2026-09-15")),
        (J("2026-10-20"), J("2026-11-02")),
    ]
    with pytest.raises(ValidationError, match="Ligne 2"):
        parser_periodes("01/09/2026 - 15/09/2026\n15/09/2026 - 01/09/2026")


def test_second_parent_chacun_ses_semaines(foyer, enfant):
    cree = creer_compte_second_parent(
        foyer,
        identifiant="F6002",
        prenom="Thomas",
        nom="Petit",
        emails="thomas@exemple.fr",
        adresse="9 rue B",
        garde_second=RegleGarde(Garde.Regle.SEMAINES_IMPAIRES),
        garde_premier=RegleGarde(Garde.Regle.SEMAINES_PAIRES),
    )
    second = cree.foyer
    assert cree.mot_de_passe_initial and second.titulaire.mot_de_passe_initial
    assert list(second.titulaire.structures.all()) == list(foyer.titulaire.structures.all())
    assert list(enfants_du_compte(second.titulaire)) == [enfant]
    assert list(enfants_du_compte(foyer.titulaire)) == [enfant]
    paire, impaire = J("2026-09-14"), J("2026-09-07")
    assert (
        peut_reserver(foyer.titulaire, enfant, paire).ok
        and not peut_reserver(foyer.titulaire, enfant, impaire).ok
    )
    assert (
        peut_reserver(second.titulaire, enfant, impaire).ok
        and not peut_reserver(second.titulaire, enfant, paire).ok
    )
    foyer.refresh_from_db()
    assert foyer.situation == second.situation == "separes"


def test_second_parent_sans_enfant_refuse_sans_rien_creer(creer_famille):
    foyer = creer_famille("F6001")
    with pytest.raises(ValidationError, match="aucun enfant"):
        creer_compte_second_parent(
            foyer,
            identifiant="F6002",
            prenom="T",
            nom="P",
            garde_second=RegleGarde(),
            garde_premier=RegleGarde(),
        )
    assert not Compte.objects.filter(username="F6002").exists()


def test_second_parent_tout_ou_rien(foyer, enfant):
    with pytest.raises(ValidationError):
        creer_compte_second_parent(
            foyer,
            identifiant="F6002",
            prenom="T",
            nom="P",
            garde_second=RegleGarde(Garde.Regle.SEMAINES_IMPAIRES),
            garde_premier=RegleGarde(Garde.Regle.JOURS, jours=()),  # invalid: no day
        )
    assert not Compte.objects.filter(username="F6002").exists()
    assert Garde.objects.get(foyer=foyer).regle == Garde.Regle.TOUJOURS
