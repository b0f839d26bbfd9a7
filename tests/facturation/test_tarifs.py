"""Tariffs and quotients: bad input refused with French messages, the QF of the avis
d'imposition computed, the right bracket chosen."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from famille.facturation.models import QuotientFamilial, Tarif
from famille.facturation.services import quotients


def test_un_tarif_qui_en_chevauche_un_autre_est_refuse(tarifs, cantine):
    nouveau = Tarif(
        prestation=cantine,
        qf_min=Decimal("300"),
        qf_max=Decimal("600"),
        prix=Decimal("2"),
        debut=datetime.date(2027, 1, 1),
    )
    with pytest.raises(ValidationError) as erreur:
        nouveau.full_clean()
    assert "chevauche un autre tarif" in erreur.value.message_dict["debut"][0]


def test_un_tarif_qui_suit_l_ancien_ferme_est_accepte(tarifs, cantine):
    ancien = tarifs["bas"]
    ancien.fin = datetime.date(2027, 8, 31)
    ancien.full_clean()
    ancien.save()
    suivant = Tarif(
        prestation=cantine,
        qf_min=0,
        qf_max=Decimal("450"),
        prix=Decimal("1.25"),
        debut=datetime.date(2027, 9, 1),
    )
    suivant.full_clean()  # nothing raised
    hors_commune = Tarif(
        prestation=cantine,
        qf_min=0,
        prix=Decimal("6"),
        debut=datetime.date(2026, 9, 1),
        hors_commune=False,
        qf_max=None,
    )
    with pytest.raises(ValidationError):
        hors_commune.full_clean()  # meets « bas » and « haut » of residents


@pytest.mark.parametrize(
    ("prix", "message"),
    [
        ("-1.00", "Un montant ne peut pas être négatif."),
        ("1.255", "Assurez-vous qu’il n’y a pas plus de 2 chiffres après la virgule."),
    ],
)
def test_prix_negatif_ou_a_trois_decimales_refuse(cantine, prix, message):
    tarif = Tarif(prestation=cantine, qf_min=0, prix=Decimal(prix), debut=datetime.date(2027, 1, 1))
    with pytest.raises(ValidationError) as erreur:
        tarif.full_clean()
    assert erreur.value.message_dict["prix"] == [message]
    assert not Tarif.objects.exists()


def test_qf_de_l_avis_d_imposition_calcule(famille, django_user_model):
    agent = django_user_model.objects.create_user("agent", password="x")
    qf = quotients.saisir_avis_imposition(
        agent,
        famille,
        revenu_fiscal=Decimal("36000"),
        nombre_parts=Decimal("2.5"),
        debut=datetime.date(2027, 1, 1),
    )
    assert qf.valeur == Decimal("1200.00")  # 36 000 / 12 / 2,5
    assert (qf.source, qf.saisi_par) == ("avis d'imposition", agent)


@pytest.mark.parametrize(
    ("revenu", "parts", "champ", "message"),
    [
        ("-5", "2", "revenu_fiscal", "Ce revenu fiscal de référence est impossible"),
        ("25000000", "2", "revenu_fiscal", "Ce revenu fiscal de référence est impossible"),
        ("30000", "0", "nombre_parts", "Le nombre de parts doit être supérieur à zéro."),
    ],
)
def test_qf_impossible_refuse(famille, revenu, parts, champ, message):
    with pytest.raises(ValidationError) as erreur:
        quotients.saisir_avis_imposition(
            None,
            famille,
            revenu_fiscal=Decimal(revenu),
            nombre_parts=Decimal(parts),
            debut=datetime.date(2027, 1, 1),
        )
    assert erreur.value.message_dict[champ][0].startswith(message)
    assert not QuotientFamilial.objects.exists()
