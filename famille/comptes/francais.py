"""French typography the portal's sentences need: elision (« d'Inès », « de Lucas ») and dates
with the ordinal first day (« 1er septembre 2027 »). Plain functions, also template filters
(home/templatetags/francais.py)."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format

# A first name starting with a vowel takes « d' »; « h » is left out (« de Hugo », « d'Hélène »
# both occur: without a dictionary the safe form is the full « de »).
VOYELLES = "aeiouyàâäéèêëîïôöùûüÿæœ"


def de(mot: str) -> str:
    """« de Lucas », « d'Inès », « d'Emma »."""
    mot = str(mot)
    if mot[:1].lower() in VOYELLES:
        return f"d'{mot}"
    return f"de {mot}"


def date_en_mots(jour: datetime.date | datetime.datetime, format: str = "j F Y") -> str:
    """« 1er septembre 2027 », « 15 août 2027 » (Django's « j » writes « 1 »)."""
    if isinstance(jour, datetime.datetime):
        from django.utils import timezone

        if timezone.is_aware(jour):
            jour = timezone.localtime(jour)
    texte = date_format(jour, format)
    if jour.day == 1 and "j" in format:
        texte = (
            texte.replace("1 ", "1er ", 1)
            if texte.startswith("1 ")
            else texte.replace(" 1 ", " 1er ", 1)
        )
    return texte
