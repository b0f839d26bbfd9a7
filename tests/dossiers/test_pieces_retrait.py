"""A parent removes or replaces a file of a pièce justificative while the Education service has
not reviewed it (issue 10.5): the page says what a new upload does, the stored file goes, the
history keeps a trace, an accepted piece's files stay, another family gets a 404."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from famille.dossiers.demo_pieces import pdf_minimal, png_minimal
from famille.dossiers.models import Fichier, Modification, PieceJustificative
from famille.dossiers.services import pieces as service

URL = "/dossier-famille/pieces/"


def deposer(client, cle, *fichiers, mode=None):
    donnees = {"piece": cle, "fichiers": list(fichiers)}
    if mode:
        donnees["mode"] = mode
    return client.post(URL, donnees)


def pdf(nom):
    return SimpleUploadedFile(nom, pdf_minimal())


def supprimer_url(fichier):
    return f"{URL}fichier/{fichier.pk}/supprimer/"


def test_supprimer_un_fichier_pas_encore_verifie(
    parent_client, campagne, django_capture_on_commit_callbacks
):
    deposer(parent_client, "domicile", pdf("facture EDF.pdf"))
    fichier = Fichier.objects.get()
    chemin = Path(fichier.fichier.path)
    assert chemin.is_relative_to(settings.PRIVATE_MEDIA_ROOT) and chemin.exists()
    page = parent_client.get(URL).content.decode()
    assert "Supprimer le fichier facture EDF.pdf" in page

    with django_capture_on_commit_callbacks(execute=True):
        reponse = parent_client.post(supprimer_url(fichier), follow=True)

    html = reponse.content.decode()
    assert "Le fichier « facture EDF.pdf » a bien été supprimé" in html
    assert not Fichier.objects.exists()
    assert not PieceJustificative.objects.exists()  # « À déposer » again
    assert not chemin.exists()
    trace = Modification.objects.filter(fiche="pieces").first()
    assert trace.auteur == parent_client.foyer.titulaire
    assert trace.changements == {
        "Justificatif de domicile de moins de deux mois : fichier supprimé": [
            "facture EDF.pdf",
            None,
        ]
    }


def test_la_suppression_se_fait_en_post_seulement(parent_client, campagne):
    deposer(parent_client, "domicile", pdf("a.pdf"))
    fichier = Fichier.objects.get()
    assert parent_client.get(supprimer_url(fichier)).status_code == 404
    assert Fichier.objects.exists()


def test_la_page_dit_si_le_nouveau_depot_ajoute_ou_remplace(parent_client, campagne):
    deposer(parent_client, "domicile", pdf("ancien.pdf"))
    page = parent_client.get(URL).content.decode()
    assert "Les nouveaux fichiers :" in page
    assert "s'ajoutent aux fichiers déjà déposés" in page
    assert "remplacent les fichiers déjà déposés" in page


def test_remplacer_met_les_nouveaux_fichiers_a_la_place(
    parent_client, campagne, django_capture_on_commit_callbacks
):
    deposer(parent_client, "domicile", pdf("ancien.pdf"))
    ancien = Path(Fichier.objects.get().fichier.path)

    with django_capture_on_commit_callbacks(execute=True):
        reponse = deposer(
            parent_client,
            "domicile",
            SimpleUploadedFile("nouveau.png", png_minimal()),
            mode="remplacer",
        )

    assert reponse.status_code == 302
    assert list(Fichier.objects.values_list("nom_original", flat=True)) == ["nouveau.png"]
    assert not ancien.exists()
    page = parent_client.get(URL).content.decode()
    assert "Le document a bien été déposé à la place des précédents" in page
    traces = [m.changements for m in Modification.objects.filter(fiche="pieces")]
    assert {
        "Justificatif de domicile de moins de deux mois : fichier supprimé": ["ancien.pdf", None]
    } in traces


def test_ajouter_garde_les_fichiers_deja_deposes(parent_client, campagne):
    deposer(parent_client, "domicile", pdf("recto.pdf"))
    deposer(parent_client, "domicile", pdf("verso.pdf"), mode="ajouter")
    assert sorted(Fichier.objects.values_list("nom_original", flat=True)) == [
        "recto.pdf",
        "verso.pdf",
    ]


def test_une_piece_acceptee_ne_se_supprime_ni_ne_se_remplace(parent_client, campagne):
    deposer(parent_client, "domicile", pdf("accepte.pdf"))
    fichier = Fichier.objects.get()
    service.accepter(fichier.piece, None)
    page = parent_client.get(URL).content.decode()
    assert "Supprimer le fichier" not in page
    assert "ne peuvent plus être supprimés ni remplacés" in page

    reponse = parent_client.post(supprimer_url(fichier), follow=True)
    assert "Ce fichier ne peut plus être supprimé" in reponse.content.decode()
    assert Fichier.objects.filter(pk=fichier.pk).exists()

    reponse = deposer(parent_client, "domicile", pdf("autre.pdf"), mode="remplacer")
    assert reponse.status_code == 200
    assert "ses fichiers ne peuvent plus être remplacés" in reponse.content.decode()
    assert list(Fichier.objects.values_list("nom_original", flat=True)) == ["accepte.pdf"]


def test_une_autre_famille_recoit_404(alice, charlie, connecter, campagne):
    client_alice = connecter(alice)
    deposer(client_alice, "domicile", pdf("alice.pdf"))
    fichier = Fichier.objects.get()
    client_charlie = connecter(charlie)
    assert client_charlie.post(supprimer_url(fichier)).status_code == 404
    assert Fichier.objects.filter(pk=fichier.pk).exists()


def test_l_autre_parent_recoit_404(alice, bob, connecter, campagne):
    deposer(connecter(alice), "domicile", pdf("alice.pdf"))
    fichier = Fichier.objects.get()
    assert connecter(bob).post(supprimer_url(fichier)).status_code == 404
    assert Fichier.objects.filter(pk=fichier.pk).exists()


def test_la_trace_d_un_document_de_sante_est_masquee_hors_education(alice, connecter, campagne):
    from famille.dossiers.models import FicheSante
    from famille.dossiers.services.historique import MASQUE, afficher

    enfant = alice.enfants["Léa"]
    FicheSante.objects.update_or_create(enfant=enfant, defaults={"pai": True})
    client = connecter(alice)
    assert deposer(client, f"pai_certificat-{enfant.pk}", pdf("certificat.pdf")).status_code == 302
    client.post(supprimer_url(Fichier.objects.get()))
    trace = Modification.objects.filter(fiche="pieces").first()
    assert trace.sante is True
    assert [ligne.avant for ligne in afficher(trace, alice.compte)] == [MASQUE]
