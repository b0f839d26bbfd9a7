"""Login cost: a password hashed with Django's default Argon2 parameters (100 MiB, 8 lanes) is
re-hashed with OWASP's cheaper ones at the parent's next successful login, and still works.
The real Argon2 hasher here (the test settings use MD5 everywhere else)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from famille.comptes.hachage import Argon2OwaspHasher

MOT_DE_PASSE = "Une phrase de passe solide"


@pytest.fixture
def argon2(settings):
    settings.PASSWORD_HASHERS = [
        "famille.comptes.hachage.Argon2OwaspHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def test_ancien_hachage_mis_a_jour_a_la_connexion(client, arbre, creer_famille, argon2):
    compte = creer_famille("F4001").titulaire
    ancien = Argon2PasswordHasher()
    compte.password = ancien.encode(MOT_DE_PASSE, ancien.salt())
    compte.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in compte.password

    reponse = client.post("/connexion/", {"username": "f4001", "password": MOT_DE_PASSE})

    assert reponse.status_code == 302 and reponse["Location"] == "/"
    compte.refresh_from_db()
    assert compte.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert Argon2OwaspHasher().verify(MOT_DE_PASSE, compte.password)


def test_echec_de_connexion_ne_change_pas_le_hachage(client, arbre, creer_famille, argon2):
    compte = creer_famille("F4002").titulaire
    ancien = Argon2PasswordHasher()
    compte.password = ancien.encode(MOT_DE_PASSE, ancien.salt())
    compte.save(update_fields=["password"])
    avant = compte.password

    reponse = client.post("/connexion/", {"username": "f4002", "password": "pas-le-bon-mot-42"})

    assert reponse.status_code == 200
    compte.refresh_from_db()
    assert compte.password == avant
