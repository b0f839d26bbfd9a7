"""The retention purge, with a frozen clock: nothing before the limit, everything after."""

from __future__ import annotations

import datetime
import logging
import zoneinfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from famille.dossiers.models import (
    Campagne,
    DossierAnnuel,
    Enfant,
    FicheSante,
    Fichier,
    Modification,
    PieceJustificative,
)
from famille.dossiers.services import rattacher_enfant, rgpd_purge
from famille.reservations.models import Prestation, Reservation

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# Léo's reference date is the end of his dossier's school year (4 July 2026, after his last
# booking); two years (730 days, the default) later is the last day his data are kept.
DERNIER_JOUR = datetime.date(2026, 7, 4) + datetime.timedelta(days=730)


def le(annee: int, mois: int, jour: int):
    return time_machine.travel(
        datetime.datetime(annee, mois, jour, 12, 0, tzinfo=PARIS), tick=False
    )


@pytest.fixture
def campagne(db):
    return Campagne.objects.create(
        annee_scolaire="2025-2026",
        rentree=datetime.date(2025, 9, 1),
        fin_annee=datetime.date(2026, 7, 4),
        ouverture=datetime.date(2025, 6, 1),
        cloture=datetime.date(2025, 8, 15),
    )


def deposer(dossier, type_, enfant=None) -> Fichier:
    piece = PieceJustificative.objects.create(dossier=dossier, type=type_, enfant=enfant)
    fichier = Fichier(piece=piece, nom_original="doc.pdf", type_mime="application/pdf", taille=8)
    fichier.fichier.save("ignore", ContentFile(b"%PDF-1.4"), save=False)
    fichier.save()
    return fichier


@pytest.fixture
def famille(creer_famille, campagne, structure):
    """Léo booked on 3 September 2025; the foyer's dossier ends on 4 July 2026."""
    foyer = creer_famille()
    leo = Enfant.objects.create(
        nom="Martin", prenom="Léo", date_naissance=datetime.date(2016, 1, 1)
    )
    rattacher_enfant(foyer, leo)
    dossier = DossierAnnuel.objects.create(foyer=foyer, campagne=campagne)
    prestation = Prestation.objects.create(
        structure=structure, nom="Restauration", code="cantine", type="restauration"
    )
    Reservation.objects.create(
        foyer=foyer, enfant=leo, prestation=prestation, date=datetime.date(2025, 9, 3)
    )
    FicheSante.objects.create(enfant=leo, allergies="Arachide", pai=True)
    Modification.objects.create(
        foyer=foyer,
        enfant=leo,
        fiche="sante",
        sante=True,
        changements={"allergies": ["", "Arachide"]},
    )
    Modification.objects.create(foyer=foyer, enfant=leo, fiche="contacts", changements={})
    return {
        "foyer": foyer,
        "leo": leo,
        "pai": deposer(dossier, PieceJustificative.Type.PAI_CERTIFICAT, leo),
        "domicile": deposer(dossier, PieceJustificative.Type.DOMICILE),
    }


def existe(fichier: Fichier) -> bool:
    return storages["private"].exists(fichier.fichier.name)


def test_rien_n_est_supprime_avant_la_limite(famille):
    with le(DERNIER_JOUR.year, DERNIER_JOUR.month, DERNIER_JOUR.day):
        comptes = rgpd_purge.purger()
    assert comptes["fichiers"] == comptes["pieces"] == comptes["fiches_sante"] == 0
    assert existe(famille["pai"]) and existe(famille["domicile"])
    assert Fichier.objects.count() == 2 and PieceJustificative.objects.count() == 2
    assert FicheSante.objects.filter(enfant=famille["leo"]).exists()


def test_tout_est_supprime_apres_la_limite(famille):
    lendemain = DERNIER_JOUR + datetime.timedelta(days=1)
    with le(lendemain.year, lendemain.month, lendemain.day):
        comptes = rgpd_purge.purger()
    assert comptes == {
        "fichiers": 2,
        "pieces": 2,
        "fiches_sante": 1,
        "historique_sante": 1,
        "fichiers_non_effaces": 0,
        "mes_donnees": 0,  # « Mes données » documents older than 7 days: none here
    }
    assert not existe(famille["pai"]) and not existe(famille["domicile"])
    assert not Fichier.objects.exists() and not PieceJustificative.objects.exists()
    assert not FicheSante.objects.exists()
    # Only the health entries of the history go; the child and the rest stay.
    assert Modification.objects.filter(sante=False).count() == 1
    assert not Modification.objects.filter(sante=True).exists()
    assert Enfant.objects.filter(pk=famille["leo"].pk).exists()


def test_une_reservation_plus_recente_repousse_la_limite(famille, structure):
    Reservation.objects.create(
        foyer=famille["foyer"],
        enfant=famille["leo"],
        prestation=Prestation.objects.get(),
        date=datetime.date(2026, 12, 1),
    )
    with le(2028, 7, 6):
        rgpd_purge.purger()
    assert existe(famille["pai"]) and FicheSante.objects.exists()
    with le(2028, 12, 2):
        rgpd_purge.purger()
    assert not existe(famille["pai"]) and not FicheSante.objects.exists()


def test_reservation_annulee_ne_compte_pas(famille):
    Reservation.objects.create(
        foyer=famille["foyer"],
        enfant=famille["leo"],
        prestation=Prestation.objects.get(),
        date=datetime.date(2027, 3, 1),
        statut="annulee",
    )
    with le(2028, 7, 6):
        rgpd_purge.purger()
    assert not FicheSante.objects.exists()


def test_duree_configurable_par_categorie(famille, settings):
    settings.RETENTION = {"pieces": 30, "sante": 3650}
    with le(2026, 8, 10):
        comptes = rgpd_purge.purger()
    # The domicile proof goes after 30 days; health data (and the PAI certificate) stay.
    assert comptes["pieces"] == 1 and comptes["fiches_sante"] == 0
    assert not existe(famille["domicile"]) and existe(famille["pai"])
    assert FicheSante.objects.exists()


def test_enfant_sans_reservation_ni_dossier_est_garde(creer_famille):
    foyer = creer_famille()
    zoe = Enfant.objects.create(nom="Z", prenom="Zoé", date_naissance=datetime.date(2015, 1, 1))
    rattacher_enfant(foyer, zoe)
    FicheSante.objects.create(enfant=zoe, allergies="Kiwi")
    with le(2040, 1, 1):
        rgpd_purge.purger()
    assert FicheSante.objects.filter(enfant=zoe).exists()


def test_simulation_ne_supprime_rien(famille):
    with le(2028, 7, 6):
        call_command("purger_donnees", "--simulation")
    assert existe(famille["pai"]) and Fichier.objects.count() == 2


def test_journal_compte_sans_donnee_personnelle(famille, caplog):
    caplog.set_level(logging.INFO, logger="famille.dossiers.purge")
    with le(2028, 7, 6):
        call_command("purger_donnees")
    (message,) = [r.getMessage() for r in caplog.records if r.name == "famille.dossiers.purge"]
    assert "2 fichier(s), 2 pièce(s), 1 fiche(s) santé" in message
    for personnel in ("Léo", "Martin", "Arachide", famille["foyer"].numero, "doc.pdf"):
        assert personnel not in message


def test_planification_quotidienne_installee_une_seule_fois(db):
    from django_q.models import Schedule

    call_command("purger_donnees", "--installer")
    call_command("purger_donnees", "--installer")
    (planification,) = Schedule.objects.filter(name=rgpd_purge.NOM_PLANIFICATION)
    assert planification.func == "famille.dossiers.services.rgpd_purge.purger"
    assert planification.schedule_type == Schedule.DAILY
    assert planification.repeats == -1
