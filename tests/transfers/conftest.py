"""Fixtures of the transfers tests: schools with classes, staff of each group."""

from __future__ import annotations

import pytest


@pytest.fixture
def ecoles(structure):
    """The shared « periscolaire » structure with two schools and their classes."""
    from famille.dossiers.models import Classe, Ecole

    for nom, classes in (
        ("École élémentaire du Parc", ["CP", "CE1", "CE2", "CM1", "CM2"]),
        ("École maternelle du Bourg", ["PS", "MS", "GS"]),
    ):
        ecole = Ecole.objects.create(nom=nom, structure=structure)
        for classe in classes:
            Classe.objects.create(ecole=ecole, nom=classe)
    return structure


@pytest.fixture
def education(db):
    """A staff member of the Éducation group (Wagtail admin access, families and dossiers)."""
    from famille.comptes.models import Compte
    from famille.comptes.roles import EDUCATION, installer_groupes

    groupes = installer_groupes()
    compte = Compte.objects.create_user("agent.education", password="x", is_staff=True)
    compte.groups.add(groupes[EDUCATION])
    return compte


@pytest.fixture
def regie(db):
    from famille.comptes.models import Compte
    from famille.comptes.roles import REGIE, installer_groupes

    groupes = installer_groupes()
    compte = Compte.objects.create_user("agent.regie", password="x", is_staff=True)
    compte.groups.add(groupes[REGIE])
    return compte
