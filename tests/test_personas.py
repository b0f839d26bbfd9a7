"""The shared personas are who they say they are: the reference for every test of access."""

from __future__ import annotations

import pytest

from famille.comptes.roles import COMMUNICATION, EDUCATION, REGIE
from famille.dossiers.models import Garde
from famille.dossiers.services import enfants_du_compte


def test_familles(personas):
    alice, bob, charlie = personas.alice, personas.bob, personas.charlie
    assert set(enfants_du_compte(alice.compte)) == {alice.enfants["Léa"], alice.enfants["Tom"]}
    assert set(enfants_du_compte(bob.compte)) == {alice.enfants["Tom"]}
    assert set(enfants_du_compte(charlie.compte)) == {charlie.enfants["Zoé"]}
    tom = alice.enfants["Tom"]
    assert Garde.objects.get(foyer=alice.foyer, enfant=tom).regle == Garde.Regle.SEMAINES_PAIRES
    assert Garde.objects.get(foyer=bob.foyer, enfant=tom).regle == Garde.Regle.SEMAINES_IMPAIRES
    assert alice.foyer.situation == bob.foyer.situation == "separes"


def test_staff(personas):
    for groupe, agent in personas.staff().items():
        assert agent.is_staff and not agent.is_superuser
        assert list(agent.groups.values_list("name", flat=True)) == [groupe]
    assert set(personas.staff()) == {EDUCATION, COMMUNICATION, REGIE}
    assert personas.superutilisateur.is_superuser
    assert not personas.superutilisateur.groups.exists()


@pytest.mark.parametrize("qui", ["alice", "bob"])
def test_les_parents_arrivent_sur_le_portail(personas, connecter, qui):
    client = connecter(getattr(personas, qui))
    assert client.get("/dossier-famille/").status_code == 200


def test_une_autre_famille_recoit_404(alice, charlie, connecter):
    lea = alice.enfants["Léa"]
    assert connecter(alice).get(f"/dossier-famille/autorisations/{lea.pk}/").status_code == 200
    assert connecter(charlie).get(f"/dossier-famille/autorisations/{lea.pk}/").status_code == 404
