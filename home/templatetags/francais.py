"""Template filters for French typography: {{ enfant.prenom|de }} → « d'Inès »,
{{ jour|date_fr }} or {{ jour|date_fr:"l j F Y" }} → « mercredi 1er septembre 2027 », and
{{ octets|taille }} → « 12 Ko » (not Django's « Kio »)."""

from __future__ import annotations

from django import template

from famille.comptes import francais
from famille.dossiers.services.pieces_verification import taille_lisible

register = template.Library()


@register.filter
def de(mot) -> str:
    return francais.de(mot)


@register.filter
def date_fr(jour, format: str = "j F Y") -> str:
    if not jour:
        return ""
    return francais.date_en_mots(jour, format)


@register.filter
def taille(octets) -> str:
    return taille_lisible(int(octets or 0))
