"""The Communication group publishes content in the Wagtail admin (its other limits are tested
with the roles in the comptes tests)."""

from __future__ import annotations

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.models import FaqPage, HomePage


@pytest.fixture
def communication_client(client, arbre):
    from famille.comptes.models import Compte
    from famille.comptes.roles import COMMUNICATION, installer_groupes

    groupes = installer_groupes()
    compte = Compte.objects.create_user(
        "redaction", password="Une phrase de passe solide", is_staff=True
    )
    compte.groups.set([groupes[COMMUNICATION]])
    client.force_login(compte)
    return client


def _formulaire_page(page, **champs) -> dict:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "seo_title": "",
            "search_description": "",
            "introduction": rich_text(""),
            "action-publish": "publish",
            **champs,
        }
    )


def test_communication_ouvre_l_editeur_des_pages_de_contenu(communication_client, arbre):
    for page in (arbre, FaqPage.objects.get()):
        reponse = communication_client.get(f"/admin/pages/{page.pk}/edit/")
        assert reponse.status_code == 200
        assert "Publier" in reponse.content.decode()


def test_communication_publie_une_actualite_reservee_aux_familles(
    communication_client, arbre, client
):
    donnees = _formulaire_page(
        arbre,
        actualites=inline_formset(
            [
                {
                    "titre": "Fête de l'école",
                    "date": "2025-06-20",
                    "visibilite": "familles",
                    "texte": rich_text("<p>Samedi après-midi.</p>"),
                    "image": "",
                }
            ]
        ),
    )
    reponse = communication_client.post(f"/admin/pages/{arbre.pk}/edit/", donnees)
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    accueil = HomePage.objects.get()
    actualite = accueil.actualites.get()
    assert actualite.titre == "Fête de l'école"
    assert actualite.visibilite == "familles"
    assert accueil.live_revision.user.username == "redaction"
    # Published, but only for logged-in families.
    communication_client.logout()
    assert "Fête de l" not in client.get("/").content.decode()


def test_communication_publie_une_question_de_la_faq_trouvee_par_la_recherche(
    communication_client, client
):
    faq = FaqPage.objects.get()
    donnees = _formulaire_page(
        faq,
        questions=inline_formset(
            [
                {
                    "categorie": "Paiement",
                    "question": "Puis-je payer par prélèvement ?",
                    "reponse": rich_text("<p>Oui, en le demandant au guichet unique.</p>"),
                }
            ]
        ),
    )
    reponse = communication_client.post(f"/admin/pages/{faq.pk}/edit/", donnees)
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    communication_client.logout()
    html = client.get("/faq/", {"q": "prélèvement"}).content.decode()
    assert "Puis-je payer par prélèvement ?" in html
    assert '<h2 class="h4">Paiement</h2>' in html


def test_communication_modifie_les_coordonnees_du_service(communication_client, client):
    from home.models import ParametresPortail

    reponse = communication_client.get("/admin/settings/home/parametresportail/", follow=True)
    assert reponse.status_code == 200
    assert "Contact du service Éducation" in reponse.content.decode()
    reponse = communication_client.post(
        reponse.redirect_chain[-1][0] if reponse.redirect_chain else reponse.request["PATH_INFO"],
        {
            "nom_collectivite": "Mairie de Cestas",
            "email": "education@cestas.fr",
            "guichet": "Hôtel de ville",
            "telephone": "05 56 00 00 00",
            "horaires": "",
            "guide_utilisateur": "",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    assert ParametresPortail.load().email == "education@cestas.fr"
    communication_client.logout()
    assert "education@cestas.fr" in client.get("/").content.decode()
