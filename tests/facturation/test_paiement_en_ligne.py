"""« Effectuer un règlement » with the stand-in bank: the amount's rules, one row per attempt,
the 20-minute rule said in French, the return page and the notification that only ask the
bank, the ticket (first address only, numbered PDF, 404 for another family), a forged,
tampered, replayed or unknown notification that changes nothing, a crash between the bank's
answer and the ledger that leaves no half-recorded payment, the periodic job for a bank that
never notifies, and the stand-in bank refused outside its setting."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal

import pytest
import time_machine
from django.test import Client, override_settings

from famille.facturation.models import (
    LigneCompte,
    OperationBanqueFictive,
    RegiePaiement,
    TransactionPaiement,
)
from famille.facturation.services import grand_livre, paiement_en_ligne
from famille.facturation.tasks import verifier_transactions_en_attente

from .paiement_outils import devoir, regie

Etat = TransactionPaiement.Etat


@pytest.fixture
def parent(parent_client, structure):
    regie(structure)
    compte = parent_client.foyer.titulaire
    compte.emails = "premiere@exemple.fr;seconde@exemple.fr"
    compte.save()
    devoir(parent_client.foyer, structure, "42.50")
    return parent_client


def texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


def commencer(parent, montant="42,50"):
    reponse = parent.post("/paiement/", {"montant": montant})
    return reponse, TransactionPaiement.objects.order_by("-pk").first()


def banque(parent, transaction, choix):
    return parent.post(f"/banque-fictive/{transaction.idop}/", {"choix": choix})


def test_formulaire_prerempli_du_montant_du(parent):
    page = parent.get("/paiement/").content.decode()
    assert 'value="42,50"' in page
    assert "premiere@exemple.fr" in page


@pytest.mark.parametrize(
    ("saisie", "message"),
    [
        ("0", "Le montant doit être positif."),
        ("-5", "Le montant doit être positif."),
        ("12,345", "au centime près"),
        ("0,50", "au moins 1,00"),
        ("42,51", "ne peut pas dépasser le montant restant à régler (42,50"),
        ("douze", "Saisissez un montant en euros"),
        ("NaN", "Saisissez un montant en euros"),
    ],
)
def test_montant_refuse(parent, saisie, message):
    reponse, transaction = commencer(parent, saisie)
    assert reponse.status_code == 400
    page = texte(reponse)
    assert message in page
    assert "Erreur" in page  # the error summary
    assert transaction is None  # nothing saved, nothing sent


def test_plafond_de_100_000_euros(parent, structure):
    devoir(parent.foyer, structure, "150000")
    reponse, transaction = commencer(parent, "100000,01")
    assert "au plus 100 000,00 € par règlement" in texte(reponse)
    assert transaction is None


def test_parcours_paye_notifie_ticket_a_la_premiere_adresse(
    parent, structure, mailoutbox, client, django_capture_on_commit_callbacks
):
    reponse, transaction = commencer(parent, "20,00")
    assert reponse["Location"] == f"/banque-fictive/{transaction.idop}/"
    assert transaction.montant == Decimal("20.00") and transaction.email == "premiere@exemple.fr"
    assert "20,00" in parent.get(reponse["Location"]).content.decode()
    reponse = banque(parent, transaction, "payer")
    # The bank sends the parent back; the notification is a separate server-to-server call.
    assert reponse["Location"].endswith(f"/banque/retour/{transaction.pk}/")
    transaction.refresh_from_db()
    assert transaction.etat == Etat.EN_COURS  # the return page has not been asked yet
    with django_capture_on_commit_callbacks(execute=True):  # the bank: no session
        notifiee = Client().post(
            f"/banque/notification/{transaction.pk}/", {"idop": transaction.idop}
        )
    assert notifiee.status_code == 200
    transaction.refresh_from_db()
    assert transaction.etat == Etat.PAYEE
    assert grand_livre.solde(parent.foyer.pk, structure.pk) == Decimal("-22.50")
    assert [m.to for m in mailoutbox] == [["premiere@exemple.fr"]]
    assert mailoutbox[0].attachments[0][0] == f"ticket-{transaction.reference_ticket}.pdf"
    page = parent.get(f"/paiement/retour/{transaction.pk}/").content.decode()
    assert "Paiement accepté" in page
    historique = parent.get("/historique/").content.decode()
    assert f"Ticket de paiement {transaction.reference_ticket}" in historique
    pdf = parent.get(f"/historique/ticket/{transaction.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert transaction.reference_ticket == f"T{datetime.date.today().year}-00001"


def test_retour_seul_credite_et_ne_credite_qu_une_fois(parent, structure, client):
    _, transaction = commencer(parent)
    banque(parent, transaction, "payer")
    for _ in range(3):
        parent.get(f"/paiement/retour/{transaction.pk}/")
        client.post(f"/banque/notification/{transaction.pk}/", {"idOp": transaction.idop})
    assert LigneCompte.objects.filter(type="paiement").count() == 1
    assert grand_livre.solde(parent.foyer.pk, structure.pk) == 0


@pytest.mark.parametrize(("choix", "texte"), [("refuser", "refusé"), ("abandonner", "abandonné")])
def test_refus_ou_abandon_rien_credite(parent, structure, choix, texte):
    _, transaction = commencer(parent)
    banque(parent, transaction, choix)
    assert texte in parent.get(f"/paiement/retour/{transaction.pk}/").content.decode()
    assert grand_livre.solde(parent.foyer.pk, structure.pk) == Decimal("-42.50")


def test_retour_avant_la_banque_paiement_en_cours(parent):
    _, transaction = commencer(parent)
    page = parent.get(f"/paiement/retour/{transaction.pk}/").content.decode()
    assert "Paiement en cours" in page and 'http-equiv="refresh"' in page


def test_second_reglement_dans_les_20_minutes_explique(parent):
    _, premiere = commencer(parent, "10,00")
    reponse, derniere = commencer(parent, "10,00")
    assert reponse.status_code == 400
    assert "n'en accepte pas un second dans les 20 minutes" in texte(reponse)
    assert derniere == premiere  # no second row
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=21)):
        reponse, derniere = commencer(parent, "10,00")
    assert reponse.status_code == 302 and derniere != premiere


def test_notification_inconnue_ou_falsifiee_ne_change_rien(parent, client, caplog):
    _, transaction = commencer(parent)
    # Unknown transaction, wrong idOp, no idOp, and a forged « paid » body while the bank has
    # decided nothing: nothing changes; the refusals are logged without personal data.
    assert client.post("/banque/notification/999999/", {"idOp": "x"}).status_code == 404
    assert client.post(f"/banque/notification/{transaction.pk}/", {"idOp": "x"}).status_code == 404
    assert client.post(f"/banque/notification/{transaction.pk}/", {}).status_code == 404
    client.post(
        f"/banque/notification/{transaction.pk}/",
        {"idOp": transaction.idop, "resultrans": "P", "montant": "4250", "signed": "1"},
    )
    assert client.get(f"/banque/notification/{transaction.pk}/").status_code == 405
    transaction.refresh_from_db()
    assert transaction.etat == Etat.EN_COURS and transaction.ligne is None
    assert "Notification de paiement refusée" in caplog.text
    assert "exemple.fr" not in caplog.text and "Famille" not in caplog.text


def test_notification_rejouee_apres_paiement_un_seul_credit(
    parent, client, mailoutbox, django_capture_on_commit_callbacks
):
    _, transaction = commencer(parent)
    banque(parent, transaction, "payer")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post(f"/banque/notification/{transaction.pk}/", {"idOp": transaction.idop})
    assert LigneCompte.objects.filter(type="paiement").count() == 1
    assert len(mailoutbox) == 1


def test_crash_entre_reponse_et_grand_livre_rien_a_moitie(parent, structure, monkeypatch):
    _, transaction = commencer(parent)
    banque(parent, transaction, "payer")

    def panne(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(grand_livre, "allouer", panne)
    with pytest.raises(RuntimeError):
        paiement_en_ligne.verifier(transaction.pk)
    transaction.refresh_from_db()
    assert transaction.etat == Etat.EN_COURS and transaction.ligne is None
    assert transaction.numero_ticket is None
    assert not LigneCompte.objects.filter(type="paiement").exists()
    assert grand_livre.solde(parent.foyer.pk, structure.pk) == Decimal("-42.50")
    monkeypatch.undo()
    verifier_transactions_en_attente()
    transaction.refresh_from_db()
    assert transaction.etat == Etat.PAYEE and transaction.reference_ticket.endswith("-00001")


def test_banque_muette_reglee_par_la_tache(parent, structure):
    _, transaction = commencer(parent)
    reponse = banque(parent, transaction, "sans_reponse")
    assert "ne prévient pas le portail" in texte(reponse)
    transaction.refresh_from_db()
    assert transaction.etat == Etat.EN_COURS
    assert verifier_transactions_en_attente() == 1
    transaction.refresh_from_db()
    assert transaction.etat == Etat.PAYEE
    assert grand_livre.solde(parent.foyer.pk, structure.pk) == 0


def test_sans_decision_expire_le_lendemain(parent):
    _, transaction = commencer(parent)
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)):
        verifier_transactions_en_attente()
    transaction.refresh_from_db()
    assert transaction.etat == Etat.EXPIREE


def test_page_de_retour_et_ticket_d_une_autre_famille_404(parent, creer_famille, client, structure):
    _, transaction = commencer(parent)
    banque(parent, transaction, "payer")
    parent.get(f"/paiement/retour/{transaction.pk}/")
    autre = creer_famille("F5011")
    client.force_login(autre.titulaire)
    assert client.get(f"/paiement/retour/{transaction.pk}/").status_code == 404
    assert client.get(f"/historique/ticket/{transaction.pk}/pdf/").status_code == 404


def test_banque_fictive_refusee_hors_de_son_reglage(parent, structure):
    _, transaction = commencer(parent)
    with override_settings(BANQUE_FICTIVE=False):
        assert parent.get(f"/banque-fictive/{transaction.idop}/").status_code == 404
        reponse = parent.post("/paiement/", {"montant": "5,00"})
        assert "banque de démonstration n'est pas disponible" in texte(reponse)
    assert OperationBanqueFictive.objects.count() == 1


def test_regie_non_ouverte(parent, structure):
    RegiePaiement.objects.filter(structure=structure).update(actif=False)
    page = parent.get("/paiement/").content.decode()
    assert "n'est pas ouvert pour cette structure" in page


def test_csp_autorise_l_envoi_vers_payfip(parent):
    entete = parent.get("/paiement/")["Content-Security-Policy"]
    directive = next(d for d in entete.split(";") if "form-action" in d)
    assert "https://www.payfip.gouv.fr" in directive


def test_tache_des_transactions_en_attente_planifiee_toutes_les_5_minutes(db):
    from django_q.models import Schedule

    from famille.facturation.tasks import installer_planification

    installer_planification()
    installer_planification()
    planifiee = Schedule.objects.get(name="Paiement en ligne : transactions en attente")
    assert planifiee.schedule_type == Schedule.MINUTES and planifiee.minutes == 5
    assert planifiee.func == "famille.facturation.tasks.verifier_transactions_en_attente"


def test_creee_jamais_envoyee_fermee_par_la_tache(parent, structure, monkeypatch):
    from famille.facturation.services import banques

    def panne(*args, **kwargs):
        raise RuntimeError("le processus s'arrête avant l'appel à la banque")

    monkeypatch.setattr(banques, "creer", panne)
    with pytest.raises(RuntimeError):
        parent.post("/paiement/", {"montant": "5,00"})
    transaction = TransactionPaiement.objects.get()
    assert transaction.etat == Etat.CREEE
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=2)):
        verifier_transactions_en_attente()
    transaction.refresh_from_db()
    assert transaction.etat == Etat.ECHEC and transaction.ligne is None


def test_retour_de_la_banque_en_post_sans_jeton_redirige_vers_l_onglet(parent):
    _, transaction = commencer(parent)
    banque_csrf = Client(enforce_csrf_checks=True)  # the bank's cross-site POST, no session
    reponse = banque_csrf.post(f"/banque/retour/{transaction.pk}/", {"idop": transaction.idop})
    assert reponse.status_code == 303
    assert reponse["Location"] == f"/paiement/retour/{transaction.pk}/"
    transaction.refresh_from_db()
    assert transaction.etat == Etat.EN_COURS  # nothing decided there
