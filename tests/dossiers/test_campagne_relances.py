"""Reminder e-mails of the campaign (django-q2 schedule), with a frozen clock."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django_q.models import Schedule

from famille.dossiers.models import Campagne, DossierAnnuel, Enfant
from famille.dossiers.services import rattacher_enfant, relances
from famille.dossiers.tasks import envoyer_relance, envoyer_relances

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
CLOTURE = datetime.date(2027, 8, 15)


def a(jour: datetime.date):
    return time_machine.travel(datetime.datetime(jour.year, jour.month, jour.day, 9, tzinfo=PARIS))


@pytest.fixture
def campagne(db):
    return Campagne.objects.create(
        annee_scolaire="2027-2028",
        rentree=datetime.date(2027, 9, 1),
        fin_annee=datetime.date(2028, 7, 6),
        ouverture=datetime.date(2027, 6, 1),
        cloture=CLOTURE,
        relances="30,15,3",
    )


@pytest.fixture
def familles(creer_famille, campagne):
    foyers = {}
    for nom, papier in (("active", False), ("papier", True), ("complete", False)):
        foyer = creer_famille(emails=f"{nom}@exemple.fr; autre-{nom}@exemple.fr")
        foyer.dossier_papier = papier
        foyer.save()
        enfant = Enfant.objects.create(
            nom=nom, prenom="Enfant", date_naissance=datetime.date(2019, 1, 1)
        )
        rattacher_enfant(foyer, enfant)
        foyers[nom] = foyer
    DossierAnnuel.objects.create(
        foyer=foyers["complete"], campagne=campagne, statut=DossierAnnuel.Statut.A_VERIFIER
    )
    creer_famille(emails="sans-enfant@exemple.fr")  # no child: nothing to renew
    return foyers


def test_relances_aux_jours_configures_une_seule_fois(familles, campagne, arbre):
    envoyes = []
    jour = campagne.ouverture
    while jour <= CLOTURE + datetime.timedelta(days=3):
        with a(jour):
            envoyer_relances()
            envoyer_relances()  # the schedule running twice the same day sends nothing more
        if mail.outbox:
            envoyes.append((jour, [m.to for m in mail.outbox]))
            mail.outbox.clear()
        jour += datetime.timedelta(days=1)
    assert [j for j, _ in envoyes] == [
        datetime.date(2027, 7, 16),
        datetime.date(2027, 7, 31),
        datetime.date(2027, 8, 12),
    ]
    for _, destinataires in envoyes:
        # Only the online family with an incomplete dossier, at all its addresses.
        assert destinataires == [["active@exemple.fr", "autre-active@exemple.fr"]]


def test_contenu_de_la_relance(familles, campagne, arbre):
    with a(datetime.date(2027, 8, 12)):
        envoyer_relances()
    message = mail.outbox[0]
    assert message.subject == (
        "Portail Famille : votre dossier famille 2027-2028 est à valider avant le 15 août 2027"
    )
    assert "Fiches à valider : 5" in message.body  # famille, contacts, assurance + 2 per child
    assert "/dossier-famille/" in message.body
    assert "Enfant" not in message.body  # no child's name, no fiche content in an e-mail


def test_jour_manque_rattrape_le_lendemain(familles, campagne):
    with a(datetime.date(2027, 7, 17)):  # the scheduler was down on 16 July
        envoyer_relances()
    assert len(mail.outbox) == 1
    with a(datetime.date(2027, 7, 18)):
        envoyer_relances()
    assert len(mail.outbox) == 1


def test_deux_workers_n_envoient_qu_une_fois(familles, campagne):
    with a(datetime.date(2027, 7, 16)):
        ids = relances.dossiers_a_relancer(datetime.date(2027, 7, 16))
        assert len(ids) == 1
        # Both workers got the same job: the conditional update lets only one send.
        assert envoyer_relance(ids[0], "2027-07-16") is True
        assert envoyer_relance(ids[0], "2027-07-16") is False
    assert len(mail.outbox) == 1
    assert DossierAnnuel.objects.get(pk=ids[0]).derniere_relance == datetime.date(2027, 7, 16)


def test_hors_fenetre_aucune_relance(familles, campagne):
    for jour in (datetime.date(2027, 5, 20), datetime.date(2027, 8, 16)):
        with a(jour):
            assert envoyer_relances() == 0
    assert not mail.outbox


def test_installer_taches_idempotent(db):
    call_command("installer_taches")
    call_command("installer_taches")
    schedules = Schedule.objects.filter(func="famille.dossiers.tasks.envoyer_relances")
    assert schedules.count() == 1
    assert schedules.get().schedule_type == Schedule.DAILY
