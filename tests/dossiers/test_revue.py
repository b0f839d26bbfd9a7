"""The Education service's review in the Wagtail admin: list and filters, review screen,
accept / refuse with a reason (e-mail to the family), validation of the dossier, paper
dossiers, the dashboard's progress, and who may see health pieces."""

from __future__ import annotations

import datetime
import re

import pytest
from aides_admin import agent, refuse, texte
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from famille.comptes.roles import installer_groupes
from famille.dossiers.demo_pieces import pdf_minimal, png_minimal
from famille.dossiers.models import (
    DossierAnnuel,
    Ecole,
    Enfant,
    FicheSante,
    Foyer,
    PieceJustificative,
    ValidationFiche,
)
from famille.dossiers.services import campagne as campagne_service
from famille.dossiers.services import pieces as service
from famille.dossiers.services import rattacher_enfant

ADMIN = "/admin/dossiers-revue/"


@pytest.fixture
def famille(creer_famille, campagne, structure):
    """A family with a child with a PAI, proof of address and PAI certificate deposited."""
    foyer = creer_famille(nom="Martin")
    ecole = Ecole.objects.create(nom="École du Parc", structure=structure)
    enfant = Enfant.objects.create(
        nom="Martin", prenom="Jules", date_naissance=datetime.date(2021, 3, 3), ecole=ecole
    )
    rattacher_enfant(foyer, enfant)
    FicheSante.objects.create(
        enfant=enfant, pai=True, allergies="Arachide", vaccin_dtp_date=datetime.date(2024, 1, 1)
    )
    dossier = service.dossier_courant(foyer)
    for type_piece, qui, nom, contenu in (
        ("domicile", None, "facture.pdf", pdf_minimal()),
        ("pai_certificat", enfant, "certificat.pdf", pdf_minimal("certificat")),
    ):
        service.deposer(
            dossier,
            type_piece,
            qui,
            [service.verifier_fichier(SimpleUploadedFile(nom, contenu))],
            foyer.titulaire,
        )
    foyer.enfant = enfant
    foyer.dossier = dossier
    return foyer


def piece(foyer, type_piece) -> PieceJustificative:
    return PieceJustificative.objects.get(dossier__foyer=foyer, type=type_piece)


def test_liste_des_dossiers_avec_filtres(education, famille, creer_famille, structure):
    autre = creer_famille(nom="Durand")
    DossierAnnuel.objects.create(foyer=autre, campagne=famille.dossier.campagne)
    ailleurs = Ecole.objects.create(nom="École des Pins", structure=structure)
    html = texte(education.get(ADMIN))
    assert "Martin" in html and "Durand" in html
    par_ecole = texte(education.get(ADMIN, {"ecole": famille.enfant.ecole.pk}))
    assert "Martin" in par_ecole and "Durand" not in par_ecole
    assert "Martin" not in texte(education.get(ADMIN, {"ecole": ailleurs.pk}))
    incomplets = texte(education.get(ADMIN, {"statut": "incomplet"}))
    assert "Martin" in incomplets and "Durand" not in incomplets
    assert "Martin" not in texte(education.get(ADMIN, {"statut": "valide"}))
    assert f"{ADMIN}revue/{famille.dossier.pk}/" in html


def test_ecran_de_revue_montre_fiches_et_pieces(education, famille):
    html = texte(education.get(f"{ADMIN}revue/{famille.dossier.pk}/"))
    assert "Fiche famille" in html and famille.numero in html
    assert "Justificatif de domicile de moins de deux mois" in html
    assert "Certificat médical du PAI — Jules" in html
    assert "Arachide" in html  # Éducation sees the fiche santé
    assert "facture.pdf" in html and "certificat.pdf" in html


def test_accepter_une_piece(education, famille):
    domicile = piece(famille, "domicile")
    reponse = education.post(f"{ADMIN}piece/{domicile.pk}/decision/", {"decision": "accepter"})
    assert reponse.status_code == 302
    domicile.refresh_from_db()
    assert domicile.statut == PieceJustificative.Statut.ACCEPTEE
    assert domicile.verifiee_par == education.compte
    assert domicile.verifiee_le is not None


def test_refus_sans_motif_refuse(education, famille):
    domicile = piece(famille, "domicile")
    reponse = education.post(
        f"{ADMIN}piece/{domicile.pk}/decision/", {"decision": "refuser", "motif": "  "}
    )
    assert reponse.status_code == 400
    assert "Indiquez le motif du refus : la famille le verra." in texte(reponse)
    domicile.refresh_from_db()
    assert domicile.statut == PieceJustificative.Statut.DEPOSEE
    assert not mail.outbox


def test_refus_envoie_un_email_et_s_affiche_chez_le_parent(
    education, famille, client, django_capture_on_commit_callbacks
):
    domicile = piece(famille, "domicile")
    with django_capture_on_commit_callbacks(execute=True):
        education.post(
            f"{ADMIN}piece/{domicile.pk}/decision/",
            {"decision": "refuser", "motif": "La facture date de plus de deux mois."},
        )
    domicile.refresh_from_db()
    assert domicile.statut == PieceJustificative.Statut.REFUSEE
    assert len(mail.outbox) == 1
    courriel = mail.outbox[0]
    assert courriel.to == [famille.titulaire.email]
    assert "Justificatif de domicile" in courriel.body
    assert "La facture date de plus de deux mois." in courriel.body
    assert "/dossier-famille/pieces/" in courriel.body

    client.force_login(famille.titulaire)
    html = texte(client.get("/dossier-famille/pieces/"))
    assert "Refusée" in html
    assert "Motif du refus :</strong> La facture date de plus de deux mois." in html


def test_refus_d_une_piece_de_sante_sans_donnee_de_sante_dans_l_email(
    education, famille, django_capture_on_commit_callbacks
):
    certificat = piece(famille, "pai_certificat")
    with django_capture_on_commit_callbacks(execute=True):
        education.post(
            f"{ADMIN}piece/{certificat.pk}/decision/",
            {"decision": "refuser", "motif": "Le protocole arachide n'est pas signé."},
        )
    corps = mail.outbox[0].body
    for sensible in ("PAI", "arachide", "médical", "Jules", "santé"):
        assert sensible.lower() not in corps.lower(), sensible
    assert "Le document et le motif sont indiqués sur le portail." in corps


def test_valider_le_dossier_quand_tout_est_accepte(education, famille):
    url = f"{ADMIN}revue/{famille.dossier.pk}/valider/"
    education.post(url)
    famille.dossier.refresh_from_db()
    assert famille.dossier.statut != DossierAnnuel.Statut.VALIDE
    html = texte(education.get(f"{ADMIN}revue/{famille.dossier.pk}/"))
    assert "Toutes les pièces obligatoires doivent être acceptées" in html

    for p in PieceJustificative.objects.filter(dossier=famille.dossier):
        service.accepter(p, education.compte)
    service.deposer(
        famille.dossier,
        "assurance",
        None,
        [service.verifier_fichier(SimpleUploadedFile("a.pdf", pdf_minimal()))],
        famille.titulaire,
    )
    service.deposer(
        famille.dossier,
        "pai_photo",
        famille.enfant,
        [service.verifier_fichier(SimpleUploadedFile("p.png", png_minimal()))],
        famille.titulaire,
    )
    for p in PieceJustificative.objects.filter(statut="deposee"):
        service.accepter(p, education.compte)
    for fiche, enfant in campagne_service.fiches_attendues(famille):
        ValidationFiche.objects.create(
            dossier=famille.dossier, fiche=fiche, enfant=enfant, valide_par=famille.titulaire
        )
    education.post(url)
    famille.dossier.refresh_from_db()
    assert famille.dossier.statut == DossierAnnuel.Statut.VALIDE
    assert famille.dossier.valide_par == education.compte
    assert famille.dossier.valide_le is not None
    assert "Validé" in texte(education.get(ADMIN, {"statut": "valide"}))


def test_dossier_papier_saisi_par_le_service(education, creer_famille, campagne):
    foyer = creer_famille(nom="Sansnet")
    dossier = DossierAnnuel.objects.create(foyer=foyer, campagne=campagne)
    depot = f"{ADMIN}revue/{dossier.pk}/deposer/"
    fichier = SimpleUploadedFile("scan.pdf", pdf_minimal())
    assert refuse(education.post(depot, {"piece": "domicile", "fichiers": fichier}))

    education.post(f"{ADMIN}revue/{dossier.pk}/papier/", {"papier": "1"})
    dossier.refresh_from_db()
    foyer.refresh_from_db()
    assert dossier.papier and foyer.dossier_papier
    fichier = SimpleUploadedFile("scan.pdf", pdf_minimal())
    assert education.post(depot, {"piece": "domicile", "fichiers": fichier}).status_code == 302
    depose = PieceJustificative.objects.get(dossier=dossier).fichiers.get()
    assert depose.depose_par == education.compte
    # Same checks as the family's upload.
    gros = SimpleUploadedFile("gros.pdf", pdf_minimal() + b"0" * (3 * 1024 * 1024))
    reponse = education.post(depot, {"piece": "assurance", "fichiers": gros})
    assert "Le fichier fait 3,1 Mo : 2 Mo au maximum" in texte(reponse)
    assert not PieceJustificative.objects.filter(dossier=dossier, type="assurance").exists()
    assert "Sansnet" in texte(education.get(ADMIN, {"papier": "true"}))
    assert "Sansnet" not in texte(education.get(ADMIN, {"papier": "false"}))


def test_creation_d_un_dossier_papier_depuis_la_liste(education, creer_famille, campagne):
    foyer = creer_famille(nom="Guichet")
    reponse = education.post(
        f"{ADMIN}new/", {"foyer": foyer.pk, "campagne": campagne.pk, "papier": "on"}
    )
    assert reponse.status_code == 302
    assert DossierAnnuel.objects.get(foyer=foyer).papier


def test_telechargement_par_le_service(education, famille):
    fichier = piece(famille, "pai_certificat").fichiers.get()
    reponse = education.get(f"{ADMIN}fichier/{fichier.pk}/")
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert reponse["Content-Type"] == "application/pdf"


def test_pieces_de_sante_reservees_au_groupe_education(client, arbre, famille):
    installer_groupes()
    lecteurs = Group.objects.create(name="Lecteurs")
    lecteurs.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_piecejustificative"),
        Permission.objects.get(codename="view_dossierannuel"),
    )
    client.force_login(agent("lucie", "Lecteurs"))
    domicile = piece(famille, "domicile").fichiers.get()
    certificat = piece(famille, "pai_certificat").fichiers.get()
    assert client.get(f"{ADMIN}fichier/{domicile.pk}/").status_code == 200
    assert refuse(client.get(f"{ADMIN}fichier/{certificat.pk}/"))
    html = texte(client.get(f"{ADMIN}revue/{famille.dossier.pk}/"))
    assert "certificat.pdf" not in html and "Arachide" not in html
    assert "Pièce de santé : réservée au service Éducation." in html
    # No change permission: no decision either.
    reponse = client.post(
        f"{ADMIN}piece/{piece(famille, 'domicile').pk}/decision/", {"decision": "accepter"}
    )
    assert refuse(reponse)


def test_sans_permission_pas_d_acces(client, arbre, famille):
    installer_groupes()
    client.force_login(agent("regis", "Régie"))
    fichier = piece(famille, "domicile").fichiers.get()
    assert refuse(client.get(f"{ADMIN}fichier/{fichier.pk}/"))
    assert refuse(client.get(f"{ADMIN}revue/{famille.dossier.pk}/"))
    # A parent is not staff: the admin sends them to its login page.
    client.force_login(famille.titulaire)
    reponse = client.get(f"{ADMIN}fichier/{fichier.pk}/")
    assert reponse.status_code == 302 and reponse["Location"].startswith("/admin/login/")


def test_avancement_de_la_campagne_sur_le_tableau_de_bord(
    education, famille, creer_famille, campagne
):
    for nom, statut in (("Valide", "valide"), ("Averif", "a_verifier")):
        foyer = creer_famille(nom=nom)
        rattacher_enfant(
            foyer,
            Enfant.objects.create(nom=nom, prenom="A", date_naissance=datetime.date(2020, 1, 1)),
        )
        DossierAnnuel.objects.create(foyer=foyer, campagne=campagne, statut=statut)
    sans_dossier = creer_famille(nom="Pasencore")
    rattacher_enfant(
        sans_dossier,
        Enfant.objects.create(nom="P", prenom="B", date_naissance=datetime.date(2020, 1, 1)),
    )
    html = " ".join(re.sub(r"<[^>]+>", "", texte(education.get("/admin/"))).split())
    assert "Renouvellement des dossiers — 2030-2031" in html
    assert "Sur 4 familles" in html
    assert "1 — Validés" in html
    assert "1 — À vérifier" in html
    # The `famille` fixture deposited pieces (incomplete); « Pasencore » never started.
    assert "1 — Non commencés (jamais connectés compris)" in html
    assert "1 — Incomplets" in html
    assert Foyer.objects.count() == 4
