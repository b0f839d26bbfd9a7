"""The Wednesday centre's full day and a half-day may not be held on the same date by the same
child: one rule (services/regles.py) refuses it, in French, on the calendar, in the summary
before confirming, through the « semaine type », at the counter and on replay alike. Morning
and afternoon together stay allowed, and cancelling one kind frees the date for the other in
the same confirmation."""

from __future__ import annotations

import html

import pytest
from aides_reservations import J
from test_onglet_reservations import ajouter_enfants, creer_periode, url

from famille.reservations.models import Prestation, Reservation
from famille.reservations.services import operations
from famille.reservations.services.grille import construire_grille
from famille.reservations.services.regles import Demande, Etat

MERCREDI = J("2027-09-08")
REFUS = "une journée et une demi-journée ne se cumulent pas le même mercredi"


@pytest.fixture
def demi_journees(structure, prestations, periode):
    creees = {
        code: Prestation.objects.create(
            structure=structure, code=code, nom=nom, type=type_, jours="3", repas=repas
        )
        for code, nom, type_, repas in (
            ("matinee", "Mercredi matinée avec repas", Prestation.Type.MERCREDI_MATIN, True),
            ("apres_midi", "Mercredi après-midi", Prestation.Type.MERCREDI_APRES_MIDI, False),
        )
    }
    periode.prestations.add(*creees.values())
    return creees


def _une(enfant, prestation, jour=MERCREDI):
    return Demande(enfant.pk, prestation.pk, jour)


def test_demi_journee_refusee_apres_la_journee(
    famille, prestations, periode, demi_journees, maintenant
):
    lea, _ = famille.enfants_crees
    journee, matinee = prestations["mercredi"], demi_journees["matinee"]
    assert operations.appliquer(famille.titulaire, famille, [_une(lea, journee)], []).ajoutees
    bilan = operations.appliquer(famille.titulaire, famille, [_une(lea, matinee)], [])
    assert bilan.ajoutees == []
    ((demande, motif),) = bilan.refusees
    assert demande == _une(lea, matinee)
    assert "déjà inscrit ce jour à « Mercredi journée »" in motif and REFUS in motif
    assert Reservation.objects.actives().filter(enfant=lea).count() == 1
    # The calendar says so on the day (and it may not be ticked).
    grille = construire_grille(famille.titulaire, periode, maintenant=maintenant)
    (ligne,) = [ligne for ligne in grille.lignes if ligne.enfant == lea]
    case = ligne.cases[MERCREDI, matinee.pk]
    assert case.etat == Etat.INCOMPATIBLE and not case.modifiable and REFUS in case.motif
    # The other way round: a half-day held, the full day is refused.
    hugo = famille.enfants_crees[1]
    operations.appliquer(famille.titulaire, famille, [_une(hugo, matinee)], [])
    refus = operations.appliquer(famille.titulaire, famille, [_une(hugo, journee)], [])
    assert not refus.ajoutees and "« Mercredi matinée avec repas »" in refus.refusees[0][1]


def test_les_deux_dans_une_confirmation_la_journee_gardee(
    famille, prestations, periode, demi_journees, maintenant
):
    lea, _ = famille.enfants_crees
    journee, apres_midi = prestations["mercredi"], demi_journees["apres_midi"]
    # Whatever the order asked, the full day is kept, the half-day refused with its reason.
    ajouts = [_une(lea, apres_midi), _une(lea, journee)]
    simule = operations.simuler(famille.titulaire, famille, ajouts, [])
    assert simule.ajoutees == [_une(lea, journee)]
    assert [d for d, _ in simule.refusees] == [_une(lea, apres_midi)]
    bilan = operations.appliquer(famille.titulaire, famille, ajouts, [])
    assert bilan.ajoutees == [_une(lea, journee)] and REFUS in bilan.refusees[0][1]
    assert list(Reservation.objects.actives().values_list("prestation_id", flat=True)) == [
        journee.pk
    ]


def test_matin_et_apres_midi_ensemble_autorises(
    famille, prestations, periode, demi_journees, maintenant
):
    lea, _ = famille.enfants_crees
    ajouts = [_une(lea, demi_journees["matinee"]), _une(lea, demi_journees["apres_midi"])]
    bilan = operations.appliquer(famille.titulaire, famille, ajouts, [])
    assert len(bilan.ajoutees) == 2 and not bilan.refusees


def test_annuler_la_journee_et_prendre_la_demi_journee_en_une_fois(
    famille, prestations, periode, demi_journees, maintenant
):
    lea, _ = famille.enfants_crees
    journee, matinee = prestations["mercredi"], demi_journees["matinee"]
    operations.appliquer(famille.titulaire, famille, [_une(lea, journee)], [])
    bilan = operations.appliquer(
        famille.titulaire, famille, [_une(lea, matinee)], [_une(lea, journee)]
    )
    assert bilan.ajoutees == [_une(lea, matinee)] and bilan.annulees == [_une(lea, journee)]
    assert not bilan.refusees


def test_au_guichet_la_regle_tient_aussi(
    famille, prestations, periode, demi_journees, maintenant, agent_education
):
    lea, _ = famille.enfants_crees
    operations.appliquer(famille.titulaire, famille, [_une(lea, prestations["mercredi"])], [])
    bilan = operations.appliquer(
        agent_education,
        famille,
        [_une(lea, demi_journees["matinee"])],
        [],
        guichet=True,
        motif="Demande au téléphone",
    )
    assert not bilan.ajoutees and REFUS in bilan.refusees[0][1]


def test_semaine_type_journee_et_matinee_refus_dans_le_recapitulatif(parent_client, structure):
    (leo,) = ajouter_enfants(parent_client.foyer, ("Léo",))
    periode = creer_periode(structure)
    journee = Prestation.objects.get(code="mercredi")
    matinee = Prestation.objects.create(
        structure=structure,
        code="matinee",
        nom="Mercredi matinée",
        type=Prestation.Type.MERCREDI_MATIN,
        jours="3",
    )
    periode.prestations.add(matinee)
    recap = parent_client.post(
        url("semaine_type", periode.pk),
        {
            "enfants": [leo.pk],
            "semaine": [f"{journee.pk}.3", f"{matinee.pk}.3"],
            "rythme": "toutes",
        },
    )
    assert recap.status_code == 200
    contenu = html.unescape(recap.content.decode())
    assert "Seront réservés" in contenu
    # Every Wednesday's half-day is refused, with the reason, before anything is confirmed.
    assert "Mercredi matinée : déjà inscrit ce jour à « Centre de loisirs du mercredi »" in contenu
    assert REFUS in contenu
    assert not Reservation.objects.exists()
