"""The régie's online payment settings in the admin: the Régie sets its PayFiP client number
and mode; a number that is not six digits, or the stand-in bank where it is off, is refused in
French; the attempts are read-only."""

from __future__ import annotations

import pytest
from django.test import override_settings

from famille.comptes.models import Compte
from famille.comptes.roles import REGIE, installer_groupes
from famille.facturation.models import RegiePaiement

URL = "/admin/snippets/facturation/regiepaiement/add/"


@pytest.fixture
def regisseur(arbre, client):
    compte = Compte.objects.create_user(username="regisseur", is_staff=True)
    compte.groups.set([installer_groupes()[REGIE]])
    client.force_login(compte)
    return client


def formulaire(structure, **champs):
    return {"structure": structure.pk, "actif": "on", "banque": "payfip_ws", "saisie": "T"} | champs


def test_regie_configure_payfip(regisseur, structure):
    reponse = regisseur.post(URL, formulaire(structure, numcli="090909", saisie="W"))
    assert reponse.status_code == 302
    regie = RegiePaiement.objects.get(structure=structure)
    assert (regie.banque, regie.numcli, regie.saisie) == ("payfip_ws", "090909", "W")


def test_numcli_de_six_chiffres(regisseur, structure):
    reponse = regisseur.post(URL, formulaire(structure, numcli="12AB"))
    assert "Le numéro client PayFiP compte six chiffres." in reponse.content.decode()
    assert not RegiePaiement.objects.exists()


def test_banque_fictive_refusee_en_production(regisseur, structure):
    with override_settings(BANQUE_FICTIVE=False):
        reponse = regisseur.post(URL, formulaire(structure, banque="dummy"))
    assert "La banque fictive n&#x27;existe pas sur ce portail" in reponse.content.decode()
    assert not RegiePaiement.objects.exists()


def test_les_transactions_ne_se_modifient_pas(regisseur):
    assert regisseur.get("/admin/snippets/facturation/transactionpaiement/").status_code == 200
    assert regisseur.get("/admin/snippets/facturation/transactionpaiement/add/").status_code in (
        302,
        403,
        404,
    )
