"""Règlement intérieur signed per child: the list, the fiche, the signature and its rules."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from famille.dossiers.models import (
    DossierFamillePage,
    Enfant,
    ResponsableLegal,
    SignatureReglement,
)
from famille.dossiers.services import rattacher_enfant
from famille.dossiers.services import reglement as services

TEXTE = "<h2>Article 1</h2><p>Réserver au moins 3 jours à l'avance.</p>"


@pytest.fixture(autouse=True)
def camille_responsable(request):
    """The signer of these tests is a responsable légal of the parent's foyer."""
    if "parent_client" in request.fixturenames:
        foyer = request.getfixturevalue("parent_client").foyer
        ResponsableLegal.objects.create(
            foyer=foyer, nom="Martin", prenom="Camille", lien="mere", telephone="0600000001"
        )


@pytest.fixture
def reglement_page(publier_reglement):
    return publier_reglement(TEXTE)


def enfant(foyer, prenom: str) -> Enfant:
    e = Enfant.objects.create(nom="Martin", prenom=prenom, date_naissance=datetime.date(2016, 5, 1))
    rattacher_enfant(foyer, e)
    return e


def url(route: str, *args) -> str:
    return DossierFamillePage.url_de(route, *args)


def donnees(**champs) -> dict:
    maintenant = timezone.localtime()
    valeurs = {
        "lu": "on",
        "nom": "Camille Martin",
        "lieu": "Cestas",
        "date": maintenant.strftime("%Y-%m-%d"),
        "heure": maintenant.strftime("%H:%M"),
        "version": services.empreinte(TEXTE),
    }
    valeurs.update(champs)
    return {k: v for k, v in valeurs.items() if v is not None}


def test_noms_des_enfants_en_haut_et_acceder_a_la_fiche(parent_client, reglement_page):
    leo, emma = enfant(parent_client.foyer, "Léo"), enfant(parent_client.foyer, "Emma")
    reponse = parent_client.get(url("reglement"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Léo Martin" in contenu and "Emma Martin" in contenu
    assert contenu.count(">Accéder à la fiche<span") == 2
    assert url("reglement_fiche", leo.pk) in contenu and url("reglement_fiche", emma.pk) in contenu
    assert contenu.count("À signer") == 2


def test_fiche_montre_le_texte_la_case_et_la_signature_preremplie(parent_client, reglement_page):
    leo = enfant(parent_client.foyer, "Léo")
    reponse = parent_client.get(url("reglement_fiche", leo.pk))
    contenu = reponse.content.decode()
    assert (
        "Réserver au moins 3 jours à l&#x27;avance." in contenu
        or "Réserver au moins 3 jours" in contenu
    )
    assert "J&#x27;ai pris connaissance du règlement intérieur" in contenu
    assert "Fait à" in contenu
    assert timezone.localdate().strftime("%Y-%m-%d") in contenu


def test_signature_enregistre_tout_ce_qui_est_demande(parent_client, reglement_page):
    leo = enfant(parent_client.foyer, "Léo")
    reponse = parent_client.post(
        url("reglement_fiche", leo.pk), donnees(), REMOTE_ADDR="192.0.2.10", follow=True
    )
    assert "La fiche de Léo est validée et signée." in reponse.content.decode()
    signature = SignatureReglement.objects.get()
    assert signature.enfant == leo
    assert signature.compte == parent_client.foyer.titulaire
    assert signature.structure == reglement_page.structure
    assert signature.page_id == reglement_page.pk
    reglement_page.refresh_from_db()
    assert signature.revision_id == reglement_page.live_revision_id is not None
    assert signature.empreinte == services.empreinte(TEXTE)
    assert (signature.nom, signature.lieu, signature.adresse_ip) == (
        "Camille Martin",
        "Cestas",
        "192.0.2.10",
    )
    assert abs(signature.signe_le - timezone.now()) < datetime.timedelta(minutes=2)
    liste = parent_client.get(url("reglement")).content.decode()
    assert "Signé" in liste and "Toutes les fiches sont signées." in liste


def test_sans_la_case_cochee_rien_n_est_enregistre(parent_client, reglement_page):
    leo = enfant(parent_client.foyer, "Léo")
    reponse = parent_client.post(url("reglement_fiche", leo.pk), donnees(lu=None))
    assert reponse.status_code == 400
    assert (
        "Cochez la case indiquant que vous avez pris connaissance du règlement intérieur."
        in reponse.content.decode()
    )
    assert not SignatureReglement.objects.exists()
    # The rest of the form is kept.
    assert 'value="Cestas"' in reponse.content.decode()


@pytest.mark.parametrize(
    "champ, message",
    [("nom", "Indiquez votre nom."), ("lieu", "Indiquez le lieu de la signature.")],
)
def test_nom_ou_lieu_vide_refuse(parent_client, reglement_page, champ, message):
    leo = enfant(parent_client.foyer, "Léo")
    reponse = parent_client.post(url("reglement_fiche", leo.pk), donnees(**{champ: "   "}))
    assert reponse.status_code == 400
    assert message in reponse.content.decode()
    assert not SignatureReglement.objects.exists()


def test_date_et_heure_doivent_etre_celles_de_la_signature(parent_client, reglement_page):
    leo = enfant(parent_client.foyer, "Léo")
    hier = timezone.localtime() - datetime.timedelta(days=1)
    reponse = parent_client.post(
        url("reglement_fiche", leo.pk), donnees(date=hier.strftime("%Y-%m-%d"))
    )
    assert reponse.status_code == 400
    assert "Indiquez la date et l&#x27;heure de votre signature" in reponse.content.decode()
    assert not SignatureReglement.objects.exists()


def test_heure_saisie_a_quelques_minutes_pres_acceptee(parent_client, reglement_page):
    leo = enfant(parent_client.foyer, "Léo")
    il_y_a_10_min = timezone.localtime() - datetime.timedelta(minutes=10)
    parent_client.post(
        url("reglement_fiche", leo.pk),
        donnees(date=il_y_a_10_min.strftime("%Y-%m-%d"), heure=il_y_a_10_min.strftime("%H:%M")),
    )
    signature = SignatureReglement.objects.get()
    assert timezone.localtime(signature.signe_le).strftime("%H:%M") == il_y_a_10_min.strftime(
        "%H:%M"
    )


def test_nouvelle_version_du_reglement_demande_une_nouvelle_signature(
    parent_client, reglement_page
):
    leo = enfant(parent_client.foyer, "Léo")
    parent_client.post(url("reglement_fiche", leo.pk), donnees())
    assert "Toutes les fiches sont signées." in parent_client.get(url("reglement")).content.decode()

    reglement_page.corps = TEXTE + "<p>Article 2 : nouveau tarif majoré.</p>"
    reglement_page.save_revision().publish()

    liste = parent_client.get(url("reglement")).content.decode()
    assert "À signer" in liste
    assert "Une nouvelle version du règlement intérieur a été publiée" in liste
    fiche = parent_client.get(url("reglement_fiche", leo.pk)).content.decode()
    assert "nouveau tarif majoré" in fiche and "Valider et signer" in fiche


def test_republier_le_meme_texte_garde_la_signature(parent_client, reglement_page):
    leo = enfant(parent_client.foyer, "Léo")
    parent_client.post(url("reglement_fiche", leo.pk), donnees())
    reglement_page.title = "Règlement intérieur (coquille corrigée)"
    reglement_page.save_revision().publish()
    assert "Toutes les fiches sont signées." in parent_client.get(url("reglement")).content.decode()


def test_version_changee_pendant_la_lecture(parent_client, reglement_page):
    leo = enfant(parent_client.foyer, "Léo")
    reponse = parent_client.post(
        url("reglement_fiche", leo.pk), donnees(version="ancienne"), follow=True
    )
    assert "vient d&#x27;être mis à jour" in reponse.content.decode()
    assert not SignatureReglement.objects.exists()


def test_fiche_d_un_enfant_d_une_autre_famille_404(parent_client, reglement_page, creer_famille):
    autre = enfant(creer_famille(), "Zoé")
    assert parent_client.get(url("reglement_fiche", autre.pk)).status_code == 404
    assert parent_client.post(url("reglement_fiche", autre.pk), donnees()).status_code == 404
    assert not SignatureReglement.objects.exists()


def test_parents_separes_signent_chacun(client, reglement_page, creer_famille):
    mere = creer_famille(prenom="Julie", nom="Bernard")
    pere = creer_famille(prenom="Thomas", nom="Petit")
    lucas = enfant(mere, "Lucas")
    rattacher_enfant(pere, lucas)
    client.force_login(mere.titulaire)
    client.post(url("reglement_fiche", lucas.pk), donnees(nom="Julie Bernard"))
    client.force_login(pere.titulaire)
    liste = client.get(url("reglement")).content.decode()
    assert "À signer" in liste, "la signature de l'autre parent ne vaut pas pour ce compte"
    assert "Julie Bernard" not in liste
    client.post(url("reglement_fiche", lucas.pk), donnees(nom="Thomas Petit"))
    assert SignatureReglement.objects.filter(enfant=lucas).count() == 2


def test_sans_reglement_publie(parent_client, arbre):
    leo = enfant(parent_client.foyer, "Léo")
    contenu = parent_client.get(url("reglement_fiche", leo.pk)).content.decode()
    assert "Aucun règlement intérieur n'est publié" in contenu


def test_deconnecte_redirige_vers_la_connexion(client, reglement_page, creer_famille):
    leo = enfant(creer_famille(), "Léo")
    reponse = client.get(url("reglement_fiche", leo.pk))
    assert reponse.status_code == 302 and "/connexion/" in reponse["Location"]


@pytest.mark.parametrize("nom", ["camille martin", "MARTIN Camille", "Camille  Martin"])
def test_le_nom_d_un_responsable_legal_accents_et_casse_pardonnes(
    parent_client, reglement_page, nom
):
    lea = enfant(parent_client.foyer, "Léa")
    reponse = parent_client.post(url("reglement_fiche", lea.pk), donnees(nom=nom))
    assert reponse.status_code == 302
    assert SignatureReglement.objects.get(enfant=lea).nom == nom.strip()


def test_les_accents_sont_pardonnes(parent_client, reglement_page):
    ResponsableLegal.objects.create(
        foyer=parent_client.foyer, nom="Le Gall", prenom="Hélène", lien="pere", telephone="06"
    )
    lea = enfant(parent_client.foyer, "Léa")
    reponse = parent_client.post(url("reglement_fiche", lea.pk), donnees(nom="helene le-gall"))
    assert reponse.status_code == 302


def test_un_nom_qui_n_est_pas_d_un_responsable_legal_est_refuse(parent_client, reglement_page):
    lea = enfant(parent_client.foyer, "Léa")
    reponse = parent_client.post(url("reglement_fiche", lea.pk), donnees(nom="Mickey Mouse"))
    assert reponse.status_code == 400
    assert "Le règlement est signé par un responsable légal de l&#x27;enfant" in (
        reponse.content.decode()
    )
    assert "« Camille Martin »" in reponse.content.decode()
    assert not SignatureReglement.objects.exists()
