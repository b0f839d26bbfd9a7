"""Comptes famille in the Wagtail admin: list, search, filters, creation through the service
with the initial password shown once, French errors, second parent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from famille.comptes.models import Compte, Structure
from famille.comptes.roles import EDUCATION, REGIE, installer_groupes
from famille.dossiers.models import Enfant, Foyer, Garde

LISTE = "wagtailsnippets_dossiers_foyer:list"
AJOUT = "wagtailsnippets_dossiers_foyer:add"


@pytest.fixture
def personnel(db):
    groupes = installer_groupes()

    def _creer(groupe: str) -> Compte:
        compte = Compte.objects.create_user(
            username=f"agent-{groupe.lower()}", password="x", is_staff=True
        )
        compte.groups.set([groupes[groupe]])
        return compte

    return _creer


@pytest.fixture
def education(client, personnel):
    client.force_login(personnel(EDUCATION))
    return client


def donnees_creation(structure: Structure, **autres) -> dict:
    return {
        "identifiant": "F2001",
        "prenom": "Léa",
        "nom": "Durand",
        "emails": "lea.durand@exemple.fr ; lea@travail.fr",
        "structures": [structure.pk],
        "adresse": "12 rue des Lilas",
        "code_postal": "33610",
        "ville": "Cestas",
        "telephone": "06 00 00 00 01",
        **autres,
    }


def test_creation_cree_compte_et_foyer_et_affiche_le_mot_de_passe_une_fois(education, structure):
    reponse = education.post(reverse(AJOUT), donnees_creation(structure))

    assert reponse.status_code == 200
    foyer = Foyer.objects.get(numero="F2001")
    compte = foyer.titulaire
    assert (compte.username, compte.first_name, compte.last_name) == ("F2001", "Léa", "Durand")
    assert compte.emails == "lea.durand@exemple.fr;lea@travail.fr"
    assert list(compte.structures.all()) == [structure]
    assert compte.mot_de_passe_initial is True
    assert foyer.ville == "Cestas"
    mot_de_passe = reponse.context["mot_de_passe"]
    contenu = reponse.content.decode()
    assert mot_de_passe in contenu
    assert "il ne sera plus jamais affiché" in contenu
    assert "no-store" in reponse["Cache-Control"]
    # Stored hashed only: the readable password is nowhere in the database row.
    assert mot_de_passe not in compte.password
    assert Compte.objects.get_by_natural_key("f2001").check_password(mot_de_passe)
    # Shown once: the list and the edit page never show it again.
    assert mot_de_passe not in education.get(reverse(LISTE)).content.decode()
    edition = reverse("wagtailsnippets_dossiers_foyer:edit", args=[foyer.pk])
    assert mot_de_passe not in education.get(edition).content.decode()


def test_identifiant_deja_pris_sans_tenir_compte_de_la_casse(education, structure, creer_famille):
    creer_famille("F2001")
    reponse = education.post(reverse(AJOUT), donnees_creation(structure, identifiant="f2001"))

    assert reponse.status_code == 200
    assert "Un compte utilise déjà l&#x27;identifiant « f2001 »." in reponse.content.decode()
    assert Foyer.objects.count() == 1


def test_une_adresse_invalide_est_nommee_et_rien_n_est_enregistre(education, structure):
    reponse = education.post(
        reverse(AJOUT), donnees_creation(structure, emails="bon@exemple.fr; pas-une-adresse")
    )

    assert "L&#x27;adresse e-mail « pas-une-adresse » n&#x27;est pas valide." in (
        reponse.content.decode()
    )
    assert not Compte.objects.filter(username="F2001").exists()
    assert not Foyer.objects.exists()


def test_champs_obligatoires_en_francais(education, structure):
    reponse = education.post(reverse(AJOUT), {"identifiant": "", "structures": []})

    contenu = reponse.content.decode()
    assert contenu.count("Champ requis.") >= 4
    assert not Foyer.objects.exists()


def test_liste_recherche_et_filtres(education, creer_famille):
    creer_famille("F3001", nom="Lefebvre", ville="Cestas", dossier_papier=True)
    creer_famille("F3002", nom="Moreau", ville="Pessac")

    liste = education.get(reverse(LISTE))
    contenu = liste.content.decode()
    assert "F3001" in contenu and "F3002" in contenu
    assert "Dossier papier" in contenu

    recherche = education.get(reverse(LISTE), {"q": "moreau"}).content.decode()
    assert "F3002" in recherche and "F3001" not in recherche

    papier = education.get(reverse(LISTE), {"dossier_papier": "true"}).content.decode()
    assert "F3001" in papier and "F3002" not in papier

    ville = education.get(reverse(LISTE), {"ville": "pess"}).content.decode()
    assert "F3002" in ville and "F3001" not in ville


def test_le_filtre_par_structure(education, creer_famille):
    autre = Structure.objects.create(nom="Centre de loisirs", slug="cl", commune="Cestas")
    creer_famille("F3001")
    foyer = creer_famille("F3002")
    foyer.titulaire.structures.set([autre])

    contenu = education.get(reverse(LISTE), {"structure": autre.pk}).content.decode()
    assert "F3002" in contenu and "F3001" not in contenu


def test_regie_voit_la_liste_mais_ne_cree_pas(client, personnel, creer_famille):
    creer_famille("F3001")
    client.force_login(personnel(REGIE))

    assert "F3001" in client.get(reverse(LISTE)).content.decode()
    assert client.get(reverse(AJOUT)).status_code in (302, 403)
    assert client.post(reverse(AJOUT), {"identifiant": "F9"}).status_code in (302, 403)
    assert not Compte.objects.filter(username="F9").exists()


def test_second_parent(education, creer_famille):
    foyer = creer_famille("F4001", prenom="Julie", adresse="1 rue A", ville="Cestas")
    enfant = Enfant.objects.create(nom="Petit", prenom="Lucas", date_naissance="2018-05-02")
    Garde.objects.create(foyer=foyer, enfant=enfant)
    url = reverse("wagtailsnippets_dossiers_foyer:second_parent", args=[foyer.pk])

    formulaire = education.get(url)
    assert formulaire.status_code == 200
    assert "Créer le compte du second parent" in formulaire.content.decode()

    reponse = education.post(
        url,
        {
            "identifiant": "F4002",
            "prenom": "Thomas",
            "nom": "Petit",
            "emails": "thomas@exemple.fr",
            "structures": [s.pk for s in foyer.titulaire.structures.all()],
            "adresse": "9 rue B",
            "ville": "Pessac",
            "regle_second": Garde.Regle.SEMAINES_IMPAIRES,
            "regle_premier": Garde.Regle.SEMAINES_PAIRES,
        },
    )

    assert reponse.status_code == 200
    assert reponse.context["mot_de_passe"] in reponse.content.decode()
    second = Foyer.objects.get(numero="F4002")
    assert second.adresse == "9 rue B"
    assert list(second.enfants.all()) == [enfant]
    assert Garde.objects.get(foyer=second, enfant=enfant).regle == Garde.Regle.SEMAINES_IMPAIRES
    assert Garde.objects.get(foyer=foyer, enfant=enfant).regle == Garde.Regle.SEMAINES_PAIRES


def test_second_parent_periodes_mal_ecrites(education, creer_famille):
    foyer = creer_famille("F4001")
    enfant = Enfant.objects.create(nom="Petit", prenom="Lucas", date_naissance="2018-05-02")
    Garde.objects.create(foyer=foyer, enfant=enfant)
    url = reverse("wagtailsnippets_dossiers_foyer:second_parent", args=[foyer.pk])

    reponse = education.post(
        url,
        {
            "identifiant": "F4002",
            "prenom": "Thomas",
            "nom": "Petit",
            "structures": [s.pk for s in foyer.titulaire.structures.all()],
            "regle_second": Garde.Regle.PERIODES,
            "periodes_second": "du 1er au 15 septembre",
            "regle_premier": Garde.Regle.JOURS,
        },
    )

    contenu = reponse.content.decode()
    assert "Ligne 1 : écrivez la période sous la forme" in contenu
    assert "Cochez au moins un jour de garde." in contenu
    assert not Foyer.objects.filter(numero="F4002").exists()


def test_garde_avec_periodes_dans_l_admin(education, creer_famille):
    foyer = creer_famille("F4001")
    enfant = Enfant.objects.create(nom="Petit", prenom="Lucas", date_naissance="2018-05-02")
    garde = Garde.objects.create(foyer=foyer, enfant=enfant)
    url = reverse("wagtailsnippets_dossiers_garde:edit", args=[garde.pk])
    assert education.get(url).status_code == 200
    enfant_url = reverse("wagtailsnippets_dossiers_enfant:edit", args=[enfant.pk])
    assert "Comptes famille et garde" in education.get(enfant_url).content.decode()

    def donnees(debut, fin):
        return {
            "foyer": foyer.pk,
            "enfant": enfant.pk,
            "regle": Garde.Regle.PERIODES,
            "jours": "",
            "periodes-TOTAL_FORMS": "1",
            "periodes-INITIAL_FORMS": "0",
            "periodes-MIN_NUM_FORMS": "0",
            "periodes-MAX_NUM_FORMS": "1000",
            "periodes-0-debut": debut,
            "periodes-0-fin": fin,
            "periodes-0-ORDER": "1",
            "periodes-0-DELETE": "",
        }

    erreur = education.post(url, donnees("2026-10-20", "2026-10-01"))
    assert "La fin de la période précède son début." in erreur.content.decode()
    assert not garde.periodes.exists()

    education.post(url, donnees("2026-10-20", "2026-11-01"))
    garde.refresh_from_db()
    assert garde.regle == Garde.Regle.PERIODES
    assert [(p.debut.isoformat(), p.fin.isoformat()) for p in garde.periodes.all()] == [
        ("2026-10-20", "2026-11-01")
    ]
