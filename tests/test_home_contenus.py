"""The content communications staff publish: news, FAQ, règlements, legal pages, contact, guide."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from home.models import (
    Actualite,
    ContactPage,
    FaqPage,
    HomePage,
    LegalPage,
    ParametresPortail,
    QuestionFaq,
    ReglementPage,
)


@pytest.fixture
def actualites(arbre: HomePage):
    aujourdhui = timezone.localdate()
    for titre, visibilite, jours in (
        ("Menus de septembre", Actualite.Visibilite.PUBLIC, 1),
        ("Réunion des parents délégués", Actualite.Visibilite.FAMILLES, 2),
        ("Fermeture exceptionnelle annoncée trop tôt", Actualite.Visibilite.PUBLIC, -5),
    ):
        Actualite.objects.create(
            page=arbre,
            titre=titre,
            texte=f"<p>{titre}.</p>",
            visibilite=visibilite,
            date=aujourdhui - datetime.timedelta(days=jours),
        )
    return arbre


# --- news -------------------------------------------------------------------------------------


def test_visiteur_ne_voit_que_les_actualites_publiques(client, actualites):
    html = client.get("/").content.decode()
    assert "Menus de septembre" in html
    assert "Réunion des parents délégués" not in html


def test_parent_connecte_voit_aussi_les_actualites_des_familles(parent_client, actualites):
    html = parent_client.get("/").content.decode()
    assert "Menus de septembre" in html
    assert "Réunion des parents délégués" in html
    assert "Réservé aux familles" in html
    # Newest first.
    assert html.index("Menus de septembre") < html.index("Réunion des parents délégués")


def test_actualite_datee_du_futur_attend_sa_date(client, parent_client, actualites):
    assert "annoncée trop tôt" not in client.get("/").content.decode()
    assert "annoncée trop tôt" not in parent_client.get("/").content.decode()


def test_date_d_une_actualite_en_toutes_lettres(client, arbre):
    Actualite.objects.create(
        page=arbre, titre="Rentrée", texte="<p>Rentrée.</p>", date=datetime.date(2025, 8, 25)
    )
    assert "lundi 25 août 2025" in client.get("/").content.decode()


# --- FAQ --------------------------------------------------------------------------------------


@pytest.fixture
def faq(arbre) -> FaqPage:
    page = FaqPage.objects.get()
    for ordre, (categorie, question, reponse) in enumerate(
        (
            ("Se connecter", "J'ai oublié mon mot de passe.", "Cliquez sur « Réinitialiser »."),
            ("Réservations", "Quand puis-je réserver la cantine ?", "Trois jours avant."),
            ("Réservations", "Comment annuler une réservation ?", "Depuis l'onglet."),
            ("Dossier Famille", "Quels documents préparer ?", "Un justificatif de domicile."),
        )
    ):
        QuestionFaq.objects.create(
            page=page,
            sort_order=ordre,
            categorie=categorie,
            question=question,
            reponse=f"<p>{reponse}</p>",
        )
    return page


def test_faq_classee_par_categorie(client, faq):
    categories = faq.questions_par_categorie()
    assert [c for c, _ in categories] == ["Se connecter", "Réservations", "Dossier Famille"]
    assert [q.question for q in categories[1][1]] == [
        "Quand puis-je réserver la cantine ?",
        "Comment annuler une réservation ?",
    ]
    html = client.get("/faq/").content.decode()
    assert html.count("<h2") >= 3
    assert "Quels documents préparer ?" in html


def test_recherche_dans_la_faq_par_wagtail_search(client, faq):
    categories = faq.questions_par_categorie("mot de passe")
    assert [(c, [q.question for q in qs]) for c, qs in categories] == [
        ("Se connecter", ["J'ai oublié mon mot de passe."])
    ]
    # The answer is searched too, and results stay under their category.
    categories = faq.questions_par_categorie("justificatif")
    assert [c for c, _ in categories] == ["Dossier Famille"]


def test_recherche_dans_la_faq_depuis_la_page(client, faq):
    html = client.get("/faq/", {"q": "annuler"}).content.decode()
    assert "Comment annuler une réservation ?" in html
    assert "J'ai oublié mon mot de passe." not in html
    assert "Résultats pour « annuler »" in html
    html = client.get("/faq/", {"q": "xylophone"}).content.decode()
    assert "Aucune question ne correspond à votre recherche." in html


def test_question_ajoutee_dans_l_admin_est_trouvee(faq):
    # Questions added through the page editor are saved by modelcluster on publish.
    faq.questions.add(
        QuestionFaq(
            categorie="Paiement", question="Puis-je payer par carte ?", reponse="<p>Oui.</p>"
        )
    )
    faq.save_revision().publish()
    categories = FaqPage.objects.get().questions_par_categorie("carte")
    assert [(c, [q.question for q in qs]) for c, qs in categories] == [
        ("Paiement", ["Puis-je payer par carte ?"])
    ]


# --- règlement intérieur ----------------------------------------------------------------------


def test_reglement_par_structure_garde_chaque_version_publiee(client, arbre, structure):
    page = ReglementPage(
        title="Règlement du périscolaire",
        slug="reglement-periscolaire",
        structure=structure,
        corps="<p>Version 1 : réserver trois jours avant.</p>",
    )
    arbre.add_child(instance=page)
    version_1 = page.save_revision()
    version_1.publish()
    page.refresh_from_db()
    assert page.live_revision == version_1

    page.corps = "<p>Version 2 : réserver deux jours avant.</p>"
    version_2 = page.save_revision()
    version_2.publish()
    page.refresh_from_db()

    assert page.live_revision == version_2
    assert list(page.revisions.order_by("created_at")) == [version_1, version_2]
    # A parent who signed version 1 can still be shown what they signed.
    assert "Version 1" in version_1.as_object().corps
    assert "Version 2" in version_2.as_object().corps

    html = client.get(page.url).content.decode()
    assert "Version 2" in html and "Version 1" not in html
    assert structure.nom in html


def test_brouillon_du_reglement_n_est_pas_publie(client, arbre, structure):
    page = ReglementPage(
        title="Règlement", slug="reglement", structure=structure, corps="<p>En vigueur.</p>"
    )
    arbre.add_child(instance=page)
    page.save_revision().publish()
    page.corps = "<p>Brouillon en relecture.</p>"
    page.save_revision()  # not published
    page.refresh_from_db()
    html = client.get(page.url).content.decode()
    assert "En vigueur." in html
    assert "Brouillon" not in html
    assert page.revisions.count() == 2


# --- legal pages ------------------------------------------------------------------------------


def test_les_quatre_pages_legales_existent_et_sont_liees_en_pied_de_page(client, arbre):
    types = set(LegalPage.objects.live().values_list("type", flat=True))
    assert types == {"rgpd", "cgu", "mentions", "accessibilite"}
    html_accueil = client.get("/").content.decode()
    for page in LegalPage.objects.live():
        assert f'href="{page.url}"' in html_accueil
        reponse = client.get(page.url)
        assert reponse.status_code == 200
        assert f"<h1>{page.title}</h1>".replace("'", "&#x27;") in reponse.content.decode()
    for titre in (
        "Protection des données personnelles (RGPD)",
        "Conditions générales d&#x27;utilisation du portail",
        "Mentions légales",
        "Déclaration d&#x27;accessibilité",
    ):
        assert titre in html_accueil


def test_arbre_installe_deux_fois_ne_duplique_rien(arbre):
    from home.arbre import installer_arbre

    avant = (HomePage.objects.count(), LegalPage.objects.count(), FaqPage.objects.count())
    installer_arbre()
    assert (HomePage.objects.count(), LegalPage.objects.count(), FaqPage.objects.count()) == avant


# --- contact and guide ------------------------------------------------------------------------


@pytest.fixture
def parametres(arbre) -> ParametresPortail:
    parametres = ParametresPortail.load()
    parametres.nom_collectivite = "Mairie de Pessac"
    parametres.email = "education@mairie-pessac.fr"
    parametres.guichet = "Guichet unique, place de la République"
    parametres.telephone = "05 57 93 63 63"
    parametres.horaires = "Du lundi au vendredi, de 8 h 30 à 17 h"
    parametres.save()
    return parametres


def test_coordonnees_en_pied_de_page_de_chaque_page(client, parametres):
    for url in ("/", "/faq/", "/mentions-legales/"):
        html = client.get(url).content.decode()
        pied = html[html.index("<footer") :]
        assert "Mairie de Pessac" in pied
        assert 'href="mailto:education@mairie-pessac.fr"' in pied
        assert "Guichet unique, place de la République" in pied
        assert 'href="tel:0557936363"' in pied


def test_page_contact_montre_coordonnees_et_horaires(client, parametres):
    page = ContactPage.objects.get()
    html = client.get(page.url).content.decode()
    contenu = html[html.index("<main") : html.index("</main>")]
    assert "<h1>Contacter le service Éducation</h1>" in contenu
    assert "education@mairie-pessac.fr" in contenu
    assert "05 57 93 63 63" in contenu
    assert "Du lundi au vendredi, de 8 h 30 à 17 h" in contenu


def test_guide_utilisateur_lie_depuis_le_menu(client, parametres):
    Document = get_document_model()
    guide = Document(title="Guide utilisateur")
    guide.file.save("guide.pdf", ContentFile(b"%PDF-1.4 guide"), save=False)
    guide.save()
    assert "Guide utilisateur" not in client.get("/").content.decode()

    parametres.guide_utilisateur = guide
    parametres.save()
    for url in ("/", "/faq/"):
        html = client.get(url).content.decode()
        menu = html[html.index('aria-label="Menu principal"') : html.index("</nav>")]
        assert f'href="{guide.url}"' in menu
        assert "Guide utilisateur" in menu
    reponse = client.get(guide.url)
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content).startswith(b"%PDF")


def test_guide_lie_aussi_pour_un_parent_connecte(parent_client, parametres):
    Document = get_document_model()
    guide = Document(title="Guide utilisateur")
    guide.file.save("guide.pdf", ContentFile(b"%PDF-1.4 guide"), save=False)
    guide.save()
    parametres.guide_utilisateur = guide
    parametres.save()
    html = parent_client.get("/").content.decode()
    menu = html[html.index('aria-label="Menu principal"') : html.index("</nav>")]
    assert f'href="{guide.url}"' in menu


def test_la_faq_trouve_cantine_et_garderie_par_les_mots_du_service(faq):
    for ordre, (question, reponse) in enumerate(
        (
            ("Comment réserver la restauration scolaire ?", "Depuis l'onglet Réservations."),
            ("Quels horaires pour l'accueil du matin et du soir ?", "De 7 h 30 à 18 h 30."),
        ),
        start=10,
    ):
        QuestionFaq.objects.create(
            page=faq, sort_order=ordre, categorie="Services", question=question, reponse=reponse
        )

    def trouvees(recherche):
        return {q.question for _, qs in faq.questions_par_categorie(recherche) for q in qs}

    assert "Comment réserver la restauration scolaire ?" in trouvees("cantine")
    assert "Comment réserver la restauration scolaire ?" in trouvees("cantines")
    assert "Quels horaires pour l'accueil du matin et du soir ?" in trouvees("garderie")
    assert "J'ai oublié mon mot de passe." not in trouvees("garderie")
