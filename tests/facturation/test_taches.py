"""Scheduled jobs: the past days billed and replayed, statements numbered per régie and year,
unpaid reminders past the threshold at most once per period, the balance check reporting a
difference."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core import mail
from django.core.management import call_command
from django_q.models import Schedule

from famille.comptes.models import Structure
from famille.facturation import tasks
from famille.facturation.models import Facture, LigneCompte, ParametresFacturation, Solde
from famille.facturation.services import consommations, factures, grand_livre

from .conftest import JOUR, reserver


def test_planification_idempotente(db):
    """The one scheduler command installs billing's jobs with the other apps', once."""
    call_command("installer_taches")
    call_command("installer_taches")
    assert Schedule.objects.filter(name__startswith="Facturation").count() == 4


def test_jours_passes_factures_et_rejoues(famille, tarifs, cantine, time_machine):
    time_machine.move_to(datetime.datetime(2027, 3, 10, 3, tzinfo=datetime.UTC))
    reserver(famille, famille.lea, cantine, JOUR)  # Monday 8
    reserver(famille, famille.lea, cantine, JOUR + datetime.timedelta(days=2))  # today: open
    assert tasks.facturer_jours_passes() == 31
    assert LigneCompte.objects.count() == 1
    tasks.facturer_jours_passes()
    assert LigneCompte.objects.count() == 1


def test_factures_numerotees_par_regie_et_annee(
    famille, tarifs, cantine, creer_famille, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 4, 2, 12, tzinfo=datetime.UTC))
    autre_regie = Structure.objects.create(nom="Centre", slug="centre", commune="Cestas")
    reserver(famille, famille.lea, cantine, JOUR)
    reserver(famille, famille.tom, cantine, datetime.date(2026, 12, 14))
    for jour in (JOUR, datetime.date(2026, 12, 14)):
        consommations.facturer_jour(jour)
    grand_livre.enregistrer_operation(
        None,
        foyer_id=famille.pk,
        structure_id=autre_regie.pk,
        type_="ajustement",
        montant=Decimal("-2.00"),
        jour=JOUR,
        libelle="Frais de dossier",
    )
    assert tasks.emettre_factures() == 2  # March: one per régie
    assert tasks.emettre_factures() == 0
    assert tasks.emettre_factures("2026-12-01") == 1
    numeros = sorted(Facture.objects.values_list("structure_id", "annee", "numero"))
    assert numeros == [
        (cantine.structure_id, 2026, 1),
        (cantine.structure_id, 2027, 1),
        (autre_regie.pk, 2027, 1),
    ]
    facture = Facture.objects.get(mois=JOUR.replace(day=1), structure=cantine.structure)
    assert (facture.total, facture.solde) == (
        Decimal("3.45"),
        Decimal("-6.90"),
    )  # December included
    # A plain-text e-mail shows an apostrophe as written, never as an HTML entity.
    Structure.objects.filter(pk=cantine.structure_id).update(nom="Centre d'animation")
    famille.titulaire.last_name = "D'Almeida"
    famille.titulaire.save()
    assert tasks.envoyer_facture(facture.pk)
    assert mail.outbox[-1].attachments[0][0] == f"facture-{facture.reference}.pdf"
    assert "D'Almeida" in mail.outbox[-1].body and "(Centre d'animation)" in mail.outbox[-1].body
    assert "&#x27;" not in mail.outbox[-1].body


def test_relance_au_dela_du_seuil_une_fois_par_periode(
    famille, tarifs, cantine, structure, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 3, 20, 12, tzinfo=datetime.UTC))
    ParametresFacturation.objects.create(
        structure=structure, seuil_relance=Decimal("5"), periode_relance_jours=30
    )
    reserver(famille, famille.lea, cantine, JOUR)
    consommations.facturer_jour(JOUR)
    assert tasks.relancer_impayes() == 0  # 3,45 € owed: under the threshold
    reserver(famille, famille.tom, cantine, JOUR)
    consommations.facturer_jour(JOUR)
    famille.titulaire.last_name = "D'Almeida"
    famille.titulaire.save()
    assert tasks.relancer_impayes() == 1
    assert "montant restant à régler de 6,56" in mail.outbox[-1].body
    assert "Bonjour Alex D'Almeida," in mail.outbox[-1].body  # not « D&#x27;Almeida »
    assert tasks.relancer_impayes() == 0  # same period
    assert tasks.relancer_impayes("2027-05-02") == 1  # next period


def test_controle_des_soldes_signale_un_ecart(famille, tarifs, cantine, time_machine):
    time_machine.move_to(datetime.datetime(2027, 3, 20, 12, tzinfo=datetime.UTC))
    reserver(famille, famille.lea, cantine, JOUR)
    consommations.facturer_jour(JOUR)
    assert tasks.controler_soldes() == 0
    Solde.objects.filter(foyer=famille).update(montant=Decimal("0"))  # a defect
    assert grand_livre.controler_soldes() == [
        {
            "foyer": famille.pk,
            "structure": cantine.structure_id,
            "solde": Decimal("0.00"),
            "lignes": Decimal("-3.45"),
        }
    ]


def test_allouer_un_paiement_aux_lignes_les_plus_anciennes(famille, tarifs, cantine, time_machine):
    time_machine.move_to(datetime.datetime(2027, 3, 20, 12, tzinfo=datetime.UTC))
    for jour in (JOUR, JOUR + datetime.timedelta(days=1)):
        reserver(famille, famille.lea, cantine, jour)
        consommations.facturer_jour(jour)
    paiement = grand_livre.enregistrer_operation(
        None,
        foyer_id=famille.pk,
        structure_id=cantine.structure_id,
        type_="paiement",
        montant=Decimal("5.00"),
        jour=datetime.date(2027, 3, 15),
        libelle="Paiement",
    )
    allocations = grand_livre.allouer(paiement)
    assert [(a.ligne.jour, a.montant) for a in allocations] == [
        (JOUR, Decimal("3.45")),
        (JOUR + datetime.timedelta(days=1), Decimal("1.55")),
    ]
    assert grand_livre.allouer(paiement) == []  # nothing left to allocate
    assert factures.mois_suivant(datetime.date(2027, 12, 1)) == datetime.date(2028, 1, 1)
