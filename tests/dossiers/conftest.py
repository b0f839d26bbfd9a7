"""Fixtures shared by the dossiers tests (the project's own are in tests/conftest.py). A module
needing a campaign with other dates defines its own `campagne`, which takes precedence."""

from __future__ import annotations

import datetime

import pytest
from aides_admin import agent
from django.utils import timezone

from famille.comptes.roles import EDUCATION, installer_groupes
from famille.dossiers.models import Campagne


@pytest.fixture
def campagne(db):
    """Open since ten days, closing in thirty, for a school year starting in two months."""
    aujourdhui = timezone.localdate()
    return Campagne.objects.create(
        annee_scolaire="2030-2031",
        rentree=aujourdhui + datetime.timedelta(days=60),
        fin_annee=aujourdhui + datetime.timedelta(days=360),
        ouverture=aujourdhui - datetime.timedelta(days=10),
        cloture=aujourdhui + datetime.timedelta(days=30),
    )


@pytest.fixture
def groupes(arbre):
    return installer_groupes()


@pytest.fixture
def education(client, groupes, campagne):
    """A client logged in as a member of the Éducation group."""
    compte = agent("edith", EDUCATION)
    client.force_login(compte)
    client.compte = compte
    return client


@pytest.fixture
def publier_reglement(arbre, structure):
    """Factory: publish the structure's règlement intérieur with this text; returns the page."""

    def _publier(corps: str, titre: str = "Règlement intérieur du périscolaire"):
        from home.models import ReglementPage

        page = ReglementPage(title=titre, slug="reglement", structure=structure, corps=corps)
        arbre.add_child(instance=page)
        page.save_revision().publish()
        structure.reglement_page = page
        structure.save()
        return page

    return _publier
