"""« Mes données »: the JSON and PDF exports hold the family's data and nobody else's."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from famille.dossiers.models import (
    Assurance,
    Autorisation,
    Campagne,
    Contact,
    DossierAnnuel,
    DossierFamillePage,
    Enfant,
    FicheSante,
    Fichier,
    Modification,
    PieceJustificative,
    ResponsableLegal,
    SignatureReglement,
)
from famille.dossiers.services import rattacher_enfant
from famille.reservations.models import Prestation, Reservation


def url(format: str | None = None) -> str:
    if format is None:
        return DossierFamillePage.url_de("mes_donnees")
    return DossierFamillePage.url_de("mes_donnees_export", format)


@pytest.fixture
def campagne(db):
    return Campagne.objects.create(
        annee_scolaire="2026-2027",
        rentree=datetime.date(2026, 9, 1),
        fin_annee=datetime.date(2027, 7, 6),
        ouverture=datetime.date(2026, 6, 1),
        cloture=datetime.date(2026, 8, 15),
    )


def remplir(foyer, campagne, structure, enfant, *, prefixe: str):
    """A foyer's own data: responsable, dossier, piece with a file, booking, signature, history."""
    ResponsableLegal.objects.create(
        foyer=foyer,
        nom=f"{prefixe}Nom",
        prenom=f"{prefixe}Prenom",
        lien="mere",
        telephone=f"{prefixe}-tel",
    )
    Assurance.objects.create(
        foyer=foyer,
        campagne=campagne,
        assureur=f"{prefixe}Assur",
        numero_contrat=f"{prefixe}-C1",
        debut=campagne.rentree,
        fin=campagne.fin_annee,
    )
    dossier = DossierAnnuel.objects.create(foyer=foyer, campagne=campagne)
    piece = PieceJustificative.objects.create(dossier=dossier, type="domicile")
    fichier = Fichier(
        piece=piece, nom_original=f"{prefixe}-facture.pdf", type_mime="application/pdf", taille=8
    )
    fichier.fichier.save("x", ContentFile(b"%PDF-1.4"), save=False)
    fichier.save()
    prestation, _ = Prestation.objects.get_or_create(
        structure=structure,
        code="cantine",
        defaults={"nom": "Restauration", "type": "restauration"},
    )
    Reservation.objects.create(
        foyer=foyer,
        enfant=enfant,
        prestation=prestation,
        date=datetime.date(2026, 9, 3 if prefixe == "moi" else 4),
    )
    from wagtail.models import Page

    SignatureReglement.objects.create(
        enfant=enfant,
        compte=foyer.titulaire,
        structure=structure,
        page=Page.objects.filter(depth=2).first(),
        empreinte="0" * 64,
        nom=f"{prefixe}Signataire",
        lieu=f"{prefixe}Lieu",
        signe_le=timezone.now(),
    )
    Modification.objects.create(
        foyer=foyer,
        enfant=enfant,
        fiche="contacts",
        changements={"telephone": ["", f"{prefixe}-modif"]},
        auteur=foyer.titulaire,
    )
    return fichier


@pytest.fixture
def familles(parent_client, creer_famille, campagne, structure):
    moi = parent_client.foyer
    autre_parent = creer_famille(prenom="Thomas", nom="Petit")
    lucas = Enfant.objects.create(
        nom="Petit", prenom="Lucas", date_naissance=datetime.date(2018, 2, 3)
    )
    rattacher_enfant(moi, lucas, "paires")
    rattacher_enfant(autre_parent, lucas, "impaires")
    FicheSante.objects.create(enfant=lucas, allergies="Arachide", medecin_nom="Dr Durand")
    Autorisation.objects.create(enfant=lucas, photo_video=True)
    Contact.objects.create(
        enfant=lucas, nom="Grand", prenom="Mamie", lien="grand-mère", telephone="0600"
    )
    remplir(moi, campagne, structure, lucas, prefixe="moi")
    remplir(autre_parent, campagne, structure, lucas, prefixe="autre")
    etranger = creer_famille(prenom="Zoe", nom="Inconnue")
    zoe = Enfant.objects.create(
        nom="Inconnue", prenom="Zoé", date_naissance=datetime.date(2017, 1, 1)
    )
    rattacher_enfant(etranger, zoe)
    FicheSante.objects.create(enfant=zoe, allergies="Kiwi")
    return moi, autre_parent, etranger


def test_page_mes_donnees(parent_client, familles):
    contenu = parent_client.get(url()).content.decode()
    assert "Préparer mes données (PDF)" in contenu
    assert "Télécharger mes données (JSON)" in contenu
    # No document asked for yet: nothing to download.
    assert parent_client.get(url("pdf")).status_code == 404


def demander_pdf(client, capture) -> str:
    """Ask for the PDF; the task runs inline in tests (django-q2 sync) after commit."""
    with capture(execute=True):
        reponse = client.post(url(), follow=True)
    return reponse.content.decode()


def test_pdf_prepare_en_arriere_plan_puis_annonce(
    parent_client, familles, mailoutbox, django_capture_on_commit_callbacks
):
    moi, _, _ = familles
    page = demander_pdf(parent_client, django_capture_on_commit_callbacks)
    assert "Votre document est en préparation" in page
    assert "Télécharger mes données (PDF)" in parent_client.get(url()).content.decode()
    (mail,) = mailoutbox
    assert mail.subject == "Portail Famille : vos données sont prêtes"
    assert url() in mail.body and "/pdf/" not in mail.body
    assert mail.to == moi.titulaire.liste_emails


def test_un_document_en_preparation_est_annonce_sans_lien(parent_client, familles):
    from famille.dossiers.models import ExportDonnees

    ExportDonnees.objects.create(
        foyer=parent_client.foyer, demande_par=parent_client.foyer.titulaire
    )
    page = parent_client.get(url()).content.decode()
    assert "est en préparation" in page
    assert "Télécharger mes données (PDF)" not in page
    assert parent_client.get(url("pdf")).status_code == 404


def test_le_document_d_une_famille_est_404_pour_une_autre(
    alice, charlie, connecter, django_capture_on_commit_callbacks
):
    demander_pdf(connecter(alice), django_capture_on_commit_callbacks)
    reponse = connecter(charlie).get(url("pdf"))
    assert reponse.status_code == 404


def test_json_contient_les_donnees_de_la_famille(parent_client, familles):
    moi, _, _ = familles
    reponse = parent_client.get(url("json"))
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("application/json")
    assert "attachment" in reponse["Content-Disposition"]
    donnees = json.loads(reponse.content)
    assert donnees["foyer"]["numero"] == moi.numero
    assert donnees["titulaire"]["username"] == moi.titulaire.username
    assert "password" not in donnees["titulaire"]
    assert moi.titulaire.password not in reponse.content.decode()
    assert [r["prenom"] for r in donnees["responsables"]] == ["moiPrenom"]
    (lucas,) = donnees["enfants"]
    assert lucas["prenom"] == "Lucas"
    assert lucas["fiche_sante"]["allergies"] == "Arachide"
    assert lucas["autorisations"]["photo_video"] is True
    assert lucas["contacts"][0]["prenom"] == "Mamie"
    assert lucas["garde"]["regle"] == "paires"
    assert [a["assureur"] for a in donnees["assurances"]] == ["moiAssur"]
    assert donnees["dossiers"][0]["campagne"] == "Année scolaire 2026-2027"
    (piece,) = donnees["pieces"]
    assert piece["fichiers"][0]["nom_original"] == "moi-facture.pdf"
    assert "fichier" not in piece["fichiers"][0], "le chemin de stockage n'est pas exporté"
    assert [s["nom"] for s in donnees["signatures"]] == ["moiSignataire"]
    assert {c["document"] for c in donnees["consentements"]} == {"rgpd", "cgu"}
    assert any(e["type"] == "mot_de_passe" for e in donnees["evenements"])
    assert [r["date"] for r in donnees["reservations"]] == ["2026-09-03"]
    assert donnees["historique"][0]["changements"] == {"telephone": ["", "moi-modif"]}


def test_json_sans_les_donnees_de_l_autre_parent_ni_d_une_autre_famille(parent_client, familles):
    _, autre_parent, etranger = familles
    texte = parent_client.get(url("json")).content.decode()
    for absent in (
        "autrePrenom",
        "autreAssur",
        "autre-facture.pdf",
        "autreSignataire",
        "autre-modif",
        "2026-09-04",
        autre_parent.numero,
        autre_parent.adresse or "impaires",
        etranger.numero,
        "Zoé",
        "Kiwi",
    ):
        assert absent not in texte, absent


def test_pdf_lisible(parent_client, familles, django_capture_on_commit_callbacks):
    demander_pdf(parent_client, django_capture_on_commit_callbacks)
    reponse = parent_client.get(url("pdf"))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    contenu = b"".join(reponse.streaming_content)
    texte = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(contenu)).pages)
    for attendu in (
        "Compte famille",
        "Fiche santé",
        "Arachide",
        "Allergies",
        "Mamie",
        "moiAssur",
        "Réservations",
        "03/09/2026",
        "moi-facture.pdf",
    ):
        assert attendu in texte, attendu
    for absent in ("autreAssur", "Kiwi", "Zoé"):
        assert absent not in texte


def test_format_inconnu_404(parent_client, familles):
    assert parent_client.get(url("xml")).status_code == 404


def test_deconnecte_redirige_vers_la_connexion(client, arbre):
    reponse = client.get(url("json"))
    assert reponse.status_code == 302 and "/connexion/" in reponse["Location"]


def test_compte_sans_foyer_404(client, arbre):
    from famille.comptes.models import Compte

    client.force_login(Compte.objects.create_user("agent", password="x", is_staff=True))
    assert client.get(url("json")).status_code == 404


def test_la_purge_supprime_les_documents_de_plus_d_une_semaine(
    parent_client, familles, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from famille.dossiers.models import ExportDonnees
    from famille.dossiers.services.rgpd_purge import purger

    demander_pdf(parent_client, django_capture_on_commit_callbacks)
    export = ExportDonnees.objects.get()
    chemin = Path(export.fichier.path)
    assert purger()["mes_donnees"] == 0 and chemin.exists()
    ExportDonnees.objects.update(demande_le=timezone.now() - datetime.timedelta(days=8))
    assert purger()["mes_donnees"] == 1
    assert not chemin.exists() and not ExportDonnees.objects.exists()
    assert parent_client.get(url("pdf")).status_code == 404
