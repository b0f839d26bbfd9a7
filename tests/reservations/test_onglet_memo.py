"""The Réservations tab says what the memo says (« Permet de consulter vos réservations et
d'effectuer ou d'annuler des réservations », the period's sentence with its opening and
deadline, « le compte-rendu de vos réservations »), and its « semaine type » cancels as well as
it books (« Annuler ces jours »)."""

from __future__ import annotations

import datetime

from django.core import mail
from django.utils import timezone
from test_onglet_reservations import charge, famille, texte, url  # noqa: F401
from typographie import fautes

from famille.reservations.models import Prestation, Reservation
from famille.reservations.presentation import phrase_periode
from famille.reservations.services.regles import date_longue


def test_l_onglet_reprend_les_mots_du_memo(famille, settings):  # noqa: F811
    settings.TYPOGRAPHIE_FRANCAISE = True  # as in production: the page with a period is checked
    contenu = texte(famille.get(url())).replace("\u00a0", " ").replace("\u202f", " ")
    assert "Permet de consulter vos réservations et d'effectuer ou d'annuler des réservations." in (
        contenu
    )
    periode = famille.periode
    assert (
        "Vous réservez restauration scolaire, accueil du matin, accueil du soir et centre de "
        f"loisirs du mercredi pour la période du {date_longue(periode.debut)} au "
        f"{date_longue(periode.fin)} à partir du " in contenu
    )
    assert "(au plus tard 3 jours avant, à 23 h 59 chaque jour)" in contenu
    assert "le compte-rendu de vos réservations est envoyé par e-mail" in contenu
    assert fautes(famille.get(url()).content.decode()) == []  # French spacing, these included


def test_la_phrase_nomme_chaque_delai_quand_ils_different(famille):  # noqa: F811
    resto = Prestation.objects.get(code="resto")
    resto.reservation_nombre = 1
    resto.reservation_heure = datetime.time(9)
    resto.save()
    ouverture = timezone.make_aware(datetime.datetime(2021, 8, 23, 8))
    phrase = phrase_periode(famille.periode, famille.periode.prestations.all(), ouverture)
    assert "à partir du lundi 23 août 2021 à 8 h (au plus tard restauration scolaire : la " in (
        phrase
    )
    assert "la veille avant 9 h ; accueil du matin, accueil du soir et centre de loisirs du " in (
        phrase
    )


def test_semaine_type_annuler_ces_jours(famille, django_capture_on_commit_callbacks):  # noqa: F811
    leo, emma, _ = famille.enfants
    resto = Prestation.objects.get(code="resto")
    semaine = {
        "enfants": [leo.pk, emma.pk],
        "semaine": [f"{resto.pk}.1", f"{resto.pk}.4"],
        "rythme": "toutes",
    }
    recap = famille.post(url("semaine_type", famille.periode.pk), semaine)
    with django_capture_on_commit_callbacks(execute=True):
        famille.post(url("confirmer", famille.periode.pk), {"charge": charge(recap)})
    reservees = Reservation.objects.filter(statut="reservee")
    assert reservees.filter(enfant=emma).exists()
    lundis_et_jeudis = reservees.count()

    # « Annuler ces jours », Mondays only, for Emma only: the summary lists them, then they go.
    annuler = {**semaine, "enfants": [emma.pk], "semaine": [f"{resto.pk}.1"], "action": "annuler"}
    recap = famille.post(url("semaine_type", famille.periode.pk), annuler)
    assert recap.status_code == 200
    lundis_emma = reservees.filter(enfant=emma, date__week_day=2).count()
    assert lundis_emma and f"Seront annulés ({lundis_emma} jours)" in texte(recap)
    assert "Seront réservés" not in texte(recap)
    assert Reservation.objects.filter(statut="reservee").count() == lundis_et_jeudis
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        famille.post(url("confirmer", famille.periode.pk), {"charge": charge(recap)})
    restantes = Reservation.objects.filter(statut="reservee")
    assert restantes.count() == lundis_et_jeudis - lundis_emma
    assert not restantes.filter(enfant=emma, date__week_day=2).exists()
    assert restantes.filter(enfant=leo, date__week_day=2).exists()
    assert "Jours annulés" in mail.outbox[0].body and "Emma — " in mail.outbox[0].body

    # Nothing held on those days any more: nothing to cancel, said so, nothing saved.
    reponse = famille.post(url("semaine_type", famille.periode.pk), annuler)
    assert reponse.status_code == 400
    assert "Aucun de ces jours n'est réservé : il n'y a rien à annuler." in texte(reponse)
