"""The attestation fiscale for childcare costs (issue 14.6): garde of children under 6 on
1 January, paid during the year (the payment date decides), meals and surcharges excluded;
each separated parent his or her own; numbered; on demand from the Historique tab."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
import time_machine

from famille.dossiers.models import Garde
from famille.facturation.models import AttestationFiscale
from famille.facturation.services import ErreurFacturation, attestations, grand_livre, regie

from .test_regie import consommer

AN = 2026
EN_2027 = datetime.datetime(2027, 2, 1, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _en_2027():
    # Autouse: the families are created once the clock has moved (consents, sessions).
    with time_machine.travel(EN_2027):
        yield


@pytest.fixture
def annee_passee(famille, garderie, cantine, agent_regie):
    """In 2026, F5001 consumed evening care for Tom (born 2020: under 6 on 1/1/2026) and Léa
    (born 2018: 7), a meal, a surcharge; it paid at the counter in 2026 and again in 2027."""
    jour = datetime.date(AN, 3, 2)
    consommer(famille, famille.tom, garderie, "10.00", jour)
    consommer(famille, famille.lea, garderie, "10.00", jour)
    consommer(famille, famille.tom, cantine, "3.45", jour, categorie="repas")
    consommer(
        famille, famille.tom, garderie, "5.00", jour, categorie="penalite", nature="majoration"
    )
    consommer(famille, famille.tom, garderie, "8.00", datetime.date(AN, 12, 20))
    regie.encaisser(
        agent_regie,
        foyer=famille,
        structure_id=garderie.structure_id,
        montant="28.45",
        mode="especes",
        jour=datetime.date(AN, 4, 1),
    )
    return famille


def test_seuls_les_frais_de_garde_payes_dans_l_annee_des_moins_de_6_ans(
    annee_passee, garderie, agent_regie
):
    # Paid in January 2027: the 8 € of December count for 2027, not 2026.
    regie.encaisser(
        agent_regie,
        foyer=annee_passee,
        structure_id=garderie.structure_id,
        montant="13",
        mode="especes",
    )
    attestation = attestations.emettre(annee_passee.pk, garderie.structure_id, AN)
    # 28.45 € paid: Tom's care 10, Léa's 10 (over 6), meal 3.45, surcharge 5 → Tom's 10 only.
    assert attestation.total == Decimal("10.00")
    assert [ligne["enfant"] for ligne in attestation.detail] == ["Tom Martin"]
    assert attestation.reference == f"AF{AN}-00001"


def test_une_attestation_est_numerotee_une_fois_et_reste_la_meme(
    annee_passee, garderie, agent_regie
):
    premiere = attestations.emettre(annee_passee.pk, garderie.structure_id, AN)
    paiement = annee_passee.encaissements.get()
    regie.annuler(agent_regie, paiement.pk, "Chèque rejeté")
    encore = attestations.emettre(annee_passee.pk, garderie.structure_id, AN)
    assert encore.pk == premiere.pk and encore.total == Decimal("10.00")
    assert attestations.emettre_annee(AN) == 0


def test_un_paiement_annule_ne_compte_pas(annee_passee, garderie, agent_regie):
    paiement = annee_passee.encaissements.get()
    regie.annuler(agent_regie, paiement.pk, "Chèque rejeté")
    with pytest.raises(ErreurFacturation, match="Aucun frais"):
        attestations.emettre(annee_passee.pk, garderie.structure_id, AN)


def test_l_annee_en_cours_n_est_pas_encore_attestable(annee_passee, garderie):
    with time_machine.travel(datetime.datetime(AN, 12, 1, 10, tzinfo=datetime.UTC)):
        with pytest.raises(ErreurFacturation, match=f"1er janvier {AN + 1}"):
            attestations.emettre(annee_passee.pk, garderie.structure_id, AN)


def test_parents_separes_chacun_la_sienne(annee_passee, garderie, agent_regie, creer_famille):
    """The other parent has his own foyer on the same child: his own payments only."""
    autre = creer_famille("F5002")
    Garde.objects.create(foyer=autre, enfant=annee_passee.tom)
    consommer(autre, annee_passee.tom, garderie, "6.00", datetime.date(AN, 5, 4))
    regie.encaisser(
        agent_regie,
        foyer=autre,
        structure_id=garderie.structure_id,
        montant="6",
        mode="cheque",
        banque="CIC",
        numero_piece="77",
        jour=datetime.date(AN, 5, 10),
    )
    assert attestations.emettre_annee(AN) == 2
    totaux = dict(AttestationFiscale.objects.values_list("foyer__numero", "total"))
    assert totaux == {annee_passee.numero: Decimal("10.00"), "F5002": Decimal("6.00")}


def test_le_parent_la_telecharge_depuis_l_historique(
    arbre, annee_passee, garderie, client, creer_famille
):
    from pypdf import PdfReader

    url = "/historique/"
    client.force_login(annee_passee.titulaire)
    page = client.get(url).content.decode()
    assert f"Attestation fiscale {AN} (PDF)" in page
    reponse = client.get(f"{url}attestation-fiscale/{AN}/pdf/")
    assert reponse.status_code == 200 and reponse["Cache-Control"].startswith("private")
    texte = PdfReader(io.BytesIO(reponse.content)).pages[0].extract_text()
    assert "Tom Martin" in texte and "10,00" in texte and "Léa" not in texte
    # Another family, same URL: nothing of F5001's, a 404.
    charlie = creer_famille("F5009")
    client.force_login(charlie.titulaire)
    assert client.get(f"{url}attestation-fiscale/{AN}/pdf/").status_code == 404
    assert grand_livre.solde(charlie.pk) == 0
