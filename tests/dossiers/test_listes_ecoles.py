"""Lists for schools (issue 9.12): per school and class, PAI and allergies, emergency contacts,
people allowed to collect each child, photo permission — printable, Éducation only."""

from __future__ import annotations

import re

import pytest
from aides_admin import refuse, texte

from famille.dossiers.models import Autorisation, Classe, Contact, Ecole, FicheSante

URL = "/admin/listes-ecoles/"


@pytest.fixture
def ecole(alice, structure):
    ecole = Ecole.objects.create(nom="École du Parc", structure=structure)
    cp = Classe.objects.create(ecole=ecole, nom="CP")
    ce1 = Classe.objects.create(ecole=ecole, nom="CE1")
    lea, tom = alice.enfants["Léa"], alice.enfants["Tom"]
    for enfant, classe in ((lea, cp), (tom, ce1)):
        enfant.ecole, enfant.classe = ecole, classe
        enfant.save()
    FicheSante.objects.create(enfant=lea, pai=True, allergies="Arachide")
    Autorisation.objects.create(enfant=lea, photo_video=False)
    Autorisation.objects.create(enfant=tom, photo_video=True)
    Contact.objects.create(
        enfant=lea,
        nom="Martin",
        prenom="Mamie",
        lien="grand-mère",
        telephone="06 11 22 33 44",
        appeler_en_urgence=True,
        peut_recuperer=True,
    )
    Contact.objects.create(
        enfant=tom,
        nom="Voisin",
        prenom="Paul",
        lien="voisin",
        telephone="06 99 88 77 66",
        appeler_en_urgence=False,
        peut_recuperer=True,
    )
    ecole.cp = cp
    return ecole


def test_liste_imprimable_par_classe_pour_l_education(connecter, agent_education, ecole):
    client = connecter(agent_education)
    assert URL in texte(client.get("/admin/"))  # in the Éducation menu
    html = texte(client.get(URL, {"ecole": ecole.pk}))
    page = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "École du Parc — CE1" in page and "École du Parc — CP" in page
    assert "PAI — Allergies : Arachide" in page
    assert "Mamie Martin (grand-mère) 06 11 22 33 44" in page
    assert "Paul Voisin (voisin)" in page
    assert re.search(r"Martin Léa .*?Non", page)
    assert "dossiers/admin.css" in html  # the print stylesheet hides the menu

    une_classe = texte(client.get(URL, {"ecole": ecole.pk, "classe": ecole.cp.pk}))
    assert "Léa" in une_classe and "Tom" not in une_classe


@pytest.mark.parametrize("qui", ["agent_communication", "agent_regie", "superutilisateur"])
def test_reservee_a_l_education(connecter, request, ecole, qui):
    client = connecter(request.getfixturevalue(qui))
    assert refuse(client.get(URL, {"ecole": ecole.pk}))
    assert URL not in texte(client.get("/admin/"))
