"""The Education service's side of absences and closing (issue 12, points 1-2): accepting or
refusing a justification in the Wagtail admin (model permission checked, the certificate for
the Éducation group only), closing a day from the admin, and a closed day edited without a
reason refused."""

from __future__ import annotations

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from famille.comptes.roles import ANIMATION
from famille.dossiers.demo_pieces import pdf_minimal
from famille.dossiers.services.pieces_verification import verifier_fichier
from famille.reservations.models import Absence, ClotureJournee, Prestation, Reservation
from famille.reservations.services import absences, pointage
from famille.reservations.services.erreurs import ReservationError


def texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


@pytest.fixture
def soir(structure):
    return Prestation.objects.create(
        structure=structure, code="soir", nom="Accueil du soir", type="soir", jours="1,2,3,4,5"
    )


@pytest.fixture
def absence(alice, soir):
    aujourdhui = timezone.localdate()
    lea = alice.enfants["Léa"]
    Reservation.objects.create(foyer=alice.foyer, enfant=lea, prestation=soir, date=aujourdhui)
    certificat = verifier_fichier(SimpleUploadedFile("certif.pdf", pdf_minimal()))
    return absences.signaler_absence(
        alice.compte, alice.foyer, lea, aujourdhui, "maladie", certificat=certificat
    )


def refuse(reponse) -> bool:
    """Wagtail's refusal: a 403, or back to the dashboard with its permission message."""
    return reponse.status_code == 403 or (
        reponse.status_code == 302 and reponse["Location"] == "/admin/"
    )


def url_decision(absence):
    return reverse("wagtailsnippets_reservations_absence:decision", args=[absence.pk])


def url_certificat(absence):
    return reverse("wagtailsnippets_reservations_absence:certificat", args=[absence.pk])


def test_l_education_refuse_avec_motif_puis_accepte(connecter, agent_education, absence):
    client = connecter(agent_education)
    liste = client.get(reverse("wagtailsnippets_reservations_absence:list"))
    assert liste.status_code == 200 and "Léa" in texte(liste)
    page = client.get(url_decision(absence))
    assert page.status_code == 200 and "certif.pdf" in texte(page)
    sans_motif = client.post(url_decision(absence), {"refuser": "1", "motif_refus": ""})
    assert sans_motif.status_code == 400
    assert "Indiquez le motif du refus" in texte(sans_motif)
    client.post(url_decision(absence), {"refuser": "1", "motif_refus": "Date illisible."})
    absence.refresh_from_db()
    assert absence.statut == Absence.Statut.REFUSEE and absence.motif_refus == "Date illisible."
    client.post(url_decision(absence), {"accepter": "1"})
    absence.refresh_from_db()
    assert absence.statut == Absence.Statut.ACCEPTEE
    etats = {e.enfant_id: e.etat for e in pointage.etats_du_jour(absence.jour)}
    assert etats == {absence.enfant_id: pointage.ABSENT_JUSTIFIE}
    certificat = client.get(url_certificat(absence))
    assert certificat.status_code == 200
    assert certificat["Content-Disposition"].startswith("attachment")


def test_les_autres_roles_ne_decident_pas(connecter, agent_regie, agent_communication, absence):
    for agent in (agent_regie, agent_communication):
        client = connecter(agent)
        assert refuse(client.post(url_decision(absence), {"accepter": "1"}))
        assert refuse(client.get(url_certificat(absence)))
    absence.refresh_from_db()
    assert absence.statut == Absence.Statut.A_VERIFIER


def test_cloturer_une_journee_depuis_l_admin_puis_correction_avec_motif(
    connecter, agent_education, agent_regie, alice, soir, structure, groupes_staff
):
    from famille.comptes.models import Compte

    aujourdhui = timezone.localdate()
    lea = alice.enfants["Léa"]
    Reservation.objects.create(foyer=alice.foyer, enfant=lea, prestation=soir, date=aujourdhui)
    animateur = Compte.objects.create_user(username="anim", password="x-Anim-12345", is_staff=True)
    animateur.groups.add(groupes_staff[ANIMATION])
    animateur.structures.add(structure)
    pointage.enregistrer_pointage(animateur, soir, aujourdhui, {lea.pk: "present"})

    url = reverse("reservations_cloture")
    donnees = {"structure": structure.pk, "jour": aujourdhui.isoformat()}
    assert refuse(connecter(agent_regie).post(url, donnees))
    client = connecter(agent_education)
    apercu = client.get(url, donnees)
    assert apercu.status_code == 200 and "Réservé et présent" in texte(apercu)
    demain = (aujourdhui + datetime.timedelta(days=1)).isoformat()
    futur = client.post(url, {"structure": structure.pk, "jour": demain})
    assert futur.status_code == 400 and "pas encore arrivé" in texte(futur)
    assert client.post(url, donnees).status_code == 302
    assert ClotureJournee.objects.filter(structure=structure, jour=aujourdhui).exists()

    # Closed, then edited without a reason: refused; with one: a logged correction.
    with pytest.raises(ReservationError, match="motif de la correction"):
        pointage.enregistrer_pointage(animateur, soir, aujourdhui, {lea.pk: "absent"})
    reponse = connecter(animateur).post(
        reverse("reservations:pointage_liste", args=[soir.pk]),
        {"jour": aujourdhui.isoformat(), f"etat-{lea.pk}": "absent"},
    )
    assert reponse.status_code == 400 and "motif de la correction" in texte(reponse)
    pointage.enregistrer_pointage(
        agent_education, soir, aujourdhui, {lea.pk: "absent"}, motif="Parti à midi"
    )
    assert {e.etat for e in pointage.etats_du_jour(aujourdhui)} == {pointage.ABSENT_NON_JUSTIFIE}
