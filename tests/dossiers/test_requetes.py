"""The Dossier Famille tab home stays cheap however many children the family has: a query per
child or per line (an N+1) would make it slower for large families, then for everyone."""

from __future__ import annotations

import datetime

import pytest
from test_campagne import deposer, remplir

from famille.dossiers.models import Ecole, Enfant, FicheSante, PieceJustificative
from famille.dossiers.services import campagne as svc
from famille.dossiers.services import rattacher_enfant


@pytest.fixture
def famille_de_trois(parent_client, publier_reglement, structure, campagne):
    publier_reglement("<p>1</p>", "Règlement du périscolaire")
    ecole = Ecole.objects.create(nom="École du Parc", structure=structure)
    foyer = parent_client.foyer
    enfants = [
        Enfant.objects.create(
            nom="Durand", prenom=prenom, date_naissance=datetime.date(2016 + i, 2, 3), ecole=ecole
        )
        for i, prenom in enumerate(("Léa", "Noé", "Zoé"))
    ]
    for enfant in enfants:
        rattacher_enfant(foyer, enfant)
    remplir(foyer, campagne, enfants)
    FicheSante.objects.filter(enfant=enfants[0]).update(pai=True)
    dossier = svc.dossier_de(foyer, campagne)
    deposer(dossier, PieceJustificative.Type.DOMICILE)
    deposer(dossier, PieceJustificative.Type.PAI_CERTIFICAT, enfants[0])
    svc.valider_fiche(dossier, svc.Fiche.FAMILLE, None, foyer.titulaire)
    return parent_client


def test_accueil_du_dossier_sans_requete_par_enfant(
    famille_de_trois, django_assert_max_num_queries
):
    # 54 queries when written, most of them the session, the menus and the page tree; a query
    # per child or per line on top of them would go over this bound. (+2, constant: the one
    # rule of a complete dossier reads the account's structures and the pièces' review.)
    with django_assert_max_num_queries(58):
        reponse = famille_de_trois.get("/dossier-famille/")
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "1 / 9 validées" in html
    assert "Règlement intérieur — Zoé" in html
