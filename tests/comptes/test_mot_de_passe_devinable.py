"""Guessable passwords refused with their reason (zxcvbn, AZERTY walks, French words), and the
e-mail to the profile's addresses when the password changes."""

from __future__ import annotations

import html

import pytest
from django.core import mail

from famille.comptes.estimation import raison_du_refus
from famille.comptes.models import Compte

PROFIL = "/dossier-famille/profil/"
ACTUEL = "Une phrase de passe solide"


@pytest.mark.parametrize(
    ("mot_de_passe", "raison"),
    [
        ("azertyuiopqsdf", "une rangée de touches du clavier"),
        ("wxcvbnqsdfghjk", "une rangée de touches du clavier"),
        ("motdepasse2024!", "un mot courant"),
        ("bonjourbonjour", "une répétition"),
    ],
)
def test_un_mot_de_passe_devinable_est_refuse_avec_sa_raison(mot_de_passe, raison):
    assert raison in raison_du_refus(mot_de_passe)


@pytest.mark.parametrize(
    "mot_de_passe", ["les marrons du jardin", "Inès mange à la cantine le mardi", ACTUEL]
)
def test_une_phrase_de_plusieurs_mots_passe(mot_de_passe):
    assert raison_du_refus(mot_de_passe) is None


def test_premiere_connexion_refuse_une_rangee_du_clavier(client, arbre, creer_famille):
    foyer = creer_famille(premiere_connexion_faite=False)
    client.force_login(foyer.titulaire)
    reponse = client.post(
        "/premiere-connexion/mot-de-passe/",
        {"nouveau_mot_de_passe": "azertyuiopqsdf", "confirmation": "azertyuiopqsdf"},
    )
    texte = html.unescape(reponse.content.decode())
    assert "Règle non respectée : « Difficile à deviner » : une rangée de touches" in texte
    assert "Difficile à deviner" in texte.split('id="regles-mot-de-passe"')[1]  # the rule shown
    assert Compte.objects.get(pk=foyer.titulaire.pk).mot_de_passe_initial


def test_changer_le_mot_de_passe_previent_les_adresses_du_profil(
    parent_client, django_capture_on_commit_callbacks
):
    compte = parent_client.foyer.titulaire
    compte.emails = "maman@exemple.fr; papa@exemple.fr"
    compte.save()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = parent_client.post(
            PROFIL,
            {
                "action": "mot_de_passe",
                "mdp-ancien_mot_de_passe": ACTUEL,
                "mdp-nouveau_mot_de_passe": "les marrons du jardin",
                "mdp-confirmation": "les marrons du jardin",
            },
        )
    assert reponse.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Portail Famille : votre mot de passe a été modifié"
    assert message.to == ["maman@exemple.fr", "papa@exemple.fr"]
    assert "les marrons" not in message.body and "Réinitialiser votre mot de passe" in message.body


def test_un_refus_n_envoie_rien(parent_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        parent_client.post(
            PROFIL,
            {
                "action": "mot_de_passe",
                "mdp-ancien_mot_de_passe": ACTUEL,
                "mdp-nouveau_mot_de_passe": "azertyuiopqsdf",
                "mdp-confirmation": "azertyuiopqsdf",
            },
        )
    assert mail.outbox == []
