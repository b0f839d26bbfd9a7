"""Capacity under concurrency, on PostgreSQL with real threads (each its own connection), as
on opening morning: many families booking the last places, two families booking overlapping
whole periods in opposite orders, one parent confirming from two tabs at once."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connections
from django.utils import timezone

from famille.comptes.models import Compte
from famille.dossiers.models import Enfant, Foyer, Garde
from famille.reservations.models import CapaciteJour, PeriodeReservation, Prestation, Reservation
from famille.reservations.services import operations
from famille.reservations.services.regles import Demande

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def mercredi_ouvert(depuis: datetime.date, zone: str = "A") -> datetime.date:
    """The first Wednesday from `depuis` that is neither a public holiday nor in the school
    holidays (the tests follow today's date)."""
    from famille.reservations.services.calendrier import ferie, vacances_scolaires

    jour = depuis + datetime.timedelta(days=(2 - depuis.weekday()) % 7)
    while ferie(jour) or vacances_scolaires(jour, zone):
        jour += datetime.timedelta(days=7)
    return jour


@pytest.fixture
def cadre(structure):
    """Services and a period a few weeks ahead of today, open since yesterday (threads use the
    real clock: the waiting list's order is the order in which families were served)."""
    aujourdhui = timezone.localdate()
    debut = mercredi_ouvert(aujourdhui + datetime.timedelta(days=14))
    periode = PeriodeReservation.objects.create(
        structure=structure,
        nom="Période",
        debut=debut,
        fin=debut + datetime.timedelta(weeks=6),
        ouverture=timezone.now() - datetime.timedelta(days=1),
    )
    mercredi = Prestation.objects.create(
        structure=structure,
        code="mercredi",
        nom="Mercredi",
        type="mercredi",
        jours="3",
        capacite=10,
    )
    cantine = Prestation.objects.create(
        structure=structure, code="cantine", nom="Cantine", type="restauration", capacite=100
    )
    soir = Prestation.objects.create(
        structure=structure, code="soir", nom="Soir", type="soir"
    )  # uncapped
    periode.prestations.set([mercredi, cantine, soir])
    return periode, mercredi, cantine, soir


def _famille(structure, n: int, enfants: int = 1):
    compte = Compte.objects.create(username=f"C{n:04d}", last_name=f"Famille{n}")
    compte.structures.add(structure)
    foyer = Foyer.objects.create(numero=f"C{n:04d}", titulaire=compte)
    liste = []
    for k in range(enfants):
        enfant = Enfant.objects.create(
            nom=f"Famille{n}", prenom=f"E{k}", date_naissance=datetime.date(2019, 1, 1)
        )
        Garde.objects.create(foyer=foyer, enfant=enfant)
        liste.append(enfant)
    return foyer, liste


def _en_parallele(fonctions):
    """Run each function in its own thread, all released at once; returns results/errors."""
    depart = threading.Barrier(len(fonctions))
    resultats: list = [None] * len(fonctions)

    def lancer(i, fonction):
        try:
            depart.wait()
            resultats[i] = fonction()
        except Exception as erreur:  # noqa: BLE001 - reported by the test
            resultats[i] = erreur
        finally:
            connections.close_all()

    fils = [threading.Thread(target=lancer, args=(i, f)) for i, f in enumerate(fonctions)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=120)
    return resultats


def test_cinquante_familles_pour_dix_places(structure, cadre):
    periode, mercredi, _, _ = cadre
    jour = periode.debut
    familles = [_famille(structure, n) for n in range(50)]

    def reserver(foyer, enfant):
        return lambda: operations.appliquer(
            foyer.titulaire, foyer, [Demande(enfant.pk, mercredi.pk, jour)], []
        )

    resultats = _en_parallele([reserver(f, e[0]) for f, e in familles])
    erreurs = [r for r in resultats if isinstance(r, Exception)]
    assert erreurs == []
    assert sum(len(r.ajoutees) for r in resultats) == 10
    assert sum(len(r.en_attente) for r in resultats) == 40
    reservees = Reservation.objects.filter(prestation=mercredi, statut="reservee")
    file = list(Reservation.objects.file_attente(mercredi.pk, jour))
    assert reservees.count() == 10 and len(file) == 40
    ligne = CapaciteJour.objects.get(prestation=mercredi, date=jour)
    assert (ligne.capacite, ligne.reservees) == (10, 10)
    # First come, first served: every family served a place got it before any one waiting.
    assert max(r.arrivee for r in reservees) <= min(r.arrivee for r in file)
    assert [r.arrivee for r in file] == sorted(r.arrivee for r in file)


def test_periodes_croisees_en_ordre_inverse_sans_interblocage(structure, cadre):
    periode, mercredi, cantine, soir = cadre
    (a, enfants_a), (b, enfants_b) = _famille(structure, 1, 3), _famille(structure, 2, 3)

    def toute_la_periode(foyer, enfants, inverse):
        demandes = []
        jour = periode.debut
        while jour <= periode.fin:
            for prestation in (mercredi, cantine, soir):
                demandes += [Demande(e.pk, prestation.pk, jour) for e in enfants]
            jour += datetime.timedelta(days=1)
        if inverse:
            demandes.reverse()
        return lambda: operations.appliquer(foyer.titulaire, foyer, demandes, [])

    for _ in range(3):
        Reservation.objects.all().delete()
        CapaciteJour.objects.all().delete()
        resultats = _en_parallele(
            [toute_la_periode(a, enfants_a, False), toute_la_periode(b, enfants_b, True)]
        )
        assert [r for r in resultats if isinstance(r, Exception)] == []
        # Ten Wednesday places for six children, room on every other day: both families get
        # the same days (closed days, weekends and holidays refused alike), nobody waits.
        assert len(resultats[0].ajoutees) == len(resultats[1].ajoutees) > 0
        assert not resultats[0].en_attente and not resultats[1].en_attente
    assert Reservation.objects.filter(statut="attente").count() == 0
    for ligne in CapaciteJour.objects.all():
        assert (
            ligne.reservees
            == Reservation.objects.filter(
                prestation=ligne.prestation, date=ligne.date, statut="reservee"
            ).count()
        )


def test_un_parent_deux_onglets_une_seule_reservation(structure, cadre):
    periode, mercredi, cantine, soir = cadre
    foyer, (enfant,) = _famille(structure, 1)
    demandes = [
        Demande(enfant.pk, p.pk, periode.debut + datetime.timedelta(days=d))
        for p in (mercredi, cantine, soir)
        for d in range(0, 14)
    ]

    def onglet():
        return operations.appliquer(foyer.titulaire, foyer, demandes, [])

    resultats = _en_parallele([onglet, onglet])
    assert [r for r in resultats if isinstance(r, Exception)] == []
    actives = Reservation.objects.actives()
    cles = list(actives.values_list("enfant_id", "prestation_id", "date"))
    assert len(cles) == len(set(cles))
    ajoutees = sum(len(r.ajoutees) for r in resultats)
    assert ajoutees == len(cles)
    for ligne in CapaciteJour.objects.all():
        assert (
            ligne.reservees == actives.filter(prestation=ligne.prestation, date=ligne.date).count()
        )


def test_verrou_tenu_trop_longtemps_reessayez(structure, cadre, monkeypatch):
    """A day's row locked elsewhere for longer than lock_timeout: after the bounded retries
    the family reads « réessayez dans un instant », nothing is saved, no 500."""
    from django.db import transaction

    from famille.reservations.services.erreurs import ReservationError

    periode, mercredi, _, soir = cadre
    foyer, (enfant,) = _famille(structure, 1)
    CapaciteJour.objects.create(prestation=mercredi, date=periode.debut, capacite=10)
    monkeypatch.setattr(operations, "ESSAIS", 2)
    tenu, fini = threading.Event(), threading.Event()

    def bloquer():
        with transaction.atomic():
            CapaciteJour.objects.select_for_update().get(prestation=mercredi)
            tenu.set()
            fini.wait(timeout=30)
        connections.close_all()

    fil = threading.Thread(target=bloquer)
    fil.start()
    tenu.wait(timeout=10)
    try:
        with pytest.raises(ReservationError, match="réessayez dans un instant"):
            operations.appliquer(
                foyer.titulaire,
                foyer,
                [
                    Demande(enfant.pk, soir.pk, periode.debut + datetime.timedelta(days=1)),
                    Demande(enfant.pk, mercredi.pk, periode.debut),
                ],
                [],
            )
    finally:
        fini.set()
        fil.join()
    assert not Reservation.objects.exists()
