"""Classes created in bulk, and the roll-over to the next school year: CP → CE1 … CM2 leaves,
PS → MS → GS → CP; run twice for the same year, it changes nothing the second time."""

from __future__ import annotations

import datetime

import pytest
from aides_admin import agent
from django.urls import reverse

from famille.dossiers.models import Classe, Ecole, Enfant, PassageAnnee
from famille.dossiers.services.classes import (
    ErreurClasses,
    creer_classes,
    passer_annee_superieure,
)


@pytest.fixture
def ecoles(structure):
    elementaire = Ecole.objects.create(nom="École élémentaire du Parc", structure=structure)
    maternelle = Ecole.objects.create(nom="École maternelle du Bourg", structure=structure)
    primaire = Ecole.objects.create(nom="École primaire des Pins", structure=structure)
    creer_classes(elementaire, ["CP", "CE1", "CE2", "CM1", "CM2", "CE1-CE2"])
    creer_classes(maternelle, ["PS", "MS", "GS"])
    creer_classes(primaire, ["GS", "CP"])
    return elementaire, maternelle, primaire


def enfant(ecole, classe, prenom):
    return Enfant.objects.create(
        nom="Martin",
        prenom=prenom,
        date_naissance=datetime.date(2018, 1, 1),
        ecole=ecole,
        classe=Classe.objects.get(ecole=ecole, nom=classe),
    )


def classe_de(e: Enfant) -> tuple:
    e.refresh_from_db()
    return (e.ecole.nom if e.ecole else None, e.classe.nom if e.classe else None)


def test_creer_des_classes_en_lot_sans_doublon(ecoles):
    elementaire = ecoles[0]
    creees = creer_classes(elementaire, ["cp", "ULIS", " ULIS ", "CM1 ", "CE2 bis"])
    assert sorted(c.nom for c in creees) == ["CE2 bis", "ULIS"]
    assert elementaire.classes.count() == 8


def test_passage_a_l_annee_superieure_puis_une_seconde_fois_rien(ecoles, education_agent):
    elementaire, maternelle, primaire = ecoles
    lea = enfant(elementaire, "CP", "Léa")
    noe = enfant(elementaire, "CE1", "Noé")
    jules = enfant(elementaire, "CM2", "Jules")
    ines = enfant(maternelle, "PS", "Inès")
    zoe = enfant(maternelle, "GS", "Zoé")
    lou = enfant(primaire, "GS", "Lou")
    tom = enfant(primaire, "CP", "Tom")  # the school has no CE1 yet: it is created
    mael = enfant(elementaire, "CE1-CE2", "Maël")

    bilan = passer_annee_superieure("2027-2028", education_agent)

    assert bilan.fait
    assert classe_de(lea) == ("École élémentaire du Parc", "CE1")
    assert classe_de(noe) == ("École élémentaire du Parc", "CE2")  # moved once, not twice
    assert classe_de(jules) == (None, None)  # CM2 leaves for the collège
    assert classe_de(ines) == ("École maternelle du Bourg", "MS")
    assert classe_de(zoe) == (None, None)  # CP is taught in another school
    assert classe_de(lou) == ("École primaire des Pins", "CP")
    assert classe_de(tom) == ("École primaire des Pins", "CE1")
    assert classe_de(mael) == ("École élémentaire du Parc", "CE1-CE2")  # re-formed by staff
    passage = bilan.passage
    assert (passage.enfants_passes, passage.enfants_sortis, passage.enfants_inchanges) == (5, 2, 1)
    assert passage.auteur == education_agent

    encore = passer_annee_superieure("2027-2028", education_agent)

    assert not encore.fait
    assert classe_de(lea) == ("École élémentaire du Parc", "CE1")
    assert classe_de(noe) == ("École élémentaire du Parc", "CE2")
    assert classe_de(ines) == ("École maternelle du Bourg", "MS")
    assert PassageAnnee.objects.count() == 1


@pytest.mark.parametrize("annee", ["2027", "2027-2029", "27-28", ""])
def test_annee_scolaire_mal_ecrite_refusee(db, annee):
    with pytest.raises(ErreurClasses, match="Indiquez l'année scolaire sous la forme 2027-2028."):
        passer_annee_superieure(annee)
    assert not PassageAnnee.objects.exists()


@pytest.fixture
def education_agent(db):
    from famille.comptes.models import Compte

    return Compte.objects.create_user("agent.classes", password="x", is_staff=True)


def test_passage_par_l_administration_une_seule_fois(education, ecoles):
    elementaire = ecoles[0]
    lea = enfant(elementaire, "CP", "Léa")
    liste = education.get(reverse("wagtailsnippets_dossiers_classe:list")).content.decode()
    assert "Passage à l&#x27;année supérieure" in liste and "Créer plusieurs classes" in liste
    url = reverse("dossiers_passage_classes")

    reponse = education.post(url, {"annee_scolaire": "2027-2028"}, follow=True)

    assert "Passage à l&#x27;année 2027-2028 fait : 1 enfant(s) en classe supérieure" in (
        reponse.content.decode()
    )
    reponse = education.post(url, {"annee_scolaire": "2027-2028"}, follow=True)
    assert "a déjà été fait le" in reponse.content.decode()
    assert "rien n&#x27;a changé" in reponse.content.decode()
    assert classe_de(lea) == ("École élémentaire du Parc", "CE1")

    refuse = education.post(url, {"annee_scolaire": "2028"})
    assert refuse.status_code == 400
    assert "Indiquez l&#x27;année scolaire sous la forme 2027-2028." in refuse.content.decode()


def test_creer_plusieurs_classes_par_l_administration(education, ecoles):
    maternelle = ecoles[1]
    reponse = education.post(
        reverse("dossiers_creer_classes"),
        {"ecole": maternelle.pk, "noms": "TPS, PS\nMS ; Moyens-Grands"},
        follow=True,
    )
    assert "Classes créées à École maternelle du Bourg : TPS, Moyens-Grands." in (
        reponse.content.decode()
    )
    assert maternelle.classes.count() == 5


def test_actions_sur_les_classes_reservees_a_l_education(client, groupes, ecoles):
    from famille.comptes.roles import REGIE

    client.force_login(agent("regis", REGIE))
    for nom in ("dossiers_passage_classes", "dossiers_creer_classes"):
        reponse = client.post(reverse(nom), {"annee_scolaire": "2027-2028"})
        assert reponse.status_code == 302 and reponse["Location"] == reverse("wagtailadmin_home")
    assert not PassageAnnee.objects.exists()
