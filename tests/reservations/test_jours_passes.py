"""Staff recording a past day's booking after the fact: booked « hors délai » (billing adds the
late-booking surcharge), journaled with the agent and the reason; only past days, only with
the counter permission, only days the prestation ran; bad input saves nothing."""

from __future__ import annotations

import pytest
import time_machine
from aides_reservations import J, paris

from famille.reservations.models import JournalReservation, Reservation
from famille.reservations.services import jours_passes, operations
from famille.reservations.services.erreurs import ReservationError
from famille.reservations.services.regles import Demande

MOTIF = "Accueil du soir demandé par téléphone"


@pytest.fixture
def lundi_20():
    with time_machine.travel(paris("2027-09-20T10:00"), tick=False):
        yield paris("2027-09-20T10:00")


def test_jour_passe_enregistre_hors_delai_et_journalise(
    famille, prestations, periode, lundi_20, admin_user
):
    lea, hugo = famille.enfants_crees
    soir, cantine = prestations["soir"], prestations["cantine"]
    operations.appliquer(
        famille.titulaire,
        famille,
        [Demande(hugo.pk, cantine.pk, J("2027-09-16"))],
        [],
        maintenant=paris("2027-09-01T10:00"),
    )
    bilan = jours_passes.enregistrer_jours_passes(
        admin_user,
        famille,
        [
            Demande(lea.pk, soir.pk, J("2027-09-16")),  # Thursday: recorded
            Demande(lea.pk, soir.pk, J("2027-09-15")),  # Wednesday: no evening care
            Demande(hugo.pk, cantine.pk, J("2027-09-16")),  # already booked by the parent
            Demande(lea.pk, soir.pk, J("2027-09-03")),  # before the period: the day ran
        ],
        MOTIF,
    )
    assert bilan.ajoutees == [
        Demande(lea.pk, soir.pk, J("2027-09-03")),
        Demande(lea.pk, soir.pk, J("2027-09-16")),
    ]
    assert bilan.inchangees == [Demande(hugo.pk, cantine.pk, J("2027-09-16"))]
    assert bilan.refusees == [
        (Demande(lea.pk, soir.pk, J("2027-09-15")), "La prestation n'a pas lieu ce jour-là.")
    ]
    tardives = Reservation.objects.filter(enfant=lea, prestation=soir)
    assert {(r.date, r.statut, r.hors_delai, r.cree_par) for r in tardives} == {
        (J("2027-09-03"), "reservee", True, admin_user),
        (J("2027-09-16"), "reservee", True, admin_user),
    }
    journal = JournalReservation.objects.filter(enfant=lea).order_by("jour")
    assert [(j.jour, j.acteur, j.motif, j.hors_delai) for j in journal] == [
        (J("2027-09-03"), admin_user, MOTIF, True),
        (J("2027-09-16"), admin_user, MOTIF, True),
    ]


def test_refus_sans_rien_enregistrer(
    famille, prestations, periode, lundi_20, admin_user, creer_famille, creer_enfants
):
    lea, _ = famille.enfants_crees
    soir = prestations["soir"]
    passe = [Demande(lea.pk, soir.pk, J("2027-09-16"))]
    cas = [
        (famille.titulaire, passe, MOTIF, "Seul le service Éducation"),
        (admin_user, passe, " ", "Indiquez le motif"),
        (admin_user, [Demande(lea.pk, soir.pk, J("2027-09-20"))], MOTIF, "pas encore passé"),
        (admin_user, [Demande(lea.pk, soir.pk, J("2026-09-10"))], MOTIF, "plus d'un an"),
    ]
    autre = creer_famille("F9502")
    (ailleurs,) = creer_enfants(autre, "Zoé")
    cas.append((admin_user, [Demande(ailleurs.pk, soir.pk, J("2027-09-16"))], MOTIF, "rattaché"))
    for agent, demandes, motif, message in cas:
        with pytest.raises(ReservationError, match=message):
            jours_passes.enregistrer_jours_passes(agent, famille, demandes, motif)
    assert not Reservation.objects.exists() and not JournalReservation.objects.exists()


def test_reprise_d_une_reservation_faite_a_temps_sans_majoration(
    famille, prestations, periode, lundi_20, admin_user
):
    lea, _ = famille.enfants_crees
    demande = Demande(lea.pk, prestations["cantine"].pk, J("2027-09-13"))
    bilan = jours_passes.enregistrer_jours_passes(
        admin_user, famille, [demande], "Reprise du registre papier", tardive=False
    )
    assert bilan.ajoutees == [demande] and bilan.hors_delai == []
    reservation = Reservation.objects.get()
    assert not reservation.hors_delai and reservation.cree_par == admin_user
    assert JournalReservation.objects.get().motif == "Reprise du registre papier"
