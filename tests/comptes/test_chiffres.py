"""Digits are 0 to 9 (issue 8, point 9): every stored list of numbers and every postcode
refuses the digits of other scripts that Python's isdigit() and \\d accept; long texts of the
account (e-mails, a structure's address) are bounded in the model, not only in one form."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from famille.comptes.chiffres import chiffres, code_postal
from famille.comptes.models import Compte, Structure
from famille.dossiers.models import Campagne, Garde


@pytest.mark.parametrize(
    ("texte", "attendu"), [("33610", True), ("٣", False), ("３", False), ("", False), ("3a", False)]
)
def test_chiffres_0_a_9_seulement(texte, attendu):
    assert chiffres(texte) is attendu
    assert "٣".isdigit()  # what Python says, and why the helper exists


def test_code_postal_normalise_ou_refuse():
    assert code_postal(" 33 610 ") == "33610"
    with pytest.raises(ValidationError, match="clavier français"):
        code_postal("٣٣٦١٠")


def test_jours_de_garde_en_autres_chiffres_refuses():
    garde = Garde(regle=Garde.Regle.JOURS, jours="1,٣")
    with pytest.raises(ValidationError):
        garde.clean()


def test_relances_de_campagne_en_autres_chiffres_refusees():
    campagne = Campagne(relances="30,١٥")
    with pytest.raises(ValidationError) as erreur:
        campagne.clean()
    assert "relances" in erreur.value.message_dict


@pytest.mark.django_db
def test_emails_du_compte_bornes_dans_le_modele():
    compte = Compte(username="F9001", emails="a" * 1001)
    with pytest.raises(ValidationError) as erreur:
        compte.full_clean()
    assert "emails" in erreur.value.message_dict


@pytest.mark.django_db
def test_adresse_de_structure_bornee():
    structure = Structure(nom="Centre", slug="centre", commune="Cestas", adresse="x" * 501)
    with pytest.raises(ValidationError) as erreur:
        structure.full_clean()
    assert "adresse" in erreur.value.message_dict
