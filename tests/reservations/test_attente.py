"""Waiting lists: first come first served, offers accepted in time or passed to the next,
capacity increases offered at once, no offer past the booking deadline."""

from __future__ import annotations

import pytest
from aides_reservations import J, paris

from famille.reservations.models import CapaciteJour, Reservation
from famille.reservations.services import attente, operations
from famille.reservations.services.erreurs import ReservationError
from famille.reservations.services.regles import Demande

JOUR = J("2027-09-08")  # a Wednesday; the fixture's mercredi has 2 places


@pytest.fixture
def complet(creer_famille, creer_enfants, prestations, maintenant, periode):
    """Two children booked, then three families in line (in this order)."""
    mercredi = prestations["mercredi"]
    premiere = creer_famille()
    enfants = creer_enfants(premiere, "Léa", "Hugo")
    operations.appliquer(
        premiere.titulaire, premiere, [Demande(e.pk, mercredi.pk, JOUR) for e in enfants], []
    )
    file = []
    for n in range(3):
        foyer = creer_famille()
        (enfant,) = creer_enfants(foyer, f"Enfant{n}")
        operations.appliquer(
            foyer.titulaire,
            foyer,
            [Demande(enfant.pk, mercredi.pk, JOUR)],
            [],
            maintenant=paris(f"2027-08-30T10:0{n}"),
        )
        file.append((foyer, enfant))
    return premiere, enfants, file


def _ligne(prestations):
    return CapaciteJour.objects.get(prestation=prestations["mercredi"], date=JOUR)


def _statut(enfant):
    return Reservation.objects.actives().get(enfant=enfant).statut


def test_annulation_propose_au_premier_puis_accepte(complet, prestations):
    premiere, (lea, _), file = complet
    mercredi = prestations["mercredi"]
    operations.appliquer(premiere.titulaire, premiere, [], [Demande(lea.pk, mercredi.pk, JOUR)])
    (foyer1, enfant1), (foyer2, enfant2), _ = file
    assert _statut(enfant1) == Reservation.Statut.PROPOSEE
    assert _statut(enfant2) == Reservation.Statut.ATTENTE
    offre = Reservation.objects.get(enfant=enfant1, statut=Reservation.Statut.PROPOSEE)
    with pytest.raises(ReservationError):  # another family cannot accept it
        attente.accepter_proposition(foyer2.titulaire, offre.pk)
    attente.accepter_proposition(foyer1.titulaire, offre.pk)
    attente.accepter_proposition(foyer1.titulaire, offre.pk)  # twice: one booking
    assert _statut(enfant1) == Reservation.Statut.RESERVEE
    assert _ligne(prestations).reservees == 2


def test_proposition_expiree_passe_a_la_suivante(complet, prestations):
    premiere, (lea, _), file = complet
    operations.appliquer(
        premiere.titulaire, premiere, [], [Demande(lea.pk, prestations["mercredi"].pk, JOUR)]
    )
    (foyer1, enfant1), (_, enfant2), _ = file
    offre = Reservation.objects.get(enfant=enfant1)
    assert attente.expirer_propositions(paris("2027-08-31T09:59")) == 0
    assert attente.expirer_propositions(paris("2027-08-31T10:00")) == 1
    assert Reservation.objects.get(pk=offre.pk).statut == Reservation.Statut.ANNULEE
    assert _statut(enfant2) == Reservation.Statut.PROPOSEE
    assert _ligne(prestations).reservees == 2
    with pytest.raises(ReservationError, match="délai pour accepter|plus proposée"):
        attente.accepter_proposition(foyer1.titulaire, offre.pk)


def test_augmenter_la_capacite_propose_les_places(complet, prestations, admin_user):
    _, _, file = complet
    attente.changer_capacite(admin_user, prestations["mercredi"], JOUR, 4)
    statuts = [_statut(enfant) for _, enfant in file]
    assert statuts == [Reservation.Statut.PROPOSEE] * 2 + [Reservation.Statut.ATTENTE]
    ligne = _ligne(prestations)
    assert (ligne.capacite, ligne.reservees) == (4, 4)
    with pytest.raises(ReservationError, match="déjà prises"):
        attente.changer_capacite(admin_user, prestations["mercredi"], JOUR, 3)


def test_pas_de_proposition_apres_la_date_limite(complet, prestations):
    premiere, (lea, _), file = complet
    tard = paris("2027-09-06T12:00")  # Wednesday's booking deadline was Sunday 23:59
    operations.appliquer(
        premiere.titulaire,
        premiere,
        [],
        [Demande(lea.pk, prestations["mercredi"].pk, JOUR)],
        guichet=True,
        motif="Enfant malade",
        maintenant=tard,
    )
    assert _statut(file[0][1]) == Reservation.Statut.ATTENTE
    assert _ligne(prestations).reservees == 1


def test_tache_d_expiration_planifiee(db):
    from django.core.management import call_command
    from django_q.models import Schedule

    call_command("installer_taches")
    call_command("installer_taches")
    tache = Schedule.objects.get(func="famille.reservations.tasks.expirer_propositions")
    assert (tache.schedule_type, tache.minutes) == (Schedule.MINUTES, 15)
    assert Schedule.objects.filter(func="famille.dossiers.tasks.envoyer_relances").count() == 1


def test_capacite_de_la_prestation_suivie_par_les_jours_a_venir(complet, prestations):
    """The prestation's capacity changed (2 → 3, then no limit): the day that followed it
    offers its new places in order; with no limit, everyone left in line is offered one."""
    _, _, file = complet
    mercredi = prestations["mercredi"]
    mercredi.capacite = 3
    mercredi.save()
    assert len(attente.suivre_capacite_prestation(mercredi, 2)) == 1
    assert [_statut(e) for _, e in file] == ["proposee", "attente", "attente"]
    assert (_ligne(prestations).capacite, _ligne(prestations).reservees) == (3, 3)
    mercredi.capacite = None
    mercredi.save()
    assert len(attente.suivre_capacite_prestation(mercredi, 3)) == 2
    assert [_statut(e) for _, e in file] == ["proposee"] * 3
    assert (_ligne(prestations).capacite, _ligne(prestations).reservees) == (5, 5)


def test_capacite_baissee_jamais_sous_les_places_prises(complet, prestations):
    mercredi = prestations["mercredi"]
    mercredi.capacite = 1
    mercredi.save()
    assert attente.suivre_capacite_prestation(mercredi, 2) == []
    assert (_ligne(prestations).capacite, _ligne(prestations).reservees) == (2, 2)


def test_refuser_une_proposition_la_passe_a_la_suivante(complet, prestations):
    premiere, (lea, _), file = complet
    operations.appliquer(
        premiere.titulaire, premiere, [], [Demande(lea.pk, prestations["mercredi"].pk, JOUR)]
    )
    (foyer1, enfant1), (foyer2, enfant2), _ = file
    offre = Reservation.objects.get(enfant=enfant1)
    with pytest.raises(ReservationError):  # another family cannot decline it
        attente.refuser_proposition(foyer2.titulaire, offre.pk)
    assert len(attente.refuser_proposition(foyer1.titulaire, offre.pk)) == 1
    assert Reservation.objects.get(pk=offre.pk).statut == Reservation.Statut.ANNULEE
    assert _statut(enfant2) == Reservation.Statut.PROPOSEE
    assert _ligne(prestations).reservees == 2
    assert attente.refuser_proposition(foyer1.titulaire, offre.pk) == []  # twice: nothing more
    assert _ligne(prestations).reservees == 2
