"""The Education service's admin of bookings: lists with filters and exports, the counter
(booking for a family past the deadline, logged with who and why), the waiting list of a day,
a day's capacity raised (new places offered at once), and who may see what."""

from __future__ import annotations

from html import unescape

import pytest
from aides_reservations import J, paris
from django.contrib.auth.models import Group

from famille.comptes.models import Compte
from famille.comptes.roles import COMMUNICATION, EDUCATION, REGIE, installer_groupes
from famille.reservations.models import CapaciteJour, JournalReservation, Reservation
from famille.reservations.services import operations
from famille.reservations.services.regles import Demande

GUICHET = "/admin/reservations-guichet/"
ATTENTE = "/admin/reservations-attente/"
LISTE = "/admin/snippets/reservations/reservation/"


def _agent(client, groupe):
    installer_groupes()
    compte = Compte.objects.create_user(username=f"agent-{groupe}", password="x", is_staff=True)
    compte.groups.add(Group.objects.get(name=groupe))
    client.force_login(compte)
    return compte


def _refuse(reponse) -> bool:
    return reponse.status_code == 403 or (
        reponse.status_code == 302 and reponse["Location"] == "/admin/"
    )


def _texte(reponse) -> str:
    return unescape(reponse.content.decode())


@pytest.fixture
def education(maintenant, client, arbre):
    """An Éducation agent, logged in with the clock already pinned (the session would expire
    across a jump in time)."""
    client.compte = _agent(client, EDUCATION)
    return client


def test_guichet_hors_delai_verifier_puis_confirmer(
    maintenant, education, famille, prestations, periode
):
    cantine = prestations["cantine"]
    cantine.reservation_nombre = 10  # 6 September: the deadline was 27 August
    cantine.save()
    lea, _ = famille.enfants_crees
    donnees = {
        "action": "reserver",
        "enfants": [lea.pk],
        "prestation": cantine.pk,
        "du": "2027-09-06",
        "au": "2027-09-07",
        "motif": "Reprise du travail lundi",
    }
    url = f"{GUICHET}?famille={famille.numero}"
    verifie = education.post(url, {**donnees, "verifier": "1"})
    assert "Ce que la confirmation fera" in _texte(verifie)
    assert "Hors délai (2)" in _texte(verifie)
    assert not Reservation.objects.exists()
    confirme = education.post(url, {**donnees, "confirmer": "1"})
    assert "Enregistré" in _texte(confirme)
    assert Reservation.objects.filter(hors_delai=True, cree_par=education.compte).count() == 2
    journal = JournalReservation.objects.filter(acteur=education.compte)
    assert journal.count() == 2 and journal.first().motif == "Reprise du travail lundi"


def test_guichet_sans_motif_et_famille_inconnue(
    education, famille, prestations, periode, maintenant
):
    assert "Aucun compte famille ne porte ce numéro" in _texte(
        education.get(f"{GUICHET}?famille=INCONNU")
    )
    lea, _ = famille.enfants_crees
    reponse = education.post(
        f"{GUICHET}?famille={famille.numero}",
        {
            "action": "reserver",
            "enfants": [lea.pk],
            "prestation": prestations["cantine"].pk,
            "du": "2027-09-06",
            "au": "2027-09-06",
            "confirmer": "1",
        },
    )
    assert "La demande n'a pas été enregistrée" in _texte(reponse)
    assert not Reservation.objects.exists()


def test_liste_filtree_et_export(maintenant, education, famille, prestations, periode):
    lea, hugo = famille.enfants_crees
    operations.appliquer(
        famille.titulaire,
        famille,
        [
            Demande(lea.pk, prestations["cantine"].pk, J("2027-09-06")),
            Demande(hugo.pk, prestations["soir"].pk, J("2027-09-07")),
        ],
        [],
    )
    filtre = f"prestation={prestations['soir'].pk}"
    liste = _texte(education.get(f"{LISTE}?{filtre}"))
    assert "Hugo" in liste and "Léa" not in liste
    export = education.get(f"{LISTE}?{filtre}&export=csv")
    contenu = b"".join(export.streaming_content).decode("utf-8-sig")
    lignes = [ligne for ligne in contenu.splitlines() if ligne]
    assert lignes[0].startswith("Jour;Prestation;Nom;Prénom")
    assert len(lignes) == 2 and "Hugo" in lignes[1] and "Accueil du soir" in lignes[1]
    xlsx = education.get(f"{LISTE}?{filtre}&export=xlsx")
    assert xlsx.status_code == 200
    # Bookings are read-only in the generic admin: they change through the counter.
    assert _refuse(education.get(f"{LISTE}add/"))


def test_liste_d_attente_et_capacite_augmentee(
    maintenant, education, creer_famille, creer_enfants, prestations, periode
):
    mercredi = prestations["mercredi"]  # 2 places
    familles = []
    for n in range(4):
        foyer = creer_famille()
        (enfant,) = creer_enfants(foyer, f"Enfant{n}")
        operations.appliquer(
            foyer.titulaire,
            foyer,
            [Demande(enfant.pk, mercredi.pk, J("2027-09-08"))],
            [],
            maintenant=paris(f"2027-08-30T10:0{n}"),
        )
        familles.append(enfant)
    page = _texte(education.get(f"{ATTENTE}?prestation={mercredi.pk}&date=2027-09-08"))
    assert "2 places prises sur 2" in page
    assert page.index("Enfant2") < page.index("Enfant3")

    ligne = CapaciteJour.objects.get(prestation=mercredi, date=J("2027-09-08"))
    url = f"/admin/snippets/reservations/capacitejour/edit/{ligne.pk}/"
    trop_peu = education.post(url, {"prestation": mercredi.pk, "date": "2027-09-08", "capacite": 1})
    assert "déjà prises" in _texte(trop_peu)
    education.post(url, {"prestation": mercredi.pk, "date": "2027-09-08", "capacite": 3})
    assert Reservation.objects.get(enfant=familles[2]).statut == Reservation.Statut.PROPOSEE
    assert Reservation.objects.get(enfant=familles[3]).statut == Reservation.Statut.ATTENTE


@pytest.mark.parametrize("groupe", [COMMUNICATION, REGIE])
def test_qui_peut_quoi(client, arbre, groupe, famille):
    _agent(client, groupe)
    assert _refuse(client.get(f"{GUICHET}?famille={famille.numero}"))
    assert _refuse(client.get(LISTE))
    assert _refuse(client.get(ATTENTE))
