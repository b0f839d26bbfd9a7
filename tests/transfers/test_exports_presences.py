"""Attendance and absence exports (issue 12, point 4): filtered like the admin lists (day,
school, prestation), the day's end state as billing reads it, the absences with their
justification, and health columns for the Éducation group only."""

from __future__ import annotations

import datetime
import io

import pytest
import tablib
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from famille.comptes.models import Compte
from famille.dossiers.models import Ecole, Enfant, FicheSante
from famille.reservations.models import Absence, Prestation, Reservation
from famille.reservations.services import absences, pointage


def lire(reponse) -> list[dict]:
    assert reponse.status_code == 200
    return tablib.Dataset().load(io.BytesIO(reponse.content), format="xlsx").dict


def telecharger(client, cle, **params):
    return client.get(reverse("transfers:telecharger", args=[cle]), {"format": "xlsx", **params})


@pytest.fixture
def journee(ecoles, creer_famille, education, structure):
    """Today: Zoé (Parc) present, Léo (Parc) absent for illness with an accepted certificate,
    Max (Bourg) present; a mark yesterday at the Parc."""
    parc = Ecole.objects.get(nom="École élémentaire du Parc")
    bourg = Ecole.objects.get(nom="École maternelle du Bourg")
    soir = Prestation.objects.create(
        structure=structure, code="soir", nom="Accueil du soir", type="soir"
    )
    cantine = Prestation.objects.create(
        structure=structure, code="cantine", nom="Restauration", type="restauration"
    )
    foyer = creer_famille("F5001", nom="Martin")
    jour = timezone.localdate()
    enfants = {}
    for prenom, ecole in (("Zoé", parc), ("Léo", parc), ("Max", bourg)):
        enfant = Enfant.objects.create(
            nom="Martin", prenom=prenom, date_naissance=datetime.date(2018, 5, 1), ecole=ecole
        )
        foyer.gardes.create(enfant=enfant)
        enfants[prenom] = enfant
        for prestation in (soir, cantine):
            Reservation.objects.create(foyer=foyer, enfant=enfant, prestation=prestation, date=jour)
    FicheSante.objects.create(enfant=enfants["Zoé"], allergies="Arachide", pai=True)
    absence = absences.signaler_absence(
        foyer.titulaire, foyer, enfants["Léo"], jour, "autre", "Deuil"
    )
    absences.accepter(education, absence)
    education.structures.add(structure)
    pointage.enregistrer_pointage(
        education,
        soir,
        jour,
        {enfants["Zoé"].pk: "present", enfants["Léo"].pk: "absent", enfants["Max"].pk: "present"},
    )
    hier = jour - datetime.timedelta(days=1)
    Reservation.objects.create(foyer=foyer, enfant=enfants["Zoé"], prestation=soir, date=hier)
    pointage.enregistrer_pointage(education, soir, hier, {enfants["Zoé"].pk: "absent"})
    return {"jour": jour, "parc": parc, "soir": soir, "cantine": cantine, "enfants": enfants}


def test_presences_par_jour_ecole_et_prestation(client, education, journee):
    client.force_login(education)
    jour = journee["jour"].isoformat()
    lignes = lire(
        telecharger(
            client,
            "presences",
            du=jour,
            au=jour,
            ecole=journee["parc"].pk,
            prestation=journee["soir"].pk,
        )
    )
    par_prenom = {ligne["Prénom de l'enfant"]: ligne for ligne in lignes}
    assert set(par_prenom) == {"Zoé", "Léo"}
    assert par_prenom["Zoé"]["État de la journée"] == "réservé et présent"
    # Marked absent, justification accepted: the same end state as billing's.
    assert par_prenom["Léo"]["Pointage"] == "Absent"
    assert par_prenom["Léo"]["État de la journée"] == "absent justifié"
    assert par_prenom["Léo"]["Absence signalée"] == "Absence justifiée"
    etats = {
        e.enfant_id: e.etat for e in pointage.etats_du_jour(journee["jour"], [journee["soir"].pk])
    }
    assert etats[journee["enfants"]["Léo"].pk] == pointage.ABSENT_JUSTIFIE
    # Health columns for the Éducation group.
    assert par_prenom["Zoé"]["Allergies"] == "Arachide" and not par_prenom["Léo"]["Allergies"]


def test_absences_avec_leur_justificatif(client, education, journee):
    client.force_login(education)
    lignes = lire(telecharger(client, "absences", statut=Absence.Statut.ACCEPTEE))
    assert len(lignes) == 1
    assert lignes[0]["Prénom de l'enfant"] == "Léo"
    assert lignes[0]["Justificatif"] == "Absence justifiée"
    assert lignes[0]["Motif"] == "Autre raison" and lignes[0]["Précision de la famille"] == "Deuil"
    assert lire(telecharger(client, "absences", statut=Absence.Statut.REFUSEE)) == []


def test_colonnes_sante_pour_le_groupe_education_seulement(client, journee):
    autre = Compte.objects.create_user("agent.autre", is_staff=True)
    autre.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_presence", "view_absence"])
    )
    client.force_login(autre)
    presences = lire(telecharger(client, "presences"))
    assert presences and not {"PAI", "Allergies", "Régime alimentaire"} & set(presences[0])
    lignes = lire(telecharger(client, "absences"))
    assert lignes and "Motif" not in lignes[0] and "Précision de la famille" not in lignes[0]
    assert lignes[0]["Justificatif"] == "Absence justifiée"


def test_exports_refuses_sans_permission(client, regie, journee):
    client.force_login(regie)
    for cle in ("presences", "absences"):
        reponse = client.get(reverse("transfers:telecharger", args=[cle]), {"format": "csv"})
        assert reponse.status_code == 302 and reponse["Location"] == reverse("wagtailadmin_home")
