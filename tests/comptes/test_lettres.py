"""Letters that hand families their identifiant and a new initial password: PDF (one page per
family) or e-mail through a django-q2 task; the previous password stops working."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from famille.comptes import lettres
from famille.comptes.models import Compte, Evenement
from famille.comptes.roles import COMMUNICATION, EDUCATION, REGIE, installer_groupes

ANCIEN = "Une phrase de passe solide"  # the creer_famille fixture's personal password


def texte_des_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def agent(db):
    groupes = installer_groupes()

    def _creer(groupe: str) -> Compte:
        compte = Compte.objects.create_user(username=f"agent-{groupe}", is_staff=True)
        compte.groups.set([groupes[groupe]])
        return compte

    return _creer


def url_courriers(*foyers) -> str:
    base = reverse("wagtail_bulk_action", args=("dossiers", "foyer", "courriers"))
    return base + "?" + "&".join(f"id={f.pk}" for f in foyers)


@pytest.fixture
def contact(db):
    from home.models import ParametresPortail

    parametres = ParametresPortail.load()
    parametres.nom_collectivite = "Mairie de Cestas"
    parametres.email = "affaires.scolaires@mairie-cestas.fr"
    parametres.telephone = "05 56 78 84 80"
    parametres.save()
    return parametres


def test_pdf_une_page_par_famille_avec_identifiant_et_nouveau_mot_de_passe(contact, creer_famille):
    foyers = [creer_famille("F5001"), creer_famille("F5002"), creer_famille("F5003")]
    comptes = [f.titulaire for f in foyers]

    pages = texte_des_pages(lettres.courriers_pdf(comptes))

    assert len(pages) == 3
    for compte, texte in zip(comptes, pages, strict=True):
        compte.refresh_from_db()
        assert compte.username in texte
        assert "http://localhost:8000" in texte  # settings.PORTAIL_URL
        assert "affaires.scolaires@mairie-cestas.fr" in texte  # the contact setting
        assert "05 56 78 84 80" in texte
        assert compte.mot_de_passe_initial is True
        assert not compte.check_password(ANCIEN)
        # The password printed on the page is the one that now opens the account.
        imprime = texte.split("Mot de passe")[1].split()[0]
        assert compte.check_password(imprime)
    assert Evenement.objects.filter(type=Evenement.Type.COURRIER).count() == 3


def test_un_second_courrier_invalide_le_premier_mot_de_passe(creer_famille):
    compte = creer_famille("F5001").titulaire
    premier = texte_des_pages(lettres.courriers_pdf([compte]))[0]
    mot_de_passe_1 = premier.split("Mot de passe")[1].split()[0]
    assert compte.check_password(mot_de_passe_1)

    second = texte_des_pages(lettres.courriers_pdf([compte]))[0]
    mot_de_passe_2 = second.split("Mot de passe")[1].split()[0]

    compte.refresh_from_db()
    assert mot_de_passe_1 != mot_de_passe_2
    assert not compte.check_password(mot_de_passe_1)
    assert compte.check_password(mot_de_passe_2)


def test_le_contact_vient_des_reglages_de_la_communication(contact):
    contact.email = "education@ville.fr"
    contact.save()

    assert lettres.contact_du_service().email == "education@ville.fr"


def test_action_groupee_pdf_depuis_la_liste(client, agent, creer_famille):
    a, b = creer_famille("F5001"), creer_famille("F5002")
    education = agent(EDUCATION)
    client.force_login(education)

    confirmation = client.get(url_courriers(a, b))
    assert confirmation.status_code == 200
    assert "Produire les courriers" in confirmation.content.decode()

    reponse = client.post(url_courriers(a, b), {"mode": "pdf"})

    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(reponse.content)).pages) == 2
    evenement = Evenement.objects.filter(type=Evenement.Type.COURRIER).first()
    assert evenement.auteur == education


def test_action_groupee_par_e_mail(client, agent, creer_famille):
    foyer = creer_famille("F5001", emails="parent@exemple.fr;autre@exemple.fr")
    sans = creer_famille("F5002", emails="")
    client.force_login(agent(EDUCATION))

    reponse = client.post(url_courriers(foyer, sans), {"mode": "email"}, follow=True)

    assert "1 courrier(s) d&#x27;identifiants en cours d&#x27;envoi par e-mail." in (
        reponse.content.decode()
    )
    assert "1 compte(s) sans adresse e-mail : imprimez leur courrier." in (reponse.content.decode())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["parent@exemple.fr", "autre@exemple.fr"]
    assert "F5001" in message.body
    mot_de_passe = message.body.split("Mot de passe : ")[1].split()[0]
    compte = foyer.titulaire
    compte.refresh_from_db()
    assert compte.check_password(mot_de_passe)
    assert not compte.check_password(ANCIEN)
    assert sans.titulaire.check_password(ANCIEN)  # no address: nothing changed
    assert Evenement.objects.get(type=Evenement.Type.COURRIER).detail == "courrier par e-mail"


def test_la_tache_ne_recoit_que_des_identifiants(monkeypatch, creer_famille):
    appels = []
    monkeypatch.setattr(
        "django_q.tasks.async_task", lambda *args, **kwargs: appels.append((args, kwargs))
    )
    compte = creer_famille("F5001").titulaire

    lettres.programmer_envois([compte])

    assert appels == [(("famille.comptes.lettres.envoyer_courrier", compte.pk, None), {})]
    compte.refresh_from_db()
    assert compte.check_password(ANCIEN)  # the password is made in the task, not before


@pytest.mark.parametrize("groupe", [REGIE, COMMUNICATION])
def test_les_autres_roles_ne_produisent_pas_de_courrier(client, agent, creer_famille, groupe):
    foyer = creer_famille("F5001")
    client.force_login(agent(groupe))

    reponse = client.post(url_courriers(foyer), {"mode": "pdf"})

    assert reponse.status_code in (302, 403)
    foyer.titulaire.refresh_from_db()
    assert foyer.titulaire.check_password(ANCIEN)
    assert not Evenement.objects.filter(type=Evenement.Type.COURRIER).exists()
