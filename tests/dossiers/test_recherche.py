"""Search that forgives (issue 9.6), in the Comptes famille and Enfants admin lists: without
accents or hyphens, in any case, by child, phone and e-mail. The same on SQLite and
PostgreSQL: run this file with and without DATABASE_URL (CI runs both)."""

from __future__ import annotations

import datetime
import importlib

import pytest
from aides_admin import agent, texte
from django.apps import apps

from famille.comptes.roles import EDUCATION
from famille.dossiers.models import Enfant, Foyer
from famille.dossiers.services import rattacher_enfant
from famille.dossiers.services.recherche import filtrer, normaliser

FOYERS = "/admin/snippets/dossiers/foyer/"
ENFANTS = "/admin/snippets/dossiers/enfant/"


@pytest.fixture
def familles(creer_famille):
    lefevre = creer_famille(
        "F7001",
        prenom="Gaël",
        nom="Lefèvre",
        emails="gael.lefevre@exemple.fr",
        telephone="06 12 34 56 78",
    )
    rattacher_enfant(
        lefevre,
        Enfant.objects.create(
            nom="Lefèvre", prenom="Chloé", date_naissance=datetime.date(2018, 1, 1)
        ),
    )
    martin = creer_famille("F7002", prenom="Gaël", nom="Martin", emails="gm@exemple.fr")
    dupont = creer_famille("F7003", prenom="Jean-Pierre", nom="Dupont", emails="jp@exemple.fr")
    return {"lefevre": lefevre, "martin": martin, "dupont": dupont}


def test_normaliser():
    assert normaliser("  Gaël LEFÈVRE-Dupont d'Œillet ") == "gael lefevre dupont d oeillet"


@pytest.mark.parametrize(
    "recherche, trouves",
    [
        ("lefevre", {"F7001"}),
        ("LEFÈVRE", {"F7001"}),
        ("Gael Martin", {"F7002"}),
        ("martin gaël", {"F7002"}),
        ("gael", {"F7001", "F7002"}),
        ("jean pierre", {"F7003"}),
        ("Jean-Pierre", {"F7003"}),
        ("chloe", {"F7001"}),  # by child
        ("0612345678", {"F7001"}),  # by phone, typed without spaces
        ("06 12 34 56 78", {"F7001"}),
        ("gael.lefevre@exemple.fr", {"F7001"}),  # by e-mail
        ("lefebre", set()),
    ],
)
def test_recherche_des_comptes_famille(familles, recherche, trouves):
    assert {f.numero for f in filtrer(Foyer.objects.all(), recherche)} == trouves


def test_listes_de_l_admin(client, groupes, familles):
    client.force_login(agent("edith", EDUCATION))
    liste = texte(client.get(FOYERS, {"q": "lefevre"}))
    assert "F7001" in liste and "F7002" not in liste
    enfants = texte(client.get(ENFANTS, {"q": "chloe lefevre"}))
    assert "Chloé" in enfants
    # A child by the parent's phone.
    assert "Chloé" in texte(client.get(ENFANTS, {"q": "06 12 34 56 78"}))
    assert "Chloé" not in texte(client.get(ENFANTS, {"q": "martin"}))


def test_la_colonne_suit_les_modifications(familles):
    martin = familles["martin"]
    titulaire = martin.titulaire
    titulaire.last_name = "Martín-Nuñez"
    titulaire.save()
    assert {f.numero for f in filtrer(Foyer.objects.all(), "martin nunez")} == {"F7002"}
    rattacher_enfant(
        martin,
        Enfant.objects.create(nom="Nuñez", prenom="Inès", date_naissance=datetime.date(2019, 1, 1)),
    )
    assert {f.numero for f in filtrer(Foyer.objects.all(), "ines")} == {"F7002"}
    assert [e.prenom for e in filtrer(Enfant.objects.all(), "martin nunez")] == ["Inès"]


def test_la_migration_remplit_les_familles_existantes(familles):
    Foyer.objects.update(recherche="")
    Enfant.objects.update(recherche="")
    migration = importlib.import_module("famille.dossiers.migrations.0008_recherche_normalisee")
    migration.remplir(apps, None)
    assert {f.numero for f in filtrer(Foyer.objects.all(), "lefevre chloe")} == {"F7001"}
    assert filtrer(Enfant.objects.all(), "gael lefevre").count() == 1
