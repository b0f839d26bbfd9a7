"""Paper dossiers entered by the Education service in the Wagtail admin: each fiche with the
parent's forms, « Valider » for the family, the history with the staff member as author, who
may do it (santé: Éducation only), and the dossier validated though the family never logged
in."""

from __future__ import annotations

import datetime

import pytest
from aides_admin import agent, refuse, texte
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from famille.comptes.roles import COMMUNICATION, REGIE
from famille.dossiers.demo_pieces import pdf_minimal
from famille.dossiers.models import (
    Assurance,
    Autorisation,
    Contact,
    DossierAnnuel,
    Ecole,
    Enfant,
    FicheSante,
    Foyer,
    Modification,
    PieceJustificative,
    ResponsableLegal,
    ValidationFiche,
)
from famille.dossiers.services import campagne as campagne_service
from famille.dossiers.services import pieces as service_pieces
from famille.dossiers.services import rattacher_enfant
from famille.dossiers.services.eligibilite import peut_reserver

SAISIE = "/admin/dossiers-papier/"
REVUE = "/admin/dossiers-revue/"


@pytest.fixture
def papier(creer_famille, campagne, structure):
    """A family without internet: never logged in, one child, a dossier marked paper."""
    foyer = creer_famille(nom="Sansnet", emails="", premiere_connexion_faite=False)
    ecole = Ecole.objects.create(nom="École du Parc", structure=structure)
    enfant = Enfant.objects.create(
        nom="Sansnet", prenom="Lina", date_naissance=datetime.date(2020, 5, 4), ecole=ecole
    )
    rattacher_enfant(foyer, enfant)
    Foyer.objects.filter(pk=foyer.pk).update(dossier_papier=True)
    foyer.dossier = DossierAnnuel.objects.create(foyer=foyer, campagne=campagne, papier=True)
    foyer.enfant = enfant
    return foyer


def formset(prefixe: str, lignes: list[dict]) -> dict:
    donnees = {
        f"{prefixe}-TOTAL_FORMS": str(len(lignes)),
        f"{prefixe}-INITIAL_FORMS": "0",
        f"{prefixe}-MIN_NUM_FORMS": "0",
        f"{prefixe}-MAX_NUM_FORMS": "1000",
    }
    for i, ligne in enumerate(lignes):
        donnees.update({f"{prefixe}-{i}-{cle}": valeur for cle, valeur in ligne.items()})
    return donnees


def donnees_famille(enfant: Enfant, **foyer) -> dict:
    champs = {
        "adresse": "3 rue du Moulin",
        "code_postal": "33610",
        "ville": "Cestas",
        "telephone": "05 56 00 00 01",
        "situation": "maries",
        "nombre_enfants": "1",
        "regime": "caf",
        "numero_allocataire": "1234567",
        "reside_commune": "True",
        **foyer,
    }
    donnees = {f"foyer-{cle}": valeur for cle, valeur in champs.items()}
    responsable = {
        "prenom": "Sonia",
        "nom": "Sansnet",
        "lien": "mere",
        "telephone": "06 11 22 33 44",
        "enfants": [enfant.pk],
    }
    return donnees | formset("responsables", [responsable])


def valider(client, foyer, fiche: str, enfant: Enfant | None = None):
    suffixe = f"{fiche}/{enfant.pk}/" if enfant else f"{fiche}/"
    return client.post(f"{SAISIE}{foyer.dossier.pk}/valider/{suffixe}")


def derniere_modification(foyer, fiche: str) -> Modification:
    return Modification.objects.filter(foyer=foyer, fiche=fiche).latest("date")


def test_le_service_saisit_et_valide_chaque_fiche_puis_le_dossier(education, papier, campagne):
    dossier, enfant, agent_ = papier.dossier, papier.enfant, education.compte
    accueil = education.get(f"{SAISIE}{dossier.pk}/")
    assert accueil.status_code == 200
    assert "Saisir le dossier papier de" in texte(accueil)
    assert "Fiche santé de Lina" in texte(accueil)

    # Fiche famille: the foyer and a responsable légal linked to the child.
    url = f"{SAISIE}{dossier.pk}/famille/"
    assert education.get(url).status_code == 200
    reponse = education.post(url, donnees_famille(enfant))
    assert reponse.status_code == 302 and reponse["Location"] == f"{SAISIE}{dossier.pk}/"
    papier.refresh_from_db()
    assert (papier.adresse, papier.numero_allocataire) == ("3 rue du Moulin", "1234567")
    responsable = ResponsableLegal.objects.get(foyer=papier)
    assert list(responsable.enfants.all()) == [enfant]
    modification = derniere_modification(papier, "famille")
    assert modification.auteur == agent_
    assert modification.changements["Adresse"] == ["", "3 rue du Moulin"]

    # Contacts of the child.
    url = f"{SAISIE}{dossier.pk}/contacts/{enfant.pk}/"
    assert education.get(url).status_code == 200
    contact = {
        "prenom": "Mamie",
        "nom": "Sansnet",
        "lien": "grand-mère",
        "telephone": "06 99 88 77 66",
        "appeler_en_urgence": "on",
    }
    assert education.post(url, formset("contacts", [contact])).status_code == 302
    assert Contact.objects.get(enfant=enfant).prenom == "Mamie"
    assert derniere_modification(papier, "contacts").auteur == agent_

    # Assurance of the school year.
    url = f"{SAISIE}{dossier.pk}/assurance/"
    assert education.get(url).status_code == 200
    assurance = {
        "assureur": "MAIF",
        "numero_contrat": "A-42",
        "debut": campagne.rentree - datetime.timedelta(days=30),
        "fin": campagne.fin_annee + datetime.timedelta(days=30),
    }
    assert education.post(url, assurance).status_code == 302
    assert Assurance.objects.get(foyer=papier, campagne=campagne).assureur == "MAIF"
    assert derniere_modification(papier, "assurance").auteur == agent_

    # Autorisations of the child.
    url = f"{SAISIE}{dossier.pk}/autorisations/{enfant.pk}/"
    assert education.get(url).status_code == 200
    autorisations = {
        "photo_video": "False",
        "sortie_seul": "False",
        "transport_sorties": "True",
        "soins_urgence": "True",
    }
    assert education.post(url, autorisations).status_code == 302
    assert Autorisation.objects.get(enfant=enfant).transport_sorties is True
    assert derniere_modification(papier, "autorisations").auteur == agent_

    # Fiche santé of the child (Éducation group).
    url = f"{SAISIE}{dossier.pk}/sante/{enfant.pk}/"
    assert education.get(url).status_code == 200
    sante = {
        "medecin_nom": "Dr Martin",
        "vaccin_dtp_date": "2025-01-10",
        "pai": "False",
        "regime": "standard",
        "besoins_particuliers": "False",
    }
    assert education.post(url, sante).status_code == 302
    assert FicheSante.objects.get(enfant=enfant).medecin_nom == "Dr Martin"
    modification = derniere_modification(papier, "sante")
    assert modification.auteur == agent_ and modification.sante

    # « Valider » each fiche for the family: recorded with the staff member.
    for fiche, qui in (
        ("famille", None),
        ("contacts", None),
        ("assurance", None),
        ("autorisations", enfant),
        ("sante", enfant),
    ):
        reponse = valider(education, papier, fiche, qui)
        assert reponse.status_code == 302
        validation = ValidationFiche.objects.get(dossier=dossier, fiche=fiche, enfant=qui)
        assert validation.valide_par == agent_
    assert "Validée le" in texte(education.get(f"{SAISIE}{dossier.pk}/"))

    # The pieces, deposited and accepted by staff: the dossier is complete and validated,
    # though the family never logged in.
    for type_piece in ("domicile", "assurance"):
        fichier = SimpleUploadedFile("scan.pdf", pdf_minimal(type_piece))
        reponse = education.post(
            f"{REVUE}revue/{dossier.pk}/deposer/", {"piece": type_piece, "fichiers": fichier}
        )
        assert reponse.status_code == 302
        piece = PieceJustificative.objects.get(dossier=dossier, type=type_piece)
        education.post(f"{REVUE}piece/{piece.pk}/decision/", {"decision": "accepter"})
    dossier.refresh_from_db()
    # Every fiche validated, every piece there: complete, to be checked by the service.
    assert dossier.statut == DossierAnnuel.Statut.A_VERIFIER
    assert campagne_service.etat(dossier).complet
    assert service_pieces.manques_pour_valider(dossier) == []
    reponse = education.post(f"{REVUE}revue/{dossier.pk}/valider/")
    assert reponse.status_code == 302
    dossier.refresh_from_db()
    assert dossier.statut == DossierAnnuel.Statut.VALIDE and dossier.valide_par == agent_
    enfant = papier.enfants.first()
    assert peut_reserver(papier.titulaire, enfant, campagne.rentree).ok
    papier.titulaire.refresh_from_db()
    assert papier.titulaire.last_login is None


def test_champ_obligatoire_vide_message_en_francais_et_rien_d_enregistre(education, papier):
    dossier = papier.dossier
    reponse = education.post(
        f"{SAISIE}{dossier.pk}/famille/", donnees_famille(papier.enfant, ville="")
    )
    assert reponse.status_code == 200
    html = texte(reponse)
    assert "Ce champ est à renseigner." in html
    assert "La fiche n'est pas enregistrée : corrigez les champs signalés." in html
    assert 'id="id_foyer-ville_error"' in html  # what aria-describedby points at
    # The rest of the form is kept.
    assert 'value="3 rue du Moulin"' in html
    papier.refresh_from_db()
    assert papier.adresse == "" and not ResponsableLegal.objects.filter(foyer=papier).exists()
    assert not Modification.objects.filter(foyer=papier).exists()

    url = f"{SAISIE}{dossier.pk}/autorisations/{papier.enfant.pk}/"
    reponse = education.post(url, {"photo_video": "True", "sortie_seul": "True"})
    html = texte(reponse)
    assert "Répondez par oui ou par non à cette question." in html
    assert "Indiquez l'heure à partir de laquelle votre enfant peut quitter seul" in html
    assert not Autorisation.objects.filter(enfant=papier.enfant).exists()


def test_valider_une_fiche_incomplete_est_refuse_avec_la_raison(education, papier):
    reponse = valider(education, papier, "sante", papier.enfant)
    assert reponse.status_code == 302
    assert not ValidationFiche.objects.filter(dossier=papier.dossier).exists()
    html = texte(education.get(reponse["Location"]))
    assert "Remplissez la fiche santé de Lina." in html


@pytest.mark.parametrize("groupe", [COMMUNICATION, REGIE])
def test_communication_et_regie_sont_refusees(client, groupes, papier, groupe):
    client.force_login(agent("autre", groupe))
    dossier, enfant = papier.dossier, papier.enfant
    for url in (
        f"{SAISIE}{dossier.pk}/",
        f"{SAISIE}{dossier.pk}/famille/",
        f"{SAISIE}{dossier.pk}/contacts/{enfant.pk}/",
        f"{SAISIE}{dossier.pk}/assurance/",
        f"{SAISIE}{dossier.pk}/autorisations/{enfant.pk}/",
        f"{SAISIE}{dossier.pk}/sante/{enfant.pk}/",
        f"{SAISIE}foyer/{papier.pk}/",
    ):
        assert refuse(client.get(url)), url
    assert refuse(client.post(f"{SAISIE}{dossier.pk}/famille/", donnees_famille(enfant)))
    assert refuse(valider(client, papier, "famille"))
    papier.refresh_from_db()
    assert papier.adresse == "" and not Modification.objects.filter(foyer=papier).exists()


def test_sante_reservee_au_groupe_education(client, groupes, papier):
    accueil = Group.objects.create(name="Accueil")
    accueil.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_foyer"),
    )
    client.force_login(agent("paul", "Accueil"))
    dossier, enfant = papier.dossier, papier.enfant
    assert client.get(f"{SAISIE}{dossier.pk}/autorisations/{enfant.pk}/").status_code == 200
    url = f"{SAISIE}{dossier.pk}/sante/{enfant.pk}/"
    assert refuse(client.get(url))
    assert refuse(client.post(url, {"medecin_nom": "Dr X", "pai": "False"}))
    assert refuse(valider(client, papier, "sante", enfant))
    assert not FicheSante.objects.filter(enfant=enfant).exists()
    html = texte(client.get(f"{SAISIE}{dossier.pk}/"))
    assert "Réservée au service Éducation." in html
    assert url not in html


def test_dossier_en_ligne_non_saisissable(education, creer_famille, campagne):
    foyer = creer_famille(nom="Connecte")
    dossier = DossierAnnuel.objects.create(foyer=foyer, campagne=campagne)
    reponse = education.get(f"{SAISIE}{dossier.pk}/famille/")
    assert reponse.status_code == 302 and reponse["Location"] == f"{REVUE}revue/{dossier.pk}/"
    assert "n'est pas marqué « dossier papier »" in texte(education.get(reponse["Location"]))
    assert education.post(f"{SAISIE}{dossier.pk}/famille/", {}).status_code == 302
    assert not Modification.objects.filter(foyer=foyer).exists()


def test_enfant_d_une_autre_famille_404(education, papier, creer_famille):
    autre = creer_famille(nom="Ailleurs")
    enfant = Enfant.objects.create(nom="Ailleurs", prenom="Tom", date_naissance="2019-01-01")
    rattacher_enfant(autre, enfant)
    url = f"{SAISIE}{papier.dossier.pk}/autorisations/{enfant.pk}/"
    assert education.get(url).status_code == 404


def test_liens_depuis_la_revue_et_la_liste_des_comptes(education, papier, campagne):
    revue = texte(education.get(f"{REVUE}revue/{papier.dossier.pk}/"))
    assert f'href="{SAISIE}{papier.dossier.pk}/"' in revue
    liste = texte(education.get("/admin/snippets/dossiers/foyer/"))
    assert "Saisir le dossier papier" in liste
    # From the list: the foyer is marked paper, so is its dossier of the current campaign.
    DossierAnnuel.objects.filter(pk=papier.dossier.pk).delete()
    reponse = education.get(f"{SAISIE}foyer/{papier.pk}/")
    dossier = DossierAnnuel.objects.get(foyer=papier, campagne=campagne)
    assert dossier.papier
    assert reponse.status_code == 302 and reponse["Location"] == f"{SAISIE}{dossier.pk}/"


def test_signature_papier_du_reglement_saisie_par_le_service(
    education, papier, publier_reglement, structure
):
    """Issue 9.8: the paper signature (who, place, date, scan) counts like an online one; a
    refused form saves nothing and says why next to the field."""
    from famille.dossiers.models import SignatureReglement

    publier_reglement("<p>Article 1.</p>")
    dossier = papier.dossier
    accueil = texte(education.get(f"{SAISIE}{dossier.pk}/"))
    assert "Règlement intérieur — Lina : À signer" in accueil
    url = f"{SAISIE}{dossier.pk}/reglement/{papier.enfant.pk}/{structure.pk}/"
    assert url in accueil

    donnees = {"nom": "Camille Sansnet", "lieu": "Cestas", "date": "2001-01-01"}
    reponse = education.post(url, donnees)
    assert reponse.status_code == 400
    assert "Joignez la fiche signée numérisée." in texte(reponse)
    assert not SignatureReglement.objects.exists()

    scan = SimpleUploadedFile("fiche-signee.pdf", pdf_minimal("signée"))
    reponse = education.post(url, donnees | {"scan": scan})
    assert reponse.status_code == 302
    signature = SignatureReglement.objects.get()
    assert signature.papier and signature.saisie_par == education.compte
    assert signature.compte == papier.titulaire and signature.scan.name
    (ligne,) = campagne_service.etat(dossier).reglements
    assert ligne.fait and ligne.etat == "Signé le 01/01/2001 (papier)"
    DossierAnnuel.objects.filter(pk=dossier.pk).update(transmis_le=signature.enregistre_le)
    revue = texte(education.get(f"{REVUE}revue/{dossier.pk}/"))
    assert "Règlement intérieur — Lina : Signé le 01/01/2001 (papier)" in revue
    assert "Transmis par la famille" not in revue
    assert "Dossier papier complet (saisi par le service Éducation) le" in revue
