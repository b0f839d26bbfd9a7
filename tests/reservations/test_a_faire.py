"""« Ce qu'il vous reste à faire » for bookings: an offered place, an open period with nothing
booked, a period opening soon; each with a route of the Réservations tab."""

from __future__ import annotations

import datetime

from django.utils import timezone
from test_onglet_reservations import ajouter_enfants, creer_periode

from famille.reservations.models import Prestation, Reservation
from famille.reservations.pages import ReservationsPage
from famille.reservations.services.a_faire import reservations_a_faire


def test_ce_qu_il_reste_a_faire(parent_client, structure, django_assert_max_num_queries):
    compte = parent_client.foyer.titulaire
    (leo,) = ajouter_enfants(parent_client.foyer, ("Léo",))
    assert reservations_a_faire(compte) == []

    ouverte = creer_periode(structure, nom="Rentrée")
    bientot = creer_periode(structure, ouverte=False, nom="Toussaint")
    with django_assert_max_num_queries(4):
        a_faire = reservations_a_faire(compte)
    assert [(a.route, a.args) for a in a_faire] == [
        ("periode", (ouverte.pk,)),
        ("periode", (bientot.pk,)),
    ]
    assert "« Rentrée »" in a_faire[0].texte and "rien réservé" in a_faire[0].texte
    assert "ouvrent le" in a_faire[1].texte
    assert ReservationsPage.url_de(a_faire[0].route, *a_faire[0].args).endswith(
        f"/periode/{ouverte.pk}/"
    )

    # Once something is booked in the open period, it is no longer to do; an offer is.
    resto = Prestation.objects.get(code="resto")
    Reservation.objects.create(
        foyer=parent_client.foyer, enfant=leo, prestation=resto, date=ouverte.debut
    )
    Reservation.objects.create(
        foyer=parent_client.foyer,
        enfant=leo,
        prestation=Prestation.objects.get(code="soir"),
        date=ouverte.debut,
        statut="proposee",
        expire_le=timezone.now() + datetime.timedelta(hours=24),
    )
    a_faire = reservations_a_faire(compte)
    assert [a.route for a in a_faire] == ["accueil", "periode"]
    assert a_faire[0].urgent and "Une place s'est libérée pour Léo" in a_faire[0].texte


def test_l_accueil_montre_les_reservations_a_faire(parent_client, structure):
    """The Accueil's « Ce qu'il vous reste à faire » box carries the bookings heading, with a
    link to the open period's calendar."""
    ajouter_enfants(parent_client.foyer, ("Léo",))
    ouverte = creer_periode(structure, nom="Rentrée")
    html = parent_client.get("/").content.decode()
    assert "Ce qu" in html and "rien réservé" in html
    lien = ReservationsPage.url_de("periode", ouverte.pk)
    assert f'href="{lien}"' in html
    assert parent_client.get(lien).status_code == 200
