"""The address kept with a règlement signature (and printed on its PDF) is the parent's, not the
load balancer's: the same helper as the login throttle and the security journal reads it."""

from __future__ import annotations

import pytest
from test_reglement_signature import (  # noqa: F401  (the autouse signer fixture)
    TEXTE,
    camille_responsable,
    donnees,
    enfant,
    url,
)

from famille.dossiers.models import SignatureReglement


@pytest.fixture
def reglement_page(publier_reglement):
    return publier_reglement(TEXTE)


def test_signature_derriere_le_repartiteur_garde_l_adresse_du_parent(
    parent_client, reglement_page, settings
):
    settings.NUM_PROXIES = 1
    leo = enfant(parent_client.foyer, "Léo")
    parent_client.post(
        url("reglement_fiche", leo.pk),
        donnees(),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.61",
    )
    assert SignatureReglement.objects.get().adresse_ip == "198.51.100.61"
