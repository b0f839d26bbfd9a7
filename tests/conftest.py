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
    if connection.vendor == "postgresql":
        # Tests that never open the test database (settings read in a fresh process) check the
        # same thing on both passes: once is enough, on SQLite (see `moteur_indifferent`).
        ecartes += [
            item
            for item in items
            if "moteur_indifferent" in item.keywords
            and not _utilise_la_base(item)
            and item not in ecartes
        ]
    if ecartes:
        config.hook.pytest_deselected(items=ecartes)
        items[:] = [item for item in items if item not in ecartes]


def _installer_base() -> None:
    """What most tests start from, installed once per test database instead of once per test:
    the page tree (`installer_arbre`, ~0.5 s a test on SQLite, more on PostgreSQL) and the staff
    groups with their page and collection permissions. Each test still runs in its own rolled-back
    transaction on top of it; `arbre` and `groupes_staff` then only find what is there (both are
    idempotent). A test that does not ask for them also sees them, as on a real portal."""
    from famille.comptes.roles import installer_groupes
    from home.arbre import installer_arbre

    installer_arbre()
    installer_groupes()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _installer_base()


def _transactionnel(item) -> bool:
    """pytest-django's own rule: these tests commit, and the database is flushed after them."""
    marqueur = item.get_closest_marker("django_db")
    if marqueur is not None and (
        marqueur.kwargs.get("transaction") or marqueur.kwargs.get("reset_sequences")
    ):
        return True
    noms = getattr(item, "fixturenames", ())
    return any(n in noms for n in ("transactional_db", "live_server", "django_db_reset_sequences"))


def _utilise_la_base(item) -> bool:
    return item.get_closest_marker("django_db") is not None or "_django_db_helper" in getattr(
        item, "fixturenames", ()
    )


_base_videe = False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    # After a transactional test flushed the database, the base comes back (committed) before
    # the next test that rolls back: not after each transactional test, since they come in runs
    # (browser modules) and install what they need themselves.
    global _base_videe
    if _base_videe and _utilise_la_base(item) and not _transactionnel(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _installer_base()
        _base_videe = False
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    global _base_videe
    try:
        return (yield)
    finally:
        if _utilise_la_base(item) and _transactionnel(item):
            _base_videe = True


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


@pytest.fixture(scope="class")
def _demo_de_la_classe(django_db_setup, django_db_blocker):
    """The demo loaded once for a test class, in a transaction rolled back after its last
    test. Each test's own transaction is a savepoint inside it, rolled back after the test:
    what one test changes, the next does not see, as with `demo`; the ~3 s load (more on
    PostgreSQL) is paid once a class instead of once a test. Class scope on purpose: only the
    tests of that class see the loaded demo (a module-level test asking for it gets its own)."""
    from django.db import transaction

    from home import demo as demo_module

    with django_db_blocker.unblock():
        atomique = transaction.atomic()
        atomique.__enter__()
        try:
            demo_module.charger()
        except BaseException:
            transaction.set_rollback(True)
            atomique.__exit__(None, None, None)
            raise
    try:
        yield demo_module
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomique.__exit__(None, None, None)


@pytest.fixture
def demo_partagee(_demo_de_la_classe, db):
    """`demo` shared by the tests of a class (see `_demo_de_la_classe`): a class that only reads
    the demo, or changes it in its own test, overrides `demo` with it."""
    return _demo_de_la_classe


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
