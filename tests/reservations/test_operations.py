"""Booking and cancelling through the one service layer: what is added, put on the waiting
list, refused (each with its French reason) and what bad input does (nothing saved)."""

from __future__ import annotations

import datetime

import pytest
from aides_reservations import J, paris

from famille.reservations.models import CapaciteJour, JournalReservation, Reservation
from famille.reservations.services import operations
from famille.reservations.services.erreurs import ReservationError
from famille.reservations.services.regles import Demande


def demandes(enfants, prestation, *jours):
    return [Demande(e.pk, prestation.pk, J(j)) for e in enfants for j in jours]


def test_reserver_puis_rejouer_ne_cree_qu_une_reservation(
    famille, prestations, periode, maintenant
):
    lea, hugo = famille.enfants_crees
    ajouts = demandes([lea, hugo], prestations["cantine"], "2027-09-06", "2027-09-07")
    bilan = operations.appliquer(famille.titulaire, famille, ajouts, [])
    assert len(bilan.ajoutees) == 4 and not bilan.refusees
    rejoue = operations.appliquer(famille.titulaire, famille, ajouts, [])
    assert rejoue.ajoutees == [] and len(rejoue.inchangees) == 4
    assert Reservation.objects.actives().count() == 4


def test_simuler_n_ecrit_rien(famille, prestations, periode, maintenant):
    lea, _ = famille.enfants_crees
    bilan = operations.simuler(
        famille.titulaire, famille, demandes([lea], prestations["cantine"], "2027-09-06"), []
    )
    assert len(bilan.ajoutees) == 1
    assert not Reservation.objects.exists()


def test_capacite_puis_liste_d_attente_et_proposition(
    famille,
    creer_famille,
    creer_enfants,
    prestations,
    periode,
    maintenant,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    mercredi = prestations["mercredi"]  # 2 places
    lea, hugo = famille.enfants_crees
    bilan = operations.appliquer(
        famille.titulaire, famille, demandes([lea, hugo], mercredi, "2027-09-08"), []
    )
    assert len(bilan.ajoutees) == 2
    autre = creer_famille()
    (zoe,) = creer_enfants(autre, "Zoé")
    attente = operations.appliquer(
        autre.titulaire, autre, demandes([zoe], mercredi, "2027-09-08"), []
    )
    assert attente.en_attente == [Demande(zoe.pk, mercredi.pk, J("2027-09-08"))]
    ligne = CapaciteJour.objects.get(prestation=mercredi, date=J("2027-09-08"))
    assert (ligne.capacite, ligne.reservees) == (2, 2)

    with django_capture_on_commit_callbacks(execute=True):
        annule = operations.appliquer(
            famille.titulaire, famille, [], demandes([hugo], mercredi, "2027-09-08")
        )
    assert len(annule.annulees) == 1 and len(annule.propositions) == 1
    offre = Reservation.objects.get(enfant=zoe)
    assert offre.statut == Reservation.Statut.PROPOSEE
    assert offre.expire_le == paris("2027-08-31T10:00")  # 24 hours
    ligne.refresh_from_db()
    assert ligne.reservees == 2  # the offer holds the freed place
    assert any("place s'est libérée" in m.subject for m in mailoutbox)


def test_refus_expliques_par_jour(famille, prestations, periode, maintenant):
    lea, _ = famille.enfants_crees
    ajouts = [
        Demande(lea.pk, prestations["cantine"].pk, J("2027-08-31")),  # outside the period
        Demande(lea.pk, prestations["cantine"].pk, J("2027-09-08")),  # a Wednesday
        Demande(lea.pk, prestations["cantine"].pk, J("2027-10-26")),  # Toussaint holidays
        Demande(lea.pk, prestations["cantine"].pk, J("2027-11-01")),  # outside the period
    ]
    bilan = operations.appliquer(famille.titulaire, famille, ajouts, [])
    motifs = dict(bilan.refusees)
    assert "aucune période" in motifs[ajouts[0]]
    assert "n'a pas lieu ce jour" in motifs[ajouts[1]]
    assert motifs[ajouts[2]] == "Vacances de la Toussaint"
    assert not Reservation.objects.exists()


def test_delai_depasse_puis_guichet_hors_delai_journalise(
    famille, prestations, periode, maintenant, admin_user
):
    lea, _ = famille.enfants_crees
    cantine = prestations["cantine"]  # 3 calendar days before, 23:59
    with_time = paris("2027-09-04T08:00")  # Saturday: Monday's deadline was Friday 23:59
    ajout = [Demande(lea.pk, cantine.pk, J("2027-09-06"))]
    bilan = operations.appliquer(famille.titulaire, famille, ajout, [], maintenant=with_time)
    (motif,) = [m for _, m in bilan.refusees]
    assert motif.startswith("Date limite pour réserver dépassée (3 jours avant, à 23 h 59")
    assert "service Éducation" in motif

    with pytest.raises(ReservationError):
        operations.appliquer(admin_user, famille, ajout, [], guichet=True, maintenant=with_time)
    bilan = operations.appliquer(
        admin_user,
        famille,
        ajout,
        [],
        guichet=True,
        motif="Reprise du travail",
        maintenant=with_time,
    )
    assert bilan.ajoutees == ajout and bilan.hors_delai == ajout
    reservation = Reservation.objects.get()
    assert reservation.hors_delai and reservation.cree_par == admin_user
    journal = JournalReservation.objects.get()
    assert (journal.acteur, journal.motif, journal.hors_delai) == (
        admin_user,
        "Reprise du travail",
        True,
    )


def test_annulation_apres_delai_refusee(famille, prestations, periode, maintenant):
    lea, _ = famille.enfants_crees
    ajout = demandes([lea], prestations["soir"], "2027-09-06")
    operations.appliquer(famille.titulaire, famille, ajout, [])
    tard = paris("2027-09-05T12:00")
    bilan = operations.appliquer(famille.titulaire, famille, [], ajout, maintenant=tard)
    assert bilan.annulees == [] and "annuler dépassée" in bilan.refusees[0][1]
    assert Reservation.objects.get().statut == Reservation.Statut.RESERVEE


def test_avant_ouverture_refuse(famille, prestations, periode):
    lea, _ = famille.enfants_crees
    avant = paris("2027-08-22T20:00")
    bilan = operations.appliquer(
        famille.titulaire,
        famille,
        demandes([lea], prestations["cantine"], "2027-09-06"),
        [],
        maintenant=avant,
    )
    assert "ouvertes à partir du lundi 23 août 2027 à 8 h" in bilan.refusees[0][1]
    assert not Reservation.objects.exists()


@pytest.mark.parametrize(
    "mauvais",
    [
        "enfant_autre_famille",
        "prestation_autre_structure",
        "milliers",
        "date_absurde",
    ],
)
def test_mauvaise_entree_rien_n_est_enregistre(
    mauvais, famille, creer_famille, creer_enfants, prestations, periode, maintenant
):
    from famille.comptes.models import Structure
    from famille.reservations.models import Prestation

    lea, _ = famille.enfants_crees
    cantine = prestations["cantine"]
    bonnes = demandes([lea], cantine, "2027-09-06")
    if mauvais == "enfant_autre_famille":
        (autre,) = creer_enfants(creer_famille(), "Intrus")
        ajouts = bonnes + [Demande(autre.pk, cantine.pk, J("2027-09-07"))]
    elif mauvais == "prestation_autre_structure":
        ailleurs = Structure.objects.create(nom="Autre", slug="autre", commune="Ailleurs")
        autre = Prestation.objects.create(
            structure=ailleurs, code="c", nom="C", type="restauration"
        )
        ajouts = bonnes + [Demande(lea.pk, autre.pk, J("2027-09-07"))]
    elif mauvais == "milliers":
        debut = J("2027-09-06")
        ajouts = [
            Demande(lea.pk, cantine.pk, debut + datetime.timedelta(days=n)) for n in range(3001)
        ]
    else:
        ajouts = bonnes + [Demande(lea.pk, cantine.pk, datetime.date(9999, 12, 31))]
    with pytest.raises(ReservationError) as erreur:
        operations.appliquer(famille.titulaire, famille, ajouts, [])
    assert "rien n'a été enregistré" in erreur.value.message
    assert not Reservation.objects.exists()


def test_enfant_non_admis_refuse(famille, structure, prestations, periode, maintenant):
    from famille.dossiers.models import Ecole

    lea, hugo = famille.enfants_crees  # born 1 March 2019: 8 years old in September 2027
    matin = prestations["matin"]
    matin.age_max = 6
    matin.save()
    soir = prestations["soir"]
    soir.ecoles.add(Ecole.objects.create(nom="École du Bourg", structure=structure))
    bilan = operations.appliquer(
        famille.titulaire,
        famille,
        [
            Demande(lea.pk, matin.pk, J("2027-09-06")),
            Demande(hugo.pk, soir.pk, J("2027-09-06")),
        ],
        [],
    )
    motifs = [m for _, m in bilan.refusees]
    assert motifs == [
        "Accueil du matin : jusqu'à 6 ans.",
        "Accueil du soir : réservé aux élèves de École du Bourg.",
    ]
    assert not Reservation.objects.exists()
