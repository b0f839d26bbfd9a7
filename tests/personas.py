"""The test personas: who may see what, the same people in every test (issue 9.13).

Families (first login done, so they reach the portal directly):

- `alice` — Alice Martin (F7001), two children: Léa (only hers) and Tom, whom she shares with
  Bob (Alice has Tom in even weeks);
- `bob` — Bob Petit (F7002), the other parent of that separated family: own foyer, Tom in odd
  weeks, never Léa;
- `charlie` — Charlie Roux (F7003), another family with his own child Zoé: every URL of Alice's
  or Bob's gets a 404 for him, and the other way round.

Staff (`Compte`, is_staff, one group each, as `installer_groupes` sets them):
`agent_education`, `agent_communication`, `agent_regie`, and `superutilisateur` (a technical
superuser in no group).

`connecter(compte)` gives a fresh test client logged in as that account (several personas can
be logged in at once in one test). `personas` gathers them all, for matrices of who sees what.

Cheap on purpose: the page tree and three families, no demo load and no campaign (a test that
needs one adds it, e.g. tests/dossiers/conftest.py's `campagne`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.test import Client

from famille.comptes.roles import COMMUNICATION, EDUCATION, REGIE

MOT_DE_PASSE_AGENT = "Agent-de-test-2026"


@dataclass
class Famille:
    """A family persona: its foyer, the titulaire's account and its children by first name."""

    foyer: object
    compte: object
    enfants: dict[str, object] = field(default_factory=dict)

    @property
    def identifiant(self) -> str:
        return self.compte.username


@dataclass
class Personas:
    alice: Famille
    bob: Famille
    charlie: Famille
    agent_education: object
    agent_communication: object
    agent_regie: object
    superutilisateur: object

    def staff(self) -> dict[str, object]:
        return {
            EDUCATION: self.agent_education,
            COMMUNICATION: self.agent_communication,
            REGIE: self.agent_regie,
        }


def _enfant(nom: str, prenom: str, naissance: datetime.date):
    from famille.dossiers.models import Enfant

    return Enfant.objects.create(nom=nom, prenom=prenom, date_naissance=naissance)


@pytest.fixture
def groupes_staff(arbre):
    """The three staff groups with their permissions (Communication's need the page tree)."""
    from famille.comptes.roles import installer_groupes

    return installer_groupes()


def _agent(username: str, groupe=None, **drapeaux):
    from famille.comptes.models import Compte

    compte = Compte.objects.create_user(
        username=username,
        password=MOT_DE_PASSE_AGENT,
        is_staff=True,
        first_name=username.split("-")[-1].title(),
        last_name="Agent",
        **drapeaux,
    )
    if groupe is not None:
        compte.groups.add(groupe)
    return compte


@pytest.fixture
def agent_education(groupes_staff):
    return _agent("agent-education", groupes_staff[EDUCATION])


@pytest.fixture
def agent_communication(groupes_staff):
    return _agent("agent-communication", groupes_staff[COMMUNICATION])


@pytest.fixture
def agent_regie(groupes_staff):
    return _agent("agent-regie", groupes_staff[REGIE])


@pytest.fixture
def superutilisateur(groupes_staff):
    return _agent("agent-technique", is_superuser=True)


@pytest.fixture
def alice(arbre, creer_famille):
    from famille.dossiers.models import Garde
    from famille.dossiers.services import rattacher_enfant

    foyer = creer_famille(
        "F7001",
        prenom="Alice",
        nom="Martin",
        emails="alice@exemple.fr",
        adresse="3 allée des Mimosas",
        code_postal="33610",
        ville="Cestas",
    )
    lea = _enfant("Martin", "Léa", datetime.date(2018, 3, 14))
    tom = _enfant("Petit", "Tom", datetime.date(2016, 9, 2))
    rattacher_enfant(foyer, lea)
    rattacher_enfant(foyer, tom, Garde.Regle.SEMAINES_PAIRES)
    return Famille(foyer=foyer, compte=foyer.titulaire, enfants={"Léa": lea, "Tom": tom})


@pytest.fixture
def bob(alice, creer_famille):
    from famille.dossiers.models import Foyer, Garde
    from famille.dossiers.services import rattacher_enfant

    foyer = creer_famille(
        "F7002",
        prenom="Bob",
        nom="Petit",
        emails="bob@exemple.fr",
        adresse="8 rue du Port",
        code_postal="33000",
        ville="Bordeaux",
        situation=Foyer.Situation.SEPARES,
    )
    tom = alice.enfants["Tom"]
    rattacher_enfant(foyer, tom, Garde.Regle.SEMAINES_IMPAIRES)
    Foyer.objects.filter(pk=alice.foyer.pk).update(situation=Foyer.Situation.SEPARES)
    alice.foyer.refresh_from_db()
    return Famille(foyer=foyer, compte=foyer.titulaire, enfants={"Tom": tom})


@pytest.fixture
def charlie(arbre, creer_famille):
    from famille.dossiers.services import rattacher_enfant

    foyer = creer_famille(
        "F7003", prenom="Charlie", nom="Roux", emails="charlie@exemple.fr", ville="Gradignan"
    )
    zoe = _enfant("Roux", "Zoé", datetime.date(2019, 1, 20))
    rattacher_enfant(foyer, zoe)
    return Famille(foyer=foyer, compte=foyer.titulaire, enfants={"Zoé": zoe})


@pytest.fixture
def connecter(db):
    """Factory: a new test client logged in as this account (or a Famille persona)."""

    def _connecter(qui) -> Client:
        compte = getattr(qui, "compte", qui)
        client = Client()
        client.force_login(compte)
        client.compte = compte
        return client

    return _connecter


@pytest.fixture
def personas(
    alice, bob, charlie, agent_education, agent_communication, agent_regie, superutilisateur
) -> Personas:
    return Personas(
        alice=alice,
        bob=bob,
        charlie=charlie,
        agent_education=agent_education,
        agent_communication=agent_communication,
        agent_regie=agent_regie,
        superutilisateur=superutilisateur,
    )
