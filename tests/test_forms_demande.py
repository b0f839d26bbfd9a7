"""« Demande de compte pour le second parent »: a Wagtail form page whose answers are e-mailed
to the Education service, and read in the admin by that service only."""

from __future__ import annotations

from html import unescape

import pytest
from django.core import mail

from famille.comptes.models import Compte
from famille.comptes.roles import COMMUNICATION, EDUCATION, installer_groupes
from forms import demo as formulaires_demo
from forms.models import DemandePage


@pytest.fixture
def formulaire(arbre):
    from home.models import ParametresPortail

    parametres = ParametresPortail.load()
    parametres.email = "affaires.scolaires@mairie-cestas.fr"
    parametres.save()
    return formulaires_demo.charger()


def reponses(**autres) -> dict:
    return {
        "nom_et_prenom": "Thomas Petit",
        "adresse_e_mail": "thomas.petit@exemple.fr",
        "adresse_postale": "9 rue des Chênes, 33600 Pessac",
        "nom_prenom_et_ecole_des_enfants": "Lucas Petit, CE2, école Les Pins",
        "organisation_de_la_garde": "Semaines impaires",
        "je_ne_demeure_pas_a_la_meme_adresse_que_lautre_parent": "on",
        **autres,
    }


def test_la_demo_est_idempotente(formulaire):
    assert formulaires_demo.charger().pk == formulaire.pk
    assert DemandePage.objects.count() == 1
    assert formulaire.title == "Demande de compte pour le second parent"


def test_la_demande_est_envoyee_au_service_education(client, formulaire):
    page = client.get(formulaire.url)
    assert page.status_code == 200
    assert "Envoyer la demande" in page.content.decode()

    reponse = client.post(formulaire.url, reponses())

    assert reponse.status_code == 200
    assert "Votre demande a bien été envoyée au service Éducation" in reponse.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["affaires.scolaires@mairie-cestas.fr"]
    assert "Thomas Petit" in message.body and "Semaines impaires" in message.body
    assert formulaire.get_submission_class().objects.filter(page=formulaire).count() == 1


def test_une_reponse_incomplete_n_est_pas_envoyee(client, formulaire):
    reponse = client.post(formulaire.url, reponses(adresse_e_mail="pas-une-adresse"))

    assert reponse.status_code == 200
    assert "Saisissez une adresse de courriel valide." in reponse.content.decode()
    assert mail.outbox == []
    assert not formulaire.get_submission_class().objects.exists()


@pytest.mark.parametrize(("groupe", "voit"), [(EDUCATION, True), (COMMUNICATION, False)])
def test_seul_le_service_education_lit_les_reponses(client, formulaire, groupe, voit):
    client.post(formulaire.url, reponses())
    agent = Compte.objects.create_user(username="agent", is_staff=True)
    agent.groups.set([installer_groupes()[groupe]])
    client.force_login(agent)

    reponse = client.get(f"/admin/forms/submissions/{formulaire.pk}/")

    if voit:
        assert reponse.status_code == 200
        assert "Thomas Petit" in reponse.content.decode()
    else:
        assert reponse.status_code in (302, 403, 404)
        assert "Thomas Petit" not in reponse.content.decode()


def test_communication_ne_peut_pas_detourner_les_reponses(
    formulaire, client, agent_communication, connecter
):
    """Issue 8.3: the recipients of answers carrying family data are not on the page."""
    edition = connecter(agent_communication).get(f"/admin/pages/{formulaire.pk}/edit/")
    assert edition.status_code == 200
    assert 'name="to_address"' not in edition.content.decode()
    # Server-side too: a to_address posted with the page is dropped on save and publish.
    formulaire.to_address = "pirate@exemple.com"
    formulaire.save_revision(user=agent_communication).publish()
    formulaire.refresh_from_db()
    assert formulaire.to_address == ""

    client.post(formulaire.url, reponses())

    assert [m.to for m in mail.outbox] == [["affaires.scolaires@mairie-cestas.fr"]]


def test_seul_le_service_education_fixe_les_destinataires(
    formulaire, client, agent_communication, agent_education, connecter
):
    from forms.models import DestinatairesDemandes

    url = "/admin/settings/formulaires/destinatairesdemandes/"
    refus = connecter(agent_communication).get(url, follow=True)
    assert refus.redirect_chain[-1][0] == "/admin/"
    education = connecter(agent_education)
    reponse = education.post(
        f"{url}{DestinatairesDemandes.load().pk}/", {"emails": "ecoles@cestas.fr; pas-une-adresse"}
    )
    assert "« pas-une-adresse » n'est pas une adresse e-mail valide." in unescape(
        reponse.content.decode()
    )
    assert DestinatairesDemandes.load().emails == "affaires.scolaires@mairie-cestas.fr"
    education.post(
        f"{url}{DestinatairesDemandes.load().pk}/",
        {"emails": "ecoles@cestas.fr; accueil@cestas.fr"},
    )
    client.post(formulaire.url, reponses())
    assert mail.outbox[-1].to == ["ecoles@cestas.fr", "accueil@cestas.fr"]
