"""The campaign's follow-up (issue 9.4): the dashboard's counts link to the Comptes famille
list filtered on the very same querysets — not started (never logged in included),
incomplete, to check, validated —, each list exports, and its bulk actions remind by e-mail
(once per family and per day) or print the paper dossier letters. A separated family's second
parent is counted as such, not as an extra family."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from aides_admin import agent, texte
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from famille.comptes.models import Evenement
from famille.comptes.roles import COMMUNICATION, EDUCATION
from famille.dossiers.models import DossierAnnuel, Enfant, Foyer
from famille.dossiers.services import rattacher_enfant
from famille.dossiers.services.comptes_famille import RegleGarde, creer_compte_second_parent

LISTE = "/admin/snippets/dossiers/foyer/"


def action(nom: str, *foyers) -> str:
    base = reverse("wagtail_bulk_action", args=("dossiers", "foyer", nom))
    return base + "?" + "&".join(f"id={f.pk}" for f in foyers) + f"&next={LISTE}"


@pytest.fixture
def familles(creer_famille, campagne):
    """One family per state, a family that never logged in, one without e-mail, and the
    second parent of the « Valide » family."""

    def famille(nom, statut=None, **champs):
        foyer = creer_famille(nom=nom, **champs)
        enfant = Enfant.objects.create(
            nom=nom, prenom="Zoé", date_naissance=datetime.date(2019, 1, 1)
        )
        rattacher_enfant(foyer, enfant)
        if statut:
            DossierAnnuel.objects.create(foyer=foyer, campagne=campagne, statut=statut)
        return foyer

    f = {
        "jamais": famille("Jamais", premiere_connexion_faite=False),
        "ouvert": famille("Ouvert", DossierAnnuel.Statut.NON_COMMENCE),
        "incomplet": famille("Incomplet", DossierAnnuel.Statut.INCOMPLET),
        "averifier": famille("Averifier", DossierAnnuel.Statut.A_VERIFIER),
        "valide": famille("Valide", DossierAnnuel.Statut.VALIDE),
        "sansmail": famille("Sansmail", emails=""),
    }
    f["second"] = creer_compte_second_parent(
        f["valide"],
        identifiant="F9900",
        prenom="Sam",
        nom="Valide",
        emails="sam@exemple.fr",
        garde_second=RegleGarde("impaires"),
        garde_premier=RegleGarde("paires"),
    ).foyer
    return f


@pytest.fixture
def education(client, groupes, campagne):
    client.force_login(agent("edith", EDUCATION))
    return client


def lignes_csv(reponse) -> list[dict]:
    contenu = b"".join(reponse.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(contenu), delimiter=";"))


def test_tableau_de_bord_liste_exporte_et_relance_les_non_commences(
    education, familles, django_capture_on_commit_callbacks
):
    tableau = " ".join(re.sub(r"<[^>]+>", " ", texte(education.get("/admin/"))).split())
    # 6 families and the second parent's own account, counted apart.
    assert "Sur 6 familles et 1 compte de second parent" in tableau
    assert "4 — Non commencés (jamais connectés compris)" in tableau
    assert "1 — Incomplets" in tableau and "1 — À vérifier" in tableau
    assert "1 — Validés" in tableau  # the second parent: not started, not validated
    assert "?suivi=non_commences" in texte(education.get("/admin/"))

    # The list holds exactly what its count says (the second parent has not started).
    liste = texte(education.get(f"{LISTE}?suivi=non_commences"))
    for nom in ("Jamais", "Ouvert", "Sansmail"):
        assert f"Alex {nom}" in liste
    assert "Sam Valide" in liste
    for nom in ("Alex Incomplet", "Alex Averifier", "Alex Valide"):
        assert nom not in liste

    export = lignes_csv(education.get(f"{LISTE}?suivi=non_commences&export=csv"))
    noms = sorted(ligne["Nom du titulaire"] for ligne in export)
    assert noms == ["Jamais", "Ouvert", "Sansmail", "Valide"]
    jamais = next(ligne for ligne in export if ligne["Nom du titulaire"] == "Jamais")
    assert jamais["Dossier de la campagne en cours"] == "Non commencé"
    assert jamais["Dernière connexion (vide : jamais connecté)"] in ("", "None")

    cibles = [familles[k] for k in ("jamais", "ouvert", "sansmail", "second")]
    with django_capture_on_commit_callbacks(execute=True):
        reponse = education.post(action("relancer", *cibles), follow=True)
    message = texte(reponse)
    assert "3 relance(s) en cours d'envoi par e-mail." in message
    assert "1 famille(s) sans adresse e-mail" in message
    destinataires = sorted(m.to[0] for m in mail.outbox)
    assert destinataires == sorted(
        [familles["jamais"].titulaire.email or familles["jamais"].titulaire.liste_emails[0]]
        + [familles["ouvert"].titulaire.liste_emails[0], "sam@exemple.fr"]
    )
    assert "avant le" in mail.outbox[0].subject


def test_une_relance_envoyee_deux_fois_le_meme_jour_ne_part_qu_une_fois(
    education, familles, django_capture_on_commit_callbacks
):
    incomplet = familles["incomplet"]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            reponse = education.post(action("relancer", incomplet), follow=True)
    assert len(mail.outbox) == 1
    assert "1 famille(s) déjà relancée(s) aujourd'hui : pas de nouvel e-mail." in texte(reponse)
    # Reminded yesterday: today's reminder may leave.
    hier = timezone.localdate() - datetime.timedelta(days=1)
    DossierAnnuel.objects.filter(foyer=incomplet).update(derniere_relance=hier)
    with django_capture_on_commit_callbacks(execute=True):
        education.post(action("relancer", incomplet))
    assert len(mail.outbox) == 2


def test_courriers_du_dossier_papier_pour_les_familles_sans_e_mail(education, familles):
    reponse = education.post(
        action("lettres_dossier_papier", familles["sansmail"], familles["ouvert"])
    )
    assert reponse["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(reponse.content)).pages
    assert len(pages) == 1  # the family with an e-mail is reminded by e-mail instead
    contenu = pages[0].extract_text()
    assert "Renouvellement de votre dossier famille 2030-2031" in contenu
    assert "Alex Sansmail" in contenu
    evenement = Evenement.objects.get(
        compte=familles["sansmail"].titulaire, type=Evenement.Type.COURRIER
    )
    assert evenement.detail == "courrier du dossier papier 2030-2031"


def test_communication_ne_peut_pas_relancer(client, groupes, familles):
    client.force_login(agent("karim", COMMUNICATION))
    client.post(action("relancer", familles["incomplet"]))
    assert not mail.outbox
    assert Foyer.objects.filter(dossiers__derniere_relance__isnull=False).count() == 0
