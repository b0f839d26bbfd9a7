"""Login protection: lockout per identifiant (any case), per address after a spray over many
identifiants, with a French message,
the audit log, session expiry after 30 minutes without activity, logout (the red button)."""

from __future__ import annotations

import datetime
import html

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from famille.comptes.models import Evenement

MOT_DE_PASSE = "Une phrase de passe solide"
LIMITE = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def famille(arbre, creer_famille):
    return creer_famille("F3001")


def connecter(client, identifiant, mot_de_passe, ip="10.0.0.1"):
    return client.post(
        "/connexion/", {"username": identifiant, "password": mot_de_passe}, REMOTE_ADDR=ip
    )


def texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


def test_connexion_reussie_journalisee(client, famille):
    reponse = connecter(client, "f3001", MOT_DE_PASSE)
    assert reponse.status_code == 302 and reponse["Location"] == "/"
    evenement = Evenement.objects.get(type=Evenement.Type.CONNEXION)
    assert evenement.compte == famille.titulaire
    assert evenement.adresse_ip == "10.0.0.1"


def test_echec_en_francais_et_journalise_sans_le_mot_de_passe(client, famille):
    reponse = connecter(client, "F3001", "mauvais-mot-de-passe-42")
    assert reponse.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in texte(reponse)
    assert "« Réinitialiser votre mot de passe »" in texte(reponse)
    evenement = Evenement.objects.get(type=Evenement.Type.ECHEC)
    assert evenement.identifiant == "F3001"
    for evenement in Evenement.objects.all():
        for champ in ("identifiant", "detail"):
            assert "mauvais-mot-de-passe-42" not in getattr(evenement, champ)


def test_blocage_par_identifiant_quelle_que_soit_la_casse(client, famille):
    # Each attempt from a different address: the lock follows the identifiant itself.
    saisies = ["F3001", "f3001", " F3001 ", "f3001", "F3001"][:LIMITE]
    for n, saisie in enumerate(saisies):
        reponse = connecter(client, saisie, f"essai-{n}-incorrect", ip=f"10.1.0.{n + 1}")
        assert reponse.status_code in (200, 429)
    # Even the right password is refused now, from yet another address.
    reponse = connecter(client, "f3001", MOT_DE_PASSE, ip="10.1.0.99")
    assert reponse.status_code == 429
    page = texte(reponse)
    assert "Connexion bloquée temporairement" in page
    assert "la connexion est bloquée pendant 15 minutes" in page
    assert "contactez le service Éducation" in page
    assert "Réinitialiser votre mot de passe" in page
    assert "_auth_user_id" not in client.session
    assert Evenement.objects.filter(type=Evenement.Type.BLOCAGE).exists()
    assert not Evenement.objects.filter(type=Evenement.Type.CONNEXION).exists()


def test_blocage_d_un_identifiant_ne_bloque_pas_les_autres(client, arbre, creer_famille):
    creer_famille("F3001")
    creer_famille("F3002")
    for n in range(LIMITE):
        connecter(client, "F3001", f"essai-{n}", ip=f"10.2.0.{n + 1}")
    assert connecter(client, "F3001", MOT_DE_PASSE, ip="10.2.0.50").status_code == 429
    reponse = connecter(client, "F3002", MOT_DE_PASSE, ip="10.2.0.51")
    assert reponse.status_code == 302


def test_blocage_par_adresse_ip_apres_une_pulverisation(client, arbre, creer_famille):
    creer_famille("F3001")
    creer_famille("F3002")
    # Many identifiants from one address (a spray): the address is locked.
    for n in range(settings.AXES_LIMITE_PULVERISATION):
        connecter(client, f"INCONNU{n}", "essai-incorrect", ip="10.3.0.7")
    # A valid account, from the same address: locked.
    reponse = connecter(client, "F3002", MOT_DE_PASSE, ip="10.3.0.7")
    assert reponse.status_code == 429
    assert "Connexion bloquée temporairement" in texte(reponse)
    blocage = Evenement.objects.filter(type=Evenement.Type.BLOCAGE).first()
    assert blocage is not None and blocage.adresse_ip == "10.3.0.7"
    # From another address, the same account logs in.
    assert connecter(client, "F3002", MOT_DE_PASSE, ip="10.3.0.8").status_code == 302


def test_le_blocage_dure_15_minutes(client, famille):
    debut = timezone.now()
    with time_machine.travel(debut, tick=False) as voyage:
        for n in range(LIMITE):
            connecter(client, "F3001", f"essai-{n}")
        assert connecter(client, "F3001", MOT_DE_PASSE).status_code == 429
        voyage.shift(datetime.timedelta(minutes=14))
        assert connecter(client, "F3001", MOT_DE_PASSE).status_code == 429
        voyage.shift(datetime.timedelta(minutes=16))
        assert connecter(client, "F3001", MOT_DE_PASSE).status_code == 302


def test_session_expire_apres_30_minutes_d_inactivite(client, famille):
    debut = timezone.now()
    with time_machine.travel(debut, tick=False) as voyage:
        connecter(client, "F3001", MOT_DE_PASSE)
        assert client.session.get_expiry_age() == 30 * 60
        # Activity keeps the session alive: each request pushes the end further.
        for _ in range(3):
            voyage.shift(datetime.timedelta(minutes=25))
            assert client.get("/dossier-famille/profil/").status_code == 200
        voyage.shift(datetime.timedelta(minutes=31))
        reponse = client.get("/dossier-famille/profil/")
        assert reponse.status_code == 302
        assert reponse["Location"].startswith("/connexion/")


def test_deconnexion_par_le_bouton_rouge(client, famille):
    connecter(client, "F3001", MOT_DE_PASSE)
    page = client.get("/").content.decode()
    assert 'action="/deconnexion/"' in page and "btn-deconnexion" in page
    assert "Se déconnecter" in page
    # A link or an image pointing to the URL cannot log the parent out.
    assert client.get("/deconnexion/").status_code == 405
    assert "_auth_user_id" in client.session
    reponse = client.post("/deconnexion/")
    assert reponse.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/dossier-famille/")["Location"].startswith("/connexion/")
    assert Evenement.objects.filter(
        type=Evenement.Type.DECONNEXION, compte=famille.titulaire
    ).exists()
