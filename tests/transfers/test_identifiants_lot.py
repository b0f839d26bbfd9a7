"""After an import of many families, the identifiants file for the mail merge is made by a
background task (one Argon2 hash per account), its progress and file on the batch's page."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.hashers import make_password
from django.urls import reverse

from famille.comptes.lettres import SEUIL_IMMEDIAT
from famille.comptes.models import Compte, LotCourriers
from transfers.models import ImportFichier


def test_identifiants_de_nombreux_comptes_en_tache_de_fond(client, education, ecoles):
    import_fichier = ImportFichier.objects.create(
        type="inscriptions", statut=ImportFichier.Statut.TERMINE, auteur=education
    )
    comptes = [
        Compte.objects.create(
            username=f"F7{i:03d}", password=make_password(None), mot_de_passe_initial=True
        )
        for i in range(SEUIL_IMMEDIAT + 3)
    ]
    import_fichier.comptes_crees.set(comptes)
    client.force_login(education)

    reponse = client.post(reverse("transfers:identifiants", args=[import_fichier.pk]))

    lot = LotCourriers.objects.get()
    assert reponse["Location"] == reverse("dossiers_lot_courriers", args=[lot.pk])
    assert (lot.statut, lot.format, lot.total) == ("pret", "csv", 13)
    page = client.get(reponse["Location"]).content.decode()
    assert "Télécharger le fichier CSV (13 comptes)" in page
    fichier = client.get(reverse("dossiers_lot_courriers_pdf", args=[lot.pk]))
    contenu = b"".join(fichier.streaming_content).decode("utf-8-sig")
    lignes = list(csv.DictReader(io.StringIO(contenu), delimiter=";"))
    assert [ligne["Identifiant"] for ligne in lignes] == [c.username for c in comptes]
    premier = Compte.objects.get(username="F7000")
    assert premier.check_password(lignes[0]["Mot de passe initial"])
    # Every account has its password now: nothing left to produce.
    encore = client.post(reverse("transfers:identifiants", args=[import_fichier.pk]), follow=True)
    assert "Tous les comptes de cet import ont déjà reçu leurs identifiants." in (
        encore.content.decode()
    )
