"""The règlement intérieur signed for each child is a step of the annual renewal (memo,
« Règlement intérieur »): the dossier is not complete, and the family may not book, until it is."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from test_campagne import creer_campagne, deposer, remplir

from famille.dossiers.models import DossierAnnuel, Ecole, Enfant, PieceJustificative
from famille.dossiers.services import campagne as svc
from famille.dossiers.services import rattacher_enfant
from famille.dossiers.services import reglement as reglement_svc
from famille.dossiers.services.eligibilite import peut_reserver

TEXTE = "<p>Article 1 : réserver au moins 3 jours à l'avance.</p>"


@pytest.fixture
def campagne(db):
    aujourdhui = timezone.localdate()
    return creer_campagne(
        aujourdhui - datetime.timedelta(days=5),
        aujourdhui + datetime.timedelta(days=30),
        aujourdhui.year,
    )


@pytest.fixture
def famille_complete_sauf_reglement(parent_client, publier_reglement, structure, campagne):
    publier_reglement(TEXTE, "Règlement du périscolaire")
    ecole = Ecole.objects.create(nom="École du Parc", structure=structure)
    foyer = parent_client.foyer
    enfant = Enfant.objects.create(
        nom="Durand", prenom="Léa", date_naissance=datetime.date(2017, 2, 3), ecole=ecole
    )
    rattacher_enfant(foyer, enfant)
    remplir(foyer, campagne, [enfant])
    dossier = svc.dossier_de(foyer, campagne)
    deposer(dossier, PieceJustificative.Type.DOMICILE)
    deposer(dossier, PieceJustificative.Type.ASSURANCE)
    for fiche, enfant_fiche in svc.fiches_attendues(foyer):
        svc.valider_fiche(dossier, fiche, enfant_fiche, foyer.titulaire)
    parent_client.enfant = enfant
    parent_client.dossier = dossier
    return parent_client


def test_reglement_non_signe_laisse_le_dossier_incomplet(famille_complete_sauf_reglement, campagne):
    client = famille_complete_sauf_reglement
    dossier = svc.mettre_a_jour_statut(client.dossier)
    assert dossier.statut == DossierAnnuel.Statut.INCOMPLET
    html = client.get("/dossier-famille/").content.decode()
    assert "Règlement intérieur — Léa" in html
    assert "À signer" in html
    verdict = peut_reserver(client.foyer.titulaire, client.enfant, campagne.rentree)
    assert not verdict.ok
    assert verdict.raisons[0].startswith(
        f"Votre dossier famille {campagne.annee_scolaire} doit être validé avant de réserver"
    )


def test_signer_le_reglement_transmet_le_dossier(famille_complete_sauf_reglement):
    client = famille_complete_sauf_reglement
    maintenant = timezone.localtime()
    url = f"/dossier-famille/reglement/{client.enfant.pk}/"
    reponse = client.post(
        url,
        {
            "lu": "on",
            "nom": "Alex Durand",
            "lieu": "Cestas",
            "date": maintenant.strftime("%Y-%m-%d"),
            "heure": maintenant.strftime("%H:%M"),
            "version": reglement_svc.empreinte(TEXTE),
        },
    )
    assert reponse.status_code == 302
    client.dossier.refresh_from_db()
    assert client.dossier.statut == DossierAnnuel.Statut.A_VERIFIER
    html = client.get("/dossier-famille/").content.decode()
    assert "1 / 1 signés" in html


def test_dossier_papier_ne_demande_pas_de_signature_en_ligne(famille_complete_sauf_reglement):
    client = famille_complete_sauf_reglement
    client.dossier.papier = True
    client.dossier.save()
    dossier = svc.mettre_a_jour_statut(client.dossier)
    assert dossier.statut == DossierAnnuel.Statut.A_VERIFIER


def test_les_enfants_sont_dans_le_meme_ordre_dans_chaque_liste(famille_complete_sauf_reglement):
    """Fiches, pièces and règlement list the children eldest first, so a parent finds each
    child at the same place in every section of the tab."""
    from famille.dossiers.models import FicheSante

    client = famille_complete_sauf_reglement
    lea = client.enfant
    cadet = Enfant.objects.create(
        nom="Durand", prenom="Adam", date_naissance=datetime.date(2020, 5, 6), ecole=lea.ecole
    )
    rattacher_enfant(client.foyer, cadet)
    for enfant in (lea, cadet):
        FicheSante.objects.update_or_create(enfant=enfant, defaults={"pai": True})
    etat = svc.etat(client.dossier)

    def ordre(lignes):
        prenoms = [p for ligne in lignes for p in ("Léa", "Adam") if p in ligne.libelle]
        return list(dict.fromkeys(prenoms))

    assert ordre(etat.fiches) == ["Léa", "Adam"]
    assert ordre(etat.pieces) == ["Léa", "Adam"]
    assert ordre(etat.reglements) == ["Léa", "Adam"]
