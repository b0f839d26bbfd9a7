"""The header drop-down switches the structure being viewed: only one the account is known
to, the choice stays for the session, request.structure follows it. And the separated
parents' privacy: each sees the shared children, never the other's address or e-mails."""

from __future__ import annotations

import pytest
from django.urls import reverse

from famille.comptes.models import Structure
from famille.dossiers.models import DossierFamillePage, Enfant, Garde
from famille.dossiers.services.comptes_famille import RegleGarde, creer_compte_second_parent

CHOISIR = reverse("comptes:choisir_structure")


@pytest.fixture
def deux_structures(parent_client, structure):
    centre = Structure.objects.create(nom="Centre de loisirs Les Pins", slug="cl", commune="Cestas")
    autre_ville = Structure.objects.create(
        nom="Périscolaire de Pessac", slug="px", commune="Pessac"
    )
    parent_client.foyer.titulaire.structures.set([structure, centre])
    return structure, centre, autre_ville


def structure_de_la_requete(client):
    return client.get("/").wsgi_request.structure


def test_menu_deroulant_et_choix_garde_pour_la_session(parent_client, deux_structures):
    periscolaire, centre, _ = deux_structures
    accueil = parent_client.get("/").content.decode()
    assert 'id="choix-structure"' in accueil
    assert "Centre de loisirs Les Pins" in accueil and "Service périscolaire" in accueil
    assert "Périscolaire de Pessac" not in accueil
    # By default the first one (order, then name): the centre.
    assert structure_de_la_requete(parent_client) == centre

    reponse = parent_client.post(CHOISIR, {"structure": periscolaire.pk, "next": "/"})

    assert reponse.status_code == 302 and reponse["Location"] == "/"
    assert structure_de_la_requete(parent_client) == periscolaire
    assert structure_de_la_requete(parent_client) == periscolaire  # still, on the next pages
    assert "Service périscolaire</option>" in parent_client.get("/").content.decode()


def test_structure_inconnue_du_compte_refusee(parent_client, deux_structures):
    _, centre, autre_ville = deux_structures
    parent_client.post(CHOISIR, {"structure": autre_ville.pk})
    assert structure_de_la_requete(parent_client) == centre
    parent_client.post(CHOISIR, {"structure": "pas-un-nombre"})
    assert structure_de_la_requete(parent_client) == centre


def test_redirection_externe_refusee(parent_client, deux_structures):
    _, centre, _ = deux_structures
    reponse = parent_client.post(
        CHOISIR, {"structure": centre.pk, "next": "https://pirate.example/"}
    )
    assert reponse["Location"] == "/"


def test_get_et_csrf_refuses(parent_client, deux_structures):
    _, centre, _ = deux_structures
    assert parent_client.get(CHOISIR).status_code == 405
    from django.test import Client

    sans_csrf = Client(enforce_csrf_checks=True)
    sans_csrf.force_login(parent_client.foyer.titulaire)
    assert sans_csrf.post(CHOISIR, {"structure": centre.pk}).status_code == 403


def test_visiteur_renvoye_a_la_connexion(deux_structures):
    from django.test import Client

    reponse = Client().post(CHOISIR, {"structure": deux_structures[1].pk})
    assert reponse.status_code == 302
    assert reverse("comptes:connexion") in reponse["Location"]


def test_un_seul_compte_sans_menu(parent_client):
    accueil = parent_client.get("/").content.decode()
    assert 'id="choix-structure"' not in accueil
    assert "Structure : Service périscolaire" in accueil


# --- separated parents -----------------------------------------------------------------------


@pytest.fixture
def parents_separes(arbre, creer_famille):
    mere = creer_famille(
        "F7001",
        prenom="Julie",
        nom="Bernard",
        emails="julie.bernard@exemple.fr",
        adresse="3 allée des Mimosas",
        ville="Cestas",
    )
    lucas = Enfant.objects.create(nom="Petit", prenom="Lucas", date_naissance="2018-05-02")
    Garde.objects.create(foyer=mere, enfant=lucas)
    pere = creer_compte_second_parent(
        mere,
        identifiant="F7002",
        prenom="Thomas",
        nom="Petit",
        emails="thomas.petit@exemple.fr",
        adresse="18 rue du Stade",
        ville="Pessac",
        mot_de_passe="Mot-de-passe-initial-2",
        garde_second=RegleGarde(Garde.Regle.SEMAINES_IMPAIRES),
        garde_premier=RegleGarde(Garde.Regle.SEMAINES_PAIRES),
    ).foyer
    from famille.comptes import services

    services.definir_mot_de_passe(pere.titulaire, "Une autre phrase de passe")
    documents = services.documents_a_accepter(pere.titulaire)
    services.enregistrer_consentements(pere.titulaire, documents)
    return mere, pere, lucas


def pages_du_parent() -> list[str]:
    urls = ["/", DossierFamillePage.url_de()]
    for route in ("profil", "fiche_famille", "contacts", "assurance", "mes_donnees"):
        urls.append(DossierFamillePage.url_de(route))
    return urls


def test_chaque_parent_voit_les_enfants_mais_pas_les_coordonnees_de_l_autre(
    client, parents_separes
):
    mere, pere, lucas = parents_separes
    for moi, autre in ((pere, mere), (mere, pere)):
        client.force_login(moi.titulaire)
        vu = ""
        for url in pages_du_parent():
            reponse = client.get(url, follow=True)
            assert reponse.status_code == 200, url
            contenu = reponse.content.decode()
            vu += contenu
            for secret in (autre.adresse, autre.titulaire.email, autre.ville):
                assert secret not in contenu, (url, secret)
        assert moi.adresse in vu
        assert "Lucas" in vu
