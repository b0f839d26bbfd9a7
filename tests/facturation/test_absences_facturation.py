"""Billing « au pointage » reads the absences reported by parents through
pointage.etats_du_jour: an accepted justification is billed as « absent justifié », a refused
one as « absent non justifié » (issue 12, point 2)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from famille.comptes.models import Compte
from famille.comptes.roles import EDUCATION, installer_groupes
from famille.dossiers.demo_pieces import pdf_minimal
from famille.dossiers.services.pieces_verification import verifier_fichier
from famille.facturation.models import LigneCompte, ReglesFacturation
from famille.facturation.services import consommations, sources
from famille.reservations.models import ClotureJournee
from famille.reservations.services import absences

from .conftest import APRES, JOUR, reserver


def test_justificatif_accepte_ou_refuse_dans_la_facture(famille, tarifs, garderie):
    ReglesFacturation.objects.create(prestation=garderie, mode="pointage", categorie="garde")
    education = Compte.objects.create_user("edu", password="x-Edu-123456", is_staff=True)
    education.groups.add(installer_groupes()[EDUCATION])
    for enfant in (famille.lea, famille.tom):
        reserver(famille, enfant, garderie)
    with time_machine.travel(
        datetime.datetime(2027, 3, 8, 7, 30, tzinfo=ZoneInfo("Europe/Paris")), tick=False
    ):
        certificat = verifier_fichier(SimpleUploadedFile("c.pdf", pdf_minimal()))
        lea = absences.signaler_absence(
            famille.titulaire, famille, famille.lea, JOUR, "maladie", certificat=certificat
        )
        tom = absences.signaler_absence(
            famille.titulaire, famille, famille.tom, JOUR, "autre", "Anniversaire"
        )
        absences.accepter(education, lea)
        absences.refuser(education, tom, "Pas un motif d'absence justifiée.")
    with time_machine.travel(APRES):
        ClotureJournee.objects.create(structure=garderie.structure, jour=JOUR)
        consommations.facturer_jour(JOUR)
        evenements = {e.enfant_id: e.etat for e in sources.evenements(JOUR)}
    assert evenements == {
        famille.lea.pk: "absent_justifie",
        famille.tom.pk: "absent_non_justifie",
    }
    # With the default parameters a justified absence costs nothing: only Tom's day is billed.
    lignes = dict(LigneCompte.objects.values_list("enfant_id", "etat"))
    assert lignes == {famille.tom.pk: "absent_non_justifie"}


def test_a_la_reservation_aussi_l_absence_signalee_compte(famille, tarifs, garderie):
    """Billed « à la réservation »: an accepted justification is not billed (default 0 %), a
    refused one is billed as an unjustified absence, a day without report as booked."""
    education = Compte.objects.create_user("edu", password="x-Edu-123456", is_staff=True)
    education.groups.add(installer_groupes()[EDUCATION])
    for enfant in (famille.lea, famille.tom):
        reserver(famille, enfant, garderie)
    reserver(famille, famille.tom, garderie, JOUR + datetime.timedelta(days=1))
    with time_machine.travel(
        datetime.datetime(2027, 3, 8, 7, 30, tzinfo=ZoneInfo("Europe/Paris")), tick=False
    ):
        certificat = verifier_fichier(SimpleUploadedFile("c.pdf", pdf_minimal()))
        lea = absences.signaler_absence(
            famille.titulaire, famille, famille.lea, JOUR, "maladie", certificat=certificat
        )
        tom = absences.signaler_absence(
            famille.titulaire, famille, famille.tom, JOUR, "autre", "Anniversaire"
        )
        absences.accepter(education, lea)
        absences.refuser(education, tom, "Pas un motif d'absence justifiée.")
    with time_machine.travel(APRES):
        assert {e.enfant_id: e.etat for e in sources.evenements(JOUR)} == {
            famille.lea.pk: "absent_justifie",
            famille.tom.pk: "absent_non_justifie",
        }
        lendemain = sources.evenements(JOUR + datetime.timedelta(days=1))
        assert [e.etat for e in lendemain] == ["reserve_present"]
        consommations.facturer_jour(JOUR)
    assert dict(LigneCompte.objects.values_list("enfant_id", "etat")) == {
        famille.tom.pk: "absent_non_justifie"
    }
