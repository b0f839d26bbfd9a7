"""The account e-mails are plain text: what they quote (a link with a query string, a town's
address with an apostrophe) must reach the parent as typed, never as HTML entities."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

GABARITS = [
    "comptes/emails/reinitialisation.txt",
    "comptes/emails/changement_emails.txt",
    "comptes/emails/changement_mot_de_passe.txt",
]


@pytest.mark.parametrize("gabarit", GABARITS)
def test_les_e_mails_du_compte_ne_contiennent_aucune_entite_html(gabarit):
    adresse = "https://portail.ville-d'essai.fr/?a=1&b=2"
    texte = render_to_string(
        gabarit,
        {
            "lien": adresse,
            "portail_url": adresse,
            "validite_minutes": 60,
            "moment": timezone.make_aware(datetime.datetime(2026, 8, 23, 8, 0)),
        },
    )
    assert adresse in texte
    assert "&#x27;" not in texte and "&amp;" not in texte
