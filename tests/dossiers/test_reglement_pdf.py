"""The signed fiche as a PDF: for the family that signed it, and for staff in the admin."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from famille.comptes.models import Compte
from famille.dossiers.models import DossierFamillePage, Enfant, SignatureReglement
from famille.dossiers.services import rattacher_enfant
from famille.dossiers.services import reglement as services

TEXTE = "<h2>Article 1 — Inscription</h2><p>Le dossier famille doit être validé.</p>"


@pytest.fixture
def reglement(publier_reglement, structure):
    publier_reglement(TEXTE)
    return services.reglement_en_vigueur(structure)


def signer(foyer, reglement, prenom="Léo") -> SignatureReglement:
    enfant = Enfant.objects.create(
        nom="Martin", prenom=prenom, date_naissance=datetime.date(2016, 5, 1)
    )
    rattacher_enfant(foyer, enfant)
    return services.signer(
        enfant=enfant,
        compte=foyer.titulaire,
        reglement=reglement,
        nom="Camille Martin",
        lieu="Cestas",
        signe_le=timezone.now(),
        adresse_ip="192.0.2.4",
    )


def texte_pdf(contenu: bytes) -> str:
    import io

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(contenu)).pages)


def test_la_famille_telecharge_sa_fiche_signee(parent_client, reglement):
    signature = signer(parent_client.foyer, reglement)
    reponse = parent_client.get(DossierFamillePage.url_de("reglement_pdf", signature.pk))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert "attachment" in reponse["Content-Disposition"]
    texte = texte_pdf(reponse.content)
    for attendu in (
        "Règlement intérieur du périscolaire",
        "Le dossier famille doit être validé.",
        "Léo Martin",
        "Camille Martin",
        "Cestas",
        timezone.localtime(signature.signe_le).strftime("%d/%m/%Y"),
        f"révision n° {reglement.revision.pk}",
        "vérifiée",
    ):
        assert attendu in texte
    assert signature.empreinte[:20] in texte.replace("\n", "")


def test_le_pdf_garde_le_texte_signe_apres_une_nouvelle_version(parent_client, reglement):
    signature = signer(parent_client.foyer, reglement)
    page = reglement.page.specific
    page.corps = "<p>Texte entièrement nouveau.</p>"
    page.save_revision().publish()
    texte = texte_pdf(
        parent_client.get(DossierFamillePage.url_de("reglement_pdf", signature.pk)).content
    )
    assert "Le dossier famille doit être validé." in texte
    assert "Texte entièrement nouveau." not in texte


def test_pdf_d_une_autre_famille_404(parent_client, reglement, creer_famille):
    autre = signer(creer_famille(), reglement, "Zoé")
    reponse = parent_client.get(DossierFamillePage.url_de("reglement_pdf", autre.pk))
    assert reponse.status_code == 404


def test_pdf_signe_par_l_autre_parent_separe_404(parent_client, reglement, creer_famille):
    autre_parent = creer_famille()
    signature = signer(autre_parent, reglement, "Lucas")
    rattacher_enfant(parent_client.foyer, signature.enfant)
    reponse = parent_client.get(DossierFamillePage.url_de("reglement_pdf", signature.pk))
    assert reponse.status_code == 404


def test_pdf_apres_deconnexion_redirige_vers_la_connexion(client, reglement, creer_famille):
    signature = signer(creer_famille(), reglement)
    reponse = client.get(DossierFamillePage.url_de("reglement_pdf", signature.pk))
    assert reponse.status_code == 302 and "/connexion/" in reponse["Location"]


@pytest.fixture
def education(db):
    from famille.comptes.roles import EDUCATION, installer_groupes

    installer_groupes()
    compte = Compte.objects.create_user("agent", password="x", is_staff=True)
    compte.groups.add(Group.objects.get(name=EDUCATION))
    return compte


def test_le_service_education_liste_et_telecharge(client, reglement, creer_famille, education):
    signature = signer(creer_famille(), reglement)
    client.force_login(education)
    liste = client.get(reverse("wagtailsnippets_dossiers_signaturereglement:list"))
    assert liste.status_code == 200
    contenu = liste.content.decode()
    assert "Léo Martin" in contenu and "Télécharger la fiche signée (PDF)" in contenu
    reponse = client.get(
        reverse("wagtailsnippets_dossiers_signaturereglement:pdf", args=[signature.pk])
    )
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert "Léo Martin" in texte_pdf(reponse.content)


def test_filtre_par_structure(client, reglement, creer_famille, education):
    from famille.comptes.models import Structure

    signer(creer_famille(), reglement)
    autre = Structure.objects.create(nom="Autre", slug="autre", commune="X")
    client.force_login(education)
    reponse = client.get(
        reverse("wagtailsnippets_dossiers_signaturereglement:list"), {"structure": autre.pk}
    )
    assert "Léo Martin" not in reponse.content.decode()


def test_personne_ne_modifie_ni_ne_supprime_une_signature(
    client, reglement, creer_famille, education
):
    signature = signer(creer_famille(), reglement)
    education.is_superuser = True
    education.save()
    client.force_login(education)
    nom = "wagtailsnippets_dossiers_signaturereglement"
    assert client.get(reverse(f"{nom}:edit", args=[signature.pk])).status_code in (302, 403)
    assert client.post(reverse(f"{nom}:delete", args=[signature.pk])).status_code in (302, 403)
    assert client.get(reverse(f"{nom}:add")).status_code in (302, 403)
    assert SignatureReglement.objects.filter(pk=signature.pk).exists()


def test_personnel_sans_permission_refuse(client, reglement, creer_famille):
    signature = signer(creer_famille(), reglement)
    from django.contrib.auth.models import Permission

    agent = Compte.objects.create_user("regie", password="x", is_staff=True)
    agent.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(agent)
    reponse = client.get(
        reverse("wagtailsnippets_dossiers_signaturereglement:pdf", args=[signature.pk])
    )
    assert reponse.status_code in (302, 403)
    assert reponse.get("Content-Type") != "application/pdf"


def test_suppression_en_masse_refusee(client, reglement, creer_famille, education):
    signature = signer(creer_famille(), reglement)
    education.is_superuser = True
    education.save()
    client.force_login(education)
    url = (
        reverse("wagtail_bulk_action", args=["dossiers", "signaturereglement", "delete"])
        + f"?id={signature.pk}"
    )
    reponse = client.post(url)
    assert reponse.status_code != 404
    assert SignatureReglement.objects.filter(pk=signature.pk).exists()
