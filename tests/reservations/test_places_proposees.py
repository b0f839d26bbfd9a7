"""A place offered from the waiting list, as the parent sees it: accepting it books it and
sends the compte-rendu; « Je n'en ai plus besoin » declines it and the place passes at once to
the next family in line (e-mailed); another family's offer is a 404 and stays as it was. The
offer e-mail reads as written (no HTML entity in a plain-text e-mail)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from test_onglet_reservations import ajouter_enfants, cases, creer_periode, texte, url

from famille.reservations.models import Prestation, Reservation
from famille.reservations.services import operations
from famille.reservations.services.regles import Demande


@pytest.fixture
def file(parent_client, structure, creer_famille, django_capture_on_commit_callbacks):
    """A day of the restaurant with one place: another family holds it, then the logged-in
    parent's Léo and a third family's Zoé wait in line, in this order."""
    (leo,) = ajouter_enfants(parent_client.foyer, ("Léo",))
    periode = creer_periode(structure)
    resto = Prestation.objects.get(code="resto")
    resto.capacite = 1
    resto.nom = "Restauration d'école"
    resto.save()
    valeur = next(
        v for v in cases(parent_client.get(url())) if v.startswith(f"{leo.pk}.{resto.pk}.")
    )
    jour = datetime.date.fromisoformat(valeur.split(".")[2])
    premiere, troisieme = creer_famille(), creer_famille(emails="zoe@exemple.fr")
    (ines,) = ajouter_enfants(premiere, ("Inès",))
    (zoe,) = ajouter_enfants(troisieme, ("Zoé",))
    for foyer, enfant in ((premiere, ines), (parent_client.foyer, leo), (troisieme, zoe)):
        operations.appliquer(foyer.titulaire, foyer, [Demande(enfant.pk, resto.pk, jour)], [])
    with django_capture_on_commit_callbacks(execute=True):
        operations.appliquer(premiere.titulaire, premiere, [], [Demande(ines.pk, resto.pk, jour)])
    offre = Reservation.objects.get(enfant=leo, date=jour)
    assert offre.statut == "proposee"
    parent_client.periode, parent_client.offre, parent_client.zoe = periode, offre, zoe
    return parent_client


def test_je_n_en_ai_plus_besoin_passe_la_place_a_la_famille_suivante(
    file, django_capture_on_commit_callbacks
):
    page = texte(file.get(url("periode", file.periode.pk)))
    assert "Une place s'est libérée" in page and "Je n'en ai plus besoin" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = file.post(
            url("refuser", file.offre.pk), {"periode": file.periode.pk}, follow=True
        )
    assert "est proposée à la famille suivante" in texte(reponse)
    assert "Une place s'est libérée" not in texte(reponse)
    file.offre.refresh_from_db()
    assert file.offre.statut == "annulee"
    assert Reservation.objects.get(enfant=file.zoe).statut == "proposee"
    (message,) = mail.outbox
    assert message.to == ["zoe@exemple.fr"] and "Une place s'est libérée pour Zoé" in message.body
    assert "Restauration d'école" in message.body and "&#x27;" not in message.body
    # Declined twice (two tabs): nothing more.
    file.post(url("refuser", file.offre.pk), {"periode": file.periode.pk})
    assert Reservation.objects.get(enfant=file.zoe).statut == "proposee"


def test_accepter_la_place_envoie_le_compte_rendu(file, django_capture_on_commit_callbacks):
    file.foyer.titulaire.emails = "leo.parent@exemple.fr"
    file.foyer.titulaire.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = file.post(
            url("accepter", file.offre.pk), {"periode": file.periode.pk}, follow=True
        )
    assert "La place est réservée pour Léo" in texte(reponse)
    (compte_rendu,) = mail.outbox
    assert compte_rendu.subject == "Portail Famille : compte-rendu de vos réservations"
    assert compte_rendu.to == ["leo.parent@exemple.fr"]
    assert (
        "Jours réservés" in compte_rendu.body and "Léo — Restauration d'école" in compte_rendu.body
    )
    # Accepted again (two tabs): still one booking, no second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        file.post(url("accepter", file.offre.pk), {"periode": file.periode.pk})
    assert len(mail.outbox) == 1


def test_l_offre_d_une_autre_famille_est_un_404(file, connecter, creer_famille):
    autre = creer_famille()
    ajouter_enfants(autre, ("Nina",))
    client = connecter(autre.titulaire)
    for route in ("refuser", "accepter"):
        assert (
            client.post(url(route, file.offre.pk), {"periode": file.periode.pk}).status_code == 404
        )
    file.offre.refresh_from_db()
    assert file.offre.statut == "proposee"
    assert Reservation.objects.get(enfant=file.zoe).statut == "attente"
