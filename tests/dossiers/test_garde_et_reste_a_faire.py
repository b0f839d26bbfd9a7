"""What the parent reads first on the Accueil: « Ce qu'il vous reste à faire » (the dossier's
next steps and deadline, the règlements to sign, each with its link), the custody sentence of
each separated parent, and the memo's chain from the RGPD and CGU through the règlement."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from famille.comptes import services as comptes_services
from famille.comptes.francais import date_en_mots
from famille.dossiers.models import Enfant, Garde, Modification, PeriodeGarde
from famille.dossiers.services import rattacher_enfant
from famille.dossiers.services.garde_en_mots import phrases_de_garde
from famille.dossiers.services.reste_a_faire import _FOURNISSEURS, Rubrique, Tache, ajouter_rubrique


def enfant(prenom: str, annee: int = 2017) -> Enfant:
    return Enfant.objects.create(
        nom="Petit", prenom=prenom, date_naissance=datetime.date(annee, 5, 2)
    )


@pytest.fixture
def separes(arbre, creer_famille):
    mere, pere = creer_famille(), creer_famille()
    lucas, chloe = enfant("Lucas", 2016), enfant("Chloé", 2018)
    for e in (lucas, chloe):
        rattacher_enfant(mere, e, Garde.Regle.SEMAINES_PAIRES)
        rattacher_enfant(pere, e, Garde.Regle.SEMAINES_IMPAIRES)
    return mere, pere


@time_machine.travel(datetime.datetime(2027, 12, 8, 10, 0), tick=False)  # ISO week 49
def test_chaque_parent_separe_lit_sa_regle_de_garde(client, separes):
    mere, pere = separes
    assert phrases_de_garde(mere) == [
        "Vous avez Lucas et Chloé les semaines paires.",
        "Cette semaine est la semaine n°\u00a049, une semaine impaire.",
    ]
    assert phrases_de_garde(pere)[0] == "Vous avez Lucas et Chloé les semaines impaires."
    client.force_login(pere.titulaire)
    for url in ("/", "/dossier-famille/"):
        html = client.get(url).content.decode()
        assert "Vous avez Lucas et Chloé les semaines impaires." in html, url
        assert "semaines paires" not in html, url


def test_jours_et_periodes_en_mots(separes):
    mere, _ = separes
    emma = enfant("Emma", 2019)
    garde = rattacher_enfant(mere, emma, Garde.Regle.JOURS, "3,1")
    autre = creer = Garde.objects.create(foyer=separes[1], enfant=emma, regle=Garde.Regle.PERIODES)
    PeriodeGarde.objects.create(
        garde=autre, debut=datetime.date(2027, 9, 1), fin=datetime.date(2027, 9, 15)
    )
    assert "Vous avez Emma le lundi et mercredi." in phrases_de_garde(mere)
    assert "Vous avez Emma du 1er septembre 2027 au 15 septembre 2027." in phrases_de_garde(
        separes[1]
    )
    assert garde and creer and date_en_mots(datetime.date(2027, 8, 15)) == "15 août 2027"


def test_une_famille_non_separee_n_a_pas_de_phrase(arbre, creer_famille):
    foyer = creer_famille()
    rattacher_enfant(foyer, enfant("Inès"))
    assert phrases_de_garde(foyer) == []


@pytest.fixture
def famille_en_campagne(parent_client, campagne, publier_reglement):
    publier_reglement("<p>Article 1.</p>")
    for prenom, annee in (("Inès", 2016), ("Emma", 2018)):
        rattacher_enfant(parent_client.foyer, enfant(prenom, annee))
    return parent_client


def test_reste_a_faire_dossier_echeance_et_reglements_avec_leurs_liens(
    famille_en_campagne, campagne
):
    html = famille_en_campagne.get("/").content.decode()
    debut = html.index('data-testid="reste-a-faire"')
    boite = html[debut : html.index("</section>", debut)]
    assert "Ce qu'il vous reste à faire" in boite
    assert f"Mon dossier famille {campagne.annee_scolaire}" in boite
    assert date_en_mots(campagne.cloture) in boite
    assert 'href="/dossier-famille/famille/"' in boite
    inès = Enfant.objects.get(prenom="Inès")
    assert f'href="/dossier-famille/reglement/{inès.pk}/' in boite
    assert "Règlement intérieur — Emma" in boite


def test_une_rubrique_ajoutee_par_une_autre_capacite(famille_en_campagne):
    def reservations(compte, foyer, structure):
        return Rubrique(
            "reservations",
            "Réservations à faire",
            [Tache("Rentrée", "pieces")],
        )

    ajouter_rubrique(reservations)
    try:
        html = famille_en_campagne.get("/").content.decode()
    finally:
        _FOURNISSEURS.remove(reservations)
    assert 'data-rubrique="reservations"' in html
    assert 'href="/dossier-famille/pieces/">Rentrée</a>' in html


def test_premiere_connexion_consentements_puis_reglement_de_chaque_enfant_puis_accueil(
    client, campagne, publier_reglement, creer_famille
):
    publier_reglement("<p>Article 1.</p>")
    foyer = creer_famille(premiere_connexion_faite=False)
    compte = foyer.titulaire
    ines, emma = enfant("Inès", 2016), enfant("Emma", 2018)
    for e in (ines, emma):
        rattacher_enfant(foyer, e)
    comptes_services.definir_mot_de_passe(compte, "Une phrase de passe solide")
    client.force_login(compte)
    reponse = client.post("/premiere-connexion/consentements/", {"rgpd": "on", "cgu": "on"})
    assert reponse["Location"] == "/"
    reponse = client.get("/")
    assert reponse.status_code == 302 and reponse["Location"] == "/dossier-famille/reglement/"
    assert (
        "Dernière étape de votre première connexion"
        in client.get("/dossier-famille/reglement/").content.decode()
    )

    def signer(e):
        from django.utils import timezone

        maintenant = timezone.localtime()
        return client.post(
            f"/dossier-famille/reglement/{e.pk}/",
            {
                "lu": "on",
                "nom": compte.get_full_name(),
                "lieu": "Cestas",
                "date": maintenant.date().isoformat(),
                "heure": maintenant.strftime("%H:%M"),
                "version": client.get(f"/dossier-famille/reglement/{e.pk}/")
                .context["form"]["version"]
                .value(),
            },
        )

    assert signer(ines)["Location"] == "/dossier-famille/reglement/"
    assert signer(emma)["Location"] == "/"
    html = client.get("/").content.decode()
    assert 'data-testid="reste-a-faire"' in html
    assert 'data-rubrique="reglements"' not in html and 'data-rubrique="dossier"' in html
    # The chain is over: the Accueil stays the Accueil.
    assert client.get("/").status_code == 200


def test_l_autre_parent_voit_qui_a_modifie_la_fiche_et_quand(client, arbre, creer_famille):
    mere = creer_famille(prenom="Julie", nom="Bernard")
    pere = creer_famille(prenom="Thomas", nom="Petit")
    lucas = enfant("Lucas")
    rattacher_enfant(mere, lucas, Garde.Regle.SEMAINES_PAIRES)
    rattacher_enfant(pere, lucas, Garde.Regle.SEMAINES_IMPAIRES)
    url = f"/dossier-famille/autorisations/{lucas.pk}/"
    client.force_login(pere.titulaire)
    reponse = client.post(
        url,
        {
            "photo_video": "True",
            "sortie_seul": "False",
            "transport_sorties": "True",
            "soins_urgence": "True",
        },
    )
    assert reponse["Location"] == url
    # Shown as the day of the change, at the minute of the change (Europe/Paris).
    Modification.objects.update(date=datetime.datetime(2027, 9, 6, 18, 5, tzinfo=datetime.UTC))
    assert 'data-testid="modifie-par-un-autre"' not in client.get(url).content.decode()
    client.force_login(mere.titulaire)
    html = client.get(url).content.decode()
    assert "fiche modifiée le 6 septembre 2027 à 20:05 par Thomas Petit." in html


def test_la_demande_de_compte_du_second_parent_est_liee(client, arbre):
    from forms import demo as demo_formulaires
    from home.models import ContactPage, FaqPage

    demande = demo_formulaires.charger()
    for url in ("/connexion/", ContactPage.objects.get().url, FaqPage.objects.get().url):
        html = client.get(url).content.decode()
        assert f'href="{demande.url}"' in html, url
        assert "Demander un compte pour le second parent" in html, url


def _boite(client) -> str:
    html = client.get("/").content.decode()
    debut = html.index('data-testid="reste-a-faire"')
    return html[debut : html.index("</section>", debut)]


def test_chaque_parent_separe_voit_ses_propres_reglements_a_signer(
    client, separes, campagne, publier_reglement, structure
):
    """The box reads the signatures once for its dossier and règlements parts (issue 15.6):
    each separated parent still sees the règlements THEY have to sign, never those the other
    parent signed counted as theirs, and their own dossier's steps."""
    from django.utils import timezone

    from famille.dossiers.services import reglement

    publier_reglement("<p>Article 1.</p>")
    mere, pere = separes
    lucas, chloe = Enfant.objects.get(prenom="Lucas"), Enfant.objects.get(prenom="Chloé")
    en_vigueur = reglement.reglement_en_vigueur(structure)
    for foyer, enfant_signe in ((mere, lucas), (pere, chloe)):
        reglement.signer(
            enfant=enfant_signe,
            compte=foyer.titulaire,
            reglement=en_vigueur,
            nom=foyer.titulaire.get_full_name(),
            lieu="Cestas",
            signe_le=timezone.now(),
            adresse_ip=None,
        )
    for foyer, a_signer, signe in ((mere, chloe, lucas), (pere, lucas, chloe)):
        client.force_login(foyer.titulaire)
        boite = _boite(client)
        assert f"Mon dossier famille {campagne.annee_scolaire}" in boite
        assert f"Règlement intérieur — {a_signer.prenom}" in boite
        assert f"Règlement intérieur — {signe.prenom}" not in boite
