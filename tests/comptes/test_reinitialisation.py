"""« Réinitialiser votre mot de passe »: identifiant + e-mail, the same answer whether they match
or not, a single-use link valid one hour sent by a django-q2 task, rate limits."""

from __future__ import annotations

import datetime
import html
import re
from urllib.parse import urlparse

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from famille.comptes.models import Compte, Evenement

DEMANDE = "/mot-de-passe-oublie/"
NOUVEAU = "une balade au bord du lac"


@pytest.fixture
def famille(arbre, creer_famille):
    return creer_famille(
        "F4001",
        prenom="Nadia",
        nom="Roux",
        emails="nadia.roux@exemple.fr; papa.roux@exemple.fr",
        premiere_connexion_faite=False,
    )


def demander(client, identifiant, email, ip="10.9.0.1"):
    return client.post(
        DEMANDE, {"identifiant": identifiant, "email": email}, REMOTE_ADDR=ip, follow=True
    )


def texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


def lien_recu() -> str:
    assert len(mail.outbox) == 1
    trouve = re.search(r"https?://\S+/reinitialiser/\S+/", mail.outbox[0].body)
    assert trouve, mail.outbox[0].body
    return urlparse(trouve.group(0)).path


def choisir(client, url, mot_de_passe=NOUVEAU, confirmation=None):
    return client.post(
        url, {"nouveau_mot_de_passe": mot_de_passe, "confirmation": confirmation or mot_de_passe}
    )


def test_la_page_reprend_les_mots_du_memo(client, arbre):
    page = texte(client.get(DEMANDE))
    assert "<h1>Réinitialiser votre mot de passe</h1>" in page
    assert "l'identifiant et l'adresse mail fournis au service Éducation" in page
    connexion = texte(client.get("/connexion/"))
    assert f'href="{DEMANDE}"' in connexion and "Réinitialiser votre mot de passe" in connexion


def test_meme_reponse_que_les_informations_correspondent_ou_non(client, famille):
    reponses = [
        demander(client, "F4001", "nadia.roux@exemple.fr"),
        demander(client, "F4001", "inconnu@exemple.fr"),
        demander(client, "F9999", "nadia.roux@exemple.fr"),
    ]
    assert {r.status_code for r in reponses} == {200}
    assert {r.redirect_chain[-1][0] for r in reponses} == {"/mot-de-passe-oublie/envoye/"}
    assert reponses[0].content == reponses[1].content == reponses[2].content
    page = texte(reponses[0])
    assert "Si les informations saisies sont correctes" in page
    assert (
        "En cas d'absence de réception de ce lien, vérifiez dans vos messages indésirables." in page
    )
    # Only the matching request sent a mail.
    assert len(mail.outbox) == 1
    assert Evenement.objects.filter(type=Evenement.Type.REINITIALISATION_DEMANDEE).count() == 3


@pytest.mark.parametrize("email", ["PAPA.Roux@Exemple.fr", " papa.roux@exemple.fr "])
def test_toute_adresse_du_compte_sans_casse(client, famille, email):
    demander(client, " f4001 ", email)
    assert mail.outbox[0].to == ["papa.roux@exemple.fr"]


def test_le_mail_contient_le_lien_et_rien_d_autre_de_personnel(client, famille):
    demander(client, "F4001", "nadia.roux@exemple.fr")
    message = mail.outbox[0]
    assert message.to == ["nadia.roux@exemple.fr"]
    assert lien_recu().startswith("/reinitialiser/")
    contenu = message.subject + message.body
    for personnel in ("Nadia", "Roux", "F4001", "f4001", "papa.roux", "nadia.roux"):
        assert personnel not in contenu
    assert "60 minutes" in message.body


def test_lien_a_usage_unique_qui_leve_le_mot_de_passe_initial(client, famille):
    demander(client, "F4001", "nadia.roux@exemple.fr")
    lien = lien_recu()
    reponse = client.get(lien, follow=True)
    page = texte(reponse)
    assert "Au moins 12 caractères" in page
    formulaire = reponse.redirect_chain[-1][0]

    reponse = choisir(client, formulaire, "court")
    assert "Règle non respectée : « Au moins 12 caractères »" in texte(reponse)
    reponse = choisir(client, formulaire, NOUVEAU, "autre chose encore")
    assert "Les deux mots de passe saisis ne sont pas identiques" in texte(reponse)
    assert Compte.objects.get(username="F4001").mot_de_passe_initial

    reponse = choisir(client, formulaire)
    assert reponse.status_code == 302 and reponse["Location"] == "/connexion/"
    assert "Le mot de passe a bien été enregistré" in texte(client.get("/connexion/"))
    compte = Compte.objects.get(username="F4001")
    assert compte.check_password(NOUVEAU)
    assert not compte.mot_de_passe_initial
    assert Evenement.objects.filter(type=Evenement.Type.REINITIALISATION, compte=compte).exists()

    # The same link again: no longer valid.
    reponse = client.get(lien, follow=True)
    assert "Ce lien n'est plus valable" in texte(reponse)
    assert 'name="nouveau_mot_de_passe"' not in texte(reponse)


def test_lien_expire_apres_une_heure(client, famille):
    debut = timezone.now()
    with time_machine.travel(debut, tick=False) as voyage:
        demander(client, "F4001", "nadia.roux@exemple.fr")
        lien = lien_recu()
        voyage.shift(datetime.timedelta(minutes=59))
        assert 'name="nouveau_mot_de_passe"' in texte(client.get(lien, follow=True))
    with time_machine.travel(debut + datetime.timedelta(minutes=61), tick=False):
        autre = client.__class__()
        reponse = autre.get(lien, follow=True)
        assert "Ce lien n'est plus valable" in texte(reponse)
        assert 'name="nouveau_mot_de_passe"' not in texte(reponse)
    assert settings.PASSWORD_RESET_TIMEOUT == 3600


def test_lien_falsifie(client, famille):
    reponse = client.get("/reinitialiser/MQ/abc-123/", follow=True)
    assert "Ce lien n'est plus valable" in texte(reponse)


def test_limite_par_identifiant(client, famille):
    for n in range(5):
        assert (
            demander(client, "F4001", f"essai{n}@exemple.fr", ip=f"10.8.0.{n}").status_code == 200
        )
    reponse = demander(client, "f4001", "nadia.roux@exemple.fr", ip="10.8.0.99")
    assert reponse.status_code == 429
    assert "Trop de demandes ont été faites" in texte(reponse)
    assert len(mail.outbox) == 0


def test_limite_par_adresse_ip(client, famille):
    for n in range(20):
        assert demander(client, f"X{n}", "a@exemple.fr", ip="10.7.0.1").status_code == 200
    reponse = demander(client, "F4001", "nadia.roux@exemple.fr", ip="10.7.0.1")
    assert reponse.status_code == 429
    assert "Trop de demandes ont été faites. Réessayez dans une heure" in texte(reponse)
    assert len(mail.outbox) == 0
    # Another address still gets its answer.
    assert demander(client, "F4001", "nadia.roux@exemple.fr", ip="10.7.0.2").status_code == 200
    assert len(mail.outbox) == 1


def test_la_reinitialisation_leve_le_blocage_de_connexion(client, famille):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/connexion/", {"username": "F4001", "password": f"essai-{n}"})
    bloque = client.post("/connexion/", {"username": "F4001", "password": "Mot-de-passe-initial-1"})
    assert bloque.status_code == 429
    demander(client, "F4001", "nadia.roux@exemple.fr")
    formulaire = client.get(lien_recu(), follow=True).redirect_chain[-1][0]
    choisir(client, formulaire)
    reponse = client.post("/connexion/", {"username": "f4001", "password": NOUVEAU})
    assert reponse.status_code == 302


def test_le_lien_ne_sert_plus_apres_le_premier_passage(client, famille):
    """The link's URL (with its token) is written to the access log: once followed, it must be
    dead. The token moves to the session and the form's URL carries none (Django's pattern)."""
    demander(client, "F4001", "nadia.roux@exemple.fr")
    lien = lien_recu()
    jeton = lien.rstrip("/").rsplit("/", 1)[-1]
    reponse = client.get(lien)
    assert reponse.status_code == 302
    formulaire = reponse["Location"]
    assert formulaire.endswith("/set-password/") and jeton not in formulaire

    # Whoever reads the log and replays the link, even within the hour, gets nothing.
    lecteur_du_journal = client.__class__()
    page = texte(lecteur_du_journal.get(lien, follow=True))
    assert "Ce lien n'est plus valable" in page
    assert 'name="nouveau_mot_de_passe"' not in page

    # The parent, in the session that followed the link, chooses the password.
    assert choisir(client, formulaire)["Location"] == "/connexion/"
    assert Compte.objects.get(username="F4001").check_password(NOUVEAU)
