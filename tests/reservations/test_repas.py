"""The kitchens' meal counts (issue 12.3): per site and variant, frozen at the cut-off, the
morning's absences as differences, the sum equal to the day's bookings minus cancellations, the
e-mail each kitchen receives, the printable page and the commune's export — numbers only."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from aides_reservations import J, paris
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from famille.comptes.roles import EDUCATION, REGIE, installer_groupes
from famille.dossiers.models import Ecole, Enfant, FicheSante, Garde
from famille.reservations import tasks
from famille.reservations.models import (
    EffectifRepas,
    GelRepas,
    Presence,
    Reservation,
    SiteRepas,
)
from famille.reservations.services import pointage, repas

LUNDI = J("2027-09-06")
# The canteen's deadlines (3 calendar days before at 23:59): Monday's cut-off is Friday night.
GEL = paris("2027-09-03T23:59")


@pytest.fixture
def commune(structure, famille, prestations):
    """Two school restaurants and a school without a site; children of every variant."""
    parc = Ecole.objects.create(nom="École du Parc", structure=structure)
    bois = Ecole.objects.create(nom="École du Bois", structure=structure)
    lande = Ecole.objects.create(nom="École de la Lande", structure=structure)
    site_parc = SiteRepas.objects.create(
        structure=structure, nom="Restaurant du Parc", email="cuisine.parc@exemple.fr"
    )
    site_parc.ecoles.add(parc)
    site_bois = SiteRepas.objects.create(
        structure=structure, nom="Restaurant du Bois", email="cuisine.bois@exemple.fr"
    )
    site_bois.ecoles.add(bois)
    cantine = prestations["cantine"]
    # (school, regime, pai, repas_pai) of each child booked on Monday
    enfants_voulus = [
        (parc, "standard", False, ""),
        (parc, "standard", False, ""),
        (parc, "vegetarien", False, ""),
        (parc, "sans_viande", False, ""),
        (parc, "standard", True, "adapte"),
        (parc, "standard", True, "panier"),
        (parc, "standard", True, ""),  # a PAI that does not concern the meal
        (bois, "standard", False, ""),
        (bois, "sans_porc", False, ""),
        (bois, "vegetarien", True, "panier"),
        (lande, "standard", False, ""),
    ]
    enfants = []
    for n, (ecole, regime, pai, repas_pai) in enumerate(enfants_voulus):
        enfant = Enfant.objects.create(
            nom="Martin", prenom=f"Enfant{n}", date_naissance=J("2019-03-01"), ecole=ecole
        )
        Garde.objects.create(foyer=famille, enfant=enfant)
        FicheSante.objects.create(enfant=enfant, regime=regime, pai=pai, repas_pai=repas_pai)
        Reservation.objects.create(foyer=famille, enfant=enfant, prestation=cantine, date=LUNDI)
        enfants.append(enfant)
    # Cancelled in time, and a booking of a service without meals: neither is a meal.
    Reservation.objects.filter(enfant=enfants[1], date=LUNDI).update(
        statut=Reservation.Statut.ANNULEE
    )
    Reservation.objects.create(
        foyer=famille, enfant=enfants[0], prestation=prestations["soir"], date=LUNDI
    )
    return {"parc": site_parc, "bois": site_bois, "enfants": enfants, "cantine": cantine}


def _comptes(effectifs, quoi="fige"):
    return {
        s.nom: {ligne.variante: getattr(ligne, quoi) for ligne in s.lignes} for s in effectifs.sites
    }


def test_la_somme_des_sites_egale_les_reservations_moins_les_annulations(commune):
    with time_machine.travel(paris("2027-09-03T23:58"), tick=False):
        assert LUNDI not in repas.jours_a_figer()  # one minute before the cut-off
    with time_machine.travel(GEL, tick=False):
        assert LUNDI in repas.jours_a_figer()
        gel, cree = repas.figer_repas(LUNDI)
        assert cree and repas.figer_repas(LUNDI) == (gel, False)
    reservees = Reservation.objects.filter(
        repas.filtre_repas(), date=LUNDI, statut=Reservation.Statut.RESERVEE
    ).count()
    annulees = Reservation.objects.filter(
        repas.filtre_repas(), date=LUNDI, statut=Reservation.Statut.ANNULEE
    ).count()
    assert (reservees, annulees) == (10, 1)
    total = sum(EffectifRepas.objects.filter(jour=LUNDI).values_list("nombre", flat=True))
    assert total == reservees == 11 - annulees
    effectifs = repas.effectifs_du_jour(LUNDI)
    assert _comptes(effectifs) == {
        "Restaurant du Bois": {"standard": 1, "sans_porc": 1, "panier_repas": 1},
        "Restaurant du Parc": {
            "standard": 2,
            "sans_viande": 1,
            "vegetarien": 1,
            "pai_adapte": 1,
            "panier_repas": 1,
        },
        "Écoles sans site de restauration": {"standard": 1},
    }
    assert sum(s.total_fige for s in effectifs.sites) == reservees


def test_l_e_mail_de_chaque_cuisine_a_l_heure_limite(commune):
    with time_machine.travel(paris("2027-09-04T00:05"), tick=False):
        geles = tasks.figer_effectifs_dus()
        assert GelRepas.objects.get(jour=LUNDI).pk in geles
        assert tasks.figer_effectifs_dus() == []  # idempotent: one snapshot, one e-mail
    assert sorted(m.to[0] for m in mail.outbox) == [
        "cuisine.bois@exemple.fr",
        "cuisine.parc@exemple.fr",
    ]
    parc = next(m for m in mail.outbox if m.to == ["cuisine.parc@exemple.fr"])
    assert parc.subject == "Effectifs des repas du lundi 6 septembre 2027 : Restaurant du Parc"
    corps = parc.body
    for ligne in (
        "Repas standard : 2",
        "Sans viande : 1",
        "Végétarien : 1",
        "PAI : repas adapté : 1",
        "PAI : panier-repas : 1",
        "Total : 6 repas",
        "dont PAI avec repas adapté : 1",
        "dont PAI avec panier-repas : 1",
    ):
        assert ligne in corps
    assert "Enfant" not in corps and "Martin" not in corps  # numbers only
    bois = next(m for m in mail.outbox if m.to == ["cuisine.bois@exemple.fr"])
    assert "Sans porc : 1" in bois.body and "Total : 3 repas" in bois.body
    assert tasks.envoyer_effectifs_cuisine(GelRepas.objects.get(jour=LUNDI).pk) == 0  # once


def test_les_absences_du_matin_sont_des_ecarts(commune, groupes_installes, agent):
    with time_machine.travel(paris("2027-09-04T00:05"), tick=False):
        repas.figer_repas(LUNDI)
    enfants = commune["enfants"]
    cantine = commune["cantine"]
    # 8:40 — an absence and an unplanned child at the Parc, before the kitchen's 9:30.
    with time_machine.travel(paris("2027-09-06T08:40"), tick=False):
        pointage.enregistrer_pointage(
            agent, cantine, LUNDI, {enfants[0].pk: "absent", enfants[1].pk: "present_non_prevu"}
        )
    # 10:00 — too late for the kitchen: not a difference.
    with time_machine.travel(paris("2027-09-06T10:00"), tick=False):
        pointage.enregistrer_pointage(agent, cantine, LUNDI, {enfants[2].pk: "absent"})
    parc = next(s for s in repas.effectifs_du_jour(LUNDI).sites if s.nom == "Restaurant du Parc")
    standard = next(ligne for ligne in parc.lignes if ligne.variante == "standard")
    assert (standard.fige, standard.absences, standard.non_prevus, standard.actuel) == (2, 1, 1, 2)
    vegetarien = next(ligne for ligne in parc.lignes if ligne.variante == "vegetarien")
    assert (vegetarien.fige, vegetarien.absences, vegetarien.actuel) == (1, 0, 1)
    # A booking cancelled at the counter after the snapshot is a difference too.
    Reservation.objects.filter(enfant=enfants[3], date=LUNDI).update(
        statut=Reservation.Statut.ANNULEE
    )
    parc = next(s for s in repas.effectifs_du_jour(LUNDI).sites if s.nom == "Restaurant du Parc")
    assert (parc.total_fige, parc.total_actuel, parc.total_ecart) == (6, 5, -1)


def test_nombre_de_requetes_fixe(commune, prestations, famille, django_assert_num_queries):
    def mesurer():
        with CaptureQueriesContext(connection) as requetes:
            repas.effectifs_du_jour(LUNDI)
        return len(requetes)

    avant = mesurer()
    # Twice as many meals, one more site: the same number of queries.
    ecole = Ecole.objects.create(nom="École neuve", structure=commune["parc"].structure)
    SiteRepas.objects.create(structure=ecole.structure, nom="Restaurant neuf").ecoles.add(ecole)
    for n in range(12):
        enfant = Enfant.objects.create(
            nom="Neuf", prenom=f"N{n}", date_naissance=J("2019-03-01"), ecole=ecole
        )
        Reservation.objects.create(
            foyer=famille, enfant=enfant, prestation=commune["cantine"], date=LUNDI
        )
        Presence.objects.create(
            enfant=enfant,
            prestation=commune["cantine"],
            jour=LUNDI,
            foyer=famille,
            etat="absent",
        )
    # The frozen counts, the bookings, the two sources of absences (marks, families' reports)…
    assert mesurer() == avant == 8
    with django_assert_num_queries(3):
        repas.compter_repas(LUNDI)


def test_aucun_libelle_religieux():
    libelles = " ".join(repas.LIBELLES.values()).lower()
    for mot in ("halal", "casher", "kasher", "musulman", "juif", "confession", "relig"):
        assert mot not in libelles


# --- The admin: counts, printable page, export --------------------------------------------


@pytest.fixture
def groupes_installes(arbre):
    return installer_groupes()


@pytest.fixture
def agent(groupes_installes):
    from famille.comptes.models import Compte

    compte = Compte.objects.create_user(username="edu", password="x-Agent-123456", is_staff=True)
    compte.groups.add(groupes_installes[EDUCATION])
    return compte


def test_l_education_voit_et_imprime_les_effectifs_la_regie_non(
    client, commune, agent, groupes_installes
):
    from famille.comptes.models import Compte

    with time_machine.travel(paris("2027-09-04T00:05"), tick=False):
        repas.figer_repas(LUNDI)
    client.force_login(agent)
    page = client.get(reverse("repas_effectifs") + "?jour=2027-09-06")
    assert page.status_code == 200
    texte = page.content.decode()
    assert "Restaurant du Parc" in texte and "PAI : panier-repas" in texte
    assert "Enfant0" not in texte
    impression = client.get(
        reverse("repas_imprimer") + f"?jour=2027-09-06&site={commune['bois'].pk}"
    )
    assert impression.status_code == 200
    texte = impression.content.decode()
    assert "Restaurant du Bois" in texte and "Restaurant du Parc" not in texte
    assert "<style" not in texte and "style=" not in texte  # strict CSP
    export = client.get(
        reverse("transfers:telecharger", args=["repas"]) + "?du=2027-09-06&au=2027-09-06"
    )
    assert export.status_code == 200
    lignes = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0][:4] == ["Jour", "Site", "Variante", "Repas figés"]
    assert sum(int(ligne[3]) for ligne in lignes[1:]) == 10
    xlsx = client.get(
        reverse("transfers:telecharger", args=["repas"]) + "?du=2027-09-06&format=xlsx"
    )
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"

    regie = Compte.objects.create_user(username="regie", password="x-Agent-123456", is_staff=True)
    regie.groups.add(groupes_installes[REGIE])
    client.force_login(regie)
    # Wagtail's refusal: back to the dashboard with its permission message.
    for url in (
        reverse("repas_effectifs"),
        reverse("repas_imprimer"),
        reverse("transfers:telecharger", args=["repas"]),
    ):
        refus = client.get(url)
        assert refus.status_code == 302 and refus.url == "/admin/"


def test_la_tache_des_cuisines_est_planifiee_une_fois(db):
    from django.core.management import call_command
    from django_q.models import Schedule

    call_command("installer_taches")
    call_command("installer_taches")
    tache = Schedule.objects.get(func="famille.reservations.tasks.figer_effectifs_dus")
    assert (tache.schedule_type, tache.minutes) == (Schedule.MINUTES, 15)


def test_une_absence_signalee_par_la_famille_avant_l_heure_de_la_cuisine(commune, famille):
    from famille.reservations.models import Absence

    with time_machine.travel(paris("2027-09-04T00:05"), tick=False):
        repas.figer_repas(LUNDI)
    enfants = commune["enfants"]
    # Reported by the parents at 7:50 (before 9:30) for one child, at 11:00 for another.
    for enfant, heure in ((enfants[2], "07:50"), (enfants[3], "11:00")):
        with time_machine.travel(paris(f"2027-09-06T{heure}"), tick=False):
            Absence.objects.create(
                foyer=famille,
                enfant=enfant,
                jour=LUNDI,
                motif="maladie",
                statut="certificat_attendu",
                certificat_avant=J("2027-09-13"),
            )
    parc = next(s for s in repas.effectifs_du_jour(LUNDI).sites if s.nom == "Restaurant du Parc")
    par_variante = {ligne.variante: ligne for ligne in parc.lignes}
    assert (par_variante["vegetarien"].absences, par_variante["vegetarien"].actuel) == (1, 0)
    assert par_variante["sans_viande"].absences == 0  # too late for the kitchen
