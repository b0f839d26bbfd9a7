"""The one booking-eligibility rule `peut_reserver(compte, enfant, jour)`: the validated
dossier of that day's school year and the custody rule, with French reasons; asking it never
writes, and its batch form `verdicts` costs a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from famille.dossiers.models import DossierAnnuel, Enfant, Garde
from famille.dossiers.services.eligibilite import Cause, peut_reserver, verdicts


def _famille(creer_famille, *prenoms, regle=Garde.Regle.TOUJOURS):
    foyer = creer_famille()
    enfants = []
    for prenom in prenoms:
        enfant = Enfant.objects.create(
            nom="Martin", prenom=prenom, date_naissance=datetime.date(2019, 1, 1)
        )
        Garde.objects.create(foyer=foyer, enfant=enfant, regle=regle)
        enfants.append(enfant)
    return foyer, enfants


def test_sans_campagne_rien_n_est_exige(creer_famille):
    foyer, (lea,) = _famille(creer_famille, "Léa")
    assert peut_reserver(foyer.titulaire, lea, datetime.date(2031, 3, 3)).ok


def test_dossier_non_valide_refuse_et_ne_cree_rien(creer_famille, campagne):
    foyer, (lea,) = _famille(creer_famille, "Léa")
    verdict = peut_reserver(foyer.titulaire, lea, campagne.rentree)
    assert not verdict and verdict.cause == Cause.DOSSIER
    assert verdict.raisons[0].startswith(
        f"Votre dossier famille {campagne.annee_scolaire} doit être validé avant de réserver"
    )
    assert not DossierAnnuel.objects.exists()  # reading never writes


def test_a_verifier_puis_valide_et_l_ete_qui_suit(creer_famille, campagne):
    foyer, (lea,) = _famille(creer_famille, "Léa")
    dossier = DossierAnnuel.objects.create(
        foyer=foyer, campagne=campagne, statut=DossierAnnuel.Statut.A_VERIFIER
    )
    verdict = peut_reserver(foyer.titulaire, lea, campagne.rentree + datetime.timedelta(days=10))
    assert "en cours de vérification par le service Éducation" in verdict.raisons[0]
    dossier.statut = DossierAnnuel.Statut.VALIDE
    dossier.save()
    assert peut_reserver(foyer.titulaire, lea, campagne.rentree).ok
    # The summer after the year belongs to the same dossier.
    assert peut_reserver(foyer.titulaire, lea, campagne.fin_annee + datetime.timedelta(days=20))


def test_annee_suivante_exige_son_propre_dossier(creer_famille, campagne):
    from test_campagne import creer_campagne

    foyer, (lea,) = _famille(creer_famille, "Léa")
    DossierAnnuel.objects.create(foyer=foyer, campagne=campagne, statut=DossierAnnuel.Statut.VALIDE)
    suivante = creer_campagne(
        campagne.cloture + datetime.timedelta(days=300),
        campagne.cloture + datetime.timedelta(days=360),
        campagne.rentree.year + 1,
    )
    assert not peut_reserver(foyer.titulaire, lea, suivante.rentree)


def test_garde_de_l_autre_parent_et_enfant_d_une_autre_famille(creer_famille):
    foyer, (lea,) = _famille(creer_famille, "Léa", regle=Garde.Regle.SEMAINES_PAIRES)
    impaire = datetime.date(2026, 9, 7)
    verdict = peut_reserver(foyer.titulaire, lea, impaire)
    assert verdict.cause == Cause.GARDE
    assert "Léa est en garde chez son autre parent" in verdict.raisons[0]
    autre, _ = _famille(creer_famille, "Zoé")
    assert peut_reserver(autre.titulaire, lea, impaire).cause == Cause.ENFANT


def test_verdicts_en_nombre_fixe_de_requetes(creer_famille, campagne):
    foyer, enfants = _famille(creer_famille, "Léa", "Hugo", "Emma")
    jours = [campagne.rentree + datetime.timedelta(days=n) for n in range(60)]
    compte = type(foyer.titulaire).objects.select_related("foyer").get(pk=foyer.titulaire_id)
    with CaptureQueriesContext(connection) as requetes:
        resultat = verdicts(compte, enfants, jours)
    assert len(resultat) == 180
    assert len(requetes) <= 5
