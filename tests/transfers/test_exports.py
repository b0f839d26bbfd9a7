"""Exports: the filtered list, opened back with tablib and compared with the database;
formula cells neutralised; health columns for the Éducation group only."""

from __future__ import annotations

import io

import pytest
import tablib
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.views.generic import IndexView

from famille.comptes.models import Compte
from famille.dossiers.models import Ecole, Enfant, FicheSante, Foyer
from transfers.mixins import ExportSecuriseMixin
from transfers.services.exports import neutraliser


@pytest.fixture
def familles(ecoles, creer_famille):
    parc = Ecole.objects.get(nom="École élémentaire du Parc")
    bourg = Ecole.objects.get(nom="École maternelle du Bourg")
    martin = creer_famille("F4001", nom="Martin", prenom="Léa", ville="Cestas")
    piege = creer_famille(
        "F4002", nom='=HYPERLINK("http://x")', prenom="@SUM(A1)", telephone="+33 6 12 34 56 78"
    )
    import datetime

    for foyer, ecole, prenom in ((martin, parc, "Zoé"), (piege, bourg, "-1+1")):
        enfant = Enfant.objects.create(
            nom=foyer.titulaire.last_name,
            prenom=prenom,
            date_naissance=datetime.date(2019, 3, 14),
            ecole=ecole,
            classe=ecole.classes.first(),
        )
        foyer.gardes.create(enfant=enfant)
    FicheSante.objects.create(
        enfant=Enfant.objects.get(prenom="Zoé"), allergies="Arachide", pai=True
    )
    return parc


def telecharger(client, cle, **params):
    return client.get(reverse("transfers:telecharger", args=[cle]), params)


def test_export_xlsx_des_familles_filtre_relu_avec_tablib(client, education, familles):
    client.force_login(education)
    reponse = telecharger(client, "familles", format="xlsx", ecole=familles.pk)
    assert reponse.status_code == 200
    dataset = tablib.Dataset().load(io.BytesIO(reponse.content), format="xlsx")
    foyers = Foyer.objects.filter(enfants__ecole=familles).distinct()
    assert [row["Identifiant famille"] for row in dataset.dict] == [f.numero for f in foyers]
    ligne = dataset.dict[0]
    foyer = foyers.get()
    assert ligne["Nom du titulaire"] == foyer.titulaire.last_name
    assert ligne["E-mails"] == foyer.titulaire.emails
    assert ligne["Ville"] == foyer.ville
    assert ligne["Enfants"] == "Zoé Martin"
    assert ligne["Structures"] == "Service périscolaire"


def test_export_csv_pour_excel_et_cellules_neutralisees(client, education, familles):
    client.force_login(education)
    reponse = telecharger(client, "familles", format="csv")
    assert reponse.content.startswith(b"\xef\xbb\xbf")  # French Excel reads UTF-8 with a BOM
    dataset = tablib.Dataset().load(
        reponse.content.decode("utf-8-sig"), format="csv", delimiter=";"
    )
    assert len(dataset) == Foyer.objects.count()
    piege = next(row for row in dataset.dict if row["Identifiant famille"] == "F4002")
    assert piege["Nom du titulaire"] == '\'=HYPERLINK("http://x")'
    assert piege["Prénom du titulaire"] == "'@SUM(A1)"
    assert piege["Téléphone"] == "'+33 6 12 34 56 78"
    enfants = telecharger(client, "enfants", format="xlsx")
    dataset = tablib.Dataset().load(io.BytesIO(enfants.content), format="xlsx")
    assert "'-1+1" in dataset["Prénom"]


@pytest.mark.parametrize("valeur", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_neutraliser(valeur):
    assert neutraliser(valeur) == "'" + valeur
    assert neutraliser("Martin") == "Martin"
    assert neutraliser(-3) == -3  # numbers stay numbers


def test_colonnes_sante_pour_le_groupe_education_seulement(client, education, familles):
    client.force_login(education)
    dataset = tablib.Dataset().load(
        io.BytesIO(telecharger(client, "enfants", format="xlsx").content), format="xlsx"
    )
    zoe = next(row for row in dataset.dict if row["Prénom"] == "Zoé")
    assert (zoe["Allergies"], zoe["PAI"]) == ("Arachide", "oui")

    autre = Compte.objects.create_user("agent.accueil", is_staff=True)
    autre.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_enfant"),
    )
    client.force_login(autre)
    dataset = tablib.Dataset().load(
        io.BytesIO(telecharger(client, "enfants", format="xlsx").content), format="xlsx"
    )
    assert "Allergies" not in dataset.headers and "PAI" not in dataset.headers
    assert len(dataset) == Enfant.objects.count()


def test_export_refuse_sans_permission(client, familles):
    autre = Compte.objects.create_user("agent.com", is_staff=True)
    autre.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(autre)
    reponse = telecharger(client, "familles", format="csv")
    assert reponse.status_code == 302 and reponse["Location"] == reverse("wagtailadmin_home")


def test_page_des_exports(client, education, familles):
    client.force_login(education)
    page = client.get(reverse("transfers:exports")).content.decode()
    assert "Comptes famille" in page and "Télécharger en Excel (.xlsx)" in page


class VueFoyers(ExportSecuriseMixin, IndexView):
    model = Foyer
    list_export = ["numero", "titulaire.last_name", "telephone"]
    colonnes_sante = ("telephone",)  # stands for a health column in this test


def test_mixin_pour_le_list_export_de_wagtail(education, familles):
    requete = RequestFactory().get("/?export=csv")
    requete.user = education
    vue = VueFoyers()
    vue.setup(requete)
    contenu = b"".join(vue.stream_csv(Foyer.objects.order_by("numero"))).decode()
    assert contenu.startswith("\ufeff")
    assert 'F4002;"\'=HYPERLINK(""http://x"")";\'+33 6 12 34 56 78' in contenu

    requete.user = Compte.objects.create_user("agent.regie2", is_staff=True)
    vue = VueFoyers()
    vue.setup(requete)
    assert vue.list_export == ["numero", "titulaire.last_name"]
