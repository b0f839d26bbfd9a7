"""The parent's list of pièces justificatives and the download of the foyer's own files:
statuses, rules of the memo, other families and separated parents, logout."""

from __future__ import annotations

import datetime
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile

from famille.dossiers.demo_pieces import pdf_minimal, png_minimal
from famille.dossiers.models import Enfant, FicheSante, Garde, PieceJustificative
from famille.dossiers.services import pieces as service
from famille.dossiers.services import rattacher_enfant

URL = "/dossier-famille/pieces/"


def enfant_de(foyer, prenom="Léa", pai=False, regle=Garde.Regle.TOUJOURS):
    enfant = Enfant.objects.create(
        nom=foyer.titulaire.last_name, prenom=prenom, date_naissance=datetime.date(2019, 5, 2)
    )
    rattacher_enfant(foyer, enfant, regle)
    FicheSante.objects.create(enfant=enfant, pai=pai, vaccin_dtp_date=datetime.date(2024, 1, 1))
    return enfant


def page(client) -> str:
    return unescape(client.get(URL).content.decode())


def deposer(foyer, type_piece, enfant=None, nom="doc.pdf", contenu=None):
    dossier = service.dossier_courant(foyer)
    verifie = service.verifier_fichier(SimpleUploadedFile(nom, contenu or pdf_minimal()))
    return service.deposer(dossier, type_piece, enfant, [verifie], foyer.titulaire)


def test_liste_du_memo_avec_statuts(parent_client, campagne):
    foyer = parent_client.foyer
    enfant_de(foyer, "Jules", pai=True)
    enfant_de(foyer, "Emma")
    domicile = deposer(foyer, "domicile")
    service.accepter(domicile, None)
    assurance = deposer(foyer, "assurance")
    service.refuser(assurance, None, "L'attestation couvre l'année dernière.")
    deposer(foyer, "pai_photo", Enfant.objects.get(prenom="Jules"), "jules.png", png_minimal())

    html = page(parent_client)
    for libelle in (
        "Justificatif de domicile de moins de deux mois",
        "Attestation d'assurance pour l'année scolaire à venir",
        "Avis d'imposition",
        "Certificat médical du PAI",
        "Photo de l'enfant (PAI)",
        "Pages du carnet de santé",
        "Jugement de divorce",
        "Documents à renouveler chaque année",
        "Documents à transmettre uniquement en cas de changement de situation",
    ):
        assert libelle in html, libelle
    for statut in ("Acceptée", "Refusée", "À vérifier", "À déposer"):
        assert statut in html
    assert "Motif du refus :</strong> L'attestation couvre l'année dernière." in html
    # PAI pieces only for the child whose fiche santé says PAI, under the child's name.
    assert html.count('id="piece-pai_certificat-') == 1
    assert 'id="piece-pai_certificat-' in html
    assert '<h4 class="h6 mt-3">Jules ' in html


def test_avis_d_imposition_seulement_pour_les_residents(client, arbre, creer_famille, campagne):
    foyer = creer_famille(reside_commune=False)
    client.force_login(foyer.titulaire)
    assert "Avis d'imposition" not in page(client)
    types = [r.type for r in service.pieces_requises(service.dossier_courant(foyer))]
    assert "imposition" not in types


def test_carnet_de_sante_obligatoire_sans_vaccinations(parent_client, campagne):
    enfant = enfant_de(parent_client.foyer)
    FicheSante.objects.filter(enfant=enfant).update(vaccin_dtp_date=None, vaccinations="")
    requises = service.pieces_requises(service.dossier_courant(parent_client.foyer))
    carnet = next(r for r in requises if r.type == "carnet_sante")
    assert carnet.obligatoire


def test_telechargement_de_son_propre_fichier(parent_client, campagne):
    piece = deposer(parent_client.foyer, "domicile", nom="facture.pdf")
    fichier = piece.fichiers.get()
    reponse = parent_client.get(f"{URL}fichier/{fichier.pk}/")
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert 'filename="facture.pdf"' in reponse["Content-Disposition"]
    assert "no-store" in reponse["Cache-Control"]
    assert b"".join(reponse.streaming_content) == pdf_minimal()
    # The list links to it.
    assert f"{URL}fichier/{fichier.pk}/" in page(parent_client)


def test_fichier_d_une_autre_famille_404(parent_client, campagne, creer_famille):
    autre = creer_famille()
    fichier = deposer(autre, "domicile").fichiers.get()
    assert parent_client.get(f"{URL}fichier/{fichier.pk}/").status_code == 404
    assert parent_client.get(f"{URL}fichier/999999/").status_code == 404


def test_url_du_document_apres_deconnexion_renvoie_a_la_connexion(parent_client, campagne):
    fichier = deposer(parent_client.foyer, "domicile").fichiers.get()
    url = f"{URL}fichier/{fichier.pk}/"
    assert parent_client.get(url).status_code == 200
    parent_client.post("/deconnexion/")
    reponse = parent_client.get(url)
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/connexion/")
    assert "next=" in reponse["Location"]


def test_parents_separes_pai_partage_mais_fichiers_prives(client, arbre, creer_famille, campagne):
    """Decision: a piece belongs to one foyer's dossier. A shared child's PAI certificate
    deposited by one parent counts for the child in the other parent's list (no second
    certificate asked), but its file is only the depositing foyer's: the other gets a 404."""
    mere = creer_famille()
    pere = creer_famille()
    enfant = enfant_de(mere, "Lucas", pai=True, regle=Garde.Regle.SEMAINES_PAIRES)
    rattacher_enfant(pere, enfant, Garde.Regle.SEMAINES_IMPAIRES)
    fichier = deposer(mere, "pai_certificat", enfant).fichiers.get()

    client.force_login(pere.titulaire)
    html = page(client)
    assert "Déposée par l'autre responsable de l'enfant." in html
    assert f"{URL}fichier/{fichier.pk}/" not in html
    assert client.get(f"{URL}fichier/{fichier.pk}/").status_code == 404
    # The mother's own pieces (her address) never show in the father's list.
    deposer(mere, "domicile")
    requises = service.pieces_requises(service.dossier_courant(pere))
    assert next(r for r in requises if r.type == "domicile").statut == "a_deposer"
    assert next(r for r in requises if r.type == "pai_certificat").statut == "deposee"


def test_sans_campagne_la_page_l_explique(parent_client):
    html = page(parent_client)
    assert "aucune pièce n'est demandée pour le moment" in html
    assert not PieceJustificative.objects.exists()
