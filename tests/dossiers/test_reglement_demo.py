"""The demo data of the règlement intérieur: idempotent, and separated parents sign each."""

from __future__ import annotations

import pytest
from django_q.models import Schedule

from famille.dossiers import demo_reglement
from famille.dossiers.models import SignatureReglement


class TestReglementDeLaDemo:
    """The demo loaded once for these tests (tests/conftest.py's `demo_partagee`); each rolls back
    its own changes."""

    @pytest.fixture
    def demo(self, demo_partagee):
        return demo_partagee

    def test_demo_reglement_idempotente(self, demo):
        demo_reglement.charger()
        demo_reglement.charger()
        (signature,) = SignatureReglement.objects.filter(compte__username="F1002")
        assert signature.enfant.prenom == "Lucas"
        assert not SignatureReglement.objects.filter(
            compte__username__in=["F1001", "F1003"]
        ).exists()
        assert (
            Schedule.objects.filter(func="famille.dossiers.services.rgpd_purge.purger").count() == 1
        )

    def test_le_pere_voit_lucas_a_signer(self, demo, client):
        from famille.comptes import services
        from famille.comptes.models import Compte
        from famille.dossiers.models import DossierFamillePage

        demo_reglement.charger()
        pere = Compte.objects.get(username="F1003")
        services.enregistrer_consentements(pere, services.documents_a_accepter(pere))
        client.force_login(pere)
        contenu = client.get(DossierFamillePage.url_de("reglement")).content.decode()
        assert "Lucas Petit" in contenu
        # Lucas and Chloé: the mother’s signature does not count for the father.
        assert contenu.count(">À signer<") == 2
