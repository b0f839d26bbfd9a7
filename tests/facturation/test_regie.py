"""The Régie's counter (issue 14.5): payments and refunds with numbered receipts, cancellation
with a reason, the day's bordereau, the period's totals; only the Régie handles money."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from famille.facturation.models import Encaissement, LigneCompte
from famille.facturation.services import ErreurFacturation, grand_livre, regie


def consommer(foyer, enfant, prestation, montant, jour, categorie="garde", nature="prestation"):
    return grand_livre.ecrire_lignes(
        [
            LigneCompte(
                foyer_id=foyer.pk,
                structure_id=prestation.structure_id,
                type=LigneCompte.Type.CONSOMMATION,
                jour=jour,
                libelle=prestation.nom,
                montant=-Decimal(montant),
                categorie=categorie,
                nature=nature,
                enfant=enfant,
                prestation=prestation,
            )
        ]
    )[0]


@pytest.fixture
def compte(famille, garderie):
    """F5001 owes 2 × 10 € of evening care (March 2 and 3)."""
    famille.lignes = [
        consommer(famille, famille.tom, garderie, "10.00", datetime.date(2026, 3, 2)),
        consommer(famille, famille.tom, garderie, "10.00", datetime.date(2026, 3, 3)),
    ]
    return famille


def test_un_paiement_au_guichet_a_son_recu_numerote_et_regle_les_plus_anciennes(
    compte, garderie, agent_regie
):
    premier = regie.encaisser(
        agent_regie,
        foyer=compte,
        structure_id=garderie.structure_id,
        montant="12,50",
        mode="cheque",
        banque="La Banque Postale",
        numero_piece="1234567",
    )
    second = regie.encaisser(
        agent_regie, foyer=compte, structure_id=garderie.structure_id, montant="5", mode="especes"
    )
    annee = timezone.localdate().year
    assert (premier.reference, second.reference) == (f"R{annee}-00001", f"R{annee}-00002")
    assert grand_livre.solde(compte.pk) == Decimal("-2.50")
    # Oldest first: March 2 fully paid, March 3 partly.
    restes = {
        ligne.jour.day: -ligne.montant - ligne.alloue
        for ligne in grand_livre.reste_du(LigneCompte.objects.du_compte(compte.pk))
    }
    assert restes == {2: Decimal("0.00"), 3: Decimal("2.50")}
    assert premier.ligne.libelle.startswith("Paiement au guichet (chèque)")


@pytest.mark.parametrize(
    "montant, message",
    [
        ("0", "supérieur à zéro"),
        ("-5", "supérieur à zéro"),
        ("3,455", "deux décimales"),
        ("100000,01", "100 000 €"),
        ("douze", "en euros"),
    ],
)
def test_un_montant_faux_est_refuse_en_francais_sans_rien_ecrire(
    compte, garderie, agent_regie, montant, message
):
    avant = LigneCompte.objects.count()
    with pytest.raises(ErreurFacturation, match=message):
        regie.encaisser(
            agent_regie,
            foyer=compte,
            structure_id=garderie.structure_id,
            montant=montant,
            mode="especes",
        )
    assert LigneCompte.objects.count() == avant
    assert not Encaissement.objects.exists()


def test_seule_la_regie_encaisse(compte, garderie, agent_education):
    with pytest.raises(ErreurFacturation, match="Seule la Régie"):
        regie.encaisser(
            agent_education,
            foyer=compte,
            structure_id=garderie.structure_id,
            montant="5",
            mode="especes",
        )


def test_une_annulation_a_un_motif_rend_la_dette_et_ne_se_fait_pas_deux_fois(
    compte, garderie, agent_regie
):
    paiement = regie.encaisser(
        agent_regie, foyer=compte, structure_id=garderie.structure_id, montant="20", mode="cesu"
    )
    assert grand_livre.solde(compte.pk) == 0
    with pytest.raises(ErreurFacturation, match="motif"):
        regie.annuler(agent_regie, paiement.pk, "  ")
    regie.annuler(agent_regie, paiement.pk, "Chèque sans provision")
    paiement.refresh_from_db()
    assert paiement.annule and paiement.motif_annulation == "Chèque sans provision"
    assert grand_livre.solde(compte.pk) == Decimal("-20.00")
    # What the payment had settled is owed again; the receipt and its line remain.
    dus = grand_livre.reste_du(LigneCompte.objects.du_compte(compte.pk))
    assert sum(-ligne.montant - ligne.alloue for ligne in dus) == Decimal("20.00")
    assert LigneCompte.objects.filter(pk=paiement.ligne_id).exists()
    with pytest.raises(ErreurFacturation, match="déjà annulé"):
        regie.annuler(agent_regie, paiement.pk, "Encore")
    assert grand_livre.solde(compte.pk) == Decimal("-20.00")


def test_un_remboursement_ne_depasse_pas_le_credit(compte, garderie, agent_regie):
    regie.encaisser(
        agent_regie, foyer=compte, structure_id=garderie.structure_id, montant="50", mode="virement"
    )
    assert grand_livre.solde(compte.pk) == Decimal("30.00")
    with pytest.raises(ErreurFacturation, match="dépasse le crédit"):
        regie.rembourser(
            agent_regie,
            foyer=compte,
            structure_id=garderie.structure_id,
            montant="31",
            mode="virement",
        )
    rendu = regie.rembourser(
        agent_regie, foyer=compte, structure_id=garderie.structure_id, montant="30", mode="virement"
    )
    assert rendu.sens == "remboursement" and rendu.ligne.montant == Decimal("-30.00")
    assert grand_livre.solde(compte.pk) == 0


def test_le_bordereau_du_jour_totalise_par_mode_les_paiements_du_jour(
    compte, garderie, agent_regie
):
    structure_id = garderie.structure_id
    aujourdhui = timezone.localdate()
    for montant, mode in (("10", "especes"), ("2,50", "especes"), ("7", "carte")):
        regie.encaisser(
            agent_regie, foyer=compte, structure_id=structure_id, montant=montant, mode=mode
        )
    annule = regie.encaisser(
        agent_regie, foyer=compte, structure_id=structure_id, montant="99", mode="especes"
    )
    regie.annuler(agent_regie, annule.pk, "Erreur de saisie")
    # A payment online (no counter receipt) is on the bordereau too, in its own group.
    grand_livre.enregistrer_operation(
        None,
        foyer_id=compte.pk,
        structure_id=structure_id,
        type_="paiement",
        montant=Decimal("4"),
        jour=aujourdhui,
        libelle="Paiement en ligne",
    )
    # Yesterday's payment is not today's.
    regie.encaisser(
        agent_regie,
        foyer=compte,
        structure_id=structure_id,
        montant="1",
        mode="especes",
        jour=aujourdhui - datetime.timedelta(days=1),
    )
    resultat = regie.bordereau(structure_id, aujourdhui)
    totaux = {g.mode: g.total for g in resultat["groupes"]}
    assert totaux == {"especes": Decimal("12.50"), "carte": Decimal("7"), "en_ligne": Decimal("4")}
    du_jour = LigneCompte.objects.filter(
        structure_id=structure_id, type="paiement", jour=aujourdhui, annulation__isnull=True
    )
    assert resultat["total"] == sum(ligne.montant for ligne in du_jour) == Decimal("23.50")


def test_totaux_par_mode_et_par_service_pour_la_tresorerie(compte, garderie, cantine, agent_regie):
    consommer(compte, compte.lea, cantine, "3.45", datetime.date(2026, 3, 4), categorie="repas")
    structure_id = garderie.structure_id
    regie.encaisser(
        agent_regie, foyer=compte, structure_id=structure_id, montant="15", mode="especes"
    )
    regie.encaisser(
        agent_regie,
        foyer=compte,
        structure_id=structure_id,
        montant="10",
        mode="cheque",
        banque="CIC",
        numero_piece="42",
    )
    aujourdhui = timezone.localdate()
    totaux = regie.totaux_periode(structure_id, aujourdhui, aujourdhui)
    assert {m["mode"]: m["total"] for m in totaux["modes"]} == {
        "especes": Decimal("15"),
        "cheque": Decimal("10"),
    }
    assert {s["service"]: s["total"] for s in totaux["services"]} == {
        "Accueil du soir": Decimal("20.00"),
        "Restauration scolaire": Decimal("3.45"),
    }
    assert totaux["non_alloue"] == Decimal("1.55")


# --- the admin screens -----------------------------------------------------------------------


def test_le_guichet_refuse_un_cheque_sans_numero_avec_un_resume(
    compte, garderie, agent_regie, client
):
    client.force_login(agent_regie)
    reponse = client.post(
        "/admin/regie/encaisser/",
        {
            "famille": compte.numero,
            "structure": garderie.structure_id,
            "sens": "paiement",
            "montant": "12,345",
            "mode": "cheque",
        },
    )
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "<title>Erreur : " in page
    assert "deux décimales" in page and "Obligatoire pour un chèque." in page
    assert not Encaissement.objects.exists()


def test_le_guichet_encaisse_et_le_recu_se_telecharge(compte, garderie, agent_regie, client):
    from pypdf import PdfReader

    client.force_login(agent_regie)
    reponse = client.post(
        "/admin/regie/encaisser/",
        {
            "famille": compte.numero,
            "structure": garderie.structure_id,
            "sens": "paiement",
            "montant": "8,40",
            "mode": "especes",
        },
    )
    assert reponse.status_code == 302
    encaissement = Encaissement.objects.get()
    pdf = client.get(f"/admin/regie/recu/{encaissement.pk}/pdf/")
    texte = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert encaissement.reference in texte and "8,40" in texte and "Espèces" in texte


def test_totaux_en_csv_et_xlsx(compte, garderie, agent_regie, client):
    from openpyxl import load_workbook

    regie.encaisser(
        agent_regie, foyer=compte, structure_id=garderie.structure_id, montant="15", mode="especes"
    )
    client.force_login(agent_regie)
    jour = timezone.localdate().isoformat()
    base = f"/admin/regie/totaux/?structure={garderie.structure_id}&du={jour}&au={jour}"
    csv = client.get(base + "&format=csv").content.decode("utf-8-sig")
    assert "Mode de paiement;Espèces;15,00" in csv
    classeur = load_workbook(io.BytesIO(client.get(base + "&format=xlsx").content))
    lignes = list(classeur.active.iter_rows(values_only=True))
    assert ("Mode de paiement", "Espèces", 15) in [(a, b, float(c)) for a, b, c in lignes[1:2]]


def test_education_lit_les_soldes_mais_ne_touche_pas_a_l_argent(
    compte, garderie, agent_education, client
):
    client.force_login(agent_education)
    assert client.get("/admin/snippets/facturation/solde/").status_code == 200
    for url in ("/admin/regie/encaisser/", "/admin/regie/bordereau/", "/admin/regie/totaux/"):
        # Wagtail's refusal: back to the dashboard with its permission message.
        reponse = client.get(url)
        assert (reponse.status_code, reponse.get("Location")) == (302, "/admin/"), url


def test_soldes_filtres_debiteurs_et_crediteurs(
    compte, garderie, agent_regie, creer_famille, client
):
    autre = creer_famille("F5077")
    regie.encaisser(
        agent_regie, foyer=autre, structure_id=garderie.structure_id, montant="9", mode="especes"
    )
    client.force_login(agent_regie)
    debiteurs = client.get("/admin/snippets/facturation/solde/?situation=debiteurs").content
    crediteurs = client.get("/admin/snippets/facturation/solde/?situation=crediteurs").content
    assert compte.numero.encode() in debiteurs and b"F5077" not in debiteurs
    assert b"F5077" in crediteurs and compte.numero.encode() not in crediteurs
