"""The frame for a logged-in parent: the memo's tabs and header."""

from __future__ import annotations


def test_parent_voit_les_onglets_du_memo_et_l_entete(parent_client):
    reponse = parent_client.get("/")
    html = reponse.content.decode()
    assert reponse.status_code == 200
    for onglet in ("Accueil", "Historique", "Paiement", "Réservations", "Dossier Famille"):
        assert f">{onglet}</a>" in html
    assert "onglet-dossier-famille" in html
    assert "Se déconnecter" in html
    assert "Mise à jour du site" in html
    assert parent_client.foyer.titulaire.get_full_name() in html


def test_onglet_dossier_famille_et_profil(parent_client):
    assert parent_client.get("/dossier-famille/").status_code == 200
    assert parent_client.get("/dossier-famille/profil/").status_code == 200


def test_visiteur_renvoye_a_la_connexion_depuis_un_onglet(client, arbre):
    reponse = client.get("/dossier-famille/")
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/connexion/")


def test_page_inconnue_en_francais(client, arbre):
    reponse = client.get("/nexiste-pas/")
    assert reponse.status_code == 404
    assert "Page introuvable" in reponse.content.decode()
