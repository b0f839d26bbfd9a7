"""The private iCalendar feed: a secret URL per parent account, revocable, children's first
names only, another account's token is a 404."""

from __future__ import annotations

import datetime
import html

import pytest
from django.utils import timezone
from icalendar import Calendar

from famille.dossiers.models import Enfant, Garde
from famille.reservations.models import JetonCalendrier, Prestation, Reservation
from famille.reservations.pages import ReservationsPage


@pytest.fixture
def famille_avec_reservation(parent_client, structure):
    foyer = parent_client.foyer
    enfant = Enfant.objects.create(nom="Secret", prenom="Léo", date_naissance="2018-03-01")
    Garde.objects.create(foyer=foyer, enfant=enfant)
    prestation = Prestation.objects.create(
        structure=structure, nom="Restauration scolaire", code="resto", type="restauration"
    )
    jour = timezone.localdate() + datetime.timedelta(days=3)
    Reservation.objects.create(foyer=foyer, enfant=enfant, prestation=prestation, date=jour)
    return parent_client, jour


def texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


def url_agenda():
    return ReservationsPage.url_de("agenda")


def test_creer_le_lien_puis_lire_le_flux(famille_avec_reservation, client):
    parent, jour = famille_avec_reservation
    reponse = parent.post(url_agenda(), {"action": "creer"}, follow=True)
    assert "Votre lien d'agenda privé est prêt." in texte(reponse)
    jeton = JetonCalendrier.objects.get(compte=parent.foyer.titulaire)
    assert jeton.jeton in texte(reponse)

    client.logout()  # a phone's calendar app has no session
    flux = client.get(f"/agenda-prive/{jeton.jeton}.ics")
    assert flux.status_code == 200
    assert flux["Content-Type"].startswith("text/calendar")
    evenements = Calendar.from_ical(flux.content).walk("VEVENT")
    assert [str(e["summary"]) for e in evenements] == ["Léo — Restauration scolaire"]
    assert evenements[0].decoded("dtstart") == jour
    # First names only: the family name stays out of the phone's calendar.
    assert b"Secret" not in flux.content


def test_revoquer_le_lien_depuis_le_profil(famille_avec_reservation, client):
    parent, _ = famille_avec_reservation
    parent.post(url_agenda(), {"action": "creer"})
    ancien = JetonCalendrier.objects.get(compte=parent.foyer.titulaire).jeton
    profil = texte(parent.get("/dossier-famille/profil/", follow=True))
    assert "Gérer mon lien d'agenda privé" in profil
    assert parent.get("/agenda-prive/", follow=True).request["PATH_INFO"] == url_agenda()

    reponse = parent.post(url_agenda(), {"action": "revoquer"}, follow=True)
    assert "Le lien d'agenda est révoqué" in texte(reponse)
    assert client.get(f"/agenda-prive/{ancien}.ics").status_code == 404


def test_le_jeton_d_un_autre_compte_ne_donne_rien(famille_avec_reservation, creer_famille, client):
    parent, _ = famille_avec_reservation
    parent.post(url_agenda(), {"action": "creer"})
    autre = creer_famille()
    client.force_login(autre.titulaire)
    # The other family's page shows no link but its own (none yet) …
    assert parent.foyer.titulaire.jeton_calendrier.jeton not in texte(client.get(url_agenda()))
    # … and a made-up token is a 404.
    assert client.get("/agenda-prive/pas-un-vrai-jeton.ics").status_code == 404
