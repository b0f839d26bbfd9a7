"""« Signaler une absence » on the parent's Réservations tab: the report with its certificate,
the refusals in French (past day, wrong type, over 2 Mo), the state and refusal reason the
parent sees, and another family's absence and certificate URLs are 404s."""

from __future__ import annotations

import datetime
import html
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from famille.dossiers.demo_pieces import pdf_minimal, png_minimal
from famille.reservations.models import Absence, Prestation, Reservation
from famille.reservations.pages import ReservationsPage
from famille.reservations.services import absences as service


def url(route="absences", *args):
    return ReservationsPage.url_de(route, *args)


def texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


@pytest.fixture
def demain():
    return timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def soir(structure):
    return Prestation.objects.create(
        structure=structure, code="soir", nom="Accueil du soir", type="soir", jours="1,2,3,4,5"
    )


@pytest.fixture
def lea_reservee(alice, soir, demain):
    lea = alice.enfants["Léa"]
    Reservation.objects.create(foyer=alice.foyer, enfant=lea, prestation=soir, date=demain)
    return lea


def signaler(client, enfant, jour, motif="maladie", **autres):
    return client.post(
        url(), {"enfant": enfant.pk, "jour": jour.isoformat(), "motif": motif, **autres}
    )


def test_le_parent_signale_une_maladie_avec_certificat(connecter, alice, lea_reservee, demain):
    client = connecter(alice)
    onglet = client.get(ReservationsPage.url_de("accueil"))
    assert "Signaler une absence" in texte(onglet)
    page = client.get(url())
    assert page.status_code == 200 and "Nouvelle absence" in texte(page)
    reponse = signaler(
        client, lea_reservee, demain, certificat=SimpleUploadedFile("certif.pdf", pdf_minimal())
    )
    assert reponse.status_code == 302
    absence = Absence.objects.get()
    assert absence.statut == Absence.Statut.A_VERIFIER
    # The pièces' private storage, under a random name.
    chemin = Path(absence.certificat.path)
    assert chemin.is_relative_to(settings.PRIVATE_MEDIA_ROOT) and "certif" not in chemin.name
    contenu = texte(client.get(url()))
    assert "Justificatif à vérifier" in contenu and "certif.pdf" in contenu
    telechargement = client.get(url("certificat_telecharger", absence.pk))
    assert telechargement.status_code == 200
    assert telechargement["Content-Disposition"].startswith("attachment")


def test_refus_visible_par_le_parent_puis_nouveau_certificat(
    connecter, alice, lea_reservee, demain, agent_education
):
    client = connecter(alice)
    signaler(client, lea_reservee, demain, certificat=SimpleUploadedFile("a.png", png_minimal()))
    absence = Absence.objects.get()
    service.refuser(agent_education, absence, "Certificat illisible.")
    contenu = texte(client.get(url()))
    assert "Justificatif refusé" in contenu and "Motif du refus : Certificat illisible." in contenu
    reponse = client.post(
        url("certificat", absence.pk),
        {"certificat": SimpleUploadedFile("b.pdf", pdf_minimal())},
    )
    assert reponse.status_code == 302
    absence.refresh_from_db()
    assert absence.statut == Absence.Statut.A_VERIFIER and absence.certificat_nom == "b.pdf"
    service.accepter(agent_education, absence)
    assert "Absence justifiée" in texte(client.get(url()))


def test_absence_apres_le_jour_refusee_en_francais(connecter, alice, soir):
    lea = alice.enfants["Léa"]
    hier = timezone.localdate() - datetime.timedelta(days=1)
    Reservation.objects.create(foyer=alice.foyer, enfant=lea, prestation=soir, date=hier)
    reponse = signaler(connecter(alice), lea, hier)
    assert reponse.status_code == 400
    assert "est passé : une absence se signale au plus tard le jour même" in texte(reponse)
    assert "Le formulaire contient une erreur" in texte(reponse)
    assert not Absence.objects.exists()


def test_certificat_mauvais_type_ou_trop_gros_refuse(connecter, alice, lea_reservee, demain):
    client = connecter(alice)
    exe = SimpleUploadedFile("certificat.pdf", b"MZ\x90\x00" + b"\x00" * 500)
    reponse = signaler(client, lea_reservee, demain, certificat=exe)
    assert reponse.status_code == 400
    assert "n'est pas un PDF, une image JPEG ou PNG" in texte(reponse)
    assert not Absence.objects.exists()
    signaler(client, lea_reservee, demain)
    absence = Absence.objects.get()
    gros = SimpleUploadedFile("gros.pdf", pdf_minimal() + b"0" * (2 * 1024 * 1024))
    reponse = client.post(url("certificat", absence.pk), {"certificat": gros})
    assert reponse.status_code == 400
    assert "2 Mo au maximum" in texte(reponse)
    absence.refresh_from_db()
    assert not absence.certificat and absence.statut == Absence.Statut.CERTIFICAT_ATTENDU


def test_une_autre_famille_recoit_404(connecter, alice, charlie, lea_reservee, demain):
    client_alice = connecter(alice)
    signaler(
        client_alice, lea_reservee, demain, certificat=SimpleUploadedFile("c.pdf", pdf_minimal())
    )
    absence = Absence.objects.get()
    client = connecter(charlie)
    assert client.get(url("certificat_telecharger", absence.pk)).status_code == 404
    depot = client.post(
        url("certificat", absence.pk), {"certificat": SimpleUploadedFile("x.pdf", pdf_minimal())}
    )
    assert depot.status_code == 404
    assert client.get(url("certificat", absence.pk)).status_code == 404
    # Alice's child in Charlie's report: 404 as well, nothing written.
    assert signaler(client, lea_reservee, demain).status_code == 404
    assert "Léa" not in texte(client.get(url()))
    absence.refresh_from_db()
    assert absence.certificat_nom == "c.pdf"
