"""Staff side: Éducation sets tariffs and quotients, Régie reads lines and balances and sends
statements; nobody edits a ledger line; a parent reaches none of it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from famille.comptes.models import Compte
from famille.comptes.roles import EDUCATION, REGIE, installer_groupes
from famille.facturation.models import QuotientFamilial
from famille.facturation.services import consommations, factures

from .conftest import APRES, JOUR, reserver


@pytest.fixture
def agents(arbre):
    groupes = installer_groupes()
    comptes = {}
    for nom in (EDUCATION, REGIE):
        compte = Compte.objects.create_user(username=f"agent-{groupes[nom].pk}", is_staff=True)
        compte.groups.set([groupes[nom]])
        comptes[nom] = compte
    return comptes


@pytest.fixture
def facture(famille, tarifs, cantine, time_machine):
    time_machine.move_to(APRES, tick=False)
    reserver(famille, famille.lea, cantine)
    consommations.facturer_jour(JOUR)
    return factures.emettre(famille.pk, cantine.structure_id, JOUR)


def test_education_saisit_un_qf_d_avis_d_imposition(client, agents, famille):
    client.force_login(agents[EDUCATION])
    url = "/admin/snippets/facturation/quotientfamilial/add/"
    reponse = client.post(
        url,
        {
            "foyer": famille.pk,
            "debut": "2027-01-01",
            "revenu_fiscal": "30000",
            "nombre_parts": "0",
            "valeur": "",
            "source": "avis d'imposition",
        },
    )
    assert "Le nombre de parts doit être supérieur à zéro." in reponse.content.decode()
    assert not QuotientFamilial.objects.exists()
    client.post(
        url,
        {
            "foyer": famille.pk,
            "debut": "2027-01-01",
            "revenu_fiscal": "30000",
            "nombre_parts": "2",
            "valeur": "",
            "source": "avis d'imposition",
        },
    )
    qf = QuotientFamilial.objects.get()
    assert (qf.valeur, qf.saisi_par) == (1250, agents[EDUCATION])
    liste = client.get("/admin/snippets/facturation/quotientfamilial/").content.decode()
    assert agents[EDUCATION].username in liste


def test_regie_lit_les_lignes_exporte_et_envoie_une_facture(client, agents, facture):
    client.force_login(agents[REGIE])
    liste = client.get("/admin/snippets/facturation/lignecompte/", {"foyer": "F5001"})
    assert "Restauration scolaire — Léa" in liste.content.decode()
    export = client.get("/admin/snippets/facturation/lignecompte/", {"export": "csv"})
    assert export.status_code == 200 and b"-3.45" in b"".join(export.streaming_content)
    ligne = facture.foyer.lignes_compte.get()
    assert client.get(f"/admin/snippets/facturation/lignecompte/edit/{ligne.pk}/").status_code in (
        302,
        403,
    )
    assert client.get(f"/admin/snippets/facturation/facture/pdf/{facture.pk}/").status_code == 200
    client.post(f"/admin/snippets/facturation/facture/envoyer/{facture.pk}/")
    assert mail.outbox[-1].attachments[0][0] == f"facture-{facture.reference}.pdf"


def test_education_ne_renvoie_pas_de_facture_et_un_parent_n_entre_pas(client, agents, facture):
    client.force_login(agents[EDUCATION])
    reponse = client.post(f"/admin/snippets/facturation/facture/envoyer/{facture.pk}/")
    assert (reponse.status_code, reponse["Location"]) == (302, "/admin/")  # Wagtail's refusal
    assert mail.outbox == []
    client.force_login(facture.foyer.titulaire)
    reponse = client.get(f"/admin/snippets/facturation/facture/pdf/{facture.pk}/")
    assert reponse.status_code == 302 and not reponse.content.startswith(b"%PDF")


def test_compte_de_la_famille_lu_par_la_regie_et_l_education(
    client, agents, facture, django_assert_max_num_queries
):
    """One family's ledger: the balance, the consumption line with what was paid of it, the
    payment with who entered it; the same page for Éducation; nobody else."""
    from famille.facturation.models import LigneCompte
    from famille.facturation.services import grand_livre

    foyer, structure = facture.foyer, facture.structure
    paiement = grand_livre.enregistrer_operation(
        agents[REGIE],
        foyer_id=foyer.pk,
        structure_id=structure.pk,
        type_=LigneCompte.Type.PAIEMENT,
        montant=Decimal("2.00"),
        jour=JOUR,
        libelle="Chèque n° 1234",
    )
    grand_livre.allouer(paiement)
    url = f"/admin/facturation/compte/{foyer.pk}/?du=2027-03-01"
    for role in (REGIE, EDUCATION):
        client.force_login(agents[role])
        client.get(url)  # the session and permissions cached
        with CaptureQueriesContext(connection) as requetes:
            page = client.get(url).content.decode()
        assert "Restauration scolaire — Léa" in page
        assert "Chèque n° 1234" in page and agents[REGIE].username in page
        assert f'data-testid="solde-{structure.pk}">-1,45\u00a0€' in page
        assert "2,00\u00a0€" in page  # paid of the 3,45 € line
    # As many queries with ten more lines: nothing is read per line.
    for n in range(10):
        grand_livre.enregistrer_operation(
            agents[REGIE],
            foyer_id=foyer.pk,
            structure_id=structure.pk,
            type_=LigneCompte.Type.AJUSTEMENT,
            montant=Decimal("-1.00"),
            jour=JOUR,
            libelle=f"Ajustement {n}",
        )
    with django_assert_max_num_queries(len(requetes)):
        assert "Ajustement 9" in client.get(url).content.decode()
    soldes = client.get("/admin/snippets/facturation/solde/").content.decode()
    assert f"/admin/facturation/compte/{foyer.pk}/" in soldes
    autre = Compte.objects.create_user(username="agent-sans-droit", is_staff=True)
    from django.contrib.auth.models import Permission

    autre.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(autre)
    assert client.get(url)["Location"] == "/admin/"  # Wagtail's refusal
    client.force_login(foyer.titulaire)
    assert client.get(url)["Location"].startswith("/admin/login/")
