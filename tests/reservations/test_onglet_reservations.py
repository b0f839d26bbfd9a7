"""The parent's Réservations tab: the calendar per child, ticking days, the « semaine type »,
the summary before confirming, one confirmation = one request = one compte-rendu e-mail, and
another family's ids are 404s. Cheap data: one family of three children, four services, an
eight-week period starting in three weeks (no deadline in the way)."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core import mail
from django.utils import timezone

from famille.comptes.models import Structure
from famille.dossiers.models import Enfant, Garde
from famille.reservations.models import PeriodeReservation, Prestation, Reservation
from famille.reservations.pages import ReservationsPage

PRESTATIONS = [
    ("Restauration scolaire", "resto", "restauration", "1,2,4,5"),
    ("Accueil du matin", "matin", "matin", "1,2,4,5"),
    ("Accueil du soir", "soir", "soir", "1,2,4,5"),
    ("Centre de loisirs du mercredi", "mercredi", "mercredi", "3"),
]


def creer_periode(structure, *, ouverte=True, semaines=8, nom="Période de test"):
    prestations = [
        Prestation.objects.get_or_create(
            structure=structure,
            code=code,
            defaults={"nom": nom_p, "type": type_, "jours": jours, "ordre": i},
        )[0]
        for i, (nom_p, code, type_, jours) in enumerate(PRESTATIONS)
    ]
    aujourdhui = timezone.localdate()
    lundi = aujourdhui + datetime.timedelta(days=21 - aujourdhui.weekday())
    maintenant = timezone.now()
    periode = PeriodeReservation.objects.create(
        structure=structure,
        nom=nom,
        debut=lundi,
        fin=lundi + datetime.timedelta(weeks=semaines, days=-3),
        ouverture=maintenant - datetime.timedelta(days=1)
        if ouverte
        else maintenant + datetime.timedelta(days=2, hours=3),
    )
    periode.prestations.set(prestations)
    return periode


def ajouter_enfants(foyer, prenoms=("Léo", "Emma", "Jules")):
    enfants = []
    for i, prenom in enumerate(prenoms):
        enfant = Enfant.objects.create(
            nom="Martin", prenom=prenom, date_naissance=datetime.date(2015 + i, 3, 1)
        )
        Garde.objects.create(foyer=foyer, enfant=enfant)
        enfants.append(enfant)
    return enfants


@pytest.fixture
def famille(parent_client, structure):
    parent_client.enfants = ajouter_enfants(parent_client.foyer)
    parent_client.periode = creer_periode(structure)
    return parent_client


def url(route="accueil", *args):
    return ReservationsPage.url_de(route, *args)


def texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


def cases(reponse, cochees: bool | None = None) -> list[str]:
    """The values of the calendar's checkboxes (ticked ones only, or unticked, or all)."""
    valeurs = []
    for balise in re.findall(r'<input[^>]*name="cases"[^>]*>', reponse.content.decode()):
        valeur = re.search(r'value="([^"]+)"', balise).group(1)
        coche = " checked" in balise
        if cochees is None or coche == cochees:
            valeurs.append(valeur)
    return valeurs


def charge(reponse) -> str:
    return re.search(r'name="charge" value="([^"]+)"', reponse.content.decode()).group(1)


def test_le_calendrier_montre_chaque_enfant_et_n_ecrit_rien(famille):
    reponse = famille.get(url())
    assert reponse.status_code == 200
    contenu = texte(reponse)
    for enfant in famille.enfants:
        assert f"Calendrier de {enfant.prenom}" in contenu
    assert "Libre" in contenu and "Vérifier mes choix" in contenu
    # Days are grouped in fieldsets whose legend names the day.
    assert "<legend" in contenu and "semaine" in contenu
    assert cases(reponse) and not cases(reponse, cochees=True)
    assert not Reservation.objects.exists()


def test_cocher_verifier_confirmer_puis_rejouer(famille, django_capture_on_commit_callbacks):
    famille.foyer.titulaire.emails = "parent@exemple.fr; autre@exemple.fr"
    famille.foyer.titulaire.save()
    page = famille.get(url())
    choisies = cases(page)[:3]
    recap = famille.post(url("periode", famille.periode.pk), {"cases": choisies})
    assert recap.status_code == 200
    contenu = texte(recap)
    assert "Vérifier avant de confirmer" in contenu
    assert "Seront réservés (3 jours)" in contenu
    assert not Reservation.objects.exists()  # the summary writes nothing

    with django_capture_on_commit_callbacks(execute=True):
        fait = famille.post(url("confirmer", famille.periode.pk), {"charge": charge(recap)})
    assert fait.status_code == 302
    assert Reservation.objects.filter(statut="reservee").count() == 3
    assert len(mail.outbox) == 1
    compte_rendu = mail.outbox[0]
    assert compte_rendu.subject == "Portail Famille : compte-rendu de vos réservations"
    assert compte_rendu.to == ["parent@exemple.fr", "autre@exemple.fr"]
    assert "Jours réservés" in compte_rendu.body and "Léo — " in compte_rendu.body
    assert "Martin" not in compte_rendu.body

    # The same POST again (double click, back button): nothing more, no second e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        rejoue = famille.post(
            url("confirmer", famille.periode.pk), {"charge": charge(recap)}, follow=True
        )
    assert "déjà été confirmés" in texte(rejoue)
    assert Reservation.objects.filter(statut="reservee").count() == 3
    assert len(mail.outbox) == 1

    # The calendar shows them booked and ticked; unticking one cancels it.
    page = famille.get(url())
    assert sorted(cases(page, cochees=True)) == sorted(choisies)
    assert "Réservé" in texte(page)
    recap = famille.post(url("periode", famille.periode.pk), {"cases": choisies[1:]})
    assert "Seront annulés (1 jour)" in texte(recap)
    with django_capture_on_commit_callbacks(execute=True):
        famille.post(url("confirmer", famille.periode.pk), {"charge": charge(recap)})
    assert Reservation.objects.filter(statut="reservee").count() == 2
    assert "Jours annulés" in mail.outbox[-1].body


def test_semaine_type_pour_les_freres_et_soeurs(famille, django_capture_on_commit_callbacks):
    leo, emma, _ = famille.enfants
    resto = Prestation.objects.get(code="resto")
    recap = famille.post(
        url("semaine_type", famille.periode.pk),
        {
            "enfants": [leo.pk, emma.pk],
            "semaine": [f"{resto.pk}.1", f"{resto.pk}.4"],
            "rythme": "paires",
        },
    )
    assert recap.status_code == 200, texte(recap)[:2000]
    assert "Seront réservés" in texte(recap)
    with django_capture_on_commit_callbacks(execute=True):
        famille.post(url("confirmer", famille.periode.pk), {"charge": charge(recap)})
    reservees = Reservation.objects.filter(statut="reservee")
    assert reservees.exists()
    assert {r.enfant_id for r in reservees} == {leo.pk, emma.pk}
    assert all(r.date.isocalendar()[1] % 2 == 0 for r in reservees)
    assert {r.date.isoweekday() for r in reservees} <= {1, 4}
    assert len(mail.outbox) == 1


def test_semaine_type_sans_rien_cocher_montre_le_resume_des_erreurs(famille):
    reponse = famille.post(url("semaine_type", famille.periode.pk), {"rythme": "toutes"})
    assert reponse.status_code == 400
    contenu = texte(reponse)
    assert "Votre demande n'a pas été enregistrée" in contenu
    assert "Cochez au moins un enfant." in contenu
    assert not Reservation.objects.exists()


def test_avant_l_ouverture_compte_a_rebours_et_lecture_seule(parent_client, structure):
    ajouter_enfants(parent_client.foyer, ("Léo",))
    periode = creer_periode(structure, ouverte=False, nom="Période à venir")
    reponse = parent_client.get(url("periode", periode.pk))
    contenu = texte(reponse)
    assert "Les réservations ouvrent le" in contenu
    assert "Ouverture dans 2" in contenu and "data-compte-a-rebours" in contenu
    assert not cases(reponse)
    assert "Réserver avec une semaine type" not in contenu


@pytest.mark.parametrize(
    "valeur, message",
    [
        ("{e}.{p}.2001-01-01", "est en dehors de la période"),
        ("{e}.{p}.2026-13-45", "n'est pas un jour valide"),
        ("n'importe quoi", "n'est pas un jour valide"),
    ],
)
def test_mauvaises_saisies_refusees_sans_rien_enregistrer(famille, valeur, message):
    resto = Prestation.objects.get(code="resto")
    valeur = valeur.format(e=famille.enfants[0].pk, p=resto.pk)
    reponse = famille.post(url("periode", famille.periode.pk), {"cases": [valeur]})
    assert reponse.status_code == 400
    assert message in texte(reponse)
    assert "Votre demande n'a pas été enregistrée" in texte(reponse)
    assert not Reservation.objects.exists()


def test_des_milliers_de_jours_sont_refuses(famille):
    resto = Prestation.objects.get(code="resto")
    debut = famille.periode.debut

    def cases(nombre):
        return [
            f"{famille.enfants[0].pk}.{resto.pk}.{debut + datetime.timedelta(days=i % 50)}"
            for i in range(nombre)
        ]

    # More days than the period holds: the tab's own message.
    reponse = famille.post(url("periode", famille.periode.pk), {"cases": cases(1900)})
    assert reponse.status_code == 400
    assert "Vous avez envoyé 1900 jours" in texte(reponse)
    # Beyond the request's field cap, the frame refuses before any view reads the data.
    reponse = famille.post(url("periode", famille.periode.pk), {"cases": cases(4000)})
    assert reponse.status_code == 400
    assert "Votre envoi contient trop d&#x27;éléments" in texte(reponse) or (
        "Votre envoi contient trop d'éléments" in texte(reponse)
    )
    assert not Reservation.objects.exists()


def test_un_recapitulatif_falsifie_n_enregistre_rien(famille):
    reponse = famille.post(url("confirmer", famille.periode.pk), {"charge": "faux"}, follow=True)
    assert "Ce récapitulatif a expiré ou n'est pas valide" in texte(reponse)
    assert not Reservation.objects.exists()


# --- Another family gets a 404 on every URL ------------------------------------------------


def test_une_autre_famille_obtient_des_404(famille, creer_famille, client, structure):
    autre = creer_famille()
    enfant_autre = ajouter_enfants(autre, ("Zoé",))[0]
    resto = Prestation.objects.get(code="resto")
    jour = famille.periode.debut
    # A child of another family in the ticked days, or in the semaine type.
    assert (
        famille.post(
            url("periode", famille.periode.pk), {"cases": [f"{enfant_autre.pk}.{resto.pk}.{jour}"]}
        ).status_code
        == 404
    )
    assert (
        famille.post(
            url("semaine_type", famille.periode.pk),
            {"enfants": [enfant_autre.pk], "semaine": [f"{resto.pk}.1"], "rythme": "toutes"},
        ).status_code
        == 404
    )
    # A period of a structure the account is not known to.
    ailleurs = Structure.objects.create(nom="Autre commune", slug="ailleurs", commune="Ailleurs")
    periode_ailleurs = creer_periode(ailleurs, nom="Ailleurs")
    for route in ("periode", "semaine_type", "confirmer"):
        assert famille.get(url(route, periode_ailleurs.pk)).status_code == 404
    # A service of that other structure in the ticked days.
    resto_ailleurs = Prestation.objects.get(structure=ailleurs, code="resto")
    assert (
        famille.post(
            url("periode", famille.periode.pk),
            {"cases": [f"{famille.enfants[0].pk}.{resto_ailleurs.pk}.{jour}"]},
        ).status_code
        == 404
    )
    # A service of that other structure in the semaine type.
    assert (
        famille.post(
            url("semaine_type", famille.periode.pk),
            {
                "enfants": [famille.enfants[0].pk],
                "semaine": [f"{resto_ailleurs.pk}.1"],
                "rythme": "toutes",
            },
        ).status_code
        == 404
    )
    # Another family's booking (an offered place to accept).
    reservation = Reservation.objects.create(
        foyer=autre, enfant=enfant_autre, prestation=resto, date=jour, statut="proposee"
    )
    assert famille.post(url("accepter", reservation.pk)).status_code == 404
    reservation.refresh_from_db()
    assert reservation.statut == "proposee"


def test_un_visiteur_non_connecte_va_a_la_connexion(famille, client):
    client.logout()
    reponse = client.get(url("periode", famille.periode.pk))
    assert reponse.status_code == 302 and "/connexion/" in reponse["Location"]


def test_accepter_une_place_proposee(famille):
    leo = famille.enfants[0]
    resto = Prestation.objects.get(code="resto")
    resto.capacite = 10
    resto.save()
    # A day the calendar offers (the period's first days may be school holidays).
    valeur = next(v for v in cases(famille.get(url())) if v.startswith(f"{leo.pk}.{resto.pk}."))
    jour = datetime.date.fromisoformat(valeur.split(".")[2])
    offre = Reservation.objects.create(
        foyer=famille.foyer,
        enfant=leo,
        prestation=resto,
        date=jour,
        statut="proposee",
        expire_le=timezone.now() + datetime.timedelta(hours=24),
    )
    page = texte(famille.get(url("periode", famille.periode.pk)))
    assert "Une place s'est libérée" in page and "Accepter la place" in page
    assert "à accepter avant le" in page
    reponse = famille.post(url("accepter", offre.pk), {"periode": famille.periode.pk}, follow=True)
    assert "La place est réservée pour Léo" in texte(reponse)
    offre.refresh_from_db()
    assert offre.statut == "reservee"


def test_reserver_avant_l_ouverture_est_refuse_avec_le_motif(parent_client, structure):
    (leo,) = ajouter_enfants(parent_client.foyer, ("Léo",))
    periode = creer_periode(structure, ouverte=False, nom="Période à venir")
    resto = Prestation.objects.get(code="resto")
    jour = periode.debut + datetime.timedelta(days=14)
    while jour.isoweekday() not in (1, 2, 4, 5):
        jour += datetime.timedelta(days=1)
    reponse = parent_client.post(
        url("periode", periode.pk), {"cases": [f"{leo.pk}.{resto.pk}.{jour}"]}
    )
    contenu = texte(reponse)
    assert "Ne pourront pas être pris en compte (1 jour)" in contenu
    assert "Aucun de ces jours ne peut être pris en compte." in contenu
    assert 'name="charge"' not in contenu  # nothing to confirm
    assert not Reservation.objects.exists()
