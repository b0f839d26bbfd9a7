"""Attendance: the animator's list (what it shows, in a fixed number of queries), saving marks
(idempotent, the later save wins and is logged), unplanned children, the closed day's
corrections, and the end-of-day states billing reads."""

from __future__ import annotations

import pytest
import time_machine
from aides_reservations import J, paris
from django.db import connection
from django.test.utils import CaptureQueriesContext

from famille.comptes.models import Structure
from famille.comptes.roles import ANIMATION, installer_groupes
from famille.dossiers.models import Autorisation, Contact, FicheSante
from famille.reservations.models import JournalPresence, Presence, Reservation
from famille.reservations.services import pointage
from famille.reservations.services.erreurs import ReservationError

LUNDI = J("2027-09-06")


@pytest.fixture
def jour_pointe():
    with time_machine.travel(paris("2027-09-06T17:00"), tick=False):
        yield LUNDI


@pytest.fixture
def animateur(db, structure):
    from famille.comptes.models import Compte

    groupes = installer_groupes()
    compte = Compte.objects.create_user(username="anim", password="x-Anim-123456", is_staff=True)
    compte.groups.add(groupes[ANIMATION])
    compte.structures.add(structure)
    return compte


@pytest.fixture
def education(db):
    from famille.comptes.models import Compte
    from famille.comptes.roles import EDUCATION

    groupes = installer_groupes()
    compte = Compte.objects.create_user(username="edu", password="x-Edu-123456", is_staff=True)
    compte.groups.add(groupes[EDUCATION])
    return compte


def reserver(foyer, enfant, prestation, jour=LUNDI):
    return Reservation.objects.create(foyer=foyer, enfant=enfant, prestation=prestation, date=jour)


def test_la_liste_montre_pai_et_autorisations_sans_le_reste_de_la_sante(
    famille, prestations, structure, jour_pointe
):
    lea, hugo = famille.enfants_crees
    FicheSante.objects.create(enfant=lea, pai=True, allergies="arachide")
    Autorisation.objects.create(enfant=lea, photo_video=True, sortie_seul=False)
    Contact.objects.create(
        enfant=lea,
        nom="Dupont",
        prenom="Mamie",
        lien="grand-mère",
        telephone="0600000000",
        peut_recuperer=True,
    )
    reserver(famille, lea, prestations["soir"])
    liste = pointage.liste_du_jour(structure, None, prestations["soir"], LUNDI)
    assert [e.prenom for e in liste] == ["Léa"]
    ligne = liste[0]
    assert ligne.pai and ligne.photo and not ligne.sortie_seul
    assert ligne.recuperer == ["Mamie Dupont (grand-mère)"]
    assert not hasattr(ligne, "allergies")


def test_liste_de_trente_enfants_en_requetes_fixes(
    creer_famille, creer_enfants, prestations, structure, jour_pointe
):
    for n in range(15):
        foyer = creer_famille()
        for enfant in creer_enfants(foyer, f"A{n}", f"B{n}"):
            FicheSante.objects.create(enfant=enfant, pai=n % 2 == 0)
            reserver(foyer, enfant, prestations["soir"])
    with CaptureQueriesContext(connection) as requetes:
        liste = pointage.liste_du_jour(structure, None, prestations["soir"], LUNDI)
    assert len(liste) == 30
    assert len(requetes) <= 10


def test_enregistrer_est_idempotent_et_le_dernier_gagne_avec_journal(
    famille, prestations, animateur, education, jour_pointe
):
    lea, hugo = famille.enfants_crees
    reserver(famille, lea, prestations["soir"])
    reserver(famille, hugo, prestations["soir"])
    marques = {lea.pk: "present", hugo.pk: "absent"}
    assert pointage.enregistrer_pointage(animateur, prestations["soir"], LUNDI, marques) == 2
    assert pointage.enregistrer_pointage(animateur, prestations["soir"], LUNDI, marques) == 0
    pointage.enregistrer_pointage(education, prestations["soir"], LUNDI, {hugo.pk: "present"})
    assert Presence.objects.get(enfant=hugo).etat == "present"
    assert Presence.objects.get(enfant=lea).etat == "present"  # not erased by the other save
    dernier = JournalPresence.objects.filter(presence__enfant=hugo).order_by("-pk").first()
    assert (dernier.avant, dernier.apres, dernier.acteur) == ("absent", "present", education)


def test_enfant_non_inscrit_seulement_en_present_non_prevu(
    famille, prestations, animateur, jour_pointe
):
    lea, hugo = famille.enfants_crees
    reserver(famille, lea, prestations["soir"])
    with pytest.raises(ReservationError) as erreur:
        pointage.enregistrer_pointage(
            animateur, prestations["soir"], LUNDI, {lea.pk: "present", hugo.pk: "present"}
        )
    assert "Présent non prévu" in erreur.value.message
    assert not Presence.objects.exists()  # nothing saved half-way
    pointage.enregistrer_pointage(
        animateur, prestations["soir"], LUNDI, {hugo.pk: "present_non_prevu"}
    )
    assert Presence.objects.get(enfant=hugo).foyer == famille


def test_animateur_d_une_autre_structure_refuse(famille, prestations, animateur, jour_pointe):
    autre = Structure.objects.create(nom="Autre", slug="autre", commune="Cestas")
    animateur.structures.set([autre])
    lea, _ = famille.enfants_crees
    reserver(famille, lea, prestations["soir"])
    with pytest.raises(ReservationError):
        pointage.enregistrer_pointage(animateur, prestations["soir"], LUNDI, {lea.pk: "present"})


def test_journee_cloturee_demande_un_motif_puis_correction(
    famille, prestations, structure, animateur, education, jour_pointe
):
    lea, _ = famille.enfants_crees
    reserver(famille, lea, prestations["soir"])
    pointage.enregistrer_pointage(animateur, prestations["soir"], LUNDI, {lea.pk: "present"})
    with pytest.raises(ReservationError):
        pointage.cloturer_journee(animateur, structure, LUNDI)
    pointage.cloturer_journee(education, structure, LUNDI)
    with pytest.raises(ReservationError) as erreur:
        pointage.enregistrer_pointage(animateur, prestations["soir"], LUNDI, {lea.pk: "absent"})
    assert "motif" in erreur.value.message
    pointage.enregistrer_pointage(
        education, prestations["soir"], LUNDI, {lea.pk: "absent_justifie"}, motif="certificat"
    )
    presence = Presence.objects.get(enfant=lea)
    assert presence.corrige and presence.motif == "certificat"
    assert JournalPresence.objects.filter(correction=True, motif="certificat").count() == 1


def test_etats_du_jour_les_cinq_etats(
    creer_famille, creer_enfants, prestations, animateur, jour_pointe
):
    foyer = creer_famille()
    a, b, c, d, e = creer_enfants(foyer, "A", "B", "C", "D", "E")
    soir = prestations["soir"]
    for enfant in (a, b, c):
        reserver(foyer, enfant, soir)
    Reservation.objects.create(foyer=foyer, enfant=e, prestation=soir, date=LUNDI, statut="annulee")
    pointage.enregistrer_pointage(
        animateur,
        soir,
        LUNDI,
        {a.pk: "present", b.pk: "absent_justifie", c.pk: "absent", d.pk: "present_non_prevu"},
    )
    etats = {x.enfant_id: x.etat for x in pointage.etats_du_jour(LUNDI)}
    assert etats == {
        a.pk: pointage.RESERVE_PRESENT,
        b.pk: pointage.ABSENT_JUSTIFIE,
        c.pk: pointage.ABSENT_NON_JUSTIFIE,
        d.pk: pointage.PRESENT_NON_PREVU,
        e.pk: pointage.ANNULE,
    }
