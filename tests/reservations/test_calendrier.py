"""Open days of a period: the prestation's weekdays, less public holidays, the zone's school
holidays and closures; the holiday centre the other way round. Each closed day says why."""

from __future__ import annotations

from aides_reservations import J

from famille.reservations.models import Fermeture, PeriodeReservation, Prestation
from famille.reservations.services.calendrier import calendrier, jours_ouverts


def test_jours_ouverts_et_motifs(structure, prestations, periode):
    greve = Fermeture.objects.create(
        structure=structure, debut=J("2027-09-14"), fin=J("2027-09-14"), motif="grève"
    )
    greve.prestations.add(prestations["cantine"])
    jours = calendrier(periode, prestations["cantine"])
    assert J("2027-09-08") not in jours  # a Wednesday: no canteen, not shown
    assert jours[J("2027-09-06")] == ""
    assert jours[J("2027-09-14")] == "Fermé : grève"
    assert jours[J("2027-10-25")] == "Vacances de la Toussaint"  # zone A
    # The closure names the canteen only: the evening care stays open that day.
    assert calendrier(periode, prestations["soir"])[J("2027-09-14")] == ""
    assert J("2027-10-25") not in jours_ouverts(periode, prestations["cantine"])


def test_jour_ferie(structure, prestations):
    periode = PeriodeReservation.objects.create(
        structure=structure,
        nom="Novembre",
        debut=J("2027-11-08"),
        fin=J("2027-11-12"),
        ouverture=periode_ouverture(),
    )
    assert calendrier(periode, prestations["cantine"])[J("2027-11-11")] == "Jour férié (Armistice)"


def test_zone_de_la_structure(structure, prestations):
    # Winter 2028: zone B from 7 February, zone C from 14 February, zone A from 21 February.
    fevrier = PeriodeReservation.objects.create(
        structure=structure,
        nom="Février",
        debut=J("2028-02-07"),
        fin=J("2028-02-25"),
        ouverture=periode_ouverture(),
    )
    lundis = [J("2028-02-07"), J("2028-02-14"), J("2028-02-21")]
    attendus = {"A": ["", "", "Vacances d'hiver"], "B": ["Vacances d'hiver"] * 2 + [""]}
    attendus["C"] = ["", "Vacances d'hiver", "Vacances d'hiver"]
    for zone, motifs in attendus.items():
        structure.zone_vacances = zone
        structure.save()
        periode = PeriodeReservation.objects.select_related("structure").get(pk=fevrier.pk)
        jours = calendrier(periode, prestations["cantine"])
        assert [jours[lundi] for lundi in lundis] == motifs, zone


def test_centre_de_loisirs_des_vacances(structure, periode):
    vacances = Prestation.objects.create(
        structure=structure,
        code="vac",
        nom="Centre des vacances",
        type="vacances",
        jours="1,2,3,4,5",
    )
    jours = calendrier(periode, vacances)
    assert jours[J("2027-10-25")] == ""
    assert jours[J("2027-10-18")] == "Hors vacances scolaires"


def periode_ouverture():
    from aides_reservations import paris

    return paris("2027-08-23T08:00")
