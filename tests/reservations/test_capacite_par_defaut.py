"""A capped prestation's day has no capacity row until its first booking through the services:
its places are then the prestation's capacity less what is already held that day (bookings
imported, or made before the prestation was capped), both on the calendar and when booking."""

from __future__ import annotations

from aides_reservations import J

from famille.reservations.models import CapaciteJour, Reservation
from famille.reservations.services import operations
from famille.reservations.services.grille import construire_grille
from famille.reservations.services.regles import Demande, Etat, places_libres

MERCREDI = J("2027-09-08")


def _importer(foyer, enfants, prestation, jour=MERCREDI):
    """Rows written without the services (an import): no capacity row is created."""
    Reservation.objects.bulk_create(
        [Reservation(foyer=foyer, enfant=e, prestation=prestation, date=jour) for e in enfants]
    )


def test_jour_sans_ligne_de_capacite_compte_les_places_tenues(
    famille, creer_famille, creer_enfants, prestations, periode, maintenant
):
    mercredi = prestations["mercredi"]  # 2 places
    autre = creer_famille()
    _importer(autre, creer_enfants(autre, "Zoé", "Tom"), mercredi)
    assert not CapaciteJour.objects.exists()
    assert places_libres([mercredi], MERCREDI, MERCREDI) == {(mercredi.pk, MERCREDI): 0}

    lea, _ = famille.enfants_crees
    grille = construire_grille(famille.titulaire, periode, maintenant=maintenant)
    (ligne,) = [ligne for ligne in grille.lignes if ligne.enfant == lea]
    assert ligne.cases[MERCREDI, mercredi.pk].etat == Etat.COMPLETE
    # The next Wednesday, nobody holds anything: every place is free.
    assert ligne.cases[J("2027-09-15"), mercredi.pk].etat == Etat.RESERVABLE

    demande = Demande(lea.pk, mercredi.pk, MERCREDI)
    assert operations.simuler(famille.titulaire, famille, [demande], []).en_attente == [demande]
    bilan = operations.appliquer(famille.titulaire, famille, [demande], [])
    assert bilan.en_attente == [demande] and not bilan.ajoutees
    ligne_jour = CapaciteJour.objects.get(prestation=mercredi, date=MERCREDI)
    assert (ligne_jour.capacite, ligne_jour.reservees) == (2, 2)


def test_la_ligne_de_capacite_prime_quand_elle_existe(
    famille, creer_famille, creer_enfants, prestations, periode, maintenant
):
    mercredi = prestations["mercredi"]
    # Staff gave this day one more place; one is taken.
    CapaciteJour.objects.create(prestation=mercredi, date=MERCREDI, capacite=3, reservees=1)
    autre = creer_famille()
    _importer(autre, creer_enfants(autre, "Zoé"), mercredi)
    # A day whose row has fewer places than the prestation and nothing held.
    CapaciteJour.objects.create(prestation=mercredi, date=J("2027-09-15"), capacite=0)
    assert places_libres([mercredi], MERCREDI, J("2027-09-15")) == {
        (mercredi.pk, MERCREDI): 2,
        (mercredi.pk, J("2027-09-15")): 0,
    }


def test_ligne_supprimee_entre_la_lecture_et_le_verrou(
    famille, prestations, periode, maintenant, monkeypatch
):
    """Staff delete a day's capacity row after the booking read it: the row is recreated
    (counting what is held) and locked, the booking goes through, no error."""
    mercredi = prestations["mercredi"]
    CapaciteJour.objects.create(prestation=mercredi, date=MERCREDI, capacite=2, reservees=0)
    lire = operations.charger

    def lire_puis_supprimer(*args, **kwargs):
        ctx = lire(*args, **kwargs)
        CapaciteJour.objects.filter(prestation=mercredi, date=MERCREDI).delete()
        return ctx

    monkeypatch.setattr(operations, "charger", lire_puis_supprimer)
    lea, hugo = famille.enfants_crees
    ajouts = [Demande(e.pk, mercredi.pk, MERCREDI) for e in (lea, hugo)]
    bilan = operations.appliquer(famille.titulaire, famille, ajouts, [])
    assert len(bilan.ajoutees) == 2
    ligne = CapaciteJour.objects.get(prestation=mercredi, date=MERCREDI)
    assert (ligne.capacite, ligne.reservees) == (2, 2)


def test_jours_avec_et_sans_ligne_lus_ensemble(famille, creer_famille, creer_enfants, prestations):
    """One read: a day with its capacity row, a day without one whose places are held by
    imported rows, a day with neither (absent: every place free); `jours` narrows the days
    looked at to the prestation's own."""
    mercredi = prestations["mercredi"]  # 2 places
    suivant, apres = J("2027-09-15"), J("2027-09-22")
    CapaciteJour.objects.create(prestation=mercredi, date=suivant, capacite=2, reservees=1)
    autre = creer_famille()
    _importer(autre, creer_enfants(autre, "Zoé"), mercredi)
    attendu = {(mercredi.pk, MERCREDI): 1, (mercredi.pk, suivant): 1}
    assert places_libres([mercredi], MERCREDI, apres) == attendu
    tous = {mercredi.pk: {MERCREDI: "", suivant: "", apres: ""}}
    assert places_libres([mercredi], MERCREDI, apres, jours=tous) == attendu
    # A day that is not one of the prestation's is not counted; a row is always read.
    seulement = {mercredi.pk: {apres: ""}}
    assert places_libres([mercredi], MERCREDI, apres, jours=seulement) == {
        (mercredi.pk, suivant): 1
    }
