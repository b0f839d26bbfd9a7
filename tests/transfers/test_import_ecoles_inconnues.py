"""The registration file a town really exports, through the admin views: semicolons, an
unquoted multi-e-mail cell, school names the portal does not know. Repaired and mapped in the
preview, imported, then one created family logs in for the first time."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from donnees_transfers import ENTETES_MAIRIE, LIGNES_MAIRIE

from famille.dossiers.models import Classe, Ecole, Enfant, Foyer
from transfers.models import CorrespondanceEcole, ImportFichier
from transfers.tests_support import FichierEnvoye

ENTETES = ["Courriel(s)" if e == "Courriel" else e for e in ENTETES_MAIRIE]


def ligne(index: int, **colonnes) -> list[str]:
    cellules = list(LIGNES_MAIRIE[index])
    for entete, valeur in colonnes.items():
        cellules[ENTETES_MAIRIE.index(entete)] = valeur
    return cellules


LIGNES = [
    LIGNES_MAIRIE[0],  # « helene.lefevre@exemple.fr; h.dupre@exemple.fr », unquoted
    LIGNES_MAIRIE[1],
    ligne(2, **{"Établissement": "Ecole maternelle Le Bourg"}),  # the Bourg, spelt otherwise
    ligne(
        2,
        **{
            "N° Famille": "F2033",
            "Nom resp. 1": "Roux",
            "Prénom resp. 1": "Inès",
            "Courriel": "ines.roux@exemple.fr;roux.famille@exemple.fr",
            "Nom élève": "Roux",
            "Prénom élève": "Jade",
            "Né(e) le": "05/05/2018",
            "Établissement": "École Jules-Ferry",  # a school the portal does not have yet
            "Niveau": "CM1",
            "Nom resp. 2": "",
            "Prénom resp. 2": "",
            "Qualité resp. 2": "",
        },
    ),
]


def sans_guillemets(lignes) -> bytes:
    texte = "\r\n".join(";".join(cellules) for cellules in [ENTETES, *lignes]) + "\r\n"
    return texte.encode("cp1252")


@pytest.fixture
def agent(client, education, ecoles, arbre):
    client.force_login(education)
    return client


def apercu_apres_colonnes(agent) -> tuple[ImportFichier, str]:
    agent.post(
        reverse("transfers:televerser", args=["inscriptions"]),
        {"fichier": FichierEnvoye("inscriptions 2027.csv", sans_guillemets(LIGNES))},
    )
    import_fichier = ImportFichier.objects.latest("pk")
    url = reverse("transfers:correspondance", args=[import_fichier.pk])
    form = agent.get(url).context["form"]
    proposition = {nom: form[nom].initial for nom in form.fields if form[nom].initial}
    assert proposition["emails"] == "Courriel(s)"
    agent.post(url, proposition)
    page = agent.get(reverse("transfers:apercu", args=[import_fichier.pk]))
    return import_fichier, page.content.decode()


def test_import_repare_et_ecoles_associees_puis_premiere_connexion(agent, client):
    import_fichier, apercu = apercu_apres_colonnes(agent)

    assert "Ligne 2 réparée : 24 cellules pour 23 colonnes" in apercu
    assert "Ligne 5 réparée : 24 cellules pour 23 colonnes" in apercu
    assert "Écoles et classes inconnues du portail" in apercu
    assert "École « Ecole maternelle Le Bourg » du fichier" in apercu
    assert "Créer l&#x27;école et ses classes (CM1)" in apercu
    import_fichier.refresh_from_db()
    assert import_fichier.lignes_en_erreur == 2
    bourg = Ecole.objects.get(nom="École maternelle du Bourg")

    reponse = agent.post(
        reverse("transfers:ecoles_inconnues", args=[import_fichier.pk]),
        {"ecole_0": str(bourg.pk), "ecole_1": "creer"},
        follow=True,
    )

    page = reponse.content.decode()
    assert "Écoles créées : 1 ; classes créées : 1 ; correspondances retenues" in page
    import_fichier.refresh_from_db()
    assert import_fichier.statut == ImportFichier.Statut.APERCU
    assert import_fichier.lignes_en_erreur == 0
    assert "Écoles et classes inconnues du portail" not in page
    jules_ferry = Ecole.objects.get(nom="École Jules-Ferry")
    assert list(jules_ferry.classes.values_list("nom", flat=True)) == ["CM1"]

    agent.post(reverse("transfers:confirmer", args=[import_fichier.pk]))

    import_fichier.refresh_from_db()
    assert import_fichier.statut == ImportFichier.Statut.TERMINE
    assert set(Foyer.objects.values_list("numero", flat=True)) == {
        "F2031",
        "F2031-2",
        "F2032",
        "F2033",
    }
    assert Foyer.objects.get(numero="F2031").titulaire.emails == (
        "helene.lefevre@exemple.fr; h.dupre@exemple.fr"
    )
    assert Enfant.objects.get(prenom="Anaïs").ecole == bourg
    jade = Enfant.objects.get(prenom="Jade")
    assert (jade.ecole, jade.classe) == (jules_ferry, Classe.objects.get(ecole=jules_ferry))

    reponse = agent.post(reverse("transfers:identifiants", args=[import_fichier.pk]))
    lignes = list(csv.DictReader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    roux = next(li for li in lignes if li["Identifiant"] == "F2033")
    client.logout()
    connexion = client.post(
        reverse("comptes:connexion"),
        {"username": "F2033", "password": roux["Mot de passe initial"]},
    )
    assert connexion["Location"] == reverse("comptes:premiere_connexion_mot_de_passe")

    # The mapping is remembered: next year's file with the same names needs no decision.
    client.force_login(import_fichier.auteur)
    suivant, apercu = apercu_apres_colonnes(client)
    assert "Écoles et classes inconnues du portail" not in apercu
    suivant.refresh_from_db()
    assert (suivant.lignes_en_erreur, suivant.lignes_inchangees) == (0, 4)
    # Staff can check and undo what was remembered.
    retenues = client.get(reverse("correspondances_ecoles:index"))
    assert "Ecole maternelle Le Bourg" in retenues.content.decode()


def test_un_nom_d_ecole_associe_a_deux_ecoles_refuse(agent):
    import_fichier, _apercu = apercu_apres_colonnes(agent)
    parc = Ecole.objects.get(nom="École élémentaire du Parc")
    bourg = Ecole.objects.get(nom="École maternelle du Bourg")

    reponse = agent.post(
        reverse("transfers:ecoles_inconnues", args=[import_fichier.pk]),
        {"ecole_0": [str(bourg.pk), str(parc.pk)], "ecole_1": "creer"},
    )

    assert reponse.status_code == 400
    assert (
        "École « Ecole maternelle Le Bourg » du fichier ne peut correspondre qu&#x27;à une "
        "seule école : choisissez-en une."
    ) in reponse.content.decode()
    assert not CorrespondanceEcole.objects.exists()
    assert not Ecole.objects.filter(nom="École Jules-Ferry").exists()
    import_fichier.refresh_from_db()
    assert import_fichier.lignes_en_erreur == 2


def test_associer_les_ecoles_demande_le_droit_de_creer(client, regie, education, ecoles):
    client.force_login(education)
    import_fichier, _apercu = apercu_apres_colonnes(client)
    client.force_login(regie)
    reponse = client.post(
        reverse("transfers:ecoles_inconnues", args=[import_fichier.pk]), {"ecole_1": "creer"}
    )
    assert reponse.status_code == 302 and reponse["Location"] == reverse("wagtailadmin_home")
    assert not Ecole.objects.filter(nom="École Jules-Ferry").exists()
