"""Admin widgets: the custody days as one box per weekday (stored as « 1,3 », ISO weekdays)."""

from __future__ import annotations

from django import forms

from famille.comptes.chiffres import chiffres

JOURS = [
    (1, "lundi"),
    (2, "mardi"),
    (3, "mercredi"),
    (4, "jeudi"),
    (5, "vendredi"),
    (6, "samedi"),
    (7, "dimanche"),
]


def jours_en_mots(jours: str) -> str:
    """« 1,3 » → « lundi, mercredi »."""
    noms = dict(JOURS)
    choisis = sorted({int(j) for j in jours.split(",") if chiffres(j.strip())})
    return ", ".join(noms[j] for j in choisis if j in noms)


class JoursSemaineWidget(forms.CheckboxSelectMultiple):
    """Staff tick weekdays; the model keeps its comma-separated ISO days."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=JOURS)

    def format_value(self, value):
        if isinstance(value, str):
            return [j.strip() for j in value.split(",") if j.strip()]
        return [str(v) for v in value or []]

    def value_from_datadict(self, data, files, name):
        valeurs = super().value_from_datadict(data, files, name) or []
        return ",".join(sorted({v for v in valeurs if chiffres(v)}, key=int))

    def value_omitted_from_data(self, data, files, name):
        # An unticked set of boxes sends nothing: that means « no day », not « unchanged ».
        return False
