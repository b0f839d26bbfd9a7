"""Attacks on the account pages: forged requests without the CSRF token are refused, and each
security event is written to the audit log (never a password)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from famille.comptes import services
from famille.comptes.models import Compte, Consentement, Evenement

ACTUEL = "Une phrase de passe solide"


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def jeton(client, url) -> str:
    client.get(url)
    return client.cookies["csrftoken"].value


def test_connexion_sans_jeton_refusee(csrf_client, arbre, creer_famille):
    creer_famille("F6001")
    reponse = csrf_client.post("/connexion/", {"username": "F6001", "password": ACTUEL})
    assert reponse.status_code == 403
    assert "_auth_user_id" not in csrf_client.session
    # With the token the same request works: the 403 is the missing token, nothing else.
    reponse = csrf_client.post(
        "/connexion/",
        {
            "username": "F6001",
            "password": ACTUEL,
            "csrfmiddlewaretoken": jeton(csrf_client, "/connexion/"),
        },
    )
    assert reponse.status_code == 302


def test_deconnexion_sans_jeton_refusee(csrf_client, arbre, creer_famille):
    foyer = creer_famille("F6002")
    csrf_client.force_login(foyer.titulaire)
    assert csrf_client.post("/deconnexion/").status_code == 403
    assert "_auth_user_id" in csrf_client.session
    token = jeton(csrf_client, "/")
    assert csrf_client.post("/deconnexion/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in csrf_client.session


def test_profil_sans_jeton_refuse(csrf_client, arbre, creer_famille):
    foyer = creer_famille("F6003", emails="avant@exemple.fr")
    csrf_client.force_login(foyer.titulaire)
    donnees = {"action": "emails", "emails-emails": "pirate@exemple.fr"}
    assert csrf_client.post("/dossier-famille/profil/", donnees).status_code == 403
    donnees_mdp = {
        "action": "mot_de_passe",
        "mdp-ancien_mot_de_passe": ACTUEL,
        "mdp-nouveau_mot_de_passe": "mot de passe du pirate",
        "mdp-confirmation": "mot de passe du pirate",
    }
    assert csrf_client.post("/dossier-famille/profil/", donnees_mdp).status_code == 403
    compte = Compte.objects.get(pk=foyer.titulaire.pk)
    assert compte.emails == "avant@exemple.fr"
    assert compte.check_password(ACTUEL)


def test_premiere_connexion_sans_jeton_refusee(csrf_client, arbre, creer_famille):
    foyer = creer_famille("F6004", premiere_connexion_faite=False)
    compte = foyer.titulaire
    csrf_client.force_login(compte)
    reponse = csrf_client.post(
        "/premiere-connexion/mot-de-passe/",
        {
            "nouveau_mot_de_passe": "mot de passe du pirate",
            "confirmation": "mot de passe du pirate",
        },
    )
    assert reponse.status_code == 403
    assert Compte.objects.get(pk=compte.pk).mot_de_passe_initial

    services.definir_mot_de_passe(compte, "la cantine du mardi")
    csrf_client.force_login(compte)
    reponse = csrf_client.post("/premiere-connexion/consentements/", {"rgpd": "on", "cgu": "on"})
    assert reponse.status_code == 403
    assert not Consentement.objects.filter(compte=compte).exists()
    token = jeton(csrf_client, "/premiere-connexion/consentements/")
    reponse = csrf_client.post(
        "/premiere-connexion/consentements/",
        {"rgpd": "on", "cgu": "on", "csrfmiddlewaretoken": token},
    )
    assert reponse.status_code == 302
    assert Consentement.objects.filter(compte=compte).count() == 2


def test_demande_de_reinitialisation_sans_jeton_refusee(csrf_client, arbre, creer_famille):
    creer_famille("F6005")
    reponse = csrf_client.post(
        "/mot-de-passe-oublie/", {"identifiant": "F6005", "email": "f6005@exemple.fr"}
    )
    assert reponse.status_code == 403
    assert len(mail.outbox) == 0


def test_journal_de_securite_complet_sans_mot_de_passe(client, arbre, creer_famille):
    """One parent's whole story, then the log holds every event and no password."""
    creer_famille("F6006", premiere_connexion_faite=False)
    secrets = [
        "Mot-de-passe-initial-1",
        "un essai raté",
        "la cantine du jeudi",
        "le goûter du soir",
    ]
    client.post("/connexion/", {"username": "F6006", "password": secrets[1]})
    client.post("/connexion/", {"username": "f6006", "password": secrets[0]})
    client.post(
        "/premiere-connexion/mot-de-passe/",
        {"nouveau_mot_de_passe": secrets[2], "confirmation": secrets[2]},
    )
    client.post("/premiere-connexion/consentements/", {"rgpd": "on", "cgu": "on"})
    client.post(
        "/dossier-famille/profil/",
        {
            "action": "mot_de_passe",
            "mdp-ancien_mot_de_passe": secrets[2],
            "mdp-nouveau_mot_de_passe": secrets[3],
            "mdp-confirmation": secrets[3],
        },
    )
    client.post(
        "/dossier-famille/profil/",
        {
            "action": "emails",
            "emails-emails": "neuf@exemple.fr",
            "emails-mot_de_passe_actuel": secrets[3],
        },
    )
    client.post("/deconnexion/")

    compte = Compte.objects.get(username="F6006")
    types = list(
        Evenement.objects.filter(identifiant__iexact="F6006")
        .order_by("pk")
        .values_list("type", flat=True)
    )
    T = Evenement.Type
    assert types == [
        T.ECHEC,
        T.CONNEXION,
        T.MOT_DE_PASSE,
        T.CONSENTEMENT,
        T.CONSENTEMENT,
        T.MOT_DE_PASSE,
        T.EMAILS,
        T.DECONNEXION,
    ]
    assert Evenement.objects.filter(compte=compte).count() == len(types) - 1
    for evenement in Evenement.objects.all():
        for valeur in (evenement.identifiant, evenement.detail):
            for secret in secrets:
                assert secret not in valeur
