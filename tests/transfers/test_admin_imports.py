"""A realistic French-Excel file through the admin views, from upload to the first login of a
created family; permissions; refusals shown to staff."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from donnees_transfers import CORRESPONDANCE_MAIRIE, ENTETES_MAIRIE, LIGNES_MAIRIE, csv_excel

from famille.comptes.models import Compte
from famille.dossiers.models import Enfant, Foyer
from transfers.models import CorrespondanceColonnes, ImportFichier


def fichier(contenu: bytes, nom: str = "Export inscriptions 2027.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu, content_type="text/csv")


def televerser(client, contenu, nom="Export inscriptions 2027.csv"):
    return client.post(
        reverse("transfers:televerser", args=["inscriptions"]), {"fichier": fichier(contenu, nom)}
    )


@pytest.fixture
def agent(client, education, ecoles, arbre):
    client.force_login(education)
    return client


def test_import_complet_puis_premiere_connexion_d_une_famille(agent, client):
    contenu = csv_excel([*LIGNES_MAIRIE, LIGNES_MAIRIE[1]], vides=50)  # a duplicated row

    reponse = televerser(agent, contenu)

    assert reponse.status_code == 302 and "colonnes" in reponse["Location"], reponse["Location"]
    import_fichier = ImportFichier.objects.get()
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("transfers:correspondance", args=[import_fichier.pk])
    page = agent.get(reponse["Location"])
    assert page.status_code == 200
    assert "Associer les colonnes du fichier" in page.content.decode()
    proposition = {n: page.context["form"][n].initial for n in CORRESPONDANCE_MAIRIE}
    assert proposition == CORRESPONDANCE_MAIRIE

    reponse = agent.post(reponse["Location"], CORRESPONDANCE_MAIRIE)

    assert reponse.status_code == 302
    import_fichier.refresh_from_db()
    assert import_fichier.statut == ImportFichier.Statut.APERCU
    assert Foyer.objects.count() == 0  # nothing written before confirmation
    apercu = agent.get(reverse("transfers:apercu", args=[import_fichier.pk])).content.decode()
    assert "Compte famille F2031 créé pour Hélène Lefèvre-Dupré" in apercu
    assert "Ligne 5 : cette ligne répète la ligne 3 (même enfant dans la même famille)." in apercu
    assert "Importer seulement les lignes valides" in apercu
    assert CorrespondanceColonnes.objects.get(type="inscriptions").correspondance == (
        CORRESPONDANCE_MAIRIE
    )

    # With an error in the file, confirming without the tick box writes nothing.
    reponse = agent.post(reverse("transfers:confirmer", args=[import_fichier.pk]), follow=True)
    assert (
        "Le fichier contient des erreurs : rien n&#x27;a été importé." in reponse.content.decode()
    )
    assert Foyer.objects.count() == 0

    agent.post(
        reverse("transfers:confirmer", args=[import_fichier.pk]), {"seulement_valides": "on"}
    )

    import_fichier.refresh_from_db()
    assert import_fichier.statut == ImportFichier.Statut.TERMINE
    assert (import_fichier.lignes_creees, import_fichier.lignes_en_erreur) == (3, 1)
    assert set(Foyer.objects.values_list("numero", flat=True)) == {"F2031", "F2031-2", "F2032"}
    assert Enfant.objects.count() == 3
    assert import_fichier.comptes_crees.count() == 3
    historique = agent.get(reverse("transfers:historique")).content.decode()
    assert "Export inscriptions 2027.csv" in historique and "Importé" in historique

    # The identifiants file gives each new account its initial password, once.
    reponse = agent.post(reverse("transfers:identifiants", args=[import_fichier.pk]))
    assert reponse["Content-Type"].startswith("text/csv")
    lignes = list(csv.DictReader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert [ligne["Identifiant"] for ligne in lignes] == ["F2031", "F2031-2", "F2032"]
    helene = lignes[0]
    assert helene["Nom"] == "Lefèvre-Dupré" and helene["Ville"] == "Cestas"
    encore = agent.post(reverse("transfers:identifiants", args=[import_fichier.pk]), follow=True)
    assert "Tous les comptes de cet import ont déjà reçu leurs identifiants." in (
        encore.content.decode()
    )

    client.logout()
    connexion = client.post(
        reverse("comptes:connexion"),
        {"username": "f2031", "password": helene["Mot de passe initial"]},
    )
    assert connexion.status_code == 302
    assert connexion["Location"] == reverse("comptes:premiere_connexion_mot_de_passe")
    assert client.session["_auth_user_id"] == str(Compte.objects.get(username="F2031").pk)


def test_reimporter_le_meme_fichier_ne_change_rien_par_les_vues(agent):
    contenu = csv_excel(LIGNES_MAIRIE)
    for _ in range(2):
        televerser(agent, contenu)
        import_fichier = ImportFichier.objects.latest("pk")
        # The second time, the remembered mapping is proposed: staff just confirm it.
        page = agent.get(reverse("transfers:correspondance", args=[import_fichier.pk]))
        initial = {n: page.context["form"][n].initial for n in CORRESPONDANCE_MAIRIE}
        agent.post(reverse("transfers:correspondance", args=[import_fichier.pk]), initial)
        agent.post(reverse("transfers:confirmer", args=[import_fichier.pk]))
    import_fichier.refresh_from_db()
    assert import_fichier.statut == ImportFichier.Statut.TERMINE
    assert (import_fichier.lignes_inchangees, import_fichier.lignes_creees) == (3, 0)
    assert Foyer.objects.count() == 3


def test_colonne_obligatoire_manquante_nommee(agent):
    entetes = [e for e in ENTETES_MAIRIE if e != "Né(e) le"]
    lignes = [
        [v for e, v in zip(ENTETES_MAIRIE, ligne, strict=True) if e != "Né(e) le"]
        for ligne in LIGNES_MAIRIE
    ]
    televerser(agent, csv_excel(lignes, entetes=entetes))
    import_fichier = ImportFichier.objects.get()
    correspondance = {k: v for k, v in CORRESPONDANCE_MAIRIE.items() if v != "Né(e) le"}

    reponse = agent.post(
        reverse("transfers:correspondance", args=[import_fichier.pk]), correspondance
    )

    assert reponse.status_code == 200
    assert "Choisissez la colonne du fichier qui contient « Date de naissance »." in (
        reponse.content.decode()
    )
    import_fichier.refresh_from_db()
    assert import_fichier.statut == ImportFichier.Statut.RECU


@pytest.mark.parametrize(
    "nom,contenu,message",
    [
        (
            "photo.png",
            b"\x89PNG\r\n",
            "seuls les fichiers CSV (.csv) et Excel (.xlsx) sont acceptés",
        ),
        ("gros.csv", b"a;b\r\n" + b"x" * (10 * 1024 * 1024 + 1), "la taille maximale est de 10 Mo"),
    ],
)
def test_fichier_refuse_a_l_envoi(agent, nom, contenu, message):
    reponse = televerser(agent, contenu, nom)
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert not ImportFichier.objects.exists()


def test_modeles_telechargeables(agent):
    reponse = agent.get(reverse("transfers:modele", args=["inscriptions", "csv"]))
    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0][:3] == ["Identifiant famille", "Nom du titulaire", "Prénom du titulaire"]
    assert lignes[1][:3] == ["F2031", "Lefèvre-Dupré", "Hélène"]
    xlsx = agent.get(reverse("transfers:modele", args=["inscriptions", "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    page = agent.get(reverse("transfers:televerser", args=["inscriptions"])).content.decode()
    assert "Colonnes attendues" in page and "Au format jj/mm/aaaa." in page


def refuse(reponse) -> bool:
    """Wagtail turns the views' PermissionDenied into a redirect to the dashboard."""
    return reponse.status_code == 302 and reponse["Location"] == reverse("wagtailadmin_home")


def test_permissions_verifiees_par_les_vues(client, regie, ecoles):
    client.force_login(regie)
    assert refuse(client.get(reverse("transfers:televerser", args=["inscriptions"])))
    assert refuse(client.get(reverse("transfers:historique")))
    reponse = client.post(
        reverse("transfers:televerser", args=["inscriptions"]),
        {"fichier": fichier(csv_excel(LIGNES_MAIRIE))},
    )
    assert refuse(reponse)
    assert not ImportFichier.objects.exists()


def test_un_agent_sans_droit_ne_voit_pas_l_import_d_un_autre(client, education, regie, ecoles):
    client.force_login(education)
    televerser(client, csv_excel(LIGNES_MAIRIE))
    import_fichier = ImportFichier.objects.get()
    client.force_login(regie)
    assert refuse(client.get(reverse("transfers:apercu", args=[import_fichier.pk])))
    assert refuse(client.post(reverse("transfers:confirmer", args=[import_fichier.pk])))
    assert refuse(client.post(reverse("transfers:identifiants", args=[import_fichier.pk])))
    import_fichier.refresh_from_db()
    assert import_fichier.statut == ImportFichier.Statut.RECU


def test_anonyme_renvoye_vers_la_connexion(client):
    reponse = client.get(reverse("transfers:accueil"))
    assert reponse.status_code == 302
    assert "login" in reponse["Location"] or "connexion" in reponse["Location"]


def test_menu_imports_et_exports(agent):
    page = agent.get(reverse("wagtailadmin_home")).content.decode()
    assert "Imports et exports" in page


def test_progression_affichee_pendant_la_tache(agent):
    televerser(agent, csv_excel(LIGNES_MAIRIE))
    import_fichier = ImportFichier.objects.get()
    ImportFichier.objects.filter(pk=import_fichier.pk).update(
        statut=ImportFichier.Statut.ANALYSE, total_lignes=25_000, lignes_traitees=12_500
    )
    page = agent.get(reverse("transfers:apercu", args=[import_fichier.pk])).content.decode()
    assert "Analyse en cours" in page
    assert re.search(r"Lignes traitées : 12\D?500 sur 25\D?000", page)
    assert '<progress id="progression" max="25000" value="12500">' in page
    assert 'http-equiv="refresh"' in page
    # A second confirmation while it runs changes nothing.
    reponse = agent.post(reverse("transfers:confirmer", args=[import_fichier.pk]), follow=True)
    assert "Cet import a déjà été confirmé ou annulé." in reponse.content.decode()


def test_accueil_des_imports(agent):
    page = agent.get(reverse("transfers:accueil")).content.decode()
    for titre in (
        "Importer les inscriptions scolaires",
        "Importer des tarifs",
        "Importer des fermetures",
        "Importer des quotients familiaux (liste CAF)",
    ):
        assert titre in page
