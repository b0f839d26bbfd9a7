"""Login throttling behind a load balancer and at shared addresses: the client's address is read
from X-Forwarded-For through the trusted proxies only, the lock follows the identifiant, and an
address is locked only for a spray over many identifiants."""

from __future__ import annotations

import pytest
from django.conf import settings

from famille.comptes.models import Evenement

MOT_DE_PASSE = "Une phrase de passe solide"
LIMITE = settings.AXES_FAILURE_LIMIT
REPARTITEUR = "10.0.0.2"  # the load balancer: every request reaches gunicorn from it


@pytest.fixture
def derriere_un_repartiteur(settings):
    settings.NUM_PROXIES = 1


def connecter(client, identifiant, mot_de_passe, *, client_ip, transfere_pour=None):
    """A login as the balancer forwards it: REMOTE_ADDR is the balancer, the client's address
    is the last entry of X-Forwarded-For (anything before it was written by the client)."""
    entetes = {"REMOTE_ADDR": REPARTITEUR}
    chaine = ", ".join([*(transfere_pour or []), client_ip])
    entetes["HTTP_X_FORWARDED_FOR"] = chaine
    return client.post(
        "/connexion/", {"username": identifiant, "password": mot_de_passe}, **entetes
    )


def test_une_pulverisation_d_un_client_ne_bloque_pas_un_autre_client(
    client, arbre, creer_famille, derriere_un_repartiteur
):
    creer_famille("F3101")
    for n in range(settings.AXES_LIMITE_PULVERISATION + 2):
        connecter(client, f"INCONNU{n}", "essai-incorrect", client_ip="203.0.113.7")
    # The sprayer is stopped, even with the right password of a real account…
    assert connecter(client, "F3101", MOT_DE_PASSE, client_ip="203.0.113.7").status_code == 429
    # …but another client behind the same balancer logs in.
    assert connecter(client, "F3101", MOT_DE_PASSE, client_ip="198.51.100.20").status_code == 302


def test_le_journal_montre_l_adresse_du_client_pas_celle_du_repartiteur(
    client, arbre, creer_famille, derriere_un_repartiteur
):
    creer_famille("F3102")
    connecter(client, "F3102", "mauvais-essai-1", client_ip="198.51.100.30")
    connecter(client, "F3102", MOT_DE_PASSE, client_ip="198.51.100.31")
    echec = Evenement.objects.get(type=Evenement.Type.ECHEC)
    connexion = Evenement.objects.get(type=Evenement.Type.CONNEXION)
    assert (echec.adresse_ip, connexion.adresse_ip) == ("198.51.100.30", "198.51.100.31")


def test_une_adresse_ecrite_par_le_client_dans_l_entete_est_ignoree(
    client, arbre, creer_famille, derriere_un_repartiteur
):
    # The client writes X-Forwarded-For: 192.0.2.99 itself; the balancer appends the real one.
    creer_famille("F3103")
    connecter(client, "F3103", "mauvais", client_ip="198.51.100.40", transfere_pour=["192.0.2.99"])
    assert Evenement.objects.get(type=Evenement.Type.ECHEC).adresse_ip == "198.51.100.40"


def test_sans_repartiteur_declare_l_entete_est_ignoree(client, arbre, creer_famille):
    # NUM_PROXIES = 0 (the default): anyone could write X-Forwarded-For, so it is not read.
    creer_famille("F3104")
    client.post(
        "/connexion/",
        {"username": "F3104", "password": "mauvais"},
        REMOTE_ADDR="198.51.100.50",
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )
    assert Evenement.objects.get(type=Evenement.Type.ECHEC).adresse_ip == "198.51.100.50"


def test_cinq_echecs_d_une_famille_ne_bloquent_pas_une_autre_famille_a_la_meme_adresse(
    client, arbre, creer_famille, derriere_un_repartiteur
):
    # The town hall's guichet PC: one family mistypes five times, the next one logs in.
    creer_famille("F3105")
    creer_famille("F3106")
    guichet = "203.0.113.80"
    for n in range(LIMITE):
        connecter(client, "F3105", f"essai-{n}", client_ip=guichet)
    assert connecter(client, "F3105", MOT_DE_PASSE, client_ip=guichet).status_code == 429
    assert connecter(client, "F3106", MOT_DE_PASSE, client_ip=guichet).status_code == 302


def test_une_pulverisation_sur_de_nombreux_identifiants_est_arretee(
    client, arbre, creer_famille, derriere_un_repartiteur
):
    creer_famille("F3107")
    attaquant = "203.0.113.90"
    # Fewer identifiants than the spray limit, each below its own limit: not yet a spray.
    for n in range(settings.AXES_LIMITE_PULVERISATION - 1):
        reponse = connecter(client, f"F{5000 + n}", "Motdepasse2026!", client_ip=attaquant)
        assert reponse.status_code == 200
    # One more identifiant: the address is locked, whatever identifiant it tries next.
    assert connecter(client, "F5999", "Motdepasse2026!", client_ip=attaquant).status_code == 429
    reponse = connecter(client, "F3107", MOT_DE_PASSE, client_ip=attaquant)
    assert reponse.status_code == 429
    assert "Connexion bloquée temporairement" in reponse.content.decode()
    assert Evenement.objects.filter(type=Evenement.Type.BLOCAGE, adresse_ip=attaquant).exists()


def test_le_guichet_d_une_matinee_d_ouverture_n_est_pas_bloque(
    client, arbre, creer_famille, derriere_un_repartiteur
):
    # The measured worst case of the town hall's guichet PC (scripts/mesure_blocage.py):
    # 12 different identifiants failing within 15 minutes, typos of identifiants included.
    guichet = "203.0.113.120"
    for n in range(12):
        connecter(client, f"F{6000 + n}", "mauvais-essai", client_ip=guichet)
    creer_famille("F3108")
    assert connecter(client, "F3108", MOT_DE_PASSE, client_ip=guichet).status_code == 302


def test_une_connexion_reussie_efface_ses_echecs_du_compte_de_l_adresse(
    client, arbre, creer_famille, derriere_un_repartiteur
):
    # Families who mistype then log in are not counted as a spray, however many they are.
    adresse = "203.0.113.130"
    limite = settings.AXES_LIMITE_PULVERISATION
    for n in range(limite + 1):
        identifiant = f"F{3200 + n}"
        creer_famille(identifiant)
        connecter(client, identifiant, "mauvais-essai", client_ip=adresse)
        assert connecter(client, identifiant, MOT_DE_PASSE, client_ip=adresse).status_code == 302
        client.post("/deconnexion/")
    assert not Evenement.objects.filter(type=Evenement.Type.BLOCAGE).exists()
