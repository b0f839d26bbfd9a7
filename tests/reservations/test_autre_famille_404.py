"""Charlie (another family) gets a 404 on every parent URL of the Réservations tab that names
something of Alice's: her children in ticked days or in the semaine type (to book or to
cancel), a summary signed for her, her offered place (accept or decline), her absence and its
certificate — and nothing of hers changes. Periods of their common structure are no secret."""

from __future__ import annotations

import datetime

from django.utils import timezone
from test_onglet_reservations import cases, charge, creer_periode, url

from famille.reservations.models import Absence, Prestation, Reservation


def test_charlie_obtient_404_sur_chaque_url_des_reservations_d_alice(
    alice, charlie, connecter, structure
):
    periode = creer_periode(structure)
    resto = Prestation.objects.get(code="resto")
    lea = alice.enfants["Léa"]
    client_alice, client = connecter(alice), connecter(charlie)
    valeurs = [v for v in cases(client_alice.get(url())) if v.startswith(f"{lea.pk}.{resto.pk}.")]
    assert valeurs, "Alice's calendar offers Léa's days"
    recap_alice = client_alice.post(url("periode", periode.pk), {"cases": valeurs[:2]})
    charge_alice = charge(recap_alice)
    jour = datetime.date.fromisoformat(valeurs[2].split(".")[2])
    offre = Reservation.objects.create(
        foyer=alice.foyer,
        enfant=lea,
        prestation=resto,
        date=jour,
        statut="proposee",
        expire_le=timezone.now() + datetime.timedelta(hours=24),
    )
    absence = Absence.objects.create(
        foyer=alice.foyer,
        enfant=lea,
        jour=jour,
        motif=Absence.Motif.MALADIE,
        statut=Absence.Statut.CERTIFICAT_ATTENDU,
        certificat_avant=jour + datetime.timedelta(days=7),
    )
    semaine = {"enfants": [lea.pk], "semaine": [f"{resto.pk}.1"], "rythme": "toutes"}
    demandes = [
        ("post", url("periode", periode.pk), {"cases": valeurs[:1]}),
        ("post", url("semaine_type", periode.pk), semaine),
        ("post", url("semaine_type", periode.pk), {**semaine, "action": "annuler"}),
        ("post", url("confirmer", periode.pk), {"charge": charge_alice}),
        ("post", url("accepter", offre.pk), {"periode": periode.pk}),
        ("get", url("accepter", offre.pk), {}),
        ("post", url("refuser", offre.pk), {"periode": periode.pk}),
        ("get", url("refuser", offre.pk), {}),
        ("get", url("certificat", absence.pk), {}),
        ("post", url("certificat", absence.pk), {}),
        ("get", url("certificat_telecharger", absence.pk), {}),
    ]
    for methode, adresse, donnees in demandes:
        reponse = getattr(client, methode)(adresse, donnees)
        assert reponse.status_code == 404, f"{methode.upper()} {adresse}: {reponse.status_code}"
    # Nothing of Alice's moved; her own summary still confirms for her.
    offre.refresh_from_db()
    assert offre.statut == "proposee"
    assert not Reservation.objects.filter(statut="reservee").exists()
    assert Absence.objects.filter(pk=absence.pk).exists()
    client_alice.post(url("confirmer", periode.pk), {"charge": charge_alice})
    assert Reservation.objects.filter(foyer=alice.foyer, statut="reservee").count() == 2
    # Charlie's own tab shows nothing of Alice's.
    assert "Léa" not in client.get(url("periode", periode.pk)).content.decode()
