"""Every page a parent reads follows French typography (issue 10.10): Accueil, Historique,
Paiement, Réservations, the Dossier Famille's sections, the profile, the first login, the login
and the password reset. The rules are in tests/typographie.py; the non-breaking spaces come
from portail/typographie.py."""

from __future__ import annotations

import pytest
from typographie import fautes

from famille.dossiers.models import Campagne
from portail.typographie import corriger_html


@pytest.fixture(autouse=True)
def _typographie(settings):
    # Off in the test settings (assertions elsewhere quote ordinary spaces): on here.
    settings.TYPOGRAPHIE_FRANCAISE = True


@pytest.fixture
def campagne(db):
    import datetime

    from django.utils import timezone

    aujourdhui = timezone.localdate()
    return Campagne.objects.create(
        annee_scolaire="2030-2031",
        rentree=aujourdhui + datetime.timedelta(days=60),
        fin_annee=aujourdhui + datetime.timedelta(days=360),
        ouverture=aujourdhui - datetime.timedelta(days=10),
        cloture=aujourdhui + datetime.timedelta(days=30),
    )


def verifier(client, urls) -> dict:
    problemes = {}
    for url in urls:
        reponse = client.get(url, follow=True)
        assert reponse.status_code == 200, url
        if trouvees := fautes(reponse.content.decode()):
            problemes[url] = trouvees
    return problemes


def test_pages_du_parent_connecte(alice, connecter, campagne):
    lea = alice.enfants["Léa"]
    urls = [
        "/",
        "/historique/",
        "/paiement/",
        "/reservations/",
        "/faq/",
        "/contact/",
        "/dossier-famille/",
        "/dossier-famille/profil/",
        "/dossier-famille/famille/",
        "/dossier-famille/contacts/",
        "/dossier-famille/assurance/",
        f"/dossier-famille/autorisations/{lea.pk}/",
        f"/dossier-famille/sante/{lea.pk}/",
        "/dossier-famille/pieces/",
        "/dossier-famille/reglement/",
        "/dossier-famille/mes-donnees/",
        "/dossier-famille/valider/famille/",
    ]
    assert verifier(connecter(alice), urls) == {}


def test_premiere_connexion(client, arbre, creer_famille):
    foyer = creer_famille(premiere_connexion_faite=False)
    client.force_login(foyer.titulaire)
    assert verifier(client, ["/premiere-connexion/mot-de-passe/"]) == {}


def test_connexion_et_reinitialisation(client, arbre):
    urls = [
        "/connexion/",
        "/mot-de-passe-oublie/",
        "/mot-de-passe-oublie/envoye/",
        "/reinitialiser/MQ/lien-perime/",
    ]
    assert verifier(client, urls) == {}


def test_sans_le_reglage_les_regles_trouvent_les_fautes(alice, connecter, settings):
    # The checker is not blind: without the non-breaking spaces, the Accueil has faults.
    settings.TYPOGRAPHIE_FRANCAISE = False
    assert verifier(connecter(alice), ["/dossier-famille/"]) != {}


def test_les_espaces_insecables_ne_touchent_ni_les_balises_ni_ce_qui_est_saisi():
    html = (
        '<p title="a : b">Votre « dossier » : prêt ? oui !</p>'
        "<textarea>« tel quel » :</textarea><script>a ? b : c</script>"
    )
    assert corriger_html(html) == (
        '<p title="a : b">Votre «\u00a0dossier\u00a0»\u00a0: prêt\u00a0? oui\u00a0!</p>'
        "<textarea>« tel quel » :</textarea><script>a ? b : c</script>"
    )


def test_un_bloc_protege_va_jusqu_a_sa_propre_fermeture_ou_jusqu_a_la_fin():
    # </style> does not close a <script>; an unclosed <pre> protects the rest of the page; tag
    # names in any case; <prev> is not <pre>.
    assert corriger_html("<SCRIPT>x</style> y :</Script > z :") == (
        "<SCRIPT>x</style> y :</Script > z\u00a0:"
    )
    assert corriger_html("a :<pre>b :") == "a\u00a0:<pre>b :"
    assert corriger_html("<prev> a :</prev>") == "<prev> a\u00a0:</prev>"
    assert corriger_html("«\t »") == "«\u00a0»"


def test_un_chevron_seul_et_les_espaces_en_suite():
    # A < never closed is text; a < written in an attribute does not open a <script>; a run of
    # spaces and tabs becomes one non-breaking space.
    assert corriger_html("a < b :") == "a < b\u00a0:"
    assert corriger_html("a < b : <i>c</i> d :") == "a < b : <i>c</i> d\u00a0:"
    assert corriger_html('<p title="<script>">e :</p>') == '<p title="<script>">e\u00a0:</p>'
    assert corriger_html("f \t  ! «  \t:") == "f\u00a0! «\u00a0:"
    assert corriger_html("pas de signe") == "pas de signe"
