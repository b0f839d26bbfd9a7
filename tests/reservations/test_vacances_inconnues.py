"""Past the school holidays the library knows (31 August 2028 for vacances-scolaires-france
0.12), nothing is guessed: school-term services stay open on their weekdays and staff close the
holidays by hand; the holiday centre is closed with its reason; staff saving a period that runs
past the known holidays are warned in the admin."""

from __future__ import annotations

import datetime
from html import unescape

from aides_reservations import J
from test_admin_reservations import _agent

from famille.comptes.roles import EDUCATION
from famille.reservations.models import Fermeture, PeriodeReservation, Prestation
from famille.reservations.services import calendrier


def _lundi_apres_les_donnees() -> datetime.date:
    """A Monday about two months past the library's data (23 October 2028 for 0.12)."""
    jour = calendrier.fin_des_vacances_connues() + datetime.timedelta(days=53)
    return jour - datetime.timedelta(days=jour.weekday())


def test_au_dela_des_donnees_rien_n_est_devine(structure, prestations):
    assert calendrier.fin_des_vacances_connues() >= J("2028-08-31")
    lundi = _lundi_apres_les_donnees()
    cantine = prestations["cantine"]
    centre = Prestation.objects.create(
        structure=structure,
        code="vacances",
        nom="Centre de loisirs des vacances",
        type=Prestation.Type.VACANCES,
        jours="1,2,3,4,5",
    )
    zone = structure.zone_vacances
    assert calendrier.motif_fermeture(cantine, lundi, zone, []) == ""
    assert calendrier.motif_fermeture(centre, lundi, zone, []) == calendrier.VACANCES_INCONNUES
    # Staff enter the holidays by hand: the school-term services close with that reason.
    fermeture = Fermeture.objects.create(
        structure=structure,
        debut=lundi,
        fin=lundi + datetime.timedelta(days=11),
        motif="Vacances de la Toussaint",
    )
    jours = calendrier.jours_de(
        cantine, lundi, lundi + datetime.timedelta(days=14), zone, [fermeture]
    )
    assert jours[lundi] == "Fermé : Vacances de la Toussaint"
    assert jours[lundi + datetime.timedelta(days=14)] == ""


def test_avertissement_seulement_au_dela_des_donnees():
    connue = calendrier.fin_des_vacances_connues()
    assert calendrier.avertissement_vacances(connue) == ""
    texte = calendrier.avertissement_vacances(J("2099-01-01"))
    assert f"jusqu'au {connue:%d/%m/%Y}" in texte and "fermetures" in texte


def test_l_admin_avertit_en_enregistrant_la_periode(client, arbre, structure, prestations):
    _agent(client, EDUCATION)
    fin = _lundi_apres_les_donnees()
    donnees = {
        "nom": "Rentrée 2028",
        "structure": structure.pk,
        "debut": (fin - datetime.timedelta(weeks=6)).isoformat(),
        "fin": fin.isoformat(),
        "ouverture": f"{fin - datetime.timedelta(weeks=8)} 08:00",
        "ouverture_residents": "",
        "prestations": [prestations["cantine"].pk],
    }
    reponse = client.post(
        "/admin/snippets/reservations/periodereservation/add/", donnees, follow=True
    )
    assert reponse.status_code == 200
    assert PeriodeReservation.objects.filter(nom="Rentrée 2028").exists()  # saved all the same
    assert "Les vacances scolaires ne sont connues que jusqu'au" in unescape(
        reponse.content.decode()
    )
    # A period within the known holidays: no warning.
    donnees |= {
        "nom": "Printemps 2028",
        "debut": "2028-04-24",
        "fin": "2028-06-30",
        "ouverture": "2028-04-01 08:00",
    }
    reponse = client.post(
        "/admin/snippets/reservations/periodereservation/add/", donnees, follow=True
    )
    assert PeriodeReservation.objects.filter(nom="Printemps 2028").exists()
    assert "ne sont connues que" not in unescape(reponse.content.decode())
