"""The demo data: idempotent, complete as the README announces it, and dated around today."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _comptages() -> dict[str, int]:
    return {modele._meta.label: modele._base_manager.count() for modele in apps.get_models()}


def test_commande_demo(db, capsys):
    call_command("demo")
    sortie = capsys.readouterr().out
    assert "Données de démonstration prêtes." in sortie
    from famille.dossiers.models import Foyer

    assert Foyer.objects.filter(numero="F1001").exists()


@pytest.mark.parametrize(
    "maintenant",
    [
        datetime.datetime(2027, 1, 14, 10, 0, tzinfo=ZoneInfo("Europe/Paris")),
        datetime.datetime(2028, 9, 21, 18, 30, tzinfo=ZoneInfo("Europe/Paris")),
    ],
)
def test_dates_de_la_demo_suivent_la_date_du_jour(db, maintenant):
    from famille.dossiers.models import Campagne
    from famille.reservations.models import PeriodeReservation
    from home import demo
    from home.models import HomePage

    with time_machine.travel(maintenant, tick=False):
        demo.charger()
        aujourdhui = timezone.localdate()
        assert aujourdhui == maintenant.date()

        en_cours = [c for c in Campagne.objects.all() if c.ouverture <= aujourdhui <= c.cloture]
        assert len(en_cours) == 1, "une campagne de dossiers est en cours aujourd'hui"

        periodes = PeriodeReservation.objects.filter(
            ouverture__lte=timezone.now(), debut__lte=aujourdhui, fin__gte=aujourdhui
        )
        assert periodes.count() == 2, "une période de réservation ouverte par structure"

        dates = list(HomePage.objects.get().actualites.values_list("date", flat=True))
        assert max(dates) == aujourdhui
        assert all(aujourdhui - d < datetime.timedelta(days=31) for d in dates)


def test_actualites_de_la_demo_rechargee_plus_tard_suivent_la_date(db):
    from home import demo
    from home.models import HomePage

    debut = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    with time_machine.travel(debut, tick=False):
        demo.charger()
    with time_machine.travel(debut + datetime.timedelta(days=45), tick=False):
        demo.charger()
        accueil = HomePage.objects.get()
        dates = list(accueil.actualites.values_list("date", flat=True))
        assert len(dates) == 3
        assert max(dates) == timezone.localdate()
        # The published revision carries the new dates too (what the editor opens).
        assert max(a.date for a in accueil.live_revision.as_object().actualites.all()) == max(dates)


class TestDemoChargee:
    """The demo loaded once for these tests (tests/conftest.py's `demo_partagee`); each rolls back
    its own changes."""

    @pytest.fixture
    def demo(self, demo_partagee):
        return demo_partagee

    def test_charger_deux_fois_ne_change_rien(self, demo):
        from wagtail.models import Revision

        avant = _comptages()
        revisions_avant = Revision.page_revisions.count()
        demo.charger()
        apres = _comptages()
        differences = {k: (avant[k], apres[k]) for k in avant if avant[k] != apres[k]}
        assert differences == {}
        assert Revision.page_revisions.count() == revisions_avant
        assert avant["home.QuestionFaq"] > 0 and avant["dossiers.Foyer"] > 0

    def test_contenu_de_la_demo(self, demo):
        from famille.comptes.models import Compte, Structure
        from famille.comptes.roles import COMMUNICATION, EDUCATION, REGIE
        from famille.dossiers.models import Ecole
        from famille.reservations.models import Prestation
        from home.models import FaqPage, HomePage, LegalPage, ParametresPortail, ReglementPage

        assert Structure.objects.count() == 2
        assert Ecole.objects.count() == 3
        assert set(Prestation.objects.values_list("type", flat=True)) >= {
            Prestation.Type.RESTAURATION,
            Prestation.Type.ACCUEIL_MATIN,
            Prestation.Type.ACCUEIL_SOIR,
            Prestation.Type.MERCREDI,
        }
        assert set(Prestation.objects.values_list("nom", flat=True)) >= {
            "Restauration scolaire",
            "Accueil du matin",
            "Accueil du soir",
            "Centre de loisirs du mercredi",
        }

        accueil = HomePage.objects.get()
        visibilites = set(accueil.actualites.values_list("visibilite", flat=True))
        assert visibilites == {"public", "familles"}
        faq = FaqPage.objects.get()
        assert faq.questions.count() >= 8
        assert faq.questions_par_categorie("mot de passe")
        pages_legales = LegalPage.objects.live()
        assert {p.type for p in pages_legales} == {"rgpd", "cgu", "mentions", "accessibilite"}
        for page in pages_legales:
            # Real text, not the placeholder the page tree starts with.
            assert "<h2>" in page.corps and len(page.corps) > 200, page.title
        for structure in Structure.objects.all():
            reglement = ReglementPage.objects.live().get(structure=structure)
            assert structure.reglement_page_id == reglement.pk
            assert reglement.live_revision is not None
        parametres = ParametresPortail.load()
        assert parametres.email and parametres.telephone and parametres.guichet
        assert parametres.guide_utilisateur is not None

        for groupe in (EDUCATION, COMMUNICATION, REGIE):
            personnel = Compte.objects.filter(groups__name=groupe, is_staff=True)
            assert personnel.count() == 1, groupe

    def test_familles_de_la_demo(self, demo):
        from famille.dossiers.models import Foyer

        martin = Foyer.objects.get(numero="F1001")
        assert martin.enfants.count() == 3
        assert not martin.titulaire.mot_de_passe_initial

        mere, pere = Foyer.objects.get(numero="F1002"), Foyer.objects.get(numero="F1003")
        assert mere.titulaire != pere.titulaire
        enfants_mere = set(mere.enfants.values_list("pk", flat=True))
        assert enfants_mere and enfants_mere == set(pere.enfants.values_list("pk", flat=True))
        assert mere.adresse != pere.adresse

        jamais_connectee = Foyer.objects.get(numero="F1004")
        assert jamais_connectee.titulaire.mot_de_passe_initial

    def test_identifiants_de_la_demo_ouvrent_une_session(self, client, demo):
        reponse = client.post(
            "/connexion/", {"username": "F1004", "password": "Bienvenue-Cestas-F4"}
        )
        assert reponse.status_code == 302
        assert reponse["Location"] == "/premiere-connexion/mot-de-passe/"
        client.logout()
        reponse = client.post(
            "/admin/login/", {"username": "communication", "password": "Communication-demo-2026"}
        )
        assert reponse.status_code == 302
        assert client.get("/admin/").status_code == 200
