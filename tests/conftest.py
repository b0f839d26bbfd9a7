"""Shared fixtures: the page tree, the demo families and logged-in clients."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache

# Playwright's sync API runs an event loop in the test thread; Django must still allow the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.postgres` tests (real threads, row locks, constraints under concurrency)
    run on PostgreSQL only, `@pytest.mark.sqlite` ones (SQLite's own locking) on SQLite only:
    the others are deselected, not skipped, so that a skip in the report always means something
    is wrong. `bin/tests` runs both passes."""
    from django.db import connection

    autre = "sqlite" if connection.vendor == "postgresql" else "postgres"
    ecartes = [item for item in items if autre in item.keywords]
    if ecartes:
        config.hook.pytest_deselected(items=ecartes)
        items[:] = [item for item in items if autre not in item.keywords]


@pytest.fixture(autouse=True)
def _cache_vide():
    # Throttling counters and the « last update » date live in the cache: no test sees another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def arbre(db):
    """The page tree (home, tabs, FAQ, contact, legal pages) with the RGPD/CGU settings."""
    from home.arbre import installer_arbre

    return installer_arbre()


@pytest.fixture
def demo(db):
    """The whole demo data set, as `python manage.py demo` loads it."""
    from home import demo as demo_module

    demo_module.charger()
    return demo_module


@pytest.fixture
def structure(db):
    from famille.comptes.models import Structure

    return Structure.objects.create(
        nom="Service périscolaire", slug="periscolaire", commune="Cestas"
    )


@pytest.fixture
def creer_famille(db, structure):
    """Factory: a Compte Famille whose parent has finished the first login."""
    from famille.comptes import services as comptes_services
    from famille.dossiers.services import creer_compte_famille

    compteur = {"n": 0}

    def _creer(identifiant: str | None = None, *, premiere_connexion_faite: bool = True, **champs):
        compteur["n"] += 1
        identifiant = identifiant or f"F9{compteur['n']:03d}"
        cree = creer_compte_famille(
            identifiant=identifiant,
            prenom=champs.pop("prenom", "Alex"),
            nom=champs.pop("nom", f"Famille{compteur['n']}"),
            emails=champs.pop("emails", f"{identifiant.lower()}@exemple.fr"),
            structures=[structure],
            mot_de_passe="Mot-de-passe-initial-1",
            **champs,
        )
        compte = cree.foyer.titulaire
        if premiere_connexion_faite:
            comptes_services.definir_mot_de_passe(compte, "Une phrase de passe solide")
            documents = comptes_services.documents_a_accepter(compte)
            if documents:
                comptes_services.enregistrer_consentements(compte, documents)
        return cree.foyer

    return _creer


@pytest.fixture
def parent_client(client, arbre, creer_famille):
    """A test client logged in as a parent who has finished the first login."""
    foyer = creer_famille()
    client.force_login(foyer.titulaire)
    client.foyer = foyer
    return client


# The shared test personas (alice, bob, charlie, agent_education…): see tests/personas.py.
from personas import (  # noqa: E402, F401
    agent_communication,
    agent_education,
    agent_regie,
    alice,
    bob,
    charlie,
    connecter,
    groupes_staff,
    personas,
    superutilisateur,
)
