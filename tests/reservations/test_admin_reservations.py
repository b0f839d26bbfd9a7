"""The Education service's admin of bookings: lists with filters and exports, the counter
(booking for a family past the deadline, logged with who and why), the waiting list of a day,
a day's capacity raised (new places offered at once), and who may see what."""

from __future__ import annotations

from html import unescape
from io import BytesIO

import pytest
from aides_reservations import J, paris
from django.contrib.auth.models import Group
from django.core import mail

from famille.comptes.models import Compte, Structure
from famille.comptes.roles import COMMUNICATION, EDUCATION, REGIE, installer_groupes
from famille.dossiers.models import Ecole, Enfant
from famille.reservations.models import (
    CapaciteJour,
    JournalReservation,
    Prestation,
    Reservation,
)
from famille.reservations.services import attente, operations
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
    maintenant, education, famille, prestations, periode, django_capture_on_commit_callbacks
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
    famille.titulaire.emails = "parent@exemple.fr"
    famille.titulaire.save()
    with django_capture_on_commit_callbacks(execute=True):
        confirme = education.post(url, {**donnees, "confirmer": "1"})
    assert "Enregistré" in _texte(confirme)
    # The family gets its compte-rendu, as after its own changes on the portal.
    (compte_rendu,) = mail.outbox
    assert compte_rendu.to == ["parent@exemple.fr"]
    assert "Jours réservés" in compte_rendu.body and "Léa — Restauration" in compte_rendu.body
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


def _lignes_export(reponse) -> list[str]:
    contenu = b"".join(reponse.streaming_content).decode("utf-8-sig")
    return [ligne for ligne in contenu.splitlines() if ligne][1:]


def test_chaque_filtre_de_la_liste_et_l_export_qui_le_suit(
    maintenant, education, famille, creer_famille, creer_enfants, prestations, periode
):
    """Structure, school, prestation, day and status each narrow the list; the CSV and XLSX
    exports hold the rows of the filters in force, no more."""
    from openpyxl import load_workbook

    lea, hugo = famille.enfants_crees
    structure = prestations["cantine"].structure
    pins, chenes = (Ecole.objects.create(nom=n, structure=structure) for n in ("Pins", "Chênes"))
    Enfant.objects.filter(pk=lea.pk).update(ecole=pins)
    Enfant.objects.filter(pk=hugo.pk).update(ecole=chenes)
    operations.appliquer(
        famille.titulaire,
        famille,
        [
            Demande(lea.pk, prestations["cantine"].pk, J("2027-09-06")),
            Demande(hugo.pk, prestations["soir"].pk, J("2027-09-07")),
        ],
        [],
    )
    # A waiting-list row (the Wednesday is full) and a booking of another structure.
    Reservation.objects.create(
        foyer=famille,
        enfant=hugo,
        prestation=prestations["mercredi"],
        date=J("2027-09-08"),
        statut=Reservation.Statut.ATTENTE,
    )
    ailleurs = Structure.objects.create(nom="Centre de loisirs", slug="cl", commune="Cestas")
    autre = creer_famille()
    (ines,) = creer_enfants(autre, "Inès")
    centre = Prestation.objects.create(
        structure=ailleurs, code="vac", nom="Vacances", type=Prestation.Type.VACANCES, jours="1"
    )
    Reservation.objects.create(foyer=autre, enfant=ines, prestation=centre, date=J("2027-10-25"))

    def prenoms(filtre: str) -> set[str]:
        page = _texte(education.get(f"{LISTE}?{filtre}"))
        return {p for p in ("Léa", "Hugo", "Inès") if p in page}

    assert prenoms(f"prestation__structure={ailleurs.pk}") == {"Inès"}
    assert prenoms(f"prestation__structure={structure.pk}") == {"Léa", "Hugo"}
    assert prenoms(f"enfant__ecole={pins.pk}") == {"Léa"}
    assert prenoms(f"prestation={prestations['soir'].pk}") == {"Hugo"}
    assert prenoms("date=2027-09-06") == {"Léa"}
    assert prenoms("date__gte=2027-09-07&date__lte=2027-09-30") == {"Hugo"}
    assert prenoms("statut=attente") == {"Hugo"}

    filtre = f"enfant__ecole={chenes.pk}&statut=reservee"
    (ligne,) = _lignes_export(education.get(f"{LISTE}?{filtre}&export=csv"))
    assert "Hugo" in ligne and "Accueil du soir" in ligne and "Chênes" in ligne
    (ligne,) = _lignes_export(education.get(f"{LISTE}?statut=attente&export=csv"))
    assert "Mercredi journée" in ligne and "Liste d'attente" in ligne
    xlsx = education.get(f"{LISTE}?prestation__structure={ailleurs.pk}&export=xlsx")
    contenu = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    classeur = load_workbook(BytesIO(contenu))
    lignes = list(classeur.active.iter_rows(values_only=True))
    assert len(lignes) == 2 and "Inès" in lignes[1] and "Vacances" in lignes[1]


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


def _prestation_form(prestation, **champs) -> dict:
    donnees = {
        "nom": prestation.nom,
        "code": prestation.code,
        "structure": prestation.structure_id,
        "type": prestation.type,
        "repas": "on" if prestation.repas else "",
        "jours": prestation.jours,
        "capacite": prestation.capacite if prestation.capacite is not None else "",
        "age_min": "",
        "age_max": "",
        "delai_certificat": prestation.delai_certificat,
        "ordre": prestation.ordre,
        "active": "on",
    }
    for quoi in ("reservation", "annulation"):
        donnees |= {
            f"{quoi}_regle": getattr(prestation, f"{quoi}_regle"),
            f"{quoi}_nombre": getattr(prestation, f"{quoi}_nombre"),
            f"{quoi}_heure": getattr(prestation, f"{quoi}_heure").strftime("%H:%M"),
            f"{quoi}_jour": "",
        }
    return {k: v for k, v in (donnees | champs).items() if v != ""}


def test_capacite_de_la_prestation_augmentee_propose_les_places(
    maintenant, education, creer_famille, creer_enfants, prestations, periode
):
    """Raising the prestation's own capacity in the admin offers the new places of the days to
    come that followed it; a day given its own capacity keeps it."""
    mercredi = prestations["mercredi"]  # 2 places
    enfants = {}
    for jour in ("2027-09-08", "2027-09-15"):
        for n in range(4):
            foyer = creer_famille()
            (enfant,) = creer_enfants(foyer, f"Enfant{n}")
            operations.appliquer(
                foyer.titulaire,
                foyer,
                [Demande(enfant.pk, mercredi.pk, J(jour))],
                [],
                maintenant=paris(f"2027-08-30T10:0{n}"),
            )
            enfants[jour, n] = enfant
    CapaciteJour.objects.filter(prestation=mercredi, date=J("2027-09-15")).update(capacite=2)
    # The 15th was given its own capacity earlier (3, one place taken by the first in line).
    attente.changer_capacite(education.compte, mercredi, J("2027-09-15"), 3)
    url = f"/admin/snippets/reservations/prestation/edit/{mercredi.pk}/"
    reponse = education.post(url, _prestation_form(mercredi, capacite=3), follow=True)
    assert "place(s) ajoutée(s) proposée(s)" in _texte(reponse)

    def statut(jour, n):
        return Reservation.objects.get(enfant=enfants[jour, n]).statut

    assert statut("2027-09-08", 2) == Reservation.Statut.PROPOSEE
    assert statut("2027-09-08", 3) == Reservation.Statut.ATTENTE
    assert CapaciteJour.objects.get(prestation=mercredi, date=J("2027-09-08")).capacite == 3
    # The 15th had 3 places of its own already: nothing more offered that day.
    assert statut("2027-09-15", 3) == Reservation.Statut.ATTENTE


def test_verrou_non_obtenu_a_l_enregistrement_d_une_prestation(
    maintenant, education, prestations, periode, monkeypatch
):
    """Families booking the very days whose places change: the lock is not had in time, so
    nothing is saved and the agent reads why in French, never a server error."""
    from django.db import OperationalError

    from famille.reservations.services import attente as service

    def occupe(*args, **kwargs):
        raise OperationalError("database is locked")  # what SQLite says; 55P03 on PostgreSQL

    monkeypatch.setattr(service, "suivre_capacite_prestation", occupe)
    mercredi = prestations["mercredi"]
    url = f"/admin/snippets/reservations/prestation/edit/{mercredi.pk}/"
    reponse = education.post(url, _prestation_form(mercredi, capacite=5, nom="Mercredi plein"))
    assert reponse.status_code == 200
    assert "réessayez dans un instant" in _texte(reponse)
    mercredi.refresh_from_db()
    assert (mercredi.capacite, mercredi.nom) == (2, "Mercredi journée")


@pytest.mark.parametrize("groupe", [COMMUNICATION, REGIE])
def test_qui_peut_quoi(client, arbre, groupe, famille):
    _agent(client, groupe)
    assert _refuse(client.get(f"{GUICHET}?famille={famille.numero}"))
    assert _refuse(client.get(LISTE))
    assert _refuse(client.get(ATTENTE))
