"""French and clear where staff look (issue 9.10): « Oui »/« Non » on the Inspecter pages, the
Aide menu leading to the Education service's guide, versions as dates."""

from __future__ import annotations

from aides_admin import texte
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from famille.dossiers.models import Foyer, SignatureReglement


def test_page_inspecter_sans_false_pour_la_regie(connecter, agent_regie, alice):
    client = connecter(agent_regie)
    Foyer.objects.filter(pk=alice.foyer.pk).update(dossier_papier=False)
    html = texte(client.get(f"/admin/snippets/dossiers/foyer/inspect/{alice.foyer.pk}/"))
    assert "Dossier papier" in html
    assert "False" not in html and "True" not in html
    assert "Non" in html


def test_le_menu_aide_mene_au_guide_du_service(connecter, agent_education):
    client = connecter(agent_education)
    tableau = texte(client.get("/admin/"))
    assert "/admin/guide-education/" in tableau
    assert "Guide de l" not in tableau and "Editor Guide" not in tableau
    guide = texte(client.get("/admin/guide-education/"))
    assert "Suivre le renouvellement des dossiers" in guide
    assert "Relancer par e-mail" in guide


def test_version_du_reglement_en_date(connecter, agent_education, alice, publier_reglement):
    page = publier_reglement("<p>Article 1.</p>")
    page.refresh_from_db()
    lea = alice.enfants["Léa"]
    SignatureReglement.objects.create(
        enfant=lea,
        compte=alice.compte,
        structure=page.structure,
        page=page,
        revision=page.live_revision,
        empreinte="x",
        nom="Alice Martin",
        lieu="Cestas",
        signe_le=timezone.now(),
    )
    client = connecter(agent_education)
    liste = texte(client.get(reverse("wagtailsnippets_dossiers_signaturereglement:list")))
    assert (
        "version du " + date_format(timezone.localtime(page.live_revision.created_at), "j F Y")
        in liste
    )
