"""« Journal de sécurité »: the audit log, readable by the Education service, filtered by type
and date, searched by identifiant, never added to, edited or deleted — not even by a superuser."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from famille.comptes.models import Compte, Evenement
from famille.comptes.roles import EDUCATION, installer_groupes

LISTE = reverse("wagtailsnippets_comptes_evenement:list")


@pytest.fixture
def journal(db):
    hier = timezone.now() - datetime.timedelta(days=10)
    Evenement.objects.create(type=Evenement.Type.ECHEC, identifiant="F1001")
    Evenement.objects.create(type=Evenement.Type.CONNEXION, identifiant="F1002")
    ancien = Evenement.objects.create(type=Evenement.Type.CONNEXION, identifiant="F1003")
    Evenement.objects.filter(pk=ancien.pk).update(date=hier)
    return Evenement.objects.all()


@pytest.fixture
def education(client, db):
    agent = Compte.objects.create_user(username="agent", is_staff=True)
    agent.groups.set([installer_groupes()[EDUCATION]])
    client.force_login(agent)
    return client


@pytest.fixture
def superuser(client, db):
    client.force_login(Compte.objects.create_superuser(username="root", password="x"))
    return client


def lignes(reponse) -> set[str]:
    contenu = reponse.content.decode()
    return {i for i in ("F1001", "F1002", "F1003") if i in contenu}


def test_education_lit_le_journal(education, journal):
    reponse = education.get(LISTE)
    assert reponse.status_code == 200
    assert lignes(reponse) == {"F1001", "F1002", "F1003"}
    assert "Échec de connexion" in reponse.content.decode()


def test_filtre_par_type(education, journal):
    assert lignes(education.get(LISTE, {"type": Evenement.Type.ECHEC})) == {"F1001"}


def test_filtre_par_date(education, journal):
    depuis = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    assert lignes(education.get(LISTE, {"date__gte": depuis})) == {"F1001", "F1002"}
    jusqu_a = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    assert lignes(education.get(LISTE, {"date__lte": jusqu_a})) == {"F1003"}


def test_recherche_par_identifiant(education, journal):
    assert lignes(education.get(LISTE, {"q": "f1002"})) == {"F1002"}


@pytest.mark.parametrize("qui", ["education", "superuser"])
def test_personne_ne_modifie_le_journal(request, journal, qui):
    client = request.getfixturevalue(qui)
    evenement = journal.first()
    # The staff member's own login is journaled too: count from here.
    avant = Evenement.objects.count()
    for url in (
        reverse("wagtailsnippets_comptes_evenement:add"),
        reverse("wagtailsnippets_comptes_evenement:edit", args=[evenement.pk]),
        reverse("wagtailsnippets_comptes_evenement:delete", args=[evenement.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
        client.post(url, {"type": Evenement.Type.CONNEXION, "identifiant": "X"})
    assert Evenement.objects.count() == avant
    assert not Evenement.objects.filter(identifiant="X").exists()
    inspect = reverse("wagtailsnippets_comptes_evenement:inspect", args=[evenement.pk])
    assert client.get(inspect).status_code == 200
    assert reverse("wagtailsnippets_comptes_evenement:add") not in (
        client.get(LISTE).content.decode()
    )
    # whereas an editable model's list offers its add button
    structures = client.get(reverse("wagtailsnippets_comptes_structure:list"))
    assert reverse("wagtailsnippets_comptes_structure:add") in structures.content.decode()
