"""The règlement intérieur signed for each child is a step of the annual renewal (memo,
« Règlement intérieur »): the dossier is not complete, and the family may not book, until it is."""

from __future__ import annotations

import datetime
import re

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
            "nom": client.foyer.titulaire.get_full_name(),
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


def test_dossier_papier_compte_la_signature_papier_saisie_par_le_service(
    famille_complete_sauf_reglement, groupes
):
    """A paper dossier needs the règlement too: signed on paper, recorded by an agent, it
    counts exactly like an online signature."""
    from aides_admin import agent
    from django.core.files.base import ContentFile

    from famille.comptes.roles import EDUCATION

    client = famille_complete_sauf_reglement
    client.dossier.papier = True
    client.dossier.save()
    assert svc.mettre_a_jour_statut(client.dossier).statut == DossierAnnuel.Statut.INCOMPLET
    structure = client.enfant.ecole.structure
    signature = reglement_svc.signer_sur_papier(
        enfant=client.enfant,
        foyer=client.foyer,
        reglement=reglement_svc.reglement_en_vigueur(structure),
        nom="Alex Durand",
        lieu="Cestas",
        signe_le=timezone.now() - datetime.timedelta(days=2),
        scan=ContentFile(b"%PDF-1.4 scan", name="scan.pdf"),
        agent=agent("edith", EDUCATION),
    )
    assert signature.papier and signature.compte == client.foyer.titulaire
    client.dossier.refresh_from_db()
    assert client.dossier.statut == DossierAnnuel.Statut.A_VERIFIER
    (ligne,) = svc.etat(client.dossier).reglements
    assert ligne.fait and ligne.etat.endswith("(papier)")


def test_le_service_ne_peut_pas_valider_un_dossier_au_reglement_non_signe(
    famille_complete_sauf_reglement, education, campagne
):
    """Every pièce accepted and every fiche validated, but the règlement unsigned: the dossier
    is not complete, staff cannot validate it, and the family may not book."""
    dossier = famille_complete_sauf_reglement.dossier
    dossier.pieces.update(statut=PieceJustificative.Statut.ACCEPTEE)
    reponse = education.post(f"/admin/dossiers-revue/revue/{dossier.pk}/valider/", follow=True)
    dossier.refresh_from_db()
    assert dossier.statut != DossierAnnuel.Statut.VALIDE
    assert "Règlement intérieur non signé : Règlement intérieur — Léa." in reponse.content.decode()
    enfant = dossier.foyer.gardes.first().enfant
    assert not peut_reserver(dossier.foyer.titulaire, enfant, campagne.rentree).ok


def test_deux_structures_une_seule_regle_quelle_que_soit_la_structure_choisie(
    famille_complete_sauf_reglement, arbre, campagne
):
    """The family is registered with two structures, each with its règlement: the Dossier
    Famille overview, the règlement page, the dossier's status and the campaign count agree,
    whichever structure the header shows."""
    from famille.comptes.models import Structure
    from famille.dossiers.services.suivi import A_VERIFIER, avancement
    from home.models import ReglementPage

    client = famille_complete_sauf_reglement
    lea = client.enfant
    periscolaire = lea.ecole.structure
    centre = Structure.objects.create(nom="Centre de loisirs", slug="centre", commune="Cestas")
    page = ReglementPage(
        title="Règlement du centre", slug="reglement-centre", structure=centre, corps=TEXTE
    )
    arbre.add_child(instance=page)
    page.save_revision().publish()
    centre.reglement_page = page
    centre.save()
    client.foyer.titulaire.structures.set([periscolaire, centre])
    tom = Enfant.objects.create(
        nom="Durand", prenom="Tom", date_naissance=datetime.date(2019, 4, 1), ecole=lea.ecole
    )
    rattacher_enfant(client.foyer, tom)
    # Two of the four signatures (two children × two structures), both for the periscolaire.
    for enfant in (lea, tom):
        reglement_svc.signer(
            enfant=enfant,
            compte=client.foyer.titulaire,
            reglement=reglement_svc.reglement_en_vigueur(periscolaire),
            nom="Alex Durand",
            lieu="Cestas",
            signe_le=timezone.now(),
            adresse_ip=None,
        )

    def ce_que_voit_le_parent(structure):
        client.post("/structure/", {"structure": structure.pk})
        accueil = client.get("/dossier-famille/").content.decode()
        liste = client.get("/dossier-famille/reglement/").content.decode()
        # The « Ce qu'il vous reste à faire » box of the portal's Accueil.
        reste = client.get("/").content.decode()
        return (
            re.search(r"(\d+) / (\d+) signés", accueil).groups(),
            liste.count(">À signer<"),
            liste.count(">Signé<"),
            sorted(re.findall(r"Règlement intérieur — \w+ \(([^)]+)\)", reste)),
        )

    attendu = (("2", "4"), 2, 2, ["Centre de loisirs", "Centre de loisirs"])
    assert ce_que_voit_le_parent(periscolaire) == attendu
    assert ce_que_voit_le_parent(centre) == attendu
    dossier = svc.mettre_a_jour_statut(client.dossier)
    assert dossier.statut == DossierAnnuel.Statut.INCOMPLET
    assert avancement(campagne).comptes[A_VERIFIER] == 0
    lignes = {ligne.libelle: ligne.fait for ligne in svc.etat(dossier).reglements}
    assert lignes["Règlement intérieur — Léa (Centre de loisirs)"] is False
    assert lignes["Règlement intérieur — Léa (Service périscolaire)"] is True


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
