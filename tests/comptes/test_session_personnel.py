"""Staff sessions and the profile's sensitive changes: no Gravatar request from the back office,
a logout that ends the session on the server, staff logins in the security journal, an absolute
session lifetime besides the idle one, the current password asked to change e-mail addresses."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from personas import MOT_DE_PASSE_AGENT

from famille.comptes.models import Evenement


@pytest.fixture
def agent(agent_education):
    # An e-mail address: what Wagtail would hash for Gravatar.
    agent_education.email = "agent.education@mairie.example.fr"
    agent_education.save()
    return agent_education


def connecter_agent(client, mot_de_passe=MOT_DE_PASSE_AGENT):
    return client.post(
        "/admin/login/",
        {"username": "agent-education", "password": mot_de_passe},
        REMOTE_ADDR="198.51.100.70",
    )


def test_l_administration_n_envoie_rien_a_gravatar(client, agent):
    client.force_login(agent)
    page = client.get("/admin/").content.decode()
    assert "gravatar" not in page.lower()
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


def test_get_admin_logout_termine_la_session_sur_le_serveur(client, agent):
    assert connecter_agent(client).status_code == 302
    ancienne_session = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/admin/").status_code == 200

    client.get("/admin/logout/")

    assert not Session.objects.filter(session_key=ancienne_session).exists()
    # The old cookie, replayed by another browser, opens nothing.
    rejeu = Client()
    rejeu.cookies[settings.SESSION_COOKIE_NAME] = ancienne_session
    reponse = rejeu.get("/admin/")
    assert reponse.status_code == 302 and reponse["Location"].startswith("/admin/login/")
    assert Evenement.objects.filter(type=Evenement.Type.DECONNEXION, compte=agent).exists()


def test_connexions_du_personnel_au_journal(client, agent):
    connecter_agent(client, "pas-le-bon-mot-de-passe")
    connecter_agent(client)
    echec = Evenement.objects.get(type=Evenement.Type.ECHEC)
    assert (echec.identifiant, echec.adresse_ip) == ("agent-education", "198.51.100.70")
    connexion = Evenement.objects.get(type=Evenement.Type.CONNEXION)
    assert (connexion.compte, connexion.adresse_ip) == (agent, "198.51.100.70")


def test_la_session_a_une_duree_absolue_malgre_l_activite(client, arbre, creer_famille, settings):
    settings.SESSION_DUREE_ABSOLUE = 2 * 3600
    creer_famille("F3201")
    debut = timezone.now()
    with time_machine.travel(debut, tick=False) as voyage:
        client.post("/connexion/", {"username": "F3201", "password": "Une phrase de passe solide"})
        # Active every 20 minutes (never idle 30 minutes) for almost two hours: still in.
        for _ in range(5):
            voyage.shift(datetime.timedelta(minutes=20))
            assert client.get("/dossier-famille/profil/").status_code == 200
        voyage.shift(datetime.timedelta(minutes=21))  # 2 h 1 min after the login
        reponse = client.get("/dossier-famille/profil/")
        assert reponse.status_code == 302
        assert reponse["Location"].startswith("/connexion/")
        assert "_auth_user_id" not in client.session


def test_la_duree_absolue_par_defaut_est_une_journee_de_travail():
    assert settings.SESSION_DUREE_ABSOLUE == 8 * 3600
