"""Absences reported by parents (issue 12, point 2): the rules of the report, the medical
certificate through the pièces' checks and private storage, the Education service's decision,
and the day's end state billing reads (pointage.etats_du_jour)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from aides_reservations import J, paris
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from famille.comptes.models import Compte
from famille.comptes.roles import ANIMATION, EDUCATION, installer_groupes
from famille.dossiers.demo_pieces import pdf_minimal
from famille.dossiers.services.pieces_verification import verifier_fichier
from famille.reservations.models import Absence, Reservation
from famille.reservations.services import absences, pointage
from famille.reservations.services.erreurs import ReservationError

LUNDI = J("2027-09-06")


@pytest.fixture
def le_matin():
    with time_machine.travel(paris("2027-09-06T07:30"), tick=False) as voyage:
        yield voyage


@pytest.fixture
def groupes(db):
    return installer_groupes()


def agent(nom, groupe, groupes):
    compte = Compte.objects.create_user(username=nom, password="x-Agent-123456", is_staff=True)
    compte.groups.add(groupes[groupe])
    return compte


@pytest.fixture
def education(groupes):
    return agent("edu", EDUCATION, groupes)


@pytest.fixture
def animateur(groupes, structure):
    compte = agent("anim", ANIMATION, groupes)
    compte.structures.add(structure)
    return compte


def reserver(foyer, enfant, prestation, jour=LUNDI):
    return Reservation.objects.create(foyer=foyer, enfant=enfant, prestation=prestation, date=jour)


def certificat(nom="certificat.pdf", contenu=None):
    return verifier_fichier(SimpleUploadedFile(nom, contenu or pdf_minimal("Certificat")))


def etats():
    return {(e.enfant_id, e.prestation_id): e.etat for e in pointage.etats_du_jour(LUNDI)}


def test_absence_pour_maladie_certificat_accepte_absent_justifie(
    famille, prestations, education, le_matin
):
    lea, _ = famille.enfants_crees
    cantine, soir = prestations["cantine"], prestations["soir"]
    reserver(famille, lea, cantine)
    reserver(famille, lea, soir)
    absence = absences.signaler_absence(famille.titulaire, famille, lea, LUNDI, "maladie")
    assert absence.statut == Absence.Statut.CERTIFICAT_ATTENDU
    assert absence.certificat_avant == LUNDI + datetime.timedelta(days=7)
    # Reported, not justified yet: the booked days end « absent non justifié ».
    assert set(etats().values()) == {pointage.ABSENT_NON_JUSTIFIE}
    with pytest.raises(ReservationError, match="certificat"):
        absences.accepter(education, absence)
    absence = absences.deposer_certificat(famille.titulaire, absence, certificat())
    assert absence.statut == Absence.Statut.A_VERIFIER
    assert absence.certificat_type == "application/pdf"
    absences.accepter(education, absence)
    assert etats() == {
        (lea.pk, cantine.pk): pointage.ABSENT_JUSTIFIE,
        (lea.pk, soir.pk): pointage.ABSENT_JUSTIFIE,
    }


def test_refus_avec_motif_absent_non_justifie(famille, prestations, education, le_matin):
    lea, _ = famille.enfants_crees
    reserver(famille, lea, prestations["soir"])
    absence = absences.signaler_absence(
        famille.titulaire, famille, lea, LUNDI, "autre", "Rendez-vous chez l'orthophoniste"
    )
    assert absence.statut == Absence.Statut.A_VERIFIER
    with pytest.raises(ReservationError, match="motif du refus"):
        absences.refuser(education, absence, "  ")
    absence = absences.refuser(education, absence, "Pas un motif prévu par le règlement.")
    assert absence.motif_refus == "Pas un motif prévu par le règlement."
    assert set(etats().values()) == {pointage.ABSENT_NON_JUSTIFIE}


def test_un_enfant_pointe_present_reste_present(
    famille, prestations, education, animateur, le_matin
):
    lea, hugo = famille.enfants_crees
    soir = prestations["soir"]
    reserver(famille, lea, soir)
    reserver(famille, hugo, soir)
    for enfant in (lea, hugo):
        absence = absences.signaler_absence(
            famille.titulaire, famille, enfant, LUNDI, "maladie", certificat=certificat()
        )
        absences.accepter(education, absence)
    le_matin.move_to(paris("2027-09-06T18:00"))
    pointage.enregistrer_pointage(animateur, soir, LUNDI, {lea.pk: "present", hugo.pk: "absent"})
    assert etats() == {
        (lea.pk, soir.pk): pointage.RESERVE_PRESENT,
        (hugo.pk, soir.pk): pointage.ABSENT_JUSTIFIE,
    }


def test_absence_signalee_apres_le_jour_refusee(famille, prestations, le_matin):
    lea, _ = famille.enfants_crees
    reserver(famille, lea, prestations["soir"])
    le_matin.move_to(paris("2027-09-07T08:00"))
    with pytest.raises(ReservationError, match="est passé"):
        absences.signaler_absence(famille.titulaire, famille, lea, LUNDI, "maladie")
    assert not Absence.objects.exists()


def test_jour_non_reserve_deja_signale_ou_sans_precision_refuse(famille, prestations, le_matin):
    lea, hugo = famille.enfants_crees
    reserver(famille, lea, prestations["soir"])
    with pytest.raises(ReservationError, match="pas de réservation"):
        absences.signaler_absence(famille.titulaire, famille, hugo, LUNDI, "maladie")
    with pytest.raises(ReservationError, match="Précisez"):
        absences.signaler_absence(famille.titulaire, famille, lea, LUNDI, "autre")
    with pytest.raises(ReservationError, match="que pour une maladie"):
        absences.signaler_absence(
            famille.titulaire, famille, lea, LUNDI, "autre", "Fête", certificat()
        )
    assert not Absence.objects.exists()
    absences.signaler_absence(famille.titulaire, famille, lea, LUNDI, "maladie")
    with pytest.raises(ReservationError, match="déjà signalée"):
        absences.signaler_absence(famille.titulaire, famille, lea, LUNDI, "maladie")


def test_journee_cloturee_refuse_un_signalement(
    famille, prestations, structure, education, le_matin
):
    lea, _ = famille.enfants_crees
    reserver(famille, lea, prestations["soir"])
    pointage.cloturer_journee(education, structure, LUNDI)
    with pytest.raises(ReservationError, match="clôturée"):
        absences.signaler_absence(famille.titulaire, famille, lea, LUNDI, "maladie")


def test_delai_du_certificat_reglage_du_service_puis_depasse(famille, prestations, le_matin):
    lea, _ = famille.enfants_crees
    soir = prestations["soir"]
    soir.delai_certificat = 3
    soir.save()
    reserver(famille, lea, soir)
    absence = absences.signaler_absence(famille.titulaire, famille, lea, LUNDI, "maladie")
    assert absence.certificat_avant == J("2027-09-09")
    le_matin.move_to(paris("2027-09-10T09:00"))
    assert not absences.peut_deposer(absence)
    with pytest.raises(ReservationError, match="délai"):
        absences.deposer_certificat(famille.titulaire, absence, certificat())
    absence.refresh_from_db()
    assert not absence.certificat


def test_certificat_du_mauvais_type_ou_trop_gros_refuse_par_le_controle_des_pieces():
    with pytest.raises(ValidationError) as erreur:
        certificat("certificat.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    assert "PDF, une image JPEG ou PNG" in erreur.value.messages[0]
    with pytest.raises(ValidationError) as erreur:
        certificat("certificat.pdf", pdf_minimal() + b"0" * (2 * 1024 * 1024))
    assert "2 Mo au maximum" in erreur.value.messages[0]


def test_seul_l_education_decide(famille, prestations, animateur, le_matin):
    lea, _ = famille.enfants_crees
    reserver(famille, lea, prestations["soir"])
    absence = absences.signaler_absence(famille.titulaire, famille, lea, LUNDI, "autre", "Fête")
    with pytest.raises(ReservationError, match="service Éducation"):
        absences.accepter(animateur, absence)
    with pytest.raises(ReservationError, match="service Éducation"):
        absences.accepter(famille.titulaire, absence)


def test_la_liste_de_l_animateur_montre_l_absence_signalee_sans_son_motif(
    famille, prestations, structure, le_matin
):
    lea, hugo = famille.enfants_crees
    soir = prestations["soir"]
    reserver(famille, lea, soir)
    reserver(famille, hugo, soir)
    absences.signaler_absence(famille.titulaire, famille, lea, LUNDI, "maladie", "Varicelle")
    liste = {e.enfant_id: e for e in pointage.liste_du_jour(structure, None, soir, LUNDI)}
    assert liste[lea.pk].absence_signalee and not liste[hugo.pk].absence_signalee
    assert "Varicelle" not in repr(liste[lea.pk]) and "maladie" not in repr(liste[lea.pk])


def test_le_certificat_est_efface_apres_la_duree_de_conservation(
    famille, prestations, education, le_matin, django_capture_on_commit_callbacks
):
    lea, _ = famille.enfants_crees
    reserver(famille, lea, prestations["cantine"])
    absence = absences.signaler_absence(
        famille.titulaire, famille, lea, LUNDI, "maladie", certificat=certificat()
    )
    absences.accepter(education, absence)
    absence.refresh_from_db()
    stockage, nom = absence.certificat.storage, absence.certificat.name
    assert stockage.exists(nom)
    # Health data: kept two years after the day (RETENTION["sante"]), then erased.
    assert absences.purger_certificats(LUNDI + datetime.timedelta(days=730)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert absences.purger_certificats(LUNDI + datetime.timedelta(days=731)) == 1
    absence.refresh_from_db()
    assert not absence.certificat and not stockage.exists(nom)
    assert absence.statut == Absence.Statut.ACCEPTEE  # the decision stays
