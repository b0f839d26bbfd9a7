"""The one access module: which staff role a user has, and who reads health data. Decided once
(famille/comptes/acces.py): health data follows membership of the Éducation group; a technical
superuser outside that group does not read it, but reads the other family data."""

from __future__ import annotations

import pytest
import tablib
from django.contrib.auth.models import AnonymousUser

from famille.comptes import acces
from famille.dossiers.models import FicheSante

ROLES = ["agent_education", "agent_communication", "agent_regie", "superutilisateur"]
ATTENDU = {
    # persona: (est_education, est_communication, est_regie, voit_sante, lit_demandes)
    "agent_education": (True, False, False, True, True),
    "agent_communication": (False, True, False, False, False),
    "agent_regie": (False, False, True, False, False),
    "superutilisateur": (False, False, False, False, True),
}


@pytest.mark.parametrize("qui", ROLES)
def test_roles_et_sante(personas, qui):
    user = getattr(personas, qui)
    obtenu = (
        acces.est_education(user),
        acces.est_communication(user),
        acces.est_regie(user),
        acces.voit_sante(user),
        acces.lit_demandes(user),
    )
    assert obtenu == ATTENDU[qui]


def test_parents_anonymes_et_comptes_desactives(personas):
    for user in (personas.alice.compte, personas.bob.compte, AnonymousUser()):
        assert not any(
            f(user)
            for f in (
                acces.est_education,
                acces.est_regie,
                acces.est_communication,
                acces.voit_sante,
                acces.lit_demandes,
                acces.voit_historique,
            )
        )
    agent = personas.agent_education
    agent.is_active = False
    agent._acces_groupes = None
    assert not acces.voit_sante(agent)


def test_historique_education_et_superutilisateur(personas):
    assert acces.voit_historique(personas.agent_education)
    assert acces.voit_historique(personas.superutilisateur)
    assert not acces.voit_historique(personas.agent_communication)
    assert not acces.voit_historique(personas.agent_regie)


def _export_enfants(client) -> tablib.Dataset:
    reponse = client.get("/admin/snippets/dossiers/enfant/", {"export": "csv"})
    assert reponse.status_code == 200
    contenu = b"".join(reponse.streaming_content).decode("utf-8-sig")
    return tablib.Dataset().load(contenu, format="csv", delimiter=";")


def test_superutilisateur_exporte_les_enfants_sans_la_sante(personas, connecter):
    FicheSante.objects.create(enfant=personas.alice.enfants["Léa"], allergies="Arachide")
    donnees = _export_enfants(connecter(personas.agent_education))
    assert "Arachide" in donnees["Allergies"]
    donnees = _export_enfants(connecter(personas.superutilisateur))
    assert "Allergies" not in donnees.headers
    assert "Léa" in donnees["Prénom"]
