"""Upload of pièces justificatives by a parent: what is accepted, what is refused (with its
French message) and that a refusal leaves nothing behind, neither a row nor a file."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from famille.dossiers.demo_pieces import pdf_minimal, png_minimal
from famille.dossiers.models import Enfant, Fichier, PieceJustificative
from famille.dossiers.services import pieces as service

URL = "/dossier-famille/pieces/"
MO = 1024 * 1024


def fichiers_prives() -> list[Path]:
    racine = Path(settings.PRIVATE_MEDIA_ROOT)
    return [p for p in racine.rglob("*") if p.is_file()] if racine.exists() else []


def deposer(client, cle, *fichiers):
    return client.post(URL, {"piece": cle, "fichiers": list(fichiers)})


def rien_enregistre(avant: list[Path]) -> bool:
    return (
        not PieceJustificative.objects.exists()
        and not Fichier.objects.exists()
        and fichiers_prives() == avant
    )


def test_depot_d_un_pdf_enregistre_en_prive_sous_un_nom_aleatoire(parent_client, campagne):
    reponse = deposer(
        parent_client, "domicile", SimpleUploadedFile("facture EDF.pdf", pdf_minimal())
    )
    assert reponse.status_code == 302
    fichier = Fichier.objects.get()
    assert fichier.piece.type == "domicile"
    assert fichier.piece.statut == PieceJustificative.Statut.DEPOSEE
    assert fichier.piece.dossier.foyer == parent_client.foyer
    assert fichier.nom_original == "facture EDF.pdf"
    assert fichier.type_mime == "application/pdf"
    assert "facture" not in fichier.fichier.name
    chemin = Path(fichier.fichier.path)
    assert chemin.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not chemin.is_relative_to(settings.MEDIA_ROOT)
    assert chemin.read_bytes() == pdf_minimal()
    page = parent_client.get(URL).content.decode()
    assert "Le document a bien été déposé" in page
    assert "À vérifier" in page
    # Nothing public serves the private root: the name under /media/ leads nowhere.
    assert parent_client.get(f"/media/{fichier.fichier.name}", follow=True).status_code == 404


def test_plusieurs_fichiers_pour_une_piece(parent_client, campagne):
    reponse = deposer(
        parent_client,
        "assurance",
        SimpleUploadedFile("recto.png", png_minimal()),
        SimpleUploadedFile("verso.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200),
    )
    assert reponse.status_code == 302
    piece = PieceJustificative.objects.get()
    assert sorted(piece.fichiers.values_list("type_mime", flat=True)) == [
        "image/jpeg",
        "image/png",
    ]


def test_fichier_de_2_1_mo_refuse_et_rien_enregistre(parent_client, campagne):
    avant = fichiers_prives()
    gros = pdf_minimal() + b"0" * (int(2.1 * MO) - len(pdf_minimal()))
    reponse = deposer(parent_client, "domicile", SimpleUploadedFile("scan.pdf", gros))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "Le fichier fait 2,1 Mo : 2 Mo au maximum" in html
    assert "Aucun fichier n&#x27;a été enregistré." in html
    assert rien_enregistre(avant)


def test_fichier_de_2_mo_exactement_accepte(parent_client, campagne):
    juste = pdf_minimal() + b"0" * (2 * MO - len(pdf_minimal()))
    assert deposer(parent_client, "domicile", SimpleUploadedFile("a.pdf", juste)).status_code == 302


def test_un_fichier_a_peine_trop_gros_n_affiche_pas_2_mo(parent_client, campagne):
    # 2 000 001 octets décimaux de plus que 2 Mio : arrondi au-dessus, jamais « 2 Mo ».
    assert service.taille_lisible(2 * MO + 1) == "2,1 Mo"


def test_exe_renomme_en_pdf_refuse(parent_client, campagne):
    avant = fichiers_prives()
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500
    reponse = deposer(parent_client, "domicile", SimpleUploadedFile("facture.pdf", exe))
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "n&#x27;est pas un PDF, une image JPEG ou PNG" in html
    assert rien_enregistre(avant)


def test_le_type_annonce_par_le_navigateur_ne_compte_pas(parent_client, campagne):
    avant = fichiers_prives()
    texte = SimpleUploadedFile(
        "lettre.pdf", b"<html>bonjour</html>", content_type="application/pdf"
    )
    reponse = deposer(parent_client, "domicile", texte)
    assert "n&#x27;est pas un PDF, une image JPEG ou PNG" in reponse.content.decode()
    assert rien_enregistre(avant)


def test_fichier_vide_refuse(parent_client, campagne):
    avant = fichiers_prives()
    reponse = deposer(parent_client, "domicile", SimpleUploadedFile("vide.pdf", b""))
    assert "Le fichier « vide.pdf » est vide." in reponse.content.decode()
    assert rien_enregistre(avant)


def test_aucun_fichier_choisi(parent_client, campagne):
    reponse = parent_client.post(URL, {"piece": "domicile"})
    assert "Choisissez au moins un fichier à déposer." in reponse.content.decode()
    assert not PieceJustificative.objects.exists()


@pytest.mark.parametrize(
    "nom, contenu",
    [
        ("facture.pdf.exe", pdf_minimal()),
        ("x.exe.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        ("x.exe.pdf", pdf_minimal()),
        ("photo.png.js", png_minimal()),
    ],
)
def test_double_extension_refusee(parent_client, campagne, nom, contenu):
    avant = fichiers_prives()
    reponse = deposer(parent_client, "domicile", SimpleUploadedFile(nom, contenu))
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "double extension" in html
    assert rien_enregistre(avant)


def test_extension_qui_ment_sur_le_contenu_refusee(parent_client, campagne):
    reponse = deposer(parent_client, "domicile", SimpleUploadedFile("photo.pdf", png_minimal()))
    assert "renommez-le en « .png »" in reponse.content.decode()
    assert not Fichier.objects.exists()


def test_un_seul_mauvais_fichier_et_aucun_n_est_enregistre(parent_client, campagne):
    avant = fichiers_prives()
    reponse = deposer(
        parent_client,
        "assurance",
        SimpleUploadedFile("bon.pdf", pdf_minimal()),
        SimpleUploadedFile("mauvais.pdf", b"MZ" + b"\x00" * 100),
    )
    assert "« mauvais.pdf »" in reponse.content.decode()
    assert rien_enregistre(avant)


def _multipart_brut(nom_de_fichier: str, contenu: bytes, cle: str) -> tuple[bytes, str]:
    """The test client keeps only the base name: a hostile browser sends whatever it likes."""
    limite = "----limite-de-test"
    corps = (
        (
            f'--{limite}\r\nContent-Disposition: form-data; name="piece"\r\n\r\n{cle}\r\n'
            f'--{limite}\r\nContent-Disposition: form-data; name="fichiers"; '
            f'filename="{nom_de_fichier}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + contenu
        + f"\r\n--{limite}--\r\n".encode()
    )
    return corps, f"multipart/form-data; boundary={limite}"


@pytest.mark.parametrize(
    "nom, affiche", [("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\x\\a.pdf", "a.pdf")]
)
def test_chemin_dans_le_nom_neutralise(parent_client, campagne, nom, affiche):
    corps, type_contenu = _multipart_brut(nom, pdf_minimal(), "domicile")
    reponse = parent_client.generic("POST", URL, corps, content_type=type_contenu)
    assert reponse.status_code == 302
    fichier = Fichier.objects.get()
    assert fichier.nom_original == affiche
    assert ".." not in fichier.fichier.name and "etc" not in fichier.fichier.name
    assert (
        Path(fichier.fichier.path)
        .resolve()
        .is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    )


@pytest.mark.parametrize(
    "nom, attendu",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\x\\a.pdf", "a.pdf"),
        ("..\\..\\boot.ini.pdf", "boot.ini.pdf"),
        ("re\x00le\x1bve.pdf", "releve.pdf"),
        ("/", "document"),
    ],
)
def test_nom_affichable(nom, attendu):
    assert service.nom_affichable(nom) == attendu


def test_piece_d_un_enfant_d_une_autre_famille_404(parent_client, campagne, creer_famille):
    from famille.dossiers.models import FicheSante
    from famille.dossiers.services import rattacher_enfant

    autre = creer_famille()
    enfant = Enfant.objects.create(
        nom="Autre", prenom="Zoé", date_naissance=datetime.date(2020, 1, 1)
    )
    rattacher_enfant(autre, enfant)
    FicheSante.objects.create(enfant=enfant, pai=True)
    reponse = deposer(
        parent_client, f"pai_certificat-{enfant.pk}", SimpleUploadedFile("c.pdf", pdf_minimal())
    )
    assert reponse.status_code == 404
    assert not PieceJustificative.objects.exists()


def test_echec_en_cours_d_ecriture_ne_laisse_ni_ligne_ni_fichier(
    parent_client, campagne, monkeypatch
):
    avant = fichiers_prives()
    enregistrer = Fichier.save
    appels = {"n": 0}

    def save_qui_echoue(self, *args, **kwargs):
        appels["n"] += 1
        if appels["n"] == 2:
            raise OSError("disque plein")
        return enregistrer(self, *args, **kwargs)

    monkeypatch.setattr(Fichier, "save", save_qui_echoue)
    dossier = service.dossier_courant(parent_client.foyer)
    verifies = [
        service.verifier_fichier(SimpleUploadedFile("1.pdf", pdf_minimal())),
        service.verifier_fichier(SimpleUploadedFile("2.pdf", pdf_minimal())),
    ]
    with pytest.raises(OSError):
        service.deposer(dossier, "domicile", None, verifies, parent_client.foyer.titulaire)
    assert rien_enregistre(avant)


def test_nouveau_depot_apres_refus_remplace_le_fichier_refuse(
    parent_client, campagne, django_capture_on_commit_callbacks
):
    deposer(parent_client, "domicile", SimpleUploadedFile("a.pdf", pdf_minimal()))
    piece = PieceJustificative.objects.get()
    refuse = Path(settings.PRIVATE_MEDIA_ROOT) / piece.fichiers.get().fichier.name
    service.refuser(piece, None, "Document illisible.")
    with django_capture_on_commit_callbacks(execute=True):
        deposer(parent_client, "domicile", SimpleUploadedFile("b.pdf", pdf_minimal("net")))
    piece.refresh_from_db()
    assert piece.statut == PieceJustificative.Statut.DEPOSEE
    assert piece.motif_refus == ""
    # Staff accepting the piece now can only accept the new file, never the refused one.
    assert [f.nom_original for f in piece.fichiers.all()] == ["b.pdf"]
    assert not refuse.exists()


def test_nouveau_depot_sans_refus_s_ajoute(parent_client, campagne):
    deposer(parent_client, "domicile", SimpleUploadedFile("a.pdf", pdf_minimal()))
    deposer(parent_client, "domicile", SimpleUploadedFile("b.pdf", pdf_minimal("net")))
    piece = PieceJustificative.objects.get()
    assert sorted(f.nom_original for f in piece.fichiers.all()) == ["a.pdf", "b.pdf"]
