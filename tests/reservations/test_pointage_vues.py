"""The animator's attendance screen: access (another structure → 404, a parent → 403), one POST
saves the list, refused inputs with their French message, the page's query count."""

from __future__ import annotations

import pytest
import time_machine
from aides_reservations import J, paris
from django.test import Client
from django.urls import reverse

from famille.comptes.models import Compte, Structure
from famille.comptes.roles import ANIMATION, EDUCATION, installer_groupes
from famille.reservations.models import Presence, Prestation, Reservation
from famille.reservations.services import pointage

LUNDI = J("2027-09-06")


@pytest.fixture(autouse=True)
def jour_pointe():
    with time_machine.travel(paris("2027-09-06T17:00"), tick=False):
        yield


def _agent(username, groupe, *structures):
    compte = Compte.objects.create_user(username=username, password="x-Agent-123456", is_staff=True)
    compte.groups.add(groupe)
    compte.structures.set(structures)
    return compte


@pytest.fixture
def groupes(arbre):
    return installer_groupes()


@pytest.fixture
def animateur(client, groupes, structure):
    client.force_login(_agent("anim", groupes[ANIMATION], structure))
    return client


def url(prestation):
    return reverse("reservations:pointage_liste", args=[prestation.pk]) + "?jour=2027-09-06"


def test_un_animateur_pointe_sa_liste_en_un_envoi(animateur, famille, prestations):
    lea, hugo = famille.enfants_crees
    for enfant in (lea, hugo):
        Reservation.objects.create(
            foyer=famille, enfant=enfant, prestation=prestations["soir"], date=LUNDI
        )
    page = animateur.get(url(prestations["soir"]))
    assert page.status_code == 200
    assert "Absence justifiée" in page.content.decode()
    reponse = animateur.post(
        url(prestations["soir"]),
        {"jour": "2027-09-06", f"etat-{lea.pk}": "present", f"etat-{hugo.pk}": "absent_justifie"},
    )
    assert reponse.status_code == 302
    assert dict(Presence.objects.values_list("enfant_id", "etat")) == {
        lea.pk: "present",
        hugo.pk: "absent_justifie",
    }


def test_ajouter_un_enfant_present_non_prevu(animateur, famille, prestations):
    lea, hugo = famille.enfants_crees
    Reservation.objects.create(
        foyer=famille, enfant=lea, prestation=prestations["soir"], date=LUNDI
    )
    page = animateur.get(url(prestations["soir"]))
    assert "Ajouter un enfant présent non prévu" in page.content.decode()
    animateur.post(
        url(prestations["soir"]),
        {
            "jour": "2027-09-06",
            f"etat-{lea.pk}": "present",
            "ajout": hugo.pk,
            "ajout_etat": "present_non_prevu",
        },
    )
    assert Presence.objects.get(enfant=hugo).etat == "present_non_prevu"


def test_enfant_non_inscrit_sans_present_non_prevu_refuse(animateur, famille, prestations):
    lea, hugo = famille.enfants_crees
    Reservation.objects.create(
        foyer=famille, enfant=lea, prestation=prestations["soir"], date=LUNDI
    )
    reponse = animateur.post(
        url(prestations["soir"]),
        {"jour": "2027-09-06", f"etat-{lea.pk}": "present", f"etat-{hugo.pk}": "present"},
    )
    assert reponse.status_code == 400
    assert "choisissez « Présent non prévu »" in reponse.content.decode()
    assert not Presence.objects.exists()


def test_liste_d_une_autre_structure_404_et_parent_403(animateur, groupes, famille, prestations):
    autre = Structure.objects.create(nom="Autre", slug="autre", commune="Cestas")
    ailleurs = Prestation.objects.create(
        structure=autre, code="soir", nom="Soir", type="soir", jours="1,2,4,5"
    )
    assert animateur.get(url(ailleurs)).status_code == 404
    assert animateur.post(url(ailleurs), {"jour": "2027-09-06"}).status_code == 404
    parent = Client()
    parent.force_login(famille.titulaire)
    assert parent.get(url(prestations["soir"])).status_code == 403


def test_journee_cloturee_modifiee_sans_motif_refusee(
    animateur, groupes, structure, famille, prestations
):
    lea, _ = famille.enfants_crees
    Reservation.objects.create(
        foyer=famille, enfant=lea, prestation=prestations["soir"], date=LUNDI
    )
    education = _agent("edu", groupes[EDUCATION])
    pointage.cloturer_journee(education, structure, LUNDI)
    donnees = {"jour": "2027-09-06", f"etat-{lea.pk}": "absent"}
    reponse = animateur.post(url(prestations["soir"]), donnees)
    assert reponse.status_code == 400
    assert "indiquez le motif" in reponse.content.decode()
    assert not Presence.objects.exists()
    reponse = animateur.post(url(prestations["soir"]), {**donnees, "motif": "oubli"})
    assert reponse.status_code == 302
    assert Presence.objects.get().corrige


def test_la_liste_de_trente_enfants_s_affiche_en_dix_requetes_au_plus(
    animateur, famille, prestations, structure
):
    """Issue 12.5: the /pointage/ page of 30 children (class, PAI, authorisations, who may
    pick them up, the unplanned-child chooser), the whole request, in at most 10 queries."""
    from aides_reservations import J as jour_iso
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from famille.dossiers.models import (
        Autorisation,
        Classe,
        Contact,
        Ecole,
        Enfant,
        FicheSante,
        Garde,
    )

    ecole = Ecole.objects.create(nom="École du Parc", structure=structure)
    classe = Classe.objects.create(ecole=ecole, nom="CP")
    for n in range(30):
        enfant = Enfant.objects.create(
            nom="Martin",
            prenom=f"Enfant{n}",
            date_naissance=jour_iso("2019-01-01"),
            ecole=ecole,
            classe=classe,
        )
        Garde.objects.create(foyer=famille, enfant=enfant)
        FicheSante.objects.create(enfant=enfant, pai=n % 3 == 0)
        Autorisation.objects.create(enfant=enfant, photo_video=n % 2 == 0)
        Contact.objects.create(
            enfant=enfant, nom="Durand", prenom="Zoé", lien="voisine", peut_recuperer=True
        )
        Reservation.objects.create(
            foyer=famille, enfant=enfant, prestation=prestations["cantine"], date=LUNDI
        )
    animateur.get(url(prestations["cantine"]))  # the session's once-a-minute refresh
    with CaptureQueriesContext(connection) as requetes:
        page = animateur.get(url(prestations["cantine"]))
    assert page.status_code == 200
    assert page.content.decode().count('class="pointage-enfant"') == 30
    assert len(requetes) <= 10, "\n".join(q["sql"][:120] for q in requetes.captured_queries)
